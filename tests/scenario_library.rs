//! The scenario library's quality bar, checked for every built-in scenario: the
//! curriculum's six cases are all there, each briefs the learner fully, plays 6 or more
//! decisions on every path to 3 or more endings, and rewards alignment — the best path
//! under each of its strategies takes no misaligned choice, and no path with a
//! misaligned choice beats the best fully aligned one.
#![cfg(not(target_arch = "wasm32"))]

use mandate::core::builtin;
use mandate::core::engine::Playthrough;

#[test]
fn the_library_holds_the_curriculum_in_order() {
    let catalogue = builtin::load_all().expect("built-in scenarios load");
    let ids: Vec<&str> = catalogue.iter().map(|e| e.scenario.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "purchasing-tech-leader",
            "sales-distributor",
            "silo-launch-date",
            "market-shift",
            "purchasing-cost-leader",
            "setting-the-mandate",
        ]
    );
    let default_strategy: Vec<&str> = catalogue
        .iter()
        .map(|e| e.scenario.strategies[0].id.as_str())
        .collect();
    // Every library strategy is the one in force somewhere, and one case pivots.
    assert!(default_strategy.contains(&"technology-leadership"));
    assert!(default_strategy.contains(&"cost-leadership"));
    assert!(default_strategy.contains(&"customer-intimacy"));
    let pivots = catalogue
        .iter()
        .filter(|e| e.scenario.scenes().any(|(_, s)| s.pivot.is_some()))
        .count();
    assert!(pivots >= 1);
}

#[test]
fn every_scenario_meets_the_quality_bar() {
    let catalogue = builtin::load_all().expect("built-in scenarios load");
    for entry in catalogue.iter() {
        let s = &entry.scenario;
        let id = s.id.as_str();
        assert!(
            (2..=4).contains(&s.briefing.objectives.len()),
            "{id}: objectives"
        );
        assert!((3..=5).contains(&s.takeaways.len()), "{id}: takeaways");
        assert!((8..=20).contains(&s.minutes), "{id}: minutes {}", s.minutes);
        assert!(s.endings().len() >= 3, "{id}: endings");
        assert!(s.scorecard.is_some(), "{id}: no scorecard dimension");
        for (_, scene) in s.scenes() {
            for c in &scene.choices {
                assert!(
                    !c.effects.is_empty(),
                    "{id}:{}:{} has no effects",
                    scene.id,
                    c.id
                );
            }
        }
        for report in &entry.analysis.reports {
            let strategy = s.strategy(report.strategy).id.as_str();
            let at = format!("{id} under {strategy}");
            assert!(
                report.shortest.is_some_and(|n| n >= 6),
                "{at}: a path under 6 decisions"
            );
            assert!(report.longest.is_some(), "{at}: unbounded paths");
            assert!(
                report.endings.iter().all(Option::is_some),
                "{at}: an ending unreached"
            );
            assert_eq!(
                report.misaligned_outscores, None,
                "{at}: misaligned path outscores"
            );
            let best = Playthrough::replay(s, report.strategy, &report.best_path)
                .unwrap_or_else(|e| panic!("{at}: best path does not replay: {e:?}"));
            assert!(best.is_ended(s), "{at}: best path does not end");
            for (step, cursor) in best.taken() {
                let a = step.choice(s).alignment(cursor.strategy).value();
                assert!(
                    a >= 0,
                    "{at}: the best path takes {} ({a:+})",
                    step.choice(s).id
                );
            }
            assert_eq!(entry.analysis.score(s, &best).score, 100, "{at}");
        }
    }
}
