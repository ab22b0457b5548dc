// The background reader: loads the engine module (embedded, no fetch) and
// reads each file it is sent through the Rust domain, posting progress.
// What a file is, how many readers read it, where it is cut and how the
// parts are joined are the domain's decisions, the CLI's too
// (src/domain/ingest/kind.rs, reader/split.rs), asked of the engine module;
// this script keeps the streams (reading.js), the workers and the queue.
//
// A text file of 64 MiB or more is read by up to N workers at once, N the
// page's `navigator.hardwareConcurrency` (the `readers` of its message; at
// least 2 where there are two cores, at most 8): the file is cut into N
// parts at line starts; this reader reads the first, and helper workers
// (same script, started by the page at this reader's request and joined to
// it by a MessageChannel, given the compiled module) each read one later part, from
// the moment this reader's plan is settled (a few thousand lines in). One
// helper is started and warmed up with this reader; helpers are kept
// between files. A helper whose part does not end between two records (a
// line break inside quotes) reads on to the file's end, and the parts after
// it are dropped; the parts' results are joined in order by the engine
// (FileIngest.joinPart, the CLI's PartJoin): the joined result equals one
// reader's (tests/parts.rs).
//
// Smaller files queued together (a year of monthly files) are read side by
// side instead: this reader takes one, and up to N - 1 helpers each read
// another whole, as this reader would, their messages passed on to the page.
//
// Every message (to and from the page, to and from the helpers) is one of
// src/protocol.rs, built by protocol.js. A workbook's sheet is first
// turned into CSV by the workbook module, loaded the first time a workbook
// comes; gzip is fed as it is (the reader inflates it, every member).
import init, { FileIngest } from './ttm-check-engine.js';
import { wasmBytes } from './wasm-module.js';
import { workbookModule } from './workbook-module.js';
import { fromHelper, fromReader, failures, post, read as readMessage, toHelper } from './protocol.js';
import { ReadFailure, feed, lineStartNear } from './reading.js';

// A helper reports progress every this many bytes.
const PROGRESS_BYTES = 16 << 20;
// Progress goes to the page at most this often (each one re-renders it).
const PROGRESS_MS = 100;
const HELPER = 'ttm-check-helper';
// The name the page gives a reader started again after one that froze as it
// started: it starts no helper ahead of the first large file (Firefox, now
// and then, freezes a module worker as it starts a nested one at once).
const NO_SPARE = 'ttm-check-reader-no-spare';

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

/** Why `e` stopped a file: the reason it carries, else the engine's error, which is a bug. */
function failureOf(e) {
  if (e instanceof ReadFailure) return e.failure;
  return failures.readerFailed(e instanceof Error ? e.message : String(e));
}

/** A reader for file `name`, with the values of its `read` message (handed to the engine as JSON). */
function newIngest(name, options, rates) {
  return new FileIngest(name, JSON.stringify(options), JSON.stringify(rates));
}

/** The first bytes of `blob` that tell what it is. */
async function headOf(blob) {
  return new Uint8Array(await blob.slice(0, FileIngest.headBytes()).arrayBuffer());
}

// The helpers' numbers, and the helpers by number (for the page's word
// that one failed).
let helpers = 0;
const helperById = new Map();

/**
 * A new helper worker: it instantiates the compiled module and warms it up
 * (V8 optimises per worker, so the helper warms up too). The page starts
 * it, at this reader's request, and hands it one end of a MessageChannel
 * whose other end is this reader's: Firefox froze about one reader in ten
 * that started a worker itself (`new Worker` in a worker), for good. The
 * handle speaks as a Worker does (postMessage, onmessage, onerror,
 * terminate), over the port.
 */
function newHelper() {
  const { port1, port2 } = new MessageChannel();
  const helper = ++helpers;
  post(self, fromReader.startHelper(helper), { port: port2 }, [port2]);
  const handle = {
    onerror: null,
    postMessage: (data, transfer) => port1.postMessage(data, transfer),
    set onmessage(handler) { port1.onmessage = handler; },
    terminate() {
      if (!helperById.delete(helper)) return;
      port1.close();
      post(self, fromReader.stopHelper(helper));
    },
  };
  helperById.set(helper, handle);
  post(handle, toHelper.start(), { module: compiled });
  return handle;
}

/** The page says helper `helper`'s worker failed: whoever holds it does without it. */
function helperFailed(helper) {
  const handle = helperById.get(helper);
  const spare = spares.indexOf(handle);
  if (spare >= 0) spares.splice(spare, 1);
  handle?.onerror?.({ preventDefault() {} });
  handle?.terminate();
}

