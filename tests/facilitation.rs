//! Facilitator mode's run: votes, the majority and ties, the reveal, going back, the
//! timer, the class's path and score, and saving a run across a reload.
#![cfg(not(target_arch = "wasm32"))]

use std::rc::Rc;

use mandate::core::builtin;
use mandate::core::engine::Playthrough;
use mandate::core::facilitation::{
    self, Action, Followed, Majority, Phase, RestoreError, Run, SAVED_VERSION, clock_text,
};
use mandate::core::scenario::{StrategyIndex, load};
use mandate::core::session::Entry;

const MINI: &str = include_str!("fixtures/mini.mandate");

fn catalogue(source: &str) -> Rc<Vec<Entry>> {
    Rc::new(vec![Entry::new(
        load("mini.mandate", source).unwrap().scenario,
    )])
}

fn fresh() -> Run {
    Run::new(catalogue(MINI), 0, StrategyIndex::default(), None)
}

/// Applies `actions` in order.
fn play(run: &Run, actions: impl IntoIterator<Item = Action>) -> Run {
    actions.into_iter().fold(run.clone(), |r, a| r.apply(a))
}

fn vote(option: usize, times: u32) -> impl Iterator<Item = Action> {
    (0..times).map(move |_| Action::Vote { option, delta: 1 })
}

fn cont() -> Action {
    Action::Continue { pick: None }
}

#[test]
fn a_run_starts_at_the_briefing_and_votes_only_while_voting() {
    let run = fresh();
    assert_eq!(run.phase(), Phase::Briefing);
    assert_eq!(run.votes(), &[] as &[u32]);
    // Votes at the briefing change nothing.
    assert_eq!(
        run.apply(Action::Vote {
            option: 0,
            delta: 1
        }),
        run
    );
    let run = run.apply(Action::Begin);
    assert_eq!(run.phase(), Phase::Voting);
    assert_eq!(run.decision_number(), 1);
    assert_eq!(run.scene().unwrap().id.as_str(), "open");
    assert_eq!(run.options().len(), 2);
    assert_eq!(run.votes(), &[0, 0]);
}

#[test]
fn votes_count_up_and_down_and_never_below_zero() {
    let run = play(&fresh(), [Action::Begin]);
    let run = play(&run, vote(0, 3).chain(vote(1, 2)));
    assert_eq!(run.votes(), &[3, 2]);
    let run = play(
        &run,
        [
            Action::Vote {
                option: 1,
                delta: -1,
            },
            Action::Vote {
                option: 1,
                delta: -1,
            },
            Action::Vote {
                option: 1,
                delta: -1,
            },
        ],
    );
    assert_eq!(run.votes(), &[3, 0], "a count stops at 0");
    // A typed count, capped; an option that is not there changes nothing.
    let run = run.apply(Action::SetVotes {
        option: 1,
        count: 14,
    });
    assert_eq!(run.votes(), &[3, 14]);
    let capped = run.apply(Action::SetVotes {
        option: 0,
        count: 1_000_000,
    });
    assert_eq!(capped.votes(), &[facilitation::MAX_VOTES, 14]);
    assert_eq!(
        run.apply(Action::Vote {
            option: 5,
            delta: 1
        }),
        run
    );
    assert_eq!(run.total_votes(), 17);
    // Once revealed the votes are fixed; going back to the vote unfreezes them.
    let revealed = run.apply(Action::Reveal);
    assert_eq!(
        revealed.apply(Action::Vote {
            option: 0,
            delta: 1
        }),
        revealed
    );
    let again = revealed.apply(Action::Back);
    assert_eq!(again.phase(), Phase::Voting);
    assert_eq!(again.votes(), &[3, 14]);
}

