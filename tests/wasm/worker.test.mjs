// Tests of the Web Worker variant (wasm/worker-client.mjs ↔ wasm/mesaides-worker.mjs) under Node:
// the worker runs in a worker thread through node-worker-shim.mjs; the browser test
// (browser.test.mjs) runs the same files in Chromium.
//
//   node tests/wasm/worker.test.mjs        (after ci/build; last line "N passed, M failed")
import assert from 'node:assert/strict';

import { importEngineModule, nodeWorker, Suite } from './lib.mjs';

const { createWorkerEngine, MesAidesError } = await importEngineModule('worker-client.mjs');
const { createEngine } = await importEngineModule('mesaides.mjs');

const FAMILY = {
  individus: {
    parent1: { date_naissance: '1985-04-02' },
    enfant1: { date_naissance: '2014-09-01' },
    enfant2: { date_naissance: '2018-03-15' },
  },
  familles: { famille: { parents: ['parent1'], enfants: ['enfant1', 'enfant2'] } },
};
const OPTIONS = { period: '2026-06', benefits: true, explain: true };
const isAbort = (e) => e?.name === 'AbortError';

const suite = new Suite();
const worker = nodeWorker();
const engine = createWorkerEngine(undefined, { worker });
const direct = await createEngine();

suite.test('info() through the worker', async () => {
  const info = await engine.info();
  assert.equal(info.ok, true);
  assert.match(info.law_date, /^\d{4}-\d{2}-\d{2}$/);
});

suite.test('compute through the worker gives the result of the engine in this thread', async () => {
  const [viaWorker, here] = await Promise.all([engine.compute(FAMILY, OPTIONS), direct.compute(FAMILY, OPTIONS)]);
  assert.equal(viaWorker.ok, true);
  assert.deepEqual(viaWorker, here);
  const raw = JSON.stringify({ situation: FAMILY, ...OPTIONS });
  assert.equal(await engine.computeRaw(raw), await direct.computeRaw(raw));
});

suite.test('the listings through the worker', async () => {
  assert.deepEqual(await engine.listBenefits(), await direct.listBenefits());
  assert.deepEqual(await engine.listInputs(), await direct.listInputs());
  assert.ok((await engine.listVariables()).length > 0);
});

suite.test('bad input through the worker resolves to ok:false', async () => {
  const result = await engine.compute(FAMILY, { ...OPTIONS, period: 'juin' });
  assert.equal(result.ok, false);
  assert.ok(result.error.message);
  const notData = await engine.compute({ ...FAMILY, f: () => 1 }, OPTIONS);
  assert.equal(notData.ok, false);
  assert.match(notData.error.message, /cannot be sent/);
});

suite.test('a newer call with the same key supersedes the older ones, which are not computed', async () => {
  worker.replies.length = 0;
  // The worker is first kept busy by a longer request, so that the three calls and the cancels
  // of the first two have all arrived when it takes the next one: otherwise whether the first call
  // starts before its cancel arrives depends on how the threads are scheduled.
  const busy = engine.compute(FAMILY, OPTIONS);
  const calls = [1, 2, 3].map((n) =>
    engine.compute(FAMILY, { ...OPTIONS, variables: ['af'] }, { key: 'results' }).then(
      (r) => ({ n, r }),
      (e) => ({ n, e }),
    ),
  );
  const [first, second, third] = await Promise.all(calls);
  assert.equal((await busy).ok, true);
  assert.ok(isAbort(first.e) && isAbort(second.e), 'the first two calls should reject with AbortError');
  assert.equal(third.r?.ok, true);
  const cancelled = worker.replies.filter((r) => r.cancelled).length;
  assert.equal(
    cancelled,
    2,
    `the worker should have skipped 2 requests: ${JSON.stringify(worker.replies.map((r) => Object.keys(r)))}`,
  );
  // Other keys, or no key, are independent.
  const [a, b] = await Promise.all([
    engine.compute(FAMILY, OPTIONS, { key: 'a' }),
    engine.compute(FAMILY, OPTIONS, { key: 'b' }),
  ]);
  assert.ok(a.ok && b.ok);
});

