//! The debrief's data, snapshotted as text: what the ending screen teaches for a
//! given path. `UPDATE_SNAPSHOTS=1 cargo test --test debrief` rewrites the files in
//! tests/snapshots/ (review the diff before committing it).
#![cfg(not(target_arch = "wasm32"))]

use std::path::PathBuf;

use mandate::core::analysis::Analysis;
use mandate::core::builtin;
use mandate::core::debrief::{Confidence, Debrief};
use mandate::core::engine::Playthrough;
use mandate::core::scenario::{Scenario, load};
use mandate::core::session::Entry;

const PROFILES: &str = include_str!("fixtures/profiles.mandate");
const STATE: &str = include_str!("fixtures/negotiation-state.mandate");

fn check_snapshot(name: &str, actual: &str) {
    let path: PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests", "snapshots", name]
        .iter()
        .collect();
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "no snapshot {}; run with UPDATE_SNAPSHOTS=1",
            path.display()
        )
    });
    assert_eq!(
        actual, expected,
        "the debrief differs from {name}; if the change is intended, run with UPDATE_SNAPSHOTS=1"
    );
}

fn debrief(
    s: &Scenario,
    strategy: &str,
    ids: &[&str],
    confidence: &[Option<Confidence>],
) -> String {
    let analysis = Analysis::of(s);
    let p = Playthrough::replay(s, s.strategy_by_id(strategy).unwrap(), ids).unwrap();
    assert!(p.is_ended(s));
    Debrief::of(s, &analysis, &p, confidence).to_text(s)
}

fn purchasing() -> Entry {
    builtin::load_all()
        .unwrap()
        .into_iter()
        .find(|e| e.scenario.id.as_str() == "purchasing-tech-leader")
        .unwrap()
}

#[test]
fn fixture_squeeze_path_under_technology_leadership() {
    let s = load("profiles.mandate", PROFILES).unwrap().scenario;
    let text = debrief(
        &s,
        "technology-leadership",
        &["squeeze", "reopen", "discount"],
        &[Some(Confidence::Certain), None, Some(Confidence::Unsure)],
    );
    check_snapshot("profiles-squeeze-tech.txt", &text);
    // The facts the snapshot must hold, worked by hand (see tests/strategy_profiles.rs).
    assert!(text.starts_with("Score 17 (not passed) under Technology leadership / product innovation: raw -1 between worst -2 and best 4\n"));
    assert!(
        text.contains(
            "  1. open -> squeeze [-1 Misaligned] SILO confidence=Certain better=roadmap\n"
        )
    );
    assert!(text.contains("Silo moves: 2\n"));
    assert!(text.contains("Deal: agreed at €500 a unit; best achievable €500 a unit; ZOPA €700 a unit–€1,000 a unit; share of zone 100%\n"));
    assert!(text.contains("Under Cost leadership / operational excellence: 100 (passed)\n"));
}

#[test]
fn fixture_walk_out_ends_without_agreement() {
    let s = load("profiles.mandate", PROFILES).unwrap().scenario;
    let text = debrief(&s, "cost-leadership", &["squeeze", "walk"], &[]);
    check_snapshot("profiles-walk-cost.txt", &text);
    assert!(text.contains("Deal: no agreement (the last offer stood at €700 a unit);"));
}

#[test]
fn pivot_adaptation_is_reported() {
    let s = load("state.mandate", STATE).unwrap().scenario;
    let analysis = Analysis::of(&s);
    // Find a path that meets the pivot, from the paths the analysis knows.
    let paths = mandate::core::engine::all_paths(&s, Default::default(), 1000).unwrap();
    let pivoting = paths
        .iter()
        .find(|p| p.taken().any(|(_, c)| c.strategy != p.strategy()))
        .expect("a path through the pivot");
    let d = Debrief::of(&s, &analysis, pivoting, &[]);
    assert_eq!(d.pivots.len(), 1);
    let text = d.to_text(&s);
    check_snapshot("state-pivot.txt", &text);
    assert!(text.contains("Pivot: The corporate strategy changed to "));
}

#[test]
fn purchasing_best_and_worst_paths() {
    let entry = purchasing();
    let s = &entry.scenario;
    let best = entry.analysis.reports[0].best_path.clone();
    let worst = entry.analysis.reports[0].worst_path.clone();
    let best: Vec<&str> = best.iter().map(String::as_str).collect();
    let worst: Vec<&str> = worst.iter().map(String::as_str).collect();
    let best_text = debrief(s, "technology-leadership", &best, &[]);
    let worst_text = debrief(s, "technology-leadership", &worst, &[]);
    check_snapshot("purchasing-best-tech.txt", &best_text);
    check_snapshot("purchasing-worst-tech.txt", &worst_text);
    assert!(best_text.starts_with("Score 100 (passed)"));
    assert!(best_text.contains("(you followed it for 8 decision(s))"));
    assert!(worst_text.starts_with("Score 0 (not passed)"));
    // The same worst path, replayed for a cost leader.
    let cost_text = debrief(s, "cost-leadership", &worst, &[]);
    check_snapshot("purchasing-worst-cost.txt", &cost_text);
    assert_ne!(worst_text.lines().next(), cost_text.lines().next());
}
