// Sums USD per reseller and month as papaparse-bench.js does, in SQL.
// Bundled by esbuild (DuckDB imports apache-arrow by bare name).
import * as duckdb from '@duckdb/duckdb-wasm';

// The package's own files, served beside this page. Not cross-origin
// isolated, so selectBundle picks eh (or mvp): one thread.
const here = (f) => new URL(f, location.href).href;
const bundle = await duckdb.selectBundle({
  mvp: { mainModule: here('duckdb-mvp.wasm'), mainWorker: here('duckdb-browser-mvp.worker.js') },
  eh: { mainModule: here('duckdb-eh.wasm'), mainWorker: here('duckdb-browser-eh.worker.js') },
});
const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), new Worker(bundle.mainWorker));
await db.instantiate(bundle.mainModule, bundle.pthreadWorker);
const conn = await db.connect();
const { version } = (await conn.query('SELECT version() AS version')).get(0);

// Typed by hand so the sniffer cannot guess differently from PapaParse's
// reading (ids and dates stay text); an empty cell is NULL. Each row is
// rounded to the cent before summing, as papaparse-bench.js does; DECIMAL
// keeps the sums exact.
const SQL = `
  SELECT ResellerMpnId AS reseller,
         split_part(OrderDate, '/', 3) || '-' || split_part(OrderDate, '/', 1) AS month,
         sum(round(CASE WHEN Currency IS DISTINCT FROM 'USD' AND PricingCurrency = 'USD'
                        THEN Subtotal / PCToBCExchangeRate ELSE Subtotal END, 2)::DECIMAL(18, 2))::DOUBLE AS usd
  FROM read_csv('recon.csv', header = true, types = {
    'ResellerMpnId': 'VARCHAR', 'OrderDate': 'VARCHAR', 'Subtotal': 'DOUBLE',
    'Currency': 'VARCHAR', 'PricingCurrency': 'VARCHAR', 'PCToBCExchangeRate': 'DOUBLE'})
  WHERE ResellerMpnId IS NOT NULL AND ResellerMpnId <> '0'
  GROUP BY ALL`;

// The strictest comparison (`?mode=plain`): the per-reseller sum a user
// would write, timed around the query alone (the file registered first).
const PLAIN = `
  SELECT ResellerMpnId AS reseller, sum(Subtotal / PCToBCExchangeRate) AS usd
  FROM read_csv('recon.csv', header = true, types = {
    'ResellerMpnId': 'VARCHAR', 'OrderDate': 'VARCHAR', 'Subtotal': 'DOUBLE',
    'Currency': 'VARCHAR', 'PricingCurrency': 'VARCHAR', 'PCToBCExchangeRate': 'DOUBLE'})
  GROUP BY 1`;
const plain = new URLSearchParams(location.search).get('mode') === 'plain';

document.getElementById('file').addEventListener('change', async (e) => {
  const file = e.target.files[0];
  try {
    if (plain) await db.registerFileHandle('recon.csv', file, duckdb.DuckDBDataProtocol.BROWSER_FILEREADER, true);
    const t0 = performance.now();
    if (!plain) await db.registerFileHandle('recon.csv', file, duckdb.DuckDBDataProtocol.BROWSER_FILEREADER, true);
    const table = await conn.query(plain ? PLAIN : SQL);
    const ms = performance.now() - t0;
    let total = 0;
    const resellers = new Set();
    for (const row of table) {
      // Direct sales (no reseller, or 0) are a group of the plain query.
      if (row.reseller === null || row.reseller === '0') continue;
      total += Number(row.usd);
      resellers.add(row.reseller);
    }
    window.__result = { ms, keys: table.numRows, resellers: resellers.size, total, version, bundle: bundle.mainModule.split('/').pop() };
  } catch (err) {
    window.__result = { error: String(err) };
  }
});
window.__ready = true;
