//! The LMS runtime's pure core on a real scenario, driven through the session as the
//! UI drives it: what a SCORM reporter calls and what a cmi5 session sends, for a
//! pass, a fail, a resume, a review launch and a replay.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::HashMap;
use std::rc::Rc;

use mandate::core::builtin;
use mandate::core::lms::cmi5::{Cmi5Launch, Cmi5Session, LaunchData};
use mandate::core::lms::scorm::{Call, Launch, Reporter};
use mandate::core::lms::tracker::Observed;
use mandate::core::lms::{Standard, decode_suspend};
use mandate::core::progress::ProgressStore;
use mandate::core::session::{Action, Catalogue, Screen, Session};
use serde_json::Value;

const CASE: &str = "purchasing-tech-leader";

fn catalogue() -> Catalogue {
    let all = builtin::load_all().unwrap();
    let entry = all
        .iter()
        .find(|e| e.scenario.id.as_str() == CASE)
        .unwrap()
        .clone();
    Rc::new(vec![entry])
}

fn best_and_worst(c: &Catalogue) -> (Vec<String>, Vec<String>) {
    let report = &c[0].analysis.reports[0];
    (report.best_path.clone(), report.worst_path.clone())
}

/// Plays `path` from the briefing, calling `each` after every action with the session.
fn play(
    mut s: Session,
    path: &[String],
    now: &mut u64,
    mut each: impl FnMut(&Session, u64),
) -> Session {
    s = s.apply(Action::Begin { now: *now });
    each(&s, *now);
    for choice in path {
        *now += 4_000;
        s = s.apply(Action::Choose {
            choice: choice.clone(),
            confidence: None,
            now: *now,
        });
        each(&s, *now);
        *now += 1_000;
        s = s.apply(Action::Continue { now: *now });
        each(&s, *now);
    }
    s
}

