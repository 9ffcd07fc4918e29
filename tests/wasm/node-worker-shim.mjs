// Runs wasm/mesaides-worker.mjs in a Node worker thread, as a browser would run it in a Web Worker:
// gives it a `self` with addEventListener("message") and postMessage. For tests only.
import { parentPort, workerData } from 'node:worker_threads';

// Browsers make a timeout of less than 4 ms nested in five others wait 4 ms (HTML's timer
// clamping): a worker whose queue moved on by such timeouts answered a burst of requests (the
// what-if chart's fifty) 4 ms a request late in Chromium, not here. So the shim counts the
// timeouts of less than 4 ms the worker sets; the message {shimShortTimeouts: true} asks for the
// count ({shimShortTimeouts: N}).
let shortTimeouts = 0;
const setTimeoutOfNode = globalThis.setTimeout;
globalThis.setTimeout = (callback, ms, ...args) => {
  if (!(Number(ms) >= 4)) shortTimeouts += 1;
  return setTimeoutOfNode(callback, ms, ...args);
};

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
  if (data?.shimShortTimeouts) {
    parentPort.postMessage({ shimShortTimeouts: shortTimeouts });
    return;
  }
  if (pending) pending.push(data);
  else for (const listener of listeners) listener({ data });
});
await import(workerData.workerModule);
const early = pending;
pending = null;
for (const data of early) for (const listener of listeners) listener({ data });
