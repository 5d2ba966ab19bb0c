//! Facilitator mode: a scenario run for a whole room on one projected screen, as a pure
//! state machine. The instructor records the class's vote on each option, reveals how
//! every option serves the strategy, and the class goes on down the majority's path (on
//! a tie, or with no votes, the instructor picks). Like [`super::session`], an [`Action`]
//! goes in and a new [`Run`] comes out; the clock comes in inside the actions that need it.
//!
//! Alignment and scores are only given out once revealed ([`Run::scores_visible`]), so a
//! screen drawn from a run cannot show them early by mistake.

use serde::{Deserialize, Serialize};

use super::analysis::Scorecard;
use super::engine::{Playthrough, Position};
use super::i18n::{Locale, Messages};
use super::scenario::{Alignment, Choice, Scenario, Scene, StrategyIndex};
use super::session::Catalogue;
use crate::tr;

/// The timer lengths the setup offers, in seconds.
pub const TIMER_CHOICES: [u32; 3] = [60, 90, 120];

/// No option gets more votes than this (a lecture theatre, with room to spare).
pub const MAX_VOTES: u32 = 9_999;

/// The version of [`SavedRun`] this release writes and reads.
pub const SAVED_VERSION: u32 = 1;

/// Where a run stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    /// The briefing, before the first decision.
    Briefing,
    /// A decision is on screen and the class is voting; alignment stays hidden.
    Voting,
    /// The decision's alignment and feedback are shown, with the votes.
    Revealed,
    /// The class reached an ending.
    Ended,
}

/// The decision timer: how long each decision gets, and how much of it has run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timer {
    pub seconds: u32,
    /// When it was last started (ms since the epoch), while it runs.
    running_since: Option<u64>,
    /// Time run before `running_since`.
    elapsed_ms: u64,
}

impl Timer {
    fn new(seconds: u32) -> Self {
        Timer {
            seconds,
            running_since: None,
            elapsed_ms: 0,
        }
    }

    pub fn is_running(&self) -> bool {
        self.running_since.is_some()
    }

    fn elapsed(&self, now: u64) -> u64 {
        self.elapsed_ms + self.running_since.map_or(0, |t| now.saturating_sub(t))
    }

    /// Milliseconds left at `now` (0 once the time is up).
    pub fn remaining_ms(&self, now: u64) -> u64 {
        (u64::from(self.seconds) * 1000).saturating_sub(self.elapsed(now))
    }

    /// Whole seconds left at `now`, rounded up (so it shows 0 only when time is up).
    pub fn remaining_secs(&self, now: u64) -> u32 {
        self.remaining_ms(now).div_ceil(1000) as u32
    }

    /// Whether the time is up at `now`.
    pub fn is_up(&self, now: u64) -> bool {
        self.remaining_ms(now) == 0
    }

    /// Whether it has been started for this decision (running, paused or run out).
    pub fn is_started(&self) -> bool {
        self.running_since.is_some() || self.elapsed_ms > 0
    }

    fn toggled(self, now: u64) -> Self {
        match self.running_since {
            Some(since) => Timer {
                running_since: None,
                elapsed_ms: self.elapsed_ms + now.saturating_sub(since),
                ..self
            },
            None if self.is_up(now) => self,
            None => Timer {
                running_since: Some(now),
                ..self
            },
        }
    }
}

/// "1:30".
pub fn clock_text(seconds: u32) -> String {
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// From the briefing to the first decision.
    Begin,
    /// One vote more (`delta` > 0) or fewer for the `option`-th option offered (0-based,
    /// in the order shown). Counts never go below 0. Only while voting.
    Vote { option: usize, delta: i32 },
    /// The `option`-th option's count, typed in. Only while voting.
    SetVotes { option: usize, count: u32 },
    /// Show every option's alignment and feedback. Stops the timer.
    Reveal,
    /// Once revealed: the instructor picks the option the class follows (needed on a
    /// tie; it overrides the majority otherwise).
    Pick { option: usize },
    /// Once revealed: go on down the chosen path. `pick` names a choice by id; without
    /// it, the instructor's [`Action::Pick`], else the option with the most votes. With
    /// a tie (or no votes) and no pick nothing happens: the instructor must pick.
    Continue { pick: Option<String> },
    /// One step back: from the reveal to the vote; from a vote to the previous decision's
    /// reveal (undoing the class's choice there) or to the briefing; from the ending to
    /// the last decision's reveal.
    Back,
    /// Back to the briefing, every vote cleared (same scenario, strategy and timer).
    Restart,
    /// Each decision's time, or no timer.
    SetTimer { seconds: Option<u32> },
    /// Start or stop (pause) the timer of the decision on screen.
    ToggleTimer { now: u64 },
}

