//! The learner's result code: what a learner hands the instructor at the end of a
//! class session, by reading it out, typing it or pasting it.
//!
//! # Format (version 1)
//!
//! A code is a string of bits written in Crockford's base32 behind the letter `M`.
//! Fields, most significant bit first:
//!
//! | bits         | field                                                              |
//! |--------------|--------------------------------------------------------------------|
//! | 5            | format version, 1 (so every code starts `M1`)                      |
//! | 32           | checksum: CRC-32 (IEEE) of the version and every bit after it      |
//! | 4            | session code length − 4 (0–8)                                     |
//! | 5 × length   | the session code's characters (base32 values)                      |
//! | 20           | tag: bits chosen once per attempt, so equal paths get distinct codes|
//! | 32           | the scenario's content hash, low 32 bits                           |
//! | varint       | strategy index                                                     |
//! | varint       | number of decisions, *n*                                           |
//! | n × varint   | each decision's choice index within its scene                      |
//! | 1            | confidence ratings follow                                          |
//! | n × 2        | (if so) each decision's rating: 0 not rated, 1–3                   |
//! | 7            | score, 0–100                                                       |
//! | 6            | name length in bytes, 0 (no name) to 40                            |
//! | 8 × length   | the name, UTF-8                                                    |
//! | 0–4          | zeros, to a whole number of characters                             |
//!
//! A *varint* is groups of three bits — a continuation bit, then two bits of the value,
//! most significant group first — so 0–3 take three bits and 4–15 six.
//!
//! Every result has exactly one code: the shortest varints, the ratings only when one
//! is given, the name trimmed, the fewest zeros of padding. Reading refuses any other
//! spelling of the same fields ([`Malformation::NotCanonical`]), so a learner cannot
//! hand in one attempt twice under two codes.
//!
//! The checksum is the CRC-32 of the version (one byte), the number of bits after the
//! checksum field (two bytes, big-endian), and those bits up to the end of the text,
//! zero-padded to whole bytes. A character changed after the checksum is a burst of at
//! most 5 bits, which CRC-32 always catches; one changed inside the checksum no longer
//! matches it. The length is in because a final `0` left out would otherwise leave the
//! padded bytes as they were. (`tests/classroom.rs` tries every single-character
//! change, removal and swap of real codes.)
//!
//! The text is `M`, then the characters in groups of four behind the first one:
//! `M1-ABCD-EFGH-…`. Reading ignores case, spaces, dashes and line breaks, and reads
//! I and L as 1 and O as 0.

use std::fmt;

use super::session::{ClassSession, SessionCode, SessionError, describe};
use super::{base32_char, base32_value, crc32, grouped};
use crate::core::engine::{Playthrough, Position};
use crate::core::i18n::Messages;
use crate::core::scenario::{Scenario, StrategyIndex};
use crate::core::session::Entry;
use crate::tr;

/// The format version this release writes and reads.
pub const VERSION: u8 = 1;
/// The most bytes a name in a code can have.
pub const MAX_NAME_BYTES: usize = 40;
/// The longest text [`ResultCode::decode`] looks at, in characters (a code with the
/// longest name and a long path has about 120).
pub const MAX_TEXT_CHARS: usize = 1000;
/// Bits of the tag (see [`ResultCode::encode`]).
pub const TAG_BITS: u32 = 20;

/// Bits in the smallest code: version, checksum, a 4-character session code, the tag,
/// the hash, one-group varints, the flags, the score and the name length.
const MIN_BITS: usize = 5 + 32 + 4 + 4 * 5 + TAG_BITS as usize + 32 + 3 + 3 + 1 + 7 + 6;
/// Characters in the shortest code, `M` included.
pub const MIN_CHARS: usize = 1 + MIN_BITS.div_ceil(5);

/// A learner's name as a code carries it: trimmed, 1 to 40 bytes of UTF-8, no
/// control characters.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct LearnerName(String);

