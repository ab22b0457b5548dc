// The workbook module (.xlsx and .ods in, .xlsx out, crates/ttm-check-xlsx), loaded on first use
// only: the first screen does not carry it. Embedded like the app's module,
// so loading it is a script import, never a connection.
import { start, unpack } from './wasm-module.js';

let loading = null;

/** The module's bindings: `sheetCsv(bytes, sheet?)` → `{ sheet, csv }`, `writeXlsx(sheetJson)` → bytes. */
export function workbookModule() {
  loading ??= start(import('./ttm-check-xlsx.js'), import('./ttm-check-xlsx_wasm.js').then(({ default: embedded }) => unpack(embedded)));
  return loading;
}
