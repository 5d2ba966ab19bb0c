//! Strategy profiles: the library, alignment computed from effects, the same choice
//! under different strategies (on the fixture and on the real purchasing case),
//! negotiation economics, silo moves, and the exact messages for every new rule.
//!
//! The fixture's arithmetic, worked by hand (weights from scenarios/strategies.mandate;
//! technology-leadership: price 1, innovation 3, quality 2, relationship 1, supply 2;
//! cost-leadership: price 3, quality 1, supply 2):
//!
//! | choice   | effects                         | tech points → align | cost points → align |
//! |----------|---------------------------------|---------------------|---------------------|
//! | squeeze  | price +2, innovation -2         | 2 - 6 = -4 → -1     | 6 → +2              |
//! | roadmap  | innovation +2, relationship +1  | 6 + 1 = 7 → +2      | 0 → 0               |
//! | walk     | supply -1                       | -2 → -1             | -2 → -1             |
//! | reopen   | relationship +1, innovation +1  | 1 + 3 = 4 → +1      | 0 → 0               |
//! | gates    | quality +2, innovation +1, ip +1| 4 + 3 = 7 → +2      | 2 → +1              |
//! | discount | price +1, innovation -1         | 1 - 3 = -2 → -1     | 3 → +1              |
#![cfg(not(target_arch = "wasm32"))]

use mandate::core::analysis::Analysis;
use mandate::core::builtin;
use mandate::core::engine::Playthrough;
use mandate::core::scenario::{
    Library, Scenario, StrategyIndex, alignment_from_points, load, load_with,
};

const PROFILES: &str = include_str!("fixtures/profiles.mandate");

fn scenario() -> Scenario {
    let loaded = load("profiles.mandate", PROFILES).expect("the fixture loads");
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    loaded.scenario
}

fn with(from: &str, to: &str) -> String {
    assert!(PROFILES.contains(from), "fixture lacks {from:?}");
    PROFILES.replacen(from, to, 1)
}

/// Every diagnostic, errors and warnings, rendered as the CLI prints them.
fn diagnostics(source: &str) -> Vec<String> {
    match load("case.mandate", source) {
        Ok(l) => l
            .warnings
            .iter()
            .map(|d| d.render("case.mandate"))
            .collect(),
        Err(e) => e
            .diagnostics
            .iter()
            .map(|d| d.render("case.mandate"))
            .collect(),
    }
}

fn alignment(s: &Scenario, scene: &str, choice: &str, strategy: &str) -> i8 {
    let scene = s.scene(s.scene_by_id(scene).unwrap());
    let (_, c) = scene.choice(choice).unwrap();
    c.alignment(s.strategy_by_id(strategy).unwrap()).value()
}

#[test]
fn the_library_holds_three_profiles_over_seven_dimensions() {
    let library = Library::load("scenarios/strategies.mandate", Library::standard_source())
        .expect("the shipped library loads");
    let dimensions: Vec<&str> = library.dimensions.iter().map(|d| d.id.as_str()).collect();
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
    assert!(library.dimensions.iter().all(|d| !d.description.is_empty()));
    let weights: Vec<(&str, &[u8])> = library
        .profiles
        .iter()
        .map(|p| (p.id.as_str(), &p.weights[..]))
        .collect();
    assert_eq!(
        weights,
        [
            ("technology-leadership", &[1, 3, 2, 2, 1, 1, 2][..]),
            ("cost-leadership", &[3, 0, 1, 1, 0, 1, 2][..]),
            ("customer-intimacy", &[0, 1, 2, 1, 3, 2, 1][..]),
        ]
    );
    assert_eq!(Library::standard(), &library);
}

#[test]
fn points_become_alignment_in_steps_of_three_capped_at_two() {
    let table: Vec<(i32, i8)> = (-8..=8)
        .map(|p| (p, alignment_from_points(p).value()))
        .collect();
    assert_eq!(
        table,
        [
            (-8, -2),
            (-7, -2),
            (-6, -2),
            (-5, -2),
            (-4, -1),
            (-3, -1),
            (-2, -1),
            (-1, 0),
            (0, 0),
            (1, 0),
            (2, 1),
            (3, 1),
            (4, 1),
            (5, 2),
            (6, 2),
            (7, 2),
            (8, 2),
        ]
    );
}

