#!/usr/bin/env python3
"""Structural check for a cmi5 zip, the cmi5 counterpart of check_scorm_manifest.py.

cmi5.xml at the zip root, well-formed, in the cmi5 CourseStructure namespace; one course
with an absolute IRI id, a title and a description; at least one AU; every AU and block id
an absolute IRI and unique; every AU url relative, its file (before `?`/`#`) in the zip;
masteryScore a decimal in 0..1; moveOn and launchMethod values the spec allows.
Usage: python3 tests/tools/check_cmi5_package.py PACKAGE.zip  (prints OK or ERRORS, exit 1 on errors)
"""
import re, sys, zipfile, xml.etree.ElementTree as ET
from urllib.parse import unquote, urlsplit

NS = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"
MOVE_ON = {"Passed", "Completed", "CompletedAndPassed", "CompletedOrPassed", "NotApplicable"}
LAUNCH_METHODS = {"AnyWindow", "OwnWindow"}
IRI = re.compile(r'^[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>"{}|\\^`]+$')
q = lambda tag: f"{{{NS}}}{tag}"

def check(path):
    errs = []
    try:
        z = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as e:
        return [f"not a readable zip: {e}"], None
    bad = z.testzip()
    if bad is not None: errs.append(f"corrupt entry in zip: {bad}")
    names = set(z.namelist())
    if "cmi5.xml" not in names:
        nested = sorted(n for n in names if n.endswith("/cmi5.xml"))
        return errs + ["cmi5.xml not at zip root" + (f" (found {', '.join(nested)})" if nested else "")], None
    try:
        root = ET.fromstring(z.read("cmi5.xml"))
    except ET.ParseError as e:
        return errs + [f"cmi5.xml is not well-formed: {e}"], None
    if root.tag != q("courseStructure"):
        return errs + [f"root element is {root.tag}, expected {q('courseStructure')}"], None
    ids = []
    def need_iri(kind, el):
        i = el.get("id")
        if not i: errs.append(f"{kind} has no id")
        elif not IRI.match(i): errs.append(f"{kind} id is not an absolute IRI: {i!r}")
        else: ids.append(i)
        return i
    def need_text(kind, el, child):
        c = el.find(q(child))
        if c is None or not [s for s in c.findall(q("langstring")) if (s.text or "").strip()]:
            errs.append(f"{kind} has no {child} langstring")
    courses = root.findall(q("course"))
    if len(courses) != 1: errs.append(f"expected exactly one course, found {len(courses)}")
    for c in courses:
        need_iri("course", c); need_text("course", c, "title"); need_text("course", c, "description")
    for b in root.iter(q("block")):
        need_iri(f"block {b.get('id')}", b); need_text(f"block {b.get('id')}", b, "title"); need_text(f"block {b.get('id')}", b, "description")
    aus = list(root.iter(q("au")))
    if not aus: errs.append("no au in the course structure")
    for au in aus:
        i = need_iri("au", au) or "?"
        need_text(f"au {i}", au, "title"); need_text(f"au {i}", au, "description")
        url_el = au.find(q("url"))
        url = (url_el.text or "").strip() if url_el is not None else ""
        if not url: errs.append(f"au {i} has no url")
        else:
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or url.startswith("/"):
                errs.append(f"au {i} url is not relative: {url}")
            elif unquote(parts.path) not in names:
                errs.append(f"au {i} launches a file missing from zip: {parts.path}")
        ms = au.get("masteryScore")
        if ms is not None:
            try: ok = re.fullmatch(r"\d+(\.\d+)?|\.\d+", ms) and 0.0 <= float(ms) <= 1.0
            except ValueError: ok = False
            if not ok: errs.append(f"au {i} masteryScore is not a decimal in 0..1: {ms!r}")
        mo = au.get("moveOn")
        if mo is not None and mo not in MOVE_ON: errs.append(f"au {i} moveOn is not one of {sorted(MOVE_ON)}: {mo!r}")
        lm = au.get("launchMethod")
        if lm is not None and lm not in LAUNCH_METHODS: errs.append(f"au {i} launchMethod is not one of {sorted(LAUNCH_METHODS)}: {lm!r}")
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes: errs.append(f"ids used twice: {', '.join(dupes)}")
    return errs, [(au.get("id"), au.get("masteryScore"), au.findtext(q("url"))) for au in aus]

if __name__ == "__main__":
    if len(sys.argv) != 2: sys.exit("usage: check_cmi5_package.py PACKAGE.zip")
    errs, aus = check(sys.argv[1])
    if aus is not None: print("aus:", aus)
    print("OK" if not errs else "ERRORS:\n  " + "\n  ".join(errs)); sys.exit(1 if errs else 0)
