// The background reader: loads the app's Wasm module (embedded, no fetch)
// and reads each file it is sent through the Rust domain, posting progress.
import init, { analyseBlob } from './ttm-check.js';
import { wasmBytes } from './wasm-module.js';

const ready = wasmBytes().then((bytes) => init({ module_or_path: bytes }));
const queue = [];
let busy = false;

async function drain() {
  if (busy) return;
  busy = true;
  await ready;
  while (queue.length > 0) {
    const { id, blob, name, options, rates } = queue.shift();
    try {
      const result = analyseBlob(blob, name, options, rates, (done, total) => postMessage({ id, kind: 'progress', done, total }));
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
