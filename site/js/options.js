// Options of the page, read from its URL (set by a partner's embed.js or a link):
//   ?embed=1                  inside a partner's iframe: compact layout, height sent to the parent
//   ?couleur=%23RRGGBB        main colour (kept only if white text on it is readable, WCAG AA 4.5:1)
//   ?debut=accueil|questionnaire   start page
//   ?aides=af,rsa             only these benefits (their questions and results)
//   ?periode=2026-11          month of the simulation (default: the current month)
//   ?lang=en                  interface language
//   ?parent=https://host      the origin of the page embedding us (set by embed.js; messages are posted to
//                             it only: the browser drops them if the parent is in fact another origin)
//   ?resultats=https://host   the origin a partner declared to receive the results summary, once the
//                             user agrees (see views/share.js)
// and from its fragment: #reprise=… (a saved simulation, see save.js) or #prefill=… (base64url JSON
// of partial answers, from a partner). Pure.

export function parseOptions(search) {
  const q = new URLSearchParams(search);
  const options = {
    embed: q.get('embed') === '1',
    color: null,
    start: 'accueil',
    benefits: null,
    period: null,
    lang: null,
    parent: null,
    results: null,
  };
  const color = q.get('couleur') ?? q.get('color');
  if (color && /^#[0-9a-fA-F]{6}$/.test(color) && contrastRatio(color, '#ffffff') >= 4.5)
    options.color = color.toLowerCase();
  const start = q.get('debut') ?? q.get('start');
  if (start === 'questionnaire' || start === 'accueil') options.start = start;
  const benefits = q.get('aides') ?? q.get('benefits');
  if (benefits) {
    const list = benefits
      .split(',')
      .map((s) => s.trim())
      .filter((s) => /^[a-z0-9_]+$/.test(s));
    if (list.length) options.benefits = list;
  }
  const period = q.get('periode') ?? q.get('period');
  if (period && /^\d{4}-(0[1-9]|1[0-2])$/.test(period)) options.period = period;
  const lang = q.get('lang');
  if (lang === 'fr' || lang === 'en') options.lang = lang;
  options.parent = parseOrigin(q.get('parent'));
  options.results = parseOrigin(q.get('resultats') ?? q.get('results'));
  return options;
}

// "https://partner.example" (or http: for a local host) → that origin; anything else (a path, a
// wildcard, another scheme) → null.
export function parseOrigin(text) {
  if (!text || !/^https?:\/\/[^/?#\s*]+\/?$/.test(text)) return null;
  try {
    const origin = new URL(text).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

function luminance(hex) {
  const c = [1, 3, 5]
    .map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
    .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
}

export function contrastRatio(a, b) {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

// #prefill=<base64url of JSON answers>: partial answers from a partner, validated field by field.
export function parsePrefill(hash) {
  const m = /^#?prefill=([A-Za-z0-9_-]+)$/.exec(hash ?? '');
  if (!m) return null;
  let data;
  try {
    const b64 = m[1].replace(/-/g, '+').replace(/_/g, '/');
    data = JSON.parse(
      new TextDecoder().decode(Uint8Array.from(atob(b64 + '==='.slice((b64.length + 3) % 4)), (c) => c.charCodeAt(0))),
    );
  } catch {
    return null;
  }
  if (!data || typeof data !== 'object') return null;
  const out = {};
  if (typeof data.couple === 'boolean') out.couple = data.couple;
  if (['marie', 'pacse', 'union_libre'].includes(data.union)) out.union = data.union;
  if (Number.isInteger(data.childCount) && data.childCount >= 0 && data.childCount <= 12)
    out.childCount = data.childCount;
  if (data.gates && typeof data.gates === 'object') {
    out.gates = {};
    // the names are checked against the questionnaire's gates by the page (GATES)
    for (const [k, v] of Object.entries(data.gates))
      if (/^[a-z0-9_]+$/.test(k) && typeof v === 'boolean') out.gates[k] = v;
  }
  if (data.values && typeof data.values === 'object') {
    out.values = {};
    for (const [k, v] of Object.entries(data.values)) {
      if (/^[a-z0-9_]+@[a-z0-9_]+$/.test(k) && v && typeof v === 'object') out.values[k] = v;
    }
  }
  return out;
}
