//! A panic (a bug) never leaves a frozen page. The hook writes the panic to the console,
//! then replaces the page with an error screen built straight from the DOM: what
//! happened, that the progress saved up to the last step is kept, a link that reloads the
//! page, a link that downloads the saved progress, and the technical details.
//!
//! After a panic the wasm instance is finished (the release profile aborts, and wasm32
//! cannot unwind), so nothing on the screen may call back into it: the reload is a plain
//! link to the page's address and the export a `download` link to a `blob:` URL of the
//! stored text, read now. The hook only reads storage, never writes it, so what was saved
//! before the panic stays as it was. It swaps in a new `<body>`, which leaves Yew's event
//! listeners on the old one behind.

use wasm_bindgen::JsCast;

use crate::core::i18n::{Locale, Messages};
use crate::tr;

use super::persistence;

/// The id of the error screen's `<main>`: its presence means the hook already ran.
pub const SCREEN_ID: &str = "mandate-stopped";

/// The panic hook: the console message, then the error screen. The binaries install it
/// with `yew::set_custom_panic_hook`, since Yew's renderer replaces any hook not set
/// that way with its own, which only logs.
pub fn on_panic(info: &std::panic::PanicHookInfo<'_>) {
    let message = format!("Mandate stopped because of a bug: {info}");
    web_sys::console::error_1(&message.clone().into());
    if let Err(e) = show_error_screen(&message) {
        web_sys::console::error_1(&format!("The error screen could not be shown: {e}").into());
    }
}

fn show_error_screen(detail: &str) -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    let document = window.document().ok_or("no document")?;
    if document.get_element_by_id(SCREEN_ID).is_some() {
        return Ok(()); // A second panic: the first one's screen stays.
    }
    let root = document.document_element().ok_or("no root element")?;
    // The page's language if its texts are here, else English.
    let t = Messages::get(
        root.get_attribute("lang")
            .and_then(|tag| Locale::from_tag(&tag))
            .filter(|l| Messages::available(*l))
            .unwrap_or(Locale::En),
    );
    let el = |name: &str, class: &str, text: Option<&str>| -> Result<web_sys::Element, String> {
        let e = document
            .create_element(name)
            .map_err(|_| format!("cannot create <{name}>"))?;
        if !class.is_empty() {
            e.set_class_name(class);
        }
        if let Some(text) = text {
            e.set_text_content(Some(text));
        }
        Ok(e)
    };
    let append = |parent: &web_sys::Element, child: &web_sys::Element| {
        parent
            .append_child(child)
            .map(|_| ())
            .map_err(|_| "cannot build the screen".to_string())
    };

    let body = el("body", "", None)?;
    let main = el("main", "page page--stopped", None)?;
    main.set_id(SCREEN_ID);
    main.set_attribute("tabindex", "-1").ok();
    let card = el("section", "card stopped", None)?;
    card.set_attribute("role", "alert").ok();
    append(&card, &el("h1", "", Some(tr!(t, "app.stopped-title")))?)?;

    let stored = persistence::read_document(&persistence::key_in_use())
        .ok()
        .flatten();
    let kept = if stored.is_some() {
        tr!(t, "app.stopped-kept")
    } else {
        tr!(t, "app.stopped-nothing-stored")
    };
    append(&card, &el("p", "", Some(kept))?)?;

    let actions = el("p", "actions", None)?;
    // The address without its fragment: a link to the same address with only another
    // fragment would just scroll.
    let href = window.location().href().unwrap_or_default();
    let address = href.split('#').next().unwrap_or_default();
    let reload = el(
        "a",
        "button button--primary",
        Some(tr!(t, "app.stopped-reload")),
    )?;
    reload.set_attribute("href", address).ok();
    reload.set_attribute("data-testid", "stopped-reload").ok();
    append(&actions, &reload)?;
    if let Some(text) = stored.as_deref().and_then(|text| blob_url(text).ok()) {
        let export = el("a", "button", Some(tr!(t, "app.stopped-export")))?;
        export.set_attribute("href", &text).ok();
        let name = format!("mandate-progress-{}.json", super::files::today());
        export.set_attribute("download", &name).ok();
        export.set_attribute("data-testid", "stopped-export").ok();
        append(&actions, &export)?;
    }
    append(&card, &actions)?;
    append(&card, &el("p", "meta", Some(tr!(t, "app.stopped-report")))?)?;

    let details = el("details", "", None)?;
    append(
        &details,
        &el("summary", "", Some(tr!(t, "app.stopped-details")))?,
    )?;
    append(&details, &el("pre", "stopped__detail", Some(detail))?)?;
    append(&card, &details)?;
    append(&main, &card)?;
    append(&body, &main)?;

    match document.body() {
        Some(old) => root.replace_child(&body, &old),
        None => root.append_child(&body),
    }
    .map_err(|_| "cannot put the screen in the page")?;
    if let Some(main) = main.dyn_ref::<web_sys::HtmlElement>() {
        let _ = main.focus();
    }
    Ok(())
}

/// A `blob:` URL for `text`, as a JSON file.
fn blob_url(text: &str) -> Result<String, String> {
    let parts = js_sys::Array::of1(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|_| "no blob")?;
    web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| "no blob URL".to_string())
}
