// The questionnaire logic (site/js/questionnaire.js): state + engine's missing inputs → next question,
// answers → OpenFisca situation, recap. The catalogue and missing inputs below have the shapes the
// engine returns (describe_variables, benefits[].missing_inputs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  absorbMissing,
  answer,
  buildSituation,
  collectMissing,
  emptyAnswers,
  incomeFamily,
  isIncome,
  makeCatalog,
  nextQuestion,
  pendingQuestions,
  personIds,
  questionForKey,
  recapItems,
  currentAnswer,
  groupIds,
} from '../../site/js/questionnaire.js';

const INPUTS = [
  {
    name: 'date_naissance',
    entity: 'individus',
    period: 'eternity',
    type: 'date',
    label: 'Date de naissance',
    question: 'Quelle est la date de naissance de cette personne ?',
  },
  {
    name: 'statut_marital',
    entity: 'individus',
    period: 'month',
    type: 'enum',
    label: 'Statut marital',
    items: [
      { name: 'marie', label: 'Marié' },
      { name: 'celibataire', label: 'Célibataire' },
    ],
  },
  {
    name: 'activite',
    entity: 'individus',
    period: 'month',
    type: 'enum',
    label: 'Activité',
    items: [
      { name: 'actif', label: 'Actif' },
      { name: 'etudiant', label: 'Étudiant' },
    ],
  },
  { name: 'garde_alternee', entity: 'individus', period: 'month', type: 'boolean', label: 'Garde alternée' },
  { name: 'depcom', entity: 'menages', period: 'month', type: 'text', label: 'Code INSEE' },
  {
    name: 'statut_occupation_logement',
    entity: 'menages',
    period: 'month',
    type: 'enum',
    label: 'Statut',
    items: [{ name: 'locataire_vide', label: 'Locataire' }],
  },
  { name: 'loyer', entity: 'menages', period: 'month', type: 'money', label: 'Loyer' },
  { name: 'salaire_net', entity: 'individus', period: 'month', type: 'money', label: 'Salaire net' },
  { name: 'salaire_imposable', entity: 'individus', period: 'month', type: 'money', label: 'Salaire imposable' },
  { name: 'chomage_imposable', entity: 'individus', period: 'month', type: 'money', label: 'Chômage imposable' },
  { name: 'retraite_imposable', entity: 'individus', period: 'month', type: 'money', label: 'Retraite imposable' },
  {
    name: 'pensions_alimentaires_versees',
    entity: 'foyers_fiscaux',
    period: 'year',
    type: 'money',
    label: 'Pensions versées',
  },
  { name: 'rsa_isolement_recent', entity: 'familles', period: 'month', type: 'boolean', label: 'Isolement récent' },
];
const catalog = makeCatalog(INPUTS);
const months2024 = Array.from({ length: 12 }, (_, i) => `2024-${String(i + 1).padStart(2, '0')}`);
const miss = (variable, id, periods) => periods.map((period) => ({ variable, id, period }));

function single() {
  return { ...emptyAnswers(), couple: false, childCount: 0 };
}

test('structural questions come first: couple, then children count, then each child', () => {
  let a = emptyAnswers();
  assert.equal(nextQuestion(a, [], catalog).key, 'couple');
  a = answer(a, { kind: 'couple' }, true, { period: '2026-11' });
  assert.equal(nextQuestion(a, [], catalog).key, 'union');
  a = answer(a, { kind: 'union' }, 'marie', { period: '2026-11' });
  assert.equal(nextQuestion(a, [], catalog).key, 'childCount');
  a = answer(a, { kind: 'childCount' }, 2);
  assert.equal(nextQuestion(a, [], catalog).key, 'child:1');
  a = answer(a, nextQuestion(a, [], catalog), { prenom: 'Léa', date_naissance: '2015-05-01' });
  assert.equal(nextQuestion(a, [], catalog).key, 'child:2');
  a = answer(a, nextQuestion(a, [], catalog), { prenom: '', date_naissance: '2018-05-01' });
  assert.equal(nextQuestion(a, [], catalog), null);
  assert.deepEqual(personIds(a), ['demandeur', 'conjoint', 'enfant1', 'enfant2']);
  assert.deepEqual(a.values['date_naissance@enfant1'], { ETERNITY: '2015-05-01' });
  // married: both adults' statut_marital is set, so the rules do not ask it
  assert.deepEqual(a.values['statut_marital@demandeur'], { '2026-11': 'marie' });
  assert.deepEqual(a.values['statut_marital@conjoint'], { '2026-11': 'marie' });
});

