// Builds the engine's JavaScript API as an npm package, for partners who call the engine from Node or a
// bundler without our repository: build/npm/package/ (package.json with `exports`, the ES modules, the
// WebAssembly module with the rules embedded, index.d.ts, README.md) and its tarball
// build/npm/mesaides-engine-VERSION.tgz (npm pack). Prints the tarball's path and size.
//
//   node ci/build_npm.mjs [--engine-dir build/wasm]
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';

const ROOT = resolve(new URL('..', import.meta.url).pathname);
const args = process.argv.slice(2);
const engineDir = resolve(ROOT, args[args.indexOf('--engine-dir') + 1] ?? 'build/wasm');
const out = join(ROOT, 'build/npm');
const pkg = join(out, 'package');

const engineFiles = ['mesaides_engine.mjs', 'mesaides_engine.wasm', 'mesaides_engine_texts.bin'];
for (const f of engineFiles) {
  if (!existsSync(join(engineDir, f))) {
    console.error(`build_npm: ${join(engineDir, f)} is missing (build the WebAssembly module first)`);
    process.exit(1);
  }
}
rmSync(out, { recursive: true, force: true });
mkdirSync(pkg, { recursive: true });
for (const f of engineFiles) copyFileSync(join(engineDir, f), join(pkg, f));
for (const f of ['mesaides.mjs', 'mesaides-error.mjs', 'mesaides-worker.mjs', 'worker-client.mjs'])
  copyFileSync(join(ROOT, 'wasm', f), join(pkg, f));
for (const f of ['README.md', 'index.d.ts']) copyFileSync(join(ROOT, 'wasm/npm', f), join(pkg, f));

// The version is the engine's (core/api.cpp), so a tarball says which engine it holds.
const version =
  /engine_version\(\) \{ return "([^"]+)"/.exec(readFileSync(join(ROOT, 'core/api.cpp'), 'utf8'))?.[1] ?? '0.0.0';
const manifest = {
  name: '@mesaides/engine',
  version,
  description:
    'Mes Aides: French social benefits computed from the law (WebAssembly engine, rules embedded, nothing sent anywhere)',
  license: 'AGPL-3.0-or-later',
  type: 'module',
  main: './mesaides.mjs',
  types: './index.d.ts',
  exports: {
    '.': { types: './index.d.ts', default: './mesaides.mjs' },
    './worker-client': './worker-client.mjs',
    './worker': './mesaides-worker.mjs',
    './error': './mesaides-error.mjs',
    './mesaides_engine.wasm': './mesaides_engine.wasm',
    './mesaides_engine_texts.bin': './mesaides_engine_texts.bin',
  },
  files: ['*.mjs', '*.wasm', '*.bin', 'index.d.ts', 'README.md'],
  engines: { node: '>=17' },
};
writeFileSync(join(pkg, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
const packed = execFileSync('npm', ['pack', '--silent', '--pack-destination', out], { cwd: pkg, encoding: 'utf8' })
  .trim()
  .split('\n')
  .pop();
const tarball = join(out, packed);
console.log(`build_npm: ${tarball.slice(ROOT.length + 1)} (${statSync(tarball).size} bytes)`);
