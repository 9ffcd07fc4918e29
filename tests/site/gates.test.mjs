// The household gates (GATES in site/js/questionnaire.js): one question for the whole household before
// the per-person questions of a rare fact. « Non » sets the gated inputs of every person to their « no »
// value; « Oui » asks the persons it can concern; « Je ne sais pas » asks everyone, as without the gate;
// a gate is asked only when the rules miss one of its inputs. The catalogue below has the shapes of the
// engine's input list (describe_variables); the real list is checked in engine.test.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  GATES,
  absorbMissing,
  answer,
  buildSituation,
  canSkip,
  currentAnswer,
  emptyAnswers,
  gateByName,
  makeCatalog,
  nextQuestion,
  pendingQuestions,
  personIds,
  questionForKey,
  recapItems,
  skip,
} from '../../site/js/questionnaire.js';
import { assumptions } from '../../site/js/views/results-page.js';
import { fromHash, fromSaveDocument, SaveError, toHash, toSaveDocument } from '../../site/js/save.js';
import { parsePrefill } from '../../site/js/options.js';
import { recapLine } from '../../site/js/wording.js';
import { DICTIONARIES } from '../../site/js/i18n.js';

const PERIOD = '2026-06';
const bool = (name, entity = 'individus', period = 'month', def = false) => ({
  name,
  entity,
  period,
  type: 'boolean',
  default: def,
  label: name,
});
const INPUTS = [
  { name: 'date_naissance', entity: 'individus', period: 'eternity', type: 'date', default: '1970-01-01', label: 'Né' },
  {
    name: 'activite',
    entity: 'individus',
    period: 'month',
    type: 'enum',
    default: 'inactif',
    label: 'Activité',
    items: [{ name: 'inactif' }, { name: 'actif' }],
  },
  {
    name: 'statut_marital',
    entity: 'individus',
    period: 'month',
    type: 'enum',
    default: 'celibataire',
    label: 'Statut marital',
    items: [{ name: 'celibataire' }, { name: 'marie' }],
  },
  bool('handicap'),
  { name: 'taux_incapacite', entity: 'individus', period: 'month', type: 'number', default: 0, label: 'Taux' },
  bool('aah_restriction_substantielle_durable_acces_emploi'),
  bool('aah_conjugalise_eligible'),
  bool('aeeh_soins_ou_etablissement'),
  {
    name: 'aeeh_categorie_complement',
    entity: 'individus',
    period: 'month',
    type: 'enum',
    default: 'non_renseigne',
    label: 'AEEH',
    items: [{ name: 'non_renseigne' }, { name: 'aucun' }, { name: 'categorie_1' }],
  },
  bool('enceinte'),
  bool('adoption', 'individus', 'eternity'),
  bool('garde_alternee'),
  bool('rempli_obligation_scolaire', 'individus', 'month', true),
  bool('ass_precondition_remplie'),
  bool('logement_chambre', 'menages'),
  bool('coloc', 'menages'),
  bool('logement_crous', 'menages'),
];
const catalog = makeCatalog(INPUTS);
const miss = (variable, ids, period = PERIOD) => ids.map((id) => ({ variable, id, period }));

// A couple with two children, composition answered.
function family() {
  let a = emptyAnswers();
  a = answer(a, { kind: 'couple' }, true, { period: PERIOD });
  a = answer(a, { kind: 'union' }, 'marie', { period: PERIOD });
  a = answer(a, { kind: 'childCount' }, 2);
  a = answer(a, { kind: 'child', index: 0, id: 'enfant1' }, { prenom: 'Léa', date_naissance: '2015-05-01' });
  a = answer(a, { kind: 'child', index: 1, id: 'enfant2' }, { prenom: '', date_naissance: '2019-02-01' });
  return a;
}
const PEOPLE = ['demandeur', 'conjoint', 'enfant1', 'enfant2'];
const gateQ = (name) => questionForKey(`gate:${name}`, emptyAnswers(), catalog);

