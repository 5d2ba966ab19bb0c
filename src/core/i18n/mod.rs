//! The interface's languages: which ones there are ([`Locale`]), the catalogue of every
//! string the interface shows ([`Messages`]), and numbers and dates written the way each
//! language writes them.
//!
//! The catalogues are text files in `locales/<language>/<area>.txt`, compiled in (the
//! browser build compiles in English only, and installs another language from its
//! [`pack::LanguagePack`] when it is first needed). A line
//! is `key = text`; a line that starts with white space continues the one above (joined
//! with a space); `#` starts a comment line. A key's full name is `<area>.<key>`
//! (`home.start`). `{name}` in a text is a placeholder the code fills in (`{{` is a
//! literal brace). A text that depends on a count has two keys, `<key>.one` and
//! `<key>.other`, and is looked up with a `count` argument.
//!
//! Code asks for a text with the [`tr!`](crate::tr) macro, which is what the catalogue
//! test (`tests/i18n.rs`) scans for: every key the code uses must be in every catalogue
//! with the same placeholders, and every key in a catalogue must be used.

mod format;
pub mod pack;

use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

pub use crate::core::civil_date;

/// A language the interface can be shown in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Locale {
    /// English (the language the scenarios are written in).
    En,
    /// German.
    De,
    /// Pseudo-English (`en-XA`): every English text with accents and about 40 % more
    /// length, for checking that layouts survive longer translations. Never offered in
    /// the language switch; reachable with `?lang=en-XA`.
    Pseudo,
}

impl Locale {
    /// The languages the switch offers, in its order.
    pub const OFFERED: [Locale; 2] = [Locale::En, Locale::De];

    /// The BCP 47 tag (`en`, `de`, `en-XA`), as stored with progress and as used in
    /// `lang` attributes.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::De => "de",
            Locale::Pseudo => "en-XA",
        }
    }

    /// The language's name in itself, as the switch shows it.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::De => "Deutsch",
            Locale::Pseudo => "Ƥşéûđô",
        }
    }

    /// The language a BCP 47 tag asks for (`de`, `de-CH`, `DE_at`, `en-GB`), if Mandate
    /// has it. The pseudo-locale answers only to its exact tag.
    pub fn from_tag(tag: &str) -> Option<Locale> {
        let tag = tag.trim();
        if tag.eq_ignore_ascii_case("en-XA") {
            return Some(Locale::Pseudo);
        }
        let primary = tag.split(['-', '_']).next().unwrap_or_default();
        match primary.to_ascii_lowercase().as_str() {
            "en" => Some(Locale::En),
            "de" => Some(Locale::De),
            _ => None,
        }
    }

    /// The first of the learner's preferred languages (in order) that Mandate has;
    /// English when none is.
    pub fn negotiate<'a>(preferred: impl IntoIterator<Item = &'a str>) -> Locale {
        preferred
            .into_iter()
            .find_map(Locale::from_tag)
            .unwrap_or(Locale::En)
    }

    /// An integer with this language's digit grouping (`4,800` / `4.800`).
    pub fn integer(self, value: i64) -> String {
        format::integer(self.conventions(), value)
    }

    /// The language whose conventions (numbers, dates, plurals) this one follows.
    fn conventions(self) -> Locale {
        match self {
            Locale::Pseudo => Locale::En,
            other => other,
        }
    }
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

macro_rules! catalogue_files {
    ($lang:literal) => {
        catalogue_files!(
            $lang;
            "common", "app", "home", "briefing", "decision", "feedback", "ending", "debrief",
            "progress", "map", "open", "lms", "classroom", "facilitate", "certificate", "notices",
            "errors"
        )
    };
    ($lang:literal; $($area:literal),+) => {
        &[$((
            concat!("locales/", $lang, "/", $area, ".txt"),
            include_str!(concat!("../../../locales/", $lang, "/", $area, ".txt")),
        )),+]
    };
}

/// Every catalogue file compiled in, by language: `(file name, text)`. The browser build
/// has English only; other languages come as language packs ([`Messages::install`]).
pub const SOURCES: &[(Locale, &[(&str, &str)])] = &[
    (Locale::En, catalogue_files!("en")),
    #[cfg(not(target_arch = "wasm32"))]
    (Locale::De, catalogue_files!("de")),
];

