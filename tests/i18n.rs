//! The interface catalogues (`locales/`): every key the code asks for (`tr!`) is in
//! every language with the same placeholders, no catalogue has a key nobody uses, and
//! the UI source holds no English text outside the catalogue.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use common::rust_files;

use mandate::core::i18n::{self, Locale, Messages};

/// A string literal in Rust source: its text (escapes resolved enough for the checks
/// here) and the line it starts on.
struct Literal {
    text: String,
    line: usize,
    /// Byte offset just after the closing quote.
    end: usize,
}

/// Reads the string literal starting at `start` (a `"`).
fn literal_at(source: &str, start: usize) -> Literal {
    let bytes = source.as_bytes();
    let line = source[..start].matches('\n').count() + 1;
    let mut text = String::new();
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => {
                match bytes.get(i + 1) {
                    Some(b'\n') => {
                        // A line continuation: skip the newline and the indentation.
                        i += 2;
                        while i < bytes.len() && (bytes[i] == b' ' || bytes[i] == b'\t') {
                            i += 1;
                        }
                        continue;
                    }
                    Some(b'n') => text.push('\n'),
                    Some(&c) => text.push(c as char),
                    None => {}
                }
                i += 2;
            }
            b'"' => {
                return Literal {
                    text,
                    line,
                    end: i + 1,
                };
            }
            _ => {
                let c = source[i..].chars().next().unwrap();
                text.push(c);
                i += c.len_utf8();
            }
        }
    }
    panic!("unterminated string literal at line {line}");
}

/// Every string literal in `source` outside comments, with its line.
fn literals(source: &str) -> Vec<Literal> {
    let bytes = source.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'\'' => {
                // A char literal ('x', '\n', '"') or a lifetime ('a).
                if bytes.get(i + 1) == Some(&b'\\') {
                    i += 4;
                    while i < bytes.len() && bytes[i - 1] != b'\'' {
                        i += 1;
                    }
                } else if bytes.get(i + 2) == Some(&b'\'') {
                    i += 3;
                } else {
                    let c = source[i + 1..].chars().next().unwrap_or(' ');
                    if source[i + 1 + c.len_utf8()..].starts_with('\'') {
                        i += 2 + c.len_utf8();
                    } else {
                        i += 1;
                    }
                }
            }
            b'"' => {
                let raw = i > 0 && bytes[i - 1] == b'r';
                if raw {
                    let end = source[i + 1..].find('"').unwrap() + i + 2;
                    i = end;
                } else {
                    let lit = literal_at(source, i);
                    i = lit.end;
                    out.push(lit);
                }
            }
            _ => i += 1,
        }
    }
    out
}

/// A use of `tr!`: the key, the argument names, where.
struct Use {
    key: String,
    args: BTreeSet<String>,
    place: String,
}

/// Every `tr!(messages, "key", name = value, …)` in `source`.
fn uses(file: &Path, source: &str) -> Vec<Use> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = source[from..].find("tr!(") {
        let start = from + at;
        from = start + 4;
        // Not a use: the macro's own definition and its documentation.
        let before = &source[..start];
        let joined = before
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_');
        if joined || before.ends_with("macro_rules! ") || before.ends_with('`') {
            continue;
        }
        let line = before.matches('\n').count() + 1;
        let place = format!("{}:{line}", file.display());
        // The arguments up to the matching parenthesis, split at top-level commas.
        let bytes = source.as_bytes();
        let mut depth = 1;
        let mut i = start + 4;
        let mut parts = vec![String::new()];
        while depth > 0 {
            let c = bytes[i];
            match c {
                b'"' => {
                    let lit = literal_at(source, i);
                    parts.last_mut().unwrap().push('"');
                    parts.last_mut().unwrap().push_str(&lit.text);
                    parts.last_mut().unwrap().push('"');
                    i = lit.end;
                    continue;
                }
                b'(' | b'[' | b'{' => depth += 1,
                b')' | b']' | b'}' => depth -= 1,
                b',' if depth == 1 => {
                    parts.push(String::new());
                    i += 1;
                    continue;
                }
                _ => {}
            }
            if depth > 0 {
                parts.last_mut().unwrap().push(c as char);
            }
            i += 1;
        }
        let key = parts.get(1).map(|k| k.trim()).unwrap_or_default();
        assert!(
            key.starts_with('"') && key.ends_with('"') && key.len() > 2,
            "{place}: `tr!` must name its key as a string literal, found `{key}`"
        );
        let args = parts[2..]
            .iter()
            .filter(|p| !p.trim().is_empty())
            .map(|p| {
                let (name, _) = p
                    .split_once('=')
                    .unwrap_or_else(|| panic!("{place}: `{p}` is not `name = value`"));
                name.trim().to_string()
            })
            .collect();
        out.push(Use {
            key: key[1..key.len() - 1].to_string(),
            args,
            place,
        });
    }
    out
}

fn all_uses() -> Vec<Use> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for file in rust_files(&root.join("src")) {
        let source = fs::read_to_string(&file).unwrap();
        // A file's unit tests use keys of their own making.
        let source = source.split("#[cfg(test)]").next().unwrap_or_default();
        let relative = file.strip_prefix(root).unwrap().to_path_buf();
        out.extend(uses(&relative, source));
    }
    out
}

