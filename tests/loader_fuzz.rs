//! The scenario loader must never panic: deterministic fuzzing of `scenario::load`.
//!
//! Every case is generated from a fixed seed (`MANDATE_FUZZ_SEED`, default [`SEED`])
//! and its case number, so a failure reproduces exactly. Cases come from four
//! generators: arbitrary bytes, structure-aware mutations of the small fixture
//! (most cases, because they are fast), mutations of the built-in scenarios, and
//! randomly generated scenario graphs (mostly valid, so that the engine and scoring
//! get exercised too). For each case `load` runs inside `catch_unwind`, and the
//! result must satisfy the invariants checked in [`check`].
//!
//! `MANDATE_FUZZ_CASES` sets the number of cases (default 100 000, a few seconds:
//! `[profile.test.package.mandate]` in Cargo.toml optimises the crate in test builds),
//! `MANDATE_FUZZ_FROM` the first case number; `scripts/fuzz.sh` runs a long soak in
//! release mode. The run prints how many cases it ran and how long they took. Each
//! failure prints its seed, case number and the command that reruns it alone; the
//! failing input, and a shrunk version of it, are written to `target/fuzz-failures/`
//! (replay them all with
//! `cargo test --test loader_fuzz replay_saved_failures -- --ignored --nocapture`).
#![cfg(not(target_arch = "wasm32"))]

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::panic::{self, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::Once;
use std::time::{Duration, Instant};

use mandate::core::analysis::Analysis;
use mandate::core::builtin;
use mandate::core::engine::{Playthrough, Position};
use mandate::core::scenario::{self, Diagnostic, HEADER_KEYS, Scenario, Severity};
use mandate::core::scoring::running_alignment;

/// Default base seed ("MANDATE1").
const SEED: u64 = 0x4d41_4e44_4154_4531;
const DEFAULT_CASES: u64 = 100_000;
/// Random paths walked through every scenario that loads.
const WALKS: usize = 3;
/// Walks are bounded by steps, not by reaching an ending: loops may become legal.
const MAX_STEPS: usize = 200;
/// Stop collecting after this many distinct failures (each is shrunk and saved).
const MAX_DISTINCT_FAILURES: usize = 8;
/// Budget of `load` calls spent shrinking one failing input.
const SHRINK_BUDGET: usize = 20_000;
const FILE: &str = "fuzz.mandate";
const MINI: (&str, &str) = (
    "tests/fixtures/mini.mandate",
    include_str!("fixtures/mini.mandate"),
);
/// Profiles, economics, per-strategy feedback and endings: mutated like the built-ins.
const PROFILES: (&str, &str) = (
    "tests/fixtures/profiles.mandate",
    include_str!("fixtures/profiles.mandate"),
);

// ---- Deterministic randomness -------------------------------------------------------

/// SplitMix64: tiny, fast, and good enough to drive a fuzzer.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// The generator for one case: independent of every other case.
    fn for_case(seed: u64, case: u64) -> Self {
        let mut mix = Rng::new(seed ^ case.wrapping_mul(0xd1b5_4a32_d192_ed03));
        Rng::new(mix.next_u64())
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n`; `n` must be positive.
    fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

// ---- Material for mutations ---------------------------------------------------------

/// Characters that mean something to the format, or that tend to break text handling:
/// multi-byte letters, typographic quotes, emoji, BOM, NUL, zero-width and combining
/// marks, Unicode whitespace (NBSP, ideographic space) and line separators that
/// `str::lines` does not split on.
const SPICY: &[char] = &[
    '#', '*', '>', '=', ':', '-', '+', ' ', ' ', '\t', '\r', '\n', 'é', '“', '”', '€', '😀',
    '\u{feff}', '\0', '\u{200b}', '\u{301}', '\u{a0}', '\u{3000}', '\u{2028}', '\u{85}', 'İ', 'ß',
    'a', 'z', '0', '9', '_', '.', '/', '\\', '"', '`',
];

/// Values worth trying after a `key:`.
const VALUES: &[&str] = &[
    "",
    " ",
    "0",
    "1",
    "2",
    "+2",
    "-2",
    "+3",
    "-3",
    "+",
    "-",
    "-0",
    "+-1",
    "100",
    "101",
    "600",
    "601",
    "255",
    "256",
    "-128",
    "127",
    "4294967295",
    "4294967296",
    "99999999999999999999999",
    "1e3",
    "２",
    "good",
    "mixed",
    "poor",
    "Good",
    "a",
    "A",
    "-leading-dash",
    "x y",
    "é",
    "😀",
    "\u{feff}",
    "\0",
    "a-64-character-id-is-the-longest-that-is-allowed-by-the-rules-ok",
    "a-65-character-id-is-one-longer-than-that-and-so-it-must-fail-now",
];

/// Words the format reserves, tried as replacements for tokens of the file.
const KEYWORDS: &[&str] = &[
    "==", "*", ">", "#", "scene", "ending", "title", "tone", "id", "align", "why", "result",
    "next", "good", "mixed", "poor", "a", "b", "c", "d", "e",
];

/// A valid scenario file to mutate, with the tokens (ids, keys, values) found in it.
struct Base {
    name: &'static str,
    text: String,
    lines: Vec<String>,
    tokens: Vec<String>,
}

impl Base {
    fn new(name: &'static str, text: &str) -> Self {
        let mut tokens: Vec<String> = Vec::new();
        for line in text.lines() {
            let t = line.trim();
            if let Some(rest) = t.strip_prefix("==") {
                tokens.extend(rest.split_whitespace().map(str::to_string));
            } else if let Some((key, value)) = t.split_once(": ")
                && !key.contains(' ')
            {
                tokens.push(key.to_string());
                if !value.contains(' ') && !value.is_empty() {
                    tokens.push(value.to_string());
                }
            }
        }
        tokens.extend(KEYWORDS.iter().map(|s| s.to_string()));
        tokens.extend(HEADER_KEYS.iter().map(|s| s.to_string()));
        tokens.sort();
        tokens.dedup();
        Base {
            name,
            text: text.to_string(),
            lines: text.split('\n').map(str::to_string).collect(),
            tokens,
        }
    }
}

fn char_boundary_at_or_before(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn random_boundary(rng: &mut Rng, s: &str) -> usize {
    char_boundary_at_or_before(s, rng.below(s.len() + 1))
}

/// Between `lo` and `hi` characters drawn from [`SPICY`].
fn random_chars(rng: &mut Rng, lo: usize, hi: usize) -> String {
    let n = rng.range(lo, hi);
    (0..n).map(|_| *rng.pick(SPICY)).collect()
}

fn random_words(rng: &mut Rng, base: &Base) -> String {
    let n = rng.range(0, 5);
    let words: Vec<&str> = (0..n).map(|_| rng.pick(&base.tokens).as_str()).collect();
    words.join(" ")
}

fn random_value(rng: &mut Rng, base: &Base) -> String {
    match rng.below(4) {
        0 => rng.pick(&base.tokens).clone(),
        1 => random_words(rng, base),
        2 => random_chars(rng, 1, 4),
        _ => rng.pick(VALUES).to_string(),
    }
}

fn indentation(rng: &mut Rng) -> String {
    match rng.below(6) {
        0 => String::new(),
        1 => " ".repeat(rng.range(1, 8)),
        2 => "\t".repeat(rng.range(1, 2)),
        3 => "\u{3000}".into(),
        4 => "\u{a0} ".into(),
        _ => "  ".into(),
    }
}

/// A line the format could plausibly contain, or a broken version of one.
fn random_line(rng: &mut Rng, base: &Base) -> String {
    match rng.below(12) {
        0 => format!("== scene {}", rng.pick(&base.tokens)),
        1 => format!("== ending {}", rng.pick(&base.tokens)),
        2 => format!("* {}", random_words(rng, base)),
        3 => {
            let key = *rng.pick(&["id", "align", "why", "result", "next", "title", "tone"]);
            let indent = indentation(rng);
            format!("{indent}{key}: {}", random_value(rng, base))
        }
        4 => format!("{}: {}", rng.pick(HEADER_KEYS), random_value(rng, base)),
        5 => format!("> {}", random_words(rng, base)),
        6 => "# a comment".into(),
        7 => String::new(),
        8 => random_chars(rng, 1, 12),
        9 => rng
            .pick(&[
                "==",
                "== ",
                "==scene x",
                "=== scene x y",
                "== Scene X",
                "== scene",
                "== ending",
                "==\tscene\tz",
                "*",
                "* ",
                ">",
                "> ",
                ":",
                "a:",
                "a:b",
                "title:",
                "next:",
            ])
            .to_string(),
        10 => format!("{}{}", indentation(rng), random_words(rng, base)),
        _ => rng.pick(&base.lines).clone(),
    }
}

/// Indices `(start, end)` of the `==` block containing line `at` (end exclusive).
fn block_around(lines: &[Cow<'_, str>], at: usize) -> (usize, usize) {
    let is_block = |l: &Cow<'_, str>| l.starts_with("==");
    let start = (0..=at).rev().find(|&i| is_block(&lines[i])).unwrap_or(0);
    let end = (at + 1..lines.len())
        .find(|&i| is_block(&lines[i]))
        .unwrap_or(lines.len());
    (start, end)
}

/// One structure-aware mutation of `doc`, in place.
fn mutate(rng: &mut Rng, doc: &mut String, base: &Base) {
    let op = rng.below(17);
    if op <= 8 {
        // Lines borrow from `doc` until they are joined; only changed lines are copied.
        let mut lines: Vec<Cow<'_, str>> = doc.split('\n').map(Cow::Borrowed).collect();
        let n = lines.len();
        let i = rng.below(n);
        match op {
            0 => {
                // Delete one line, a few, or (rarely) a long run.
                let count = if rng.chance(10) {
                    rng.range(1, n)
                } else {
                    rng.range(1, 3)
                };
                lines.drain(i..(i + count).min(n));
            }
            1 => {
                let line = lines[i].clone();
                lines.insert(i, line);
            }
            2 => lines.swap(i, rng.below(n)),
            3 => {
                let line = random_line(rng, base);
                lines.insert(rng.below(n + 1), Cow::Owned(line));
            }
            4 => {
                let line = lines.remove(i);
                let to = rng.below(lines.len() + 1);
                lines.insert(to, line);
            }
            5 => {
                // Re-indent a line.
                let indent = indentation(rng);
                lines[i] = Cow::Owned(format!("{indent}{}", lines[i].trim_start()));
            }
            6 => {
                // Delete or duplicate a whole `==` block.
                let (start, end) = block_around(&lines, i);
                if rng.chance(50) {
                    lines.drain(start..end);
                } else {
                    let block: Vec<Cow<'_, str>> = lines[start..end].to_vec();
                    let to = rng.below(lines.len() + 1);
                    lines.splice(to..to, block);
                }
            }
            7 => {
                // Replace the value of a `key: value` line.
                if let Some(colon) = lines[i].find(':') {
                    let value = random_value(rng, base);
                    lines[i] = Cow::Owned(format!("{}: {value}", &lines[i][..colon]));
                }
            }
            _ => {
                // Line endings: CRLF everywhere, a stray CR, or no final newline.
                match rng.below(3) {
                    0 => lines.iter_mut().for_each(|l| l.to_mut().push('\r')),
                    1 => lines[i].to_mut().push('\r'),
                    _ => {
                        if lines.last().is_some_and(|l| l.is_empty()) {
                            lines.pop();
                        }
                    }
                }
            }
        }
        let joined = lines.join("\n");
        *doc = joined;
        return;
    }
    match op {
        9 => {
            let at = random_boundary(rng, doc);
            doc.truncate(at);
        }
        10 | 11 => {
            let at = random_boundary(rng, doc);
            let s = random_chars(rng, 1, 4);
            doc.insert_str(at, &s);
        }
        12 => {
            // Replace one character.
            let at = random_boundary(rng, doc);
            if let Some(c) = doc[at..].chars().next() {
                let with = rng.pick(SPICY).to_string();
                doc.replace_range(at..at + c.len_utf8(), &with);
            }
        }
        13 => {
            // Delete a short range of characters.
            let a = random_boundary(rng, doc);
            let len = rng.range(1, 40);
            let b = char_boundary_at_or_before(doc, a + len);
            doc.replace_range(a..b, "");
        }
        14 | 15 => {
            // Replace one occurrence of a token of the file by another token.
            let from = rng.pick(&base.tokens);
            let hits: Vec<usize> = doc.match_indices(from.as_str()).map(|(i, _)| i).collect();
            if !hits.is_empty() {
                let at = *rng.pick(&hits);
                let to = rng.pick(&base.tokens).clone();
                doc.replace_range(at..at + from.len(), &to);
            }
        }
        _ => {
            // Prefix: a BOM, blank lines or a stray character before the header.
            let prefix = *rng.pick(&["\u{feff}", "\n\n", " ", "\r\n", "#", "\0", "=="]);
            doc.insert_str(0, prefix);
        }
    }
}

// ---- Generators ---------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Bytes,
    Mini,
    Builtin,
    Generated,
}

impl Kind {
    const ALL: [Kind; 4] = [Kind::Bytes, Kind::Mini, Kind::Builtin, Kind::Generated];

    fn name(self) -> &'static str {
        match self {
            Kind::Bytes => "arbitrary bytes",
            Kind::Mini => "mutated mini fixture",
            Kind::Builtin => "mutated built-in",
            Kind::Generated => "generated graph",
        }
    }
}

struct Corpus {
    mini: Base,
    builtins: Vec<Base>,
}

impl Corpus {
    fn new() -> Self {
        Corpus {
            mini: Base::new(MINI.0, MINI.1),
            builtins: builtin::sources()
                .iter()
                .chain([&PROFILES])
                .map(|(name, text)| Base::new(name, text))
                .collect(),
        }
    }

    /// One case: which generator made it, from which file, and the input.
    fn generate(&self, rng: &mut Rng) -> (Kind, &'static str, String) {
        let roll = rng.below(100);
        let kind = match roll {
            0..10 => Kind::Bytes,
            10..20 => Kind::Generated,
            20..23 if !self.builtins.is_empty() => Kind::Builtin,
            _ => Kind::Mini,
        };
        match kind {
            Kind::Bytes => (kind, "-", arbitrary_bytes(rng)),
            Kind::Generated => {
                let mut doc = generated_scenario(rng);
                if rng.chance(30) {
                    for _ in 0..rng.range(1, 2) {
                        mutate(rng, &mut doc, &self.mini);
                    }
                }
                (kind, "-", doc)
            }
            Kind::Builtin => {
                let base = rng.pick(&self.builtins);
                (kind, base.name, mutated(rng, base))
            }
            Kind::Mini => (kind, self.mini.name, mutated(rng, &self.mini)),
        }
    }
}

/// The base text with 1 to 6 stacked mutations (mostly few, so that many stay valid).
fn mutated(rng: &mut Rng, base: &Base) -> String {
    let mut doc = base.text.clone();
    let count = match rng.below(10) {
        0..5 => 1,
        5..8 => 2,
        _ => rng.range(3, 6),
    };
    for _ in 0..count {
        mutate(rng, &mut doc, base);
    }
    doc
}

/// Random bytes of random length (0..2048), read as UTF-8 lossily. Half of the time
/// the bytes are drawn from the format's own alphabet, which reaches deeper.
fn arbitrary_bytes(rng: &mut Rng) -> String {
    const ALPHABET: &[u8] =
        b"==**>>##::--++  \t\r\n\n\n\nabcdeinostxyz0129ABZ\xc3\xa9\xe2\x80\x9c\xef\xbb\xbf\x00";
    let len = rng.below(2048);
    let structured = rng.chance(50);
    let bytes: Vec<u8> = (0..len)
        .map(|_| {
            if structured {
                *rng.pick(ALPHABET)
            } else {
                rng.next_u64() as u8
            }
        })
        .collect();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// A random scenario graph in the format: 1–12 scenes, 1–4 endings, 0–5 choices per
/// scene. Usually acyclic and complete, so it loads and gets played; sometimes with
/// loops, dangling `next:`, duplicate ids or missing keys.
fn generated_scenario(rng: &mut Rng) -> String {
    let scenes = rng.range(1, 12);
    let endings = rng.range(1, 4);
    let acyclic = rng.chance(75);
    let sloppy = rng.chance(25);
    let scene_id = |i: usize| format!("s{i}");
    let ending_id = |i: usize| format!("end-{i}");
    let mut out = String::new();

    for key in HEADER_KEYS {
        if sloppy && rng.chance(5) {
            continue;
        }
        let value = match *key {
            "scenario" => "generated".to_string(),
            "version" => rng.range(1, 3).to_string(),
            "minutes" => rng.range(1, 30).to_string(),
            "pass" => rng.range(0, 100).to_string(),
            "start" if sloppy && rng.chance(20) => ending_id(0),
            "start" => scene_id(0),
            "role" if rng.chance(50) => continue,
            "dimensions" if rng.chance(50) => continue,
            "dimensions" => "price, innovation".to_string(),
            "state" if rng.chance(40) => continue,
            "state" => format!("trust = {} (0..3)", rng.range(0, 3)),
            other => format!("Some {other} text."),
        };
        let _ = writeln!(out, "{key}: {value}");
        if rng.chance(10) {
            let _ = writeln!(out, "  continued on an indented line.");
        }
    }
    if rng.chance(50) {
        let _ = writeln!(out, "objective: Another objective.");
    }

    let mut blocks: Vec<String> = Vec::new();
    let two_strategies = rng.chance(30);
    blocks.push(
        "== strategy technology-leadership\nname: Technology leadership\nLead.\n".to_string(),
    );
    if two_strategies {
        blocks.push("== strategy cost-leadership\nname: Cost leadership\nSave.\n".to_string());
    }
    let has_state = out.contains("state: trust");
    for i in 0..scenes {
        let mut b = String::new();
        let _ = writeln!(b, "== scene {}", scene_id(i));
        let _ = writeln!(b, "title: Scene {i}");
        for _ in 0..rng.range(1, 3) {
            if rng.chance(50) {
                let _ = writeln!(b, "Something happens.\n");
            } else {
                let _ = writeln!(b, "> Something is said.");
            }
        }
        let choices = if sloppy {
            rng.range(0, 5)
        } else {
            rng.range(2, 4)
        };
        for c in 0..choices {
            let _ = writeln!(b, "* Option {c}.");
            if rng.chance(50) {
                let id = if sloppy && rng.chance(20) {
                    "same".to_string()
                } else {
                    format!("opt-{c}")
                };
                let _ = writeln!(b, "  id: {id}");
            }
            let value = |rng: &mut Rng| format!("{:+}", rng.range(0, 4) as i32 - 2);
            let align = if sloppy && rng.chance(10) {
                "+3".to_string()
            } else if two_strategies {
                let (a, b) = (value(rng), value(rng));
                format!("technology-leadership {a}, cost-leadership {b}")
            } else {
                value(rng)
            };
            let _ = writeln!(b, "  align: {align}");
            if has_state && rng.chance(30) {
                let _ = writeln!(
                    b,
                    "  if: trust {} {}",
                    rng.pick(&["<", ">=", "=="]),
                    rng.range(0, 3)
                );
            }
            if has_state && rng.chance(40) {
                let _ = writeln!(b, "  change: trust {}", rng.pick(&["+1", "-1"]));
            }
            let _ = writeln!(b, "  why: Because.");
            if rng.chance(10) {
                let _ = writeln!(b, "    And a longer reason.");
            }
            let _ = writeln!(b, "  result: Something.");
            // Acyclic: only later scenes, or an ending. Otherwise anything, even itself.
            let next = if acyclic && (i + 1 == scenes || rng.chance(40)) {
                ending_id(rng.below(endings))
            } else if acyclic {
                scene_id(rng.range(i + 1, scenes - 1))
            } else if sloppy && rng.chance(10) {
                "nowhere".to_string()
            } else if rng.chance(50) {
                ending_id(rng.below(endings))
            } else {
                scene_id(rng.below(scenes))
            };
            let _ = writeln!(b, "  next: {next}");
        }
        blocks.push(b);
    }
    for e in 0..endings {
        let tone = *rng.pick(&["good", "mixed", "poor"]);
        blocks.push(format!(
            "== ending {}\ntitle: Ending {e}\ntone: {tone}\nWhat happened afterwards.\n",
            ending_id(e)
        ));
    }
    if rng.chance(30) {
        // Order in the file does not matter.
        for i in (1..blocks.len()).rev() {
            blocks.swap(i, rng.below(i + 1));
        }
    }
    for b in blocks {
        out.push('\n');
        out.push_str(&b);
    }
    out
}

// ---- The invariants -----------------------------------------------------------------

/// A broken promise of the loader (other than a panic).
struct Violation {
    rule: &'static str,
    detail: String,
}

fn violation(rule: &'static str, detail: impl Into<String>) -> Violation {
    Violation {
        rule,
        detail: detail.into(),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Verdict {
    Loaded,
    Rejected,
}

/// Loads `source` and checks everything the loader promises about the result.
/// `walk_seed` drives the random walks through a scenario that loads.
fn check(source: &str, walk_seed: u64) -> Result<Verdict, Violation> {
    let lines: Vec<&str> = source.lines().collect();
    match scenario::load(FILE, source) {
        Err(errors) => {
            if errors.error_count() == 0
                || !errors
                    .diagnostics
                    .iter()
                    .any(|d| d.severity == Severity::Error)
            {
                return Err(violation(
                    "rejected without an error",
                    format!("{:?}", errors.diagnostics),
                ));
            }
            for d in &errors.diagnostics {
                check_diagnostic(d, &lines)?;
            }
            let rendered = errors.to_string();
            if rendered.lines().count() != errors.diagnostics.len() {
                return Err(violation(
                    "rendering is not one line per diagnostic",
                    rendered,
                ));
            }
            Ok(Verdict::Rejected)
        }
        Ok(loaded) => {
            for d in &loaded.warnings {
                if d.severity != Severity::Warning {
                    return Err(violation("loaded with an error", d.render(FILE)));
                }
                check_diagnostic(d, &lines)?;
            }
            play(&loaded.scenario, walk_seed)?;
            Ok(Verdict::Loaded)
        }
    }
}

fn check_diagnostic(d: &Diagnostic, lines: &[&str]) -> Result<(), Violation> {
    let (line, column) = (d.position.line, d.position.column);
    let shown = || format!("{} (the input has {} lines)", d.render(FILE), lines.len());
    if line < 1 || column < 1 {
        return Err(violation("position below 1:1", shown()));
    }
    if line > lines.len() + 1 {
        return Err(violation("line past the end of the input", shown()));
    }
    if let Some(text) = lines.get(line - 1)
        && column > text.chars().count() + 1
    {
        return Err(violation("column past the end of its line", shown()));
    }
    if d.message.trim().is_empty() {
        return Err(violation("empty message", shown()));
    }
    if d.message.contains('\n') {
        return Err(violation("message spans several lines", shown()));
    }
    Ok(())
}

/// Walks a few random paths of at most [`MAX_STEPS`] decisions, scoring those that end.
fn play(s: &Scenario, walk_seed: u64) -> Result<(), Violation> {
    let analysis = Analysis::of(s);
    let mut rng = Rng::new(walk_seed);
    for walk in 0..WALKS {
        // Walk under each of the scenario's strategies in turn.
        let strategy = s
            .strategy_indices()
            .nth(walk % s.strategies.len().max(1))
            .unwrap_or_default();
        let mut p = Playthrough::under(s, strategy);
        for _ in 0..MAX_STEPS {
            match p.position(s) {
                Position::Ended(ending) => {
                    let _ = s.ending(ending);
                    let card = analysis.score(s, &p);
                    if card.score > 100 || card.passed != (card.score >= s.pass_threshold) {
                        return Err(violation("score out of range", format!("{card:?}")));
                    }
                    let ids = p.choice_ids(s);
                    if Playthrough::replay(s, strategy, &ids).as_ref() != Ok(&p) {
                        return Err(violation(
                            "replay differs",
                            format!("choices {ids:?} do not replay to the same path"),
                        ));
                    }
                    break;
                }
                Position::Decision(index) => {
                    let _ = analysis.progress(&p);
                    if running_alignment(s, &p).is_some_and(|a| a > 100) {
                        return Err(violation("running alignment out of range", ""));
                    }
                    let scene = s.scene(index);
                    let offered: Vec<_> = p.offered(s).into_iter().map(|(_, c)| c).collect();
                    if offered.is_empty() {
                        return Err(violation(
                            "decision without choices",
                            format!("scene `{}`", scene.id),
                        ));
                    }
                    let choice = *rng.pick(&offered);
                    p = p.choose(s, choice.id.as_str()).map_err(|e| {
                        violation(
                            "offered choice cannot be taken",
                            format!("`{}` in `{}`: {e}", choice.id, scene.id),
                        )
                    })?;
                }
            }
        }
    }
    Ok(())
}

// ---- Running one case, catching panics ----------------------------------------------

thread_local! {
    /// Set while this thread runs a case: the panic hook records instead of printing.
    static QUIET: Cell<bool> = const { Cell::new(false) };
    static LAST_PANIC: RefCell<Option<(String, String)>> = const { RefCell::new(None) };
}

fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if QUIET.with(Cell::get) {
                let message = info
                    .payload_as_str()
                    .unwrap_or("(non-string payload)")
                    .to_string();
                let location = info
                    .location()
                    .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column()))
                    .unwrap_or_else(|| "(unknown location)".into());
                LAST_PANIC.with(|p| *p.borrow_mut() = Some((message, location)));
            } else {
                previous(info);
            }
        }));
    });
}