/// A problem in a catalogue file, with where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CatalogueError {
    pub file: String,
    pub line: usize,
    pub problem: String,
}

impl fmt::Display for CatalogueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.problem)
    }
}

/// The interface's texts in one language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Messages {
    locale: Locale,
    texts: BTreeMap<String, String>,
}

impl Messages {
    /// The catalogue for a language, built once and kept: the compiled-in one, or the one
    /// installed from a language pack. A language that has neither yet reads English.
    pub fn get(locale: Locale) -> &'static Messages {
        static EN: OnceLock<Messages> = OnceLock::new();
        static DE: OnceLock<Messages> = OnceLock::new();
        static PSEUDO: OnceLock<Messages> = OnceLock::new();
        match locale {
            Locale::En => EN.get_or_init(|| Messages::compiled(Locale::En)),
            Locale::De => Messages::installed(Locale::De)
                .and_then(OnceLock::get)
                .unwrap_or_else(|| DE.get_or_init(|| Messages::compiled(Locale::De))),
            Locale::Pseudo => PSEUDO.get_or_init(|| Messages::get(Locale::En).pseudo()),
        }
    }

    /// Where a language pack's catalogue is kept, for the languages that can have one.
    fn installed(locale: Locale) -> Option<&'static OnceLock<Messages>> {
        static DE: OnceLock<Messages> = OnceLock::new();
        match locale {
            Locale::De => Some(&DE),
            Locale::En | Locale::Pseudo => None,
        }
    }

    /// Whether the interface has `locale`'s texts now: compiled in, or installed.
    pub fn available(locale: Locale) -> bool {
        !files(locale).is_empty()
            || matches!(locale, Locale::En | Locale::Pseudo)
            || Messages::installed(locale).is_some_and(|slot| slot.get().is_some())
    }

    /// Installs the catalogue of a language pack, strictly: a file with a line that does
    /// not parse installs nothing. Installing a language twice keeps the first.
    pub fn install(pack: &pack::LanguagePack) -> Result<(), Vec<CatalogueError>> {
        let Some(slot) = Messages::installed(pack.locale) else {
            return Ok(());
        };
        let mut texts = BTreeMap::new();
        let mut errors = Vec::new();
        for (file, source) in pack.catalogue() {
            let (parsed, problems) = parse(file, source);
            texts.extend(parsed);
            errors.extend(problems);
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let _ = slot.set(Messages {
            locale: pack.locale,
            texts,
        });
        Ok(())
    }

    /// The compiled-in catalogue for a language. A line that does not parse is left
    /// out (the test suite parses the same files strictly, so none ships).
    fn compiled(locale: Locale) -> Messages {
        let mut texts = BTreeMap::new();
        for (file, source) in files(locale) {
            let (parsed, _) = parse(file, source);
            texts.extend(parsed);
        }
        Messages { locale, texts }
    }

    /// The language of this catalogue.
    pub fn locale(&self) -> Locale {
        self.locale
    }

    /// Every key and its text, in key order.
    pub fn entries(&self) -> impl Iterator<Item = (&str, &str)> {
        self.texts.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// The text for a key: this language's, else English's, else the key itself (so a
    /// missing text shows up as its key rather than as nothing).
    pub fn text<'a>(&'a self, key: &'a str) -> &'a str {
        if let Some(text) = self.texts.get(key) {
            return text;
        }
        if self.locale != Locale::En
            && let Some(text) = Messages::get(Locale::En).texts.get(key)
        {
            return text;
        }
        key
    }

    /// The text for a key with its placeholders filled in. With an argument named
    /// `count`, a key that has `.one` and `.other` forms picks the form for that count.
    pub fn format(&self, key: &str, args: &[(&str, String)]) -> String {
        let count = args
            .iter()
            .find(|(name, _)| *name == "count")
            .and_then(|(_, v)| v.parse::<i64>().ok());
        let plural_key;
        let key = match count {
            Some(n) if !self.has(key) => {
                plural_key = format!("{key}.{}", self.plural_form(n));
                plural_key.as_str()
            }
            _ => key,
        };
        fill(self.text(key), args)
    }

    fn has(&self, key: &str) -> bool {
        self.texts.contains_key(key) || Messages::get(Locale::En).texts.contains_key(key)
    }

    /// The plural form a count takes (`one` or `other`): English and German agree.
    fn plural_form(&self, n: i64) -> &'static str {
        match self.locale.conventions() {
            Locale::En | Locale::De | Locale::Pseudo => {
                if n == 1 {
                    "one"
                } else {
                    "other"
                }
            }
        }
    }

    /// An integer with the language's digit grouping (`4,800` / `4.800`).
    pub fn integer(&self, value: i64) -> String {
        self.locale.integer(value)
    }

    /// A number with a fixed count of decimals (`56.3` / `56,3`).
    pub fn decimal(&self, value: f64, places: usize) -> String {
        format::decimal(self.locale.conventions(), value, places)
    }

    /// A percentage of 0–100 (`45%` / `45 %`).
    pub fn percent(&self, value: f64, places: usize) -> String {
        format::percent(self.locale.conventions(), value, places)
    }

    /// A calendar date, long form (`27 November 2026` / `27. November 2026`).
    pub fn date(&self, date: civil_date::Date) -> String {
        format::long_date(self.locale.conventions(), date)
    }

    /// A time of day on the 24-hour clock (`14:05`).
    pub fn time(&self, time: civil_date::Time) -> String {
        format::time_of_day(self.locale.conventions(), time)
    }

    /// A date and a time of day (`27 November 2026, 14:05` / `27. November 2026, 14:05`).
    pub fn date_time(&self, date: civil_date::Date, time: civil_date::Time) -> String {
        format!("{}, {}", self.date(date), self.time(time))
    }

    /// This catalogue in pseudo-English: accented, bracketed and about 40 % longer,
    /// placeholders untouched.
    fn pseudo(&self) -> Messages {
        let texts = self
            .texts
            .iter()
            .map(|(k, v)| (k.clone(), pseudo_text(v)))
            .collect();
        Messages {
            locale: Locale::Pseudo,
            texts,
        }
    }
}

