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
// Requests run one at a time, in order. Each runs in its own task, after the messages already
// received, so a request superseded while it waits is dropped without being computed.
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
const queue = [];
const cancelled = new Set();
let running = false;

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
  if (running || queue.length === 0) return;
  running = true;
  // A new task: messages already queued (cancels among them) are handled first.
  setTimeout(async () => {
    await runOne(queue.shift());
    running = false;
    pump();
  }, 0);
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
