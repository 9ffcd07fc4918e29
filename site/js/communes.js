// Communes by postal code, from data/cp/ (built from @etalab/decoupage-administratif): one file per
// first two characters of the postal code, data/cp/75.json = {"codes": {"75011": [["Paris", "75056"]], …}},
// loaded when a postal code of that range is typed; data/cp/index.json says, for each département of an
// INSEE code, which files hold its communes (for the recap's names and the check of a saved commune).
// All from our own origin (and the service worker's cache).

const base = new URL('../data/cp/', import.meta.url);
const table = {}; // every postal code loaded so far
const chunks = new Map(); // file name → Promise
let index = null;

function getJson(fetchImpl, name) {
  return fetchImpl(new URL(name, base)).then((r) => {
    if (!r.ok) throw new Error(`${name}: HTTP ${r.status}`);
    return r.json();
  });
}

export function chunkOf(postal) {
  return String(postal).trim().slice(0, 2);
}

function loadChunk(name, fetchImpl) {
  if (!chunks.has(name)) {
    chunks.set(name, getJson(fetchImpl, `${name}.json`).then((data) => {
      Object.assign(table, data.codes);
      return table;
    }).catch((e) => {
      chunks.delete(name);
      throw e;
    }));
  }
  return chunks.get(name);
}

function loadIndex(fetchImpl) {
  index ??= getJson(fetchImpl, 'index.json').catch((e) => {
    index = null;
    throw e;
  });
  return index;
}

// The table with the communes of `postal` loaded (without a postal code: every file).
export async function loadPostalCodes(postal = null, fetchImpl = fetch) {
  if (postal !== null && isPostalCode(postal)) return loadChunk(chunkOf(postal), fetchImpl);
  const { chunks: all } = await loadIndex(fetchImpl);
  await Promise.all(all.map((c) => loadChunk(c, fetchImpl)));
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
  return /^97/.test(insee) ? insee.slice(0, 3) : insee.slice(0, 2);
}

// Name of a current commune from its INSEE code, loading only the files of its département; null if none.
export async function communeNameOf(insee, fetchImpl = fetch) {
  if (typeof insee !== 'string' || !/^\d[\dAB]\d{3}$/.test(insee)) return null;
  const { departements } = await loadIndex(fetchImpl);
  const files = departements[departementOf(insee)] ?? [];
  await Promise.all(files.map((c) => loadChunk(c, fetchImpl)));
  return communeName(table, insee);
}

export async function isKnownCommune(insee, fetchImpl = fetch) {
  return (await communeNameOf(insee, fetchImpl)) !== null;
}