test('only inputs some benefit depends on are asked, in chapter order', () => {
  const a = single();
  const missing = [
    ...miss('depcom', 'menage', ['2026-11']),
    ...miss('date_naissance', 'demandeur', ['ETERNITY']),
    ...miss('rsa_isolement_recent', 'famille', ['2026-11']),
  ];
  const keys = pendingQuestions(a, missing, catalog).map((q) => q.key);
  // the commune first (it decides which local aids are possible), then the person, then the family
  assert.deepEqual(keys, ['var:depcom@menage', 'var:date_naissance@demandeur', 'var:rsa_isolement_recent@famille']);
  const q = nextQuestion(a, missing, catalog);
  assert.equal(q.chapter, 'profil');
  assert.equal(q.kind, 'commune');
  assert.equal(pendingQuestions(a, missing, catalog)[1].kind, 'date');
  assert.equal(pendingQuestions(a, missing, catalog)[2].chapter, 'foyer');
});

test('unknown variables and people not in the household are not asked', () => {
  const a = single();
  const missing = [
    ...miss('variable_inconnue', 'demandeur', ['2026-11']),
    ...miss('activite', 'conjoint', ['2026-11']),
  ];
  assert.equal(nextQuestion(a, missing, catalog), null);
});

test('a stable answer extends to new periods; an income is asked again for new months', () => {
  let a = single();
  const q = nextQuestion(a, miss('activite', 'demandeur', ['2026-11']), catalog);
  a = answer(a, q, 'actif');
  assert.deepEqual(a.values['activite@demandeur'], { '2026-11': 'actif' });
  const later = miss('activite', 'demandeur', ['2026-08', '2026-09', '2026-10', '2026-11']);
  const { answers, changed } = absorbMissing(a, later, catalog);
  assert.equal(changed, true);
  assert.deepEqual(Object.keys(answers.values['activite@demandeur']).sort(), [
    '2026-08',
    '2026-09',
    '2026-10',
    '2026-11',
  ]);
  assert.equal(nextQuestion(answers, later, catalog), null);
  assert.equal(absorbMissing(answers, later, catalog).changed, false);
});

test('incomes: one checklist per person, then the amounts of the chosen kinds; others count as 0', () => {
  let a = single();
  const missing = [
    ...miss('salaire_imposable', 'demandeur', months2024),
    ...miss('chomage_imposable', 'demandeur', months2024),
    ...miss('retraite_imposable', 'demandeur', months2024),
  ];
  let q = nextQuestion(a, missing, catalog);
  assert.equal(q.key, 'incomes:demandeur');
  assert.deepEqual(q.families, ['salaire', 'chomage', 'retraite']);
  assert.equal(q.chapter, 'revenus');
  a = answer(a, q, ['salaire']);
  // unchosen kinds are absorbed as zeros for the periods asked
  const absorbed = absorbMissing(a, missing, catalog);
  assert.equal(absorbed.changed, true);
  a = absorbed.answers;
  assert.equal(a.values['chomage_imposable@demandeur']['2024-06'], 0);
  q = nextQuestion(a, missing, catalog);
  assert.equal(q.key, 'amount:salaire_imposable@demandeur');
  assert.deepEqual(q.periods, months2024);
  const values = Object.fromEntries(months2024.map((p) => [p, 1500]));
  a = answer(a, q, values, { same: true });
  assert.equal(nextQuestion(a, missing, catalog), null);
  assert.equal(a.sameEachMonth['salaire_imposable@demandeur'], true);
  // the rules now also read last months' net salary: a new amount question, no new checklist
  const more = [...missing, ...miss('salaire_net', 'demandeur', ['2026-08', '2026-09', '2026-10'])];
  q = nextQuestion(a, more, catalog);
  assert.equal(q.key, 'amount:salaire_net@demandeur');
  assert.deepEqual(q.periods, ['2026-08', '2026-09', '2026-10']);
});

test('a new kind of income later brings a checklist with only that kind', () => {
  let a = single();
  const missing = miss('salaire_imposable', 'demandeur', months2024);
  a = answer(a, nextQuestion(a, missing, catalog), []);
  a = absorbMissing(a, missing, catalog).answers;
  assert.equal(nextQuestion(a, missing, catalog), null);
  const more = [...missing, ...miss('retraite_imposable', 'demandeur', months2024)];
  const q = nextQuestion(a, more, catalog);
  assert.equal(q.key, 'incomes:demandeur');
  assert.deepEqual(q.families, ['retraite']);
  a = answer(a, q, ['retraite']);
  assert.deepEqual(a.incomes.demandeur, { offered: ['salaire', 'retraite'], chosen: ['retraite'] });
});

