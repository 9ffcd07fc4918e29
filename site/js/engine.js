// The engine for the page: the WebAssembly rules engine in a Web Worker (engine/worker-client.mjs, copied
// from wasm/ by the build), so the page stays responsive while it computes. One worker, created once.
let engine = null;

export async function loadEngine() {
  if (engine) return engine;
  // biome-ignore lint/correctness/noUnresolvedImports: engine/ is copied from wasm/ into build/site by the build
  const { createWorkerEngine } = await import('../engine/worker-client.mjs');
  const client = createWorkerEngine(new URL('../engine/mesaides-worker.mjs', import.meta.url));
  await client.info(); // starts the engine now, and fails here if it cannot load
  engine = client;
  return engine;
}