/// Each language's keys and placeholders, parsed strictly.
fn catalogues() -> BTreeMap<Locale, BTreeMap<String, Vec<String>>> {
    let mut problems = Vec::new();
    let mut out = BTreeMap::new();
    for (locale, files) in i18n::SOURCES {
        let mut keys = BTreeMap::new();
        for (file, source) in *files {
            let (entries, errors) = i18n::parse(file, source);
            problems.extend(errors.iter().map(ToString::to_string));
            for (key, text) in entries {
                keys.insert(key, i18n::placeholders(&text).unwrap_or_default());
            }
        }
        out.insert(*locale, keys);
    }
    assert!(
        problems.is_empty(),
        "catalogue problems:\n{}",
        problems.join("\n")
    );
    out
}

#[test]
fn every_language_has_every_key_with_the_same_placeholders() {
    let catalogues = catalogues();
    let english = &catalogues[&Locale::En];
    assert!(
        english.len() > 100,
        "the English catalogue has {} keys",
        english.len()
    );
    let mut problems = Vec::new();
    for (locale, keys) in &catalogues {
        for (key, placeholders) in english {
            match keys.get(key) {
                None => problems.push(format!("{locale}: `{key}` is missing")),
                Some(theirs) if theirs != placeholders => problems.push(format!(
                    "{locale}: `{key}` has placeholders {theirs:?}, English has {placeholders:?}"
                )),
                Some(_) => {}
            }
        }
        for key in keys.keys().filter(|k| !english.contains_key(*k)) {
            problems.push(format!("{locale}: `{key}` is not in the English catalogue"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_key_the_code_uses_exists_and_every_key_is_used() {
    let english = &catalogues()[&Locale::En];
    let uses = all_uses();
    assert!(uses.len() > 100, "found only {} uses of `tr!`", uses.len());
    let mut problems = Vec::new();
    let mut used = BTreeSet::new();
    for u in &uses {
        let forms: Vec<String> = if english.contains_key(&u.key) {
            vec![u.key.clone()]
        } else {
            vec![format!("{}.one", u.key), format!("{}.other", u.key)]
        };
        for form in &forms {
            let Some(placeholders) = english.get(form) else {
                problems.push(format!("{}: `{form}` is not in the catalogue", u.place));
                continue;
            };
            used.insert(form.clone());
            for p in placeholders {
                if !u.args.contains(p) {
                    problems.push(format!(
                        "{}: `{form}` needs `{p}`, which is not given",
                        u.place
                    ));
                }
            }
            for a in &u.args {
                let plural_count = a == "count" && forms.len() == 2;
                if !placeholders.contains(a) && !plural_count {
                    problems.push(format!("{}: `{form}` has no placeholder `{a}`", u.place));
                }
            }
        }
    }
    for key in english.keys().filter(|k| !used.contains(*k)) {
        problems.push(format!("`{key}` is in the catalogue but no code uses it"));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// A literal that reads like English prose: a capitalised word followed by a space
/// and a lower-case word, or a single capitalised word of three letters or more.
fn reads_like_english(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    // Class lists and identifiers: lower-case words of letters, digits, `-` and `_`.
    if words.iter().all(|w| {
        w.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
    }) {
        return false;
    }
    let capitalised = |w: &str| {
        let mut chars = w.chars();
        chars.next().is_some_and(|c| c.is_uppercase())
            && chars.clone().count() >= 2
            && chars.all(|c| c.is_lowercase() || "’'.,:;!?…".contains(c))
    };
    match words.as_slice() {
        [] => false,
        [one] => capitalised(one),
        [first, second, ..] => {
            (capitalised(first) || first.chars().all(|c| c.is_lowercase()))
                && second.chars().next().is_some_and(|c| c.is_lowercase())
                && !text.contains('{') | text.contains(' ')
        }
    }
}

/// Literals in the UI that are not interface text: class names, keys, file names and
/// the product's name.
const NOT_INTERFACE_TEXT: &[&str] = &[
    "Mandate",
    "Enter",
    "Escape",
    "Space",
    "PageUp",
    "PageDown",
    "ArrowLeft",
    "ArrowRight",
    "ArrowUp",
    "ArrowDown",
    "Tab",
    "Backspace",
    "Home",
    "End",
];

#[test]
fn the_ui_has_no_english_outside_the_catalogue() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut problems = Vec::new();
    for file in rust_files(&root.join("src/ui")) {
        let source = fs::read_to_string(&file).unwrap();
        for lit in literals(&source) {
            let text = lit.text.trim();
            if NOT_INTERFACE_TEXT.contains(&text) || !reads_like_english(text) {
                continue;
            }
            // `tr!` keys, `data-testid`s and CSS classes are lower-case and dotted or
            // hyphenated; they never pass `reads_like_english` with a space in them.
            problems.push(format!(
                "{}:{}: “{text}”",
                file.strip_prefix(root).unwrap().display(),
                lit.line
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "English text in the UI source (move it to locales/):\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_pseudo_language_is_longer_everywhere() {
    let english = Messages::get(Locale::En);
    let pseudo = Messages::get(Locale::Pseudo);
    // Placeholders are filled with the same values in both, so they do not count.
    let visible = |text: &str| {
        let mut n = 0;
        let mut inside = false;
        for c in text.chars() {
            match c {
                '{' => inside = true,
                '}' => inside = false,
                _ if !inside => n += 1,
                _ => {}
            }
        }
        n
    };
    for (key, text) in english.entries() {
        let long = pseudo.text(key);
        assert!(
            visible(long) * 10 >= visible(text) * 13,
            "`{key}`: “{long}” is not 30 % longer than “{text}”"
        );
    }
}
