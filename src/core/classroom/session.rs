//! The class session: what the instructor sets up and the learner's link carries.
//!
//! A [`SessionCode`] names the session (`K7P2-9QXM`); learners' result codes carry it,
//! so the debrief can tell a code from another class. The link's query —
//! `session=K7P2-9QXM&case=purchasing-tech-leader&strategy=cost-leadership&feedback=end`
//! — is written by [`ClassSession::to_query`] and read back by [`ClassSession::from_query`].

use std::fmt;
use std::str::FromStr;

use super::{base32_char, base32_value, grouped};
use crate::core::i18n::Messages;
use crate::core::scenario::{Scenario, StrategyIndex};
use crate::core::session::Entry;
use crate::tr;

/// Fewest characters in a session code.
pub const MIN_CODE_CHARS: usize = 4;
/// Most characters in a session code.
pub const MAX_CODE_CHARS: usize = 12;

/// A session code: 4 to 12 characters of Crockford's base32 (`0-9A-HJKMNP-TV-Z`),
/// kept uppercase without dashes, shown in groups of four (`K7P2-9QXM`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SessionCode(String);

impl SessionCode {
    /// Reads a code as a person types it: dashes and spaces are ignored, lowercase is
    /// read as uppercase, and as Crockford's base32 says, I and L are 1 and O is 0.
    pub fn parse(text: &str) -> Result<SessionCode, SessionError> {
        let mut code = String::new();
        for (i, c) in text.chars().enumerate() {
            if c == '-' || c.is_whitespace() {
                continue;
            }
            match base32_value(c) {
                Some(v) => code.push(base32_char(v)),
                None => {
                    return Err(SessionError::CodeCharacter {
                        code: text.to_string(),
                        character: c,
                        position: i + 1,
                    });
                }
            }
            if code.len() > MAX_CODE_CHARS {
                return Err(SessionError::CodeLength {
                    code: text.to_string(),
                    chars: text
                        .chars()
                        .filter(|c| *c != '-' && !c.is_whitespace())
                        .count(),
                });
            }
        }
        if code.is_empty() {
            return Err(SessionError::CodeEmpty);
        }
        if code.len() < MIN_CODE_CHARS {
            return Err(SessionError::CodeLength {
                code: text.to_string(),
                chars: code.len(),
            });
        }
        Ok(SessionCode(code))
    }

    /// A new code of eight characters from 40 random bits (the caller's randomness).
    pub fn generate(random: [u8; 5]) -> SessionCode {
        let bits = random
            .iter()
            .fold(0u64, |acc, &b| (acc << 8) | u64::from(b));
        let code = (0..8)
            .rev()
            .map(|i| base32_char(((bits >> (5 * i)) & 31) as u8))
            .collect();
        SessionCode(code)
    }

    /// The code without dashes: `K7P29QXM`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The code in groups of four, as shown and put in links: `K7P2-9QXM`.
    pub fn grouped(&self) -> String {
        grouped(&self.0)
    }

    /// The 5-bit values of the characters (for the result code).
    pub(crate) fn values(&self) -> impl Iterator<Item = u8> + '_ {
        self.0.chars().filter_map(base32_value)
    }

    /// A code from 5-bit values; the caller gives 4 to 12 of them.
    pub(crate) fn from_values(values: &[u8]) -> SessionCode {
        SessionCode(values.iter().map(|&v| base32_char(v)).collect())
    }
}

impl fmt::Display for SessionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.grouped())
    }
}

impl FromStr for SessionCode {
    type Err = SessionError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        SessionCode::parse(s)
    }
}

/// When the learner sees the feedback on each choice.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum FeedbackTiming {
    /// After every choice, as in solo play (`feedback=now`, the default).
    #[default]
    Now,
    /// Only in the debrief at the end (`feedback=end`): the class discusses first.
    AtEnd,
}

impl FeedbackTiming {
    /// The value of the `feedback` parameter.
    pub fn as_param(self) -> &'static str {
        match self {
            FeedbackTiming::Now => "now",
            FeedbackTiming::AtEnd => "end",
        }
    }
}

/// A class session: which scenario the class plays, under which strategy, and when
/// the feedback comes.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ClassSession {
    pub code: SessionCode,
    /// The scenario's id.
    pub scenario: String,
    /// The strategy's id; `None` plays the scenario's default strategy.
    pub strategy: Option<String>,
    pub feedback: FeedbackTiming,
}

