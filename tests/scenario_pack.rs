//! The built-in scenarios the browser fetches after its first screen (issue 10): the
//! scenario pack's format and its exact errors, the pack the build writes
//! (scripts/scenario-pack.mjs) against Rust's writer, and the session taking the fetched
//! scenarios in without losing anything.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::fs;
use std::path::Path;
use std::rc::Rc;

use mandate::core::builtin::{self, ScenarioPack};
use mandate::core::i18n::pack::PackError;
use mandate::core::progress::ProgressStore;
use mandate::core::scenario::load;
use mandate::core::session::{Action, Entry, Screen, Session, Status};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The pack of every `LATER` scenario, written by Rust.
fn written() -> String {
    ScenarioPack::write(builtin::LATER_SOURCES)
}

#[test]
fn the_later_scenarios_are_every_built_in_but_the_first_in_the_curriculum_order() {
    assert_eq!(
        builtin::sources()
            .iter()
            .map(|(f, _)| *f)
            .collect::<Vec<_>>(),
        std::iter::once(builtin::FIRST.0)
            .chain(builtin::LATER.iter().copied())
            .collect::<Vec<_>>()
    );
    assert!(builtin::all_compiled_in());
    // Every scenario file in scenarios/ (the library aside) is shipped, exactly once.
    let mut on_disk: Vec<String> = fs::read_dir(Path::new(ROOT).join("scenarios"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".mandate") && n != "strategies.mandate")
        .map(|n| format!("scenarios/{n}"))
        .collect();
    on_disk.sort();
    let mut shipped: Vec<String> = builtin::sources()
        .iter()
        .map(|(f, _)| f.to_string())
        .collect();
    shipped.sort();
    assert_eq!(shipped, on_disk);
    assert!(builtin::is_builtin_id("market-shift"));
    assert!(builtin::is_builtin_id("purchasing-tech-leader"));
    assert!(!builtin::is_builtin_id("market"));
    // Natively every built-in scenario is compiled in; an authored one never is.
    assert!(builtin::compiled_in("market-shift") && builtin::compiled_in("purchasing-tech-leader"));
    assert!(!builtin::compiled_in("mini"));
}

#[test]
fn a_written_pack_reads_back_in_the_curriculum_order_whatever_its_own() {
    let pack = ScenarioPack::parse(&written()).unwrap();
    let expected: Vec<(String, String)> = builtin::LATER_SOURCES
        .iter()
        .map(|(f, t)| (f.to_string(), t.to_string()))
        .collect();
    assert_eq!(pack.files, expected);
    let mut reversed: Vec<(&str, &str)> = builtin::LATER_SOURCES.to_vec();
    reversed.reverse();
    assert_eq!(
        ScenarioPack::parse(&ScenarioPack::write(&reversed))
            .unwrap()
            .files,
        expected
    );
    // And it loads: the same scenarios as the compiled-in ones.
    let loaded = builtin::load_later(&pack).unwrap();
    let compiled = builtin::load_all().unwrap();
    assert_eq!(loaded.len(), builtin::LATER.len());
    for (fetched, compiled) in loaded.iter().zip(&compiled[1..]) {
        assert_eq!(fetched.scenario, compiled.scenario);
    }
}

#[test]
fn the_build_script_writes_the_same_pack_byte_for_byte() {
    let out = common::run_build_hook("scripts/scenario-pack.mjs", "scenarios-");
    assert_eq!(out.text, written());
    out.assert_named(
        r#"<link rel="alternate" type="text/plain""#,
        "data-mandate-scenarios",
    );
}

#[test]
fn broken_packs_are_refused_with_exact_messages() {
    let cases: &[(&str, &str)] = &[
        (
            "",
            "not a Mandate scenario pack: it should start with `mandate-scenario-pack 1`",
        ),
        (
            "<!doctype html>\n<html>",
            "not a Mandate scenario pack: it should start with `mandate-scenario-pack 1`",
        ),
        (
            "mandate-language-pack 1 de\n",
            "not a Mandate scenario pack: it should start with `mandate-scenario-pack 1`",
        ),
        (
            "mandate-scenario-pack 1 en\n",
            "not a Mandate scenario pack: it should start with `mandate-scenario-pack 1`",
        ),
        (
            "mandate-scenario-pack 3\n",
            "scenario pack format 3 is newer than this version of Mandate reads (1)",
        ),
        (
            "mandate-scenario-pack 1\n@@ scenarios/market-shift.mandate\nabc\n",
            "entry 1: expected a line `@@ <path> <length in bytes>`",
        ),
        (
            "mandate-scenario-pack 1\n@@ locales/en/app.txt 1\na\n",
            "`locales/en/app.txt` does not belong in the scenario pack (only scenarios/*.mandate)",
        ),
        (
            "mandate-scenario-pack 1\n@@ scenarios/../secret.mandate 1\na\n",
            "`scenarios/../secret.mandate` does not belong in the scenario pack (only scenarios/*.mandate)",
        ),
        (
            "mandate-scenario-pack 1\n@@ scenarios/de/market-shift.mandate 1\na\n",
            "`scenarios/de/market-shift.mandate` does not belong in the scenario pack (only scenarios/*.mandate)",
        ),
        (
            "mandate-scenario-pack 1\n@@ scenarios/market-shift.mandate 99\nabc\n",
            "`scenarios/market-shift.mandate` is cut short: the pack ends before its 99 bytes",
        ),
        (
            "mandate-scenario-pack 1\n@@ scenarios/purchasing-tech-leader.mandate 1\na\n",
            "`scenarios/purchasing-tech-leader.mandate` is not one of the scenarios this version of Mandate fetches",
        ),
        (
            "mandate-scenario-pack 1\n@@ scenarios/my-own.mandate 1\na\n",
            "`scenarios/my-own.mandate` is not one of the scenarios this version of Mandate fetches",
        ),
        (
            "mandate-scenario-pack 1\n",
            "the scenario pack lacks `scenarios/sales-distributor.mandate`",
        ),
    ];
    for (text, message) in cases {
        let error = ScenarioPack::parse(text).unwrap_err();
        assert_eq!(error.to_string(), *message, "{text:?}");
    }
    // A pack missing only its last scenario names that one.
    let without_last = ScenarioPack::write(&builtin::LATER_SOURCES[..builtin::LATER.len() - 1]);
    assert_eq!(
        ScenarioPack::parse(&without_last),
        Err(PackError::Missing(
            builtin::LATER.last().unwrap().to_string()
        ))
    );
    // A scenario that does not load is an error of the loading, not of the pack.
    let mut broken: Vec<(&str, &str)> = builtin::LATER_SOURCES.to_vec();
    broken[2].1 = "not a scenario";
    let pack = ScenarioPack::parse(&ScenarioPack::write(&broken)).unwrap();
    let errors = builtin::load_later(&pack).unwrap_err();
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].to_string().contains(builtin::LATER[2]),
        "{}",
        errors[0]
    );
}

