// Decodes and compiles the app's WebAssembly modules (embedded gzip + base64
// in ttm-check_wasm.js and ttm-check-engine_wasm.js, see .ci/post-build.sh)
// on a thread of its own, started by boot.js, and hands each compiled module
// back: the page's thread then only instantiates it. On a phone's CPU, each
// module decoded on the page's thread cost it a task of some 50 ms
// (evaluating the embedding script) and one of some 45 ms (inflating it).
// Told a module's name, it answers { name, module }, `module` null where it
// cannot (boot.js then does it itself).
const EMBEDDED = {
  'ttm-check': () => import('./ttm-check_wasm.js'),
  'ttm-check-engine': () => import('./ttm-check-engine_wasm.js'),
};

onmessage = async ({ data: name }) => {
  let module = null;
  try {
    const [{ default: embedded }, { unpack }] = await Promise.all([EMBEDDED[name](), import('./wasm-module.js')]);
    module = await WebAssembly.compile(await unpack(embedded));
  } catch {
    // Answered with null: the page decodes it itself.
  }
  postMessage({ name, module });
};
