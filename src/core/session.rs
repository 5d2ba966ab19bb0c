//! The learner's session as a pure state machine: which screen, which attempt,
//! what is saved. The UI's reducer delegates every action here; the clock
//! comes in with the actions that need it.

use std::rc::Rc;

use super::analysis::Analysis;
use super::debrief::Confidence;
use super::engine::Playthrough;
use super::i18n::{Locale, Messages};
use super::lms::Suspended;
use super::progress::{
    AttemptRecord, BestResult, ProgressStore, SavedAttempt, SavedProgress, ScenarioRecord,
};
use super::scenario::StrategyIndex;
use super::scenario::{Scenario, ScenarioErrors};
use crate::tr;

/// Where a scenario came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Shipped with Mandate (`scenarios/`).
    BuiltIn,
    /// Opened by an author or instructor in this visit: a picked or dropped file, or a
    /// hosted file named in the URL. `source` names it in messages.
    Authored { source: String },
}

/// A playable scenario with its precomputed score bounds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub scenario: Scenario,
    pub analysis: Analysis,
    pub origin: Origin,
    /// The scenario in every language it is written in, the original first; empty when
    /// there is only the one. Every version has the same structure and content hash
    /// (see [`crate::core::scenario::load_translation`]), so an attempt carries over.
    pub versions: Rc<[Scenario]>,
}

impl Entry {
    pub fn new(scenario: Scenario) -> Self {
        let analysis = Analysis::of(&scenario);
        Entry {
            scenario,
            analysis,
            origin: Origin::BuiltIn,
            versions: Rc::new([]),
        }
    }

    /// An entry whose analysis was already computed by [`crate::core::scenario::load_analysed`].
    pub fn with_analysis(scenario: Scenario, analysis: Analysis) -> Self {
        Entry {
            scenario,
            analysis,
            origin: Origin::BuiltIn,
            versions: Rc::new([]),
        }
    }

    /// An author's own scenario, with the analysis its load already computed.
    pub fn authored(scenario: Scenario, analysis: Analysis, source: impl Into<String>) -> Self {
        Entry {
            scenario,
            analysis,
            origin: Origin::Authored {
                source: source.into(),
            },
            versions: Rc::new([]),
        }
    }
}

impl Entry {
    /// This entry with its scenario in `locale`, or in its original language when it
    /// has no version in that one.
    pub fn in_language(&self, locale: Locale) -> Entry {
        match self.version_in(locale) {
            Some(v) if v.language != self.scenario.language => Entry {
                scenario: v.clone(),
                ..self.clone()
            },
            _ => self.clone(),
        }
    }

    /// The version [`Entry::in_language`] shows for `locale`: the one written in it (the
    /// pseudo-language reads English), else the original; `None` without versions.
    fn version_in(&self, locale: Locale) -> Option<&Scenario> {
        let wanted = match locale {
            Locale::Pseudo => Locale::En,
            other => other,
        };
        self.versions
            .iter()
            .find(|s| s.language == wanted)
            .or_else(|| self.versions.first())
    }

    /// Whether the scenario shown is already the one for `locale`.
    fn shows(&self, locale: Locale) -> bool {
        self.version_in(locale)
            .is_none_or(|v| v.language == self.scenario.language)
    }

    /// The languages this scenario can be read in.
    pub fn languages(&self) -> Vec<Locale> {
        if self.versions.is_empty() {
            vec![self.scenario.language]
        } else {
            self.versions.iter().map(|s| s.language).collect()
        }
    }
}

/// Why an authored scenario was not added.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AddError {
    /// Its id is a built-in scenario's.
    BuiltInId(String),
}

impl AddError {
    /// Why, in the interface language.
    pub fn message(&self, t: &Messages) -> String {
        match self {
            AddError::BuiltInId(id) => tr!(t, "errors.built-in-id", id = id),
        }
    }
}

crate::display_in_english!(AddError);

/// The scenarios on offer, shared by every copy of the session.
pub type Catalogue = Rc<Vec<Entry>>;

