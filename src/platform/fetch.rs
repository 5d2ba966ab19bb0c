//! Reading an author's scenario file: one picked or dropped in the page (a `File`), or
//! one hosted next to the app and named by the `?scenario=` parameter (fetched).
//! Either way the result is the file's text or a [`FileError`] that says what went wrong.

use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::core::i18n::Messages;
use crate::core::url_param::ScenarioPath;
use crate::tr;

use super::storage::describe;

/// The largest scenario file accepted. The longest built-in scenario is about 60 kB.
pub const MAX_BYTES: usize = 1024 * 1024;

/// Why a scenario file's text could not be had. `source` names the file as the author
/// knows it: the picked file's name, or the path in the address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileError {
    /// No `window`, or the page's address could not be read.
    Unavailable(String),
    /// The request did not complete: offline, refused, blocked.
    Network { source: String, why: String },
    /// The server answered, but not with the file.
    Status {
        source: String,
        status: u16,
        text: String,
    },
    /// Over [`MAX_BYTES`]; `bytes` is the size when it is known (a download is stopped
    /// as soon as it passes the limit, so its size is not).
    TooLarge { source: String, bytes: Option<u64> },
    /// Not UTF-8 text; `line` is where the first invalid byte is.
    NotUtf8 { source: String, line: usize },
    /// The browser could not read the file or the response body.
    Read { source: String, why: String },
}

impl FileError {
    /// What went wrong, in the interface language.
    pub fn message(&self, t: &Messages) -> String {
        match self {
            FileError::Unavailable(why) => tr!(t, "errors.file-unavailable", why = why),
            FileError::Network { source, why } => {
                tr!(t, "errors.file-network", source = source, why = why)
            }
            FileError::Status {
                source,
                status,
                text,
            } => {
                let answer = if text.is_empty() {
                    status.to_string()
                } else {
                    format!("{status} {text}")
                };
                tr!(t, "errors.file-status", source = source, answer = answer)
            }
            FileError::TooLarge { source, bytes } => {
                let limit = t.integer(MAX_BYTES as i64);
                match bytes {
                    Some(bytes) => tr!(
                        t,
                        "errors.file-too-large",
                        source = source,
                        bytes = t.integer(i64::try_from(*bytes).unwrap_or(i64::MAX)),
                        limit = limit
                    ),
                    None => tr!(
                        t,
                        "errors.file-too-large-unknown",
                        source = source,
                        limit = limit
                    ),
                }
            }
            FileError::NotUtf8 { source, line } => {
                tr!(t, "errors.file-not-utf8", source = source, line = line)
            }
            FileError::Read { source, why } => {
                tr!(t, "errors.file-read", source = source, why = why)
            }
        }
    }
}

crate::display_in_english!(FileError);

impl std::error::Error for FileError {}

/// The text of a file's bytes: at most [`MAX_BYTES`], UTF-8, a leading byte-order mark
/// dropped (as browsers and editors do).
pub fn text_of(source: &str, bytes: Vec<u8>) -> Result<String, FileError> {
    if bytes.len() > MAX_BYTES {
        return Err(FileError::TooLarge {
            source: source.to_string(),
            bytes: Some(bytes.len() as u64),
        });
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(match text.strip_prefix('\u{feff}') {
            Some(rest) => rest.to_string(),
            None => text,
        }),
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = 1 + valid.iter().filter(|b| **b == b'\n').count();
            Err(FileError::NotUtf8 {
                source: source.to_string(),
                line,
            })
        }
    }
}

/// `window.location.search`: `?scenario=cases/my-case.mandate`, or empty.
pub fn page_query() -> Result<String, FileError> {
    let window =
        web_sys::window().ok_or_else(|| FileError::Unavailable("no window object".to_string()))?;
    window
        .location()
        .search()
        .map_err(|e| FileError::Unavailable(describe(&e)))
}

/// The text of a picked or dropped file. Its size is checked before anything is read.
pub async fn read_file(file: &web_sys::File) -> Result<String, FileError> {
    let source = file.name();
    let size = file.size();
    if size > MAX_BYTES as f64 {
        return Err(FileError::TooLarge {
            source,
            bytes: Some(size as u64),
        });
    }
    let buffer = JsFuture::from(file.array_buffer())
        .await
        .map_err(|e| FileError::Read {
            source: source.clone(),
            why: describe(&e),
        })?;
    text_of(&source, Uint8Array::new(&buffer).to_vec())
}

