//! The validated scenario: every reference resolved, every required text present.
//!
//! Values of these types only come out of [`super::load`]; nothing else builds
//! them, so code that holds a [`Scenario`] never re-checks it.

use crate::core::i18n::{Locale, Messages};
use crate::tr;
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
string_id!(
    /// Identifier of a corporate strategy (`technology-leadership`).
    StrategyId
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
impl StrategyId {
    pub(crate) fn new(s: impl Into<String>) -> Self {
        StrategyId(s.into())
    }
}

/// Index of a strategy in [`Scenario::strategies`]; 0 is the scenario's default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StrategyIndex(pub(crate) usize);

impl StrategyIndex {
    pub fn index(self) -> usize {
        self.0
    }
}

/// Index of a numeric state variable in [`Scenario::variables`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct VarIndex(pub(crate) usize);

impl VarIndex {
    pub fn index(self) -> usize {
        self.0
    }
}

/// A corporate strategy the scenario can be played under.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Strategy {
    pub id: StrategyId,
    pub name: String,
    /// What the strategy means for this company and what it asks of every department.
    pub summary: Vec<Block>,
    /// The department's mandate under this strategy, when it differs from the
    /// scenario's `mandate:` (see [`Scenario::mandate`]).
    pub mandate: Option<String>,
    /// The strategy's profile: how much it values each of [`Scenario::dimensions`]
    /// (0 to 3, indexed by [`DimensionIndex`]). `None`: no profile, so choices state
    /// their alignment under it directly.
    pub weights: Option<Vec<u8>>,
    /// What a company with this strategy values in any negotiation (from the profile
    /// library; empty for a strategy the scenario defines itself).
    pub profile: Vec<Block>,
}

impl Strategy {
    /// The weight of `dimension` in this strategy's profile (0 without a profile).
    pub fn weight(&self, dimension: DimensionIndex) -> u8 {
        self.weights
            .as_ref()
            .and_then(|w| w.get(dimension.0).copied())
            .unwrap_or(0)
    }
}

/// Index of a negotiation dimension in [`Scenario::dimensions`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DimensionIndex(pub(crate) usize);

impl DimensionIndex {
    pub fn index(self) -> usize {
        self.0
    }
}

/// Something a negotiation can win or lose for the company (price, access to
/// innovation, security of supply). Strategies weigh dimensions; choices move them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dimension {
    pub id: String,
    pub name: String,
    pub description: String,
}

/// Alignment computed from a choice's effects under a profile: the points
/// (Σ weight × effect) divided by this, rounded half away from zero, capped at ±2.
pub const POINTS_PER_ALIGNMENT_STEP: i32 = 3;

/// The alignment `points` (Σ weight × effect) earn; see [`POINTS_PER_ALIGNMENT_STEP`].
pub fn alignment_from_points(points: i32) -> Alignment {
    let step = POINTS_PER_ALIGNMENT_STEP;
    let rounded = (points.abs() * 2 + step) / (2 * step) * points.signum();
    Alignment(rounded.clamp(i32::from(Alignment::MIN), i32::from(Alignment::MAX)) as i8)
}

/// Which way the deal's number is better for the learner's side.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Better {
    /// A buyer's price: less is better.
    Lower,
    /// A seller's price, a volume: more is better.
    Higher,
}

impl Better {
    /// Whether `a` is a better deal than `b`.
    pub fn prefers(self, a: i32, b: i32) -> bool {
        match self {
            Better::Lower => a < b,
            Better::Higher => a > b,
        }
    }
}

/// The negotiation's economics, where the scenario declares them: the offer on
/// the table (a state variable), each side's walk-away point and alternative.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Economics {
    /// The variable that holds the offer on the table.
    pub deal: VarIndex,
    /// How the number is shown: `#` stands for it (`€# per module`).
    pub format: String,
    pub better: Better,
    /// The learner's side's reservation value: worse than this, it takes its BATNA.
    pub walk_away: Option<i32>,
    pub batna: Option<String>,
    /// The counterpart's reservation value (revealed in the debrief).
    pub their_walk_away: Option<i32>,
    pub their_batna: Option<String>,
    /// The scenario's language, which decides how figures are written.
    pub language: Locale,
}

