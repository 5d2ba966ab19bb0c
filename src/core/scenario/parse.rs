//! Reading the scenario text format into a raw, located structure.
//!
//! This layer only knows the *shape* of the format (header, `==` blocks,
//! choices, continuation lines). Meaning — required fields, references,
//! ranges — is checked in [`super::validate`]. Both layers push every problem
//! they find into one list instead of stopping at the first.

use std::borrow::Cow;
use std::ops::Range;

use super::diagnostic::{Diagnostic, Position};

/// A `key: value` line (plus its continuation lines), with where key and value start.
///
/// Borrows from the source text: the key always, the value unless continuation lines
/// had to be joined to it (then it owns the joined text). Reading a 10,000-scene file
/// used to allocate a `String` for every key and value; now a plain line allocates nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry<'source> {
    pub key: &'source str,
    pub value: Cow<'source, str>,
    /// The line of the key and of the start of the value, and their columns: stored
    /// compactly (64 bytes an entry instead of 96; a 10,000-scene file has 150,000
    /// entries) and given out as [`Position`]s by [`Entry::key_at`] and [`Entry::value_at`].
    line: usize,
    key_column: u32,
    value_column: u32,
    /// Where each continuation line of the value starts: `(byte offset in value, position)`.
    /// The first line starts at `(0, value_at)` and is not stored. Boxed, and absent for
    /// a value on one line (nearly all of them), to keep the entry small.
    // Deliberately a boxed vector: 8 bytes in every entry instead of a `Vec`'s 24.
    #[allow(clippy::box_collection)]
    continuation_lines: Option<Box<Vec<(usize, Position)>>>,
}

/// A column as stored in an [`Entry`] (saturating: no line has 4 billion characters).
fn compact_column(column: usize) -> u32 {
    u32::try_from(column).unwrap_or(u32::MAX)
}

impl<'source> Entry<'source> {
    /// `key_at` and `value_at` are on the same line.
    fn new(key: &'source str, key_at: Position, value: &'source str, value_at: Position) -> Self {
        Entry {
            key,
            value: Cow::Borrowed(value),
            line: key_at.line,
            key_column: compact_column(key_at.column),
            value_column: compact_column(value_at.column),
            continuation_lines: None,
        }
    }

    /// Where the key starts.
    pub fn key_at(&self) -> Position {
        Position::new(self.line, self.key_column as usize)
    }

    /// Where the value starts.
    pub fn value_at(&self) -> Position {
        Position::new(self.line, self.value_column as usize)
    }

    /// Appends a continuation line that starts at `at`.
    fn continue_with(&mut self, text: &'source str, at: Position) {
        let offset = if self.value.is_empty() {
            0
        } else {
            self.value.len() + 1
        };
        append(&mut self.value, text);
        self.continuation_lines
            .get_or_insert_default()
            .push((offset, at));
    }

    /// The position of byte `offset` of the (joined) value, on the line it came from.
    pub fn locate(&self, offset: usize) -> Position {
        let offset = offset.min(self.value.len());
        let (start, at) = self
            .continuation_lines
            .iter()
            .flat_map(|lines| lines.iter().rev())
            .find(|(start, _)| *start <= offset)
            .copied()
            .unwrap_or((0, self.value_at()));
        let chars = self
            .value
            .get(start..offset)
            .map(|s| s.chars().count())
            .unwrap_or(0);
        Position::new(at.line, at.column + chars)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RawBlock<'source> {
    /// Borrowed from the source unless several lines were joined.
    Paragraph(Cow<'source, str>, Position),
    Speech(Cow<'source, str>, Position),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawChoice<'source> {
    /// Borrowed from the source unless the label continues on further lines.
    pub label: Cow<'source, str>,
    pub at: Position,
    /// The choice's `key: value` lines: `RawScenario::choice_entries[entries]`. All
    /// choices share that one vector (a choice's lines are consecutive), which saves
    /// a vector, and later its release, for every choice of a large scenario.
    pub entries: Range<usize>,
    /// Indentation of the choice's `key: value` lines; deeper lines continue a value.
    pub key_indent: Option<usize>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SectionKind {
    Scene,
    Ending,
    Strategy,
    /// A negotiation dimension (`price`, `innovation`) with its name and meaning.
    Dimension,
}

/// A `==` block as the parser stores it: its lines live in the scenario's shared
/// vectors ([`RawScenario::section_entries`], [`RawScenario::blocks`],
/// [`RawScenario::choices`]), in ranges — a block's lines are consecutive, so one vector
/// of each serves every block, instead of three small vectors per block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SectionRecord<'source> {
    pub kind: SectionKind,
    pub id: &'source str,
    pub at: Position,
    pub id_at: Position,
    pub entries: Range<usize>,
    pub body: Range<usize>,
    pub choices: Range<usize>,
}

/// A `==` block with its lines: a view into a [`RawScenario`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RawSection<'raw, 'source> {
    pub kind: SectionKind,
    pub id: &'source str,
    pub at: Position,
    pub id_at: Position,
    pub entries: &'raw [Entry<'source>],
    pub body: &'raw [RawBlock<'source>],
    pub choices: &'raw [RawChoice<'source>],
}

