//! Scenarios: the text format authors write, and the validated model the engine plays.
//!
//! Raw text goes in at one door, [`load`], and comes out as a [`Scenario`] whose
//! references all resolve — or as every problem found, each with its line and column.
//! Built-in scenarios and an author's own file take the same door.

mod diagnostic;
mod library;
mod model;
mod parse;
mod translation;
mod validate;

pub use diagnostic::{Diagnostic, Position, ScenarioErrors, Severity};
pub use library::{Library, Profile};
pub use model::*;
pub use translation::{differences, load_translation};
pub use validate::{DEFAULT_RANGE, HEADER_KEYS};

use crate::core::analysis::{Analysis, Place};

/// A scenario that passed validation, with the warnings it still carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Loaded {
    pub scenario: Scenario,
    pub warnings: Vec<Diagnostic>,
}

/// Parses and validates `source`. `file` only names the source in messages.
///
/// Never panics: any input gives either a scenario or a list of located problems.
pub fn load(file: &str, source: &str) -> Result<Loaded, ScenarioErrors> {
    load_analysed(file, source).map(|(loaded, _)| loaded)
}

/// [`load`], also returning the state-space analysis it ran (the engine and
/// scoring need it; computing it once saves a second pass).
pub fn load_analysed(file: &str, source: &str) -> Result<(Loaded, Analysis), ScenarioErrors> {
    load_with(file, source, Library::standard())
}

/// [`load_analysed`] against another profile library than the built-in one.
pub fn load_with(
    file: &str,
    source: &str,
    library: &Library,
) -> Result<(Loaded, Analysis), ScenarioErrors> {
    let mut diagnostics = Vec::new();
    let raw = parse::parse(source, &mut diagnostics);
    let scenario = validate::validate(source, &raw, library, &mut diagnostics);
    let analysis = scenario.as_ref().map(|scenario| {
        let analysis = Analysis::of(scenario);
        let position_of = |id: &str| {
            raw.records
                .iter()
                .find(|s| {
                    s.id == id
                        && matches!(
                            s.kind,
                            parse::SectionKind::Scene | parse::SectionKind::Ending
                        )
                })
                .map(|s| s.id_at)
                .unwrap_or(Position::new(1, 1))
        };
        for finding in &analysis.findings {
            let at = match finding.at {
                Place::Scene(i) => position_of(scenario.scene(i).id.as_str()),
                Place::Ending(i) => position_of(scenario.ending(i).id.as_str()),
                Place::Scenario => Position::new(1, 1),
            };
            diagnostics.push(if finding.error {
                Diagnostic::error(at, finding.message.clone())
            } else {
                Diagnostic::warning(at, finding.message.clone())
            });
        }
        analysis
    });
    diagnostics.sort_by_key(|d| (d.position, d.severity));
    let has_errors = diagnostics.iter().any(|d| d.severity == Severity::Error);
    match (scenario, analysis) {
        (Some(scenario), Some(analysis)) if !has_errors => Ok((
            Loaded {
                scenario,
                warnings: diagnostics,
            },
            analysis,
        )),
        _ => Err(ScenarioErrors {
            file: file.to_string(),
            diagnostics,
        }),
    }
}
