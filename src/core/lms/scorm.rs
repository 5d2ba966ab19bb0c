//! A SCORM 1.2 or 2004 launch, read into validated values, and the reporter that
//! turns the tracker's events into the run-time calls to make.
//!
//! The platform shell discovers the API, calls `Initialize`, reads the elements
//! [`Launch::elements`] names and hands them to [`Launch::read`]. From then on it
//! executes the [`Call`]s the [`Reporter`] returns, in order, and logs every failure;
//! nothing here blocks the learner on the LMS.

use super::tracker::{Event, Observed, Tracker};
use super::{
    InteractionResult, Standard, Suspended, decode_suspend, duration_2004, final_status,
    score_values, timespan_12, timestamp_2004,
};
use crate::core::i18n::Locale;

/// `cmi.core.entry` / `cmi.entry`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entry {
    /// A first launch of this attempt.
    AbInitio,
    /// The learner left with `exit=suspend` last time.
    Resume,
    /// Empty: anything else (a launch after a normal exit, in some LMSs).
    Other,
}

/// `cmi.core.lesson_mode` / `cmi.mode`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Normal,
    Browse,
    Review,
}

/// What the LMS said about this launch.
#[derive(Clone, Debug, PartialEq)]
pub struct Launch {
    pub standard: Standard,
    /// The learner's id in the LMS (read only; keys the local cache).
    pub learner_id: String,
    pub learner_name: String,
    pub entry: Entry,
    pub mode: Mode,
    /// `credit` (true) or `no-credit`.
    pub credit: bool,
    /// The status the LMS holds: 1.2 `lesson_status`, 2004 `completion_status`.
    pub status: String,
    /// The best score (0–100) the LMS already holds for this attempt, if any.
    pub score: Option<u8>,
    /// The LMS's mastery score (0–100), which overrides the scenario's pass threshold.
    pub mastery: Option<u8>,
    /// The learner's saved state, when the LMS had a readable one.
    pub suspended: Option<Suspended>,
    /// `cmi.interactions._count`: where new interaction records go.
    pub interactions: u32,
    /// The learner's preferred language in the LMS, if it is one Mandate has.
    pub language: Option<Locale>,
    /// What could not be read, in words for the log (and the learner, where it
    /// matters: an unreadable saved state).
    pub problems: Vec<String>,
}

impl Launch {
    /// The elements to read after `Initialize`, in order.
    pub fn elements(standard: Standard) -> &'static [&'static str] {
        match standard {
            Standard::Scorm12 => &[
                "cmi.core.student_id",
                "cmi.core.student_name",
                "cmi.core.entry",
                "cmi.core.lesson_mode",
                "cmi.core.credit",
                "cmi.core.lesson_status",
                "cmi.core.score.raw",
                "cmi.student_data.mastery_score",
                "cmi.core.lesson_location",
                "cmi.suspend_data",
                "cmi.interactions._count",
                "cmi.student_preference.language",
            ],
            Standard::Scorm2004 => &[
                "cmi.learner_id",
                "cmi.learner_name",
                "cmi.entry",
                "cmi.mode",
                "cmi.credit",
                "cmi.completion_status",
                "cmi.score.scaled",
                "cmi.scaled_passing_score",
                "cmi.location",
                "cmi.suspend_data",
                "cmi.interactions._count",
                "cmi.learner_preference.language",
            ],
        }
    }

    /// Reads the launch from the values of [`Launch::elements`]; `get` returns `None`
    /// for an element the LMS would not give (2004 answers 403 for a `suspend_data`
    /// never set: that is simply empty). Nothing read here can fail the launch: odd
    /// values fall back to the safe reading and are noted in `problems`.
    pub fn read(standard: Standard, mut get: impl FnMut(&str) -> Option<String>) -> Launch {
        let names = Launch::elements(standard);
        let mut value = |i: usize| get(names[i]).unwrap_or_default();
        let learner_id = value(0);
        let learner_name = value(1);
        let entry_text = value(2);
        let mode_text = value(3);
        let credit_text = value(4);
        let status = value(5);
        let score_text = value(6);
        let mastery_text = value(7);
        let _location = value(8);
        let suspend_text = value(9);
        let count_text = value(10);
        let language = super::preferred_language(&value(11));
        let mut problems = Vec::new();

        let entry = match entry_text.as_str() {
            "ab-initio" => Entry::AbInitio,
            "resume" => Entry::Resume,
            _ => Entry::Other,
        };
        let mode = match mode_text.as_str() {
            "browse" => Mode::Browse,
            "review" => Mode::Review,
            "normal" | "" => Mode::Normal,
            other => {
                problems.push(format!("unknown mode “{other}”; playing as normal"));
                Mode::Normal
            }
        };
        let credit = credit_text != "no-credit";
        // 1.2 scores are 0–100; 2004's scaled score is -1..1 and Mandate writes 0..1.
        let percent = |text: &str, what: &str, problems: &mut Vec<String>| -> Option<u8> {
            if text.is_empty() {
                return None;
            }
            let parsed = text.parse::<f64>().ok().filter(|v| v.is_finite());
            let scale = match standard {
                Standard::Scorm12 => 1.0,
                Standard::Scorm2004 => 100.0,
            };
            match parsed {
                Some(v) => Some((v * scale).round().clamp(0.0, 100.0) as u8),
                None => {
                    problems.push(format!("the {what} “{text}” is not a number; ignored"));
                    None
                }
            }
        };
        let score = percent(&score_text, "score", &mut problems);
        let mastery = percent(&mastery_text, "mastery score", &mut problems);
        let suspended = if suspend_text.is_empty() {
            None
        } else {
            match decode_suspend(&suspend_text) {
                Ok(s) => Some(s),
                Err(e) => {
                    problems.push(format!("{e}; the attempt starts afresh"));
                    None
                }
            }
        };
        let interactions = match count_text.parse::<u32>() {
            Ok(n) => n,
            Err(_) if count_text.is_empty() => 0,
            Err(_) => {
                problems.push(format!("interactions._count “{count_text}” is not a count"));
                0
            }
        };
        Launch {
            standard,
            learner_id,
            learner_name,
            entry,
            mode,
            credit,
            status,
            score,
            mastery,
            suspended,
            interactions,
            language,
            problems,
        }
    }

    /// Whether this launch records anything: a normal launch for credit. In browse or
    /// review mode, and without credit, Mandate changes nothing in the LMS.
    pub fn records(&self) -> bool {
        self.mode == Mode::Normal && self.credit
    }

    /// The saved state to resume from: the LMS's, unless this is a fresh attempt.
    pub fn resume_state(&self) -> Option<&Suspended> {
        match self.entry {
            Entry::AbInitio => None,
            Entry::Resume | Entry::Other => self.suspended.as_ref(),
        }
    }
}

