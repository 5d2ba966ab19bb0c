//! The session state machine behind the UI: screens, saving, resuming, restarting.
#![cfg(not(target_arch = "wasm32"))]

use std::rc::Rc;

use mandate::core::debrief::Confidence;
use mandate::core::progress::{self, ProgressStore};
use mandate::core::scenario::load;
use mandate::core::session::{Action, Entry, Screen, Session, Status};

const MINI: &str = include_str!("fixtures/mini.mandate");

fn catalogue(source: &str) -> Rc<Vec<Entry>> {
    Rc::new(vec![Entry::new(
        load("mini.mandate", source).unwrap().scenario,
    )])
}

fn fresh() -> Session {
    Session::new(catalogue(MINI), ProgressStore::empty())
}

fn start(s: &Session) -> Session {
    s.apply(Action::StartNewAttempt {
        scenario: "mini".into(),
        strategy: None,
        now: 1000,
    })
}

fn choose(s: &Session, id: &str) -> Session {
    s.apply(Action::Choose {
        choice: id.into(),
        confidence: None,
        now: 2000,
    })
}

#[test]
fn a_new_learner_sees_home_with_nothing_started() {
    let s = fresh();
    assert_eq!(s.screen(), Screen::Home);
    assert_eq!(s.status(0), Status::NotStarted);
    assert_eq!(s.best(0), None);
}

#[test]
fn play_goes_briefing_decision_feedback_decision_and_ending() {
    let s = start(&fresh());
    assert_eq!(s.screen(), Screen::Briefing { entry: 0 });
    // Choosing before the briefing is read does nothing.
    assert_eq!(choose(&s, "roadmap"), s);
    let s = s.apply(Action::Begin { now: 1500 });
    assert!(matches!(s.screen(), Screen::Decision { .. }));
    let s = choose(&s, "roadmap");
    assert!(matches!(s.screen(), Screen::Feedback { .. }));
    // While feedback is open, another choice is ignored.
    assert_eq!(choose(&s, "a"), s);
    let s = s.apply(Action::Continue { now: 2500 });
    assert!(matches!(s.screen(), Screen::Decision { .. }));
    assert_eq!(s.status(0), Status::InProgress { decision: 2 });
    let s = choose(&s, "a");
    assert!(matches!(s.screen(), Screen::Feedback { .. }));
    // The result is recorded the moment the ending is reached.
    assert_eq!(s.completions(0), 1);
    assert_eq!(s.best(0).map(|b| (b.score, b.passed)), Some((100, true)));
    let s = s.apply(Action::Continue { now: 3000 });
    assert!(matches!(s.screen(), Screen::Ending { .. }));
    assert_eq!(s.status(0), Status::Completed);
    let home = s.apply(Action::GoHome);
    assert_eq!(home.screen(), Screen::Home);
    assert_eq!(home.status(0), Status::Completed);
}

#[test]
fn what_is_saved_restores_the_same_decision_and_screen() {
    let s = start(&fresh()).apply(Action::Begin { now: 1 });
    let s = choose(&s, "squeeze").apply(Action::Continue { now: 3 });
    let saved = progress::encode(s.saved());
    let reopened = Session::new(catalogue(MINI), progress::decode(&saved).unwrap());
    assert_eq!(reopened.screen(), s.screen());
    assert_eq!(reopened.status(0), Status::InProgress { decision: 2 });
    // Reopened mid-feedback, the feedback is still open.
    let s2 = choose(&reopened, "b");
    let again = Session::new(
        catalogue(MINI),
        progress::decode(&progress::encode(s2.saved())).unwrap(),
    );
    assert!(matches!(again.screen(), Screen::Feedback { .. }));
}

#[test]
fn going_home_keeps_the_attempt_and_resume_returns_to_it() {
    let s = choose(&start(&fresh()).apply(Action::Begin { now: 1 }), "squeeze");
    let home = s.apply(Action::GoHome);
    assert_eq!(home.screen(), Screen::Home);
    assert_eq!(home.status(0), Status::InProgress { decision: 2 });
    let back = home.apply(Action::Resume {
        scenario: "mini".into(),
    });
    assert_eq!(back.screen(), s.screen());
}

