#!/usr/bin/env bash
# Installs everything Mandate needs to build, serve and test — and nothing twice.
# Each step checks first (command -v / --version) and installs only what is
# missing or at the wrong version, so a second run takes a few seconds.
#
# Needs: rustup with the machine's Rust toolchain, Node.js 20+ with npm, and
# apt-get (as root or with sudo) for Debian's chromium and chromium-driver.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

TRUNK_VERSION=0.21.14
log() { printf '[setup] %s\n' "$*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

for tool in cargo rustup node npm; do
  command -v "$tool" >/dev/null || { echo "[setup] $tool is not installed; install it first (see README)" >&2; exit 1; }
done

# 1. The WebAssembly target.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# 2. Trunk, the exact version this project is built with (0.22 needs a newer rustc).
if ! trunk --version 2>/dev/null | grep -qx "trunk $TRUNK_VERSION"; then
  log "installing trunk $TRUNK_VERSION (takes 5-10 minutes on 2 cores)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

# 3. wasm-bindgen-cli at exactly the wasm-bindgen version in Cargo.lock.
#    (Not --locked: 0.2.130's own lock file wants a crate version the registry lacks.)
WASM_BINDGEN_VERSION=$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/"/, "", $3); print $3 }' Cargo.lock)
[ -n "$WASM_BINDGEN_VERSION" ] || { echo "[setup] no wasm-bindgen in Cargo.lock" >&2; exit 1; }
grep -q "^wasm_bindgen = \"$WASM_BINDGEN_VERSION\"" Trunk.toml || {
  echo "[setup] Trunk.toml must pin wasm_bindgen = \"$WASM_BINDGEN_VERSION\" (the Cargo.lock version)" >&2; exit 1; }
if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $WASM_BINDGEN_VERSION"; then
  log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (takes about 4 minutes)"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

# 4. Debian's Chromium and ChromeDriver, for the browser tests.
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  log "installing Debian's chromium and chromium-driver"
  as_root apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver
fi

# 5. npm dev dependencies from the committed lock file: binaryen (wasm-opt for Trunk)
#    and playwright-core. Reinstalled only when package-lock.json changes.
LOCK_HASH=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat node_modules/.mandate-lock-hash 2>/dev/null || true)" != "$LOCK_HASH" ]; then
  log "installing npm dev dependencies (npm ci)"
  npm ci --no-audit --no-fund
  echo "$LOCK_HASH" > node_modules/.mandate-lock-hash
fi
[ "$(node_modules/.bin/wasm-opt --version)" = "wasm-opt version 132 (version_132)" ] || {
  echo "[setup] node_modules/.bin/wasm-opt is not binaryen 132" >&2; exit 1; }

# 6. Ralph LRS for the cmi5 tests (tests/e2e/lrs.mjs): a Python venv in .lrs/venv with the
#    exact versions of tests/lrs/constraints.txt. Rebuilt only when that file changes.
command -v python3 >/dev/null || { echo "[setup] python3 is not installed; the cmi5 tests need it" >&2; exit 1; }
RALPH_HASH=$(sha256sum tests/lrs/constraints.txt | cut -d' ' -f1)
if [ "$(cat .lrs/venv/.mandate-constraints-hash 2>/dev/null || true)" != "$RALPH_HASH" ]; then
  log "installing Ralph (ralph-malph 5.1.0) into .lrs/venv for the cmi5 tests"
  rm -rf .lrs/venv
  if ! python3 -m venv .lrs/venv >/dev/null 2>&1; then
    log "installing Debian's python3-venv"
    rm -rf .lrs/venv
    as_root apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-venv
    python3 -m venv .lrs/venv
  fi
  .lrs/venv/bin/pip install -q --disable-pip-version-check -c tests/lrs/constraints.txt 'ralph-malph[cli,lrs]==5.1.0' requests
  echo "$RALPH_HASH" > .lrs/venv/.mandate-constraints-hash
fi

log "ready: $(trunk --version), $(wasm-bindgen --version), $(node_modules/.bin/wasm-opt --version), $(chromium --version 2>/dev/null | head -1)"
