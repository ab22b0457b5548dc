#!/usr/bin/env bash
# Runs every test: native cargo tests, wasm-bindgen tests in headless Chromium,
# and end-to-end tests of the release build. Fails on the first failure; ends
# with one summary line of what ran.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$HOME/.cargo/bin:$PATH"
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
# Sums "N passed" / "N failed" from cargo's and node's closing lines.
count() { { grep -Eo "$2" "$1" || true; } | { grep -Eo '[0-9]+' || true; } | awk '{s+=$1} END {print s+0}'; }
# True where rustup has the wasm32 target (clippy runs with it); false on the
# Debian fallback route of .ci/setup.sh.
wasm_clippy() { rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; }

# What the tree is before the run: a run must leave it so (screenshots and
# every other output go under target/, dist/ or node_modules/, all ignored).
tree_before=$(git status --porcelain 2>/dev/null || true)

step "fixtures: tests/data/fixtures are what generate.py writes (files and expected figures)"
python3 tests/data/fixtures/generate.py --check

step "format: cargo fmt --check (every crate, the fuzz crate too)"
cargo fmt --all --check
cargo fmt --check --manifest-path tests/fuzz/Cargo.toml

# The sources of every package of the graph, for every target (web-sys, yew,
# ...): the offline steps below (cargo deny reads the whole graph) need them,
# and a fresh machine has only what a native build downloads.
step "dependencies: cargo fetch (all targets)"
cargo fetch --locked

step "lint: cargo clippy, native, every target"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "lint: cargo clippy, wasm32 (the page's module, the engine module, each alone and with the browser tests; the workbook module)"
if wasm_clippy; then
  (source .ci/wasm-env.sh \
    && cargo clippy --locked --target wasm32-unknown-unknown --no-default-features --features web --lib -- -D warnings \
    && cargo clippy --locked --target wasm32-unknown-unknown --no-default-features --features engine --lib -- -D warnings \
    && cargo clippy --locked --target wasm32-unknown-unknown --no-default-features --features web,engine --lib --test web -- -D warnings \
    && cargo clippy --locked --target wasm32-unknown-unknown -p ttm-check-xlsx --lib -- -D warnings)
else
  echo "skipped: clippy for wasm32 needs rustup's wasm32 target (this machine builds wasm32 with Debian's Rust, which has no clippy)"
fi

step "native: cargo test"
cargo test --workspace --locked 2>&1 | tee "$logs/native"
native_pass=$(count "$logs/native" 'ok\. [0-9]+ passed')

step "dependencies: cargo deny (licences, bans, sources; offline)"
cargo deny --offline --config .ci/deny.toml check licenses bans sources 2>&1 | tail -n 3

step "browser: wasm-bindgen-test in headless Chromium"
(source .ci/wasm-env.sh && cargo test --locked --target wasm32-unknown-unknown --no-default-features --features web,engine --test web) 2>&1 | tee "$logs/wasm"
wasm_pass=$(count "$logs/wasm" 'ok\. [0-9]+ passed')

step "end-to-end: the release build"
(source .ci/wasm-env.sh && trunk build --release) 2>&1 | tee "$logs/build" | tail -n 3
e2e_pass=0
e2e_each=""
for engine in chromium firefox webkit; do
  step "end-to-end: served on loopback, driven in $engine"
  (cd tests/e2e && TTM_ENGINE=$engine npm test) 2>&1 | tee "$logs/e2e-$engine"
  n=$(count "$logs/e2e-$engine" '^(# |ℹ )pass [0-9]+')
  skipped=$(count "$logs/e2e-$engine" '^(# |ℹ )skipped [0-9]+')
  e2e_pass=$((e2e_pass + n))
  e2e_each="${e2e_each}${e2e_each:+, }$engine $n"
  if [ "$skipped" -gt 0 ]; then e2e_each="$e2e_each (+$skipped engine-specific, skipped)"; fi
done

step "the tree: as the run found it (git status --porcelain)"
tree_after=$(git status --porcelain 2>/dev/null || true)
if [ "$tree_after" != "$tree_before" ]; then
  echo "the run changed the working tree:" >&2
  diff <(echo "$tree_before") <(echo "$tree_after") >&2 || true
  exit 1
fi
echo "unchanged${tree_before:+ (it had uncommitted changes before the run, left as they were)}"

total=$((native_pass + wasm_pass + e2e_pass))
echo
echo "native ${native_pass}, wasm ${wasm_pass}, end-to-end ${e2e_pass} (${e2e_each})"
echo "summary: ${total} passed, 0 failed"
