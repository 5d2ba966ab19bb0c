//! The validated scenario: every reference resolved, every required text present.
//!
//! Values of these types only come out of [`super::load`]; nothing else builds
//! them, so code that holds a [`Scenario`] never re-checks it.

use std::fmt;

macro_rules! string_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(String);

        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

string_id!(
    /// Stable identifier of a scenario (`purchasing-tech-leader`); progress is saved under it.
    ScenarioId
);
string_id!(
    /// Identifier of a scene, unique within its scenario.
    SceneId
);
string_id!(
    /// Identifier of a choice, unique within its scene.
    ChoiceId
);
string_id!(
    /// Identifier of an ending, unique within its scenario.
    EndingId
);

impl ScenarioId {
    pub(crate) fn new(s: impl Into<String>) -> Self {
        ScenarioId(s.into())
    }
}
impl SceneId {
    pub(crate) fn new(s: impl Into<String>) -> Self {
        SceneId(s.into())
    }
}
impl ChoiceId {
    pub(crate) fn new(s: impl Into<String>) -> Self {
        ChoiceId(s.into())
    }
}
impl EndingId {
    pub(crate) fn new(s: impl Into<String>) -> Self {
        EndingId(s.into())
    }
}

/// Index of a scene in [`Scenario::scenes`]; only a validated scenario hands these out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SceneIndex(pub(crate) usize);

/// Index of an ending in [`Scenario::endings`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EndingIndex(pub(crate) usize);

/// Where a choice leads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    Scene(SceneIndex),
    Ending(EndingIndex),
}

/// How well a choice serves the corporate strategy, from -2 to +2.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Alignment(i8);

impl Alignment {
    pub const MIN: i8 = -2;
    pub const MAX: i8 = 2;

    /// `None` outside -2..=2.
    pub fn new(value: i8) -> Option<Self> {
        (Self::MIN..=Self::MAX)
            .contains(&value)
            .then_some(Alignment(value))
    }

    pub fn value(self) -> i8 {
        self.0
    }

    /// The words a learner sees.
    pub fn label(self) -> &'static str {
        match self.0 {
            2 => "Strongly aligned",
            1 => "Aligned",
            0 => "Neutral",
            -1 => "Misaligned",
            _ => "Strongly misaligned",
        }
    }

    /// A CSS-friendly slug of the label.
    pub fn slug(self) -> &'static str {
        match self.0 {
            2 => "strong",
            1 => "aligned",
            0 => "neutral",
            -1 => "misaligned",
            _ => "opposed",
        }
    }
}

/// One piece of a scene's or ending's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    /// Narration: what the learner sees happen.
    Paragraph(String),
    /// The counterpart's own words.
    Speech(String),
}

/// What the learner reads before the first decision.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Briefing {
    pub company: String,
    pub strategy: String,
    pub strategy_summary: String,
    pub mandate: String,
    pub counterpart_brief: String,
    pub stakes: String,
    pub objectives: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    pub id: ChoiceId,
    pub label: String,
    pub alignment: Alignment,
    /// The strategic reason for the alignment, in a sentence or two.
    pub why: String,
    /// What the choice caused at the table.
    pub result: String,
    pub next: Target,
}

impl Choice {
    /// Every scene or ending this choice can lead to.
    pub fn targets(&self) -> impl Iterator<Item = Target> + '_ {
        std::iter::once(self.next)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scene {
    pub id: SceneId,
    pub title: String,
    pub body: Vec<Block>,
    pub choices: Vec<Choice>,
}

impl Scene {
    pub fn choice(&self, id: &str) -> Option<(usize, &Choice)> {
        self.choices
            .iter()
            .enumerate()
            .find(|(_, c)| c.id.as_str() == id)
    }
}

/// How an ending feels to the learner; it does not decide pass or fail (the score does).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Tone {
    Good,
    Mixed,
    Poor,
}

impl Tone {
    pub fn slug(self) -> &'static str {
        match self {
            Tone::Good => "good",
            Tone::Mixed => "mixed",
            Tone::Poor => "poor",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ending {
    pub id: EndingId,
    pub title: String,
    pub tone: Tone,
    pub body: Vec<Block>,
}

/// A hash of the scenario's source text, stored with progress so that a save
/// made against different content can be recognised.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ContentHash(pub u64);

impl ContentHash {
    /// FNV-1a, 64 bit: stable across platforms and releases.
    pub fn of(text: &str) -> Self {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for byte in text.as_bytes() {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
        ContentHash(hash)
    }

    pub fn to_hex(self) -> String {
        format!("{:016x}", self.0)
    }
}

/// A playable scenario. See the module docs for how one is obtained.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scenario {
    pub id: ScenarioId,
    pub title: String,
    pub version: u32,
    pub content_hash: ContentHash,
    pub department: String,
    pub role: Option<String>,
    pub counterpart: String,
    pub minutes: u32,
    /// Score (0–100) needed to pass.
    pub pass_threshold: u8,
    pub briefing: Briefing,
    pub(crate) scenes: Vec<Scene>,
    pub(crate) endings: Vec<Ending>,
    pub(crate) start: SceneIndex,
}

impl Scenario {
    pub fn start(&self) -> SceneIndex {
        self.start
    }

    pub fn scene(&self, index: SceneIndex) -> &Scene {
        &self.scenes[index.0]
    }

    pub fn ending(&self, index: EndingIndex) -> &Ending {
        &self.endings[index.0]
    }

    pub fn scenes(&self) -> impl ExactSizeIterator<Item = (SceneIndex, &Scene)> {
        self.scenes
            .iter()
            .enumerate()
            .map(|(i, s)| (SceneIndex(i), s))
    }

    pub fn endings(&self) -> impl ExactSizeIterator<Item = (EndingIndex, &Ending)> {
        self.endings
            .iter()
            .enumerate()
            .map(|(i, e)| (EndingIndex(i), e))
    }

    pub fn scene_by_id(&self, id: &str) -> Option<SceneIndex> {
        self.scenes
            .iter()
            .position(|s| s.id.as_str() == id)
            .map(SceneIndex)
    }
}
