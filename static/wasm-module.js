// The app's WebAssembly module, from the JS module it is embedded in
// (gzip + base64, see .ci/post-build.sh): no network request, as the page's
// Content-Security-Policy (connect-src 'none') requires.
import embedded from './ttm-check_wasm.js';

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

/** The app's module's bytes. */
export function wasmBytes() {
  return unpack(embedded);
}
