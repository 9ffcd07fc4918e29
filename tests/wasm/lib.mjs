// Helpers of the WebAssembly tests: where things are, the engine's worker in a thread, a tiny test
// runner whose last line is "N passed, M failed" (the format ci/test reads), and the requests built
// from examples/.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { basename, dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { gzipSync } from 'node:zlib';

import { loadChromium } from '../../ci/first_visit.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

// The engine as the site serves it (ci/build copies it there); MESAIDES_ENGINE_DIR overrides.
export const ENGINE_DIR = resolve(process.env.MESAIDES_ENGINE_DIR ?? join(ROOT, 'build/site/engine'));
export const NATIVE_CLI = resolve(process.env.MESAIDES_NATIVE_CLI ?? join(ROOT, 'build/native/mesaides'));

export async function importEngineModule(name = 'mesaides.mjs') {
  const path = join(ENGINE_DIR, name);
  if (!existsSync(path)) throw new Error(`${path} not found: run ci/build first`);
  return import(pathToFileURL(path).href);
}

// Headless Chromium, for the measures of the engine in a browser (browser-ready.mjs,
// browser-chart.mjs): {chromium} (playwright-core's), or {skipped: why} when it cannot run here.
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
export async function chromiumOrSkip() {
  const loaded = await loadChromium(CHROMIUM);
  if (loaded.skipped) return loaded;
  if (!existsSync(join(ENGINE_DIR, 'mesaides_engine.wasm'))) return { skipped: 'no built engine (ci/build)' };
  return loaded;
}

// The content types of the engine's files, as a server gives them to a browser.
export const CONTENT_TYPES = { '.mjs': 'text/javascript', '.js': 'text/javascript', '.wasm': 'application/wasm' };

