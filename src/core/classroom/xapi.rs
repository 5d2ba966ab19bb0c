//! A class's results from an xAPI statement export: what an LRS returns for the
//! statements Mandate sent in a cmi5 launch ([`crate::core::lms::cmi5`]), as a JSON array
//! of statements or as `{"statements": […]}`.
//!
//! Only `answered` statements whose object id ends in
//! `/scenario/<scenario id>/node/<scene id>` for the session's scenario are read. They
//! are grouped by the context's registration (or, without one, by the actor), put in
//! the order of their timestamps, and each learner's choices (the statements'
//! `result.response`) are replayed from the start under the session's strategy.
//!
//! No personal data is kept: learners are numbered from 1 in the order of their first
//! statement, and a learner's key is the registration (or a hash of the actor).

use crate::core::civil_date::Date;
use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::code::LearnerResult;
use super::session::{ClassSession, SessionError, list};
use crate::core::engine::{ChooseError, Playthrough, Position};
use crate::core::i18n::Messages;
use crate::core::lms::cmi5::VERB_ANSWERED;
use crate::core::scenario::ContentHash;
use crate::core::session::Entry;
use crate::tr;

/// The largest export read, in bytes (5 MB): a class of a hundred learners with a
/// dozen decisions each sends about a tenth of that.
pub const MAX_BYTES: usize = 5 * 1024 * 1024;

/// What an export gave for the session's scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct XapiImport {
    /// The learners whose paths replay to an ending, in learner order.
    pub results: Vec<LearnerResult>,
    /// The learners whose statements do not make a finished path.
    pub problems: Vec<LearnerProblem>,
    /// Learners found for the scenario (those in `results` and in `problems`),
    /// numbered from 1 in the order of their first statement.
    pub learners: usize,
    /// `answered` statements for the scenario that were read.
    pub statements: usize,
    /// Statements left aside: other verbs, other scenarios, repeats of a statement id,
    /// statements without a learner, and a learner's statements after their ending.
    pub ignored: usize,
    /// The LRS said it has more statements than the export holds (`more`).
    pub partial: bool,
}

/// One learner's statements that do not make a finished path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LearnerProblem {
    /// The learner's number (from 1, in the order of first statements).
    pub learner: usize,
    pub why: Problem,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// Statement `statement` (from 1, in the export) has no readable timestamp.
    Timestamp { statement: usize },
    /// The statement for decision `decision` has no `result.response`.
    NoResponse { decision: usize },
    /// The decision is answered in another scene than the one the path had reached.
    WrongScene {
        decision: usize,
        expected: String,
        found: String,
    },
    /// The response is not a choice that fits there.
    Choice { decision: usize, error: ChooseError },
    /// The path stops before an ending.
    Unfinished { decisions: usize },
}

impl LearnerProblem {
    /// What is wrong, in the interface language.
    pub fn message(&self, t: &Messages) -> String {
        let why = match &self.why {
            Problem::Timestamp { statement } => {
                tr!(t, "errors.xapi-timestamp", statement = statement)
            }
            Problem::NoResponse { decision } => {
                tr!(t, "errors.xapi-no-response", decision = decision)
            }
            Problem::WrongScene {
                decision,
                expected,
                found,
            } => tr!(
                t,
                "errors.xapi-wrong-scene",
                decision = decision,
                found = found,
                expected = expected
            ),
            Problem::Choice { decision, error } => tr!(
                t,
                "errors.xapi-choice",
                decision = decision,
                error = error.message(t)
            ),
            Problem::Unfinished { decisions } => {
                tr!(t, "errors.xapi-unfinished", decisions = decisions)
            }
        };
        tr!(t, "errors.xapi-learner", learner = self.learner, why = why)
    }
}

crate::display_in_english!(LearnerProblem);

/// Why an export could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum XapiError {
    TooLarge {
        bytes: usize,
    },
    /// serde_json's message, with line and column.
    NotJson(String),
    /// JSON, but not statements; says what was found.
    NotStatements(NotStatements),
    /// Nothing for the scenario. `answered`: answered statements on Mandate decisions
    /// in the export; `others`: the scenarios they are for.
    NoStatements {
        scenario: String,
        statements: usize,
        answered: usize,
        others: Vec<String>,
    },
    /// The session's scenario or strategy is not in the catalogue.
    Session(SessionError),
}

