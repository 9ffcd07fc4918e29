// Native ↔ WebAssembly parity: the same requests through the wasm module (build/site/engine) and
// through the native `mesaides batch` must give byte-identical result lines, explanations and
// traces included (every request is sent with "explain": true and "trace": true); so must the same
// requests without them, asked of the module before it has the rule texts (their texts apart); so
// must those of other rules, packed natively and loaded by the module from those bytes.
//
//   node tests/wasm/parity.mjs [--verbose] [REQUESTS.jsonl ...]
//
// The corpus:
//   - each examples/*.json (a request, or a bare situation: then benefits at its newest month),
//     and for each, every variable of the rules at that period and a year before;
//   - the households of tests/catala/af_cases.json (AF and every benefit);
//   - bad requests (each kind of error the engine reports);
//   - the requests of every YAML test case (rules/, tests/rules/, ../shared/oracle/), exported by
//     `mesaides test --export-requests FILE PATHS...` when the CLI has that option;
//   - the lines of the JSONL files given as arguments.
// Prints the number of requests compared and each difference; last line "N passed, M failed".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import {
  ENGINE_DIR,
  exampleRequests,
  importEngineModule,
  NATIVE_CLI,
  readRuleFiles,
  ROOT,
  rulesDigest,
} from './lib.mjs';

const args = process.argv.slice(2);
const verbose = args.includes('--verbose');
const jsonlFiles = args.filter((a) => a !== '--verbose');
const RULES_DIR = process.env.MESAIDES_RULES_DIR ?? join(ROOT, 'rules'); // must be the rules embedded in the module
const SHARED_ORACLE = join(ROOT, '../shared/oracle');

if (!existsSync(NATIVE_CLI)) {
  console.log(`${NATIVE_CLI} not found: run ci/build first`);
  process.exit(2);
}
const { createEngine } = await importEngineModule();
const engine = await createEngine();

// Same rules on both sides, or nothing below means anything: the module embeds the rules of its
// build, the CLI reads RULES_DIR now.
const embedded = (await engine.info()).rules_digest;
const current = rulesDigest(readRuleFiles(RULES_DIR));
if (embedded !== current) {
  console.log(
    `DIFF  the engine in build/site/engine embeds other rules (${embedded}) than ${RULES_DIR} (${current}): rebuild (ci/build)`,
  );
  console.log('0 passed, 1 failed');
  process.exit(1);
}
console.log(`rules: ${RULES_DIR} = the rules embedded in the module (${current})`);

// --- the corpus -----------------------------------------------------------------------------------
const corpus = []; // {source, text}
const traced = (request) => JSON.stringify({ ...request, explain: true, trace: true });

const variables = (await engine.listVariables()).map((v) => v.name);
const yearBefore = (period) => (/^\d{4}/.test(period) ? `${Number(period.slice(0, 4)) - 1}${period.slice(4)}` : period);
for (const { name, request } of exampleRequests()) {
  corpus.push({ source: name, text: traced(request) });
  if (typeof request.period === 'string') {
    // What the site's what-if chart asks: amounts and verdicts only, written without a tree.
    corpus.push({
      source: `${name} (benefits without reasons)`,
      text: JSON.stringify({
        situation: request.situation,
        period: request.period,
        benefits: true,
        benefit_details: false,
        benefit_reasons: false,
      }),
    });
    // What its questionnaire asks: every benefit, the missing inputs once for the answer.
    corpus.push({
      source: `${name} (benefits, missing inputs once)`,
      text: JSON.stringify({
        situation: request.situation,
        period: request.period,
        benefits: true,
        benefit_details: false,
        missing_inputs_once: true,
      }),
    });
    for (const period of [request.period, yearBefore(request.period)]) {
      corpus.push({
        source: `${name} (every variable, ${period})`,
        text: traced({ situation: request.situation, period, variables }),
      });
    }
  }
}

// The allocations familiales households of Catala's tests, as transcribed in our situation shape.
const catalaCases = join(ROOT, 'tests/catala/af_cases.json');
if (existsSync(catalaCases)) {
  for (const c of JSON.parse(readFileSync(catalaCases, 'utf8')).cases ?? []) {
    if (c?.situation && typeof c.period === 'string') {
      corpus.push({
        source: `tests/catala/af_cases.json ${c.test}`,
        text: traced({ situation: c.situation, period: c.period, variables: ['af'], benefits: true }),
      });
    }
  }
}

