// The messages of src/protocol.rs, built on the JS side. Every message
// the reader (worker.js) and its helper workers write is made here, nowhere
// else; tests/protocol.rs has every builder's message written (by node) and
// reads it through the Rust types, field for field.
//
// A message is JSON text in the `message` property of what is posted, an
// object whose one key names it; its values are values (never JSON text).
// What JSON cannot carry rides beside it: a file (`blob`), the compiled
// module (`module`), a helper's port (`port`, transferred), a result's bytes
// (`result`, transferred).

/** From the page to the reader (`ToReader`): the page writes it, in Rust. */
export const toReader = {
  read: (job) => ({ read: job }),
  helperFailed: (helper) => ({ helper_failed: { helper } }),
};

/** From the reader, or a helper reading a whole file, to the page (`FromReader`). */
export const fromReader = {
  started: (id, lent = false) => ({ started: { id, lent } }),
  progress: (id, done, total) => ({ progress: { id, done, total } }),
  done: (id) => ({ done: { id } }),
  failed: (id, failure) => ({ failed: { id, failure } }),
  startHelper: (helper) => ({ start_helper: { helper } }),
  stopHelper: (helper) => ({ stop_helper: { helper } }),
};

/**
 * The reader's own reasons a file fails (`FileError` of
 * src/domain/ingest/error, in its `{ kind, ...values }` form): the file's
 * bytes could not be read, the engine threw (a bug), or the engine module
 * could not start (so no Rust is there to word it).
 */
export const failures = {
  unreadable: () => ({ kind: 'unreadable', detail: null }),
  readerFailed: (detail) => ({ kind: 'reader_failed', detail }),
  readerNotStarted: (detail) => ({ kind: 'reader_not_started', detail }),
};

/** From the reader to a helper worker (`ToHelper`). */
export const toHelper = {
  start: () => ({ start: {} }),
  part: (from, to, point, options, rates) => ({ part: { from, to, point, options, rates } }),
  whole: ({ id, name, options, rates, rows }) => ({ whole: { id, name, options, rates, readers: 1, rows } }),
};

/** From a helper worker to the reader (`FromHelper`). */
export const fromHelper = {
  warm: () => ({ warm: {} }),
  progress: (done) => ({ progress: { done } }),
  done: (lines, toEnd) => ({ done: { lines, to_end: toEnd } }),
  failed: (detail) => ({ failed: { detail } }),
};

/** Posts `message` to `target` (`self` for a worker's parent), `beside` beside it, `transfer` moved. */
export function post(target, message, beside = {}, transfer = []) {
  target.postMessage({ message: JSON.stringify(message), ...beside }, transfer);
}

/** A posted message's name and fields (`[null]` for data that is no message). */
export function read(data) {
  if (typeof data?.message !== 'string') return [null];
  const message = JSON.parse(data.message);
  const [name] = Object.keys(message);
  return [name, message[name]];
}
