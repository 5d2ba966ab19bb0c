//! Language packs (issue 10: the browser build compiles in English only and fetches
//! another language when it is needed): the format, its exact errors, the pack the build
//! writes (scripts/language-packs.mjs), installing it, and its translations joining a
//! catalogue. Installing changes process-wide tables, so these tests have their own binary.

mod common;

use std::fs;
use std::path::Path;
use std::rc::Rc;

use mandate::core::builtin;
use mandate::core::i18n::pack::{LanguagePack, PackError};
use mandate::core::i18n::{Locale, Messages};
use mandate::core::scenario;
use mandate::core::session::{self, Action, Entry, Session};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Every file of the German pack, as the build collects them: locales/de/*.txt, then
/// scenarios/de/*.mandate, each sorted by name.
fn german_files() -> Vec<(String, String)> {
    let mut files = Vec::new();
    for (dir, ext) in [("locales", ".txt"), ("scenarios", ".mandate")] {
        let mut names: Vec<String> = fs::read_dir(Path::new(ROOT).join(dir).join("de"))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n.ends_with(ext))
            .collect();
        names.sort();
        for name in names {
            let text =
                fs::read_to_string(Path::new(ROOT).join(dir).join("de").join(&name)).unwrap();
            files.push((format!("{dir}/de/{name}"), text));
        }
    }
    files
}

fn german_pack() -> String {
    let files = german_files();
    let borrowed: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    LanguagePack::write(Locale::De, &borrowed)
}

#[test]
fn a_written_pack_reads_back_file_for_file() {
    let pack = LanguagePack::parse(&german_pack()).unwrap();
    assert_eq!(pack.locale, Locale::De);
    assert_eq!(pack.files, german_files());
    assert_eq!(pack.catalogue().count(), 17);
    assert_eq!(
        pack.library().map(|(p, _)| p),
        Some("scenarios/de/strategies.mandate")
    );
    assert_eq!(
        pack.scenarios().map(|(p, _)| p).collect::<Vec<_>>(),
        ["scenarios/de/purchasing-tech-leader.mandate"]
    );
}

#[test]
fn the_build_script_writes_the_same_pack_byte_for_byte() {
    let out = common::run_build_hook("scripts/language-packs.mjs", "lang-de-");
    assert_eq!(out.text, german_pack());
    out.assert_named(
        r#"<link rel="alternate" hreflang="de" type="text/plain""#,
        "data-mandate-pack",
    );
}

#[test]
fn broken_packs_are_refused_with_exact_messages() {
    let cases: &[(&str, &str)] = &[
        (
            "",
            "not a Mandate language pack: it should start with `mandate-language-pack 1 <language>`",
        ),
        (
            "<html>\n",
            "not a Mandate language pack: it should start with `mandate-language-pack 1 <language>`",
        ),
        (
            "mandate-language-pack 2 de\n",
            "language pack format 2 is newer than this version of Mandate reads (1)",
        ),
        (
            "mandate-language-pack 1 fr\n",
            "a language pack for `fr`, which Mandate does not have",
        ),
        (
            "mandate-language-pack 1 en\n",
            "a language pack for `en`, which Mandate does not have",
        ),
        (
            "mandate-language-pack 1 de\nlocales/de/a.txt 3\nabc\n",
            "entry 1: expected a line `@@ <path> <length in bytes>`",
        ),
        (
            "mandate-language-pack 1 de\n@@ locales/de/a.txt x\nabc\n",
            "entry 1: expected a line `@@ <path> <length in bytes>`",
        ),
        (
            "mandate-language-pack 1 de\n@@ locales/de/a.txt 10\nabc\n",
            "`locales/de/a.txt` is cut short: the pack ends before its 10 bytes",
        ),
        (
            "mandate-language-pack 1 de\n@@ locales/de/a.txt 2\nabc\n",
            "entry 2: expected a line `@@ <path> <length in bytes>`",
        ),
        (
            "mandate-language-pack 1 de\n@@ locales/de/a.txt 3\nü",
            "`locales/de/a.txt` is cut short: the pack ends before its 3 bytes",
        ),
        (
            "mandate-language-pack 1 de\n@@ locales/de/a.txt 1\nü\n",
            "`locales/de/a.txt`: its length ends in the middle of a character",
        ),
        (
            "mandate-language-pack 1 de\n@@ locales/en/a.txt 1\na\n",
            "`locales/en/a.txt` does not belong in a `de` pack (only locales/de/*.txt and scenarios/de/*.mandate)",
        ),
        (
            "mandate-language-pack 1 de\n@@ scenarios/de/../../x.mandate 1\na\n",
            "`scenarios/de/../../x.mandate` does not belong in a `de` pack (only locales/de/*.txt and scenarios/de/*.mandate)",
        ),
    ];
    for (text, message) in cases {
        let error = LanguagePack::parse(text).unwrap_err();
        assert_eq!(error.to_string(), *message, "{text:?}");
    }
    assert_eq!(
        LanguagePack::parse("mandate-language-pack 1 de\n").unwrap(),
        LanguagePack {
            locale: Locale::De,
            files: vec![]
        }
    );
    assert!(matches!(
        LanguagePack::parse("mandate-language-pack 1 de extra\n"),
        Err(PackError::NotAPack)
    ));
}

#[test]
fn an_installed_catalogue_is_the_one_the_native_build_compiles_in() {
    let compiled: Vec<(String, String)> = Messages::get(Locale::De)
        .entries()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    // A pack whose catalogue does not parse installs nothing.
    let broken =
        LanguagePack::parse("mandate-language-pack 1 de\n@@ locales/de/x.txt 9\nnot a key\n")
            .unwrap();
    let errors = Messages::install(&broken).unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(Messages::get(Locale::De).entries().count(), compiled.len());
    // The real pack installs, and gives every text the compiled-in catalogue has.
    Messages::install(&LanguagePack::parse(&german_pack()).unwrap()).unwrap();
    let installed: Vec<(String, String)> = Messages::get(Locale::De)
        .entries()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    assert_eq!(installed, compiled);
    assert!(Messages::available(Locale::De));
}

/// The built-in scenarios without their translations, as the browser build loads them.
fn english_only() -> session::Catalogue {
    Rc::new(
        builtin::sources()
            .iter()
            .map(|(file, source)| {
                let (loaded, analysis) = scenario::load_analysed(file, source).unwrap();
                Entry::with_analysis(loaded.scenario, analysis)
            })
            .collect(),
    )
}

#[test]
fn a_packs_translations_join_the_catalogue_once() {
    let catalogue = english_only();
    let pack = LanguagePack::parse(&german_pack()).unwrap();
    let files: Vec<(String, String)> = pack
        .scenarios()
        .map(|(p, t)| (p.to_string(), t.to_string()))
        .collect();
    let (with, errors) = session::with_translations(&catalogue, &files);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(with[0].languages(), [Locale::En, Locale::De]);
    assert!(with[1..].iter().all(|e| e.languages() == [Locale::En]));
    // The same as the native build's compiled-in catalogue.
    let native = builtin::load_all().unwrap();
    assert_eq!(with[0].versions, native[0].versions);
    // Again: nothing to add, the same catalogue.
    let (again, errors) = session::with_translations(&with, &files);
    assert!(errors.is_empty());
    assert!(Rc::ptr_eq(&again, &with));
    // A translation that does not match its original is refused, and nothing changes.
    let broken = vec![(
        files[0].0.clone(),
        files[0].1.replacen("pass:", "pass: 1\n# ", 1),
    )];
    let (unchanged, errors) = session::with_translations(&catalogue, &broken);
    assert_eq!(errors.len(), 1);
    assert!(Rc::ptr_eq(&unchanged, &catalogue));
}

#[test]
fn a_session_in_german_shows_the_case_in_german_once_the_pack_arrives() {
    let catalogue = english_only();
    let english_title = catalogue[0].scenario.title.clone();
    let session = Session::new(catalogue, mandate::core::progress::ProgressStore::default())
        .apply(Action::SetLanguage { locale: Locale::De });
    assert_eq!(session.catalogue()[0].scenario.title, english_title);
    let pack = LanguagePack::parse(&german_pack()).unwrap();
    let files: Rc<[(String, String)]> = pack
        .scenarios()
        .map(|(p, t)| (p.to_string(), t.to_string()))
        .collect();
    let session = session.apply(Action::AddTranslations { files });
    assert_eq!(session.catalogue()[0].scenario.language, Locale::De);
    assert_ne!(session.catalogue()[0].scenario.title, english_title);
    assert_eq!(
        session.catalogue()[0].scenario.title,
        builtin::load_all().unwrap()[0]
            .in_language(Locale::De)
            .scenario
            .title
    );
}
