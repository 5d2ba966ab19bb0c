//! The strategy profile library: the negotiation dimensions and the corporate
//! strategies every scenario can use, read from `scenarios/strategies.mandate`
//! through the same parser as scenarios.
//!
//! A profile says how much a strategy values each dimension (0 to 3); a choice's
//! `effects:` say what it does on each dimension; the alignment of the choice
//! under the strategy follows (see [`super::alignment_from_points`]).

use std::sync::OnceLock;

use crate::core::i18n::Locale;

use super::diagnostic::{Diagnostic, ScenarioErrors, Severity};
use super::model::{Block, Dimension};
use super::parse::{self, RawBlock, SectionKind};

/// A corporate strategy's profile, before a scenario adopts it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Profile {
    pub id: String,
    pub name: String,
    /// One weight (0 to 3) for each of [`Library::dimensions`], in order.
    pub weights: Vec<u8>,
    /// What a company with this strategy values in any negotiation.
    pub description: Vec<Block>,
}

/// The dimensions and profiles scenarios build on.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Library {
    pub dimensions: Vec<Dimension>,
    pub profiles: Vec<Profile>,
}

/// Where the built-in library comes from.
pub const STANDARD_FILE: &str = "scenarios/strategies.mandate";
const STANDARD_SOURCE: &str = include_str!("../../../scenarios/strategies.mandate");
/// Its German translation (compiled in natively; the browser build gets it from the
/// German language pack, see [`Library::install`]).
pub const GERMAN_FILE: &str = "scenarios/de/strategies.mandate";
#[cfg(not(target_arch = "wasm32"))]
const GERMAN_SOURCE: Option<&str> = Some(include_str!("../../../scenarios/de/strategies.mandate"));
#[cfg(target_arch = "wasm32")]
const GERMAN_SOURCE: Option<&str> = None;
/// The German library installed from a language pack.
static INSTALLED_GERMAN: OnceLock<Library> = OnceLock::new();

