//! The properties the decoder fuzz targets check, in one place: each cargo-fuzz target
//! (`fuzz/fuzz_targets/<name>.rs`) calls one function here, and `tests/fuzz_regressions.rs`
//! includes this file (`#[path]`) and replays every saved crash (`fuzz/regressions/<name>/`)
//! through the same function, so a crash found by fuzzing stays a test of `cargo test`.
//!
//! Every check panics when a property fails: a panic inside a decoder, or a broken
//! promise (a round trip that does not give back what was read, a value outside the
//! range its documentation gives). Inputs are bytes; decoders of text see them through
//! `String::from_utf8_lossy`, so every input reaches the decoder.
//!
//! Only std, serde_json and `mandate::core` are used here (no libFuzzer), so the same file
//! compiles in the app's test build, against the `mandate` crate, and in the fuzz crate,
//! against the core compiled into it (see `fuzz/src/lib.rs`).

use std::borrow::Cow;
use std::rc::Rc;

use mandate::core::analysis::Analysis;
use mandate::core::builtin::{self, ScenarioPack};
use mandate::core::classroom::session::SessionCode;
use mandate::core::classroom::{
    ClassReport, ClassSession, FeedbackTiming, LearnerName, ResultCode, xapi,
};
use mandate::core::crc::crc32;
use mandate::core::embed::{self, Origin};
use mandate::core::engine::{Playthrough, Position};
use mandate::core::facilitation::{self, Run};
use mandate::core::i18n::pack::LanguagePack;
use mandate::core::i18n::{self, Locale};
use mandate::core::lms::cmi5::{self, Cmi5Launch, Cmi5Session, LaunchData};
use mandate::core::lms::scorm::Launch;
use mandate::core::lms::{self, Standard, Suspended};
use mandate::core::progress::{self, SavedProgress};
use mandate::core::scenario::{self, Diagnostic, Library, Scenario, Severity};
use mandate::core::scoring::running_alignment;
use mandate::core::session::{Action, Catalogue, Entry, Session, with_translations};
use mandate::core::url_param;

/// A target's check: panics when a property fails.
pub type Check = fn(&[u8]);

/// Every target: its name (the cargo-fuzz target, the folder of its seeds and saved
/// crashes) and its check.
pub const TARGETS: &[(&str, Check)] = &[
    ("scenario", scenario),
    ("translation", translation),
    ("progress_stored", progress_stored),
    ("progress_import", progress_import),
    ("result_code", result_code),
    ("suspend_data", suspend_data),
    ("lms_launch", lms_launch),
    ("url_query", url_query),
    ("language_pack", language_pack),
    ("scenario_pack", scenario_pack),
    ("facilitation_run", facilitation_run),
    ("xapi_import", xapi_import),
];

/// The check of the target called `name`.
pub fn check(name: &str) -> Option<Check> {
    TARGETS.iter().find(|(n, _)| *n == name).map(|(_, f)| *f)
}

// ---- Shared material ----------------------------------------------------------------

fn text(data: &[u8]) -> Cow<'_, str> {
    String::from_utf8_lossy(data)
}

thread_local! {
    /// The built-in scenarios (with their translations), loaded once per process.
    static CATALOGUE: Catalogue =
        Rc::new(builtin::load_all().expect("the built-in scenarios load"));
}

fn catalogue() -> Catalogue {
    CATALOGUE.with(Rc::clone)
}

/// A small deterministic byte source over the input (zeros once it runs out).
struct Bytes<'a> {
    data: &'a [u8],
    at: usize,
}

impl<'a> Bytes<'a> {
    fn new(data: &'a [u8]) -> Self {
        Bytes { data, at: 0 }
    }

    fn byte(&mut self) -> u8 {
        let b = self.data.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        b
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            usize::from(self.byte()) % n
        }
    }

    fn u32(&mut self) -> u32 {
        u32::from_be_bytes([self.byte(), self.byte(), self.byte(), self.byte()])
    }
}

/// Walks `scenario` under `strategy`, taking the offered choice `bytes` picks, for at
/// most `max_steps` decisions. Checks what the engine promises on the way.
fn walk(
    scenario: &Scenario,
    analysis: &Analysis,
    strategy: scenario::StrategyIndex,
    bytes: &mut Bytes<'_>,
    max_steps: usize,
) -> Playthrough {
    let mut p = Playthrough::under(scenario, strategy);
    for _ in 0..max_steps {
        match p.position(scenario) {
            Position::Ended(ending) => {
                let _ = scenario.ending(ending);
                let card = analysis.score(scenario, &p);
                assert!(card.score <= 100, "score out of range: {card:?}");
                assert_eq!(
                    card.passed,
                    card.score >= scenario.pass_threshold,
                    "passed disagrees with the threshold: {card:?}"
                );
                let ids = p.choice_ids(scenario);
                assert_eq!(
                    Playthrough::replay(scenario, strategy, &ids).as_ref(),
                    Ok(&p),
                    "the choice ids {ids:?} do not replay to the same path"
                );
                break;
            }
            Position::Decision(_) => {
                let _ = analysis.progress(&p);
                assert!(
                    running_alignment(scenario, &p).is_none_or(|a| a <= 100),
                    "running alignment out of range"
                );
                let offered = p.offered(scenario);
                assert!(!offered.is_empty(), "a decision without choices");
                let (_, choice) = offered[bytes.below(offered.len())];
                p = p
                    .choose(scenario, choice.id.as_str())
                    .unwrap_or_else(|e| panic!("an offered choice cannot be taken: {e}"));
            }
        }
    }
    p
}

