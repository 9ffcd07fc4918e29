// The « détail du calcul » line in words (trace.js plainLine) and what the results page says it assumed
// (views/results-page.js: assumptions, incomeMonths). Synthetic traces and catalogues: no law value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { plainLine } from '../../site/js/trace.js';
import { assumptions, incomeMonths } from '../../site/js/views/results-page.js';

const node = (variable, value, extra = {}) => ({
  variable,
  label: variable,
  period: '2026-06',
  entity: 'familles',
  values: { famille: value },
  status: { famille: 'computed' },
  ...extra,
});

test('a formula reads as its terms, with lets reduced to what they pick and rounding left out', () => {
  const flat = {
    'montant<2026-06>': node('montant', 70, {
      dependencies: ['socle<2026-06>', 'socle_majore<2026-06>', 'ressources<2026-06>', 'forfait<2026-06>'],
      formula: {
        source:
          '{\n  let forfaitaire = max(socle, socle_majore)\n  require ressources < forfaitaire\n    else "trop ({ressources})"\n  # a comment\n  round(forfaitaire - ressources - forfait, 0.01)\n}',
      },
    }),
    'socle<2026-06>': node('socle', 100),
    'socle_majore<2026-06>': node('socle_majore', 90),
    'ressources<2026-06>': node('ressources', 20),
    'forfait<2026-06>': node('forfait', 10),
  };
  const line = plainLine(flat, 'montant<2026-06>', 'famille');
  assert.deepEqual(
    line.terms.map((t) => [t.sign, t.factors.map((f) => [f.kind, f.name, f.value])]),
    [
      ['+', [['variable', 'socle', 100]]],
      ['−', [['variable', 'ressources', 20]]],
      ['−', [['variable', 'forfait', 10]]],
    ],
  );
});

test('products name their parameters and rates; an if is resolved by its known condition', () => {
  const flat = {
    'af<2026-06>': node('af', 50, {
      dependencies: ['eligible<2026-06>', 'n<2026-06>'],
      parameters: [
        { name: 'base_mensuelle', value: 500 },
        { name: 'taux.enf2', value: 0.1 },
      ],
      formula: {
        source: '{\n  let taux = taux.enf2\n  if eligible\n  then round(base_mensuelle * taux, 0.01)\n  else 0\n}',
      },
    }),
    'eligible<2026-06>': node('eligible', true),
    'n<2026-06>': node('n', 2),
  };
  const line = plainLine(flat, 'af<2026-06>', 'famille');
  assert.deepEqual(
    line.terms[0].factors.map((f) => [f.kind, f.name, f.value]),
    [
      ['parameter', 'base_mensuelle', 500],
      ['parameter', 'taux.enf2', 0.1],
    ],
  );
  flat['eligible<2026-06>'].values.famille = false;
  assert.equal(
    plainLine(flat, 'af<2026-06>', 'famille'),
    null,
    'the else branch is a bare number: nothing to say in words',
  );
});

test('what cannot be read is left to the formula itself', () => {
  const flat = { 'x<2026-06>': node('x', 1, { dependencies: [], formula: { source: 'any(parents: y)' } }) };
  assert.equal(plainLine(flat, 'x<2026-06>', 'famille'), null);
  assert.equal(plainLine({}, 'x<2026-06>'), null);
});

const CATALOG = new Map([
  ['enceinte', { name: 'enceinte', type: 'boolean', entity: 'individus', default: false, label: 'Est enceinte' }],
  ['loyer', { name: 'loyer', type: 'money', entity: 'menages', default: 0, label: 'Loyer' }],
  [
    'salaire_net',
    { name: 'salaire_net', type: 'money', entity: 'individus', period: 'month', default: 0, label: 'Salaire net' },
  ],
  [
    'chomage_net',
    { name: 'chomage_net', type: 'money', entity: 'individus', period: 'month', default: 0, label: 'Chômage net' },
  ],
]);

test('the results list what was skipped and what the rules still lacked, each with its question', () => {
  const answers = {
    couple: false,
    union: null,
    childCount: 0,
    children: [],
    incomes: {},
    communes: {},
    values: { 'enceinte@demandeur': { '2026-06': false } },
    skipped: { 'var:enceinte@demandeur': true },
  };
  const result = {
    benefits: [
      {
        name: 'apl',
        missing_inputs: [
          { variable: 'loyer', id: 'menage', period: '2026-06' },
          { variable: 'loyer', id: 'menage', period: '2026-05' },
        ],
      },
    ],
  };
  const items = assumptions({ lang: 'fr', answers, catalog: CATALOG, result });
  assert.deepEqual(
    items.map((i) => i.key),
    ['var:enceinte@demandeur', 'var:loyer@menage'],
  );
  assert.equal(items[0].value, 'Non');
  assert.match(items[1].value, /0,00/);
  assert.deepEqual(
    assumptions({ lang: 'fr', answers: { ...answers, skipped: {} }, catalog: CATALOG, result: { benefits: [] } }),
    [],
  );
});

