// The first answers a page gets from the engine's worker (wasm/mesaides-worker.mjs), as the site asks
// them (compute(), every benefit without details), in a fresh process: for ci/bench (bench.mjs runs
// it, once per mode and round). Prints one line of JSON: {ready_ms, first_ms: [the first N calls]}.
//
//   node tests/wasm/first-answers.mjs SITUATION PERIOD idle|at-once [N]
//     idle:    the page waits 3 s after the engine is ready (the worker warms its engine up meanwhile)
//     at-once: the page computes as soon as the engine is ready (no warm-up has started)
import { readFileSync } from 'node:fs';

import { importEngineModule, nodeWorker } from './lib.mjs';

const [situationFile, period, mode, count = '3'] = process.argv.slice(2);
if (!situationFile || !period || !['idle', 'at-once'].includes(mode)) {
  console.error('usage: node tests/wasm/first-answers.mjs SITUATION PERIOD idle|at-once [N]');
  process.exit(2);
}
const household = JSON.parse(readFileSync(situationFile, 'utf8'));
const situation = 'situation' in household ? household.situation : household;

const { createWorkerEngine } = await importEngineModule('worker-client.mjs');
const worker = nodeWorker();
const engine = createWorkerEngine(undefined, { worker });
const t0 = performance.now();
await engine.info();
const readyMs = performance.now() - t0;
if (mode === 'idle') await new Promise((r) => setTimeout(r, 3000));
const firstMs = [];
for (let i = 0; i < Number(count); i++) {
  const t = performance.now();
  const result = await engine.compute(situation, { period, benefits: true, benefit_details: false });
  firstMs.push(performance.now() - t);
  if (!result.ok) throw new Error(`the household gives ${JSON.stringify(result.error)}`);
}
engine.terminate();
console.log(JSON.stringify({ ready_ms: readyMs, first_ms: firstMs }));