/// How the votes of the decision on screen stand.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Majority {
    /// One option has more votes than any other.
    Clear(usize),
    /// These options share the most votes: the instructor must pick.
    Tie(Vec<usize>),
    /// No votes recorded: the instructor must pick.
    NoVotes,
}

/// Why the class took a step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Followed {
    /// The option with the most votes.
    Majority,
    /// The instructor's pick, over a majority for another option.
    Overruled,
    /// The instructor's pick, on a tie or without votes.
    Decided,
}

/// One decision of the class's path, for the ending.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathStep {
    pub scene_title: String,
    /// The options offered, in the order shown.
    pub options: Vec<OptionResult>,
    /// Index into `options` of the one the class took.
    pub chosen: usize,
    pub followed: Followed,
    pub total_votes: u32,
}

impl PathStep {
    pub fn chosen(&self) -> &OptionResult {
        &self.options[self.chosen]
    }
}

/// An option of a decision with its votes and (once revealed) its alignment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OptionResult {
    pub id: String,
    pub label: String,
    pub votes: u32,
    pub alignment: Alignment,
}

/// A run of one scenario for a room.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    catalogue: Catalogue,
    entry: usize,
    playthrough: Playthrough,
    /// `votes[i]`: the votes at decision `i`, one count per option offered there, in the
    /// order shown. One per step taken, plus the decision on screen (none at the
    /// briefing or an ending).
    votes: Vec<Vec<u32>>,
    /// For each step taken, whether the instructor picked it (rather than the majority).
    picked: Vec<bool>,
    phase: Phase,
    timer: Option<Timer>,
    /// The instructor's pick at the revealed decision (an index into the options).
    pick: Option<usize>,
}

impl Run {
    /// A run of `catalogue[entry]` under `strategy`, at the briefing.
    pub fn new(
        catalogue: Catalogue,
        entry: usize,
        strategy: StrategyIndex,
        timer: Option<u32>,
    ) -> Run {
        let playthrough = Playthrough::under(&catalogue[entry].scenario, strategy);
        Run {
            catalogue,
            entry,
            playthrough,
            votes: vec![],
            picked: vec![],
            phase: Phase::Briefing,
            timer: timer.map(Timer::new),
            pick: None,
        }
    }

    pub fn catalogue(&self) -> &Catalogue {
        &self.catalogue
    }

    pub fn entry(&self) -> usize {
        self.entry
    }

    pub fn scenario(&self) -> &Scenario {
        &self.catalogue[self.entry].scenario
    }

    pub fn playthrough(&self) -> &Playthrough {
        &self.playthrough
    }

    pub fn phase(&self) -> Phase {
        self.phase
    }

    pub fn timer(&self) -> Option<Timer> {
        self.timer
    }

    /// The strategy the class plays under (the one in force at the decision on screen).
    pub fn strategy(&self) -> StrategyIndex {
        self.playthrough.cursor().strategy
    }

    /// Whether alignment, feedback and scores may be shown: after the reveal, and at the end.
    pub fn scores_visible(&self) -> bool {
        matches!(self.phase, Phase::Revealed | Phase::Ended)
    }

    /// The scene of the decision on screen (voting or revealed).
    pub fn scene(&self) -> Option<&Scene> {
        match self.phase {
            Phase::Voting | Phase::Revealed => match self.playthrough.cursor().position {
                Position::Decision(scene) => Some(self.scenario().scene(scene)),
                Position::Ended(_) => None,
            },
            Phase::Briefing | Phase::Ended => None,
        }
    }

    /// 1-based number of the decision on screen (or of the last one, at the end).
    pub fn decision_number(&self) -> usize {
        match self.phase {
            Phase::Ended => self.playthrough.steps().len(),
            _ => self.playthrough.steps().len() + 1,
        }
    }

    /// The options of the decision on screen, in the order shown.
    pub fn options(&self) -> Vec<&Choice> {
        self.playthrough
            .offered(self.scenario())
            .into_iter()
            .map(|(_, c)| c)
            .collect()
    }

    /// The votes of the decision on screen, one per option.
    pub fn votes(&self) -> &[u32] {
        match self.phase {
            Phase::Voting | Phase::Revealed => self.votes.last().map_or(&[], Vec::as_slice),
            Phase::Briefing | Phase::Ended => &[],
        }
    }

    pub fn total_votes(&self) -> u32 {
        self.votes().iter().sum()
    }

