//! What is kept between visits, and how it is written: one JSON document with a
//! schema version, holding one or more local learner profiles. Decoding is strict,
//! says exactly what is wrong, and migrates every earlier schema; merging joins two
//! documents (another tab's, an imported file) without losing an attempt.

use std::collections::BTreeMap;

use super::i18n::{Locale, Messages};
use crate::tr;
use serde::{Deserialize, Serialize};

/// The schema this build writes and reads (and every earlier one, migrated).
pub const SCHEMA_VERSION: u32 = 2;
/// The profile a first visit (and a migrated version-1 save) starts with.
pub const DEFAULT_PROFILE: &str = "learner";
/// The name the default profile starts with (shown in the interface language until the
/// learner renames it: see [`Profile::display_name`]).
pub const DEFAULT_PROFILE_NAME: &str = "Learner";
/// Finished attempts kept per scenario and profile; older ones are pruned first.
pub const HISTORY_CAP: usize = 50;
/// The largest progress file `import` reads.
pub const IMPORT_LIMIT_BYTES: usize = 1_000_000;
/// The longest profile name, in characters.
pub const NAME_LIMIT: usize = 60;

/// Everything saved on one device: the learner profiles and which one is in use.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SavedProgress {
    pub schema: u32,
    /// The id of the profile in use.
    pub current: String,
    pub profiles: BTreeMap<String, Profile>,
}

/// One learner on this device: a name (nothing else about them) and their progress.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub name: String,
    /// Milliseconds since the Unix epoch.
    #[serde(default)]
    pub created: u64,
    /// The interface language this learner chose (a BCP 47 tag such as `de`); none
    /// until they choose one. Read through [`SavedProgress::language`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    pub progress: ProgressStore,
}

impl Profile {
    /// The name to show: the learner's own, or the default one in the interface language.
    pub fn display_name(&self, t: &Messages) -> String {
        if self.name == DEFAULT_PROFILE_NAME {
            tr!(t, "notices.default-learner").to_string()
        } else {
            self.name.clone()
        }
    }
}

/// One learner's progress.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgressStore {
    /// The scenario the learner was in when they left, if any: reopening returns there.
    #[serde(default)]
    pub active: Option<String>,
    #[serde(default)]
    pub scenarios: BTreeMap<String, ScenarioRecord>,
}

impl ProgressStore {
    pub fn empty() -> Self {
        ProgressStore::default()
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
    /// Past attempts, oldest first: every finished one (up to [`HISTORY_CAP`]), and any
    /// unfinished one that another tab or device replaced.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<AttemptRecord>,
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

/// An attempt as the history keeps it: its path, and its result when it finished.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttemptRecord {
    pub started: u64,
    /// When it reached an ending; `None` for an attempt left unfinished.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finished: Option<u64>,
    pub hash: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strategy: Option<String>,
    pub choices: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub confidence: Vec<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub passed: Option<bool>,
}

impl AttemptRecord {
    /// The same attempt, wherever it was saved: when it started, on which content,
    /// along which path.
    fn same_as(&self, other: &AttemptRecord) -> bool {
        self.started == other.started && self.hash == other.hash && self.choices == other.choices
    }