impl LearnerName {
    pub fn parse(text: &str) -> Result<LearnerName, CodeError> {
        let name = text.trim();
        if name.is_empty() {
            return Err(CodeError::NameEmpty);
        }
        if name.len() > MAX_NAME_BYTES {
            return Err(CodeError::NameTooLong { bytes: name.len() });
        }
        if let Some(c) = name.chars().find(|c| c.is_control()) {
            return Err(CodeError::NameCharacter { character: c });
        }
        Ok(LearnerName(name.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for LearnerName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Everything a result code holds, read back but not yet checked against a session
/// and a scenario (see [`DecodedResult::check`]).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DecodedResult {
    pub session: SessionCode,
    /// Bits chosen once per attempt (see [`ResultCode::encode`]).
    pub tag: u32,
    /// The low 32 bits of the scenario's content hash.
    pub scenario_hash: u32,
    pub strategy: usize,
    /// Each decision's choice index within its scene.
    pub choices: Vec<usize>,
    /// One rating per decision (0 not rated, 1–3), or none at all.
    pub confidence: Vec<u8>,
    /// The score the learner saw, 0–100.
    pub score: u8,
    pub name: Option<LearnerName>,
    /// The code in canonical form: uppercase, no dashes, aliases resolved. Two
    /// submissions of the same code have the same key.
    pub key: String,
}

/// The namespace of the code's two directions.
pub struct ResultCode;

impl ResultCode {
    /// The code for a finished `playthrough` of `scenario` in session `session`.
    ///
    /// `confidence` holds a rating per decision (0 not rated, 1–3; missing ones count as
    /// 0, others as 0 too). `score` is the one the learner saw (0–100). `tag` gives the
    /// code [`TAG_BITS`] bits of its own (the rest are ignored): choose them at random
    /// once per attempt and keep them with it, so that two learners who take the same
    /// path hand in different codes, and the same attempt always shows the same code.
    pub fn encode(
        session: &SessionCode,
        scenario: &Scenario,
        playthrough: &Playthrough,
        confidence: &[u8],
        score: u8,
        name: Option<&LearnerName>,
        tag: u32,
    ) -> String {
        let steps = playthrough.steps();
        let choices: Vec<usize> = steps.iter().map(|step| step.choice).collect();
        let ratings: Vec<u8> = (0..steps.len())
            .map(|i| confidence.get(i).copied().filter(|c| *c <= 3).unwrap_or(0))
            .collect();
        let values: Vec<u8> = session.values().collect();
        let chars = write(&Fields {
            session: &values,
            tag,
            scenario_hash: (scenario.content_hash.0 & 0xFFFF_FFFF) as u32,
            strategy: playthrough.strategy().index(),
            choices: &choices,
            confidence: &ratings,
            score: score.min(100),
            name: name.map_or("", LearnerName::as_str).as_bytes(),
        });
        format!("M{}-{}", &chars[..1], grouped(&chars[1..]))
    }

    /// Reads a code as typed or pasted. Errors say exactly what is wrong, first the
    /// text's shape (prefix, version, characters, length), then the checksum, then
    /// the fields.
    pub fn decode(text: &str) -> Result<DecodedResult, CodeError> {
        let chars = text.chars().count();
        if chars > MAX_TEXT_CHARS {
            return Err(CodeError::TooLong { chars });
        }
        let mut typed = text
            .chars()
            .enumerate()
            .filter(|(_, c)| *c != '-' && !c.is_whitespace());
        let Some((_, first)) = typed.next() else {
            return Err(CodeError::Empty);
        };
        if !first.eq_ignore_ascii_case(&'M') {
            return Err(CodeError::NotMandate { first });
        }
        let mut values = Vec::new();
        for (i, c) in typed {
            match base32_value(c) {
                Some(v) => values.push(v),
                None => {
                    return Err(CodeError::Character {
                        character: c,
                        position: i + 1,
                    });
                }
            }
            if values.len() == 1 && values[0] != VERSION {
                return Err(CodeError::Version { version: values[0] });
            }
        }
        let found = values.len() + 1;
        if found < MIN_CHARS {
            return Err(CodeError::TooShort { chars: found });
        }
        let mut bits = Bits::default();
        for &v in &values {
            bits.push(u64::from(v), 5);
        }
        let mut reader = Reader {
            bits: &bits.0,
            at: 5,
        };
        let crc = reader.take(32)? as u32;
        let body = Bits(bits.0[37..].to_vec());
        if checksum(&body) != crc {
            return Err(CodeError::Checksum);
        }
        let length = reader.take(4)? as usize + 4;
        if length > super::session::MAX_CODE_CHARS {
            return Err(CodeError::Malformed(Malformation::SessionCode));
        }
        let code: Vec<u8> = (0..length)
            .map(|_| reader.take(5).map(|v| v as u8))
            .collect::<Result<_, _>>()?;
        let tag = reader.take(TAG_BITS)? as u32;
        let scenario_hash = reader.take(32)? as u32;
        let strategy = reader.varint()?;
        let n = reader.varint()?;
        let mut choices = Vec::new();
        for _ in 0..n {
            choices.push(reader.varint()?);
        }
        let mut confidence = Vec::new();
        if reader.take(1)? == 1 {
            for _ in 0..n {
                confidence.push(reader.take(2)? as u8);
            }
        }
        let score = reader.take(7)? as u8;
        if score > 100 {
            return Err(CodeError::Malformed(Malformation::Score));
        }
        let name_bytes = reader.take(6)? as usize;
        if name_bytes > MAX_NAME_BYTES {
            return Err(CodeError::NameTooLong { bytes: name_bytes });
        }
        let mut name = Vec::new();
        for _ in 0..name_bytes {
            name.push(reader.take(8)? as u8);
        }
        let rest = &reader.bits[reader.at..];
        if rest.len() >= 5 || rest.iter().any(|&b| b) {
            return Err(CodeError::Malformed(Malformation::Trailing));
        }
        let name = if name.is_empty() {
            None
        } else {
            let text = String::from_utf8(name).map_err(|_| CodeError::NameNotUtf8)?;
            Some(LearnerName::parse(&text)?)
        };
        let key: String = std::iter::once('M')
            .chain(values.iter().map(|&v| base32_char(v)))
            .collect();
        // The fields written as Mandate writes them must give back these very characters:
        // the same result has one code (its key), not several spellings of it.
        let canonical = write(&Fields {
            session: &code,
            tag,
            scenario_hash,
            strategy,
            choices: &choices,
            confidence: &confidence,
            score,
            name: name.as_ref().map_or("", LearnerName::as_str).as_bytes(),
        });
        if key[1..] != canonical {
            return Err(CodeError::Malformed(Malformation::NotCanonical));
        }
        Ok(DecodedResult {
            session: SessionCode::from_values(&code),
            tag,
            scenario_hash,
            strategy,
            choices,
            confidence,
            score,
            name,
            key,
        })
    }
}

/// What a code holds, as [`write`] takes it.
struct Fields<'a> {
    /// The session code's characters, as base32 values.
    session: &'a [u8],
    tag: u32,
    scenario_hash: u32,
    strategy: usize,
    choices: &'a [usize],
    /// One rating per decision (0 not rated, 1–3), or none.
    confidence: &'a [u8],
    score: u8,
    /// UTF-8, empty for no name.
    name: &'a [u8],
}

/// The code's characters after the `M`, ungrouped: the one way of writing `fields`
/// (shortest varints, the ratings only when one is given, as few zeros of padding as
/// make whole characters).
fn write(fields: &Fields<'_>) -> String {
    let mut bits = Bits::default();
    bits.push(fields.session.len().saturating_sub(4) as u64, 4);
    for &v in fields.session {
        bits.push(u64::from(v), 5);
    }
    bits.push(u64::from(fields.tag), TAG_BITS);
    bits.push(u64::from(fields.scenario_hash), 32);
    bits.varint(fields.strategy);
    bits.varint(fields.choices.len());
    for &choice in fields.choices {
        bits.varint(choice);
    }
    let rated = fields.confidence.iter().any(|&c| c > 0);
    bits.push(u64::from(rated), 1);
    if rated {
        for i in 0..fields.choices.len() {
            bits.push(u64::from(fields.confidence.get(i).copied().unwrap_or(0)), 2);
        }
    }
    bits.push(u64::from(fields.score), 7);
    bits.push(fields.name.len() as u64, 6);
    for &b in fields.name {
        bits.push(u64::from(b), 8);
    }
    // Version (5) + checksum (32) + body, to whole characters.
    while (bits.len() + 37) % 5 != 0 {
        bits.push(0, 1);
    }
    let crc = checksum(&bits);
    let mut all = Bits::default();
    all.push(u64::from(VERSION), 5);
    all.push(u64::from(crc), 32);
    all.extend(&bits);
    all.0
        .chunks(5)
        .map(|c| base32_char(c.iter().fold(0, |acc, &b| (acc << 1) | u8::from(b))))
        .collect()
}

impl DecodedResult {
    /// Checks the code against the class session and replays its path on the
    /// session's scenario: the code must be from this session, for this version of
    /// the scenario and this strategy, and its path must replay to an ending.
    pub fn check(
        &self,
        session: &ClassSession,
        catalogue: &[Entry],
    ) -> Result<LearnerResult, CodeError> {
        if self.session != session.code {
            return Err(CodeError::ForeignSession {
                code: self.session.clone(),
                session: session.code.clone(),
            });
        }
        let entry = session.entry(catalogue).map_err(CodeError::Session)?;
        let scenario = &entry.scenario;
        let hash = (scenario.content_hash.0 & 0xFFFF_FFFF) as u32;
        if self.scenario_hash != hash {
            return Err(CodeError::ScenarioVersion {
                scenario: scenario.id.to_string(),
                score: self.score,
            });
        }
        let expected = session.strategy_in(scenario).map_err(CodeError::Session)?;
        if self.strategy != expected.index() {
            return Err(CodeError::Strategy {
                played: scenario
                    .strategies
                    .get(self.strategy)
                    .map(|s| s.id.to_string()),
                session: scenario.strategy(expected).id.to_string(),
            });
        }
        let playthrough = replay_indices(scenario, expected, &self.choices)?;
        let card = entry.analysis.score(scenario, &playthrough);
        Ok(LearnerResult {
            playthrough,
            score: card.score,
            passed: card.passed,
            confidence: self.confidence.clone(),
            name: self.name.as_ref().map(|n| n.as_str().to_string()),
            key: self.key.clone(),
        })
    }
}

/// Replays choice indices from the start under `strategy`, to an ending.
fn replay_indices(
    scenario: &Scenario,
    strategy: StrategyIndex,
    choices: &[usize],
) -> Result<Playthrough, CodeError> {
    let mut playthrough = Playthrough::under(scenario, strategy);
    for (i, &index) in choices.iter().enumerate() {
        let decision = i + 1;
        let Position::Decision(at) = playthrough.cursor().position else {
            return Err(CodeError::PastTheEnd { decision });
        };
        let scene = scenario.scene(at);
        let Some(choice) = scene.choices.get(index) else {
            return Err(CodeError::ChoiceOutOfRange {
                decision,
                scene: scene.id.to_string(),
                index,
                options: scene.choices.len(),
            });
        };
        playthrough = playthrough
            .choose(scenario, choice.id.as_str())
            .map_err(|_| CodeError::ChoiceNotOffered {
                decision,
                scene: scene.id.to_string(),
                choice: choice.id.to_string(),
            })?;
    }
    if !playthrough.is_ended(scenario) {
        return Err(CodeError::Unfinished {
            decisions: choices.len(),
        });
    }
    Ok(playthrough)
}

/// One learner's checked result, from a code or from imported statements.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LearnerResult {
    /// The path, replayed on the session's scenario; it reached an ending.
    pub playthrough: Playthrough,
    /// From [`crate::core::analysis::Analysis::score`].
    pub score: u8,
    pub passed: bool,
    /// One rating per decision (0 not rated, 1–3), or empty.
    pub confidence: Vec<u8>,
    /// The name the learner added, if any.
    pub name: Option<String>,
    /// What makes two submissions the same: the canonical result code, or the
    /// registration an imported learner's statements share.
    pub key: String,
}

/// Why a result code (or a learner's name) was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CodeError {
    Empty,
    /// More than [`MAX_TEXT_CHARS`] characters.
    TooLong {
        chars: usize,
    },
    /// The first character other than a dash or space is not `M`.
    NotMandate {
        first: char,
    },
    /// The character after `M` is another format version's.
    Version {
        version: u8,
    },
    /// Not a base32 character; `position` counts characters from 1 as typed.
    Character {
        character: char,
        position: usize,
    },
    /// Fewer characters than the shortest code ([`MIN_CHARS`], `M` included).
    TooShort {
        chars: usize,
    },
    /// The checksum does not match the rest.
    Checksum,
    /// The checksum matches but a field does not make sense (no Mandate writes this).
    Malformed(Malformation),
    NameEmpty,
    NameTooLong {
        bytes: usize,
    },
    NameCharacter {
        character: char,
    },
    NameNotUtf8,
    /// The code was made in another class session.
    ForeignSession {
        code: SessionCode,
        session: SessionCode,
    },
    /// The session's scenario or strategy is not in the catalogue.
    Session(SessionError),
    /// The code was made on other content (its hash differs); `score` is what it says.
    ScenarioVersion {
        scenario: String,
        score: u8,
    },
    /// The code was played under another strategy than the session's (`played` is
    /// `None` when the scenario has no strategy with that index).
    Strategy {
        played: Option<String>,
        session: String,
    },
    /// Decision `decision` (from 1) takes an option the scene does not have.
    ChoiceOutOfRange {
        decision: usize,
        scene: String,
        index: usize,
        options: usize,
    },
    /// Decision `decision` takes an option that was not offered at that point.
    ChoiceNotOffered {
        decision: usize,
        scene: String,
        choice: String,
    },
    /// The path goes on after it reached an ending.
    PastTheEnd {
        decision: usize,
    },
    /// The path stops before an ending.
    Unfinished {
        decisions: usize,
    },
}