test('the months of income used are those of the amounts given', () => {
  const answers = {
    couple: false,
    children: [],
    skipped: {},
    values: {
      'salaire_net@demandeur': { '2026-04': 1000, '2026-05': 1000, '2026-06': 1100 },
      'chomage_net@demandeur': { '2026-04': 0, '2026-05': 0, '2026-06': 0 }, // not received: no month to tell
    },
  };
  const months = incomeMonths({ lang: 'fr', answers, catalog: CATALOG });
  assert.equal(months.length, 1);
  assert.match(months[0].text, /avril.*juin 2026/);
  // months after the simulated one hold the last amount assumed unchanged, not an answer
  const later = {
    ...answers,
    values: {
      ...answers.values,
      'salaire_net@demandeur': { ...answers.values['salaire_net@demandeur'], '2026-11': 1100, '2026-12': 1100 },
    },
  };
  assert.match(
    incomeMonths({ lang: 'fr', answers: later, catalog: CATALOG, period: '2026-06' })[0].text,
    /avril à juin 2026$/,
  );
});

test('a line that would not add up to the amount is not shown; a chain to one variable is followed', () => {
  const flat = {
    'total<2026-06>': node('total', 99, { dependencies: ['a<2026-06>', 'b<2026-06>'], formula: { source: 'a + b' } }),
    'a<2026-06>': node('a', 10),
    'b<2026-06>': node('b', 20),
  };
  assert.equal(plainLine(flat, 'total<2026-06>', 'famille'), null);
  flat['total<2026-06>'].values.famille = 30;
  assert.equal(plainLine(flat, 'total<2026-06>', 'famille').terms.length, 2);
  flat['paye<2026-06>'] = node('paye', 30, {
    dependencies: ['ok<2026-06>', 'total<2026-06>'],
    formula: { source: '{\n  let m = if ok then total else 0\n  m\n}' },
  });
  flat['ok<2026-06>'] = node('ok', true);
  assert.deepEqual(
    plainLine(flat, 'paye<2026-06>', 'famille').terms.map((t) => t.factors[0].name),
    ['a', 'b'],
  );
});

test('a factor that is a sum is kept as a group: « montant × (1 − taux) »', () => {
  const flat = {
    'net<2026-06>': node('net', 99.5, {
      dependencies: ['brut<2026-06>'],
      parameters: [{ name: 'crds.taux', value: 0.005 }],
      formula: { source: 'round(brut * (1 - crds.taux), 0.01)' },
    }),
    'brut<2026-06>': node('brut', 100),
  };
  const [term] = plainLine(flat, 'net<2026-06>', 'famille').terms;
  assert.equal(term.factors[0].name, 'brut');
  assert.equal(term.factors[1].kind, 'group');
  assert.deepEqual(
    term.factors[1].terms.map((t) => [t.sign, t.factors[0].kind]),
    [
      ['+', 'number'],
      ['−', 'parameter'],
    ],
  );
});

import { chaptersAsked } from '../../site/js/views/common.js';
import { emptyAnswers, makeCatalog } from '../../site/js/questionnaire.js';
test('the stepper lists only the chapters this household goes through', () => {
  const catalog = makeCatalog([
    { name: 'loyer', type: 'money', entity: 'menages', period: 'month', default: 0, label: 'Loyer' },
    {
      name: 'date_naissance',
      type: 'date',
      entity: 'individus',
      period: 'eternity',
      default: '1970-01-01',
      label: 'Date de naissance',
    },
  ]);
  const answers = { ...emptyAnswers(), couple: false, childCount: 0 };
  const chapters = chaptersAsked({
    answers,
    missing: [{ variable: 'loyer', id: 'menage', period: '2026-06' }],
    catalog,
    period: '2026-06',
  });
  assert.ok(chapters.includes('foyer') && chapters.includes('logement'), chapters.join(' '));
  assert.ok(
    !chapters.includes('profil') && !chapters.includes('revenus'),
    `chapters never asked are listed: ${chapters.join(' ')}`,
  );
  assert.deepEqual(chapters.slice(-2), ['recapitulatif', 'resultats']);
  const more = chaptersAsked({
    answers,
    missing: [{ variable: 'date_naissance', id: 'demandeur', period: 'ETERNITY' }],
    catalog,
    period: '2026-06',
  });
  assert.ok(more.includes('profil'), more.join(' '));
});