impl XapiError {
    /// Why, in the interface language.
    pub fn message(&self, t: &Messages) -> String {
        match self {
            XapiError::TooLarge { bytes } => tr!(
                t,
                "errors.xapi-too-large",
                size = t.decimal(*bytes as f64 / (1024.0 * 1024.0), 1)
            ),
            XapiError::NotJson(e) => tr!(t, "errors.xapi-not-json", why = e),
            XapiError::NotStatements(found) => {
                tr!(t, "errors.xapi-not-statements", what = found.message(t))
            }
            XapiError::NoStatements {
                scenario,
                statements,
                answered,
                others,
            } => {
                if others.is_empty() {
                    tr!(
                        t,
                        "errors.xapi-no-answers",
                        scenario = scenario,
                        statements = statements
                    )
                } else {
                    tr!(
                        t,
                        "errors.xapi-other-answers",
                        scenario = scenario,
                        answered = answered,
                        others = list(t, others)
                    )
                }
            }
            XapiError::Session(e) => e.message(t),
        }
    }
}

crate::display_in_english!(XapiError);

/// What a file that is JSON but not a statement export holds instead.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotStatements {
    /// An object whose `statements` is not a list.
    StatementsField(JsonKind),
    /// An object without `statements`.
    NoStatementsField,
    /// Neither a list nor an object.
    Whole(JsonKind),
    /// A list with something other than an object at `item` (from 1).
    Item { item: usize, kind: JsonKind },
}

impl NotStatements {
    /// What was found, in the interface language.
    pub fn message(&self, t: &Messages) -> String {
        match self {
            NotStatements::StatementsField(kind) => {
                tr!(
                    t,
                    "errors.xapi-found-statements-field",
                    kind = kind.message(t)
                )
            }
            NotStatements::NoStatementsField => tr!(t, "errors.xapi-found-object").to_string(),
            NotStatements::Whole(kind) => tr!(t, "errors.xapi-found-kind", kind = kind.message(t)),
            NotStatements::Item { item, kind } => tr!(
                t,
                "errors.xapi-found-item",
                item = item,
                kind = kind.message(t)
            ),
        }
    }
}

/// What a JSON value is, for a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsonKind {
    Null,
    Bool,
    Number,
    String,
    List,
    Object,
}

impl JsonKind {
    fn of(value: &Value) -> JsonKind {
        match value {
            Value::Null => JsonKind::Null,
            Value::Bool(_) => JsonKind::Bool,
            Value::Number(_) => JsonKind::Number,
            Value::String(_) => JsonKind::String,
            Value::Array(_) => JsonKind::List,
            Value::Object(_) => JsonKind::Object,
        }
    }

    /// "a number", in the interface language.
    pub fn message(self, t: &Messages) -> &str {
        match self {
            JsonKind::Null => tr!(t, "errors.json-null"),
            JsonKind::Bool => tr!(t, "errors.json-bool"),
            JsonKind::Number => tr!(t, "errors.json-number"),
            JsonKind::String => tr!(t, "errors.json-string"),
            JsonKind::List => tr!(t, "errors.json-list"),
            JsonKind::Object => tr!(t, "errors.json-object"),
        }
    }
}

impl std::error::Error for XapiError {}

/// One `answered` statement for the scenario.
struct Answer {
    /// Position in the export, from 1.
    statement: usize,
    time: Option<i64>,
    scene: String,
    response: Option<String>,
}

