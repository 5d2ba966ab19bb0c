//! Long use (issue 11): a device where 1,000 attempts were finished keeps a bounded
//! progress document. The session plays 1,000 complete attempts, round robin over the six
//! built-in scenarios, each along a random path (a fixed seed) under a random strategy,
//! through the same actions the interface dispatches. Every finished attempt counts;
//! the history keeps the last [`HISTORY_CAP`] per scenario, so the document stops
//! growing once every scenario's history is full. `bench/long-use.mjs` measures the home
//! screen's load with the document this test describes.
#![cfg(not(target_arch = "wasm32"))]

use std::rc::Rc;

use mandate::core::builtin;
use mandate::core::progress::{self, HISTORY_CAP, SavedProgress};
use mandate::core::session::{Action, Screen, Session};

/// SplitMix64, as in tests/loader_fuzz.rs: a fixed sequence for a repeatable run.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        ((z ^ (z >> 31)) % n as u64) as usize
    }
}

/// Plays `attempts` complete attempts; returns the session and the document's encoded
/// size after each attempt.
fn play(attempts: usize, seed: u64) -> (Session, Vec<usize>) {
    let catalogue = Rc::new(builtin::load_all().expect("the built-in scenarios load"));
    let mut rng = Rng(seed);
    let mut session = Session::new(Rc::clone(&catalogue), SavedProgress::empty());
    let mut now = 1_700_000_000_000u64;
    let mut sizes = Vec::with_capacity(attempts);
    for n in 0..attempts {
        let entry = n % catalogue.len();
        let scenario = &catalogue[entry].scenario;
        let strategy = scenario.strategies[rng.below(scenario.strategies.len())]
            .id
            .to_string();
        now += 60_000;
        session = session.apply(Action::StartNewAttempt {
            scenario: scenario.id.to_string(),
            strategy: Some(strategy),
            now,
        });
        session = session.apply(Action::Begin { now });
        for _ in 0..10_000 {
            match session.screen() {
                Screen::Decision { playthrough, .. } => {
                    let offered = playthrough.offered(scenario);
                    let (_, choice) = offered[rng.below(offered.len())];
                    now += 5_000;
                    session = session.apply(Action::Choose {
                        choice: choice.id.to_string(),
                        confidence: None,
                        now,
                    });
                }
                Screen::Feedback { .. } => {
                    session = session.apply(Action::Continue { now });
                }
                Screen::Ending { .. } => break,
                other => panic!("attempt {n}: an unexpected screen {other:?}"),
            }
        }
        assert!(
            matches!(session.screen(), Screen::Ending { .. }),
            "attempt {n} did not end"
        );
        session = session.apply(Action::GoHome);
        sizes.push(progress::encode(session.saved()).len());
    }
    (session, sizes)
}

#[test]
fn a_thousand_finished_attempts_keep_a_bounded_document() {
    let (session, sizes) = play(1_000, 0x4d41_4e44_4154_4531);
    let catalogue = session.catalogue().clone();
    // Every attempt counted, each scenario's history capped.
    let completions: u32 = (0..catalogue.len()).map(|i| session.completions(i)).sum();
    assert_eq!(completions, 1_000);
    let store = session.saved().store();
    for entry in catalogue.iter() {
        let record = &store.scenarios[entry.scenario.id.as_str()];
        assert_eq!(record.history.len(), HISTORY_CAP, "{}", entry.scenario.id);
        assert!(record.best.is_some());
    }
    // The document stops growing once every history is full (after 6 × 50 attempts):
    // from then on it may only move by what one attempt's path length changes.
    let full = catalogue.len() * HISTORY_CAP;
    let plateau = &sizes[full..];
    let (low, high) = (
        *plateau.iter().min().unwrap(),
        *plateau.iter().max().unwrap(),
    );
    assert!(
        high - low < high / 20,
        "after {full} attempts the document still ranges {low}–{high} bytes"
    );
    let last = *sizes.last().unwrap();
    assert!(
        last < 256 * 1024,
        "1,000 attempts take {last} bytes, over 256 KB"
    );
    // It reads back as it was written.
    let written = progress::encode(session.saved());
    assert_eq!(&progress::decode(&written).unwrap(), session.saved());
    // For bench/long-use.mjs, which loads the home screen with it.
    if let Some(path) = std::env::var_os("MANDATE_LONG_USE_OUT") {
        std::fs::write(&path, &written).expect("the document is written");
    }
    eprintln!(
        "long use: after 100 attempts {} bytes, after {full} {} bytes, after 1,000 {} bytes (plateau {low}–{high})",
        sizes[99],
        sizes[full - 1],
        last
    );
}
