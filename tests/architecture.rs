//! The layering rules of ARCHITECTURE.md, checked on the source text.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::fs;
use std::path::Path;

use common::rust_files;

fn offences(dir: &str, forbidden: &[&str]) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut found = Vec::new();
    for file in rust_files(&root) {
        let text = fs::read_to_string(&file).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for word in forbidden {
                if code.contains(word) {
                    found.push(format!("{}:{}: `{word}`", file.display(), n + 1));
                }
            }
        }
    }
    found
}

#[test]
fn the_core_uses_only_std_and_serde() {
    let found = offences(
        "src/core",
        &[
            "yew",
            "web_sys",
            "js_sys",
            "wasm_bindgen",
            "gloo",
            "crate::platform",
            "crate::ui",
            "Instant::now",
            "SystemTime",
        ],
    );
    assert!(
        found.is_empty(),
        "platform or UI code in the pure core:\n{}",
        found.join("\n")
    );
}

#[test]
fn only_the_platform_touches_window_storage_and_the_clock() {
    let forbidden = [
        "web_sys::window",
        "local_storage",
        "Storage",
        "js_sys::Date",
        "Math::random",
        "set_item",
        "get_item",
    ];
    let found = offences("src/ui", &forbidden);
    assert!(
        found.is_empty(),
        "browser I/O outside src/platform:\n{}",
        found.join("\n")
    );
}

#[test]
fn nothing_in_the_platform_panics_on_purpose() {
    let found = offences(
        "src/platform",
        &[".unwrap()", ".expect(", "panic!(", "unreachable!("],
    );
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn the_core_does_no_io_and_only_the_cli_uses_the_packaging() {
    // Manifests are pure text (src/core/package.rs); files and zips are src/packaging's,
    // which is native only and used by the command-line tool, never by the app.
    let found = offences(
        "src/core",
        &["std::fs", "std::net", "std::process", "crate::packaging"],
    );
    assert!(
        found.is_empty(),
        "I/O in the pure core:\n{}",
        found.join("\n")
    );
    for dir in ["src/ui", "src/platform"] {
        let found = offences(dir, &["crate::packaging", "mandate::packaging"]);
        assert!(
            found.is_empty(),
            "the app uses the packaging:\n{}",
            found.join("\n")
        );
    }
    let lib = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs")).unwrap();
    assert!(
        lib.contains("#[cfg(not(target_arch = \"wasm32\"))]\npub mod packaging;"),
        "src/packaging must stay out of the wasm build"
    );
}