/// The file's shape, borrowing its text from the source it was read from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RawScenario<'source> {
    pub header: Vec<Entry<'source>>,
    pub records: Vec<SectionRecord<'source>>,
    /// The `key: value` lines of every block (see [`SectionRecord`]).
    pub section_entries: Vec<Entry<'source>>,
    /// The text of every block.
    pub blocks: Vec<RawBlock<'source>>,
    /// The choices of every scene.
    pub choices: Vec<RawChoice<'source>>,
    /// The `key: value` lines of every choice, in file order (see [`RawChoice::entries`]).
    pub choice_entries: Vec<Entry<'source>>,
}

impl<'source> RawScenario<'source> {
    /// The blocks, in file order, each with its lines.
    pub fn sections(&self) -> impl ExactSizeIterator<Item = RawSection<'_, 'source>> + Clone {
        self.records.iter().map(|r| RawSection {
            kind: r.kind,
            id: r.id,
            at: r.at,
            id_at: r.id_at,
            entries: &self.section_entries[r.entries.clone()],
            body: &self.blocks[r.body.clone()],
            choices: &self.choices[r.choices.clone()],
        })
    }

    /// The `key: value` lines of `choice`.
    pub fn entries_of(&self, choice: &RawChoice) -> &[Entry<'source>] {
        &self.choice_entries[choice.entries.clone()]
    }
}

/// Keys a scene or ending may carry before its text.
pub const SCENE_KEYS: &[&str] = &["title", "pivot", "prompt"];
pub const ENDING_KEYS: &[&str] = &["title", "tone", "deal", "verdict"];
pub const STRATEGY_KEYS: &[&str] = &["name", "weights", "mandate"];
pub const DIMENSION_KEYS: &[&str] = &["name"];
/// Keys a choice may carry, indented under its `* label` line.
pub const CHOICE_KEYS: &[&str] = &[
    "id", "if", "align", "effects", "why", "result", "change", "next",
];

