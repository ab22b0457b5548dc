#!/usr/bin/env bash
# Runs .ci/run the way CI meets the project on a fresh machine: a clean clone
# of the committed HEAD (nothing uncommitted, no target/, dist/ or
# node_modules/) with NOTHING beside it, and an EMPTY crate cache (CARGO_HOME
# a new folder elsewhere whose bin/ is the tools already installed, so only
# the crate registry, the sources and every build start from nothing). After
# the run, `git status --porcelain` in the clone must be empty.
# `make test-fresh`.
#
#   .ci/fresh-clone.sh [DIR]    DIR (default: a new folder under /tmp) is emptied first;
#                               the clone is DIR/ttm-check, alone in DIR
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
root=${1:-$(mktemp -d /tmp/ttm-fresh.XXXXXX)}
rm -rf "$root"
mkdir -p "$root"
cargo_home=$(mktemp -d /tmp/ttm-cargo.XXXXXX)
trap 'rm -rf "$cargo_home"' EXIT
git clone -q "$src" "$root/ttm-check"
ln -s "${CARGO_HOME:-$HOME/.cargo}/bin" "$cargo_home/bin"
echo "fresh clone of $(git -C "$src" rev-parse --short HEAD) in $root/ttm-check (nothing beside it: $(ls -A "$root" | tr '\n' ' ')), CARGO_HOME=$cargo_home (empty but bin/)"
start=$(date +%s)
(cd "$root/ttm-check" && CI=true CARGO_HOME="$cargo_home" bash .ci/run)
secs=$(($(date +%s) - start))
left=$(git -C "$root/ttm-check" status --porcelain)
if [ -n "$left" ]; then
  echo "fresh clone: the run left the tree changed:" >&2
  echo "$left" >&2
  exit 1
fi
echo "fresh clone, empty crate cache: .ci/run passed in $((secs / 60)) min $((secs % 60)) s; git status --porcelain empty"
