// Sums USD per reseller and month as TTM Check does: Subtotal in USD, or
// Subtotal / PCToBCExchangeRate when the pricing currency is USD.
document.getElementById('file').addEventListener('change', (e) => {
  const file = e.target.files[0];
  const t0 = performance.now();
  const sums = new Map();
  let cols = null;
  let rows = 0;
  Papa.parse(file, {
    step: (result) => {
      const r = result.data;
      if (!cols) {
        const name = (n) => r.findIndex((h) => h.replace(/^\uFEFF/, '') === n);
        cols = { reseller: name('ResellerMpnId'), date: name('OrderDate'), amount: name('Subtotal'), currency: name('Currency'), pricing: name('PricingCurrency'), rate: name('PCToBCExchangeRate') };
        return;
      }
      rows++;
      const reseller = r[cols.reseller];
      if (!reseller || reseller === '0') return;
      let usd = parseFloat(r[cols.amount]);
      if (r[cols.currency] !== 'USD' && r[cols.pricing] === 'USD') usd /= parseFloat(r[cols.rate]);
      const [m, , y] = (r[cols.date] || '').split('/');
      const key = `${reseller}|${y}-${m}`;
      sums.set(key, (sums.get(key) || 0) + Math.round(usd * 100) / 100);
    },
    complete: () => {
      const ms = performance.now() - t0;
      // Totals for the cross-check against DuckDB-Wasm, after the clock.
      let total = 0;
      for (const v of sums.values()) total += v;
      const resellers = new Set([...sums.keys()].map((k) => k.split('|')[0])).size;
      window.__result = { ms, rows, keys: sums.size, resellers, total };
    },
  });
});