/** Idle helpers, warmed up, kept between files. */
const spares = [];

/** The handler of a helper's messages: `warm` noted here, the others to `on(name, fields, data)`. */
function listen(worker, on) {
  worker.onmessage = (e) => {
    const [name, fields] = readMessage(e.data);
    if (name === 'warm') diagnostics.warm = true;
    else if (name !== null) on(name, fields, e.data);
  };
}

/**
 * A helper for a later part of a file: an idle one, or a new one;
 * `start(from, to, point)` gives it its part once this reader's plan is
 * settled. Its progress goes to `onProgress`; `result` is `{ result, lines,
 * toEnd }` (its FinishedFile's JSON bytes; the lines it read, when it ended
 * between two records; `toEnd` when it read on to the file's end), or null
 * when it failed. `keep()` when it is idle again, `stop()` when not;
 * whichever comes first counts.
 */
function helperFor(source, options, rates, onProgress) {
  const worker = spares.pop() ?? newHelper();
  const result = new Promise((resolve) => {
    listen(worker, (name, fields, data) => {
      if (name === 'progress') onProgress(fields.done);
      else resolve(name === 'done' ? { result: data.result, lines: fields.lines, toEnd: fields.to_end } : null);
    });
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
      post(worker, toHelper.part(from, to, point, options, rates), { blob: source });
    },
    keep() { if (!settled) { settled = true; spares.push(worker); } },
    stop() { if (!settled) { settled = true; worker.terminate(); } },
  };
}

/** Reads `source` into a FileIngest (`head` its first bytes); with helpers for a large text file. */
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
  for (let k = 1; k < n; k++) helpers.push(helperFor(source, options, rates, (d) => { done[k] = d; report(); }));
  const stopAll = () => { for (const h of helpers) h.stop(); };
  const reader = newIngest(name, options, rates);
  diagnostics.lastReaders = n;
  diagnostics.lastPartsJoined = 1;
  try {
    await feed(reader, source, 0, cuts[1], (d) => {
      done[0] = d;
      if (helpers.length > 0 && !helpers[0].started) {
        const point = reader.resumePoint();
        if (point !== undefined) helpers.forEach((h, i) => h.start(cuts[i + 1], cuts[i + 2], JSON.parse(point)));
      }
      report();
    }, diagnostics);
    if (helpers.length > 0 && helpers[0].started && reader.boundary() !== undefined) {
      // The parts joined in order by the engine, until one read on to the end.
      let k = 0;
      let failed = false;
      while (k < helpers.length) {
        const part = await helpers[k].result;
        if (part === null) { failed = true; break; }
        helpers[k].keep();
        k += 1;
        if (!reader.joinPart(part.result, part.toEnd ? undefined : part.lines)) break;
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
    await feed(reader, source, cuts[1], size, (d) => { done[0] = cuts[1] + d; report(); }, diagnostics);
    return reader;
  } catch (e) {
    stopAll();
    reader.free();
    throw e;
  }
}

/**
 * For a ZIP (a workbook, as the workbook module tells from its members):
 * its sheet as a CSV blob and the sheet's name, or why it cannot be read
 * (the module's reason, a FileError as the Rust side wrote it, handed to
 * `finish` unread). Any other file is read as it is.
 */
async function sheetOf(blob, options, zip) {
  if (!zip) return { source: blob };
  try {
    const workbook = await workbookModule();
    const { sheet, csv } = workbook.sheetCsv(new Uint8Array(await blob.arrayBuffer()), options.sheet ?? undefined);
    return { source: new Blob([csv]), sheet };
  } catch (e) {
    if (typeof e?.failure === 'string') return { source: new Blob([]), failure: e.failure };
    throw e;
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
    const failure = failures.readerNotStarted(e instanceof Error ? e.message : String(e));
    for (const { id } of queue.splice(0)) post(self, fromReader.failed(id, failure));
    return;
  }
  const then = (done) => done.finally(() => drain());
  while (queue.length > 0) {
    const job = queue[0];
    const lanes = Math.min(Math.max(job.readers ?? 1, 1), FileIngest.maxReaders());
    const alone = lanes < 2 || (job.blob?.size ?? 0) >= FileIngest.parallelFrom();
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
    listen(worker, (name, fields, data) => {
      // Should this worker die, the page knows the file is not its doing.
      if (name === 'started') post(self, fromReader.started(fields.id, true));
      else postMessage(data, data.result ? [data.result.buffer] : []);
      if (name === 'done' || name === 'failed') {
        spares.push(worker);
        resolve();
      }
    });
    worker.onerror = (e) => {
      e.preventDefault();
      worker.terminate();
      resolve(read(job, wasm));
    };
    post(worker, toHelper.whole(job), { blob: job.blob });
  });
}