/// `catalogue` with the translations in `files` (`scenarios/<tag>/<id>.mandate`, a
/// language pack's) added to the built-in scenarios they translate, each loaded against
/// its original by [`crate::core::scenario::load_translation`]. A language a scenario
/// already has is not added again; the same `Rc` comes back when nothing is added. The
/// errors are those of translations that did not load (a bug in the shipped pack).
pub fn with_translations(
    catalogue: &Catalogue,
    files: &[(String, String)],
) -> (Catalogue, Vec<ScenarioErrors>) {
    let mut errors = Vec::new();
    let mut entries: Option<Vec<Entry>> = None;
    for (file, source) in files {
        let list = entries.as_ref().unwrap_or(catalogue);
        let Some(index) = list
            .iter()
            .position(|e| e.origin == Origin::BuiltIn && crate::core::builtin::translates(file, e))
        else {
            continue;
        };
        let entry = &list[index];
        let original = entry.versions.first().unwrap_or(&entry.scenario).clone();
        let translated = match crate::core::scenario::load_translation(&original, file, source) {
            Ok(t) => t,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        if entry.languages().contains(&translated.language) {
            continue;
        }
        let mut versions: Vec<Scenario> = if entry.versions.is_empty() {
            vec![original]
        } else {
            entry.versions.to_vec()
        };
        versions.push(translated);
        let list = entries.get_or_insert_with(|| catalogue.to_vec());
        list[index].versions = versions.into();
    }
    match entries {
        Some(list) => (Rc::new(list), errors),
        None => (Rc::clone(catalogue), errors),
    }
}

/// `catalogue` with every scenario in `locale` where it has a version in it: the same
/// `Rc` when nothing changes.
pub fn localized(catalogue: &Catalogue, locale: Locale) -> Catalogue {
    if catalogue.iter().all(|e| e.shows(locale)) {
        Rc::clone(catalogue)
    } else {
        Rc::new(catalogue.iter().map(|e| e.in_language(locale)).collect())
    }
}

/// What the learner is looking at, derived from the saved state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Screen {
    Home,
    Briefing {
        entry: usize,
    },
    /// `practice`: a practice run from the debrief, not the attempt.
    Decision {
        entry: usize,
        playthrough: Playthrough,
        practice: bool,
    },
    Feedback {
        entry: usize,
        playthrough: Playthrough,
        practice: bool,
    },
    Ending {
        entry: usize,
        playthrough: Playthrough,
        practice: bool,
    },
    /// The progress page.
    Progress,
    /// A finished attempt from the history, reviewed.
    Review {
        entry: usize,
        playthrough: Playthrough,
        confidence: Vec<Option<Confidence>>,
    },
}

/// Status of a scenario as the home screen shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    NotStarted,
    /// `decision` is the 1-based number of the decision waiting.
    InProgress {
        decision: u32,
    },
    Completed,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// A fresh attempt, replacing the current one. The UI confirms before
    /// replacing an attempt in progress: restarting is never an accident.
    StartNewAttempt {
        scenario: String,
        /// The strategy to play under (a strategy id); `None` for the scenario's default.
        strategy: Option<String>,
        now: u64,
    },
    /// On the briefing, before the first decision: play under another of the
    /// scenario's strategies. Unknown ids change nothing.
    ChooseStrategy {
        strategy: String,
        now: u64,
    },
    /// Return to the scenario's current attempt, wherever it stands.
    Resume {
        scenario: String,
    },
    /// Leave the briefing for the first decision.
    Begin {
        now: u64,
    },
    Choose {
        choice: String,
        /// How sure the learner said they were, where the scenario asks.
        confidence: Option<Confidence>,
        now: u64,
    },
    /// From the debrief of a finished attempt: replay its first `keep` decisions in a
    /// practice run and decide again from there. The attempt stays as it is.
    Practice {
        keep: usize,
        now: u64,
    },
    /// Leave the practice run for the attempt's debrief.
    EndPractice,
    /// Close the feedback on the last choice.
    Continue {
        now: u64,
    },
    GoHome,
    /// Add an authored scenario to the catalogue for this visit and open its briefing
    /// (or its attempt in progress, when the same file was played before). Replaces an
    /// earlier authored scenario with the same id. Use [`Session::check_authored`] first.
    OpenAuthored {
        entry: Box<Entry>,
        now: u64,
    },
    /// The progress page: history, profiles, export and import.
    ShowProgress,
    /// Review a finished attempt from the history (by when it started).
    Review {
        scenario: String,
        started: u64,
    },
    /// Add a learner profile on this device and switch to it.
    AddProfile {
        name: String,
        now: u64,
    },
    SwitchProfile {
        id: String,
    },
    /// Forget the progress of the learner in use (the UI confirms first, saying what goes).
    ResetProfile,
    /// Merge an imported progress file (already decoded and checked).
    Import {
        saved: Box<SavedProgress>,
    },
    /// Another tab saved: merge its progress, keeping this tab's place.
    FromOtherTab {
        saved: Box<SavedProgress>,
    },
    /// An LMS resumed this attempt: its saved state wins over this device's. The
    /// attempt is replayed against the scenario as it is now (content that changed
    /// since is handled as for a stored attempt) and opened where it stood.
    Restore {
        scenario: String,
        suspended: Suspended,
        now: u64,
    },
    /// Show the learner a message (storage trouble, for example).
    Notify(String),
    /// The interface language changed: it is remembered for the learner in use (the
    /// pseudo-language is not), and every scenario written in it is shown in it.
    SetLanguage {
        locale: Locale,
    },
    /// A language pack arrived: its scenario translations (`scenarios/<tag>/<id>.mandate`)
    /// join the built-in scenarios they translate ([`with_translations`]), shown at once
    /// if they are in the language in use.
    AddTranslations {
        files: Rc<[(String, String)]>,
    },
    /// Built-in scenarios that arrived after the first screen (the browser build fetches
    /// all but the first): `entries` is the whole built-in catalogue in the curriculum's
    /// order. Those not yet in the catalogue join it, before any authored scenario, and
    /// the store is repaired against them. The page does not change.
    AddBuiltIns {
        entries: Catalogue,
    },
    DismissNotice(usize),
}

