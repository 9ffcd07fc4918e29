// Communes by postal code, from data/cp/ (built from @etalab/decoupage-administratif, current communes):
// one file per region, data/cp/r<region>.txt, each of its départements a line "#<département>" then a
// line per commune "name|n|postal codes" (n: the commune's number in the département, and each postal
// code, as the difference with the previous line's value: small numbers compress well), and
// data/cp/index.json: {departements, postal: {"13": ["13"], …}, files: {"13": "r93", …}} saying which
// départements have postal codes starting with two given digits, and each one's file (without `files`,
// a département's file is <département>.txt, its communes' lines only). A file is loaded when a postal
// code (or, for the recap, a commune) of one of its départements is needed. All from our own origin (and
// the service worker's cache).

const base = new URL('../data/cp/', import.meta.url);
const table = {}; // postal code → [[name, INSEE code]], every département loaded so far
const names = new Map(); // INSEE code → name, likewise
const files = new Map(); // file → Promise
let index = null;

function get(fetchImpl, name, json) {
  return fetchImpl(new URL(name, base)).then((r) => {
    if (!r.ok) throw new Error(`${name}: HTTP ${r.status}`);
    return json ? r.json() : r.text();
  });
}

// The communes of one département's file: [{name, code, postal: [codes]}].
export function decodeDepartement(dep, text) {
  const out = [];
  let n = 0;
  let postal = 0;
  for (const line of text.split('\n')) {
    if (!line) continue;
    const [name, dn, dp] = line.split('|');
    n += Number(dn);
    const codes = dp
      ? dp.split(',').map((d) => {
          postal += Number(d);
          return String(postal).padStart(5, '0');
        })
      : [];
    out.push({ name, code: `${dep}${String(n).padStart(5 - dep.length, '0')}`, postal: codes });
  }
  return out;
}

// The départements of a file: [[département, its lines]] ("#<département>" before each one's lines; a
// file without such lines is département `dep`'s alone).
export function splitFile(dep, text) {
  if (!text.startsWith('#')) return [[dep, text]];
  return text
    .split(/^#/m)
    .filter(Boolean)
    .map((block) => {
      const end = block.indexOf('\n');
      return end < 0 ? [block, ''] : [block.slice(0, end), block.slice(end + 1)];
    });
}

function loadDepartement(dep, idx, fetchImpl) {
  const file = idx.files?.[dep] ?? dep;
  if (!files.has(file)) {
    files.set(
      file,
      get(fetchImpl, `${file}.txt`, false)
        .then((text) => {
          const touched = new Set();
          for (const [d, lines] of splitFile(dep, text)) {
            for (const c of decodeDepartement(d, lines)) {
              names.set(c.code, c.name);
              for (const p of c.postal) {
                table[p] ??= [];
                table[p].push([c.name, c.code]);
                touched.add(p);
              }
            }
          }
          for (const p of touched) table[p].sort((a, b) => a[0].localeCompare(b[0], 'fr'));
          return table;
        })
        .catch((e) => {
          files.delete(file);
          throw e;
        }),
    );
  }
  return files.get(file);
}

function loadIndex(fetchImpl) {
  index ??= get(fetchImpl, 'index.json', true).catch((e) => {
    index = null;
    throw e;
  });
  return index;
}

// The table with the communes of `postal` loaded (without a postal code: every département).
export async function loadPostalCodes(postal = null, fetchImpl = fetch) {
  const idx = await loadIndex(fetchImpl);
  const deps =
    postal !== null && isPostalCode(postal) ? (idx.postal[String(postal).trim().slice(0, 2)] ?? []) : idx.departements;
  await Promise.all(deps.map((d) => loadDepartement(d, idx, fetchImpl)));
  return table;
}

export function isPostalCode(text) {
  return /^\d[\dAB]\d{3}$/.test(String(text ?? '').trim());
}

// [{name, code}] for a postal code, from a loaded table.
export function communesFor(codes, postal) {
  return (codes?.[String(postal).trim()] ?? []).map(([name, code]) => ({ name, code }));
}

// Name of a commune from its INSEE code (for the recap), from a loaded table, or null.
export function communeName(codes, insee) {
  if (!codes) return null;
  for (const list of Object.values(codes)) for (const [name, code] of list) if (code === insee) return name;
  return null;
}

// The département part of an INSEE code (2A, 75, 974…).
export function departementOf(insee) {
  return /^9[78]/.test(insee) ? insee.slice(0, 3) : insee.slice(0, 2);
}

// Name of a current commune from its INSEE code, loading only its département's file; null if none.
export async function communeNameOf(insee, fetchImpl = fetch) {
  if (typeof insee !== 'string' || !/^\d[\dAB]\d{3}$/.test(insee)) return null;
  const idx = await loadIndex(fetchImpl);
  const dep = departementOf(insee);
  if (!idx.departements.includes(dep)) return null;
  await loadDepartement(dep, idx, fetchImpl);
  return names.get(insee) ?? null;
}

export async function isKnownCommune(insee, fetchImpl = fetch) {
  return (await communeNameOf(insee, fetchImpl)) !== null;
}
