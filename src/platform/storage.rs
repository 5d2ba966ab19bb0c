//! `localStorage`, with every failure turned into a [`StorageError`].

use wasm_bindgen::{JsCast, JsValue};

use crate::core::i18n::Messages;
use crate::tr;

/// Why storage could not be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StorageError {
    /// No storage at all: a sandboxed frame, privacy settings, blocked third-party storage.
    Unavailable(String),
    /// The browser's quota for this site is used up.
    QuotaExceeded,
    /// Anything else the browser threw.
    Failed(String),
}

impl StorageError {
    /// Why, in the interface language.
    pub fn message(&self, t: &Messages) -> String {
        match self {
            StorageError::Unavailable(why) => tr!(t, "errors.storage-unavailable", why = why),
            StorageError::QuotaExceeded => tr!(t, "errors.storage-full").to_string(),
            StorageError::Failed(why) => tr!(t, "errors.storage-failed", why = why),
        }
    }
}

crate::display_in_english!(StorageError);

impl std::error::Error for StorageError {}

/// Names a thrown JavaScript value: `SecurityError: The operation is insecure.`,
/// `TypeError: Failed to fetch`.
pub(crate) fn describe(error: &JsValue) -> String {
    if let Some(e) = error.dyn_ref::<js_sys::Error>() {
        let name: String = e.name().into();
        let message: String = e.message().into();
        return format!("{name}: {message}");
    }
    if let Some(e) = error.dyn_ref::<web_sys::DomException>() {
        return format!("{}: {}", e.name(), e.message());
    }
    error
        .as_string()
        .unwrap_or_else(|| "an unknown error".to_string())
}

fn classify(error: JsValue) -> StorageError {
    let name = error
        .dyn_ref::<web_sys::DomException>()
        .map(|e| (e.name(), e.code()))
        .or_else(|| {
            error
                .dyn_ref::<js_sys::Error>()
                .map(|e| (String::from(e.name()), 0))
        });
    match name {
        Some((name, code)) if name == "QuotaExceededError" || code == 22 => {
            StorageError::QuotaExceeded
        }
        Some((name, _)) if name == "SecurityError" => StorageError::Unavailable(describe(&error)),
        _ => StorageError::Failed(describe(&error)),
    }
}

/// A handle on a `Storage` object (normally `window.localStorage`).
#[derive(Clone, Debug)]
pub struct BrowserStorage {
    storage: web_sys::Storage,
}

impl BrowserStorage {
    /// `window.localStorage`, or why it cannot be had. Reading the property
    /// itself throws in sandboxed frames, so that is caught too.
    pub fn local() -> Result<Self, StorageError> {
        let window = web_sys::window()
            .ok_or_else(|| StorageError::Unavailable("no window object".to_string()))?;
        match window.local_storage() {
            Ok(Some(storage)) => Ok(BrowserStorage { storage }),
            Ok(None) => Err(StorageError::Unavailable(
                "the browser offers no localStorage here".to_string(),
            )),
            Err(e) => Err(StorageError::Unavailable(describe(&e))),
        }
    }

    /// `window.sessionStorage` (this tab only, kept across reloads), or why not.
    pub fn session() -> Result<Self, StorageError> {
        let window = web_sys::window()
            .ok_or_else(|| StorageError::Unavailable("no window object".to_string()))?;
        match window.session_storage() {
            Ok(Some(storage)) => Ok(BrowserStorage { storage }),
            Ok(None) => Err(StorageError::Unavailable(
                "the browser offers no sessionStorage here".to_string(),
            )),
            Err(e) => Err(StorageError::Unavailable(describe(&e))),
        }
    }

    /// Wraps any object with the `Storage` methods; tests use this to inject faults.
    pub fn from_storage(storage: web_sys::Storage) -> Self {
        BrowserStorage { storage }
    }

    pub fn read(&self, key: &str) -> Result<Option<String>, StorageError> {
        self.storage.get_item(key).map_err(classify)
    }

    pub fn write(&self, key: &str, value: &str) -> Result<(), StorageError> {
        self.storage.set_item(key, value).map_err(classify)
    }

    pub fn remove(&self, key: &str) -> Result<(), StorageError> {
        self.storage.remove_item(key).map_err(classify)
    }
}
