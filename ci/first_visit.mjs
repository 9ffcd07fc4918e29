// Measures what a first visit to the built site transfers: a headless Chromium (fresh profile) opens the
// home page, the service worker installs, and every request the server answers is counted with the gzip
// size of its body (a file fetched twice counts twice): the bytes of FILE.gz where the build precompressed
// it (ci/build_site.mjs), which are what this server sends, else gzip -9 of the file (a host's own). Used by ci/build_site.mjs; also runnable alone:
//   node ci/first_visit.mjs [build/site]
// Returns null (with a note) when Chromium or playwright-core is not there.
import { createServer } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.webmanifest': 'application/manifest+json',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
};

// playwright-core's Chromium launcher, {chromium}, or {skipped: why} when it cannot run here (no
// playwright-core, no browser at `chromiumPath`). Also used by the engine's browser measures
// (tests/wasm/lib.mjs).
export async function loadChromium(chromiumPath) {
  let chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    return { skipped: 'playwright-core is not installed' };
  }
  if (!existsSync(chromiumPath)) return { skipped: `no Chromium at ${chromiumPath}` };
  return { chromium };
}

export async function measureFirstVisit(
  dir,
  { chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium', quietMs = 2500, maxMs = 60000 } = {},
) {
  const { chromium, skipped } = await loadChromium(chromiumPath);
  if (skipped) return { skipped };
  const served = [];
  let last = Date.now();
  const gz = new Map();
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    let path = normalize(join(dir, decodeURIComponent(url.pathname)));
    if (!path.startsWith(dir + sep) && path !== dir) return res.writeHead(403).end();
    try {
      if (statSync(path).isDirectory()) path = join(path, 'index.html');
      const modified = statSync(path).mtime;
      modified.setMilliseconds(0);
      last = Date.now();
      // as ci/serve_static.py: revalidated each time (no-cache), Last-Modified, 304 when unchanged
      const since = req.headers['if-modified-since'];
      if (since && Date.parse(since) >= modified.getTime()) {
        served.push({ path: url.pathname, bytes: 0, gzip: 0, status: 304 });
        return res.writeHead(304, { 'cache-control': 'no-cache', 'last-modified': modified.toUTCString() }).end();
      }
      const body = readFileSync(path);
      const precompressed = existsSync(`${path}.gz`) ? readFileSync(`${path}.gz`) : null;
      if (!gz.has(path)) gz.set(path, precompressed?.length ?? gzipSync(body, { level: 9 }).length);
      served.push({ path: url.pathname, bytes: body.length, gzip: gz.get(path), status: 200 });
      res.writeHead(200, {
        'content-type': TYPES[extname(path)] ?? 'application/octet-stream',
        'cache-control': 'no-cache',
        'last-modified': modified.toUTCString(),
        ...(precompressed ? { 'content-encoding': 'gzip' } : {}),
      });
      res.end(precompressed ?? body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  const profile = mkdtempSync(join(tmpdir(), 'mesaides-first-visit-'));
  let context = null;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-dev-shm-usage',
      ],
      viewport: { width: 1280, height: 900 },
      locale: 'fr-FR',
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const t0 = Date.now();
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForSelector('#start', { timeout: maxMs });
    const firstScreenMs = Date.now() - t0;
    await page.evaluate(() => navigator.serviceWorker?.ready);
    await page.evaluate(() => (window.__mesaidesIdle ? window.__mesaidesIdle() : null)).catch(() => null);
    while (Date.now() - last < quietMs && Date.now() - t0 < maxMs) await new Promise((ok) => setTimeout(ok, 200));
    const gzip = served.reduce((s, r) => s + r.gzip, 0);
    const bytes = served.reduce((s, r) => s + r.bytes, 0);
    return { requests: served.length, gzip, bytes, firstScreenMs, served };
  } finally {
    await context?.close().catch(() => {});
    server.closeAllConnections?.();
    server.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = resolve(process.argv[2] ?? 'build/site');
  const r = await measureFirstVisit(dir);
  if (r.skipped) {
    console.log(`first visit: not measured (${r.skipped})`);
  } else {
    const byPath = new Map();
    for (const s of r.served) {
      const e = byPath.get(s.path) ?? { n: 0, gzip: 0 };
      e.n += 1;
      e.gzip += s.gzip;
      byPath.set(s.path, e);
    }
    for (const [p, e] of [...byPath].sort((a, b) => b[1].gzip - a[1].gzip))
      console.log(`${String(e.gzip).padStart(9)}  ${e.n > 1 ? `×${e.n} ` : ''}${p}`);
    console.log(
      `first visit: ${r.requests} requests, ${r.gzip} bytes gzip (${r.bytes} bytes uncompressed), home page shown after ${r.firstScreenMs} ms`,
    );
  }
}
