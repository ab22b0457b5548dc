#!/usr/bin/env bash
# Runs every test: native cargo tests, wasm-bindgen tests in headless Chromium,
# and end-to-end tests of the release build. Fails on the first failure; ends
# with one summary line of what ran.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
# Sums "N passed" / "N failed" from cargo's and node's closing lines.
count() { { grep -Eo "$2" "$1" || true; } | { grep -Eo '[0-9]+' || true; } | awk '{s+=$1} END {print s+0}'; }

step "native: cargo test"
cargo test --workspace 2>&1 | tee "$logs/native"
native_pass=$(count "$logs/native" 'ok\. [0-9]+ passed')

step "dependencies: cargo deny (licences, bans, sources; offline)"
cargo deny --offline --config .ci/deny.toml check licenses bans sources 2>&1 | tail -n 3

step "browser: wasm-bindgen-test in headless Chromium"
(source .ci/wasm-env.sh && cargo test --target wasm32-unknown-unknown --no-default-features --features web --test web) 2>&1 | tee "$logs/wasm"
wasm_pass=$(count "$logs/wasm" 'ok\. [0-9]+ passed')

step "end-to-end: release build, served on loopback, driven in Chromium"
(source .ci/wasm-env.sh && trunk build --release) 2>&1 | tee "$logs/build" | tail -n 3
(cd tests/e2e && npm test) 2>&1 | tee "$logs/e2e"
e2e_pass=$(count "$logs/e2e" '^(# |ℹ )pass [0-9]+')

total=$((native_pass + wasm_pass + e2e_pass))
echo
echo "native ${native_pass}, wasm ${wasm_pass}, end-to-end ${e2e_pass}"
echo "summary: ${total} passed, 0 failed"