// Where this worker's answers go: the page, for the reader; the reader's
// port, for a helper (set by its first message).
let upstream = self;

/** One file to read (a `read` job): read, and `done` or `failed` posted. */
async function read({ id, blob, name, options, rates, readers, rows }, wasm) {
  post(upstream, fromReader.started(id));
  try {
    const t0 = performance.now();
    let posted = 0;
    const progress = (done, total) => {
      const now = performance.now();
      if (now - posted < PROGRESS_MS && done < total) return;
      posted = now;
      post(upstream, fromReader.progress(id, done, total));
    };
    let reader;
    let sheet;
    let failure = FileIngest.skippedMember(name);
    if (failure !== undefined) {
      reader = newIngest(name, options, rates);
    } else if (rows) {
      // A table handed over as values (the own check's typed purchases).
      reader = newIngest(name, options, rates);
      reader.feedRows(JSON.stringify(rows));
    } else {
      const head = await headOf(blob);
      let source;
      ({ source, sheet, failure } = await sheetOf(blob, options, FileIngest.kind(head) === 'zip'));
      reader = await ingest(source, source === blob ? head : await headOf(source), name, options, rates, progress, readers ?? 1);
    }
    const result = reader.finish(sheet, failure);
    reader.free();
    diagnostics.lastReadMs = performance.now() - t0;
    diagnostics.lastResultBytes = result.length;
    diagnostics.wasmMemoryBytes = wasm.memory.buffer.byteLength;
    // The result's JSON as bytes, handed over (transferred), not copied.
    post(upstream, fromReader.done(id), { result }, [result.buffer]);
  } catch (e) {
    post(upstream, fromReader.failed(id, failureOf(e)));
  }
}

/**
 * As a helper: reads its part of a file, `from` to `to`, with the first
 * reader's plan; where the part does not end between two records, it reads
 * on to the file's end (`to_end`).
 */
async function help({ from, to, point, options, rates }, blob) {
  try {
    const wasm = await start();
    const reader = FileIngest.resume(JSON.stringify(options), JSON.stringify(rates), JSON.stringify(point));
    let last = 0;
    const each = (base) => (done) => {
      // Every 16 MiB is plenty for a progress bar.
      const at = base + done;
      if (at - last >= PROGRESS_BYTES || from + at >= blob.size) { last = at; post(upstream, fromHelper.progress(at)); }
    };
    await feed(reader, blob, from, to, each(0), diagnostics);
    let lines = reader.boundary();
    let toEnd = to >= blob.size;
    if (lines === undefined && !toEnd) {
      await feed(reader, blob, to, blob.size, each(to - from), diagnostics);
      toEnd = true;
    }
    const result = reader.finish(undefined, undefined);
    reader.free();
    diagnostics.wasmMemoryBytes = wasm.memory.buffer.byteLength;
    post(upstream, fromHelper.done(toEnd ? 0 : lines, toEnd), { result }, [result.buffer]);
  } catch (e) {
    post(upstream, fromHelper.failed(e instanceof Error ? e.message : String(e)));
  }
}

if (self.name === HELPER) {
  // Started by the page for a reader (src/web/worker.rs): the page's one
  // message is the port to the reader, and everything else comes and goes
  // through it: first the compiled module (instantiated at once), then a
  // part to read, or a whole file.
  self.onmessage = (first) => {
    if (!(first.data?.port instanceof MessagePort)) return;
    upstream = first.data.port;
    upstream.onmessage = (e) => {
      const [name, fields] = readMessage(e.data);
      if (name === 'start') {
        start(e.data.module).then(() => {
          FileIngest.warmUp();
          post(upstream, fromHelper.warm());
        }).catch(() => {});
      } else if (name === 'whole') {
        start().then((wasm) => read({ ...fields, blob: e.data.blob }, wasm));
      } else if (name === 'part') {
        help(fields, e.data.blob);
      }
    };
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
    if ((navigator.hardwareConcurrency ?? 1) > 1 && self.name !== NO_SPARE) {
      const spare = newHelper();
      listen(spare, () => {});
      spares.push(spare);
    } else {
      diagnostics.warm = true;
    }
  }, () => { /* the first file says why (drain) and tries again */ });
  self.onmessage = (e) => {
    const [name, fields] = readMessage(e.data);
    if (name === 'read') {
      queue.push({ ...fields, blob: e.data.blob });
      drain();
    } else if (name === 'helper_failed') {
      helperFailed(fields.helper);
    }
  };
}