#[test]
fn alignment_is_computed_from_effects_under_each_profile() {
    let s = scenario();
    let got: Vec<(&str, i8, i8)> = [
        ("open", "squeeze"),
        ("open", "roadmap"),
        ("cold", "walk"),
        ("cold", "reopen"),
        ("warm", "gates"),
        ("warm", "discount"),
    ]
    .iter()
    .map(|(scene, choice)| {
        (
            *choice,
            alignment(&s, scene, choice, "technology-leadership"),
            alignment(&s, scene, choice, "cost-leadership"),
        )
    })
    .collect();
    assert_eq!(
        got,
        [
            ("squeeze", -1, 2),
            ("roadmap", 2, 0),
            ("walk", -1, -1),
            ("reopen", 1, 0),
            ("gates", 2, 1),
            ("discount", -1, 1),
        ]
    );
    // The strategy's name comes from the library; its own `mandate:` replaces the header's.
    let cost = s.strategy_by_id("cost-leadership").unwrap();
    assert_eq!(
        s.strategy(cost).name,
        "Cost leadership / operational excellence"
    );
    assert_eq!(
        s.mandate(cost),
        "Buy proven sensors at the lowest total cost."
    );
    assert_eq!(
        s.mandate(StrategyIndex::default()),
        "Secure early access, not the lowest price."
    );
    // A scenario's own dimension joins the library's, and profiles weigh it 0.
    let ip = s.dimension_indices().last().unwrap();
    assert_eq!(s.dimension(ip).name, "Intellectual property");
    assert_eq!(s.strategy(cost).weight(ip), 0);
}

#[test]
fn feedback_follows_the_strategy_in_force() {
    let s = scenario();
    let (_, squeeze) = s.scene(s.start()).choice("squeeze").unwrap();
    let tech = s.strategy_by_id("technology-leadership").unwrap();
    let cost = s.strategy_by_id("cost-leadership").unwrap();
    assert_eq!(
        squeeze.why(tech),
        "Squeezing price trades away the early access a technology leader needs."
    );
    assert_eq!(
        squeeze.why(cost),
        "A cost leader's first duty is the price."
    );
    // Pushing on price is a silo move where it hurts the strategy, not where it serves it.
    assert!(s.is_silo(squeeze, tech));
    assert!(!s.is_silo(squeeze, cost));
    let (_, roadmap) = s.scene(s.start()).choice("roadmap").unwrap();
    assert!(!s.is_silo(roadmap, tech));
}

#[test]
fn the_same_path_scores_differently_under_two_strategies() {
    let s = scenario();
    let analysis = Analysis::of(&s);
    let score = |strategy: &str, ids: &[&str]| {
        let p = Playthrough::replay(&s, s.strategy_by_id(strategy).unwrap(), ids).unwrap();
        analysis.score(&s, &p).score
    };
    // Technology leadership: best +4, worst -2. Cost leadership: best +3, worst +1.
    assert_eq!(score("technology-leadership", &["roadmap", "gates"]), 100);
    assert_eq!(score("cost-leadership", &["roadmap", "gates"]), 0);
    assert_eq!(
        score("technology-leadership", &["squeeze", "reopen", "discount"]),
        17
    );
    assert_eq!(
        score("cost-leadership", &["squeeze", "reopen", "discount"]),
        100
    );
}

#[test]
fn economics_are_read_and_the_best_deal_is_found() {
    let s = scenario();
    let e = s.economics.as_ref().unwrap();
    assert_eq!(e.show(1000), "€1,000 a unit");
    assert_eq!(e.show(-1_234_567), "€−1,234,567 a unit");
    assert_eq!(e.zopa(), Some((700, 1000)));
    assert_eq!(e.batna.as_deref(), Some("Keep the old sensor."));
    let meter = s.meter.as_ref().unwrap();
    assert_eq!(meter.label, "Ana's trust");
    assert!(s.confidence);
    assert_eq!(s.takeaways.len(), 2);
    let lost = s
        .endings()
        .find(|(_, e)| e.id.as_str() == "lost")
        .unwrap()
        .1;
    assert!(!lost.agreed);
    // squeeze (-300) → reopen → discount (-200) reaches 500, the lowest agreed price;
    // squeeze → walk reaches 700 but without an agreement, so it does not count.
    assert_eq!(Analysis::of(&s).best_deal(&s), Some(500));
}

