//! Printing: the browser's print dialog.

use super::storage::describe;

/// Opens the browser's print dialog for the page as it is now.
pub fn print_page() -> Result<(), String> {
    let window = web_sys::window().ok_or("no browser window")?;
    window.print().map_err(|e| describe(&e))
}