/// Why a case failed. `signature` groups failures with the same cause.
#[derive(Clone, Debug)]
struct Failure {
    signature: String,
    detail: String,
}

fn run_case(source: &str, walk_seed: u64) -> Result<Verdict, Failure> {
    guarded(|| check(source, walk_seed))
}

/// Runs `f`, turning a panic (with its message and location) or a violation into a [`Failure`].
fn guarded(f: impl FnOnce() -> Result<Verdict, Violation>) -> Result<Verdict, Failure> {
    install_panic_hook();
    QUIET.with(|q| q.set(true));
    let outcome = panic::catch_unwind(AssertUnwindSafe(f));
    QUIET.with(|q| q.set(false));
    match outcome {
        Ok(Ok(verdict)) => Ok(verdict),
        Ok(Err(v)) => Err(Failure {
            signature: format!("invariant: {}", v.rule),
            detail: v.detail,
        }),
        Err(_) => {
            let (message, location) = LAST_PANIC
                .with(|p| p.borrow_mut().take())
                .unwrap_or_else(|| ("(no message)".into(), "(unknown location)".into()));
            Err(Failure {
                signature: format!("panic at {location}"),
                detail: message,
            })
        }
    }
}

/// Shrinks a failing input while it keeps failing the same way: first whole lines,
/// then characters, in chunks that halve (a simple delta debugging).
fn shrink(input: &str, walk_seed: u64, signature: &str) -> String {
    let budget = Cell::new(SHRINK_BUDGET);
    let still_fails = |candidate: &str| {
        budget.set(budget.get().saturating_sub(1));
        matches!(run_case(candidate, walk_seed), Err(f) if f.signature == signature)
    };
    let mut best = input.to_string();
    // Lines (keeping their terminators), then characters.
    for by_lines in [true, false] {
        let units = |s: &str| -> Vec<String> {
            if by_lines {
                s.split_inclusive('\n').map(str::to_string).collect()
            } else {
                s.chars().map(String::from).collect()
            }
        };
        let mut parts = units(&best);
        let mut chunk = parts.len().div_ceil(2).max(1);
        loop {
            let mut i = 0;
            let mut removed_any = false;
            while i < parts.len() {
                let end = (i + chunk).min(parts.len());
                let candidate: String = parts[..i].concat() + &parts[end..].concat();
                if budget.get() > 0 && still_fails(&candidate) {
                    parts.drain(i..end);
                    removed_any = true;
                } else {
                    i += chunk;
                }
            }
            if budget.get() == 0 || (chunk == 1 && !removed_any) {
                break;
            }
            if !removed_any {
                chunk = chunk.div_ceil(2);
            }
        }
        best = parts.concat();
    }
    best
}

