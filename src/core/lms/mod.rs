//! The LMS data model, as pure mapping: what Mandate reports to a SCORM 1.2 or 2004
//! run time, or to a cmi5 record store, for a playthrough (score, status, location,
//! suspend_data, session time, one interaction per decision), and how what the LMS
//! holds is read back. The platform shell carries these values to the LMS; nothing
//! here talks to one.
//!
//! - [`tracker`]: watches the session and says what happened since it last looked
//!   (a decision answered, the position moved, the attempt finished);
//! - [`scorm`]: reads a SCORM launch and turns those events into API calls;
//! - [`cmi5`]: reads a cmi5 launch and turns them into xAPI statements.
//!
//! Formats follow `../shared/notes/lms.md` (requirements 9–17): Moodle's SCORM 1.2
//! patterns, the 2004 4th edition types and the cmi5 specification.

use crate::core::civil_date::Date;
use std::fmt;

pub mod cmi5;
pub mod scorm;
pub mod tracker;

use super::engine::Playthrough;
use super::scenario::Scenario;
use super::scoring::better_option;

/// Which run time the content talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standard {
    Scorm12,
    Scorm2004,
}

/// The most suspend_data SCORM 1.2 guarantees.
pub const SUSPEND_LIMIT_12: usize = 4096;

/// What suspend_data keeps of an attempt: enough to restore the exact decision.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suspended {
    /// Content hash (hex) of the scenario the choices were made in.
    pub hash: String,
    pub strategy: Option<String>,
    pub choices: Vec<String>,
    /// 0 not rated, 1–3 as in progress.
    pub confidence: Vec<u8>,
    /// The learner had read the briefing.
    pub briefed: bool,
    /// The feedback on the last choice was open.
    pub feedback: bool,
}

/// Why suspend_data could not be read back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SuspendError {
    /// Not written by this format (or by a newer version of it).
    UnknownFormat(String),
    /// A field is missing or malformed.
    Malformed(&'static str),
}

impl fmt::Display for SuspendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SuspendError::UnknownFormat(start) => {
                write!(
                    f,
                    "the LMS's saved state is not in a format this release reads (it starts “{start}”)"
                )
            }
            SuspendError::Malformed(what) => write!(f, "the LMS's saved state is damaged ({what})"),
        }
    }
}

impl std::error::Error for SuspendError {}

/// `m1;HASH;STRATEGY;choice,choice,…;confidence digits;flags` — plain ASCII with no
/// characters an LMS might escape, and ids rather than positions, so that a changed
/// scenario still resumes at the last decision that exists. `flags` is one digit:
/// 1 briefed, 2 feedback open (3 both).
pub fn encode_suspend(s: &Suspended) -> String {
    let confidence: String = s
        .confidence
        .iter()
        .map(|c| char::from(b'0' + (*c).min(3)))
        .collect();
    format!(
        "m1;{};{};{};{};{}",
        s.hash,
        s.strategy.as_deref().unwrap_or(""),
        s.choices.join(","),
        confidence,
        u8::from(s.briefed) + 2 * u8::from(s.feedback)
    )
}

pub fn decode_suspend(text: &str) -> Result<Suspended, SuspendError> {
    let Some(rest) = text.strip_prefix("m1;") else {
        return Err(SuspendError::UnknownFormat(text.chars().take(8).collect()));
    };
    let parts: Vec<&str> = rest.split(';').collect();
    let [hash, strategy, choices, confidence, flags] = parts[..] else {
        return Err(SuspendError::Malformed("it does not have five fields"));
    };
    if hash.len() != 16 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(SuspendError::Malformed("the content hash"));
    }
    let is_id = |t: &str| {
        !t.is_empty()
            && t.len() <= 64
            && t.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    };
    if !strategy.is_empty() && !is_id(strategy) {
        return Err(SuspendError::Malformed("the strategy"));
    }
    let choices: Vec<String> = if choices.is_empty() {
        vec![]
    } else {
        choices.split(',').map(str::to_string).collect()
    };
    if choices.len() > 500 || !choices.iter().all(|c| is_id(c)) {
        return Err(SuspendError::Malformed("the choices"));
    }
    let confidence = confidence
        .bytes()
        .map(|b| match b {
            b'0'..=b'3' => Ok(b - b'0'),
            _ => Err(SuspendError::Malformed("the confidence ratings")),
        })
        .collect::<Result<Vec<u8>, _>>()?;
    let (briefed, feedback) = match flags {
        "0" => (false, false),
        "1" => (true, false),
        "2" => (false, true),
        "3" => (true, true),
        _ => return Err(SuspendError::Malformed("the flags")),
    };
    Ok(Suspended {
        hash: hash.to_string(),
        strategy: (!strategy.is_empty()).then(|| strategy.to_string()),
        choices,
        confidence,
        briefed,
        feedback,
    })
}

