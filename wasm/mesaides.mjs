// Mes Aides: the rules engine as a JavaScript ES module, for the browser (page or Web Worker) and
// Node 20. It wraps the WebAssembly module (mesaides_engine.mjs + mesaides_engine.wasm, built from
// the C++ core with the rules embedded) in a promise API.
//
//   import { createEngine } from "./mesaides.mjs";
//   const engine = await createEngine();
//   const result = await engine.compute(situation, { period: "2026-06", benefits: true });
//
// compute() never rejects on bad input: a malformed request or situation resolves to
// {ok: false, error: {kind, message, errors?}}, the same answer the native `mesaides batch` gives.
// If the WebAssembly instance itself fails (a trap), the call resolves to an "internal" error and
// the next call runs on a fresh instance.
//
// The module embeds the rules with their texts apart (core/packed_rules.h): what explanations,
// traces, the parameters' listing and a runtime error's message quote (the formulas' texts, the
// parameters' sources and references) is in mesaides_engine_texts.bin beside the .wasm, fetched
// (or read, in Node) the first time an answer needs it, once per engine. If it cannot be had
// (offline before it was ever fetched), such an answer is {ok: false, error: {kind: "texts",
// message}}.
//
// The listing methods reject with a MesAidesError when the engine cannot answer (e.g. kind
// "rules": the packed rules given did not load).
//
// For a page, prefer the Web Worker variant (worker-client.mjs), which keeps the computation off
// the main thread.
// biome-ignore lint/correctness/noUnresolvedImports: written next to this file by the Emscripten build (build/wasm)
import createMesAidesModule from './mesaides_engine.mjs';
import { MesAidesError } from './mesaides-error.mjs';

export { MesAidesError };

const DEFAULT_WASM_URL = new URL('./mesaides_engine.wasm', import.meta.url);

const IS_NODE =
  typeof process === 'object' &&
  typeof process.versions?.node === 'string' &&
  typeof window === 'undefined' &&
  typeof importScripts === 'undefined';

// Requests go to the module as UTF-8 bytes and answers come back as bytes (Engine.computeUtf8:
// ASCII, see core/json_text.h), each converted in one call: Embind's own string conversion walks the text in JavaScript. The
// encoder writes a lone UTF-16 surrogate as U+FFFD, as every UTF-8 encoder (and JSON.stringify's
// escaping, for compute()) does; Embind's would write it together with the character after it,
// which can swallow a quote and change the request's meaning.
const UTF8_IN = new TextEncoder();
const UTF8_OUT = new TextDecoder();
const DIRECT_REQUEST_CHARS = 1 << 20;

function errorResult(kind, message) {
  return { ok: false, error: { kind, message } };
}

// The engine's answer when it needs the rule texts (core/api.cpp's handle_request_text; the
// listings' in wasm/bindings.cpp), as its first bytes: the texts are then given to the engine
// (Engine.loadTexts) and the request asked again.
const TEXTS_NEEDED = UTF8_IN.encode('{"error":{"kind":"texts_needed"');
const NEEDS_TEXTS = Symbol('needs the rule texts');

function asksForTexts(bytes) {
  if (bytes.length < TEXTS_NEEDED.length || bytes[10] !== TEXTS_NEEDED[10]) return false;
  for (let i = 0; i < TEXTS_NEEDED.length; i++) if (bytes[i] !== TEXTS_NEEDED[i]) return false;
  return true;
}

async function readTexts(options) {
  if (options.texts !== undefined && options.texts !== null) return packedRules(options.texts, 'options.texts');
  const wasmUrl = new URL(options.wasmUrl ?? DEFAULT_WASM_URL, import.meta.url);
  const url = new URL(options.textsUrl ?? new URL('./mesaides_engine_texts.bin', wasmUrl), import.meta.url);
  if (IS_NODE && url.protocol === 'file:') return new Uint8Array(await readFileInNode(url));
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url.pathname}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

// The answer to a request: its bytes in the module's memory, until the next call. The request is
// encoded straight into that memory (up to a million characters: three bytes a character), else
// copied (computeUtf8). The room is asked for once and kept while the requests fit in it, and the
// answer's address and size are read where computeBuffer leaves them: one call into the module
// per request (each call through Embind costs about a tenth of a microsecond).
function answerBytes(instance, requestText) {
  const { engine, module } = instance;
  const room = requestText.length * 3;
  if (requestText.length > DIRECT_REQUEST_CHARS) return engine.computeUtf8(UTF8_IN.encode(requestText));
  if (room > instance.roomSize) {
    instance.roomAt = engine.requestBuffer(room);
    instance.roomSize = instance.roomAt === 0 ? 0 : room;
    instance.roomView = null;
    if (instance.roomAt === 0) return engine.computeUtf8(UTF8_IN.encode(requestText));
  }
  // The whole room's view, made again only when the room or the memory changes (a view per
  // request was a tenth of a small request's JavaScript).
  if (instance.roomView?.buffer !== module.HEAPU8.buffer) {
    instance.roomView = module.HEAPU8.subarray(instance.roomAt, instance.roomAt + instance.roomSize);
  }
  const { written } = UTF8_IN.encodeInto(requestText, instance.roomView);
  engine.computeBuffer(written);
  const info = module.HEAPU32; // the module's views anew: memory may grow
  const from = info[instance.answerInfo];
  return module.HEAPU8.subarray(from, from + info[instance.answerInfo + 1]);
}

