//! Entry point of the browser app: install the panic hook, render the root component.

fn main() {
    mandate::platform::panic::install_console_hook();
    yew::Renderer::<mandate::ui::App>::new().render();
}