// A local server for such a measure: `page` (HTML) at `pagePath`, and the built site's files (the
// engine's under /engine/), gzip-compressed and cached for an hour as a CDN serves them when
// `cdn`, else as they are. Resolves to {url of the page, close()}.
export async function serveSitePage(pagePath, page, { cdn = false } = {}) {
  const site = join(ENGINE_DIR, '..');
  const gzipped = new Map();
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (url.pathname === pagePath) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
      res.end(page);
      return;
    }
    const path = normalize(join(site, decodeURIComponent(url.pathname)));
    if (!path.startsWith(site + sep) || !existsSync(path) || statSync(path).isDirectory()) {
      res.writeHead(404).end();
      return;
    }
    const type = CONTENT_TYPES[extname(path)] ?? 'application/octet-stream';
    if (!cdn) {
      res.writeHead(200, { 'content-type': type });
      res.end(readFileSync(path));
      return;
    }
    // The build's precompressed form (ci/build_site.mjs) where there is one, as such a host sends it.
    if (!gzipped.has(path))
      gzipped.set(
        path,
        existsSync(`${path}.gz`) ? readFileSync(`${path}.gz`) : gzipSync(readFileSync(path), { level: 9 }),
      );
    res.writeHead(200, { 'content-type': type, 'content-encoding': 'gzip', 'cache-control': 'max-age=3600' });
    res.end(gzipped.get(path));
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${server.address().port}${pagePath}`, close: () => server.close() };
}

// The median of `values` (the lower middle one of an even count).
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

// The engine's worker (mesaides-worker.mjs) in a Node worker thread dressed as a Web Worker, through
// node-worker-shim.mjs: what createWorkerEngine(url, {worker}) takes. `replies` records what the
// worker sent.
export function nodeWorker() {
  const worker = new Worker(new URL('./node-worker-shim.mjs', import.meta.url), {
    workerData: { workerModule: pathToFileURL(join(ENGINE_DIR, 'mesaides-worker.mjs')).href },
  });
  const adapter = {
    replies: [],
    onmessage: null,
    onerror: null,
    postMessage: (data) => worker.postMessage(data),
    terminate: () => worker.terminate(),
  };
  worker.on('message', (data) => {
    adapter.replies.push(data);
    adapter.onmessage?.({ data });
  });
  worker.on('error', (error) => adapter.onerror?.({ message: error.message }));
  return adapter;
}

// --- a minimal runner ---------------------------------------------------------------------------
export class Suite {
  #tests = [];

  test(name, fn) {
    this.#tests.push({ name, fn });
  }

  async run() {
    let passed = 0;
    let failed = 0;
    for (const { name, fn } of this.#tests) {
      const t0 = performance.now();
      try {
        await fn();
        passed++;
        console.log(`ok    ${name} (${(performance.now() - t0).toFixed(0)} ms)`);
      } catch (e) {
        failed++;
        console.log(
          `FAIL  ${name}\n      ${String(e?.stack ?? e)
            .split('\n')
            .join('\n      ')}`,
        );
      }
    }
    console.log(`${passed} passed, ${failed} failed`);
    process.exitCode = failed ? 1 : 0;
    return failed === 0;
  }
}

// --- requests from examples/ --------------------------------------------------------------------
// An example file is either a request ({"situation": ..., "period": ...}) or a bare situation.
// For a bare situation, the period is the newest month it gives a value for (default 2026-01).
export function guessPeriod(situation) {
  let newest = null;
  const visit = (value, key) => {
    if (typeof key === 'string' && /^\d{4}-\d{2}$/.test(key) && (newest === null || key > newest)) newest = key;
    if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) visit(v, k);
  };
  visit(situation, null);
  return newest ?? '2026-01';
}

export function exampleFiles() {
  const dir = join(ROOT, 'examples');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => join(dir, name));
}

// The base request of each example: {name, request}.
export function exampleRequests() {
  return exampleFiles().map((file) => {
    const json = JSON.parse(readFileSync(file, 'utf8'));
    const request = 'situation' in json ? json : { situation: json, period: guessPeriod(json), benefits: true };
    return { name: file.slice(ROOT.length + 1), request };
  });
}

// --- the rules bundle -----------------------------------------------------------------------------
// The rule files of DIR as the native read_rule_files(DIR) gives them (core/program.cpp): every
// *.rules below DIR, sorted path component by component (std::filesystem::path order), shown as
// "<last component of DIR>/<relative path>".
export function readRuleFiles(dir) {
  const files = [];
  const walk = (sub) => {
    for (const entry of readdirSync(join(dir, sub), { withFileTypes: true })) {
      const rel = sub ? `${sub}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith('.rules')) files.push(rel);
    }
  };
  walk('');
  const byComponents = (x, y) => {
    const a = x.split('/');
    const b = y.split('/');
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      if (a[i] !== b[i]) return Buffer.compare(Buffer.from(a[i]), Buffer.from(b[i]));
    }
    return a.length - b.length;
  };
  const prefix = basename(resolve(dir));
  return files
    .sort(byComponents)
    .map((rel) => ({ path: `${prefix}/${rel}`, text: readFileSync(join(dir, rel), 'utf8') }));
}

// The text the module's rules digest names (without_top_comments, core/packed_rules.h): comment lines
// at column 0 emptied (their line kept). They must lie outside every block (a formula's text is shown
// in explanations): throws if one does not.
export function withoutTopComments(text, name) {
  let depth = 0;
  let inString = false;
  const lines = text.split('\n');
  lines.forEach((line, n) => {
    if (line.startsWith('#')) {
      if (depth !== 0) throw new Error(`${name}:${n + 1}: a comment at column 0 inside a block (indent it)`);
      lines[n] = '';
      return;
    }
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (inString) {
        if (c === '\\') i++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === '#') break;
      else if (c === '{') depth++;
      else if (c === '}') depth--;
    }
  });
  return lines.join('\n');
}

// The bundle bytes (bundle_rule_files(): "\x01PATH\n" + text per file, comment lines at column 0
// emptied) and its FNV-1a 64 digest, as the engine's info().rules_digest gives it (rules_text_digest,
// stored in the packed rules the module embeds).
export function rulesDigest(files) {
  const bundle = Buffer.from(files.map((f) => `\x01${f.path}\n${withoutTopComments(f.text, f.path)}`).join(''), 'utf8');
  let hash = 0xcbf29ce484222325n;
  for (const byte of bundle) hash = BigInt.asUintN(64, (hash ^ BigInt(byte)) * 0x100000001b3n);
  return `fnv1a64:${hash.toString(16).padStart(16, '0')}`;
}
