//! LMS package manifests as pure text: SCORM 1.2 and SCORM 2004 4th edition
//! `imsmanifest.xml`, and the cmi5 course structure `cmi5.xml`.
//!
//! Each scenario is one SCO (SCORM) or AU (cmi5) launched at `index.html?case=<id>`; its
//! mastery score is the scenario's pass threshold. The files come in as a list of relative
//! paths with `/` separators; reading them and zipping them up is `crate::packaging`'s job
//! (native only), so everything here is std-only string building.

use std::fmt;

use super::scenario::Scenario;

/// A packaging standard.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PackageKind {
    /// SCORM 1.2 (IMS CP 1.1.2 + ADL `adlcp_rootv1p2`): the one Moodle supports.
    Scorm12,
    /// SCORM 2004 4th edition, with IMS Simple Sequencing for the mastery score.
    Scorm2004,
    /// cmi5 (xAPI), course structure `cmi5.xml`.
    Cmi5,
}

impl PackageKind {
    /// Every standard, in the order packages are built and listed.
    pub const ALL: [PackageKind; 3] = [
        PackageKind::Scorm12,
        PackageKind::Scorm2004,
        PackageKind::Cmi5,
    ];

    /// The short name used on the command line and in file names: `scorm12`, `scorm2004`, `cmi5`.
    pub fn slug(self) -> &'static str {
        match self {
            PackageKind::Scorm12 => "scorm12",
            PackageKind::Scorm2004 => "scorm2004",
            PackageKind::Cmi5 => "cmi5",
        }
    }

    /// The inverse of [`PackageKind::slug`].
    pub fn from_slug(slug: &str) -> Option<PackageKind> {
        PackageKind::ALL.into_iter().find(|k| k.slug() == slug)
    }

    /// The standard's name for people: `SCORM 1.2`, `SCORM 2004 4th Edition`, `cmi5`.
    pub fn name(self) -> &'static str {
        match self {
            PackageKind::Scorm12 => "SCORM 1.2",
            PackageKind::Scorm2004 => "SCORM 2004 4th Edition",
            PackageKind::Cmi5 => "cmi5",
        }
    }

    /// The manifest's file name at the zip root.
    pub fn manifest_file(self) -> &'static str {
        match self {
            PackageKind::Scorm12 | PackageKind::Scorm2004 => "imsmanifest.xml",
            PackageKind::Cmi5 => "cmi5.xml",
        }
    }
}

impl fmt::Display for PackageKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One scenario in a package: one SCO or AU.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PackageItem {
    /// The scenario id (`purchasing-tech-leader`): the `?case=` value and part of every identifier.
    pub id: String,
    pub title: String,
    /// One or two sentences; cmi5 requires a description for every AU.
    pub description: String,
    /// Score (0–100) needed to pass: the mastery score.
    pub pass_threshold: u8,
}

impl PackageItem {
    /// The item for a scenario: its id, title, a one-line description and its pass threshold.
    pub fn of(scenario: &Scenario) -> PackageItem {
        PackageItem {
            id: scenario.id.as_str().to_string(),
            title: scenario.title.clone(),
            description: format!(
                "{} negotiation with {}. About {} minutes; passed with a score of {} or more.",
                scenario.department,
                scenario.counterpart,
                scenario.minutes,
                scenario.pass_threshold
            ),
            pass_threshold: scenario.pass_threshold,
        }
    }
}

/// What a package holds: one scenario, or a course of several.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Course {
    /// `purchasing-tech-leader` for a one-scenario package, `course` for all of them.
    pub id: String,
    pub title: String,
    pub description: String,
    pub items: Vec<PackageItem>,
}

/// The id of the package with every chosen scenario.
pub const COURSE_ID: &str = "course";

impl Course {
    /// A package with one scenario: the course is the scenario.
    pub fn single(item: PackageItem) -> Course {
        Course {
            id: item.id.clone(),
            title: item.title.clone(),
            description: item.description.clone(),
            items: vec![item],
        }
    }

    /// One package with every scenario in `items`, each its own SCO or AU.
    pub fn all(items: Vec<PackageItem>) -> Course {
        Course {
            id: COURSE_ID.to_string(),
            title: "Mandate: negotiate for your company’s strategy".to_string(),
            description: format!(
                "{} negotiation scenario{}, each scored against the company’s strategy and passed at its own pass mark.",
                items.len(),
                if items.len() == 1 { "" } else { "s" }
            ),
            items,
        }
    }