    /// An unfinished attempt, for the history.
    pub fn unfinished(attempt: &SavedAttempt) -> Self {
        AttemptRecord {
            started: attempt.started,
            finished: None,
            hash: attempt.hash.clone(),
            strategy: attempt.strategy.clone(),
            choices: attempt.choices.clone(),
            confidence: attempt.confidence.clone(),
            score: None,
            passed: None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BestResult {
    pub score: u8,
    pub passed: bool,
    /// When it was reached, milliseconds since the Unix epoch.
    pub at: u64,
}

impl ScenarioRecord {
    /// Adds `record` to the history (unless it is already there), keeping the newest
    /// [`HISTORY_CAP`] finished attempts.
    pub fn remember(&mut self, record: AttemptRecord) {
        if self.history.iter().any(|r| r.same_as(&record)) {
            return;
        }
        self.history.push(record);
        self.history.sort_by_key(|r| (r.started, r.finished));
        let finished = self.history.iter().filter(|r| r.finished.is_some()).count();
        let mut excess = finished.saturating_sub(HISTORY_CAP);
        self.history.retain(|r| {
            if excess > 0 && r.finished.is_some() {
                excess -= 1;
                false
            } else {
                true
            }
        });
    }

    /// The most recent finished attempt.
    pub fn latest(&self) -> Option<&AttemptRecord> {
        self.history
            .iter()
            .filter(|r| r.finished.is_some())
            .max_by_key(|r| r.finished)
    }
}

impl SavedProgress {
    /// A first visit: one profile, nothing played.
    pub fn empty() -> Self {
        ProgressStore::empty().into()
    }

    /// The profile in use (a document always has it; see [`SavedProgress::check`]).
    pub fn profile(&self) -> &Profile {
        self.profiles
            .get(&self.current)
            .or_else(|| self.profiles.values().next())
            .unwrap_or(&EMPTY_PROFILE)
    }

    /// The interface language the learner in use chose, if they chose one Mandate has.
    pub fn language(&self) -> Option<Locale> {
        self.profile()
            .language
            .as_deref()
            .and_then(Locale::from_tag)
    }

    /// Remembers the interface language for the learner in use.
    pub fn set_language(&mut self, locale: Locale) {
        self.store_mut();
        if let Some(profile) = self.profiles.get_mut(&self.current) {
            profile.language = Some(locale.tag().to_string());
        }
    }

    pub fn store(&self) -> &ProgressStore {
        &self.profile().progress
    }

    /// The progress of the profile in use, creating the profile if it is missing.
    pub fn store_mut(&mut self) -> &mut ProgressStore {
        let current = self.current.clone();
        &mut self
            .profiles
            .entry(current)
            .or_insert_with(|| Profile {
                name: DEFAULT_PROFILE_NAME.into(),
                created: 0,
                language: None,
                progress: ProgressStore::empty(),
            })
            .progress
    }

    /// Adds a profile named `name` and switches to it. The id is made from the clock and
    /// never reuses an existing one.
    pub fn add_profile(&mut self, name: &str, now: u64) -> Result<String, ProfileError> {
        let name = check_name(name)?;
        if self
            .profiles
            .values()
            .any(|p| p.name.to_lowercase() == name.to_lowercase())
        {
            return Err(ProfileError::Taken(name));
        }
        let mut id = format!("p{now:x}");
        let mut n = 1;
        while self.profiles.contains_key(&id) {
            id = format!("p{now:x}-{n}");
            n += 1;
        }
        let language = self.profile().language.clone();
        self.profiles.insert(
            id.clone(),
            Profile {
                name,
                created: now,
                language,
                progress: ProgressStore::empty(),
            },
        );
        self.current = id.clone();
        Ok(id)
    }

    /// Joins `other` (another tab's save) into this one: for each profile, every
    /// scenario record merged (see [`merge_stores`]). The profile in use and where this
    /// tab's learner is stay as they are.
    pub fn merge_from_other_tab(&self, other: &SavedProgress) -> SavedProgress {
        let mut out = self.clone();
        for (id, theirs) in &other.profiles {
            match out.profiles.get_mut(id) {
                Some(ours) => ours.progress = merge_stores(&ours.progress, &theirs.progress),
                None => {
                    out.profiles.insert(id.clone(), theirs.clone());
                }
            }
        }
        out
    }

    /// Joins an imported file into this save: a profile with the same name (ignoring case)
    /// is merged, attempts already here are recognised and kept once; other profiles are
    /// added. Nothing here is replaced or lost.
    pub fn merge_import(&self, imported: &SavedProgress) -> (SavedProgress, ImportSummary) {
        let mut out = self.clone();
        let mut summary = ImportSummary::default();
        for (id, theirs) in &imported.profiles {
            let existing = out
                .profiles
                .iter()
                .find(|(_, p)| p.name.to_lowercase() == theirs.name.to_lowercase())
                .map(|(id, _)| id.clone());
            match existing {
                Some(ours_id) => {
                    let ours = &out.profiles[&ours_id];
                    let before = attempts_in(&ours.progress);
                    let merged = merge_stores(&ours.progress, &theirs.progress);
                    summary.attempts_added += attempts_in(&merged).saturating_sub(before);
                    summary.profiles_merged += 1;
                    if let Some(p) = out.profiles.get_mut(&ours_id) {
                        p.progress = merged;
                    }
                }
                None => {
                    let mut new_id = id.clone();
                    let mut n = 1;
                    while out.profiles.contains_key(&new_id) {
                        new_id = format!("{id}-{n}");
                        n += 1;
                    }
                    let mut profile = theirs.clone();
                    // Merged into nothing, so that best results and counts agree with the
                    // history; an imported learner is not in the middle of anything here.
                    profile.progress = merge_stores(&ProgressStore::empty(), &theirs.progress);
                    summary.attempts_added += attempts_in(&profile.progress);
                    summary.profiles_added += 1;
                    out.profiles.insert(new_id, profile);
                }
            }
        }
        (out, summary)
    }

    /// The semantic checks [`decode`] and imports apply after the shape is known.
    fn check(&self) -> Result<(), DecodeError> {
        let bad = |flaw: Flaw| Err(DecodeError::Invalid(flaw));
        if self.profiles.is_empty() {
            return bad(Flaw::NoProfile);
        }
        if !self.profiles.contains_key(&self.current) {
            return bad(Flaw::UnknownCurrent(clip(&self.current)));
        }
        for (id, p) in &self.profiles {
            if !is_id(id) {
                return bad(Flaw::ProfileId(clip(id)));
            }
            if let Err(e) = check_name(&p.name) {
                return bad(Flaw::ProfileName {
                    profile: clip(id),
                    why: e,
                });
            }
            for (scenario, record) in &p.progress.scenarios {
                if !is_id(scenario) {
                    return bad(Flaw::ScenarioId(clip(scenario)));
                }
                let attempts = record
                    .attempt
                    .iter()
                    .chain(&record.practice)
                    .map(|a| (&a.hash, &a.choices, &a.strategy));
                let past = record
                    .history
                    .iter()
                    .map(|a| (&a.hash, &a.choices, &a.strategy));
                for (hash, choices, strategy) in attempts.chain(past) {
                    if hash.len() != 16 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
                        return bad(Flaw::Hash(scenario.clone()));
                    }
                    if choices.len() > 500 || !choices.iter().all(|c| is_id(c)) {
                        return bad(Flaw::Choices(scenario.clone()));
                    }
                    if strategy.as_deref().is_some_and(|s| !is_id(s)) {
                        return bad(Flaw::Strategy(scenario.clone()));
                    }
                }
                if record.history.len() > 2 * HISTORY_CAP {
                    return bad(Flaw::History {
                        scenario: scenario.clone(),
                        limit: 2 * HISTORY_CAP,
                    });
                }
                if record.best.is_some_and(|b| b.score > 100)
                    || record
                        .history
                        .iter()
                        .any(|r| r.score.is_some_and(|s| s > 100))
                {
                    return bad(Flaw::Score(scenario.clone()));
                }
            }
        }
        Ok(())
    }
}

static EMPTY_PROFILE: Profile = Profile {
    name: String::new(),
    created: 0,
    language: None,
    progress: ProgressStore {
        active: None,
        scenarios: BTreeMap::new(),
    },
};

impl From<ProgressStore> for SavedProgress {
    /// A save with one profile, the default learner, holding `store`.
    fn from(store: ProgressStore) -> Self {
        let mut profiles = BTreeMap::new();
        profiles.insert(
            DEFAULT_PROFILE.to_string(),
            Profile {
                name: DEFAULT_PROFILE_NAME.into(),
                created: 0,
                language: None,
                progress: store,
            },
        );
        SavedProgress {
            schema: SCHEMA_VERSION,
            current: DEFAULT_PROFILE.to_string(),
            profiles,
        }
    }
}

/// What an import added.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ImportSummary {
    pub profiles_added: usize,
    pub profiles_merged: usize,
    pub attempts_added: usize,
}

impl ImportSummary {
    /// What the learner is told, in the interface language.
    pub fn message(&self, t: &Messages) -> String {
        tr!(
            t,
            "notices.imported",
            attempts = tr!(t, "notices.new-attempts", count = self.attempts_added),
            profiles = tr!(t, "notices.profiles", count = self.profiles_added),
            merged = self.profiles_merged
        )
    }
}

crate::display_in_english!(ImportSummary);

/// Why a profile name was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProfileError {
    Empty,
    TooLong,
    Taken(String),
}

impl ProfileError {
    /// Why, in the interface language.
    pub fn message(&self, t: &Messages) -> String {
        match self {
            ProfileError::Empty => tr!(t, "notices.name-needed").to_string(),
            ProfileError::TooLong => tr!(t, "notices.name-too-long", limit = NAME_LIMIT),
            ProfileError::Taken(name) => tr!(t, "notices.name-taken", name = name),
        }
    }
}

crate::display_in_english!(ProfileError);

fn check_name(name: &str) -> Result<String, ProfileError> {
    let name = name.trim();
    if name.is_empty() {
        Err(ProfileError::Empty)
    } else if name.chars().count() > NAME_LIMIT || name.chars().any(char::is_control) {
        Err(ProfileError::TooLong)
    } else {
        Ok(name.to_string())
    }
}

fn is_id(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 64
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A value from a file, shortened for a message.
fn clip(text: &str) -> String {
    let mut out: String = text.chars().take(40).collect();
    if text.chars().count() > 40 {
        out.push('…');
    }
    out
}

fn attempts_in(store: &ProgressStore) -> usize {
    store.scenarios.values().map(|r| r.history.len()).sum()
}

/// Joins two learners' stores (the same learner in two tabs, or on two devices): per
/// scenario, the union of the histories (each attempt once), the better best result,
/// and the more recently updated current attempt — the other one, if it is a different
/// attempt, goes into the history rather than being lost. `local`'s `active` is kept.
pub fn merge_stores(local: &ProgressStore, other: &ProgressStore) -> ProgressStore {
    let mut out = local.clone();
    for (id, theirs) in &other.scenarios {
        let ours = out.scenarios.entry(id.clone()).or_default();
        for r in &theirs.history {
            ours.remember(r.clone());
        }
        match (&ours.attempt, &theirs.attempt) {
            (_, None) => {}
            (None, Some(t)) => ours.attempt = Some(t.clone()),
            (Some(o), Some(t)) if o.started == t.started => {
                if t.updated > o.updated {
                    ours.attempt = Some(t.clone());
                }
            }
            (Some(o), Some(t)) => {
                let (keep, shelve) = if t.updated > o.updated {
                    (t.clone(), o.clone())
                } else {
                    (o.clone(), t.clone())
                };
                if !ours
                    .history
                    .iter()
                    .any(|r| r.started == shelve.started && r.finished.is_some())
                {
                    ours.remember(AttemptRecord::unfinished(&shelve));
                }
                ours.attempt = Some(keep);
            }
        }
        ours.best = match (ours.best, theirs.best) {
            (Some(a), Some(b)) if b.score > a.score => Some(b),
            (None, b) => b,
            (a, _) => a,
        };
        // The best result is at least the best attempt in the history.
        for r in &ours.history {
            if let (Some(score), Some(at)) = (r.score, r.finished)
                && ours.best.is_none_or(|b| score > b.score)
            {
                ours.best = Some(BestResult {
                    score,
                    passed: r.passed.unwrap_or(false),
                    at,
                });
            }
        }
        let finished = ours.history.iter().filter(|r| r.finished.is_some()).count() as u32;
        ours.completions = ours.completions.max(theirs.completions).max(finished);
    }
    out
}

/// Why stored progress could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// Not JSON at all, or cut short.
    NotJson(String),
    /// Not text (UTF-8), so not JSON either.
    NotText,
    /// JSON, but not shaped like saved progress.
    WrongShape(String),
    /// JSON without a `schema` field at the top level.
    NoSchema,
    /// Written by a newer release of Mandate.
    NewerSchema { found: u64, supported: u32 },
    /// A schema number this release never wrote.
    UnknownSchema(String),
    /// Shaped right, but with values no release of Mandate writes.
    Invalid(Flaw),
    /// A file too large to be progress.
    TooLarge { bytes: usize },
}

impl DecodeError {
    /// Why, in the interface language.
    pub fn message(&self, t: &Messages) -> String {
        match self {
            DecodeError::NotJson(e) => tr!(t, "errors.progress-not-json", why = e),
            DecodeError::NotText => tr!(
                t,
                "errors.progress-not-json",
                why = tr!(t, "errors.progress-not-text")
            ),
            DecodeError::WrongShape(e) => tr!(t, "errors.progress-wrong-shape", why = e),
            DecodeError::NoSchema => tr!(
                t,
                "errors.progress-wrong-shape",
                why = tr!(t, "errors.progress-no-schema")
            ),
            DecodeError::NewerSchema { found, supported } => tr!(
                t,
                "errors.progress-newer",
                found = found,
                supported = supported
            ),
            DecodeError::UnknownSchema(found) => {
                tr!(t, "errors.progress-unknown-schema", found = found)
            }
            DecodeError::Invalid(flaw) => {
                tr!(t, "errors.progress-invalid", what = flaw.message(t))
            }
            DecodeError::TooLarge { bytes } => tr!(
                t,
                "errors.progress-too-large",
                size = t.decimal(*bytes as f64 / 1_000_000.0, 1),
                limit = t.decimal(IMPORT_LIMIT_BYTES as f64 / 1_000_000.0, 1)
            ),
        }
    }
}

crate::display_in_english!(DecodeError);

/// What is wrong in progress that has the right shape. Ids and names are clipped to
/// 40 characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Flaw {
    NoProfile,
    /// `current` names a profile the file does not have.
    UnknownCurrent(String),
    ProfileId(String),
    ProfileName {
        profile: String,
        why: ProfileError,
    },
    ScenarioId(String),
    /// An attempt in the scenario has a malformed content hash.
    Hash(String),
    /// An attempt in the scenario has malformed choices.
    Choices(String),
    /// An attempt in the scenario names a malformed strategy.
    Strategy(String),
    /// The scenario has more past attempts than `limit`.
    History {
        scenario: String,
        limit: usize,
    },
    /// A score in the scenario is above 100.
    Score(String),
}

