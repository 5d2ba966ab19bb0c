//! Upload-ready LMS packages from a release build (native only; `mandate-cli package`).
//!
//! Reads every file under `dist/`, compresses each once, and writes one zip per package
//! and standard: the files at the zip root plus the manifest `core::package` writes.

pub mod zip;

use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::core::package::{self, Course, PackageError, PackageItem, PackageKind};

/// What to build.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// The standards, in [`PackageKind::ALL`] order.
    pub kinds: Vec<PackageKind>,
    /// One package with every chosen scenario, instead of one per scenario.
    pub course: bool,
    /// Scenario ids; empty means every built-in scenario.
    pub cases: Vec<String>,
    /// The release build: `dist`.
    pub dist: PathBuf,
    /// Where the zips go: `packages`.
    pub out: PathBuf,
    /// Base of cmi5 course and AU ids.
    pub id_base: String,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            kinds: PackageKind::ALL.to_vec(),
            course: false,
            cases: Vec::new(),
            dist: PathBuf::from("dist"),
            out: PathBuf::from("packages"),
            id_base: package::DEFAULT_ID_BASE.to_string(),
        }
    }
}

/// One zip written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Built {
    pub path: PathBuf,
    pub kind: PackageKind,
    /// Its size on disk.
    pub bytes: u64,
    /// The scenarios in it.
    pub items: Vec<PackageItem>,
}

/// Why packaging stopped.
#[derive(Debug)]
pub enum Error {
    /// `dist/index.html` is missing: there is no release build to package.
    NoBuild(PathBuf),
    /// A `--case` that is not a built-in scenario.
    UnknownCase {
        case: String,
        known: Vec<String>,
    },
    /// The cmi5 id base does not make absolute IRIs.
    BadIdBase(String),
    Io {
        path: PathBuf,
        error: io::Error,
    },
    Package(PackageError),
    Zip(zip::ZipError),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::NoBuild(index) => write!(
                f,
                "{} not found; run `trunk build --release --offline` first",
                index.display()
            ),
            Error::UnknownCase { case, known } => write!(
                f,
                "unknown case `{case}`; the built-in cases are: {}",
                known.join(", ")
            ),
            Error::BadIdBase(base) => write!(f, "{}", PackageError::BadIdBase(base.clone())),
            Error::Io { path, error } => write!(f, "{}: {error}", path.display()),
            Error::Package(e) => write!(f, "{e}"),
            Error::Zip(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for Error {}

impl From<PackageError> for Error {
    fn from(e: PackageError) -> Self {
        Error::Package(e)
    }
}

impl From<zip::ZipError> for Error {
    fn from(e: zip::ZipError) -> Self {
        Error::Zip(e)
    }
}

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> Error + '_ {
    move |error| Error::Io {
        path: path.to_path_buf(),
        error,
    }
}

/// Every file under `dir` (following symbolic links), as relative paths with `/`
/// separators, sorted.
pub fn list_files(dir: &Path) -> Result<Vec<String>, Error> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) -> Result<(), Error> {
        for entry in fs::read_dir(dir).map_err(io_error(dir))? {
            let path = entry.map_err(io_error(dir))?.path();
            let meta = fs::metadata(&path).map_err(io_error(&path))?;
            if meta.is_dir() {
                walk(root, &path, out)?;
            } else if meta.is_file() {
                let rel = path.strip_prefix(root).unwrap_or(&path);
                let parts: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                out.push(parts.join("/"));
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out)?;
    out.sort();
    Ok(out)
}

/// Reads and compresses every file of the build once.
pub fn read_build(dist: &Path) -> Result<Vec<zip::Entry>, Error> {
    let index = dist.join(package::LAUNCH_PAGE);
    if !index.is_file() {
        return Err(Error::NoBuild(index));
    }
    list_files(dist)?
        .into_iter()
        .map(|name| {
            let path = dist.join(&name);
            let data = fs::read(&path).map_err(io_error(&path))?;
            Ok(zip::Entry::new(name, &data)?)
        })
        .collect()
}

/// The zip of one package: the build's files and the manifest, all at the root.
pub fn package_zip(
    kind: PackageKind,
    course: &Course,
    files: &[zip::Entry],
    id_base: &str,
) -> Result<Vec<u8>, Error> {
    let names: Vec<String> = files.iter().map(|e| e.name().to_string()).collect();
    let manifest = package::manifest(kind, course, &names, id_base)?;
    let mut entries = files.to_vec();
    entries.push(zip::Entry::new(
        manifest.file_name,
        manifest.text.as_bytes(),
    )?);
    Ok(zip::write(&entries)?)
}

/// The scenarios `options.cases` names, in the order given (every one when empty).
pub fn choose(catalogue: &[PackageItem], cases: &[String]) -> Result<Vec<PackageItem>, Error> {
    if cases.is_empty() {
        return Ok(catalogue.to_vec());
    }
    let mut chosen: Vec<PackageItem> = Vec::new();
    for case in cases {
        let Some(item) = catalogue.iter().find(|i| &i.id == case) else {
            return Err(Error::UnknownCase {
                case: case.clone(),
                known: catalogue.iter().map(|i| i.id.clone()).collect(),
            });
        };
        if !chosen.iter().any(|c| c.id == item.id) {
            chosen.push(item.clone());
        }
    }
    Ok(chosen)
}

/// Builds every package `options` asks for from the scenarios in `catalogue`, calling
/// `done` after each zip is written.
pub fn build(
    options: &Options,
    catalogue: &[PackageItem],
    mut done: impl FnMut(&Built),
) -> Result<Vec<Built>, Error> {
    let items = choose(catalogue, &options.cases)?;
    if options.kinds.contains(&PackageKind::Cmi5) && !package::is_absolute_iri(&options.id_base) {
        return Err(Error::BadIdBase(options.id_base.clone()));
    }
    let files = read_build(&options.dist)?;
    let courses: Vec<Course> = if options.course {
        vec![Course::all(items)]
    } else {
        items.into_iter().map(Course::single).collect()
    };
    fs::create_dir_all(&options.out).map_err(io_error(&options.out))?;
    let mut built = Vec::new();
    for course in &courses {
        for &kind in &options.kinds {
            let bytes = package_zip(kind, course, &files, &options.id_base)?;
            let path = options.out.join(course.file_name(kind));
            // Written beside, then renamed: a half-written zip never has the final name.
            let partial = path.with_extension("zip.partial");
            fs::write(&partial, &bytes).map_err(io_error(&partial))?;
            fs::rename(&partial, &path).map_err(io_error(&path))?;
            let b = Built {
                path,
                kind,
                bytes: bytes.len() as u64,
                items: course.items.clone(),
            };
            done(&b);
            built.push(b);
        }
    }
    Ok(built)
}
