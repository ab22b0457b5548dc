#!/usr/bin/env bash
# Trunk's post-build hook (Trunk.toml). The page's CSP forbids every
# connection (connect-src 'none'), which also forbids fetching a .wasm file,
# so each Wasm module is embedded in a JS module instead (script-src 'self'
# allows those): gzip-compressed, then base64 (a server's own gzip brings
# base64 back to about the compressed size); static/wasm-module.js unpacks it
# with the browser's DecompressionStream.
#
# 1. The app's module, which Trunk has just built.
# 2. The workbook module (src/workbook: .xlsx in and out), built here; the
#    app loads it only when a workbook is read or exported, so the first
#    screen does not carry it.
#
# Any failing step (cargo, wasm-bindgen, gzip) fails the hook, and Trunk with
# it: a broken module is never embedded.
set -euo pipefail

embed() { # embed WASM JS: WASM → JS module exporting its gzip+base64 text
  [ -s "$1" ] || { echo "post-build: $1 is missing or empty" >&2; exit 1; }
  { printf 'export default "'; gzip -9 -n -c "$1" | base64 -w0; printf '";\n'; } > "$2"
  rm "$1"
}
cd "$TRUNK_STAGING_DIR"
embed ttm-check_bg.wasm ttm-check_wasm.js

profile=debug
flag=
if [ "$TRUNK_PROFILE" = release ]; then profile=release; flag=--release; fi
target_dir="${CARGO_TARGET_DIR:-$TRUNK_SOURCE_DIR/target}"
cargo build $flag --quiet --target wasm32-unknown-unknown -p ttm-check-xlsx --manifest-path "$TRUNK_SOURCE_DIR/Cargo.toml"
# wasm-bindgen's own messages are shown, but for its note on target features;
# its exit status is kept (the filter runs on the captured text afterwards).
status=0
messages=$(wasm-bindgen --target web --no-typescript --out-dir . --out-name ttm-check-xlsx \
  "$target_dir/wasm32-unknown-unknown/$profile/ttm_check_xlsx.wasm" 2>&1) || status=$?
if [ -n "$messages" ]; then grep -v target_features <<<"$messages" >&2 || true; fi
if [ "$status" -ne 0 ]; then
  echo "post-build: wasm-bindgen failed (exit $status) on the workbook module" >&2
  exit "$status"
fi
embed ttm-check-xlsx_bg.wasm ttm-check-xlsx_wasm.js
