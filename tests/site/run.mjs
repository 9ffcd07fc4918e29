// Runs the site's unit tests (tests/site/*.test.mjs, `node --test`) and ends with the line
// "N passed, M failed" that ci/test reads.
import { run } from 'node:test';
import { spec } from 'node:test/reporters';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const dir = new URL('.', import.meta.url).pathname;
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.test.mjs'))
  .sort()
  .map((f) => join(dir, f));
let passed = 0;
let failed = 0;
const stream = run({ files, concurrency: true });
stream.on('test:pass', (t) => {
  if (t.nesting === 0 && !t.skip) passed += 1;
});
stream.on('test:fail', (t) => {
  if (t.nesting === 0) failed += 1;
});
stream.compose(spec).pipe(process.stdout);
stream.on('end', () => {
  setImmediate(() => {
    console.log(`${passed} passed, ${failed} failed`);
    process.exitCode = failed ? 1 : 0;
  });
});
