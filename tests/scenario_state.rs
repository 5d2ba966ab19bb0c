//! State, conditions, branches, loops, pivots and several strategies: the engine,
//! the analysis and the exact messages for mistakes.
#![cfg(not(target_arch = "wasm32"))]

use mandate::core::analysis::Analysis;
use mandate::core::engine::{ChooseError, PathsError, Playthrough, Position, all_paths};
use mandate::core::scenario::{Scenario, StrategyIndex, load};

const STATE: &str = include_str!("fixtures/negotiation-state.mandate");

fn scenario() -> Scenario {
    load("state.mandate", STATE).unwrap().scenario
}

fn strategy(s: &Scenario, id: &str) -> StrategyIndex {
    s.strategy_by_id(id).unwrap()
}

fn errors(source: &str) -> Vec<String> {
    match load("case.mandate", source) {
        Ok(l) => panic!("expected errors, got warnings {:?}", l.warnings),
        Err(e) => e
            .diagnostics
            .iter()
            .map(|d| d.render("case.mandate"))
            .collect(),
    }
}

fn with(from: &str, to: &str) -> String {
    assert!(STATE.contains(from), "fixture lacks {from:?}");
    STATE.replacen(from, to, 1)
}

#[test]
fn declarations_are_read() {
    let s = scenario();
    let names: Vec<_> = s.strategies.iter().map(|x| x.id.to_string()).collect();
    assert_eq!(names, ["technology-leadership", "cost-leadership"]);
    // The header's `dimensions: price, brand, relationship` names library dimensions,
    // which every scenario has anyway.
    let dimensions: Vec<_> = s.dimensions.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(
        dimensions,
        [
            "price",
            "innovation",
            "quality",
            "speed",
            "relationship",
            "brand",
            "supply"
        ]
    );
    let vars: Vec<_> = s
        .variables
        .iter()
        .map(|v| (v.name.as_str(), v.start, v.min, v.max))
        .collect();
    assert_eq!(vars, [("trust", 1, 0, 3), ("rounds", 0, 0, 2)]);
    let pitch = s.scene(s.start());
    let discount = &pitch.choices[1];
    assert_eq!(
        discount
            .alignment(strategy(&s, "technology-leadership"))
            .value(),
        -2
    );
    assert_eq!(
        discount.alignment(strategy(&s, "cost-leadership")).value(),
        2
    );
    assert_eq!(discount.effects.len(), 2);
    let shift = s.scene(s.scene_by_id("shift").unwrap());
    assert_eq!(shift.pivot, Some(strategy(&s, "cost-leadership")));
}

#[test]
fn changes_conditions_and_branches_drive_the_path() {
    let s = scenario();
    let p = Playthrough::new(&s).choose(&s, "story").unwrap();
    assert_eq!(p.cursor().values, [2, 0]);
    // `again` is offered while rounds < 2, and loops back to the same scene.
    let p = p.choose(&s, "again").unwrap().choose(&s, "again").unwrap();
    assert_eq!(p.cursor().values, [2, 2]);
    let offered: Vec<_> = p
        .offered(&s)
        .iter()
        .map(|(_, c)| c.id.to_string())
        .collect();
    assert_eq!(offered, ["close"]);
    assert_eq!(
        p.choose(&s, "again").unwrap_err(),
        ChooseError::NotOffered {
            scene: "haggle".into(),
            choice: "again".into()
        }
    );
    assert_eq!(
        p.choose(&s, "again").unwrap_err().to_string(),
        "the choice `again` is not offered in `haggle` at this point"
    );
    // trust >= 2: the first `next:` applies.
    let p = p.choose(&s, "close").unwrap();
    assert_eq!(
        p.position(&s),
        Position::Decision(s.scene_by_id("shift").unwrap())
    );
    // With trust at 0 the plain `next:` applies.
    let q = Playthrough::replay(&s, StrategyIndex::default(), &["discount", "close"]).unwrap();
    assert!(q.is_ended(&s));
    assert_eq!(q.cursor().values, [0, 0]);
}

#[test]
fn values_stay_within_their_range() {
    let s = scenario();
    let source = with("  change: trust -1", "  change: trust -50");
    let s2 = load("x", &source).unwrap().scenario;
    let p = Playthrough::new(&s2).choose(&s2, "discount").unwrap();
    assert_eq!(p.cursor().values, [0, 0]);
    let _ = s;
}

