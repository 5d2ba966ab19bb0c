//! The `?scenario=` URL parameter: an instructor links to a scenario file hosted next
//! to the app, `…/mandate/?scenario=cases/my-case.mandate`.
//!
//! The parameter comes from whoever wrote the link, so it is parsed once here and
//! only a [`ScenarioPath`] — a plain relative path inside the app's folder — can be
//! fetched. Anything else is refused with a message that says what is wrong with it.

use std::fmt;

use crate::core::classroom::session::describe;
use crate::core::i18n::Messages;
use crate::tr;

/// The name of the parameter in the page's query string.
pub const PARAM: &str = "scenario";

/// The longest path accepted, in characters.
pub const MAX_CHARS: usize = 200;

/// The extensions a scenario file may have.
pub const EXTENSIONS: [&str; 2] = [".mandate", ".txt"];

/// A validated relative path: ASCII letters, digits and `-_./` only, no `..` segment,
/// no leading `/`, ending in `.mandate` or `.txt`. Resolved against the page, it always
/// names a file in the app's folder or below, on the page's own server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioPath(String);

impl ScenarioPath {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The last segment: `my-case.mandate` for `cases/my-case.mandate`.
    pub fn file_name(&self) -> &str {
        self.0.rsplit('/').next().unwrap_or(&self.0)
    }
}

impl fmt::Display for ScenarioPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Why a `scenario` parameter was refused. Values are the parameter as written in the
/// address (after the address's own `%` decoding).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParamError {
    /// `?scenario=a&scenario=b`: which one was meant is unclear.
    Repeated {
        count: usize,
    },
    Empty,
    TooLong {
        chars: usize,
    },
    /// `https://…`, `javascript:…`, `c:/…`.
    Scheme {
        value: String,
        scheme: String,
    },
    /// `//host/…`: another server.
    NetworkPath {
        value: String,
    },
    /// `/…`: outside the app's folder.
    Absolute {
        value: String,
    },
    Backslash {
        value: String,
    },
    /// A `%` left after the address was decoded: an escape inside an escape.
    /// `reads` is what one more decoding gives, when that differs.
    Escape {
        value: String,
        reads: Option<String>,
    },
    /// A character outside ASCII letters, digits and `-_./`.
    Character {
        value: String,
        character: char,
    },
    /// A `..` segment, which climbs out of the app's folder.
    ParentSegment {
        value: String,
    },
    Extension {
        value: String,
    },
}

impl ParamError {
    /// Why, in the interface language.
    pub fn message(&self, t: &Messages) -> String {
        let must = tr!(t, "errors.param-must");
        match self {
            ParamError::Repeated { count } => tr!(t, "errors.param-repeated", times = count),
            ParamError::Empty => tr!(t, "errors.param-empty", must = must),
            ParamError::TooLong { chars } => tr!(
                t,
                "errors.param-too-long",
                must = must,
                chars = chars,
                limit = MAX_CHARS
            ),
            ParamError::Scheme { value, .. } => {
                tr!(t, "errors.param-scheme", must = must, value = value)
            }
            ParamError::NetworkPath { value } => {
                tr!(t, "errors.param-network-path", must = must, value = value)
            }
            ParamError::Absolute { value } => {
                tr!(t, "errors.param-absolute", must = must, value = value)
            }
            ParamError::Backslash { value } => {
                tr!(t, "errors.param-backslash", must = must, value = value)
            }
            ParamError::Escape { value, reads } => match reads {
                Some(reads) => tr!(
                    t,
                    "errors.param-escape-reads",
                    must = must,
                    value = value,
                    reads = reads
                ),
                None => tr!(t, "errors.param-escape", must = must, value = value),
            },
            ParamError::Character { value, character } => tr!(
                t,
                "errors.param-character",
                must = must,
                value = value,
                character = describe(t, *character)
            ),
            ParamError::ParentSegment { value } => {
                tr!(t, "errors.param-parent", must = must, value = value)
            }
            ParamError::Extension { value } => {
                tr!(t, "errors.param-extension", must = must, value = value)
            }
        }
    }
}

crate::display_in_english!(ParamError);

impl std::error::Error for ParamError {}

/// The `scenario` parameter of a query string such as `window.location.search`
/// (`?scenario=cases/my-case.mandate&lang=en`): `Ok(None)` when there is none.
///
/// The query is decoded as browsers decode it (`+` is a space, `%xx` a byte; an
/// invalid escape stays as written), once; the result then goes through [`parse`].
pub fn from_query(search: &str) -> Result<Option<ScenarioPath>, ParamError> {
    let query = search.strip_prefix('?').unwrap_or(search);
    let values: Vec<String> = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .filter_map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (form_decode(name) == PARAM).then(|| form_decode(value))
        })
        .collect();
    match values.as_slice() {
        [] => Ok(None),
        [value] => parse(value).map(Some),
        more => Err(ParamError::Repeated { count: more.len() }),
    }
}

