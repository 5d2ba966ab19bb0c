//! The browser's side of languages: the learner's preferred languages, the page's
//! `lang` attribute, the local time-zone offset, and the language remembered with
//! progress on this device.

use crate::core::i18n::Locale;
use crate::core::progress;

use super::persistence::{self, PROGRESS_KEY};

/// The browser's preferred languages, most preferred first (`navigator.languages`,
/// else `navigator.language`); empty when there is no browser window.
pub fn preferred() -> Vec<String> {
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else {
        return Vec::new();
    };
    let list: Vec<String> = navigator
        .languages()
        .iter()
        .filter_map(|v| v.as_string())
        .collect();
    if list.is_empty() {
        navigator.language().into_iter().collect()
    } else {
        list
    }
}

/// Sets `<html lang>` so that screen readers pronounce the page in its language.
pub fn set_document_language(locale: Locale) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("lang", locale.tag());
    }
}

/// Minutes the local time is ahead of UTC (Berlin in winter: 60).
pub fn utc_offset_minutes() -> i32 {
    -(js_sys::Date::new_0().get_timezone_offset() as i32)
}

/// Minutes the local time was ahead of UTC at `ms` milliseconds since the Unix epoch
/// (summer time included: Berlin in July is 120).
pub fn utc_offset_minutes_at(ms: i64) -> i32 {
    -(js_sys::Date::new(&(ms as f64).into()).get_timezone_offset() as i32)
}

/// The language remembered with this device's progress (its learner in use), if any.
/// Unreadable or missing storage is simply "none".
pub fn remembered() -> Option<Locale> {
    let text = persistence::read_document(PROGRESS_KEY).ok().flatten()?;
    progress::decode(&text).ok()?.language()
}

/// Remembers `locale` with this device's progress, for pages that have no session of
/// their own (facilitator mode, the class set-up). A save that cannot be read is left
/// untouched: it is kept aside by the player, never overwritten here. A failure is
/// logged: the language still changes for this visit.
pub fn remember(locale: Locale) {
    if let Err(e) = try_remember(locale) {
        web_sys::console::warn_1(&format!("Mandate: the language was not remembered: {e}").into());
    }
}

fn try_remember(locale: Locale) -> Result<(), String> {
    let mut saved = match persistence::read_document(PROGRESS_KEY).map_err(|e| e.to_string())? {
        Some(text) => progress::decode(&text).map_err(|e| e.to_string())?,
        None => progress::SavedProgress::empty(),
    };
    if saved.language() == Some(locale) {
        return Ok(());
    }
    saved.set_language(locale);
    persistence::write_document(PROGRESS_KEY, Some(&progress::encode(&saved)))
        .map_err(|e| e.to_string())
}
