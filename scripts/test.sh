#!/usr/bin/env bash
# Runs every test Mandate has, after installing whatever is missing:
#   1. formatting and lints (host and wasm32)
#   2. native tests of the pure core (cargo test), then every decoder's fuzz target for a
#      bounded budget (cargo-fuzz on the stable toolchain, installed when missing)
#   3. storage tests in headless Chromium (wasm-bindgen-test)
#   4. the release build (trunk, wasm-opt) and its size report, then the test build whose
#      deliberate panic tests/e2e/panic.test.mjs triggers
#   5. end-to-end tests: playwright-core drives Debian's Chromium against dist/ on loopback
# Ends with one line: "all layers: N passed, M failed".
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR=never
LOGS=target/test-logs
mkdir -p "$LOGS"
started=$(date +%s)
step() { printf "\n==> %s   [+%ss]\n" "$*" "$(( $(date +%s) - started ))"; }

step "cargo fmt --check"
cargo fmt --check

step "cargo clippy (host)"
cargo clippy --all-targets --locked -- -D warnings

step "cargo clippy (wasm32)"
cargo clippy --all-targets --locked --target wasm32-unknown-unknown -- -D warnings

step "native tests (cargo test)"
cargo test --locked 2>&1 | tee "$LOGS/native.log"

step "fuzzing every decoder, the CI budget (scripts/fuzz-decoders.sh: 8 s a target)"
scripts/fuzz-decoders.sh 2>&1 | tee "$LOGS/fuzz.log"

step "browser storage tests (wasm-bindgen-test in headless Chromium)"
CHROMEDRIVER="$(command -v chromedriver)" WASM_BINDGEN_TEST_TIMEOUT=120 \
  cargo test --locked --target wasm32-unknown-unknown --test browser_storage 2>&1 | tee "$LOGS/wasm.log"

step "release build (trunk build --release --offline)"
trunk build --release --offline
node scripts/size-report.mjs dist

step "the panic test build (scripts/build-panic-test.sh, for tests/e2e/panic.test.mjs)"
scripts/build-panic-test.sh

step "end-to-end tests (playwright-core + Debian chromium)"
cargo build --quiet --locked --bin mandate-cli
node --test --test-reporter=spec --test-concurrency=1 tests/e2e/ 2>&1 | tee "$LOGS/e2e.log"

# One closing line over all layers.
cargo_counts() { grep -hE '^test result:' "$@" | sed -E 's/.* ([0-9]+) passed; ([0-9]+) failed.*/\1 \2/'; }
read -r native_pass native_fail < <(cargo_counts "$LOGS/native.log" | awk '{p+=$1; f+=$2} END {print p+0, f+0}')
read -r wasm_pass wasm_fail < <(cargo_counts "$LOGS/wasm.log" | awk '{p+=$1; f+=$2} END {print p+0, f+0}')
e2e_pass=$(sed -nE 's/^ℹ pass ([0-9]+)$/\1/p' "$LOGS/e2e.log" | tail -1)
e2e_fail=$(sed -nE 's/^ℹ fail ([0-9]+)$/\1/p' "$LOGS/e2e.log" | tail -1)
printf '\nnative %s passed, %s failed · browser %s passed, %s failed · end-to-end %s passed, %s failed · %ss\n' \
  "$native_pass" "$native_fail" "$wasm_pass" "$wasm_fail" "${e2e_pass:-0}" "${e2e_fail:-0}" "$(( $(date +%s) - started ))"
echo "all layers: $((native_pass + wasm_pass + ${e2e_pass:-0})) passed, $((native_fail + wasm_fail + ${e2e_fail:-0})) failed"
