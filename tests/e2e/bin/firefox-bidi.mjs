#!/usr/bin/env node
// Debian's Firefox ESR for playwright-core's WebDriver BiDi driver.
//
// Playwright (as `executablePath` with `channel: 'moz-firefox'`) starts this
// script with Firefox's own arguments. It starts /usr/bin/firefox-esr with
// them and stands between the two on the BiDi WebSocket. ESR answers
// "unknown command" to a few commands that Playwright sends to every new
// browser context (they override what the page is told about its colour
// scheme and similar emulation that these tests never ask for); the proxy
// answers those with success and passes everything else through unchanged.
// Which commands it answered is written to stderr, so nothing is hidden.
import { spawn } from 'node:child_process';
import { WebSocketServer, WebSocket } from 'ws';

const FIREFOX = process.env.FIREFOX ?? '/usr/bin/firefox-esr';
// Emulation commands ESR lacks; each is a no-op when the test asks for no emulation.
const ANSWERED = new Set(['emulation.setMediaFeaturesOverride']);

const firefox = spawn(FIREFOX, process.argv.slice(2), { stdio: ['ignore', 'inherit', 'pipe'] });
firefox.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(sig, () => firefox.kill(sig));

let started = false;
let pending = '';
firefox.stderr.on('data', (chunk) => {
  if (started) {
    process.stderr.write(chunk);
    return;
  }
  pending += chunk;
  const m = pending.match(/WebDriver BiDi listening on (ws:\/\/[^\s]+)/);
  if (!m) return;
  started = true;
  const upstream = m[1];
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  server.on('listening', () => {
    const { port } = server.address();
    process.stderr.write(pending.replace(upstream, `ws://127.0.0.1:${port}`));
  });
  server.on('connection', (client, req) => {
    const up = new WebSocket(upstream.replace(/\/$/, '') + req.url);
    const queue = [];
    up.on('open', () => { for (const q of queue) up.send(q); queue.length = 0; });
    up.on('message', (data) => client.send(data.toString()));
    up.on('close', () => client.close());
    up.on('error', () => client.close());
    client.on('close', () => up.close());
    client.on('message', (data) => {
      const text = data.toString();
      const message = JSON.parse(text);
      if (ANSWERED.has(message.method)) {
        process.stderr.write(`firefox-bidi: answered ${message.method} (not in this Firefox)\n`);
        client.send(JSON.stringify({ type: 'success', id: message.id, result: {} }));
        return;
      }
      if (up.readyState === WebSocket.OPEN) up.send(text);
      else queue.push(text);
    });
  });
});
