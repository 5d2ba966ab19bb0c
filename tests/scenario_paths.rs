//! Every path of every built-in scenario, walked: each reaches an ending, every
//! score stays within 0–100, and the shape promises of the product hold.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeSet;

use mandate::core::builtin;
use mandate::core::engine::{Position, all_paths};
use mandate::core::scenario::StrategyIndex;

#[test]
fn every_builtin_scenario_loads_without_warnings() {
    for (file, source) in builtin::sources() {
        let loaded = mandate::core::scenario::load(file, source).unwrap_or_else(|e| panic!("{e}"));
        assert!(loaded.warnings.is_empty(), "{file}: {:?}", loaded.warnings);
    }
}

#[test]
fn every_path_of_every_builtin_scenario_ends_with_a_score_in_range() {
    let catalogue = builtin::load_all().expect("built-in scenarios load");
    for entry in &catalogue {
        let s = &entry.scenario;
        let paths = all_paths(s, StrategyIndex::default(), 1_000_000).unwrap();
        assert!(!paths.is_empty());
        let mut endings = BTreeSet::new();
        let mut scores = BTreeSet::new();
        for p in &paths {
            let Position::Ended(e) = p.position(s) else {
                panic!("{}: a path stops without an ending", s.id);
            };
            endings.insert(s.ending(e).id.to_string());
            let card = entry.analysis.score(s, p);
            assert!(
                card.score <= 100,
                "{}: score {} out of range",
                s.id,
                card.score
            );
            assert!(card.worst <= card.raw && card.raw <= card.best);
            scores.insert(card.score);
            // The running alignment stays a percentage at every step along the way.
            let ids = p.choice_ids(s);
            for k in 1..=ids.len() {
                let partial = mandate::core::engine::Playthrough::replay(
                    s,
                    StrategyIndex::default(),
                    &ids[..k],
                )
                .unwrap();
                let r = mandate::core::scoring::running_alignment(s, &partial).unwrap();
                assert!(r <= 100);
            }
        }
        // The best and worst totals are reached by real paths: 0 and 100 both occur.
        assert!(
            scores.contains(&0) && scores.contains(&100),
            "{}: {:?}",
            s.id,
            scores
        );
        // Every ending the scenario declares is reached by some path.
        assert_eq!(endings.len(), s.endings().len(), "{}", s.id);
    }
}

#[test]
fn the_purchasing_case_has_the_promised_shape() {
    let catalogue = builtin::load_all().expect("built-in scenarios load");
    let entry = catalogue
        .iter()
        .find(|e| e.scenario.id.as_str() == "purchasing-tech-leader")
        .expect("the purchasing case is built in");
    let s = &entry.scenario;
    let paths = all_paths(s, StrategyIndex::default(), 1_000_000).unwrap();
    let (shortest, longest) = entry.analysis.path_lengths();
    assert!(
        shortest >= 6,
        "a complete path has only {shortest} decisions"
    );
    assert!(paths.iter().all(|p| p.steps().len() >= 6));
    assert_eq!(
        shortest as usize,
        paths.iter().map(|p| p.steps().len()).min().unwrap()
    );
    assert_eq!(
        longest.expect("the purchasing case has no loops") as usize,
        paths.iter().map(|p| p.steps().len()).max().unwrap()
    );
    assert!(s.endings().len() >= 3);
    for (_, scene) in s.scenes() {
        assert!((2..=4).contains(&scene.choices.len()), "{}", scene.id);
    }
    // Branching: the first decision's options lead to different places.
    let first = s.scene(s.start());
    let targets: BTreeSet<_> = first
        .choices
        .iter()
        .map(|c| format!("{:?}", c.next))
        .collect();
    assert!(targets.len() >= 2, "the first decision does not branch");
    assert_eq!(
        s.strategies[0].name,
        "Technology leadership through product innovation"
    );
    assert_eq!(s.department, "Purchasing");
}