/// Which of the pages outside play the learner is on (not saved: a reload returns to
/// play, or home).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Page {
    #[default]
    Play,
    /// The progress page: history, profiles, export and import.
    Progress,
    /// A past attempt of a scenario, reviewed from the progress page.
    Review { scenario: String, started: u64 },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    catalogue: Catalogue,
    saved: SavedProgress,
    notices: Vec<String>,
    page: Page,
    /// The interface language, for the messages the session writes.
    locale: Locale,
}

/// Repairs a learner's store against the catalogue: attempts made against different
/// scenario content are replayed as far as they still fit, and the learner is told.
fn repair(
    t: &Messages,
    catalogue: &Catalogue,
    store: &mut ProgressStore,
    notices: &mut Vec<String>,
) {
    {
        for entry in catalogue.iter() {
            let scenario = &entry.scenario;
            let hash = scenario.content_hash.to_hex();
            let Some(record) = store.scenarios.get_mut(scenario.id.as_str()) else {
                continue;
            };
            // A practice run made against other content is simply dropped: it was
            // never the learner's record.
            if record.practice.as_ref().is_some_and(|p| p.hash != hash) {
                record.practice = None;
            }
            let Some(attempt) = record.attempt.as_mut() else {
                continue;
            };
            let strategy = strategy_of(scenario, attempt);
            let replay = Playthrough::replay(scenario, strategy, &attempt.choices);
            if attempt.hash == hash && replay.is_ok() {
                continue;
            }
            match replay {
                Ok(_) => {}
                Err(stopped) => {
                    notices.push(tr!(
                        t,
                        "notices.scenario-changed",
                        title = scenario.title,
                        decision = stopped.replayed + 1
                    ));
                    attempt.choices.truncate(stopped.replayed);
                    attempt.confidence.truncate(stopped.replayed);
                    attempt.feedback = false;
                }
            }
            attempt.hash = hash;
        }
        if let Some(active) = &store.active
            && !catalogue.iter().any(|e| e.scenario.id.as_str() == active)
        {
            store.active = None;
        }
    }
}

impl Session {
    /// Starts from what was saved (any learner store converts: one default profile).
    /// Attempts made against different scenario content are replayed as far as they
    /// still fit; the learner is told.
    pub fn new(catalogue: Catalogue, saved: impl Into<SavedProgress>) -> Self {
        Session::new_in(catalogue, saved, Locale::En)
    }

    /// [`Session::new`] for a learner reading `locale`: the catalogue in that language
    /// and the session's messages in it.
    pub fn new_in(catalogue: Catalogue, saved: impl Into<SavedProgress>, locale: Locale) -> Self {
        let mut saved = saved.into();
        let mut notices = Vec::new();
        let catalogue = localized(&catalogue, locale);
        repair(
            Messages::get(locale),
            &catalogue,
            saved.store_mut(),
            &mut notices,
        );
        Session {
            catalogue,
            saved,
            notices,
            page: Page::Play,
            locale,
        }
    }