test('a foyer fiscal income is asked as an amount per year, without a checklist', () => {
  const a = single();
  const q = nextQuestion(a, miss('pensions_alimentaires_versees', 'foyer_fiscal', ['2024']), catalog);
  assert.equal(q.kind, 'amounts');
  assert.deepEqual(q.periods, ['2024']);
  const b = answer(a, q, { 2024: 1200 });
  assert.deepEqual(buildSituation(b).foyers_fiscaux.foyer_fiscal.pensions_alimentaires_versees, { 2024: 1200 });
});

test('the situation follows OpenFisca: groups, roles and values by period', () => {
  let a = emptyAnswers();
  a = answer(a, { kind: 'couple' }, true, { period: '2026-11' });
  a = answer(a, { kind: 'union' }, 'pacse', { period: '2026-11' });
  a = answer(a, { kind: 'childCount' }, 1);
  a = answer(a, { kind: 'child', index: 0, id: 'enfant1' }, { prenom: 'Tom', date_naissance: '2020-02-29' });
  a = answer(a, { kind: 'commune', variable: 'depcom', id: 'menage', periods: ['2026-11'] }, '75056', {
    postal: '75011',
  });
  const s = buildSituation(a);
  assert.deepEqual(s.familles, { famille: { parents: ['demandeur', 'conjoint'], enfants: ['enfant1'] } });
  assert.deepEqual(s.foyers_fiscaux, {
    foyer_fiscal: { declarants: ['demandeur', 'conjoint'], personnes_a_charge: ['enfant1'] },
  });
  assert.deepEqual(s.menages, {
    menage: {
      personne_de_reference: ['demandeur'],
      enfants: ['enfant1'],
      conjoint: ['conjoint'],
      depcom: { '2026-11': '75056' },
    },
  });
  assert.deepEqual(s.individus.enfant1, { date_naissance: { ETERNITY: '2020-02-29' } });
  assert.deepEqual(s.individus.conjoint, { statut_marital: { '2026-11': 'pacse' } });
  assert.deepEqual(a.communes['depcom@menage'], { postal: '75011' });
});

test('an unmarried couple makes two tax households', () => {
  let a = emptyAnswers();
  a = answer(a, { kind: 'couple' }, true, { period: '2026-11' });
  a = answer(a, { kind: 'union' }, 'union_libre', { period: '2026-11' });
  a = answer(a, { kind: 'childCount' }, 0);
  assert.deepEqual(groupIds(a).foyers_fiscaux, ['foyer_fiscal', 'foyer_fiscal_conjoint']);
  const s = buildSituation(a);
  assert.deepEqual(s.foyers_fiscaux, {
    foyer_fiscal: { declarants: ['demandeur'], personnes_a_charge: [] },
    foyer_fiscal_conjoint: { declarants: ['conjoint'], personnes_a_charge: [] },
  });
  assert.equal(s.individus.demandeur.statut_marital, undefined);
  // the partner's foyer is a known group: its inputs can be asked
  const q = nextQuestion(a, miss('pensions_alimentaires_versees', 'foyer_fiscal_conjoint', ['2024']), catalog);
  assert.equal(q.key, 'amount:pensions_alimentaires_versees@foyer_fiscal_conjoint');
});

test('changing answers drops the people who left and their answers', () => {
  let a = emptyAnswers();
  a = answer(a, { kind: 'couple' }, true, { period: '2026-11' });
  a = answer(a, { kind: 'union' }, 'marie', { period: '2026-11' });
  a = answer(a, { kind: 'childCount' }, 2);
  a = answer(a, { kind: 'child', index: 0, id: 'enfant1' }, { prenom: 'A', date_naissance: '2015-01-01' });
  a = answer(a, { kind: 'child', index: 1, id: 'enfant2' }, { prenom: 'B', date_naissance: '2016-01-01' });
  a = answer(a, { kind: 'garde', variable: 'garde_alternee', id: 'enfant2', periods: ['2026-11'] }, true);
  a = answer(a, { kind: 'childCount' }, 1);
  assert.equal(a.children.length, 1);
  assert.equal(a.values['date_naissance@enfant2'], undefined);
  assert.equal(a.values['garde_alternee@enfant2'], undefined);
  a = answer(a, { kind: 'couple' }, false, { period: '2026-11' });
  assert.equal(a.union, null);
  assert.equal(a.values['statut_marital@conjoint'], undefined);
  assert.equal(a.values['statut_marital@demandeur'], undefined);
  assert.deepEqual(personIds(a), ['demandeur', 'enfant1']);
});

