// The background reader: loads the app's Wasm module (embedded, no fetch)
// and reads each file it is sent through the Rust domain, posting progress.
//
// Slices of 16 MiB: the next one is asked for before the current one is
// parsed, so the browser reads while Wasm parses (smaller slices cost more
// in round trips than they save: 1 MiB read at ~110 MB/s, 16 MiB at ~180).
//
// A file of 64 MiB or more is read by two workers at once: this one reads up
// to a line start near the middle; a helper worker (same script, given the
// compiled module and what this reader settled: columns, styles) reads from
// there. At the split this reader checks it is between two records (a line
// break inside quotes is not); then the helper's result is joined to its
// own, else it reads on alone. The joined result equals one reader's
// (tests/properties.rs).
//
// A workbook's sheet is first turned into CSV by the workbook module,
// loaded the first time a workbook comes.
import init, { FileIngest } from './ttm-check.js';
import { wasmBytes } from './wasm-module.js';
import { workbookModule, isWorkbook } from './workbook-module.js';

const SLICE = 16 << 20;
const PARALLEL_FROM = 64 << 20;
const HELPER = 'ttm-check-helper';

let compiled = null;
let ready = null;
/** The instance: from the embedded bytes, or the module a parent passed. */
function start(module) {
  ready ??= (module ? Promise.resolve(module) : wasmBytes().then((bytes) => WebAssembly.compile(bytes))).then((m) => {
    compiled = m;
    return init({ module_or_path: m });
  });
  return ready;
}

/** Feeds `source` from `from` to `to` into `reader`, reading ahead; `each(done)` after every slice. */
async function feed(reader, source, name, from, to, each) {
  const read = (at) => source.slice(at, Math.min(at + SLICE, to)).arrayBuffer();
  let next = from < to ? read(from) : null;
  for (let at = from; at < to; at += SLICE) {
    let bytes;
    try {
      bytes = new Uint8Array(await next);
    } catch {
      throw new Error(`${name} could not be read (was it moved or deleted?)`);
    }
    next = at + SLICE < to ? read(at + SLICE) : null;
    reader.feed(bytes);
    each(Math.min(at + SLICE, to) - from);
  }
}

/** The first line start at or after `at`, or the end. */
async function lineStartNear(source, at) {
  const probe = new Uint8Array(await source.slice(at, at + (1 << 20)).arrayBuffer());
  const lf = probe.indexOf(10);
  return lf < 0 ? source.size : at + lf + 1;
}

/** The helper worker for the end of a file: its progress and its result. */
function helperFor(source, from, point, name, options, rates, onProgress) {
  const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: HELPER });
  const result = new Promise((resolve) => {
    worker.onmessage = (e) => {
      if (e.data.kind === 'progress') onProgress(e.data.done);
      else resolve(e.data.kind === 'done' ? e.data.result : null);
    };
    worker.onerror = () => resolve(null);
  });
  worker.postMessage({ module: compiled, blob: source, from, point, name, options, rates });
  return { worker, result };
}

/** Reads `source` into a FileIngest; with a helper for large files. */
async function ingest(source, name, options, rates, progress) {
  const reader = new FileIngest(name, options, rates);
  const size = source.size;
  const parallel = size >= PARALLEL_FROM && (navigator.hardwareConcurrency ?? 1) > 1;
  const split = parallel ? await lineStartNear(source, Math.floor(size / 2)) : size;
  let helper = null;
  let helperDone = 0;
  let ownDone = 0;
  const report = () => progress(ownDone + helperDone, size);
  try {
    await feed(reader, source, name, 0, split, (done) => {
      ownDone = done;
      if (!helper && split < size) {
        const point = reader.resumePoint();
        if (point) helper = helperFor(source, split, point, name, options, rates, (d) => { helperDone = d; report(); });
      }
      report();
    });
    if (helper) {
      const lines = reader.boundary();
      const later = lines === undefined ? null : await helper.result;
      helper.worker.terminate();
      if (later !== null) {
        reader.join(later, lines);
        return reader;
      }
      helperDone = 0;
    }
    // Not split (or the split fell inside a record): read on alone.
    await feed(reader, source, name, split, size, (done) => { ownDone = split + done; report(); });
    return reader;
  } catch (e) {
    helper?.worker.terminate();
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

const queue = [];
let busy = false;

async function drain() {
  if (busy) return;
  busy = true;
  const wasm = await start();
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
      globalThis.ttmWasmMemoryBytes = wasm.memory.buffer.byteLength;
      postMessage({ id, kind: 'done', result });
    } catch (e) {
      postMessage({ id, kind: 'error', message: e instanceof Error ? e.message : String(e) });
    }
  }
  busy = false;
}

/** As a helper: reads the end of a file from `from`, with the first reader's plan. */
async function help({ module, blob, from, point, options, rates }) {
  try {
    const wasm = await start(module);
    const reader = FileIngest.resume(options, rates, point);
    let last = 0;
    await feed(reader, blob, '', from, blob.size, (done) => {
      // Every 16 MiB is plenty for a progress bar.
      if (done - last >= SLICE || from + done >= blob.size) { last = done; postMessage({ kind: 'progress', done }); }
    });
    const result = reader.finish(undefined, undefined);
    reader.free();
    globalThis.ttmWasmMemoryBytes = wasm.memory.buffer.byteLength;
    postMessage({ kind: 'done', result });
  } catch (e) {
    postMessage({ kind: 'error', message: e instanceof Error ? e.message : String(e) });
  }
}

if (self.name === HELPER) {
  self.onmessage = (e) => help(e.data);
} else {
  // The app's reader starts loading the module at once (the page warms it up).
  start().then((wasm) => { globalThis.ttmWasmMemoryBytes = wasm.memory.buffer.byteLength; });
  self.onmessage = (e) => {
    queue.push(e.data);
    drain();
  };
}