/// The catalogue files of one language.
pub fn files(locale: Locale) -> &'static [(&'static str, &'static str)] {
    SOURCES
        .iter()
        .find(|(l, _)| *l == locale)
        .map(|(_, files)| *files)
        .unwrap_or(&[])
}

/// The area a catalogue file holds (`locales/en/home.txt` → `home`).
fn area(file: &str) -> &str {
    let name = file.rsplit('/').next().unwrap_or(file);
    name.strip_suffix(".txt").unwrap_or(name)
}

/// Parses one catalogue file: its `(full key, text)` pairs and every problem found
/// (a line without `=`, an empty key or text, a key defined twice, a continuation
/// with nothing to continue, an unbalanced brace).
pub fn parse(file: &str, source: &str) -> (Vec<(String, String)>, Vec<CatalogueError>) {
    let area = area(file);
    let mut entries: Vec<(String, String)> = Vec::new();
    let mut errors = Vec::new();
    let mut line_of: BTreeMap<String, usize> = BTreeMap::new();
    let error = |line: usize, problem: String| CatalogueError {
        file: file.to_string(),
        line,
        problem,
    };
    for (i, raw) in source.lines().enumerate() {
        let line = i + 1;
        if raw.trim().is_empty() || raw.trim_start().starts_with('#') {
            continue;
        }
        if raw.starts_with([' ', '\t']) {
            match entries.last_mut() {
                Some((_, text)) => {
                    text.push(' ');
                    text.push_str(raw.trim());
                }
                None => errors.push(error(
                    line,
                    "an indented line continues a text, but no text comes before it".into(),
                )),
            }
            continue;
        }
        let Some((key, text)) = raw.split_once('=') else {
            errors.push(error(
                line,
                format!("expected `key = text`, found `{}`", raw.trim()),
            ));
            continue;
        };
        let key = key.trim();
        if key.is_empty()
            || !key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        {
            errors.push(error(
                line,
                format!("`{key}` is not a key: use letters, digits, `-`, `_` and `.`"),
            ));
            continue;
        }
        let full = format!("{area}.{key}");
        if let Some(first) = line_of.get(&full) {
            errors.push(error(
                line,
                format!("`{full}` is already defined on line {first}"),
            ));
            continue;
        }
        line_of.insert(full.clone(), line);
        entries.push((full, text.trim().to_string()));
    }
    for (key, text) in &entries {
        if text.is_empty() {
            errors.push(error(line_of[key], format!("`{key}` has no text")));
        } else if let Err(problem) = placeholders(text) {
            errors.push(error(line_of[key], format!("`{key}`: {problem}")));
        }
    }
    (entries, errors)
}

