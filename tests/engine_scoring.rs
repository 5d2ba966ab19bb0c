//! The engine and the scoring rules on a small scenario whose numbers can be checked by hand.
#![cfg(not(target_arch = "wasm32"))]

use mandate::core::analysis::Analysis;
use mandate::core::engine::{ChooseError, Playthrough, Position, all_paths};
use mandate::core::scenario::{Scenario, StrategyIndex, load};
use mandate::core::scoring::{better_option, running_alignment};

fn mini() -> Scenario {
    load("mini.mandate", include_str!("fixtures/mini.mandate"))
        .unwrap()
        .scenario
}

fn play(s: &Scenario, ids: &[&str]) -> Playthrough {
    Playthrough::replay(s, StrategyIndex::default(), ids).unwrap()
}

#[test]
fn choosing_moves_through_scenes_to_an_ending() {
    let s = mini();
    let p = Playthrough::new(&s);
    assert_eq!(p.position(&s), Position::Decision(s.start()));
    let p = p.choose(&s, "roadmap").unwrap();
    assert_eq!(
        p.position(&s),
        Position::Decision(s.scene_by_id("warm").unwrap())
    );
    let p = p.choose(&s, "a").unwrap();
    let Position::Ended(e) = p.position(&s) else {
        panic!("not ended")
    };
    assert_eq!(s.ending(e).id.as_str(), "partner");
    assert_eq!(p.choose(&s, "a"), Err(ChooseError::AlreadyEnded));
}

#[test]
fn choosing_is_pure_and_rejects_unknown_choices() {
    let s = mini();
    let start = Playthrough::new(&s);
    let after = start.choose(&s, "squeeze").unwrap();
    assert!(
        start.steps().is_empty(),
        "the original playthrough is unchanged"
    );
    assert_eq!(after.steps().len(), 1);
    let err = start.choose(&s, "nope").unwrap_err();
    assert_eq!(err.to_string(), "the scene `open` has no choice `nope`");
}

#[test]
fn replay_keeps_the_part_that_still_fits() {
    let s = mini();
    let stopped =
        Playthrough::replay(&s, StrategyIndex::default(), &["squeeze", "gone", "a"]).unwrap_err();
    assert_eq!(stopped.replayed, 1);
    assert_eq!(stopped.kept, play(&s, &["squeeze"]));
    assert_eq!(
        stopped.reason.to_string(),
        "the scene `cold` has no choice `gone`"
    );
}

#[test]
fn score_is_normalised_between_the_worst_and_best_complete_paths() {
    let s = mini();
    let a = Analysis::of(&s);
    // Best: roadmap (+2) then gates (+2) = +4. Worst: squeeze (-2), walk out (-1) = -3;
    // squeeze, apologise (+1), discount (-1) = -2 is not lower.
    assert_eq!(
        (
            a.best_total(StrategyIndex::default()),
            a.worst_total(StrategyIndex::default())
        ),
        (Some(4), Some(-3))
    );
    let best = a.score(&s, &play(&s, &["roadmap", "a"]));
    assert_eq!((best.raw, best.score, best.passed), (4, 100, true));
    let worst = a.score(&s, &play(&s, &["squeeze", "a"]));
    assert_eq!((worst.raw, worst.score, worst.passed), (-3, 0, false));
    // roadmap (+2), accept without conditions (0) = +2 → (2+3)/7 = 71.4 → 71.
    let mid = a.score(&s, &play(&s, &["roadmap", "b"]));
    assert_eq!((mid.raw, mid.score, mid.passed), (2, 71, true));
    // squeeze (-2), apologise (+1), gates (+2) = +1 → 4/7 = 57.1 → 57, under the pass mark of 60.
    let low = a.score(&s, &play(&s, &["squeeze", "b", "a"]));
    assert_eq!((low.raw, low.score, low.passed), (1, 57, false));
}

#[test]
fn the_same_choices_always_give_the_same_score() {
    let s = mini();
    let scores: Vec<_> = (0..3)
        .map(|_| Analysis::of(&s).score(&s, &play(&s, &["squeeze", "b", "b"])))
        .collect();
    assert!(scores.windows(2).all(|w| w[0] == w[1]));
}

#[test]
fn progress_counts_decisions_and_estimates_the_total() {
    let s = mini();
    let a = Analysis::of(&s);
    assert_eq!(a.path_lengths(), (2, Some(3)));
    let at_start = a.progress(&Playthrough::new(&s));
    // From `open`: shortest way on 2, longest 3 → about (2+3)/2 rounded up = 3.
    assert_eq!((at_start.number, at_start.about), (1, 3));
    let cold = a.progress(&play(&s, &["squeeze"]));
    // From `cold`: 1 or 2 more → 1 + 2.
    assert_eq!((cold.number, cold.about), (2, 3));
    let warm = a.progress(&play(&s, &["roadmap"]));
    assert_eq!((warm.number, warm.about), (2, 2));
}

#[test]
fn running_alignment_places_each_decision_between_its_options() {
    let s = mini();
    assert_eq!(running_alignment(&s, &Playthrough::new(&s)), None);
    assert_eq!(running_alignment(&s, &play(&s, &["roadmap"])), Some(100));
    assert_eq!(running_alignment(&s, &play(&s, &["squeeze"])), Some(0));
    // squeeze (0 of 4) then apologise (2 of 2): 2 of 6 → 33.
    assert_eq!(
        running_alignment(&s, &play(&s, &["squeeze", "b"])),
        Some(33)
    );
}

#[test]
fn the_review_names_the_better_option() {
    let s = mini();
    let p = play(&s, &["squeeze", "b", "b"]);
    let better: Vec<_> = p
        .taken()
        .map(|(step, cursor)| better_option(&s, step, cursor).map(|c| c.id.to_string()))
        .collect();
    assert_eq!(
        better,
        vec![Some("roadmap".to_string()), None, Some("a".to_string())]
    );
}

#[test]
fn all_paths_enumerates_each_complete_path_once() {
    let s = mini();
    let paths = all_paths(&s, StrategyIndex::default(), 100).unwrap();
    let ids: Vec<Vec<String>> = paths.iter().map(|p| p.choice_ids(&s)).collect();
    assert_eq!(
        ids,
        vec![
            vec!["squeeze", "a"],
            vec!["squeeze", "b", "a"],
            vec!["squeeze", "b", "b"],
            vec!["squeeze", "b", "c"],
            vec!["roadmap", "a"],
            vec!["roadmap", "b"],
            vec!["roadmap", "c"],
        ]
        .into_iter()
        .map(|v| v.into_iter().map(String::from).collect::<Vec<_>>())
        .collect::<Vec<_>>()
    );
}
