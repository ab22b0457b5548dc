// The background reader: loads the engine module (embedded, no fetch)
// and reads each file it is sent through the Rust domain, posting progress.
//
// A file is read as a stream (Blob.stream(), which the browser reads ahead
// while Wasm parses) into one reused 1 MiB buffer (a "BYOB" reader; see
// bytesOf). Measured on a 134 MB file in one worker, that read and fed 390-412
// MB/s against 320-340 MB/s for the stream's own chunks (a new buffer of ~2 MB
// each) and 190-300 MB/s for slices read with Blob.arrayBuffer(), with or
// without read-ahead; feeding alone ran at ~450 MB/s.
//
// A file of 64 MiB or more is read by up to N workers at once, N the page's
// `navigator.hardwareConcurrency` (the `readers` of its message; at least 2
// where there are two cores, at most 8): the file is cut into N parts at
// line starts; this reader reads the first, and helper workers (same script,
// given the compiled module and what this reader settled: columns, styles)
// each read one later part, from the moment the plan is settled (a few
// thousand lines in). One helper is started and warmed up with this reader;
// helpers are kept between files. At the end of its part each reader checks
// it is between two records (a line break inside quotes is not); a reader
// that is not reads on to the file's end, and the parts after its own are
// dropped. The parts' results are joined in order; the joined result equals
// one reader's (tests/properties.rs, join_parts).
//
// Smaller files queued together (a year of monthly files) are read side by
// side instead: this reader takes one, and up to N - 1 helpers each read
// another whole, as this reader would, their messages passed on to the page.
//
// The page and this worker speak in the messages described once in
// src/web/protocol.rs, as JSON text in `message`, each named by its one key:
// the page sends `{ read: { id, name, options, rates } }` with the `blob`
// beside it; this worker answers `{ started: { id } }` (`lent: true` for a
// file a helper reads whole), then
// `{ progress: { id, done, total } }`, and `{ done: { id } }` (with `result`
// beside it: the FinishedFile's JSON bytes, transferred) or
// `{ failed: { id, failure } }` (a FileError of src/domain/ingest/error.rs,
// `{ kind, ...values }`). Between this worker and its helpers the messages
// are this file's own (below), but for a whole file lent to a helper:
// `{ whole: read }`, answered in the page's protocol.
//
// A workbook's sheet is first turned into CSV by the workbook module,
// loaded the first time a workbook comes. A gzip file is fed as it is: the
// reader inflates it (every member, in any engine: src/domain/ingest/gzip.rs).
import init, { FileIngest } from './ttm-check-engine.js';
import { wasmBytes } from './wasm-module.js';
import { workbookModule } from './workbook-module.js';

// A helper reports progress every this many bytes.
const PROGRESS_BYTES = 16 << 20;
// Progress goes to the page at most this often (each one re-renders it).
const PROGRESS_MS = 100;
// What a file is, how many readers read it and where it is cut are the
// domain's decisions, the CLI's too (src/domain/ingest/kind.rs and
// reader/split.rs), asked of the engine module once it has started.
const HELPER = 'ttm-check-helper';

/**
 * What tests and benchmarks read of this worker (never revenue data): the one
 * namespaced object of `docs/architecture.md`, "Diagnostics" — `warm` (the reader and
 * its helper have warmed up), `lastReadMs`, `lastResultBytes`,
 * `wasmMemoryBytes`, `scanner` (the CSV scanner compiled in), `lastReaders`
 * (how many readers the last file was cut for) and `lastPartsJoined` (how
 * many of their parts were joined: fewer where a part did not end between
 * two records and its reader read on), `lastStreamReader` (`byob` when the
 * last file was read into one reused buffer, `default` when not).
 */
const diagnostics = (globalThis.ttmCheckDiagnostics ??= {});

let compiled = null;
let ready = null;
/**
 * The instance: from the embedded bytes, or the module a parent passed. A
 * start that fails is forgotten, so that the next file tries again.
 */