impl CodeError {
    /// Why, in the interface language.
    pub fn message(&self, t: &Messages) -> String {
        match self {
            CodeError::Empty => tr!(t, "errors.code-empty").to_string(),
            CodeError::TooLong { chars } => tr!(
                t,
                "errors.code-too-long",
                chars = chars,
                limit = MAX_TEXT_CHARS
            ),
            CodeError::NotMandate { first } => {
                tr!(t, "errors.code-not-mandate", first = describe(t, *first))
            }
            CodeError::Version { version } if *version > VERSION => tr!(
                t,
                "errors.code-newer-version",
                found = base32_char(*version),
                version = VERSION
            ),
            CodeError::Version { version } => tr!(
                t,
                "errors.code-unknown-version",
                found = base32_char(*version)
            ),
            CodeError::Character {
                character,
                position,
            } => tr!(
                t,
                "errors.code-character",
                character = describe(t, *character),
                position = position,
                alphabet = tr!(t, "errors.code-alphabet")
            ),
            CodeError::TooShort { chars } => {
                tr!(t, "errors.code-too-short", chars = chars, min = MIN_CHARS)
            }
            CodeError::Checksum => tr!(t, "errors.code-checksum").to_string(),
            CodeError::Malformed(why) => {
                tr!(t, "errors.code-malformed", why = why.message(t))
            }
            CodeError::NameEmpty => tr!(t, "errors.name-empty").to_string(),
            CodeError::NameTooLong { bytes } => tr!(
                t,
                "errors.name-too-long",
                bytes = bytes,
                max = MAX_NAME_BYTES
            ),
            CodeError::NameCharacter { character } => tr!(
                t,
                "errors.name-character",
                character = describe(t, *character)
            ),
            CodeError::NameNotUtf8 => tr!(t, "errors.name-not-utf8").to_string(),
            CodeError::ForeignSession { code, session } => tr!(
                t,
                "errors.code-foreign-session",
                code = code,
                session = session
            ),
            CodeError::Session(e) => e.message(t),
            CodeError::ScenarioVersion { scenario, score } => tr!(
                t,
                "errors.code-scenario-version",
                scenario = scenario,
                score = score
            ),
            CodeError::Strategy {
                played: Some(played),
                session,
            } => tr!(
                t,
                "errors.code-strategy",
                played = played,
                session = session
            ),
            CodeError::Strategy {
                played: None,
                session,
            } => tr!(t, "errors.code-strategy-unknown", session = session),
            CodeError::ChoiceOutOfRange {
                decision,
                scene,
                index,
                options,
            } => tr!(
                t,
                "errors.code-choice-out-of-range",
                decision = decision,
                option = index + 1,
                scene = scene,
                options = options
            ),
            CodeError::ChoiceNotOffered {
                decision,
                scene,
                choice,
            } => tr!(
                t,
                "errors.code-choice-not-offered",
                decision = decision,
                choice = choice,
                scene = scene
            ),
            CodeError::PastTheEnd { decision } => {
                tr!(t, "errors.code-past-the-end", decision = decision)
            }
            CodeError::Unfinished { decisions } => {
                tr!(t, "errors.code-unfinished", decisions = decisions)
            }
        }
    }
}