/// What `scenario::load` promises about a diagnostic (see tests/loader_fuzz.rs).
fn check_diagnostic(d: &Diagnostic, lines: &[&str], file: &str) {
    let (line, column) = (d.position.line, d.position.column);
    let shown = || format!("{} (the input has {} lines)", d.render(file), lines.len());
    assert!(line >= 1 && column >= 1, "position below 1:1: {}", shown());
    assert!(
        line <= lines.len() + 1,
        "line past the end of the input: {}",
        shown()
    );
    if let Some(text) = lines.get(line - 1) {
        assert!(
            column <= text.chars().count() + 1,
            "column past the end of its line: {}",
            shown()
        );
    }
    assert!(!d.message.trim().is_empty(), "empty message: {}", shown());
    assert!(
        !d.message.contains('\n'),
        "message spans lines: {}",
        shown()
    );
}

fn check_rejection(errors: &scenario::ScenarioErrors, source: &str, file: &str) {
    let lines: Vec<&str> = source.lines().collect();
    assert!(
        errors
            .diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error),
        "rejected without an error: {:?}",
        errors.diagnostics
    );
    for d in &errors.diagnostics {
        check_diagnostic(d, &lines, file);
    }
    assert_eq!(
        errors.to_string().lines().count(),
        errors.diagnostics.len(),
        "rendering is not one line per diagnostic"
    );
}

// ---- Scenario files -----------------------------------------------------------------

const SCENARIO_FILE: &str = "fuzz.mandate";

/// `scenario::load_analysed` (an author's file, a built-in) and `Library::load` (the
/// strategy profile library): never panic; a rejection has a located error, every
/// diagnostic points into the input; a loaded scenario plays (random walks under each
/// strategy, scores in 0–100, ids replay to the same path).
pub fn scenario(data: &[u8]) {
    let source = text(data);
    match scenario::load_analysed(SCENARIO_FILE, &source) {
        Err(errors) => check_rejection(&errors, &source, SCENARIO_FILE),
        Ok((loaded, analysis)) => {
            let lines: Vec<&str> = source.lines().collect();
            for d in &loaded.warnings {
                assert_eq!(d.severity, Severity::Warning, "loaded with an error");
                check_diagnostic(d, &lines, SCENARIO_FILE);
            }
            let s = &loaded.scenario;
            let mut bytes = Bytes::new(data);
            for strategy in s.strategy_indices().take(4) {
                walk(s, &analysis, strategy, &mut bytes, 200);
            }
        }
    }
    let _ = Library::load("strategies.mandate", &source);
}

/// `scenario::load_translation` against the built-in it translates (the first
/// scenario, which ships a German translation): never panics; a translation that loads
/// keeps the original's id, structure and content hash, and joins the catalogue.
pub fn translation(data: &[u8]) {
    const FILE: &str = "scenarios/de/purchasing-tech-leader.mandate";
    let source = text(data);
    let catalogue = catalogue();
    let entry = &catalogue[0];
    let original = entry.versions.first().unwrap_or(&entry.scenario);
    match scenario::load_translation(original, FILE, &source) {
        Err(errors) => check_rejection(&errors, &source, FILE),
        Ok(translated) => {
            assert_eq!(translated.id, original.id, "a translation changed the id");
            assert_eq!(
                translated.content_hash, original.content_hash,
                "a translation does not take the original's content hash"
            );
            assert_eq!(translated.scenes().len(), original.scenes().len());
            let (joined, errors) = with_translations(
                &Rc::new(vec![Entry::new(original.clone())]),
                &[(FILE.to_string(), source.to_string())],
            );
            assert!(errors.is_empty(), "loaded once, refused the second time");
            let _ = joined[0].in_language(translated.language);
        }
    }
}

// ---- Progress: what the device keeps, and imported files ------------------------------

/// Everything the app does with a document it read: resume the session, ask where
/// each scenario stands, and write it back.
fn use_progress(saved: &SavedProgress) {
    let catalogue = catalogue();
    let session = Session::new(Rc::clone(&catalogue), saved.clone());
    let _ = session.screen();
    let _ = saved.language();
    for i in 0..catalogue.len() {
        let _ = session.status(i);
        let _ = session.best(i);
        let _ = session.completions(i);
        let _ = session.attempt(i);
    }
    // What the session writes after repairing the document is readable next time.
    reads_back(session.saved(), "the session wrote progress");
}

/// What Mandate would store for `saved` reads back (`what` says where it came from).
fn reads_back(saved: &SavedProgress, what: &str) {
    let written = progress::encode(saved);
    if let Err(e) = progress::decode(&written) {
        panic!("{what} that cannot be read back ({e}): {written}");
    }
}

/// `progress::decode` (localStorage, other tabs' saves): never panics; a document it
/// reads round-trips through `encode` and `encode_for_export`; the session resumes it
/// and what it then saves reads back; merging it with itself (another tab) is readable.
pub fn progress_stored(data: &[u8]) {
    let Ok(saved) = progress::decode(&text(data)) else {
        return;
    };
    assert_eq!(
        progress::decode(&progress::encode(&saved)).as_ref(),
        Ok(&saved),
        "decode(encode(x)) != x"
    );
    assert_eq!(
        progress::decode(&progress::encode_for_export(&saved)).as_ref(),
        Ok(&saved),
        "decode(encode_for_export(x)) != x"
    );
    use_progress(&saved);
    let merged = saved.merge_from_other_tab(&saved);
    let session = Session::new(catalogue(), SavedProgress::empty()).apply(Action::FromOtherTab {
        saved: Box::new(saved),
    });
    let _ = session.screen();
    let _ = progress::encode(&merged);
}

