//! Files the learner saves and opens: exporting progress as a download, reading a
//! chosen file with its size checked before a byte is read. Every failure is a value.

use js_sys::{Array, Uint8Array};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::storage::describe;

/// Offers `text` as a download named `name` (a JSON file).
pub fn download(name: &str, text: &str) -> Result<(), String> {
    download_as(name, "application/json", text)
}

/// Offers `text` as a download named `name`, of type `mime`.
pub fn download_as(name: &str, mime: &str, text: &str) -> Result<(), String> {
    let window = web_sys::window().ok_or("no browser window")?;
    let document = window.document().ok_or("no document")?;
    let parts = Array::of1(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|e| describe(&e))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|e| describe(&e))?;
    let anchor = document
        .create_element("a")
        .map_err(|e| describe(&e))?
        .dyn_into::<web_sys::HtmlAnchorElement>()
        .map_err(|_| "the page could not create a link")?;
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// The bytes of a chosen file, refused without reading when it is larger than `limit`
/// (the error then gives its size, for the message).
pub async fn read_bytes(file: &web_sys::File, limit: usize) -> Result<Vec<u8>, ReadError> {
    let size = file.size();
    if size > limit as f64 {
        return Err(ReadError::TooLarge(size as usize));
    }
    let buffer = JsFuture::from(file.array_buffer())
        .await
        .map_err(|e| ReadError::Failed(describe(&e)))?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// Why a chosen file could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadError {
    TooLarge(usize),
    Failed(String),
}

/// Today's date as `YYYY-MM-DD`, for file names.
pub fn today() -> String {
    let iso: String = js_sys::Date::new_0().to_iso_string().into();
    iso.chars().take(10).collect()
}
