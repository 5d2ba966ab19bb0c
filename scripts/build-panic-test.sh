#!/usr/bin/env bash
# The test build for tests/e2e/panic.test.mjs: dist/ with the learner's binary replaced by
# one built with `--features panic-trigger`, which panics on purpose when the address has
# `panic=choice` and the learner takes a decision. A release never has that feature.
#
# Writes target/e2e-panic/dist/. Needs dist/ (trunk build --release --offline) first.
# The binary is a debug build: it compiles in about a minute and is only ever served on
# loopback to the test.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
[ -f dist/index.html ] || { echo "build-panic-test.sh: no dist/ (run trunk build --release --offline first)" >&2; exit 1; }

cargo build --quiet --locked --target wasm32-unknown-unknown --features panic-trigger --bin mandate
OUT=target/e2e-panic
rm -rf "$OUT"
mkdir -p "$OUT/bindgen"
wasm-bindgen --target web --no-typescript --out-dir "$OUT/bindgen" \
  target/wasm32-unknown-unknown/debug/mandate.wasm
cp -r dist "$OUT/dist"
# The learner's files keep their names, so that index.html and its loader load them.
js=$(cd "$OUT/dist" && ls mandate-*.js | grep -Ev '^mandate-(instructor|lms)-')
wasm=$(cd "$OUT/dist" && ls mandate-*_bg.wasm | grep -Ev '^mandate-(instructor|lms)-')
[ "$(echo "$js" | wc -l)" = 1 ] && [ "$(echo "$wasm" | wc -l)" = 1 ] \
  || { echo "build-panic-test.sh: expected one learner binary in dist/, found: $js $wasm" >&2; exit 1; }
cp "$OUT/bindgen/mandate.js" "$OUT/dist/$js"
cp "$OUT/bindgen/mandate_bg.wasm" "$OUT/dist/$wasm"
echo "build-panic-test.sh: $OUT/dist/ ($js and $wasm from the panic-trigger build)"