impl Flaw {
    /// What, in the interface language.
    pub fn message(&self, t: &Messages) -> String {
        match self {
            Flaw::NoProfile => tr!(t, "errors.flaw-no-profile").to_string(),
            Flaw::UnknownCurrent(id) => tr!(t, "errors.flaw-unknown-current", id = id),
            Flaw::ProfileId(id) => tr!(t, "errors.flaw-profile-id", id = id),
            Flaw::ProfileName { profile, why } => tr!(
                t,
                "errors.flaw-profile-name",
                id = profile,
                why = why.message(t)
            ),
            Flaw::ScenarioId(id) => tr!(t, "errors.flaw-scenario-id", id = id),
            Flaw::Hash(scenario) => tr!(t, "errors.flaw-hash", scenario = scenario),
            Flaw::Choices(scenario) => tr!(t, "errors.flaw-choices", scenario = scenario),
            Flaw::Strategy(scenario) => tr!(t, "errors.flaw-strategy", scenario = scenario),
            Flaw::History { scenario, limit } => {
                tr!(t, "errors.flaw-history", scenario = scenario, limit = limit)
            }
            Flaw::Score(scenario) => tr!(t, "errors.flaw-score", scenario = scenario),
        }
    }
}

impl std::error::Error for DecodeError {}