/// Reads `text`, an xAPI statement export, for `session`'s scenario in `catalogue`.
pub fn import(
    text: &str,
    session: &ClassSession,
    catalogue: &[Entry],
) -> Result<XapiImport, XapiError> {
    if text.len() > MAX_BYTES {
        return Err(XapiError::TooLarge { bytes: text.len() });
    }
    let entry = session.entry(catalogue).map_err(XapiError::Session)?;
    let scenario = &entry.scenario;
    let strategy = session.strategy_in(scenario).map_err(XapiError::Session)?;
    let value: Value = serde_json::from_str(text).map_err(|e| XapiError::NotJson(e.to_string()))?;
    let (statements, partial) = match &value {
        Value::Array(items) => (items, false),
        Value::Object(map) => match map.get("statements") {
            Some(Value::Array(items)) => (
                items,
                map.get("more")
                    .and_then(Value::as_str)
                    .is_some_and(|m| !m.is_empty()),
            ),
            Some(other) => {
                return Err(XapiError::NotStatements(NotStatements::StatementsField(
                    JsonKind::of(other),
                )));
            }
            None => {
                return Err(XapiError::NotStatements(NotStatements::NoStatementsField));
            }
        },
        other => {
            return Err(XapiError::NotStatements(NotStatements::Whole(
                JsonKind::of(other),
            )));
        }
    };
    if let Some((i, item)) = statements.iter().enumerate().find(|(_, s)| !s.is_object()) {
        return Err(XapiError::NotStatements(NotStatements::Item {
            item: i + 1,
            kind: JsonKind::of(item),
        }));
    }

    let mut ignored = 0;
    let mut answered = 0;
    let mut others: Vec<String> = Vec::new();
    let mut ids = HashSet::new();
    // Learner key → answers, learners in the order first met.
    let mut keys: Vec<String> = Vec::new();
    let mut groups: HashMap<String, Vec<Answer>> = HashMap::new();
    for (i, s) in statements.iter().enumerate() {
        let statement = i + 1;
        let on_decision = (s["verb"]["id"] == VERB_ANSWERED)
            .then(|| s["object"]["id"].as_str().and_then(decision_of))
            .flatten();
        let Some((scenario_id, scene)) = on_decision else {
            ignored += 1;
            continue;
        };
        answered += 1;
        if scenario_id != scenario.id.as_str() {
            if !others.iter().any(|o| o == scenario_id) {
                others.push(scenario_id.to_string());
            }
            ignored += 1;
            continue;
        }
        if let Some(id) = s["id"].as_str()
            && !ids.insert(id.to_ascii_lowercase())
        {
            ignored += 1;
            continue;
        }
        let Some(key) = learner_key(s) else {
            ignored += 1;
            continue;
        };
        let time = s["timestamp"]
            .as_str()
            .and_then(parse_timestamp)
            .or_else(|| s["stored"].as_str().and_then(parse_timestamp));
        let answer = Answer {
            statement,
            time,
            scene: scene.to_string(),
            response: s["result"]["response"].as_str().map(str::to_string),
        };
        match groups.get_mut(&key) {
            Some(group) => group.push(answer),
            None => {
                keys.push(key.clone());
                groups.insert(key, vec![answer]);
            }
        }
    }
    if groups.is_empty() {
        others.sort();
        return Err(XapiError::NoStatements {
            scenario: scenario.id.to_string(),
            statements: statements.len(),
            answered,
            others,
        });
    }

    // Learners in the order of their first statement in time (then in the export).
    let mut learners: Vec<(String, Vec<Answer>)> = keys
        .into_iter()
        .filter_map(|k| groups.remove(&k).map(|g| (k, g)))
        .collect();
    for (_, answers) in &mut learners {
        answers.sort_by_key(|a| (a.time.unwrap_or(i64::MAX), a.statement));
    }
    learners.sort_by_key(|(_, answers)| {
        let first = &answers[0];
        (first.time.unwrap_or(i64::MAX), first.statement)
    });

    let start = scenario.scene(scenario.start()).id.as_str();
    let mut results = Vec::new();
    let mut problems = Vec::new();
    let mut read = 0;
    for (n, (key, answers)) in learners.into_iter().enumerate() {
        let learner = n + 1;
        read += answers.len();
        let problem = |why| LearnerProblem { learner, why };
        if let Some(a) = answers.iter().find(|a| a.time.is_none()) {
            problems.push(problem(Problem::Timestamp {
                statement: a.statement,
            }));
            continue;
        }
        let mut playthrough = Playthrough::under(scenario, strategy);
        let mut failed = None;
        for (k, answer) in answers.iter().enumerate() {
            let at = match playthrough.cursor().position {
                Position::Ended(_) => {
                    // The first ending is the result; what follows is practice.
                    let after = answers.len() - k;
                    ignored += after;
                    read -= after;
                    break;
                }
                Position::Decision(at) => scenario.scene(at).id.as_str(),
            };
            if answer.scene != at {
                if answer.scene == start {
                    // An unfinished attempt, then a new one from the start.
                    playthrough = Playthrough::under(scenario, strategy);
                } else {
                    failed = Some(Problem::WrongScene {
                        decision: playthrough.steps().len() + 1,
                        expected: at.to_string(),
                        found: answer.scene.clone(),
                    });
                    break;
                }
            }
            let decision = playthrough.steps().len() + 1;
            let Some(response) = &answer.response else {
                failed = Some(Problem::NoResponse { decision });
                break;
            };
            match playthrough.choose(scenario, response) {
                Ok(next) => playthrough = next,
                Err(error) => {
                    failed = Some(Problem::Choice { decision, error });
                    break;
                }
            }
        }
        if failed.is_none() && !playthrough.is_ended(scenario) {
            failed = Some(Problem::Unfinished {
                decisions: playthrough.steps().len(),
            });
        }
        match failed {
            Some(why) => problems.push(problem(why)),
            None => {
                let card = entry.analysis.score(scenario, &playthrough);
                results.push(LearnerResult {
                    playthrough,
                    score: card.score,
                    passed: card.passed,
                    confidence: Vec::new(),
                    name: None,
                    key,
                });
            }
        }
    }
    Ok(XapiImport {
        learners: results.len() + problems.len(),
        results,
        problems,
        statements: read,
        ignored,
        partial,
    })
}