fn failures_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"));
    target.join("fuzz-failures")
}

/// Writes `text` to `target/fuzz-failures/name`; returns the path, or why it could not.
fn save(name: &str, text: &str) -> String {
    let dir = failures_dir();
    let path = dir.join(name);
    match std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&path, text)) {
        Ok(()) => path.display().to_string(),
        Err(e) => format!("(could not write {}: {e})", path.display()),
    }
}

// ---- The fuzz run -------------------------------------------------------------------

fn env_u64(name: &str, default: u64) -> u64 {
    match std::env::var(name) {
        Ok(v) => {
            let v = v.trim().replace('_', "");
            let parsed = match v.strip_prefix("0x") {
                Some(hex) => u64::from_str_radix(hex, 16),
                None => v.parse(),
            };
            parsed.unwrap_or_else(|_| panic!("{name} must be a whole number, not `{v}`"))
        }
        Err(_) => default,
    }
}

/// Counts per generator; printed when dropped, so even a failing run reports.
struct Summary {
    seed: u64,
    planned: u64,
    run: u64,
    started: Instant,
    counts: BTreeMap<Kind, (u64, u64, Duration)>,
    failed_cases: u64,
}

impl Drop for Summary {
    fn drop(&mut self) {
        let elapsed = self.started.elapsed();
        println!(
            "loader fuzz: {} of {} cases run in {:.2?} (seed {:#018x}), {} failed",
            self.run, self.planned, elapsed, self.seed, self.failed_cases
        );
        for kind in Kind::ALL {
            let (loaded, rejected, time) = self.counts.get(&kind).copied().unwrap_or_default();
            println!(
                "  {:<22} {:>9} cases: {:>8} loaded and played, {:>8} rejected, {:.2?}",
                kind.name(),
                loaded + rejected,
                loaded,
                rejected,
                time
            );
        }
    }
}

