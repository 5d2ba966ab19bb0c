//! The class report: what the instructor's debrief shows once the learners' results are
//! in — who took part, how they scored, what the class chose at each decision point,
//! and the misaligned choices most worth discussing — and its CSV export.

use std::collections::{HashMap, HashSet};

use super::code::LearnerResult;
use super::session::ClassSession;
use crate::core::engine::Playthrough;
use crate::core::i18n::{Locale, Messages};
use crate::core::lms::{InteractionResult, interactions};
use crate::core::scenario::{SceneIndex, StrategyIndex};
use crate::core::session::Entry;
use crate::tr;

/// How many misaligned choices [`ClassReport::discussion`] lists.
pub const DISCUSSION_STARTERS: usize = 5;

/// The class's results on one scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct ClassReport {
    /// The scenario's id and title.
    pub scenario: String,
    pub title: String,
    /// The session code, grouped (`K7P2-9QXM`).
    pub session: String,
    /// The id of the strategy the session plays.
    pub strategy: String,
    /// Results handed in, duplicates included.
    pub submitted: usize,
    /// Results handed in again: counted once, listed here.
    pub duplicates: Vec<Duplicate>,
    /// One per learner counted, numbered from 1 in the order handed in.
    pub learners: Vec<LearnerRow>,
    /// The learners' scores, lowest first.
    pub scores: Vec<u8>,
    /// `None` without learners.
    pub mean: Option<f64>,
    pub median: Option<f64>,
    /// Learners per score band: 0–9, 10–19, …, 80–89 and 90–100.
    pub distribution: [usize; 10],
    /// Learners who passed.
    pub passed: usize,
    /// `passed` out of the learners, 0–1; `None` without learners.
    pub pass_rate: Option<f64>,
    /// Each scene where learners decided: first those on the best path, in its order,
    /// then the others in the scenario's order.
    pub decisions: Vec<DecisionPoint>,
    /// The most common misaligned choices (alignment below 0), most taken first, at
    /// most [`DISCUSSION_STARTERS`].
    pub discussion: Vec<Misaligned>,
}

impl ClassReport {
    /// How many learners the report counts.
    pub fn count(&self) -> usize {
        self.learners.len()
    }
}

/// A result handed in again. Positions count from 1 in the results given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Duplicate {
    /// Where the result was first handed in.
    pub first: usize,
    /// Where it came again.
    pub repeat: usize,
}

/// One learner's line in the report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LearnerRow {
    /// From 1, in the order the results were handed in (duplicates left out).
    pub number: usize,
    pub name: Option<String>,
    pub score: u8,
    pub passed: bool,
    pub decisions: Vec<LearnerDecision>,
}

impl LearnerRow {
    /// The name the learner gave, or their number.
    pub fn label(&self) -> String {
        self.name.clone().unwrap_or_else(|| self.number.to_string())
    }
}

/// One decision of one learner.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LearnerDecision {
    pub scene: String,
    pub scene_title: String,
    pub choice: String,
    pub label: String,
    /// Under the strategy in force when it was taken, -2..=2.
    pub alignment: i8,
    pub result: DecisionResult,
    /// 1–3 when the learner rated their confidence.
    pub confidence: Option<u8>,
}

/// How a decision compares with the options offered, as the LMS reports it
/// ([`crate::core::lms::interactions`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DecisionResult {
    /// The best-aligned option offered.
    Correct,
    /// Not the best, not misaligned.
    Neutral,
    /// Misaligned while a better option was offered.
    Misaligned,
}

impl DecisionResult {
    pub fn as_str(self) -> &'static str {
        match self {
            DecisionResult::Correct => "correct",
            DecisionResult::Neutral => "neutral",
            DecisionResult::Misaligned => "misaligned",
        }
    }

    /// The value in the class report's CSV, in the interface language (`correct`,
    /// `neutral`, `misaligned` in English).
    pub fn label(self, t: &Messages) -> &str {
        match self {
            DecisionResult::Correct => tr!(t, "errors.csv-correct"),
            DecisionResult::Neutral => tr!(t, "errors.csv-neutral"),
            DecisionResult::Misaligned => tr!(t, "errors.csv-misaligned"),
        }
    }
}