    /// `mandate-<course id>-<standard>.zip`.
    pub fn file_name(&self, kind: PackageKind) -> String {
        format!("mandate-{}-{}.zip", self.id, kind.slug())
    }
}

/// The manifest of one package.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Manifest {
    /// `imsmanifest.xml` or `cmi5.xml`, at the zip root.
    pub file_name: &'static str,
    pub text: String,
}

/// Why no manifest could be written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PackageError {
    /// A package needs at least one scenario.
    NoItems,
    /// A course or item id that is not `[A-Za-z0-9._-]+`.
    BadId(String),
    /// Two items with the same id.
    DuplicateItem(String),
    /// A pass threshold above 100.
    Threshold { id: String, value: u8 },
    /// A file path that is empty, absolute, has `\`, `..`, `.` or empty segments.
    BadFile(String),
    /// The launch page `index.html` is not among the files.
    NoLaunchPage,
    /// The files already contain the manifest this package would add.
    ManifestInFiles(&'static str),
    /// The cmi5 id base does not give absolute IRIs.
    BadIdBase(String),
}

impl fmt::Display for PackageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PackageError::NoItems => write!(f, "a package needs at least one scenario"),
            PackageError::BadId(id) => write!(
                f,
                "`{id}` cannot be used as an id: use letters, digits, `.`, `_` and `-` only"
            ),
            PackageError::DuplicateItem(id) => write!(f, "the scenario `{id}` is listed twice"),
            PackageError::Threshold { id, value } => write!(
                f,
                "the pass threshold of `{id}` is {value}; it must be from 0 to 100"
            ),
            PackageError::BadFile(path) => write!(
                f,
                "`{path}` is not a plain relative path (no leading `/`, `\\`, `.` or `..` segments)"
            ),
            PackageError::NoLaunchPage => write!(f, "the files have no index.html to launch"),
            PackageError::ManifestInFiles(name) => write!(
                f,
                "the files already contain {name}, which the package writes itself"
            ),
            PackageError::BadIdBase(base) => write!(
                f,
                "`{base}` does not make absolute IRIs; use something like `urn:mandate:` or `https://example.org/mandate/`"
            ),
        }
    }
}

impl std::error::Error for PackageError {}

/// The default base of cmi5 course and AU ids: a URN, so no made-up web address leaks
/// into learning records.
pub const DEFAULT_ID_BASE: &str = "urn:mandate:";

/// The page every SCO and AU launches.
pub const LAUNCH_PAGE: &str = "index.html";

pub use super::xml::escape_xml;

