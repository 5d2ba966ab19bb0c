//! Language packs: one language's interface catalogue, its profile library and its
//! scenario translations in one text file. The browser build compiles in English only;
//! another language arrives as a pack when a learner first needs it, so nobody downloads
//! a language they do not read. (Native builds — the tests, the CLI — compile every
//! language in.)
//!
//! The format is a header line, then each file as a line `@@ <path> <length in bytes>`,
//! its bytes, and a line break:
//!
//! ```text
//! mandate-language-pack 1 de
//! @@ locales/de/common.txt 1834
//! …1834 bytes…
//! @@ scenarios/de/strategies.mandate 10873
//! …
//! ```
//!
//! A pack for `<tag>` holds only `locales/<tag>/*.txt` and `scenarios/<tag>/*.mandate`.
//! `scripts/language-packs.mjs` writes them at build time; [`LanguagePack::write`] is the
//! same format, for tests.

use std::fmt;

use super::Locale;

/// The first word of every pack.
const MAGIC: &str = "mandate-language-pack";
/// The format version this code reads and writes (both kinds of pack).
pub const FORMAT: u32 = 1;
/// The first word of the built-in scenarios' pack ([`crate::core::builtin::ScenarioPack`]).
pub(crate) const SCENARIO_MAGIC: &str = "mandate-scenario-pack";

/// A parsed language pack: its language and its files, in the pack's order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LanguagePack {
    pub locale: Locale,
    pub files: Vec<(String, String)>,
}

/// Why a pack could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PackError {
    /// The text does not start with the pack header.
    NotAPack,
    /// Written in a later format than this code reads.
    NewerFormat(String),
    /// A language Mandate does not have (or English, which is compiled in).
    UnknownLanguage(String),
    /// An entry line is not `@@ <path> <length>` (1-based entry number).
    BadEntry(usize),
    /// The file's bytes run past the end of the pack.
    Truncated { path: String, length: usize },
    /// The length cuts a character in two.
    NotText(String),
    /// A file another language's pack, or no pack, should hold.
    Foreign { path: String, tag: String },
    /// The text does not start with the scenario pack's header.
    NotAScenarioPack,
    /// A scenario pack written in a later format than this code reads.
    NewerScenarioFormat(String),
    /// A file the scenario pack should not hold (it holds `scenarios/<id>.mandate`).
    NotAScenario(String),
    /// A scenario this build does not ship, or one it compiles in.
    NotLater(String),
    /// A scenario this build ships in its pack is not in it.
    Missing(String),
}

impl fmt::Display for PackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PackError::NotAPack => write!(
                f,
                "not a Mandate language pack: it should start with `{MAGIC} {FORMAT} <language>`"
            ),
            PackError::NewerFormat(v) => write!(
                f,
                "language pack format {v} is newer than this version of Mandate reads ({FORMAT})"
            ),
            PackError::UnknownLanguage(tag) => {
                write!(
                    f,
                    "a language pack for `{tag}`, which Mandate does not have"
                )
            }
            PackError::BadEntry(n) => {
                write!(
                    f,
                    "entry {n}: expected a line `@@ <path> <length in bytes>`"
                )
            }
            PackError::Truncated { path, length } => write!(
                f,
                "`{path}` is cut short: the pack ends before its {length} bytes"
            ),
            PackError::NotText(path) => {
                write!(f, "`{path}`: its length ends in the middle of a character")
            }
            PackError::Foreign { path, tag } => write!(
                f,
                "`{path}` does not belong in a `{tag}` pack (only locales/{tag}/*.txt and scenarios/{tag}/*.mandate)"
            ),
            PackError::NotAScenarioPack => write!(
                f,
                "not a Mandate scenario pack: it should start with `{SCENARIO_MAGIC} {FORMAT}`"
            ),
            PackError::NewerScenarioFormat(v) => write!(
                f,
                "scenario pack format {v} is newer than this version of Mandate reads ({FORMAT})"
            ),
            PackError::NotAScenario(path) => write!(
                f,
                "`{path}` does not belong in the scenario pack (only scenarios/*.mandate)"
            ),
            PackError::NotLater(path) => write!(
                f,
                "`{path}` is not one of the scenarios this version of Mandate fetches"
            ),
            PackError::Missing(path) => {
                write!(f, "the scenario pack lacks `{path}`")
            }
        }
    }
}

impl std::error::Error for PackError {}

