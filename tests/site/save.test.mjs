import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toSaveDocument, fromSaveDocument, toHash, fromHash, saveFileName } from '../../site/js/save.js';
import { answer, emptyAnswers } from '../../site/js/questionnaire.js';

function sample() {
  let a = emptyAnswers();
  a = answer(a, { kind: 'couple' }, false, { period: '2026-11' });
  a = answer(a, { kind: 'childCount' }, 1);
  a = answer(a, { kind: 'child', index: 0, id: 'enfant1' }, { prenom: 'Zoé', date_naissance: '2019-03-02' });
  a = answer(
    a,
    { kind: 'amounts', variable: 'salaire_net', id: 'demandeur', periods: ['2026-10'] },
    { '2026-10': 1234.56 },
  );
  return { period: '2026-11', answers: a };
}

test('the save file holds the period and the answers, and reads back the same', () => {
  const doc = toSaveDocument(sample(), new Date('2026-11-29T10:00:00Z'));
  assert.equal(doc.format, 'mes-aides/reponses');
  assert.equal(doc.saved_on, '2026-11-29');
  const back = fromSaveDocument(JSON.parse(JSON.stringify(doc)));
  assert.deepEqual(back, { period: '2026-11', answers: sample().answers });
  assert.equal(saveFileName(new Date('2026-11-29T10:00:00Z')), 'mes-aides-reponses-2026-11-29.json');
});

test('a link fragment holds the compressed save and restores it', async () => {
  const doc = toSaveDocument(sample());
  const hash = await toHash(doc);
  assert.match(hash, /^#reprise=[A-Za-z0-9_-]+$/);
  assert.ok(hash.length < JSON.stringify(doc).length, 'compressed');
  assert.deepEqual(await fromHash(hash), { period: '2026-11', answers: sample().answers });
  assert.equal(await fromHash('#autre=1'), null);
  assert.equal(await fromHash(''), null);
  await assert.rejects(fromHash('#reprise=AAAA'));
});

test('documents that are not saves are refused', () => {
  assert.throws(() => fromSaveDocument({ format: 'other' }));
  assert.throws(() => fromSaveDocument({ format: 'mes-aides/reponses', version: 2, period: '2026-11', answers: {} }));
  assert.throws(() => fromSaveDocument({ format: 'mes-aides/reponses', version: 1, period: 'nov', answers: {} }));
  assert.throws(() =>
    fromSaveDocument({
      format: 'mes-aides/reponses',
      version: 1,
      period: '2026-11',
      answers: { values: { 'bad key': {} } },
    }),
  );
  assert.throws(() =>
    fromSaveDocument({ format: 'mes-aides/reponses', version: 1, period: '2026-11', answers: { childCount: -1 } }),
  );
});

// ------------------------------------------------------------------ checked like the form (issue 9)
import { SaveError, readSave, describeSaveError } from '../../site/js/save.js';

const CATALOG = new Map([
  [
    'date_naissance',
    { name: 'date_naissance', type: 'date', entity: 'individus', default: '1970-01-01', label: 'Date de naissance' },
  ],
  ['salaire_net', { name: 'salaire_net', type: 'money', entity: 'individus', default: 0, label: 'Salaire net' }],
  [
    'activite',
    {
      name: 'activite',
      type: 'enum',
      entity: 'individus',
      default: 'inactif',
      label: 'Activité',
      items: [{ name: 'actif' }, { name: 'inactif' }],
    },
  ],
  ['depcom', { name: 'depcom', type: 'text', entity: 'menages', default: '', label: 'Commune' }],
  ['handicap', { name: 'handicap', type: 'boolean', entity: 'individus', default: false, label: 'Handicap' }],
]);
const TODAY = new Date('2026-11-29T10:00:00Z');
const ctx = { catalog: CATALOG, today: TODAY };

function withAnswers(patch) {
  const doc = JSON.parse(JSON.stringify(toSaveDocument(sample(), TODAY)));
  Object.assign(doc.answers, patch(doc.answers) ?? {});
  return doc;
}
const code = (fn) => {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof SaveError, String(e));
    return [e.code, e.key];
  }
  assert.fail('accepted');
};

test('a good save passes the checks against the rules', () => {
  const doc = withAnswers((a) => ({
    values: {
      ...a.values,
      'activite@demandeur': { '2026-11': 'actif' },
      'date_naissance@demandeur': { ETERNITY: '1990-05-01' },
    },
  }));
  assert.equal(fromSaveDocument(doc, ctx).answers.values['activite@demandeur']['2026-11'], 'actif');
});