/// [`char::is_whitespace`] for an ASCII byte.
pub fn is_ascii_white_space(byte: u8) -> bool {
    matches!(byte, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ')
}

/// [`str::trim_start`], stepping over ASCII white space byte by byte and handing
/// over to `str::trim_start` (which decodes characters) only at a non-ASCII byte.
pub fn trim_start(text: &str) -> &str {
    let bytes = text.as_bytes();
    let mut start = 0;
    while start < bytes.len() && is_ascii_white_space(bytes[start]) {
        start += 1;
    }
    match bytes.get(start) {
        Some(byte) if !byte.is_ascii() => text[start..].trim_start(),
        _ => &text[start..],
    }
}

/// [`str::trim_end`], with the same ASCII fast path as [`trim_start`].
pub fn trim_end(text: &str) -> &str {
    let bytes = text.as_bytes();
    let mut end = bytes.len();
    while end > 0 && is_ascii_white_space(bytes[end - 1]) {
        end -= 1;
    }
    match end.checked_sub(1).map(|last| bytes[last]) {
        Some(byte) if !byte.is_ascii() => text[..end].trim_end(),
        _ => &text[..end],
    }
}

/// [`str::trim`], with the ASCII fast path of [`trim_start`] and [`trim_end`].
pub fn trim(text: &str) -> &str {
    trim_end(trim_start(text))
}

/// The position of `key` in [`CHOICE_KEYS`], matched against literals (which the
/// compiler turns into a length switch and word comparisons, no `memcmp` calls).
pub fn choice_key_index(key: &str) -> Option<usize> {
    Some(match key {
        "id" => 0,
        "if" => 1,
        "align" => 2,
        "effects" => 3,
        "why" => 4,
        "result" => 5,
        "change" => 6,
        "next" => 7,
        _ => return None,
    })
}

/// The lines of `source`, exactly as [`str::lines`] gives them (split at `\n`, one
/// `\r` before it removed), found with a plain byte search: `str::lines` searches for
/// `'\n'` as a `char` and confirms every match with a `memcmp` call, a visible cost
/// on a file of 200,000 lines.
fn lines(source: &str) -> impl Iterator<Item = &str> {
    let mut rest = source;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        match rest.bytes().position(|b| b == b'\n') {
            Some(end) => {
                let line = &rest[..end];
                rest = &rest[end + 1..];
                Some(line.strip_suffix('\r').unwrap_or(line))
            }
            None => Some(std::mem::take(&mut rest)),
        }
    })
}

/// What the previous line was, so that a continuation line knows where it belongs.
enum Open {
    Nothing,
    HeaderEntry,
    SectionEntry,
    Paragraph,
    Speech,
    ChoiceLabel,
    ChoiceEntry,
}

/// Splits `key: value` where key is lowercase letters and dashes.
/// Returns the key, and the byte offset of the value within `text`.
///
/// Reads bytes only as far as the key goes: a key is the run of `a-z` and `-` at the
/// start, and it must be followed by the colon (so narrative lines are turned down at
/// their first byte instead of being searched for a colon).
fn split_key(text: &str) -> Option<(&str, usize)> {
    let bytes = text.as_bytes();
    if !bytes.first()?.is_ascii_lowercase() {
        return None;
    }
    let colon = bytes
        .iter()
        .position(|&b| !(b.is_ascii_lowercase() || b == b'-'))?;
    if bytes[colon] != b':' {
        return None;
    }
    let key = &text[..colon];
    let rest = &text[colon + 1..];
    if !matches!(rest.as_bytes().first(), None | Some(b' ' | b'\t')) {
        return None;
    }
    let value_offset = colon + 1 + (rest.len() - trim_start(rest).len());
    Some((key, value_offset))
}

