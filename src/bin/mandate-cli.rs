//! Command-line tools for scenario authors.
//!
//! ```text
//! mandate-cli check FILE...   report every problem, compiler style; exit 1 on errors
//! mandate-cli paths FILE      every complete path as JSON, with its ending and score
//! ```

use std::io::Write;
use std::process::ExitCode;

use mandate::core::engine::{Position, all_paths};
use mandate::core::scenario::{self, Severity};
use mandate::core::scoring::Analysis;

const USAGE: &str = "usage: mandate-cli check FILE...\n       mandate-cli paths FILE";

fn read(file: &str) -> Result<String, String> {
    std::fs::read_to_string(file).map_err(|e| format!("{file}: error: cannot read the file: {e}"))
}

fn check(files: &[String]) -> ExitCode {
    let mut failed = false;
    for file in files {
        let source = match read(file) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("{e}");
                failed = true;
                continue;
            }
        };
        match scenario::load(file, &source) {
            Ok(loaded) => {
                for w in &loaded.warnings {
                    eprintln!("{}", w.render(file));
                }
                let analysis = Analysis::of(&loaded.scenario);
                let (lo, hi) = analysis.path_lengths();
                println!(
                    "{file}: ok: {} scenes, {} endings, {lo}–{hi} decisions per path, {} warning(s)",
                    loaded.scenario.scenes().len(),
                    loaded.scenario.endings().len(),
                    loaded.warnings.len()
                );
            }
            Err(errors) => {
                for d in &errors.diagnostics {
                    eprintln!("{}", d.render(file));
                }
                let count = errors
                    .diagnostics
                    .iter()
                    .filter(|d| d.severity == Severity::Error)
                    .count();
                eprintln!("{file}: {count} error(s)");
                failed = true;
            }
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn paths(file: &str) -> ExitCode {
    let source = match read(file) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let loaded = match scenario::load(file, &source) {
        Ok(l) => l,
        Err(errors) => {
            eprintln!("{errors}");
            return ExitCode::FAILURE;
        }
    };
    let s = &loaded.scenario;
    let analysis = Analysis::of(s);
    let paths: Vec<serde_json::Value> = all_paths(s)
        .iter()
        .map(|p| {
            let card = analysis.score(s, p);
            let ending = match p.position(s) {
                Position::Ended(e) => s.ending(e).id.to_string(),
                Position::Decision(_) => String::new(),
            };
            serde_json::json!({
                "decisions": p.steps().iter().map(|step| serde_json::json!({
                    "scene": step.scene(s).id.as_str(),
                    "sceneTitle": step.scene(s).title,
                    "choice": step.choice(s).id.as_str(),
                    "label": step.choice(s).label,
                    "align": step.choice(s).alignment.value(),
                })).collect::<Vec<_>>(),
                "ending": ending,
                "raw": card.raw,
                "score": card.score,
                "passed": card.passed,
            })
        })
        .collect();
    let out = serde_json::json!({
        "scenario": s.id.as_str(),
        "title": s.title,
        "pass": s.pass_threshold,
        "best": analysis.best_total(),
        "worst": analysis.worst_total(),
        "paths": paths,
    });
    let text = serde_json::to_string_pretty(&out).unwrap_or_default();
    // A closed pipe (`| head`) is not an error worth a panic.
    let _ = writeln!(std::io::stdout(), "{text}");
    ExitCode::SUCCESS
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.split_first() {
        Some((cmd, files)) if cmd == "check" && !files.is_empty() => check(files),
        Some((cmd, [file])) if cmd == "paths" => paths(file),
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}
