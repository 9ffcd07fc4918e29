// How long the engine takes to be ready in a browser, as a page of the site gets it: headless
// Chromium (the one the browser tests use) opens a page that imports the module's glue, lets it
// fetch and compile the .wasm (streaming, as Emscripten does when it is not handed the bytes), and
// loads the rules. Each round is a fresh profile: its first visit downloads and compiles everything;
// the next visits (the page reloaded) find the files in the HTTP cache and, when V8 kept it, the
// compiled code in its cache. Prints one JSON line: per visit, the medians of the rounds (ms) of
//   import       the glue's module fetched and evaluated,
//   instantiate  the .wasm fetched, compiled and instantiated,
//   rules        the packed rules loaded (new Engine()),
// and their total. The files are served gzip-compressed, cached for an hour, as a CDN would. Used
// by tests/wasm/bench.mjs; runnable alone:
//   node tests/wasm/browser-ready.mjs [ROUNDS]
// Prints {"skipped": why} when Chromium or playwright-core is not there.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

import { ENGINE_DIR } from './lib.mjs';

const ROUNDS = Math.max(1, Number(process.argv[2] ?? 5));
const VISITS = 3;
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const SITE = join(ENGINE_DIR, '..');

const PAGE = `<!doctype html><meta charset="utf-8"><title>engine ready</title>
<script type="module">
const t0 = performance.now();
const factory = (await import('/engine/mesaides_engine.mjs')).default;
const t1 = performance.now();
const module = await factory({ locateFile: (path) => '/engine/' + path });
const t2 = performance.now();
const engine = new module.Engine();
const t3 = performance.now();
const info = JSON.parse(engine.info());
window.ready = info.ok ? { import: t1 - t0, instantiate: t2 - t1, rules: t3 - t2 } : { error: info.error };
</script>`;

const TYPES = { '.mjs': 'text/javascript', '.js': 'text/javascript', '.wasm': 'application/wasm' };

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

async function main() {
  let chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    return { skipped: 'playwright-core is not installed' };
  }
  if (!existsSync(CHROMIUM)) return { skipped: `no Chromium at ${CHROMIUM}` };
  if (!existsSync(join(ENGINE_DIR, 'mesaides_engine.wasm'))) return { skipped: 'no built engine (ci/build)' };
  // Compressed and cached for an hour, as a CDN serves the engine's files (the browser's cache then
  // keeps them compressed).
  const gzipped = new Map();
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (url.pathname === '/ready.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
      res.end(PAGE);
      return;
    }
    const path = normalize(join(SITE, decodeURIComponent(url.pathname)));
    if (!path.startsWith(SITE + sep) || !existsSync(path) || statSync(path).isDirectory()) {
      res.writeHead(404).end();
      return;
    }
    if (!gzipped.has(path)) gzipped.set(path, gzipSync(readFileSync(path), { level: 9 }));
    res.writeHead(200, {
      'content-type': TYPES[extname(path)] ?? 'application/octet-stream',
      'content-encoding': 'gzip',
      'cache-control': 'max-age=3600',
    });
    res.end(gzipped.get(path));
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  const address = `http://127.0.0.1:${server.address().port}/ready.html`;
  const visits = Array.from({ length: VISITS }, () => []);
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const profile = mkdtempSync(join(tmpdir(), 'mesaides-ready-'));
      const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true });
      try {
        const page = await context.newPage();
        for (let visit = 0; visit < VISITS; visit++) {
          await page.goto(address);
          await page.waitForFunction(() => window.ready, null, { timeout: 60000 });
          const ready = await page.evaluate(() => window.ready);
          if (ready.error) return { skipped: `the engine did not load: ${JSON.stringify(ready.error)}` };
          visits[visit].push(ready);
          // Idle a moment, as a reader would: V8 writes its code cache after the page ran.
          await page.waitForTimeout(1500);
        }
      } finally {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
      }
    }
  } finally {
    server.close();
  }
  const round1 = (x) => Math.round(x * 10) / 10;
  return {
    rounds: ROUNDS,
    visits: visits.map((runs) => {
      const part = (key) => round1(median(runs.map((r) => r[key])));
      return {
        import: part('import'),
        instantiate: part('instantiate'),
        rules: part('rules'),
        total: round1(median(runs.map((r) => r.import + r.instantiate + r.rules))),
      };
    }),
  };
}

console.log(JSON.stringify(await main()));