/// Whether the query asks for embed mode (`embed=1`): no site chrome, and the page
/// reports its height to the frame's parent. Any other value, or none, is the full site.
pub fn embed_mode(search: &str) -> bool {
    let query = search.strip_prefix('?').unwrap_or(search);
    query
        .split('&')
        .filter_map(|pair| pair.split_once('=').or(Some((pair, ""))))
        .any(|(name, value)| {
            form_decode(name) == "embed" && matches!(&*form_decode(value), "1" | "true")
        })
}

/// Every `name=value` pair of a query string, decoded as browsers decode it.
pub fn query_pairs(search: &str) -> Vec<(String, String)> {
    let query = search.strip_prefix('?').unwrap_or(search);
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (form_decode(name), form_decode(value))
        })
        .collect()
}

/// Why a `case` parameter was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CaseError {
    Repeated {
        count: usize,
    },
    /// Not a scenario id: lowercase letters, digits and hyphens, at most 64.
    Malformed {
        value: String,
    },
}

impl CaseError {
    /// Why, in the interface language.
    pub fn message(&self, t: &Messages) -> String {
        match self {
            CaseError::Repeated { count } => tr!(t, "errors.case-repeated", times = count),
            CaseError::Malformed { value } => tr!(
                t,
                "errors.case-malformed",
                value = value.chars().take(80).collect::<String>()
            ),
        }
    }
}

crate::display_in_english!(CaseError);

/// The `case` parameter: the id of a built-in scenario to open directly
/// (`?case=purchasing-tech-leader`), as LMS packages and instructors' links do.
/// Whether the id exists is the catalogue's question.
pub fn case_from_query(search: &str) -> Result<Option<String>, CaseError> {
    let values: Vec<String> = query_pairs(search)
        .into_iter()
        .filter(|(name, _)| name == "case")
        .map(|(_, value)| value)
        .collect();
    match values.as_slice() {
        [] => Ok(None),
        [value] => {
            let ok = !value.is_empty()
                && value.len() <= 64
                && value
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
            if ok {
                Ok(Some(value.clone()))
            } else {
                Err(CaseError::Malformed {
                    value: value.clone(),
                })
            }
        }
        more => Err(CaseError::Repeated { count: more.len() }),
    }
}

/// Checks one decoded parameter value. The first problem found is reported.
pub fn parse(value: &str) -> Result<ScenarioPath, ParamError> {
    let owned = || value.to_string();
    if value.is_empty() {
        return Err(ParamError::Empty);
    }
    let chars = value.chars().count();
    if chars > MAX_CHARS {
        return Err(ParamError::TooLong { chars });
    }
    if let Some(scheme) = scheme_of(value) {
        return Err(ParamError::Scheme {
            value: owned(),
            scheme: scheme.to_string(),
        });
    }
    if value.starts_with("//") {
        return Err(ParamError::NetworkPath { value: owned() });
    }
    if value.starts_with('/') {
        return Err(ParamError::Absolute { value: owned() });
    }
    if value.contains('\\') {
        return Err(ParamError::Backslash { value: owned() });
    }
    if value.contains('%') {
        let again = percent_decode(value);
        return Err(ParamError::Escape {
            value: owned(),
            reads: (again != value).then_some(again),
        });
    }
    if let Some(character) = value.chars().find(|c| !allowed(*c)) {
        return Err(ParamError::Character {
            value: owned(),
            character,
        });
    }
    if value.split('/').any(|segment| segment == "..") {
        return Err(ParamError::ParentSegment { value: owned() });
    }
    if !EXTENSIONS.iter().any(|ext| value.ends_with(ext)) {
        return Err(ParamError::Extension { value: owned() });
    }
    Ok(ScenarioPath(owned()))
}

fn allowed(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/')
}

/// `https` in `https://…`: a letter, then letters, digits, `+`, `-` or `.`, then `:`.
fn scheme_of(value: &str) -> Option<&str> {
    let (scheme, _) = value.split_once(':')?;
    let mut chars = scheme.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then_some(scheme)
}

/// `application/x-www-form-urlencoded` decoding, as `URLSearchParams` does it.
fn form_decode(text: &str) -> String {
    percent_decode(&text.replace('+', " "))
}

/// Decodes `%xx` escapes once; an invalid escape stays as written, and bytes that are
/// not UTF-8 become U+FFFD.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = match bytes.get(i..i + 3) {
            Some([b'%', hi, lo]) => hex(*hi).zip(hex(*lo)).map(|(h, l)| h << 4 | l),
            _ => None,
        };
        match escaped {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(digit: u8) -> Option<u8> {
    (digit as char).to_digit(16).map(|d| d as u8)
}
