// Mes Aides engine in a Web Worker (a module worker: new Worker(url, {type: "module"})).
//
// The worker owns one engine, created on the first request and kept. The page talks to it through
// worker-client.mjs; the protocol, for other clients:
//   page → worker  {id, method, args}   method: compute, computeRaw, info, listBenefits, listInputs,
//                                       listVariables, listParameters
//                  {cancel: id}         drop that request if it has not started
//   worker → page  {id, result}         the method's answer
//                  {id, error}          {kind, message} when it rejected
//                  {id, cancelled: true}
//                  {warmedUp: {computations, ms, stopped}}   once, after the warm-up (below); no
//                                       reply to anything: clients ignore it
// Requests run one at a time, in order. Each runs in its own task, after the messages already
// received, so a request superseded while it waits is dropped without being computed. That task is
// a message the worker posts to itself (nextTask; setImmediate under Node), not a setTimeout:
// browsers make a timeout nested in five others wait at least 4 ms (HTML's timer clamping), which
// made each of the what-if chart's fifty queued requests wait that long.
// Once the engine is up and idle, the worker warms it up: see warmUpLoop.
import { createEngine } from './mesaides.mjs';

const METHODS = new Set([
  'compute',
  'computeRaw',
  'info',
  'listBenefits',
  'listInputs',
  'listVariables',
  'listParameters',
]);

let engine = null; // Promise of the engine; null before the first request or after a failed creation

// Runs `callback` in a task of its own, queued behind the messages already received: in a browser
// a message posted to itself (posted messages are delivered in order); in Node, where a port's
// messages and another port's may come in either order, setImmediate, which runs once the messages
// received are delivered.
const nextTask =
  typeof setImmediate === 'function'
    ? (callback) => setImmediate(callback)
    : (() => {
        const tasks = new MessageChannel();
        const callbacks = [];
        tasks.port1.onmessage = () => callbacks.shift()();
        return (callback) => {
          callbacks.push(callback);
          tasks.port2.postMessage(null);
        };
      })();
const queue = [];
const cancelled = new Set();
let running = false;

// Warming up. V8 runs code unoptimised until it has run a while: in Chromium on the shared machines
// the site's first computation of a household took 64-72 ms, the second 29-53, the third 11-23, from
// the sixth about 6 (December 2026); after this warm-up the first took 10-15. So when no request has
// come for WARM_UP_IDLE_MS after the engine started, the worker computes a household of its own as the
// site does, until a request comes (which waits for one computation at most), WARM_UP_COMPUTATIONS are
// done or WARM_UP_MS spent.
const WARM_UP_IDLE_MS = 200;
const WARM_UP_COMPUTATIONS = 12;
const WARM_UP_MS = 1500;
let warmUp = 'waiting'; // then 'running', then 'done'
let warmUpTimer = null;

function scheduleWarmUp() {
  if (warmUp !== 'waiting' || !engine) return;
  clearTimeout(warmUpTimer);
  warmUpTimer = setTimeout(() => {
    if (running || queue.length > 0) return; // the next request's end schedules it again
    warmUp = 'running';
    engine.then(warmUpLoop, () => {
      warmUp = 'waiting'; // no engine: the next one tries again
    });
  }, WARM_UP_IDLE_MS);
}

async function warmUpLoop(e) {
  const month = new Date().toISOString().slice(0, 7);
  const at = (value) => ({ [month]: value });
  // A couple with two children, a wage and a rent in Lyon: what a person tells the questionnaire.
  const household = {
    individus: {
      p1: { date_naissance: '1988-05-10', salaire_net: at(1650) },
      p2: { date_naissance: '1990-11-02' },
      e1: { date_naissance: '2015-02-20' },
      e2: { date_naissance: '2021-07-08' },
    },
    familles: { f: { parents: ['p1', 'p2'], enfants: ['e1', 'e2'] } },
    foyers_fiscaux: { f: { declarants: ['p1', 'p2'], personnes_a_charge: ['e1', 'e2'] } },
    menages: {
      m: {
        personne_de_reference: ['p1'],
        conjoint: ['p2'],
        enfants: ['e1', 'e2'],
        depcom: at('69123'),
        statut_occupation_logement: at('locataire_vide'),
        loyer: at(720),
      },
    },
  };
  let computations = 0;
  let ms = 0;
  let stopped = 'done';
  while (computations < WARM_UP_COMPUTATIONS && ms < WARM_UP_MS) {
    // Each in its own task, after the messages received meanwhile: a request stops the warm-up.
    await new Promise((resolve) => nextTask(resolve));
    if (queue.length > 0) {
      stopped = 'request';
      break;
    }
    const started = performance.now();
    try {
      await e.compute(household, { period: month, benefits: true, benefit_details: false });
    } catch {
      stopped = 'error';
      break;
    }
    ms += performance.now() - started;
    computations += 1;
  }
  warmUp = 'done';
  self.postMessage({ warmedUp: { computations, ms: Math.round(ms), stopped } });
  pump();
}

function getEngine() {
  if (!engine) {
    engine = createEngine().catch((e) => {
      engine = null; // the next request tries again (e.g. after a network failure)
      throw e;
    });
  }
  return engine;
}

function errorOf(e) {
  return { kind: e?.kind ?? 'internal', message: e?.message ?? String(e) };
}

async function runOne({ id, method, args }) {
  if (cancelled.delete(id)) {
    self.postMessage({ id, cancelled: true });
    return;
  }
  try {
    if (!METHODS.has(method)) throw { kind: 'request', message: `unknown method '${method}'` };
    const e = await getEngine();
    const result = await e[method](...(Array.isArray(args) ? args : []));
    self.postMessage({ id, result });
  } catch (e) {
    self.postMessage({ id, error: errorOf(e) });
  }
  // A cancel that came after its request had started is moot; requests arrive in id order.
  for (const c of cancelled) if (c < id) cancelled.delete(c);
}

function pump() {
  if (running || warmUp === 'running') return;
  if (queue.length === 0) {
    scheduleWarmUp();
    return;
  }
  running = true;
  // A new task: messages already queued (cancels among them) are handled first.
  nextTask(async () => {
    await runOne(queue.shift());
    running = false;
    pump();
  });
}

self.addEventListener('message', (event) => {
  const message = event.data;
  if (message && typeof message === 'object' && 'cancel' in message) {
    cancelled.add(message.cancel);
    return;
  }
  if (!message || typeof message !== 'object' || !('id' in message)) return;
  queue.push(message);
  pump();
});