/// The query parameters of a learner's link.
pub const PARAMS: [&str; 4] = ["session", "case", "strategy", "feedback"];

impl ClassSession {
    /// The learner link's query, without `?`:
    /// `session=K7P2-9QXM&case=purchasing-tech-leader&strategy=cost-leadership&feedback=end`.
    /// `strategy` is left out for the default strategy, `feedback` when it is `now`.
    pub fn to_query(&self) -> String {
        let mut query = format!(
            "session={}&case={}",
            self.code.grouped(),
            encode(&self.scenario)
        );
        if let Some(strategy) = &self.strategy {
            query.push_str("&strategy=");
            query.push_str(&encode(strategy));
        }
        if self.feedback != FeedbackTiming::Now {
            query.push_str("&feedback=");
            query.push_str(self.feedback.as_param());
        }
        query
    }

    /// Reads a class session from the page's query pairs (already decoded, see
    /// [`crate::core::url_param::query_pairs`]). `Ok(None)`: there is no `session`
    /// parameter, so this is not a class session's link. Other parameters are left alone.
    /// Whether the scenario and strategy exist is [`ClassSession::check`]'s question.
    pub fn from_query(pairs: &[(String, String)]) -> Result<Option<ClassSession>, SessionError> {
        let mut values: [Option<&str>; 4] = [None; 4];
        for (slot, param) in values.iter_mut().zip(PARAMS) {
            let mut found = pairs.iter().filter(|(k, _)| k == param).map(|(_, v)| v);
            *slot = found.next().map(String::as_str);
            let more = found.count();
            if more > 0 {
                return Err(SessionError::Repeated {
                    param,
                    count: more + 1,
                });
            }
        }
        let [session, case, strategy, feedback] = values;
        let Some(session) = session else {
            return Ok(None);
        };
        let code = SessionCode::parse(session)?;
        let scenario = match case {
            None => return Err(SessionError::MissingCase { code }),
            Some(case) if is_id(case) => case.to_string(),
            Some(case) => {
                return Err(SessionError::MalformedId {
                    param: "case",
                    value: case.to_string(),
                });
            }
        };
        let strategy = match strategy {
            None => None,
            Some(s) if is_id(s) => Some(s.to_string()),
            Some(s) => {
                return Err(SessionError::MalformedId {
                    param: "strategy",
                    value: s.to_string(),
                });
            }
        };
        let feedback = match feedback {
            None | Some("now") => FeedbackTiming::Now,
            Some("end") => FeedbackTiming::AtEnd,
            Some(other) => {
                return Err(SessionError::Feedback {
                    value: other.to_string(),
                });
            }
        };
        Ok(Some(ClassSession {
            code,
            scenario,
            strategy,
            feedback,
        }))
    }

    /// Checks that the scenario is in `catalogue` and has the strategy.
    pub fn check(&self, catalogue: &[Entry]) -> Result<(), SessionError> {
        self.entry(catalogue).map(|_| ())
    }

    /// The session's scenario in `catalogue`, once [`ClassSession::strategy_in`] finds
    /// its strategy there too.
    pub fn entry<'c>(&self, catalogue: &'c [Entry]) -> Result<&'c Entry, SessionError> {
        let entry = catalogue
            .iter()
            .find(|e| e.scenario.id.as_str() == self.scenario)
            .ok_or_else(|| SessionError::UnknownScenario {
                scenario: self.scenario.clone(),
                known: catalogue
                    .iter()
                    .map(|e| e.scenario.id.to_string())
                    .collect(),
            })?;
        self.strategy_in(&entry.scenario)?;
        Ok(entry)
    }

    /// The strategy the session plays `scenario` under.
    pub fn strategy_in(&self, scenario: &Scenario) -> Result<StrategyIndex, SessionError> {
        match &self.strategy {
            None => Ok(StrategyIndex::default()),
            Some(id) => scenario
                .strategy_by_id(id)
                .ok_or_else(|| SessionError::UnknownStrategy {
                    scenario: scenario.id.to_string(),
                    strategy: id.clone(),
                    known: scenario
                        .strategies
                        .iter()
                        .map(|s| s.id.to_string())
                        .collect(),
                }),
        }
    }
}