/// The placeholder names in a text, sorted, each once; or why its braces do not balance.
pub fn placeholders(text: &str) -> Result<Vec<String>, String> {
    let mut names = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
            }
            '{' => {
                let mut name = String::new();
                loop {
                    match chars.next() {
                        Some('}') => break,
                        Some(c) if c.is_ascii_alphanumeric() || c == '_' => name.push(c),
                        Some(c) => return Err(format!("`{c}` inside a placeholder")),
                        None => return Err("a `{` is never closed".into()),
                    }
                }
                if name.is_empty() {
                    return Err("an empty placeholder `{}`".into());
                }
                names.push(name);
            }
            '}' => return Err("a `}` closes nothing (write `}}` for a brace)".into()),
            _ => {}
        }
    }
    names.sort();
    names.dedup();
    Ok(names)
}

/// Fills a text's placeholders; one without an argument stays as written.
fn fill(text: &str, args: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(i) = rest.find(['{', '}']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            out.push_str(&tail[..1]);
            rest = &tail[2..];
        } else if let (true, Some(end)) = (tail.starts_with('{'), tail.find('}')) {
            let name = &tail[1..end];
            match args.iter().find(|(n, _)| *n == name) {
                Some((_, value)) => out.push_str(value),
                None => out.push_str(&tail[..=end]),
            }
            rest = &tail[end + 1..];
        } else {
            out.push_str(&tail[..1]);
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    out
}

/// Pseudo-English for one text: letters accented, wrapped in `⟦ ⟧`, padded to at
/// least 40 % more characters; placeholders and doubled braces left alone.
fn pseudo_text(text: &str) -> String {
    const ACCENTED: [(char, char); 12] = [
        ('a', 'á'),
        ('e', 'é'),
        ('i', 'í'),
        ('o', 'ö'),
        ('u', 'ü'),
        ('c', 'ç'),
        ('n', 'ñ'),
        ('A', 'Å'),
        ('E', 'É'),
        ('O', 'Ö'),
        ('U', 'Û'),
        ('s', 'š'),
    ];
    let mut out = String::from("⟦");
    let mut in_placeholder = false;
    let mut visible = 0usize;
    for c in text.chars() {
        match c {
            '{' => in_placeholder = true,
            '}' => in_placeholder = false,
            _ => {}
        }
        let c = if in_placeholder {
            c
        } else {
            ACCENTED
                .iter()
                .find(|(plain, _)| *plain == c)
                .map(|(_, accented)| *accented)
                .unwrap_or(c)
        };
        if !in_placeholder {
            visible += 1;
        }
        out.push(c);
    }
    let padding = (visible * 2).div_ceil(5).max(2);
    out.push(' ');
    for i in 0..padding {
        out.push(if i % 5 == 4 { ' ' } else { '~' });
    }
    out.push('⟧');
    out
}

/// `Display` for an error whose words come from `message(t)`: the English catalogue's, so
/// that logs and exact-text tests read English whatever language the screen is in.
#[macro_export]
macro_rules! display_in_english {
    ($type:ty) => {
        impl ::std::fmt::Display for $type {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&self.message($crate::core::i18n::Messages::get(
                    $crate::core::i18n::Locale::En,
                )))
            }
        }
    };
}

