//! The scenarios shipped with Mandate. They are text files in `scenarios/`, loaded
//! through the same [`crate::core::scenario::load`] an author's own file goes through.
//! The first is compiled in; the others are compiled in natively and, in the browser,
//! fetched after the first screen as one [`ScenarioPack`] (issue 10: the first screen
//! downloads only what it needs).

use super::i18n::pack::{self, PackError};
use super::scenario::{self, ScenarioErrors};
use super::session::Entry;

/// The first scenario of the curriculum, compiled in everywhere: the first screen
/// needs it.
pub const FIRST: (&str, &str) = (
    "scenarios/purchasing-tech-leader.mandate",
    include_str!("../../scenarios/purchasing-tech-leader.mandate"),
);

/// The other built-in scenarios (file names), in the curriculum's order (see README, "The
/// scenario library"). Natively they are compiled in ([`LATER_SOURCES`]); the browser
/// build fetches them after the first screen, as one [`ScenarioPack`] that
/// `scripts/scenario-pack.mjs` writes from this list.
pub const LATER: &[&str] = &[
    "scenarios/sales-distributor.mandate",
    "scenarios/silo-launch-date.mandate",
    "scenarios/market-shift.mandate",
    "scenarios/purchasing-cost-leader.mandate",
    "scenarios/setting-the-mandate.mandate",
];

/// `(file name, source text)` of the [`LATER`] scenarios compiled in: all of them
/// natively, none in the browser build.
#[cfg(not(target_arch = "wasm32"))]
pub const LATER_SOURCES: &[(&str, &str)] = &[
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
#[cfg(target_arch = "wasm32")]
pub const LATER_SOURCES: &[(&str, &str)] = &[];

/// `(file name, source text)` of every built-in scenario compiled in, in the
/// curriculum's order: natively all of them, in the browser the first.
pub fn sources() -> Vec<(&'static str, &'static str)> {
    std::iter::once(FIRST)
        .chain(LATER_SOURCES.iter().copied())
        .collect()
}

/// Whether every built-in scenario is compiled in (natively), so that nothing is fetched.
pub fn all_compiled_in() -> bool {
    LATER_SOURCES.len() == LATER.len()
}

/// The scenario id a built-in file name stands for (`scenarios/<id>.mandate`).
pub fn id_of(file: &str) -> &str {
    file.rsplit('/')
        .next()
        .and_then(|name| name.strip_suffix(".mandate"))
        .unwrap_or(file)
}

/// Whether `id` is a built-in scenario compiled into this build (natively all of them; in
/// the browser the first).
pub fn compiled_in(id: &str) -> bool {
    id_of(FIRST.0) == id || LATER_SOURCES.iter().any(|(f, _)| id_of(f) == id)
}

/// Whether `id` is a built-in scenario's, compiled in or not: an author's file may not
/// take it, even before the pack has arrived.
pub fn is_builtin_id(id: &str) -> bool {
    id_of(FIRST.0) == id || LATER.iter().any(|f| id_of(f) == id)
}

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

/// Loads every built-in scenario compiled in: natively all of them, in the browser the
/// first. Errors here are bugs in the shipped content; the test suite loads the same
/// files, so a broken one never reaches a release.
pub fn load_all() -> Result<Vec<Entry>, Vec<ScenarioErrors>> {
    load(&sources())
}

/// Loads the [`LATER`] scenarios from their pack, in the curriculum's order.
pub fn load_later(pack: &ScenarioPack) -> Result<Vec<Entry>, Vec<ScenarioErrors>> {
    let sources: Vec<(&str, &str)> = pack
        .files
        .iter()
        .map(|(file, text)| (file.as_str(), text.as_str()))
        .collect();
    load(&sources)
}

fn load(sources: &[(&str, &str)]) -> Result<Vec<Entry>, Vec<ScenarioErrors>> {
    let mut entries = Vec::new();
    let mut errors = Vec::new();
    for (file, source) in sources {
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

/// The [`LATER`] scenarios in one text file, fetched by the browser build after its first
/// screen: the language packs' format ([`crate::core::i18n::pack`]) under the header
/// `mandate-scenario-pack 1`, holding exactly the [`LATER`] files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioPack {
    /// `(file name, source text)`, in [`LATER`]'s order whatever the pack's.
    pub files: Vec<(String, String)>,
}

impl ScenarioPack {
    /// Reads a pack: every file must be one of [`LATER`], and every one must be there.
    pub fn parse(text: &str) -> Result<ScenarioPack, PackError> {
        let (header, rest) = text.split_once('\n').ok_or(PackError::NotAScenarioPack)?;
        let mut words = header.split(' ');
        if words.next() != Some(pack::SCENARIO_MAGIC) {
            return Err(PackError::NotAScenarioPack);
        }
        let version = words.next().ok_or(PackError::NotAScenarioPack)?;
        match version.parse::<u32>() {
            Ok(pack::FORMAT) => {}
            Ok(v) if v > pack::FORMAT => {
                return Err(PackError::NewerScenarioFormat(version.to_string()));
            }
            _ => return Err(PackError::NotAScenarioPack),
        }
        if words.next().is_some() {
            return Err(PackError::NotAScenarioPack);
        }
        let belongs = |path: &str| {
            path.strip_prefix("scenarios/")
                .and_then(|name| name.strip_suffix(".mandate"))
                .is_some_and(pack::plain_name)
        };
        let mut read = pack::read_entries(rest, belongs, |path| {
            PackError::NotAScenario(path.to_string())
        })?;
        if let Some((path, _)) = read
            .iter()
            .find(|(path, _)| !LATER.contains(&path.as_str()))
        {
            return Err(PackError::NotLater(path.clone()));
        }
        let mut files = Vec::new();
        for later in LATER {
            let at = read
                .iter()
                .position(|(path, _)| path == later)
                .ok_or_else(|| PackError::Missing(later.to_string()))?;
            files.push(read.swap_remove(at));
        }
        Ok(ScenarioPack { files })
    }

    /// Writes a pack of `files` (file names and texts), in their order.
    pub fn write(files: &[(&str, &str)]) -> String {
        let mut out = format!("{} {}\n", pack::SCENARIO_MAGIC, pack::FORMAT);
        pack::write_entries(&mut out, files);
        out
    }
}

/// Whether the translation file `file` (`scenarios/de/<id>.mandate`) is of `entry`.
pub fn translates(file: &str, entry: &Entry) -> bool {
    file.ends_with(".mandate") && id_of(file) == entry.scenario.id.as_str()
}