    /// How the votes on screen stand.
    pub fn majority(&self) -> Majority {
        majority_of(self.votes())
    }

    /// The instructor's pick at the revealed decision.
    pub fn pick(&self) -> Option<usize> {
        self.pick
    }

    /// The option the class will follow from the revealed decision: the instructor's
    /// pick, else a clear majority. `None` until revealed, and on a tie without a pick.
    pub fn followed(&self) -> Option<usize> {
        if self.phase != Phase::Revealed {
            return None;
        }
        self.pick.or(match self.majority() {
            Majority::Clear(i) => Some(i),
            Majority::Tie(_) | Majority::NoVotes => None,
        })
    }

    /// The alignment of the `option`-th option on screen, under the strategy in force;
    /// `None` before the reveal.
    pub fn alignment(&self, option: usize) -> Option<Alignment> {
        if !self.scores_visible() {
            return None;
        }
        let strategy = self.strategy();
        self.options().get(option).map(|c| c.alignment(strategy))
    }

    /// The feedback (`why`) for the `option`-th option on screen; `None` before the reveal.
    pub fn why(&self, option: usize) -> Option<&str> {
        if !self.scores_visible() {
            return None;
        }
        let strategy = self.strategy();
        self.options().get(option).map(|c| c.why(strategy))
    }

    /// The class's final score, at the end only.
    pub fn scorecard(&self) -> Option<Scorecard> {
        (self.phase == Phase::Ended).then(|| {
            let entry = &self.catalogue[self.entry];
            entry.analysis.score(&entry.scenario, &self.playthrough)
        })
    }

    /// The decisions the class has taken, each with its options and their votes and
    /// alignments: the path and the vote distribution. Empty until scores are visible.
    pub fn path(&self) -> Vec<PathStep> {
        if !self.scores_visible() {
            return vec![];
        }
        let s = self.scenario();
        self.playthrough
            .taken()
            .enumerate()
            .map(|(i, (step, cursor))| {
                let scene = step.scene(s);
                let offered = cursor.available(s);
                let votes = self.votes.get(i).cloned().unwrap_or_default();
                let options: Vec<OptionResult> = offered
                    .iter()
                    .enumerate()
                    .map(|(k, &c)| {
                        let choice = &scene.choices[c];
                        OptionResult {
                            id: choice.id.to_string(),
                            label: choice.label.clone(),
                            votes: votes.get(k).copied().unwrap_or(0),
                            alignment: choice.alignment(cursor.strategy),
                        }
                    })
                    .collect();
                let chosen = offered.iter().position(|&c| c == step.choice).unwrap_or(0);
                let picked = self.picked.get(i).copied().unwrap_or(false);
                let followed = match majority_of(&votes) {
                    Majority::Clear(m) if picked && m != chosen => Followed::Overruled,
                    Majority::Clear(_) => Followed::Majority,
                    Majority::Tie(_) | Majority::NoVotes => Followed::Decided,
                };
                PathStep {
                    scene_title: scene.title.clone(),
                    total_votes: votes.iter().sum(),
                    options,
                    chosen,
                    followed,
                }
            })
            .collect()
    }