/// What the class chose in one scene.
#[derive(Clone, Debug, PartialEq)]
pub struct DecisionPoint {
    pub scene: String,
    pub title: String,
    /// The id of the strategy in force there (the most common among the decisions
    /// taken there; a pivot can change it).
    pub strategy: String,
    /// Decisions taken in the scene (a learner going round a loop counts each time).
    pub decisions: usize,
    /// Every option of the scene, in the scene's order.
    pub options: Vec<OptionShare>,
}

/// How often the class took one option.
#[derive(Clone, Debug, PartialEq)]
pub struct OptionShare {
    pub choice: String,
    pub label: String,
    /// Under the decision point's strategy, -2..=2.
    pub alignment: i8,
    pub count: usize,
    /// `count` out of the decisions taken in the scene, 0–1.
    pub share: f64,
}

/// A misaligned choice learners took: a discussion starter.
#[derive(Clone, Debug, PartialEq)]
pub struct Misaligned {
    pub scene: String,
    pub scene_title: String,
    pub choice: String,
    pub label: String,
    pub alignment: i8,
    pub count: usize,
    /// `count` out of the decisions taken in the scene, 0–1.
    pub share: f64,
}

/// Tally of one scene while the report is built.
struct Tally {
    decisions: usize,
    counts: Vec<usize>,
    /// Strategies in force, with how often, in the order first seen.
    strategies: Vec<(StrategyIndex, usize)>,
}

