//! The page's own address, and leaving it for another (cmi5's returnURL).

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

/// The page's address without its query or fragment (`https://host/path/index.html`):
/// the base of links the app hands out.
pub fn page_address() -> Option<String> {
    let location = web_sys::window()?.location();
    let origin = location.origin().ok()?;
    let path = location.pathname().ok()?;
    Some(format!("{origin}{path}"))
}

/// Moves the focus to the first heading of the page's main content, so that keyboard
/// and screen-reader users land on the new screen rather than on what it replaced. The
/// heading becomes focusable by script only (`tabindex="-1"`). No heading: nothing.
pub fn focus_main_heading() {
    let Some(heading) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("#main h1").ok().flatten())
    else {
        return;
    };
    if !heading.has_attribute("tabindex") {
        let _ = heading.set_attribute("tabindex", "-1");
    }
    if let Ok(heading) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(heading) {
        let _ = heading.focus();
    }
}
