// Builds the static site into build/site (called by ci/build; needs `npm ci` done by ci/bootstrap):
//   build/site/            copy of site/
//   build/site/dsfr/       the DSFR files the site uses (the CSS, the fonts and icons it names),
//                          and dsfr/icons.css with only the icon classes the site uses — served from our
//                          own origin, no CDN
//   build/site/data/cp/    the current communes with their postal codes (from @etalab/decoupage-administratif),
//                          one file per département, and index.json
//   build/site/engine/     the WebAssembly engine and its JS API (when built)
//   build/site/sw.js       the service worker, with the list of files to precache and a version hash
//
//   node ci/build_site.mjs [--engine-dir build/wasm | --no-engine]
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { brotliCompressSync, brotliDecompressSync, constants as zlib, gunzipSync, gzipSync } from 'node:zlib';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'build/site');
const dsfrDist = join(root, 'node_modules/@gouvfr/dsfr/dist');
const communesFile = join(root, 'node_modules/@etalab/decoupage-administratif/data/communes.json');
const departementsFile = join(root, 'node_modules/@etalab/decoupage-administratif/data/departements.json');

// Icon classes used by site/ (fr-icon-…). The build fails if one is not in the DSFR.
const ICONS = [
  'fr-icon-arrow-left-line',
  'fr-icon-arrow-right-line',
  'fr-icon-download-line',
  'fr-icon-upload-line',
  'fr-icon-printer-line',
  'fr-icon-edit-line',
  'fr-icon-links-line',
  'fr-icon-refresh-line',
  'fr-icon-check-line',
  'fr-icon-close-line',
  'fr-icon-information-line',
  'fr-icon-lock-line',
  'fr-icon-time-line',
  'fr-icon-scales-3-line',
  'fr-icon-translate-2',
  'fr-icon-clipboard-line',
  'fr-icon-error-warning-line',
  'fr-icon-line-chart-line',
  'fr-icon-home-4-line',
  'fr-icon-external-link-line',
];

function log(msg) {
  process.stderr.write(`build_site: ${msg}\n`);
}

function die(msg) {
  log(`error: ${msg}`);
  process.exit(1);
}

function copyFile(from, to) {
  mkdirSync(dirname(to), { recursive: true });
  cpSync(from, to);
}

function walk(dir) {
  const files = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) files.push(...walk(p));
    else files.push(p);
  }
  return files;
}

// --- site/ ------------------------------------------------------------------------------------
if (!existsSync(join(root, 'site'))) die('site/ is missing');
if (!existsSync(dsfrDist)) die('node_modules/@gouvfr/dsfr is missing (run ci/bootstrap)');
rmSync(out, { recursive: true, force: true });
cpSync(join(root, 'site'), out, { recursive: true });

