//! Scoring a playthrough against the corporate strategy.
//!
//! Each choice carries an alignment from -2 to +2 under each strategy. A step
//! counts under the strategy in force when it was taken (a pivot can change
//! it). A complete path's raw score is the sum; the score the learner sees
//! places it between the worst and best totals any complete path can reach
//! (see [`crate::core::analysis::Analysis::score`]): 0 is the worst play that
//! exists, 100 the best.

use super::engine::{Cursor, Playthrough, Step};
use super::scenario::{Choice, Scenario};

pub use super::analysis::{DecisionProgress, Scorecard};

/// Sum of the alignments of the steps taken, each under the strategy then in force.
pub fn raw_total(scenario: &Scenario, playthrough: &Playthrough) -> i32 {
    playthrough
        .taken()
        .map(|(step, cursor)| i32::from(step.choice(scenario).alignment(cursor.strategy).value()))
        .sum()
}

/// Places `got` between `worst` (0) and `best` (100), rounding half up; 100 when
/// there is no spread. The one formula behind every score Mandate shows.
pub fn percent_between(got: i32, worst: i32, best: i32) -> u8 {
    if best <= worst {
        return 100;
    }
    let span = i64::from(best) - i64::from(worst);
    let above = (i64::from(got) - i64::from(worst)).clamp(0, span);
    ((above * 200 + span) / (2 * span)) as u8
}

/// Alignment of the decisions taken so far, 0–100: each decision placed between
/// the worst and best option it offered. `None` before the first decision.
pub fn running_alignment(scenario: &Scenario, playthrough: &Playthrough) -> Option<u8> {
    let (mut got, mut worst, mut best) = (0i32, 0i32, 0i32);
    for (step, cursor) in playthrough.taken() {
        let scene = step.scene(scenario);
        let values: Vec<i32> = cursor
            .available(scenario)
            .into_iter()
            .map(|i| i32::from(scene.choices[i].alignment(cursor.strategy).value()))
            .collect();
        worst += values.iter().copied().min().unwrap_or(0);
        best += values.iter().copied().max().unwrap_or(0);
        got += i32::from(step.choice(scenario).alignment(cursor.strategy).value());
    }
    (!playthrough.steps().is_empty()).then(|| percent_between(got, worst, best))
}

/// The best-aligned option offered at a step, when the learner did not take it
/// (ties go to the first listed).
pub fn better_option<'s>(
    scenario: &'s Scenario,
    step: &Step,
    cursor: &Cursor,
) -> Option<&'s Choice> {
    let scene = step.scene(scenario);
    let taken = step.choice(scenario).alignment(cursor.strategy);
    let best = cursor
        .available(scenario)
        .into_iter()
        .map(|i| &scene.choices[i])
        .reduce(|a, b| {
            if b.alignment(cursor.strategy) > a.alignment(cursor.strategy) {
                b
            } else {
                a
            }
        })?;
    (best.alignment(cursor.strategy) > taken).then_some(best)
}
