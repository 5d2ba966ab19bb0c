//! Entry point of the learner's app launched by an LMS (a SCORM API around the page, or
//! a cmi5 launch in the address): the learner's app with its LMS support
//! (`mandate::ui::LMS_SUPPORT`). index.html's loader chooses this binary for an LMS
//! launch and `mandate` (src/main.rs), which has none, otherwise: the LMS run-times are
//! not in every learner's download.

fn main() {
    yew::set_custom_panic_hook(Box::new(mandate::platform::panic::on_panic));
    yew::Renderer::<mandate::ui::App>::with_props(mandate::ui::AppProps {
        lms: Some(mandate::ui::LMS_SUPPORT),
    })
    .render();
}