    pub fn catalogue(&self) -> &Catalogue {
        &self.catalogue
    }

    /// The interface language the session writes its messages in.
    pub fn locale(&self) -> Locale {
        self.locale
    }

    /// The progress of the learner in use.
    pub fn store(&self) -> &ProgressStore {
        self.saved.store()
    }

    /// Everything saved on this device: every profile.
    pub fn saved(&self) -> &SavedProgress {
        &self.saved
    }

    pub fn page(&self) -> &Page {
        &self.page
    }

    pub fn notices(&self) -> &[String] {
        &self.notices
    }

    fn entry_index(&self, scenario_id: &str) -> Option<usize> {
        self.catalogue
            .iter()
            .position(|e| e.scenario.id.as_str() == scenario_id)
    }

    /// The current attempt at `entry` (not a practice run), replayed.
    pub fn playthrough(&self, entry: usize) -> Option<(Playthrough, &SavedAttempt)> {
        let scenario = &self.catalogue[entry].scenario;
        let attempt = self
            .store()
            .record(scenario.id.as_str())?
            .attempt
            .as_ref()?;
        Some((replay(scenario, attempt), attempt))
    }

    /// The practice run in progress for `entry`, if any.
    fn practice(&self, entry: usize) -> Option<(Playthrough, &SavedAttempt)> {
        let scenario = &self.catalogue[entry].scenario;
        let practice = self
            .store()
            .record(scenario.id.as_str())?
            .practice
            .as_ref()?;
        Some((replay(scenario, practice), practice))
    }

    /// The finished (or current) attempt of `entry` with its confidence ratings, for
    /// the debrief.
    pub fn attempt(&self, entry: usize) -> Option<(Playthrough, Vec<Option<Confidence>>)> {
        let (playthrough, attempt) = self.playthrough(entry)?;
        let ratings = attempt
            .confidence
            .iter()
            .map(|&c| Confidence::from_code(c))
            .collect();
        Some((playthrough, ratings))
    }

    pub fn screen(&self) -> Screen {
        match &self.page {
            Page::Play => {}
            Page::Progress => return Screen::Progress,
            Page::Review { scenario, started } => {
                let found = self.entry_index(scenario).and_then(|entry| {
                    let s = &self.catalogue[entry].scenario;
                    let record = self.store().record(scenario)?;
                    let past = record.history.iter().find(|h| h.started == *started)?;
                    let strategy = past
                        .strategy
                        .as_deref()
                        .and_then(|id| s.strategy_by_id(id))
                        .unwrap_or_default();
                    let playthrough = match Playthrough::replay(s, strategy, &past.choices) {
                        Ok(p) => p,
                        Err(stopped) => stopped.kept,
                    };
                    let confidence = past
                        .confidence
                        .iter()
                        .map(|&c| Confidence::from_code(c))
                        .collect();
                    Some(Screen::Review {
                        entry,
                        playthrough,
                        confidence,
                    })
                });
                return found.unwrap_or(Screen::Progress);
            }
        }
        let Some(entry) = self
            .store()
            .active
            .as_deref()
            .and_then(|id| self.entry_index(id))
        else {
            return Screen::Home;
        };
        let (practice, found) = match self.practice(entry) {
            Some(run) => (true, Some(run)),
            None => (false, self.playthrough(entry)),
        };
        let Some((playthrough, attempt)) = found else {
            return Screen::Home;
        };
        if !attempt.briefed {
            Screen::Briefing { entry }
        } else if attempt.feedback && !playthrough.steps().is_empty() {
            Screen::Feedback {
                entry,
                playthrough,
                practice,
            }
        } else if playthrough.is_ended(&self.catalogue[entry].scenario) {
            Screen::Ending {
                entry,
                playthrough,
                practice,
            }
        } else {
            Screen::Decision {
                entry,
                playthrough,
                practice,
            }
        }
    }

    pub fn status(&self, entry: usize) -> Status {
        let e = &self.catalogue[entry];
        match self.playthrough(entry) {
            None => Status::NotStarted,
            Some((p, _)) if p.is_ended(&e.scenario) => Status::Completed,
            Some((p, _)) => Status::InProgress {
                decision: e.analysis.progress(&p).number,
            },
        }
    }

