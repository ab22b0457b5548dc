#!/usr/bin/env bash
# Trunk's post-build hook (Trunk.toml). The page's CSP forbids every
# connection (connect-src 'none'), which also forbids fetching a .wasm file,
# so each Wasm module is embedded in a JS module instead (script-src 'self'
# allows those): gzip-compressed, then base64 (a server's own gzip brings
# base64 back to about the compressed size); static/wasm-module.js unpacks it
# with the browser's DecompressionStream (one member, written here). Three modules:
#
# 1. The page's module (feature `web`: the Yew app), which Trunk has just
#    built at the `page` profile (small).
# 2. The engine module (feature `engine`: what static/worker.js reads files
#    with, and the JS assess()), built here at the `engine` profile (fast).
#    The first screen does not wait for it: the worker loads it, and boot.js
#    loads it on the page once the app shows.
# 3. The workbook module (crates/ttm-check-xlsx: .xlsx in and out), built here; the
#    app loads it only when a workbook is read or exported.
#
# Any failing step (cargo, wasm-bindgen, gzip) fails the hook, and Trunk with
# it: a broken module is never embedded.
set -euo pipefail

# gzip data of FILE on stdout, the same bytes every time. A release build
# uses Zopfli (Google's, Debian's `zopfli`, installed by .ci/setup.sh): the
# same gzip format, any browser's DecompressionStream reads it, 5% smaller
# than `gzip -9` (the page's module 448 -> 426 KB, the engine's 400 -> 379
# KB) for some 2 s a module; `--i5` iterations, as the default 15 took half
# as long again for 70 bytes. A debug build, rebuilt at every change, keeps
# gzip's speed.
if [ "$TRUNK_PROFILE" = release ]; then
  command -v zopfli >/dev/null || { echo "post-build: zopfli is missing (.ci/setup.sh app installs it)" >&2; exit 1; }
  gz() { zopfli --i5 --gzip -c "$1"; }
else
  gz() { gzip -9 -n -c "$1"; }
fi

embed() { # embed WASM JS: WASM → JS module exporting its gzip+base64 text
  [ -s "$1" ] || { echo "post-build: $1 is missing or empty" >&2; exit 1; }
  { printf 'export default "'; gz "$1" | base64 -w0; printf '";\n'; } > "$2"
  rm "$1"
}

# bindgen WASM NAME: wasm-bindgen's JS glue and module for WASM as NAME.js and
# NAME_bg.wasm here. Its own messages are shown, but for its note on target
# features; its exit status is kept (the filter runs on the captured text).
bindgen() {
  local status=0 messages
  messages=$(wasm-bindgen --target web --no-typescript --out-dir . --out-name "$2" "$1" 2>&1) || status=$?
  if [ -n "$messages" ]; then grep -v target_features <<<"$messages" >&2 || true; fi
  if [ "$status" -ne 0 ]; then
    echo "post-build: wasm-bindgen failed (exit $status) on $1" >&2
    exit "$status"
  fi
}

cd "$TRUNK_STAGING_DIR"
embed ttm-check_bg.wasm ttm-check_wasm.js

target_dir="${CARGO_TARGET_DIR:-$TRUNK_SOURCE_DIR/target}/wasm32-unknown-unknown"
manifest="$TRUNK_SOURCE_DIR/Cargo.toml"
if [ "$TRUNK_PROFILE" = release ]; then
  engine_profile=engine; workbook_profile=release
else
  engine_profile=engine-dev; workbook_profile=dev
fi
dir() { if [ "$1" = dev ]; then echo "$target_dir/debug"; else echo "$target_dir/$1"; fi; }

# Cargo runs from the project's folder: it finds .cargo/config.toml
# (WebAssembly SIMD) from where it runs, and the staging folder is outside
# the project when the dist is (`trunk build --dist /elsewhere` built the
# modules without SIMD, at two thirds of the speed).
build() { (cd "$TRUNK_SOURCE_DIR" && cargo build --quiet --target wasm32-unknown-unknown --manifest-path "$manifest" "$@"); }

build --profile "$engine_profile" -p ttm-check --lib --no-default-features --features engine
bindgen "$(dir "$engine_profile")/ttm_check.wasm" ttm-check-engine
embed ttm-check-engine_bg.wasm ttm-check-engine_wasm.js

build --profile "$workbook_profile" -p ttm-check-xlsx
bindgen "$(dir "$workbook_profile")/ttm_check_xlsx.wasm" ttm-check-xlsx
embed ttm-check-xlsx_bg.wasm ttm-check-xlsx_wasm.js

# The app's first screen (static/first-screen.html, written by `make
# prerender` from the app's own render, and checked against it by
# tests/e2e/first-screen.test.mjs) into index.html, where the mark is (before
# #app): the page shows it before its module has arrived, and the app, once
# it has rendered its first screen in #app unseen, takes its place.
first_screen="$TRUNK_SOURCE_DIR/static/first-screen.html"
[ -s "$first_screen" ] || { echo "post-build: $first_screen is missing (make prerender writes it)" >&2; exit 1; }
[ "$(grep -c '^<!-- first screen -->$' index.html)" = 1 ] || { echo "post-build: index.html needs one line '<!-- first screen -->' before #app" >&2; exit 1; }
awk -v f="$first_screen" '$0 == "<!-- first screen -->" { while ((getline line < f) > 0) print line; close(f); next } { print }' index.html > index.html.new
mv index.html.new index.html

# A release build's scripts without their comments: each of ours (static/)
# and wasm-bindgen's glue reprinted by esbuild (Debian's `esbuild`, installed
# by .ci/setup.sh): the same code, statement for statement (no renaming, no
# bundling, no syntax lowered, text left in UTF-8), without the comments
# written for whoever reads the source, which were 7 KB of the 452 KB gzip
# the page loads before the app takes over. Not the embedded modules (no
# comments, only data) nor embed-example.js, which is read by embedders.
if [ "$TRUNK_PROFILE" = release ]; then
  command -v esbuild >/dev/null || { echo "post-build: esbuild is missing (.ci/setup.sh app installs it)" >&2; exit 1; }
  for f in *.js; do
    case "$f" in *_wasm.js | embed-example.js) continue ;; esac
    esbuild "$f" --charset=utf8 --log-level=warning --outfile="$f.tmp"
    mv "$f.tmp" "$f"
  done
fi

# Each text file beside a gzip and a Brotli copy of itself (`app.css.gz`,
# `app.css.br`), for hosts that serve precompressed files (nginx's
# gzip_static and brotli_static, Caddy's precompressed): the largest files
# are the embedded modules, text that either brings back to about their
# compressed size. The gzip copies are written as the modules are (`gz`
# above: no name or time inside), so a build gives the same bytes every time
# (Brotli's format has neither). Brotli is Google's own command-line tool
# (Debian's `brotli`, installed by .ci/setup.sh).
command -v brotli >/dev/null || { echo "post-build: brotli is missing (.ci/setup.sh app installs it)" >&2; exit 1; }
for f in *.html *.js *.css *.svg *.txt; do
  [ -f "$f" ] || continue
  gz "$f" > "$f.gz"
  brotli -q 11 -k -f "$f"
done