/// [`split_key`], also taking `BASE QUALIFIER: ...` for the bases given: `why
/// STRATEGY:` under a choice (the feedback under one strategy), `tone STRATEGY:` and
/// `verdict STRATEGY:` in an ending. The key is then `BASE QUALIFIER`, one slice of
/// the line; [`qualified`] splits it.
fn split_qualified_key<'t>(text: &'t str, bases: &[&str]) -> Option<(&'t str, usize)> {
    // Nearly every line is a plain key: only look further when the first byte fits.
    let first = text.as_bytes().first().copied();
    if !bases
        .iter()
        .any(|base| base.as_bytes().first().copied() == first)
    {
        return split_key(text);
    }
    for base in bases {
        let Some(rest) = text
            .strip_prefix(base)
            .and_then(|rest| rest.strip_prefix(' '))
        else {
            continue;
        };
        // A strategy id: lowercase letters, digits and dashes, then the colon.
        let end = rest
            .bytes()
            .position(|b| !(b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'))?;
        let after = &rest[end..];
        if end > 0
            && after.starts_with(':')
            && matches!(after.as_bytes().get(1), None | Some(b' ' | b'\t'))
        {
            let value = &after[1..];
            let head = base.len() + 1 + end;
            let offset = head + 1 + (value.len() - trim_start(value).len());
            return Some((&text[..head], offset));
        }
    }
    split_key(text)
}

/// `(base, qualifier)` of a qualified key (`why cost-leadership`), `None` for a plain one.
pub fn qualified(key: &str) -> Option<(&str, &str)> {
    key.split_once(' ')
}

/// Keys of an ending that may be given per strategy.
pub const ENDING_QUALIFIED_KEYS: &[&str] = &["tone", "verdict"];

/// Column (1-based, in characters) of byte offset `offset` in `line`.
fn column_of(line: &str, offset: usize) -> usize {
    line[..offset].chars().count() + 1
}

/// Joins `more` to `target` with a space. An empty target just borrows `more`;
/// only a real join copies the text into an owned string.
fn append<'source>(target: &mut Cow<'source, str>, more: &'source str) {
    if target.is_empty() {
        *target = Cow::Borrowed(more);
    } else {
        let joined = target.to_mut();
        joined.push(' ');
        joined.push_str(more);
    }
}

pub fn parse<'source>(
    source: &'source str,
    diagnostics: &mut Vec<Diagnostic>,
) -> RawScenario<'source> {
    let mut raw = RawScenario::default();
    let mut open = Open::Nothing;
    // After a `==` line that could not be read, skip to the next one rather than
    // blame its contents on anything else.
    let mut skipping = false;

    for (index, line) in lines(source).enumerate() {
        let line_no = index + 1;
        let trimmed_start = trim_start(line);
        let indent = line.len() - trimmed_start.len();
        let text = trim_end(trimmed_start);

        if text.is_empty() {
            // A blank line ends paragraphs and speeches, but a choice stays open
            // until something at column 1 closes it.
            open = match open {
                Open::ChoiceLabel | Open::ChoiceEntry => Open::ChoiceLabel,
                _ => Open::Nothing,
            };
            continue;
        }
        if text.starts_with('#') {
            continue;
        }
        let at = Position::new(line_no, column_of(line, indent));

        if indent == 0 && text.starts_with("==") {
            match parse_section_header(line, line_no) {
                Ok(mut section) => {
                    section.entries = raw.section_entries.len()..raw.section_entries.len();
                    section.body = raw.blocks.len()..raw.blocks.len();
                    section.choices = raw.choices.len()..raw.choices.len();
                    raw.records.push(section);
                    skipping = false;
                }
                Err(d) => {
                    diagnostics.push(d);
                    skipping = true;
                }
            }
            open = Open::Nothing;
            continue;
        }
        if skipping {
            continue;
        }

        let Some(section) = raw.records.last_mut() else {
            // The header.
            if indent > 0 {
                match (&open, raw.header.last_mut()) {
                    (Open::HeaderEntry, Some(entry)) => entry.continue_with(text, at),
                    _ => diagnostics.push(Diagnostic::error(
                        at,
                        "indented line does not continue a `key: value` line; \
                         remove the indentation or put it under the value it belongs to",
                    )),
                }
                continue;
            }
            match split_key(text) {
                Some((key, value_offset)) => {
                    raw.header.push(Entry::new(
                        key,
                        at,
                        &text[value_offset..],
                        Position::new(line_no, column_of(line, indent + value_offset)),
                    ));
                    open = Open::HeaderEntry;
                }
                None => diagnostics.push(Diagnostic::error(
                    at,
                    "expected `key: value` in the scenario header (before the first `== scene`); \
                     narrative text belongs inside a scene",
                )),
            }
            continue;
        };

        // Inside a scene or ending.
        if indent == 0 && text.starts_with('*') {
            let label = trim(&text[1..]);
            let first_entry = raw.choice_entries.len();
            section.choices.end += 1;
            raw.choices.push(RawChoice {
                label: Cow::Borrowed(label),
                at,
                entries: first_entry..first_entry,
                key_indent: None,
            });
            open = Open::ChoiceLabel;
            continue;
        }

        if let Some(choice) = (!section.choices.is_empty())
            .then(|| raw.choices.last_mut())
            .flatten()
        {
            if indent == 0 {
                diagnostics.push(Diagnostic::error(
                    at,
                    format!(
                        "text after the choices of `{}`; put narrative and `>` lines before the first \
                         `*` choice, and indent a choice's `key: value` lines",
                        section.id
                    ),
                ));
                continue;
            }
            let continues =
                matches!(open, Open::ChoiceEntry) && choice.key_indent.is_some_and(|k| indent > k);
            if continues {
                if let Some(entry) = raw.choice_entries[choice.entries.clone()].last_mut() {
                    entry.continue_with(text, at);
                }
                continue;
            }
            match split_qualified_key(text, &["why"]) {
                Some((key, value_offset))
                    if choice_key_index(key).is_some() || qualified(key).is_some() =>
                {
                    choice.key_indent.get_or_insert(indent);
                    choice.entries.end += 1;
                    raw.choice_entries.push(Entry::new(
                        key,
                        at,
                        &text[value_offset..],
                        Position::new(line_no, column_of(line, indent + value_offset)),
                    ));
                    open = Open::ChoiceEntry;
                }
                Some((key, _)) => {
                    diagnostics.push(Diagnostic::error(
                        at,
                        format!(
                            "unknown choice key `{key}`; a choice takes {}",
                            key_list(CHOICE_KEYS)
                        ),
                    ));
                    open = Open::ChoiceLabel;
                }
                None if matches!(open, Open::ChoiceLabel) && choice.entries.is_empty() => {
                    append(&mut choice.label, text);
                }
                None => diagnostics.push(Diagnostic::error(
                    at,
                    "expected `key: value` (id, if, align, effects, why, result, change, next); \
                     to continue a value on the next line, indent it further than the keys",
                )),
            }
            continue;
        }

        if indent == 0 && text.starts_with('>') {
            let speech = trim(&text[1..]);
            let last_block = (!section.body.is_empty())
                .then(|| raw.blocks.last_mut())
                .flatten();
            match (&open, last_block) {
                (Open::Speech, Some(RawBlock::Speech(s, _))) => append(s, speech),
                _ => {
                    section.body.end += 1;
                    raw.blocks.push(RawBlock::Speech(Cow::Borrowed(speech), at));
                }
            }
            open = Open::Speech;
            continue;
        }

        let qualifiable: &[&str] = match section.kind {
            SectionKind::Ending => ENDING_QUALIFIED_KEYS,
            _ => &[],
        };
        if indent == 0
            && let Some((key, value_offset)) = split_qualified_key(text, qualifiable)
        {
            let base = qualified(key).map_or(key, |(base, _)| base);
            let known = match section.kind {
                SectionKind::Scene => SCENE_KEYS,
                SectionKind::Ending => ENDING_KEYS,
                SectionKind::Strategy => STRATEGY_KEYS,
                SectionKind::Dimension => DIMENSION_KEYS,
            };
            if known.contains(&base) {
                section.entries.end += 1;
                raw.section_entries.push(Entry::new(
                    key,
                    at,
                    &text[value_offset..],
                    Position::new(line_no, column_of(line, value_offset)),
                ));
                open = Open::SectionEntry;
            } else {
                let kind = match section.kind {
                    SectionKind::Scene => "a scene",
                    SectionKind::Ending => "an ending",
                    SectionKind::Strategy => "a strategy",
                    SectionKind::Dimension => "a dimension",
                };
                diagnostics.push(Diagnostic::error(
                    at,
                    format!(
                        "unknown key `{key}`; {kind} takes {} (narrative text should not start \
                         with a lowercase word and a colon)",
                        key_list(known)
                    ),
                ));
            }
            continue;
        }

        // Narrative text, or the continuation of whatever is open.
        let last_block = (!section.body.is_empty())
            .then(|| raw.blocks.last_mut())
            .flatten();
        let last_entry = (!section.entries.is_empty())
            .then(|| raw.section_entries.last_mut())
            .flatten();
        match (&open, last_block, last_entry) {
            (Open::Paragraph, Some(RawBlock::Paragraph(p, _)), _) => append(p, text),
            (Open::Speech, Some(RawBlock::Speech(s, _)), _) if indent > 0 => append(s, text),
            (Open::SectionEntry, _, Some(entry)) if indent > 0 => entry.continue_with(text, at),
            _ => {
                section.body.end += 1;
                raw.blocks
                    .push(RawBlock::Paragraph(Cow::Borrowed(text), at));
                open = Open::Paragraph;
            }
        }
    }
    raw
}

