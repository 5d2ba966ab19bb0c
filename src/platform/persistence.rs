//! Saving and loading the learner's progress: the core's encoding, written to
//! browser storage, with every fault turned into a message for the learner.
//! Nothing already saved is ever overwritten by something this build cannot read.

use crate::core::i18n::{Locale, Messages};
use crate::core::progress::{self, DecodeError, SavedProgress};
use crate::tr;

use super::storage::{BrowserStorage, StorageError};

/// Where progress lives in `localStorage`.
pub const PROGRESS_KEY: &str = "mandate.progress";

thread_local! {
    /// The key this page opened its progress under (a class session and an LMS learner
    /// have their own), for the panic screen's export.
    static IN_USE: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// The key this page's progress is kept under: the one it opened, else the device's.
/// Safe to call from the panic hook: it never waits on, nor panics over, a borrow.
pub fn key_in_use() -> String {
    IN_USE
        .try_with(|in_use| in_use.try_borrow().ok().and_then(|k| k.clone()))
        .ok()
        .flatten()
        .unwrap_or_else(|| PROGRESS_KEY.to_string())
}
/// Where an unreadable save is moved before a fresh one is started.
pub const UNREADABLE_KEY: &str = "mandate.progress.unreadable";
/// The User Timing measure around every progress write (encoding and writing), which the
/// benchmark reads with `performance.getEntriesByName` (`bench/run.mjs`, issue 10).
pub const WRITE_MEASURE: &str = "mandate:progress-write";

/// How (and whether) progress can be written in this visit.
#[derive(Clone, Debug)]
pub enum Persistence {
    /// Progress is written after every change, under `key`.
    Saving {
        storage: BrowserStorage,
        key: String,
    },
    /// Progress stays in memory only; the learner has been told why.
    MemoryOnly,
}

/// What opening storage found.
#[derive(Debug)]
pub struct Opened {
    pub persistence: Persistence,
    pub saved: SavedProgress,
    /// Messages for the learner, already worded.
    pub notices: Vec<String>,
}

/// What the learner is told when progress cannot be kept on this device.
pub fn unavailable_notice(error: &StorageError, t: &Messages) -> String {
    tr!(
        t,
        "errors.storage-unavailable-notice",
        why = error.message(t)
    )
}

/// What the learner is told when their latest step could not be saved, in English.
pub fn write_failed_notice(error: &StorageError) -> String {
    write_failed_notice_in(error, Messages::get(Locale::En))
}

/// [`write_failed_notice`] in `t`'s language.
pub fn write_failed_notice_in(error: &StorageError, t: &Messages) -> String {
    match error {
        StorageError::QuotaExceeded => tr!(t, "errors.write-failed-full").to_string(),
        other => tr!(t, "errors.write-failed", why = other.message(t)),
    }
}

/// Opens `window.localStorage` and reads the saved progress; notices are worded in
/// `t`'s language.
pub fn open(t: &Messages) -> Opened {
    open_at(PROGRESS_KEY, t)
}

/// The key of the local cache of one LMS learner's progress: the LMS's data is the
/// record, this copy only keeps the device's history and survives a failed commit.
/// Learners sharing a classroom PC each get their own (`learner` is hashed: the
/// LMS's learner id never appears in storage keys).
pub fn lms_key(system: &str, learner: &str) -> String {
    use std::hash::Hasher;
    let mut hasher = crate::core::fast_hash::FastHasher::default();
    hasher.write(system.as_bytes());
    hasher.write_u64(0);
    hasher.write(learner.as_bytes());
    format!("{PROGRESS_KEY}.lms.{:016x}", hasher.finish())
}

/// The scenario the learner was in when progress was last saved at the default place,
/// read without side effects (no notices, nothing moved aside): `None` when nothing
/// readable is saved there, or no scenario was open.
pub fn stored_active() -> Option<String> {
    let raw = BrowserStorage::local().ok()?.read(PROGRESS_KEY).ok()??;
    progress::decode(&raw).ok()?.store().active.clone()
}

/// Opens `window.localStorage` and reads the progress saved under `key`.
pub fn open_at(key: &str, t: &Messages) -> Opened {
    match BrowserStorage::local() {
        Ok(storage) => open_with_key(storage, key, t),
        Err(e) => Opened {
            persistence: Persistence::MemoryOnly,
            saved: SavedProgress::empty(),
            notices: vec![unavailable_notice(&e, t)],
        },
    }
}

/// Reads progress from `storage`, deciding how this visit may write (notices in
/// English).
pub fn open_with(storage: BrowserStorage) -> Opened {
    open_with_key(storage, PROGRESS_KEY, Messages::get(Locale::En))
}

/// Reads progress saved under `key` in `storage`, deciding how this visit may write.
/// Notices are worded in `t`'s language.
pub fn open_with_key(storage: BrowserStorage, key: &str, t: &Messages) -> Opened {
    IN_USE.with(|in_use| {
        if let Ok(mut in_use) = in_use.try_borrow_mut() {
            *in_use = Some(key.to_string());
        }
    });
    let saving = |storage| Persistence::Saving {
        storage,
        key: key.to_string(),
    };
    let raw = match storage.read(key) {
        Ok(raw) => raw,
        Err(e) => {
            return Opened {
                persistence: Persistence::MemoryOnly,
                saved: SavedProgress::empty(),
                notices: vec![unavailable_notice(&e, t)],
            };
        }
    };
    let Some(raw) = raw else {
        return Opened {
            persistence: saving(storage),
            saved: SavedProgress::empty(),
            notices: vec![],
        };
    };
    match progress::decode(&raw) {
        Ok(saved) => Opened {
            persistence: saving(storage),
            saved,
            notices: vec![],
        },
        Err(e @ DecodeError::NewerSchema { .. }) => Opened {
            // Never overwrite a save this build cannot understand.
            persistence: Persistence::MemoryOnly,
            saved: SavedProgress::empty(),
            notices: vec![tr!(t, "errors.saved-newer", why = e.message(t))],
        },
        Err(e) => match keep_aside(&storage, &raw) {
            Ok(aside) => Opened {
                persistence: saving(storage),
                saved: SavedProgress::empty(),
                notices: vec![tr!(
                    t,
                    "errors.saved-unreadable-kept",
                    why = e.message(t),
                    copy = aside
                )],
            },
            Err(write_error) => Opened {
                persistence: Persistence::MemoryOnly,
                saved: SavedProgress::empty(),
                notices: vec![tr!(
                    t,
                    "errors.saved-unreadable-untouched",
                    why = e.message(t),
                    error = write_error.message(t)
                )],
            },
        },
    }
}

/// Copies an unreadable save to the first free backup key (`mandate.progress.unreadable`,
/// then `….2`, `….3`, …): an earlier backup is never overwritten.
fn keep_aside(storage: &BrowserStorage, raw: &str) -> Result<String, StorageError> {
    keep_aside_under(storage, UNREADABLE_KEY, raw)
}

/// Copies `raw` to the first free key of `base`, `base.2`, `base.3`, … (or to the one
/// that already holds it). Returns the key used.
fn keep_aside_under(
    storage: &BrowserStorage,
    base: &str,
    raw: &str,
) -> Result<String, StorageError> {
    for n in 1..=50 {
        let key = if n == 1 {
            base.to_string()
        } else {
            format!("{base}.{n}")
        };
        match storage.read(&key)? {
            Some(existing) if existing == raw => return Ok(key),
            Some(_) => continue,
            None => {
                storage.write(&key, raw)?;
                return Ok(key);
            }
        }
    }
    Err(StorageError::QuotaExceeded)
}

impl Persistence {
    /// Writes `saved`. In memory-only mode this does nothing and succeeds.
    pub fn save(&self, saved: &SavedProgress) -> Result<(), StorageError> {
        match self {
            Persistence::Saving { storage, key } => {
                let timing = UserTiming::start(WRITE_MEASURE);
                let written = storage.write(key, &progress::encode(saved));
                if let Some(timing) = timing {
                    timing.finish();
                }
                written
            }
            Persistence::MemoryOnly => Ok(()),
        }
    }

    pub fn is_saving(&self) -> bool {
        matches!(self, Persistence::Saving { .. })
    }

    /// The storage key written, when saving.
    pub fn key(&self) -> Option<&str> {
        match self {
            Persistence::Saving { key, .. } => Some(key),
            Persistence::MemoryOnly => None,
        }
    }
}

/// A User Timing measure being taken: `NAME:start` is marked; [`UserTiming::finish`] marks
/// `NAME:end`, measures `NAME` between the two and clears both marks, so that only the
/// measure stays in the performance timeline. Timing is only ever for the benchmark: where
/// `performance` or one of its methods is missing (or is not what it should be), or a call
/// throws, nothing is measured and nothing fails. Outside wasm it does nothing.
struct UserTiming {
    performance: js_sys::Object,
    mark: js_sys::Function,
    name: &'static str,
    start: String,
    end: String,
}

impl UserTiming {
    /// Marks the start of `name`, when the page has User Timing.
    fn start(name: &'static str) -> Option<UserTiming> {
        use wasm_bindgen::JsCast;
        if !cfg!(target_arch = "wasm32") {
            return None;
        }
        let performance = js_sys::Reflect::get(&js_sys::global(), &"performance".into())
            .ok()?
            .dyn_into::<js_sys::Object>()
            .ok()?;
        let timing = UserTiming {
            mark: Self::method(&performance, "mark")?,
            performance,
            name,
            start: format!("{name}:start"),
            end: format!("{name}:end"),
        };
        timing.call(&timing.mark, &[&timing.start])?;
        Some(timing)
    }

    /// Marks the end, measures, and clears the two marks.
    fn finish(self) {
        if self.call(&self.mark, &[&self.end]).is_none() {
            return;
        }
        if let Some(measure) = Self::method(&self.performance, "measure") {
            let _ = self.call(&measure, &[self.name, &self.start, &self.end]);
        }
        if let Some(clear) = Self::method(&self.performance, "clearMarks") {
            let _ = self.call(&clear, &[&self.start]);
            let _ = self.call(&clear, &[&self.end]);
        }
    }

    fn method(performance: &js_sys::Object, name: &str) -> Option<js_sys::Function> {
        use wasm_bindgen::JsCast;
        js_sys::Reflect::get(performance, &name.into())
            .ok()?
            .dyn_into::<js_sys::Function>()
            .ok()
    }

    /// Calls `function` on `performance` with string arguments; `None` when it throws.
    fn call(&self, function: &js_sys::Function, args: &[&str]) -> Option<()> {
        let args: js_sys::Array = args
            .iter()
            .map(|a| wasm_bindgen::JsValue::from_str(a))
            .collect();
        js_sys::Reflect::apply(function, &self.performance, &args)
            .ok()
            .map(drop)
    }
}

/// Calls `on_save` with the progress another tab of this site has just saved (the
/// browser's `storage` event). Values that do not decode are ignored: the tab that
/// wrote them reports its own trouble. Dropping the guard stops listening.
pub fn watch_other_tabs(
    key: String,
    on_save: impl Fn(SavedProgress) + 'static,
) -> Option<OtherTabs> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    let window = web_sys::window()?;
    let closure =
        Closure::<dyn Fn(web_sys::StorageEvent)>::new(move |event: web_sys::StorageEvent| {
            if event.key().as_deref() != Some(key.as_str()) {
                return;
            }
            if let Some(value) = event.new_value()
                && let Ok(saved) = progress::decode(&value)
            {
                on_save(saved);
            }
        });
    window
        .add_event_listener_with_callback("storage", closure.as_ref().unchecked_ref())
        .ok()?;
    Some(OtherTabs { closure })
}

