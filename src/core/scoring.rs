//! Scoring a playthrough against the corporate strategy.
//!
//! Each choice carries an alignment from -2 to +2. A complete path's raw score
//! is the sum of its alignments; the score the learner sees is that sum placed
//! between the worst and the best totals any complete path can reach:
//! 0 is the worst play that exists, 100 the best.

use super::engine::{Playthrough, Position};
use super::scenario::{Choice, Scenario, SceneIndex, Target};

/// Best and worst achievable totals, and path lengths, from every scene to an ending.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Analysis {
    best_from: Vec<i32>,
    worst_from: Vec<i32>,
    shortest_from: Vec<u32>,
    longest_from: Vec<u32>,
    start: SceneIndex,
}

impl Analysis {
    /// Computes the bounds in one pass over the scene graph (validated scenarios have no loops).
    pub fn of(scenario: &Scenario) -> Self {
        let n = scenario.scenes().len();
        let mut best_from = vec![i32::MIN; n];
        let mut worst_from = vec![i32::MAX; n];
        let mut shortest_from = vec![u32::MAX; n];
        let mut longest_from = vec![0u32; n];
        let mut done = vec![false; n];
        // Iterative post-order depth-first search.
        let mut stack: Vec<(usize, bool)> = vec![(scenario.start().0, false)];
        while let Some((scene, expanded)) = stack.pop() {
            if done[scene] {
                continue;
            }
            let choices = &scenario.scene(SceneIndex(scene)).choices;
            if !expanded {
                stack.push((scene, true));
                for c in choices {
                    if let Target::Scene(next) = c.next
                        && !done[next.0]
                    {
                        stack.push((next.0, false));
                    }
                }
                continue;
            }
            for c in choices {
                let a = i32::from(c.alignment.value());
                let (best, worst, short, long) = match c.next {
                    Target::Ending(_) => (a, a, 1, 1),
                    Target::Scene(next) => (
                        a.saturating_add(best_from[next.0]),
                        a.saturating_add(worst_from[next.0]),
                        shortest_from[next.0].saturating_add(1),
                        longest_from[next.0].saturating_add(1),
                    ),
                };
                best_from[scene] = best_from[scene].max(best);
                worst_from[scene] = worst_from[scene].min(worst);
                shortest_from[scene] = shortest_from[scene].min(short);
                longest_from[scene] = longest_from[scene].max(long);
            }
            done[scene] = true;
        }
        Analysis {
            best_from,
            worst_from,
            shortest_from,
            longest_from,
            start: scenario.start(),
        }
    }

    /// The highest total alignment any complete path reaches.
    pub fn best_total(&self) -> i32 {
        self.best_from[self.start.0]
    }

    /// The lowest total alignment any complete path reaches.
    pub fn worst_total(&self) -> i32 {
        self.worst_from[self.start.0]
    }

    /// Fewest and most decisions on any complete path.
    pub fn path_lengths(&self) -> (u32, u32) {
        (
            self.shortest_from[self.start.0],
            self.longest_from[self.start.0],
        )
    }

    /// "Decision `n` of about `m`" for the learner's current position.
    pub fn progress(&self, scenario: &Scenario, playthrough: &Playthrough) -> DecisionProgress {
        let taken = playthrough.steps().len() as u32;
        match playthrough.position(scenario) {
            Position::Ended(_) => DecisionProgress {
                number: taken,
                about: taken,
            },
            Position::Decision(scene) => {
                let short = self.shortest_from[scene.0];
                let long = self.longest_from[scene.0];
                DecisionProgress {
                    number: taken + 1,
                    about: taken + (short + long).div_ceil(2),
                }
            }
        }
    }

    /// The final score of a complete path, 0–100.
    pub fn score(&self, scenario: &Scenario, playthrough: &Playthrough) -> Scorecard {
        let raw = raw_total(scenario, playthrough);
        let (best, worst) = (self.best_total(), self.worst_total());
        let score = normalise(raw, worst, best);
        Scorecard {
            raw,
            best,
            worst,
            score,
            passed: score >= scenario.pass_threshold,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DecisionProgress {
    /// 1-based number of the current decision.
    pub number: u32,
    /// Expected number of decisions on this path (midpoint of the shortest and longest ways on).
    pub about: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scorecard {
    pub raw: i32,
    pub best: i32,
    pub worst: i32,
    /// 0–100.
    pub score: u8,
    pub passed: bool,
}

/// Places `raw` between `worst` (0) and `best` (100), rounding half up.
fn normalise(raw: i32, worst: i32, best: i32) -> u8 {
    if best <= worst {
        return 100;
    }
    let span = i64::from(best) - i64::from(worst);
    let above = (i64::from(raw) - i64::from(worst)).clamp(0, span);
    ((above * 200 + span) / (2 * span)) as u8
}

pub fn raw_total(scenario: &Scenario, playthrough: &Playthrough) -> i32 {
    playthrough
        .steps()
        .iter()
        .map(|s| i32::from(s.choice(scenario).alignment.value()))
        .sum()
}

/// Alignment of the decisions taken so far, 0–100: each decision placed between
/// the worst and best option it offered. `None` before the first decision.
pub fn running_alignment(scenario: &Scenario, playthrough: &Playthrough) -> Option<u8> {
    let (mut got, mut worst, mut best) = (0i32, 0i32, 0i32);
    for step in playthrough.steps() {
        let scene = step.scene(scenario);
        let values = scene.choices.iter().map(|c| i32::from(c.alignment.value()));
        worst += values.clone().min().unwrap_or(0);
        best += values.max().unwrap_or(0);
        got += i32::from(step.choice(scenario).alignment.value());
    }
    (!playthrough.steps().is_empty()).then(|| normalise(got, worst, best))
}

/// The best-aligned option of the scene a step was taken in, when the learner
/// did not take it (ties go to the first listed).
pub fn better_option<'s>(scenario: &'s Scenario, step: &super::engine::Step) -> Option<&'s Choice> {
    let scene = step.scene(scenario);
    let taken = step.choice(scenario);
    let best = scene
        .choices
        .iter()
        .reduce(|a, b| if b.alignment > a.alignment { b } else { a })?;
    (best.alignment > taken.alignment).then_some(best)
}

#[cfg(test)]
mod tests {
    use super::normalise;

    #[test]
    fn normalise_maps_worst_to_0_and_best_to_100() {
        assert_eq!(normalise(-10, -10, 14), 0);
        assert_eq!(normalise(14, -10, 14), 100);
        assert_eq!(normalise(2, -10, 14), 50);
        assert_eq!(normalise(3, -10, 14), 54); // 13/24 = 54.17
        assert_eq!(normalise(-11, -10, 14), 0);
        assert_eq!(normalise(5, 5, 5), 100);
    }

    #[test]
    fn normalise_rounds_half_up() {
        // 1/8 = 12.5 → 13
        assert_eq!(normalise(1, 0, 8), 13);
    }
}
