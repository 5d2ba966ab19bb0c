//! The scenario loader: what a valid file becomes, and the exact message for each mistake.
#![cfg(not(target_arch = "wasm32"))]

use mandate::core::scenario::{Block, Branch, StrategyIndex, Target, Tone, load};

const MINI: &str = include_str!("fixtures/mini.mandate");

fn errors(source: &str) -> Vec<String> {
    match load("case.mandate", source) {
        Ok(_) => panic!("expected errors"),
        Err(e) => e
            .diagnostics
            .iter()
            .map(|d| d.render("case.mandate"))
            .collect(),
    }
}

/// The mini fixture with one line replaced.
fn mini_with(from: &str, to: &str) -> String {
    assert!(MINI.contains(from), "fixture lacks {from:?}");
    MINI.replacen(from, to, 1)
}

#[test]
fn reads_header_scenes_choices_and_endings() {
    let loaded = load("mini.mandate", MINI).expect("mini loads");
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    let s = loaded.scenario;
    assert_eq!(s.id.as_str(), "mini");
    assert_eq!(s.title, "Mini negotiation");
    assert_eq!(s.version, 3);
    assert_eq!(s.pass_threshold, 60);
    assert_eq!(s.minutes, 5);
    assert_eq!(s.role, None);
    assert_eq!(s.strategies.len(), 1);
    assert_eq!(s.strategies[0].id.as_str(), "technology-leadership");
    assert_eq!(
        s.strategies[0].name,
        "Technology leadership through product innovation"
    );
    assert_eq!(
        s.strategies[0].summary,
        vec![Block::Paragraph("Be first with new technology.".into())]
    );
    // Indented continuation lines join with a space.
    assert_eq!(
        s.briefing.mandate,
        "Secure early access, not the lowest price."
    );
    assert_eq!(
        s.briefing.objectives,
        vec!["See that price is not everything.", "Trade, do not give."]
    );
    let open = s.scene(s.start());
    assert_eq!(open.id.as_str(), "open");
    assert_eq!(
        open.body,
        vec![
            Block::Paragraph("Ana slides a price sheet across the table. It is high.".into()),
            Block::Speech("This is our launch price. It will not last.".into()),
        ]
    );
    assert_eq!(open.choices.len(), 2);
    let squeeze = &open.choices[0];
    assert_eq!(squeeze.id.as_str(), "squeeze");
    assert_eq!(squeeze.alignment(StrategyIndex::default()).value(), -2);
    assert_eq!(squeeze.alignments.len(), 1);
    assert_eq!(
        squeeze.why,
        "Squeezing price trades away the early access a technology leader needs."
    );
    assert!(matches!(
        squeeze.next.as_slice(),
        [Branch {
            target: Target::Scene(_),
            ..
        }]
    ));
    assert!(
        squeeze.condition.is_always() && squeeze.changes.is_empty() && squeeze.effects.is_empty()
    );
    // Choices without `id:` are named by position.
    let cold = s.scene(s.scene_by_id("cold").unwrap());
    assert_eq!(cold.choices[0].id.as_str(), "a");
    assert_eq!(cold.choices[1].id.as_str(), "b");
    let endings: Vec<_> = s
        .endings()
        .map(|(_, e)| (e.id.to_string(), e.tone))
        .collect();
    assert_eq!(
        endings,
        vec![
            ("partner".to_string(), Tone::Good),
            ("lost".to_string(), Tone::Poor)
        ]
    );
}

#[test]
fn the_content_hash_follows_the_text() {
    let a = load("a", MINI).unwrap().scenario.content_hash;
    let b = load("b", &mini_with("It is high.", "It is very high."))
        .unwrap()
        .scenario
        .content_hash;
    assert_ne!(a, b);
    assert_eq!(a, load("c", MINI).unwrap().scenario.content_hash);
}

#[test]
fn dangling_next_is_located_at_its_value() {
    let source = mini_with(
        "  result: Ana opens up.\n  next: warm",
        "  result: Ana opens up.\n  next: warmm",
    );
    assert_eq!(
        errors(&source),
        vec!["case.mandate:42:9: error: `next` names `warmm`, but no scene or ending has that id"]
    );
}

#[test]
fn several_problems_are_all_reported_in_file_order() {
    let source = mini_with("pass: 60", "pass: 160")
        .replacen(
            "  align: +2\n  why: Access",
            "  align: +3\n  why: Access",
            1,
        )
        .replacen("== scene cold", "== scene open", 1);
    assert_eq!(
        errors(&source),
        vec![
            "case.mandate:8:7: error: `pass` must be a whole number from 0 to 100, not `160`",
            "case.mandate:36:9: error: `next` names `cold`, but no scene or ending has that id",
            "case.mandate:39:10: error: `align` must be a whole number from -2 to +2, not `+3`",
            "case.mandate:44:10: error: duplicate id `open`: already used on line 22; scenes and endings share one set of ids",
        ]
    );
}

