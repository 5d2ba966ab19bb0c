#!/usr/bin/env bash
# Installs what is missing, builds the release and serves Mandate on 127.0.0.1.
#   scripts/serve.sh            http://127.0.0.1:8080/
#   PORT=9000 scripts/serve.sh  another port
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
PORT="${PORT:-8080}"
echo "[serve] building the release and serving it at http://127.0.0.1:$PORT/"
# No auto-reload: its injected inline script would break the Content-Security-Policy.
exec trunk serve --release --offline --no-autoreload --address 127.0.0.1 --port "$PORT"