#[test]
fn the_majority_decides_where_the_class_goes() {
    let run = play(&fresh(), [Action::Begin]);
    let run = play(&run, vote(0, 4).chain(vote(1, 9)));
    assert_eq!(run.majority(), Majority::Clear(1));
    // Nothing is followed before the reveal.
    assert_eq!(run.followed(), None);
    assert_eq!(run.apply(cont()), run, "no continuing before the reveal");
    let run = run.apply(Action::Reveal);
    assert_eq!(run.followed(), Some(1));
    let run = run.apply(cont());
    assert_eq!(run.phase(), Phase::Voting);
    assert_eq!(run.scene().unwrap().id.as_str(), "warm");
    assert_eq!(run.decision_number(), 2);
    assert_eq!(
        run.votes(),
        &[0, 0, 0],
        "a new decision starts with no votes"
    );
}

#[test]
fn a_tie_or_no_votes_waits_for_the_instructors_pick() {
    let run = play(&fresh(), [Action::Begin]);
    let tied = play(&run, vote(0, 5).chain(vote(1, 5)));
    assert_eq!(tied.majority(), Majority::Tie(vec![0, 1]));
    let tied = tied.apply(Action::Reveal);
    assert_eq!(tied.followed(), None);
    assert_eq!(
        tied.apply(cont()),
        tied,
        "a tie does not continue by itself"
    );
    // The instructor picks (a key), then continues.
    let picked = tied.apply(Action::Pick { option: 0 });
    assert_eq!(picked.followed(), Some(0));
    let on = picked.apply(cont());
    assert_eq!(on.scene().unwrap().id.as_str(), "cold");
    // Or names the choice directly.
    let on = tied.apply(Action::Continue {
        pick: Some("roadmap".into()),
    });
    assert_eq!(on.scene().unwrap().id.as_str(), "warm");
    // A pick that is not an option changes nothing.
    assert_eq!(tied.apply(Action::Pick { option: 7 }), tied);
    assert_eq!(
        tied.apply(Action::Continue {
            pick: Some("nope".into())
        }),
        tied
    );

    let silent = run.apply(Action::Reveal);
    assert_eq!(silent.majority(), Majority::NoVotes);
    assert_eq!(silent.apply(cont()), silent);
    // The instructor may also overrule a clear majority.
    let overruled = play(
        &run,
        vote(1, 3).chain([Action::Reveal, Action::Pick { option: 0 }, cont()]),
    );
    assert_eq!(overruled.scene().unwrap().id.as_str(), "cold");
}

#[test]
fn scores_stay_hidden_until_the_reveal() {
    let run = play(&fresh(), [Action::Begin]);
    let run = play(&run, vote(0, 2));
    assert!(!run.scores_visible());
    assert_eq!(run.alignment(0), None);
    assert_eq!(run.why(0), None);
    assert_eq!(run.scorecard(), None);
    assert!(run.path().is_empty());
    let revealed = run.apply(Action::Reveal);
    assert!(revealed.scores_visible());
    assert_eq!(revealed.alignment(0).unwrap().value(), -2);
    assert_eq!(revealed.alignment(1).unwrap().value(), 2);
    assert_eq!(
        revealed.why(0),
        Some("Squeezing price trades away the early access a technology leader needs.")
    );
    assert_eq!(revealed.alignment(2), None);
    // The next decision hides them again.
    let next = revealed.apply(cont());
    assert!(!next.scores_visible());
    assert_eq!(next.alignment(0), None);
    assert!(next.path().is_empty());
    assert_eq!(next.scorecard(), None);
}

