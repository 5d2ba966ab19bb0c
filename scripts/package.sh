#!/usr/bin/env bash
# Builds upload-ready LMS packages from a fresh release build:
#   packages/mandate-<case>-scorm12.zip    SCORM 1.2 (the one Moodle takes)
#   packages/mandate-<case>-scorm2004.zip  SCORM 2004 4th edition
#   packages/mandate-<case>-cmi5.zip       cmi5
# one set per built-in scenario, or packages/mandate-course-<standard>.zip with --course.
# Options go to `mandate-cli package` (see README, "LMS packages"), e.g.
#   scripts/package.sh --standard scorm12 --case purchasing-tech-leader
#   scripts/package.sh --course --id-base https://learning.example.com/mandate/
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
trunk build --release --offline
cargo run --quiet --locked --bin mandate-cli -- package "$@"
