//! `mandate-cli package` as a process, on a fake release build: every standard, one
//! package per scenario and the course package, each zip read by Python's `zipfile` and
//! checked by the vendored checkers (tests/tools), plus the negative cases those checkers
//! must catch and the tool's exact error messages.
#![cfg(not(target_arch = "wasm32"))]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use mandate::core::builtin;
use mandate::packaging::zip::{Entry, Method, write};

const SCORM_CHECK: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/tools/check_scorm_manifest.py"
);
const CMI5_CHECK: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/tools/check_cmi5_package.py"
);

/// The fake build's files, sorted as a zip lists them.
const DIST_FILES: [&str; 5] = [
    "app-1a2b.css",
    "assets/x.svg",
    "index.html",
    "mandate-1a2b.js",
    "mandate-1a2b_bg.wasm",
];

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A fresh, empty directory for one test, removed when the test passes (kept for a look
/// when it fails).
struct Scratch(PathBuf);

impl std::ops::Deref for Scratch {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            let _ = fs::remove_dir_all(&self.0);
        }
    }
}

fn scratch(name: &str) -> Scratch {
    let dir = std::env::temp_dir().join(format!("mandate-package-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    Scratch(dir)
}

/// A release build's shape: the page, its script, wasm, a stylesheet and a nested asset.
fn fake_dist(dir: &Path) -> PathBuf {
    let dist = dir.join("dist");
    fs::create_dir_all(dist.join("assets")).unwrap();
    fs::write(
        dist.join("index.html"),
        "<!doctype html><html><head><script type=\"module\" src=\"./mandate-1a2b.js\"></script>\
         <link rel=\"stylesheet\" href=\"./app-1a2b.css\"></head><body></body></html>\n",
    )
    .unwrap();
    fs::write(
        dist.join("mandate-1a2b.js"),
        "export default function init() { return 1; }\n".repeat(40),
    )
    .unwrap();
    let mut wasm = b"\0asm\x01\0\0\0".to_vec();
    wasm.extend((0u32..4096).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));
    fs::write(dist.join("mandate-1a2b_bg.wasm"), wasm).unwrap();
    fs::write(dist.join("app-1a2b.css"), "body { margin: 0 }\n".repeat(20)).unwrap();
    fs::write(
        dist.join("assets/x.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    )
    .unwrap();
    dist
}

fn cli(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mandate-cli"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("mandate-cli runs")
}

fn python(args: &[&str]) -> Output {
    Command::new("python3")
        .args(args)
        .output()
        .expect("python3 runs (the package checks need it)")
}

/// Runs a checker on a zip: (exit code, stdout).
fn checker(script: &str, zip: &Path) -> (Option<i32>, String) {
    let out = python(&[script, zip.to_str().unwrap()]);
    assert_eq!(text(&out.stderr), "", "{script} wrote to stderr");
    (out.status.code(), text(&out.stdout))
}

fn assert_passes(script: &str, zip: &Path) {
    let (code, stdout) = checker(script, zip);
    assert_eq!(code, Some(0), "{}:\n{stdout}", zip.display());
    assert!(stdout.ends_with("\nOK\n"), "{}:\n{stdout}", zip.display());
}

/// Python's zipfile: `testzip()` finds nothing, and the names in archive order.
fn zip_names(zip: &Path) -> Vec<String> {
    let out = python(&[
        "-c",
        "import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; \
         print('\\n'.join(z.namelist()))",
        zip.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    text(&out.stdout).lines().map(String::from).collect()
}

/// One file of a zip, as Python's zipfile reads it.
fn zip_read(zip: &Path, name: &str) -> String {
    let out = python(&[
        "-c",
        "import zipfile,sys; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode())",
        zip.to_str().unwrap(),
        name,
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    text(&out.stdout)
}

/// The line `package` prints for a zip it wrote.
fn report_line(zip: &Path, standard: &str, items: &[(&str, u8)]) -> String {
    let kb = fs::metadata(zip).unwrap().len().div_ceil(1024);
    let items: Vec<String> = items
        .iter()
        .map(|(id, pass)| format!("{id} (pass {pass})"))
        .collect();
    format!(
        "{}  {kb} KB  {standard}: {}\n",
        zip.display(),
        items.join(", ")
    )
}

/// Every built-in scenario: (id, pass threshold).
fn builtins() -> Vec<(String, u8)> {
    builtin::load_all()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e.scenario.id.as_str().to_string(),
                e.scenario.pass_threshold,
            )
        })
        .collect()
}

fn expected_names(manifest: &str) -> Vec<String> {
    let mut names: Vec<String> = DIST_FILES.iter().map(|s| s.to_string()).collect();
    names.push(manifest.to_string());
    names.sort();
    names
}

#[test]
fn zips_from_the_writer_are_read_by_python_zipfile() {
    let dir = scratch("writer");
    let compressible = "<p>the same line</p>\n".repeat(300);
    // xorshift32: bytes deflate cannot shrink.
    let mut x = 0x9E37_79B9u32;
    let noise: Vec<u8> = (0..512)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x as u8
        })
        .collect();
    let entries = vec![
        Entry::new("index.html", compressible.as_bytes()).unwrap(),
        Entry::new("noise.bin", &noise).unwrap(),
        Entry::new("empty.txt", b"").unwrap(),
        Entry::new("assets/deep/x.svg", b"<svg/>").unwrap(),
        Entry::new("café/ü.txt", "Grüße".as_bytes()).unwrap(),
    ];
    assert_eq!(entries[0].method(), Method::Deflated);
    assert_eq!(entries[1].method(), Method::Stored);
    let zip = dir.join("t.zip");
    fs::write(&zip, write(&entries).unwrap()).unwrap();
    let out = python(&[
        "-c",
        "import zipfile,sys,zlib\n\
         z=zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None\n\
         for i in z.infolist(): print(i.filename, i.compress_type, i.file_size, \
         '%08x' % zlib.crc32(z.read(i)), i.date_time, z.read(i).hex()[:16])",
        zip.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let noise_head: String = noise[..8].iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(
        text(&out.stdout),
        format!(
            "assets/deep/x.svg 0 6 {:08x} (1980, 1, 1, 0, 0, 0) 3c7376672f3e\n\
             café/ü.txt 0 7 {:08x} (1980, 1, 1, 0, 0, 0) 4772c3bcc39f65\n\
             empty.txt 0 0 00000000 (1980, 1, 1, 0, 0, 0) \n\
             index.html 8 {} {:08x} (1980, 1, 1, 0, 0, 0) 3c703e7468652073\n\
             noise.bin 0 512 {:08x} (1980, 1, 1, 0, 0, 0) {noise_head}\n",
            mandate::packaging::zip::crc32(b"<svg/>"),
            mandate::packaging::zip::crc32("Grüße".as_bytes()),
            compressible.len(),
            mandate::packaging::zip::crc32(compressible.as_bytes()),
            mandate::packaging::zip::crc32(&noise),
        )
    );
}

#[test]
fn one_package_per_scenario_for_every_standard_passes_the_checkers() {
    let dir = scratch("per-scenario");
    let dist = fake_dist(&dir);
    let out_dir = dir.join("packages");
    let out = cli(
        &[
            "package",
            "--dist",
            dist.to_str().unwrap(),
            "--out",
            out_dir.to_str().unwrap(),
            "--case",
            "sales-distributor",
            "--case",
            "purchasing-tech-leader",
        ],
        &dir,
    );
    assert_eq!(text(&out.stderr), "");
    assert_eq!(out.status.code(), Some(0));

    let pass = |id: &str| builtins().into_iter().find(|b| b.0 == id).unwrap().1;
    let mut expected = String::new();
    for case in ["sales-distributor", "purchasing-tech-leader"] {
        for (slug, name) in [
            ("scorm12", "SCORM 1.2"),
            ("scorm2004", "SCORM 2004 4th Edition"),
            ("cmi5", "cmi5"),
        ] {
            let zip = out_dir.join(format!("mandate-{case}-{slug}.zip"));
            expected.push_str(&report_line(&zip, name, &[(case, pass(case))]));
            if slug == "cmi5" {
                assert_eq!(zip_names(&zip), expected_names("cmi5.xml"));
                assert_passes(CMI5_CHECK, &zip);
            } else {
                assert_eq!(zip_names(&zip), expected_names("imsmanifest.xml"));
                assert_passes(SCORM_CHECK, &zip);
            }
        }
    }
    assert_eq!(text(&out.stdout), expected);
    assert_eq!(
        fs::read_dir(&out_dir).unwrap().count(),
        6,
        "nothing else is written"
    );

    let case = "purchasing-tech-leader";
    let threshold = pass(case);
    let s12 = zip_read(
        &out_dir.join(format!("mandate-{case}-scorm12.zip")),
        "imsmanifest.xml",
    );
    assert!(s12.contains("<schemaversion>1.2</schemaversion>"));
    assert!(s12.contains(&format!(
        "<adlcp:masteryscore>{threshold}</adlcp:masteryscore>"
    )));
    assert!(s12.contains(&format!(
        "adlcp:scormtype=\"sco\" href=\"index.html?case={case}\""
    )));
    for file in DIST_FILES.iter().filter(|f| **f != "index.html") {
        assert!(s12.contains(&format!("<file href=\"{file}\"/>")), "{file}");
    }
    let s2004 = zip_read(
        &out_dir.join(format!("mandate-{case}-scorm2004.zip")),
        "imsmanifest.xml",
    );
    assert!(s2004.contains("<schemaversion>2004 4th Edition</schemaversion>"));
    assert!(s2004.contains(&format!(
        "<imsss:minNormalizedMeasure>0.{threshold:02}</imsss:minNormalizedMeasure>"
    )));
    assert!(s2004.contains(&format!(
        "adlcp:scormType=\"sco\" href=\"index.html?case={case}\""
    )));
    let cmi5 = zip_read(
        &out_dir.join(format!("mandate-{case}-cmi5.zip")),
        "cmi5.xml",
    );
    assert!(cmi5.contains(&format!("<course id=\"urn:mandate:{case}\">")));
    assert!(cmi5.contains(&format!(
        "<au id=\"urn:mandate:{case}/{case}\" moveOn=\"CompletedAndPassed\" masteryScore=\"0.{threshold:02}\" launchMethod=\"AnyWindow\">"
    )));
    assert!(cmi5.contains(&format!("<url>index.html?case={case}</url>")));
    // The build's files go in untouched.
    assert_eq!(
        zip_read(
            &out_dir.join(format!("mandate-{case}-cmi5.zip")),
            "index.html"
        ),
        fs::read_to_string(dist.join("index.html")).unwrap()
    );
}

#[test]
fn by_default_every_builtin_scenario_gets_its_packages() {
    let dir = scratch("default");
    fake_dist(&dir);
    // The defaults: dist/ and packages/ under the working directory.
    let out = cli(&["package", "--standard", "scorm12"], &dir);
    assert_eq!(text(&out.stderr), "");
    assert_eq!(out.status.code(), Some(0));
    let mut expected = String::new();
    for (id, pass) in builtins() {
        let zip = PathBuf::from("packages").join(format!("mandate-{id}-scorm12.zip"));
        let line = report_line(&dir.join(&zip), "SCORM 1.2", &[(&id, pass)]);
        // Printed relative to the working directory, as given.
        expected.push_str(&line.replace(&format!("{}/", dir.display()), ""));
        assert_passes(SCORM_CHECK, &dir.join(&zip));
    }
    assert_eq!(text(&out.stdout), expected);
    assert_eq!(
        fs::read_dir(dir.join("packages")).unwrap().count(),
        builtins().len()
    );
}

#[test]
fn the_course_package_holds_every_scenario_with_its_own_mastery_score() {
    let dir = scratch("course");
    let dist = fake_dist(&dir);
    let out_dir = dir.join("out");
    let out = cli(
        &[
            "package",
            "--course",
            "--dist",
            dist.to_str().unwrap(),
            "--out",
            out_dir.to_str().unwrap(),
            "--id-base",
            "https://training.example.org/mandate/",
        ],
        &dir,
    );
    assert_eq!(text(&out.stderr), "");
    assert_eq!(out.status.code(), Some(0));
    let all = builtins();
    let items: Vec<(&str, u8)> = all.iter().map(|(id, p)| (id.as_str(), *p)).collect();
    let zip = |slug: &str| out_dir.join(format!("mandate-course-{slug}.zip"));
    assert_eq!(
        text(&out.stdout),
        report_line(&zip("scorm12"), "SCORM 1.2", &items)
            + &report_line(&zip("scorm2004"), "SCORM 2004 4th Edition", &items)
            + &report_line(&zip("cmi5"), "cmi5", &items)
    );
    assert_passes(SCORM_CHECK, &zip("scorm12"));
    assert_passes(SCORM_CHECK, &zip("scorm2004"));
    assert_passes(CMI5_CHECK, &zip("cmi5"));

    let s12 = zip_read(&zip("scorm12"), "imsmanifest.xml");
    let s2004 = zip_read(&zip("scorm2004"), "imsmanifest.xml");
    let cmi5 = zip_read(&zip("cmi5"), "cmi5.xml");
    assert!(s12.contains("<organizations default=\"ORG-course\">"));
    assert!(cmi5.contains("<course id=\"https://training.example.org/mandate/course\">"));
    for (id, pass) in &all {
        assert!(s12.contains(&format!(
            "<item identifier=\"ITEM-{id}\" identifierref=\"RES-{id}\" isvisible=\"true\">"
        )));
        assert!(s12.contains(&format!("href=\"index.html?case={id}\"")));
        assert!(s2004.contains(&format!("href=\"index.html?case={id}\"")));
        assert!(cmi5.contains(&format!(
            "<au id=\"https://training.example.org/mandate/course/{id}\" moveOn=\"CompletedAndPassed\" masteryScore=\"0.{pass:02}\" launchMethod=\"AnyWindow\">"
        )));
        assert!(cmi5.contains(&format!("<url>index.html?case={id}</url>")));
    }
    assert_eq!(
        s12.matches(&format!(
            "<adlcp:masteryscore>{}</adlcp:masteryscore>",
            all[0].1
        ))
        .count(),
        all.iter().filter(|(_, p)| *p == all[0].1).count()
    );
    assert_eq!(s12.matches("adlcp:scormtype=\"sco\"").count(), all.len());
    assert_eq!(
        s2004.matches("satisfiedByMeasure=\"true\"").count(),
        all.len()
    );
    assert_eq!(cmi5.matches("<au ").count(), all.len());
}

#[test]
fn packages_are_byte_identical_when_built_twice() {
    let dir = scratch("twice");
    let dist = fake_dist(&dir);
    let run = |out: &str| {
        let o = cli(
            &[
                "package",
                "--standard=scorm2004",
                "--standard",
                "cmi5",
                "--standard",
                "scorm2004",
                "--case=market-shift",
                "--dist",
                dist.to_str().unwrap(),
                "--out",
                out,
            ],
            &dir,
        );
        assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
        text(&o.stdout)
    };
    let first = run("a");
    run("b");
    assert_eq!(first.lines().count(), 2, "{first}");
    for name in [
        "mandate-market-shift-scorm2004.zip",
        "mandate-market-shift-cmi5.zip",
    ] {
        assert_eq!(
            fs::read(dir.join("a").join(name)).unwrap(),
            fs::read(dir.join("b").join(name)).unwrap(),
            "{name}"
        );
    }
}

/// Unpacks `zip` into `dir/pkg` with Python, for repacking.
fn unpack(zip: &Path, dir: &Path) -> PathBuf {
    let pkg = dir.join("pkg");
    let out = python(&[
        "-c",
        "import zipfile,sys; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])",
        zip.to_str().unwrap(),
        pkg.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    pkg
}

/// Zips `dir/pkg` the two ways: its contents (`contents.zip`) and the folder itself
/// (`folder.zip`, every name under `pkg/`), as a zip tool would.
fn repack(dir: &Path) -> (PathBuf, PathBuf) {
    let out = python(&[
        "-c",
        "import shutil,sys,os; d=sys.argv[1]\n\
         shutil.make_archive(os.path.join(d,'contents'), 'zip', root_dir=os.path.join(d,'pkg'))\n\
         shutil.make_archive(os.path.join(d,'folder'), 'zip', root_dir=d, base_dir='pkg')",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    (dir.join("contents.zip"), dir.join("folder.zip"))
}

fn one_package(dir: &Path, standard: &str) -> PathBuf {
    let dist = fake_dist(dir);
    let out = cli(
        &[
            "package",
            "--standard",
            standard,
            "--case",
            "market-shift",
            "--dist",
            dist.to_str().unwrap(),
            "--out",
            dir.join("packages").to_str().unwrap(),
        ],
        dir,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    dir.join(format!("packages/mandate-market-shift-{standard}.zip"))
}

#[test]
fn the_scorm_check_fails_a_zip_of_the_folder_instead_of_its_contents() {
    let dir = scratch("nested-scorm");
    let zip = one_package(&dir, "scorm12");
    unpack(&zip, &dir);
    let (contents, folder) = repack(&dir);
    assert_passes(SCORM_CHECK, &contents);
    assert!(zip_names(&folder).contains(&"pkg/imsmanifest.xml".to_string()));
    assert_eq!(
        checker(SCORM_CHECK, &folder),
        (
            Some(1),
            "ERRORS:\n  imsmanifest.xml not at zip root\n".to_string()
        )
    );
}

#[test]
fn the_scorm_check_fails_a_package_missing_a_listed_file() {
    let dir = scratch("missing-file");
    let zip = one_package(&dir, "scorm2004");
    let pkg = unpack(&zip, &dir);
    fs::remove_file(pkg.join("assets/x.svg")).unwrap();
    let (contents, _) = repack(&dir);
    let (code, stdout) = checker(SCORM_CHECK, &contents);
    assert_eq!(code, Some(1));
    assert!(
        stdout.ends_with("ERRORS:\n  file listed but missing from zip: assets/x.svg\n"),
        "{stdout}"
    );
}

#[test]
fn the_cmi5_check_fails_a_nested_course_structure() {
    let dir = scratch("nested-cmi5");
    let zip = one_package(&dir, "cmi5");
    let pkg = unpack(&zip, &dir);
    let (contents, folder) = repack(&dir);
    assert_passes(CMI5_CHECK, &contents);
    assert_eq!(
        checker(CMI5_CHECK, &folder),
        (
            Some(1),
            "ERRORS:\n  cmi5.xml not at zip root (found pkg/cmi5.xml)\n".to_string()
        )
    );
    // It also catches a launch page that is not in the zip, and values outside the spec.
    let structure = fs::read_to_string(pkg.join("cmi5.xml")).unwrap();
    fs::write(
        pkg.join("cmi5.xml"),
        structure
            .replace("<url>index.html?", "<url>start.html?")
            .replace("masteryScore=\"0.70\"", "masteryScore=\"70\"")
            .replace("moveOn=\"CompletedAndPassed\"", "moveOn=\"Done\"")
            .replace("id=\"urn:mandate:market-shift\"", "id=\"market-shift\""),
    )
    .unwrap();
    let (broken, _) = repack(&dir);
    let (code, stdout) = checker(CMI5_CHECK, &broken);
    assert_eq!(code, Some(1));
    assert!(
        stdout.ends_with(
            "ERRORS:\n  course id is not an absolute IRI: 'market-shift'\n  \
             au urn:mandate:market-shift/market-shift launches a file missing from zip: start.html\n  \
             au urn:mandate:market-shift/market-shift masteryScore is not a decimal in 0..1: '70'\n  \
             au urn:mandate:market-shift/market-shift moveOn is not one of ['Completed', 'CompletedAndPassed', 'CompletedOrPassed', 'NotApplicable', 'Passed']: 'Done'\n"
        ),
        "{stdout}"
    );
}

#[test]
fn without_a_build_the_tool_says_how_to_make_one() {
    let dir = scratch("no-build");
    let out = cli(&["package"], &dir);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "");
    assert_eq!(
        text(&out.stderr),
        "mandate-cli package: error: dist/index.html not found; run `trunk build --release --offline` first\n"
    );
    assert!(!dir.join("packages").exists(), "no output directory");

    fs::create_dir_all(dir.join("build/assets")).unwrap();
    fs::write(dir.join("build/assets/x.svg"), "<svg/>").unwrap();
    let out = cli(&["package", "--dist", "build"], &dir);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        "mandate-cli package: error: build/index.html not found; run `trunk build --release --offline` first\n"
    );
}

#[test]
fn an_unknown_case_is_refused_with_the_known_ones() {
    let dir = scratch("unknown-case");
    fake_dist(&dir);
    let out = cli(
        &[
            "package",
            "--case",
            "market-shift",
            "--case",
            "no-such-case",
        ],
        &dir,
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "");
    let known: Vec<String> = builtins().into_iter().map(|b| b.0).collect();
    assert_eq!(known[0], "purchasing-tech-leader");
    assert_eq!(
        text(&out.stderr),
        format!(
            "mandate-cli package: error: unknown case `no-such-case`; the built-in cases are: {}\n",
            known.join(", ")
        )
    );
    assert!(!dir.join("packages").exists(), "nothing is written");
}

#[test]
fn bad_options_are_usage_errors() {
    let dir = scratch("usage");
    fake_dist(&dir);
    for (args, message, code) in [
        (
            &["package", "--standard", "scorm3"][..],
            "unknown standard `scorm3`; use scorm12, scorm2004, cmi5 or all",
            2,
        ),
        (&["package", "--zip"][..], "unknown option `--zip`", 2),
        (
            &["package", "--course=yes"][..],
            "unknown option `--course=yes`",
            2,
        ),
        (&["package", "--out"][..], "`--out` needs a value", 2),
        (
            &["package", "--standard", "cmi5", "--id-base", "mandate/"][..],
            "`mandate/` does not make absolute IRIs; use something like `urn:mandate:` or `https://example.org/mandate/`",
            1,
        ),
    ] {
        let out = cli(args, &dir);
        assert_eq!(out.status.code(), Some(code), "{args:?}");
        let stderr = text(&out.stderr);
        let first = stderr.lines().next().unwrap_or_default();
        assert_eq!(
            first,
            format!("mandate-cli package: error: {message}"),
            "{args:?}"
        );
        if code == 2 {
            assert!(
                stderr.contains("\nusage: mandate-cli check FILE...\n")
                    && stderr
                        .contains("mandate-cli package [--standard scorm12|scorm2004|cmi5|all]..."),
                "{stderr}"
            );
        }
    }
    assert!(!dir.join("packages").exists());
}
