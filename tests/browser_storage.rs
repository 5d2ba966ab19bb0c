//! The storage layer in a real browser (headless Chromium via wasm-bindgen-test):
//! writing and reading back, a corrupted value, a save from a newer release,
//! storage that throws, and a full quota.
#![cfg(target_arch = "wasm32")]

use mandate::core::progress::{self, ProgressStore, SavedProgress};
use mandate::platform::persistence::{self, PROGRESS_KEY, Persistence, UNREADABLE_KEY};
use mandate::platform::storage::{BrowserStorage, StorageError};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn local() -> BrowserStorage {
    let storage = BrowserStorage::local().expect("localStorage is available in the test page");
    storage.remove(PROGRESS_KEY).unwrap();
    storage.remove(UNREADABLE_KEY).unwrap();
    storage.remove(&format!("{UNREADABLE_KEY}.2")).unwrap();
    storage
}

/// A `Storage`-shaped object whose methods throw `error_js`.
fn throwing_storage(error_js: &str) -> BrowserStorage {
    let object = js_sys::Function::new_no_args(&format!(
        "const fail = () => {{ throw {error_js}; }};
         return {{ getItem: fail, setItem: fail, removeItem: fail }};"
    ))
    .call0(&wasm_bindgen::JsValue::NULL)
    .unwrap();
    BrowserStorage::from_storage(object.unchecked_into())
}

fn sample_store() -> SavedProgress {
    let mut store = ProgressStore::empty();
    store.active = Some("purchasing-tech-leader".into());
    store
        .scenarios
        .insert("purchasing-tech-leader".into(), Default::default());
    store.into()
}

#[wasm_bindgen_test]
fn writes_and_reads_back() {
    let storage = local();
    assert_eq!(storage.read("mandate.test.absent").unwrap(), None);
    storage
        .write("mandate.test.value", "héllo “quotes”")
        .unwrap();
    assert_eq!(
        storage.read("mandate.test.value").unwrap().as_deref(),
        Some("héllo “quotes”")
    );
    storage.remove("mandate.test.value").unwrap();
    assert_eq!(storage.read("mandate.test.value").unwrap(), None);
}

#[wasm_bindgen_test]
fn saved_progress_comes_back_on_the_next_open() {
    let storage = local();
    let opened = persistence::open_with(storage.clone());
    assert!(opened.notices.is_empty());
    assert_eq!(opened.saved, SavedProgress::empty());
    opened.persistence.save(&sample_store()).unwrap();
    let reopened = persistence::open_with(storage.clone());
    assert_eq!(reopened.saved, sample_store());
    assert!(reopened.persistence.is_saving());
    assert!(reopened.notices.is_empty());
}

#[wasm_bindgen_test]
fn a_corrupted_value_is_kept_aside_and_a_fresh_record_started() {
    let storage = local();
    let damaged = &progress::encode(&sample_store())[..20];
    storage.write(PROGRESS_KEY, damaged).unwrap();
    let opened = persistence::open_with(storage.clone());
    assert_eq!(opened.saved, SavedProgress::empty());
    assert!(opened.persistence.is_saving());
    assert_eq!(
        storage.read(UNREADABLE_KEY).unwrap().as_deref(),
        Some(damaged)
    );
    assert_eq!(opened.notices.len(), 1);
    assert!(
        opened.notices[0].starts_with(
            "Your saved progress could not be read: saved progress is damaged (not valid JSON: EOF while parsing"
        ),
        "{}",
        opened.notices[0]
    );
    assert!(opened.notices[0].ends_with(
        "A copy was kept (under “mandate.progress.unreadable”) and a fresh record was started."
    ));
}

#[wasm_bindgen_test]
fn a_save_from_a_newer_release_is_never_overwritten() {
    let storage = local();
    let newer = r#"{"schema":3,"future":"data"}"#;
    storage.write(PROGRESS_KEY, newer).unwrap();
    let opened = persistence::open_with(storage.clone());
    assert!(!opened.persistence.is_saving());
    opened.persistence.save(&sample_store()).unwrap();
    assert_eq!(storage.read(PROGRESS_KEY).unwrap().as_deref(), Some(newer));
    assert_eq!(
        opened.notices,
        [
            "Your saved progress can't be used here: saved progress uses format version 3, written by a newer \
          release of Mandate; this release reads up to version 2. This visit will not be saved, so that the \
          newer save stays intact."
        ]
    );
}

