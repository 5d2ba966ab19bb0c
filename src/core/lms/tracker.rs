//! Watches the learner's attempt at the launched scenario and says what happened
//! since it last looked: decisions answered, the position moved, the attempt ended.
//! Both the SCORM reporter and the cmi5 one are built on these events, so the two
//! standards can never disagree about what the learner did.
//!
//! The tracker is fed an [`Observed`] after every change to the session (and the
//! time, from the caller's clock). It keeps only what it needs to tell new from old:
//! which attempt it follows, how many of its decisions were reported, whether its
//! ending was, and when the current decision appeared (for the latency).

use crate::core::analysis::Analysis;
use crate::core::engine::Playthrough;
use crate::core::progress::SavedAttempt;
use crate::core::scenario::Scenario;

use super::{Interaction, Suspended, encode_suspend, interactions};

/// The launched scenario's current attempt, as the session holds it.
#[derive(Clone, Copy)]
pub struct Observed<'a> {
    pub scenario: &'a Scenario,
    pub analysis: &'a Analysis,
    /// The attempt (not a practice run) and its replayed path; `None` before one starts.
    pub attempt: Option<(&'a SavedAttempt, &'a Playthrough)>,
}

/// Something the LMS should hear about.
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// A decision of the attempt was taken. `number` is 1-based within the attempt.
    Answered {
        number: usize,
        interaction: Interaction,
        /// From the moment the decision appeared to the choice, in milliseconds;
        /// 0 when the tracker did not see it appear (a decision made in an earlier
        /// visit, reported late).
        latency_ms: u64,
        at_ms: u64,
    },
    /// Where the attempt now stands.
    Moved {
        /// The scene waiting, or `end` at an ending.
        location: String,
        /// The encoded [`Suspended`] state.
        suspend: String,
        /// Share of the expected decisions done, 0..=1.
        progress: f64,
        finished: bool,
    },
    /// The attempt reached an ending: its 0–100 score (pass or fail is the
    /// reporter's call, as the LMS may set its own mastery score).
    Finished { score: u8 },
    /// The learner began a new attempt; what follows belongs to it.
    NewAttempt,
}

#[derive(Clone, Debug, Default)]
pub struct Tracker {
    /// `started` of the attempt followed.
    attempt: Option<u64>,
    /// Its decisions already reported.
    reported: usize,
    /// Its ending was reported.
    finished: bool,
    /// The last state reported by [`Event::Moved`].
    last_moved: Option<String>,
    /// (decisions taken, when the next decision appeared).
    shown: Option<(usize, u64)>,
}

impl Tracker {
    /// A tracker for a launch whose LMS already holds `reported` decisions of the
    /// attempt the session starts on (the choices restored from its suspend data),
    /// and its ending when `finished`.
    pub fn new(reported: usize, finished: bool) -> Self {
        Tracker {
            attempt: None,
            reported,
            finished,
            last_moved: None,
            shown: None,
        }
    }

    /// What changed since the last call.
    pub fn observe(&mut self, seen: Observed<'_>, now: u64) -> Vec<Event> {
        let Some((attempt, playthrough)) = seen.attempt else {
            return Vec::new();
        };
        let mut events = Vec::new();
        match self.attempt {
            None => self.attempt = Some(attempt.started),
            Some(started) if started != attempt.started => {
                self.attempt = Some(attempt.started);
                self.reported = 0;
                self.finished = false;
                self.shown = None;
                events.push(Event::NewAttempt);
            }
            Some(_) => {}
        }
        let taken = playthrough.steps().len();
        if taken > self.reported {
            let records = interactions(seen.scenario, playthrough);
            for (i, interaction) in records.into_iter().enumerate().skip(self.reported) {
                // Only the decision just made was seen appearing.
                let latency_ms = match self.shown {
                    Some((before, at)) if before == i && i + 1 == taken => now.saturating_sub(at),
                    _ => 0,
                };
                events.push(Event::Answered {
                    number: i + 1,
                    interaction,
                    latency_ms,
                    at_ms: now,
                });
            }
            self.reported = taken;
        } else if taken < self.reported {
            // The attempt was cut back (its content changed): report from here on.
            self.reported = taken;
        }
        let ended = playthrough.is_ended(seen.scenario);
        if !ended
            && attempt.briefed
            && !attempt.feedback
            && self.shown.is_none_or(|(before, _)| before != taken)
        {
            self.shown = Some((taken, now));
        }
        let suspend = encode_suspend(&Suspended {
            hash: attempt.hash.clone(),
            strategy: attempt.strategy.clone(),
            choices: attempt.choices.clone(),
            confidence: attempt.confidence.clone(),
            briefed: attempt.briefed,
            feedback: attempt.feedback,
        });
        if self.last_moved.as_deref() != Some(suspend.as_str()) {
            let location = match playthrough.cursor().position {
                crate::core::engine::Position::Decision(scene) => {
                    seen.scenario.scene(scene).id.to_string()
                }
                crate::core::engine::Position::Ended(_) => "end".to_string(),
            };
            let progress = if ended {
                1.0
            } else {
                let p = seen.analysis.progress(playthrough);
                f64::from(p.number.saturating_sub(1)) / f64::from(p.about.max(1))
            };
            events.push(Event::Moved {
                location,
                suspend: suspend.clone(),
                progress: progress.clamp(0.0, 1.0),
                finished: ended,
            });
            self.last_moved = Some(suspend);
        }
        if ended && !self.finished {
            self.finished = true;
            let card = seen.analysis.score(seen.scenario, playthrough);
            events.push(Event::Finished { score: card.score });
        }
        events
    }

    /// The attempt followed has reached its ending.
    pub fn finished(&self) -> bool {
        self.finished
    }
}