/// `(scenario id, scene id)` of an object id `…/scenario/<scenario>/node/<scene>`.
fn decision_of(object_id: &str) -> Option<(&str, &str)> {
    let (rest, scene) = object_id.rsplit_once("/node/")?;
    let (_, scenario) = rest.rsplit_once("/scenario/")?;
    let plain = |s: &str| !s.is_empty() && !s.contains('/');
    (plain(scenario) && plain(scene)).then_some((scenario, scene))
}

/// The registration, or a hash of the actor's identifier: never a name or an address.
fn learner_key(statement: &Value) -> Option<String> {
    if let Some(registration) = statement["context"]["registration"].as_str() {
        return Some(format!(
            "xapi:registration:{}",
            registration.to_ascii_lowercase()
        ));
    }
    let actor = &statement["actor"];
    let identity = if let Some(account) = actor.get("account") {
        format!(
            "account:{}|{}",
            account["homePage"].as_str()?,
            account["name"].as_str()?
        )
    } else {
        ["mbox", "mbox_sha1sum", "openid"]
            .iter()
            .find_map(|k| actor[*k].as_str().map(|v| format!("{k}:{v}")))?
    };
    Some(format!(
        "xapi:actor:{}",
        ContentHash::of(&identity).to_hex()
    ))
}

/// Milliseconds since the Unix epoch of an ISO 8601 timestamp as xAPI writes them:
/// `2026-11-27T08:00:00.123Z`, `2026-11-27T09:00:00+01:00` (fractions of any length,
/// offsets with or without a colon).
pub fn parse_timestamp(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    let num = |range: std::ops::Range<usize>| -> Option<i64> {
        let digits = b.get(range)?;
        digits.iter().all(u8::is_ascii_digit).then(|| {
            digits
                .iter()
                .fold(0i64, |acc, &d| acc * 10 + i64::from(d - b'0'))
        })
    };
    if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    if b[13] != b':' || b[16] != b':' {
        return None;
    }
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 {
        return None;
    }
    if second > 60 {
        return None;
    }
    let mut i = 19;
    let mut millis = 0;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            return None;
        }
        let digits = &text[start..i.min(start + 3)];
        millis = digits.parse::<i64>().ok()? * 10i64.pow(3 - digits.len() as u32);
    }
    let offset_minutes = match b.get(i) {
        Some(b'Z' | b'z') if i + 1 == b.len() => 0,
        Some(&sign @ (b'+' | b'-')) => {
            let rest = &text[i + 1..];
            if !rest.bytes().all(|c| c.is_ascii_digit() || c == b':') {
                return None;
            }
            let (h, m) = match rest.len() {
                5 if rest.as_bytes()[2] == b':' => (&rest[0..2], &rest[3..5]),
                4 => (&rest[0..2], &rest[2..4]),
                2 => (&rest[0..2], "00"),
                _ => return None,
            };
            let (h, m): (i64, i64) = (h.parse().ok()?, m.parse().ok()?);
            if h > 23 || m > 59 {
                return None;
            }
            let minutes = h * 60 + m;
            if sign == b'+' { minutes } else { -minutes }
        }
        _ => return None,
    };
    let days = Date {
        year,
        month: month as u8,
        day: day as u8,
    }
    .to_days();
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset_minutes * 60;
    Some(seconds * 1000 + millis)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_read_with_offsets_and_fractions() {
        assert_eq!(parse_timestamp("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(
            parse_timestamp("2026-11-27T01:00:00.123Z"),
            Some(1_795_741_200_123)
        );
        assert_eq!(
            parse_timestamp("2026-11-27T02:00:00.1234567+01:00"),
            Some(1_795_741_200_123)
        );
        assert_eq!(
            parse_timestamp("2026-11-26T20:30:00.5-0430"),
            Some(1_795_741_200_500)
        );
        assert_eq!(parse_timestamp("2026-11-27"), None);
        assert_eq!(parse_timestamp("2026-13-27T01:00:00Z"), None);
        assert_eq!(parse_timestamp("2026-11-27T01:00:00"), None);
        assert_eq!(parse_timestamp("2026-11-27T01:00:00.Z"), None);
    }

    #[test]
    fn object_ids_name_the_scenario_and_the_scene() {
        assert_eq!(
            decision_of("https://lms.example/au/1/scenario/market-shift/node/term-sheet"),
            Some(("market-shift", "term-sheet"))
        );
        assert_eq!(decision_of("https://lms.example/au/1"), None);
        assert_eq!(decision_of("x/scenario//node/a"), None);
    }
}
