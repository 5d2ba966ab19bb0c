//! Which LMS learner this tab last played for, kept in sessionStorage: a reload inside
//! an LMS's player cannot start a second SCORM session, but it can carry on from that
//! learner's local copy instead of the default one.

use super::storage::BrowserStorage;

const KEY: &str = "mandate.lms.storage-key";

/// Notes the progress key of this tab's LMS session (best effort).
pub fn remember(storage_key: &str) {
    if let Ok(session) = BrowserStorage::session() {
        let _ = session.write(KEY, storage_key);
    }
}

/// The progress key noted by an earlier load of this tab, if any.
pub fn recall() -> Option<String> {
    BrowserStorage::session()
        .ok()?
        .read(KEY)
        .ok()
        .flatten()
        .filter(|k| k.starts_with(super::persistence::PROGRESS_KEY))
}