#[test]
fn the_purchasing_case_reverses_price_pushing_between_strategies() {
    let catalogue = builtin::load_all().expect("built-in scenarios load");
    let entry = catalogue
        .iter()
        .find(|e| e.scenario.id.as_str() == "purchasing-tech-leader")
        .unwrap();
    let s = &entry.scenario;
    let ids: Vec<&str> = s.strategies.iter().map(|x| x.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "technology-leadership",
            "cost-leadership",
            "customer-intimacy"
        ]
    );
    // Opening with a 15% cut: strongly misaligned for the technology leader, aligned for
    // the cost leader; and the reverse for asking what the supplier needs.
    assert_eq!(
        alignment(s, "prep", "savings-first", "technology-leadership"),
        -2
    );
    assert!(alignment(s, "prep", "savings-first", "cost-leadership") > 0);
    assert!(alignment(s, "opening", "counter-low", "technology-leadership") < 0);
    assert!(alignment(s, "opening", "counter-low", "cost-leadership") > 0);
    assert_eq!(
        alignment(s, "opening", "ask-needs", "technology-leadership"),
        2
    );
    assert!(alignment(s, "opening", "ask-needs", "cost-leadership") < 2);
    // Every choice's alignment is computed from its effects: none is stated by hand.
    for (_, scene) in s.scenes() {
        for c in &scene.choices {
            assert!(
                !c.effects.is_empty(),
                "{}:{} has no effects",
                scene.id,
                c.id
            );
            for strategy in s.strategy_indices() {
                let computed = alignment_from_points(s.points(c, strategy).unwrap());
                assert_eq!(c.alignment(strategy), computed, "{}:{}", scene.id, c.id);
            }
        }
    }
    // The best path for the technology leader is not the best for the cost leader.
    let tech = &entry.analysis.reports[0];
    let cost = &entry.analysis.reports[1];
    assert_ne!(tech.best_path, cost.best_path);
    let replayed = Playthrough::replay(
        s,
        s.strategy_by_id("cost-leadership").unwrap(),
        &tech.best_path,
    )
    .unwrap();
    let under_cost = entry.analysis.score(s, &replayed).score;
    assert!(
        under_cost < 100,
        "the tech-optimal path scores {under_cost} under cost"
    );
    assert_eq!(
        s.economics.as_ref().map(|e| e.show(4800)),
        Some("€4,800 per module".to_string())
    );
}

#[test]
fn a_scenario_can_bring_its_own_profile() {
    let source = with(
        "== strategy cost-leadership",
        "== strategy our-way\nname: Our way\nweights: ip 3, quality 1\nWe own what we build.\n\n== strategy cost-leadership",
    );
    let s = load("case.mandate", &source).unwrap().scenario;
    // gates: quality +2, ip +1 → 2 + 3 = 5 → +2; squeeze moves neither → 0.
    assert_eq!(alignment(&s, "warm", "gates", "our-way"), 2);
    assert_eq!(alignment(&s, "open", "squeeze", "our-way"), 0);
}

#[test]
fn profile_mistakes_are_reported_exactly() {
    let source = with(
        "== strategy cost-leadership",
        "== strategy our-way\nname: Our way\nweights: colour 2, price 4, quality 1, quality 2\nWe.\n\n== strategy cost-leadership",
    );
    assert_eq!(
        diagnostics(&source),
        [
            "case.mandate:41:10: error: unknown dimension `colour` in `weights`; the dimensions are `price`, `innovation`, `quality`, `speed`, `relationship`, `brand`, `supply`, or `ip`",
            "case.mandate:41:20: error: the weight of `price` must be a whole number from 0 (does not matter) to 3 (matters most), not `4`",
            "case.mandate:41:40: error: `weights` gives `quality` twice; keep one",
        ]
    );
    // A strategy without a profile cannot score effects.
    let source = with(
        "== strategy cost-leadership",
        "== strategy our-way\nname: Our way\nWe.\n\n== strategy cost-leadership",
    );
    let found = diagnostics(&source);
    assert_eq!(found.len(), 6, "{found:#?}");
    assert_eq!(
        found[0],
        "case.mandate:52:1: error: this choice's effects cannot score it under `our-way`, which has no `weights:`; add `align: our-way N` to the choice, or `weights:` to the strategy"
    );
}