impl LanguagePack {
    /// Reads a pack.
    pub fn parse(text: &str) -> Result<LanguagePack, PackError> {
        let (header, rest) = text.split_once('\n').ok_or(PackError::NotAPack)?;
        let mut words = header.split(' ');
        if words.next() != Some(MAGIC) {
            return Err(PackError::NotAPack);
        }
        let version = words.next().ok_or(PackError::NotAPack)?;
        match version.parse::<u32>() {
            Ok(FORMAT) => {}
            Ok(v) if v > FORMAT => return Err(PackError::NewerFormat(version.to_string())),
            _ => return Err(PackError::NotAPack),
        }
        let tag = words.next().ok_or(PackError::NotAPack)?;
        let locale = match Locale::from_tag(tag) {
            Some(l) if l.tag() == tag && l != Locale::En && l != Locale::Pseudo => l,
            _ => return Err(PackError::UnknownLanguage(tag.to_string())),
        };
        if words.next().is_some() {
            return Err(PackError::NotAPack);
        }
        let belongs = |path: &str| {
            let under = |dir: &str, ext: &str| {
                path.strip_prefix(&format!("{dir}/{tag}/"))
                    .and_then(|name| name.strip_suffix(ext))
                    .is_some_and(plain_name)
            };
            under("locales", ".txt") || under("scenarios", ".mandate")
        };
        let files = read_entries(rest, belongs, |path| PackError::Foreign {
            path: path.to_string(),
            tag: tag.to_string(),
        })?;
        Ok(LanguagePack { locale, files })
    }

    /// Writes a pack of `files` (paths and texts) for `locale`.
    pub fn write(locale: Locale, files: &[(&str, &str)]) -> String {
        let mut out = format!("{MAGIC} {FORMAT} {}\n", locale.tag());
        write_entries(&mut out, files);
        out
    }

    /// The interface catalogue's files (`locales/<tag>/*.txt`).
    pub fn catalogue(&self) -> impl Iterator<Item = (&str, &str)> {
        self.files_under("locales/")
    }

    /// The translated profile library (`scenarios/<tag>/strategies.mandate`), if any.
    pub fn library(&self) -> Option<(&str, &str)> {
        self.files_under("scenarios/")
            .find(|(path, _)| path.ends_with("/strategies.mandate"))
    }

    /// The translated scenarios (`scenarios/<tag>/<id>.mandate`, the library aside).
    pub fn scenarios(&self) -> impl Iterator<Item = (&str, &str)> {
        self.files_under("scenarios/")
            .filter(|(path, _)| !path.ends_with("/strategies.mandate"))
    }

    fn files_under<'a>(&'a self, dir: &'a str) -> impl Iterator<Item = (&'a str, &'a str)> {
        self.files
            .iter()
            .filter(move |(path, _)| path.starts_with(dir))
            .map(|(p, t)| (p.as_str(), t.as_str()))
    }
}

/// Whether `stem` is a plain file name (letters, digits, `-`, `_`): no path, no dot.
pub(crate) fn plain_name(stem: &str) -> bool {
    !stem.is_empty()
        && stem
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Reads the entries after a pack's header: `@@ <path> <length>`, the bytes, a line
/// break. A path `belongs` refuses is the error `foreign` makes of it.
pub(crate) fn read_entries(
    mut rest: &str,
    belongs: impl Fn(&str) -> bool,
    foreign: impl Fn(&str) -> PackError,
) -> Result<Vec<(String, String)>, PackError> {
    let mut files = Vec::new();
    while !rest.is_empty() {
        let entry = files.len() + 1;
        let (line, after) = rest.split_once('\n').ok_or(PackError::BadEntry(entry))?;
        let (path, length) = line
            .strip_prefix("@@ ")
            .and_then(|l| l.rsplit_once(' '))
            .and_then(|(path, n)| Some((path, n.parse::<usize>().ok()?)))
            .filter(|(path, _)| !path.is_empty())
            .ok_or(PackError::BadEntry(entry))?;
        if !belongs(path) {
            return Err(foreign(path));
        }
        if after.len() < length {
            return Err(PackError::Truncated {
                path: path.to_string(),
                length,
            });
        }
        if !after.is_char_boundary(length) {
            return Err(PackError::NotText(path.to_string()));
        }
        let (body, tail) = after.split_at(length);
        files.push((path.to_string(), body.to_string()));
        rest = tail
            .strip_prefix('\n')
            .ok_or(PackError::BadEntry(entry + 1))?;
    }
    Ok(files)
}

/// Writes the entries of a pack (after its header line).
pub(crate) fn write_entries(out: &mut String, files: &[(&str, &str)]) {
    for (path, text) in files {
        out.push_str(&format!("@@ {path} {}\n{text}\n", text.len()));
    }
}