impl Economics {
    /// `value` in the scenario's format, its digits grouped as the scenario's language
    /// groups them (`€4,800 per module`, `4.800 € pro Modul`).
    pub fn show(&self, value: i32) -> String {
        self.format
            .replace('#', &self.language.integer(value.into()))
    }

    /// The zone of possible agreement, `(from, to)` with `from` the end better for
    /// the learner; `None` unless both walk-away points are given and they overlap.
    pub fn zopa(&self) -> Option<(i32, i32)> {
        let (ours, theirs) = (self.walk_away?, self.their_walk_away?);
        match self.better {
            Better::Lower => (theirs <= ours).then_some((theirs, ours)),
            Better::Higher => (theirs >= ours).then_some((theirs, ours)),
        }
    }
}

/// A state variable shown to the learner as a meter beside the counterpart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Meter {
    pub var: VarIndex,
    pub label: String,
}

/// A number the scenario keeps while it is played (trust, deal value, budget),
/// always within `min..=max`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Variable {
    pub name: String,
    pub start: i32,
    pub min: i32,
    pub max: i32,
}

impl Variable {
    pub fn clamp(&self, value: i32) -> i32 {
        value.clamp(self.min, self.max)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Comparison {
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Equal,
    NotEqual,
}

impl Comparison {
    pub fn symbol(self) -> &'static str {
        match self {
            Comparison::Less => "<",
            Comparison::LessOrEqual => "<=",
            Comparison::Greater => ">",
            Comparison::GreaterOrEqual => ">=",
            Comparison::Equal => "==",
            Comparison::NotEqual => "!=",
        }
    }

    pub fn holds(self, left: i32, right: i32) -> bool {
        match self {
            Comparison::Less => left < right,
            Comparison::LessOrEqual => left <= right,
            Comparison::Greater => left > right,
            Comparison::GreaterOrEqual => left >= right,
            Comparison::Equal => left == right,
            Comparison::NotEqual => left != right,
        }
    }
}

/// `trust >= 60`: one comparison of a variable with a number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Test {
    pub var: VarIndex,
    pub comparison: Comparison,
    pub value: i32,
}

/// All of its tests must hold (`trust >= 60 and budget > 0`). An empty condition always holds.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Condition {
    pub tests: Vec<Test>,
}

impl Condition {
    pub fn holds(&self, values: &[i32]) -> bool {
        self.tests
            .iter()
            .all(|t| t.comparison.holds(values[t.var.0], t.value))
    }

    pub fn is_always(&self) -> bool {
        self.tests.is_empty()
    }

    /// The condition as an author writes it, with variable names.
    pub fn describe(&self, scenario: &Scenario) -> String {
        self.tests
            .iter()
            .map(|t| {
                format!(
                    "{} {} {}",
                    scenario.variables[t.var.0].name,
                    t.comparison.symbol(),
                    t.value
                )
            })
            .collect::<Vec<_>>()
            .join(" and ")
    }
}

/// `trust +10`: a change a choice makes to a variable (the result is kept within its range).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Change {
    pub var: VarIndex,
    pub delta: i32,
}

/// One `next:` line: where the choice leads when `condition` holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Branch {
    pub condition: Condition,
    pub target: Target,
}

/// What a choice does for the company on one negotiation dimension, from -2 to +2.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Effect {
    pub dimension: DimensionIndex,
    pub amount: i8,
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

/// How well a choice serves the corporate strategy, from -2 to +2 (neutral, 0, by default).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
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
    pub mandate: String,
    pub counterpart_brief: String,
    pub stakes: String,
    pub objectives: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    pub id: ChoiceId,
    pub label: String,
    /// Alignment under each of the scenario's strategies, indexed by [`StrategyIndex`]:
    /// computed from `effects` under the strategy's profile, or stated by the author.
    pub alignments: Vec<Alignment>,
    /// The strategic reason for the alignment, in a sentence or two.
    pub why: String,
    /// The reason under particular strategies (`why cost-leadership:`), where it differs.
    pub why_under: Vec<(StrategyIndex, String)>,
    /// What the choice caused at the table.
    pub result: String,
    /// The choice is only offered when this holds.
    pub condition: Condition,
    /// Changes to the scenario's variables, applied when the choice is taken.
    pub changes: Vec<Change>,
    /// How the choice moves the negotiation dimensions the scenario declares.
    pub effects: Vec<Effect>,
    /// Tried in order after the changes; the last one has no condition.
    pub next: Vec<Branch>,
}

