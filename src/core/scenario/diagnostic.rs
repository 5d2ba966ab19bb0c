//! Problems found while reading a scenario file, each with its location.

use std::fmt;

/// Whether a problem stops the scenario from being played.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Blocks: the scenario cannot be played until it is fixed.
    Error,
    /// Informs: the scenario plays, but the author probably wants to look.
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// A 1-based line and column in a scenario file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl Position {
    pub fn new(line: usize, column: usize) -> Self {
        Position { line, column }
    }
}

/// One problem: where it is, how bad it is, and what to do about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub position: Position,
    pub message: String,
}

impl Diagnostic {
    pub fn error(position: Position, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            position,
            message: message.into(),
        }
    }

    pub fn warning(position: Position, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            position,
            message: message.into(),
        }
    }

    /// Compiler-style rendering: `file:line:col: error: message`.
    pub fn render(&self, file: &str) -> String {
        format!(
            "{file}:{}:{}: {}: {}",
            self.position.line, self.position.column, self.severity, self.message
        )
    }
}

/// Every problem found in one file. Returned when at least one is an error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioErrors {
    pub file: String,
    pub diagnostics: Vec<Diagnostic>,
}

impl ScenarioErrors {
    pub fn error_count(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }
}

impl fmt::Display for ScenarioErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.diagnostics.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            f.write_str(&d.render(&self.file))?;
        }
        Ok(())
    }
}

impl std::error::Error for ScenarioErrors {}