/// The catalogue the browser build starts with: the first scenario only.
fn first_only() -> Rc<Vec<Entry>> {
    Rc::new(builtin::load_all().unwrap()[..1].to_vec())
}

fn everything() -> Rc<Vec<Entry>> {
    Rc::new(builtin::load_all().unwrap())
}

fn ids(s: &Session) -> Vec<String> {
    s.catalogue()
        .iter()
        .map(|e| e.scenario.id.to_string())
        .collect()
}

/// A learner who has played into the third scenario, then went home.
fn learner_in_the_third() -> ProgressStore {
    let all = everything();
    let third = all[2].scenario.clone();
    let first_choice = third.scene(third.start()).choices[0].id.to_string();
    let s = Session::new(all, ProgressStore::empty())
        .apply(Action::StartNewAttempt {
            scenario: third.id.to_string(),
            strategy: None,
            now: 10,
        })
        .apply(Action::Begin { now: 11 })
        .apply(Action::Choose {
            choice: first_choice,
            confidence: None,
            now: 12,
        })
        .apply(Action::Continue { now: 13 })
        .apply(Action::GoHome);
    s.store().clone()
}

#[test]
fn scenarios_that_arrive_later_join_the_catalogue_with_the_progress_made_in_them() {
    let store = learner_in_the_third();
    let third = everything()[2].scenario.id.to_string();
    let early = Session::new(first_only(), store.clone());
    assert_eq!(ids(&early), [builtin::id_of(builtin::FIRST.0)]);
    assert_eq!(early.screen(), Screen::Home);
    // Progress in a scenario not yet here is kept as it was.
    assert_eq!(early.store().scenarios, store.scenarios);

    let later = early.apply(Action::AddBuiltIns {
        entries: everything(),
    });
    assert_eq!(
        ids(&later),
        ids(&Session::new(everything(), ProgressStore::empty()))
    );
    assert_eq!(later.status(2), Status::InProgress { decision: 2 });
    assert_eq!(later.store().scenarios, store.scenarios);
    assert_eq!(later.page(), early.page());
    let resumed = later.apply(Action::Resume { scenario: third });
    assert!(matches!(
        resumed.screen(),
        Screen::Decision { entry: 2, .. }
    ));

    // When everything is there already, nothing changes.
    assert_eq!(
        later.apply(Action::AddBuiltIns {
            entries: everything()
        }),
        later
    );
}

#[test]
fn an_authored_scenario_stays_after_the_built_ins_and_may_not_take_a_later_ones_id() {
    let early = Session::new(first_only(), ProgressStore::empty());
    // A built-in's id is refused even before that built-in has arrived.
    let mut clash = everything()[3].clone();
    clash.origin = mandate::core::session::Origin::Authored {
        source: "market-shift.mandate".into(),
    };
    assert_eq!(
        early.check_authored(&clash).unwrap_err().to_string(),
        "the scenario id `market-shift` belongs to a built-in scenario; give your file its own `scenario:` id"
    );
    // An authored scenario opened before the others arrive stays last.
    let mini = load("mini.mandate", include_str!("fixtures/mini.mandate"))
        .unwrap()
        .scenario;
    let authored = Entry::authored(
        mini.clone(),
        mandate::core::analysis::Analysis::of(&mini),
        "mini.mandate",
    );
    let with_own = early.apply(Action::OpenAuthored {
        entry: Box::new(authored),
        now: 5,
    });
    let later = with_own.apply(Action::AddBuiltIns {
        entries: everything(),
    });
    let mut expected = ids(&Session::new(everything(), ProgressStore::empty()));
    expected.push("mini".into());
    assert_eq!(ids(&later), expected);
    // The authored scenario is still the one open.
    assert!(matches!(later.screen(), Screen::Briefing { entry } if entry == expected.len() - 1));
}
