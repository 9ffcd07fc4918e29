// Communes by postal code, from data/codes-postaux.json (built from @etalab/decoupage-administratif):
// {"codes": {"75011": [["Paris", "75056"]], …}}. Loaded once, from our own origin (and the cache).

let table = null;
let loading = null;

export function loadPostalCodes(fetchImpl = fetch) {
  if (table) return Promise.resolve(table);
  loading ??= fetchImpl(new URL('../data/codes-postaux.json', import.meta.url))
    .then((r) => {
      if (!r.ok) throw new Error(`codes-postaux.json: HTTP ${r.status}`);
      return r.json();
    })
    .then((data) => {
      table = data.codes;
      return table;
    })
    .catch((e) => {
      loading = null;
      throw e;
    });
  return loading;
}

export function isPostalCode(text) {
  return /^\d[\dAB]\d{3}$/.test(String(text ?? '').trim());
}

// [{name, code}] for a postal code, from a loaded table.
export function communesFor(codes, postal) {
  return (codes?.[String(postal).trim()] ?? []).map(([name, code]) => ({ name, code }));
}

// Name of a commune from its INSEE code (for the recap), or null.
export function communeName(codes, insee) {
  if (!codes) return null;
  for (const list of Object.values(codes)) for (const [name, code] of list) if (code === insee) return name;
  return null;
}
