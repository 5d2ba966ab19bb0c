//! The page's own address, and leaving it for another (cmi5's returnURL).

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

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

/// Takes the focus off the control that has it (the button just used), before an action
/// replaces the screen. Removing a focused element makes the browser lay the page out at
/// once, in the middle of the update; without the focus it is removed like any other.
pub fn release_focus() {
    let focused = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(element) = focused {
        let _ = element.blur();
    }
}

/// [`focus_main_heading`] once the new screen has been drawn: after the next animation
/// frame, in a task of its own, so that moving the focus does not force style and layout
/// inside the update that builds the screen (on a slow laptop that doubled the time from
/// a click to the next frame). Where animation frames or timers are unavailable, at once.
pub fn focus_main_heading_after_paint() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let after_frame = Closure::once_into_js(|| {
        let focus = Closure::once_into_js(focus_main_heading);
        let queued = web_sys::window().is_some_and(|w| {
            w.set_timeout_with_callback_and_timeout_and_arguments_0(focus.unchecked_ref(), 0)
                .is_ok()
        });
        if !queued {
            focus_main_heading();
        }
    });
    if window
        .request_animation_frame(after_frame.unchecked_ref())
        .is_err()
    {
        focus_main_heading();
    }
}
