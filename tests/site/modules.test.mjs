// Smaller modules: options from the URL, the dictionary, the trace view model, communes lookup, wording.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseOptions, parseOrigin, parsePrefill, contrastRatio } from '../../site/js/options.js';
import { DICTIONARIES, t, benefitName } from '../../site/js/i18n.js';
import { traceNode, inputsUsed, referencesUnder, safeUrl } from '../../site/js/trace.js';
import { communesFor, communeName, isPostalCode } from '../../site/js/communes.js';
import { personLabel, questionWording, recapLine, amountsText } from '../../site/js/wording.js';
import { answer, emptyAnswers, makeCatalog } from '../../site/js/questionnaire.js';

test('URL options: embed, readable colour only, start page, benefit subset, period', () => {
  const o = parseOptions(
    '?embed=1&couleur=%23000091&debut=questionnaire&aides=af,rsa,bad-name&periode=2026-06&lang=en',
  );
  assert.deepEqual(o, {
    embed: true,
    color: '#000091',
    start: 'questionnaire',
    benefits: ['af', 'rsa'],
    period: '2026-06',
    lang: 'en',
    parent: null,
    results: null,
  });
  assert.equal(parseOptions('?couleur=%23ffff00').color, null); // white on yellow is unreadable
  assert.equal(parseOptions('?couleur=red').color, null);
  assert.equal(parseOptions('?periode=2026-13').period, null);
  assert.ok(contrastRatio('#000000', '#ffffff') > 20);
});

test('URL options: the parent and the results origin are origins or nothing', () => {
  const o = parseOptions('?embed=1&parent=https%3A%2F%2Fccas.example&resultats=http%3A%2F%2F127.0.0.1%3A8080%2F');
  assert.equal(o.parent, 'https://ccas.example');
  assert.equal(o.results, 'http://127.0.0.1:8080');
  for (const bad of [
    '*',
    'https://ccas.example/page',
    'javascript:alert(1)',
    'file:///x',
    'https://*.example',
    'ccas.example',
    '',
  ]) {
    assert.equal(parseOrigin(bad), null, bad);
  }
});

test('prefill from a partner is validated field by field', () => {
  const b64 = Buffer.from(
    JSON.stringify({
      couple: false,
      childCount: 2,
      union: 'x',
      values: { 'loyer@menage': { '2026-11': 500 }, 'bad key': 1 },
    }),
  ).toString('base64url');
  assert.deepEqual(parsePrefill(`#prefill=${b64}`), {
    couple: false,
    childCount: 2,
    values: { 'loyer@menage': { '2026-11': 500 } },
  });
  assert.equal(parsePrefill('#prefill=!!!'), null);
  assert.equal(parsePrefill('#reprise=abc'), null);
});

test('French and English dictionaries have the same keys', () => {
  const fr = Object.keys(DICTIONARIES.fr).sort();
  const en = Object.keys(DICTIONARIES.en).sort();
  assert.deepEqual(
    en.filter((k) => !fr.includes(k)),
    [],
  );
  assert.deepEqual(
    fr.filter((k) => !en.includes(k)),
    [],
  );
  for (const k of fr) {
    const params = (DICTIONARIES.fr[k].match(/\{\w+\}/g) ?? []).sort();
    assert.deepEqual((DICTIONARIES.en[k].match(/\{\w+\}/g) ?? []).sort(), params, k);
  }
  assert.equal(t('fr', 'stepper.step', { n: 2, total: 6 }), 'Étape 2 sur 6');
  assert.equal(t('en', 'no.such.key'), 'no.such.key');
  assert.equal(benefitName('en', { name: 'af', label: 'Allocations familiales' }), 'Family allowance');
  assert.equal(benefitName('en', { name: 'nouvelle', label: 'Nouvelle aide' }), 'Nouvelle aide');
});

const FLAT = {
  'af<2026-11>': {
    variable: 'af',
    label: 'AF',
    entity: 'familles',
    period: '2026-11',
    values: { famille: 150 },
    status: { famille: 'computed' },
    dependencies: ['af_base<2026-11>', 'nb<2026-11>'],
    parameters: [
      {
        name: 'p',
        label: 'Taux',
        value: 0.32,
        from: '2026-04-01',
        reference: { title: 'Art. D521-1', url: 'https://www.legifrance.gouv.fr/codes/article_lc/X' },
      },
    ],
    formula: { file: 'af.rules', line: 3, from: '2019-01-01', source: 'a + b' },
    references: [{ title: 'Art. L521-1', url: 'javascript:alert(1)' }],
  },
  'af_base<2026-11>': {
    variable: 'af_base',
    label: 'Base',
    entity: 'familles',
    period: '2026-11',
    values: { famille: 150 },
    status: { famille: 'computed' },
    dependencies: ['date_naissance<ETERNITY>'],
    parameters: [],
  },
  'nb<2026-11>': {
    variable: 'nb',
    label: 'Nb',
    entity: 'familles',
    period: '2026-11',
    values: { famille: 2 },
    status: { famille: 'computed' },
    dependencies: [],
    parameters: [],
  },
  'date_naissance<ETERNITY>': {
    variable: 'date_naissance',
    label: 'Date de naissance',
    entity: 'individus',
    period: 'ETERNITY',
    values: { enfant1: '2015-01-01', demandeur: '1970-01-01' },
    status: { enfant1: 'input', demandeur: 'missing' },
    dependencies: [],
    parameters: [],
  },
};