impl ClassReport {
    /// The report of `results` (checked against `entry`'s scenario, as
    /// [`super::DecodedResult::check`] and [`super::xapi::import`] give them) for
    /// `session`. A result whose key was seen before is counted once and listed in
    /// [`ClassReport::duplicates`].
    pub fn of(entry: &Entry, session: &ClassSession, results: &[LearnerResult]) -> ClassReport {
        let scenario = &entry.scenario;
        let strategy = session.strategy_in(scenario).unwrap_or_default();
        let mut first_seen: HashMap<&str, usize> = HashMap::new();
        let mut duplicates = Vec::new();
        let mut counted: Vec<&LearnerResult> = Vec::new();
        for (i, result) in results.iter().enumerate() {
            match first_seen.get(result.key.as_str()) {
                Some(&first) => duplicates.push(Duplicate {
                    first,
                    repeat: i + 1,
                }),
                None => {
                    first_seen.insert(&result.key, i + 1);
                    counted.push(result);
                }
            }
        }

        let mut tallies: HashMap<SceneIndex, Tally> = HashMap::new();
        let mut learners = Vec::with_capacity(counted.len());
        for (n, result) in counted.iter().enumerate() {
            let playthrough = &result.playthrough;
            let records = interactions(scenario, playthrough);
            let mut decisions = Vec::with_capacity(records.len());
            for (i, ((step, cursor), record)) in playthrough.taken().zip(&records).enumerate() {
                let scene = step.scene(scenario);
                let choice = step.choice(scenario);
                let tally = tallies.entry(step.scene).or_insert_with(|| Tally {
                    decisions: 0,
                    counts: vec![0; scene.choices.len()],
                    strategies: Vec::new(),
                });
                tally.decisions += 1;
                tally.counts[step.choice] += 1;
                match tally
                    .strategies
                    .iter_mut()
                    .find(|(s, _)| *s == cursor.strategy)
                {
                    Some((_, count)) => *count += 1,
                    None => tally.strategies.push((cursor.strategy, 1)),
                }
                decisions.push(LearnerDecision {
                    scene: scene.id.to_string(),
                    scene_title: scene.title.clone(),
                    choice: choice.id.to_string(),
                    label: choice.label.clone(),
                    alignment: record.alignment,
                    result: match record.result {
                        InteractionResult::Correct => DecisionResult::Correct,
                        InteractionResult::Neutral => DecisionResult::Neutral,
                        InteractionResult::Wrong => DecisionResult::Misaligned,
                    },
                    confidence: result
                        .confidence
                        .get(i)
                        .copied()
                        .filter(|c| (1..=3).contains(c)),
                });
            }
            learners.push(LearnerRow {
                number: n + 1,
                name: result.name.clone(),
                score: result.score,
                passed: result.passed,
                decisions,
            });
        }

        let mut scores: Vec<u8> = learners.iter().map(|l| l.score).collect();
        scores.sort_unstable();
        let count = scores.len();
        let mean =
            (count > 0).then(|| scores.iter().map(|&s| f64::from(s)).sum::<f64>() / count as f64);
        let median = (count > 0).then(|| {
            if count % 2 == 1 {
                f64::from(scores[count / 2])
            } else {
                (f64::from(scores[count / 2 - 1]) + f64::from(scores[count / 2])) / 2.0
            }
        });
        let mut distribution = [0; 10];
        for &s in &scores {
            distribution[usize::from(s / 10).min(9)] += 1;
        }
        let passed = learners.iter().filter(|l| l.passed).count();
        let pass_rate = (count > 0).then(|| passed as f64 / count as f64);

        // Scenes on the best path first, in its order; then the rest in file order.
        let mut order: Vec<SceneIndex> = Vec::new();
        let best = entry
            .analysis
            .reports
            .iter()
            .find(|r| r.strategy == strategy)
            .map(|r| r.best_path.clone())
            .unwrap_or_default();
        let best = match Playthrough::replay(scenario, strategy, &best) {
            Ok(p) => p,
            Err(stopped) => stopped.kept,
        };
        let mut seen = HashSet::new();
        for step in best.steps() {
            if tallies.contains_key(&step.scene) && seen.insert(step.scene) {
                order.push(step.scene);
            }
        }
        for (index, _) in scenario.scenes() {
            if tallies.contains_key(&index) && seen.insert(index) {
                order.push(index);
            }
        }
        let mut decision_points = Vec::with_capacity(order.len());
        for index in order {
            let scene = scenario.scene(index);
            let tally = &tallies[&index];
            let in_force = tally
                .strategies
                .iter()
                .fold(None::<(StrategyIndex, usize)>, |best, &(s, c)| match best {
                    Some((_, bc)) if bc >= c => best,
                    _ => Some((s, c)),
                })
                .map_or(strategy, |(s, _)| s);
            let options = scene
                .choices
                .iter()
                .zip(&tally.counts)
                .map(|(choice, &count)| OptionShare {
                    choice: choice.id.to_string(),
                    label: choice.label.clone(),
                    alignment: choice.alignment(in_force).value(),
                    count,
                    share: count as f64 / tally.decisions as f64,
                })
                .collect();
            decision_points.push(DecisionPoint {
                scene: scene.id.to_string(),
                title: scene.title.clone(),
                strategy: scenario.strategy(in_force).id.to_string(),
                decisions: tally.decisions,
                options,
            });
        }

        let mut discussion: Vec<Misaligned> = decision_points
            .iter()
            .flat_map(|point| {
                point
                    .options
                    .iter()
                    .filter(|o| o.alignment < 0 && o.count > 0)
                    .map(|o| Misaligned {
                        scene: point.scene.clone(),
                        scene_title: point.title.clone(),
                        choice: o.choice.clone(),
                        label: o.label.clone(),
                        alignment: o.alignment,
                        count: o.count,
                        share: o.share,
                    })
            })
            .collect();
        // Stable: equal counts keep the decision points' order.
        discussion.sort_by_key(|m| std::cmp::Reverse(m.count));
        discussion.truncate(DISCUSSION_STARTERS);

        ClassReport {
            scenario: scenario.id.to_string(),
            title: scenario.title.clone(),
            session: session.code.grouped(),
            strategy: scenario.strategy(strategy).id.to_string(),
            submitted: results.len(),
            duplicates,
            learners,
            scores,
            mean,
            median,
            distribution,
            passed,
            pass_rate,
            decisions: decision_points,
            discussion,
        }
    }