function start(module) {
  if (!ready) {
    const attempt = (module ? Promise.resolve(module) : wasmBytes().then((bytes) => WebAssembly.compile(bytes))).then((m) => {
      compiled = m;
      return init({ module_or_path: m });
    });
    // Forgotten only if it is still the current attempt.
    attempt.catch(() => { if (ready === attempt) ready = null; });
    ready = attempt;
  }
  return ready;
}

/** Posts a message of the protocol to the page (`extra` beside it, `transfer` moved). */
function tell(message, extra = {}, transfer = []) {
  postMessage({ message: JSON.stringify(message), ...extra }, transfer);
}

/** A file that cannot be read, for a reason of the protocol's `failure` kinds. */
class ReadFailure extends Error {
  constructor(failure) {
    super(failure.kind);
    this.failure = failure;
  }
}

/**
 * Why `e` stopped a file, as a FileError object: the reason it carries (a
 * ReadFailure, or the workbook module's `failure` JSON), else the reader's
 * own error, which is a bug.
 */
function failureOf(e) {
  if (e instanceof ReadFailure) return e.failure;
  if (typeof e?.failure === 'string') {
    try { return JSON.parse(e.failure); } catch { /* not the module's: below */ }
  }
  return { kind: 'reader_failed', detail: e instanceof Error ? e.message : String(e) };
}

// Bytes a reader asks the file for at a time.
const READ_BYTES = 1 << 20;

/**
 * A reader of `blob`'s bytes: into one buffer used over and over where the
 * browser's Blob streams are byte streams ("BYOB"), else the stream's own
 * chunks. `read()` gives the next bytes (a view, valid until the next
 * read), or null at the end. Measured on a 134 MB file in a worker: the
 * stream's own chunks (a new buffer each, ~2 MB) read and fed at 320-340
 * MB/s, one reused 1 MiB buffer at 390-412 MB/s, feeding alone ~450 MB/s.
 */
function bytesOf(blob) {
  const stream = blob.stream();
  let byob = null;
  try {
    byob = stream.getReader({ mode: 'byob' });
  } catch {
    // Not a byte stream in this browser: its chunks as they come.
  }
  diagnostics.lastStreamReader = byob === null ? 'default' : 'byob';
  if (byob === null) {
    const plain = stream.getReader();
    return { read: async () => { const c = await plain.read(); return c.done ? null : c.value; } };
  }
  let buffer = new ArrayBuffer(READ_BYTES);
  return {
    read: async () => {
      const c = await byob.read(new Uint8Array(buffer, 0, READ_BYTES));
      if (c.done) return null;
      buffer = c.value.buffer;
      return c.value;
    },
  };
}

/** Feeds `source` from `from` to `to` into `reader`; `each(done)` after every chunk. */
async function feed(reader, source, name, from, to, each) {
  const bytes = bytesOf(source.slice(from, to));
  let done = 0;
  for (;;) {
    let chunk;
    try {
      chunk = await bytes.read();
    } catch {
      throw new ReadFailure({ kind: 'unreadable', detail: null });
    }
    if (chunk === null) return;
    reader.feed(chunk);
    done += chunk.length;
    each(done);
  }
}

/** The first line start at or after `at`, or the end. */
async function lineStartNear(source, at) {
  const probe = new Uint8Array(await source.slice(at, at + (1 << 20)).arrayBuffer());
  const lf = probe.indexOf(10);
  return lf < 0 ? source.size : at + lf + 1;
}

/**
 * A new helper worker: it instantiates the compiled module and warms it up
 * (V8 optimises per worker, so the helper warms up too).
 */
function newHelper() {
  const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: HELPER });
  worker.postMessage({ module: compiled });
  return worker;
}

/** Idle helpers, warmed up, kept between files. */
const spares = [];

