//! The debrief: everything the ending screen teaches, computed from a finished
//! playthrough. Pure data — the UI draws it, the tests snapshot it as text.
//!
//! What it holds: every decision with its alignment, the better option and
//! whether it was a silo move; the learner's path beside the strategy-optimal
//! one; a per-dimension comparison with the strategy's profile; the deal against
//! the zone of possible agreement; how each pivot was handled; the same path
//! re-scored under the scenario's other strategies; and, where the scenario asks
//! for confidence ratings, how well confidence matched alignment.

use super::i18n::{Locale, Messages};
use crate::tr;
use std::fmt::Write;

use super::analysis::{Analysis, Scorecard};
use super::engine::{Playthrough, Position, Step};
use super::scenario::{Alignment, Better, DimensionIndex, Scenario, StrategyIndex};
use super::scoring::better_option;

/// How sure the learner said they were before a choice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Confidence {
    Unsure,
    FairlySure,
    Certain,
}

impl Confidence {
    pub const ALL: [Confidence; 3] = [
        Confidence::Unsure,
        Confidence::FairlySure,
        Confidence::Certain,
    ];

    /// The number saved with progress (0 stands for "not rated").
    pub fn code(self) -> u8 {
        match self {
            Confidence::Unsure => 1,
            Confidence::FairlySure => 2,
            Confidence::Certain => 3,
        }
    }

    pub fn from_code(code: u8) -> Option<Confidence> {
        match code {
            1 => Some(Confidence::Unsure),
            2 => Some(Confidence::FairlySure),
            3 => Some(Confidence::Certain),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Confidence::Unsure => "Unsure",
            Confidence::FairlySure => "Fairly sure",
            Confidence::Certain => "Certain",
        }
    }
}

/// One decision as the debrief reviews it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reviewed {
    pub step: Step,
    /// The strategy in force when it was taken.
    pub strategy: StrategyIndex,
    pub alignment: Alignment,
    /// Gained on the department's scorecard while working against the strategy.
    pub silo: bool,
    /// The best-aligned option offered, when the learner did not take it.
    pub better: Option<usize>,
    pub confidence: Option<Confidence>,
}

/// A decision on the strategy-optimal path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OptimalStep {
    pub step: Step,
    pub alignment: Alignment,
}

/// The learner's path and the optimal one on one negotiation dimension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DimensionRow {
    pub dimension: DimensionIndex,
    /// How much the strategy values it, 0 to 3.
    pub weight: u8,
    /// The sum of the effects of the learner's choices on it.
    pub yours: i32,
    /// The same along the strategy-optimal path.
    pub optimal: i32,
}

/// Where the deal ended, against what was possible.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DealOutcome {
    /// The sides agreed; otherwise the learner's side took its BATNA.
    pub agreed: bool,
    /// The offer on the table at the end.
    pub value: i32,
    /// The best agreed value any path reaches.
    pub best_achievable: Option<i32>,
    /// The zone of possible agreement, the learner's better end first.
    pub zopa: Option<(i32, i32)>,
    /// How much of the zone the learner's side captured, 0–100 (an agreed deal only).
    pub share_of_zone: Option<u8>,
}

/// A strategic pivot met on the path and what the learner did after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PivotReview {
    /// 1-based number of the first decision under the new strategy.
    pub decision: usize,
    pub from: StrategyIndex,
    pub to: StrategyIndex,
    pub decisions_after: usize,
    pub aligned_after: usize,
    /// Decisions taken before the first aligned one under the new strategy (0: at
    /// once); `None` when none was aligned.
    pub adapted_after: Option<usize>,
}

/// The learner's path scored as if the scenario had been played under another strategy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rescored {
    pub strategy: StrategyIndex,
    pub score: u8,
    pub passed: bool,
}

