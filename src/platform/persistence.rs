//! Saving and loading the learner's progress: the core's encoding, written to
//! browser storage, with every fault turned into a message for the learner.
//! Nothing already saved is ever overwritten by something this build cannot read.

use crate::core::progress::{self, DecodeError, ProgressStore};

use super::storage::{BrowserStorage, StorageError};

/// Where progress lives in `localStorage`.
pub const PROGRESS_KEY: &str = "mandate.progress";
/// Where an unreadable save is moved before a fresh one is started.
pub const UNREADABLE_KEY: &str = "mandate.progress.unreadable";

/// How (and whether) progress can be written in this visit.
#[derive(Clone, Debug)]
pub enum Persistence {
    /// Progress is written after every change.
    Saving(BrowserStorage),
    /// Progress stays in memory only; the learner has been told why.
    MemoryOnly,
}

/// What opening storage found.
#[derive(Debug)]
pub struct Opened {
    pub persistence: Persistence,
    pub store: ProgressStore,
    /// Messages for the learner, already worded.
    pub notices: Vec<String>,
}

pub fn unavailable_notice(error: &StorageError) -> String {
    format!(
        "Progress can't be kept on this device: {error}. You can play, but your progress will be \
         lost when you close this page."
    )
}

pub fn write_failed_notice(error: &StorageError) -> String {
    match error {
        StorageError::QuotaExceeded => "Your latest step could not be saved: the browser's storage for this \
             site is full. Everything saved before is intact; free some space or keep this page open."
            .to_string(),
        other => format!(
            "Your latest step could not be saved ({other}). Everything saved before is intact; keep this \
             page open to carry on."
        ),
    }
}

/// Opens `window.localStorage` and reads the saved progress.
pub fn open() -> Opened {
    match BrowserStorage::local() {
        Ok(storage) => open_with(storage),
        Err(e) => Opened {
            persistence: Persistence::MemoryOnly,
            store: ProgressStore::empty(),
            notices: vec![unavailable_notice(&e)],
        },
    }
}

/// Reads progress from `storage`, deciding how this visit may write.
pub fn open_with(storage: BrowserStorage) -> Opened {
    let raw = match storage.read(PROGRESS_KEY) {
        Ok(raw) => raw,
        Err(e) => {
            return Opened {
                persistence: Persistence::MemoryOnly,
                store: ProgressStore::empty(),
                notices: vec![unavailable_notice(&e)],
            };
        }
    };
    let Some(raw) = raw else {
        return Opened {
            persistence: Persistence::Saving(storage),
            store: ProgressStore::empty(),
            notices: vec![],
        };
    };
    match progress::decode(&raw) {
        Ok(store) => Opened {
            persistence: Persistence::Saving(storage),
            store,
            notices: vec![],
        },
        Err(e @ DecodeError::NewerSchema { .. }) => Opened {
            // Never overwrite a save this build cannot understand.
            persistence: Persistence::MemoryOnly,
            store: ProgressStore::empty(),
            notices: vec![format!(
                "Your saved progress can't be used here: {e}. This visit will not be saved, so \
                 that the newer save stays intact."
            )],
        },
        Err(e) => match storage.write(UNREADABLE_KEY, &raw) {
            Ok(()) => Opened {
                persistence: Persistence::Saving(storage),
                store: ProgressStore::empty(),
                notices: vec![format!(
                    "Your saved progress could not be read: {e}. A copy was kept (under \
                     “{UNREADABLE_KEY}”) and a fresh record was started."
                )],
            },
            Err(write_error) => Opened {
                persistence: Persistence::MemoryOnly,
                store: ProgressStore::empty(),
                notices: vec![format!(
                    "Your saved progress could not be read: {e}. It could not be copied aside \
                     either ({write_error}), so it is left untouched and this visit will not be saved."
                )],
            },
        },
    }
}

impl Persistence {
    /// Writes `store`. In memory-only mode this does nothing and succeeds.
    pub fn save(&self, store: &ProgressStore) -> Result<(), StorageError> {
        match self {
            Persistence::Saving(storage) => storage.write(PROGRESS_KEY, &progress::encode(store)),
            Persistence::MemoryOnly => Ok(()),
        }
    }

    pub fn is_saving(&self) -> bool {
        matches!(self, Persistence::Saving(_))
    }
}
