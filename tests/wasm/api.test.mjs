// Tests of the engine's JavaScript API (wasm/mesaides.mjs) under Node, on the build the site serves
// (build/site/engine): loading, descriptions, computations on examples/, bad input of every kind
// answered with {ok: false}, and an engine that keeps working after many bad calls.
//
//   node tests/wasm/api.test.mjs        (after ci/build; last line "N passed, M failed")
import assert from 'node:assert/strict';

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ENGINE_DIR, exampleRequests, importEngineModule, NATIVE_CLI, ROOT, Suite } from './lib.mjs';

const { createEngine, MesAidesError } = await importEngineModule();
const suite = new Suite();

// Rules of one file, packed by the native CLI (`mesaides pack --rules DIR OUT`): the bytes.
const MINIMAL = `entity individu { plural: individus  label: "Personne" }
variable age { entity: individu  period: month  type: integer  label: "Âge" }
`;
function packRules(text) {
  const dir = mkdtempSync(join(tmpdir(), 'mesaides-pack-'));
  mkdirSync(join(dir, 'rules'));
  writeFileSync(join(dir, 'rules', 'x.rules'), text);
  try {
    const out = join(dir, 'rules.packed');
    const run = spawnSync(NATIVE_CLI, ['pack', '--rules', join(dir, 'rules'), out], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    return new Uint8Array(readFileSync(out));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const engine = await createEngine();

const FAMILY = {
  individus: {
    parent1: { date_naissance: '1985-04-02', salaire_net: { '2026-05': 1800 } },
    enfant1: { date_naissance: '2014-09-01' },
    enfant2: { date_naissance: '2018-03-15' },
  },
  familles: { famille: { parents: ['parent1'], enfants: ['enfant1', 'enfant2'] } },
  foyers_fiscaux: { foyer: { declarants: ['parent1'], personnes_a_charge: ['enfant1', 'enfant2'] } },
  menages: { menage: { personne_de_reference: ['parent1'], enfants: ['enfant1', 'enfant2'] } },
};
const GOOD = { period: '2026-06', variables: ['af'], benefits: true, explain: true };

function assertError(result, what) {
  assert.equal(typeof result, 'object', `${what}: not an object`);
  assert.equal(result.ok, false, `${what}: ok is not false: ${JSON.stringify(result).slice(0, 300)}`);
  assert.equal(typeof result.error?.kind, 'string', `${what}: no error.kind`);
  assert.ok(typeof result.error?.message === 'string' && result.error.message.length > 0, `${what}: no message`);
}

const deep = (n) => '['.repeat(n) + ']'.repeat(n);
const withIndividual = (values) => ({ ...FAMILY, individus: { ...FAMILY.individus, parent1: { ...values } } });

// Bad calls: [what, () => Promise of a result object]. Each must answer ok:false with a message.
const BAD_CALLS = [
  ['malformed JSON', () => engine.computeRaw('{"situation": {').then(JSON.parse)],
  ['empty text', () => engine.computeRaw('').then(JSON.parse)],
  ['trailing garbage', () => engine.computeRaw('{"situation": {}} x').then(JSON.parse)],
  ['request is a list', () => engine.computeRaw('[1, 2]').then(JSON.parse)],
  ['request is a number', () => engine.computeRaw('42').then(JSON.parse)],
  ['request is null', () => engine.computeRaw('null').then(JSON.parse)],
  ['request is a string', () => engine.computeRaw('"situation"').then(JSON.parse)],
  ['computeRaw given an object', () => engine.computeRaw({ situation: FAMILY }).then(JSON.parse)],
  ['no situation', () => engine.compute(undefined, GOOD)],
  ['situation is a list', () => engine.compute([FAMILY], GOOD)],
  ['situation is a string', () => engine.compute('FAMILY', GOOD)],
  ['options not an object', () => engine.compute(FAMILY, '2026-06')],
  ['unknown request key', () => engine.compute(FAMILY, { ...GOOD, perod: '2026-06' })],
  ['period of the wrong type', () => engine.compute(FAMILY, { ...GOOD, period: 202606 })],
  ['period that is no period', () => engine.compute(FAMILY, { ...GOOD, period: '2026-13' })],
  ['variables not a list', () => engine.compute(FAMILY, { ...GOOD, variables: 'af' })],
  ['variables of the wrong type', () => engine.compute(FAMILY, { ...GOOD, variables: [1, 2] })],
  ['unknown variable asked', () => engine.compute(FAMILY, { ...GOOD, variables: ['aff'] })],
  ['benefits not a boolean', () => engine.compute(FAMILY, { ...GOOD, benefits: 'yes' })],
  ['trace not a boolean', () => engine.compute(FAMILY, { ...GOOD, trace: 1 })],
  ['unknown variable in the situation', () => engine.compute(withIndividual({ salaire_nett: { '2026-05': 1 } }), GOOD)],
  ['date of the wrong type', () => engine.compute(withIndividual({ date_naissance: 1985 }), GOOD)],
  ['impossible date', () => engine.compute(withIndividual({ date_naissance: '1985-02-30' }), GOOD)],
  ['money given as text', () => engine.compute(withIndividual({ salaire_net: { '2026-05': 'beaucoup' } }), GOOD)],
  ['bad period key', () => engine.compute(withIndividual({ salaire_net: { mai: 1800 } }), GOOD)],
  ['individus is a list', () => engine.compute({ ...FAMILY, individus: [] }, GOOD)],
  [
    'unknown person in a role',
    () => engine.compute({ ...FAMILY, familles: { famille: { parents: ['nobody'], enfants: [] } } }, GOOD),
  ],
  ['unknown role', () => engine.compute({ ...FAMILY, familles: { famille: { parent: ['parent1'] } } }, GOOD)],
  ['huge number (1e308)', () => engine.compute(withIndividual({ salaire_net: { '2026-05': 1e308 } }), GOOD)],
  [
    'number beyond double (1e400)',
    () =>
      engine
        .computeRaw('{"situation": {"individus": {"a": {"salaire_net": {"2026-05": 1e400}}}}, "period": "2026-06"}')
        .then(JSON.parse),
  ],
  ['huge negative number', () => engine.compute(withIndividual({ salaire_net: { '2026-05': -1e300 } }), GOOD)],
  ['deeply nested arrays as the request', () => engine.computeRaw(deep(100000)).then(JSON.parse)],
  ['deeply nested arrays as the situation', () => engine.computeRaw(`{"situation": ${deep(100000)}}`).then(JSON.parse)],
  [
    'deeply nested arrays as a value',
    () =>
      engine
        .computeRaw(
          `{"situation": {"individus": {"a": {"salaire_net": {"2026-05": ${deep(50000)}}}}}, "period": "2026-06"}`,
        )
        .then(JSON.parse),
  ],
  [
    'deeply nested objects',
    () => engine.computeRaw(`{"situation": ${'{"a":'.repeat(50000)}1${'}'.repeat(50000)}}`).then(JSON.parse),
  ],
  [
    'lone surrogate in a name',
    () => engine.computeRaw('{"situation": {"individus": {"a": {"x\ud800": 1}}}}').then(JSON.parse),
  ],
  ['BigInt in the situation', () => engine.compute(withIndividual({ salaire_net: { '2026-05': 10n } }), GOOD)],
  [
    'cyclic situation',
    () => {
      const cyclic = { individus: {} };
      cyclic.individus.a = { self: cyclic };
      return engine.compute(cyclic, GOOD);
    },
  ],
];

suite.test('the module loads and info() gives the law date and counts', async () => {
  const info = await engine.info();
  assert.equal(info.ok, true);
  assert.match(info.law_date, /^\d{4}-\d{2}-\d{2}$/);
  assert.match(info.engine_version, /^\d+\.\d+\.\d+/);
  for (const key of ['variables', 'parameters', 'benefits', 'rule_files']) {
    assert.ok(Number.isInteger(info[key]) && info[key] > 0, `${key}: ${info[key]}`);
  }
});

suite.test('listBenefits, listInputs, listVariables and listParameters describe the rules', async () => {
  const [info, benefits, inputs, variables, parameters] = await Promise.all([
    engine.info(),
    engine.listBenefits(),
    engine.listInputs(),
    engine.listVariables(),
    engine.listParameters(),
  ]);
  assert.equal(benefits.length, info.benefits);
  assert.equal(variables.length, info.variables);
  assert.equal(parameters.length, info.parameters);
  for (const b of benefits) {
    assert.ok(b.name && b.label && b.amount && b.institution, JSON.stringify(b).slice(0, 200));
  }
  assert.ok(inputs.length > 0 && inputs.length < variables.length);
  for (const v of inputs) {
    assert.equal(v.input, true);
    assert.ok(v.name && v.type && v.entity && v.period, JSON.stringify(v).slice(0, 200));
    if (v.type === 'enum') assert.ok(Array.isArray(v.items) && v.items.every((i) => i.name && 'label' in i));
  }
  const names = new Set(variables.map((v) => v.name));
  assert.ok(inputs.every((v) => names.has(v.name)));
  assert.ok(names.has('af'));
});

suite.test('compute: a family, with benefits, explanations and trace', async () => {
  const result = await engine.compute(FAMILY, { ...GOOD, trace: true });
  assert.equal(result.ok, true, JSON.stringify(result).slice(0, 500));
  assert.equal(result.period, '2026-06');
  assert.equal(typeof result.familles.famille.af['2026-06'], 'number');
  assert.ok(result.familles.famille.af['2026-06'] > 0);
  assert.ok(Array.isArray(result.benefits) && result.benefits.length > 0);
  assert.ok(result.explanations.af.famille['2026-06'].status);
  assert.ok(result.trace.flat['af<2026-06>']);
});

const examples = exampleRequests();
suite.test(`compute on examples/*.json gives ok:true (${examples.length} files)`, async () => {
  assert.ok(examples.length > 0, 'no examples/*.json');
  for (const { name, request } of examples) {
    const result = JSON.parse(await engine.computeRaw(JSON.stringify({ ...request, explain: true, trace: true })));
    assert.equal(result.ok, true, `${name}: ${JSON.stringify(result).slice(0, 500)}`);
    if (request.benefits) assert.ok(result.benefits.length > 0, `${name}: no benefit`);
  }
});

for (const [what, call] of BAD_CALLS) {
  suite.test(`bad input answers ok:false: ${what}`, async () => assertError(await call(), what));
}

suite.test('after 1,000 bad calls in a row, a good call gives the same result as before', async () => {
  const before = await engine.computeRaw(JSON.stringify({ situation: FAMILY, ...GOOD, trace: true }));
  assert.equal(JSON.parse(before).ok, true);
  for (let i = 0; i < 1000; i++) {
    const [what, call] = BAD_CALLS[i % BAD_CALLS.length];
    assertError(await call(), `call ${i} (${what})`);
  }
  const after = await engine.computeRaw(JSON.stringify({ situation: FAMILY, ...GOOD, trace: true }));
  assert.equal(after, before);
});

suite.test('a lone surrogate is read as U+FFFD and does not swallow the next character', async () => {
  for (const fallback of [false, true]) {
    const saved = String.prototype.toWellFormed;
    if (fallback) delete String.prototype.toWellFormed; // the path of browsers without it
    try {
      const result = JSON.parse(
        await engine.computeRaw('{"situation": {"individus": {"a": {"x\ud800": 1, "y\udc00z": 2}}}}'),
      );
      assert.equal(result.error?.kind, 'situation', JSON.stringify(result)); // the JSON itself was read
      assert.match(result.error.message, /x\ufffd/);
    } finally {
      if (saved) String.prototype.toWellFormed = saved;
    }
  }
});

suite.test('any characters, any size: the same answer whichever way the request enters the module', async () => {
  // Ids beyond ASCII (two, three and four bytes of UTF-8): answers write them as \uXXXX (JSON's
  // escapes of U+00E9, U+674E, and U+1F600 as a surrogate pair).
  const request = JSON.stringify({
    situation: {
      individus: { zoé: {}, 李: { date_naissance: '2015-01-01' }, '😀': { date_naissance: '2017-01-01' } },
      familles: { f: { parents: ['zoé'], enfants: ['李', '😀'] } },
    },
    period: '2026-06',
    variables: ['af'],
  });
  const direct = await engine.computeRaw(request); // written into the module's request buffer
  assert.equal(JSON.parse(direct).ok, true, direct.slice(0, 300));
  for (const id of ['"zo\\u00e9"', '"\\u674e"', '"\\ud83d\\ude00"']) assert.ok(direct.includes(id), id);
  // Over a million characters (spaces after the JSON): the request goes as a copy (computeUtf8).
  const padded = await engine.computeRaw(request + ' '.repeat((1 << 20) + 1));
  assert.equal(padded, direct);
  // A small request after a big one: the buffer holds only the bytes written.
  assert.equal(await engine.computeRaw(request), direct);
  assert.equal(await engine.computeRaw(`${request}   `), direct);
});

// An answer of more than 128 KB is parsed by compute() in pieces (wasm/mesaides.mjs,
// parseInPieces): the bench's household, every benefit, has 172 lines, 348 KB with their details.
const household = JSON.parse(readFileSync(join(ROOT, 'examples/famille_3_enfants.json'), 'utf8'));
suite.test('a long answer parsed in pieces is the object its whole text gives, keys in order', async () => {
  for (const options of [
    { period: '2026-06', benefits: true },
    { period: '2026-06', benefits: true, benefit_details: false },
    { period: '2026-06', benefits: true, benefit_names: ['af', 'rsa', 'css'] }, // short: parsed whole
    { period: '2026-06', benefits: true, variables: ['af'], explain: true }, // long, no cuts: whole
  ]) {
    const raw = await engine.computeRaw(JSON.stringify({ ...options, situation: household }));
    const object = await engine.compute(household, options);
    assert.equal(object.ok, true, raw.slice(0, 300));
    assert.equal(JSON.stringify(object), JSON.stringify(JSON.parse(raw)), JSON.stringify(options));
  }
});

// What the site's what-if chart asks: amounts and verdicts only. Each line is the full line less its
// reason and missing inputs; the household has refusals with reasons and inputs not given.
suite.test('requests through one room, grown and reused: the answers of fresh engines', async () => {
  // answerBytes asks the module for room once and keeps it while the requests fit
  // (wasm/mesaides.mjs): a short request, longer ones (the room grows), short ones again (in the
  // larger room, after longer bytes), each answered as a fresh engine's first request is.
  const short = JSON.stringify({ situation: FAMILY, period: '2026-06', variables: ['af'] });
  const long = JSON.stringify({ situation: household, period: '2026-06', benefits: true, benefit_details: false });
  const first = async (request) => {
    const fresh = await createEngine();
    try {
      return await fresh.computeRaw(request);
    } finally {
      fresh.close();
    }
  };
  const shortAnswer = await first(short);
  const longAnswer = await first(long);
  assert.equal(JSON.parse(shortAnswer).ok, true);
  assert.equal(JSON.parse(longAnswer).ok, true);
  const reused = await createEngine();
  try {
    for (const [request, answer] of [
      [short, shortAnswer],
      [long, longAnswer],
      [short, shortAnswer],
      [`${long}${' '.repeat(100000)}`, longAnswer],
      [short, shortAnswer],
      [long, longAnswer],
    ]) {
      assert.equal(await reused.computeRaw(request), answer, `${request.length} characters`);
    }
  } finally {
    reused.close();
  }
});

suite.test('benefits without reasons: the same lines less their reason and missing inputs', async () => {
  const options = { period: '2026-06', benefits: true, benefit_details: false };
  const full = await engine.compute(household, options);
  const brief = await engine.compute(household, { ...options, benefit_reasons: false });
  assert.equal(brief.ok, true);
  assert.ok(full.benefits.some((b) => b.reason) && full.benefits.some((b) => b.missing_inputs.length > 0));
  assert.equal(brief.benefits.length, full.benefits.length);
  full.benefits.forEach((line, i) => {
    const { reason: _reason, missing_inputs: _missing, ...rest } = line;
    assert.deepEqual(brief.benefits[i], rest, line.name);
  });
  const refused = await engine.compute(household, { ...options, benefit_reasons: 'no' });
  assert.equal(refused.ok, false);
  assert.equal(refused.error.message, "'benefit_reasons' must be true or false");
});

suite.test("the missing inputs once: the benefits' lists end to end less the repeats, in the answer", async () => {
  const options = { period: '2026-06', benefits: true, benefit_details: false };
  const lines = await engine.compute(household, options);
  const once = await engine.compute(household, { ...options, missing_inputs_once: true });
  assert.equal(once.ok, true);
  // What the questionnaire made of the lines: each (variable, id, period) once, grouped where first met.
  const expected = [];
  const groups = new Map();
  const seen = new Set();
  for (const line of lines.benefits) {
    for (const m of line.missing_inputs) {
      for (const period of m.periods) {
        if (seen.has(`${m.variable}@${m.id}@${period}`)) continue;
        seen.add(`${m.variable}@${m.id}@${period}`);
        if (!groups.has(`${m.variable}@${m.id}`)) {
          groups.set(`${m.variable}@${m.id}`, { ...m, periods: [] });
          expected.push(groups.get(`${m.variable}@${m.id}`));
        }
        groups.get(`${m.variable}@${m.id}`).periods.push(period);
      }
    }
  }
  assert.ok(expected.length > 10, 'the household has missing inputs');
  assert.deepEqual(once.missing_inputs, expected);
  lines.benefits.forEach((line, i) => {
    const { missing_inputs: _missing, ...rest } = line;
    assert.deepEqual(once.benefits[i], rest, line.name);
  });
  const refused = await engine.compute(household, { ...options, missing_inputs_once: 1 });
  assert.equal(refused.ok, false);
  assert.equal(refused.error.message, "'missing_inputs_once' must be true or false");
});

suite.test('the engine says where the benefit lines of its last answer lie', async () => {
  const factory = (await importEngineModule('mesaides_engine.mjs')).default;
  const module = await factory({ wasmBinary: readFileSync(join(ENGINE_DIR, 'mesaides_engine.wasm')) });
  const raw = new module.Engine();
  // (The benefits' details come with the rule texts.)
  assert.equal(raw.loadTexts(readFileSync(join(ENGINE_DIR, 'mesaides_engine_texts.bin'))), '{"ok":true}');
  try {
    const answer = (request) => {
      const text = JSON.stringify(request);
      const at = raw.requestBuffer(text.length * 3);
      const { written } = new TextEncoder().encodeInto(text, module.HEAPU8.subarray(at, at + text.length * 3));
      const size = raw.computeBuffer(written);
      const bytes = module.HEAPU8.slice(raw.answerAddress(), raw.answerAddress() + size);
      const at32 = raw.answerCutsAddress() >>> 2;
      const cuts = Array.from(module.HEAPU32.subarray(at32, at32 + raw.answerCutsCount()));
      return { text: new TextDecoder().decode(bytes), cuts };
    };
    const { text, cuts } = answer({ situation: household, period: '2026-06', benefits: true });
    assert.ok(text.length > 2 * 128 * 1024, `${text.length} bytes: too short to need two pieces`);
    const lines = JSON.parse(text).benefits;
    assert.equal(cuts.length, lines.length + 2);
    assert.equal(text[cuts[0]], '[');
    assert.equal(text.slice(0, cuts[0]), '{"benefits":');
    assert.equal(text[cuts.at(-1)], ']');
    for (let i = 0; i < lines.length; i++) {
      const end = i + 1 < lines.length ? cuts[i + 2] - 1 : cuts.at(-1);
      assert.deepEqual(JSON.parse(text.slice(cuts[i + 1], end)), lines[i], `line ${i}`);
    }
    // No benefits array: no cut; an error answer: none either.
    assert.deepEqual(answer({ situation: household, period: '2026-06', variables: ['af'] }).cuts, []);
    assert.deepEqual(answer({ situation: household, period: '2026-06', benefits: true, trace: true }).cuts, []);
    assert.deepEqual(answer({ situation: 1, benefits: true }).cuts, []);
  } finally {
    raw.delete();
  }
});

suite.test("bytes that are not packed rules: every call answers kind 'rules' and says why", async () => {
  const text = new TextEncoder().encode('\x01rules/x.rules\nentity individu { plural: individus }\n');
  const packed = packRules(MINIMAL);
  for (const [what, bytes, why] of [
    ['rule text (the module holds no parser)', text, /not packed rules.*mesaides pack/],
    ['packed rules cut short', packed.subarray(0, packed.length - 7), /^packed rules: .*\(.*byte \d+\)/],
    [
      'packed rules with a byte changed',
      Uint8Array.from(packed, (b, i) => (i === packed.length - 3 ? b ^ 0x55 : b)),
      /^packed rules: /,
    ],
  ]) {
    const broken = await createEngine({ rules: bytes });
    await assert.rejects(
      broken.info(),
      (e) => e instanceof MesAidesError && e.kind === 'rules' && why.test(e.message),
      what,
    );
    await assert.rejects(broken.listBenefits(), (e) => e instanceof MesAidesError && e.kind === 'rules', what);
    const result = await broken.compute(FAMILY, GOOD);
    assertError(result, `compute with ${what}`);
    assert.equal(result.error.kind, 'rules', what);
    broken.close();
  }
  assert.equal((await engine.info()).ok, true); // other engines are not affected
});

suite.test('createEngine({rules}) loads the rules `mesaides pack` wrote', async () => {
  const custom = await createEngine({ rules: packRules(MINIMAL) });
  const info = await custom.info();
  assert.equal(info.ok, true, JSON.stringify(info));
  assert.equal(info.rule_files, 1);
  assert.equal(info.variables, 1);
  custom.close();
  for (const wrong of [[{ path: 'x.rules', text: 'entity individu { plural: individus }' }], 'text', 42]) {
    await assert.rejects(createEngine({ rules: wrong }), TypeError);
  }
});

suite.test('a closed engine rejects calls', async () => {
  const other = await createEngine();
  assert.equal((await other.info()).ok, true);
  other.close();
  await assert.rejects(other.compute(FAMILY, GOOD), (e) => e instanceof MesAidesError && e.kind === 'closed');
});

// The module's own rules load into a block of their own (wasm/load_arena.cpp) that is never freed;
// later engines of the same module allocate as usual. An engine deleted then made again, and one of
// other rules beside it, must answer as the first did: a block freed twice, or objects carved
// where others live, would not.
suite.test('engines made and deleted in one module answer as the first one did', async () => {
  const factory = (await importEngineModule('mesaides_engine.mjs')).default;
  const module = await factory({ wasmBinary: readFileSync(join(ENGINE_DIR, 'mesaides_engine.wasm')) });
  const request = JSON.stringify({ situation: FAMILY, ...GOOD });
  // (GOOD asks for explanations: each engine is given the rule texts first.)
  const texts = readFileSync(join(ENGINE_DIR, 'mesaides_engine_texts.bin'));
  const first = new module.Engine();
  assert.equal(first.loadTexts(texts), '{"ok":true}');
  const answer = first.compute(request);
  assert.equal(JSON.parse(answer).ok, true, answer.slice(0, 300));
  first.delete();
  const minimal = new module.Engine(packRules(MINIMAL));
  const again = new module.Engine();
  assert.equal(again.loadTexts(texts), '{"ok":true}');
  assert.equal(again.compute(request), answer);
  const ages = JSON.parse(
    minimal.compute(
      JSON.stringify({
        situation: { individus: { a: { age: { '2026-06': 40 } } } },
        period: '2026-06',
        variables: ['age'],
      }),
    ),
  );
  assert.equal(ages.individus.a.age['2026-06'], 40);
  again.delete();
  minimal.delete();
  const last = new module.Engine();
  assert.equal(last.loadTexts(texts), '{"ok":true}');
  assert.equal(last.compute(request), answer);
  last.delete();
});

// The embedded rules have their texts apart (core/packed_rules.h): the module answers what does not
// quote them, and asks for them (kind "texts_needed") for the rest; the JavaScript API then loads
// mesaides_engine_texts.bin and asks again, once per engine.
suite.test('the rule texts are loaded when an answer needs them, not before', async () => {
  const factory = (await importEngineModule('mesaides_engine.mjs')).default;
  const module = await factory({ wasmBinary: readFileSync(join(ENGINE_DIR, 'mesaides_engine.wasm')) });
  const raw = new module.Engine();
  assert.equal(raw.textsPending(), true);
  const plain = JSON.stringify({
    situation: FAMILY,
    period: '2026-06',
    variables: ['af'],
    benefits: true,
    benefit_details: false,
  });
  const explained = JSON.stringify({ situation: FAMILY, ...GOOD });
  // The benefits with their details (institutions, links, references) quote the texts too.
  const detailed = JSON.stringify({ situation: FAMILY, period: '2026-06', benefits: true });
  // No formula for 1990: a runtime error, whose place is a line and a column of a rule file.
  const failing = JSON.stringify({ situation: FAMILY, period: '1990-01', variables: ['ppa'] });
  const plainAnswer = raw.compute(plain);
  assert.equal(JSON.parse(plainAnswer).ok, true);
  for (const request of [explained, failing, detailed])
    assert.equal(JSON.parse(raw.compute(request)).error.kind, 'texts_needed');
  assert.equal(JSON.parse(raw.parameters()).error.kind, 'texts_needed');
  assert.equal(JSON.parse(raw.benefits(true)).error.kind, 'texts_needed');
  // Every variable's listing (the computed ones' labels and help), and the inputs with their
  // references, need the texts; the inputs as a questionnaire asks them do not.
  assert.equal(JSON.parse(raw.variables(false, true)).error.kind, 'texts_needed');
  assert.equal(JSON.parse(raw.variables(true, true)).error.kind, 'texts_needed');
  const briefInputs = JSON.parse(raw.variables(true, false));
  assert.equal(briefInputs.ok, true);
  assert.ok(briefInputs.variables.some((v) => v.name === 'salaire_net'));
  assert.ok(briefInputs.variables.every((v) => v.input && v.label && !('references' in v)));
  assert.ok(briefInputs.variables.some((v) => v.help) && briefInputs.variables.some((v) => v.question));
  // Without their texts, the benefits' names, labels and meta are at hand.
  const brief = JSON.parse(raw.benefits(false));
  assert.equal(brief.ok, true);
  assert.ok(brief.benefits.every((b) => b.name && b.label && b.amount && !('institution' in b)));
  assert.ok(brief.benefits.some((b) => b.meta?.source_id));
  // Other bytes are refused, and change nothing.
  assert.equal(JSON.parse(raw.loadTexts(new Uint8Array([1, 2, 3]))).error.kind, 'texts');
  const rulesNotTexts = readFileSync(join(ENGINE_DIR, 'mesaides_engine_texts.bin')).subarray(0, 5000);
  assert.equal(JSON.parse(raw.loadTexts(rulesNotTexts)).error.kind, 'texts');
  assert.equal(raw.textsPending(), true);
  assert.equal(raw.loadTexts(readFileSync(join(ENGINE_DIR, 'mesaides_engine_texts.bin'))), '{"ok":true}');
  assert.equal(raw.textsPending(), false);
  assert.equal(raw.compute(plain), plainAnswer);
  const withTexts = {
    explained: raw.compute(explained),
    failing: raw.compute(failing),
    detailed: raw.compute(detailed),
  };
  assert.equal(JSON.parse(withTexts.explained).ok, true);
  assert.ok(JSON.parse(withTexts.detailed).benefits.every((b) => 'institution' in b && 'references' in b));
  // With them: every field, the brief ones as they were.
  const full = JSON.parse(raw.benefits(true)).benefits;
  assert.equal(full.length, brief.benefits.length);
  full.forEach((b, i) => {
    assert.ok('institution' in b && 'description' in b && 'apply' in b, b.name);
    for (const [key, value] of Object.entries(brief.benefits[i])) assert.deepEqual(b[key], value, `${b.name}.${key}`);
  });
  assert.match(withTexts.failing, /"at":"rules\/minima_sociaux\/ppa\.rules:\d+:\d+","kind":"no_formula_for_date"/);
  // The inputs with their texts: the brief listing's fields the same, plus the references that
  // some of them cite.
  const inputs = JSON.parse(raw.variables(true, true)).variables;
  assert.equal(inputs.length, briefInputs.variables.length);
  inputs.forEach((v, i) => {
    const { references, ...rest } = v;
    assert.deepEqual(rest, briefInputs.variables[i], v.name);
  });
  assert.ok(inputs.some((v) => v.references?.length > 0));
  assert.deepEqual(JSON.parse(raw.variables(true, false)), briefInputs);
  const computed = JSON.parse(raw.variables(false, true)).variables.filter((v) => !v.input);
  assert.ok(computed.length > 100 && computed.every((v) => v.label), 'a computed variable without its label');
  raw.delete();

  // Through the API: the same answers; without the file (offline, never fetched) only the answers
  // that need the texts fail, with kind "texts".
  const lazy = await createEngine();
  assert.equal(await lazy.computeRaw(plain), plainAnswer);
  assert.equal(await lazy.computeRaw(explained), withTexts.explained);
  assert.equal(await lazy.computeRaw(failing), withTexts.failing);
  assert.equal(await lazy.computeRaw(detailed), withTexts.detailed);
  assert.deepEqual(await lazy.listBenefits(), full);
  lazy.close();
  const offline = await createEngine({ textsUrl: new URL('file:///nonexistent/mesaides_engine_texts.bin') });
  assert.equal(await offline.computeRaw(plain), plainAnswer);
  for (const request of [explained, failing]) {
    const answer = JSON.parse(await offline.computeRaw(request));
    assert.equal(answer.ok, false);
    assert.equal(answer.error.kind, 'texts');
    assert.match(answer.error.message, /nonexistent/);
  }
  await assert.rejects(offline.listParameters(), (e) => e instanceof MesAidesError && e.kind === 'texts');
  await assert.rejects(offline.listBenefits(), (e) => e instanceof MesAidesError && e.kind === 'texts');
  assert.deepEqual(await offline.listBenefits({ texts: false }), brief.benefits);
  assert.deepEqual(await offline.listInputs({ texts: false }), briefInputs.variables);
  await assert.rejects(offline.listVariables(), (e) => e instanceof MesAidesError && e.kind === 'texts');
  await assert.rejects(offline.listInputs(), (e) => e instanceof MesAidesError && e.kind === 'texts');
  offline.close();
  // Given as bytes: nothing is read.
  const given = await createEngine({
    textsUrl: 'file:///nonexistent.bin',
    texts: readFileSync(join(ENGINE_DIR, 'mesaides_engine_texts.bin')),
  });
  assert.equal((await given.compute(FAMILY, GOOD)).ok, true);
  given.close();
});

await suite.run();