#[test]
fn a_pivot_changes_the_strategy_later_choices_are_scored_under() {
    let s = scenario();
    let tech = strategy(&s, "technology-leadership");
    let cost = strategy(&s, "cost-leadership");
    let p = Playthrough::replay(&s, tech, &["story", "close", "match"]).unwrap();
    let strategies: Vec<_> = p.taken().map(|(_, c)| c.strategy).collect();
    assert_eq!(strategies, [tech, tech, cost]);
    let a = Analysis::of(&s);
    let card = a.score(&s, &p);
    // +2 (story, tech) +1 (close) +2 (match, under cost after the pivot) = +5: the best there is.
    assert_eq!(
        (card.raw, card.best, card.worst, card.score),
        (5, 5, -1, 100)
    );
    // The same choices started under cost leadership score differently.
    let q = Playthrough::replay(&s, cost, &["story", "close", "match"]).unwrap();
    let card = a.score(&s, &q);
    assert_eq!(
        (card.raw, card.best, card.worst, card.score),
        (2, 3, -2, 80)
    );
}

#[test]
fn the_analysis_reports_each_strategy() {
    let s = scenario();
    let a = Analysis::of(&s);
    assert!(a.findings.is_empty(), "{:?}", a.findings);
    assert_eq!(a.state_count(), 17);
    let tech = &a.reports[0];
    assert_eq!((tech.best, tech.worst), (Some(5), Some(-1)));
    assert_eq!(tech.best_path, ["story", "close", "match"]);
    assert_eq!(tech.worst_path, ["discount", "close"]);
    assert_eq!(tech.paths, Some(9));
    assert_eq!((tech.shortest, tech.longest), (Some(2), Some(5)));
    assert_eq!(tech.endings, [Some((0, 100)), Some((33, 33))]);
    assert_eq!(tech.misaligned_outscores, None);
    let cost = &a.reports[1];
    assert_eq!((cost.best, cost.worst), (Some(3), Some(-2)));
    assert_eq!(cost.best_path, ["discount", "close"]);
    assert_eq!(cost.endings, [Some((80, 100)), Some((0, 0))]);
    // The enumeration agrees with the count.
    assert_eq!(
        all_paths(&s, StrategyIndex::default(), 100).unwrap().len(),
        9
    );
}

#[test]
fn a_misaligned_path_that_outscores_the_aligned_one_is_flagged() {
    // In the mini case, make the only path through the misaligned opening the richest.
    let mini = include_str!("fixtures/mini.mandate");
    let source = mini
        .replacen(
            "  align: +2\n  why: Access to what comes next",
            "  align: +1\n  why: Access to what comes next",
            1,
        )
        .replacen(
            "  result: Ana opens up.\n  next: warm",
            "  result: Ana opens up.\n  next: partner",
            1,
        )
        .replacen(
            "  align: +1\n  why: Repairing",
            "  align: +2\n  why: Repairing",
            1,
        );
    let loaded = load("case.mandate", &source).unwrap();
    let warnings: Vec<_> = loaded
        .warnings
        .iter()
        .map(|w| w.render("case.mandate"))
        .collect();
    assert_eq!(
        warnings,
        [
            "case.mandate:1:1: warning: under `technology-leadership`, a path with a misaligned choice scores 100, above the best fully aligned path (80); learners would be rewarded for misaligned play — lower that path's alignments or raise the aligned path's"
        ]
    );
}

#[test]
fn a_loop_no_path_can_leave_is_an_error() {
    let source = with(
        "  next: shift if trust >= 2\n  next: listed",
        "  next: haggle",
    );
    assert_eq!(
        errors(&source),
        [
            "case.mandate:48:10: error: a loop no path can leave: from `haggle` (when trust = 2, rounds = 0) every choice leads back into `haggle`; give one of them a way out to an ending",
            "case.mandate:66:10: warning: the scene `shift` is never reached from `start`; point a choice's `next:` at it (or loosen the `if:` that keeps it out of reach), or remove it",
            "case.mandate:83:11: warning: the ending `listed` is never reached; point a choice's `next:` at it or remove it",
            "case.mandate:88:11: warning: the ending `delisted` is never reached; point a choice's `next:` at it or remove it"
        ]
    );
}

#[test]
fn a_scene_with_no_way_out_is_an_error() {
    let source = with("  id: close\n", "  id: close\n  if: rounds < 2\n");
    assert_eq!(
        errors(&source),
        [
            "case.mandate:48:10: error: no way out of `haggle` (when trust = 2, rounds = 2): every choice's `if:` fails; add a choice without `if:` or loosen a condition"
        ]
    );
}