/// A SCORM 1.2 CMITimespan, `HH:MM:SS.SS` with 2 to 4 hour digits (capped at
/// 9999:59:59.99, the most the type allows).
pub fn timespan_12(ms: u64) -> String {
    let centis = (ms / 10).min(9999 * 360_000 + 359_999);
    let (hours, rest) = (centis / 360_000, centis % 360_000);
    let (minutes, rest) = (rest / 6_000, rest % 6_000);
    format!(
        "{hours:02}:{minutes:02}:{:02}.{:02}",
        rest / 100,
        rest % 100
    )
}

/// A SCORM 2004 timeinterval (ISO 8601 duration), e.g. `PT1H2M3.45S`, `PT0S`.
pub fn duration_2004(ms: u64) -> String {
    let centis = ms / 10;
    let (hours, rest) = (centis / 360_000, centis % 360_000);
    let (minutes, rest) = (rest / 6_000, rest % 6_000);
    let (seconds, fraction) = (rest / 100, rest % 100);
    let mut out = String::from("PT");
    if hours > 0 {
        out.push_str(&format!("{hours}H"));
    }
    if minutes > 0 {
        out.push_str(&format!("{minutes}M"));
    }
    if fraction > 0 {
        let f = format!("{fraction:02}");
        out.push_str(&format!("{seconds}.{}S", f.trim_end_matches('0')));
    } else if seconds > 0 || out == "PT" {
        out.push_str(&format!("{seconds}S"));
    }
    out
}

/// A SCORM 2004 time(second,10,0): `YYYY-MM-DDThh:mm:ss`, in UTC.
pub fn timestamp_2004(ms_since_epoch: u64) -> String {
    let secs = ms_since_epoch / 1000;
    let (days, rest) = (secs / 86_400, secs % 86_400);
    let Date { year, month, day } = Date::from_days(days as i64);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

/// One decision as an LMS interaction record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Interaction {
    /// `d1.scene.choice`-style identifier (decision number, scene id, choice id),
    /// `[A-Za-z0-9_.:-]` only.
    pub id: String,
    /// The scene the decision was taken in.
    pub scene: String,
    /// The scene's title: what was being decided.
    pub question: String,
    /// The options offered, as (choice id, label).
    pub options: Vec<(String, String)>,
    /// The id of the choice taken.
    pub response: String,
    /// The best-aligned option offered (the "correct" pattern).
    pub correct: String,
    pub result: InteractionResult,
    /// How the choice aligned with the strategy in force (-2..+2).
    pub alignment: i8,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InteractionResult {
    Correct,
    Wrong,
    Neutral,
}

impl InteractionResult {
    /// The vocabulary of each standard: 1.2 `wrong`, 2004 `incorrect`.
    pub fn as_str(self, standard: Standard) -> &'static str {
        match (self, standard) {
            (InteractionResult::Correct, _) => "correct",
            (InteractionResult::Neutral, _) => "neutral",
            (InteractionResult::Wrong, Standard::Scorm12) => "wrong",
            (InteractionResult::Wrong, Standard::Scorm2004) => "incorrect",
        }
    }
}

/// One interaction per decision: the choice taken, whether it was the best-aligned
/// option offered (correct), a misaligned one (wrong) or neither (neutral).
pub fn interactions(scenario: &Scenario, playthrough: &Playthrough) -> Vec<Interaction> {
    let mut out = Vec::with_capacity(playthrough.steps().len());
    for (i, (step, cursor)) in playthrough.taken().enumerate() {
        let scene = step.scene(scenario);
        let choice = step.choice(scenario);
        let alignment = choice.alignment(cursor.strategy).value();
        let better = better_option(scenario, step, cursor);
        let result = match (better, alignment) {
            (None, _) => InteractionResult::Correct,
            (Some(_), a) if a < 0 => InteractionResult::Wrong,
            _ => InteractionResult::Neutral,
        };
        let options = cursor
            .available(scenario)
            .into_iter()
            .map(|c| {
                let c = &scene.choices[c];
                (c.id.to_string(), c.label.clone())
            })
            .collect();
        out.push(Interaction {
            id: format!("d{}.{}.{}", i + 1, scene.id, choice.id),
            scene: scene.id.to_string(),
            question: scene.title.clone(),
            options,
            response: choice.id.to_string(),
            correct: better.map_or_else(|| choice.id.to_string(), |b| b.id.to_string()),
            result,
            alignment,
        });
    }
    out
}

/// The status values to write at the end of an attempt (requirement 9): 1.2's
/// `lesson_status`, or 2004's `completion_status` and `success_status`.
pub fn final_status(standard: Standard, passed: bool) -> Vec<(&'static str, &'static str)> {
    let verdict = if passed { "passed" } else { "failed" };
    match standard {
        Standard::Scorm12 => vec![("cmi.core.lesson_status", verdict)],
        Standard::Scorm2004 => vec![
            ("cmi.completion_status", "completed"),
            ("cmi.success_status", verdict),
        ],
    }
}

