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
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { CHROMIUM, chromiumOrSkip, median, serveSitePage } from './lib.mjs';

const ROUNDS = Math.max(1, Number(process.argv[2] ?? 5));
const VISITS = 3;

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

async function main() {
  const { chromium, skipped } = await chromiumOrSkip();
  if (skipped) return { skipped };
  // Compressed and cached for an hour, as a CDN serves the engine's files (the browser's cache then
  // keeps them compressed).
  const server = await serveSitePage('/ready.html', PAGE, { cdn: true });
  const address = server.url;
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