const FAMILY = {
  individus: { parent1: { date_naissance: '1985-04-02' }, enfant1: { date_naissance: '2014-09-01' } },
  familles: { famille: { parents: ['parent1'], enfants: ['enfant1'] } },
};
const BAD = [
  '{"situation": {',
  '[1, 2]',
  'null',
  '{"situation": {}, "perod": "2026-06"}',
  traced({ situation: FAMILY, period: 202606 }),
  traced({ situation: FAMILY, period: '2026-13', benefits: true }),
  traced({ situation: FAMILY, variables: ['af'] }),
  traced({ situation: FAMILY, period: '2026-06', variables: ['aff'] }),
  traced({ situation: { ...FAMILY, individus: { parent1: { salaire_nett: { '2026-05': 1 } } } }, period: '2026-06' }),
  traced({
    situation: { ...FAMILY, individus: { ...FAMILY.individus, parent1: { date_naissance: '1985-02-30' } } },
    period: '2026-06',
    benefits: true,
  }),
  traced({
    situation: { ...FAMILY, familles: { famille: { parents: ['nobody'] } } },
    period: '2026-06',
    benefits: true,
  }),
  traced({ situation: { individus: { a: { salaire_net: { '2026-05': 1e308 } } } }, period: '2026-06', benefits: true }),
  traced({
    situation: { individus: { a: { salaire_net: { '2026-05': 123456789.123456 } } } },
    period: '2026-06',
    benefits: true,
  }),
  `{"situation": ${'['.repeat(10000)}${']'.repeat(10000)}}`,
  `{"situation": ${'['.repeat(500)}${']'.repeat(500)}}`,
  '{"situation": {"individus": {"a": {"salaire_net": {"2026-05": 1e400}}}}, "period": "2026-06"}',
  '{"situation": {"individus": {"a\\ud800": {}}}, "period": "2026-06"}',
  '{"situation": {"individus": {"a": {"prenom": "\u00e9\\u00e9\\ud83d\\ude00\\u0001"}}}, "period": "2026-06"}',
];
for (const text of BAD) corpus.push({ source: 'bad request', text });

// Numbers read, written and made decimals otherwise than by the common paths: exponents, more
// than 15 significant digits, the edges of the double range, decimals of many places. Natively
// the C library converts them, in WebAssembly JavaScript (core/float_text.h): the answers, whose
// situation, explanations and trace repeat the numbers, must be the same.
const HARD_NUMBERS = [
  '1e23',
  '9007199254740993',
  '0.1e-5',
  '123456789.123456789',
  '5e-324',
  '1.7976931348623157e308',
  '2.2250738585072011e-308',
  '1450.349999999999909',
  '8.98846567431158e307',
  '1e-7',
  '0.000001',
  '1234567.8912345678',
  '-0.0',
  '100000000000000000000000',
  '4.35e15',
  '3.0000000000000004',
  '2.5e-9',
  '7.0000000005',
  '1e21',
  '1e-10',
  '0.30000000000000004',
  '1E2',
  '-12.5e-1',
  '18446744073709551616',
  '-9223372036854775809',
  '987654321.987654321',
  '1450.35000000000001',
];
for (const n of HARD_NUMBERS) {
  corpus.push({
    source: `number ${n}`,
    text:
      `{"situation": {"individus": {"a": {"date_naissance": "1990-01-01", "salaire_net": {"2026-05": ${n}, ` +
      `"2026-04": ${n}}}}}, "period": "2026-06", "benefits": true, "variables": ["salaire_net", "rsa"], ` +
      '"explain": true, "trace": true}',
  });
}

function exportYamlRequests() {
  const help = spawnSync(NATIVE_CLI, ['--help'], { encoding: 'utf8' });
  if (!`${help.stdout}${help.stderr}`.includes('--export-requests')) {
    console.log('note: `mesaides test --export-requests` is not available yet: YAML test cases not compared');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'mesaides-parity-'));
  const file = join(dir, 'requests.jsonl');
  const paths = [
    RULES_DIR,
    join(ROOT, 'tests/rules'),
    join(SHARED_ORACLE, 'openfisca-tests'),
    join(SHARED_ORACLE, 'openfisca-generated'),
  ].filter(existsSync);
  const run = spawnSync(NATIVE_CLI, ['test', '--export-requests', file, ...paths], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  if (!existsSync(file)) {
    console.log(
      `note: mesaides test --export-requests wrote nothing (exit ${run.status}): ${run.stderr.slice(0, 500)}`,
    );
  } else {
    readJsonl(file, 'YAML test cases');
  }
  rmSync(dir, { recursive: true, force: true });
}

function readJsonl(file, source) {
  let n = 0;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    let text = line;
    try {
      const request = JSON.parse(line);
      if (request && typeof request === 'object' && !Array.isArray(request)) text = traced(request);
    } catch {
      // kept as is: malformed requests are compared too
    }
    corpus.push({ source: `${source} line ${++n}`, text });
  }
  console.log(`${source}: ${n} requests`);
}

exportYamlRequests();
for (const file of jsonlFiles) readJsonl(file, file);