#[test]
fn choice_scoring_mistakes_are_reported_exactly() {
    // Neither effects nor align.
    let source = with("  effects: supply -1\n", "");
    assert_eq!(
        diagnostics(&source),
        [
            "case.mandate:67:1: error: this choice has no `effects:` or `align:`; say what it does for the company on the negotiation dimensions (`effects: price -1, innovation +2`) or give its alignment with the corporate strategy (`align: +1`)"
        ]
    );
    // An override that disagrees with the effects by two steps or more is flagged.
    let source = with(
        "  effects: supply -1\n",
        "  effects: supply -1\n  align: cost-leadership +1\n",
    );
    assert_eq!(
        diagnostics(&source),
        [
            "case.mandate:67:1: warning: this choice is +1 under `cost-leadership` but -1 under `technology-leadership`, and one `why:` cannot explain both; add `why cost-leadership: ...`",
            "case.mandate:70:10: warning: `align` gives `cost-leadership` +1, but the choice's effects compute -1 under that strategy's weights; check one of them",
        ]
    );
    // A choice that serves one strategy and hurts the other needs a `why` for each.
    let source = with(
        "  why cost-leadership: A cost leader's first duty is the price.\n",
        "",
    );
    assert_eq!(
        diagnostics(&source),
        [
            "case.mandate:48:1: warning: this choice is +2 under `cost-leadership` but -1 under `technology-leadership`, and one `why:` cannot explain both; add `why cost-leadership: ...`"
        ]
    );
    // `why STRATEGY:` must name a strategy, say something, and come once.
    let source = with(
        "  why cost-leadership: A cost leader's first duty is the price.\n",
        "  why cost-leadership: A cost leader's first duty is the price.\n  why cost-leadership: Again.\n  why cost-leader: Typo.\n  why technology-leadership:\n",
    );
    assert_eq!(
        diagnostics(&source),
        [
            "case.mandate:53:3: error: `why cost-leadership` is given twice in this choice; keep one",
            "case.mandate:54:3: error: `why cost-leader` names no strategy of the scenario; its strategies are `technology-leadership`, or `cost-leadership`",
            "case.mandate:55:29: error: `why technology-leadership` is empty; explain the alignment under `technology-leadership`",
        ]
    );
}

#[test]
fn economics_mistakes_are_reported_exactly() {
    let source = with("deal: price\n", "deal: cost\n")
        .replacen("better: lower", "better: cheaper", 1)
        .replacen("walk-away: 1000", "walk-away: 2000", 1)
        .replacen("their-walk-away: 700", "their-walk-away: lots", 1)
        .replacen("deal-format: €# a unit", "deal-format: euros", 1)
        .replacen("meter: trust", "meter: mood", 1)
        .replacen("scorecard: price", "scorecard: savings", 1)
        .replacen("confidence: yes", "confidence: maybe", 1)
        .replacen("deal: none", "deal: nope", 1);
    assert_eq!(
        diagnostics(&source),
        [
            "case.mandate:18:7: error: `deal` uses `cost`, which is not declared (declared state is `price`, or `trust`); declare it in the header, for example `state: cost = 0`",
            "case.mandate:19:14: error: `deal-format` needs a `#` where the number goes, like `€# per module`",
            "case.mandate:20:9: error: `better` is `lower` (a buyer's price) or `higher` (a seller's), not `cheaper`",
            "case.mandate:23:18: error: `their-walk-away` must be a whole number, like `4600`, not `lots`",
            "case.mandate:25:8: error: `meter` uses `mood`, which is not declared (declared state is `price`, or `trust`); declare it in the header, for example `state: mood = 0`",
            "case.mandate:27:12: error: `scorecard` names `savings`, which is not a dimension; the dimensions are `price`, `innovation`, `quality`, `speed`, `relationship`, `brand`, `supply`, or `ip`",
            "case.mandate:28:13: error: `confidence` must be `yes` or `no`, not `maybe`",
            "case.mandate:107:7: error: an ending's `deal` is `agreed` (the default) or `none` (no agreement: your side takes its BATNA), not `nope`",
        ]
    );
    // With a known deal variable, a walk-away outside its range is caught.
    let source = with("walk-away: 1000", "walk-away: 2000");
    assert_eq!(
        diagnostics(&source),
        [
            "case.mandate:21:12: error: `walk-away` is 2000, outside the range of `price` (500..1500); a deal can never reach it"
        ]
    );
    // Keys that describe a deal need one; `better` is required with it.
    let source = with("deal: price\n", "").replacen("meter: trust\n", "", 1);
    let found = diagnostics(&source);
    assert_eq!(
        found[..2],
        [
            "case.mandate:18:1: error: `deal-format` describes the deal, but there is no `deal:`; add `deal: NAME` with the state that holds the offer on the table",
            "case.mandate:19:1: error: `better` describes the deal, but there is no `deal:`; add `deal: NAME` with the state that holds the offer on the table",
        ]
    );
    assert!(found.contains(&"case.mandate:24:1: error: `meter-label` names a meter, but there is no `meter:`; add `meter: NAME` with the state to show".to_string()), "{found:#?}");
    let source = with("better: lower\n", "");
    assert_eq!(
        diagnostics(&source),
        [
            "case.mandate:18:1: error: with a `deal:`, say which way is better for your side: `better: lower` or `better: higher`"
        ]
    );
}