test('bad dates, ranges, counts, types and choices are refused and name the answer', () => {
  assert.deepEqual(
    code(() =>
      fromSaveDocument(
        withAnswers((a) => {
          a.children[0].date_naissance = '2031-01-01';
        }),
        ctx,
      ),
    ),
    ['date_future', 'child:1'],
  );
  assert.deepEqual(
    code(() =>
      fromSaveDocument(
        withAnswers((a) => {
          a.children[0].date_naissance = '2020-02-30';
        }),
        ctx,
      ),
    ),
    ['date', 'child:1'],
  );
  assert.deepEqual(
    code(() =>
      fromSaveDocument(
        withAnswers((a) => ({ values: { ...a.values, 'date_naissance@demandeur': { ETERNITY: '1850-01-01' } } })),
        ctx,
      ),
    ),
    ['date_too_old', 'date_naissance@demandeur'],
  );
  assert.deepEqual(
    code(() =>
      fromSaveDocument(
        withAnswers((a) => ({ values: { ...a.values, 'salaire_net@demandeur': { '2026-10': -5 } } })),
        ctx,
      ),
    ),
    ['range', 'salaire_net@demandeur'],
  );
  assert.deepEqual(
    code(() =>
      fromSaveDocument(
        withAnswers((a) => ({ values: { ...a.values, 'salaire_net@demandeur': { '2026-10': '1200' } } })),
        ctx,
      ),
    ),
    ['type', 'salaire_net@demandeur'],
  );
  assert.deepEqual(
    code(() =>
      fromSaveDocument(
        withAnswers((a) => ({ values: { ...a.values, 'activite@demandeur': { '2026-11': 'astronaute' } } })),
        ctx,
      ),
    ),
    ['choice', 'activite@demandeur'],
  );
  assert.deepEqual(
    code(() =>
      fromSaveDocument(
        withAnswers((a) => ({ values: { ...a.values, 'handicap@demandeur': { '2026-11': 'oui' } } })),
        ctx,
      ),
    ),
    ['type', 'handicap@demandeur'],
  );
  assert.deepEqual(
    code(() =>
      fromSaveDocument(
        withAnswers((a) => ({ values: { ...a.values, 'inconnue@demandeur': { '2026-11': 1 } } })),
        ctx,
      ),
    ),
    ['unknown_variable', 'inconnue@demandeur'],
  );
  assert.deepEqual(
    code(() =>
      fromSaveDocument(
        withAnswers((a) => ({ values: { ...a.values, 'salaire_net@demandeur': { '2026-13': 1 } } })),
        ctx,
      ),
    ),
    ['period_of', 'salaire_net@demandeur'],
  );
  assert.deepEqual(
    code(() =>
      fromSaveDocument(
        withAnswers(() => ({ childCount: 99 })),
        ctx,
      ),
    ),
    ['count', 'childCount'],
  );
  assert.deepEqual(
    code(() =>
      fromSaveDocument(
        withAnswers(() => ({ childCount: 0 })),
        ctx,
      ),
    ),
    ['count', 'childCount'],
  ); // a child listed beyond the count
  assert.deepEqual(
    code(() =>
      fromSaveDocument(
        withAnswers(() => ({ union: 'fiancés' })),
        ctx,
      ),
    ),
    ['choice', 'union'],
  );
  assert.deepEqual(
    code(() =>
      fromSaveDocument(
        withAnswers(() => ({ piratage: true })),
        ctx,
      ),
    ),
    ['unknown_field', 'piratage'],
  );
  assert.deepEqual(
    code(() =>
      fromSaveDocument(
        withAnswers(() => ({ incomes: { demandeur: { offered: ['salaire'], chosen: ['loterie'] } } })),
        ctx,
      ),
    ),
    ['choice', 'incomes:demandeur'],
  );
  assert.equal(
    fromSaveDocument(
      withAnswers(() => ({ incomes: { demandeur: { offered: ['salaire', 'chomage'], chosen: ['salaire'] } } })),
      ctx,
    ).answers.incomes.demandeur.chosen[0],
    'salaire',
  );
  assert.deepEqual(
    code(() => fromSaveDocument({ ...toSaveDocument(sample(), TODAY), period: '2126-01' }, ctx)),
    ['period', null],
  );
});

test('a commune must be a current one, checked with the postal table', async () => {
  const known = async (c) => c === '75056';
  const good = withAnswers((a) => ({ values: { ...a.values, 'depcom@menage': { '2026-11': '75056' } } }));
  assert.equal(
    (await readSave(good, { ...ctx, knownCommune: known })).answers.values['depcom@menage']['2026-11'],
    '75056',
  );
  const bad = withAnswers((a) => ({ values: { ...a.values, 'depcom@menage': { '2026-11': '75999' } } }));
  await assert.rejects(
    readSave(bad, { ...ctx, knownCommune: known }),
    (e) => e.code === 'commune' && e.key === 'depcom@menage',
  );
  const junk = withAnswers((a) => ({ values: { ...a.values, 'depcom@menage': { '2026-11': 'Paris' } } }));
  await assert.rejects(readSave(junk, { ...ctx, knownCommune: known }), (e) => e.code === 'commune');
});

test('a damaged link is refused with a SaveError, and a link is checked like a file', async () => {
  await assert.rejects(fromHash('#reprise=AAAA', ctx), (e) => e instanceof SaveError && e.code === 'damaged');
  const hash = await toHash(
    withAnswers((a) => ({ values: { ...a.values, 'salaire_net@demandeur': { '2026-10': 1e12 } } })),
  );
  await assert.rejects(fromHash(hash, ctx), (e) => e.code === 'range' && e.key === 'salaire_net@demandeur');
});

test('the message names the answer, in French and in English', () => {
  const e = new SaveError('date_future', { key: 'date_naissance@demandeur', value: '2031-01-01' });
  const [fr] = describeSaveError('fr', e, { catalog: CATALOG, answers: sample().answers });
  assert.match(fr, /Date de naissance/);
  assert.match(fr, /Vous/);
  assert.match(fr, /futur/);
  assert.match(fr, /2031-01-01/);
  const [en] = describeSaveError('en', e, { catalog: CATALOG, answers: sample().answers });
  assert.match(en, /You/);
  assert.match(en, /future/);
});
