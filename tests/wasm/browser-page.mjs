// The in-browser half of browser.test.mjs: runs in Chromium on a page served with a strict
// Content-Security-Policy, and posts its results to /report.
// (the test's server serves the built engine under /engine/)
// biome-ignore lint/correctness/noUnresolvedImports: a URL of the test's server
import { createEngine } from '/engine/mesaides.mjs';
// biome-ignore lint/correctness/noUnresolvedImports: a URL of the test's server
import { createWorkerEngine } from '/engine/worker-client.mjs';

const results = [];
const violations = [];
document.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.violatedDirective}: ${e.blockedURI}`));

async function test(name, fn) {
  try {
    const note = await fn();
    results.push({ name, ok: true, note });
  } catch (e) {
    results.push({ name, ok: false, error: String(e?.stack ?? e) });
  }
}
function check(condition, message) {
  if (!condition) throw new Error(message);
}

const FAMILY = {
  individus: {
    parent1: { date_naissance: '1985-04-02' },
    enfant1: { date_naissance: '2014-09-01' },
    enfant2: { date_naissance: '2018-03-15' },
  },
  familles: { famille: { parents: ['parent1'], enfants: ['enfant1', 'enfant2'] } },
};
const OPTIONS = { period: '2026-06', benefits: true, explain: true, trace: true };

let engine;
await test('createEngine() in the page (fetch + instantiateStreaming, rules loaded)', async () => {
  const t0 = performance.now();
  engine = await createEngine();
  const info = await engine.info();
  check(info.ok && /^\d{4}-\d{2}-\d{2}$/.test(info.law_date), JSON.stringify(info));
  return `module ready in ${(performance.now() - t0).toFixed(0)} ms`;
});

let here;
await test('compute in the page', async () => {
  here = await engine.compute(FAMILY, OPTIONS);
  check(here.ok && here.benefits.length > 0, JSON.stringify(here).slice(0, 300));
  const t0 = performance.now();
  const runs = 50;
  for (let i = 0; i < runs; i++) await engine.compute(FAMILY, { period: '2026-06', benefits: true });
  return `all benefits: ${(((performance.now() - t0) / runs) * 1000).toFixed(0)} µs a household (mean of ${runs})`;
});

await test('bad input in the page resolves to ok:false', async () => {
  for (const text of ['{"situation": {', '[]', '{"situation": {}, "x": 1}', '['.repeat(50000) + ']'.repeat(50000)]) {
    const result = JSON.parse(await engine.computeRaw(text));
    check(result.ok === false && result.error.message, text.slice(0, 40));
  }
  check((await engine.compute(FAMILY, OPTIONS)).ok, 'a good call after bad ones');
});

// The worker's replies are also listened to here (the client has its onmessage): the superseded
// calls' {cancelled} among them.
const workerThread = new Worker(new URL('/engine/mesaides-worker.mjs', location.href), { type: 'module' });
const replies = [];
workerThread.addEventListener('message', (event) => replies.push(event.data));
const worker = createWorkerEngine(undefined, { worker: workerThread });
await test("the worker engine gives the same result as the page's", async () => {
  const t0 = performance.now();
  const info = await worker.info();
  check(info.ok, JSON.stringify(info));
  const ready = performance.now() - t0;
  const viaWorker = await worker.compute(FAMILY, OPTIONS);
  check(JSON.stringify(viaWorker) === JSON.stringify(here), 'different results');
  return `worker ready in ${ready.toFixed(0)} ms`;
});

await test('the worker: a newer call with the same key supersedes the older one', async () => {
  const first = worker.compute(FAMILY, OPTIONS, { key: 'results' });
  const second = worker.compute(FAMILY, OPTIONS, { key: 'results' });
  let aborted = false;
  try {
    await first;
  } catch (e) {
    aborted = e.name === 'AbortError';
  }
  check(aborted, 'the first call should reject with AbortError');
  check((await second).ok, 'the second call should resolve');
});

await test('the worker: the superseded calls that waited are not computed', async () => {
  // The worker kept busy first, so that the three calls and the cancels of the first two have all
  // arrived when it takes the next one: each request runs in a task of its own, after them.
  replies.length = 0;
  const busy = worker.compute(FAMILY, OPTIONS);
  const calls = [1, 2, 3].map(() =>
    worker.compute(FAMILY, { ...OPTIONS, variables: ['af'] }, { key: 'queued' }).then(
      () => 'done',
      (e) => e.name,
    ),
  );
  check((await busy).ok, 'the first call should resolve');
  const outcomes = await Promise.all(calls);
  check(JSON.stringify(outcomes) === '["AbortError","AbortError","done"]', JSON.stringify(outcomes));
  const cancelled = replies.filter((r) => r?.cancelled).length;
  check(cancelled === 2, `the worker computed superseded calls: ${JSON.stringify(replies.map((r) => Object.keys(r)))}`);
});

await test('the worker: listings and bad input', async () => {
  check((await worker.listInputs()).length > 0, 'no input');
  const bad = await worker.compute(FAMILY, { period: 2026 });
  check(bad.ok === false && bad.error.kind === 'request', JSON.stringify(bad));
});

await test('no Content-Security-Policy violation (no eval, no outside request)', async () => {
  check(violations.length === 0, violations.join('; '));
});

worker.terminate();
await fetch('/report', { method: 'POST', body: JSON.stringify(results) });
