//! From the raw, located structure to a validated [`Scenario`], reporting every problem.
//!
//! Checks here are the ones that need no play-through: required fields, ids and
//! references, numbers and ranges, conditions and changes naming declared state.
//! What depends on play — scenes with no way out, loops no path can leave,
//! unreachable scenes — is found by exploring the state space in
//! [`crate::core::analysis`], which [`super::load`] runs next.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use crate::core::fast_hash::FastHasher;

use super::diagnostic::{Diagnostic, Position, Severity};
use super::library::Library;
use super::model::*;
use super::parse::{
    CHOICE_KEYS, Entry, RawBlock, RawChoice, RawScenario, RawSection, SectionKind,
    choice_key_index, is_ascii_white_space, key_list, qualified, trim, trim_start,
};
use crate::core::i18n::Locale;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Need {
    Required,
    Optional,
}
use Need::{Optional, Required};

/// Every header key, in the order the documentation lists them, and whether a scenario
/// must give it.
const HEADER: [(&str, Need); 29] = [
    ("scenario", Required),
    ("title", Required),
    ("version", Required),
    ("language", Optional),
    ("department", Required),
    ("role", Optional),
    ("counterpart", Required),
    ("minutes", Required),
    ("pass", Required),
    ("start", Required),
    ("company", Required),
    ("mandate", Required),
    ("counterpart-brief", Required),
    ("stakes", Required),
    ("objective", Required),
    ("dimensions", Optional),
    ("state", Optional),
    ("deal", Optional),
    ("deal-format", Optional),
    ("better", Optional),
    ("walk-away", Optional),
    ("batna", Optional),
    ("their-walk-away", Optional),
    ("their-batna", Optional),
    ("meter", Optional),
    ("meter-label", Optional),
    ("scorecard", Optional),
    ("confidence", Optional),
    ("takeaway", Optional),
];

/// Header keys, in the order the documentation lists them.
pub const HEADER_KEYS: &[&str] = &{
    let mut keys = [""; HEADER.len()];
    let mut i = 0;
    while i < HEADER.len() {
        keys[i] = HEADER[i].0;
        i += 1;
    }
    keys
};

const REPEATABLE_HEADER_KEYS: &[&str] = &["objective", "state", "takeaway"];
/// Header keys that only mean something with a `deal:`.
const DEAL_KEYS: &[&str] = &[
    "deal-format",
    "better",
    "walk-away",
    "batna",
    "their-walk-away",
    "their-batna",
];

/// Range of a variable declared without one.
pub const DEFAULT_RANGE: (i32, i32) = (0, 100);
/// Largest magnitude a variable, bound or change may have.
const LIMIT: i32 = 1_000_000;

/// The scene and ending ids, for `next:` and `start:`. Keyed by text borrowed from the
/// source, hashed with [`FastHasher`] (the ids are the author's own; flood resistance
/// buys nothing here, and SipHash was a visible share of validating a large file).
type TargetTable<'source> =
    HashMap<&'source str, (Target, Position), BuildHasherDefault<FastHasher>>;

fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn id_rule(what: &str, id: &str) -> String {
    format!(
        "invalid {what} id `{id}`: use lowercase letters, digits and dashes (at most 64), \
         starting with a letter or digit"
    )
}

fn quoted_list<S: AsRef<str>>(items: &[S]) -> String {
    let keys: Vec<&str> = items.iter().map(|s| s.as_ref()).collect();
    key_list(&keys)
}

/// `+10`, `-5`, `7`: a whole number within ±[`LIMIT`].
fn parse_int(text: &str) -> Option<i32> {
    let digits = text.strip_prefix('+').unwrap_or(text);
    if digits.is_empty() || digits.starts_with('+') {
        return None;
    }
    digits.parse::<i32>().ok().filter(|n| n.abs() <= LIMIT)
}

/// Splits `a, b , c` into trimmed parts with their byte offsets, like
/// `value.split(',')`, but finding the commas with a byte scan (`str::split` with a
/// `char` confirms every match with a `memcmp` call).
fn comma_parts(value: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut start = 0;
    let mut finished = false;
    std::iter::from_fn(move || {
        if finished {
            return None;
        }
        let rest = &value[start..];
        let end = match rest.bytes().position(|b| b == b',') {
            Some(comma) => comma,
            None => {
                finished = true;
                rest.len()
            }
        };
        let part = &rest[..end];
        let lead = part.len() - trim_start(part).len();
        let at = start + lead;
        start += end + 1;
        Some((at, trim(part)))
    })
}

/// Exactly `N` whitespace-separated words, without allocating.
///
/// ASCII text (nearly every value) is split byte by byte; anything else goes through
/// `split_whitespace`, which decodes characters and knows Unicode's white space.
/// Both split at exactly the same places.
fn exactly<const N: usize>(text: &str) -> Option<[&str; N]> {
    let mut out = [""; N];
    if !text.is_ascii() {
        let mut words = text.split_whitespace();
        for slot in &mut out {
            *slot = words.next()?;
        }
        return words.next().is_none().then_some(out);
    }
    let bytes = text.as_bytes();
    let mut found = 0;
    let mut at = 0;
    loop {
        while at < bytes.len() && is_ascii_white_space(bytes[at]) {
            at += 1;
        }
        if at == bytes.len() {
            break;
        }
        let start = at;
        while at < bytes.len() && !is_ascii_white_space(bytes[at]) {
            at += 1;
        }
        *out.get_mut(found)? = &text[start..at];
        found += 1;
    }
    (found == N).then_some(out)
}

struct Names<'a> {
    variables: &'a [Variable],
    dimensions: &'a [Dimension],
    /// Each strategy's profile weights (indexed by [`StrategyIndex`]), if it has one.
    weights: &'a [Option<Vec<u8>>],
    /// Whether any scene pivots: then a choice's `why:` may be written for the strategy
    /// in force after the pivot, and the shared-`why` lint stays quiet.
    pivots: bool,
    /// Strategy ids in declaration order (a [`StrategyIndex`] indexes this), collected
    /// once so that every `align:` line can use them without building a list.
    strategies: &'a [&'a str],
}

impl Names<'_> {
    fn variable(&self, name: &str) -> Option<VarIndex> {
        self.variables
            .iter()
            .position(|v| v.name == name)
            .map(VarIndex)
    }

    fn strategy(&self, name: &str) -> Option<StrategyIndex> {
        self.strategies
            .iter()
            .position(|s| *s == name)
            .map(StrategyIndex)
    }

    fn dimension(&self, name: &str) -> Option<DimensionIndex> {
        self.dimensions
            .iter()
            .position(|d| d.id == name)
            .map(DimensionIndex)
    }

    fn strategy_ids(&self) -> &[&str] {
        self.strategies
    }

    fn undeclared_variable(&self, name: &str, key: &str) -> String {
        undeclared_variable(self.variables, name, key)
    }
}

fn undeclared_variable(variables: &[Variable], name: &str, key: &str) -> String {
    let declared = if variables.is_empty() {
        "the scenario declares no state".to_string()
    } else {
        let names: Vec<&str> = variables.iter().map(|v| v.name.as_str()).collect();
        format!("declared state is {}", key_list(&names))
    };
    format!(
        "`{key}` uses `{name}`, which is not declared ({declared}); declare it in the header, \
         for example `state: {name} = 0`"
    )
}