#[test]
fn missing_header_keys_are_named() {
    let source = MINI.replacen("stakes: The next product launch.\n", "", 1);
    assert_eq!(
        errors(&source),
        vec![
            "case.mandate:17:1: error: the header has no `stakes:`; add a line `stakes: ...` before the first `==` block"
        ]
    );
}

#[test]
fn unknown_keys_list_the_known_ones() {
    let source = mini_with("minutes: 5", "minutes: 5\nduration: 5");
    assert_eq!(
        errors(&source),
        vec![
            "case.mandate:8:1: error: unknown header key `duration`; the header takes `scenario`, `title`, `version`, `language`, `department`, `role`, `counterpart`, `minutes`, `pass`, `start`, `company`, `mandate`, `counterpart-brief`, `stakes`, `objective`, `dimensions`, `state`, `deal`, `deal-format`, `better`, `walk-away`, `batna`, `their-walk-away`, `their-batna`, `meter`, `meter-label`, `scorecard`, `confidence`, or `takeaway`"
        ]
    );
    let source = mini_with("  result: Ana stiffens.", "  reslut: Ana stiffens.");
    assert_eq!(
        errors(&source),
        vec![
            "case.mandate:30:1: error: this choice has no `result:`; say what the choice caused at the table",
            "case.mandate:35:3: error: unknown choice key `reslut`; a choice takes `id`, `if`, `align`, `effects`, `why`, `result`, `change`, or `next`",
        ]
    );
}

#[test]
fn a_choice_missing_feedback_or_scoring_is_an_error() {
    let source = mini_with("  align: -1\n  why: Leaving", "  why: Leaving");
    assert_eq!(
        errors(&source),
        vec![
            "case.mandate:47:1: error: this choice has no `effects:` or `align:`; say what it does for the company on the negotiation dimensions (`effects: price -1, innovation +2`) or give its alignment with the corporate strategy (`align: +1`)"
        ]
    );
}

#[test]
fn a_scene_needs_two_to_four_choices() {
    let source = mini_with(
        "* Apologise and reopen on access.\n  align: +1\n  why: Repairing the relationship keeps access possible.\n  result: Ana thaws a little.\n  next: warm\n",
        "",
    );
    assert_eq!(
        errors(&source),
        vec![
            "case.mandate:44:10: error: the scene `cold` has 1 choice; a decision offers 2 to 4 (`* label` lines)"
        ]
    );
}

#[test]
fn loops_that_change_the_score_are_reported_once() {
    let source = mini_with(
        "  result: The slot goes elsewhere.\n  next: lost",
        "  result: The slot goes elsewhere.\n  next: cold",
    );
    assert_eq!(
        errors(&source),
        vec![
            "case.mandate:44:10: error: a loop through `cold`, `warm` can be repeated forever and changes the score each time (the choice `b` in `cold` aligns +1); make the loop change a `state:` variable so that it cannot repeat, or give its choices alignment 0"
        ]
    );
}

#[test]
fn unreachable_scenes_are_warnings_not_errors() {
    let source = format!(
        "{MINI}\n== scene orphan\ntitle: Nobody comes here\nText.\n* One\n  align: 0\n  why: W.\n  result: R.\n  next: lost\n* Two\n  align: 0\n  why: W.\n  result: R.\n  next: lost\n"
    );
    let loaded = load("case.mandate", &source).expect("warnings do not block");
    let rendered: Vec<String> = loaded
        .warnings
        .iter()
        .map(|w| w.render("case.mandate"))
        .collect();
    assert_eq!(
        rendered,
        vec![
            "case.mandate:87:10: warning: the scene `orphan` is never reached from `start`; point a choice's `next:` at it (or loosen the `if:` that keeps it out of reach), or remove it"
        ]
    );
}

#[test]
fn narrative_after_choices_and_stray_indentation_are_located() {
    let source = mini_with("== scene cold", "Stray text.\n== scene cold");
    assert_eq!(
        errors(&source),
        vec![
            "case.mandate:44:1: error: text after the choices of `open`; put narrative and `>` lines before the first `*` choice, and indent a choice's `key: value` lines"
        ]
    );
    // An indented header line continues the value above it; with nothing above, it is an error.
    let source = mini_with("scenario: mini", "  scenario: mini");
    let errs = errors(&source);
    assert_eq!(
        errs[0],
        "case.mandate:2:3: error: indented line does not continue a `key: value` line; remove the indentation or put it under the value it belongs to"
    );
}