fn with_attempt<R>(s: &Session, f: impl FnOnce(Observed<'_>) -> R) -> R {
    let entry = &s.catalogue()[0];
    let attempt = s.playthrough(0);
    f(Observed {
        scenario: &entry.scenario,
        analysis: &entry.analysis,
        attempt: attempt.as_ref().map(|(p, a)| (*a, p)),
    })
}

fn launch(standard: Standard, values: &[(&str, &str)]) -> Launch {
    let map: HashMap<&str, &str> = values.iter().copied().collect();
    Launch::read(standard, |e| map.get(e).map(|v| v.to_string()))
}

/// A learner's session on the launched case, at the briefing of a new attempt.
fn fresh_attempt(c: &Catalogue, now: u64) -> Session {
    Session::new(c.clone(), ProgressStore::empty()).apply(Action::StartNewAttempt {
        scenario: CASE.into(),
        strategy: None,
        now,
    })
}

/// The LMS's view after the calls: last value set for each element.
fn apply_calls(cmi: &mut HashMap<String, String>, calls: &[Call]) {
    for call in calls {
        if let Call::Set(k, v) = call {
            cmi.insert(k.clone(), v.clone());
        }
    }
}

#[test]
fn a_scorm_12_pass_reports_each_decision_then_score_and_status() {
    let c = catalogue();
    let (best, _) = best_and_worst(&c);
    let l = launch(
        Standard::Scorm12,
        &[
            ("cmi.core.entry", "ab-initio"),
            ("cmi.core.lesson_status", "not attempted"),
            ("cmi.interactions._count", "0"),
        ],
    );
    let mut now = 1_000_000;
    let (mut reporter, first) = Reporter::start(&l, c[0].scenario.pass_threshold, now);
    assert_eq!(
        first,
        [
            Call::Set("cmi.core.lesson_status".into(), "incomplete".into()),
            Call::Set("cmi.core.exit".into(), "suspend".into()),
            Call::Commit
        ]
    );
    let s = fresh_attempt(&c, now);
    let mut cmi = HashMap::new();
    let mut commits = 0;
    let s = play(s, &best, &mut now, |s, now| {
        let calls = with_attempt(s, |seen| reporter.observe(seen, now));
        if !calls.is_empty() {
            assert_eq!(
                calls.last(),
                Some(&Call::Commit),
                "every change ends in a commit"
            );
            commits += 1;
        }
        assert!(!calls.contains(&Call::Terminate));
        apply_calls(&mut cmi, &calls);
    });
    assert!(matches!(s.screen(), Screen::Ending { .. }));
    assert!(
        commits >= best.len(),
        "{commits} commits for {} decisions",
        best.len()
    );
    for (i, choice) in best.iter().enumerate() {
        assert_eq!(
            cmi[&format!("cmi.interactions.{i}.student_response")],
            *choice
        );
        assert_eq!(cmi[&format!("cmi.interactions.{i}.result")], "correct");
        assert_eq!(cmi[&format!("cmi.interactions.{i}.type")], "choice");
        // 4 s from the decision appearing to the choice.
        assert_eq!(cmi[&format!("cmi.interactions.{i}.latency")], "00:00:04.00");
    }
    assert!(!cmi.contains_key(&format!("cmi.interactions.{}.id", best.len())));
    assert_eq!(cmi["cmi.core.score.raw"], "100");
    assert_eq!(cmi["cmi.core.score.min"], "0");
    assert_eq!(cmi["cmi.core.score.max"], "100");
    assert_eq!(cmi["cmi.core.lesson_status"], "passed");
    assert_eq!(cmi["cmi.core.lesson_location"], "end");
    assert_eq!(cmi["cmi.core.exit"], "");
    let saved = decode_suspend(&cmi["cmi.suspend_data"]).unwrap();
    assert_eq!(saved.choices, best);
    let last = reporter.finish(now + 1_000);
    assert_eq!(last.last(), Some(&Call::Terminate));
    assert_eq!(last.iter().filter(|c| **c == Call::Terminate).count(), 1);
    // Nothing after Terminate, whatever happens.
    assert_eq!(reporter.finish(now + 2_000), []);
    assert_eq!(reporter.checkpoint(now + 2_000), []);
    assert_eq!(
        with_attempt(&s, |seen| reporter.observe(seen, now + 3_000)),
        []
    );
}

#[test]
fn a_scorm_2004_fail_writes_completion_and_failure_and_a_worse_replay_lowers_nothing() {
    let c = catalogue();
    let (best, worst) = best_and_worst(&c);
    let l = launch(
        Standard::Scorm2004,
        &[
            ("cmi.entry", "ab-initio"),
            ("cmi.completion_status", "unknown"),
            ("cmi.interactions._count", "3"),
        ],
    );
    let mut now = 5_000_000;
    let (mut reporter, _) = Reporter::start(&l, c[0].scenario.pass_threshold, now);
    let mut cmi = HashMap::new();
    let s = fresh_attempt(&c, now);
    let s = play(s, &best, &mut now, |s, now| {
        apply_calls(
            &mut cmi,
            &with_attempt(s, |seen| reporter.observe(seen, now)),
        );
    });
    // Records start at the LMS's _count.
    assert!(cmi.contains_key("cmi.interactions.3.id"));
    assert!(!cmi.contains_key("cmi.interactions.0.id"));
    assert_eq!(cmi["cmi.success_status"], "passed");
    assert_eq!(cmi["cmi.score.scaled"], "1");
    assert_eq!(cmi["cmi.progress_measure"], "1");
    assert_eq!(cmi["cmi.exit"], "normal");
    // Play again, worse: reported as new interactions, but the pass stands.
    now += 1_000;
    let s = s.apply(Action::StartNewAttempt {
        scenario: CASE.into(),
        strategy: None,
        now,
    });
    let mut replay_calls = Vec::new();
    let _ = play(s, &worst, &mut now, |s, now| {
        let calls = with_attempt(s, |seen| reporter.observe(seen, now));
        apply_calls(&mut cmi, &calls);
        replay_calls.extend(calls);
    });
    let first_of_replay = 3 + best.len();
    assert_eq!(
        cmi[&format!("cmi.interactions.{first_of_replay}.learner_response")],
        worst[0]
    );
    assert!(
        replay_calls
            .iter()
            .any(|c| matches!(c, Call::Set(k, v) if k == "cmi.exit" && v == "suspend"))
    );
    assert!(!replay_calls.iter().any(
        |c| matches!(c, Call::Set(k, _) if k.starts_with("cmi.score") || k == "cmi.success_status")
    ));
    assert_eq!(cmi["cmi.success_status"], "passed");

    // A fresh launch that only plays the worst path fails.
    let (mut reporter, _) = Reporter::start(&l, c[0].scenario.pass_threshold, now);
    let mut cmi = HashMap::new();
    let s = fresh_attempt(&c, now);
    let _ = play(s, &worst, &mut now, |s, now| {
        apply_calls(
            &mut cmi,
            &with_attempt(s, |seen| reporter.observe(seen, now)),
        );
    });
    assert_eq!(cmi["cmi.completion_status"], "completed");
    assert_eq!(cmi["cmi.success_status"], "failed");
    assert_eq!(cmi["cmi.score.raw"], "0");
    assert!(cmi.contains_key(&format!("cmi.interactions.{}.result", 3)));
    assert!(cmi.values().any(|v| v == "incorrect"));
}

#[test]
fn the_lms_mastery_score_overrides_the_scenarios_pass_mark() {
    let c = catalogue();
    let (best, _) = best_and_worst(&c);
    // A 1.2 mastery score of 100: only a perfect path passes (the best path scores 100).
    let l = launch(
        Standard::Scorm12,
        &[
            ("cmi.core.entry", "ab-initio"),
            ("cmi.student_data.mastery_score", "100"),
        ],
    );
    assert_eq!(l.mastery, Some(100));
    let l2004 = launch(Standard::Scorm2004, &[("cmi.scaled_passing_score", "0.85")]);
    assert_eq!(l2004.mastery, Some(85));
    let mut now = 0;
    let (mut reporter, _) = Reporter::start(&l, 10, now);
    let mut cmi = HashMap::new();
    let s = fresh_attempt(&c, now);
    let _ = play(s, &best, &mut now, |s, now| {
        apply_calls(
            &mut cmi,
            &with_attempt(s, |seen| reporter.observe(seen, now)),
        );
    });
    assert_eq!(cmi["cmi.core.lesson_status"], "passed");
}

#[test]
fn review_browse_and_no_credit_launches_change_nothing() {
    let c = catalogue();
    let (best, _) = best_and_worst(&c);
    for values in [
        &[("cmi.core.lesson_mode", "review")][..],
        &[("cmi.core.lesson_mode", "browse")][..],
        &[("cmi.core.credit", "no-credit")][..],
    ] {
        let l = launch(Standard::Scorm12, values);
        assert!(!l.records());
        let mut now = 0;
        let (mut reporter, first) = Reporter::start(&l, 70, now);
        assert_eq!(first, [], "{values:?}");
        let s = fresh_attempt(&c, now);
        let _ = play(s, &best, &mut now, |s, now| {
            assert_eq!(with_attempt(s, |seen| reporter.observe(seen, now)), []);
        });
        assert_eq!(reporter.checkpoint(now), []);
        assert_eq!(reporter.finish(now), [Call::Commit, Call::Terminate]);
    }
}

#[test]
fn a_resumed_launch_opens_the_exact_decision_and_reports_only_what_is_new() {
    let c = catalogue();
    let (best, _) = best_and_worst(&c);
    // First session: three decisions, then the learner leaves.
    let l = launch(Standard::Scorm12, &[("cmi.core.entry", "ab-initio")]);
    let mut now = 0;
    let (mut reporter, _) = Reporter::start(&l, 70, now);
    let mut cmi = HashMap::new();
    let s = fresh_attempt(&c, now);
    let s = play(s, &best[..3], &mut now, |s, now| {
        apply_calls(
            &mut cmi,
            &with_attempt(s, |seen| reporter.observe(seen, now)),
        );
    });
    apply_calls(&mut cmi, &reporter.finish(now));
    assert_eq!(cmi["cmi.core.exit"], "suspend");
    let Screen::Decision { playthrough, .. } = s.screen() else {
        panic!("not at a decision: {:?}", s.screen())
    };
    // Second session on another device: the LMS's data is all there is.
    let suspend = cmi["cmi.suspend_data"].clone();
    let location = cmi["cmi.core.lesson_location"].clone();
    let l = launch(
        Standard::Scorm12,
        &[
            ("cmi.core.entry", "resume"),
            ("cmi.core.lesson_status", "incomplete"),
            ("cmi.suspend_data", &suspend),
            ("cmi.core.lesson_location", &location),
            ("cmi.interactions._count", "3"),
        ],
    );
    let resumed = Session::new(c.clone(), ProgressStore::empty()).apply(Action::Restore {
        scenario: CASE.into(),
        suspended: l.resume_state().unwrap().clone(),
        now,
    });
    let Screen::Decision {
        playthrough: again, ..
    } = resumed.screen()
    else {
        panic!("resumed at {:?}", resumed.screen())
    };
    assert_eq!(again.steps(), playthrough.steps());
    let (mut reporter, first) = Reporter::start(&l, 70, now);
    // Already incomplete: the status is left alone.
    assert_eq!(
        first,
        [
            Call::Set("cmi.core.exit".into(), "suspend".into()),
            Call::Commit
        ]
    );
    let mut calls = Vec::new();
    let _ = play(resumed, &best[3..], &mut now, |s, now| {
        calls.extend(with_attempt(s, |seen| reporter.observe(seen, now)));
    });
    let ids: Vec<&String> = calls
        .iter()
        .filter_map(|c| match c {
            Call::Set(k, v) if k.ends_with(".student_response") => Some(v),
            _ => None,
        })
        .collect();
    assert_eq!(ids, best[3..].iter().collect::<Vec<_>>());
    assert!(
        calls
            .iter()
            .any(|c| matches!(c, Call::Set(k, _) if k == "cmi.interactions.3.id"))
    );
}

#[test]
fn launch_values_are_read_leniently_and_problems_are_named() {
    let l = launch(
        Standard::Scorm2004,
        &[
            ("cmi.learner_id", "u-7"),
            ("cmi.entry", "resume"),
            ("cmi.mode", "sideways"),
            ("cmi.suspend_data", "v9|nonsense"),
            ("cmi.score.scaled", "banana"),
            ("cmi.interactions._count", "-1"),
        ],
    );
    assert_eq!(l.learner_id, "u-7");
    assert!(l.records());
    assert_eq!(l.suspended, None);
    assert_eq!(
        l.problems,
        [
            "unknown mode “sideways”; playing as normal",
            "the score “banana” is not a number; ignored",
            "the LMS's saved state is not in a format this release reads (it starts “v9|nonse”); the attempt starts afresh",
            "interactions._count “-1” is not a count",
        ]
    );
    // A first 2004 launch: nothing set, nothing wrong.
    let l = launch(Standard::Scorm2004, &[]);
    assert_eq!(l.problems, Vec::<String>::new());
    assert_eq!(l.suspended, None);
}

fn cmi5(mode: &str, mastery: Option<f64>) -> (Cmi5Launch, LaunchData) {
    let q: Vec<(String, String)> = [
        ("endpoint", "http://127.0.0.1:9/xapi/"),
        ("fetch", "http://127.0.0.1:9/fetch"),
        (
            "actor",
            r#"{"objectType":"Agent","account":{"homePage":"https://lms.example","name":"7"}}"#,
        ),
        ("registration", "760e3480-ba55-4991-94b0-01820dbd23a2"),
        ("activityId", "https://lms.example/au/1"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let launch = Cmi5Launch::from_query(&q).unwrap().unwrap();
    let mastery = mastery.map_or(String::new(), |m| format!(r#","masteryScore":{m}"#));
    let data = LaunchData::parse(&format!(
        r#"{{"contextTemplate":{{"contextActivities":{{"grouping":[{{"id":"https://lms.example/au/1"}}]}},"extensions":{{"https://w3id.org/xapi/cmi5/context/extensions/sessionid":"s-1"}}}},"launchMode":"{mode}","moveOn":"CompletedAndPassed"{mastery}}}"#
    ))
    .unwrap();
    (launch, data)
}

fn verbs(statements: &[Value]) -> Vec<String> {
    statements
        .iter()
        .map(|s| {
            s["verb"]["id"]
                .as_str()
                .unwrap()
                .rsplit('/')
                .next()
                .unwrap()
                .to_string()
        })
        .collect()
}

#[test]
fn a_cmi5_session_sends_its_statements_in_the_specified_order_and_shape() {
    let c = catalogue();
    let (best, worst) = best_and_worst(&c);
    let (launch, data) = cmi5("Normal", Some(0.8));
    let mut now = 1_795_741_200_000;
    let mut counter = 0u8;
    let mut ids = || {
        counter += 1;
        [counter; 16]
    };
    let mut session = Cmi5Session::new(launch, data, CASE, 70, 0, false, now);
    let mut sent = vec![session.initialized(ids(), now)];
    let mut state = None;
    let s = fresh_attempt(&c, now);
    let s = play(s, &best, &mut now, |s, now| {
        let out = with_attempt(s, |seen| session.observe(seen, now, &mut ids));
        sent.extend(out.statements);
        state = out.state.or(state.take());
    });
    // A replay after the verdict sends nothing more: the record is complete.
    let s = s.apply(Action::StartNewAttempt {
        scenario: CASE.into(),
        strategy: None,
        now,
    });
    let _ = play(s, &worst, &mut now, |s, now| {
        sent.extend(with_attempt(s, |seen| session.observe(seen, now, &mut ids)).statements);
    });
    sent.push(session.terminate(ids(), now + 60_000).unwrap());
    assert_eq!(session.terminate(ids(), now), None, "one terminated");
    let mut expected = vec!["initialized".to_string()];
    expected.extend(std::iter::repeat_n("answered".to_string(), best.len()));
    expected.extend(["completed", "passed", "terminated"].map(String::from));
    assert_eq!(verbs(&sent), expected);
    for s in &sent {
        assert_eq!(
            s["context"]["registration"],
            "760e3480-ba55-4991-94b0-01820dbd23a2"
        );
        assert_eq!(
            s["context"]["extensions"]["https://w3id.org/xapi/cmi5/context/extensions/sessionid"],
            "s-1"
        );
        assert_eq!(s["id"].as_str().unwrap().len(), 36);
        assert!(s["timestamp"].as_str().unwrap().ends_with('Z'));
        let categories = s["context"]["contextActivities"]["category"].to_string();
        let verb = s["verb"]["id"].as_str().unwrap();
        if verb.ends_with("answered") {
            assert_eq!(
                categories, "null",
                "an answered statement is not a cmi5-defined one"
            );
            assert_eq!(
                s["context"]["contextActivities"]["parent"][0]["id"],
                "https://lms.example/au/1"
            );
            assert_eq!(s["object"]["definition"]["interactionType"], "choice");
            assert_eq!(
                s["object"]["definition"]["type"],
                "http://adlnet.gov/expapi/activities/cmi.interaction"
            );
            assert!(
                s["object"]["id"]
                    .as_str()
                    .unwrap()
                    .starts_with("https://lms.example/au/1/scenario/purchasing-tech-leader/node/")
            );
            assert!(s["result"]["response"].is_string());
            assert!(s["result"].get("score").is_none());
        } else {
            assert!(categories.contains("https://w3id.org/xapi/cmi5/context/categories/cmi5"));
            let moveon = categories.contains("categories/moveon");
            assert_eq!(
                moveon,
                verb.ends_with("completed") || verb.ends_with("passed"),
                "{verb}"
            );
        }
    }
    let completed = &sent[1 + best.len()];
    assert_eq!(completed["result"]["completion"], true);
    assert!(completed["result"].get("score").is_none());
    let passed = &sent[2 + best.len()];
    assert_eq!(passed["result"]["success"], true);
    assert_eq!(passed["result"]["score"]["scaled"], 1.0);
    assert_eq!(passed["result"]["score"]["raw"], 100);
    assert_eq!(
        passed["context"]["extensions"]["https://w3id.org/xapi/cmi5/context/extensions/masteryscore"],
        0.8
    );
    // 60 s after the last decision, plus the play before it.
    let duration = sent.last().unwrap()["result"]["duration"].as_str().unwrap();
    assert!(
        duration.starts_with("PT") && duration.ends_with('S'),
        "{duration}"
    );
    assert!(decode_suspend(&state.unwrap()).is_ok());
}

#[test]
fn a_cmi5_fail_and_a_browse_launch() {
    let c = catalogue();
    let (best, worst) = best_and_worst(&c);
    let (launch, data) = cmi5("Normal", None);
    let mut now = 0;
    let mut ids = || [7u8; 16];
    let mut session = Cmi5Session::new(launch, data, CASE, 70, 0, false, now);
    let mut sent = Vec::new();
    let s = fresh_attempt(&c, now);
    let _ = play(s, &worst, &mut now, |s, now| {
        sent.extend(with_attempt(s, |seen| session.observe(seen, now, &mut ids)).statements);
    });
    let failed = sent.last().unwrap();
    assert_eq!(
        failed["verb"]["id"],
        "http://adlnet.gov/expapi/verbs/failed"
    );
    assert_eq!(failed["result"]["success"], false);
    // Without a masteryScore in the launch data, none is claimed.
    assert!(
        failed["context"]
            .get("extensions")
            .and_then(|e| e.get("https://w3id.org/xapi/cmi5/context/extensions/masteryscore"))
            .is_none()
    );

    for mode in ["Browse", "Review"] {
        let (launch, data) = cmi5(mode, Some(0.5));
        let mut now = 0;
        let mut session = Cmi5Session::new(launch, data, CASE, 70, 0, false, now);
        let mut sent = vec![session.initialized([1; 16], now)];
        let s = fresh_attempt(&c, now);
        let _ = play(s, &best, &mut now, |s, now| {
            let out = with_attempt(s, |seen| session.observe(seen, now, &mut ids));
            assert_eq!(out.state, None);
            sent.extend(out.statements);
        });
        sent.push(session.terminate([2; 16], now).unwrap());
        assert_eq!(verbs(&sent), ["initialized", "terminated"], "{mode}");
    }
}