crate::display_in_english!(CodeError);

/// What does not make sense in a code whose checksum matches (no Mandate writes it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Malformation {
    /// The session code is longer than a session code can be.
    SessionCode,
    /// The score is above 100.
    Score,
    /// Bits other than padding follow the last field.
    Trailing,
    /// The bits end inside a field.
    Truncated,
    /// A varint does not fit.
    Number,
    /// The fields read, but Mandate writes them differently (a number with leading
    /// zeros, ratings flagged but none given, a name with spaces around it): a
    /// hand-made spelling of a code, refused so that a result has one code.
    NotCanonical,
}

impl Malformation {
    /// What, in the interface language.
    pub fn message(self, t: &Messages) -> &str {
        match self {
            Malformation::SessionCode => tr!(t, "errors.malformed-session-code"),
            Malformation::Score => tr!(t, "errors.malformed-score"),
            Malformation::Trailing => tr!(t, "errors.malformed-trailing"),
            Malformation::Truncated => tr!(t, "errors.malformed-truncated"),
            Malformation::Number => tr!(t, "errors.malformed-number"),
            Malformation::NotCanonical => tr!(t, "errors.malformed-not-canonical"),
        }
    }
}

impl std::error::Error for CodeError {}

/// The checksum of a code whose bits after the checksum field are `body`: the CRC-32
/// of the version, the body's length in bits (two bytes, big-endian) and the body,
/// zero-padded to whole bytes. The length makes a code missing a final `0` fail too.
fn checksum(body: &Bits) -> u32 {
    let length = u16::try_from(body.len()).unwrap_or(u16::MAX);
    let mut bytes = vec![VERSION];
    bytes.extend(length.to_be_bytes());
    for chunk in body.0.chunks(8) {
        let byte = chunk.iter().fold(0u8, |acc, &b| (acc << 1) | u8::from(b));
        bytes.push(byte << (8 - chunk.len()));
    }
    crc32(&bytes)
}

