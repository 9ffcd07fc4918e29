import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toSaveDocument, fromSaveDocument, toHash, fromHash, saveFileName } from '../../site/js/save.js';
import { answer, emptyAnswers } from '../../site/js/questionnaire.js';

function sample() {
  let a = emptyAnswers();
  a = answer(a, { kind: 'couple' }, false, { period: '2026-11' });
  a = answer(a, { kind: 'childCount' }, 1);
  a = answer(a, { kind: 'child', index: 0, id: 'enfant1' }, { prenom: 'Zoé', date_naissance: '2019-03-02' });
  a = answer(a, { kind: 'amounts', variable: 'salaire_net', id: 'demandeur', periods: ['2026-10'] }, { '2026-10': 1234.56 });
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
  assert.throws(() => fromSaveDocument({ format: 'mes-aides/reponses', version: 1, period: '2026-11', answers: { values: { 'bad key': {} } } }));
  assert.throws(() => fromSaveDocument({ format: 'mes-aides/reponses', version: 1, period: '2026-11', answers: { childCount: -1 } }));
});
