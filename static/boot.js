// Starts the app without any network request beyond the page's own scripts.
//
// The app's own page shows its first screen before any of this has run
// (static/first-screen.html in index.html); the page's module (the Yew app,
// embedded in ttm-check_wasm.js) is asked for once that screen is painted,
// so that on a slow network the page's HTML and CSS do not share the line
// with 400 KB of module, and the app then takes the screen's place. The
// engine module (files read, the JS assess()) is loaded once the app shows:
// the worker loads its own copy to read files, and the page's copy serves
// window.ttmCheck.assess(); `ttm-check:ready` fires when the whole JS API is
// there.

/** Once the page has been painted (or 100 ms on, where frames do not come: a tab in the background). */
const painted = () => new Promise((ok) => {
  requestAnimationFrame(() => setTimeout(ok, 0));
  setTimeout(ok, 100);
});
/**
 * The locale data of the app's formatters, loaded on a thread of their own
 * (static/warm-intl.js) while the page's module downloads; resolves when
 * done, at once where no worker can start (a page embedding the app from
 * another origin), and after a second at most. The locale is the app's
 * choice (i18n's locale_for): the browser's first tag of the page's
 * language with a region, else en-GB or de-DE. Only a warm-up: should it
 * differ from the app's, the app pays for its own as before.
 */
function warmLocale() {
  const lang = document.documentElement.lang === 'de' ? 'de' : 'en';
  const tags = navigator.languages?.length ? navigator.languages : [navigator.language];
  const locale = tags.find((t) => String(t).toLowerCase().startsWith(`${lang}-`)) ?? (lang === 'de' ? 'de-DE' : 'en-GB');
  return new Promise((ok) => {
    let worker = null;
    const done = () => { worker?.terminate(); ok(); };
    setTimeout(done, 1000);
    try {
      worker = new Worker(new URL('./warm-intl.js', import.meta.url));
      worker.onmessage = () => {
        // For tests: the locale whose data are loaded (the app notes its own).
        (globalThis.ttmCheckDiagnostics ??= {}).warmedLocale = locale;
        done();
      };
      worker.onerror = done;
      worker.postMessage(locale);
    } catch {
      done();
    }
  });
}
const warmed = warmLocale();

/**
 * The app's embedded WebAssembly modules decoded and compiled on a thread of
 * their own (static/compile.js): `compiled(name)` resolves to the module, or
 * to `null` where no worker can do it (a page embedding the app from another
 * origin, an engine without module workers): then this thread decodes it,
 * as it once always did. `done()` closes the worker.
 */
function compiler() {
  const waiting = new Map();
  const answer = (name, module) => { waiting.get(name)?.(module instanceof WebAssembly.Module ? module : null); waiting.delete(name); };
  let worker = null;
  try {
    worker = new Worker(new URL('./compile.js', import.meta.url), { type: 'module' });
    worker.onmessage = ({ data }) => answer(data?.name, data?.module);
    worker.onerror = () => { worker = null; for (const name of [...waiting.keys()]) answer(name, null); };
  } catch {
    worker = null;
  }
  return {
    compiled: (name) => new Promise((ok) => {
      if (!worker) return ok(null);
      waiting.set(name, ok);
      worker.postMessage(name);
    }),
    done: () => { worker?.terminate(); worker = null; },
  };
}

await painted();
const modulesCompiler = compiler();
const compiled = modulesCompiler.compiled('ttm-check');
const modules = Promise.all([
  import('./ttm-check.js'), import('./wasm-module.js'), import('./workbook-module.js'), import('./inputs.js'),
]);
await warmed;
const [{ default: init, mount }, { start, unpack, wasmBytes }, { workbookModule }, { expandFiles }] = await modules;
const pageModule = (await compiled) ?? (await unpack((await import('./ttm-check_wasm.js')).default));
// For tests: where the page's module was decoded and compiled.
(globalThis.ttmCheckDiagnostics ??= {}).pageModule = pageModule instanceof WebAssembly.Module ? 'worker' : 'page';

// Where the app's files are, for pages that embed it from elsewhere.
globalThis.ttmCheckBase = new URL('./', import.meta.url).href;
// The app asks for the workbook module (an .xlsx export) through this, and
// opens dropped folders and ZIP archives through the other.
globalThis.ttmCheckWorkbook = workbookModule;
globalThis.ttmCheckInputs = { expandFiles: (list, items) => expandFiles(list, items, kindOf) };
// The app renders its first screen under the prerendered one, over a few
// short tasks, and takes that screen away once its own is whole.
const shown = new Promise((ok) => addEventListener('ttm-check:shown', ok, { once: true }));
await init({ module_or_path: pageModule });
if (document.getElementById('app')) {
  await shown;
  // The rest in a task of its own: the screen's swap is one already.
  await new Promise((ok) => setTimeout(ok, 0));
}
performance.mark('ttm-shown');

/** The engine module's bindings on this page, loaded once (compiled by the worker where it can). */
let engine = null;
function readerModule() {
  engine ??= start(import('./ttm-check-engine.js'), modulesCompiler.compiled('ttm-check-engine').then((module) => {
    modulesCompiler.done();
    (globalThis.ttmCheckDiagnostics ??= {}).engineModule = module ? 'worker' : 'page';
    return module ?? wasmBytes();
  }));
  return engine;
}

/** What a file or its bytes are (`gzip`, `zip`, `plain`): the domain's decision, the CLI's too. */
async function kindOf(fileOrBytes) {
  const { FileIngest } = await readerModule();
  const n = FileIngest.headBytes();
  const head = fileOrBytes instanceof Uint8Array ? fileOrBytes.subarray(0, n) : new Uint8Array(await fileOrBytes.slice(0, n).arrayBuffer());
  return FileIngest.kind(head);
}

/**
 * assess() for files that may be .gz (the engine inflates them, every
 * member), ZIP archives of data files (each member a file of its own, named
 * `archive.zip/member.csv`) or .xlsx workbooks (their sheet read by the
 * workbook module first).
 */
async function assessAsync(files, options) {
  const read = [];
  for (let f of files) {
    if (!(f.bytes instanceof Uint8Array) || (await kindOf(f.bytes)) !== 'zip') { read.push(f); continue; }
    const workbook = await workbookModule();
    const members = workbook.zipMembers(f.bytes);
    if (members === null) {
      const { csv } = workbook.sheetCsv(f.bytes, f.options?.sheet ?? undefined);
      read.push({ ...f, bytes: csv });
    } else {
      for (const m of members) read.push({ ...f, name: `${f.name}/${m.name}`, bytes: m.bytes });
    }
  }
  return (await readerModule()).assess(read, options);
}

// The JS API for embedding pages: assess(files, options) (CSV and text),
// assessAsync(files, options) (also .xlsx), mount(element, options).
const reader = await readerModule();
window.ttmCheck = { assess: reader.assess, assessAsync, mount };
document.documentElement.dataset.ttmReady = 'true';
performance.mark('ttm-ready');
window.dispatchEvent(new Event('ttm-check:ready'));

// On the app's own page (not inside a host page): keep working offline.
if (document.getElementById('app') && 'serviceWorker' in navigator && location.protocol !== 'file:') {
  navigator.serviceWorker.register(new URL('./sw.js', import.meta.url)).catch(() => {});
}
