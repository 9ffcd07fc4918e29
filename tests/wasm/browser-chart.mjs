// How long the site's what-if chart takes in a browser: headless Chromium (the one the browser
// tests use) opens a page that starts the engine's worker as the site does (worker-client.mjs) and
// asks it, all at once, the chart's fifty households (examples/famille_3_enfants.json, the first
// parent's wage from 0 to 3,600 € a month), each for the benefits the chart draws, without reasons,
// as site/js/app.js does (chartedBenefitNames of site/js/whatif.js). Prints one JSON line:
// {points, rounds, median_ms, best_ms}, the median and best of ROUNDS charts after as many untimed
// ones. Used by tests/wasm/bench.mjs; runnable alone:
//   node tests/wasm/browser-chart.mjs [ROUNDS]
// Prints {"skipped": why} when Chromium or playwright-core is not there.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { CHROMIUM, chromiumOrSkip, median, ROOT, serveSitePage } from './lib.mjs';

const ROUNDS = Math.max(1, Number(process.argv[2] ?? 15));
const POINTS = 50;
const HOUSEHOLD = JSON.parse(readFileSync(join(ROOT, 'examples/famille_3_enfants.json'), 'utf8'));

const PAGE = `<!doctype html><meta charset="utf-8"><title>what-if chart</title>
<script type="module">
const { createWorkerEngine } = await import('/engine/worker-client.mjs');
const engine = createWorkerEngine(new URL('/engine/mesaides-worker.mjs', location.href));
await engine.info();
const { chartedBenefitNames } = await import('/js/whatif.js');
const national = chartedBenefitNames(await engine.listBenefits());
const household = ${JSON.stringify(HOUSEHOLD)};
const base = household.situation ?? household;
const period = household.period ?? '2026-06';
const months = Object.keys(base.individus.parent1.salaire_net ?? { [period]: 0 });
const options = { period, benefits: true, benefit_names: national, benefit_reasons: false };
const points = Array.from({ length: ${POINTS} }, (_, i) => {
  const situation = structuredClone(base);
  const wage = (i * 3600) / (${POINTS} - 1);
  situation.individus.parent1.salaire_net = Object.fromEntries(months.map((m) => [m, wage]));
  return situation;
});
window.chart = async () => {
  const t0 = performance.now();
  const results = await Promise.all(points.map((s) => engine.compute(s, options)));
  const ms = performance.now() - t0;
  return results.every((r) => r.ok) ? ms : { error: results.find((r) => !r.ok).error };
};
window.ready = true;
</script>`;

async function main() {
  const { chromium, skipped } = await chromiumOrSkip();
  if (skipped) return { skipped };
  const server = await serveSitePage('/chart.html', PAGE);
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
  const times = [];
  try {
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.waitForFunction(() => window.ready, null, { timeout: 60000 });
    for (let round = 0; round < 2 * ROUNDS; round++) {
      const ms = await page.evaluate(() => window.chart());
      if (typeof ms !== 'number') return { skipped: `the chart failed: ${JSON.stringify(ms.error)}` };
      if (round >= ROUNDS) times.push(ms); // after as many untimed charts (V8 warm)
    }
  } finally {
    await browser.close();
    server.close();
  }
  const round1 = (x) => Math.round(x * 10) / 10;
  return { points: POINTS, rounds: ROUNDS, median_ms: round1(median(times)), best_ms: round1(Math.min(...times)) };
}

console.log(JSON.stringify(await main()));