/**
 * A helper for a later part of a file: an idle one, or a new one;
 * `start(from, to, point)` gives it its part once this reader's plan is
 * settled. Its progress goes to `onProgress`; `result` is `{ result, lines,
 * toEnd }` (its FinishedFile's JSON bytes; the lines it read, when it ended
 * between two records; `toEnd` when it did not and read on to the file's
 * end), or null when it failed. `keep()` when it is idle again, `stop()`
 * when not; whichever comes first counts.
 */
function helperFor(source, name, options, rates, onProgress) {
  const worker = spares.pop() ?? newHelper();
  const result = new Promise((resolve) => {
    worker.onmessage = (e) => {
      if (e.data.kind === 'warm') diagnostics.warm = true;
      else if (e.data.kind === 'progress') onProgress(e.data.done);
      else resolve(e.data.kind === 'done' ? e.data : null);
    };
    worker.onerror = () => resolve(null);
  });
  let started = false;
  // Kept (back among the spares) or stopped, once: a helper kept is never
  // terminated by a later stop of the file's helpers.
  let settled = false;
  return {
    result,
    get started() { return started; },
    start(from, to, point) {
      started = true;
      worker.postMessage({ blob: source, from, to, point, name, options, rates });
    },
    keep() { if (!settled) { settled = true; spares.push(worker); } },
    stop() { if (!settled) { settled = true; worker.terminate(); } },
  };
}

/** Reads `source` into a FileIngest (`head` its first bytes); with helpers for large text files. */
async function ingest(source, head, name, options, rates, progress, readers) {
  const size = source.size;
  const n = FileIngest.readersFor(head, size, readers > 1 ? readers : 1);
  const done = new Array(n).fill(0);
  const report = () => progress(done.reduce((a, b) => a + b, 0), size);
  // The cuts: the domain's targets, each moved on to the next line start.
  const cuts = [0];
  for (const at of FileIngest.cutTargets(size, n)) {
    cuts.push(Math.max(cuts[cuts.length - 1], await lineStartNear(source, at)));
  }
  cuts.push(size);
  const helpers = [];
  for (let k = 1; k < n; k++) helpers.push(helperFor(source, name, options, rates, (d) => { done[k] = d; report(); }));
  const stopAll = () => { for (const h of helpers) h.stop(); };
  const reader = new FileIngest(name, options, rates);
  diagnostics.lastReaders = n;
  diagnostics.lastPartsJoined = 1;
  try {
    await feed(reader, source, name, 0, cuts[1], (d) => {
      done[0] = d;
      if (helpers.length > 0 && !helpers[0].started) {
        const point = reader.resumePoint();
        if (point) helpers.forEach((h, i) => h.start(cuts[i + 1], cuts[i + 2], point));
      }
      report();
    });
    const own = reader.boundary();
    if (helpers.length > 0 && helpers[0].started && own !== undefined) {
      // Join the parts in order, each after the lines before it; a part
      // that read on to the end covers the rest.
      let before = own;
      let k = 0;
      let failed = false;
      for (; k < helpers.length; k++) {
        const part = await helpers[k].result;
        if (part === null) { failed = true; break; }
        reader.join(part.result, before);
        helpers[k].keep();
        if (part.toEnd) { k += 1; break; }
        before += part.lines;
      }
      for (const h of helpers.slice(k)) h.stop();
      diagnostics.lastPartsJoined = failed ? 0 : k + 1;
      if (!failed) return reader;
      // A helper failed: read the whole file again with one reader.
      reader.free();
      return ingest(source, head, name, options, rates, progress, 1);
    }
    // The first part did not end between records, or the file was not
    // split (its plan came late, or one reader): read on alone.
    if (helpers.length > 0 && !helpers[0].started) helpers.forEach((h) => h.keep());
    else stopAll();
    done.fill(0);
    await feed(reader, source, name, cuts[1], size, (d) => { done[0] = cuts[1] + d; report(); });
    return reader;
  } catch (e) {
    stopAll();
    reader.free();
    throw e;
  }
}

