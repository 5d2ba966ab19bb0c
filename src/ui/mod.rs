//! The Yew user interface. One reducer ([`state::SessionState`]) owns the
//! session and delegates to [`crate::core::session`]; hooks in [`app`] do the
//! writing; screens are function components with data and `Callback` props.

pub mod app;
mod briefing;
mod certificate;
mod classroom;
mod debrief;
mod decision;
mod ending;
mod facilitate;
mod feedback;
mod home;
pub mod i18n;
mod lms;
mod map;
mod open_scenario;
mod progress;
pub mod state;
mod widgets;

pub use app::{App, AppProps, InstructorApp};
pub use lms::SUPPORT as LMS_SUPPORT;