pub fn encode(saved: &SavedProgress) -> String {
    // Serialising plain structs with string keys cannot fail.
    serde_json::to_string(saved).unwrap_or_default()
}

/// The same, indented, for a file a person may open.
pub fn encode_for_export(saved: &SavedProgress) -> String {
    serde_json::to_string_pretty(saved).unwrap_or_default()
}

/// Reads a save of any schema this release knows, migrating it to the current one.
pub fn decode(text: &str) -> Result<SavedProgress, DecodeError> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| DecodeError::NotJson(e.to_string()))?;
    let schema = match value.get("schema") {
        Some(serde_json::Value::Number(n)) => n.as_u64(),
        Some(other) => return Err(DecodeError::UnknownSchema(other.to_string())),
        None => {
            return Err(DecodeError::NoSchema);
        }
    };
    let saved = match schema {
        Some(1) => migrate_v1(value)?,
        Some(2) => serde_json::from_value::<SavedProgress>(value)
            .map_err(|e| DecodeError::WrongShape(e.to_string()))?,
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
    };
    saved.check()?;
    Ok(saved)
}

/// Reads a progress file chosen for import: at most [`IMPORT_LIMIT_BYTES`], then as [`decode`].
pub fn decode_import(bytes: &[u8]) -> Result<SavedProgress, DecodeError> {
    if bytes.len() > IMPORT_LIMIT_BYTES {
        return Err(DecodeError::TooLarge { bytes: bytes.len() });
    }
    let text = std::str::from_utf8(bytes).map_err(|_| DecodeError::NotText)?;
    decode(text)
}

