// The engine in Chromium: wasm/mesaides.mjs in the page and the Web Worker variant, served from
// 127.0.0.1 with the strict Content-Security-Policy a static site can have (no 'unsafe-eval':
// only 'wasm-unsafe-eval'). The page (browser-page.mjs) posts its results back here.
//
//   node tests/wasm/browser.test.mjs     (after ci/build; needs chromium; last line "N passed, M failed")
//   CHROMIUM=/path/to/chrome to use another browser binary.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

import { ENGINE_DIR } from './lib.mjs';

const CHROMIUM = process.env.CHROMIUM ?? 'chromium';
const TIMEOUT_MS = 120_000;
const CSP =
  "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; connect-src 'self'; base-uri 'none'";
const TYPES = {
  '.mjs': 'text/javascript',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.html': 'text/html; charset=utf-8',
};
const PAGE =
  '<!doctype html><meta charset="utf-8"><title>engine test</title><script type="module" src="/test/browser-page.mjs"></script>';

let resolveReport;
const report = new Promise((resolve) => (resolveReport = resolve));

const server = createServer((req, res) => {
  const send = (status, type, body) => {
    res.writeHead(status, { 'Content-Type': type, 'Content-Security-Policy': CSP, 'Cache-Control': 'no-store' });
    res.end(body);
  };
  const url = new URL(req.url, 'http://127.0.0.1');
  if (req.method === 'POST' && url.pathname === '/report') {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      send(204, 'text/plain', '');
      resolveReport(JSON.parse(body));
    });
    return;
  }
  let file = null;
  if (url.pathname === '/' || url.pathname === '/index.html') return send(200, TYPES['.html'], PAGE);
  if (url.pathname.startsWith('/engine/')) file = join(ENGINE_DIR, basename(url.pathname));
  if (url.pathname === '/test/browser-page.mjs') file = new URL('./browser-page.mjs', import.meta.url);
  if (file && existsSync(file)) {
    const name = String(file);
    return send(200, TYPES[name.slice(name.lastIndexOf('.'))] ?? 'application/octet-stream', readFileSync(file));
  }
  send(404, 'text/plain', 'not found');
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address();

const profile = mkdtempSync(join(tmpdir(), 'mesaides-chromium-'));
const browser = spawn(
  CHROMIUM,
  [
    '--headless=new',
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-extensions',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    `--user-data-dir=${profile}`,
    `http://127.0.0.1:${port}/`,
  ],
  { stdio: ['ignore', 'ignore', 'pipe'], detached: true },
); // its own process group: /usr/bin/chromium is a wrapper script
let browserLog = '';
browser.stderr.on('data', (chunk) => (browserLog += chunk));
const exited = new Promise((resolve) => browser.on('exit', (code) => resolve(`chromium exited (${code})`)));
browser.on('error', (e) => resolveReport({ error: `cannot start ${CHROMIUM}: ${e.message}` }));

const timeout = new Promise((resolve) =>
  setTimeout(() => resolve({ error: `no report after ${TIMEOUT_MS / 1000} s` }), TIMEOUT_MS).unref(),
);
const results = await Promise.race([report, timeout, exited.then((why) => ({ error: why }))]);

// Stop the browser and every process it started (the group led by the wrapper we spawned).
const stopGroup = (signal) => {
  try {
    process.kill(-browser.pid, signal);
  } catch {
    // already gone
  }
};
stopGroup('SIGTERM');
await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3000))]);
stopGroup('SIGKILL');
server.close();
rmSync(profile, { recursive: true, force: true });

let passed = 0;
let failed = 0;
if (!Array.isArray(results)) {
  failed++;
  console.log(`FAIL  the page did not report: ${results.error}\n${browserLog.split('\n').slice(-20).join('\n')}`);
} else {
  for (const r of results) {
    if (r.ok) passed++;
    else failed++;
    console.log(r.ok ? `ok    ${r.name}${r.note ? ` — ${r.note}` : ''}` : `FAIL  ${r.name}\n      ${r.error}`);
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