/// For one level of confidence: how many choices were rated so, and how many of
/// those were aligned (+1 or better).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CalibrationRow {
    pub confidence: Confidence,
    pub rated: usize,
    pub aligned: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Debrief {
    /// The strategy the attempt was started under.
    pub strategy: StrategyIndex,
    /// The strategy in force at the end (differs after a pivot); the dimension
    /// comparison uses its profile.
    pub final_strategy: StrategyIndex,
    pub scorecard: Scorecard,
    pub decisions: Vec<Reviewed>,
    pub silo_moves: usize,
    pub optimal: Vec<OptimalStep>,
    /// How many of the learner's first decisions follow the optimal path.
    pub on_optimal_path: usize,
    /// Dimensions the strategy weighs or either path moved, in the scenario's order.
    pub dimensions: Vec<DimensionRow>,
    pub deal: Option<DealOutcome>,
    pub pivots: Vec<PivotReview>,
    pub other_strategies: Vec<Rescored>,
    /// Empty unless the scenario asks for confidence ratings.
    pub calibration: Vec<CalibrationRow>,
}

impl Debrief {
    /// The debrief of `playthrough`. `confidence[i]` is the rating given before
    /// decision `i` (missing or `None`: not rated).
    pub fn of(
        scenario: &Scenario,
        analysis: &Analysis,
        playthrough: &Playthrough,
        confidence: &[Option<Confidence>],
    ) -> Debrief {
        let strategy = playthrough.strategy();
        let final_strategy = playthrough.cursor().strategy;
        let decisions: Vec<Reviewed> = playthrough
            .taken()
            .enumerate()
            .map(|(i, (step, cursor))| {
                let choice = step.choice(scenario);
                Reviewed {
                    step: *step,
                    strategy: cursor.strategy,
                    alignment: choice.alignment(cursor.strategy),
                    silo: scenario.is_silo(choice, cursor.strategy),
                    better: better_option(scenario, step, cursor)
                        .and_then(|b| step.scene(scenario).choice(b.id.as_str()))
                        .map(|(index, _)| index),
                    confidence: confidence.get(i).copied().flatten(),
                }
            })
            .collect();
        let silo_moves = decisions.iter().filter(|d| d.silo).count();

        let optimal_ids = analysis
            .reports
            .get(strategy.index())
            .map(|r| r.best_path.clone())
            .unwrap_or_default();
        let optimal_path = match Playthrough::replay(scenario, strategy, &optimal_ids) {
            Ok(p) => p,
            Err(stopped) => stopped.kept,
        };
        let optimal: Vec<OptimalStep> = optimal_path
            .taken()
            .map(|(step, cursor)| OptimalStep {
                step: *step,
                alignment: step.choice(scenario).alignment(cursor.strategy),
            })
            .collect();
        let on_optimal_path = decisions
            .iter()
            .zip(&optimal)
            .take_while(|(d, o)| d.step == o.step)
            .count();

        let profile = scenario.strategy(final_strategy);
        let sum = |p: &Playthrough, d: DimensionIndex| -> i32 {
            p.steps()
                .iter()
                .map(|s| i32::from(s.choice(scenario).effect(d)))
                .sum()
        };
        let dimensions = scenario
            .dimension_indices()
            .map(|d| DimensionRow {
                dimension: d,
                weight: profile.weight(d),
                yours: sum(playthrough, d),
                optimal: sum(&optimal_path, d),
            })
            .filter(|row| row.weight > 0 || row.yours != 0 || row.optimal != 0)
            .collect();

        let deal = scenario.economics.as_ref().and_then(|economics| {
            let Position::Ended(ending) = playthrough.cursor().position else {
                return None;
            };
            let agreed = scenario.ending(ending).agreed;
            let value = playthrough.cursor().values[economics.deal.index()];
            let zopa = economics.zopa();
            let share_of_zone = match (agreed, economics.walk_away, economics.their_walk_away) {
                (true, Some(ours), Some(theirs)) if ours != theirs => {
                    let captured = match economics.better {
                        Better::Lower => ours - value,
                        Better::Higher => value - ours,
                    };
                    let zone = (ours - theirs).abs();
                    Some(super::scoring::percent_between(captured, 0, zone))
                }
                _ => None,
            };
            Some(DealOutcome {
                agreed,
                value,
                best_achievable: analysis.best_deal(scenario),
                zopa,
                share_of_zone,
            })
        });

        let mut pivots = Vec::new();
        let mut previous = strategy;
        for (i, d) in decisions.iter().enumerate() {
            if d.strategy != previous {
                let after = &decisions[i..];
                let in_force: Vec<&Reviewed> = after
                    .iter()
                    .take_while(|r| r.strategy == d.strategy)
                    .collect();
                pivots.push(PivotReview {
                    decision: i + 1,
                    from: previous,
                    to: d.strategy,
                    decisions_after: in_force.len(),
                    aligned_after: in_force.iter().filter(|r| r.alignment.value() > 0).count(),
                    adapted_after: in_force.iter().position(|r| r.alignment.value() > 0),
                });
                previous = d.strategy;
            }
        }

        let ids = playthrough.choice_ids(scenario);
        let other_strategies = scenario
            .strategy_indices()
            .filter(|s| *s != strategy)
            .filter_map(|s| {
                let replayed = Playthrough::replay(scenario, s, &ids).ok()?;
                replayed.is_ended(scenario).then(|| {
                    let card = analysis.score(scenario, &replayed);
                    Rescored {
                        strategy: s,
                        score: card.score,
                        passed: card.passed,
                    }
                })
            })
            .collect();

        let calibration = if scenario.confidence {
            Confidence::ALL
                .iter()
                .map(|&level| {
                    let rated: Vec<&Reviewed> = decisions
                        .iter()
                        .filter(|d| d.confidence == Some(level))
                        .collect();
                    CalibrationRow {
                        confidence: level,
                        rated: rated.len(),
                        aligned: rated.iter().filter(|d| d.alignment.value() > 0).count(),
                    }
                })
                .collect()
        } else {
            Vec::new()
        };

        Debrief {
            strategy,
            final_strategy,
            scorecard: analysis.score(scenario, playthrough),
            decisions,
            silo_moves,
            optimal,
            on_optimal_path,
            dimensions,
            deal,
            pivots,
            other_strategies,
            calibration,
        }
    }