/// A string of bits, one `bool` each (codes are a few hundred bits at most).
#[derive(Clone, Debug, Default)]
struct Bits(Vec<bool>);

impl Bits {
    fn len(&self) -> usize {
        self.0.len()
    }

    /// The low `width` bits of `value`, most significant first.
    fn push(&mut self, value: u64, width: u32) {
        for i in (0..width).rev() {
            self.0.push((value >> i) & 1 == 1);
        }
    }

    fn extend(&mut self, other: &Bits) {
        self.0.extend_from_slice(&other.0);
    }

    /// Groups of a continuation bit and two value bits, most significant first.
    fn varint(&mut self, value: usize) {
        let mut groups = 1;
        while value >> (2 * groups) != 0 {
            groups += 1;
        }
        for g in (0..groups).rev() {
            self.push(u64::from(g > 0), 1);
            self.push(((value >> (2 * g)) & 3) as u64, 2);
        }
    }
}

/// Most groups in a varint: values up to 4095.
const MAX_VARINT_GROUPS: usize = 6;

struct Reader<'a> {
    bits: &'a [bool],
    at: usize,
}

impl Reader<'_> {
    fn take(&mut self, width: u32) -> Result<u64, CodeError> {
        let end = self.at + width as usize;
        let bits = self
            .bits
            .get(self.at..end)
            .ok_or(CodeError::Malformed(Malformation::Truncated))?;
        self.at = end;
        Ok(bits.iter().fold(0, |acc, &b| (acc << 1) | u64::from(b)))
    }

    fn varint(&mut self) -> Result<usize, CodeError> {
        let mut value = 0usize;
        for _ in 0..MAX_VARINT_GROUPS {
            let more = self.take(1)? == 1;
            value = (value << 2) | self.take(2)? as usize;
            if !more {
                return Ok(value);
            }
        }
        Err(CodeError::Malformed(Malformation::Number))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_take_three_bits_per_two_bits_of_value() {
        for (value, width) in [(0, 3), (3, 3), (4, 6), (15, 6), (16, 9), (4095, 18)] {
            let mut bits = Bits::default();
            bits.varint(value);
            assert_eq!(bits.len(), width, "{value}");
            let mut reader = Reader {
                bits: &bits.0,
                at: 0,
            };
            assert_eq!(reader.varint(), Ok(value));
        }
        let mut bits = Bits::default();
        bits.varint(4096);
        let mut reader = Reader {
            bits: &bits.0,
            at: 0,
        };
        assert_eq!(
            reader.varint(),
            Err(CodeError::Malformed(Malformation::Number))
        );
    }

    /// A code whose body is written by `body` (after the checksum), padded and
    /// checksummed as `write` does: a valid code, canonical or not.
    fn hand_written(body: impl FnOnce(&mut Bits)) -> String {
        let mut bits = Bits::default();
        body(&mut bits);
        while (bits.len() + 37) % 5 != 0 {
            bits.push(0, 1);
        }
        let mut all = Bits::default();
        all.push(u64::from(VERSION), 5);
        all.push(u64::from(checksum(&bits)), 32);
        all.extend(&bits);
        std::iter::once('M')
            .chain(
                all.0
                    .chunks(5)
                    .map(|c| base32_char(c.iter().fold(0, |acc, &b| (acc << 1) | u8::from(b)))),
            )
            .collect()
    }

    /// The body of a code with a 4-character session code, strategy 1 and two
    /// decisions; `strategy`, `ratings` and `name` write those fields.
    fn body(
        strategy: impl FnOnce(&mut Bits),
        ratings: impl FnOnce(&mut Bits),
        name: &[u8],
    ) -> impl FnOnce(&mut Bits) {
        move |bits: &mut Bits| {
            bits.push(0, 4);
            for v in [1, 2, 3, 4] {
                bits.push(v, 5);
            }
            bits.push(0xABCDE, TAG_BITS);
            bits.push(0x1234_5678, 32);
            strategy(bits);
            bits.varint(2);
            bits.varint(0);
            bits.varint(2);
            ratings(bits);
            bits.push(73, 7);
            bits.push(name.len() as u64, 6);
            for &b in name {
                bits.push(u64::from(b), 8);
            }
        }
    }

    #[test]
    fn a_result_has_one_code() {
        let minimal = |bits: &mut Bits| bits.varint(1);
        let unrated = |bits: &mut Bits| bits.push(0, 1);
        let canonical = hand_written(body(minimal, unrated, b"Ann"));
        let decoded = ResultCode::decode(&canonical).expect("the canonical code reads");
        assert_eq!((decoded.strategy, decoded.score), (1, 73));
        assert_eq!(decoded.choices, [0, 2]);
        assert_eq!(decoded.key, canonical);

        let not_canonical = Err(CodeError::Malformed(Malformation::NotCanonical));
        // 1 written as two groups, `1 00` then `0 01`.
        let padded = |bits: &mut Bits| {
            bits.push(0b100, 3);
            bits.push(0b001, 3);
        };
        let code = hand_written(body(padded, unrated, b"Ann"));
        assert_eq!(
            ResultCode::decode(&code),
            not_canonical,
            "leading zero group"
        );
        // "Ratings follow", then two that say "not rated".
        let flagged = |bits: &mut Bits| bits.push(0b1_00_00, 5);
        let code = hand_written(body(minimal, flagged, b"Ann"));
        assert_eq!(ResultCode::decode(&code), not_canonical, "empty ratings");
        // The name with a space before it, which reading trims.
        let code = hand_written(body(minimal, unrated, b" Ann"));
        assert_eq!(ResultCode::decode(&code), not_canonical, "untrimmed name");
        assert_eq!(
            CodeError::Malformed(Malformation::NotCanonical)
                .message(Messages::get(crate::core::i18n::Locale::En)),
            "the result code adds up but cannot be read: it is not written the way Mandate \
             writes result codes"
        );
    }

    #[test]
    fn the_shortest_code_has_min_chars() {
        assert_eq!(MIN_CHARS, 28);
    }
}
