// The error of the Mes Aides JavaScript API, shared by mesaides.mjs (the engine in this thread)
// and worker-client.mjs (the engine in a Web Worker), which must not load each other.
//
// Only calls that cannot answer reject with it: the engine could not be created, its rules did not
// load (kind "rules"), it was closed.
// compute() does not: a bad request resolves to {ok: false, error: {kind, message, errors?}}.
export class MesAidesError extends Error {
  constructor(error) {
    super(error?.message ?? String(error));
    this.name = 'MesAidesError';
    this.kind = error?.kind ?? 'internal';
  }
}
