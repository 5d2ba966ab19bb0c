//! Translations of a scenario: the same scenario written in another language.
//!
//! A translation is a complete scenario file with a `language:` line (see
//! docs/authoring.md, "Translations"). It goes through the same [`super::load`] as any
//! file, and is then held to its original: same id and version, and the same
//! structure — scenes, choices, conditions, state changes, effects, targets, strategies
//! and their weights, endings, numbers. Only text may differ. It then takes the
//! original's content hash, so saved attempts, LMS suspend data and class result codes
//! are the same in every language.

use super::model::*;
use super::{Diagnostic, Position, ScenarioErrors, load};
use crate::core::i18n::Locale;

/// `scenario` with every text emptied (lists of texts keep their length), so that
/// two scenarios compare equal exactly when they differ only in text.
fn skeleton(scenario: &Scenario) -> Scenario {
    let blank_blocks =
        |blocks: &[Block]| vec![Block::Paragraph(String::new()); blocks.len().min(1)];
    let blank_under = |under: &[(StrategyIndex, String)]| {
        under
            .iter()
            .map(|(i, _)| (*i, String::new()))
            .collect::<Vec<_>>()
    };
    let mut s = scenario.clone();
    s.title.clear();
    s.language = Locale::En;
    s.content_hash = ContentHash(0);
    s.department.clear();
    s.role = s.role.as_ref().map(|_| String::new());
    s.counterpart.clear();
    s.briefing = Briefing {
        company: String::new(),
        mandate: String::new(),
        counterpart_brief: String::new(),
        stakes: String::new(),
        objectives: vec![String::new(); s.briefing.objectives.len()],
    };
    for strategy in &mut s.strategies {
        strategy.name.clear();
        strategy.summary = blank_blocks(&strategy.summary);
        strategy.mandate = strategy.mandate.as_ref().map(|_| String::new());
        strategy.profile = blank_blocks(&strategy.profile);
    }
    for dimension in &mut s.dimensions {
        dimension.name.clear();
        dimension.description.clear();
    }
    if let Some(e) = &mut s.economics {
        e.format = String::new();
        e.batna = e.batna.as_ref().map(|_| String::new());
        e.their_batna = e.their_batna.as_ref().map(|_| String::new());
        e.language = Locale::En;
    }
    if let Some(m) = &mut s.meter {
        m.label.clear();
    }
    s.takeaways = vec![String::new(); s.takeaways.len()];
    for scene in &mut s.scenes {
        scene.title.clear();
        scene.body = blank_blocks(&scene.body);
        scene.prompt = scene.prompt.as_ref().map(|_| String::new());
        for choice in &mut scene.choices {
            choice.label.clear();
            choice.why.clear();
            choice.why_under = blank_under(&choice.why_under);
            choice.result.clear();
        }
    }
    for ending in &mut s.endings {
        ending.title.clear();
        ending.body = blank_blocks(&ending.body);
        ending.verdict = ending.verdict.as_ref().map(|_| String::new());
        ending.verdict_under = blank_under(&ending.verdict_under);
    }
    s
}