#[test]
fn restarting_starts_a_fresh_attempt_and_keeps_the_best_score() {
    let s = start(&fresh()).apply(Action::Begin { now: 1 });
    let done = choose(
        &choose(&s, "roadmap").apply(Action::Continue { now: 2 }),
        "b",
    );
    assert_eq!(done.best(0).map(|b| b.score), Some(71));
    let again = start(&done.apply(Action::Continue { now: 3 }));
    assert_eq!(again.screen(), Screen::Briefing { entry: 0 });
    assert_eq!(again.status(0), Status::InProgress { decision: 1 });
    assert_eq!(again.best(0).map(|b| b.score), Some(71));
    // A worse completion does not lower the best score; completions count up.
    let worse = choose(&again.apply(Action::Begin { now: 4 }), "squeeze");
    let worse = choose(&worse.apply(Action::Continue { now: 5 }), "a");
    assert_eq!(worse.best(0).map(|b| b.score), Some(71));
    assert_eq!(worse.completions(0), 2);
}

#[test]
fn a_save_made_against_changed_content_resumes_where_it_still_fits() {
    let s = start(&fresh()).apply(Action::Begin { now: 1 });
    let s = choose(
        &choose(&s, "squeeze").apply(Action::Continue { now: 2 }),
        "b",
    );
    let saved = s.store().clone();
    // The author renamed the second scene's choices.
    let changed = MINI
        .replace("* Walk out.\n", "* Walk out.\n  id: walk\n")
        .replace(
            "* Apologise and reopen on access.\n",
            "* Apologise and reopen on access.\n  id: apologise\n",
        );
    let reopened = Session::new(catalogue(&changed), saved);
    assert_eq!(reopened.status(0), Status::InProgress { decision: 2 });
    assert!(matches!(reopened.screen(), Screen::Decision { .. }));
    assert_eq!(
        reopened.notices(),
        [
            "“Mini negotiation” has changed since your last visit. Your attempt resumes at decision 2, the last one that still exists."
        ]
    );
    let hash = reopened.catalogue()[0].scenario.content_hash.to_hex();
    assert_eq!(
        reopened.store().scenarios["mini"]
            .attempt
            .as_ref()
            .unwrap()
            .hash,
        hash
    );
}

#[test]
fn progress_for_unknown_scenarios_is_kept_untouched() {
    let mut store = ProgressStore::empty();
    store.active = Some("retired".into());
    store.scenarios.insert("retired".into(), Default::default());
    let s = Session::new(catalogue(MINI), store);
    assert_eq!(s.screen(), Screen::Home);
    assert!(s.store().scenarios.contains_key("retired"));
}

#[test]
fn notices_are_shown_once_and_dismissed() {
    let s = fresh().apply(Action::Notify("Storage is full".into()));
    let s = s.apply(Action::Notify("Storage is full".into()));
    assert_eq!(s.notices(), ["Storage is full"]);
    assert!(s.apply(Action::DismissNotice(0)).notices().is_empty());
    assert_eq!(s.apply(Action::DismissNotice(5)), s);
}

const PROFILES: &str = include_str!("fixtures/profiles.mandate");

fn profiles() -> Session {
    let catalogue = Rc::new(vec![Entry::new(
        load("profiles.mandate", PROFILES).unwrap().scenario,
    )]);
    Session::new(catalogue, ProgressStore::empty()).apply(Action::StartNewAttempt {
        scenario: "profiles".into(),
        strategy: None,
        now: 1000,
    })
}

fn rated(s: &Session, id: &str, confidence: Option<Confidence>) -> Session {
    let s = s.apply(Action::Choose {
        choice: id.into(),
        confidence,
        now: 2000,
    });
    s.apply(Action::Continue { now: 2100 })
}

fn strategy_id(s: &Session) -> Option<String> {
    s.store().scenarios["profiles"]
        .attempt
        .as_ref()
        .unwrap()
        .strategy
        .clone()
}