#[wasm_bindgen_test]
fn storage_that_throws_gives_errors_and_memory_only_progress() {
    let storage =
        throwing_storage("new DOMException('The operation is insecure.', 'SecurityError')");
    assert_eq!(
        storage.read("x"),
        Err(StorageError::Unavailable(
            "SecurityError: The operation is insecure.".into()
        ))
    );
    assert!(storage.write("x", "y").is_err());
    let opened = persistence::open_with(storage);
    assert!(matches!(opened.persistence, Persistence::MemoryOnly));
    assert_eq!(
        opened.notices,
        [
            "Progress can't be kept on this device: browser storage is unavailable (SecurityError: The operation \
          is insecure.). You can play, but your progress will be lost when you close this page; to keep it, \
          open “Your progress” and export it to a file."
        ]
    );
    // Saving in memory-only mode succeeds without touching anything.
    assert_eq!(opened.persistence.save(&sample_store()), Ok(()));
}

#[wasm_bindgen_test]
fn other_thrown_values_are_described() {
    let storage = throwing_storage("new TypeError('boom')");
    assert_eq!(
        storage.write("x", "y"),
        Err(StorageError::Failed("TypeError: boom".into()))
    );
    let storage = throwing_storage("'a plain string'");
    assert_eq!(
        storage.read("x"),
        Err(StorageError::Failed("a plain string".into()))
    );
}

#[wasm_bindgen_test]
fn a_full_quota_is_reported_and_what_was_saved_survives() {
    let storage = local();
    storage
        .write(PROGRESS_KEY, &progress::encode(&sample_store()))
        .unwrap();
    // Real localStorage: about 5 MB per origin, so 12 MB cannot fit.
    let huge = "x".repeat(12 * 1024 * 1024);
    assert_eq!(
        storage.write("mandate.test.huge", &huge),
        Err(StorageError::QuotaExceeded)
    );
    assert_eq!(
        persistence::write_failed_notice(&StorageError::QuotaExceeded),
        "Your latest step could not be saved: the browser's storage for this site is full. Everything saved \
         before is intact; free some space or keep this page open."
    );
    assert_eq!(
        storage.read(PROGRESS_KEY).unwrap(),
        Some(progress::encode(&sample_store()))
    );
    let quota_storage = throwing_storage("new DOMException('full', 'QuotaExceededError')");
    assert_eq!(
        quota_storage.write("k", "v"),
        Err(StorageError::QuotaExceeded)
    );
}

#[wasm_bindgen_test]
fn a_version_1_save_opens_as_the_default_learner() {
    let storage = local();
    storage
        .write(
            PROGRESS_KEY,
            r#"{"schema":1,"active":"purchasing-tech-leader","scenarios":{"purchasing-tech-leader":{"completions":3}}}"#,
        )
        .unwrap();
    let opened = persistence::open_with(storage.clone());
    assert!(opened.notices.is_empty(), "{:?}", opened.notices);
    assert!(opened.persistence.is_saving());
    assert_eq!(opened.saved.profile().name, "Learner");
    assert_eq!(
        opened.saved.store().scenarios["purchasing-tech-leader"].completions,
        3
    );
    // Nothing is moved aside: the old save was read, not damaged.
    assert_eq!(storage.read(UNREADABLE_KEY).unwrap(), None);
}

#[wasm_bindgen_test]
fn a_second_unreadable_save_never_overwrites_the_first_backup() {
    let storage = local();
    storage.write(PROGRESS_KEY, "{ first damage").unwrap();
    let _ = persistence::open_with(storage.clone());
    storage.write(PROGRESS_KEY, "[second damage").unwrap();
    let opened = persistence::open_with(storage.clone());
    assert_eq!(
        storage.read(UNREADABLE_KEY).unwrap().as_deref(),
        Some("{ first damage")
    );
    let second = format!("{UNREADABLE_KEY}.2");
    assert_eq!(
        storage.read(&second).unwrap().as_deref(),
        Some("[second damage")
    );
    assert!(
        opened.notices[0].contains(&format!("(under “{second}”)")),
        "{:?}",
        opened.notices
    );
}
