//! Entry point of the instructor's pages in the browser (`?facilitate`, `?classroom`): a
//! binary of its own, so that the learner's download does not carry them. index.html
//! loads this one or `mandate` (src/main.rs) by the address.

fn main() {
    yew::set_custom_panic_hook(Box::new(mandate::platform::panic::on_panic));
    yew::Renderer::<mandate::ui::InstructorApp>::new().render();
}
