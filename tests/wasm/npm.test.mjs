// The engine as an npm package (ci/build_npm.mjs): its tarball installed into an empty folder with
// `npm install <tarball>` (no network: the package has no dependency), then the README's example run
// under Node. Reference: with two children (aged 8 and 11, no income), the allocations familiales are
// 32 % of the BMAF (art. D521-1 CSS, rate for two children; no majoration before 14), and the BMAF is
// 478,16 € from 2026-04-01 (instruction interministérielle n° DSS/2A/2026/36 du 26 mars 2026):
// 0,32 × 478,16 = 153,0112 → 153,01 € in June 2026.
//   node tests/wasm/npm.test.mjs   (after ci/build; last line "N passed, M failed")
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { Suite } from './lib.mjs';

const root = new URL('../..', import.meta.url).pathname;
const npmDir = join(root, 'build/npm');
const tarball = existsSync(npmDir) ? readdirSync(npmDir).find((f) => f.endsWith('.tgz')) : null;

const suite = new Suite();
suite.test('the package installs from its tarball and runs the README example', () => {
  assert.ok(tarball, `no tarball in ${npmDir}: run ci/build first`);
  const dir = mkdtempSync(join(tmpdir(), 'mesaides-npm-'));
  try {
    writeFileSync(join(dir, 'package.json'), '{"name": "partner", "version": "1.0.0", "private": true}\n');
    execFileSync(
      'npm',
      ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error', join(npmDir, tarball)],
      { cwd: dir, encoding: 'utf8' },
    );
    const readme = readFileSync(join(dir, 'node_modules/@mesaides/engine/README.md'), 'utf8');
    const example = /```js\n([\s\S]*?)```/.exec(readme)?.[1];
    assert.ok(example, 'the README has a JavaScript example');
    writeFileSync(join(dir, 'example.mjs'), example);
    const out = execFileSync('node', ['example.mjs'], { cwd: dir, encoding: 'utf8' });
    assert.equal(out.trim(), 'AF: 153.01 €');
    // the types are shipped and named by the manifest
    const manifest = JSON.parse(readFileSync(join(dir, 'node_modules/@mesaides/engine/package.json'), 'utf8'));
    assert.ok(existsSync(join(dir, 'node_modules/@mesaides/engine', manifest.types)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
await suite.run();