test('every gate has a question and a help in French and English, and gates distinct inputs', () => {
  const seen = new Set();
  for (const g of GATES) {
    for (const lang of ['fr', 'en']) {
      for (const key of [`gate.${g.name}`, `gate.${g.name}.help`])
        assert.ok(DICTIONARIES[lang][key], `${lang}: ${key} missing`);
    }
    assert.ok(['all', 'adults', 'children'].includes(g.who), g.name);
    for (const input of Object.keys(g.inputs)) {
      assert.ok(!seen.has(input), `${input} is gated twice`);
      seen.add(input);
    }
  }
});

test('a gate is asked once, before the questions it gates, and only when one of its inputs is missing', () => {
  const a = family();
  // nothing of the gate missing: not asked
  const noGate = [...miss('activite', ['demandeur'])];
  assert.deepEqual(
    pendingQuestions(a, noGate, catalog).map((q) => q.key),
    ['var:activite@demandeur'],
  );
  assert.equal(nextQuestion(a, [], catalog), null);
  // one gated input missing (the partner's handicap): the gate comes before it, after the activity
  const missing = [...miss('activite', ['demandeur']), ...miss('handicap', ['conjoint', 'enfant1'])];
  const keys = pendingQuestions(a, missing, catalog).map((q) => q.key);
  assert.deepEqual(keys, ['var:activite@demandeur', 'gate:handicap', 'var:handicap@conjoint', 'var:handicap@enfant1']);
  const q = pendingQuestions(a, missing, catalog)[1];
  assert.equal(q.kind, 'gate');
  assert.ok(canSkip(q, catalog));
  // answered (whatever the answer): never asked again
  for (const v of [true, false, null]) {
    const b = answer(a, q, v, { period: PERIOD, catalog });
    assert.ok(!pendingQuestions(b, missing, catalog).some((x) => x.kind === 'gate'), `asked again after ${v}`);
  }
});

test('« Non » sets exactly the gated inputs, to their « no » value, for every person', () => {
  const a = family();
  for (const gate of GATES) {
    const b = answer(a, gateQ(gate.name), false, { period: PERIOD, catalog });
    assert.equal(b.gates[gate.name], false);
    const added = Object.keys(b.values).filter((k) => !(k in a.values));
    const expected = [];
    for (const [variable, no] of Object.entries(gate.inputs)) {
      const def = catalog.get(variable);
      if (!def) continue; // not an input of these rules
      const owners = def.entity === 'individus' ? PEOPLE : ['menage'];
      for (const id of owners) {
        expected.push(`${variable}@${id}`);
        const period = def.period === 'eternity' ? 'ETERNITY' : PERIOD;
        assert.deepEqual(b.values[`${variable}@${id}`], { [period]: no }, `${gate.name}: ${variable}@${id}`);
      }
    }
    assert.deepEqual(added.sort(), expected.sort(), gate.name);
    // nothing else changed
    for (const k of Object.keys(a.values)) assert.deepEqual(b.values[k], a.values[k]);
  }
});

test('« Non »: the gated questions are not asked, and other periods or new people get the « no » value', () => {
  let a = answer(family(), gateQ('handicap'), false, { period: PERIOD, catalog });
  const missing = [
    ...miss('handicap', PEOPLE, '2026-05'), // a month the answer did not cover yet
    ...miss('taux_incapacite', ['enfant1']),
    ...miss('activite', ['demandeur']),
  ];
  assert.deepEqual(
    pendingQuestions(a, missing, catalog).map((q) => q.key),
    ['var:activite@demandeur'],
  );
  const { answers, changed } = absorbMissing(a, missing, catalog, { period: PERIOD });
  assert.ok(changed);
  for (const id of PEOPLE) assert.equal(answers.values[`handicap@${id}`]['2026-05'], false);
  // a third child added afterwards: the rules' question for it is settled by the gate too
  a = answer(answers, { kind: 'childCount' }, 3);
  a = answer(a, { kind: 'child', index: 2, id: 'enfant3' }, { prenom: '', date_naissance: '2022-01-01' });
  const more = miss('taux_incapacite', ['enfant3']);
  assert.equal(nextQuestion(a, more, catalog), null);
  assert.equal(
    absorbMissing(a, more, catalog, { period: PERIOD }).answers.values['taux_incapacite@enfant3'][PERIOD],
    0,
  );
  // the situation holds them as answers
  const s = buildSituation(a);
  assert.deepEqual(s.individus.conjoint.taux_incapacite, { [PERIOD]: 0 });
});

