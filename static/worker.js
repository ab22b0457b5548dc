// The background reader: loads the app's Wasm module (embedded, no fetch)
// and reads each file it is sent through the Rust domain, posting progress.
// Slices of 16 MiB: the next one is asked for before the current one is
// parsed, so the browser reads while Wasm parses (smaller slices cost more
// in round trips than they save: 1 MiB read at ~110 MB/s, 16 MiB at ~180).
// A workbook's sheet is first turned into CSV by the workbook module,
// loaded the first time a workbook comes.
import init, { FileIngest } from './ttm-check.js';
import { wasmBytes } from './wasm-module.js';
import { workbookModule, isWorkbook } from './workbook-module.js';

const ready = wasmBytes().then((bytes) => init({ module_or_path: bytes }));
// The Wasm heap only grows, so its size after a file is the peak while reading
// it (shown for diagnostics and read by the benchmarks).
ready.then((wasm) => { globalThis.ttmWasmMemoryBytes = wasm.memory.buffer.byteLength; });
const queue = [];
let busy = false;
const SLICE = 16 << 20;

/** Reads `source` through a FileIngest, slice by slice, reading ahead. */
async function ingest(source, name, options, rates, progress) {
  const reader = new FileIngest(name, options, rates);
  const read = (at) => source.slice(at, Math.min(at + SLICE, source.size)).arrayBuffer();
  let next = source.size > 0 ? read(0) : null;
  try {
    for (let at = 0; at < source.size; at += SLICE) {
      let bytes;
      try {
        bytes = new Uint8Array(await next);
      } catch {
        throw new Error(`${name} could not be read (was it moved or deleted?)`);
      }
      next = at + SLICE < source.size ? read(at + SLICE) : null;
      reader.feed(bytes);
      progress(Math.min(at + SLICE, source.size), source.size);
    }
    return reader;
  } catch (e) {
    reader.free();
    throw e;
  }
}

/** For a workbook: its sheet as a CSV blob and the sheet's name, or why it cannot be read. */
async function sheetOf(blob, options) {
  if (!isWorkbook(new Uint8Array(await blob.slice(0, 4).arrayBuffer()))) return { source: blob };
  try {
    const workbook = await workbookModule();
    const { sheet, csv } = workbook.sheetCsv(new Uint8Array(await blob.arrayBuffer()), JSON.parse(options).sheet ?? undefined);
    return { source: new Blob([csv]), sheet };
  } catch (e) {
    return { source: new Blob([]), failure: e instanceof Error ? e.message : String(e) };
  }
}

async function drain() {
  if (busy) return;
  busy = true;
  await ready;
  while (queue.length > 0) {
    const { id, blob, name, options, rates } = queue.shift();
    try {
      const t0 = performance.now();
      const { source, sheet, failure } = await sheetOf(blob, options);
      const reader = await ingest(source, name, options, rates, (done, total) => postMessage({ id, kind: 'progress', done, total }));
      const result = reader.finish(sheet, failure);
      reader.free();
      globalThis.ttmLastReadMs = performance.now() - t0;
      globalThis.ttmLastResultChars = result.length;
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