/// Percent-encodes a relative path for an `href`: every byte outside RFC 3986's
/// unreserved characters and `/`.
pub fn href(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `index.html?case=<id>`: where a scenario's SCO or AU starts.
pub fn launch_url(item_id: &str) -> String {
    format!("{LAUNCH_PAGE}?case={}", href(item_id))
}

/// A pass threshold as a fraction with two decimals: 70 → `0.70`, 100 → `1.00`.
pub fn mastery_fraction(threshold: u8) -> String {
    format!("{}.{:02}", threshold / 100, threshold % 100)
}

/// Whether `iri` is an absolute IRI: a scheme (`ALPHA *(ALPHA / DIGIT / "+" / "-" / ".")`),
/// `:`, then at least one character, none of them white space, controls or `<>"{}|\^` and backtick.
pub fn is_absolute_iri(iri: &str) -> bool {
    let Some((scheme, rest)) = iri.split_once(':') else {
        return false;
    };
    let scheme_ok = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    scheme_ok
        && !rest.is_empty()
        && !rest.chars().any(|c| {
            c.is_whitespace()
                || c.is_control()
                || matches!(c, '<' | '>' | '"' | '{' | '}' | '|' | '\\' | '^' | '`')
        })
}

/// The cmi5 course id: `<base><course id>`.
pub fn cmi5_course_iri(id_base: &str, course: &Course) -> String {
    format!("{id_base}{}", course.id)
}

/// The cmi5 AU id: `<base><course id>/<item id>`, unique to the course so packages of the
/// same scenario alone and in the course never share an AU id.
pub fn cmi5_au_iri(id_base: &str, course: &Course, item: &PackageItem) -> String {
    format!("{id_base}{}/{}", course.id, item.id)
}

fn is_plain_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

fn is_plain_path(path: &str) -> bool {
    !path.is_empty()
        && !path.contains('\\')
        && !path.chars().any(char::is_control)
        && path
            .split('/')
            .all(|segment| !matches!(segment, "" | "." | ".."))
}

/// Checks what every manifest relies on.
fn check(
    course: &Course,
    files: &[String],
    manifest_file: &'static str,
) -> Result<(), PackageError> {
    if !is_plain_id(&course.id) {
        return Err(PackageError::BadId(course.id.clone()));
    }
    if course.items.is_empty() {
        return Err(PackageError::NoItems);
    }
    for (n, item) in course.items.iter().enumerate() {
        if !is_plain_id(&item.id) {
            return Err(PackageError::BadId(item.id.clone()));
        }
        if course.items[..n].iter().any(|other| other.id == item.id) {
            return Err(PackageError::DuplicateItem(item.id.clone()));
        }
        if item.pass_threshold > 100 {
            return Err(PackageError::Threshold {
                id: item.id.clone(),
                value: item.pass_threshold,
            });
        }
    }
    if let Some(bad) = files.iter().find(|f| !is_plain_path(f)) {
        return Err(PackageError::BadFile(bad.clone()));
    }
    if files.iter().any(|f| f == manifest_file) {
        return Err(PackageError::ManifestInFiles(manifest_file));
    }
    if !files.iter().any(|f| f == LAUNCH_PAGE) {
        return Err(PackageError::NoLaunchPage);
    }
    Ok(())
}

/// The manifest of `kind` for `course`, whose zip holds `files` (relative paths, `/`
/// separators, without the manifest itself). `id_base` is used by cmi5 only.
pub fn manifest(
    kind: PackageKind,
    course: &Course,
    files: &[String],
    id_base: &str,
) -> Result<Manifest, PackageError> {
    let text = match kind {
        PackageKind::Scorm12 => scorm12_manifest(course, files)?,
        PackageKind::Scorm2004 => scorm2004_manifest(course, files)?,
        PackageKind::Cmi5 => cmi5_course_structure(course, files, id_base)?,
    };
    Ok(Manifest {
        file_name: kind.manifest_file(),
        text,
    })
}

/// Identifier of the resource that holds every file but the launch page.
const FILES_RESOURCE: &str = "RES-FILES";

/// The `<resources>` block both SCORM versions share: one SCO resource per item (its
/// launch URL, the launch page, a dependency on the files), and one asset resource with
/// every other file.
fn scorm_resources(out: &mut String, course: &Course, files: &[String], scorm_type_attr: &str) {
    let mut others: Vec<&String> = files.iter().filter(|f| *f != LAUNCH_PAGE).collect();
    others.sort();
    out.push_str("  <resources>\n");
    for item in &course.items {
        out.push_str(&format!(
            "    <resource identifier=\"RES-{id}\" type=\"webcontent\" {scorm_type_attr}=\"sco\" href=\"{launch}\">\n",
            id = item.id,
            launch = escape_xml(&launch_url(&item.id)),
        ));
        out.push_str(&format!("      <file href=\"{LAUNCH_PAGE}\"/>\n"));
        if !others.is_empty() {
            out.push_str(&format!(
                "      <dependency identifierref=\"{FILES_RESOURCE}\"/>\n"
            ));
        }
        out.push_str("    </resource>\n");
    }
    if !others.is_empty() {
        out.push_str(&format!(
            "    <resource identifier=\"{FILES_RESOURCE}\" type=\"webcontent\" {scorm_type_attr}=\"asset\">\n"
        ));
        for file in others {
            out.push_str(&format!(
                "      <file href=\"{}\"/>\n",
                escape_xml(&href(file))
            ));
        }
        out.push_str("    </resource>\n");
    }
    out.push_str("  </resources>\n");
}

/// `imsmanifest.xml` for SCORM 1.2: IMS CP 1.1.2 with the ADL `adlcp_rootv1p2`
/// extensions; each item carries `<adlcp:masteryscore>` = its pass threshold.
pub fn scorm12_manifest(course: &Course, files: &[String]) -> Result<String, PackageError> {
    check(course, files, "imsmanifest.xml")?;
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<manifest identifier=\"mandate-{id}\" version=\"1.0\"\n\
         \x20 xmlns=\"http://www.imsproject.org/xsd/imscp_rootv1p1p2\"\n\
         \x20 xmlns:adlcp=\"http://www.adlnet.org/xsd/adlcp_rootv1p2\"\n\
         \x20 xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n\
         \x20 xsi:schemaLocation=\"http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd \
         http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd \
         http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd\">\n",
        id = course.id
    ));
    out.push_str(
        "  <metadata>\n    <schema>ADL SCORM</schema>\n    <schemaversion>1.2</schemaversion>\n  </metadata>\n",
    );
    out.push_str(&format!(
        "  <organizations default=\"ORG-{id}\">\n    <organization identifier=\"ORG-{id}\">\n      <title>{title}</title>\n",
        id = course.id,
        title = escape_xml(&course.title)
    ));
    for item in &course.items {
        out.push_str(&format!(
            "      <item identifier=\"ITEM-{id}\" identifierref=\"RES-{id}\" isvisible=\"true\">\n\
             \x20       <title>{title}</title>\n\
             \x20       <adlcp:masteryscore>{mastery}</adlcp:masteryscore>\n\
             \x20     </item>\n",
            id = item.id,
            title = escape_xml(&item.title),
            mastery = item.pass_threshold,
        ));
    }
    out.push_str("    </organization>\n  </organizations>\n");
    scorm_resources(&mut out, course, files, "adlcp:scormtype");
    out.push_str("</manifest>\n");
    Ok(out)
}