test('trace nodes, inputs used and references, with only http(s) links', () => {
  const n = traceNode(FLAT, 'af<2026-11>');
  assert.equal(n.children.length, 2);
  assert.equal(n.parameters[0].url, 'https://www.legifrance.gouv.fr/codes/article_lc/X');
  assert.equal(n.references[0].url, null);
  assert.deepEqual(
    inputsUsed(FLAT, 'af<2026-11>').map((x) => x.variable),
    ['date_naissance'],
  );
  assert.deepEqual(
    referencesUnder(FLAT, 'af<2026-11>').map((r) => r.title),
    ['Art. L521-1', 'Art. D521-1'],
  );
  assert.equal(safeUrl('https://x.fr'), 'https://x.fr');
  assert.equal(traceNode(FLAT, 'nope'), null);
});

test('communes by postal code', () => {
  const codes = {
    75011: [['Paris', '75056']],
    97400: [['Saint-Denis', '97411']],
    '01640': [
      ['Boyeux', '01058'],
      ['Jujurieux', '01199'],
    ],
  };
  assert.deepEqual(communesFor(codes, '75011'), [{ name: 'Paris', code: '75056' }]);
  assert.equal(communesFor(codes, '01640').length, 2);
  assert.deepEqual(communesFor(codes, '99999'), []);
  assert.equal(communeName(codes, '97411'), 'Saint-Denis');
  assert.ok(isPostalCode('20000') && isPostalCode('2A004') && !isPostalCode('7501'));
});

test('wording names people and phrases engine questions', () => {
  const catalog = makeCatalog([
    {
      name: 'activite',
      entity: 'individus',
      type: 'enum',
      label: 'Activité',
      question: 'Quelle est l’activité ?',
      items: [{ name: 'actif', label: 'Actif occupé' }],
    },
    { name: 'nouvelle_variable', entity: 'individus', type: 'boolean', label: 'Une condition nouvelle' },
    { name: 'salaire_net', entity: 'individus', type: 'money', label: 'Salaire net' },
  ]);
  let a = emptyAnswers();
  a = answer(a, { kind: 'couple' }, false, {});
  a = answer(a, { kind: 'childCount' }, 1);
  a = answer(a, { kind: 'child', index: 0, id: 'enfant1' }, { prenom: 'Léa', date_naissance: '2015-01-01' });
  assert.equal(personLabel('fr', 'enfant1', a), 'Léa (enfant 1)');
  assert.equal(personLabel('en', 'conjoint', a), 'Your partner');
  const q = (variable, id) => ({ kind: 'enum', variable, id, periods: ['2026-11'] });
  assert.equal(
    questionWording('fr', q('activite', 'demandeur'), catalog.get('activite'), a, '2026-11').title,
    'Quelle est votre activité principale ?',
  );
  assert.equal(
    questionWording('fr', q('activite', 'enfant1'), catalog.get('activite'), a, '2026-11').title,
    'Quelle est l’activité principale de Léa ?',
  );
  assert.equal(
    questionWording('fr', q('nouvelle_variable', 'demandeur'), catalog.get('nouvelle_variable'), a).title,
    'Une condition nouvelle ?',
  );
  a = answer(a, { kind: 'enum', variable: 'activite', id: 'demandeur', periods: ['2026-11'] }, 'actif');
  assert.equal(recapLine('fr', 'var:activite@demandeur', a, catalog).answer, 'Actif occupé');
  assert.equal(recapLine('fr', 'childCount', a, catalog).answer, '1');
  assert.equal(
    amountsText('fr', { '2024-01': 100, '2024-02': 100 }, ['2024-01', '2024-02']),
    '100,00\u00a0€ par mois (de janvier à février 2024)',
  );
});

test('results: benefits not paid are grouped per benefit, reasons of adults first', async () => {
  const { groupOthers, groupReasons, sortBenefits, totals } = await import('../../site/js/views/results.js');
  const { groupInputs } = await import('../../site/js/trace.js');
  const ass = (id, reason) => ({ name: 'ass', id, eligible: false, amount: 0, reason });
  const groups = groupOthers([
    ass('demandeur', 'r1'),
    ass('enfant1', 'r2'),
    { name: 'rsa', id: 'famille', eligible: false, amount: 0 },
  ]);
  assert.deepEqual(
    groups.map((g) => [g.name, g.members.length]),
    [
      ['ass', 2],
      ['rsa', 1],
    ],
  );
  const isChild = (id) => id.startsWith('enfant');
  assert.deepEqual(groupReasons(groups[0].members, isChild), [{ id: null, reason: 'r1' }]);
  assert.deepEqual(
    groupReasons([ass('demandeur', 'a'), ass('conjoint', 'b')], isChild).map((r) => r.id),
    ['demandeur', 'conjoint'],
  );
  const list = [
    { name: 'x', eligible: false, amount: 0 },
    { name: 'af', eligible: true, amount: 151.04, periodicity: 'month' },
    { name: 'noel', eligible: true, amount: 152.45, periodicity: 'year' },
  ];
  assert.deepEqual(
    sortBenefits(list).map((b) => b.name),
    ['af', 'noel', 'x'],
  );
  assert.deepEqual(totals(list), { month: 151.04, year: 152.45 });
  const g = groupInputs([
    {
      variable: 'salaire_net',
      label: 'Salaire net',
      entity: 'individus',
      period: '2026-09',
      values: [{ id: 'demandeur', value: 1000, status: 'input' }],
    },
    {
      variable: 'salaire_net',
      label: 'Salaire net',
      entity: 'individus',
      period: '2026-10',
      values: [{ id: 'demandeur', value: 1000, status: 'input' }],
    },
  ]);
  assert.deepEqual(g[0].values, { demandeur: { '2026-09': 1000, '2026-10': 1000 } });
});