test('editing a stable answer rewrites every period it covers', () => {
  let a = single();
  a = answer(a, { kind: 'enum', variable: 'activite', id: 'demandeur', periods: ['2026-10', '2026-11'] }, 'actif');
  const q = questionForKey('var:activite@demandeur', a, catalog);
  assert.equal(q.kind, 'enum');
  assert.equal(currentAnswer(a, q), 'actif');
  a = answer(a, q, 'etudiant');
  assert.deepEqual(a.values['activite@demandeur'], { '2026-10': 'etudiant', '2026-11': 'etudiant' });
});

test('the recap lists every answer by chapter, with keys the questions can be rebuilt from', () => {
  let a = single();
  a = answer(a, { kind: 'date', variable: 'date_naissance', id: 'demandeur', periods: ['ETERNITY'] }, '1990-01-01');
  a = answer(a, { kind: 'commune', variable: 'depcom', id: 'menage', periods: ['2026-11'] }, '75056', {
    postal: '75011',
  });
  a = answer(a, { kind: 'incomes', id: 'demandeur', families: ['salaire', 'chomage'] }, ['salaire']);
  a = answer(
    a,
    { kind: 'amounts', variable: 'salaire_net', id: 'demandeur', periods: ['2026-10'] },
    { '2026-10': 1200 },
  );
  a = answer(
    a,
    { kind: 'amounts', variable: 'chomage_imposable', id: 'demandeur', periods: ['2024-01'] },
    { '2024-01': 0 },
  );
  const recap = recapItems(a, catalog);
  assert.deepEqual(
    recap.map((c) => c.chapter),
    ['profil', 'foyer', 'revenus'],
  ); // the commune is in the profil
  assert.equal(recap[0].items[0].key, 'var:depcom@menage');
  assert.deepEqual(
    recap.find((c) => c.chapter === 'revenus').items.map((i) => i.key),
    ['incomes:demandeur', 'amount:salaire_net@demandeur'],
  ); // "no unemployment benefit" is in the checklist
  for (const c of recap) for (const item of c.items) assert.ok(questionForKey(item.key, a, catalog), item.key);
});

test("collectMissing merges the benefits' missing inputs without duplicates", () => {
  const result = {
    benefits: [
      { name: 'af', missing_inputs: [{ variable: 'depcom', id: 'menage', period: '2026-11', entity: 'menages' }] },
      {
        name: 'rsa',
        missing_inputs: [
          { variable: 'depcom', id: 'menage', period: '2026-11', entity: 'menages' },
          { variable: 'activite', id: 'demandeur', period: '2026-11', entity: 'individus' },
        ],
      },
    ],
  };
  assert.deepEqual(
    collectMissing(result).map((m) => m.variable),
    ['depcom', 'activite'],
  );
});

test('income families group the variants of one kind of income', () => {
  assert.equal(incomeFamily('salaire_net'), 'salaire');
  assert.equal(incomeFamily('salaire_imposable'), 'salaire');
  assert.equal(incomeFamily('chomage_net'), 'chomage');
  assert.equal(incomeFamily('retraite_brute'), 'retraite');
  assert.equal(incomeFamily('pensions_alimentaires_percues'), 'pensions_alimentaires');
  assert.equal(incomeFamily('revenus_locatifs'), 'revenus_locatifs');
  assert.equal(isIncome(catalog.get('loyer')), false);
  assert.equal(isIncome(catalog.get('salaire_net')), true);
});

test('a month variable read over a year is asked month by month', () => {
  const a = { ...emptyAnswers(), couple: false, childCount: 0 };
  let b = answer(a, { kind: 'incomes', id: 'demandeur', families: ['salaire'] }, ['salaire']);
  const missing = [
    { variable: 'salaire_imposable', id: 'demandeur', period: '2025' },
    { variable: 'salaire_imposable', id: 'demandeur', period: '2026-10' },
  ];
  const q = nextQuestion(b, missing, catalog);
  assert.equal(q.periods.length, 13);
  assert.equal(q.periods[0], '2025-01');
  b = answer(b, q, Object.fromEntries(q.periods.map((p) => [p, 100])));
  assert.equal(nextQuestion(b, missing, catalog), null);
  // a stable variable read over a year gets the answer for each month
  let c = answer(a, { kind: 'enum', variable: 'activite', id: 'demandeur', periods: ['2026-11'] }, 'actif');
  c = absorbMissing(c, [{ variable: 'activite', id: 'demandeur', period: '2025' }], catalog).answers;
  assert.equal(Object.keys(c.values['activite@demandeur']).length, 13);
});