// --- DSFR -------------------------------------------------------------------------------------
const dsfrOut = join(out, 'dsfr');
const cssUrls = (css) => [...css.matchAll(/url\(([^)"']+)\)/g)].map((m) => m[1]).filter((u) => !u.startsWith('data:'));
// CSS only: no DSFR component used here needs its JavaScript (which would also write the colour
// scheme to localStorage, and nothing is stored without the user's act).
// Fonts the site never uses are not shipped: their @font-face rules go (Spectral is only for
// .fr-text--alt, the light and italic Marianne for .fr-text--light, quotes and placeholders — none here).
const UNUSED_FONTS = /Spectral|Marianne-Light|_Italic/;
// The DSFR's core and the components the site shows, with the print styles; not the other components,
// nor the "legacy" styles (for browsers without CSS variables, which cannot run the site anyway: it needs
// ES modules and WebAssembly). The build fails if a DSFR class named in site/ is left without its rules.
const DSFR_COMPONENTS = [
  'alert',
  'badge',
  'button',
  'callout',
  'checkbox',
  'footer',
  'form',
  'header',
  'input',
  'link',
  'logo',
  'notice',
  'radio',
  'select',
  'skiplink',
  'stepper',
  'table',
  'upload',
];
// classes named in site/ whose DSFR rules belong to components not shown (no effect here)
const DSFR_CLASSES_ELSEWHERE = new Set(['fr-input--error']);
const dsfrCss = [
  join(dsfrDist, 'core/core.main.min.css'),
  ...DSFR_COMPONENTS.map((c) => join(dsfrDist, `component/${c}/${c}.main.min.css`)),
  join(dsfrDist, 'dsfr.print.min.css'),
]
  // each file's url(…) made relative to the package root, where dsfr.min.css is written from
  .map((f) =>
    readFileSync(f, 'utf8').replace(/url\(([^)"']+)\)/g, (m, u) =>
      u.startsWith('data:') ? m : `url(${relative(dsfrDist, resolve(dirname(f), u))})`,
    ),
  )
  .join('\n')
  .replace(/@font-face\{[^}]*\}/g, (rule) => (UNUSED_FONTS.test(rule) ? '' : rule));
{
  const siteText = walk(join(root, 'site'))
    .filter((f) => /\.(js|html|css)$/.test(f))
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n');
  const used = new Set(
    [...siteText.matchAll(/\bfr-[a-z0-9]+(?:[-_][a-z0-9]+)*(?:--[a-z0-9-]+|__[a-z0-9-]+)*/g)].map((m) => m[0]),
  );
  const fullCss = readFileSync(join(dsfrDist, 'dsfr.main.min.css'), 'utf8');
  const defines = (css, cls) => new RegExp(`\\.${cls}(?![a-zA-Z0-9_-])`).test(css);
  const missing = [...used].filter(
    (c) => !c.startsWith('fr-icon-') && !DSFR_CLASSES_ELSEWHERE.has(c) && defines(fullCss, c) && !defines(dsfrCss, c),
  );
  if (missing.length)
    die(`DSFR classes used by site/ but not in the components kept (DSFR_COMPONENTS): ${missing.join(', ')}`);
}
mkdirSync(dsfrOut, { recursive: true });
writeFileSync(join(dsfrOut, 'dsfr.min.css'), dsfrCss);
for (const url of new Set(cssUrls(dsfrCss))) {
  const from = join(dsfrDist, url);
  if (!existsSync(from)) die(`dsfr.min.css names ${url}, not in the package`);
  copyFile(from, join(dsfrOut, url));
}
// Icon utility classes: keep the rules of the icons we use, with their SVGs.
const iconCss = walk(join(dsfrDist, 'utility/icons')).filter((f) =>
  /^icons-[a-z]+\.min\.css$/.test(f.split('/').pop()),
);
const iconRules = [];
for (const icon of ICONS) {
  let found = false;
  for (const file of iconCss) {
    const css = readFileSync(file, 'utf8');
    const re = new RegExp(`\\.${icon}:after,\\.${icon}:before\\{[^}]*\\}`);
    const m = re.exec(css);
    if (!m) continue;
    found = true;
    let rule = m[0];
    for (const url of new Set(cssUrls(rule))) {
      const abs = resolve(dirname(file), url);
      const rel = relative(dsfrDist, abs);
      copyFile(abs, join(dsfrOut, rel));
      rule = rule.split(url).join(rel);
    }
    iconRules.push(rule);
    break;
  }
  if (!found) die(`icon ${icon} not found in the DSFR`);
}
writeFileSync(
  join(dsfrOut, 'icons.css'),
  `/* DSFR icons used by Mes Aides (generated by ci/build_site.mjs; DSFR: MIT, restricted use) */\n${iconRules.join('\n')}\n`,
);
copyFile(join(dsfrDist, '../LICENSE.md'), join(dsfrOut, 'LICENSE.md'));

// --- postal codes -----------------------------------------------------------------------------
// One file per region (data/cp/r<region>.txt, loaded on demand by site/js/communes.js), each of its
// départements a line "#<département>" then a line per current commune, "name|n|postal codes", n the
// commune's number within the département and each postal code written as the difference with the
// previous one (gzip then does far better than on the codes themselves). A region's départements in
// one file rather than one file each: 255 KB gzip for the whole table instead of 281 (each gzip stream
// starts afresh), which the service worker fetches at a first visit. data/cp/index.json says, for the
// first two digits of a postal code, which départements have communes with such a code, and for each
// département its file.
const communes = JSON.parse(readFileSync(communesFile, 'utf8'))
  .filter((c) => c.type === 'commune-actuelle')
  .sort((a, b) => a.code.localeCompare(b.code));
const departementOf = (insee) => (/^9[78]/.test(insee) ? insee.slice(0, 3) : insee.slice(0, 2));
const pkg = JSON.parse(readFileSync(join(root, 'node_modules/@etalab/decoupage-administratif/package.json'), 'utf8'));
const cpOut = join(out, 'data/cp');
mkdirSync(cpOut, { recursive: true });
const regionOf = Object.fromEntries(JSON.parse(readFileSync(departementsFile, 'utf8')).map((d) => [d.code, d.region]));
const cpFiles = {};
const byPrefix = {};
for (const c of communes) {
  const dep = departementOf(c.code);
  cpFiles[dep] ??= { lines: [], n: 0, postal: 0 };
  const f = cpFiles[dep];
  const n = Number(c.code.slice(dep.length));
  if (!Number.isInteger(n) || c.nom.includes('|') || c.nom.includes('\n') || c.nom.startsWith('#'))
    die(`commune ${c.code} ${c.nom}: cannot be written`);
  const postal = (c.codesPostaux ?? []).map(Number);
  const deltas = postal.map((p) => {
    const d = p - f.postal;
    f.postal = p;
    return d;
  });
  f.lines.push(`${c.nom}|${n - f.n}|${deltas.join(',')}`);
  f.n = n;
  for (const p of c.codesPostaux ?? []) {
    const prefix = p.slice(0, 2);
    byPrefix[prefix] ??= [];
    if (!byPrefix[prefix].includes(dep)) byPrefix[prefix].push(dep);
  }
}
const fileOf = {};
const regionTexts = {};
for (const dep of Object.keys(cpFiles).sort()) {
  if (!regionOf[dep]) die(`département ${dep}: no region in ${relative(root, departementsFile)}`);
  fileOf[dep] = `r${regionOf[dep]}`;
  regionTexts[fileOf[dep]] = `${regionTexts[fileOf[dep]] ?? ''}#${dep}\n${cpFiles[dep].lines.join('\n')}\n`;
}
for (const [file, text] of Object.entries(regionTexts)) writeFileSync(join(cpOut, `${file}.txt`), text);
writeFileSync(
  join(cpOut, 'index.json'),
  JSON.stringify({
    source: `@etalab/decoupage-administratif ${pkg.version} (communes actuelles)`,
    departements: Object.keys(cpFiles).sort(),
    postal: byPrefix,
    files: fileOf,
  }),
);

// --- engine -----------------------------------------------------------------------------------
// The WebAssembly module (from --engine-dir, default build/wasm) and its JavaScript API (wasm/*.mjs).
// --no-engine: none (the page then says the engine is missing).
const args = process.argv.slice(2);
const engineArg = args.indexOf('--engine-dir');
const engineDir = resolve(root, engineArg >= 0 ? args[engineArg + 1] : 'build/wasm');
const engineOut = join(out, 'engine');
if (!args.includes('--no-engine')) {
  const files = ['mesaides_engine.mjs', 'mesaides_engine.wasm', 'mesaides_engine_texts.bin'].map((name) => [
    join(engineDir, name),
    name,
  ]);
  for (const [from] of files)
    if (!existsSync(from)) die(`${relative(root, from)} is missing (build the wasm module first)`);
  for (const name of readdirSync(join(root, 'wasm'))) {
    if (name.endsWith('.mjs')) files.push([join(root, 'wasm', name), name]);
  }
  for (const [from, name] of files) copyFile(from, join(engineOut, name));
} else {
  log('note: no WebAssembly engine (--no-engine); the site will say so');
}

// --- minified scripts -------------------------------------------------------------------------
// Every script of ours the site serves, the engine's API and worker included, is minified (esbuild:
// spaces, comments and local names; no syntax lowered, modules stay modules, one file for one file):
// 118 KB of gzip become 79 (December 2026), a share of a first visit and of the engine download.
// The sources stay as written in site/ and wasm/ (and in the npm package). Without esbuild (no npm
// install), they are served as written.
let esbuild = null;
try {
  esbuild = await import('esbuild');
} catch {
  log('note: esbuild is not installed (npm install): scripts served as written');
}
if (esbuild) {
  let before = 0;
  let after = 0;
  const ours = (f) => /\.m?js$/.test(f) && !relative(out, f).startsWith('dsfr'); // the DSFR's come minified
  for (const file of walk(out).filter(ours)) {
    const code = readFileSync(file, 'utf8');
    const min = esbuild.transformSync(code, { minify: true, loader: 'js' });
    writeFileSync(file, min.code);
    before += gzipSync(code, { level: 9 }).length;
    after += gzipSync(min.code, { level: 9 }).length;
  }
  log(`scripts minified: ${before} -> ${after} bytes gzip`);
}

// --- service worker ---------------------------------------------------------------------------
// Precache everything the app needs offline; not the woff fallbacks (browsers with a service worker
// read woff2), nor source maps, nor the page for partners.
// The DSFR's own icons (for components the site may not show) are kept as they are used, not ahead.
const iconsUsed = new Set(
  [...readFileSync(join(dsfrOut, 'icons.css'), 'utf8').matchAll(/url\(([^)"']+)\)/g)].map((m) => `dsfr/${m[1]}`),
);
const skip = (rel) =>
  /\.(map|woff|md|gz|br)$/.test(rel) ||
  rel === 'sw.js' ||
  /^(partenaires\.html|js\/partenaires\.js)$/.test(rel) ||
  (rel.startsWith('dsfr/icons/') && !iconsUsed.has(rel));
const files = walk(out)
  .map((f) => relative(out, f).split('\\').join('/'))
  .filter((rel) => !skip(rel))
  .sort();
const hash = createHash('sha256');
for (const rel of files) hash.update(rel).update(readFileSync(join(out, rel)));
const version = hash.digest('hex').slice(0, 16);
// The rule texts, which only explanations, traces and runtime errors need (core/packed_rules.h),
// are not fetched by the install, which the page's engine waits for: the service worker fetches
// them last, once the engine is ready (see site/sw.js).
const onDemand = files.filter((rel) => rel.endsWith('_texts.bin'));
const ahead = files.filter((rel) => !onDemand.includes(rel));
const swPath = join(out, 'sw.js');
const sw = readFileSync(swPath, 'utf8');
if (!sw.includes('self.__PRECACHE__')) die('site/sw.js has no self.__PRECACHE__ placeholder');
writeFileSync(swPath, sw.replace('self.__PRECACHE__', JSON.stringify({ version, files: ['./', ...ahead], onDemand })));
log(`site built: ${files.length} files, version ${version}`);

// --- the partners' loader ---------------------------------------------------------------------
// embed.js is pasted into partners' pages: no dependency, and at most 5 KB gzip.
const loaderGzip = gzipSync(readFileSync(join(out, 'embed.js')), { level: 9 }).length;
log(`embed.js: ${loaderGzip} bytes gzip (budget 5120)`);
if (loaderGzip > 5120) die(`embed.js is ${loaderGzip} bytes gzip, over the 5 KB budget`);

// --- precompressed files ------------------------------------------------------------------------
// A static host sends each file compressed as the browser accepts it; beside each file the build
// writes its compressed forms once, better than a server compressing on the fly can afford: FILE.gz
// by libdeflate's strongest level (a gzip stream any browser reads, 6 to 7 % smaller than gzip -9:
// the engine's module 347 → 326 KB, December 2026) and FILE.br by brotli's (quality 11: the module
// 276 KB). ci/serve_static.py serves them as nginx's gzip_static and brotli_static do (docs/site.md,
// « Hosting »); the benchmarks count the .gz files' bytes. Only where it pays: not the fonts and
// images (compressed already), nor a file whose compressed form would not be smaller.
const PRECOMPRESS = /\.(html|js|mjs|css|json|svg|txt|wasm|bin|webmanifest)$/;
function precompress(dir) {
  let files = 0;
  let raw = 0;
  let gz = 0;
  let br = 0;
  for (const file of walk(dir).filter((f) => PRECOMPRESS.test(f))) {
    const bytes = readFileSync(file);
    const gzipped = execFileSync('libdeflate-gzip', ['-12', '-c'], { input: bytes, maxBuffer: 1 << 28 });
    const brotli = brotliCompressSync(bytes, {
      params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    });
    if (gzipped.length >= bytes.length) continue;
    // What a browser will inflate must be the file, byte for byte.
    if (!gunzipSync(gzipped).equals(bytes) || !brotliDecompressSync(brotli).equals(bytes))
      die(`${relative(out, file)}: its compressed forms do not give it back`);
    writeFileSync(`${file}.gz`, gzipped);
    if (brotli.length < gzipped.length) writeFileSync(`${file}.br`, brotli);
    files += 1;
    raw += bytes.length;
    gz += gzipped.length;
    br += Math.min(brotli.length, gzipped.length);
  }
  log(`precompressed: ${files} files, ${raw} bytes → ${gz} gzip, ${br} brotli`);
}
precompress(out);

// --- first visit --------------------------------------------------------------------------------
// What a first visit transfers (gzip), measured in a headless Chromium (see ci/first_visit.mjs).
// Budget: 1 MB. MESAIDES_NO_MEASURE=1 skips it.
if (!args.includes('--no-engine') && !process.env.MESAIDES_NO_MEASURE) {
  const { measureFirstVisit } = await import('./first_visit.mjs');
  const r = await measureFirstVisit(out).catch((e) => ({ skipped: e.message }));
  if (r.skipped) log(`first visit: not measured (${r.skipped})`);
  else
    log(
      `first visit: ${r.gzip} bytes transferred (gzip), ${r.requests} requests, home page shown after ${r.firstScreenMs} ms (budget 1000000)${r.gzip > 1000000 ? ' — OVER BUDGET' : ''}`,
    );
}
