//! The page's lifecycle: told when it is hidden (another tab, a minimised window, a
//! phone's lock screen: perhaps the last chance to save) and when it is going away
//! (`pagehide`). Dropping the guard removes the listeners.

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

pub struct Lifecycle {
    hidden: Closure<dyn Fn()>,
    leaving: Closure<dyn Fn()>,
}

/// Calls `on_hidden` when the document becomes hidden and `on_leave` on `pagehide`.
/// `None` when the listeners could not be added.
pub fn watch(on_hidden: impl Fn() + 'static, on_leave: impl Fn() + 'static) -> Option<Lifecycle> {
    let window = web_sys::window()?;
    let document = window.document()?;
    let doc = document.clone();
    let hidden = Closure::<dyn Fn()>::new(move || {
        if doc.visibility_state() == web_sys::VisibilityState::Hidden {
            on_hidden();
        }
    });
    let leaving = Closure::<dyn Fn()>::new(on_leave);
    document
        .add_event_listener_with_callback("visibilitychange", hidden.as_ref().unchecked_ref())
        .ok()?;
    window
        .add_event_listener_with_callback("pagehide", leaving.as_ref().unchecked_ref())
        .ok()?;
    Some(Lifecycle { hidden, leaving })
}

impl Drop for Lifecycle {
    fn drop(&mut self) {
        if let Some(window) = web_sys::window() {
            if let Some(document) = window.document() {
                let _ = document.remove_event_listener_with_callback(
                    "visibilitychange",
                    self.hidden.as_ref().unchecked_ref(),
                );
            }
            let _ = window.remove_event_listener_with_callback(
                "pagehide",
                self.leaving.as_ref().unchecked_ref(),
            );
        }
    }
}
