//! The decoder fuzz targets' properties, run by `cargo test` (see docs/fuzzing.md).
//!
//! `fuzz/src/checks.rs` holds one check per cargo-fuzz target (scenario files, stored and
//! imported progress, result codes, suspend_data, LMS launch values, URL parameters,
//! language and scenario packs, a facilitated run, xAPI exports); it is included here as
//! it is, so the fuzz targets and this test check exactly the same properties.
//!
//! - `regressions::<target>` replays every file in `fuzz/regressions/<target>/`: each is
//!   an input a fuzz run once found crashing, kept so the bug stays fixed. To add one,
//!   copy the artifact (`fuzz/artifacts/<target>/crash-…`) there under a name that says
//!   what it was. A bug that is not fixed yet: its input goes in
//!   `fuzz/regressions/<target>/open/` (subfolders are not replayed), replayed by a test of
//!   its own calling `replay_dir` and marked `#[ignore = "<the bug>"]` (docs/fuzzing.md).
//! - `seeds_keep_the_properties` runs every check on inputs made by the app's own encoders
//!   (`checks::seeds()`) and on the checked-in seeds (`fuzz/corpus-seeds/`): on those the
//!   round trips really happen, which random inputs seldom reach.
//! - `write_seeds` (ignored) rewrites `fuzz/corpus-seeds/` from `checks::seeds()`:
//!   `cargo test --test fuzz_regressions write_seeds -- --ignored`.
#![cfg(not(target_arch = "wasm32"))]

use std::fs;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};

// Each check is reached through `checks::TARGETS`; the seed helpers only by some tests.
#[allow(dead_code)]
#[path = "../fuzz/src/checks.rs"]
mod checks;

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz")
}

/// The files directly in `dir` (not in its subfolders), sorted; none if it is missing.
fn files_in(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else {
        return vec![];
    };
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.expect("a readable folder entry").path())
        .filter(|p| p.is_file() && p.file_name().is_some_and(|n| n != ".gitkeep"))
        .collect();
    files.sort();
    files
}

/// Runs `target`'s check on every file in `dir`; panics naming each file that fails.
fn replay_dir(target: &str, dir: &Path) -> usize {
    let check = checks::check(target).unwrap_or_else(|| panic!("no fuzz target `{target}`"));
    let files = files_in(dir);
    let failed: Vec<String> = files
        .iter()
        .filter(|file| {
            let data = fs::read(file).expect("a readable input");
            panic::catch_unwind(AssertUnwindSafe(|| check(&data))).is_err()
        })
        .map(|file| file.display().to_string())
        .collect();
    assert!(
        failed.is_empty(),
        "`{target}` fails on {} of {} inputs (messages above):\n  {}",
        failed.len(),
        files.len(),
        failed.join("\n  ")
    );
    files.len()
}

fn replay(target: &str) {
    replay_dir(target, &fuzz_dir().join("regressions").join(target));
}

/// One test per target, so that a failure names its decoder.
mod regressions {
    macro_rules! replay_each {
        ($($target:ident),* $(,)?) => {
            $(
                #[test]
                fn $target() {
                    super::replay(stringify!($target));
                }
            )*
            /// The list above is the targets' list.
            #[test]
            fn every_target_has_its_replay_test() {
                let tested = [$(stringify!($target)),*];
                let targets: Vec<&str> = super::checks::TARGETS.iter().map(|(n, _)| *n).collect();
                assert_eq!(tested.as_slice(), targets.as_slice());
            }
        };
    }

    replay_each!(
        scenario,
        translation,
        progress_stored,
        progress_import,
        result_code,
        suspend_data,
        lms_launch,
        url_query,
        language_pack,
        scenario_pack,
        facilitation_run,
        xapi_import,
    );
}