#[test]
fn the_strategy_is_chosen_on_the_briefing_only() {
    let s = profiles();
    let s = s.apply(Action::ChooseStrategy {
        strategy: "cost-leadership".into(),
        now: 1100,
    });
    assert_eq!(strategy_id(&s), Some("cost-leadership".into()));
    // Unknown ids change nothing; the default strategy is saved as no strategy at all.
    let same = s.apply(Action::ChooseStrategy {
        strategy: "nonsense".into(),
        now: 1200,
    });
    assert_eq!(same, s);
    let back = s.apply(Action::ChooseStrategy {
        strategy: "technology-leadership".into(),
        now: 1200,
    });
    assert_eq!(strategy_id(&back), None);
    // Once the negotiation has begun, the strategy is fixed.
    let begun = s.apply(Action::Begin { now: 1300 });
    let Screen::Decision { playthrough, .. } = begun.screen() else {
        panic!("expected a decision");
    };
    assert_eq!(playthrough.strategy().index(), 1);
    let ignored = begun.apply(Action::ChooseStrategy {
        strategy: "technology-leadership".into(),
        now: 1400,
    });
    assert_eq!(ignored, begun);
    // A new attempt can be started under a strategy directly (from the debrief).
    let again = begun.apply(Action::StartNewAttempt {
        scenario: "profiles".into(),
        strategy: Some("cost-leadership".into()),
        now: 1500,
    });
    assert_eq!(strategy_id(&again), Some("cost-leadership".into()));
}

#[test]
fn confidence_is_saved_with_each_choice_and_survives_a_reload() {
    let s = profiles().apply(Action::Begin { now: 1100 });
    let s = rated(&s, "squeeze", Some(Confidence::Certain));
    let s = rated(&s, "reopen", None);
    let s = rated(&s, "discount", Some(Confidence::Unsure));
    let attempt = s.store().scenarios["profiles"].attempt.clone().unwrap();
    assert_eq!(attempt.confidence, [3, 0, 1]);
    let reopened = Session::new(
        s.catalogue().clone(),
        progress::decode(&progress::encode(s.saved())).unwrap(),
    );
    let (_, ratings) = reopened.attempt(0).unwrap();
    assert_eq!(
        ratings,
        [Some(Confidence::Certain), None, Some(Confidence::Unsure)]
    );
}

#[test]
fn a_practice_run_never_touches_the_attempt() {
    let s = profiles().apply(Action::Begin { now: 1100 });
    let s = rated(&s, "squeeze", None);
    let s = rated(&s, "walk", None);
    assert!(matches!(
        s.screen(),
        Screen::Ending {
            practice: false,
            ..
        }
    ));
    let record = s.store().scenarios["profiles"].clone();
    assert_eq!(record.completions, 1);

    // Practise from decision 2: the first choice is kept.
    let p = s.apply(Action::Practice { keep: 1, now: 3000 });
    let Screen::Decision {
        playthrough,
        practice: true,
        ..
    } = p.screen()
    else {
        panic!("expected a practice decision, got {:?}", p.screen());
    };
    assert_eq!(playthrough.steps().len(), 1);
    let p = rated(&p, "reopen", None);
    let p = rated(&p, "gates", None);
    assert!(matches!(p.screen(), Screen::Ending { practice: true, .. }));
    // The attempt, its best score and the completion count are as they were.
    let after = &p.store().scenarios["profiles"];
    assert_eq!(after.attempt, record.attempt);
    assert_eq!(after.best, record.best);
    assert_eq!(after.completions, 1);
    // The practice run is saved (a reload keeps it) until the learner leaves it.
    let reopened = Session::new(
        p.catalogue().clone(),
        progress::decode(&progress::encode(p.saved())).unwrap(),
    );
    assert!(matches!(
        reopened.screen(),
        Screen::Ending { practice: true, .. }
    ));
    let left = reopened.apply(Action::EndPractice);
    assert!(matches!(
        left.screen(),
        Screen::Ending {
            practice: false,
            ..
        }
    ));
    assert_eq!(left.store().scenarios["profiles"], record);
    // Practice is only offered from a finished attempt, and home clears it.
    let early = profiles().apply(Action::Practice { keep: 0, now: 1 });
    assert_eq!(early, profiles());
    let home = s
        .apply(Action::Practice { keep: 0, now: 1 })
        .apply(Action::GoHome);
    assert_eq!(home.store().scenarios["profiles"].practice, None);
}