/// Every way `translated` departs from `original` other than in text, as messages
/// naming what differs.
pub fn differences(original: &Scenario, translated: &Scenario) -> Vec<String> {
    let mut out = Vec::new();
    if original.id != translated.id {
        out.push(format!(
            "the translation is of `{}`, but the original is `{}`",
            translated.id, original.id
        ));
    }
    if original.version != translated.version {
        out.push(format!(
            "the translation is of version {}, but the original is version {}: translate the current version",
            translated.version, original.version
        ));
    }
    if translated.language == original.language {
        out.push(format!(
            "a translation needs a `language:` other than the original's (`{}`)",
            original.language
        ));
    }
    let (a, b) = (skeleton(original), skeleton(translated));
    if a == b {
        return out;
    }
    let fields: [(&str, bool); 10] = [
        ("minutes", a.minutes == b.minutes),
        ("pass", a.pass_threshold == b.pass_threshold),
        ("start", a.start == b.start),
        ("state", a.variables == b.variables),
        (
            "the deal (`deal`, `better`, walk-away points)",
            a.economics == b.economics,
        ),
        ("meter", a.meter == b.meter),
        ("scorecard", a.scorecard == b.scorecard),
        ("confidence", a.confidence == b.confidence),
        ("objective (how many)", a.briefing == b.briefing),
        ("takeaway (how many)", a.takeaways == b.takeaways),
    ];
    for (name, same) in fields {
        if !same {
            out.push(format!("`{name}` differs from the original"));
        }
    }
    if same_ids(
        "the strategies",
        &a.strategies,
        &b.strategies,
        |x| x.id.to_string(),
        &mut out,
    ) {
        for (x, y) in a.strategies.iter().zip(&b.strategies) {
            if x != y {
                out.push(format!(
                    "strategy `{}` differs from the original (weights, or a mandate or text given in one and not the other)",
                    x.id
                ));
            }
        }
    }
    same_ids(
        "the dimensions",
        &a.dimensions,
        &b.dimensions,
        |d| d.id.clone(),
        &mut out,
    );
    if same_ids(
        "the scenes",
        &a.scenes,
        &b.scenes,
        |x| x.id.to_string(),
        &mut out,
    ) {
        for (x, y) in a.scenes.iter().zip(&b.scenes) {
            if x == y {
                continue;
            }
            let what = format!("scene `{}`: the choices", x.id);
            if !same_ids(
                &what,
                &x.choices,
                &y.choices,
                |c| c.id.to_string(),
                &mut out,
            ) {
                continue;
            }
            let mut named = false;
            for (c, d) in x.choices.iter().zip(&y.choices) {
                if c != d {
                    named = true;
                    out.push(format!(
                        "scene `{}`, choice `{}`: its condition, state changes, effects, targets or `why` lines differ from the original",
                        x.id, c.id
                    ));
                }
            }
            if !named {
                out.push(format!(
                    "scene `{}` differs from the original (its pivot, prompt or text blocks)",
                    x.id
                ));
            }
        }
    }
    if same_ids(
        "the endings",
        &a.endings,
        &b.endings,
        |x| x.id.to_string(),
        &mut out,
    ) {
        for (x, y) in a.endings.iter().zip(&b.endings) {
            if x != y {
                out.push(format!(
                    "ending `{}`: its tone, agreement or verdicts differ from the original",
                    x.id
                ));
            }
        }
    }
    if out.is_empty() {
        out.push("the translation differs from the original in more than its text".into());
    }
    out
}

/// Whether `original` and `translated` list the same ids in the same order; if not, says
/// so in `out` ("the scenes differ: the original has a, b, the translation a, c").
fn same_ids<T>(
    what: &str,
    original: &[T],
    translated: &[T],
    id: impl Fn(&T) -> String,
    out: &mut Vec<String>,
) -> bool {
    let list = |items: &[T]| items.iter().map(&id).collect::<Vec<_>>();
    let (a, b) = (list(original), list(translated));
    if a != b {
        out.push(format!(
            "{what} differ: the original has {}, the translation {}",
            a.join(", "),
            b.join(", ")
        ));
    }
    a == b
}

/// Loads `source` as a translation of `original`: validated like any scenario file,
/// then held to the original's structure. The result carries the original's content
/// hash.
pub fn load_translation(
    original: &Scenario,
    file: &str,
    source: &str,
) -> Result<Scenario, ScenarioErrors> {
    let loaded = load(file, source)?;
    let problems = differences(original, &loaded.scenario);
    if !problems.is_empty() {
        return Err(ScenarioErrors {
            file: file.to_string(),
            diagnostics: problems
                .into_iter()
                .map(|p| Diagnostic::error(Position::new(1, 1), p))
                .collect(),
        });
    }
    Ok(Scenario {
        content_hash: original.content_hash,
        ..loaded.scenario
    })
}