#[test]
fn every_regression_folder_and_fuzz_target_is_a_check() {
    let regressions = fuzz_dir().join("regressions");
    for entry in fs::read_dir(&regressions).expect("fuzz/regressions exists") {
        let path = entry.expect("a readable folder entry").path();
        if path.is_dir() {
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            assert!(
                checks::check(&name).is_some(),
                "fuzz/regressions/{name} is not a fuzz target's folder"
            );
        }
    }
    // Every cargo-fuzz target calls the check of its name, and every check has a target.
    let mut targets: Vec<String> = files_in(&fuzz_dir().join("fuzz_targets"))
        .iter()
        .filter_map(|p| Some(p.file_stem()?.to_string_lossy().into_owned()))
        .collect();
    targets.sort();
    let mut names: Vec<String> = checks::TARGETS.iter().map(|(n, _)| n.to_string()).collect();
    names.sort();
    assert_eq!(
        targets, names,
        "fuzz/fuzz_targets/*.rs and checks::TARGETS differ"
    );
    for name in &names {
        let source = fs::read_to_string(fuzz_dir().join(format!("fuzz_targets/{name}.rs")))
            .expect("a readable target");
        assert!(
            source.contains(&format!("mandate_fuzz::{name}(data)")),
            "fuzz/fuzz_targets/{name}.rs does not call mandate_fuzz::{name}"
        );
    }
}

/// Whether `target`'s decoder reads `data` without an error: the seeds must be inputs the
/// decoders accept, or the fuzzer starts from nothing but the errors' paths.
fn accepted(target: &str, data: &[u8]) -> bool {
    use mandate::core::builtin::{self, ScenarioPack};
    use mandate::core::classroom::{ClassSession, ResultCode, session::SessionCode, xapi};
    use mandate::core::i18n::pack::LanguagePack;
    use mandate::core::{facilitation, lms, progress, url_param};
    let text = String::from_utf8_lossy(data);
    let catalogue = std::rc::Rc::new(builtin::load_all().expect("the built-ins load"));
    match target {
        "progress_stored" => progress::decode(&text).is_ok(),
        "progress_import" => progress::decode_import(data).is_ok(),
        "result_code" => ResultCode::decode(&text).is_ok(),
        "suspend_data" => lms::decode_suspend(&text).is_ok(),
        "facilitation_run" => facilitation::decode(&text)
            .is_ok_and(|saved| facilitation::Run::restore(catalogue, &saved).is_ok()),
        "language_pack" => LanguagePack::parse(&text).is_ok(),
        "scenario_pack" => ScenarioPack::parse(&text).is_ok(),
        "url_query" => url_param::query_pairs(&text).len() >= 2,
        "xapi_import" => {
            let session = ClassSession {
                code: SessionCode::parse("K7P2-9QXM").expect("a valid code"),
                scenario: catalogue[0].scenario.id.to_string(),
                strategy: None,
                feedback: Default::default(),
            };
            xapi::import(&text, &session, &catalogue).is_ok_and(|i| i.results.len() == 1)
        }
        _ => true,
    }
}

#[test]
fn seeds_keep_the_properties() {
    let made = checks::seeds();
    for (target, name, data) in &made {
        assert!(
            checks::check(target).is_some(),
            "a seed for no target: {target}"
        );
        assert!(
            accepted(target, data),
            "`{target}`'s seed {name} is refused"
        );
    }
    for (target, check) in checks::TARGETS {
        let mine: Vec<&(&str, String, Vec<u8>)> =
            made.iter().filter(|(t, _, _)| t == target).collect();
        for (_, name, data) in &mine {
            if panic::catch_unwind(AssertUnwindSafe(|| check(data))).is_err() {
                panic!("`{target}` fails on its seed {name}");
            }
        }
        replay_dir(target, &fuzz_dir().join("corpus-seeds").join(target));
    }
    // The scenario files the fuzz script adds to the scenario targets' corpora.
    for (_, source) in mandate::core::builtin::sources() {
        checks::scenario(source.as_bytes());
    }
    for (_, source) in mandate::core::builtin::TRANSLATIONS {
        checks::translation(source.as_bytes());
    }
}

/// Rewrites `fuzz/corpus-seeds/` from `checks::seeds()` (run by hand; see the top).
#[test]
#[ignore = "writes fuzz/corpus-seeds/; run by hand after changing the seeds"]
fn write_seeds() {
    let root = fuzz_dir().join("corpus-seeds");
    for (target, _) in checks::TARGETS {
        let dir = root.join(target);
        for old in files_in(&dir) {
            fs::remove_file(old).expect("a removable seed");
        }
    }
    for (target, name, data) in checks::seeds() {
        let dir = root.join(target);
        fs::create_dir_all(&dir).expect("a writable fuzz/corpus-seeds");
        fs::write(dir.join(name), data).expect("a writable seed");
    }
}
