//! The authors' command-line tool, run as a process: exit codes and exact output.
#![cfg(not(target_arch = "wasm32"))]

use std::process::{Command, Output};

fn cli(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mandate-cli"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("mandate-cli runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn check_passes_valid_files_and_counts_what_it_saw() {
    let out = cli(&[
        "check",
        "tests/fixtures/mini.mandate",
        "tests/fixtures/negotiation-state.mandate",
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        text(&out.stdout),
        "tests/fixtures/mini.mandate: ok: 3 scenes, 2 endings, 1 strategy, 2–3 decisions per path, 0 warning(s)\n\
         tests/fixtures/negotiation-state.mandate: ok: 3 scenes, 2 endings, 2 strategies, 2–5 decisions per path, 0 warning(s)\n"
    );
}

#[test]
fn check_reports_every_problem_compiler_style_and_fails() {
    let dir = std::env::temp_dir().join(format!("mandate-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("broken.mandate");
    let source = include_str!("fixtures/mini.mandate")
        .replacen("pass: 60", "pass: 160", 1)
        .replacen(
            "  next: warm\n\n== scene cold",
            "  next: warmm\n\n== scene cold",
            1,
        );
    std::fs::write(&file, &source).unwrap();
    let path = file.to_str().unwrap();
    let out = cli(&["check", path]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "");
    assert_eq!(
        text(&out.stderr),
        format!(
            "{path}:8:7: error: `pass` must be a whole number from 0 to 100, not `160`\n\
             {path}:42:9: error: `next` names `warmm`, but no scene or ending has that id\n\
             {path}: 2 error(s)\n"
        )
    );
    let missing = cli(&["check", "no/such/file.mandate"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        text(&missing.stderr).starts_with("no/such/file.mandate: error: cannot read the file: ")
    );
}

#[test]
fn analyse_reports_each_strategy() {
    let out = cli(&["analyse", "tests/fixtures/mini.mandate"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        text(&out.stdout),
        "tests/fixtures/mini.mandate: Mini negotiation (version 3)
  3 scenes, 2 endings, 1 strategy, 0 state variable(s); 3 reachable states

Under `technology-leadership` (Technology leadership through product innovation):
  complete paths: 7 (2–3 decisions)
  best total +4 (score 100): open:roadmap → warm:a
  worst total -3 (score 0): open:squeeze → cold:a
  playing time along the best path: about 1 minute (110 words at 200 a minute, 2 decisions at 20 s; the header says 5)
  endings:
    partner                      good   scores 29–100
    lost                         poor   scores 0–57
  lint: no path with a misaligned choice outscores the best fully aligned path
"
    );
}

#[test]
fn analyse_json_is_machine_readable() {
    let out = cli(&[
        "analyse",
        "--json",
        "tests/fixtures/negotiation-state.mandate",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["scenario"], "state-demo");
    assert_eq!(doc["states"], 17);
    let cost = &doc["strategies"][1];
    assert_eq!(cost["strategy"], "cost-leadership");
    assert_eq!(
        (cost["best"].as_i64(), cost["worst"].as_i64()),
        (Some(3), Some(-2))
    );
    assert_eq!(
        cost["bestPath"],
        serde_json::json!(["pitch:discount", "haggle:close"])
    );
    assert_eq!(cost["paths"], "9");
    assert_eq!(cost["endings"][1]["scores"], serde_json::json!([0, 0]));
}

#[test]
fn graph_draws_dot_and_mermaid() {
    let dot = text(&cli(&["graph", "tests/fixtures/mini.mandate"]).stdout);
    assert!(dot.starts_with("digraph \"mini\" {\n"));
    assert!(dot.contains("  s0 -> s1 [label=\"squeeze -2\"];\n"));
    assert!(dot.contains("  s2 -> e1 [label=\"c -1\"];\n"));
    assert_eq!(dot.matches(" -> ").count(), 7);
    let mermaid = text(
        &cli(&[
            "graph",
            "--mermaid",
            "tests/fixtures/negotiation-state.mandate",
        ])
        .stdout,
    );
    assert!(mermaid.starts_with("flowchart TD\n"));
    assert!(
        mermaid.contains("  s1 -->|\"close +1/+1 if trust >= 2\"| s2\n"),
        "{mermaid}"
    );
    assert!(mermaid.contains("  s1 -->|\"again +0/+0\"| s1\n"));
}

#[test]
fn paths_lists_every_complete_path_with_its_score() {
    let out = cli(&["paths", "tests/fixtures/mini.mandate"]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let scores: Vec<i64> = doc["paths"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["score"].as_i64().unwrap())
        .collect();
    assert_eq!(scores, [0, 57, 29, 14, 100, 71, 57]);
}

#[test]
fn bad_usage_prints_the_usage_and_exits_2() {
    let out = cli(&[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).starts_with("usage: mandate-cli check FILE..."));
}