    /// Applies one action. Actions that do not fit where the run stands change nothing.
    pub fn apply(&self, action: Action) -> Run {
        let mut next = self.clone();
        match action {
            Action::Begin => {
                if self.phase == Phase::Briefing {
                    next.enter_decision();
                }
            }
            Action::Vote { option, delta } => {
                if self.phase == Phase::Voting
                    && let Some(count) = next.votes.last_mut().and_then(|v| v.get_mut(option))
                {
                    let changed = i64::from(*count) + i64::from(delta);
                    *count = changed.clamp(0, i64::from(MAX_VOTES)) as u32;
                }
            }
            Action::SetVotes { option, count } => {
                if self.phase == Phase::Voting
                    && let Some(slot) = next.votes.last_mut().and_then(|v| v.get_mut(option))
                {
                    *slot = count.min(MAX_VOTES);
                }
            }
            Action::Reveal => {
                if self.phase == Phase::Voting {
                    next.phase = Phase::Revealed;
                    next.pick = None;
                    next.timer = next.timer.map(|t| Timer {
                        running_since: None,
                        ..t
                    });
                }
            }
            Action::Pick { option } => {
                if self.phase == Phase::Revealed && option < self.votes().len() {
                    next.pick = Some(option);
                }
            }
            Action::Continue { pick } => {
                if self.phase != Phase::Revealed {
                    return next;
                }
                let options = self.options();
                let by_id = pick.and_then(|id| options.iter().position(|c| c.id.as_str() == id));
                let majority = match self.majority() {
                    Majority::Clear(i) => Some(i),
                    _ => None,
                };
                let Some(option) = by_id.or(self.pick).or(majority) else {
                    return next;
                };
                let Ok(after) = self
                    .playthrough
                    .choose(self.scenario(), options[option].id.as_str())
                else {
                    return next;
                };
                next.playthrough = after;
                next.picked.push(by_id.or(self.pick).is_some());
                next.pick = None;
                if next.playthrough.is_ended(next.scenario()) {
                    next.phase = Phase::Ended;
                    next.reset_timer();
                } else {
                    next.enter_decision();
                }
            }
            Action::Back => match self.phase {
                Phase::Briefing => {}
                Phase::Revealed => {
                    next.phase = Phase::Voting;
                    next.pick = None;
                }
                Phase::Voting => {
                    next.votes.pop();
                    next.reset_timer();
                    if self.playthrough.steps().is_empty() {
                        next.phase = Phase::Briefing;
                    } else {
                        next.undo_step();
                    }
                }
                Phase::Ended => next.undo_step(),
            },
            Action::Restart => {
                next = Run::new(
                    self.catalogue.clone(),
                    self.entry,
                    self.playthrough.strategy(),
                    self.timer.map(|t| t.seconds),
                );
            }
            Action::SetTimer { seconds } => {
                next.timer = seconds.filter(|s| *s > 0).map(Timer::new);
            }
            Action::ToggleTimer { now } => {
                if self.phase == Phase::Voting {
                    next.timer = next.timer.map(|t| t.toggled(now));
                }
            }
        }
        next
    }

    /// Opens the decision the playthrough stands at, with no votes and a fresh timer.
    fn enter_decision(&mut self) {
        let offered = self.playthrough.offered(self.scenario()).len();
        self.votes.truncate(self.playthrough.steps().len());
        self.votes.push(vec![0; offered]);
        self.phase = Phase::Voting;
        self.pick = None;
        self.reset_timer();
    }

    /// Takes back the last step: its decision is revealed again, with its votes.
    fn undo_step(&mut self) {
        let mut ids = self.playthrough.choice_ids(self.scenario());
        ids.pop();
        if let Ok(back) = Playthrough::replay(self.scenario(), self.playthrough.strategy(), &ids) {
            self.playthrough = back;
        }
        self.picked.truncate(ids.len());
        self.votes.truncate(ids.len() + 1);
        self.phase = Phase::Revealed;
        self.pick = None;
        self.reset_timer();
    }

    fn reset_timer(&mut self) {
        self.timer = self.timer.map(|t| Timer::new(t.seconds));
    }

    /// The run's plain data, for saving.
    pub fn save(&self) -> SavedRun {
        let s = self.scenario();
        SavedRun {
            version: SAVED_VERSION,
            scenario: s.id.to_string(),
            hash: s.content_hash.to_hex(),
            strategy: s.strategy(self.playthrough.strategy()).id.to_string(),
            choices: self.playthrough.choice_ids(s),
            picked: self.picked.clone(),
            votes: self.votes.clone(),
            phase: self.phase,
            timer: self.timer.map(|t| t.seconds),
            pick: self.pick,
        }
    }

    /// A saved run, replayed against the catalogue. Content that changed since is
    /// replayed as far as it still fits, and `notice` says so; votes that no longer fit
    /// their decision are dropped.
    pub fn restore(catalogue: Catalogue, saved: &SavedRun) -> Result<Restored, RestoreError> {
        Run::restore_in(catalogue, saved, Messages::get(Locale::En))
    }