pub fn key_list(keys: &[&str]) -> String {
    let quoted: Vec<String> = keys.iter().map(|k| format!("`{k}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{}, or {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => String::new(),
    }
}

/// Reads `== KIND ID`. Looks at no more than three words (the third is an error),
/// with their byte offsets in `line`, without collecting them into a vector.
fn parse_section_header(line: &str, line_no: usize) -> Result<SectionRecord<'_>, Diagnostic> {
    let at = Position::new(line_no, 1);
    let after = line.trim_start_matches('=');
    let mut words = after.split_whitespace().map(|w| {
        let offset = w.as_ptr() as usize - line.as_ptr() as usize;
        (offset, w)
    });
    let (first, second, third) = (words.next(), words.next(), words.next());
    let kind = match first {
        Some((_, "scene")) => SectionKind::Scene,
        Some((_, "ending")) => SectionKind::Ending,
        Some((_, "strategy")) => SectionKind::Strategy,
        Some((_, "dimension")) => SectionKind::Dimension,
        Some((offset, other)) => {
            return Err(Diagnostic::error(
                Position::new(line_no, column_of(line, offset)),
                format!(
                    "unknown block `{other}`; write `== scene ID`, `== ending ID`, `== strategy ID` or `== dimension ID`"
                ),
            ));
        }
        None => {
            return Err(Diagnostic::error(
                at,
                "`==` must be followed by `scene ID`, `ending ID`, `strategy ID` or `dimension ID`",
            ));
        }
    };
    match (first, second, third) {
        (_, Some((offset, id)), None) => Ok(SectionRecord {
            kind,
            id,
            at,
            id_at: Position::new(line_no, column_of(line, offset)),
            // Placed in the shared vectors by the caller.
            entries: 0..0,
            body: 0..0,
            choices: 0..0,
        }),
        (Some((offset, k)), None, _) => Err(Diagnostic::error(
            Position::new(line_no, column_of(line, offset + k.len())),
            format!("missing id after `== {k}`; write for example `== {k} opening-offer`"),
        )),
        (_, Some(_), Some((offset, extra))) => Err(Diagnostic::error(
            Position::new(line_no, column_of(line, offset)),
            format!("unexpected `{extra}` after the id; an id is one word, like `price-push`"),
        )),
        (None, _, _) => Err(Diagnostic::error(
            at,
            "`==` must be followed by `scene ID`, `ending ID`, `strategy ID` or `dimension ID`",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_key_accepts_lowercase_keys_only() {
        assert_eq!(split_key("title: Hello"), Some(("title", 7)));
        assert_eq!(
            split_key("strategy-summary:   x"),
            Some(("strategy-summary", 20))
        );
        assert_eq!(split_key("Note: prices rose"), None);
        assert_eq!(split_key("ratio 3:1 is fine"), None);
        assert_eq!(split_key("time:10"), None);
        assert_eq!(split_key("empty:"), Some(("empty", 6)));
    }

    #[test]
    fn lines_match_str_lines() {
        for text in [
            "",
            "a",
            "a\n",
            "a\r\nb",
            "a\rb\r",
            "\n\n",
            "x\r\n\r\ny\r",
            "é\nü\r\n",
        ] {
            assert_eq!(
                lines(text).collect::<Vec<_>>(),
                text.lines().collect::<Vec<_>>(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn trims_match_str_trims() {
        for text in [
            "",
            " ",
            "a",
            " a ",
            "\t a \r",
            "\x0B a \x0C",
            "\u{a0}a\u{a0}",
            " \u{2003} é \u{85}",
            "é",
            " é ",
            "a\u{a0} ",
        ] {
            assert_eq!(trim_start(text), text.trim_start(), "{text:?}");
            assert_eq!(trim_end(text), text.trim_end(), "{text:?}");
            assert_eq!(trim(text), text.trim(), "{text:?}");
        }
    }

    #[test]
    fn choice_key_index_follows_choice_keys() {
        for (i, key) in CHOICE_KEYS.iter().enumerate() {
            assert_eq!(choice_key_index(key), Some(i));
        }
        assert_eq!(choice_key_index("title"), None);
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        assert_eq!(column_of("é = x", 3), 3);
    }
}
