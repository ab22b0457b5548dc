#!/usr/bin/env bash
# The native CLI on generated invoice reconciliation files of SIZE MB (default
# 1024): as CSV, as JSON lines (the Graph export's blobs), and as a .csv.gz of
# two gzip members. Throughput (of uncompressed data) and peak memory; fails
# when peak memory is over 200 MB. Part of `make bench`.
set -euo pipefail
cd "$(dirname "$0")/.."
size_mb=${1:-1024}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (Debian package 'time')"; exit 1; }
cargo build --release --quiet --bin ttm-check --example gen-invoice

# run NAME FILE UNCOMPRESSED_BYTES [BUDGET_MBPS]
run() {
  local name=$1 file=$2 bytes=$3 budget=${4:-}
  /usr/bin/time -f '%e %M' -o "$dir/time" ./target/release/ttm-check assess "$file" --as-of 2026-11-28 --compact > "$dir/out.json"
  local secs kb mbps verdict=""
  read -r secs kb < "$dir/time"
  mbps=$(awk -v b="$bytes" -v s="$secs" 'BEGIN { printf "%.0f", b / 1e6 / s }')
  if [ -n "$budget" ]; then
    if [ "$mbps" -ge "$budget" ]; then verdict=" (budget >= $budget MB/s: met)"; else verdict=" (budget >= $budget MB/s: NOT met)"; fi
  fi
  echo "cli: $((bytes >> 20)) MiB $name in ${secs} s = ${mbps} MB/s${verdict}, peak memory $((kb / 1024)) MiB"
  if [ "$kb" -ge $((200 * 1024)) ]; then
    echo "cli: peak memory over the 200 MB budget" >&2
    exit 1
  fi
}

./target/release/examples/gen-invoice "$size_mb" 400 > "$dir/recon.csv"
csv_bytes=$(stat -c %s "$dir/recon.csv")
run "invoice recon (CSV)" "$dir/recon.csv" "$csv_bytes"
# Two gzip members, as Partner Center writes them.
half=$((csv_bytes / 2))
{ head -c "$half" "$dir/recon.csv" | gzip -1; tail -c +"$((half + 1))" "$dir/recon.csv" | gzip -1; } > "$dir/recon.csv.gz"
run "invoice recon (.csv.gz, two members)" "$dir/recon.csv.gz" "$csv_bytes"
rm -f "$dir/recon.csv" "$dir/recon.csv.gz"
./target/release/examples/gen-invoice "$size_mb" 400 --jsonl > "$dir/blob.json"
run "invoice recon (JSON lines)" "$dir/blob.json" "$(stat -c %s "$dir/blob.json")" 300