/// `imsmanifest.xml` for SCORM 2004 4th edition: each item's primary objective is
/// satisfied by measure, with `minNormalizedMeasure` = pass threshold / 100 (the LMS hands
/// it to the content as `cmi.scaled_passing_score`).
pub fn scorm2004_manifest(course: &Course, files: &[String]) -> Result<String, PackageError> {
    check(course, files, "imsmanifest.xml")?;
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<manifest identifier=\"mandate-{id}\" version=\"1.0\"\n\
         \x20 xmlns=\"http://www.imsglobal.org/xsd/imscp_v1p1\"\n\
         \x20 xmlns:adlcp=\"http://www.adlnet.org/xsd/adlcp_v1p3\"\n\
         \x20 xmlns:adlseq=\"http://www.adlnet.org/xsd/adlseq_v1p3\"\n\
         \x20 xmlns:adlnav=\"http://www.adlnet.org/xsd/adlnav_v1p3\"\n\
         \x20 xmlns:imsss=\"http://www.imsglobal.org/xsd/imsss\"\n\
         \x20 xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n\
         \x20 xsi:schemaLocation=\"http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd \
         http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd \
         http://www.adlnet.org/xsd/adlseq_v1p3 adlseq_v1p3.xsd \
         http://www.adlnet.org/xsd/adlnav_v1p3 adlnav_v1p3.xsd \
         http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd\">\n",
        id = course.id
    ));
    out.push_str(
        "  <metadata>\n    <schema>ADL SCORM</schema>\n    <schemaversion>2004 4th Edition</schemaversion>\n  </metadata>\n",
    );
    out.push_str(&format!(
        "  <organizations default=\"ORG-{id}\">\n    <organization identifier=\"ORG-{id}\">\n      <title>{title}</title>\n",
        id = course.id,
        title = escape_xml(&course.title)
    ));
    for item in &course.items {
        out.push_str(&format!(
            "      <item identifier=\"ITEM-{id}\" identifierref=\"RES-{id}\">\n\
             \x20       <title>{title}</title>\n\
             \x20       <imsss:sequencing>\n\
             \x20         <imsss:objectives>\n\
             \x20           <imsss:primaryObjective objectiveID=\"PRIMARY-{id}\" satisfiedByMeasure=\"true\">\n\
             \x20             <imsss:minNormalizedMeasure>{measure}</imsss:minNormalizedMeasure>\n\
             \x20           </imsss:primaryObjective>\n\
             \x20         </imsss:objectives>\n\
             \x20         <imsss:deliveryControls completionSetByContent=\"true\" objectiveSetByContent=\"true\"/>\n\
             \x20       </imsss:sequencing>\n\
             \x20     </item>\n",
            id = item.id,
            title = escape_xml(&item.title),
            measure = mastery_fraction(item.pass_threshold),
        ));
    }
    out.push_str(
        "      <imsss:sequencing>\n        <imsss:controlMode choice=\"true\" flow=\"true\"/>\n      </imsss:sequencing>\n",
    );
    out.push_str("    </organization>\n  </organizations>\n");
    scorm_resources(&mut out, course, files, "adlcp:scormType");
    out.push_str("</manifest>\n");
    Ok(out)
}

