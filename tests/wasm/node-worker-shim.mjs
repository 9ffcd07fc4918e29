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
parentPort.on('message', (data) => {
  for (const listener of listeners) listener({ data });
});
await import(workerData.workerModule);