/**
 * For a ZIP (a workbook, as the workbook module tells from its members):
 * its sheet as a CSV blob and the sheet's name, or why it cannot be read (a
 * FileError's JSON, for `finish`). Any other file is read as it is.
 */
async function sheetOf(blob, options, zip) {
  if (!zip) return { source: blob };
  try {
    const workbook = await workbookModule();
    const { sheet, csv } = workbook.sheetCsv(new Uint8Array(await blob.arrayBuffer()), JSON.parse(options).sheet ?? undefined);
    return { source: new Blob([csv]), sheet };
  } catch (e) {
    return { source: new Blob([]), failure: JSON.stringify(failureOf(e)) };
  }
}

const queue = [];
// This worker is reading a file (a small one, or a large one with helpers
// reading its parts).
let ownBusy = false;
// Small files lent to helpers, each read whole beside this worker's.
let lent = 0;

/**
 * Reads the files queued, in the order they came: a large file (or any
 * file with one core) alone, its parts split among every reader; small
 * files side by side, this worker and up to `readers` - 1 helpers each
 * reading one whole (a year of monthly files: each file too small to
 * split, but together worth every core). A large file waits for the small
 * ones before it. A reader that cannot start fails every file queued.
 */
async function drain() {
  let wasm;
  try {
    wasm = await start();
  } catch (e) {
    const failure = { kind: 'reader_not_started', detail: e instanceof Error ? e.message : String(e) };
    for (const { id } of queue.splice(0)) tell({ failed: { id, failure } });
    return;
  }
  const then = (done) => done.finally(() => drain());
  while (queue.length > 0) {
    const job = queue[0];
    const lanes = Math.min(Math.max(job.readers ?? 1, 1), FileIngest.maxReaders());
    const alone = lanes < 2 || job.blob.size >= FileIngest.parallelFrom();
    if (!ownBusy && (!alone || lent === 0)) {
      queue.shift();
      ownBusy = true;
      then(read(job, wasm).finally(() => { ownBusy = false; }));
    } else if (!alone && lent < lanes - 1) {
      queue.shift();
      lent += 1;
      diagnostics.filesLent = (diagnostics.filesLent ?? 0) + 1;
      then(readWhole(job, wasm).finally(() => { lent -= 1; }));
    } else {
      return;
    }
  }
}

/**
 * A small file read whole by a helper, its messages passed on to the page
 * as they come; read here instead should the helper fail.
 */
function readWhole(job, wasm) {
  const worker = spares.pop() ?? newHelper();
  return new Promise((resolve) => {
    worker.onmessage = (e) => {
      if (e.data.kind === 'warm') {
        diagnostics.warm = true;
        return;
      }
      if (typeof e.data.message !== 'string') return;
      const message = JSON.parse(e.data.message);
      // Should this worker die, the page knows the file is not its doing.
      if ('started' in message) tell({ started: { ...message.started, lent: true } });
      else postMessage(e.data, e.data.result ? [e.data.result.buffer] : []);
      if ('done' in message || 'failed' in message) {
        spares.push(worker);
        resolve();
      }
    };
    worker.onerror = (e) => {
      e.preventDefault();
      worker.terminate();
      resolve(read(job, wasm));
    };
    worker.postMessage({ whole: { ...job, readers: 1 } });
  });
}