/// `cmi5.xml`: the course and one AU per item, `moveOn="CompletedAndPassed"` with
/// `masteryScore` = pass threshold / 100, launched at a URL relative to the zip root.
/// Ids are `id_base` + course id (+ `/` + item id), which must be absolute IRIs.
pub fn cmi5_course_structure(
    course: &Course,
    files: &[String],
    id_base: &str,
) -> Result<String, PackageError> {
    check(course, files, "cmi5.xml")?;
    let course_iri = cmi5_course_iri(id_base, course);
    if !is_absolute_iri(id_base) || !is_absolute_iri(&course_iri) {
        return Err(PackageError::BadIdBase(id_base.to_string()));
    }
    let langstring = |indent: &str, text: &str| {
        format!(
            "{indent}  <langstring lang=\"en-US\">{}</langstring>\n",
            escape_xml(text)
        )
    };
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(
        "<courseStructure xmlns=\"https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd\">\n",
    );
    out.push_str(&format!("  <course id=\"{}\">\n", escape_xml(&course_iri)));
    out.push_str("    <title>\n");
    out.push_str(&langstring("    ", &course.title));
    out.push_str("    </title>\n    <description>\n");
    out.push_str(&langstring("    ", &course.description));
    out.push_str("    </description>\n  </course>\n");
    for item in &course.items {
        out.push_str(&format!(
            "  <au id=\"{id}\" moveOn=\"CompletedAndPassed\" masteryScore=\"{mastery}\" launchMethod=\"AnyWindow\">\n",
            id = escape_xml(&cmi5_au_iri(id_base, course, item)),
            mastery = mastery_fraction(item.pass_threshold),
        ));
        out.push_str("    <title>\n");
        out.push_str(&langstring("    ", &item.title));
        out.push_str("    </title>\n    <description>\n");
        out.push_str(&langstring("    ", &item.description));
        out.push_str("    </description>\n");
        out.push_str(&format!(
            "    <url>{}</url>\n  </au>\n",
            escape_xml(&launch_url(&item.id))
        ));
    }
    out.push_str("</courseStructure>\n");
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(id: &str, title: &str, pass: u8) -> PackageItem {
        PackageItem {
            id: id.to_string(),
            title: title.to_string(),
            description: format!("About {title}."),
            pass_threshold: pass,
        }
    }

    fn one(pass: u8) -> Course {
        Course {
            id: "purchasing-tech-leader".to_string(),
            title: "Purchasing at a technology leader".to_string(),
            description: "Negotiate with a supplier.".to_string(),
            items: vec![item(
                "purchasing-tech-leader",
                "Purchasing at a technology leader",
                pass,
            )],
        }
    }

    fn files() -> Vec<String> {
        ["index.html", "app-1.js", "app-1_bg.wasm", "assets/x.svg"]
            .map(String::from)
            .to_vec()
    }

    #[test]
    fn a_builtin_scenario_becomes_an_item_and_courses_name_their_files() {
        let entries = crate::core::builtin::load_all().unwrap();
        let s = &entries[0].scenario;
        let it = PackageItem::of(s);
        assert_eq!(it.id, "purchasing-tech-leader");
        assert_eq!(it.title, "Purchasing at a technology leader");
        assert_eq!(it.pass_threshold, 70);
        assert_eq!(
            it.description,
            "Purchasing negotiation with Ingrid Solberg, Key Account Director for medical OEMs at \
             Korrin Semiconductor. About 15 minutes; passed with a score of 70 or more."
        );
        let single = Course::single(it.clone());
        assert_eq!(single.id, "purchasing-tech-leader");
        assert_eq!(
            single.file_name(PackageKind::Scorm12),
            "mandate-purchasing-tech-leader-scorm12.zip"
        );
        let all = Course::all(
            entries
                .iter()
                .map(|e| PackageItem::of(&e.scenario))
                .collect(),
        );
        assert_eq!(all.file_name(PackageKind::Cmi5), "mandate-course-cmi5.zip");
        assert_eq!(all.items.len(), entries.len());
        assert!(
            all.description
                .starts_with(&format!("{} negotiation scenarios,", entries.len()))
        );
    }

    #[test]
    fn slugs_round_trip_and_name_the_manifest() {
        for kind in PackageKind::ALL {
            assert_eq!(PackageKind::from_slug(kind.slug()), Some(kind));
        }
        assert_eq!(PackageKind::from_slug("scorm"), None);
        assert_eq!(PackageKind::Scorm12.manifest_file(), "imsmanifest.xml");
        assert_eq!(PackageKind::Scorm2004.manifest_file(), "imsmanifest.xml");
        assert_eq!(PackageKind::Cmi5.manifest_file(), "cmi5.xml");
        assert_eq!(PackageKind::Scorm2004.to_string(), "SCORM 2004 4th Edition");
    }

    #[test]
    fn escaping_covers_the_five_xml_characters_and_drops_controls() {
        assert_eq!(
            escape_xml(r#"Tom & Jerry's <"deal">"#),
            "Tom &amp; Jerry&apos;s &lt;&quot;deal&quot;&gt;"
        );
        assert_eq!(escape_xml("a\u{1}b\u{8}c\td\u{1F}"), "abc\td");
        assert_eq!(escape_xml("Straße – 5 €"), "Straße – 5 €");
    }

    #[test]
    fn hrefs_are_percent_encoded_and_launch_urls_carry_the_case() {
        assert_eq!(href("assets/x.svg"), "assets/x.svg");
        assert_eq!(href("assets/my logo&co.svg"), "assets/my%20logo%26co.svg");
        assert_eq!(href("ü.css"), "%C3%BC.css");
        assert_eq!(
            launch_url("purchasing-tech-leader"),
            "index.html?case=purchasing-tech-leader"
        );
    }

    #[test]
    fn mastery_fractions_have_two_decimals() {
        assert_eq!(mastery_fraction(0), "0.00");
        assert_eq!(mastery_fraction(5), "0.05");
        assert_eq!(mastery_fraction(70), "0.70");
        assert_eq!(mastery_fraction(100), "1.00");
    }

    #[test]
    fn absolute_iris_need_a_scheme_and_no_spaces() {
        for good in [
            "urn:mandate:",
            "urn:mandate:course/x",
            "https://example.org/mandate/",
            "tag:example.org,2026:mandate/",
        ] {
            assert!(is_absolute_iri(good), "{good}");
        }
        for bad in [
            "",
            "mandate",
            ":x",
            "1urn:x",
            "urn:",
            "urn:a b",
            "https://x/<y>",
            "course/x",
        ] {
            assert!(!is_absolute_iri(bad), "{bad}");
        }
    }

    #[test]
    fn scorm12_manifest_is_exact() {
        let text = scorm12_manifest(&one(70), &files()).unwrap();
        assert_eq!(
            text,
            r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="mandate-purchasing-tech-leader" version="1.0"
  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="ORG-purchasing-tech-leader">
    <organization identifier="ORG-purchasing-tech-leader">
      <title>Purchasing at a technology leader</title>
      <item identifier="ITEM-purchasing-tech-leader" identifierref="RES-purchasing-tech-leader" isvisible="true">
        <title>Purchasing at a technology leader</title>
        <adlcp:masteryscore>70</adlcp:masteryscore>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="RES-purchasing-tech-leader" type="webcontent" adlcp:scormtype="sco" href="index.html?case=purchasing-tech-leader">
      <file href="index.html"/>
      <dependency identifierref="RES-FILES"/>
    </resource>
    <resource identifier="RES-FILES" type="webcontent" adlcp:scormtype="asset">
      <file href="app-1.js"/>
      <file href="app-1_bg.wasm"/>
      <file href="assets/x.svg"/>
    </resource>
  </resources>
</manifest>
"#
        );
    }

    #[test]
    fn scorm2004_manifest_is_exact() {
        let text = scorm2004_manifest(&one(65), &files()).unwrap();
        assert_eq!(
            text,
            r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="mandate-purchasing-tech-leader" version="1.0"
  xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
  xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3"
  xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3"
  xmlns:imsss="http://www.imsglobal.org/xsd/imsss"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd http://www.adlnet.org/xsd/adlseq_v1p3 adlseq_v1p3.xsd http://www.adlnet.org/xsd/adlnav_v1p3 adlnav_v1p3.xsd http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>2004 4th Edition</schemaversion>
  </metadata>
  <organizations default="ORG-purchasing-tech-leader">
    <organization identifier="ORG-purchasing-tech-leader">
      <title>Purchasing at a technology leader</title>
      <item identifier="ITEM-purchasing-tech-leader" identifierref="RES-purchasing-tech-leader">
        <title>Purchasing at a technology leader</title>
        <imsss:sequencing>
          <imsss:objectives>
            <imsss:primaryObjective objectiveID="PRIMARY-purchasing-tech-leader" satisfiedByMeasure="true">
              <imsss:minNormalizedMeasure>0.65</imsss:minNormalizedMeasure>
            </imsss:primaryObjective>
          </imsss:objectives>
          <imsss:deliveryControls completionSetByContent="true" objectiveSetByContent="true"/>
        </imsss:sequencing>
      </item>
      <imsss:sequencing>
        <imsss:controlMode choice="true" flow="true"/>
      </imsss:sequencing>
    </organization>
  </organizations>
  <resources>
    <resource identifier="RES-purchasing-tech-leader" type="webcontent" adlcp:scormType="sco" href="index.html?case=purchasing-tech-leader">
      <file href="index.html"/>
      <dependency identifierref="RES-FILES"/>
    </resource>
    <resource identifier="RES-FILES" type="webcontent" adlcp:scormType="asset">
      <file href="app-1.js"/>
      <file href="app-1_bg.wasm"/>
      <file href="assets/x.svg"/>
    </resource>
  </resources>
</manifest>
"#
        );
    }

    #[test]
    fn cmi5_course_structure_is_exact() {
        let text = cmi5_course_structure(&one(70), &files(), DEFAULT_ID_BASE).unwrap();
        assert_eq!(
            text,
            r#"<?xml version="1.0" encoding="UTF-8"?>
<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">
  <course id="urn:mandate:purchasing-tech-leader">
    <title>
      <langstring lang="en-US">Purchasing at a technology leader</langstring>
    </title>
    <description>
      <langstring lang="en-US">Negotiate with a supplier.</langstring>
    </description>
  </course>
  <au id="urn:mandate:purchasing-tech-leader/purchasing-tech-leader" moveOn="CompletedAndPassed" masteryScore="0.70" launchMethod="AnyWindow">
    <title>
      <langstring lang="en-US">Purchasing at a technology leader</langstring>
    </title>
    <description>
      <langstring lang="en-US">About Purchasing at a technology leader.</langstring>
    </description>
    <url>index.html?case=purchasing-tech-leader</url>
  </au>
</courseStructure>
"#
        );
    }

    #[test]
    fn a_course_has_one_sco_and_one_au_per_scenario_with_its_own_mastery_score() {
        let course = Course {
            id: "course".to_string(),
            title: "Mandate".to_string(),
            description: "Every case.".to_string(),
            items: vec![item("a-1", "A", 60), item("b-2", "B", 85)],
        };
        let s12 = scorm12_manifest(&course, &files()).unwrap();
        assert!(s12.contains(
            "<item identifier=\"ITEM-b-2\" identifierref=\"RES-b-2\" isvisible=\"true\">\n        <title>B</title>\n        <adlcp:masteryscore>85</adlcp:masteryscore>"
        ));
        assert!(s12.contains("adlcp:scormtype=\"sco\" href=\"index.html?case=a-1\""));
        assert_eq!(
            s12.matches("<dependency identifierref=\"RES-FILES\"/>")
                .count(),
            2
        );
        assert_eq!(s12.matches("<file href=\"assets/x.svg\"/>").count(), 1);
        let s2004 = scorm2004_manifest(&course, &files()).unwrap();
        assert!(s2004.contains("<imsss:minNormalizedMeasure>0.60</imsss:minNormalizedMeasure>"));
        assert!(s2004.contains("<imsss:minNormalizedMeasure>0.85</imsss:minNormalizedMeasure>"));
        let cmi5 = cmi5_course_structure(&course, &files(), "https://example.org/m/").unwrap();
        assert!(cmi5.contains("<course id=\"https://example.org/m/course\">"));
        assert!(cmi5.contains(
            "<au id=\"https://example.org/m/course/b-2\" moveOn=\"CompletedAndPassed\" masteryScore=\"0.85\" launchMethod=\"AnyWindow\">"
        ));
        assert!(cmi5.contains("<url>index.html?case=a-1</url>"));
    }

    #[test]
    fn titles_and_descriptions_are_escaped_everywhere() {
        let mut course = one(70);
        course.title = r#"Tom & Jerry's <"deal">"#.to_string();
        course.description = "x < y & z".to_string();
        course.items[0].title = "A & B > C".to_string();
        course.items[0].description = "'quoted'".to_string();
        let escaped = "Tom &amp; Jerry&apos;s &lt;&quot;deal&quot;&gt;";
        for kind in PackageKind::ALL {
            let m = manifest(kind, &course, &files(), DEFAULT_ID_BASE).unwrap();
            assert!(m.text.contains(escaped), "{kind}");
            assert!(m.text.contains("A &amp; B &gt; C"), "{kind}");
            assert!(!m.text.contains("Jerry's"), "{kind}");
        }
        let cmi5 = manifest(PackageKind::Cmi5, &course, &files(), DEFAULT_ID_BASE).unwrap();
        assert_eq!(cmi5.file_name, "cmi5.xml");
        assert!(cmi5.text.contains(">x &lt; y &amp; z</langstring>"));
        assert!(cmi5.text.contains(">&apos;quoted&apos;</langstring>"));
    }

    #[test]
    fn file_hrefs_are_encoded_and_escaped() {
        let mut list = files();
        list.push("assets/R&D logo.svg".to_string());
        let text = scorm12_manifest(&one(70), &list).unwrap();
        assert!(text.contains("<file href=\"assets/R%26D%20logo.svg\"/>"));
    }

    #[test]
    fn an_index_only_package_has_no_asset_resource() {
        let text = scorm12_manifest(&one(70), &["index.html".to_string()]).unwrap();
        assert!(!text.contains("RES-FILES"));
        assert!(
            text.contains("      <file href=\"index.html\"/>\n    </resource>\n  </resources>")
        );
    }

    #[test]
    fn bad_input_is_refused_with_a_reason() {
        let f = files();
        let mut course = one(70);
        course.items.clear();
        assert_eq!(scorm12_manifest(&course, &f), Err(PackageError::NoItems));

        let mut course = one(70);
        course.items.push(course.items[0].clone());
        assert_eq!(
            scorm2004_manifest(&course, &f),
            Err(PackageError::DuplicateItem("purchasing-tech-leader".into()))
        );

        let course = one(101);
        let err = scorm12_manifest(&course, &f).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the pass threshold of `purchasing-tech-leader` is 101; it must be from 0 to 100"
        );

        let mut course = one(70);
        course.items[0].id = "a b".into();
        assert_eq!(
            scorm12_manifest(&course, &f),
            Err(PackageError::BadId("a b".into()))
        );

        for bad in ["/etc/passwd", "a/../b", "a//b", "./a", "a\\b", ""] {
            let mut list = files();
            list.push(bad.to_string());
            assert_eq!(
                scorm12_manifest(&one(70), &list),
                Err(PackageError::BadFile(bad.into())),
                "{bad}"
            );
        }

        let no_index = vec!["app.js".to_string()];
        assert_eq!(
            manifest(PackageKind::Cmi5, &one(70), &no_index, DEFAULT_ID_BASE),
            Err(PackageError::NoLaunchPage)
        );

        let mut with_manifest = files();
        with_manifest.push("imsmanifest.xml".to_string());
        assert_eq!(
            scorm12_manifest(&one(70), &with_manifest)
                .unwrap_err()
                .to_string(),
            "the files already contain imsmanifest.xml, which the package writes itself"
        );
        // A SCORM manifest in the files does not bother a cmi5 package, and the other way round.
        assert!(cmi5_course_structure(&one(70), &with_manifest, DEFAULT_ID_BASE).is_ok());

        assert_eq!(
            cmi5_course_structure(&one(70), &f, "mandate/"),
            Err(PackageError::BadIdBase("mandate/".into()))
        );
        assert_eq!(
            cmi5_course_structure(&one(70), &f, "urn:my mandate:"),
            Err(PackageError::BadIdBase("urn:my mandate:".into()))
        );
    }
}
