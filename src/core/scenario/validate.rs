//! From the raw, located structure to a validated [`Scenario`], reporting every problem.

use std::collections::HashMap;

use super::diagnostic::{Diagnostic, Position};
use super::model::*;
use super::parse::{RawBlock, RawChoice, RawScenario, RawSection, SectionKind, key_list};

/// Header keys, in the order the documentation lists them.
pub const HEADER_KEYS: &[&str] = &[
    "scenario",
    "title",
    "version",
    "department",
    "role",
    "counterpart",
    "minutes",
    "pass",
    "start",
    "company",
    "strategy",
    "strategy-summary",
    "mandate",
    "counterpart-brief",
    "stakes",
    "objective",
];

const OPTIONAL_HEADER_KEYS: &[&str] = &["role"];
const REPEATABLE_HEADER_KEYS: &[&str] = &["objective"];

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

struct Header<'a> {
    values: HashMap<&'a str, Vec<(&'a str, Position)>>,
}

impl<'a> Header<'a> {
    fn text(&self, key: &str) -> Option<(&'a str, Position)> {
        self.values.get(key).and_then(|v| v.first().copied())
    }
}

pub fn validate(
    source: &str,
    raw: &RawScenario,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Scenario> {
    let top = Position::new(1, 1);

    // --- Header -----------------------------------------------------------------
    let mut header = Header {
        values: HashMap::new(),
    };
    for entry in &raw.header {
        if !HEADER_KEYS.contains(&entry.key.as_str()) {
            diagnostics.push(Diagnostic::error(
                entry.key_at,
                format!(
                    "unknown header key `{}`; the header takes {}",
                    entry.key,
                    key_list(HEADER_KEYS)
                ),
            ));
            continue;
        }
        let seen = header.values.entry(entry.key.as_str()).or_default();
        if let Some((_, first)) = seen.first()
            && !REPEATABLE_HEADER_KEYS.contains(&entry.key.as_str())
        {
            diagnostics.push(Diagnostic::error(
                entry.key_at,
                format!(
                    "`{}` is given twice (first on line {}); keep one",
                    entry.key, first.line
                ),
            ));
            continue;
        }
        if entry.value.trim().is_empty() {
            diagnostics.push(Diagnostic::error(
                entry.value_at,
                format!("`{}` is empty; write its text after the colon", entry.key),
            ));
        }
        seen.push((entry.value.as_str(), entry.value_at));
    }
    let before_first_block = raw.sections.first().map(|s| s.at).unwrap_or(top);
    for key in HEADER_KEYS {
        if !OPTIONAL_HEADER_KEYS.contains(key) && !header.values.contains_key(key) {
            diagnostics.push(Diagnostic::error(
                before_first_block,
                format!(
                    "the header has no `{key}:`; add a line `{key}: ...` before the first `==` block"
                ),
            ));
        }
    }

    let text = |key: &str| {
        header
            .text(key)
            .map(|(v, _)| v.to_string())
            .unwrap_or_default()
    };

    let id = match header.text("scenario") {
        Some((id, at)) if !is_valid_id(id) => {
            diagnostics.push(Diagnostic::error(at, id_rule("scenario", id)));
            String::new()
        }
        Some((id, _)) => id.to_string(),
        None => String::new(),
    };
    let number = |key: &str, min: u32, max: u32, diagnostics: &mut Vec<Diagnostic>| -> u32 {
        match header.text(key) {
            Some((v, at)) => match v.parse::<u32>() {
                Ok(n) if (min..=max).contains(&n) => n,
                _ if !v.is_empty() => {
                    diagnostics.push(Diagnostic::error(
                        at,
                        format!("`{key}` must be a whole number from {min} to {max}, not `{v}`"),
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

    // --- Ids of scenes and endings (one namespace: `next:` may name either) ------
    let mut targets: HashMap<&str, (Target, Position)> = HashMap::new();
    let (mut scene_count, mut ending_count) = (0usize, 0usize);
    for section in &raw.sections {
        if section.id.is_empty() {
            continue; // a broken `==` line, already reported
        }
        let kind = match section.kind {
            SectionKind::Scene => "scene",
            SectionKind::Ending => "ending",
        };
        if !is_valid_id(&section.id) {
            diagnostics.push(Diagnostic::error(section.id_at, id_rule(kind, &section.id)));
        }
        let target = match section.kind {
            SectionKind::Scene => {
                scene_count += 1;
                Target::Scene(SceneIndex(scene_count - 1))
            }
            SectionKind::Ending => {
                ending_count += 1;
                Target::Ending(EndingIndex(ending_count - 1))
            }
        };
        if let Some((_, first)) = targets.get(section.id.as_str()) {
            diagnostics.push(Diagnostic::error(
                section.id_at,
                format!(
                    "duplicate id `{}`: already used on line {}; scenes and endings share one set of ids",
                    section.id, first.line
                ),
            ));
        } else {
            targets.insert(section.id.as_str(), (target, section.id_at));
        }
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

    let start = match header.text("start") {
        Some((name, at)) => match targets.get(name) {
            Some((Target::Scene(index), _)) => Some(*index),
            Some((Target::Ending(_), _)) => {
                diagnostics.push(Diagnostic::error(
                    at,
                    format!("`start` names the ending `{name}`; it must name a scene"),
                ));
                None
            }
            None if name.is_empty() => None,
            None => {
                diagnostics.push(Diagnostic::error(
                    at,
                    format!("`start` names `{name}`, but no scene has that id"),
                ));
                None
            }
        },
        None => None,
    };

    // --- Scenes and endings ------------------------------------------------------
    let mut scenes = Vec::new();
    let mut endings = Vec::new();
    for section in &raw.sections {
        if section.id.is_empty() {
            continue;
        }
        let title = section_text(section, "title", diagnostics);
        let body = blocks(section, diagnostics);
        match section.kind {
            SectionKind::Scene => {
                let choices = section_choices(section, &targets, diagnostics);
                scenes.push(Scene {
                    id: SceneId::new(&section.id),
                    title,
                    body,
                    choices,
                });
            }
            SectionKind::Ending => {
                if let Some(first) = section.choices.first() {
                    diagnostics.push(Diagnostic::error(
                        first.at,
                        format!(
                            "the ending `{}` has a choice; endings end the scenario, so move the \
                             choice into a scene",
                            section.id
                        ),
                    ));
                }
                let tone = match section.entries.iter().find(|e| e.key == "tone") {
                    Some(e) => match e.value.as_str() {
                        "good" => Tone::Good,
                        "mixed" => Tone::Mixed,
                        "poor" => Tone::Poor,
                        other => {
                            diagnostics.push(Diagnostic::error(
                                e.value_at,
                                format!("`tone` must be `good`, `mixed` or `poor`, not `{other}`"),
                            ));
                            Tone::Mixed
                        }
                    },
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
                endings.push(Ending {
                    id: EndingId::new(&section.id),
                    title,
                    tone,
                    body,
                });
            }
        }
    }

    let has_errors = diagnostics
        .iter()
        .any(|d| d.severity == super::diagnostic::Severity::Error);
    let start = start?;
    if has_errors {
        return None;
    }

    let scenario = Scenario {
        id: ScenarioId::new(id),
        title: text("title"),
        version,
        content_hash: ContentHash::of(source),
        department: text("department"),
        role: header.text("role").map(|(v, _)| v.to_string()),
        counterpart: text("counterpart"),
        minutes,
        pass_threshold,
        briefing: Briefing {
            company: text("company"),
            strategy: text("strategy"),
            strategy_summary: text("strategy-summary"),
            mandate: text("mandate"),
            counterpart_brief: text("counterpart-brief"),
            stakes: text("stakes"),
            objectives: header
                .values
                .get("objective")
                .map(|v| v.iter().map(|(t, _)| t.to_string()).collect())
                .unwrap_or_default(),
        },
        scenes,
        endings,
        start,
    };
    check_graph(&scenario, raw, diagnostics);
    Some(scenario)
}

fn section_text(section: &RawSection, key: &str, diagnostics: &mut Vec<Diagnostic>) -> String {
    let mut found = section.entries.iter().filter(|e| e.key == key);
    let value = match found.next() {
        Some(e) if e.value.trim().is_empty() => {
            diagnostics.push(Diagnostic::error(
                e.value_at,
                format!("`{key}` is empty; write its text after the colon"),
            ));
            String::new()
        }
        Some(e) => e.value.clone(),
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
            extra.key_at,
            format!("`{key}` is given twice in `{}`; keep one", section.id),
        ));
    }
    value
}

fn blocks(section: &RawSection, diagnostics: &mut Vec<Diagnostic>) -> Vec<Block> {
    let mut out = Vec::new();
    for block in &section.body {
        match block {
            RawBlock::Paragraph(text, _) => out.push(Block::Paragraph(text.clone())),
            RawBlock::Speech(text, at) if text.is_empty() => diagnostics.push(Diagnostic::error(
                *at,
                "empty `>` line; write the counterpart's words after `>`",
            )),
            RawBlock::Speech(text, _) => out.push(Block::Speech(text.clone())),
        }
    }
    if out.is_empty() {
        diagnostics.push(Diagnostic::error(
            section.id_at,
            format!(
                "`{}` has no text; write what happens (plain lines) and what the counterpart says (`>` lines)",
                section.id
            ),
        ));
    }
    out
}

fn section_choices(
    section: &RawSection,
    targets: &HashMap<&str, (Target, Position)>,
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
    let mut seen: HashMap<String, Position> = HashMap::new();
    let mut out = Vec::new();
    for (n, raw) in section.choices.iter().enumerate() {
        if let Some(choice) = choice(section, n, raw, targets, &mut seen, diagnostics) {
            out.push(choice);
        }
    }
    out
}

fn choice(
    section: &RawSection,
    n: usize,
    raw: &RawChoice,
    targets: &HashMap<&str, (Target, Position)>,
    seen: &mut HashMap<String, Position>,
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
    let field = |key: &str, diagnostics: &mut Vec<Diagnostic>| -> Option<(&str, Position)> {
        let mut found = raw.entries.iter().filter(|e| e.key == key);
        let first = found.next();
        for extra in found {
            diagnostics.push(Diagnostic::error(
                extra.key_at,
                format!("`{key}` is given twice in this choice; keep one"),
            ));
        }
        first.map(|e| (e.value.as_str(), e.value_at))
    };
    let id = match field("id", diagnostics) {
        Some((id, at)) => {
            if !is_valid_id(id) {
                diagnostics.push(Diagnostic::error(at, id_rule("choice", id)));
                ok = false;
            }
            (id.to_string(), at)
        }
        None => (((b'a' + (n as u8).min(25)) as char).to_string(), raw.at),
    };
    let align = field("align", diagnostics);
    let why = field("why", diagnostics);
    let result = field("result", diagnostics);
    let next = field("next", diagnostics);

    if let Some(first) = seen.get(&id.0) {
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
        seen.insert(id.0.clone(), id.1);
    }

    let mut required =
        |name: &str, value: Option<(&str, Position)>, hint: &str| -> Option<(String, Position)> {
            match value {
                Some((v, at)) if v.trim().is_empty() => {
                    diagnostics.push(Diagnostic::error(at, format!("`{name}` is empty; {hint}")));
                    None
                }
                Some((v, at)) => Some((v.to_string(), at)),
                None => {
                    diagnostics.push(Diagnostic::error(
                        raw.at,
                        format!("this choice has no `{name}:`; {hint}"),
                    ));
                    None
                }
            }
        };
    let align = required(
        "align",
        align,
        "give its alignment with the corporate strategy, from -2 to +2",
    );
    let why = required(
        "why",
        why,
        "explain in a sentence or two why it serves or hurts the strategy",
    );
    let result = required("result", result, "say what the choice caused at the table");
    let next = required("next", next, "name the scene or ending it leads to");

    let alignment = align.and_then(|(v, at)| {
        let parsed = v.strip_prefix('+').unwrap_or(&v).parse::<i8>().ok();
        match parsed.and_then(Alignment::new) {
            Some(a) => Some(a),
            None => {
                diagnostics.push(Diagnostic::error(
                    at,
                    format!("`align` must be a whole number from -2 to +2, not `{v}`"),
                ));
                None
            }
        }
    });
    let target = next.and_then(|(name, at)| match targets.get(name.as_str()) {
        Some((target, _)) => Some(*target),
        None => {
            diagnostics.push(Diagnostic::error(
                at,
                format!("`next` names `{name}`, but no scene or ending has that id"),
            ));
            None
        }
    });

    if !ok {
        return None;
    }
    Some(Choice {
        id: ChoiceId::new(id.0),
        label: raw.label.clone(),
        alignment: alignment?,
        why: why?.0,
        result: result?.0,
        next: target?,
    })
}

/// Reachability and loops, on a scenario whose references all resolve.
fn check_graph(scenario: &Scenario, raw: &RawScenario, diagnostics: &mut Vec<Diagnostic>) {
    let n = scenario.scenes.len();
    let mut scene_seen = vec![false; n];
    let mut ending_seen = vec![false; scenario.endings.len()];
    let mut stack = vec![scenario.start];
    scene_seen[scenario.start.0] = true;
    while let Some(at) = stack.pop() {
        for choice in &scenario.scene(at).choices {
            match choice.next {
                Target::Scene(s) if !scene_seen[s.0] => {
                    scene_seen[s.0] = true;
                    stack.push(s);
                }
                Target::Ending(e) => ending_seen[e.0] = true,
                Target::Scene(_) => {}
            }
        }
    }
    let position_of = |id: &str| {
        raw.sections
            .iter()
            .find(|s| s.id == id)
            .map(|s| s.id_at)
            .unwrap_or_default()
    };
    for (i, scene) in scenario.scenes.iter().enumerate() {
        if !scene_seen[i] {
            diagnostics.push(Diagnostic::warning(
                position_of(scene.id.as_str()),
                format!(
                    "the scene `{}` is never reached from `start`; point a choice's `next:` at it or remove it",
                    scene.id
                ),
            ));
        }
    }
    for (i, ending) in scenario.endings.iter().enumerate() {
        if !ending_seen[i] {
            diagnostics.push(Diagnostic::warning(
                position_of(ending.id.as_str()),
                format!(
                    "the ending `{}` is never reached; point a choice's `next:` at it or remove it",
                    ending.id
                ),
            ));
        }
    }

    // Loops: colour-marking depth-first search from the start, iterative.
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Active,
        Done,
    }
    let mut mark = vec![Mark::New; n];
    let mut path: Vec<(usize, usize)> = vec![(scenario.start.0, 0)];
    mark[scenario.start.0] = Mark::Active;
    while let Some(&mut (scene, ref mut next_choice)) = path.last_mut() {
        let choices = &scenario.scenes[scene].choices;
        if *next_choice >= choices.len() {
            mark[scene] = Mark::Done;
            path.pop();
            continue;
        }
        let choice = &choices[*next_choice];
        *next_choice += 1;
        if let Target::Scene(to) = choice.next {
            match mark[to.0] {
                Mark::New => {
                    mark[to.0] = Mark::Active;
                    path.push((to.0, 0));
                }
                Mark::Active => {
                    let from = path.iter().position(|(s, _)| *s == to.0).unwrap_or(0);
                    let mut names: Vec<&str> = path[from..]
                        .iter()
                        .map(|(s, _)| scenario.scenes[*s].id.as_str())
                        .collect();
                    names.push(scenario.scenes[to.0].id.as_str());
                    diagnostics.push(Diagnostic::error(
                        position_of(scenario.scenes[scene].id.as_str()),
                        format!(
                            "loop: {}; this version of the format needs every path to move on to an \
                             ending, so point one of these `next:` lines elsewhere",
                            names.join(" → ")
                        ),
                    ));
                }
                Mark::Done => {}
            }
        }
    }
}
