#!/usr/bin/env bash
# The floor of the learner's first download: how small the learner's wasm gets when
# everything the first scenario's play does not need is cut out of it.
#
# It builds the learner's wasm twice with the release profile, then runs wasm-bindgen and
# `wasm-opt -Oz` on each as Trunk does, and prints the gzip -9 sizes:
#   - as it is (HEAD and the working tree's changes);
#   - with bench/experiments/player-only.patch applied, in a scratch git worktree. The
#     patch is an experiment, never shipped: it removes the LMS launches and their
#     reporting, class sessions, the progress page and its reviews, opening a scenario file
#     (from the home screen or the address), the scenario map and the certificate. What
#     stays is the home screen, briefing, decisions, feedback, the ending and its debrief.
#   - the core alone, with no interface at all: bench/experiments/core-floor, a wasm
#     library that compiles src/core and exports one function doing what the first
#     scenario's play asks of the core (load the compiled-in scenario and library, read
#     the stored progress, start, choose, continue, score, build the debrief, look up
#     interface texts, write the progress back). No rendering layer, Yew or other, can
#     go below it without changing what the core ships.
# It also prints the gzip size of the texts compiled in (the first scenario, the strategy
# library, the English interface), which no rendering layer can remove.
#
# Usage: bench/floor.sh   (after scripts/setup.sh; takes about 4 minutes on 2 cores)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
OUT="$ROOT/target/bench/floor"
rm -rf "$OUT"
mkdir -p "$OUT"

# One build: cargo in $dir (target dir $target, then `cargo build` arguments), wasm-bindgen,
# wasm-opt -Oz; prints the sizes. $wasm is the file cargo writes (its stem).
measure() {
  local key=$1 label=$2 target=$3 dir=$4 wasm=$5
  shift 5
  mkdir -p "$OUT/$key"
  # The patch leaves unused code behind: its warnings go to a log, shown on failure.
  if ! (cd "$dir" && CARGO_TARGET_DIR="$target" cargo build --quiet --release \
    --target wasm32-unknown-unknown "$@") 2>"$OUT/$key/cargo.log"; then
    cat "$OUT/$key/cargo.log" >&2
    return 1
  fi
  wasm-bindgen --target web --no-typescript --out-dir "$OUT/$key" \
    "$target/wasm32-unknown-unknown/release/$wasm.wasm"
  wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$OUT/$key/${wasm}_bg.wasm" -o "$OUT/$key/opt.wasm"
  local raw gz
  raw=$(stat -c %s "$OUT/$key/opt.wasm")
  gz=$(gzip -9 -c "$OUT/$key/opt.wasm" | wc -c)
  printf '%-44s %9d B raw %9d B gzip (%.1f KB)\n' "$label" "$raw" "$gz" "$(echo "$gz / 1024" | bc -l)"
}

echo "== the learner's wasm after wasm-opt -Oz"
measure full "as built (learner, every feature)" "$ROOT/target" "$ROOT" mandate --bin mandate

WORKTREE=$(mktemp -d)
trap 'git -C "$ROOT" worktree remove --force "$WORKTREE" >/dev/null 2>&1 || true' EXIT
git worktree add --quiet --detach "$WORKTREE" HEAD
# The working tree's changes too, so the two builds differ by the patch alone.
git diff HEAD | (cd "$WORKTREE" && git apply --allow-empty)
(cd "$WORKTREE" && git apply "$ROOT/bench/experiments/player-only.patch")
measure player-only "player only (the experiment's patch)" "$ROOT/target/bench/floor-target" "$WORKTREE" \
  mandate --bin mandate

# The core alone: its own crate and Cargo.lock, built into its own target folder.
measure core "the core alone, no interface (core-floor)" "$ROOT/target/bench/core-floor-target" \
  "$ROOT/bench/experiments/core-floor" core_floor

echo
echo "== texts compiled in (gzip -9 of each, together)"
TEXTS=(scenarios/purchasing-tech-leader.mandate scenarios/strategies.mandate locales/en/*.txt)
printf '%-44s %9d B gzip\n' "first scenario + library + English interface" \
  "$(cat "${TEXTS[@]}" | gzip -9 | wc -c)"
echo
echo "Budget (issue 10): 120 KB gzip for everything the first scenario needs."
echo "The bare Yew app of bench/baseline measures 75 KB on its own (bench/run.mjs)."
