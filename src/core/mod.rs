//! The pure core: std and serde only. No yew, web-sys, js-sys or wasm-bindgen here;
//! clock readings and storage contents come in as arguments.

pub mod analysis;
pub mod builtin;
pub mod civil_date;
pub mod classroom;
pub mod crc;
pub mod debrief;
pub mod embed;
pub mod engine;
pub mod facilitation;
pub(crate) mod fast_hash;
pub mod i18n;
pub mod lms;
pub mod map;
pub mod package;
pub mod progress;
pub mod qr;
pub mod scenario;
pub mod scoring;
pub mod session;
pub mod url_param;
pub mod xml;