    /// How each pivot was handled, in a sentence, in the interface language.
    pub fn describe_pivot(t: &Messages, scenario: &Scenario, pivot: &PivotReview) -> String {
        let to = &scenario.strategy(pivot.to).name;
        let when = tr!(
            t,
            "debrief.pivot-when",
            strategy = to,
            decision = pivot.decision
        );
        let how = match pivot.adapted_after {
            Some(0) => tr!(t, "debrief.pivot-at-once").to_string(),
            Some(n) => tr!(t, "debrief.pivot-took", count = n),
            None if pivot.decisions_after == 0 => tr!(t, "debrief.pivot-ended").to_string(),
            None => tr!(t, "debrief.pivot-never").to_string(),
        };
        let after = tr!(
            t,
            "debrief.pivot-aligned-after",
            aligned = pivot.aligned_after,
            decisions = pivot.decisions_after
        );
        format!("{when} {how} {after}")
    }

    /// How confidence matched alignment, in a sentence in the interface language;
    /// `None` when nothing was rated.
    pub fn describe_calibration(&self, t: &Messages) -> Option<String> {
        let rated: usize = self.calibration.iter().map(|r| r.rated).sum();
        if rated == 0 {
            return None;
        }
        let certain = self
            .calibration
            .iter()
            .find(|r| r.confidence == Confidence::Certain)?;
        let unsure = self
            .calibration
            .iter()
            .find(|r| r.confidence == Confidence::Unsure)?;
        let rate = |r: &CalibrationRow| (r.rated > 0).then(|| r.aligned * 100 / r.rated);
        Some(
            match (rate(certain), rate(unsure)) {
                (Some(c), Some(u)) if c > u => tr!(t, "debrief.calibration-tracked"),
                (Some(c), Some(u)) if c < u => tr!(t, "debrief.calibration-inverted"),
                (Some(c), _) if c < 50 => tr!(t, "debrief.calibration-overconfident"),
                _ => tr!(t, "debrief.calibration-compare"),
            }
            .to_string(),
        )
    }