impl Library {
    /// The library shipped with Mandate, read once. A library that fails to load
    /// is a bug in the shipped file (the test suite loads it); it then counts as
    /// empty, so scenarios still load and report the strategies they miss.
    pub fn standard() -> &'static Library {
        static STANDARD: OnceLock<Library> = OnceLock::new();
        STANDARD.get_or_init(|| Library::load(STANDARD_FILE, STANDARD_SOURCE).unwrap_or_default())
    }

    /// The built-in library with its texts (names and descriptions) in `locale`, where
    /// a translation (`scenarios/<lang>/strategies.mandate`) exists and has exactly the
    /// English library's dimensions, strategies and weights; else the English library.
    pub fn standard_in(locale: Locale) -> &'static Library {
        static GERMAN: OnceLock<Library> = OnceLock::new();
        match locale {
            Locale::De => INSTALLED_GERMAN.get().unwrap_or_else(|| {
                GERMAN.get_or_init(|| {
                    GERMAN_SOURCE
                        .and_then(|source| Library::translation(GERMAN_FILE, source))
                        .unwrap_or_else(|| Library::standard().clone())
                })
            }),
            Locale::En | Locale::Pseudo => Library::standard(),
        }
    }

    /// A translation of the built-in library, if it loads and has exactly its profiles.
    fn translation(file: &str, source: &str) -> Option<Library> {
        Library::load(file, source)
            .ok()
            .filter(|translated| Library::standard().same_profiles(translated))
    }

    /// Installs the library translation of a language pack (`scenarios/<tag>/strategies.mandate`)
    /// for [`Library::standard_in`]. Refused (false) when it does not load or does not have
    /// exactly the built-in library's profiles; installing twice keeps the first.
    pub fn install(locale: Locale, file: &str, source: &str) -> bool {
        match (locale, Library::translation(file, source)) {
            (Locale::De, Some(library)) => {
                let _ = INSTALLED_GERMAN.set(library);
                true
            }
            _ => false,
        }
    }

    /// Whether `other` has the same dimension ids, strategy ids and weights, in order:
    /// a translation of this library.
    pub fn same_profiles(&self, other: &Library) -> bool {
        let dims = |l: &Library| {
            l.dimensions
                .iter()
                .map(|d| d.id.clone())
                .collect::<Vec<_>>()
        };
        let profiles = |l: &Library| {
            l.profiles
                .iter()
                .map(|p| (p.id.clone(), p.weights.clone()))
                .collect::<Vec<_>>()
        };
        dims(self) == dims(other) && profiles(self) == profiles(other)
    }

    /// The text of the built-in library.
    pub fn standard_source() -> &'static str {
        STANDARD_SOURCE
    }

    /// Reads a library file: only `== dimension` and `== strategy` blocks.
    pub fn load(file: &str, source: &str) -> Result<Library, ScenarioErrors> {
        let mut diagnostics = Vec::new();
        let raw = parse::parse(source, &mut diagnostics);
        if let Some(first) = raw.header.first() {
            diagnostics.push(Diagnostic::error(
                first.key_at(),
                "a profile library has no header; it holds only `== dimension` and \
                 `== strategy` blocks",
            ));
        }
        let mut library = Library::default();
        for section in raw.sections().filter(|s| s.kind == SectionKind::Dimension) {
            let section = &section;
            if library.dimensions.iter().any(|d| d.id == section.id) {
                diagnostics.push(Diagnostic::error(
                    section.id_at,
                    format!("duplicate dimension `{}`", section.id),
                ));
                continue;
            }
            let description = text_of(section.body);
            if description.is_empty() {
                diagnostics.push(Diagnostic::error(
                    section.id_at,
                    format!(
                        "`{}` has no text; describe what the dimension means in a deal",
                        section.id
                    ),
                ));
            }
            library.dimensions.push(Dimension {
                id: section.id.to_string(),
                name: super::validate::section_text(section, "name", &mut diagnostics),
                description,
            });
        }
        for section in raw.sections() {
            let section = &section;
            match section.kind {
                SectionKind::Dimension => {}
                SectionKind::Strategy => {
                    if library.profiles.iter().any(|p| p.id == section.id) {
                        diagnostics.push(Diagnostic::error(
                            section.id_at,
                            format!("duplicate strategy `{}`", section.id),
                        ));
                        continue;
                    }
                    let weights = match section.entries.iter().find(|e| e.key == "weights") {
                        Some(e) => {
                            super::validate::parse_weights(e, &library.dimensions, &mut diagnostics)
                        }
                        None => {
                            diagnostics.push(Diagnostic::error(
                                section.id_at,
                                format!(
                                    "the profile `{}` has no `weights:`; say how much it values \
                                     each dimension, like `weights: price 3, quality 1`",
                                    section.id
                                ),
                            ));
                            None
                        }
                    };
                    let description: Vec<Block> = section
                        .body
                        .iter()
                        .map(|b| match b {
                            RawBlock::Paragraph(t, _) | RawBlock::Speech(t, _) => {
                                Block::Paragraph(t.to_string())
                            }
                        })
                        .collect();
                    if description.is_empty() {
                        diagnostics.push(Diagnostic::error(
                            section.id_at,
                            format!(
                                "`{}` has no text; describe what the strategy values in a \
                                 negotiation",
                                section.id
                            ),
                        ));
                    }
                    library.profiles.push(Profile {
                        id: section.id.to_string(),
                        name: super::validate::section_text(section, "name", &mut diagnostics),
                        weights: weights.unwrap_or_default(),
                        description,
                    });
                }
                SectionKind::Scene | SectionKind::Ending => diagnostics.push(Diagnostic::error(
                    section.at,
                    "a profile library holds only `== dimension` and `== strategy` blocks; \
                     scenes and endings belong in a scenario file",
                )),
            }
        }
        let errors = diagnostics.iter().any(|d| d.severity == Severity::Error);
        if errors {
            diagnostics.sort_by_key(|d| (d.position, d.severity));
            Err(ScenarioErrors {
                file: file.to_string(),
                diagnostics,
            })
        } else {
            Ok(library)
        }
    }
}

fn text_of(body: &[RawBlock]) -> String {
    let parts: Vec<&str> = body
        .iter()
        .map(|b| match b {
            RawBlock::Paragraph(t, _) | RawBlock::Speech(t, _) => &**t,
        })
        .collect();
    parts.join(" ")
}