#[test]
fn bad_block_lines_are_explained() {
    // The broken block's own lines are skipped, not blamed on the block before it.
    assert_eq!(
        errors(&mini_with("== ending lost", "== finale lost")),
        vec![
            "case.mandate:51:9: error: `next` names `lost`, but no scene or ending has that id",
            "case.mandate:75:9: error: `next` names `lost`, but no scene or ending has that id",
            "case.mandate:82:4: error: unknown block `finale`; write `== scene ID`, `== ending ID`, `== strategy ID` or `== dimension ID`",
        ]
    );
    assert_eq!(
        errors(&mini_with("== ending lost", "== ending")),
        vec![
            "case.mandate:51:9: error: `next` names `lost`, but no scene or ending has that id",
            "case.mandate:75:9: error: `next` names `lost`, but no scene or ending has that id",
            "case.mandate:82:10: error: missing id after `== ending`; write for example `== ending opening-offer`",
        ]
    );
}

#[test]
fn empty_and_garbage_input_give_messages_not_panics() {
    let errs = errors("");
    assert!(errs.contains(&"case.mandate:1:1: error: the scenario has no scenes; add at least one `== scene ID` block".to_string()));
    assert!(errs.contains(&"case.mandate:1:1: error: the header has no `title:`; add a line `title: ...` before the first `==` block".to_string()));
    for garbage in [
        "\u{0}\u{1}\u{2}",
        "==",
        "== scene",
        "* choice",
        "> speech",
        "key:",
        ":::",
        "\u{feff}title: x",
        "== scene é\n* ü",
    ] {
        assert!(load("g", garbage).is_err(), "{garbage:?}");
    }
}

#[test]
fn a_scene_may_carry_a_discussion_prompt() {
    // One line, or continued on indented lines like any block key.
    let source = mini_with(
        "title: The first offer",
        "title: The first offer\nprompt: What does the price tell you —\n  and what does it hide?",
    );
    let s = load("case.mandate", &source).expect("loads").scenario;
    let open = s.scene(s.start());
    assert_eq!(
        open.prompt.as_deref(),
        Some("What does the price tell you — and what does it hide?")
    );
    assert_eq!(
        open.discussion_prompt(
            mandate::core::i18n::Messages::get(mandate::core::i18n::Locale::En),
            "Cost leadership"
        ),
        "What does the price tell you — and what does it hide?"
    );
    // Without one, the room gets the default question, naming the strategy.
    let warm = s.scene(s.scene_by_id("warm").expect("warm"));
    assert_eq!(warm.prompt, None);
    assert_eq!(
        warm.discussion_prompt(
            mandate::core::i18n::Messages::get(mandate::core::i18n::Locale::En),
            "Technology leadership through product innovation"
        ),
        "Which option best serves “Technology leadership through product innovation” — and what would each department argue?"
    );

    let source = mini_with("title: The first offer", "title: The first offer\nprompt:");
    assert_eq!(
        errors(&source),
        vec![
            "case.mandate:24:8: error: `prompt` is empty; write the question for the room to discuss, or remove the line"
        ]
    );
    let source = mini_with(
        "title: The first offer",
        "title: The first offer\nprompt: One?\nprompt: Two?",
    );
    assert_eq!(
        errors(&source),
        vec!["case.mandate:25:1: error: `prompt` is given twice in `open`; keep one"]
    );
    let source = mini_with(
        "title: The first offer",
        "title: The first offer\nquestion: Why?",
    );
    assert_eq!(
        errors(&source),
        vec![
            "case.mandate:24:1: error: unknown key `question`; a scene takes `title`, `pivot`, or `prompt` (narrative text should not start with a lowercase word and a colon)"
        ]
    );
}

#[test]
fn a_scenario_names_its_language() {
    let source = mini_with("minutes: 5", "minutes: 5\nlanguage: de");
    let loaded = mandate::core::scenario::load("case.mandate", &source).unwrap();
    assert_eq!(loaded.scenario.language, mandate::core::i18n::Locale::De);
    let source = mini_with("minutes: 5", "minutes: 5\nlanguage: fr");
    assert_eq!(
        errors(&source),
        vec![
            "case.mandate:8:11: error: `language` must be one of the languages Mandate has (en, de), not `fr`"
        ]
    );
}