/** One `read` message: the file read, and `done` or `failed` posted. */
async function read({ id, blob, name, options, rates, readers }, wasm) {
  tell({ started: { id } });
  try {
    const t0 = performance.now();
    let posted = 0;
    const progress = (done, total) => {
      const now = performance.now();
      if (now - posted < PROGRESS_MS && done < total) return;
      posted = now;
      tell({ progress: { id, done, total } });
    };
    const head = new Uint8Array(await blob.slice(0, FileIngest.headBytes()).arrayBuffer());
    let reader;
    let sheet;
    let failure;
    const skipped = FileIngest.skippedMember(name);
    if (skipped) {
      reader = new FileIngest(name, options, rates);
      failure = skipped;
    } else {
      let source;
      ({ source, sheet, failure } = await sheetOf(blob, options, FileIngest.kind(head) === 'zip'));
      const sourceHead = source === blob ? head : new Uint8Array(await source.slice(0, FileIngest.headBytes()).arrayBuffer());
      reader = await ingest(source, sourceHead, name, options, rates, progress, readers ?? 1);
    }
    const result = reader.finish(sheet, failure);
    reader.free();
    diagnostics.lastReadMs = performance.now() - t0;
    diagnostics.lastResultBytes = result.length;
    diagnostics.wasmMemoryBytes = wasm.memory.buffer.byteLength;
    // The result's JSON as bytes, handed over (transferred), not copied.
    tell({ done: { id } }, { result }, [result.buffer]);
  } catch (e) {
    tell({ failed: { id, failure: failureOf(e) } });
  }
}

/**
 * As a helper: reads its part of a file, `from` to `to`, with the first
 * reader's plan; where the part does not end between two records, it reads
 * on to the file's end (`toEnd`).
 */
async function help({ blob, from, to, point, options, rates }) {
  try {
    const wasm = await start();
    const reader = FileIngest.resume(options, rates, point);
    let last = 0;
    const each = (base) => (done) => {
      // Every 16 MiB is plenty for a progress bar.
      const at = base + done;
      if (at - last >= PROGRESS_BYTES || from + at >= blob.size) { last = at; postMessage({ kind: 'progress', done: at }); }
    };
    const end = to ?? blob.size;
    await feed(reader, blob, '', from, end, each(0));
    let lines = reader.boundary();
    let toEnd = false;
    if (lines === undefined && end < blob.size) {
      await feed(reader, blob, '', end, blob.size, each(end - from));
      toEnd = true;
      lines = 0;
    }
    const result = reader.finish(undefined, undefined);
    reader.free();
    diagnostics.wasmMemoryBytes = wasm.memory.buffer.byteLength;
    postMessage({ kind: 'done', result, lines: lines ?? 0, toEnd: toEnd || end >= blob.size }, [result.buffer]);
  } catch (e) {
    postMessage({ kind: 'error', message: e instanceof Error ? e.message : String(e) });
  }
}

if (self.name === HELPER) {
  // First the compiled module (instantiated at once), then the part to
  // read, or a whole file.
  self.onmessage = (e) => {
    if (e.data.module) {
      start(e.data.module).then(() => {
        FileIngest.warmUp();
        postMessage({ kind: 'warm' });
      }).catch(() => {});
    }
    else if (e.data.whole) start().then((wasm) => read(e.data.whole, wasm));
    else help(e.data);
  };
} else {
  // The app's reader starts loading the module at once (the page warms it
  // up), then runs the reader over sample lines so that V8 optimises its hot
  // functions before a file comes (FileIngest.warmUp).
  // `diagnostics.warm` tells benchmarks and tests when both are done.
  start().then((wasm) => {
    FileIngest.warmUp();
    diagnostics.scanner = FileIngest.scanner();
    diagnostics.wasmMemoryBytes = wasm.memory.buffer.byteLength;
    // The helper for large files, ready and warmed up before one comes.
    if ((navigator.hardwareConcurrency ?? 1) > 1) {
      const spare = newHelper();
      spare.onmessage = (e) => { if (e.data.kind === 'warm') diagnostics.warm = true; };
      spares.push(spare);
    } else {
      diagnostics.warm = true;
    }
  }, () => { /* the first file says why (drain) and tries again */ });
  self.onmessage = (e) => {
    queue.push({ ...JSON.parse(e.data.message).read, blob: e.data.blob });
    drain();
  };
}