// --- run both -------------------------------------------------------------------------------------
function native(texts) {
  const run = spawnSync(NATIVE_CLI, ['batch', '--rules', RULES_DIR], {
    input: texts.join('\n') + '\n',
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  if (run.status !== 0) throw new Error(`mesaides batch exited ${run.status}: ${run.stderr.slice(0, 2000)}`);
  const lines = run.stdout.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

let passed = 0;
let failed = 0;
function report(source, a, b) {
  if (a === b) {
    passed++;
    if (verbose) console.log(`same  ${source} (${a.length} bytes)`);
    return;
  }
  failed++;
  let at = 0;
  while (at < Math.min(a.length, b.length) && a[at] === b[at]) at++;
  console.log(`DIFF  ${source}: first difference at byte ${at}`);
  console.log(`      native: …${a.slice(Math.max(0, at - 80), at + 120)}`);
  console.log(`      wasm:   …${b.slice(Math.max(0, at - 80), at + 120)}`);
}

// In chunks: the traced answers of every variable (local aids included) add up to more than a string
// can hold, so each chunk is computed both ways, compared and dropped.
const CHUNK = 100;
let nativeMs = 0;
let wasmMs = 0;
for (let start = 0; start < corpus.length; start += CHUNK) {
  const chunk = corpus.slice(start, start + CHUNK);
  const t0 = performance.now();
  const nativeLines = native(chunk.map((c) => c.text));
  const t1 = performance.now();
  const wasmLines = [];
  for (const { text } of chunk) wasmLines.push(await engine.computeRaw(text));
  nativeMs += t1 - t0;
  wasmMs += performance.now() - t1;
  if (nativeLines.length !== chunk.length) {
    console.log(`DIFF  the native batch gave ${nativeLines.length} lines for ${chunk.length} requests (from ${start})`);
    failed++;
  }
  for (let i = 0; i < chunk.length; i++) report(chunk[i].source, nativeLines[i] ?? '<no line>', wasmLines[i]);
}

// --- the same requests, without explanations: the rules' texts apart -------------------------------
// The module embeds the rules with their texts apart (core/packed_rules.h): until it is given
// mesaides_engine_texts.bin, its answers must be the native ones, or ask for the texts
// ("texts_needed") where the native answer quotes them, which without explanations and traces only
// a runtime error does (its place, "at"), or the benefits' lines with their details (institutions,
// links to apply, references: asked with `benefits` unless `benefit_details` is false), or where the
// computation reads a parameter's history (a value in force over five years before the rules'
// newest date, apart with the texts): never for a period of the last two years, whose computations
// read no value older than N-3. Those answers are then asked again of an engine with the texts: the
// native ones. Asked of the module's own Engine,
// which loads nothing by itself (the API, above, loads the texts when asked for them).
{
  const factory = (await importEngineModule('mesaides_engine.mjs')).default;
  const module = await factory({ wasmBinary: readFileSync(join(ENGINE_DIR, 'mesaides_engine.wasm')) });
  const bare = new module.Engine();
  const withTexts = new module.Engine();
  const loaded = JSON.parse(withTexts.loadTexts(readFileSync(join(ENGINE_DIR, 'mesaides_engine_texts.bin'))));
  if (!loaded.ok) throw new Error(`the texts do not load: ${JSON.stringify(loaded)}`);
  const lawYear = Number(
    JSON.parse(bare.compute('{"situation": {"individus": {"a": {}}}, "period": "2026-01"}')).law_date?.slice(0, 4),
  );
  const recentFrom = `${lawYear - 2}-01`;
  const plain = corpus.map(({ source, text }) => {
    try {
      const request = JSON.parse(text);
      if (request && typeof request === 'object' && !Array.isArray(request)) {
        delete request.explain;
        delete request.trace;
        return { source: `${source} (without explanations, texts apart)`, text: JSON.stringify(request) };
      }
    } catch {
      // malformed: as is
    }
    return { source: `${source} (texts apart)`, text };
  });
  let asked = 0;
  let history = 0;
  let details = 0;
  const withDetails = (text) => {
    try {
      const request = JSON.parse(text);
      return request?.benefits === true && request.benefit_details !== false;
    } catch {
      return false;
    }
  };
  const periodOf = (text) => {
    try {
      return String(JSON.parse(text)?.period ?? '');
    } catch {
      return '';
    }
  };
  for (let start = 0; start < plain.length; start += CHUNK) {
    const chunk = plain.slice(start, start + CHUNK);
    const nativeLines = native(chunk.map((c) => c.text));
    for (let i = 0; i < chunk.length; i++) {
      const answer = bare.compute(chunk[i].text);
      if (!answer.startsWith('{"error":{"kind":"texts_needed"')) {
        report(chunk[i].source, nativeLines[i] ?? '<no line>', answer);
      } else if (/"at":"rules\//.test(nativeLines[i] ?? '')) {
        asked++;
        passed++;
      } else if (withDetails(chunk[i].text) && (nativeLines[i] ?? '').includes('"institution":')) {
        details++;
        report(
          `${chunk[i].source} (the benefits' details)`,
          nativeLines[i] ?? '<no line>',
          withTexts.compute(chunk[i].text),
        );
      } else {
        const period = periodOf(chunk[i].text);
        const old = /^\d{4}/.test(period) && period < recentFrom;
        history++;
        report(
          `${chunk[i].source} (its history${old ? '' : `, for a period since ${recentFrom}`})`,
          nativeLines[i] ?? '<no line>',
          old ? withTexts.compute(chunk[i].text) : answer,
        );
      }
    }
  }
  bare.delete();
  withTexts.delete();
  console.log(
    `${plain.length} requests without explanations, texts apart: ${asked} asked for the texts to write an error, ` +
      `${details} for the benefits' details, ${history} for the parameters' history (periods before ${recentFrom})`,
  );
}

// --- other rules, packed -------------------------------------------------------------------------
// Rules a partner ships: checked and packed natively (`mesaides pack --rules DIR OUT`), loaded by
// the module from those bytes; the CLI reads the same rules as text. Their answers must be the same,
// reasons (condition texts), runtime errors (their places) and traces (formula texts) included.
async function otherRulesParity(name, files, requests) {
  const dir = mkdtempSync(join(tmpdir(), 'mesaides-rules-'));
  const rulesDir = join(dir, 'rules');
  try {
    for (const { rel, text } of files) {
      mkdirSync(dirname(join(rulesDir, rel)), { recursive: true });
      writeFileSync(join(rulesDir, rel), text);
    }
    const packedFile = join(dir, 'rules.packed');
    const pack = spawnSync(NATIVE_CLI, ['pack', '--rules', rulesDir, packedFile], { encoding: 'utf8' });
    if (pack.status !== 0) {
      console.log(`DIFF  ${name}: mesaides pack failed: ${pack.stderr}`);
      failed++;
      return;
    }
    const texts = requests.map((r) => traced(r));
    const run = spawnSync(NATIVE_CLI, ['batch', '--rules', rulesDir, '-'], {
      input: `${texts.join('\n')}\n`,
      encoding: 'utf8',
    });
    const nativeLines = run.stdout.split('\n').filter((l) => l !== '');
    const other = await createEngine({ rules: new Uint8Array(readFileSync(packedFile)) });
    for (let i = 0; i < texts.length; i++)
      report(`${name} #${i}`, nativeLines[i] ?? '<no line>', await other.computeRaw(texts[i]));
    other.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const entities = readFileSync(join(RULES_DIR, 'entites.rules'), 'utf8');
const household = {
  individus: { a: { salaire: { '2024-01': 1200 } }, b: {} },
  familles: { f: { parents: ['a', 'b'] } },
  foyers_fiscaux: { ff: { declarants: ['a', 'b'] } },
  menages: { m: { personne_de_reference: ['a'], conjoint: ['b'] } },
};
await otherRulesParity(
  'rules packed by a partner',
  [
    { rel: 'entites.rules', text: entities },
    {
      rel: 'aide/aide.rules',
      text: `# Une aide d'une commune, pour l'exemple.
parameter plafond {
  label: "Plafond de ressources"
  unit: currency
  2020-01-01: 1500 ref "Délibération du 1er janvier 2020" "https://example.org/deliberation"
}

variable salaire {
  entity: individu
  period: month
  type: money
  label: "Salaire « net »"
}

variable ressources {
  entity: famille
  period: month
  type: money
  label: "Ressources de la famille"
  formula from 2020-01-01 {
    # les salaires des parents
    sum(parents: salaire)
  }
}

variable aide_exemple {
  entity: famille
  period: month
  type: money
  label: "Aide d'exemple"
  formula from 2020-01-01 {
    require ressources < plafond else "ressources au-dessus de {plafond} €"
    let part = 100 / (ressources - 1200)
    round(part * 2, 0.01)
  }
}

benefit aide_exemple {
  label: "Aide d'exemple"
  institution: "Commune d'exemple"
  amount: aide_exemple
}
`,
    },
  ],
  [
    { situation: household, period: '2024-01', benefits: true },
    { situation: household, period: '2024-01', variables: ['aide_exemple', 'ressources'] },
    {
      situation: { ...household, individus: { a: { salaire: { '2024-01': 2000 } }, b: {} } },
      period: '2024-01',
      benefits: true,
    },
    { situation: household, period: '2019-06', variables: ['aide_exemple'] },
  ],
);

console.log(
  `${corpus.length} requests compared (native ${nativeMs.toFixed(0)} ms, wasm ${wasmMs.toFixed(0)} ms), and rules packed by a partner; ${failed} difference(s)`,
);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