/// The score elements for a 0–100 score (requirement 10).
pub fn score_values(standard: Standard, score: u8) -> Vec<(&'static str, String)> {
    let score = score.min(100);
    match standard {
        Standard::Scorm12 => vec![
            ("cmi.core.score.raw", score.to_string()),
            ("cmi.core.score.min", "0".into()),
            ("cmi.core.score.max", "100".into()),
        ],
        Standard::Scorm2004 => vec![
            ("cmi.score.scaled", format!("{}", f64::from(score) / 100.0)),
            ("cmi.score.raw", score.to_string()),
            ("cmi.score.min", "0".into()),
            ("cmi.score.max", "100".into()),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suspend_data_round_trips_and_refuses_what_it_did_not_write() {
        let s = Suspended {
            hash: "00ff00ff00ff00ff".into(),
            strategy: Some("cost-leadership".into()),
            choices: vec!["ask-needs".into(), "b".into()],
            confidence: vec![3, 0],
            briefed: true,
            feedback: true,
        };
        let text = encode_suspend(&s);
        assert_eq!(text, "m1;00ff00ff00ff00ff;cost-leadership;ask-needs,b;30;3");
        assert_eq!(decode_suspend(&text), Ok(s));
        let fresh = Suspended {
            hash: "00ff00ff00ff00ff".into(),
            strategy: None,
            choices: vec![],
            confidence: vec![],
            briefed: false,
            feedback: false,
        };
        assert_eq!(decode_suspend(&encode_suspend(&fresh)), Ok(fresh));
        assert_eq!(
            decode_suspend("{\"v\":9}").unwrap_err().to_string(),
            "the LMS's saved state is not in a format this release reads (it starts “{\"v\":9}”)"
        );
        assert_eq!(
            decode_suspend("m1;zz;;;;0").unwrap_err().to_string(),
            "the LMS's saved state is damaged (the content hash)"
        );
        assert_eq!(
            decode_suspend("m1;00ff00ff00ff00ff;;a,<b>;;0")
                .unwrap_err()
                .to_string(),
            "the LMS's saved state is damaged (the choices)"
        );
        assert_eq!(
            decode_suspend("m1;00ff00ff00ff00ff;;a;9;0")
                .unwrap_err()
                .to_string(),
            "the LMS's saved state is damaged (the confidence ratings)"
        );
    }

    #[test]
    fn timespans_follow_each_standard() {
        assert_eq!(timespan_12(0), "00:00:00.00");
        assert_eq!(timespan_12(59_990), "00:00:59.99");
        assert_eq!(timespan_12(100 * 3_600_000), "100:00:00.00");
        assert_eq!(timespan_12(u64::MAX), "9999:59:59.99");
        assert_eq!(duration_2004(0), "PT0S");
        assert_eq!(duration_2004(59_990), "PT59.99S");
        assert_eq!(duration_2004(722_000), "PT12M2S");
        assert_eq!(duration_2004(100 * 3_600_000 + 500), "PT100H0.5S");
        assert_eq!(timestamp_2004(0), "1970-01-01T00:00:00");
        assert_eq!(timestamp_2004(1_795_741_200_000), "2026-11-27T01:00:00");
        assert_eq!(timestamp_2004(951_782_400_000), "2000-02-29T00:00:00");
    }

    #[test]
    fn status_and_score_use_each_standards_elements() {
        assert_eq!(
            final_status(Standard::Scorm12, true),
            [("cmi.core.lesson_status", "passed")]
        );
        assert_eq!(
            final_status(Standard::Scorm2004, false),
            [
                ("cmi.completion_status", "completed"),
                ("cmi.success_status", "failed")
            ]
        );
        assert_eq!(
            score_values(Standard::Scorm2004, 73)[0],
            ("cmi.score.scaled", "0.73".to_string())
        );
        assert_eq!(score_values(Standard::Scorm12, 100)[0].1, "100");
        assert_eq!(
            InteractionResult::Wrong.as_str(Standard::Scorm2004),
            "incorrect"
        );
        assert_eq!(InteractionResult::Wrong.as_str(Standard::Scorm12), "wrong");
    }
}

/// The first language of an LMS's preference that Mandate has: a SCORM
/// `learner_preference.language` (`de-DE`) or cmi5's `languagePreference`
/// (`fr-FR,de-DE,en-US`). `None` when there is none, so the browser's language counts.
pub fn preferred_language(preference: &str) -> Option<crate::core::i18n::Locale> {
    preference
        .split(',')
        .map(str::trim)
        .filter(|tag| !tag.is_empty())
        .find_map(crate::core::i18n::Locale::from_tag)
        .filter(|l| crate::core::i18n::Locale::OFFERED.contains(l))
}

#[cfg(test)]
mod language_tests {
    use super::preferred_language;
    use crate::core::i18n::Locale;

    #[test]
    fn the_lms_preference_picks_the_first_language_mandate_has() {
        assert_eq!(preferred_language("de-DE"), Some(Locale::De));
        assert_eq!(preferred_language("fr-FR, de-AT,en-US"), Some(Locale::De));
        assert_eq!(preferred_language("fr-FR"), None);
        assert_eq!(preferred_language(""), None);
        assert_eq!(preferred_language("en-XA"), None);
    }
}