test('« Oui » asks the persons the fact can concern; the others get the « no » value', () => {
  const a = family();
  const missing = [...miss('enceinte', PEOPLE), ...miss('handicap', PEOPLE)];
  // pregnancy: adults only
  let b = answer(a, gateQ('grossesse'), true, { period: PERIOD, catalog });
  assert.equal(b.gates.grossesse, true);
  assert.deepEqual(b.values['enceinte@enfant1'], { [PERIOD]: false });
  assert.equal(b.values['enceinte@demandeur'], undefined);
  const keys = pendingQuestions(b, missing, catalog).map((q) => q.key);
  assert.ok(keys.includes('var:enceinte@demandeur') && keys.includes('var:enceinte@conjoint'), keys.join());
  assert.ok(!keys.some((k) => /enceinte@enfant/.test(k)), keys.join());
  // handicap: everyone
  b = answer(a, gateQ('handicap'), true, { period: PERIOD, catalog });
  const asked = pendingQuestions(b, missing, catalog).map((q) => q.key);
  for (const id of PEOPLE) assert.ok(asked.includes(`var:handicap@${id}`), id);
  assert.ok(!Object.keys(b.values).some((k) => k.startsWith('handicap@')));
  assert.equal(currentAnswer(b, gateQ('handicap')), true);
});

test('« Je ne sais pas » asks everyone, as without the gate, and is recorded as skipped', () => {
  const a = family();
  const missing = miss('enceinte', PEOPLE);
  const b = skip(a, gateQ('grossesse'), catalog, { period: PERIOD });
  assert.equal(b.gates.grossesse, null);
  assert.equal(b.skipped['gate:grossesse'], true);
  assert.deepEqual(b.values, a.values);
  assert.deepEqual(
    pendingQuestions(b, missing, catalog).map((q) => q.key),
    PEOPLE.map((id) => `var:enceinte@${id}`),
  );
});

test('changing a gate: « Non » then « Oui » asks again; « Oui » after « Je ne sais pas » asks what was skipped', () => {
  const a = family();
  const missing = miss('handicap', PEOPLE);
  let b = answer(a, gateQ('handicap'), false, { period: PERIOD, catalog });
  b = answer(b, gateQ('handicap'), true, { period: PERIOD, catalog });
  assert.ok(!Object.keys(b.values).some((k) => k.startsWith('handicap@') || k.startsWith('taux_incapacite@')));
  assert.equal(pendingQuestions(b, missing, catalog).length, PEOPLE.length);
  // « je ne sais pas » to the gate, then to the child's own question: « Oui » later asks the child again
  let c = skip(a, gateQ('handicap'), catalog, { period: PERIOD });
  c = answer(
    c,
    { key: 'var:handicap@demandeur', kind: 'boolean', variable: 'handicap', id: 'demandeur', periods: [PERIOD] },
    true,
  );
  const childQ = {
    key: 'var:handicap@enfant1',
    kind: 'boolean',
    variable: 'handicap',
    id: 'enfant1',
    periods: [PERIOD],
  };
  c = skip(c, childQ, catalog, { period: PERIOD });
  c = answer(c, gateQ('handicap'), true, { period: PERIOD, catalog });
  assert.deepEqual(c.values['handicap@demandeur'], { [PERIOD]: true }); // a real answer is kept
  assert.equal(c.values['handicap@enfant1'], undefined);
  assert.equal(c.skipped['var:handicap@enfant1'], undefined);
});

