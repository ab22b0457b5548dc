// The background reader: loads the app's Wasm module (embedded, no fetch)
// and reads each file it is sent through the Rust domain, posting progress.
import init, { analyseBlob } from './ttm-check.js';
import { wasmBytes } from './wasm-module.js';

const ready = wasmBytes().then((bytes) => init({ module_or_path: bytes }));
// The Wasm heap only grows, so its size after a file is the peak while reading
// it (shown for diagnostics and read by the benchmarks).
ready.then((wasm) => { globalThis.ttmWasmMemoryBytes = wasm.memory.buffer.byteLength; });
const queue = [];
let busy = false;

async function drain() {
  if (busy) return;
  busy = true;
  await ready;
  while (queue.length > 0) {
    const { id, blob, name, options, rates } = queue.shift();
    try {
      const t0 = performance.now();
      const result = analyseBlob(blob, name, options, rates, (done, total) => postMessage({ id, kind: 'progress', done, total }));
      globalThis.ttmLastReadMs = performance.now() - t0;
      globalThis.ttmWasmMemoryBytes = (await ready).memory.buffer.byteLength;
      postMessage({ id, kind: 'done', result });
    } catch (e) {
      postMessage({ id, kind: 'error', message: e instanceof Error ? e.message : String(e) });
    }
  }
  busy = false;
}

self.onmessage = (e) => {
  queue.push(e.data);
  drain();
};
