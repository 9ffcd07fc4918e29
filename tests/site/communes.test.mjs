// The postal-code table split by first two characters, loaded on demand (site/js/communes.js), and the
// build's split (build/site/data/cp/, when built) agreeing with it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { loadPostalCodes, communeNameOf, isKnownCommune, communesFor, departementOf } from '../../site/js/communes.js';

const FILES = {
  'index.json': { chunks: ['20', '75', '97'], departements: { '2A': ['20'], 75: ['75'], 974: ['97'] } },
  '20.json': { codes: { 20000: [['Ajaccio', '2A004']] } },
  '75.json': { codes: { 75011: [['Paris', '75056']] } },
  '97.json': { codes: { 97400: [['Saint-Denis', '97411']] } },
};

function fakeFetch(asked) {
  return async (url) => {
    const name = String(url).split('/').pop();
    asked.push(name);
    if (!(name in FILES)) return { ok: false, status: 404 };
    return { ok: true, json: async () => JSON.parse(JSON.stringify(FILES[name])) };
  };
}

test('a postal code loads only the file of its first two characters', async () => {
  const asked = [];
  const table = await loadPostalCodes('75011', fakeFetch(asked));
  assert.deepEqual(communesFor(table, '75011'), [{ name: 'Paris', code: '75056' }]);
  assert.deepEqual(asked, ['75.json']);
});

test('a commune is named from the files of its département only, and unknown codes are not communes', async () => {
  const asked = [];
  assert.equal(await communeNameOf('2A004', fakeFetch(asked)), 'Ajaccio');
  assert.ok(asked.includes('20.json') && !asked.includes('97.json'));
  assert.equal(departementOf('97411'), '974');
  assert.equal(await isKnownCommune('97411', fakeFetch([])), true);
  assert.equal(await isKnownCommune('75999', fakeFetch([])), false);
  assert.equal(await isKnownCommune('Paris', fakeFetch([])), false);
});

const built = new URL('../../build/site/data/cp/', import.meta.url);
test('the built split covers every file its index names (when the site is built)', { skip: !existsSync(new URL('index.json', built)) && 'build/site not built' }, () => {
  const index = JSON.parse(readFileSync(new URL('index.json', built), 'utf8'));
  assert.ok(index.chunks.length > 50);
  for (const c of index.chunks) {
    const { codes } = JSON.parse(readFileSync(new URL(`${c}.json`, built), 'utf8'));
    for (const postal of Object.keys(codes)) assert.equal(postal.slice(0, 2), c);
  }
  for (const files of Object.values(index.departements)) for (const c of files) assert.ok(index.chunks.includes(c));
  const paris = JSON.parse(readFileSync(new URL('75.json', built), 'utf8')).codes['75011'];
  assert.ok(paris.some(([, code]) => code === '75056'));
});
