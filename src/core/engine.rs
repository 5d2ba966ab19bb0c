//! Playing a scenario: a playthrough is the list of choices taken; where the
//! learner stands follows from it. Every transition returns a new value.

use std::fmt;

use super::scenario::{Choice, EndingIndex, Scenario, Scene, SceneIndex, Target};

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
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Position {
    /// A decision is waiting in this scene.
    Decision(SceneIndex),
    /// The scenario is over.
    Ended(EndingIndex),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChooseError {
    /// The playthrough already reached an ending.
    AlreadyEnded,
    /// The current scene has no choice with that id.
    UnknownChoice { scene: String, choice: String },
}

impl fmt::Display for ChooseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChooseError::AlreadyEnded => f.write_str("the scenario has already ended"),
            ChooseError::UnknownChoice { scene, choice } => {
                write!(f, "the scene `{scene}` has no choice `{choice}`")
            }
        }
    }
}

impl std::error::Error for ChooseError {}

/// A replay of saved choice ids that stopped early, with the part that still fits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReplayStopped {
    pub kept: Playthrough,
    /// How many saved choices were replayed before the one that no longer fits.
    pub replayed: usize,
    pub reason: ChooseError,
}

/// The choices taken so far in one attempt, in order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Playthrough {
    steps: Vec<Step>,
}

impl Playthrough {
    pub fn new() -> Self {
        Playthrough::default()
    }

    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    pub fn position(&self, scenario: &Scenario) -> Position {
        match self.steps.last() {
            None => Position::Decision(scenario.start()),
            Some(step) => match step.choice(scenario).next {
                Target::Scene(scene) => Position::Decision(scene),
                Target::Ending(ending) => Position::Ended(ending),
            },
        }
    }

    pub fn is_ended(&self, scenario: &Scenario) -> bool {
        matches!(self.position(scenario), Position::Ended(_))
    }

    /// Takes the choice `choice_id` in the current scene.
    pub fn choose(&self, scenario: &Scenario, choice_id: &str) -> Result<Playthrough, ChooseError> {
        let scene = match self.position(scenario) {
            Position::Decision(scene) => scene,
            Position::Ended(_) => return Err(ChooseError::AlreadyEnded),
        };
        let (index, _) =
            scenario
                .scene(scene)
                .choice(choice_id)
                .ok_or_else(|| ChooseError::UnknownChoice {
                    scene: scenario.scene(scene).id.to_string(),
                    choice: choice_id.to_string(),
                })?;
        let mut steps = self.steps.clone();
        steps.push(Step {
            scene,
            choice: index,
        });
        Ok(Playthrough { steps })
    }

    /// Replays saved choice ids from the start. Stops at the first one that no
    /// longer fits the scenario and reports how far it got.
    pub fn replay<S: AsRef<str>>(
        scenario: &Scenario,
        choice_ids: &[S],
    ) -> Result<Playthrough, ReplayStopped> {
        let mut playthrough = Playthrough::new();
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

    pub fn last_choice<'s>(&self, scenario: &'s Scenario) -> Option<&'s Choice> {
        self.steps.last().map(|s| s.choice(scenario))
    }
}

/// Every complete path through the scenario, each as its list of steps.
/// Validated scenarios have no loops, so this terminates; it is meant for
/// tests and authoring tools, not for the UI.
pub fn all_paths(scenario: &Scenario) -> Vec<Playthrough> {
    let mut out = Vec::new();
    let mut stack = vec![Playthrough::new()];
    while let Some(p) = stack.pop() {
        match p.position(scenario) {
            Position::Ended(_) => out.push(p),
            Position::Decision(scene) => {
                for choice in scenario.scene(scene).choices.iter().rev() {
                    if let Ok(next) = p.choose(scenario, choice.id.as_str()) {
                        stack.push(next);
                    }
                }
            }
        }
    }
    out
}