    /// A plain-text rendering for snapshot tests and the command line.
    pub fn to_text(&self, scenario: &Scenario) -> String {
        let mut out = String::new();
        let name = |s: StrategyIndex| scenario.strategy(s).name.as_str();
        let _ = writeln!(
            out,
            "Score {} ({}) under {}: raw {} between worst {} and best {}",
            self.scorecard.score,
            if self.scorecard.passed {
                "passed"
            } else {
                "not passed"
            },
            name(self.strategy),
            self.scorecard.raw,
            self.scorecard.worst,
            self.scorecard.best
        );
        let _ = writeln!(out, "Decisions:");
        for (i, d) in self.decisions.iter().enumerate() {
            let scene = d.step.scene(scenario);
            let choice = d.step.choice(scenario);
            let _ = write!(
                out,
                "  {}. {} -> {} [{:+} {}]",
                i + 1,
                scene.id,
                choice.id,
                d.alignment.value(),
                d.alignment.label()
            );
            if d.silo {
                let _ = write!(out, " SILO");
            }
            if let Some(c) = d.confidence {
                let _ = write!(out, " confidence={}", c.label());
            }
            if let Some(b) = d.better {
                let _ = write!(out, " better={}", scene.choices[b].id);
            }
            out.push('\n');
        }
        let _ = writeln!(out, "Silo moves: {}", self.silo_moves);
        let optimal: Vec<String> = self
            .optimal
            .iter()
            .map(|o| format!("{}({:+})", o.step.choice(scenario).id, o.alignment.value()))
            .collect();
        let _ = writeln!(
            out,
            "Optimal path: {} (you followed it for {} decision(s))",
            optimal.join(" "),
            self.on_optimal_path
        );
        let _ = writeln!(out, "Dimensions under {}:", name(self.final_strategy));
        for row in &self.dimensions {
            let _ = writeln!(
                out,
                "  {:<14} weight {}  yours {:+}  optimal {:+}",
                scenario.dimension(row.dimension).id,
                row.weight,
                row.yours,
                row.optimal
            );
        }
        if let (Some(deal), Some(economics)) = (&self.deal, &scenario.economics) {
            let _ = writeln!(
                out,
                "Deal: {}; best achievable {}; ZOPA {}; share of zone {}",
                if deal.agreed {
                    format!("agreed at {}", economics.show(deal.value))
                } else {
                    format!(
                        "no agreement (the last offer stood at {})",
                        economics.show(deal.value)
                    )
                },
                deal.best_achievable
                    .map(|v| economics.show(v))
                    .unwrap_or_else(|| "none".into()),
                deal.zopa
                    .map(|(a, b)| format!("{}–{}", economics.show(a), economics.show(b)))
                    .unwrap_or_else(|| "none".into()),
                deal.share_of_zone
                    .map(|s| format!("{s}%"))
                    .unwrap_or_else(|| "n/a".into()),
            );
        }
        for pivot in &self.pivots {
            let _ = writeln!(
                out,
                "Pivot: {}",
                Debrief::describe_pivot(Messages::get(Locale::En), scenario, pivot)
            );
        }
        for other in &self.other_strategies {
            let _ = writeln!(
                out,
                "Under {}: {} ({})",
                name(other.strategy),
                other.score,
                if other.passed { "passed" } else { "not passed" }
            );
        }
        for row in &self.calibration {
            let _ = writeln!(
                out,
                "Confidence {}: {} rated, {} aligned",
                row.confidence.label(),
                row.rated,
                row.aligned
            );
        }
        if let Some(text) = self.describe_calibration(Messages::get(Locale::En)) {
            let _ = writeln!(out, "Calibration: {text}");
        }
        out
    }
}