/// Keeps the `storage` listener alive; dropping it removes the listener.
pub struct OtherTabs {
    closure: wasm_bindgen::closure::Closure<dyn Fn(web_sys::StorageEvent)>,
}

impl Drop for OtherTabs {
    fn drop(&mut self) {
        use wasm_bindgen::JsCast;
        if let Some(window) = web_sys::window() {
            let _ = window.remove_event_listener_with_callback(
                "storage",
                self.closure.as_ref().unchecked_ref(),
            );
        }
    }
}

/// A small document of its own in `localStorage` (the facilitator's run): its text, if
/// there is one. The caller decodes it.
pub fn read_document(key: &str) -> Result<Option<String>, StorageError> {
    BrowserStorage::local()?.read(key)
}

/// Writes a document under `key`; `None` removes it.
pub fn write_document(key: &str, text: Option<&str>) -> Result<(), StorageError> {
    let storage = BrowserStorage::local()?;
    match text {
        Some(text) => storage.write(key, text),
        None => storage.remove(key),
    }
}

/// Copies a document this build cannot read to the first free `KEY.unreadable[.N]`, so
/// that starting afresh never destroys it. Returns the key used.
pub fn keep_document_aside(key: &str, text: &str) -> Result<String, StorageError> {
    keep_aside_under(
        &BrowserStorage::local()?,
        &format!("{key}.unreadable"),
        text,
    )
}
