//! Embed mode (`?embed=1`): the page inside a host's iframe, without site chrome,
//! telling the parent its height (the `lti.frameResize` message) whenever it changes,
//! and answering the parent's status requests when the parent's origin is
//! allow-listed (`host=`; the core decides what is accepted). Every step can fail;
//! failures only mean no messages, and the layout works in a fixed-height frame too.

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

use crate::core::embed::{self as rules, Origin, Request};
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

/// Keeps the `message` listener alive; dropping it removes the listener.
pub struct HostListener {
    closure: Closure<dyn Fn(web_sys::MessageEvent)>,
}

impl Drop for HostListener {
    fn drop(&mut self) {
        if let Some(window) = web_sys::window() {
            let _ = window.remove_event_listener_with_callback(
                "message",
                self.closure.as_ref().unchecked_ref(),
            );
        }
    }
}

/// Answers the parent's requests: each message's sender is checked first
/// ([`crate::core::embed::from_allowed_parent`]: the parent window, an allow-listed
/// origin), then its data, at most [`crate::core::embed::MAX_REQUEST_BYTES`] of JSON, by
/// [`crate::core::embed::accept`]; a request is answered with `answer`'s JSON, posted to
/// that origin only.
pub fn answer_host(
    allowed: Vec<Origin>,
    answer: impl Fn(Request) -> serde_json::Value + 'static,
) -> Option<HostListener> {
    if allowed.is_empty() {
        return None;
    }
    let window = web_sys::window()?;
    let parent = window.parent().ok().flatten()?;
    if parent == window {
        return None;
    }
    let parent_value: wasm_bindgen::JsValue = parent.clone().into();
    let closure =
        Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            let from_parent = event
                .source()
                .is_some_and(|source| js_sys::Object::is(&source, &parent_value));
            let origin = event.origin();
            // The sender first: another window's or origin's data is never even read.
            if !rules::from_allowed_parent(&origin, from_parent, &allowed) {
                return;
            }
            let data = js_sys::JSON::stringify(&event.data())
                .ok()
                .and_then(|s| s.as_string())
                .filter(|s| s.len() <= rules::MAX_REQUEST_BYTES)
                .and_then(|s| serde_json::from_str(&s).ok())
                .unwrap_or(serde_json::Value::Null);
            let Some(request) = rules::accept(&origin, from_parent, &allowed, &data) else {
                return;
            };
            let reply = answer(request).to_string();
            if let Ok(message) = js_sys::JSON::parse(&reply) {
                let _ = parent.post_message(&message, &origin);
            }
        });
    window
        .add_event_listener_with_callback("message", closure.as_ref().unchecked_ref())
        .ok()?;
    Some(HostListener { closure })
}
