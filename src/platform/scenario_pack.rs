//! Fetches the built-in scenarios that are not compiled in: the build names their pack in
//! `index.html` as `<link rel="alternate" data-mandate-scenarios href="./scenarios-<hash>.txt">`
//! (scripts/scenario-pack.mjs). The pack is read and the scenarios loaded by the core
//! ([`crate::core::builtin::ScenarioPack`], [`crate::core::builtin::load_later`]); every
//! failure comes back as a sentence, never a panic.

use crate::core::builtin::{self, ScenarioPack};
use crate::core::session::Entry;

use super::fetch;

/// The [`builtin::LATER`] scenarios, fetched, read and loaded. A failure is logged and
/// comes back as its reason.
pub async fn load() -> Result<Vec<Entry>, String> {
    let loaded = fetch_pack().await.and_then(|pack| {
        builtin::load_later(&pack).map_err(|errors| {
            let first = errors.first().map(ToString::to_string).unwrap_or_default();
            format!("a scenario in it does not load: {first}")
        })
    });
    if let Err(why) = &loaded {
        web_sys::console::warn_1(&format!("Mandate: scenario pack: {why}").into());
    }
    loaded
}

async fn fetch_pack() -> Result<ScenarioPack, String> {
    let href = fetch::linked("link[data-mandate-scenarios]")?
        .ok_or("this build names no scenario pack in its page")?;
    let text = fetch::own_text(&href).await?;
    ScenarioPack::parse(&text).map_err(|e| format!("{href}: {e}"))
}