// V8 puts a string of over 128 KB in fresh pages of its own, a page fault per 4 KB on first write
// (4 ns a byte on a virtual machine, docs/engine-performance.md): compute() parses a longer answer
// in pieces, its benefit lines by groups of at most PIECE_BYTES, where the engine says they lie
// (the offsets of the array's '[', of each line, of its ']'). The same object as JSON.parse of the
// whole, keys in order; answers without them (explanations, traces, errors) are parsed whole.
const PIECE_BYTES = 120 * 1024;

function parseInPieces(bytes, engine, module) {
  const count = engine.answerCutsCount();
  const at = engine.answerCutsAddress() >>> 2;
  const cuts = count >= 2 ? module.HEAPU32.subarray(at, at + count) : null;
  const open = cuts?.[0];
  const close = cuts?.[count - 1];
  if (!cuts || bytes[open] !== 0x5b || bytes[close] !== 0x5d || open + 1 + bytes.length - close > PIECE_BYTES) {
    return JSON.parse(UTF8_OUT.decode(bytes));
  }
  // `{"benefits":[` + `],…}`: the answer with no line yet.
  const answer = JSON.parse(UTF8_OUT.decode(bytes.subarray(0, open + 1)) + UTF8_OUT.decode(bytes.subarray(close)));
  const lines = answer.benefits;
  const end = (i) => (i + 1 < count - 1 ? cuts[i + 1] - 1 : close); // before the next comma, or the ']'
  for (let first = 1; first < count - 1; ) {
    let last = first;
    while (last + 1 < count - 1 && end(last + 1) - cuts[first] <= PIECE_BYTES) last++;
    for (const line of JSON.parse(`[${UTF8_OUT.decode(bytes.subarray(cuts[first], end(last)))}]`)) lines.push(line);
    first = last + 1;
  }
  return answer;
}

// Packed rules (or texts) as `mesaides pack` writes them (core/packed_rules.h), as bytes for the
// module.
function packedRules(rules, name = 'options.rules') {
  if (rules instanceof Uint8Array) return rules;
  if (rules instanceof ArrayBuffer) return new Uint8Array(rules);
  throw new TypeError(`${name} must be the bytes \`mesaides pack\` writes (a Uint8Array or an ArrayBuffer)`);
}

// The module's bytes as Emscripten 3.1.6's loader takes them without a copy: it copies a typed
// array (`new Uint8Array(bytes)`: the 1.9 MB module, ~1.5 ms of a cold start in Node) but only
// wraps an ArrayBuffer. A view of part of a buffer is left as it is.
function wasmBytes(bytes) {
  const whole =
    ArrayBuffer.isView(bytes) &&
    bytes.buffer instanceof ArrayBuffer &&
    bytes.byteOffset === 0 &&
    bytes.byteLength === bytes.buffer.byteLength;
  return whole ? bytes.buffer : bytes;
}

async function readFileInNode(url) {
  const { readFile } = await import('node:fs/promises');
  return readFile(url);
}

// One WebAssembly instance with its C++ Engine: {module, engine}.
async function instantiate(options) {
  const moduleOptions = {};
  const url = new URL(options.wasmUrl ?? DEFAULT_WASM_URL, import.meta.url);
  if (options.wasmBinary) {
    moduleOptions.wasmBinary = wasmBytes(options.wasmBinary);
  } else if (IS_NODE && url.protocol === 'file:') {
    // Emscripten 3.1.6 would fetch() the file path, which Node cannot do: hand it the bytes.
    moduleOptions.wasmBinary = wasmBytes(await readFileInNode(url));
  } else {
    moduleOptions.locateFile = (path) => (path.endsWith('.wasm') ? url.href : path);
  }
  const packed = options.rules === undefined || options.rules === null ? null : packedRules(options.rules);
  const module = await createMesAidesModule(moduleOptions);
  try {
    const engine = packed === null ? new module.Engine() : new module.Engine(packed);
    // answerBytes' request room (roomAt, roomSize) and where the answer's address and size are.
    return { module, engine, roomAt: 0, roomSize: 0, roomView: null, answerInfo: engine.answerInfoAddress() >>> 2 };
  } catch (e) {
    // A trap while loading the rules (an engine bug: malformed packed rules are an error answer).
    throw new MesAidesError({
      kind: 'internal',
      message: `the WebAssembly engine failed while loading the rules: ${e?.message ?? e}`,
    });
  }
}