/// The state variable a header key (`deal:`, `meter:`) names.
fn state_variable(
    entry: &Entry,
    variables: &[Variable],
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<VarIndex> {
    if entry.value.is_empty() {
        return None; // Reported as an empty header value.
    }
    let found = variables
        .iter()
        .position(|v| v.name == *entry.value)
        .map(VarIndex);
    if found.is_none() {
        diagnostics.push(Diagnostic::error(
            entry.value_at(),
            undeclared_variable(variables, &entry.value, entry.key),
        ));
    }
    found
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `deal:` and the keys that describe it.
fn economics(
    header: &Header,
    variables: &[Variable],
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Economics> {
    let Some(deal) = header.first("deal") else {
        for key in DEAL_KEYS {
            if let Some(e) = header.first(key) {
                diagnostics.push(Diagnostic::error(
                    e.key_at(),
                    format!(
                        "`{key}` describes the deal, but there is no `deal:`; add `deal: NAME` \
                         with the state that holds the offer on the table"
                    ),
                ));
            }
        }
        return None;
    };
    let var = state_variable(deal, variables, diagnostics);
    let better = match header.first("better") {
        Some(e) => match &*e.value {
            "lower" => Some(Better::Lower),
            "higher" => Some(Better::Higher),
            "" => None,
            other => {
                diagnostics.push(Diagnostic::error(
                    e.value_at(),
                    format!(
                        "`better` is `lower` (a buyer's price) or `higher` (a seller's), not `{other}`"
                    ),
                ));
                None
            }
        },
        None => {
            diagnostics.push(Diagnostic::error(
                deal.key_at(),
                "with a `deal:`, say which way is better for your side: `better: lower` or \
                 `better: higher`",
            ));
            None
        }
    };
    let mut number = |key: &str| -> Option<i32> {
        let e = header.first(key)?;
        let Some(n) = parse_int(&e.value) else {
            if !e.value.is_empty() {
                diagnostics.push(Diagnostic::error(
                    e.value_at(),
                    format!(
                        "`{key}` must be a whole number, like `4600`, not `{}`",
                        e.value
                    ),
                ));
            }
            return None;
        };
        if let Some(v) = var.map(|v| &variables[v.0])
            && !(v.min..=v.max).contains(&n)
        {
            diagnostics.push(Diagnostic::error(
                e.value_at(),
                format!(
                    "`{key}` is {n}, outside the range of `{}` ({}..{}); a deal can never \
                     reach it",
                    v.name, v.min, v.max
                ),
            ));
            return None;
        }
        Some(n)
    };
    let walk_away = number("walk-away");
    let their_walk_away = number("their-walk-away");
    let format = match header.first("deal-format") {
        Some(e) if !e.value.contains('#') && !e.value.is_empty() => {
            diagnostics.push(Diagnostic::error(
                e.value_at(),
                "`deal-format` needs a `#` where the number goes, like `€# per module`",
            ));
            None
        }
        Some(e) => Some(e.value.to_string()),
        None => Some("#".to_string()),
    };
    let text = |key: &str| header.first(key).map(|e| e.value.to_string());
    Some(Economics {
        deal: var?,
        format: format?,
        better: better?,
        walk_away,
        batna: text("batna"),
        their_walk_away,
        their_batna: text("their-batna"),
        language: Locale::En,
    })
}

/// The one `key:` line of a block, reporting any repeat.
fn single_entry<'a, 'source>(
    section: &RawSection<'a, 'source>,
    key: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<&'a Entry<'source>> {
    let mut found = section.entries.iter().filter(|e| e.key == key);
    let first = found.next();
    for extra in found {
        diagnostics.push(Diagnostic::error(
            extra.key_at(),
            format!("`{key}` is given twice in `{}`; keep one", section.id),
        ));
    }
    first
}

/// An optional `key:` text of a block: `None` when absent, and reported (with `hint`)
/// when given empty.
fn optional_text(
    section: &RawSection,
    key: &str,
    hint: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<String> {
    let e = single_entry(section, key, diagnostics)?;
    if trim(&e.value).is_empty() {
        diagnostics.push(Diagnostic::error(
            e.value_at(),
            format!("`{key}` is empty; {hint}"),
        ));
        None
    } else {
        Some(e.value.to_string())
    }
}

/// The plain lines of a block as one text (a dimension's description).
fn paragraphs(section: &RawSection) -> String {
    let parts: Vec<&str> = section
        .body
        .iter()
        .filter_map(|b| match b {
            RawBlock::Paragraph(text, _) => Some(&**text),
            RawBlock::Speech(..) => None,
        })
        .collect();
    parts.join(" ")
}

/// `innovation 3, quality 2`: a profile, one weight from 0 to 3 per dimension.
pub(super) fn parse_weights(
    entry: &Entry,
    dimensions: &[Dimension],
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Vec<u8>> {
    let mut weights = vec![0u8; dimensions.len()];
    let mut given = vec![false; dimensions.len()];
    for (offset, part) in comma_parts(&entry.value) {
        let part_at = || entry.locate(offset);
        let Some([name, number]) = exactly::<2>(part) else {
            diagnostics.push(Diagnostic::error(
                part_at(),
                format!(
                    "`weights` expects `DIMENSION WEIGHT` pairs like `price 3`; `{part}` is not one"
                ),
            ));
            continue;
        };
        let Some(index) = dimensions.iter().position(|d| d.id == name) else {
            let ids: Vec<&str> = dimensions.iter().map(|d| d.id.as_str()).collect();
            diagnostics.push(Diagnostic::error(
                part_at(),
                format!(
                    "unknown dimension `{name}` in `weights`; the dimensions are {}",
                    quoted_list(&ids)
                ),
            ));
            continue;
        };
        match number.parse::<u8>() {
            Ok(w) if w <= 3 => {
                if given[index] {
                    diagnostics.push(Diagnostic::error(
                        part_at(),
                        format!("`weights` gives `{name}` twice; keep one"),
                    ));
                }
                given[index] = true;
                weights[index] = w;
            }
            _ => {
                diagnostics.push(Diagnostic::error(
                    part_at(),
                    format!(
                        "the weight of `{name}` must be a whole number from 0 (does not matter) \
                         to 3 (matters most), not `{number}`"
                    ),
                ));
            }
        }
    }
    // On a mistake (already reported, and blocking) the valid weights are kept, so
    // that the choices scored by this profile raise no further errors.
    Some(weights)
}

/// A `== strategy` block of a scenario; a library strategy of the same id lends it its
/// name, profile and description.
fn strategy(
    section: &RawSection,
    library: &Library,
    dimensions: &[Dimension],
    diagnostics: &mut Vec<Diagnostic>,
) -> Strategy {
    no_choices(
        section,
        "strategies describe the company; choices belong in scenes",
        diagnostics,
    );
    let profile = library.profiles.iter().find(|p| p.id == section.id);
    let name = match profile {
        Some(p) if !section.entries.iter().any(|e| e.key == "name") => p.name.clone(),
        _ => section_text(section, "name", diagnostics),
    };
    let summary = blocks(section, diagnostics);
    let mandate = optional_text(
        section,
        "mandate",
        "write the department's mandate under this strategy",
        diagnostics,
    );
    let weights = match single_entry(section, "weights", diagnostics) {
        Some(e) => parse_weights(e, dimensions, diagnostics),
        None => profile.map(|p| {
            let mut w = p.weights.clone();
            w.resize(dimensions.len(), 0);
            w
        }),
    };
    Strategy {
        id: StrategyId::new(section.id),
        name,
        summary,
        mandate,
        weights,
        profile: profile.map(|p| p.description.clone()).unwrap_or_default(),
    }
}

/// Parses `trust >= 60 and budget > 0`.
fn parse_condition(
    entry: &Entry,
    base: usize,
    key: &str,
    names: &Names,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Condition> {
    let value = entry.value.get(base..).unwrap_or_default();
    let mut tests = Vec::new();
    let mut ok = true;
    let mut offset = 0;
    for part in value.split(" and ") {
        let lead = part.len() - part.trim_start().len();
        // Located only when a problem is reported: counting characters costs.
        let part_offset = base + offset + lead;
        let part_at = move || entry.locate(part_offset);
        offset += part.len() + " and ".len();
        let Some([name, op, number]) = exactly::<3>(part) else {
            diagnostics.push(Diagnostic::error(
                part_at(),
                format!(
                    "`{key}` expects comparisons like `trust >= 60`, joined by `and`; \
                     `{}` is not one",
                    part.trim()
                ),
            ));
            ok = false;
            continue;
        };
        let comparison = match op {
            "<" => Comparison::Less,
            "<=" => Comparison::LessOrEqual,
            ">" => Comparison::Greater,
            ">=" => Comparison::GreaterOrEqual,
            "==" | "=" => Comparison::Equal,
            "!=" => Comparison::NotEqual,
            other => {
                diagnostics.push(Diagnostic::error(
                    part_at(),
                    format!("unknown comparison `{other}` in `{key}`; use <, <=, >, >=, == or !="),
                ));
                ok = false;
                continue;
            }
        };
        let Some(var) = names.variable(name) else {
            diagnostics.push(Diagnostic::error(
                part_at(),
                names.undeclared_variable(name, key),
            ));
            ok = false;
            continue;
        };
        let Some(number) = parse_int(number) else {
            diagnostics.push(Diagnostic::error(
                part_at(),
                format!("`{key}` compares `{name}` with `{number}`, which is not a whole number"),
            ));
            ok = false;
            continue;
        };
        tests.push(Test {
            var,
            comparison,
            value: number,
        });
    }
    ok.then_some(Condition { tests })
}

/// Parses the header's `state: trust = 50 (0..100)`.
fn parse_variable(
    value: &str,
    at: Position,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Variable> {
    let usage = "write `state: NAME = START` or `state: NAME = START (MIN..MAX)`, \
                 for example `state: trust = 50 (0..100)`";
    let Some((name, rest)) = value.split_once('=') else {
        diagnostics.push(Diagnostic::error(
            at,
            format!("`state` has no `=`; {usage}"),
        ));
        return None;
    };
    let name = name.trim();
    if !is_valid_id(name) {
        diagnostics.push(Diagnostic::error(at, id_rule("state", name)));
        return None;
    }
    let rest = rest.trim();
    let (start, range) = match rest.split_once('(') {
        Some((start, range)) => (start.trim(), Some(range.trim())),
        None => (rest, None),
    };
    let Some(start) = parse_int(start) else {
        diagnostics.push(Diagnostic::error(
            at,
            format!("the start value of `{name}` must be a whole number, not `{start}`; {usage}"),
        ));
        return None;
    };
    let (min, max) = match range {
        None => DEFAULT_RANGE,
        Some(range) => {
            let parsed = range
                .strip_suffix(')')
                .and_then(|r| r.split_once(".."))
                .and_then(|(a, b)| Some((parse_int(a.trim())?, parse_int(b.trim())?)));
            match parsed {
                Some((min, max)) if min <= max => (min, max),
                Some((min, max)) => {
                    diagnostics.push(Diagnostic::error(
                        at,
                        format!("the range of `{name}` is empty: {min} is above {max}"),
                    ));
                    return None;
                }
                None => {
                    diagnostics.push(Diagnostic::error(
                        at,
                        format!("the range of `{name}` must look like `(0..100)`; {usage}"),
                    ));
                    return None;
                }
            }
        }
    };
    if !(min..=max).contains(&start) {
        diagnostics.push(Diagnostic::error(
            at,
            format!("`{name}` starts at {start}, outside its range {min}..{max}"),
        ));
        return None;
    }
    Some(Variable {
        name: name.to_string(),
        start,
        min,
        max,
    })
}

struct Header<'a, 'source> {
    values: HashMap<&'a str, Vec<&'a Entry<'source>>>,
}

impl<'a, 'source> Header<'a, 'source> {
    fn first(&self, key: &str) -> Option<&'a Entry<'source>> {
        self.values.get(key).and_then(|v| v.first().copied())
    }

    fn text(&self, key: &str) -> String {
        self.first(key)
            .map(|e| e.value.to_string())
            .unwrap_or_default()
    }

    fn all(&self, key: &str) -> Vec<&'a Entry<'source>> {
        self.values.get(key).cloned().unwrap_or_default()
    }
}

pub fn validate(
    source: &str,
    raw: &RawScenario,
    library: &Library,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Scenario> {
    let top = Position::new(1, 1);

    // --- Header -----------------------------------------------------------------
    let mut header = Header {
        values: HashMap::new(),
    };
    for entry in &raw.header {
        if !HEADER_KEYS.contains(&entry.key) {
            let hint = match entry.key {
                "strategy" | "strategy-summary" => {
                    " (strategies are blocks now: `== strategy ID` with `name:` and a summary)"
                }
                _ => "",
            };
            diagnostics.push(Diagnostic::error(
                entry.key_at(),
                format!(
                    "unknown header key `{}`; the header takes {}{hint}",
                    entry.key,
                    key_list(HEADER_KEYS)
                ),
            ));
            continue;
        }
        let seen = header.values.entry(entry.key).or_default();
        if let Some(first) = seen.first()
            && !REPEATABLE_HEADER_KEYS.contains(&entry.key)
        {
            diagnostics.push(Diagnostic::error(
                entry.key_at(),
                format!(
                    "`{}` is given twice (first on line {}); keep one",
                    entry.key,
                    first.key_at().line
                ),
            ));
            continue;
        }
        if trim(&entry.value).is_empty() {
            diagnostics.push(Diagnostic::error(
                entry.value_at(),
                format!("`{}` is empty; write its text after the colon", entry.key),
            ));
        }
        seen.push(entry);
    }
    let before_first_block = raw.records.first().map(|s| s.at).unwrap_or(top);
    for (key, need) in HEADER {
        if need == Required && !header.values.contains_key(key) {
            diagnostics.push(Diagnostic::error(
                before_first_block,
                format!(
                    "the header has no `{key}:`; add a line `{key}: ...` before the first `==` block"
                ),
            ));
        }
    }

    let id = match header.first("scenario") {
        Some(e) if !is_valid_id(&e.value) => {
            diagnostics.push(Diagnostic::error(
                e.value_at(),
                id_rule("scenario", &e.value),
            ));
            String::new()
        }
        Some(e) => e.value.to_string(),
        None => String::new(),
    };
    let number = |key: &str, min: u32, max: u32, diagnostics: &mut Vec<Diagnostic>| -> u32 {
        match header.first(key) {
            Some(e) => match e.value.parse::<u32>() {
                Ok(n) if (min..=max).contains(&n) => n,
                _ if !e.value.is_empty() => {
                    diagnostics.push(Diagnostic::error(
                        e.value_at(),
                        format!(
                            "`{key}` must be a whole number from {min} to {max}, not `{}`",
                            e.value
                        ),
                    ));
                    min
                }
                _ => min,
            },
            None => min,
        }
    };
    let version = number("version", 1, 1_000_000, diagnostics);
    let minutes = number("minutes", 1, 600, diagnostics);
    let pass_threshold = number("pass", 0, 100, diagnostics) as u8;
    let language = match header.first("language") {
        None => Locale::En,
        Some(e) => match Locale::from_tag(&e.value) {
            Some(locale) if Locale::OFFERED.contains(&locale) => locale,
            _ => {
                let known: Vec<&str> = Locale::OFFERED.iter().map(|l| l.tag()).collect();
                diagnostics.push(Diagnostic::error(
                    e.value_at(),
                    format!(
                        "`language` must be one of the languages Mandate has ({}), not `{}`",
                        known.join(", "),
                        e.value
                    ),
                ));
                Locale::En
            }
        },
    };

    // A scenario in another language reads the built-in library in that language (its
    // names and descriptions; the weights are the same).
    let library = if std::ptr::eq(library, Library::standard()) {
        Library::standard_in(language)
    } else {
        library
    };

    // Dimensions: the library's, then those the header lists, then `== dimension`
    // blocks (which may also rename a library dimension for this scenario).
    let mut dimensions: Vec<Dimension> = library.dimensions.clone();
    if let Some(e) = header.first("dimensions") {
        let mut listed: Vec<&str> = Vec::new();
        for (offset, name) in comma_parts(&e.value) {
            let at = e.locate(offset);
            if !is_valid_id(name) {
                diagnostics.push(Diagnostic::error(at, id_rule("dimension", name)));
            } else if listed.contains(&name) {
                diagnostics.push(Diagnostic::error(
                    at,
                    format!("the dimension `{name}` is listed twice"),
                ));
            } else {
                listed.push(name);
                if !dimensions.iter().any(|d| d.id == name) {
                    dimensions.push(Dimension {
                        id: name.to_string(),
                        name: name.to_string(),
                        description: String::new(),
                    });
                }
            }
        }
    }
    let mut dimension_blocks: Vec<(&str, Position)> = Vec::new();
    for section in raw.sections().filter(|s| s.kind == SectionKind::Dimension) {
        let section = &section;
        if !is_valid_id(section.id) {
            diagnostics.push(Diagnostic::error(
                section.id_at,
                id_rule("dimension", section.id),
            ));
            continue;
        }
        if let Some((_, first)) = dimension_blocks.iter().find(|(d, _)| *d == section.id) {
            diagnostics.push(Diagnostic::error(
                section.id_at,
                format!(
                    "duplicate dimension `{}`: already declared on line {}",
                    section.id, first.line
                ),
            ));
            continue;
        }
        dimension_blocks.push((section.id, section.id_at));
        no_choices(
            section,
            "dimensions describe what a deal is worth; choices belong in scenes",
            diagnostics,
        );
        let name = section_text(section, "name", diagnostics);
        let description = paragraphs(section);
        match dimensions.iter_mut().find(|d| d.id == section.id) {
            Some(known) => {
                known.name = name;
                if !description.is_empty() {
                    known.description = description;
                }
            }
            None => dimensions.push(Dimension {
                id: section.id.to_string(),
                name,
                description,
            }),
        }
    }
    let mut variables: Vec<Variable> = Vec::new();
    for e in header.all("state") {
        if let Some(v) = parse_variable(&e.value, e.value_at(), diagnostics) {
            if variables.iter().any(|w| w.name == v.name) {
                diagnostics.push(Diagnostic::error(
                    e.value_at(),
                    format!("the state `{}` is declared twice", v.name),
                ));
            } else {
                variables.push(v);
            }
        }
    }

    let economics =
        economics(&header, &variables, diagnostics).map(|e| Economics { language, ..e });
    let meter = header.first("meter").and_then(|e| {
        let var = state_variable(e, &variables, diagnostics)?;
        let label = match header.first("meter-label") {
            Some(l) => l.value.to_string(),
            None => capitalised(&variables[var.0].name),
        };
        Some(Meter { var, label })
    });
    if header.first("meter").is_none()
        && let Some(e) = header.first("meter-label")
    {
        diagnostics.push(Diagnostic::error(
            e.key_at(),
            "`meter-label` names a meter, but there is no `meter:`; add `meter: NAME` with the \
             state to show",
        ));
    }
    let scorecard = header.first("scorecard").and_then(|e| {
        let found = dimensions
            .iter()
            .position(|d| d.id == *e.value)
            .map(DimensionIndex);
        if found.is_none() && !e.value.is_empty() {
            let ids: Vec<&str> = dimensions.iter().map(|d| d.id.as_str()).collect();
            diagnostics.push(Diagnostic::error(
                e.value_at(),
                format!(
                    "`scorecard` names `{}`, which is not a dimension; the dimensions are {}",
                    e.value,
                    quoted_list(&ids)
                ),
            ));
        }
        found
    });
    let confidence = match header.first("confidence") {
        Some(e) => match &*e.value {
            "yes" => true,
            "no" => false,
            "" => false,
            other => {
                diagnostics.push(Diagnostic::error(
                    e.value_at(),
                    format!("`confidence` must be `yes` or `no`, not `{other}`"),
                ));
                false
            }
        },
        None => false,
    };

    // --- Ids: scenes and endings share one namespace (`next:` may name either);
    //     strategies and dimensions have their own.
    let mut targets: TargetTable =
        TargetTable::with_capacity_and_hasher(raw.records.len(), Default::default());
    let mut strategy_ids: Vec<(&str, Position)> = Vec::new();
    let (mut scene_count, mut ending_count) = (0usize, 0usize);
    for section in raw.sections() {
        let section = &section;
        let kind = match section.kind {
            SectionKind::Scene => "scene",
            SectionKind::Ending => "ending",
            SectionKind::Strategy => "strategy",
            // Checked with the other dimensions above.
            SectionKind::Dimension => continue,
        };
        if !is_valid_id(section.id) {
            diagnostics.push(Diagnostic::error(section.id_at, id_rule(kind, section.id)));
        }
        if section.kind == SectionKind::Strategy {
            if let Some((_, first)) = strategy_ids.iter().find(|(s, _)| *s == section.id) {
                diagnostics.push(Diagnostic::error(
                    section.id_at,
                    format!(
                        "duplicate strategy `{}`: already declared on line {}",
                        section.id, first.line
                    ),
                ));
            } else {
                strategy_ids.push((section.id, section.id_at));
            }
            continue;
        }
        let target = match section.kind {
            SectionKind::Scene => {
                scene_count += 1;
                Target::Scene(SceneIndex(scene_count - 1))
            }
            _ => {
                ending_count += 1;
                Target::Ending(EndingIndex(ending_count - 1))
            }
        };
        if let Some((_, first)) = targets.get(section.id) {
            diagnostics.push(Diagnostic::error(
                section.id_at,
                format!(
                    "duplicate id `{}`: already used on line {}; scenes and endings share one set of ids",
                    section.id, first.line
                ),
            ));
        } else {
            targets.insert(section.id, (target, section.id_at));
        }
    }
    if strategy_ids.is_empty() {
        diagnostics.push(Diagnostic::error(
            top,
            "the scenario declares no corporate strategy; add a `== strategy ID` block with \
             `name:` and what the strategy means",
        ));
    }
    if scene_count == 0 {
        diagnostics.push(Diagnostic::error(
            top,
            "the scenario has no scenes; add at least one `== scene ID` block",
        ));
    }
    if ending_count == 0 {
        diagnostics.push(Diagnostic::error(
            top,
            "the scenario has no endings; add at least one `== ending ID` block",
        ));
    }

    let start = match header.first("start") {
        Some(e) => match targets.get(&*e.value) {
            Some((Target::Scene(index), _)) => Some(*index),
            Some((Target::Ending(_), _)) => {
                diagnostics.push(Diagnostic::error(
                    e.value_at(),
                    format!(
                        "`start` names the ending `{}`; it must name a scene",
                        e.value
                    ),
                ));
                None
            }
            None if e.value.is_empty() => None,
            None => {
                diagnostics.push(Diagnostic::error(
                    e.value_at(),
                    format!("`start` names `{}`, but no scene has that id", e.value),
                ));
                None
            }
        },
        None => None,
    };

    // --- Strategies: before the scenes, whose choices are scored by their profiles.
    let mut strategies = Vec::with_capacity(strategy_ids.len());
    for section in raw.sections().filter(|s| s.kind == SectionKind::Strategy) {
        let section = &section;
        if strategies.len() == strategy_ids.len() {
            break; // The rest are duplicates, already reported.
        }
        if strategy_ids[strategies.len()].1 != section.id_at {
            continue; // A duplicate.
        }
        strategies.push(strategy(section, library, &dimensions, diagnostics));
    }
    let weights: Vec<Option<Vec<u8>>> = strategies.iter().map(|s| s.weights.clone()).collect();
    let strategy_names: Vec<&str> = strategy_ids.iter().map(|(id, _)| *id).collect();
    let names = Names {
        variables: &variables,
        dimensions: &dimensions,
        weights: &weights,
        pivots: raw
            .sections()
            .any(|s| s.kind == SectionKind::Scene && s.entries.iter().any(|e| e.key == "pivot")),
        strategies: &strategy_names,
    };
    // Choice ids already used in the scene being read; one buffer for all scenes.
    let mut seen_choice_ids: Vec<(&str, Position)> = Vec::new();

    // --- Blocks ------------------------------------------------------------------
    let mut scenes = Vec::with_capacity(scene_count);
    let mut endings = Vec::with_capacity(ending_count);
    for section in raw.sections() {
        let section = &section;
        match section.kind {
            SectionKind::Strategy | SectionKind::Dimension => {}
            SectionKind::Scene => {
                let title = section_text(section, "title", diagnostics);
                let body = blocks(section, diagnostics);
                let pivot = section.entries.iter().find(|e| e.key == "pivot").and_then(|e| {
                    match names.strategy(&e.value) {
                        Some(s) => Some(s),
                        None => {
                            diagnostics.push(Diagnostic::error(
                                e.value_at(),
                                format!(
                                    "`pivot` names `{}`, which is not one of the scenario's strategies ({})",
                                    e.value,
                                    quoted_list(names.strategy_ids())
                                ),
                            ));
                            None
                        }
                    }
                });
                let prompt = optional_text(
                    section,
                    "prompt",
                    "write the question for the room to discuss, or remove the line",
                    diagnostics,
                );
                let choices = section_choices(
                    raw,
                    section,
                    &targets,
                    &names,
                    &mut seen_choice_ids,
                    diagnostics,
                );
                scenes.push(Scene {
                    id: SceneId::new(section.id),
                    title,
                    body,
                    choices,
                    pivot,
                    prompt,
                });
            }
            SectionKind::Ending => {
                let title = section_text(section, "title", diagnostics);
                let body = blocks(section, diagnostics);
                no_choices(
                    section,
                    "endings end the scenario, so move the choice into a scene",
                    diagnostics,
                );
                let tone = match section.entries.iter().find(|e| e.key == "tone") {
                    Some(e) => parse_tone(e, diagnostics).unwrap_or(Tone::Mixed),
                    None => {
                        diagnostics.push(Diagnostic::error(
                            section.id_at,
                            format!(
                                "the ending `{}` has no `tone:`; add `tone: good`, `mixed` or `poor`",
                                section.id
                            ),
                        ));
                        Tone::Mixed
                    }
                };
                let agreed = match section.entries.iter().find(|e| e.key == "deal") {
                    Some(e) => match &*e.value {
                        "none" => false,
                        "agreed" => true,
                        other => {
                            diagnostics.push(Diagnostic::error(
                                e.value_at(),
                                format!(
                                    "an ending's `deal` is `agreed` (the default) or `none` (no \
                                     agreement: your side takes its BATNA), not `{other}`"
                                ),
                            ));
                            true
                        }
                    },
                    None => true,
                };
                let (tone_under, verdict, verdict_under) =
                    ending_by_strategy(section, &names, diagnostics);
                endings.push(Ending {
                    id: EndingId::new(section.id),
                    title,
                    tone,
                    body,
                    agreed,
                    tone_under,
                    verdict,
                    verdict_under,
                });
            }
        }
    }

    let has_errors = diagnostics.iter().any(|d| d.severity == Severity::Error);
    let start = start?;
    if has_errors {
        return None;
    }

    Some(Scenario {
        id: ScenarioId::new(id),
        title: header.text("title"),
        version,
        language,
        content_hash: ContentHash::of(source),
        department: header.text("department"),
        role: header.first("role").map(|e| e.value.to_string()),
        counterpart: header.text("counterpart"),
        minutes,
        pass_threshold,
        briefing: Briefing {
            company: header.text("company"),
            mandate: header.text("mandate"),
            counterpart_brief: header.text("counterpart-brief"),
            stakes: header.text("stakes"),
            objectives: header
                .all("objective")
                .iter()
                .map(|e| e.value.to_string())
                .collect(),
        },
        strategies,
        dimensions,
        variables,
        economics,
        meter,
        scorecard,
        confidence,
        takeaways: header
            .all("takeaway")
            .iter()
            .map(|e| e.value.to_string())
            .collect(),
        scenes,
        endings,
        start,
    })
}

fn no_choices(section: &RawSection, why: &str, diagnostics: &mut Vec<Diagnostic>) {
    if let Some(first) = section.choices.first() {
        diagnostics.push(Diagnostic::error(
            first.at,
            format!("`{}` has a choice; {why}", section.id),
        ));
    }
}

pub(super) fn section_text(
    section: &RawSection,
    key: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> String {
    let mut found = section.entries.iter().filter(|e| e.key == key);
    let value = match found.next() {
        Some(e) if trim(&e.value).is_empty() => {
            diagnostics.push(Diagnostic::error(
                e.value_at(),
                format!("`{key}` is empty; write its text after the colon"),
            ));
            String::new()
        }
        Some(e) => e.value.to_string(),
        None => {
            diagnostics.push(Diagnostic::error(
                section.id_at,
                format!(
                    "`{}` has no `{key}:`; add one on the line after `==`",
                    section.id
                ),
            ));
            String::new()
        }
    };
    for extra in found {
        diagnostics.push(Diagnostic::error(
            extra.key_at(),
            format!("`{key}` is given twice in `{}`; keep one", section.id),
        ));
    }
    value
}

fn blocks(section: &RawSection, diagnostics: &mut Vec<Diagnostic>) -> Vec<Block> {
    let mut out = Vec::new();
    for block in section.body.iter() {
        match block {
            RawBlock::Paragraph(text, _) => out.push(Block::Paragraph(text.to_string())),
            RawBlock::Speech(text, at) if text.is_empty() => diagnostics.push(Diagnostic::error(
                *at,
                "empty `>` line; write the counterpart's words after `>`",
            )),
            RawBlock::Speech(text, _) => out.push(Block::Speech(text.to_string())),
        }
    }
    if out.is_empty() {
        let hint = match section.kind {
            SectionKind::Strategy => {
                "describe what the strategy means for the company (plain lines)"
            }
            _ => "write what happens (plain lines) and what the counterpart says (`>` lines)",
        };
        diagnostics.push(Diagnostic::error(
            section.id_at,
            format!("`{}` has no text; {hint}", section.id),
        ));
    }
    out
}

fn section_choices<'source>(
    raw_scenario: &'source RawScenario,
    section: &RawSection<'source, '_>,
    targets: &TargetTable,
    names: &Names,
    seen: &mut Vec<(&'source str, Position)>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Choice> {
    let count = section.choices.len();
    if !(2..=4).contains(&count) {
        diagnostics.push(Diagnostic::error(
            section.id_at,
            format!(
                "the scene `{}` has {count} choice{}; a decision offers 2 to 4 (`* label` lines)",
                section.id,
                if count == 1 { "" } else { "s" }
            ),
        ));
    }
    seen.clear();
    let mut out = Vec::with_capacity(count);
    for (n, raw) in section.choices.iter().enumerate() {
        let entries = raw_scenario.entries_of(raw);
        if let Some(choice) = choice(section, n, raw, entries, targets, names, seen, diagnostics) {
            out.push(choice);
        }
    }
    out
}

/// `align: +2`, or per strategy: `align: technology-leadership +2, cost-leadership -1`.
/// One entry per strategy (neutral where the line does not name it), and which it named.
fn parse_alignments(
    entry: &Entry,
    names: &Names,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<(Vec<Alignment>, GivenStrategies)> {
    let (value, at) = (&*entry.value, entry.value_at());
    let range_error =
        |text: &str| format!("`align` must be a whole number from -2 to +2, not `{text}`");
    let strategies = names.strategy_ids();
    // One strategy and no `STRATEGY VALUE` form: the value is a plain number.
    let plain = !value.contains(',')
        && (value.split_whitespace().count() == 1
            || (strategies.len() == 1 && !value.trim_start().starts_with(strategies[0])));
    if plain {
        let alignment = parse_int(value.trim())
            .and_then(|n| i8::try_from(n).ok())
            .and_then(Alignment::new);
        let Some(alignment) = alignment else {
            diagnostics.push(Diagnostic::error(at, range_error(value)));
            return None;
        };
        if strategies.len() > 1 {
            diagnostics.push(Diagnostic::error(
                at,
                format!(
                    "the scenario has {} strategies, so `align` gives one value for each: \
                     `align: {}`",
                    strategies.len(),
                    strategies
                        .iter()
                        .map(|s| format!("{s} {value}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
            return None;
        }
        let mut given = GivenStrategies::new(1);
        given.mark(0);
        return Some((vec![alignment], given));
    }
    // Built in place, in strategy order; `given` records which strategies a part named,
    // so that no second vector of `Option`s is needed for every choice.
    let mut alignments = vec![Alignment::default(); strategies.len()];
    let mut given = GivenStrategies::new(strategies.len());
    let mut ok = true;
    for (offset, part) in comma_parts(value) {
        // Located only when a problem is reported: counting characters costs.
        let part_at = || entry.locate(offset);
        let Some([name, number]) = exactly::<2>(part) else {
            diagnostics.push(Diagnostic::error(
                part_at(),
                format!("`align` expects `STRATEGY VALUE` pairs like `cost-leadership -1`; `{part}` is not one"),
            ));
            ok = false;
            continue;
        };
        let Some(index) = names.strategy(name) else {
            diagnostics.push(Diagnostic::error(
                part_at(),
                format!(
                    "unknown strategy `{name}` in `align`; the scenario's strategies are {}",
                    quoted_list(strategies)
                ),
            ));
            ok = false;
            continue;
        };
        let Some(alignment) = parse_int(number)
            .and_then(|n| i8::try_from(n).ok())
            .and_then(Alignment::new)
        else {
            diagnostics.push(Diagnostic::error(part_at(), range_error(number)));
            ok = false;
            continue;
        };
        if !given.mark(index.0) {
            diagnostics.push(Diagnostic::error(
                part_at(),
                format!("`align` gives `{name}` twice; keep one"),
            ));
            ok = false;
        }
        alignments[index.0] = alignment;
    }
    ok.then_some((alignments, given))
}

/// The alignment under each strategy: as `align:` states it where it names the
/// strategy, computed from the choice's effects under the strategy's profile otherwise.
/// `stated` holds the stated alignments (in place: the result is built in it), `given`
/// which strategies `align:` named.
fn combine_alignments(
    align: Option<&Entry>,
    choice_at: Position,
    mut out: Vec<Alignment>,
    given: &GivenStrategies,
    effects: Option<&[Effect]>,
    names: &Names,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Vec<Alignment>> {
    if out.len() < names.strategies.len() {
        // The plain form (`align: +1`) only exists with one strategy; be safe anyway.
        out.resize(names.strategies.len(), Alignment::default());
    }
    let (mut unstated, mut unweighted) = (Vec::new(), Vec::new());
    for (i, name) in names.strategies.iter().enumerate() {
        let computed = effects.and_then(|effects| {
            let weights = names.weights.get(i)?.as_ref()?;
            let points = effects
                .iter()
                .map(|e| i32::from(weights[e.dimension.index()]) * i32::from(e.amount))
                .sum();
            Some(alignment_from_points(points))
        });
        let stated = given.contains(i).then(|| out[i]);
        match (stated, computed) {
            (Some(given), Some(computed)) => {
                if (given.value() - computed.value()).abs() >= 2
                    && let Some(e) = align
                {
                    diagnostics.push(Diagnostic::warning(
                        e.value_at(),
                        format!(
                            "`align` gives `{name}` {:+}, but the choice's effects compute {:+} \
                             under that strategy's weights; check one of them",
                            given.value(),
                            computed.value()
                        ),
                    ));
                }
            }
            (Some(_), None) => {}
            (None, Some(computed)) => out[i] = computed,
            (None, None) if effects.is_some() => unweighted.push(*name),
            (None, None) => unstated.push(*name),
        }
    }
    if let (false, Some(e)) = (unstated.is_empty(), align) {
        diagnostics.push(Diagnostic::error(
            e.value_at(),
            format!(
                "`align` gives no alignment under {}",
                quoted_list(&unstated)
            ),
        ));
    }
    if let Some(first) = unweighted.first() {
        diagnostics.push(Diagnostic::error(
            choice_at,
            format!(
                "this choice's effects cannot score it under {}, which has no `weights:`; add \
                 `align: {first} N` to the choice, or `weights:` to the strategy",
                quoted_list(&unweighted)
            ),
        ));
    }
    (unstated.is_empty() && unweighted.is_empty()).then_some(out)
}

/// `why STRATEGY:` lines: the feedback under one strategy.
fn why_under(
    entries: &[Entry],
    names: &Names,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Vec<(StrategyIndex, String)>> {
    let mut out: Vec<(StrategyIndex, String)> = Vec::new();
    let mut ok = true;
    for e in entries {
        let Some(("why", name)) = qualified(e.key) else {
            continue;
        };
        let Some(strategy) = names.strategy(name) else {
            diagnostics.push(Diagnostic::error(
                e.key_at(),
                format!(
                    "`why {name}` names no strategy of the scenario; its strategies are {}",
                    quoted_list(names.strategy_ids())
                ),
            ));
            ok = false;
            continue;
        };
        if trim(&e.value).is_empty() {
            diagnostics.push(Diagnostic::error(
                e.value_at(),
                format!("`why {name}` is empty; explain the alignment under `{name}`"),
            ));
            ok = false;
        } else if out.iter().any(|(s, _)| *s == strategy) {
            diagnostics.push(Diagnostic::error(
                e.key_at(),
                format!("`why {name}` is given twice in this choice; keep one"),
            ));
            ok = false;
        } else {
            out.push((strategy, e.value.to_string()));
        }
    }
    ok.then_some(out)
}

fn parse_tone(entry: &Entry, diagnostics: &mut Vec<Diagnostic>) -> Option<Tone> {
    match &*entry.value {
        "good" => Some(Tone::Good),
        "mixed" => Some(Tone::Mixed),
        "poor" => Some(Tone::Poor),
        other => {
            diagnostics.push(Diagnostic::error(
                entry.value_at(),
                format!("`tone` must be `good`, `mixed` or `poor`, not `{other}`"),
            ));
            None
        }
    }
}

/// An ending's `verdict:`, and its `tone STRATEGY:` and `verdict STRATEGY:` lines.
#[allow(clippy::type_complexity)]
fn ending_by_strategy(
    section: &RawSection,
    names: &Names,
    diagnostics: &mut Vec<Diagnostic>,
) -> (
    Vec<(StrategyIndex, Tone)>,
    Option<String>,
    Vec<(StrategyIndex, String)>,
) {
    let mut tones: Vec<(StrategyIndex, Tone)> = Vec::new();
    let mut verdicts: Vec<(StrategyIndex, String)> = Vec::new();
    let verdict = optional_text(
        section,
        "verdict",
        "say what the outcome meant for the strategy",
        diagnostics,
    );
    for e in section.entries.iter() {
        let Some((base, name)) = qualified(e.key) else {
            continue;
        };
        let Some(strategy) = names.strategy(name) else {
            diagnostics.push(Diagnostic::error(
                e.key_at(),
                format!(
                    "`{base} {name}` names no strategy of the scenario; its strategies are {}",
                    quoted_list(names.strategy_ids())
                ),
            ));
            continue;
        };
        let again = match base {
            "tone" => tones.iter().any(|(s, _)| *s == strategy),
            _ => verdicts.iter().any(|(s, _)| *s == strategy),
        };
        if again {
            diagnostics.push(Diagnostic::error(
                e.key_at(),
                format!(
                    "`{base} {name}` is given twice in `{}`; keep one",
                    section.id
                ),
            ));
            continue;
        }
        match base {
            "tone" => {
                if let Some(tone) = parse_tone(e, diagnostics) {
                    tones.push((strategy, tone));
                }
            }
            _ if trim(&e.value).is_empty() => diagnostics.push(Diagnostic::error(
                e.value_at(),
                format!("`verdict {name}` is empty; say what the outcome meant under `{name}`"),
            )),
            _ => verdicts.push((strategy, e.value.to_string())),
        }
    }
    (tones, verdict, verdicts)
}

/// Warns when a choice serves one strategy and works against another but has one
/// `why:` for both. Quiet in scenarios with pivots, where a scene's `why:` is written
/// for the strategy in force there.
fn shared_why_lint(
    choice_at: Position,
    alignments: &[Alignment],
    why_under: &[(StrategyIndex, String)],
    names: &Names,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if names.pivots {
        return;
    }
    let Some(first) = alignments.first() else {
        return;
    };
    for (i, a) in alignments.iter().enumerate().skip(1) {
        let opposed = i32::from(a.value()).signum() * i32::from(first.value()).signum() < 0;
        if opposed && !why_under.iter().any(|(s, _)| s.index() == i) {
            let (name, first_name) = (names.strategies[i], names.strategies[0]);
            diagnostics.push(Diagnostic::warning(
                choice_at,
                format!(
                    "this choice is {:+} under `{name}` but {:+} under `{first_name}`, and one \
                     `why:` cannot explain both; add `why {name}: ...`",
                    a.value(),
                    first.value()
                ),
            ));
        }
    }
}

/// Which strategies an `align:` line has named: one bit each for the first 64 (no
/// allocation for any realistic scenario), a vector of flags for any beyond.
struct GivenStrategies {
    first_64: u64,
    beyond_64: Vec<bool>,
}

impl GivenStrategies {
    fn new(count: usize) -> Self {
        GivenStrategies {
            first_64: 0,
            beyond_64: vec![false; count.saturating_sub(64)],
        }
    }

    fn contains(&self, index: usize) -> bool {
        match index {
            0..64 => self.first_64 & (1 << index) != 0,
            _ => self.beyond_64.get(index - 64).copied().unwrap_or(false),
        }
    }

    /// Records `index` as named; `false` when it already was.
    fn mark(&mut self, index: usize) -> bool {
        let already = self.contains(index);
        match index {
            0..64 => self.first_64 |= 1 << index,
            _ => self.beyond_64[index - 64] = true,
        }
        !already
    }
}

/// `trust +10, budget -5`.
fn parse_changes(
    entry: &Entry,
    names: &Names,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Vec<Change>> {
    let value = &*entry.value;
    let mut out = Vec::new();
    let mut ok = true;
    for (offset, part) in comma_parts(value) {
        // Located only when a problem is reported: counting characters costs.
        let part_at = || entry.locate(offset);
        let Some([name, delta]) = exactly::<2>(part) else {
            diagnostics.push(Diagnostic::error(
                part_at(),
                format!(
                    "`change` expects `NAME +N` or `NAME -N`, like `trust +10`; `{part}` is not one"
                ),
            ));
            ok = false;
            continue;
        };
        let Some(var) = names.variable(name) else {
            diagnostics.push(Diagnostic::error(
                part_at(),
                names.undeclared_variable(name, "change"),
            ));
            ok = false;
            continue;
        };
        match parse_int(delta) {
            Some(value) if delta.starts_with(['+', '-']) => out.push(Change { var, delta: value }),
            _ => {
                diagnostics.push(Diagnostic::error(
                    part_at(),
                    format!("`change` must give `{name}` a signed whole number like `+10` or `-5`, not `{delta}`"),
                ));
                ok = false;
            }
        }
    }
    ok.then_some(out)
}

/// `price +1, innovation -2`.
fn parse_effects(
    entry: &Entry,
    names: &Names,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Vec<Effect>> {
    let value = &*entry.value;
    let mut out: Vec<Effect> = Vec::new();
    let mut ok = true;
    for (offset, part) in comma_parts(value) {
        // Located only when a problem is reported: counting characters costs.
        let part_at = || entry.locate(offset);
        let Some([name, amount]) = exactly::<2>(part) else {
            diagnostics.push(Diagnostic::error(
                part_at(),
                format!(
                    "`effects` expects `DIMENSION +N` pairs like `price -1`; `{part}` is not one"
                ),
            ));
            ok = false;
            continue;
        };
        let Some(dimension) = names.dimension(name) else {
            let ids: Vec<&str> = names.dimensions.iter().map(|d| d.id.as_str()).collect();
            let declared = format!(
                "the dimensions are {}; declare another with `== dimension ID`",
                quoted_list(&ids)
            );
            diagnostics.push(Diagnostic::error(
                part_at(),
                format!("unknown dimension `{name}` in `effects`; {declared}"),
            ));
            ok = false;
            continue;
        };
        match parse_int(amount).filter(|n| (-2..=2).contains(n)) {
            Some(_) if out.iter().any(|e| e.dimension == dimension) => {
                diagnostics.push(Diagnostic::error(
                    part_at(),
                    format!("`effects` gives `{name}` twice; keep one"),
                ));
                ok = false;
            }
            Some(n) => out.push(Effect {
                dimension,
                amount: n as i8,
            }),
            None => {
                diagnostics.push(Diagnostic::error(
                    part_at(),
                    format!("the effect on `{name}` must be a whole number from -2 to +2, not `{amount}`"),
                ));
                ok = false;
            }
        }
    }
    ok.then_some(out)
}

/// Byte offset of the first ` if ` in a `next:` value, by a plain byte scan (a
/// `str` pattern search first builds a two-way searcher, which costs more than the
/// few bytes of a typical `next:` value).
fn find_if(value: &str) -> Option<usize> {
    value.as_bytes().windows(4).position(|w| w == b" if ")
}

/// Ids of choices without `id:`, by position (`a` to `z`; a 27th choice is also `z`).
const POSITIONAL_CHOICE_IDS: [&str; 26] = [
    "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r", "s",
    "t", "u", "v", "w", "x", "y", "z",
];

/// Validates one choice. `seen` holds the ids of the scene's earlier choices (a short
/// list searched in order: a scene has 2 to 4 choices, so no hash map is needed).
// Eight arguments: the choice, its lines (kept in one vector for all choices) and the
// scene's context; bundling them into a struct would only rename them.
#[allow(clippy::too_many_arguments)]
fn choice<'source>(
    section: &RawSection,
    n: usize,
    raw: &'source RawChoice,
    entries: &'source [Entry],
    targets: &TargetTable,
    names: &Names,
    seen: &mut Vec<(&'source str, Position)>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Choice> {
    let mut ok = true;
    if raw.label.is_empty() {
        diagnostics.push(Diagnostic::error(
            raw.at,
            "a choice needs a label: the words on its button, after `*`",
        ));
        ok = false;
    }
    // Each key's first entry, and whether it comes again, in one pass over the entries
    // (keys matched against literals) rather than one scan with string comparisons per key.
    let mut first_entry: [Option<&'source Entry>; CHOICE_KEYS.len()] = [None; CHOICE_KEYS.len()];
    let mut repeated = [false; CHOICE_KEYS.len()];
    for entry in entries {
        if let Some(k) = choice_key_index(entry.key) {
            if first_entry[k].is_some() {
                repeated[k] = true;
            } else {
                first_entry[k] = Some(entry);
            }
        }
    }
    let single = |key: &str, diagnostics: &mut Vec<Diagnostic>| -> Option<&'source Entry> {
        let k = choice_key_index(key)?;
        if repeated[k] {
            for extra in entries.iter().filter(|e| e.key == key).skip(1) {
                diagnostics.push(Diagnostic::error(
                    extra.key_at(),
                    format!("`{key}` is given twice in this choice; keep one"),
                ));
            }
        }
        first_entry[k]
    };
    let id = match single("id", diagnostics) {
        Some(e) => {
            if !is_valid_id(&e.value) {
                diagnostics.push(Diagnostic::error(e.value_at(), id_rule("choice", &e.value)));
                ok = false;
            }
            (&*e.value, e.value_at())
        }
        None => (POSITIONAL_CHOICE_IDS[n.min(25)], raw.at),
    };
    if let Some((_, first)) = seen.iter().find(|(seen_id, _)| *seen_id == id.0) {
        diagnostics.push(Diagnostic::error(
            id.1,
            format!(
                "duplicate choice id `{}` in `{}` (first on line {}); choices without `id:` are \
                 named a, b, c, d by position",
                id.0, section.id, first.line
            ),
        ));
        ok = false;
    } else {
        seen.push(id);
    }

    let mut required =
        |key: &str, hint: &str, diagnostics: &mut Vec<Diagnostic>| -> Option<&'source Entry> {
            match single(key, diagnostics) {
                Some(e) if trim(&e.value).is_empty() => {
                    diagnostics.push(Diagnostic::error(
                        e.value_at(),
                        format!("`{key}` is empty; {hint}"),
                    ));
                    ok = false;
                    None
                }
                Some(e) => Some(e),
                None => {
                    diagnostics.push(Diagnostic::error(
                        raw.at,
                        format!("this choice has no `{key}:`; {hint}"),
                    ));
                    ok = false;
                    None
                }
            }
        };
    let why = required(
        "why",
        "explain in a sentence or two why it serves or hurts the strategy",
        diagnostics,
    );
    let result = required(
        "result",
        "say what the choice caused at the table",
        diagnostics,
    );
    let align = match single("align", diagnostics) {
        Some(e) if trim(&e.value).is_empty() => {
            diagnostics.push(Diagnostic::error(
                e.value_at(),
                "`align` is empty; give the alignment with the corporate strategy, from -2 to +2",
            ));
            ok = false;
            None
        }
        other => other,
    };

    let condition = match single("if", diagnostics) {
        Some(e) => parse_condition(e, 0, "if", names, diagnostics),
        None => Some(Condition::default()),
    };
    let changes = match single("change", diagnostics) {
        Some(e) => parse_changes(e, names, diagnostics),
        None => Some(vec![]),
    };
    let effects_entry = single("effects", diagnostics);
    let effects = match effects_entry {
        Some(e) => parse_effects(e, names, diagnostics),
        None => Some(vec![]),
    };
    if align.is_none() && effects_entry.is_none() && first_entry[2].is_none() {
        diagnostics.push(Diagnostic::error(
            raw.at,
            "this choice has no `effects:` or `align:`; say what it does for the company on the \
             negotiation dimensions (`effects: price -1, innovation +2`) or give its alignment \
             with the corporate strategy (`align: +1`)",
        ));
        ok = false;
    }
    let stated = match align {
        Some(e) => parse_alignments(e, names, diagnostics),
        None => Some((
            vec![Alignment::default(); names.strategies.len()],
            GivenStrategies::new(names.strategies.len()),
        )),
    };
    let alignments = match (stated, &effects) {
        (Some((stated, given)), Some(effects)) if align.is_some() || effects_entry.is_some() => {
            combine_alignments(
                align,
                raw.at,
                stated,
                &given,
                effects_entry.map(|_| &effects[..]),
                names,
                diagnostics,
            )
        }
        _ => None,
    };
    let why_under = why_under(entries, names, diagnostics);
    if let (Some(alignments), Some(why_under)) = (&alignments, &why_under) {
        shared_why_lint(raw.at, alignments, why_under, names, diagnostics);
    }

    // `next:` lines: `target` or `target if CONDITION`; the last has no condition.
    // Walked with a look-ahead instead of collected into a vector: the warning for
    // an unreachable `next:` points at the line after the one without `if`.
    let mut next_entries = entries.iter().filter(|e| e.key == "next").peekable();
    if next_entries.peek().is_none() {
        diagnostics.push(Diagnostic::error(
            raw.at,
            "this choice has no `next:`; name the scene or ending it leads to",
        ));
        ok = false;
    }
    let mut branches = Vec::with_capacity(1);
    while let Some(e) = next_entries.next() {
        let following = next_entries.peek().copied();
        let last = following.is_none();
        let if_at = find_if(&e.value);
        let (name, condition_text) = match if_at {
            Some(at) => (trim(&e.value[..at]), Some(&e.value[at + " if ".len()..])),
            None => (trim(&e.value), None),
        };
        if name.is_empty() {
            diagnostics.push(Diagnostic::error(
                e.value_at(),
                "`next` is empty; name the scene or ending it leads to",
            ));
            ok = false;
            continue;
        }
        let target = match targets.get(name) {
            Some((target, _)) => Some(*target),
            None => {
                diagnostics.push(Diagnostic::error(
                    e.value_at(),
                    format!("`next` names `{name}`, but no scene or ending has that id"),
                ));
                ok = false;
                None
            }
        };
        let condition = match condition_text {
            Some(_) => {
                let offset = if_at.map(|o| o + " if ".len()).unwrap_or(0);
                parse_condition(e, offset, "next", names, diagnostics)
            }
            None => Some(Condition::default()),
        };
        match (&condition, last) {
            (Some(c), true) if !c.is_always() => {
                diagnostics.push(Diagnostic::error(
                    e.value_at(),
                    "the last `next:` of a choice needs no `if`: it is where the choice leads when \
                     no condition above holds; add a plain `next:` line after it",
                ));
                ok = false;
            }
            (Some(c), false) if c.is_always() => {
                diagnostics.push(Diagnostic::warning(
                    following.map(|f| f.key_at()).unwrap_or(e.key_at()),
                    "this `next:` is never used: the one above it has no `if`",
                ));
            }
            _ => {}
        }
        if let (Some(target), Some(condition)) = (target, condition) {
            branches.push(Branch { condition, target });
        } else {
            ok = false;
        }
    }

    if !ok {
        return None;
    }
    Some(Choice {
        id: ChoiceId::new(id.0),
        label: raw.label.to_string(),
        alignments: alignments?,
        why: why?.value.to_string(),
        why_under: why_under?,
        result: result?.value.to_string(),
        condition: condition?,
        changes: changes?,
        effects: effects?,
        next: branches,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exactly_splits_like_split_whitespace() {
        for text in [
            "", " ", "a", "a b", " a  b ", "a\x0Bb", "a\tb\r", "a b c", "é b", "a\u{a0}b", "a,b",
        ] {
            let words: Vec<&str> = text.split_whitespace().collect();
            let two = (words.len() == 2).then(|| [words[0], words[1]]);
            assert_eq!(exactly::<2>(text), two, "{text:?}");
        }
    }

    #[test]
    fn comma_parts_split_like_str_split() {
        for text in ["", ",", "a", "a,", ",a", " a , b ,c", "é, ü"] {
            let mut start = 0;
            let expected: Vec<(usize, &str)> = text
                .split(',')
                .map(|part| {
                    let at = start + part.len() - part.trim_start().len();
                    start += part.len() + 1;
                    (at, part.trim())
                })
                .collect();
            assert_eq!(comma_parts(text).collect::<Vec<_>>(), expected, "{text:?}");
        }
    }

    #[test]
    fn find_if_finds_the_first_if() {
        for text in ["a if b", "a", " if ", "a if b if c", "aif b", "é if x"] {
            assert_eq!(find_if(text), text.find(" if "), "{text:?}");
        }
    }
}
