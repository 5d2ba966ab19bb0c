#!/usr/bin/env bash
# Soak test of the scenario loader: runs tests/loader_fuzz.rs with far more cases than
# `cargo test` does (100 000). The loader must never panic, and its diagnostics and the
# scenarios it accepts must keep their promises (see the top of tests/loader_fuzz.rs).
#
#   scripts/fuzz.sh                          # 5 000 000 cases
#   scripts/fuzz.sh 20000000                 # another number of cases
#   MANDATE_FUZZ_SEED=0x2a scripts/fuzz.sh   # other cases (default: the test's fixed seed)
#   MANDATE_FUZZ_FROM=5000000 scripts/fuzz.sh  # start at case 5 000 000
#
# Built with --release for speed, but with overflow checks and debug assertions on (as
# in `cargo test`, so that arithmetic bugs still panic), panics unwinding (the release
# profile aborts), opt-level 3 and no LTO (the release profile optimises the wasm for
# size, which builds slowly and runs slower). Each of these can be overridden with the
# usual CARGO_PROFILE_RELEASE_* variables.
#
# Prints the number of cases, the time taken and a count per generator. Failing inputs,
# and a shrunk version of each, are written to target/fuzz-failures/; each failure also
# prints the command that reruns just that case.
set -euo pipefail
cd "$(dirname "$0")/.."

export CARGO_PROFILE_RELEASE_OVERFLOW_CHECKS="${CARGO_PROFILE_RELEASE_OVERFLOW_CHECKS:-true}"
export CARGO_PROFILE_RELEASE_DEBUG_ASSERTIONS="${CARGO_PROFILE_RELEASE_DEBUG_ASSERTIONS:-true}"
export CARGO_PROFILE_RELEASE_PANIC="${CARGO_PROFILE_RELEASE_PANIC:-unwind}"
export CARGO_PROFILE_RELEASE_OPT_LEVEL="${CARGO_PROFILE_RELEASE_OPT_LEVEL:-3}"
export CARGO_PROFILE_RELEASE_LTO="${CARGO_PROFILE_RELEASE_LTO:-false}"
export CARGO_PROFILE_RELEASE_CODEGEN_UNITS="${CARGO_PROFILE_RELEASE_CODEGEN_UNITS:-16}"

MANDATE_FUZZ_CASES=${1:-5000000} cargo test --release --test loader_fuzz -- --nocapture