/// A scenario or strategy id: lowercase letters, digits and hyphens, at most 64.
fn is_id(value: &str) -> bool {
    !value.is_empty()
        && value.len() <= 64
        && value
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Percent-encodes all but RFC 3986's unreserved characters (ids never need it, but a
/// link must stay a link whatever it carries).
fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Why a session code or a class session's link was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SessionError {
    /// Nothing but dashes and spaces.
    CodeEmpty,
    /// Fewer than 4 or more than 12 characters (dashes and spaces not counted).
    CodeLength { code: String, chars: usize },
    /// A character outside the code's alphabet; `position` counts from 1 in `code`.
    CodeCharacter {
        code: String,
        character: char,
        position: usize,
    },
    /// A parameter given more than once.
    Repeated { param: &'static str, count: usize },
    /// A `session` without a `case`.
    MissingCase { code: SessionCode },
    /// `case` or `strategy` is not an id.
    MalformedId { param: &'static str, value: String },
    /// `feedback` other than `now` or `end`.
    Feedback { value: String },
    /// The scenario is not in the catalogue; `known` lists the ids that are.
    UnknownScenario {
        scenario: String,
        known: Vec<String>,
    },
    /// The scenario has no such strategy; `known` lists its strategies' ids.
    UnknownStrategy {
        scenario: String,
        strategy: String,
        known: Vec<String>,
    },
}

impl SessionError {
    /// Why, in the interface language.
    pub fn message(&self, t: &Messages) -> String {
        match self {
            SessionError::CodeEmpty => tr!(t, "errors.session-code-empty").to_string(),
            SessionError::CodeLength { code, chars } => tr!(
                t,
                "errors.session-code-length",
                code = shorten(code),
                chars = chars,
                min = MIN_CODE_CHARS,
                max = MAX_CODE_CHARS
            ),
            SessionError::CodeCharacter {
                code,
                character,
                position,
            } => tr!(
                t,
                "errors.session-code-character",
                code = shorten(code),
                character = describe(t, *character),
                position = position,
                alphabet = tr!(t, "errors.code-alphabet")
            ),
            SessionError::Repeated { param, count } => {
                tr!(t, "errors.session-repeated", param = param, times = count)
            }
            SessionError::MissingCase { code } => {
                tr!(t, "errors.session-missing-case", code = code)
            }
            SessionError::MalformedId { param, value } => tr!(
                t,
                "errors.session-malformed-id",
                param = param,
                value = shorten(value),
                example = if *param == "case" {
                    "purchasing-tech-leader"
                } else {
                    "cost-leadership"
                }
            ),
            SessionError::Feedback { value } => {
                tr!(t, "errors.session-feedback", value = shorten(value))
            }
            SessionError::UnknownScenario { scenario, known } => tr!(
                t,
                "errors.session-unknown-scenario",
                scenario = scenario,
                known = list(t, known)
            ),
            SessionError::UnknownStrategy {
                scenario,
                strategy,
                known,
            } => tr!(
                t,
                "errors.session-unknown-strategy",
                scenario = scenario,
                strategy = strategy,
                known = list(t, known)
            ),
        }
    }
}

crate::display_in_english!(SessionError);

impl std::error::Error for SessionError {}

/// `` `a`, `b` and `c` `` (`und` in German), or "none".
pub(crate) fn list(t: &Messages, items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| format!("`{i}`")).collect();
    match quoted.as_slice() {
        [] => tr!(t, "errors.list-none").to_string(),
        [one] => one.clone(),
        [rest @ .., last] => tr!(t, "errors.list-and", rest = rest.join(", "), last = last),
    }
}

/// At most 40 characters of a value, for quoting it in a message.
pub(crate) fn shorten(value: &str) -> String {
    if value.chars().count() <= 40 {
        value.to_string()
    } else {
        let mut out: String = value.chars().take(39).collect();
        out.push('…');
        out
    }
}

/// A character as a message names it: `` `U` ``, "a space", or an escape.
pub(crate) fn describe(t: &Messages, c: char) -> String {
    match c {
        ' ' => tr!(t, "errors.char-space").to_string(),
        c if c.is_control() => tr!(t, "errors.char-control", code = c.escape_unicode()),
        c => format!("`{c}`"),
    }
}
