// ci/serve_static.py, the server of `ci/serve`: a file the build precompressed (FILE.br, FILE.gz beside
// it: ci/build_site.mjs) goes in the form the browser accepts, brotli first; the file itself otherwise;
// an unchanged one is a 304 whichever form was sent; a form without its file is not sent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';

const ROOT = new URL('../..', import.meta.url).pathname;

function freePort() {
  return new Promise((done) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => done(port));
    });
  });
}

function get(port, path, headers = {}) {
  return new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => done({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', fail);
    req.end();
  });
}

test('ci/serve_static.py sends the precompressed forms a browser accepts', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'mesaides-serve-'));
  const wasm = Buffer.from('\0asm'.repeat(500));
  const page = Buffer.from('<!doctype html><title>Mes Aides</title>'.repeat(20));
  mkdirSync(join(dir, 'engine'));
  writeFileSync(join(dir, 'engine/m.wasm'), wasm);
  writeFileSync(join(dir, 'engine/m.wasm.gz'), gzipSync(wasm));
  writeFileSync(join(dir, 'engine/m.wasm.br'), brotliCompressSync(wasm));
  writeFileSync(join(dir, 'index.html'), page);
  writeFileSync(join(dir, 'index.html.gz'), gzipSync(page));
  writeFileSync(join(dir, 'plain.txt'), 'not precompressed');
  writeFileSync(join(dir, 'removed.bin.gz'), gzipSync(Buffer.from('a file no longer there')));
  const port = await freePort();
  const server = spawn('python3', [join(ROOT, 'ci/serve_static.py'), dir, String(port)], { stdio: 'ignore' });
  t.after(() => {
    server.kill();
    rmSync(dir, { recursive: true, force: true });
  });
  for (let i = 0; ; i++) {
    try {
      await get(port, '/plain.txt');
      break;
    } catch (e) {
      if (i > 100) throw e;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  const br = await get(port, '/engine/m.wasm', { 'accept-encoding': 'gzip, deflate, br' });
  assert.equal(br.status, 200);
  assert.equal(br.headers['content-encoding'], 'br');
  assert.equal(br.headers['content-type'], 'application/wasm');
  assert.match(br.headers.vary, /Accept-Encoding/);
  assert.ok(brotliDecompressSync(br.body).equals(wasm));

  const gz = await get(port, '/engine/m.wasm', { 'accept-encoding': 'gzip' });
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.ok(gunzipSync(gz.body).equals(wasm));

  // A coding refused by a zero q-value is not sent.
  const refused = await get(port, '/engine/m.wasm', { 'accept-encoding': 'br;q=0, gzip;q=0.5' });
  assert.equal(refused.headers['content-encoding'], 'gzip');
  assert.ok(gunzipSync(refused.body).equals(wasm));

  const raw = await get(port, '/engine/m.wasm', { 'accept-encoding': 'identity' });
  assert.equal(raw.headers['content-encoding'], undefined);
  assert.ok(raw.body.equals(wasm));

  // A directory's index.html, in the one form it has besides itself.
  const index = await get(port, '/', { 'accept-encoding': 'br, gzip' });
  assert.equal(index.headers['content-encoding'], 'gzip');
  assert.match(index.headers['content-type'], /^text\/html/);
  assert.ok(gunzipSync(index.body).equals(page));

  const plain = await get(port, '/plain.txt', { 'accept-encoding': 'br, gzip' });
  assert.equal(plain.headers['content-encoding'], undefined);
  assert.equal(plain.body.toString(), 'not precompressed');

  // Revalidation: the file's own date, whether it was sent compressed or not.
  const again = await get(port, '/engine/m.wasm', {
    'accept-encoding': 'br',
    'if-modified-since': br.headers['last-modified'],
  });
  assert.equal(again.status, 304);
  assert.equal(again.body.length, 0);

  const missing = await get(port, '/engine/none.wasm', { 'accept-encoding': 'br, gzip' });
  assert.equal(missing.status, 404);
  // A compressed form left beside a file that is gone is not sent for it.
  const removed = await get(port, '/removed.bin', { 'accept-encoding': 'gzip' });
  assert.equal(removed.status, 404);
});