    /// [`Run::restore`], with the notice in `t`'s language.
    pub fn restore_in(
        catalogue: Catalogue,
        saved: &SavedRun,
        t: &Messages,
    ) -> Result<Restored, RestoreError> {
        let entry = catalogue
            .iter()
            .position(|e| e.scenario.id.as_str() == saved.scenario)
            .ok_or_else(|| RestoreError::UnknownScenario(saved.scenario.clone()))?;
        let s = &catalogue[entry].scenario;
        let strategy = s.strategy_by_id(&saved.strategy).unwrap_or_default();
        let mut notice = None;
        let playthrough = match Playthrough::replay(s, strategy, &saved.choices) {
            Ok(p) => p,
            Err(stopped) => {
                notice = Some(tr!(
                    t,
                    "errors.run-changed",
                    title = s.title,
                    decision = stopped.replayed + 1
                ));
                stopped.kept
            }
        };
        let taken = playthrough.steps().len();
        let ended = playthrough.is_ended(s);
        let phase = match saved.phase {
            _ if ended => Phase::Ended,
            _ if notice.is_some() => Phase::Voting,
            Phase::Briefing if taken > 0 => Phase::Voting,
            Phase::Ended => Phase::Revealed,
            phase => phase,
        };
        // The votes of each decision, where they still fit its options.
        let mut votes = Vec::new();
        let mut at = Playthrough::under(s, strategy);
        let decisions = if phase == Phase::Briefing || ended {
            taken
        } else {
            taken + 1
        };
        for i in 0..decisions {
            let offered = at.offered(s).len();
            let kept = saved
                .votes
                .get(i)
                .filter(|v| v.len() == offered)
                .map(|v| v.iter().map(|&n| n.min(MAX_VOTES)).collect())
                .unwrap_or_else(|| vec![0; offered]);
            votes.push(kept);
            if let Some(step) = playthrough.steps().get(i) {
                let id = step.choice(s).id.to_string();
                if let Ok(after) = at.choose(s, &id) {
                    at = after;
                }
            }
        }
        let mut picked = saved.picked.clone();
        picked.resize(taken, false);
        let options = votes.last().map_or(0, Vec::len);
        let run = Run {
            catalogue: catalogue.clone(),
            entry,
            playthrough,
            votes,
            picked,
            phase,
            timer: saved.timer.filter(|s| *s > 0).map(Timer::new),
            pick: saved
                .pick
                .filter(|&p| phase == Phase::Revealed && p < options),
        };
        Ok(Restored { run, notice })
    }
}

/// The most-voted option of `votes`, a tie, or no votes at all.
pub fn majority_of(votes: &[u32]) -> Majority {
    let Some(&most) = votes.iter().max() else {
        return Majority::NoVotes;
    };
    if most == 0 {
        return Majority::NoVotes;
    }
    let top: Vec<usize> = (0..votes.len()).filter(|&i| votes[i] == most).collect();
    match top.as_slice() {
        [one] => Majority::Clear(*one),
        _ => Majority::Tie(top),
    }
}

/// A restored run, with what the instructor should be told.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Restored {
    pub run: Run,
    pub notice: Option<String>,
}

/// Why a saved run could not be restored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RestoreError {
    /// Not JSON, or not the shape of a saved run.
    Damaged(String),
    /// Written by a newer release.
    NewerVersion(u32),
    /// The scenario is not in this release.
    UnknownScenario(String),
}

impl RestoreError {
    /// Why, in the interface language.
    pub fn message(&self, t: &Messages) -> String {
        match self {
            RestoreError::Damaged(e) => tr!(t, "errors.run-damaged", why = e),
            RestoreError::NewerVersion(v) => tr!(t, "errors.run-newer", version = v),
            RestoreError::UnknownScenario(id) => tr!(t, "errors.run-unknown-scenario", id = id),
        }
    }
}

crate::display_in_english!(RestoreError);

impl std::error::Error for RestoreError {}

/// A run's plain data: what is kept on the device so that a reload of the projector
/// does not lose the class's votes. Everything else is replayed from it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedRun {
    pub version: u32,
    pub scenario: String,
    /// The scenario's content hash when saved.
    pub hash: String,
    pub strategy: String,
    /// The ids of the choices the class took.
    pub choices: Vec<String>,
    /// For each choice, whether the instructor picked it.
    #[serde(default)]
    pub picked: Vec<bool>,
    /// Per decision, the votes per option offered, in the order shown.
    pub votes: Vec<Vec<u32>>,
    pub phase: Phase,
    /// Seconds per decision.
    pub timer: Option<u32>,
    /// The instructor's pick at the revealed decision.
    #[serde(default)]
    pub pick: Option<usize>,
}

/// The saved run as JSON.
pub fn encode(saved: &SavedRun) -> String {
    // Plain structs with string keys: serialising cannot fail.
    serde_json::to_string(saved).unwrap_or_default()
}

/// Reads a saved run written by this release or an earlier one.
pub fn decode(text: &str) -> Result<SavedRun, RestoreError> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| RestoreError::Damaged(e.to_string()))?;
    match value.get("version").and_then(serde_json::Value::as_u64) {
        Some(v) if v > u64::from(SAVED_VERSION) => {
            return Err(RestoreError::NewerVersion(
                u32::try_from(v).unwrap_or(u32::MAX),
            ));
        }
        Some(_) => {}
        None => return Err(RestoreError::Damaged("no `version`".to_string())),
    }
    serde_json::from_value(value).map_err(|e| RestoreError::Damaged(e.to_string()))
}
