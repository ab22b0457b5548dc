// Every message the reader worker and its helpers write (static/protocol.js,
// where each is built) read through the Rust types of src/web/protocol.rs:
// each builder's message goes through the engine's FileIngest.checkMessage,
// which reads it as the Rust side does and writes it again; what comes back
// must be what went in, field for field. A builder without a sample here
// fails the test, so a new message cannot go unchecked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, appUnderTest } from './harness.mjs';

const t = appUnderTest('/');

test('every message of static/protocol.js reads through the Rust types', async () => {
  const { page, errors } = await openApp(t.browser.context, t.server.url);
  const report = await page.evaluate(async () => {
    const base = document.baseURI;
    const { FileIngest } = await import(new URL('./ttm-check-engine.js', base));
    const protocol = await import(new URL('./protocol.js', base));
    const check = (channel, message) => {
      try {
        return { ok: JSON.parse(FileIngest.checkMessage(channel, JSON.stringify(message))) };
      } catch (e) {
        return { error: e instanceof Error ? e.message : String(e) };
      }
    };
    // Real values where the JS side hands on what Rust wrote: the options and
    // rates of a page's read message, and a reader's resume point.
    const { read: job } = check('to_reader', { read: { id: 7, name: 'a.csv', options: {}, rates: { rates: { EUR: '1.0825' } }, readers: 2 } }).ok;
    const reader = new FileIngest('a.csv', job.options, job.rates);
    const lines = ['PartnerId,ResellerMpnId,OrderDate,Subtotal,Currency,ChargeType'];
    for (let i = 0; i < 4000; i++) lines.push(`p,51200${i % 10},3/${1 + (i % 28)}/2026,${i}.25,USD,new`);
    reader.feed(new TextEncoder().encode(lines.join('\n') + '\n'));
    const point = reader.resumePoint();
    reader.free();
    if (point === undefined) return { error: 'no resume point after 4,000 lines' };
    const samples = {
      to_reader: { read: [job] },
      from_reader: {
        started: [7, true],
        progress: [7, 1024, 4096],
        done: [7],
        failed: [7, protocol.failures.unreadable()],
      },
      failures: { unreadable: [], readerFailed: ['RuntimeError: unreachable'], readerNotStarted: ['no WebAssembly'] },
      to_helper: { start: [], part: [1 << 20, 2 << 20, point, job.options, job.rates], whole: [{ ...job, rows: [['Date', 'Amount', 'Currency'], ['2026-03-15', '100.50', 'USD']], blob: new Blob(['x']) }] },
      from_helper: { warm: [], progress: [16 << 20], done: [4096, false], failed: ['RuntimeError: unreachable'] },
    };
    const builders = { to_reader: protocol.toReader, from_reader: protocol.fromReader, failures: protocol.failures, to_helper: protocol.toHelper, from_helper: protocol.fromHelper };
    const results = [];
    for (const [channel, build] of Object.entries(builders)) {
      for (const [name, make] of Object.entries(build)) {
        const args = samples[channel]?.[name];
        if (!args) { results.push({ channel, name, error: 'no sample in the test' }); continue; }
        // A failure travels in a `failed` message to the page.
        const message = channel === 'failures' ? protocol.fromReader.failed(1, make(...args)) : make(...args);
        results.push({ channel, name, sent: message, ...check(channel === 'failures' ? 'from_reader' : channel, message) });
      }
    }
    // The check can fail: a field of the wrong type, a message of no kind.
    const refused = [check('from_reader', { progress: { id: 'seven', done: 1, total: 2 } }), check('from_helper', { finished: {} })];
    return { results, refused };
  });
  assert.equal(report.error, undefined, report.error);
  // Absent and null are the same to the Rust side (an Option).
  const dropNulls = (v) => (Array.isArray(v) ? v.map(dropNulls)
    : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null).map(([k, x]) => [k, dropNulls(x)])) : v);
  assert.ok(report.results.length >= 15, `${report.results.length} messages`);
  for (const r of report.results) {
    assert.equal(r.error, undefined, `${r.channel}.${r.name}: ${r.error}`);
    assert.deepEqual(dropNulls(r.ok), dropNulls(r.sent), `${r.channel}.${r.name} comes back as it went`);
  }
  for (const r of report.refused) assert.ok(r.error, 'a wrong message is refused');
  assert.deepEqual(errors, []);
});