/// Fetches a hosted scenario file relative to the page, from the page's own origin only
/// (`mode: same-origin`, so a redirect elsewhere fails too), with same-origin credentials
/// and without the browser's cache, so an author sees their latest upload. The body is read
/// in chunks and abandoned once it passes [`MAX_BYTES`].
pub async fn fetch_text(path: &ScenarioPath) -> Result<String, FileError> {
    let source = path.as_str().to_string();
    let window =
        web_sys::window().ok_or_else(|| FileError::Unavailable("no window object".to_string()))?;
    let init = web_sys::RequestInit::new();
    init.set_method("GET");
    init.set_mode(web_sys::RequestMode::SameOrigin);
    init.set_credentials(web_sys::RequestCredentials::SameOrigin);
    init.set_cache(web_sys::RequestCache::NoCache);
    let network = |e: JsValue| FileError::Network {
        source: source.clone(),
        why: describe(&e),
    };
    let response = JsFuture::from(window.fetch_with_str_and_init(path.as_str(), &init))
        .await
        .map_err(network)?;
    let response: web_sys::Response = response.dyn_into().map_err(network)?;
    if !response.ok() {
        return Err(FileError::Status {
            source,
            status: response.status(),
            text: response.status_text(),
        });
    }
    let declared = response
        .headers()
        .get("content-length")
        .ok()
        .flatten()
        .and_then(|n| n.trim().parse::<u64>().ok());
    if let Some(bytes) = declared.filter(|n| *n > MAX_BYTES as u64) {
        return Err(FileError::TooLarge {
            source,
            bytes: Some(bytes),
        });
    }
    let bytes = read_body(&source, &response).await?;
    text_of(&source, bytes)
}

/// Reads a response body chunk by chunk, stopping one byte past [`MAX_BYTES`].
async fn read_body(source: &str, response: &web_sys::Response) -> Result<Vec<u8>, FileError> {
    let failed = |e: JsValue| FileError::Read {
        source: source.to_string(),
        why: describe(&e),
    };
    let Some(body) = response.body() else {
        return Ok(Vec::new());
    };
    let reader: web_sys::ReadableStreamDefaultReader =
        body.get_reader().dyn_into().map_err(|o| failed(o.into()))?;
    let mut bytes = Vec::new();
    loop {
        let chunk = JsFuture::from(reader.read()).await.map_err(failed)?;
        let done = Reflect::get(&chunk, &JsValue::from_str("done")).map_err(failed)?;
        if done.as_bool().unwrap_or(true) {
            return Ok(bytes);
        }
        let value = Reflect::get(&chunk, &JsValue::from_str("value")).map_err(failed)?;
        let value: Uint8Array = value.dyn_into().map_err(failed)?;
        bytes.extend(value.to_vec());
        if bytes.len() > MAX_BYTES {
            // Stop the download; what has been read is enough to refuse it.
            let _ = reader.cancel();
            return Err(FileError::TooLarge {
                source: source.to_string(),
                bytes: None,
            });
        }
    }
}

/// The `href` of the first element `selector` finds in the page (a `<link>` the build
/// wrote), or `None` when there is none.
pub fn linked(selector: &str) -> Result<Option<String>, String> {
    let document = web_sys::window()
        .ok_or("no window object")?
        .document()
        .ok_or("no document")?;
    Ok(document
        .query_selector(selector)
        .map_err(|e| describe(&e))?
        .and_then(|link| link.get_attribute("href")))
}

/// Fetches one of this build's own text files, beside the page (no credentials across
/// origins); any failure is a sentence naming `href`. The mode is CORS, not
/// same-origin: in a sandboxed iframe the page's origin is opaque, and its own files come
/// the way its module script and wasm do, with the CORS header the host must send.
pub async fn own_text(href: &str) -> Result<String, String> {
    let window = web_sys::window().ok_or("no window object")?;
    let init = web_sys::RequestInit::new();
    init.set_method("GET");
    init.set_mode(web_sys::RequestMode::Cors);
    init.set_credentials(web_sys::RequestCredentials::SameOrigin);
    let response = JsFuture::from(window.fetch_with_str_and_init(href, &init))
        .await
        .map_err(|e| format!("{href}: {}", describe(&e)))?;
    let response: web_sys::Response = response.dyn_into().map_err(|e| describe(&e))?;
    if !response.ok() {
        return Err(format!("{href}: the server answered {}", response.status()));
    }
    JsFuture::from(response.text().map_err(|e| describe(&e))?)
        .await
        .map_err(|e| format!("{href}: {}", describe(&e)))?
        .as_string()
        .ok_or_else(|| format!("{href}: the body is not text"))
}
