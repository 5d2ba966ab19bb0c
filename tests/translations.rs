//! Scenario translations: held to their original's structure, sharing its content hash,
//! and swapped in by the session when the learner changes language.
#![cfg(not(target_arch = "wasm32"))]

use mandate::core::builtin;
use mandate::core::engine::Position;
use mandate::core::i18n::Locale;
use mandate::core::progress::SavedProgress;
use mandate::core::scenario::{self, load_translation};
use mandate::core::session::{Action, Screen, Session};
use std::rc::Rc;

fn original() -> (&'static str, &'static str) {
    builtin::FIRST
}

fn german() -> (&'static str, &'static str) {
    builtin::TRANSLATIONS[0]
}

#[test]
fn the_german_purchasing_case_is_a_faithful_translation() {
    let (file, source) = original();
    let original = scenario::load(file, source).unwrap().scenario;
    let (file, source) = german();
    let translated = load_translation(&original, file, source).unwrap();
    assert_eq!(translated.language, Locale::De);
    assert_eq!(translated.content_hash, original.content_hash);
    assert_ne!(translated.title, original.title);
    // Figures are written the German way in the German version.
    let deal = translated.economics.as_ref().unwrap();
    assert_eq!(deal.show(4800), "4.800 € pro Modul");
    assert_eq!(
        original.economics.as_ref().unwrap().show(4800),
        "€4,800 per module"
    );
}

/// The German file with one line replaced.
fn german_with(from: &str, to: &str) -> String {
    let (_, source) = german();
    assert!(source.contains(from), "the German file has no `{from}`");
    source.replacen(from, to, 1)
}

fn refusal(source: &str) -> Vec<String> {
    let (file, original_source) = original();
    let original = scenario::load(file, original_source).unwrap().scenario;
    match load_translation(&original, "de.mandate", source) {
        Ok(_) => vec![],
        Err(e) => e.diagnostics.iter().map(|d| d.message.clone()).collect(),
    }
}

#[test]
fn a_translation_that_changes_structure_is_refused_with_what_differs() {
    assert_eq!(
        refusal(&german_with("pass: 70", "pass: 60")),
        ["`pass` differs from the original"]
    );
    assert_eq!(
        refusal(&german_with("version: 1", "version: 2")),
        [
            "the translation is of version 2, but the original is version 1: translate the current version"
        ]
    );
    assert_eq!(
        refusal(&german_with("language: de\n", "")),
        ["a translation needs a `language:` other than the original's (`en`)"]
    );
    // A changed effect in one choice is named by scene and choice.
    let (_, source) = german();
    let at = source.find("\n  effects:").unwrap() + 1;
    let line_end = at + source[at..].find('\n').unwrap();
    let line = &source[at..line_end];
    let changed = source.replacen(line, &format!("{line}, brand +2"), 1);
    let problems = refusal(&changed);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].starts_with("scene `") && problems[0].contains("choice `"),
        "{problems:?}"
    );
}

#[test]
fn switching_language_swaps_the_text_and_keeps_the_attempt() {
    let catalogue = Rc::new(builtin::load_all().unwrap());
    let entry = &catalogue[0];
    assert_eq!(entry.languages(), [Locale::En, Locale::De]);
    let session = Session::new_in(Rc::clone(&catalogue), SavedProgress::empty(), Locale::En)
        .apply(Action::StartNewAttempt {
            scenario: "purchasing-tech-leader".into(),
            strategy: None,
            now: 1,
        })
        .apply(Action::Begin { now: 2 });
    let Screen::Decision {
        entry: i,
        playthrough,
        ..
    } = session.screen()
    else {
        panic!("not at a decision");
    };
    let Position::Decision(scene) = playthrough.position(&catalogue[i].scenario) else {
        panic!("not at a decision");
    };
    let english_title = session.catalogue()[i].scenario.scene(scene).title.clone();
    let german = session.apply(Action::SetLanguage { locale: Locale::De });
    assert_eq!(german.saved().language(), Some(Locale::De));
    assert_eq!(
        german.screen(),
        session.screen(),
        "the learner stays where they were"
    );
    let german_title = german.catalogue()[i].scenario.scene(scene).title.clone();
    assert_ne!(german_title, english_title);
    // Scenarios without a German version stay in English.
    assert_eq!(
        german.catalogue()[1].scenario.title,
        catalogue[1].scenario.title
    );
    // The pseudo-language shows English and is not remembered.
    let pseudo = german.apply(Action::SetLanguage {
        locale: Locale::Pseudo,
    });
    assert_eq!(pseudo.saved().language(), Some(Locale::De));
    assert_eq!(
        pseudo.catalogue()[0].scenario.title,
        catalogue[0].scenario.title
    );
}

#[test]
fn the_german_library_has_the_same_profiles_in_german_words() {
    use mandate::core::scenario::Library;
    let english = Library::standard();
    let library = Library::standard_in(Locale::De);
    assert!(english.same_profiles(library));
    for (e, g) in english.profiles.iter().zip(&library.profiles) {
        assert_ne!(e.name, g.name, "strategy `{}` has no German name", e.id);
        assert_ne!(
            e.description, g.description,
            "strategy `{}` has no German text",
            e.id
        );
    }
    for (e, g) in english.dimensions.iter().zip(&library.dimensions) {
        assert_ne!(e.name, g.name, "dimension `{}` has no German name", e.id);
    }
    // The German scenario reads it: its strategy profiles are German.
    let (file, source) = german();
    let translated = scenario::load(file, source).unwrap().scenario;
    let tech = &translated.strategies[0];
    assert_eq!(
        tech.profile,
        library
            .profiles
            .iter()
            .find(|p| p.id == tech.id.as_str())
            .unwrap()
            .description
    );
}