#[test]
fn state_strategies_and_dimensions_must_be_declared() {
    let source = with("  if: rounds < 2", "  if: round < 2 and trust >< 1")
        .replacen(
            "  effects: innovation +2, price -1",
            "  effects: brand +3, colour +1",
            1,
        )
        .replacen("pivot: cost-leadership", "pivot: cost-leader", 1)
        .replacen(
            "  align: technology-leadership -2, cost-leadership +2\n  effects: price +2, innovation -2\n",
            "  align: technology-leadership -2\n",
            1,
        )
        .replacen("  change: rounds +1", "  change: rounds 1", 1);
    assert_eq!(
        errors(&source),
        [
            "case.mandate:34:12: error: the effect on `brand` must be a whole number from -2 to +2, not `+3`",
            "case.mandate:34:22: error: unknown dimension `colour` in `effects`; the dimensions are `price`, `innovation`, `quality`, `speed`, `relationship`, `brand`, or `supply`; declare another with `== dimension ID`",
            "case.mandate:41:10: error: `align` gives no alignment under `cost-leadership`",
            "case.mandate:52:7: error: `if` uses `round`, which is not declared (declared state is `trust`, or `rounds`); declare it in the header, for example `state: round = 0`",
            "case.mandate:52:21: error: unknown comparison `><` in `if`; use <, <=, >, >=, == or !=",
            "case.mandate:56:11: error: `change` must give `rounds` a signed whole number like `+10` or `-5`, not `1`",
            "case.mandate:68:8: error: `pivot` names `cost-leader`, which is not one of the scenario's strategies (`technology-leadership`, or `cost-leadership`)",
        ]
    );
}

#[test]
fn align_must_match_the_strategies() {
    let source = with(
        "  align: technology-leadership +1, cost-leadership +1",
        "  align: +1",
    );
    assert_eq!(
        errors(&source),
        [
            "case.mandate:61:10: error: the scenario has 2 strategies, so `align` gives one value for each: `align: technology-leadership +1, cost-leadership +1`"
        ]
    );
    let source = with(
        "  align: technology-leadership +1, cost-leadership +1",
        "  align: tech +1, cost-leadership +1, cost-leadership 0",
    );
    assert_eq!(
        errors(&source),
        [
            "case.mandate:61:10: error: unknown strategy `tech` in `align`; the scenario's strategies are `technology-leadership`, or `cost-leadership`",
            "case.mandate:61:39: error: `align` gives `cost-leadership` twice; keep one",
        ]
    );
}

#[test]
fn branches_need_a_plain_last_next() {
    let source = with(
        "  next: shift if trust >= 2\n  next: listed",
        "  next: shift if trust >= 2",
    );
    assert_eq!(
        errors(&source),
        [
            "case.mandate:64:9: error: the last `next:` of a choice needs no `if`: it is where the choice leads when no condition above holds; add a plain `next:` line after it"
        ]
    );
    let source = with(
        "  next: shift if trust >= 2\n  next: listed",
        "  next: shift\n  next: listed",
    );
    let loaded = load("case.mandate", &source).unwrap();
    let rendered: Vec<_> = loaded
        .warnings
        .iter()
        .map(|w| w.render("case.mandate"))
        .collect();
    assert!(
        rendered.contains(
            &"case.mandate:65:3: warning: this `next:` is never used: the one above it has no `if`"
                .to_string()
        ),
        "{rendered:?}"
    );
}

#[test]
fn state_declarations_are_checked() {
    for (line, message) in [
        (
            "state: trust = 1 (3..0)",
            "case.mandate:16:8: error: the range of `trust` is empty: 3 is above 0",
        ),
        (
            "state: trust = 9 (0..3)",
            "case.mandate:16:8: error: `trust` starts at 9, outside its range 0..3",
        ),
        (
            "state: trust 1",
            "case.mandate:16:8: error: `state` has no `=`; write `state: NAME = START` or `state: NAME = START (MIN..MAX)`, for example `state: trust = 50 (0..100)`",
        ),
        (
            "state: trust = high",
            "case.mandate:16:8: error: the start value of `trust` must be a whole number, not `high`; write `state: NAME = START` or `state: NAME = START (MIN..MAX)`, for example `state: trust = 50 (0..100)`",
        ),
    ] {
        let source = with("state: trust = 1 (0..3)", line);
        let errs = errors(&source);
        assert_eq!(errs[0], message, "{line}");
    }
}

#[test]
fn infinitely_many_paths_are_counted_as_such() {
    // A loop that changes nothing and scores nothing can be gone round forever.
    let source = with("  if: rounds < 2\n", "");
    let loaded = load("case.mandate", &source).unwrap();
    let s = loaded.scenario;
    let a = Analysis::of(&s);
    assert_eq!(a.reports[0].paths, None);
    assert_eq!(a.reports[0].longest, None);
    assert_eq!(a.reports[0].best, Some(5));
    assert_eq!(
        all_paths(&s, StrategyIndex::default(), 100),
        Err(PathsError::Infinite)
    );
}

#[test]
fn problems_in_a_continued_value_point_at_their_own_line() {
    let source = with(
        "  align: technology-leadership +1, cost-leadership +1",
        "  align: technology-leadership +1,\n      cost-leader +1",
    );
    assert_eq!(
        errors(&source),
        [
            "case.mandate:62:7: error: unknown strategy `cost-leader` in `align`; the scenario's strategies are `technology-leadership`, or `cost-leadership`"
        ]
    );
}
