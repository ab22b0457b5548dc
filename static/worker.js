// The background reader: loads the app's Wasm module (embedded, no fetch)
// and reads each file it is sent through the Rust domain, posting progress.
import init, { analyseBlob } from './ttm-check.js';
import wasmBase64 from './ttm-check_wasm.js';

function decode(base64) {
  if (typeof Uint8Array.fromBase64 === 'function') return Uint8Array.fromBase64(base64);
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

const ready = init({ module_or_path: decode(wasmBase64) });
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
