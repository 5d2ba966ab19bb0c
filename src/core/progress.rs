//! What is kept between visits, and how it is written: one JSON document with a
//! schema version. Decoding is strict and says exactly what is wrong.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

/// The schema this build writes and reads.
pub const SCHEMA_VERSION: u32 = 1;

/// Everything saved for one learner on one device.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgressStore {
    pub schema: u32,
    /// The scenario the learner was in when they left, if any: reopening returns there.
    #[serde(default)]
    pub active: Option<String>,
    #[serde(default)]
    pub scenarios: BTreeMap<String, ScenarioRecord>,
}

impl ProgressStore {
    pub fn empty() -> Self {
        ProgressStore {
            schema: SCHEMA_VERSION,
            active: None,
            scenarios: BTreeMap::new(),
        }
    }

    pub fn record(&self, scenario_id: &str) -> Option<&ScenarioRecord> {
        self.scenarios.get(scenario_id)
    }
}

/// Progress in one scenario.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioRecord {
    /// The current attempt: in progress, or finished and not yet replaced.
    #[serde(default)]
    pub attempt: Option<SavedAttempt>,
    #[serde(default)]
    pub best: Option<BestResult>,
    /// How many attempts reached an ending.
    #[serde(default)]
    pub completions: u32,
    /// A practice run from the debrief ("what if I had chosen otherwise here?"): played
    /// instead of `attempt` while present, never counted, never touching `attempt`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub practice: Option<SavedAttempt>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SavedAttempt {
    /// Content hash (hex) of the scenario the choices were made in.
    pub hash: String,
    /// Id of the strategy the attempt is played under; absent for the scenario's default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strategy: Option<String>,
    /// Ids of the choices taken, in order.
    pub choices: Vec<String>,
    /// The confidence rated before each choice (1 unsure, 2 fairly sure, 3 certain,
    /// 0 not rated), where the scenario asks; may be shorter than `choices`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub confidence: Vec<u8>,
    /// The learner has read the briefing and started deciding.
    pub briefed: bool,
    /// The feedback on the last choice is still open.
    pub feedback: bool,
    /// Milliseconds since the Unix epoch.
    pub started: u64,
    pub updated: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BestResult {
    pub score: u8,
    pub passed: bool,
    /// When it was reached, milliseconds since the Unix epoch.
    pub at: u64,
}

/// Why stored progress could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// Not JSON at all, or cut short.
    NotJson(String),
    /// JSON, but not shaped like saved progress.
    WrongShape(String),
    /// Written by a newer release of Mandate.
    NewerSchema { found: u64, supported: u32 },
    /// A schema number this release never wrote.
    UnknownSchema(String),
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::NotJson(e) => write!(f, "saved progress is damaged (not valid JSON: {e})"),
            DecodeError::WrongShape(e) => {
                write!(f, "saved progress has an unexpected shape ({e})")
            }
            DecodeError::NewerSchema { found, supported } => write!(
                f,
                "saved progress uses format version {found}, written by a newer release of Mandate; \
                 this release reads up to version {supported}"
            ),
            DecodeError::UnknownSchema(found) => {
                write!(f, "saved progress has an unknown format version ({found})")
            }
        }
    }
}

impl std::error::Error for DecodeError {}

pub fn encode(store: &ProgressStore) -> String {
    // Serialising plain structs with string keys cannot fail.
    serde_json::to_string(store).unwrap_or_default()
}

pub fn decode(text: &str) -> Result<ProgressStore, DecodeError> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| DecodeError::NotJson(e.to_string()))?;
    let schema = match value.get("schema") {
        Some(serde_json::Value::Number(n)) => n.as_u64(),
        Some(other) => return Err(DecodeError::UnknownSchema(other.to_string())),
        None => {
            return Err(DecodeError::WrongShape(
                "no `schema` field at the top level".to_string(),
            ));
        }
    };
    match schema {
        Some(n) if n == u64::from(SCHEMA_VERSION) => {}
        Some(n) if n > u64::from(SCHEMA_VERSION) => {
            return Err(DecodeError::NewerSchema {
                found: n,
                supported: SCHEMA_VERSION,
            });
        }
        _ => {
            return Err(DecodeError::UnknownSchema(
                value
                    .get("schema")
                    .map(|v| v.to_string())
                    .unwrap_or_default(),
            ));
        }
    }
    serde_json::from_value(value).map_err(|e| DecodeError::WrongShape(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> ProgressStore {
        let mut store = ProgressStore::empty();
        store.active = Some("purchasing-tech-leader".into());
        store.scenarios.insert(
            "purchasing-tech-leader".into(),
            ScenarioRecord {
                attempt: Some(SavedAttempt {
                    hash: "00ff00ff00ff00ff".into(),
                    strategy: Some("cost-leadership".into()),
                    choices: vec!["a".into(), "early-access".into()],
                    confidence: vec![3, 0],
                    briefed: true,
                    feedback: true,
                    started: 1_700_000_000_000,
                    updated: 1_700_000_060_000,
                }),
                best: Some(BestResult {
                    score: 82,
                    passed: true,
                    at: 1_690_000_000_000,
                }),
                completions: 2,
                practice: None,
            },
        );
        store
    }

    #[test]
    fn round_trips() {
        let store = sample();
        assert_eq!(decode(&encode(&store)), Ok(store));
    }

    #[test]
    fn empty_store_encodes_compactly() {
        assert_eq!(
            encode(&ProgressStore::empty()),
            r#"{"schema":1,"active":null,"scenarios":{}}"#
        );
    }

    #[test]
    fn truncated_write_is_reported_as_damaged() {
        let text = encode(&sample());
        let err = decode(&text[..text.len() / 2]).unwrap_err();
        assert!(matches!(err, DecodeError::NotJson(_)), "{err:?}");
        assert!(
            err.to_string()
                .starts_with("saved progress is damaged (not valid JSON: EOF while parsing"),
            "{err}"
        );
    }

    #[test]
    fn newer_schema_is_refused_with_both_versions_named() {
        let err = decode(r#"{"schema":7,"whatever":true}"#).unwrap_err();
        assert_eq!(
            err.to_string(),
            "saved progress uses format version 7, written by a newer release of Mandate; \
             this release reads up to version 1"
        );
    }

    #[test]
    fn missing_or_odd_schema_is_named() {
        assert_eq!(
            decode(r#"{"scenarios":{}}"#).unwrap_err().to_string(),
            "saved progress has an unexpected shape (no `schema` field at the top level)"
        );
        assert_eq!(
            decode(r#"{"schema":"1"}"#).unwrap_err().to_string(),
            "saved progress has an unknown format version (\"1\")"
        );
        assert_eq!(
            decode(r#"{"schema":0}"#).unwrap_err().to_string(),
            "saved progress has an unknown format version (0)"
        );
    }

    #[test]
    fn hand_edited_wrong_types_are_named() {
        let err = decode(r#"{"schema":1,"scenarios":{"x":{"completions":"many"}}}"#).unwrap_err();
        assert_eq!(
            err.to_string(),
            "saved progress has an unexpected shape (invalid type: string \"many\", expected u32)"
        );
    }

    #[test]
    fn json_that_is_not_an_object_is_refused() {
        assert_eq!(
            decode("[1,2]").unwrap_err().to_string(),
            "saved progress has an unexpected shape (no `schema` field at the top level)"
        );
    }
}