suite.test('a burst of requests is answered without short timeouts (which browsers clamp to 4 ms)', async () => {
  // The what-if chart asks fifty households at once. Each request runs in a task of its own; were
  // that task a timeout, Chromium would make each of them wait 4 ms (nested timeouts are clamped):
  // 275 ms for the chart instead of 90 (tests/wasm/browser-chart.mjs, December 2026).
  const count = async () => {
    worker.postMessage({ shimShortTimeouts: true });
    const reply = await replyOf(worker, (r) => 'shimShortTimeouts' in r);
    worker.replies.splice(worker.replies.indexOf(reply), 1);
    return reply.shimShortTimeouts;
  };
  const before = await count();
  const results = await Promise.all(
    Array.from({ length: 50 }, (_, i) =>
      engine.compute(
        { individus: { p: { date_naissance: '1990-01-01', salaire_net: { '2026-06': i * 50 } } } },
        { period: '2026-06', variables: ['salaire_net'] },
      ),
    ),
  );
  assert.deepEqual(
    results.map((r) => r.individus.p.salaire_net['2026-06']),
    Array.from({ length: 50 }, (_, i) => i * 50),
    'each request gets its own answer, in order',
  );
  assert.equal(await count(), before, 'the worker set timeouts of less than 4 ms to move its queue on');
});

suite.test('an AbortSignal cancels a call', async () => {
  const controller = new AbortController();
  const call = engine.compute(FAMILY, OPTIONS, { signal: controller.signal });
  controller.abort();
  await assert.rejects(call, isAbort);
  await assert.rejects(engine.compute(FAMILY, OPTIONS, { signal: controller.signal }), isAbort);
  assert.equal((await engine.compute(FAMILY, OPTIONS)).ok, true);
});

suite.test('an unknown method is refused by the worker', async () => {
  const id = 1e9;
  worker.postMessage({ id, method: 'constructor', args: [] });
  for (let i = 0; i < 100 && !worker.replies.some((r) => r.id === id); i++) await new Promise((r) => setTimeout(r, 10));
  const reply = worker.replies.find((r) => r.id === id);
  assert.equal(reply?.error?.kind, 'request');
});

// Waits (up to 60 s) for a message of `adapter`'s worker that `match` accepts.
async function replyOf(adapter, match) {
  for (let i = 0; i < 6000 && !adapter.replies.some(match); i++) await new Promise((r) => setTimeout(r, 10));
  return adapter.replies.find(match);
}

suite.test('once idle, the worker warms its engine up, as many computations as it may', async () => {
  const adapter = nodeWorker();
  const idle = createWorkerEngine(undefined, { worker: adapter });
  try {
    assert.equal((await idle.info()).ok, true);
    const { warmedUp } = (await replyOf(adapter, (r) => r.warmedUp)) ?? {};
    assert.ok(warmedUp, 'the worker should report its warm-up');
    // Nothing was asked meanwhile: it stops at its count (12) or its time (1.5 s), not before.
    assert.equal(warmedUp.stopped, 'done');
    assert.ok(warmedUp.computations === 12 || warmedUp.ms >= 1500, JSON.stringify(warmedUp));
    // Its engine still answers as this thread's.
    assert.deepEqual(await idle.compute(FAMILY, OPTIONS), await direct.compute(FAMILY, OPTIONS));
  } finally {
    idle.terminate();
  }
});

suite.test('a request ends the warm-up, and gets its own answer', async () => {
  const adapter = nodeWorker();
  const busy = createWorkerEngine(undefined, { worker: adapter });
  try {
    await busy.info();
    // The warm-up starts 200 ms after the last request: ask something soon after.
    await new Promise((r) => setTimeout(r, 230));
    const viaWorker = await busy.compute(FAMILY, { ...OPTIONS, variables: ['af'] });
    assert.deepEqual(viaWorker, await direct.compute(FAMILY, { ...OPTIONS, variables: ['af'] }));
    const { warmedUp } = (await replyOf(adapter, (r) => r.warmedUp)) ?? {};
    // Stopped by the request, or over before it came on a quick machine; never more than its count.
    assert.ok(warmedUp?.stopped === 'request' || warmedUp?.stopped === 'done', JSON.stringify(warmedUp));
    assert.ok(warmedUp.computations <= 12);
    if (warmedUp.stopped === 'request') assert.ok(warmedUp.computations < 12);
  } finally {
    busy.terminate();
  }
});

suite.test('terminate() rejects pending and later calls', async () => {
  const other = createWorkerEngine(undefined, { worker: nodeWorker() });
  const pending = other.info();
  other.terminate();
  await assert.rejects(pending, isAbort);
  await assert.rejects(other.info(), (e) => e instanceof MesAidesError && e.kind === 'closed');
});

await suite.run();
engine.terminate();
direct.close();
