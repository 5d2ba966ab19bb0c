//! The scenarios shipped with Mandate. They are text files in `scenarios/`,
//! compiled in as text and loaded through the same [`crate::core::scenario::load`]
//! an author's own file goes through.

use super::scenario::{self, ScenarioErrors};
use super::session::Entry;

/// `(file name, source text)` of every built-in scenario, in the order the home screen
/// lists them: the curriculum's order (see README, "The scenario library").
pub const SOURCES: &[(&str, &str)] = &[
    (
        "scenarios/purchasing-tech-leader.mandate",
        include_str!("../../scenarios/purchasing-tech-leader.mandate"),
    ),
    (
        "scenarios/sales-distributor.mandate",
        include_str!("../../scenarios/sales-distributor.mandate"),
    ),
    (
        "scenarios/silo-launch-date.mandate",
        include_str!("../../scenarios/silo-launch-date.mandate"),
    ),
    (
        "scenarios/market-shift.mandate",
        include_str!("../../scenarios/market-shift.mandate"),
    ),
    (
        "scenarios/purchasing-cost-leader.mandate",
        include_str!("../../scenarios/purchasing-cost-leader.mandate"),
    ),
    (
        "scenarios/setting-the-mandate.mandate",
        include_str!("../../scenarios/setting-the-mandate.mandate"),
    ),
];

/// Translations of built-in scenarios (`scenarios/<language>/<id>.mandate`): `(file name,
/// source text)`. Each is loaded against its original by
/// [`crate::core::scenario::load_translation`]. Compiled in natively only: the browser
/// build gets them from a language pack ([`crate::core::session::Action::AddTranslations`]).
#[cfg(not(target_arch = "wasm32"))]
pub const TRANSLATIONS: &[(&str, &str)] = &[(
    "scenarios/de/purchasing-tech-leader.mandate",
    include_str!("../../scenarios/de/purchasing-tech-leader.mandate"),
)];
#[cfg(target_arch = "wasm32")]
pub const TRANSLATIONS: &[(&str, &str)] = &[];

/// Loads every built-in scenario. Errors here are bugs in the shipped content;
/// the test suite loads the same files, so a broken one never reaches a release.
pub fn load_all() -> Result<Vec<Entry>, Vec<ScenarioErrors>> {
    let mut entries = Vec::new();
    let mut errors = Vec::new();
    for (file, source) in SOURCES {
        match scenario::load_analysed(file, source) {
            Ok((loaded, analysis)) => {
                let mut entry = Entry::with_analysis(loaded.scenario, analysis);
                let mut versions = vec![entry.scenario.clone()];
                for (file, source) in TRANSLATIONS.iter().filter(|(f, _)| translates(f, &entry)) {
                    match scenario::load_translation(&entry.scenario, file, source) {
                        Ok(translated) => versions.push(translated),
                        Err(e) => errors.push(e),
                    }
                }
                if versions.len() > 1 {
                    entry.versions = versions.into();
                }
                entries.push(entry)
            }
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(entries)
    } else {
        Err(errors)
    }
}

/// Whether the translation file `file` (`scenarios/de/<id>.mandate`) is of `entry`.
pub fn translates(file: &str, entry: &Entry) -> bool {
    file.rsplit('/')
        .next()
        .and_then(|name| name.strip_suffix(".mandate"))
        .is_some_and(|id| id == entry.scenario.id.as_str())
}