    /// The learners' decisions as CSV (RFC 4180: comma-separated, CRLF line ends,
    /// a field with a comma, a double quote, CR or LF in double quotes with its
    /// quotes doubled). The header row:
    ///
    /// `learner,decision,scene,scene_title,choice,choice_label,alignment,result,confidence,score,passed`
    ///
    /// Then, for each learner in order, one row per decision and a summary row:
    ///
    /// - `learner` — the learner's name, or their number when they gave none;
    /// - `decision` — 1, 2, … (empty on the summary row);
    /// - `scene`, `scene_title` — where the decision was taken;
    /// - `choice`, `choice_label` — the option taken;
    /// - `alignment` — under the strategy in force then: `+2`, `+1`, `0`, `-1`, `-2`;
    /// - `result` — `correct` (the best-aligned option offered), `misaligned`
    ///   (misaligned while a better option was offered) or `neutral`;
    /// - `confidence` — 1 unsure, 2 fairly sure, 3 certain; empty when not rated;
    /// - `score`, `passed` — on the summary row only: 0–100, and `yes` or `no`.
    ///
    /// A text field that starts with `=`, `+`, `-` or `@` is written with a `'` in
    /// front, so that a spreadsheet shows it rather than running it as a formula.
    ///
    /// This is the English file; [`ClassReport::to_csv_in`] writes the headings and
    /// the worded values in another language.
    pub fn to_csv(&self) -> String {
        self.to_csv_in(Messages::get(Locale::En))
    }

    /// The CSV of [`ClassReport::to_csv`] with its headings, `result` values and
    /// `yes`/`no` in `t`'s language (the English ones are those documented there).
    pub fn to_csv_in(&self, t: &Messages) -> String {
        let mut out = String::new();
        let header = [
            tr!(t, "errors.csv-learner"),
            tr!(t, "errors.csv-decision"),
            tr!(t, "errors.csv-scene"),
            tr!(t, "errors.csv-scene-title"),
            tr!(t, "errors.csv-choice"),
            tr!(t, "errors.csv-choice-label"),
            tr!(t, "errors.csv-alignment"),
            tr!(t, "errors.csv-result"),
            tr!(t, "errors.csv-confidence"),
            tr!(t, "errors.csv-score"),
            tr!(t, "errors.csv-passed"),
        ]
        .map(text_field);
        push_row(&mut out, &header);
        for learner in &self.learners {
            let label = text_field(&learner.label());
            for (i, d) in learner.decisions.iter().enumerate() {
                let alignment = if d.alignment > 0 {
                    format!("+{}", d.alignment)
                } else {
                    d.alignment.to_string()
                };
                let fields = [
                    label.clone(),
                    (i + 1).to_string(),
                    d.scene.clone(),
                    text_field(&d.scene_title),
                    d.choice.clone(),
                    text_field(&d.label),
                    alignment,
                    text_field(d.result.label(t)),
                    d.confidence.map(|c| c.to_string()).unwrap_or_default(),
                    String::new(),
                    String::new(),
                ];
                push_row(&mut out, &fields);
            }
            let mut fields: [String; 11] = Default::default();
            fields[0] = label;
            fields[9] = learner.score.to_string();
            fields[10] = text_field(if learner.passed {
                tr!(t, "errors.csv-yes")
            } else {
                tr!(t, "errors.csv-no")
            });
            push_row(&mut out, &fields);
        }
        out
    }
}

/// The first row of [`ClassReport::to_csv`].
pub const CSV_HEADER: &str = "learner,decision,scene,scene_title,choice,choice_label,alignment,result,confidence,score,passed";

/// A text field that a spreadsheet will not take for a formula.
fn text_field(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

fn push_row(out: &mut String, fields: &[String]) {
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        if field.contains([',', '"', '\r', '\n']) {
            out.push('"');
            out.push_str(&field.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(field);
        }
    }
    out.push_str("\r\n");
}
