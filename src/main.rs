//! Entry point of the browser app: render the root component. Nothing else.

fn main() {
    yew::Renderer::<mandate::ui::App>::new().render();
}
