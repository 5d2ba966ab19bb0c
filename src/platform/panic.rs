//! Reports a panic (a bug) on the browser console instead of failing silently.

/// Installs a panic hook that writes the panic message to `console.error`.
pub fn install_console_hook() {
    std::panic::set_hook(Box::new(|info| {
        let message = format!("Mandate stopped because of a bug: {info}");
        web_sys::console::error_1(&message.into());
    }));
}
