//! Mandate: practise negotiating for your company's strategy.
//!
//! - [`core`]: the pure core (scenarios, engine, scoring, progress, session). std + serde only.
//! - [`platform`]: the imperative shell: browser storage and clock. Every call can fail; none panics.
//! - [`ui`]: Yew components, one reducer that delegates to [`core::session`].
//! - `packaging` (native only): LMS package zips for `mandate-cli package`, from the
//!   manifests of [`core::package`].
//!
//! See `ARCHITECTURE.md` for the map and the invariants.

pub mod core;
#[cfg(not(target_arch = "wasm32"))]
pub mod packaging;
pub mod platform;
pub mod ui;
