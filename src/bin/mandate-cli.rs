//! Command-line tools for scenario authors.
//!
//! ```text
//! mandate-cli check FILE...            every problem, compiler style; exit 1 on errors
//! mandate-cli analyse [--json] FILE    best/worst paths, endings, path counts per strategy
//! mandate-cli graph [--mermaid] FILE   the scene graph as Graphviz DOT (or Mermaid)
//! mandate-cli paths FILE               every complete path as JSON, with its ending and score
//! mandate-cli package [OPTIONS]        LMS packages (SCORM 1.2, SCORM 2004, cmi5) from dist/
//! mandate-cli qr [OPTIONS] TEXT        TEXT as a QR code: an SVG on stdout
//! ```
//!
//! `package` options: `--standard scorm12|scorm2004|cmi5|all` (repeatable, default all),
//! `--course` (one package with every chosen scenario instead of one per scenario),
//! `--case ID` (repeatable, default every built-in scenario), `--dist DIR` (default `dist`),
//! `--out DIR` (default `packages`), `--id-base IRI` (cmi5 ids, default `urn:mandate:`).
//!
//! `qr` options: `--ecl L|M|Q|H` (the lowest error-correction level, default M; raised
//! while the text still fits the same version), `--exact` (keep exactly that level),
//! `--label TEXT` (the SVG's accessible name, default `QR code`); `--` before a text that
//! starts with dashes. The SVG is the one the app draws (`core::qr`); stderr gets one
//! line: version, size, level, mask and mode.

use std::io::Write;
use std::process::ExitCode;

use mandate::core::analysis::Analysis;
use mandate::core::engine::{PathsError, Playthrough, Position, all_paths};
#[cfg(not(target_arch = "wasm32"))]
use mandate::core::package::{PackageItem, PackageKind};
use mandate::core::qr::{Ecl, QrCode, SvgOptions};
use mandate::core::scenario::{self, Loaded, Scenario, Target, Tone};
use mandate::core::scoring::percent_between;

const USAGE: &str = "usage: mandate-cli check FILE...
       mandate-cli analyse [--json] FILE
       mandate-cli graph [--mermaid] FILE
       mandate-cli paths FILE
       mandate-cli package [--standard scorm12|scorm2004|cmi5|all]... [--course] [--case ID]...
                           [--dist DIR] [--out DIR] [--id-base IRI]
       mandate-cli qr [--ecl L|M|Q|H] [--exact] [--label TEXT] [--] TEXT";

/// Most paths `paths` lists before giving up.
const PATH_LIMIT: usize = 100_000;

fn out(text: &str) {
    // A closed pipe (`| head`) is not an error worth a panic.
    let _ = writeln!(std::io::stdout(), "{text}");
}

fn read(file: &str) -> Result<String, String> {
    std::fs::read_to_string(file).map_err(|e| format!("{file}: error: cannot read the file: {e}"))
}

/// Reads and loads `file`, printing problems to stderr.
fn load(file: &str) -> Option<(Loaded, Analysis)> {
    let source = match read(file) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return None;
        }
    };
    match scenario::load_analysed(file, &source) {
        Ok(loaded) => {
            for w in &loaded.0.warnings {
                eprintln!("{}", w.render(file));
            }
            Some(loaded)
        }
        Err(errors) => {
            for d in &errors.diagnostics {
                eprintln!("{}", d.render(file));
            }
            eprintln!("{file}: {} error(s)", errors.error_count());
            None
        }
    }
}

fn decisions((short, long): (Option<u32>, Option<u32>)) -> String {
    mandate::core::analysis::describe_decisions(short, long)
}

/// "1 strategy", "3 strategies".
fn strategies(count: usize) -> String {
    format!("{count} strateg{}", if count == 1 { "y" } else { "ies" })
}

