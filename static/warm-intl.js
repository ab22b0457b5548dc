// Loads the locale data of the app's formatters (src/web/i18n/mod.rs,
// Formatters) on a thread of its own, started by boot.js as the page starts.
// A locale's first Intl.NumberFormat costs a phone's CPU some 80 ms, the
// data being loaded once for the whole page; paid here, the page's own
// formatters, made as the app mounts, cost next to nothing (the mount's task
// at 4x CPU: 200-250 ms before, 120-130 ms after). Told the locale, it answers once the data are
// loaded (an error answers as an error: boot.js then goes on without) and is
// closed.
onmessage = ({ data: locale }) => {
  const utc = { timeZone: 'UTC' };
  new Intl.NumberFormat(locale, { style: 'currency', currency: 'USD', currencyDisplay: 'code' }).format(1);
  new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 }).format(1);
  new Intl.NumberFormat(locale, { style: 'percent' }).format(1);
  new Intl.DateTimeFormat(locale, { ...utc, day: 'numeric', month: 'short', year: 'numeric' }).format(0);
  new Intl.DateTimeFormat(locale, { ...utc, month: 'long' }).format(0);
  new Intl.PluralRules(locale).select(1);
  postMessage('warm');
};