#[test]
fn the_end_shows_the_class_path_its_score_and_every_vote() {
    let run = play(
        &fresh(),
        [Action::Begin]
            .into_iter()
            .chain(vote(0, 7))
            .chain(vote(1, 3))
            .chain([Action::Reveal, cont()]) // squeeze, by majority
            .chain(vote(0, 5))
            .chain(vote(1, 5))
            .chain([Action::Reveal, Action::Pick { option: 1 }, cont()]) // tie: apologise
            .chain(vote(0, 2))
            .chain(vote(1, 6))
            .chain(vote(2, 2))
            .chain([Action::Reveal, Action::Pick { option: 0 }, cont()]), // overruled: quality gates
    );
    assert_eq!(run.phase(), Phase::Ended);
    assert!(run.scores_visible());
    assert_eq!(run.decision_number(), 3);
    let path = run.path();
    let summary: Vec<(&str, &str, i8, Vec<u32>, Followed)> = path
        .iter()
        .map(|p| {
            (
                p.scene_title.as_str(),
                p.chosen().id.as_str(),
                p.chosen().alignment.value(),
                p.options.iter().map(|o| o.votes).collect(),
                p.followed,
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            (
                "The first offer",
                "squeeze",
                -2,
                vec![7, 3],
                Followed::Majority
            ),
            ("A cold room", "b", 1, vec![5, 5], Followed::Decided),
            (
                "Working together",
                "a",
                2,
                vec![2, 6, 2],
                Followed::Overruled
            ),
        ]
    );
    assert_eq!(path[2].total_votes, 10);
    assert_eq!(path[2].options[1].label, "Accept without conditions.");
    // The score is the core's score of the same path.
    let entry = &run.catalogue()[0];
    let same = Playthrough::replay(
        &entry.scenario,
        StrategyIndex::default(),
        &["squeeze", "b", "a"],
    )
    .unwrap();
    let expected = entry.analysis.score(&entry.scenario, &same);
    assert_eq!(run.scorecard(), Some(expected));
    // -2 + 1 + 2 = 1 between the worst (-3) and the best (+4): 4/7 = 57.
    assert_eq!(expected.raw, 1);
    assert_eq!(expected.score, 57);
    assert!(!expected.passed);
    // At the end there is nothing to vote on.
    assert_eq!(run.votes(), &[] as &[u32]);
    assert_eq!(run.apply(Action::Reveal), run);
}

#[test]
fn back_steps_through_the_reveal_the_decision_and_the_briefing() {
    let run = play(&fresh(), [Action::Begin]);
    assert_eq!(run.apply(Action::Back).phase(), Phase::Briefing);
    assert_eq!(fresh().apply(Action::Back), fresh());
    let at_warm = play(
        &run,
        vote(1, 4).chain([Action::Reveal, cont()]).chain(vote(2, 1)),
    );
    assert_eq!(at_warm.scene().unwrap().id.as_str(), "warm");
    // From the vote on `warm` back to the reveal of `open`, with its votes.
    let back = at_warm.apply(Action::Back);
    assert_eq!(back.phase(), Phase::Revealed);
    assert_eq!(back.scene().unwrap().id.as_str(), "open");
    assert_eq!(back.votes(), &[0, 4]);
    assert!(back.playthrough().steps().is_empty());
    // Then back to its vote, where the votes can change, and another way on.
    let back = back.apply(Action::Back);
    assert_eq!(back.phase(), Phase::Voting);
    let other = play(&back, vote(0, 9).chain([Action::Reveal, cont()]));
    assert_eq!(other.scene().unwrap().id.as_str(), "cold");
    // From the ending back to the last reveal.
    let ended = play(&other, vote(0, 1).chain([Action::Reveal, cont()]));
    assert_eq!(ended.phase(), Phase::Ended);
    let back = ended.apply(Action::Back);
    assert_eq!(back.phase(), Phase::Revealed);
    assert_eq!(back.scene().unwrap().id.as_str(), "cold");
    assert_eq!(back.votes(), &[1, 0]);
    assert_eq!(back.followed(), Some(0));
}

#[test]
fn restart_clears_the_votes_and_keeps_the_setup() {
    let run = Run::new(catalogue(MINI), 0, StrategyIndex::default(), Some(90));
    let played = play(
        &run,
        [Action::Begin]
            .into_iter()
            .chain(vote(1, 3))
            .chain([Action::Reveal, cont()]),
    );
    let again = played.apply(Action::Restart);
    assert_eq!(again, run);
    assert_eq!(again.timer().unwrap().seconds, 90);
}

#[test]
fn the_timer_counts_down_pauses_and_resets_for_each_decision() {
    let run = Run::new(catalogue(MINI), 0, StrategyIndex::default(), Some(60));
    // Not at the briefing.
    assert_eq!(run.apply(Action::ToggleTimer { now: 0 }), run);
    let run = run.apply(Action::Begin);
    let timer = run.timer().unwrap();
    assert!(!timer.is_running() && !timer.is_started());
    assert_eq!(timer.remaining_secs(5_000), 60);
    let run = run.apply(Action::ToggleTimer { now: 10_000 });
    let t = run.timer().unwrap();
    assert!(t.is_running());
    assert_eq!(t.remaining_secs(10_000), 60);
    assert_eq!(t.remaining_secs(10_001), 60, "rounds up");
    assert_eq!(t.remaining_secs(40_000), 30);
    // Paused at 25 s left; time passing changes nothing.
    let run = run.apply(Action::ToggleTimer { now: 45_000 });
    let t = run.timer().unwrap();
    assert!(!t.is_running() && t.is_started());
    assert_eq!(t.remaining_secs(100_000), 25);
    // Resumed, it runs out and stays at 0.
    let run = run.apply(Action::ToggleTimer { now: 100_000 });
    let t = run.timer().unwrap();
    assert_eq!(t.remaining_secs(124_500), 1);
    assert!(t.is_up(125_000));
    assert_eq!(t.remaining_secs(999_000), 0);
    assert_eq!(clock_text(90), "1:30");
    assert_eq!(clock_text(5), "0:05");
    // The reveal stops it; the next decision gets a fresh one.
    let revealed = play(&run, vote(0, 1).chain([Action::Reveal]));
    assert!(!revealed.timer().unwrap().is_running());
    let next = revealed.apply(cont());
    assert!(!next.timer().unwrap().is_started());
    assert_eq!(next.timer().unwrap().remaining_secs(1_000_000), 60);
    // Switched off and on from the setup.
    let off = next.apply(Action::SetTimer { seconds: None });
    assert_eq!(off.timer(), None);
    assert_eq!(off.apply(Action::ToggleTimer { now: 1 }), off);
    assert_eq!(
        off.apply(Action::SetTimer { seconds: Some(120) })
            .timer()
            .unwrap()
            .seconds,
        120
    );
}

#[test]
fn a_saved_run_restores_its_place_votes_and_picks() {
    let run = Run::new(catalogue(MINI), 0, StrategyIndex::default(), Some(90));
    let run = play(
        &run,
        [Action::Begin]
            .into_iter()
            .chain(vote(0, 2))
            .chain(vote(1, 2))
            .chain([Action::Reveal, Action::Pick { option: 0 }, cont()])
            .chain(vote(1, 6))
            .chain([Action::Reveal, Action::Pick { option: 0 }]),
    );
    let saved = run.save();
    assert_eq!(saved.version, SAVED_VERSION);
    assert_eq!(saved.scenario, "mini");
    assert_eq!(saved.strategy, "technology-leadership");
    assert_eq!(saved.choices, vec!["squeeze"]);
    assert_eq!(saved.votes, vec![vec![2, 2], vec![0, 6]]);
    assert_eq!(saved.phase, Phase::Revealed);
    assert_eq!(saved.pick, Some(0));
    let text = facilitation::encode(&saved);
    let decoded = facilitation::decode(&text).unwrap();
    assert_eq!(decoded, saved);
    let restored = Run::restore(catalogue(MINI), &decoded).unwrap();
    assert_eq!(restored.notice, None);
    assert_eq!(restored.run, run);
    // Every phase survives the trip.
    for r in [
        fresh(),
        fresh().apply(Action::Begin),
        play(
            &fresh(),
            [
                Action::Begin,
                Action::Vote {
                    option: 1,
                    delta: 1,
                },
                Action::Reveal,
                cont(),
                Action::Vote {
                    option: 0,
                    delta: 1,
                },
                Action::Reveal,
                cont(),
            ],
        ),
    ] {
        let back = Run::restore(
            catalogue(MINI),
            &facilitation::decode(&facilitation::encode(&r.save())).unwrap(),
        )
        .unwrap();
        assert_eq!(back.run, r, "{:?}", r.phase());
    }
}

#[test]
fn a_saved_run_of_changed_content_resumes_where_it_still_fits() {
    let run = play(
        &fresh(),
        [Action::Begin]
            .into_iter()
            .chain(vote(0, 3))
            .chain([Action::Reveal, cont()])
            .chain(vote(1, 4)),
    );
    let saved = run.save();
    // `squeeze` is renamed: the class resumes at decision 1, its votes dropped only where
    // they no longer fit.
    let changed = catalogue(&MINI.replace("id: squeeze", "id: push"));
    let restored = Run::restore(changed.clone(), &saved).unwrap();
    assert_eq!(
        restored.notice.as_deref(),
        Some(
            "“Mini negotiation” has changed since this run was saved. The class resumes at \
             decision 1, the last one that still exists."
        )
    );
    assert_eq!(restored.run.phase(), Phase::Voting);
    assert_eq!(restored.run.decision_number(), 1);
    assert_eq!(restored.run.votes(), &[3, 0]);
    // Votes whose option count no longer matches are dropped.
    let mut odd = saved.clone();
    odd.votes[1] = vec![1, 2, 3, 4];
    let restored = Run::restore(catalogue(MINI), &odd).unwrap();
    assert_eq!(restored.run.votes(), &[0, 0]);
    // An unknown scenario, a newer release's save, and damage are refused with reasons.
    let mut unknown = saved.clone();
    unknown.scenario = "gone".into();
    assert_eq!(
        Run::restore(catalogue(MINI), &unknown).unwrap_err(),
        RestoreError::UnknownScenario("gone".into())
    );
    let newer = facilitation::encode(&saved).replace("\"version\":1", "\"version\":9");
    assert_eq!(
        facilitation::decode(&newer).unwrap_err(),
        RestoreError::NewerVersion(9)
    );
    assert!(matches!(
        facilitation::decode("{\"version\":1}"),
        Err(RestoreError::Damaged(_))
    ));
    assert!(matches!(
        facilitation::decode("not json"),
        Err(RestoreError::Damaged(_))
    ));
    assert_eq!(
        RestoreError::UnknownScenario("gone".into()).to_string(),
        "the saved run is of `gone`, which this release does not have"
    );
}

#[test]
fn a_room_following_the_best_path_of_the_purchasing_case_scores_100() {
    let catalogue = Rc::new(builtin::load_all().unwrap());
    let entry = catalogue
        .iter()
        .position(|e| e.scenario.id.as_str() == "purchasing-tech-leader")
        .unwrap();
    let mut run =
        Run::new(catalogue.clone(), entry, StrategyIndex::default(), None).apply(Action::Begin);
    // At each decision the room votes most for the best-aligned option.
    while run.phase() == Phase::Voting {
        let revealed = run.apply(Action::Reveal);
        let best = (0..run.options().len())
            .max_by_key(|&i| (revealed.alignment(i).unwrap(), std::cmp::Reverse(i)))
            .unwrap();
        run = play(&run, vote(best, 12).chain([Action::Reveal, cont()]));
        assert!(run.playthrough().steps().len() < 20);
    }
    assert_eq!(run.phase(), Phase::Ended);
    let card = run.scorecard().unwrap();
    let e = &catalogue[entry];
    assert_eq!(card, e.analysis.score(&e.scenario, run.playthrough()));
    assert_eq!(card.score, 100);
    assert!(card.passed);
    assert!(
        run.path()
            .iter()
            .all(|p| p.followed == Followed::Majority && p.total_votes == 12)
    );
    // The first scene carries an authored prompt; the default names the strategy.
    let s = &e.scenario;
    let prep = s.scene(s.start());
    assert_eq!(
        prep.discussion_prompt(
            mandate::core::i18n::Messages::get(mandate::core::i18n::Locale::En),
            "x"
        ),
        "What does Purchasing gain by opening on price here — and what does the company lose?"
    );
}