/// A save with one finished attempt (and a current one) at the first scenario, to
/// import into.
fn played_save() -> SavedProgress {
    let catalogue = catalogue();
    let s = &catalogue[0].scenario;
    let mut bytes = Bytes::new(&[]);
    let p = walk(
        s,
        &catalogue[0].analysis,
        Default::default(),
        &mut bytes,
        200,
    );
    let mut session = Session::new(Rc::clone(&catalogue), SavedProgress::empty()).apply(
        Action::StartNewAttempt {
            scenario: s.id.to_string(),
            strategy: None,
            now: 1_000,
        },
    );
    session = session.apply(Action::Begin { now: 2_000 });
    for (i, id) in p.choice_ids(s).into_iter().enumerate() {
        let now = 3_000 + 1_000 * i as u64;
        session = session
            .apply(Action::Choose {
                choice: id,
                confidence: None,
                now,
            })
            .apply(Action::Continue { now });
    }
    session.saved().clone()
}

/// `progress::decode_import` (a file the learner picks): never panics; what it reads
/// round-trips through the export format; importing it into a save twice adds nothing
/// the second time and leaves a save that reads back.
pub fn progress_import(data: &[u8]) {
    let Ok(imported) = progress::decode_import(data) else {
        return;
    };
    let exported = progress::encode_for_export(&imported);
    assert_eq!(
        progress::decode_import(exported.as_bytes()).as_ref(),
        Ok(&imported),
        "decode_import(encode_for_export(x)) != x"
    );
    for here in [SavedProgress::empty(), played_save()] {
        let (merged, _) = here.merge_import(&imported);
        let (again, summary) = merged.merge_import(&imported);
        assert_eq!(
            summary.attempts_added, 0,
            "importing the same file twice added attempts the second time"
        );
        assert_eq!(
            again, merged,
            "importing the same file twice changed the save"
        );
        reads_back(&merged, "an import left a save");
        let session = Session::new(catalogue(), here).apply(Action::Import {
            saved: Box::new(imported.clone()),
        });
        let _ = session.screen();
    }
    use_progress(&imported);
}

// ---- Class session result codes -------------------------------------------------------

/// `ResultCode::decode` on the input as typed, and on the same characters with the
/// checksum made right (so that the fields behind it are reached); then a code written
/// by `ResultCode::encode` from a path the input picks. Never panics; a code read
/// reads the same from its canonical key; one that checks against its session re-encodes
/// to the same fields; every code written reads back to what was written and checks.
pub fn result_code(data: &[u8]) {
    let typed = text(data);
    check_code(&typed);
    if let Some(fixed) = with_valid_checksum(&typed) {
        check_code(&fixed);
    }
    written_code(data);
}

fn check_code(code: &str) {
    let Ok(decoded) = ResultCode::decode(code) else {
        return;
    };
    assert!(decoded.score <= 100);
    assert!(
        decoded.confidence.is_empty() || decoded.confidence.len() == decoded.choices.len(),
        "one rating per decision, or none"
    );
    assert_eq!(
        ResultCode::decode(&decoded.key).as_ref(),
        Ok(&decoded),
        "the canonical key does not read as the same code"
    );
    // Against the session and scenario the code names.
    let catalogue = catalogue();
    let Some(entry) = catalogue
        .iter()
        .find(|e| (e.scenario.content_hash.0 & 0xFFFF_FFFF) as u32 == decoded.scenario_hash)
    else {
        return;
    };
    let s = &entry.scenario;
    let strategy = s
        .strategies
        .get(decoded.strategy)
        .map(|st| st.id.to_string());
    for strategy in [None, strategy] {
        let session = ClassSession {
            code: decoded.session.clone(),
            scenario: s.id.to_string(),
            strategy,
            feedback: FeedbackTiming::Now,
        };
        let Ok(result) = decoded.check(&session, &catalogue) else {
            continue;
        };
        assert!(result.playthrough.is_ended(s));
        let again = ResultCode::encode(
            &session.code,
            s,
            &result.playthrough,
            &result.confidence,
            decoded.score,
            decoded.name.as_ref(),
            decoded.tag,
        );
        let reread = ResultCode::decode(&again)
            .unwrap_or_else(|e| panic!("a re-encoded code does not read ({e}): {again}"));
        let rated = |c: &[u8]| {
            if c.iter().all(|&r| r == 0) {
                vec![]
            } else {
                c.to_vec()
            }
        };
        assert_eq!(
            (
                &reread.session,
                reread.tag,
                reread.scenario_hash,
                reread.strategy,
                &reread.choices,
                rated(&reread.confidence),
                reread.score,
                &reread.name
            ),
            (
                &decoded.session,
                decoded.tag,
                decoded.scenario_hash,
                decoded.strategy,
                &decoded.choices,
                rated(&decoded.confidence),
                decoded.score,
                &decoded.name
            ),
            "a checked code re-encodes to other fields"
        );
        let _ = ClassReport::of(entry, &session, &[result]).to_csv();
    }
}

