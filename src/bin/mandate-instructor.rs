//! Entry point of the instructor's pages in the browser (`?facilitate`, `?classroom`): a
//! binary of its own, so that the learner's download does not carry them. index.html
//! loads this one or `mandate` (src/main.rs) by the address.

fn main() {
    mandate::platform::panic::install_console_hook();
    yew::Renderer::<mandate::ui::InstructorApp>::new().render();
}
