// Runs wasm/mesaides-worker.mjs in a Node worker thread, as a browser would run it in a Web Worker:
// gives it a `self` with addEventListener("message") and postMessage. For tests only.
import { parentPort, workerData } from 'node:worker_threads';

const listeners = [];
globalThis.self = {
  addEventListener(type, listener) {
    if (type === 'message') listeners.push(listener);
  },
  postMessage(data) {
    parentPort.postMessage(data);
  },
};
// As a browser does for a worker's script, messages that arrive while the module is still loading
// wait for it (they were dispatched to no listener, and a test waited for their answer forever).
let pending = [];
parentPort.on('message', (data) => {
  if (pending) pending.push(data);
  else for (const listener of listeners) listener({ data });
});
await import(workerData.workerModule);
const early = pending;
pending = null;
for (const data of early) for (const listener of listeners) listener({ data });
