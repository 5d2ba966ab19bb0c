//! Embed mode (`?embed=1`): the page inside a host's iframe, without site chrome,
//! telling the parent its height (the `lti.frameResize` message) whenever it changes.
//! Nothing is accepted from the parent. Every step can fail; failures only mean no
//! resize messages, and the layout works in a fixed-height frame too.

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

use crate::core::url_param;

/// Whether this page was opened in embed mode.
pub fn requested() -> bool {
    super::fetch::page_query()
        .map(|q| url_param::embed_mode(&q))
        .unwrap_or(false)
}

/// The parent's origin, from the referrer, for `postMessage`'s target; `*` when unknown.
fn parent_origin(document: &web_sys::Document) -> String {
    let referrer = document.referrer();
    let mut slashes = referrer.match_indices('/').map(|(i, _)| i);
    match (slashes.nth(2), referrer.starts_with("http")) {
        (Some(end), true) => referrer[..end].to_string(),
        (None, true) => referrer,
        _ => "*".to_string(),
    }
}

/// Keeps the observer alive; dropping it stops the messages.
pub struct HeightReporter {
    observer: web_sys::ResizeObserver,
    _callback: Closure<dyn FnMut()>,
}

impl Drop for HeightReporter {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

/// Starts posting `{subject: "lti.frameResize", height}` to the parent frame whenever
/// the page's height changes. `None` when the page is not framed or the browser lacks
/// what it needs.
pub fn report_height() -> Option<HeightReporter> {
    let window = web_sys::window()?;
    let parent = window.parent().ok().flatten()?;
    if parent == window {
        return None; // Not framed.
    }
    let document = window.document()?;
    let root = document.document_element()?;
    let target = parent_origin(&document);
    let last = std::cell::Cell::new(0);
    let measured = root.clone();
    let callback = Closure::<dyn FnMut()>::new(move || {
        let height = measured.scroll_height();
        if height == last.get() {
            return;
        }
        last.set(height);
        let message = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&message, &"subject".into(), &"lti.frameResize".into());
        let _ = js_sys::Reflect::set(&message, &"height".into(), &height.into());
        let _ = parent.post_message(&message, &target);
    });
    let observer = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()).ok()?;
    observer.observe(&root);
    Some(HeightReporter {
        observer,
        _callback: callback,
    })
}