impl Choice {
    /// Every scene or ending this choice can lead to.
    pub fn targets(&self) -> impl Iterator<Item = Target> + '_ {
        self.next.iter().map(|b| b.target)
    }

    /// The alignment of this choice under `strategy`.
    pub fn alignment(&self, strategy: StrategyIndex) -> Alignment {
        self.alignments
            .get(strategy.0)
            .or(self.alignments.first())
            .copied()
            .unwrap_or(Alignment(0))
    }

    /// The feedback on this choice under `strategy`.
    pub fn why(&self, strategy: StrategyIndex) -> &str {
        self.why_under
            .iter()
            .find(|(s, _)| *s == strategy)
            .map(|(_, why)| why.as_str())
            .unwrap_or(&self.why)
    }

    /// The effect on `dimension` (0 when the choice does not move it).
    pub fn effect(&self, dimension: DimensionIndex) -> i8 {
        self.effects
            .iter()
            .find(|e| e.dimension == dimension)
            .map(|e| e.amount)
            .unwrap_or(0)
    }

    /// Where the choice leads once its changes have given `values`.
    pub fn target(&self, values: &[i32]) -> Target {
        self.next
            .iter()
            .find(|b| b.condition.holds(values))
            .or(self.next.last())
            .map(|b| b.target)
            .unwrap_or(Target::Ending(EndingIndex(0)))
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scene {
    pub id: SceneId,
    pub title: String,
    pub body: Vec<Block>,
    pub choices: Vec<Choice>,
    /// An event: entering this scene switches the corporate strategy (the market shifted).
    pub pivot: Option<StrategyIndex>,
    /// A question for a room to discuss before it votes (facilitator mode); see
    /// [`Scene::discussion_prompt`] for the default.
    pub prompt: Option<String>,
}

impl Scene {
    /// The scene's `prompt:`, or the default question naming `strategy_name`.
    /// The scene's `prompt:`, or a general question in the interface language.
    pub fn discussion_prompt(&self, t: &Messages, strategy_name: &str) -> String {
        match &self.prompt {
            Some(prompt) => prompt.clone(),
            None => default_prompt(t, strategy_name),
        }
    }

    pub fn choice(&self, id: &str) -> Option<(usize, &Choice)> {
        self.choices
            .iter()
            .enumerate()
            .find(|(_, c)| c.id.as_str() == id)
    }
}

/// The discussion question for a scene without a `prompt:`.
pub fn default_prompt(t: &Messages, strategy_name: &str) -> String {
    tr!(t, "facilitate.default-prompt", strategy = strategy_name)
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
    /// The sides agreed (at the deal variable's value); `false` for `deal: none`.
    pub agreed: bool,
    /// How the outcome looks under particular strategies (`tone cost-leadership: good`).
    pub tone_under: Vec<(StrategyIndex, Tone)>,
    /// What the outcome meant for the strategy, in a sentence or two (`verdict:`).
    pub verdict: Option<String>,
    /// The verdict under particular strategies (`verdict cost-leadership:`).
    pub verdict_under: Vec<(StrategyIndex, String)>,
}

impl Ending {
    /// The tone of the ending for a learner who played under `strategy`.
    pub fn tone(&self, strategy: StrategyIndex) -> Tone {
        self.tone_under
            .iter()
            .find(|(s, _)| *s == strategy)
            .map_or(self.tone, |(_, t)| *t)
    }

    /// What the ending meant for `strategy`, if the author says.
    pub fn verdict(&self, strategy: StrategyIndex) -> Option<&str> {
        self.verdict_under
            .iter()
            .find(|(s, _)| *s == strategy)
            .map(|(_, v)| v.as_str())
            .or(self.verdict.as_deref())
    }
}

/// A hash of the scenario's source text, stored with progress so that a save
/// made against different content can be recognised.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ContentHash(pub u64);

impl ContentHash {
    /// FNV-1a over 64-bit little-endian words (the last, short word zero-padded and
    /// marked with its length): stable across platforms and releases, and eight times
    /// fewer steps than hashing byte by byte.
    pub fn of(text: &str) -> Self {
        const PRIME: u64 = 0x0000_0100_0000_01b3;
        let bytes = text.as_bytes();
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            let mut w = [0u8; 8];
            w.copy_from_slice(word);
            hash = (hash ^ u64::from_le_bytes(w)).wrapping_mul(PRIME);
            hash ^= hash >> 29;
        }
        let tail = words.remainder();
        let mut w = [0u8; 8];
        w[..tail.len()].copy_from_slice(tail);
        hash = (hash ^ u64::from_le_bytes(w) ^ ((tail.len() as u64) << 59)).wrapping_mul(PRIME);
        hash ^= hash >> 29;
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
    /// The language the scenario's text is written in (`language:`; English if unsaid).
    pub language: Locale,
    pub content_hash: ContentHash,
    pub department: String,
    pub role: Option<String>,
    pub counterpart: String,
    pub minutes: u32,
    /// Score (0–100) needed to pass.
    pub pass_threshold: u8,
    pub briefing: Briefing,
    /// The strategies it can be played under; the first is the default.
    pub strategies: Vec<Strategy>,
    /// Negotiation dimensions choices can move: the profile library's, then the scenario's own.
    pub dimensions: Vec<Dimension>,
    /// Numeric state, in declaration order.
    pub variables: Vec<Variable>,
    pub economics: Option<Economics>,
    pub meter: Option<Meter>,
    /// The dimension the department's own scorecard rewards: a choice that gains on
    /// it while hurting the strategy is a silo move.
    pub scorecard: Option<DimensionIndex>,
    /// The learner rates their confidence before each choice.
    pub confidence: bool,
    /// The lessons the debrief leaves the learner with.
    pub takeaways: Vec<String>,
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

    pub fn strategy(&self, index: StrategyIndex) -> &Strategy {
        &self.strategies[index.0.min(self.strategies.len().saturating_sub(1))]
    }

    pub fn strategy_by_id(&self, id: &str) -> Option<StrategyIndex> {
        self.strategies
            .iter()
            .position(|s| s.id.as_str() == id)
            .map(StrategyIndex)
    }

    pub fn strategy_indices(&self) -> impl ExactSizeIterator<Item = StrategyIndex> {
        (0..self.strategies.len()).map(StrategyIndex)
    }

    /// The department's mandate under `strategy`.
    pub fn mandate(&self, strategy: StrategyIndex) -> &str {
        self.strategy(strategy)
            .mandate
            .as_deref()
            .unwrap_or(&self.briefing.mandate)
    }

    pub fn dimension(&self, index: DimensionIndex) -> &Dimension {
        &self.dimensions[index.0]
    }

    pub fn dimension_indices(&self) -> impl ExactSizeIterator<Item = DimensionIndex> {
        (0..self.dimensions.len()).map(DimensionIndex)
    }

    /// Σ weight × effect of `choice` under `strategy`'s profile; `None` without a profile.
    pub fn points(&self, choice: &Choice, strategy: StrategyIndex) -> Option<i32> {
        let s = self.strategy(strategy);
        s.weights.as_ref()?;
        Some(
            choice
                .effects
                .iter()
                .map(|e| i32::from(s.weight(e.dimension)) * i32::from(e.amount))
                .sum(),
        )
    }

    /// Whether `choice`, taken under `strategy`, is a silo move: it gains on the
    /// department's scorecard while working against the strategy.
    pub fn is_silo(&self, choice: &Choice, strategy: StrategyIndex) -> bool {
        self.scorecard
            .is_some_and(|d| choice.effect(d) > 0 && choice.alignment(strategy).value() < 0)
    }

    /// The variables' starting values.
    pub fn start_values(&self) -> Vec<i32> {
        self.variables.iter().map(|v| v.start).collect()
    }

    pub fn scene_by_id(&self, id: &str) -> Option<SceneIndex> {
        self.scenes
            .iter()
            .position(|s| s.id.as_str() == id)
            .map(SceneIndex)
    }
}
