//! The imperative shell: the only code that touches `window`, `localStorage` or
//! the clock. Every call here can fail; failures come back as values, never panics.

pub mod clock;
pub mod cmi5;
pub mod embed;
pub mod fetch;
pub mod files;
pub mod language_pack;
pub mod lifecycle;
pub mod lms_session;
pub mod locale;
pub mod navigation;
pub mod panic;
pub mod persistence;
pub mod print;
pub mod scenario_pack;
pub mod scorm;
pub mod storage;
pub mod style;