    pub fn best(&self, entry: usize) -> Option<BestResult> {
        let id = self.catalogue[entry].scenario.id.as_str();
        self.store().record(id).and_then(|r| r.best)
    }

    pub fn completions(&self, entry: usize) -> u32 {
        let id = self.catalogue[entry].scenario.id.as_str();
        self.store().record(id).map(|r| r.completions).unwrap_or(0)
    }

    /// Whether `entry` may be added with [`Action::OpenAuthored`].
    pub fn check_authored(&self, entry: &Entry) -> Result<(), AddError> {
        let id = entry.scenario.id.as_str();
        // Also the built-ins this page has not fetched yet.
        let clash = crate::core::builtin::is_builtin_id(id)
            || self
                .catalogue
                .iter()
                .any(|e| e.origin == Origin::BuiltIn && e.scenario.id.as_str() == id);
        if clash {
            Err(AddError::BuiltInId(id.to_string()))
        } else {
            Ok(())
        }
    }

    /// Applies one action. Actions that do not fit the current state change nothing.
    pub fn apply(&self, action: Action) -> Session {
        let mut next = self.clone();
        match action {
            Action::StartNewAttempt {
                scenario,
                strategy,
                now,
            } => {
                next.page = Page::Play;
                if let Some(entry) = self.entry_index(&scenario) {
                    let s = &self.catalogue[entry].scenario;
                    let hash = s.content_hash.to_hex();
                    // Only a known, non-default strategy is saved.
                    let strategy =
                        strategy.filter(|id| s.strategy_by_id(id).is_some_and(|i| i.index() > 0));
                    let record = next
                        .saved
                        .store_mut()
                        .scenarios
                        .entry(scenario.clone())
                        .or_default();
                    record.practice = None;
                    record.attempt = Some(SavedAttempt {
                        hash,
                        strategy,
                        choices: vec![],
                        confidence: vec![],
                        briefed: false,
                        feedback: false,
                        started: now,
                        updated: now,
                    });
                    next.saved.store_mut().active = Some(scenario);
                }
            }
            Action::Restore {
                scenario,
                suspended,
                now,
            } => {
                if self.entry_index(&scenario).is_some() {
                    next.page = Page::Play;
                    let record = next
                        .saved
                        .store_mut()
                        .scenarios
                        .entry(scenario.clone())
                        .or_default();
                    record.practice = None;
                    let same = record.attempt.as_ref().is_some_and(|a| {
                        a.hash == suspended.hash
                            && a.strategy == suspended.strategy
                            && a.choices == suspended.choices
                    });
                    if !same {
                        let briefed = suspended.briefed || !suspended.choices.is_empty();
                        record.attempt = Some(SavedAttempt {
                            hash: suspended.hash,
                            strategy: suspended.strategy,
                            choices: suspended.choices,
                            confidence: suspended.confidence,
                            briefed,
                            feedback: suspended.feedback,
                            started: now,
                            updated: now,
                        });
                    } else if let Some(a) = record.attempt.as_mut() {
                        a.briefed = suspended.briefed;
                        a.feedback = suspended.feedback;
                    }
                    next.saved.store_mut().active = Some(scenario);
                    let t = Messages::get(next.locale);
                    repair(
                        t,
                        &next.catalogue,
                        next.saved.store_mut(),
                        &mut next.notices,
                    );
                }
            }
            Action::Resume { scenario } => {
                next.page = Page::Play;
                if self.entry_index(&scenario).is_some()
                    && self
                        .store()
                        .record(&scenario)
                        .and_then(|r| r.attempt.as_ref())
                        .is_some()
                {
                    next.saved.store_mut().active = Some(scenario);
                }
            }
            Action::ChooseStrategy { strategy, now } => {
                if let Screen::Briefing { entry } = self.screen()
                    && let Some(index) = self.catalogue[entry].scenario.strategy_by_id(&strategy)
                    && let Some(attempt) = next.active_attempt_mut()
                {
                    attempt.strategy = (index.index() > 0).then_some(strategy);
                    attempt.updated = now;
                }
            }
            Action::Practice { keep, now } => {
                if let Screen::Ending {
                    entry,
                    playthrough,
                    practice: false,
                } = self.screen()
                {
                    let scenario = &self.catalogue[entry].scenario;
                    let mut choices = playthrough.choice_ids(scenario);
                    choices.truncate(keep.min(choices.len().saturating_sub(1)));
                    let strategy = scenario.strategy(playthrough.strategy()).id.to_string();
                    if let Some(record) = next.active_record_mut() {
                        record.practice = Some(SavedAttempt {
                            hash: scenario.content_hash.to_hex(),
                            strategy: (playthrough.strategy().index() > 0).then_some(strategy),
                            choices,
                            confidence: vec![],
                            briefed: true,
                            feedback: false,
                            started: now,
                            updated: now,
                        });
                    }
                }
            }
            Action::EndPractice => {
                if let Some(record) = next.active_record_mut() {
                    record.practice = None;
                }
            }
            Action::Begin { now } => {
                if let Some(attempt) = next.active_attempt_mut() {
                    attempt.briefed = true;
                    attempt.updated = now;
                }
            }
            Action::Choose {
                choice,
                confidence,
                now,
            } => {
                if let Screen::Decision {
                    entry,
                    playthrough,
                    practice,
                } = self.screen()
                {
                    let e = &self.catalogue[entry];
                    if let Ok(after) = playthrough.choose(&e.scenario, &choice) {
                        let ended = after.is_ended(&e.scenario);
                        let scorecard = e.analysis.score(&e.scenario, &after);
                        let ids = after.choice_ids(&e.scenario);
                        let record = next.active_record_mut();
                        if let Some(record) = record {
                            let run = if practice {
                                record.practice.as_mut()
                            } else {
                                record.attempt.as_mut()
                            };
                            if let Some(attempt) = run {
                                let decision = ids.len() - 1;
                                if let Some(c) = confidence.filter(|_| e.scenario.confidence) {
                                    attempt.confidence.resize(decision, 0);
                                    attempt.confidence.push(c.code());
                                }
                                attempt.choices = ids;
                                attempt.feedback = true;
                                attempt.updated = now;
                            }
                            if ended
                                && !practice
                                && let Some(attempt) = record.attempt.as_ref()
                            {
                                let finished = AttemptRecord {
                                    finished: Some(now),
                                    score: Some(scorecard.score),
                                    passed: Some(scorecard.passed),
                                    ..AttemptRecord::unfinished(attempt)
                                };
                                record.remember(finished);
                            }
                            if ended && !practice {
                                record.completions += 1;
                                let better = record.best.is_none_or(|b| scorecard.score > b.score);
                                if better {
                                    record.best = Some(BestResult {
                                        score: scorecard.score,
                                        passed: scorecard.passed,
                                        at: now,
                                    });
                                }
                            }
                        }
                    }
                }
            }
            Action::Continue { now } => {
                let run = match next.active_record_mut() {
                    Some(record) if record.practice.is_some() => record.practice.as_mut(),
                    Some(record) => record.attempt.as_mut(),
                    None => None,
                };
                if let Some(attempt) = run
                    && attempt.feedback
                {
                    attempt.feedback = false;
                    attempt.updated = now;
                }
            }
            Action::GoHome => {
                if let Some(record) = next.active_record_mut() {
                    record.practice = None;
                }
                next.saved.store_mut().active = None;
                next.page = Page::Play;
            }
            Action::ShowProgress => {
                next.page = Page::Progress;
            }
            Action::Review { scenario, started } => {
                let known = self.store().record(&scenario).is_some_and(|r| {
                    r.history
                        .iter()
                        .any(|h| h.started == started && h.finished.is_some())
                });
                if known && self.entry_index(&scenario).is_some() {
                    next.page = Page::Review { scenario, started };
                }
            }
            Action::AddProfile { name, now } => match next.saved.add_profile(&name, now) {
                Ok(_) => next.page = Page::Progress,
                Err(e) => {
                    let t = Messages::get(next.locale);
                    next.notify(tr!(t, "notices.no-learner-added", why = e.message(t)));
                }
            },
            Action::SwitchProfile { id } => {
                if self.saved.profiles.contains_key(&id) {
                    next.saved.current = id;
                    let mut notices = Vec::new();
                    let t = Messages::get(next.locale);
                    repair(t, &next.catalogue, next.saved.store_mut(), &mut notices);
                    for n in notices {
                        next.notify(n);
                    }
                }
            }
            Action::ResetProfile => {
                *next.saved.store_mut() = ProgressStore::empty();
                next.page = Page::Progress;
            }
            Action::Import { saved } => {
                let (merged, summary) = next.saved.merge_import(&saved);
                next.saved = merged;
                next.notify(summary.message(Messages::get(next.locale)));
            }
            Action::FromOtherTab { saved } => {
                let merged = next.saved.merge_from_other_tab(&saved);
                next.saved = merged;
                let mut notices = Vec::new();
                let t = Messages::get(next.locale);
                repair(t, &next.catalogue, next.saved.store_mut(), &mut notices);
            }
            Action::OpenAuthored { entry, now } => {
                if self.check_authored(&entry).is_ok() {
                    let id = entry.scenario.id.to_string();
                    let mut entries: Vec<Entry> = self
                        .catalogue
                        .iter()
                        .filter(|e| e.scenario.id.as_str() != id)
                        .cloned()
                        .collect();
                    entries.push(*entry);
                    // A save made against another version of the same file resumes where
                    // it still fits.
                    next.reopen(entries);
                    let resumable = self
                        .store()
                        .record(&id)
                        .and_then(|r| r.attempt.as_ref())
                        .is_some();
                    next = if resumable {
                        next.apply(Action::Resume { scenario: id })
                    } else {
                        next.apply(Action::StartNewAttempt {
                            scenario: id,
                            strategy: None,
                            now,
                        })
                    };
                }
            }
            Action::Notify(message) => next.notify(message),
            Action::SetLanguage { locale } => {
                next.locale = locale;
                if locale != Locale::Pseudo {
                    next.saved.set_language(locale);
                }
                next.catalogue = localized(&next.catalogue, locale);
            }
            Action::AddTranslations { files } => {
                let (catalogue, errors) = with_translations(&next.catalogue, &files);
                next.catalogue = localized(&catalogue, next.locale);
                for e in errors {
                    next.notify(e.to_string());
                }
            }
            Action::AddBuiltIns { entries } => {
                let present = |id: &str| {
                    self.catalogue
                        .iter()
                        .find(|e| e.origin == Origin::BuiltIn && e.scenario.id.as_str() == id)
                };
                if entries.iter().all(|e| {
                    e.origin != Origin::BuiltIn || present(e.scenario.id.as_str()).is_some()
                }) {
                    return next;
                }
                let list: Vec<Entry> = entries
                    .iter()
                    .filter(|e| e.origin == Origin::BuiltIn)
                    .map(|e| present(e.scenario.id.as_str()).unwrap_or(e).clone())
                    .chain(
                        self.catalogue
                            .iter()
                            .filter(|e| e.origin != Origin::BuiltIn)
                            .cloned(),
                    )
                    .collect();
                next.reopen(list);
            }
            Action::DismissNotice(index) => {
                if index < next.notices.len() {
                    next.notices.remove(index);
                }
            }
        }
        next
    }

