#!/usr/bin/env python3
# Vendored verbatim (below this comment) from the project's shared tools,
# ../shared/tools/check_scorm_manifest.py, so that CI on a fresh clone has it.
# It checks lms.md requirement 1; tests/package.rs runs it on every package.
# Usage: python3 tests/tools/check_scorm_manifest.py PACKAGE.zip  (prints OK or ERRORS, exit 1 on errors)
"""Structural smoke check for a SCORM zip: manifest at root, well-formed, refs resolve, files exist."""
import sys, zipfile, xml.etree.ElementTree as ET
z = zipfile.ZipFile(sys.argv[1]); names = set(z.namelist()); errs = []
if "imsmanifest.xml" not in names: errs.append("imsmanifest.xml not at zip root")
else:
    root = ET.fromstring(z.read("imsmanifest.xml"))
    ns = lambda t: [e for e in root.iter() if e.tag.split('}')[-1] == t]
    res = {r.get("identifier"): r for r in ns("resource")}
    ver = [e.text for e in ns("schemaversion")]
    for it in ns("item"):
        ref = it.get("identifierref")
        if ref and ref not in res: errs.append(f"item {it.get('identifier')} -> missing resource {ref}")
    for r in res.values():
        st = next((v for k, v in r.attrib.items() if k.split('}')[-1].lower() == "scormtype"), None)
        if st == "sco" and not r.get("href"): errs.append(f"SCO {r.get('identifier')} has no href")
        for f in [r.get("href")] + [f.get("href") for f in r if f.tag.split('}')[-1] == "file"]:
            if f and f.split("?")[0] not in names: errs.append(f"file listed but missing from zip: {f}")
    print("schemaversion:", ver, "resources:", list(res))
print("OK" if not errs else "ERRORS:\n  " + "\n  ".join(errs)); sys.exit(1 if errs else 0)