fn check(files: &[String]) -> ExitCode {
    let mut failed = false;
    for file in files {
        match load(file) {
            Some((loaded, analysis)) => {
                let s = &loaded.scenario;
                let (short, long) = analysis.path_lengths();
                out(&format!(
                    "{file}: ok: {} scenes, {} endings, {}, {} per path, {} warning(s)",
                    s.scenes().len(),
                    s.endings().len(),
                    strategies(s.strategies.len()),
                    decisions((Some(short), long)),
                    loaded.warnings.len()
                ));
            }
            None => failed = true,
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// `scene:choice → scene:choice …` for a list of choice ids played from the start.
fn describe_path(
    s: &Scenario,
    strategy: mandate::core::scenario::StrategyIndex,
    ids: &[String],
) -> Vec<String> {
    let p = match Playthrough::replay(s, strategy, ids) {
        Ok(p) => p,
        Err(stopped) => stopped.kept,
    };
    p.steps()
        .iter()
        .map(|step| format!("{}:{}", step.scene(s).id, step.choice(s).id))
        .collect()
}

/// Words a learner reads along a path: the briefing (company, strategy, mandate,
/// counterpart, stakes, objectives), each scene's text with every option offered, the
/// chosen option's feedback, and the ending with its verdict and the takeaways.
fn words_along(s: &Scenario, p: &Playthrough) -> usize {
    let count = |t: &str| t.split_whitespace().count();
    let blocks = |b: &[mandate::core::scenario::Block]| -> usize {
        b.iter()
            .map(|b| match b {
                mandate::core::scenario::Block::Paragraph(t)
                | mandate::core::scenario::Block::Speech(t) => count(t),
            })
            .sum()
    };
    let strategy = p.strategy();
    let b = &s.briefing;
    let mut words = count(&b.company)
        + blocks(&s.strategy(strategy).summary)
        + count(s.mandate(strategy))
        + count(&b.counterpart_brief)
        + count(&b.stakes)
        + b.objectives.iter().map(|o| count(o)).sum::<usize>();
    for (step, cursor) in p.taken() {
        let scene = step.scene(s);
        words += count(&scene.title) + blocks(&scene.body);
        words += cursor
            .available(s)
            .iter()
            .map(|&i| count(&scene.choices[i].label))
            .sum::<usize>();
        let choice = step.choice(s);
        words += count(choice.why(cursor.strategy)) + count(&choice.result);
    }
    if let Position::Ended(e) = p.cursor().position {
        let ending = s.ending(e);
        words += count(&ending.title) + blocks(&ending.body);
        words += ending.verdict(p.cursor().strategy).map_or(0, count);
    }
    words + s.takeaways.iter().map(|t| count(t)).sum::<usize>()
}

/// Minutes to play a path: its words at 200 a minute, and 20 seconds per decision.
fn reading_minutes(s: &Scenario, p: &Playthrough) -> f64 {
    words_along(s, p) as f64 / 200.0 + p.steps().len() as f64 * 20.0 / 60.0
}

fn analyse(file: &str, json: bool) -> ExitCode {
    let Some((loaded, analysis)) = load(file) else {
        return ExitCode::FAILURE;
    };
    let s = &loaded.scenario;
    let score = |raw: Option<i32>, r: &mandate::core::analysis::StrategyReport| match (
        raw, r.best, r.worst,
    ) {
        (Some(x), Some(b), Some(w)) => Some(percent_between(x, w, b)),
        _ => None,
    };
    if json {
        let reports: Vec<serde_json::Value> = analysis
            .reports
            .iter()
            .map(|r| {
                let strategy = s.strategy(r.strategy);
                serde_json::json!({
                    "strategy": strategy.id.as_str(),
                    "name": strategy.name,
                    "best": r.best,
                    "worst": r.worst,
                    "bestPath": describe_path(s, r.strategy, &r.best_path),
                    "bestPathMinutes": Playthrough::replay(s, r.strategy, &r.best_path)
                        .ok()
                        .map(|p| (reading_minutes(s, &p) * 10.0).round() / 10.0),
                    "worstPath": describe_path(s, r.strategy, &r.worst_path),
                    "paths": r.paths.map(|p| p.to_string()),
                    "shortest": r.shortest,
                    "longest": r.longest,
                    "endings": s.endings().zip(&r.endings).map(|((_, e), range)| serde_json::json!({
                        "ending": e.id.as_str(),
                        "tone": e.tone(r.strategy).slug(),
                        "reachable": range.is_some(),
                        "scores": range.map(|(lo, hi)| [lo, hi]),
                    })).collect::<Vec<_>>(),
                    "misalignedOutscoresAligned": r.misaligned_outscores.map(|(m, a)| serde_json::json!({
                        "misalignedBest": m, "alignedBest": a,
                    })),
                })
            })
            .collect();
        let doc = serde_json::json!({
            "file": file,
            "scenario": s.id.as_str(),
            "title": s.title,
            "version": s.version,
            "scenes": s.scenes().len(),
            "endings": s.endings().len(),
            "states": analysis.state_count(),
            "warnings": loaded.warnings.iter().map(|w| w.render(file)).collect::<Vec<_>>(),
            "strategies": reports,
        });
        out(&serde_json::to_string_pretty(&doc).unwrap_or_default());
        return ExitCode::SUCCESS;
    }
    out(&format!("{file}: {} (version {})", s.title, s.version));
    out(&format!(
        "  {} scenes, {} endings, {}, {} state variable(s); {} reachable states",
        s.scenes().len(),
        s.endings().len(),
        strategies(s.strategies.len()),
        s.variables.len(),
        analysis.state_count()
    ));
    for r in &analysis.reports {
        let strategy = s.strategy(r.strategy);
        out("");
        out(&format!("Under `{}` ({}):", strategy.id, strategy.name));
        out(&format!(
            "  complete paths: {} ({})",
            r.paths
                .map(|p| p.to_string())
                .unwrap_or_else(|| "infinitely many (loops)".to_string()),
            decisions((r.shortest, r.longest))
        ));
        for (label, total, path) in [
            ("best", r.best, &r.best_path),
            ("worst", r.worst, &r.worst_path),
        ] {
            match total {
                Some(t) => out(&format!(
                    "  {label} total {t:+} (score {}): {}",
                    score(Some(t), r).unwrap_or(0),
                    describe_path(s, r.strategy, path).join(" → ")
                )),
                None => out(&format!(
                    "  {label} total: unbounded (a loop changes the score)"
                )),
            }
        }
        if let Ok(best) = Playthrough::replay(s, r.strategy, &r.best_path) {
            let minutes = reading_minutes(s, &best).round().max(1.0);
            out(&format!(
                "  playing time along the best path: about {minutes:.0} minute{} ({} words at \
                 200 a minute, {} decisions at 20 s; the header says {})",
                if minutes == 1.0 { "" } else { "s" },
                words_along(s, &best),
                best.steps().len(),
                s.minutes
            ));
        }
        out("  endings:");
        for ((_, e), range) in s.endings().zip(&r.endings) {
            // The tone the author gave the ending for this strategy.
            let tone = e.tone(r.strategy).slug();
            match range {
                Some((lo, hi)) => out(&format!(
                    "    {:<28} {tone:<6} scores {lo}–{hi}",
                    e.id.as_str()
                )),
                None => out(&format!("    {:<28} {tone:<6} not reached", e.id.as_str())),
            }
        }
        match r.misaligned_outscores {
            Some((m, a)) => out(&format!(
                "  lint: a path with a misaligned choice scores {m}, above the best fully aligned path ({})",
                a.map(|a| a.to_string())
                    .unwrap_or_else(|| "none exists".to_string())
            )),
            None => out(
                "  lint: no path with a misaligned choice outscores the best fully aligned path",
            ),
        }
    }
    ExitCode::SUCCESS
}

/// Escapes text for a double-quoted DOT or Mermaid label.
fn label(text: &str, mermaid: bool) -> String {
    let short: String = if text.chars().count() > 40 {
        format!("{}…", text.chars().take(39).collect::<String>())
    } else {
        text.to_string()
    };
    if mermaid {
        short.replace('"', "#quot;")
    } else {
        short.replace('\\', "\\\\").replace('"', "\\\"")
    }
}

fn graph(file: &str, mermaid: bool) -> ExitCode {
    let Some((loaded, _)) = load(file) else {
        return ExitCode::FAILURE;
    };
    let s = &loaded.scenario;
    let scene_node = |i: usize| format!("s{i}");
    let ending_node = |i: usize| format!("e{i}");
    let target_node = |t: Target| match t {
        Target::Scene(i) => scene_node(s.scenes().position(|(j, _)| j == i).unwrap_or(0)),
        Target::Ending(i) => ending_node(s.endings().position(|(j, _)| j == i).unwrap_or(0)),
    };
    let mut lines = Vec::new();
    if mermaid {
        lines.push("flowchart TD".to_string());
    } else {
        lines.push(format!("digraph \"{}\" {{", label(s.id.as_str(), false)));
        lines.push("  rankdir=TB;".to_string());
        lines.push("  node [shape=box, style=rounded, fontname=\"Helvetica\"];".to_string());
    }
    for (n, (_, scene)) in s.scenes().enumerate() {
        let text = format!("{}: {}", scene.id, scene.title);
        if mermaid {
            lines.push(format!("  {}[\"{}\"]", scene_node(n), label(&text, true)));
        } else {
            lines.push(format!(
                "  {} [label=\"{}\"];",
                scene_node(n),
                label(&text, false)
            ));
        }
    }
    for (n, (_, ending)) in s.endings().enumerate() {
        let text = format!("{} ({})", ending.title, ending.tone.slug());
        if mermaid {
            lines.push(format!(
                "  {}([\"{}\"])",
                ending_node(n),
                label(&text, true)
            ));
        } else {
            lines.push(format!(
                "  {} [label=\"{}\", shape=ellipse, style=\"filled\", fillcolor=\"{}\"];",
                ending_node(n),
                label(&text, false),
                match ending.tone {
                    Tone::Good => "#e3f1e8",
                    Tone::Mixed => "#eceef1",
                    Tone::Poor => "#f7e3e2",
                }
            ));
        }
    }
    for (n, (_, scene)) in s.scenes().enumerate() {
        for choice in &scene.choices {
            let aligns: Vec<String> = choice
                .alignments
                .iter()
                .map(|a| format!("{:+}", a.value()))
                .collect();
            for branch in &choice.next {
                let mut text = format!("{} {}", choice.id, aligns.join("/"));
                if !branch.condition.is_always() {
                    text.push_str(&format!(" if {}", branch.condition.describe(s)));
                }
                if mermaid {
                    lines.push(format!(
                        "  {} -->|\"{}\"| {}",
                        scene_node(n),
                        label(&text, true),
                        target_node(branch.target)
                    ));
                } else {
                    lines.push(format!(
                        "  {} -> {} [label=\"{}\"];",
                        scene_node(n),
                        target_node(branch.target),
                        label(&text, false)
                    ));
                }
            }
        }
    }
    if !mermaid {
        lines.push("}".to_string());
    }
    out(&lines.join("\n"));
    ExitCode::SUCCESS
}

fn paths(file: &str) -> ExitCode {
    let Some((loaded, analysis)) = load(file) else {
        return ExitCode::FAILURE;
    };
    let s = &loaded.scenario;
    let mut by_strategy = Vec::new();
    for strategy in s.strategy_indices() {
        let list = match all_paths(s, strategy, PATH_LIMIT) {
            Ok(list) => list,
            Err(PathsError::Infinite) => {
                eprintln!(
                    "{file}: error: a loop allows infinitely many paths; `analyse` counts them instead"
                );
                return ExitCode::FAILURE;
            }
            Err(PathsError::TooMany(n)) => {
                eprintln!(
                    "{file}: error: more than {n} complete paths; `analyse` counts them instead"
                );
                return ExitCode::FAILURE;
            }
        };
        let paths: Vec<serde_json::Value> = list
            .iter()
            .map(|p| {
                let card = analysis.score(s, p);
                let ending = match p.position(s) {
                    Position::Ended(e) => s.ending(e).id.to_string(),
                    Position::Decision(_) => String::new(),
                };
                serde_json::json!({
                    "decisions": p.taken().map(|(step, cursor)| serde_json::json!({
                        "scene": step.scene(s).id.as_str(),
                        "sceneTitle": step.scene(s).title,
                        "choice": step.choice(s).id.as_str(),
                        "label": step.choice(s).label,
                        "align": step.choice(s).alignment(cursor.strategy).value(),
                        "strategy": s.strategy(cursor.strategy).id.as_str(),
                    })).collect::<Vec<_>>(),
                    "ending": ending,
                    "raw": card.raw,
                    "score": card.score,
                    "passed": card.passed,
                })
            })
            .collect();
        by_strategy.push(serde_json::json!({
            "strategy": s.strategy(strategy).id.as_str(),
            "best": analysis.best_total(strategy),
            "worst": analysis.worst_total(strategy),
            "paths": paths,
        }));
    }
    // The default strategy's paths also sit at the top level, for simple consumers.
    let first = by_strategy.first().cloned().unwrap_or_default();
    let doc = serde_json::json!({
        "scenario": s.id.as_str(),
        "title": s.title,
        "pass": s.pass_threshold,
        "best": first["best"],
        "worst": first["worst"],
        "paths": first["paths"],
        "strategies": by_strategy,
    });
    out(&serde_json::to_string_pretty(&doc).unwrap_or_default());
    ExitCode::SUCCESS
}

/// `package`'s arguments, or the message for a usage error.
#[cfg(not(target_arch = "wasm32"))]
fn package_options(args: &[String]) -> Result<mandate::packaging::Options, String> {
    let mut options = mandate::packaging::Options::default();
    let mut kinds: Vec<PackageKind> = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => (flag, Some(value.to_string())),
            _ => (arg.as_str(), None),
        };
        if flag == "--course" && inline.is_none() {
            options.course = true;
            continue;
        }
        if !matches!(
            flag,
            "--standard" | "--case" | "--dist" | "--out" | "--id-base"
        ) {
            return Err(format!("unknown option `{arg}`"));
        }
        let Some(value) = inline.or_else(|| args.next().cloned()) else {
            return Err(format!("`{flag}` needs a value"));
        };
        match flag {
            "--standard" if value == "all" => kinds.extend(PackageKind::ALL),
            "--standard" => match PackageKind::from_slug(&value) {
                Some(kind) => kinds.push(kind),
                None => {
                    return Err(format!(
                        "unknown standard `{value}`; use scorm12, scorm2004, cmi5 or all"
                    ));
                }
            },
            "--case" => options.cases.push(value),
            "--dist" => options.dist = value.into(),
            "--out" => options.out = value.into(),
            _ => options.id_base = value,
        }
    }
    if !kinds.is_empty() {
        kinds.sort();
        kinds.dedup();
        options.kinds = kinds;
    }
    Ok(options)
}

/// Builds the LMS packages (native only: the zip writer is not part of the wasm build).
#[cfg(not(target_arch = "wasm32"))]
fn package(args: &[String]) -> ExitCode {
    let options = match package_options(args) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("mandate-cli package: error: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let catalogue: Vec<PackageItem> = match mandate::core::builtin::load_all() {
        Ok(entries) => entries
            .iter()
            .map(|e| PackageItem::of(&e.scenario))
            .collect(),
        Err(errors) => {
            eprintln!(
                "mandate-cli package: error: {} built-in scenario(s) do not load; run `mandate-cli check scenarios/*.mandate`",
                errors.len()
            );
            return ExitCode::FAILURE;
        }
    };
    let report = |b: &mandate::packaging::Built| {
        let items: Vec<String> = b
            .items
            .iter()
            .map(|i| format!("{} (pass {})", i.id, i.pass_threshold))
            .collect();
        out(&format!(
            "{}  {} KB  {}: {}",
            b.path.display(),
            b.bytes.div_ceil(1024),
            b.kind.name(),
            items.join(", ")
        ));
    };
    match mandate::packaging::build(&options, &catalogue, report) {
        Ok(_) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("mandate-cli package: error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `qr`'s arguments: the text, the level, whether it is exact, and the SVG's label.
struct QrArgs {
    text: String,
    ecl: Ecl,
    exact: bool,
    label: String,
}

/// `qr`'s arguments, or the message for a usage error.
fn qr_args(args: &[String]) -> Result<QrArgs, String> {
    let mut parsed = QrArgs {
        text: String::new(),
        ecl: Ecl::M,
        exact: false,
        label: "QR code".to_string(),
    };
    let mut text = None;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        if arg == "--" {
            // Everything after `--` is the text, even if it starts with dashes.
            if text.is_some() || args.len() != 1 {
                return Err("give the text as one argument (quote it)".to_string());
            }
            text = args.next().cloned();
            break;
        }
        if !arg.starts_with("--") {
            if text.is_some() {
                return Err("give the text as one argument (quote it)".to_string());
            }
            text = Some(arg.clone());
            continue;
        }
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) => (flag, Some(value.to_string())),
            None => (arg.as_str(), None),
        };
        if flag == "--exact" && inline.is_none() {
            parsed.exact = true;
            continue;
        }
        if !matches!(flag, "--ecl" | "--label") {
            return Err(format!("unknown option `{arg}`"));
        }
        let Some(value) = inline.or_else(|| args.next().cloned()) else {
            return Err(format!("`{flag}` needs a value"));
        };
        if flag == "--label" {
            parsed.label = value;
        } else {
            parsed.ecl = Ecl::from_letter(&value)
                .ok_or_else(|| format!("unknown level `{value}`; use L, M, Q or H"))?;
        }
    }
    parsed.text = text.ok_or("no text to encode")?;
    Ok(parsed)
}

/// `qr`: the text as a QR code, printed as SVG; a summary on stderr.
fn qr(args: &[String]) -> ExitCode {
    let args = match qr_args(args) {
        Ok(args) => args,
        Err(message) => {
            eprintln!("mandate-cli qr: error: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let encoded = if args.exact {
        QrCode::encode_exact(&args.text, args.ecl)
    } else {
        QrCode::encode(&args.text, args.ecl)
    };
    match encoded {
        Ok(code) => {
            eprintln!(
                "version {}, {}×{} modules, level {}, mask {}, {} mode",
                code.version(),
                code.size(),
                code.size(),
                code.ecl(),
                code.mask(),
                code.mode()
            );
            out(&code.to_svg(&SvgOptions {
                label: &args.label,
                size: None,
            }));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("mandate-cli qr: error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let words: Vec<&str> = args.iter().map(String::as_str).collect();
    match words.as_slice() {
        ["check", files @ ..] if !files.is_empty() => check(&args[1..]),
        ["analyse" | "analyze", "--json", file] => analyse(file, true),
        ["analyse" | "analyze", file] => analyse(file, false),
        ["graph", "--mermaid", file] => graph(file, true),
        ["graph", "--dot", file] | ["graph", file] => graph(file, false),
        ["paths", file] => paths(file),
        #[cfg(not(target_arch = "wasm32"))]
        ["package", ..] => package(&args[1..]),
        ["qr", ..] => qr(&args[1..]),
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}
