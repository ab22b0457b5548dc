#!/usr/bin/env bash
# Runs .ci/run the way CI meets the project on a fresh machine: a clean clone
# of the committed HEAD (nothing uncommitted, no target/, dist/ or
# node_modules/), ../shared beside it, and an EMPTY crate cache (CARGO_HOME a
# new folder whose bin/ is the tools already installed, so only the crate
# registry, the sources and every build start from nothing). `make test-fresh`.
#
#   .ci/fresh-clone.sh [DIR]    DIR (default: a new folder under /tmp) is emptied first
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
[ -d "$src/../shared" ] || { echo "fresh-clone: no ../shared beside $src" >&2; exit 1; }
root=${1:-$(mktemp -d /tmp/ttm-fresh.XXXXXX)}
rm -rf "$root"
mkdir -p "$root/cargo"
git clone -q "$src" "$root/ttm-check"
cp -r "$src/../shared" "$root/shared"
ln -s "${CARGO_HOME:-$HOME/.cargo}/bin" "$root/cargo/bin"
echo "fresh clone of $(git -C "$src" rev-parse --short HEAD) in $root, CARGO_HOME=$root/cargo (empty but bin/)"
start=$(date +%s)
(cd "$root/ttm-check" && CI=true CARGO_HOME="$root/cargo" bash .ci/run)
secs=$(($(date +%s) - start))
echo "fresh clone, empty crate cache: .ci/run passed in $((secs / 60)) min $((secs % 60)) s"
