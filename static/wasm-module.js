// The app's WebAssembly modules, from the JS modules they are embedded in
// (gzip + base64, see .ci/post-build.sh): no network request, as the page's
// Content-Security-Policy (connect-src 'none') requires.

function base64Bytes(base64) {
  if (typeof Uint8Array.fromBase64 === 'function') return Uint8Array.fromBase64(base64);
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** An embedded module's bytes (gzip + base64 text), decompressed in the browser. */
export async function unpack(base64) {
  const stream = new Blob([base64Bytes(base64)]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * A Wasm module's bindings, started: `glue` the import of its wasm-bindgen
 * JS, `bytes` a promise of its module's bytes (both fetched side by side).
 */
export async function start(glue, bytes) {
  const [bindings, module] = await Promise.all([glue, bytes]);
  await bindings.default({ module_or_path: module });
  return bindings;
}

/**
 * The engine module's bytes (feature `engine`: what the worker reads files
 * with, and the JS assess()). Imported on demand: the first screen, which
 * needs only the page's module (boot.js), does not wait for it.
 */
export function wasmBytes() {
  return import('./ttm-check-engine_wasm.js').then(({ default: embedded }) => unpack(embedded));
}
