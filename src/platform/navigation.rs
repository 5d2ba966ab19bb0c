//! Leaving the page for another address (cmi5's returnURL).

use super::storage::describe;

/// Navigates this window to `url` (already validated by the caller's parser). A
/// failure is logged: the learner still sees the closing screen.
pub fn go_to(url: &str) {
    let result = web_sys::window()
        .ok_or_else(|| "no window object".to_string())
        .and_then(|w| w.location().assign(url).map_err(|e| describe(&e)));
    if let Err(e) = result {
        web_sys::console::warn_1(&format!("Mandate: could not go to {url}: {e}").into());
    }
}
