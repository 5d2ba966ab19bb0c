//! Printing: the browser's print dialog, and today's date as the learner's browser
//! writes it (for a printed record or certificate).

use super::storage::describe;

/// Opens the browser's print dialog for the page as it is now.
pub fn print_page() -> Result<(), String> {
    let window = web_sys::window().ok_or("no browser window")?;
    window.print().map_err(|e| describe(&e))
}

/// Today's date in the browser's language, long form (e.g. "27 November 2026").
pub fn local_date() -> String {
    let options = js_sys::Object::new();
    for (key, value) in [("year", "numeric"), ("month", "long"), ("day", "numeric")] {
        let _ = js_sys::Reflect::set(&options, &key.into(), &value.into());
    }
    js_sys::Date::new_0()
        .to_locale_date_string("default", &options)
        .into()
}