    /// Takes `entries` as the catalogue and re-opens the store against it, as a new
    /// session would (attempts replayed as far as they fit; the learner told), keeping the
    /// page and the notices already shown.
    fn reopen(&mut self, entries: Vec<Entry>) {
        let reopened = Session::new_in(Rc::new(entries), self.saved.clone(), self.locale);
        self.catalogue = reopened.catalogue;
        self.saved = reopened.saved;
        for notice in reopened.notices {
            self.notify(notice);
        }
    }

    fn notify(&mut self, message: String) {
        if !self.notices.contains(&message) {
            self.notices.push(message);
        }
    }

    fn active_record_mut(&mut self) -> Option<&mut ScenarioRecord> {
        let store = self.saved.store_mut();
        let id = store.active.clone()?;
        store.scenarios.get_mut(&id)
    }

    fn active_attempt_mut(&mut self) -> Option<&mut SavedAttempt> {
        self.active_record_mut()?.attempt.as_mut()
    }
}

/// The playthrough a saved attempt (or practice run) describes, as far as it still fits.
fn replay(scenario: &Scenario, attempt: &SavedAttempt) -> Playthrough {
    let strategy = strategy_of(scenario, attempt);
    match Playthrough::replay(scenario, strategy, &attempt.choices) {
        Ok(p) => p,
        Err(stopped) => stopped.kept,
    }
}

/// The strategy an attempt was started under: its saved id, or the scenario's default.
fn strategy_of(scenario: &Scenario, attempt: &SavedAttempt) -> StrategyIndex {
    attempt
        .strategy
        .as_deref()
        .and_then(|id| scenario.strategy_by_id(id))
        .unwrap_or_default()
}
