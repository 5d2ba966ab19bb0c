//! Playing a scenario. A [`Cursor`] is where the learner stands — a scene or an
//! ending, the scenario's variables, the corporate strategy in force; a
//! [`Playthrough`] is the choices taken from the start under one strategy.
//! Every transition returns a new value.

use super::scenario::{Choice, EndingIndex, Scenario, Scene, SceneIndex, StrategyIndex, Target};
use crate::core::i18n::Messages;
use crate::tr;

/// One decision taken: the scene it was taken in and the index of the choice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Step {
    pub scene: SceneIndex,
    pub choice: usize,
}

impl Step {
    pub fn scene<'s>(&self, scenario: &'s Scenario) -> &'s Scene {
        scenario.scene(self.scene)
    }

    pub fn choice<'s>(&self, scenario: &'s Scenario) -> &'s Choice {
        &scenario.scene(self.scene).choices[self.choice]
    }
}

/// Where the learner stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Position {
    /// A decision is waiting in this scene.
    Decision(SceneIndex),
    /// The scenario is over.
    Ended(EndingIndex),
}

/// A position with the state that decides what can happen next.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Cursor {
    pub position: Position,
    /// Current value of each of the scenario's variables.
    pub values: Vec<i32>,
    /// The corporate strategy in force (a pivot can change it).
    pub strategy: StrategyIndex,
}

impl Cursor {
    /// The start of the scenario under `strategy`.
    pub fn start(scenario: &Scenario, strategy: StrategyIndex) -> Cursor {
        let start = scenario.start();
        Cursor {
            position: Position::Decision(start),
            values: scenario.start_values(),
            strategy: scenario.scene(start).pivot.unwrap_or(strategy),
        }
    }

    /// Indices of the choices offered here (those whose `if:` holds). Empty at an ending.
    pub fn available(&self, scenario: &Scenario) -> Vec<usize> {
        match self.position {
            Position::Ended(_) => vec![],
            Position::Decision(scene) => scenario
                .scene(scene)
                .choices
                .iter()
                .enumerate()
                .filter(|(_, c)| c.condition.holds(&self.values))
                .map(|(i, _)| i)
                .collect(),
        }
    }

    /// Takes choice `index` of the current scene: applies its changes, follows its
    /// first branch whose condition holds, and applies the next scene's pivot.
    /// The caller makes sure the choice is available.
    pub fn take(&self, scenario: &Scenario, index: usize) -> Cursor {
        let Position::Decision(scene) = self.position else {
            return self.clone();
        };
        let choice = &scenario.scene(scene).choices[index];
        let mut values = self.values.clone();
        for change in &choice.changes {
            let var = &scenario.variables[change.var.0];
            let v = &mut values[change.var.0];
            *v = var.clamp(v.saturating_add(change.delta));
        }
        let (position, strategy) = match choice.target(&values) {
            Target::Scene(next) => (
                Position::Decision(next),
                scenario.scene(next).pivot.unwrap_or(self.strategy),
            ),
            Target::Ending(ending) => (Position::Ended(ending), self.strategy),
        };
        Cursor {
            position,
            values,
            strategy,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChooseError {
    /// The playthrough already reached an ending.
    AlreadyEnded,
    /// The current scene has no choice with that id.
    UnknownChoice { scene: String, choice: String },
    /// The choice exists but its `if:` does not hold now.
    NotOffered { scene: String, choice: String },
}

impl ChooseError {
    /// Why, in the interface language.
    pub fn message(&self, t: &Messages) -> String {
        match self {
            ChooseError::AlreadyEnded => tr!(t, "errors.choose-ended").to_string(),
            ChooseError::UnknownChoice { scene, choice } => {
                tr!(t, "errors.choose-unknown", scene = scene, choice = choice)
            }
            ChooseError::NotOffered { scene, choice } => tr!(
                t,
                "errors.choose-not-offered",
                choice = choice,
                scene = scene
            ),
        }
    }
}

crate::display_in_english!(ChooseError);

impl std::error::Error for ChooseError {}

/// A replay of saved choice ids that stopped early, with the part that still fits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReplayStopped {
    pub kept: Playthrough,
    /// How many saved choices were replayed before the one that no longer fits.
    pub replayed: usize,
    pub reason: ChooseError,
}

/// The choices taken so far in one attempt, in order, with the cursor before each.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Playthrough {
    strategy: StrategyIndex,
    steps: Vec<Step>,
    /// `trail[i]` is the cursor before step `i`; the last entry is the current one.
    trail: Vec<Cursor>,
}

impl Playthrough {
    /// A fresh attempt under the scenario's default strategy.
    pub fn new(scenario: &Scenario) -> Self {
        Playthrough::under(scenario, StrategyIndex::default())
    }

