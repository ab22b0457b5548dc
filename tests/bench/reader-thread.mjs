// One thread of the engine module, in node's V8, without a browser: the
// Wasm reader's own speed, apart from reading the file and the page.
//   node tests/bench/reader-thread.mjs FILE RUNS [DIR...]
// Each DIR is a build of the engine module for node; without one, this
// builds the working tree's into a temporary directory (cargo, profile
// `engine`, and wasm-bindgen --target nodejs). The builds take turns, run
// after run; each run feeds the whole file in 1 MiB chunks (as the worker
// does) and finishes it. Prints each build's MB/s, median and all runs.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..', '..');
const [file, runsArg, ...given] = process.argv.slice(2);
if (!file) {
  console.error('usage: node tests/bench/reader-thread.mjs FILE RUNS [DIR...]');
  process.exit(2);
}
let dirs = given;
if (dirs.length === 0) {
  const out = mkdtempSync(join(tmpdir(), 'ttm-reader-'));
  const env = ['source .ci/wasm-env.sh',
    'cargo build --quiet --target wasm32-unknown-unknown --profile engine -p ttm-check --lib --no-default-features --features engine',
    // wasm-bindgen's note on target features is not for us (see .ci/post-build.sh).
    `{ out=$(wasm-bindgen --target nodejs --no-typescript --out-dir ${out} --out-name ttm-check-engine target/wasm32-unknown-unknown/engine/ttm_check.wasm 2>&1) || { echo "$out" >&2; exit 1; }; }`].join(' && ');
  execFileSync('bash', ['-c', env], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  dirs = [out];
}
const require = createRequire(import.meta.url);
const modules = dirs.map((d) => require(join(resolve(d), 'ttm-check-engine.js')));
const bytes = readFileSync(file);
const mb = bytes.length / 1e6;
const CHUNK = 1 << 20;
for (const { FileIngest } of modules) {
  // V8 optimises hot functions after a while: warmed up, as the worker is.
  FileIngest.warmUp();
  FileIngest.warmUp();
}
const speeds = dirs.map(() => []);
for (let run = 0; run < Number(runsArg ?? 5); run++) {
  for (const [k, { FileIngest }] of modules.entries()) {
    const t0 = performance.now();
    const reader = new FileIngest('bench.csv', '{}', '{}');
    for (let at = 0; at < bytes.length; at += CHUNK) reader.feed(bytes.subarray(at, Math.min(at + CHUNK, bytes.length)));
    reader.finish(undefined, undefined);
    speeds[k].push(mb / ((performance.now() - t0) / 1000));
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const [k, d] of dirs.entries()) {
  console.log(`${d}: ${median(speeds[k]).toFixed(0)} MB/s on one thread (${speeds[k].map((x) => x.toFixed(0)).join(', ')})`);
}
