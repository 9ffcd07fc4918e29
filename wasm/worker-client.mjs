// The Mes Aides engine in a Web Worker, with the promise API of mesaides.mjs.
//
//   import { createWorkerEngine } from "./engine/worker-client.mjs";
//   const engine = createWorkerEngine();            // the worker starts the engine on first use
//   const result = await engine.compute(situation, { period: "2026-06", benefits: true },
//                                       { key: "results" });
//
// Methods: compute, computeRaw, info, listBenefits, listInputs, listVariables, listParameters (as in
// mesaides.mjs), terminate. compute and computeRaw take a third argument, a control object:
//   signal: an AbortSignal; aborting rejects the call with an AbortError and drops the request in
//           the worker if it has not started;
//   key:    a name; a new call with the same key supersedes the previous one, which rejects with
//           an AbortError (as the user edits a form, only the newest result matters).
// This file does not load the engine: the page downloads only the worker's files.
import { MesAidesError } from './mesaides-error.mjs';

export { MesAidesError };

function abortError(message) {
  return new DOMException(message, 'AbortError');
}

// url: the worker script (default: mesaides-worker.mjs next to this file).
// options.worker: an already created worker-like object ({postMessage, onmessage, onerror,
// terminate}), e.g. for tests.
export function createWorkerEngine(url = new URL('./mesaides-worker.mjs', import.meta.url), options = {}) {
  const worker = options.worker ?? new Worker(url, { type: 'module' });
  const pending = new Map(); // id → {resolve, reject, key, cleanup}
  const latestByKey = new Map(); // key → id
  let nextId = 1;
  let broken = null; // the error of a worker that failed to start or crashed

  function settle(id) {
    const entry = pending.get(id);
    if (!entry) return null;
    pending.delete(id);
    if (entry.key !== undefined && latestByKey.get(entry.key) === id) latestByKey.delete(entry.key);
    entry.cleanup();
    return entry;
  }

  function cancel(id, reason) {
    const entry = settle(id);
    if (!entry) return;
    worker.postMessage({ cancel: id });
    entry.reject(abortError(reason));
  }

  worker.onmessage = (event) => {
    const { id, result, error, cancelled } = event.data ?? {};
    const entry = settle(id);
    if (!entry) return; // superseded, cancelled or unknown: ignored
    if (cancelled) entry.reject(abortError('the request was cancelled'));
    else if (error) entry.reject(new MesAidesError(error));
    else entry.resolve(result);
  };

  worker.onerror = (event) => {
    // The worker script failed to load or threw outside a request: nothing pending will answer.
    event?.preventDefault?.();
    broken = new MesAidesError({
      kind: 'internal',
      message: `the engine worker failed: ${event?.message ?? 'unknown error'}`,
    });
    for (const id of [...pending.keys()]) settle(id).reject(broken);
  };

  function call(method, args, control = {}) {
    return new Promise((resolve, reject) => {
      if (broken) return reject(broken);
      const { signal, key } = control ?? {};
      if (signal?.aborted) return reject(abortError('the request was cancelled'));
      const id = nextId++;
      if (key !== undefined) {
        const previous = latestByKey.get(key);
        if (previous !== undefined) cancel(previous, 'the request was superseded by a newer one');
        latestByKey.set(key, id);
      }
      const onAbort = () => cancel(id, 'the request was cancelled');
      signal?.addEventListener('abort', onAbort, { once: true });
      pending.set(id, { resolve, reject, key, cleanup: () => signal?.removeEventListener('abort', onAbort) });
      try {
        worker.postMessage({ id, method, args });
      } catch (e) {
        // DataCloneError: the situation holds something that is not data (a function, a DOM node).
        settle(id);
        const message = `the request cannot be sent to the engine: ${e?.message ?? e}`;
        if (method === 'compute') resolve({ ok: false, error: { kind: 'request', message } });
        else if (method === 'computeRaw') resolve(JSON.stringify({ ok: false, error: { kind: 'request', message } }));
        else reject(new MesAidesError({ kind: 'request', message }));
      }
    });
  }

  return {
    compute: (situation, options = {}, control) => call('compute', [situation, options], control),
    computeRaw: (requestText, control) => call('computeRaw', [requestText], control),
    info: () => call('info', []),
    listBenefits: (options = {}) => call('listBenefits', [options]),
    listInputs: (options = {}) => call('listInputs', [options]),
    listVariables: () => call('listVariables', []),
    listParameters: () => call('listParameters', []),
    // Stops the worker; pending calls reject with an AbortError.
    terminate() {
      worker.terminate();
      for (const id of [...pending.keys()]) settle(id).reject(abortError('the engine worker was terminated'));
      broken = new MesAidesError({ kind: 'closed', message: 'the engine worker was terminated' });
    },
  };
}