/// The code's characters with the CRC-32 field set to what the rest gives (the format
/// in `src/core/classroom/code.rs`): `None` when the text is not a version-1 code's shape.
pub fn with_valid_checksum(code: &str) -> Option<String> {
    const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let mut chars = code.chars().filter(|c| *c != '-' && !c.is_whitespace());
    if !chars.next()?.eq_ignore_ascii_case(&'M') {
        return None;
    }
    let mut values = Vec::new();
    for c in chars {
        let c = match c.to_ascii_uppercase() {
            'I' | 'L' => '1',
            'O' => '0',
            c => c,
        };
        values.push(ALPHABET.iter().position(|&a| char::from(a) == c)? as u8);
    }
    if values.first() != Some(&1) || values.len() < 8 || values.len() > 1000 {
        return None;
    }
    let mut bits: Vec<bool> = values
        .iter()
        .flat_map(|v| (0..5).rev().map(move |i| (v >> i) & 1 == 1))
        .collect();
    let body = &bits[37..];
    let mut bytes = vec![1u8];
    bytes.extend(u16::try_from(body.len()).unwrap_or(u16::MAX).to_be_bytes());
    for chunk in body.chunks(8) {
        let byte = chunk.iter().fold(0u8, |acc, &b| (acc << 1) | u8::from(b));
        bytes.push(byte << (8 - chunk.len()));
    }
    let crc = crc32(&bytes);
    for (i, bit) in bits[5..37].iter_mut().enumerate() {
        *bit = (crc >> (31 - i)) & 1 == 1;
    }
    let text: String = bits
        .chunks(5)
        .map(|c| {
            char::from(ALPHABET[usize::from(c.iter().fold(0u8, |a, &b| (a << 1) | u8::from(b)))])
        })
        .collect();
    Some(format!("M{text}"))
}

/// A code written by `ResultCode::encode` for a path the input picks through a built-in.
fn written_code(data: &[u8]) {
    let catalogue = catalogue();
    let mut bytes = Bytes::new(data);
    let entry = &catalogue[bytes.below(catalogue.len())];
    let s = &entry.scenario;
    let strategy = s
        .strategy_indices()
        .nth(bytes.below(s.strategies.len()))
        .unwrap_or_default();
    let code = SessionCode::generate([
        bytes.byte(),
        bytes.byte(),
        bytes.byte(),
        bytes.byte(),
        bytes.byte(),
    ]);
    let tag = bytes.u32();
    let score = bytes.byte();
    let name_len = bytes.below(12);
    let name_bytes: Vec<u8> = (0..name_len).map(|_| bytes.byte()).collect();
    let name = LearnerName::parse(&String::from_utf8_lossy(&name_bytes)).ok();
    let rate = bytes.byte();
    let playthrough = walk(s, &entry.analysis, strategy, &mut bytes, 64);
    let confidence: Vec<u8> = (0..playthrough.steps().len())
        .map(|i| {
            if rate & 1 == 1 {
                ((rate as usize + i) % 4) as u8
            } else {
                0
            }
        })
        .collect();
    let written = ResultCode::encode(
        &code,
        s,
        &playthrough,
        &confidence,
        score,
        name.as_ref(),
        tag,
    );
    let decoded = ResultCode::decode(&written)
        .unwrap_or_else(|e| panic!("a code Mandate wrote does not read ({e}): {written}"));
    let choices: Vec<usize> = playthrough.steps().iter().map(|step| step.choice).collect();
    let rated = confidence.iter().any(|&c| c > 0);
    assert_eq!(decoded.session, code);
    assert_eq!(decoded.tag, tag & ((1 << 20) - 1));
    assert_eq!(
        u64::from(decoded.scenario_hash),
        s.content_hash.0 & 0xFFFF_FFFF
    );
    assert_eq!(decoded.strategy, strategy.index());
    assert_eq!(decoded.choices, choices);
    assert_eq!(decoded.confidence, if rated { confidence } else { vec![] });
    assert_eq!(decoded.score, score.min(100));
    assert_eq!(decoded.name, name);
    // As a person types it: lowercase, spaces for dashes.
    let typed = written.to_lowercase().replace('-', " ");
    assert_eq!(ResultCode::decode(&typed).as_ref(), Ok(&decoded));
    if playthrough.is_ended(s) {
        let session = ClassSession {
            code,
            scenario: s.id.to_string(),
            strategy: (strategy.index() > 0).then(|| s.strategy(strategy).id.to_string()),
            feedback: FeedbackTiming::AtEnd,
        };
        let result = decoded
            .check(&session, &catalogue)
            .unwrap_or_else(|e| panic!("a finished path's code does not check: {e}"));
        assert_eq!(result.playthrough, playthrough);
        assert_eq!(result.score, entry.analysis.score(s, &playthrough).score);
    }
}

// ---- LMS: suspend_data, cmi5 state, launch values --------------------------------------

/// `lms::decode_suspend` (SCORM `cmi.suspend_data`, the cmi5 state document's `suspend`):
/// never panics; decode(encode(x)) == x; a SCORM launch carrying it reads it the same;
/// the session restores it (LMS resume) and what it then saves reads back.
pub fn suspend_data(data: &[u8]) {
    let t = text(data);
    let decoded = lms::decode_suspend(&t);
    for standard in [Standard::Scorm12, Standard::Scorm2004] {
        let launch = Launch::read(standard, |element| {
            (element.ends_with("suspend_data")).then(|| t.to_string())
        });
        match &decoded {
            Ok(s) => assert_eq!(launch.suspended.as_ref(), Some(s)),
            Err(_) => assert_eq!(launch.suspended, None),
        }
    }
    let Ok(suspended) = decoded else {
        return;
    };
    let encoded = lms::encode_suspend(&suspended);
    assert_eq!(
        lms::decode_suspend(&encoded).as_ref(),
        Ok(&suspended),
        "decode(encode(x)) != x for {encoded}"
    );
    let catalogue = catalogue();
    let matching = catalogue.iter().position(|e| {
        e.scenario
            .content_hash
            .to_hex()
            .eq_ignore_ascii_case(&suspended.hash)
    });
    for entry in [Some(0), matching].into_iter().flatten() {
        restore(&catalogue, entry, suspended.clone());
    }
}