    /// A fresh attempt under `strategy`.
    pub fn under(scenario: &Scenario, strategy: StrategyIndex) -> Self {
        Playthrough {
            strategy,
            steps: vec![],
            trail: vec![Cursor::start(scenario, strategy)],
        }
    }

    /// The strategy the attempt was started under.
    pub fn strategy(&self) -> StrategyIndex {
        self.strategy
    }

    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    /// Each step with the cursor it was taken from (its state and strategy).
    pub fn taken(&self) -> impl Iterator<Item = (&Step, &Cursor)> {
        self.steps.iter().zip(&self.trail)
    }

    pub fn cursor(&self) -> &Cursor {
        // `trail` always holds at least the start.
        &self.trail[self.trail.len() - 1]
    }

    pub fn position(&self, _scenario: &Scenario) -> Position {
        self.cursor().position
    }

    pub fn is_ended(&self, scenario: &Scenario) -> bool {
        matches!(self.position(scenario), Position::Ended(_))
    }

    /// The choices offered now, with their indices in the scene.
    pub fn offered<'s>(&self, scenario: &'s Scenario) -> Vec<(usize, &'s Choice)> {
        match self.cursor().position {
            Position::Ended(_) => vec![],
            Position::Decision(scene) => self
                .cursor()
                .available(scenario)
                .into_iter()
                .map(|i| (i, &scenario.scene(scene).choices[i]))
                .collect(),
        }
    }

    /// Takes the choice `choice_id` in the current scene.
    pub fn choose(&self, scenario: &Scenario, choice_id: &str) -> Result<Playthrough, ChooseError> {
        let cursor = self.cursor();
        let scene = match cursor.position {
            Position::Decision(scene) => scene,
            Position::Ended(_) => return Err(ChooseError::AlreadyEnded),
        };
        let s = scenario.scene(scene);
        let (index, choice) = s
            .choice(choice_id)
            .ok_or_else(|| ChooseError::UnknownChoice {
                scene: s.id.to_string(),
                choice: choice_id.to_string(),
            })?;
        if !choice.condition.holds(&cursor.values) {
            return Err(ChooseError::NotOffered {
                scene: s.id.to_string(),
                choice: choice_id.to_string(),
            });
        }
        let next = cursor.take(scenario, index);
        let mut out = self.clone();
        out.steps.push(Step {
            scene,
            choice: index,
        });
        out.trail.push(next);
        Ok(out)
    }

    /// Replays saved choice ids from the start under `strategy`. Stops at the first
    /// one that no longer fits the scenario and reports how far it got.
    pub fn replay<S: AsRef<str>>(
        scenario: &Scenario,
        strategy: StrategyIndex,
        choice_ids: &[S],
    ) -> Result<Playthrough, ReplayStopped> {
        let mut playthrough = Playthrough::under(scenario, strategy);
        for (replayed, id) in choice_ids.iter().enumerate() {
            match playthrough.choose(scenario, id.as_ref()) {
                Ok(next) => playthrough = next,
                Err(reason) => {
                    return Err(ReplayStopped {
                        kept: playthrough,
                        replayed,
                        reason,
                    });
                }
            }
        }
        Ok(playthrough)
    }

    /// The ids of the choices taken, for saving.
    pub fn choice_ids(&self, scenario: &Scenario) -> Vec<String> {
        self.steps
            .iter()
            .map(|s| s.choice(scenario).id.to_string())
            .collect()
    }
}

/// Why [`all_paths`] gave up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathsError {
    /// A loop can be gone round forever: there are infinitely many paths.
    Infinite,
    /// More complete paths than the limit.
    TooMany(usize),
}

/// Every complete path under `strategy`, up to `limit` of them. For tests and
/// authoring tools; the analysis counts paths without listing them.
pub fn all_paths(
    scenario: &Scenario,
    strategy: StrategyIndex,
    limit: usize,
) -> Result<Vec<Playthrough>, PathsError> {
    let mut out = Vec::new();
    let mut stack = vec![Playthrough::under(scenario, strategy)];
    while let Some(p) = stack.pop() {
        if p.is_ended(scenario) {
            if out.len() == limit {
                return Err(PathsError::TooMany(limit));
            }
            out.push(p);
            continue;
        }
        let current = p.cursor();
        if p.trail[..p.trail.len() - 1].contains(current) {
            return Err(PathsError::Infinite);
        }
        for (_, choice) in p.offered(scenario).into_iter().rev() {
            if let Ok(next) = p.choose(scenario, choice.id.as_str()) {
                stack.push(next);
            }
        }
    }
    Ok(out)
}