test('the recap shows the gate once, not the answers it set, and the gate can be edited', () => {
  const a = answer(family(), gateQ('handicap'), false, { period: PERIOD, catalog });
  const keys = recapItems(a, catalog).flatMap((c) => c.items.map((i) => i.key));
  assert.ok(keys.includes('gate:handicap'));
  assert.ok(!keys.some((k) => /handicap@|taux_incapacite@/.test(k)), keys.join());
  assert.ok(keys.indexOf('gate:handicap') > keys.indexOf('child:2'));
  // a gate of the ménage's inputs is with the housing
  const b = answer(a, gateQ('logement_particulier'), false, { period: PERIOD, catalog });
  const housing = recapItems(b, catalog).find((c) => c.chapter === 'logement');
  assert.deepEqual(
    housing.items.map((i) => i.key),
    ['gate:logement_particulier'],
  );
  assert.equal(questionForKey('gate:logement_particulier', b, catalog).chapter, 'logement');
  const line = recapLine('fr', 'gate:handicap', a, catalog);
  assert.match(line.question, /handicap/);
  assert.equal(line.answer, 'Non');
  const q = questionForKey('gate:handicap', a, catalog);
  assert.equal(q.kind, 'gate');
  assert.equal(currentAnswer(a, q), false);
  assert.equal(questionForKey('gate:nope', a, catalog), null);
});

test('a gate answered « Je ne sais pas » is told once in the assumptions, for the people it left to the default', () => {
  let a = skip(family(), gateQ('handicap'), catalog, { period: PERIOD });
  for (const id of ['demandeur', 'enfant2']) {
    a = skip(a, { key: `var:handicap@${id}`, kind: 'boolean', variable: 'handicap', id, periods: [PERIOD] }, catalog, {
      period: PERIOD,
    });
  }
  a = skip(
    a,
    { key: 'var:enceinte@demandeur', kind: 'boolean', variable: 'enceinte', id: 'demandeur', periods: [PERIOD] },
    catalog,
    {
      period: PERIOD,
    },
  );
  const items = assumptions({ lang: 'fr', answers: a, catalog, result: null });
  assert.deepEqual(
    items.map((i) => i.key),
    ['gate:handicap', 'var:enceinte@demandeur'],
  );
  assert.match(items[0].value, /Vous, Enfant 2/);
  // a gate answered « Non » or « Oui » is an answer, not an assumption
  const b = answer(family(), gateQ('handicap'), false, { period: PERIOD, catalog });
  assert.deepEqual(assumptions({ lang: 'fr', answers: b, catalog, result: null }), []);
});

test('gate answers survive a save file and a link, and a wrong one is refused', async () => {
  let a = answer(family(), gateQ('handicap'), false, { period: PERIOD, catalog });
  a = answer(a, gateQ('grossesse'), true, { period: PERIOD, catalog });
  a = skip(a, gateQ('adoption'), catalog, { period: PERIOD });
  const doc = toSaveDocument({ period: PERIOD, answers: a });
  const back = fromSaveDocument(JSON.parse(JSON.stringify(doc)), { catalog });
  assert.deepEqual(back.answers, a);
  assert.deepEqual(back.answers.gates, { handicap: false, grossesse: true, adoption: null });
  const link = await fromHash(await toHash(doc), { catalog });
  assert.deepEqual(link.answers, a);
  // saves made before the gates have none: still read
  const old = structuredClone(doc);
  delete old.answers.gates;
  assert.deepEqual(fromSaveDocument(old, { catalog }).answers.gates, {});
  for (const [gates, code] of [
    [{ handicap: 'non' }, 'choice'],
    [{ inconnue: false }, 'unknown_field'],
    [[], 'field'],
  ]) {
    const bad = structuredClone(doc);
    bad.answers.gates = gates;
    assert.throws(
      () => fromSaveDocument(bad, { catalog }),
      (e) => e instanceof SaveError && e.code === code,
    );
  }
  // a partner's prefill may give gates (booleans only)
  const b64 = Buffer.from(JSON.stringify({ gates: { handicap: false, grossesse: 'x', 'a b': true } })).toString(
    'base64url',
  );
  assert.deepEqual(parsePrefill(`#prefill=${b64}`).gates, { handicap: false });
  assert.ok(gateByName('handicap') && !gateByName('a b'));
});

test('people: the gates do not add anyone', () => {
  const a = answer(family(), gateQ('logement_particulier'), false, { period: PERIOD, catalog });
  assert.deepEqual(personIds(a), PEOPLE);
  assert.deepEqual(a.values['coloc@menage'], { [PERIOD]: false });
});