fn restore(catalogue: &Catalogue, entry: usize, suspended: Suspended) {
    let session =
        Session::new(Rc::clone(catalogue), SavedProgress::empty()).apply(Action::Restore {
            scenario: catalogue[entry].scenario.id.to_string(),
            suspended,
            now: 1_000,
        });
    let _ = session.screen();
    let _ = session.status(entry);
    let _ = session.attempt(entry);
    reads_back(session.saved(), "an LMS resume left progress");
}

/// SCORM `Launch::read` with the input's lines as the twelve elements, under both
/// standards, and the cmi5 bodies an LMS sends (`LMS.LaunchData`, the fetch answer,
/// learner preferences, the state document) from the whole input: never panic; scores
/// are 0–100 and the mastery score 0–1 as documented; a cmi5 session built on the
/// launch data sends its statements.
pub fn lms_launch(data: &[u8]) {
    let t = text(data);
    let lines: Vec<&str> = t.splitn(12, '\n').collect();
    for standard in [Standard::Scorm12, Standard::Scorm2004] {
        let names = Launch::elements(standard);
        let launch = Launch::read(standard, |element| {
            let i = names.iter().position(|n| *n == element)?;
            lines.get(i).map(|l| l.to_string())
        });
        assert!(launch.score.is_none_or(|s| s <= 100));
        assert!(launch.mastery.is_none_or(|s| s <= 100));
        let _ = launch.records();
        let _ = launch.resume_state();
    }
    let _ = cmi5::token_from_fetch(&t);
    let _ = cmi5::preferences_language(&t);
    // The state document, as the platform reads it.
    if let Ok(value) = serde_json::from_str::<serde_json::Value>(&t)
        && let Some(state) = value.get("suspend").and_then(serde_json::Value::as_str)
        && let Ok(s) = lms::decode_suspend(state)
    {
        assert_eq!(lms::decode_suspend(&lms::encode_suspend(&s)), Ok(s));
    }
    let Ok(launch_data) = LaunchData::parse(&t) else {
        return;
    };
    assert!(
        launch_data
            .mastery_score
            .is_none_or(|m| (0.0..=1.0).contains(&m))
    );
    let launch = fixed_cmi5_launch();
    let mut session = Cmi5Session::new(
        launch,
        launch_data,
        "purchasing-tech-leader",
        70,
        0,
        false,
        0,
    );
    let _ = session.initialized([7; 16], 1_000);
    let _ = session.terminate([8; 16], 2_000);
}