/// Asks a catalogue for a text: `tr!(t, "home.start")` (a `&str`), or
/// `tr!(t, "home.best", score = 72, pass = 70)` (a `String` with the placeholders
/// filled). The catalogue test finds keys by this macro, so always name the key as a
/// literal here.
#[macro_export]
macro_rules! tr {
    ($messages:expr, $key:literal) => {
        $messages.text($key)
    };
    ($messages:expr, $key:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $messages.format($key, &[$((stringify!($name), ($value).to_string())),+])
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_negotiate_to_the_first_language_mandate_has() {
        assert_eq!(Locale::from_tag("de-CH"), Some(Locale::De));
        assert_eq!(Locale::from_tag("DE_at"), Some(Locale::De));
        assert_eq!(Locale::from_tag("en-XA"), Some(Locale::Pseudo));
        assert_eq!(Locale::from_tag("fr"), None);
        assert_eq!(Locale::negotiate(["fr-FR", "de", "en"]), Locale::De);
        assert_eq!(Locale::negotiate(["fr-FR", "it"]), Locale::En);
        assert_eq!(Locale::negotiate([]), Locale::En);
    }

    #[test]
    fn parse_joins_continuations_and_reports_exact_problems() {
        let source = "# comment\n\
                      title = Scenarios\n\
                      lead = Each scenario\n  puts you at a table\n\
                      \n\
                      best.one = {count} point\n\
                      best.other = {count} points\n\
                      title = again\n\
                      no equals here\n\
                      bad key = x\n\
                      empty =\n\
                      open = a {name\n\
                      close = a } b\n";
        let (entries, errors) = parse("locales/en/home.txt", source);
        assert_eq!(entries[0], ("home.title".into(), "Scenarios".into()));
        assert_eq!(
            entries[1],
            (
                "home.lead".into(),
                "Each scenario puts you at a table".into()
            )
        );
        let errors: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            errors,
            [
                "locales/en/home.txt:8: `home.title` is already defined on line 2",
                "locales/en/home.txt:9: expected `key = text`, found `no equals here`",
                "locales/en/home.txt:10: `bad key` is not a key: use letters, digits, `-`, `_` and `.`",
                "locales/en/home.txt:11: `home.empty` has no text",
                "locales/en/home.txt:12: `home.open`: a `{` is never closed",
                "locales/en/home.txt:13: `home.close`: a `}` closes nothing (write `}}` for a brace)",
            ]
        );
        let (_, errors) = parse("locales/en/x.txt", "  dangling\n");
        assert_eq!(
            errors[0].to_string(),
            "locales/en/x.txt:1: an indented line continues a text, but no text comes before it"
        );
    }

    #[test]
    fn format_fills_placeholders_and_picks_plural_forms() {
        let mut texts = BTreeMap::new();
        texts.insert(
            "t.best".to_string(),
            "Best {score} / 100, pass {pass} {{literal}}".to_string(),
        );
        texts.insert(
            "t.decisions.one".to_string(),
            "{count} decision".to_string(),
        );
        texts.insert(
            "t.decisions.other".to_string(),
            "{count} decisions".to_string(),
        );
        let m = Messages {
            locale: Locale::De,
            texts,
        };
        assert_eq!(
            crate::tr!(m, "t.best", score = 72, pass = 70),
            "Best 72 / 100, pass 70 {literal}"
        );
        assert_eq!(crate::tr!(m, "t.decisions", count = 1), "1 decision");
        assert_eq!(crate::tr!(m, "t.decisions", count = 0), "0 decisions");
        assert_eq!(
            crate::tr!(m, "t.best", score = 1),
            "Best 1 / 100, pass {pass} {literal}"
        );
        assert_eq!(m.text("t.nowhere"), "t.nowhere");
    }

    #[test]
    fn pseudo_english_is_longer_and_keeps_placeholders() {
        let text = "Best score {score} / 100";
        let pseudo = pseudo_text(text);
        assert!(pseudo.starts_with("⟦Bé"), "{pseudo}");
        assert!(pseudo.contains("{score}"), "{pseudo}");
        assert!(
            pseudo.chars().count() * 10 >= text.chars().count() * 14,
            "{pseudo}"
        );
        assert_eq!(placeholders(&pseudo), placeholders(text));
    }
}
