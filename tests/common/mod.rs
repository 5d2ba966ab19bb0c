//! Helpers shared by the tests that read the source tree (`architecture.rs`, `i18n.rs`) and
//! run the build's hooks (`language_pack.rs`, `scenario_pack.rs`).

// Each test binary uses some of these helpers, not all.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

/// Every `.rs` file below `dir`, sorted.
pub fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// What a Trunk `post_build` hook wrote: the one file whose name starts with the prefix
/// asked for, its text, and the `index.html` it rewrote.
pub struct HookOutput {
    pub name: String,
    pub text: String,
    pub index: String,
}

impl HookOutput {
    /// Asserts that `index.html` names the file, just before `</head>`, in the tag
    /// `{before} href="./<name>" {after}>`.
    pub fn assert_named(&self, before: &str, after: &str) {
        let tag = format!("{before} href=\"./{}\" {after}>\n</head>", self.name);
        assert!(self.index.contains(&tag), "{tag} in {}", self.index);
    }
}

/// Runs the build hook `script` (`scripts/<name>.mjs`) with node, as Trunk does, on a
/// staging folder holding a bare `index.html`; returns the one file it wrote whose name
/// starts with `prefix` and ends with `.txt`.
pub fn run_build_hook(script: &str, prefix: &str) -> HookOutput {
    let root = env!("CARGO_MANIFEST_DIR");
    let staging = std::env::temp_dir().join(format!("mandate-hook-{prefix}{}", std::process::id()));
    fs::create_dir_all(&staging).unwrap();
    fs::write(
        staging.join("index.html"),
        "<html><head></head><body></body></html>",
    )
    .unwrap();
    let out = std::process::Command::new("node")
        .arg(Path::new(root).join(script))
        .env("TRUNK_STAGING_DIR", &staging)
        .env("TRUNK_SOURCE_DIR", root)
        .output()
        .unwrap_or_else(|e| panic!("node runs {script}: {e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let written: Vec<String> = fs::read_dir(&staging)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with(prefix) && n.ends_with(".txt"))
        .collect();
    assert_eq!(written.len(), 1, "{written:?}");
    let output = HookOutput {
        text: fs::read_to_string(staging.join(&written[0])).unwrap(),
        index: fs::read_to_string(staging.join("index.html")).unwrap(),
        name: written[0].clone(),
    };
    fs::remove_dir_all(&staging).unwrap();
    output
}
