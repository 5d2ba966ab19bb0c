//! The LMS data mapping on the real scenarios: suspend_data fits SCORM 1.2's 4,096
//! characters on the longest path of every built-in scenario, and every interaction
//! record uses only the characters both standards accept.
#![cfg(not(target_arch = "wasm32"))]

use mandate::core::builtin;
use mandate::core::engine::{Playthrough, all_paths};
use mandate::core::lms::{
    self, InteractionResult, SUSPEND_LIMIT_12, Suspended, decode_suspend, encode_suspend,
};

#[test]
fn suspend_data_fits_scorm_12_on_every_path_of_every_builtin() {
    let catalogue = builtin::load_all().unwrap();
    for entry in catalogue.iter() {
        let s = &entry.scenario;
        let mut longest = 0;
        for strategy in s.strategy_indices() {
            for p in all_paths(s, strategy, 1_000_000).unwrap() {
                let saved = Suspended {
                    hash: s.content_hash.to_hex(),
                    strategy: Some(s.strategy(strategy).id.to_string()),
                    choices: p.choice_ids(s),
                    confidence: vec![3; p.steps().len()],
                    briefed: true,
                    feedback: true,
                };
                let text = encode_suspend(&saved);
                longest = longest.max(text.len());
                assert_eq!(decode_suspend(&text).as_ref(), Ok(&saved));
            }
        }
        assert!(
            longest <= SUSPEND_LIMIT_12,
            "{}: {longest} characters",
            s.id
        );
        // Far below the limit: room for the format to grow.
        assert!(longest < 600, "{}: {longest} characters", s.id);
    }
}

#[test]
fn interactions_use_safe_identifiers_and_judge_against_the_best_option() {
    let catalogue = builtin::load_all().unwrap();
    for entry in catalogue.iter() {
        let s = &entry.scenario;
        let report = &entry.analysis.reports[0];
        let best = Playthrough::replay(s, report.strategy, &report.best_path).unwrap();
        let records = lms::interactions(s, &best);
        assert_eq!(records.len(), best.steps().len());
        for r in &records {
            assert!(
                r.id.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"_.:-".contains(&b)),
                "{}",
                r.id
            );
            assert!(r.id.len() <= 255);
            // The best path always takes an option nothing offered beats.
            assert_eq!(r.result, InteractionResult::Correct, "{}", r.id);
            assert_eq!(r.response, r.correct);
        }
        let worst = Playthrough::replay(s, report.strategy, &report.worst_path).unwrap();
        let wrong = lms::interactions(s, &worst)
            .iter()
            .filter(|r| r.result == InteractionResult::Wrong)
            .count();
        assert!(wrong > 0, "{}: the worst path has no wrong answer", s.id);
    }
}