/// Version 1 (one learner, no history): the whole document becomes the progress of
/// the default profile.
fn migrate_v1(value: serde_json::Value) -> Result<SavedProgress, DecodeError> {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct V1 {
        #[allow(dead_code)]
        schema: u32,
        #[serde(default)]
        active: Option<String>,
        #[serde(default)]
        scenarios: BTreeMap<String, ScenarioRecord>,
    }
    let v1: V1 =
        serde_json::from_value(value).map_err(|e| DecodeError::WrongShape(e.to_string()))?;
    Ok(ProgressStore {
        active: v1.active,
        scenarios: v1.scenarios,
    }
    .into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attempt(started: u64, updated: u64, choices: &[&str]) -> SavedAttempt {
        SavedAttempt {
            hash: "00ff00ff00ff00ff".into(),
            strategy: None,
            choices: choices.iter().map(|c| c.to_string()).collect(),
            confidence: vec![],
            briefed: true,
            feedback: false,
            started,
            updated,
        }
    }

    fn finished(started: u64, score: u8) -> AttemptRecord {
        AttemptRecord {
            started,
            finished: Some(started + 100),
            hash: "00ff00ff00ff00ff".into(),
            strategy: None,
            choices: vec!["a".into(), "b".into()],
            confidence: vec![],
            score: Some(score),
            passed: Some(score >= 70),
        }
    }

    fn sample() -> SavedProgress {
        let mut store = ProgressStore::empty();
        store.active = Some("purchasing-tech-leader".into());
        store.scenarios.insert(
            "purchasing-tech-leader".into(),
            ScenarioRecord {
                attempt: Some(SavedAttempt {
                    strategy: Some("cost-leadership".into()),
                    confidence: vec![3, 0],
                    ..attempt(1_700_000_000_000, 1_700_000_060_000, &["a", "early-access"])
                }),
                best: Some(BestResult {
                    score: 82,
                    passed: true,
                    at: 1_690_000_000_000,
                }),
                completions: 1,
                practice: None,
                history: vec![finished(1_690_000_000_000, 82)],
            },
        );
        store.into()
    }

    #[test]
    fn round_trips() {
        let saved = sample();
        assert_eq!(decode(&encode(&saved)), Ok(saved.clone()));
        assert_eq!(decode(&encode_for_export(&saved)), Ok(saved));
    }

    #[test]
    fn empty_save_encodes_compactly() {
        assert_eq!(
            encode(&SavedProgress::empty()),
            r#"{"schema":2,"current":"learner","profiles":{"learner":{"name":"Learner","created":0,"progress":{"active":null,"scenarios":{}}}}}"#
        );
    }

    #[test]
    fn an_attempt_takes_well_under_a_kilobyte() {
        // Eight decisions with long ids, a strategy and confidence ratings.
        let long: Vec<String> = (0..8)
            .map(|i| format!("a-rather-long-choice-id-{i}"))
            .collect();
        let ids: Vec<&str> = long.iter().map(String::as_str).collect();
        let record = AttemptRecord {
            strategy: Some("customer-intimacy".into()),
            confidence: vec![1, 2, 3, 1, 2, 3, 1, 2],
            choices: ids.iter().map(|s| s.to_string()).collect(),
            ..finished(1_700_000_000_000, 64)
        };
        let bytes = serde_json::to_string(&record).unwrap().len();
        assert!(bytes < 512, "{bytes} bytes");
    }

    #[test]
    fn version_1_saves_migrate_to_the_default_profile() {
        let v1 = r#"{"schema":1,"active":"mini","scenarios":{"mini":{"attempt":{"hash":"00ff00ff00ff00ff","choices":["roadmap"],"briefed":true,"feedback":true,"started":1,"updated":2},"best":{"score":75,"passed":true,"at":3},"completions":2}}}"#;
        let saved = decode(v1).unwrap();
        assert_eq!(saved.schema, 2);
        assert_eq!(saved.current, DEFAULT_PROFILE);
        let store = saved.store();
        assert_eq!(store.active.as_deref(), Some("mini"));
        let record = &store.scenarios["mini"];
        assert_eq!(record.attempt.as_ref().unwrap().choices, ["roadmap"]);
        assert_eq!(record.best.unwrap().score, 75);
        assert_eq!(record.completions, 2);
        assert!(record.history.is_empty());
        // The empty version-1 document migrates too.
        assert_eq!(
            decode(r#"{"schema":1,"active":null,"scenarios":{}}"#),
            Ok(SavedProgress::empty())
        );
        // A version-1 document with a field version 1 never had is refused, not guessed.
        assert_eq!(
            decode(r#"{"schema":1,"profiles":{}}"#)
                .unwrap_err()
                .to_string(),
            "saved progress has an unexpected shape (unknown field `profiles`, expected one of `schema`, `active`, `scenarios`)"
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
             this release reads up to version 2"
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
    fn hand_edited_wrong_types_and_values_are_named() {
        let err = decode(
            r#"{"schema":2,"current":"learner","profiles":{"learner":{"name":"A","progress":{"scenarios":{"x":{"completions":"many"}}}}}}"#,
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "saved progress has an unexpected shape (invalid type: string \"many\", expected u32)"
        );
        let huge = decode(
            r#"{"schema":2,"current":"learner","profiles":{"learner":{"name":"A","progress":{"scenarios":{"x":{"completions":99999999999999999999}}}}}}"#,
        )
        .unwrap_err();
        assert!(
            huge.to_string()
                .starts_with("saved progress has an unexpected shape ("),
            "{huge}"
        );
        let html = decode(
            r#"{"schema":2,"current":"learner","profiles":{"learner":{"name":"A","progress":{"scenarios":{"<script>alert(1)</script>":{}}}}}}"#,
        )
        .unwrap_err();
        assert_eq!(
            html.to_string(),
            "saved progress is not valid: the scenario id “<script>alert(1)</script>” is not a plain id"
        );
        let name = decode(&format!(
            r#"{{"schema":2,"current":"learner","profiles":{{"learner":{{"name":"{}","progress":{{}}}}}}}}"#,
            "x".repeat(61)
        ))
        .unwrap_err();
        assert_eq!(
            name.to_string(),
            "saved progress is not valid: profile “learner”: a name has at most 60 characters"
        );
        let current = decode(
            r#"{"schema":2,"current":"ghost","profiles":{"learner":{"name":"A","progress":{}}}}"#,
        )
        .unwrap_err();
        assert_eq!(
            current.to_string(),
            "saved progress is not valid: `current` names the profile “ghost”, which is not in the file"
        );
    }

    #[test]
    fn json_that_is_not_an_object_is_refused() {
        assert_eq!(
            decode("[1,2]").unwrap_err().to_string(),
            "saved progress has an unexpected shape (no `schema` field at the top level)"
        );
    }

    #[test]
    fn an_import_over_the_limit_is_refused_before_parsing() {
        let big = vec![b' '; IMPORT_LIMIT_BYTES + 1];
        assert_eq!(
            decode_import(&big).unwrap_err().to_string(),
            "the file is 1.0 MB; a Mandate progress file is at most 1.0 MB"
        );
        assert_eq!(
            decode_import(&[0xff, 0xfe]).unwrap_err().to_string(),
            "saved progress is damaged (not valid JSON: the file is not text (UTF-8))"
        );
    }

    #[test]
    fn history_keeps_each_attempt_once_and_prunes_the_oldest_beyond_the_cap() {
        let mut record = ScenarioRecord::default();
        for i in 0..(HISTORY_CAP as u64 + 5) {
            record.remember(finished(i * 1000, 50));
        }
        record.remember(finished(10_000, 50));
        assert_eq!(record.history.len(), HISTORY_CAP);
        assert_eq!(record.history[0].started, 5_000);
        assert_eq!(
            record.latest().unwrap().started,
            (HISTORY_CAP as u64 + 4) * 1000
        );
    }

    #[test]
    fn merging_two_tabs_loses_no_attempt() {
        let mut a = ProgressStore::empty();
        a.active = Some("x".into());
        let mut b = ProgressStore::empty();
        b.active = Some("y".into());
        // Tab A played "x"; tab B played "y" and also started a different attempt at "x".
        a.scenarios.insert(
            "x".into(),
            ScenarioRecord {
                attempt: Some(attempt(100, 500, &["one"])),
                history: vec![finished(10, 40)],
                completions: 1,
                best: Some(BestResult {
                    score: 40,
                    passed: false,
                    at: 110,
                }),
                ..Default::default()
            },
        );
        b.scenarios.insert(
            "x".into(),
            ScenarioRecord {
                attempt: Some(attempt(200, 600, &["two", "three"])),
                history: vec![finished(10, 40), finished(20, 90)],
                completions: 2,
                best: Some(BestResult {
                    score: 90,
                    passed: true,
                    at: 120,
                }),
                ..Default::default()
            },
        );
        b.scenarios.insert(
            "y".into(),
            ScenarioRecord {
                attempt: Some(attempt(300, 700, &["y1"])),
                ..Default::default()
            },
        );
        let merged = merge_stores(&a, &b);
        assert_eq!(
            merged.active.as_deref(),
            Some("x"),
            "this tab's place is kept"
        );
        let x = &merged.scenarios["x"];
        assert_eq!(
            x.attempt.as_ref().unwrap().started,
            200,
            "the newer attempt is current"
        );
        let starts: Vec<(u64, Option<u64>)> =
            x.history.iter().map(|r| (r.started, r.finished)).collect();
        assert_eq!(starts, [(10, Some(110)), (20, Some(120)), (100, None)]);
        assert_eq!(x.best.unwrap().score, 90);
        assert_eq!(x.completions, 2);
        assert!(merged.scenarios.contains_key("y"));
        // Merging is idempotent: the same again changes nothing.
        assert_eq!(merge_stores(&merged, &b), merged);
    }

    #[test]
    fn an_import_merges_by_profile_name_and_adds_the_rest() {
        let mut here = sample();
        let mut there = sample();
        // The same learner ("Learner") played once more elsewhere; another learner came too.
        let record = there
            .store_mut()
            .scenarios
            .get_mut("purchasing-tech-leader")
            .unwrap();
        record.remember(finished(1_695_000_000_000, 95));
        there.add_profile("Ama", 5).unwrap();
        there.store_mut().scenarios.insert(
            "mini".into(),
            ScenarioRecord {
                history: vec![finished(1, 70)],
                ..Default::default()
            },
        );
        let (merged, summary) = here.merge_import(&there);
        assert_eq!(
            summary,
            ImportSummary {
                profiles_added: 1,
                profiles_merged: 1,
                attempts_added: 2
            }
        );
        assert_eq!(
            summary.to_string(),
            "Imported 2 new attempts (1 profile added, 1 merged with the one of the same name); \
             nothing already here was changed or removed."
        );
        assert_eq!(merged.profiles.len(), 2);
        assert_eq!(
            merged.current, here.current,
            "the profile in use is unchanged"
        );
        let record = &merged.store().scenarios["purchasing-tech-leader"];
        assert_eq!(record.history.len(), 2);
        assert_eq!(record.best.unwrap().score, 95);
        // Importing the same file twice adds nothing the second time.
        let (again, summary) = merged.merge_import(&there);
        assert_eq!(again, merged);
        assert_eq!(summary.attempts_added, 0);
        // A name clash when adding is refused, whatever the case.
        assert_eq!(
            here.add_profile("  learner ", 9).unwrap_err().to_string(),
            "there is already a learner called “learner” on this device"
        );
    }
}