class Engine {
  #options;
  #instance; // Promise of {module, engine}, or null after a failure (re-created on the next call)
  #ready = null; // {of: #instance, value: what it resolved to}: calls then start without a wait
  #closed = false;
  #texts = null; // Promise of the rule texts' bytes, once asked for (kept for a fresh instance)

  constructor(options, instance) {
    this.#options = options;
    this.#instance = Promise.resolve(instance);
  }

  // compute(situation, {period, variables, benefits, explain, trace}) → the result object.
  //   situation: OpenFisca's situation JSON (individus, familles, foyers_fiscaux, menages)
  //   period:    "2026-06" (the period of the variables asked, and of values given without one)
  //   variables: names of variables to compute for every member of their entity
  //   benefits:  true to compute every benefit and summarise them (result.benefits)
  //   explain:   true for result.explanations (status, reason, missing inputs of each value)
  //   trace:     true for result.trace (flat map keyed "variable<period>" and a tree)
  //   benefit_details: false to leave out each benefit's fixed description (label, institution, how to
  //              apply, references, meta: listBenefits() has them) and its missing inputs' labels
  //              (listInputs() has them), a much smaller result, answered without the rule texts
  //              (the details come with them: the first call with details loads them)
  //   benefit_names: only these benefits (names), e.g. the national ones for a what-if chart
  //   benefit_reasons: false to leave out each benefit's reason and missing inputs (amounts and
  //              verdicts only, as a what-if chart shows them): computed without recording what each
  //              value read, and a fraction of the answer
  //   missing_inputs_once: true for the benefits' missing inputs once, in result.missing_inputs (each
  //              input once, in the order the benefits meet them), rather than in every benefit: what
  //              a questionnaire asks, in about half the answer
  // (Not `async`: the promise #call gives is returned as it is, not wrapped in another one.)
  compute(situation, options = {}) {
    if (options === null || typeof options !== 'object' || Array.isArray(options)) {
      return Promise.resolve(
        errorResult('request', 'the options of compute() must be an object such as {period: "2026-01"}'),
      );
    }
    let request;
    try {
      request = JSON.stringify({ ...options, situation });
    } catch (e) {
      return Promise.resolve(errorResult('request', `the situation cannot be written as JSON: ${e?.message ?? e}`));
    }
    return this.#call(
      (instance) => {
        const bytes = answerBytes(instance, request);
        if (asksForTexts(bytes)) return NEEDS_TEXTS;
        if (bytes.length <= PIECE_BYTES) return JSON.parse(UTF8_OUT.decode(bytes));
        return parseInPieces(bytes, instance.engine, instance.module);
      },
      (message) => errorResult('internal', message),
      (error) => ({ ok: false, error }),
      options.explain === true || options.trace === true,
    );
  }

  // The request as JSON text → the result as JSON text, byte for byte what `mesaides batch` prints.
  computeRaw(requestText) {
    if (typeof requestText !== 'string') {
      return Promise.resolve(JSON.stringify(errorResult('request', 'computeRaw() takes the request as a JSON string')));
    }
    return this.#call(
      (instance) => {
        const bytes = answerBytes(instance, requestText);
        return asksForTexts(bytes) ? NEEDS_TEXTS : UTF8_OUT.decode(bytes);
      },
      (message) => JSON.stringify(errorResult('internal', message)),
      (error) => JSON.stringify({ error, ok: false }),
    );
  }

  // {ok: true, engine_version, law_date (newest parameter date), variables, parameters, benefits,
  //  rule_files}: the counts are those of the rules loaded.
  async info() {
    return this.#listing((engine) => engine.info(), null);
  }

  // Benefits: name, label, periodicity, amount and eligibility variables, amount kind, entity, meta,
  // and their institution, description, how to apply, conditions not simulated and legal
  // references, which come with the rule texts (the first call loads them). {texts: false}: without
  // these, at once (what names an answer's lines, e.g. before the texts are there or offline).
  async listBenefits(options = {}) {
    const texts = options?.texts !== false;
    return this.#listing((engine) => engine.benefits(texts), 'benefits');
  }

  // Input variables (those the questionnaire may ask): name, label, entity, period, type, default,
  // help, question, unit, for enums the items with their labels, and their legal references, which
  // come with the rule texts (the first call loads them). {texts: false}: without the references,
  // at once (what a questionnaire asks with, e.g. at startup or offline).
  async listInputs(options = {}) {
    const texts = options?.texts !== false;
    return this.#listing((engine) => engine.variables(true, texts), 'variables');
  }

  // Every variable, inputs and computed ones (with the dates of their formulas); the computed
  // ones' labels and every reference come with the rule texts (the first call loads them).
  async listVariables() {
    return this.#listing((engine) => engine.variables(false, true), 'variables');
  }

  // Every parameter with its dated values and their legal references (which come with the rule
  // texts: the first call loads them).
  async listParameters() {
    return this.#listing((engine) => engine.parameters(), 'parameters', true);
  }

  // Frees the WebAssembly instance. Later calls reject.
  close() {
    if (this.#closed) return;
    this.#closed = true;
    const instance = this.#instance;
    this.#instance = null;
    this.#ready = null;
    instance?.then(({ engine }) => engine.delete()).catch(() => {});
  }

  async #listing(call, key, texts = false) {
    const text = await this.#call(
      ({ engine }) => {
        const answer = call(engine);
        return answer.startsWith('{"error":{"kind":"texts_needed"') ? NEEDS_TEXTS : answer;
      },
      (message) => JSON.stringify(errorResult('internal', message)),
      (error) => JSON.stringify({ error, ok: false }),
      texts,
    );
    const answer = JSON.parse(text);
    if (!answer.ok) throw new MesAidesError(answer.error);
    return key === null ? answer : answer[key];
  }

  // Gives the engine the rule texts if it does not have them: null, or the error why not.
  async #loadTexts(engine) {
    if (!engine.textsPending()) return null;
    if (this.#texts === null) {
      this.#texts = readTexts(this.#options);
      this.#texts.catch(() => {
        this.#texts = null; // asked for again next time (the network may be back)
      });
    }
    let bytes;
    try {
      bytes = await this.#texts;
    } catch (e) {
      return { kind: 'texts', message: `the rule texts could not be loaded: ${e?.message ?? e}` };
    }
    const answer = JSON.parse(engine.loadTexts(bytes));
    return answer.ok ? null : answer.error;
  }

  // call({engine, module, …}) → the answer, or NEEDS_TEXTS: the texts are then loaded (onTexts(error)
  // answers if they cannot be) and the call made again. `texts`: load them first (explanations,
  // traces: they always need them).
  async #call(call, onTrap, onTexts = null, texts = false) {
    if (this.#closed) throw new MesAidesError({ kind: 'closed', message: 'this engine was closed' });
    if (!this.#instance) this.#instance = instantiate(this.#options);
    const instance = this.#instance;
    let ready = this.#ready?.of === instance ? this.#ready.value : null;
    if (ready === null) {
      try {
        ready = await instance;
      } catch (e) {
        if (this.#instance === instance) {
          this.#instance = null;
          this.#ready = null;
        }
        throw new MesAidesError({ kind: 'internal', message: `the engine could not be created: ${e?.message ?? e}` });
      }
      this.#ready = { of: instance, value: ready };
    }
    const { engine } = ready;
    try {
      if (texts && onTexts) {
        const error = await this.#loadTexts(engine);
        if (error) return onTexts(error);
      }
      let answer = call(ready);
      if (answer === NEEDS_TEXTS && onTexts) {
        const error = await this.#loadTexts(engine);
        if (error) return onTexts(error);
        answer = call(ready);
        if (answer === NEEDS_TEXTS) return onTexts({ kind: 'texts', message: 'the rule texts did not load' });
      }
      return answer;
    } catch (e) {
      // A trap (out of memory, stack overflow, a bug): the C++ side caught nothing, so the
      // instance may be in any state. Drop it; the next call makes a new one.
      if (this.#instance === instance) {
        this.#instance = null;
        this.#ready = null;
      }
      return onTrap(`the WebAssembly engine failed (${e?.message ?? e}); it was restarted`);
    }
  }
}

// Creates an engine: loads the WebAssembly module and its embedded rules (or `options.rules`).
//   options.wasmUrl:    where mesaides_engine.wasm is (default: next to this file)
//   options.wasmBinary: its bytes, if already at hand (nothing is then fetched or read)
//   options.rules:      rules to load instead of the embedded ones: the bytes `mesaides pack` writes
//                       (a Uint8Array or an ArrayBuffer; the module neither parses nor checks rule
//                       text: `mesaides check` and `mesaides pack` do, natively)
//   options.textsUrl:   where the rule texts are (default: mesaides_engine_texts.bin beside the
//                       .wasm), fetched when an answer first needs them
//   options.texts:      their bytes, if at hand (with options.rules packed `--texts`: theirs)
// Rejects if the module cannot be loaded; resolves even if the rules do not load (every call then
// answers kind "rules" with why).
export async function createEngine(options = {}) {
  const instance = await instantiate(options);
  return new Engine({ ...options }, instance);
}