/// One run-time call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Call {
    Set(String, String),
    Commit,
    Terminate,
}

/// Turns what the learner does into SCORM calls for one launch.
#[derive(Clone, Debug)]
pub struct Reporter {
    standard: Standard,
    records: bool,
    /// The score that passes: the LMS's mastery score, else the scenario's threshold.
    mastery: u8,
    /// The best score reported in this LMS attempt: a worse replay does not lower it.
    best: Option<u8>,
    /// Where the next interaction record goes.
    next_interaction: u32,
    started_ms: u64,
    tracker: Tracker,
    finished: bool,
    terminated: bool,
}

impl Reporter {
    /// A reporter for `launch`, started at `now`, with the calls to make first: a
    /// fresh attempt (or one the LMS holds as not attempted) becomes `incomplete`,
    /// and the exit is `suspend` until the attempt ends.
    pub fn start(launch: &Launch, pass_threshold: u8, now: u64) -> (Reporter, Vec<Call>) {
        let resumed = launch.resume_state();
        let reported = resumed.map_or(0, |s| s.choices.len());
        let reporter = Reporter {
            standard: launch.standard,
            records: launch.records(),
            mastery: launch.mastery.unwrap_or(pass_threshold),
            best: match launch.entry {
                Entry::AbInitio => None,
                _ => launch.score,
            },
            next_interaction: launch.interactions,
            started_ms: now,
            tracker: Tracker::new(reported, false),
            finished: false,
            terminated: false,
        };
        let mut calls = Vec::new();
        if reporter.records {
            let fresh = launch.entry == Entry::AbInitio
                || matches!(launch.status.as_str(), "" | "not attempted" | "unknown");
            if fresh {
                calls.push(reporter.set_status_incomplete());
            }
            calls.push(reporter.set(reporter.exit_element(), "suspend"));
            calls.push(Call::Commit);
        }
        (reporter, calls)
    }

    fn set(&self, element: &str, value: impl Into<String>) -> Call {
        Call::Set(element.to_string(), value.into())
    }

    fn set_status_incomplete(&self) -> Call {
        match self.standard {
            Standard::Scorm12 => self.set("cmi.core.lesson_status", "incomplete"),
            Standard::Scorm2004 => self.set("cmi.completion_status", "incomplete"),
        }
    }