#[test]
fn loader_never_panics_and_keeps_its_promises_on_fuzzed_input() {
    let cases = env_u64("MANDATE_FUZZ_CASES", DEFAULT_CASES);
    let seed = env_u64("MANDATE_FUZZ_SEED", SEED);
    let first = env_u64("MANDATE_FUZZ_FROM", 0);
    let corpus = Corpus::new();
    let mut summary = Summary {
        seed,
        planned: cases,
        run: 0,
        started: Instant::now(),
        counts: BTreeMap::new(),
        failed_cases: 0,
    };
    let mut failures: Vec<String> = Vec::new();
    let mut seen: Vec<String> = Vec::new();

    for case in first..first.saturating_add(cases) {
        let mut rng = Rng::for_case(seed, case);
        let (kind, origin, input) = corpus.generate(&mut rng);
        let walk_seed = rng.next_u64();
        let started = Instant::now();
        let outcome = run_case(&input, walk_seed);
        let entry = summary.counts.entry(kind).or_default();
        entry.2 += started.elapsed();
        summary.run += 1;
        match outcome {
            Ok(Verdict::Loaded) => entry.0 += 1,
            Ok(Verdict::Rejected) => entry.1 += 1,
            Err(failure) => {
                summary.failed_cases += 1;
                if seen.contains(&failure.signature) {
                    continue;
                }
                seen.push(failure.signature.clone());
                let stem = format!("seed-{seed:016x}-case-{case}");
                let full = save(&format!("{stem}.mandate"), &input);
                let small = shrink(&input, walk_seed, &failure.signature);
                let small_path = save(&format!("{stem}-min.mandate"), &small);
                let small_detail = run_case(&small, walk_seed)
                    .err()
                    .map_or(failure.detail.clone(), |f| f.detail);
                failures.push(format!(
                    "seed {seed:#018x} case {case} ({}, {origin}): {}\n  {}\n  input: {full}\n  \
                     shrunk ({} bytes): {small_path}\n  shrunk input: {small:?}\n  on the shrunk input: {}\n  \
                     rerun this case alone: MANDATE_FUZZ_SEED={seed:#x} MANDATE_FUZZ_FROM={case} \
                     MANDATE_FUZZ_CASES=1 cargo test --test loader_fuzz -- --nocapture",
                    kind.name(),
                    failure.signature,
                    failure.detail,
                    small.len(),
                    small_detail,
                ));
                eprintln!("FAILURE {}", failures.last().map_or("", |s| s.as_str()));
                if failures.len() >= MAX_DISTINCT_FAILURES {
                    break;
                }
            }
        }
    }

    let loaded: u64 = summary.counts.values().map(|c| c.0).sum();
    let rejected: u64 = summary.counts.values().map(|c| c.1).sum();
    drop(summary);
    assert!(
        failures.is_empty(),
        "{} distinct failure(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
    if cases >= 1_000 {
        // A fuzzer whose cases all load, or all fail, is not exploring.
        assert!(
            loaded * 20 >= cases,
            "only {loaded} of {cases} cases loaded"
        );
        assert!(
            rejected * 20 >= cases,
            "only {rejected} of {cases} cases were rejected"
        );
    }
}

/// Re-runs every input saved in `target/fuzz-failures/` (after a fuzz failure, or
/// after fixing one): `cargo test --test loader_fuzz replay_saved_failures -- --ignored`.
#[test]
#[ignore = "replays target/fuzz-failures/ on demand"]
fn replay_saved_failures() {
    let Ok(entries) = std::fs::read_dir(failures_dir()) else {
        println!("no {} directory", failures_dir().display());
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    let mut failed = Vec::new();
    for path in paths {
        let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
        // The walk seed of the original case is not saved; try a few.
        let outcome = (0..32).try_for_each(|n| run_case(&text, SEED ^ n).map(drop));
        println!("{}: {outcome:?}", path.display());
        if let Err(f) = outcome {
            failed.push(format!("{}: {}: {}", path.display(), f.signature, f.detail));
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

// ---- Targeted regressions -----------------------------------------------------------

#[test]
fn the_harness_catches_panics_and_says_where() {
    let failure = guarded(|| panic!("deliberate")).unwrap_err();
    assert_eq!(failure.detail, "deliberate");
    assert!(
        failure.signature.starts_with("panic at ") && failure.signature.contains("loader_fuzz.rs"),
        "{failure:?}"
    );
    // Arithmetic overflow must panic too, or the fuzzer would miss it. Overflow checks
    // come with debug assertions in `cargo test` and in scripts/fuzz.sh, not in a plain
    // `cargo test --release`.
    if !cfg!(debug_assertions) {
        return;
    }
    let failure = guarded(|| {
        let n = std::hint::black_box(u32::MAX);
        std::hint::black_box(n + 1);
        Ok(Verdict::Rejected)
    })
    .unwrap_err();
    assert!(failure.detail.contains("overflow"), "{failure:?}");
}

fn assert_keeps_promises(input: &str) {
    if let Err(f) = run_case(input, SEED) {
        panic!("{input:?}: {}: {}", f.signature, f.detail);
    }
}

#[test]
fn degenerate_inputs_are_rejected_with_located_errors() {
    for input in [
        "",
        "\n",
        "\r\n",
        "\u{feff}",
        "\0",
        "==",
        "== ",
        "== scene",
        "== ending",
        "=== scene x y",
        "*",
        "* ",
        ">",
        ":",
        "a:",
        "title:",
        "😀: x",
        "\u{3000}title: x",
        "start: a\n== scene a\ntitle: A\n",
        "== scene a\n* x\n\u{3000}next: a\n\u{a0}\u{a0}next: a",
        "== ending e\ntone:\ttone:\n* x\n  next: e",
    ] {
        assert_keeps_promises(input);
        assert!(scenario::load(FILE, input).is_err(), "{input:?} loaded");
    }
}

#[test]
fn the_fixture_with_other_line_endings_and_prefixes_keeps_its_promises() {
    let text = MINI.1;
    for input in [
        text.replace('\n', "\r\n"),
        text.replace('\n', "\r"),
        text.replace('\n', "\u{2028}"),
        format!("\u{feff}{text}"),
        text.trim_end().to_string(),
        text.replace("  ", "\t"),
        text.replace("  ", "\u{3000}"),
        text.replace("next: warm", "next: open"),
        text.replace("next: partner", "next: warm"),
    ] {
        assert_keeps_promises(&input);
    }
}

#[test]
fn every_builtin_with_every_line_deleted_in_turn_keeps_its_promises() {
    for (_, text) in builtin::sources().iter().chain([&MINI, &PROFILES]) {
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        // Every line of the fixture; a sample of the long built-in files.
        let step = (lines.len() / 150).max(1);
        for i in (0..lines.len()).step_by(step) {
            let input = lines[..i].concat() + &lines[i + 1..].concat();
            assert_keeps_promises(&input);
        }
    }
}

#[test]
fn the_profile_library_loader_never_panics() {
    use mandate::core::scenario::Library;
    let base = Base::new("scenarios/strategies.mandate", Library::standard_source());
    let mut rng = Rng::new(0x11b_2a7e);
    for case in 0..5_000 {
        let input = if case % 5 == 0 {
            arbitrary_bytes(&mut rng)
        } else {
            mutated(&mut rng, &base)
        };
        let outcome = std::panic::catch_unwind(|| Library::load("lib.mandate", &input));
        assert!(outcome.is_ok(), "Library::load panicked on {input:?}");
    }
}