#[test]
fn dimension_blocks_are_checked() {
    let source = with(
        "== dimension ip\nname: Intellectual property\n",
        "== dimension ip\nname: Intellectual property\n\n== dimension ip\nname: Again\nTwice.\n\n== dimension Bad_Id\nname: x\n\n== dimension speed\nBy when.\n",
    );
    assert_eq!(
        diagnostics(&source),
        [
            "case.mandate:35:14: error: duplicate dimension `ip`: already declared on line 32",
            "case.mandate:39:14: error: invalid dimension id `Bad_Id`: use lowercase letters, digits and dashes (at most 64), starting with a letter or digit",
            "case.mandate:42:14: error: `speed` has no `name:`; add one on the line after `==`",
        ]
    );
}

#[test]
fn a_library_file_is_checked_for_its_own_shape() {
    let broken = "title: A library\n\n== dimension price\nname: Price\nWhat we pay.\n\n== strategy lean\nname: Lean\nNo weights.\n\n== scene s\ntitle: T\nText.\n";
    let errors: Vec<String> = Library::load("lib.mandate", broken)
        .unwrap_err()
        .diagnostics
        .iter()
        .map(|d| d.render("lib.mandate"))
        .collect();
    assert_eq!(
        errors,
        [
            "lib.mandate:1:1: error: a profile library has no header; it holds only `== dimension` and `== strategy` blocks",
            "lib.mandate:7:13: error: the profile `lean` has no `weights:`; say how much it values each dimension, like `weights: price 3, quality 1`",
            "lib.mandate:11:1: error: a profile library holds only `== dimension` and `== strategy` blocks; scenes and endings belong in a scenario file",
        ]
    );
    // A scenario can be loaded against another library: without the standard
    // profiles, the fixture's strategies have no weights and must state alignments.
    let own = Library::load(
        "lib.mandate",
        "== dimension price\nname: Price\nWhat we pay.\n",
    )
    .unwrap();
    let err = load_with("case.mandate", PROFILES, &own).unwrap_err();
    assert!(
        err.diagnostics.iter().any(|d| d.message
            == "`technology-leadership` has no `name:`; add one on the line after `==`"),
        "{err}"
    );
}

#[test]
fn endings_can_judge_the_outcome_per_strategy() {
    let s = scenario();
    let (_, lost) = s.endings().find(|(_, e)| e.id.as_str() == "lost").unwrap();
    let tech = s.strategy_by_id("technology-leadership").unwrap();
    let cost = s.strategy_by_id("cost-leadership").unwrap();
    assert_eq!(lost.tone(tech).slug(), "poor");
    assert_eq!(lost.tone(cost).slug(), "mixed");
    assert_eq!(lost.verdict(tech), Some("The launch slips a generation."));
    assert_eq!(
        lost.verdict(cost),
        Some("The old sensor is cheap and proven, but the launch slips.")
    );
    let (_, partner) = s
        .endings()
        .find(|(_, e)| e.id.as_str() == "partner")
        .unwrap();
    assert_eq!(partner.verdict(cost), None);

    let source = with(
        "tone cost-leadership: mixed\n",
        "tone cost-leadership: mixed\ntone cost-leadership: good\ntone cost-leader: good\ntone technology-leadership: awful\nverdict technology-leadership:\nverdict:\n",
    );
    assert_eq!(
        diagnostics(&source),
        [
            "case.mandate:109:1: error: `tone cost-leadership` is given twice in `lost`; keep one",
            "case.mandate:110:1: error: `tone cost-leader` names no strategy of the scenario; its strategies are `technology-leadership`, or `cost-leadership`",
            "case.mandate:111:29: error: `tone` must be `good`, `mixed` or `poor`, not `awful`",
            "case.mandate:112:31: error: `verdict technology-leadership` is empty; say what the outcome meant under `technology-leadership`",
            "case.mandate:113:9: error: `verdict` is empty; say what the outcome meant for the strategy",
            "case.mandate:114:1: error: `verdict` is given twice in `lost`; keep one",
        ]
    );
}
