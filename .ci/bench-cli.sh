#!/usr/bin/env bash
# The native CLI on a generated 1 GB invoice reconciliation file: throughput
# and peak memory (budget: under 200 MB). Part of `make bench`.
set -euo pipefail
cd "$(dirname "$0")/.."
size_mb=${1:-1024}
file=$(mktemp --suffix=.csv)
trap 'rm -f "$file"' EXIT
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (Debian package 'time')"; exit 1; }
cargo build --release --quiet --bin ttm-check --example gen-invoice
./target/release/examples/gen-invoice "$size_mb" 400 > "$file"
bytes=$(stat -c %s "$file")
/usr/bin/time -f '%e %M' -o "$file.time" ./target/release/ttm-check assess "$file" --as-of 2026-11-28 --compact > /dev/null
read -r secs kb < "$file.time"; rm -f "$file.time"
mbps=$(awk -v b="$bytes" -v s="$secs" 'BEGIN { printf "%.0f", b / 1e6 / s }')
echo "cli: $((bytes >> 20)) MiB invoice recon in ${secs} s = ${mbps} MB/s, peak memory $((kb / 1024)) MiB"
if [ "$kb" -ge $((200 * 1024)) ]; then
  echo "cli: peak memory over the 200 MB budget" >&2
  exit 1
fi
