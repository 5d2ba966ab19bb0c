//! Entry point of the browser app: install the panic hook (the error screen), render the
//! root component.

fn main() {
    yew::set_custom_panic_hook(Box::new(mandate::platform::panic::on_panic));
    yew::Renderer::<mandate::ui::App>::new().render();
}