fn fixed_cmi5_launch() -> Cmi5Launch {
    let pairs: Vec<(String, String)> = [
        ("endpoint", "https://lms.example/xapi"),
        ("fetch", "https://lms.example/fetch?k=1"),
        (
            "actor",
            r#"{"objectType":"Agent","account":{"homePage":"https://lms.example","name":"l-7"}}"#,
        ),
        ("registration", "760e3480-ba55-4991-94b0-01820dbd23a2"),
        ("activityId", "urn:mandate:au:purchasing"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    Cmi5Launch::from_query(&pairs)
        .ok()
        .flatten()
        .expect("the fixed cmi5 launch is valid")
}

// ---- URL parameters -----------------------------------------------------------------

/// The page's query string through every reader of it: `?scenario=`, `?case=`,
/// `?embed=`, `host=` origins, a class session's link, a cmi5 launch. Never panics;
/// what is accepted is accepted again in the form the app writes or keeps it
/// (`ScenarioPath`, `Origin`, `SessionCode`, `ClassSession::to_query`).
pub fn url_query(data: &[u8]) {
    let query = text(data);
    if let Ok(Some(path)) = url_param::from_query(&query) {
        assert_eq!(url_param::parse(path.as_str()).as_ref(), Ok(&path));
        let _ = path.file_name();
        assert_eq!(
            url_param::from_query(&format!("?scenario={path}")),
            Ok(Some(path.clone()))
        );
    }
    let _ = url_param::embed_mode(&query);
    if let Ok(Some(case)) = url_param::case_from_query(&query) {
        assert!(
            !case.is_empty()
                && case.len() <= 64
                && case
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "case {case:?} is not a plain id"
        );
    }
    let pairs = url_param::query_pairs(&query);
    for (_, value) in &pairs {
        if let Ok(path) = url_param::parse(value) {
            assert_eq!(path.as_str(), value);
        }
        if let Ok(code) = SessionCode::parse(value) {
            assert_eq!(SessionCode::parse(&code.grouped()).as_ref(), Ok(&code));
            assert_eq!(SessionCode::parse(code.as_str()).as_ref(), Ok(&code));
        }
        let _ = Locale::from_tag(value);
    }
    let (origins, _refused) = embed::host_origins(&query);
    for origin in &origins {
        assert_eq!(Origin::parse(origin.as_str()).as_ref(), Ok(origin));
    }
    if let Ok(Some(class)) = ClassSession::from_query(&pairs) {
        let link = class.to_query();
        assert_eq!(
            ClassSession::from_query(&url_param::query_pairs(&link)),
            Ok(Some(class.clone())),
            "the link {link} does not read back"
        );
        let _ = class.check(&catalogue());
    }
    if let Ok(Some(launch)) = Cmi5Launch::from_query(&pairs) {
        assert!(launch.endpoint.ends_with('/'));
        let _ = launch.state_query("mandate.resume");
        let _ = launch.preferences_query();
    }
}

// ---- Packs: languages and the built-in scenarios ----------------------------------------

/// `LanguagePack::parse`: never panics; parse(write(x)) == x; its catalogue files
/// parse (`i18n::parse`), its library loads or is refused, its scenario translations join
/// the catalogue or are refused. The whole input also goes through `i18n::parse`, so the
/// catalogue format is fuzzed even when the pack's frame is broken.
pub fn language_pack(data: &[u8]) {
    let t = text(data);
    catalogue_file("locales/de/common.txt", &t);
    let Ok(pack) = LanguagePack::parse(&t) else {
        return;
    };
    let files: Vec<(&str, &str)> = pack
        .files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    assert_eq!(
        LanguagePack::parse(&LanguagePack::write(pack.locale, &files)).as_ref(),
        Ok(&pack),
        "parse(write(x)) != x"
    );
    for (file, source) in pack.catalogue() {
        catalogue_file(file, source);
    }
    if let Some((file, source)) = pack.library() {
        let _ = Library::load(file, source);
    }
    let translations: Vec<(String, String)> = pack
        .scenarios()
        .map(|(p, t)| (p.to_string(), t.to_string()))
        .collect();
    let _ = with_translations(&catalogue(), &translations);
}

fn catalogue_file(file: &str, source: &str) {
    let (entries, _errors) = i18n::parse(file, source);
    for (key, text) in &entries {
        assert!(!key.is_empty());
        let _ = i18n::placeholders(text);
    }
}

/// `ScenarioPack::parse` (the built-ins the browser fetches after the first screen): never
/// panics; a pack read holds exactly the later scenarios in the curriculum's order, and
/// parse(write(x)) == x. (What the files say is the `scenario` target's business.)
pub fn scenario_pack(data: &[u8]) {
    let Ok(pack) = ScenarioPack::parse(&text(data)) else {
        return;
    };
    let paths: Vec<&str> = pack.files.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(paths, builtin::LATER, "not the later scenarios, in order");
    let files: Vec<(&str, &str)> = pack
        .files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    assert_eq!(
        ScenarioPack::parse(&ScenarioPack::write(&files)).as_ref(),
        Ok(&pack),
        "parse(write(x)) != x"
    );
}

// ---- Facilitation: the saved run of a room ------------------------------------------------

/// `facilitation::decode` (the run a projector's reload restores): never panics;
/// decode(encode(x)) == x; the run restores against the catalogue, and what it then saves
/// decodes and restores to the same run.
pub fn facilitation_run(data: &[u8]) {
    let Ok(saved) = facilitation::decode(&text(data)) else {
        return;
    };
    assert_eq!(
        facilitation::decode(&facilitation::encode(&saved)).as_ref(),
        Ok(&saved),
        "decode(encode(x)) != x"
    );
    let Ok(restored) = Run::restore(catalogue(), &saved) else {
        return;
    };
    let run = restored.run;
    let _ = (run.scene(), run.options(), run.majority(), run.path());
    let _ = (run.scorecard(), run.decision_number(), run.followed());
    let again = run.save();
    let reread = facilitation::decode(&facilitation::encode(&again))
        .unwrap_or_else(|e| panic!("a saved run does not read back: {e}"));
    assert_eq!(reread, again);
    let second = Run::restore(catalogue(), &reread)
        .unwrap_or_else(|e| panic!("a saved run does not restore: {e}"));
    assert_eq!(
        second.run, run,
        "a restored run saved and restored again differs"
    );
}

// ---- xAPI statement exports (class debrief) -----------------------------------------------

/// `classroom::xapi::import` for a class session of the first built-in: never panics;
/// every learner found is either a result (a path that reached an ending) or a problem;
/// the class report and its CSV are made from the results.
pub fn xapi_import(data: &[u8]) {
    let catalogue = catalogue();
    let entry = &catalogue[0];
    let session = class_session(entry);
    let Ok(import) = xapi::import(&text(data), &session, &catalogue) else {
        return;
    };
    assert_eq!(
        import.results.len() + import.problems.len(),
        import.learners,
        "learners are not all accounted for"
    );
    for r in &import.results {
        assert!(r.playthrough.is_ended(&entry.scenario));
        assert!(r.score <= 100);
    }
    let report = ClassReport::of(entry, &session, &import.results);
    let _ = report.to_csv();
}

fn class_session(entry: &Entry) -> ClassSession {
    ClassSession {
        code: SessionCode::parse("K7P2-9QXM").expect("a valid session code"),
        scenario: entry.scenario.id.to_string(),
        strategy: None,
        feedback: FeedbackTiming::Now,
    }
}

// ---- Seeds ----------------------------------------------------------------------------

/// Seed inputs made with the app's own encoders: `(target, file name, bytes)`. Written to
/// `fuzz/corpus-seeds/` by `cargo test --test fuzz_regressions write_seeds -- --ignored`;
/// `scripts/fuzz-decoders.sh` adds the scenario files of the repository at run time.
pub fn seeds() -> Vec<(&'static str, String, Vec<u8>)> {
    let mut out: Vec<(&'static str, String, Vec<u8>)> = Vec::new();
    let mut add = |target: &'static str, name: &str, text: String| {
        out.push((target, name.to_string(), text.into_bytes()))
    };
    let catalogue = catalogue();

    // Progress: a played save, two profiles, a practice run, a version-1 document.
    let played = played_save();
    add("progress_stored", "played.json", progress::encode(&played));
    add(
        "progress_import",
        "played-export.json",
        progress::encode_for_export(&played),
    );
    let mut two = played.clone();
    let _ = two.add_profile("Ama", 5);
    two.set_language(Locale::De);
    let first = catalogue[0].scenario.id.to_string();
    let session = Session::new(Rc::clone(&catalogue), two.clone())
        .apply(Action::StartNewAttempt {
            scenario: first.clone(),
            strategy: catalogue[0]
                .scenario
                .strategies
                .get(1)
                .map(|s| s.id.to_string()),
            now: 9_000,
        })
        .apply(Action::Begin { now: 9_100 });
    add(
        "progress_stored",
        "two-profiles.json",
        progress::encode(session.saved()),
    );
    add(
        "progress_import",
        "two-profiles.json",
        progress::encode_for_export(session.saved()),
    );
    let practice = Session::new(Rc::clone(&catalogue), played.clone())
        .apply(Action::Resume {
            scenario: first.clone(),
        })
        .apply(Action::Practice {
            keep: 1,
            now: 50_000,
        });
    add(
        "progress_stored",
        "practice.json",
        progress::encode(practice.saved()),
    );
    let v1 = r#"{"schema":1,"active":"mini","scenarios":{"mini":{"attempt":{"hash":"00ff00ff00ff00ff","choices":["roadmap"],"briefed":true,"feedback":true,"started":1,"updated":2},"best":{"score":75,"passed":true,"at":3},"completions":2}}}"#;
    add("progress_stored", "schema-1.json", v1.to_string());
    add("progress_import", "schema-1.json", v1.to_string());
    add(
        "progress_stored",
        "empty.json",
        progress::encode(&SavedProgress::empty()),
    );

    // Result codes and suspend data: a path through every built-in.
    for (i, entry) in catalogue.iter().enumerate() {
        let s = &entry.scenario;
        let strategy = s.strategy_indices().last().unwrap_or_default();
        let mut bytes = Bytes::new(&[]);
        let p = walk(s, &entry.analysis, strategy, &mut bytes, 200);
        let ratings: Vec<u8> = (0..p.steps().len()).map(|j| (j % 4) as u8).collect();
        let name = LearnerName::parse("Ana Lima").ok();
        let code = ResultCode::encode(
            &SessionCode::generate([i as u8, 2, 3, 4, 5]),
            s,
            &p,
            if i % 2 == 0 { &ratings } else { &[] },
            (60 + i) as u8,
            if i % 3 == 0 { name.as_ref() } else { None },
            0xABCDE + i as u32,
        );
        add("result_code", &format!("{}.txt", s.id), code);
        let suspended = Suspended {
            hash: s.content_hash.to_hex(),
            strategy: (strategy.index() > 0).then(|| s.strategy(strategy).id.to_string()),
            choices: p.choice_ids(s),
            confidence: ratings.clone(),
            briefed: true,
            feedback: i % 2 == 0,
        };
        let suspend = lms::encode_suspend(&suspended);
        add("suspend_data", &format!("{}.txt", s.id), suspend.clone());
        if i == 0 {
            let elements = [
                "learner-7",
                "Lima, Ana",
                "resume",
                "normal",
                "credit",
                "incomplete",
                "64",
                "70",
                "d3",
                &suspend,
                "12",
                "de-DE,en-US",
            ];
            add("lms_launch", "scorm-12.txt", elements.join("\n"));
            let mut elements_2004 = elements;
            elements_2004[6] = "0.64";
            elements_2004[7] = "0.7";
            add("lms_launch", "scorm-2004.txt", elements_2004.join("\n"));
            add(
                "lms_launch",
                "state.json",
                serde_json::json!({ "suspend": suspend }).to_string(),
            );
        }
        // A facilitated run of the same path, saved mid-way (votes on every decision).
        let mut run = Run::new(Rc::clone(&catalogue), i, strategy, Some(90))
            .apply(facilitation::Action::Begin);
        for (k, id) in p.choice_ids(s).iter().enumerate().take(3 + i) {
            run = run
                .apply(facilitation::Action::SetVotes {
                    option: 0,
                    count: 3 + k as u32,
                })
                .apply(facilitation::Action::Vote {
                    option: 1,
                    delta: 2,
                })
                .apply(facilitation::Action::Reveal)
                .apply(facilitation::Action::Continue {
                    pick: Some(id.clone()),
                });
        }
        add(
            "facilitation_run",
            &format!("{}.json", s.id),
            facilitation::encode(&run.save()),
        );
    }
    add(
        "suspend_data",
        "fresh.txt",
        "m1;00ff00ff00ff00ff;;;;0".to_string(),
    );
    add(
        "lms_launch",
        "launch-data.json",
        r#"{"contextTemplate":{"extensions":{"https://w3id.org/xapi/cmi5/context/extensions/sessionid":"s-1"},"contextActivities":{"grouping":[{"id":"urn:x"}]}},"launchMode":"Normal","moveOn":"CompletedAndPassed","masteryScore":0.7,"returnURL":"https://lms.example/back?a=1"}"#.to_string(),
    );
    add(
        "lms_launch",
        "fetch.json",
        r#"{"auth-token":"QWxhZGRpbjpvcGVuIHNlc2FtZQ=="}"#.to_string(),
    );
    add(
        "lms_launch",
        "fetch-error.json",
        r#"{"error-code":"2","error-text":"already fetched"}"#.to_string(),
    );
    add(
        "lms_launch",
        "preferences.json",
        r#"{"languagePreference":"fr-FR,de-DE","audioPreference":"on"}"#.to_string(),
    );

    // URL queries: every reader's parameters.
    let class = ClassSession {
        code: SessionCode::parse("K7P2-9QXM").expect("a valid session code"),
        scenario: first.clone(),
        strategy: catalogue[0]
            .scenario
            .strategies
            .get(1)
            .map(|s| s.id.to_string()),
        feedback: FeedbackTiming::AtEnd,
    };
    add("url_query", "class.txt", format!("?{}", class.to_query()));
    add(
        "url_query",
        "scenario.txt",
        "?scenario=cases/my-case.mandate&lang=de".to_string(),
    );
    add(
        "url_query",
        "case-embed.txt",
        format!(
            "?case={first}&embed=1&host=https://intranet.example.com&host=http://127.0.0.1:8080"
        ),
    );
    add(
        "url_query",
        "cmi5.txt",
        "?endpoint=https%3A%2F%2Flms.example%2Fxapi&fetch=https%3A%2F%2Flms.example%2Ffetch%3Fk%3D1&actor=%7B%22objectType%22%3A%22Agent%22%2C%22account%22%3A%7B%22homePage%22%3A%22https%3A%2F%2Flms.example%22%2C%22name%22%3A%22l-7%22%7D%7D&registration=760E3480-BA55-4991-94B0-01820DBD23A2&activityId=urn%3Amandate%3Aau%3Apurchasing".to_string(),
    );
    add(
        "url_query",
        "escapes.txt",
        "?scenario=a%252Fb.mandate&x=+%zz&session=k7p2+9qxm&case=".to_string(),
    );

    // Packs, with small files (the frame is what is fuzzed here).
    let de_common: String = i18n::files(Locale::De)
        .first()
        .map(|(_, text)| text.lines().take(12).collect::<Vec<_>>().join("\n"))
        .unwrap_or_default();
    let pack = LanguagePack::write(
        Locale::De,
        &[
            ("locales/de/common.txt", &de_common),
            (
                "locales/de/home.txt",
                "start = Los geht's\nbest = Bestes Ergebnis: {score}\n",
            ),
            ("scenarios/de/strategies.mandate", "# Strategien\n"),
            (
                "scenarios/de/purchasing-tech-leader.mandate",
                "title: Einkauf\n",
            ),
        ],
    );
    add("language_pack", "de.txt", pack);
    let later: Vec<(&str, String)> = builtin::LATER
        .iter()
        .map(|path| (*path, format!("title: {}\n", builtin::id_of(path))))
        .collect();
    let later: Vec<(&str, &str)> = later.iter().map(|(p, t)| (*p, t.as_str())).collect();
    add("scenario_pack", "later.txt", ScenarioPack::write(&later));

    // An xAPI export: the statements a cmi5 session sends for a finished path, as sent
    // and without what the import does not read (smaller, so quicker to fuzz).
    let statements = xapi_statements(&catalogue);
    let export = |statements: &[serde_json::Value]| {
        serde_json::json!({ "statements": statements, "more": "" }).to_string()
    };
    add("xapi_import", "export.json", export(&statements));
    let compact: Vec<serde_json::Value> = statements
        .iter()
        .map(|st| {
            let mut st = st.clone();
            if let Some(object) = st.get_mut("object").and_then(|o| o.as_object_mut()) {
                object.remove("definition");
            }
            if let Some(verb) = st.get_mut("verb").and_then(|v| v.as_object_mut()) {
                verb.remove("display");
            }
            st
        })
        .collect();
    add("xapi_import", "compact.json", export(&compact));
    out
}

/// The statements an LRS holds for one learner who played the first built-in to an end.
fn xapi_statements(catalogue: &Catalogue) -> Vec<serde_json::Value> {
    use mandate::core::lms::tracker::Observed;
    let entry = &catalogue[0];
    let s = &entry.scenario;
    let mut counter = 0u8;
    let mut ids = || {
        counter += 1;
        [counter; 16]
    };
    let data = LaunchData::parse(
        r#"{"contextTemplate":{},"launchMode":"Normal","moveOn":"CompletedAndPassed"}"#,
    )
    .expect("valid launch data");
    let mut cmi5 = Cmi5Session::new(fixed_cmi5_launch(), data, s.id.as_str(), 70, 0, false, 0);
    let mut sent = vec![cmi5.initialized(ids(), 0)];
    let one = Rc::new(vec![entry.clone()]);
    let mut session = Session::new(one, SavedProgress::empty())
        .apply(Action::StartNewAttempt {
            scenario: s.id.to_string(),
            strategy: None,
            now: 0,
        })
        .apply(Action::Begin { now: 0 });
    let mut bytes = Bytes::new(&[]);
    let p = walk(s, &entry.analysis, Default::default(), &mut bytes, 200);
    for (k, choice) in p.choice_ids(s).into_iter().enumerate() {
        let now = 5_000 * (k as u64 + 1);
        session = session
            .apply(Action::Choose {
                choice,
                confidence: None,
                now,
            })
            .apply(Action::Continue { now });
        let e = &session.catalogue()[0];
        let attempt = session.playthrough(0);
        let seen = Observed {
            scenario: &e.scenario,
            analysis: &e.analysis,
            attempt: attempt.as_ref().map(|(p, a)| (*a, p)),
        };
        sent.extend(cmi5.observe(seen, now, &mut ids).statements);
    }
    sent
}
