// The postal-code table split by region (or by département) and loaded on demand (site/js/communes.js),
// and the build's files (build/site/data/cp/, when built) read back to the communes they come from.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import {
  loadPostalCodes,
  communeNameOf,
  isKnownCommune,
  communesFor,
  decodeDepartement,
  departementOf,
  splitFile,
} from '../../site/js/communes.js';

// Ajaccio 2A004 (20000, 20090), Albitreccia 2A008 (20128); Marseille 13055 (13001, 13002);
// Saint-Denis 97411 (97400, 97490).
const FILES = {
  'index.json': { departements: ['13', '2A', '974'], postal: { 13: ['13'], 20: ['2A'], 97: ['974'] } },
  '2A.txt': 'Ajaccio|4|20000,90\nAlbitreccia|4|38\n',
  '13.txt': 'Marseille|55|13001,1\n',
  '974.txt': 'Saint-Denis|11|97400,90\n',
};

function fakeFetch(asked) {
  return async (url) => {
    const name = String(url).split('/').pop();
    asked.push(name);
    if (!(name in FILES)) return { ok: false, status: 404 };
    const body = FILES[name];
    return { ok: true, json: async () => JSON.parse(JSON.stringify(body)), text: async () => body };
  };
}

test('a département file reads back as its communes, codes and postal codes', () => {
  assert.deepEqual(decodeDepartement('2A', FILES['2A.txt']), [
    { name: 'Ajaccio', code: '2A004', postal: ['20000', '20090'] },
    { name: 'Albitreccia', code: '2A008', postal: ['20128'] },
  ]);
  assert.deepEqual(decodeDepartement('974', FILES['974.txt'])[0].code, '97411');
});

test('a postal code loads only the départements that have codes starting like it', async () => {
  const asked = [];
  const table = await loadPostalCodes('13002', fakeFetch(asked));
  assert.deepEqual(communesFor(table, '13002'), [{ name: 'Marseille', code: '13055' }]);
  assert.deepEqual(
    asked.filter((n) => n !== 'index.json'),
    ['13.txt'],
  );
});

test('a commune is named from its département only, and unknown codes are not communes', async () => {
  const asked = [];
  assert.equal(await communeNameOf('2A008', fakeFetch(asked)), 'Albitreccia');
  assert.ok(asked.includes('2A.txt') && !asked.includes('974.txt'));
  assert.equal(departementOf('97411'), '974');
  assert.equal(await isKnownCommune('97411', fakeFetch([])), true);
  assert.equal(await isKnownCommune('13999', fakeFetch([])), false);
  assert.equal(await isKnownCommune('Paris', fakeFetch([])), false);
});

test('a region file: each département after its « # » line, fetched once for all of them', async () => {
  const REGION = {
    'index.json': {
      departements: ['2A', '2B'],
      postal: { 20: ['2A', '2B'] },
      files: { '2A': 'r94', '2B': 'r94' },
    },
    'r94.txt': '#2A\nAjaccio|4|20000,90\nAlbitreccia|4|38\n#2B\nBastia|33|20200\n',
  };
  assert.deepEqual(
    splitFile('2A', REGION['r94.txt']).map(([d]) => d),
    ['2A', '2B'],
  );
  const asked = [];
  const fetchRegion = async (url) => {
    const name = String(url).split('/').pop();
    asked.push(name);
    const body = REGION[name];
    if (body === undefined) return { ok: false, status: 404 };
    return { ok: true, json: async () => JSON.parse(JSON.stringify(body)), text: async () => body };
  };
  // (A fresh module: the one above keeps the départements it loaded.)
  const fresh = await import(`../../site/js/communes.js?region=${Date.now()}`);
  const table = await fresh.loadPostalCodes('20200', fetchRegion);
  assert.deepEqual(fresh.communesFor(table, '20200'), [{ name: 'Bastia', code: '2B033' }]);
  assert.deepEqual(fresh.communesFor(table, '20090'), [{ name: 'Ajaccio', code: '2A004' }]);
  assert.equal(await fresh.communeNameOf('2A008', fetchRegion), 'Albitreccia');
  assert.deepEqual(
    asked.filter((n) => n !== 'index.json'),
    ['r94.txt'],
  );
});

const built = new URL('../../build/site/data/cp/', import.meta.url);
const source = new URL('../../node_modules/@etalab/decoupage-administratif/data/communes.json', import.meta.url);
test('the built files give back every current commune with its postal codes (when the site is built)', {
  skip: (!existsSync(new URL('index.json', built)) || !existsSync(source)) && 'build/site not built',
}, () => {
  const index = JSON.parse(readFileSync(new URL('index.json', built), 'utf8'));
  const decoded = new Map();
  assert.deepEqual(Object.keys(index.files).sort(), [...index.departements].sort());
  for (const file of new Set(Object.values(index.files))) {
    for (const [dep, lines] of splitFile(null, readFileSync(new URL(`${file}.txt`, built), 'utf8'))) {
      assert.equal(index.files[dep], file, `${dep} in ${file}.txt`);
      for (const c of decodeDepartement(dep, lines)) decoded.set(c.code, c);
    }
  }
  const communes = JSON.parse(readFileSync(source, 'utf8')).filter((c) => c.type === 'commune-actuelle');
  assert.equal(decoded.size, communes.length);
  for (const c of communes) {
    const d = decoded.get(c.code);
    assert.ok(d, c.code);
    assert.equal(d.name, c.nom);
    assert.deepEqual(d.postal, c.codesPostaux ?? []);
    for (const p of d.postal)
      assert.ok(index.postal[p.slice(0, 2)].includes(departementOf(c.code)), `${p} → ${c.code}`);
  }
});
