// The catalogue of bad inputs, natively and through the WebAssembly API: each must be answered by
// exactly the expected located error and nothing else (no partial result).
//
//   node tests/catalogue/run.mjs [--update]
//
// - situations.json (written by make_situations.py): malformed requests and situations, each with
//   its expected `error` ({kind, message, errors: [{path, message}]}). Run through `mesaides batch`
//   (native) and engine.computeRaw (wasm).
// - tests/golden/diagnostics/*.rules: broken rule files, with the exact diagnostics of the .expected
//   file next to them. Natively through check_rules (as tests/golden/run.sh does), and through the
//   wasm API by creating an engine with that one rule file: every call then answers kind "rules"
//   with the same rendered diagnostics.
// --update writes the native answers into situations.json as the expected ones (review the diff).
// Last line: "N passed, M failed" (one check per case and per engine).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { ENGINE_DIR, NATIVE_CLI, ROOT, importEngineModule } from '../wasm/lib.mjs';

const update = process.argv.includes('--update');
const CASES_PATH = join(ROOT, 'tests/catalogue/situations.json');
const cases = JSON.parse(readFileSync(CASES_PATH, 'utf8'));
const textOf = (c) => c.text ?? JSON.stringify(c.request);

let passed = 0;
let failed = 0;
function check(name, fn) {
  try {
    fn();
    passed++;
  } catch (e) {
    failed++;
    console.log(
      `FAIL  ${name}\n      ${String(e?.message ?? e)
        .split('\n')
        .join('\n      ')}`,
    );
  }
}

// An answer is {ok: false, error} and nothing else; a situation error lists each problem's path.
function checkError(answer, expected) {
  assert.deepEqual(
    Object.keys(answer).sort(),
    ['error', 'ok'],
    `a partial result: ${JSON.stringify(answer).slice(0, 300)}`,
  );
  assert.equal(answer.ok, false);
  if (answer.error.kind === 'situation') {
    assert.ok(answer.error.errors.length > 0, 'a situation error without its list');
    for (const e of answer.error.errors) assert.ok(typeof e.path === 'string' && e.message, JSON.stringify(e));
  }
  assert.deepEqual(answer.error, expected);
}

// --- situations, native ---------------------------------------------------------------------------
const native = execFileSync(NATIVE_CLI, ['batch'], {
  input: cases.map(textOf).join('\n') + '\n',
  maxBuffer: 1 << 30,
  encoding: 'utf8',
}).split('\n');
cases.forEach((c, i) => {
  const answer = JSON.parse(native[i]);
  if (update) c.expected = answer.error;
  check(`native: ${c.name}`, () => checkError(answer, c.expected));
});
if (update) {
  writeFileSync(CASES_PATH, '[\n' + cases.map((c) => JSON.stringify(c)).join(',\n') + '\n]\n');
  console.log(`updated ${CASES_PATH}`);
}

// --- situations, wasm -----------------------------------------------------------------------------
const { createEngine } = await importEngineModule();
const wasmBinary = readFileSync(join(ENGINE_DIR, 'mesaides_engine.wasm'));
const engine = await createEngine({ wasmBinary });
for (const c of cases) {
  const answer = JSON.parse(await engine.computeRaw(textOf(c)));
  check(`wasm: ${c.name}`, () => checkError(answer, c.expected));
}
engine.close();

// --- broken rule files ----------------------------------------------------------------------------
const GOLDEN = join(ROOT, 'tests/golden');
const CHECKER = process.env.MESAIDES_CHECK_RULES ?? join(ROOT, 'build/native/check_rules');
const rules = readdirSync(join(GOLDEN, 'diagnostics'))
  .filter((f) => f.endsWith('.rules'))
  .sort();
const probe = JSON.stringify({ situation: { individus: { a: {} } }, period: '2026-06', variables: ['x'] });
for (const file of rules) {
  const shown = `diagnostics/${file}`;
  const expected = readFileSync(join(GOLDEN, shown.replace(/\.rules$/, '.expected')), 'utf8');
  check(`native rules: ${file}`, () => {
    let out;
    try {
      out = execFileSync(CHECKER, [shown], { cwd: GOLDEN, encoding: 'utf8' });
      assert.fail('the file loaded without error');
    } catch (e) {
      if (e.code === 'ERR_ASSERTION') throw e;
      assert.equal(e.status, 1, `check_rules exited with ${e.status}`);
      out = e.stdout;
    }
    assert.equal(out, expected);
    assert.match(out, /^diagnostics\/[^:]+:\d+:\d+: error: /m, 'no located error');
  });
  const bytes = readFileSync(join(GOLDEN, shown));
  const text = bytes.toString('utf8');
  const broken = await createEngine({ wasmBinary, rules: [{ path: shown, text }] });
  const answer = JSON.parse(await broken.computeRaw(probe));
  broken.close();
  check(`wasm rules: ${file}`, () => {
    assert.deepEqual(Object.keys(answer).sort(), ['error', 'ok']);
    assert.equal(answer.error.kind, 'rules');
    if (Buffer.compare(Buffer.from(text, 'utf8'), bytes) === 0) {
      assert.equal(answer.error.diagnostics, expected);
    } else {
      // Not UTF-8: a JavaScript string cannot carry these bytes (they arrive as U+FFFD), so only
      // the places of the errors are the same.
      const places = (d) => d.match(/^diagnostics\/\S+:\d+:\d+: error:/gm);
      assert.deepEqual(places(answer.error.diagnostics), places(expected));
    }
  });
}

console.log(`${cases.length} bad situations and requests, ${rules.length} broken rule files, natively and in wasm`);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
