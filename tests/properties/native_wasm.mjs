// Property "native = wasm" over generated households: the requests of `properties --export N`
// (tests/fuzz/household.h) answered by `mesaides batch` and by the WebAssembly API must be the same
// bytes.
//
//   node tests/properties/native_wasm.mjs [N]        (default 300; last line "N passed, M failed")
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { ENGINE_DIR, NATIVE_CLI, ROOT, importEngineModule } from '../wasm/lib.mjs';

const n = Number(process.argv[2] ?? 300);
const PROPERTIES = join(ROOT, 'build/native/properties');
const requests = execFileSync(PROPERTIES, ['--export', String(n)], { encoding: 'utf8', maxBuffer: 1 << 30 })
  .split('\n')
  .filter(Boolean);
const { createEngine } = await importEngineModule();
const engine = await createEngine({ wasmBinary: readFileSync(join(ENGINE_DIR, 'mesaides_engine.wasm')) });
let passed = 0;
let failed = 0;
// By batches of 500 households, each answered natively then compared and dropped: every answer
// held at once would pass V8's limits (a string of 512 MB, a heap of 4 GB) beyond a few thousand.
const BATCH = 500;
for (let from = 0; from < requests.length; from += BATCH) {
  const chunk = requests.slice(from, from + BATCH);
  const native = execFileSync(NATIVE_CLI, ['batch'], {
    input: chunk.join('\n') + '\n',
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  }).split('\n');
  for (let k = 0; k < chunk.length; k++) {
    const i = from + k;
    const wasm = await engine.computeRaw(chunk[k]);
    if (wasm === native[k] && JSON.parse(wasm).ok === true) {
      passed++;
    } else {
      failed++;
      if (failed <= 5) {
        let at = 0;
        while (at < wasm.length && wasm[at] === native[k][at]) at++;
        console.log(
          `FAIL household ${i}: native and wasm differ at byte ${at}:\n  native ${native[k]?.slice(at - 80, at + 120)}\n  wasm   ${wasm.slice(at - 80, at + 120)}`,
        );
      }
    }
  }
}
engine.close();
console.log(`native = wasm on ${requests.length} generated households`);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
