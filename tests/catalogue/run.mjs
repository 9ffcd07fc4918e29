// The catalogue of bad inputs, natively and through the WebAssembly API: each must be answered by
// exactly the expected located error and nothing else (no partial result).
//
//   node tests/catalogue/run.mjs [--update]
//
// - situations.json (written by make_situations.py): malformed requests and situations, each with
//   its expected `error` ({kind, message, errors: [{path, message}]}). Run through `mesaides batch`
//   (native) and engine.computeRaw (wasm).
// - tests/golden/diagnostics/*.rules: broken rule files, with the exact diagnostics of the .expected
//   file next to them. Natively through check_rules (as tests/golden/run.sh does); and `mesaides
//   pack` must refuse each, with errors at the same places: the module holds no checker, broken
//   rules never reach it.
// --update writes the native answers into situations.json as the expected ones (review the diff).
// Last line: "N passed, M failed" (one check per case and per engine).
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
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
  // The module holds no checker: broken rules must never reach it. `mesaides pack` refuses them,
  // with the same located errors.
  const dir = mkdtempSync(join(tmpdir(), 'mesaides-catalogue-'));
  try {
    mkdirSync(join(dir, 'rules'));
    copyFileSync(join(GOLDEN, shown), join(dir, 'rules', file));
    const run = spawnSync(NATIVE_CLI, ['pack', '--rules', join(dir, 'rules'), join(dir, 'rules.packed')], {
      encoding: 'utf8',
    });
    check(`packing refused: ${file}`, () => {
      assert.equal(run.status, 2, `mesaides pack exited with ${run.status}`);
      assert.equal(existsSync(join(dir, 'rules.packed')), false, 'packed rules were written');
      const places = (d) =>
        (d.match(/^(?:diagnostics\/)?\S+:\d+:\d+: error:/gm) ?? []).map((l) =>
          l.replace(/^.*?([^/]+:\d+:\d+: error:)$/, '$1'),
        );
      assert.ok(places(expected).length > 0, 'no located error expected');
      assert.deepEqual(places(run.stderr), places(expected));
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`${cases.length} bad situations and requests, ${rules.length} broken rule files, natively and in wasm`);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
