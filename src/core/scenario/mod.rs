//! Scenarios: the text format authors write, and the validated model the engine plays.
//!
//! Raw text goes in at one door, [`load`], and comes out as a [`Scenario`] whose
//! references all resolve — or as every problem found, each with its line and column.
//! Built-in scenarios and an author's own file take the same door.

mod diagnostic;
mod model;
mod parse;
mod validate;

pub use diagnostic::{Diagnostic, Position, ScenarioErrors, Severity};
pub use model::*;
pub use validate::HEADER_KEYS;

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
    let mut diagnostics = Vec::new();
    let raw = parse::parse(source, &mut diagnostics);
    let scenario = validate::validate(source, &raw, &mut diagnostics);
    diagnostics.sort_by_key(|d| (d.position, d.severity));
    let has_errors = diagnostics.iter().any(|d| d.severity == Severity::Error);
    match scenario {
        Some(scenario) if !has_errors => Ok(Loaded {
            scenario,
            warnings: diagnostics,
        }),
        _ => Err(ScenarioErrors {
            file: file.to_string(),
            diagnostics,
        }),
    }
}