    fn exit_element(&self) -> &'static str {
        match self.standard {
            Standard::Scorm12 => "cmi.core.exit",
            Standard::Scorm2004 => "cmi.exit",
        }
    }

    fn session_time(&self, now: u64) -> Call {
        let elapsed = now.saturating_sub(self.started_ms);
        match self.standard {
            Standard::Scorm12 => self.set("cmi.core.session_time", timespan_12(elapsed)),
            Standard::Scorm2004 => self.set("cmi.session_time", duration_2004(elapsed)),
        }
    }

    /// Whether calls may still be made (false after `Terminate`).
    pub fn is_open(&self) -> bool {
        !self.terminated
    }

    /// Whether the launch writes anything (normal mode, for credit).
    pub fn records(&self) -> bool {
        self.records
    }

    /// The calls for what changed in the session: one interaction per new decision,
    /// location and suspend_data, the score and status at an ending, then a commit.
    pub fn observe(&mut self, seen: Observed<'_>, now: u64) -> Vec<Call> {
        if self.terminated || !self.records {
            return Vec::new();
        }
        let events = self.tracker.observe(seen, now);
        if events.is_empty() {
            return Vec::new();
        }
        let mut calls = Vec::new();
        for event in events {
            match event {
                Event::Answered {
                    interaction,
                    latency_ms,
                    at_ms,
                    ..
                } => {
                    let n = self.next_interaction;
                    self.next_interaction += 1;
                    let at = |field: &str| format!("cmi.interactions.{n}.{field}");
                    calls.push(self.set(&at("id"), interaction.id.clone()));
                    calls.push(self.set(&at("type"), "choice"));
                    match self.standard {
                        Standard::Scorm12 => {
                            calls.push(self.set(&at("student_response"), &*interaction.response));
                            calls.push(self.set(&at("latency"), timespan_12(latency_ms)));
                            calls.push(self.set(&at("time"), time_of_day_12(at_ms)));
                        }
                        Standard::Scorm2004 => {
                            calls.push(self.set(&at("description"), describe(&interaction)));
                            calls.push(self.set(&at("learner_response"), &*interaction.response));
                            calls.push(self.set(&at("latency"), duration_2004(latency_ms)));
                            calls.push(self.set(&at("timestamp"), timestamp_2004(at_ms)));
                        }
                    }
                    calls.push(self.set(&at("result"), interaction.result.as_str(self.standard)));
                    calls.push(self.set(&at("weighting"), "1"));
                    calls.push(self.set(&at("correct_responses.0.pattern"), &*interaction.correct));
                }
                Event::Moved {
                    location,
                    suspend,
                    progress,
                    finished,
                } => {
                    match self.standard {
                        Standard::Scorm12 => {
                            calls.push(self.set("cmi.core.lesson_location", location));
                        }
                        Standard::Scorm2004 => {
                            calls.push(self.set("cmi.location", location));
                            calls.push(
                                self.set(
                                    "cmi.progress_measure",
                                    format!("{:.2}", progress)
                                        .trim_end_matches('0')
                                        .trim_end_matches('.')
                                        .to_string(),
                                ),
                            );
                        }
                    }
                    calls.push(self.set("cmi.suspend_data", suspend));
                    if !finished && self.finished {
                        // A new attempt after an ending: in progress again.
                        self.finished = false;
                    }
                    let exit = match (finished, self.standard) {
                        (false, _) => "suspend",
                        (true, Standard::Scorm12) => "",
                        (true, Standard::Scorm2004) => "normal",
                    };
                    calls.push(self.set(self.exit_element(), exit));
                }
                Event::Finished { score } => {
                    self.finished = true;
                    if self.best.is_none_or(|best| score >= best) {
                        self.best = Some(score);
                        calls.extend(
                            score_values(self.standard, score)
                                .into_iter()
                                .map(|(k, v)| self.set(k, v)),
                        );
                        calls.extend(
                            final_status(self.standard, score >= self.mastery)
                                .into_iter()
                                .map(|(k, v)| self.set(k, v)),
                        );
                    }
                }
                Event::NewAttempt => {}
            }
        }
        calls.push(self.session_time(now));
        calls.push(Call::Commit);
        calls
    }

    /// The page is hidden (the learner switched tabs, or the window may be closing):
    /// save the session time and commit.
    pub fn checkpoint(&mut self, now: u64) -> Vec<Call> {
        if self.terminated || !self.records {
            return Vec::new();
        }
        vec![self.session_time(now), Call::Commit]
    }

    /// The learner finished (the Finish button) or the page is going away: the last
    /// calls, ending with the one `Terminate`. Nothing is called after it.
    pub fn finish(&mut self, now: u64) -> Vec<Call> {
        if self.terminated {
            return Vec::new();
        }
        self.terminated = true;
        let mut calls = Vec::new();
        if self.records {
            calls.push(self.session_time(now));
        }
        // A commit before the end even when nothing was written (review, no credit):
        // it changes nothing, and some LMSs expect one.
        calls.push(Call::Commit);
        calls.push(Call::Terminate);
        calls
    }
}

/// A 2004 interaction description (localized_string, at most 250 characters): the
/// question and what was chosen.
fn describe(interaction: &super::Interaction) -> String {
    let label = interaction
        .options
        .iter()
        .find(|(id, _)| *id == interaction.response)
        .map_or("", |(_, label)| label.as_str());
    let verdict = match interaction.result {
        InteractionResult::Correct => "best aligned",
        InteractionResult::Neutral => "acceptable",
        InteractionResult::Wrong => "misaligned",
    };
    let text = format!("{}: {} ({verdict})", interaction.question, label);
    text.chars().take(250).collect()
}

/// SCORM 1.2 CMITime, the time of day `HH:MM:SS` (UTC).
fn time_of_day_12(ms_since_epoch: u64) -> String {
    let secs = ms_since_epoch / 1000 % 86_400;
    format!(
        "{:02}:{:02}:{:02}",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}
