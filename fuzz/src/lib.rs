//! The fuzz targets' library: Mandate's pure core, compiled here from the app's own
//! source, and the checks every target runs (`checks.rs`).
//!
//! `src/core` uses std and serde only (ARCHITECTURE.md; `tests/architecture.rs` holds it
//! to that), so this crate compiles it directly instead of depending on the `mandate`
//! package and its browser dependencies (yew, web-sys, …), which no target runs: the
//! fuzz build takes a fraction of the time. `extern crate self as mandate` lets
//! `checks.rs` name the core `mandate::core`, as it does where `tests/fuzz_regressions.rs`
//! includes it against the real `mandate` crate.

extern crate self as mandate;

// Items the app's shell (ui, platform) uses but no check does.
#[allow(dead_code)]
#[path = "../../src/core/mod.rs"]
pub mod core;

mod checks;
pub use checks::*;
