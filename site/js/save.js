// Saving and restoring the answers without a server: a JSON document that the user downloads, or the
// same document compressed (deflate-raw, base64url) after `#` in a link — the fragment is never sent
// to a server. Pure functions over plain data; compression uses the platform's CompressionStream
// (browsers and Node ≥ 18).

import { emptyAnswers, gateByName, incomeFamily, INCOME_FAMILIES, MAX_CHILDREN } from './questionnaire.js';
import { t } from './i18n.js';
import { parenthesized, personLabel, variableLabel } from './wording.js';

export const SAVE_FORMAT = 'mes-aides/reponses';
export const SAVE_VERSION = 1;
export const HASH_KEY = 'reprise';

export function toSaveDocument(state, today = new Date()) {
  return {
    format: SAVE_FORMAT,
    version: SAVE_VERSION,
    saved_on: today.toISOString().slice(0, 10),
    period: state.period,
    answers: state.answers,
  };
}

// A save that cannot be restored: `code` says what is wrong, `key` which answer ("variable@id", a
// structural answer's name, or a period), `value` what was found. Nothing of such a save is restored.
export class SaveError extends Error {
  constructor(code, { key = null, value = undefined } = {}) {
    super(`${code}${key ? ` (${key})` : ''}`);
    this.name = 'SaveError';
    this.code = code;
    this.key = key;
    this.value = value;
  }
}

const isObject = (x) => x !== null && typeof x === 'object' && !Array.isArray(x);
const isoDate = (s) =>
  typeof s === 'string' &&
  /^\d{4}-\d{2}-\d{2}$/.test(s) &&
  !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) &&
  new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;
const PERIOD = /^(\d{4}|\d{4}-(0[1-9]|1[0-2])|ETERNITY)$/;
export const MAX_AMOUNT = 10_000_000; // € per period: beyond, a typing error (the form has no such amounts)
const UNIONS = ['marie', 'pacse', 'union_libre'];

// Checks a parsed document as the form checks answers; returns {period, answers} or throws a SaveError.
// ctx: {catalog (Map name → input description), today (Date), maxChildren} — without a catalog only the
// shape is checked. The communes are checked by checkCommunes (they need the postal table).
export function fromSaveDocument(doc, { catalog = null, today = new Date(), maxChildren = MAX_CHILDREN } = {}) {
  if (!isObject(doc) || doc.format !== SAVE_FORMAT) throw new SaveError('format');
  if (doc.version !== SAVE_VERSION) throw new SaveError('version', { value: doc.version });
  const todayIso = today.toISOString().slice(0, 10);
  const maxPeriod = `${Number(todayIso.slice(0, 4)) + 2}-12`;
  if (
    typeof doc.period !== 'string' ||
    !/^\d{4}-(0[1-9]|1[0-2])$/.test(doc.period) ||
    doc.period < '2000-01' ||
    doc.period > maxPeriod
  ) {
    throw new SaveError('period', { value: doc.period });
  }
  const a = doc.answers;
  if (!isObject(a)) throw new SaveError('answers');
  const empty = emptyAnswers();
  for (const key of Object.keys(a)) if (!(key in empty)) throw new SaveError('unknown_field', { key });
  const answers = { ...empty, ...a };
  // every field of the same kind as in a new questionnaire (object, list, or a choice)
  for (const [key, value] of Object.entries(empty)) {
    if (isObject(value) && !isObject(answers[key])) throw new SaveError('field', { key });
    if (Array.isArray(value) && !Array.isArray(answers[key])) throw new SaveError('field', { key });
  }
  if (answers.couple !== null && typeof answers.couple !== 'boolean')
    throw new SaveError('choice', { key: 'couple', value: answers.couple });
  if (answers.union !== null && !UNIONS.includes(answers.union))
    throw new SaveError('choice', { key: 'union', value: answers.union });
  if (
    answers.childCount !== null &&
    !(Number.isInteger(answers.childCount) && answers.childCount >= 0 && answers.childCount <= maxChildren)
  ) {
    throw new SaveError('count', { key: 'childCount', value: answers.childCount });
  }
  if (answers.children.length > (answers.childCount ?? 0))
    throw new SaveError('count', { key: 'childCount', value: answers.children.length });
  answers.children.forEach((c, i) => {
    const key = `child:${i + 1}`;
    if (!isObject(c)) throw new SaveError('field', { key });
    if (c.prenom !== undefined && c.prenom !== null && (typeof c.prenom !== 'string' || c.prenom.length > 40))
      throw new SaveError('text', { key, value: c.prenom });
    if (c.date_naissance !== undefined && c.date_naissance !== null) checkDate(key, c.date_naissance, todayIso);
  });
  for (const [key, periods] of Object.entries(answers.values)) {
    const m = /^([a-z0-9_]+)@([a-z0-9_]+)$/i.exec(key);
    if (!m || !isObject(periods)) throw new SaveError('key', { key });
    const def = catalog?.get(m[1]);
    if (catalog && !def) throw new SaveError('unknown_variable', { key });
    for (const [period, value] of Object.entries(periods)) {
      if (!PERIOD.test(period) || (period !== 'ETERNITY' && period.slice(0, 4) < '1900'))
        throw new SaveError('period_of', { key, value: period });
      if (def)
        checkValue(key, def, value, todayIso, answers.skipped?.[`var:${key}`] || answers.skipped?.[`amount:${key}`]);
    }
  }
  // the kinds of income offered and chosen: families the questionnaire knows (or, without a catalogue, words)
  const families = catalog
    ? new Set([...INCOME_FAMILIES.map((f) => f.family), ...[...catalog.keys()].map(incomeFamily)])
    : null;
  for (const [id, inc] of Object.entries(answers.incomes)) {
    const key = `incomes:${id}`;
    if (!isObject(inc) || !Array.isArray(inc.offered ?? []) || !Array.isArray(inc.chosen ?? []))
      throw new SaveError('field', { key });
    for (const f of [...(inc.offered ?? []), ...(inc.chosen ?? [])]) {
      if (typeof f !== 'string' || (families && !families.has(f))) throw new SaveError('choice', { key, value: f });
    }
  }
  // the household's gates: a gate of GATES, answered « Oui », « Non » or « Je ne sais pas » (null)
  for (const [name, v] of Object.entries(answers.gates)) {
    const key = `gate:${name}`;
    if (!gateByName(name)) throw new SaveError('unknown_field', { key });
    if (v !== null && typeof v !== 'boolean') throw new SaveError('choice', { key, value: v });
  }
  for (const [key, v] of Object.entries(answers.skipped))
    if (typeof v !== 'boolean') throw new SaveError('field', { key });
  for (const [key, v] of Object.entries(answers.sameEachMonth))
    if (typeof v !== 'boolean') throw new SaveError('field', { key });
  for (const [key, c] of Object.entries(answers.communes)) {
    if (!isObject(c) || (c.postal !== undefined && !/^\d[\dAB]\d{3}$/.test(String(c.postal))))
      throw new SaveError('postal', { key, value: c?.postal });
  }
  return { period: doc.period, answers };
}

function checkDate(key, value, todayIso) {
  if (!isoDate(value)) throw new SaveError('date', { key, value });
  if (value > todayIso) throw new SaveError('date_future', { key, value });
  if (value < '1900-01-01') throw new SaveError('date_too_old', { key, value });
}

// A value against the rules' description of its variable (type, enum items, plausible range). A value
// the user skipped (« Je ne sais pas ») may be the rules' default as it is.
function checkValue(key, def, value, todayIso, skipped) {
  if (skipped && value === def.default) return;
  switch (def.type) {
    case 'boolean':
      if (typeof value !== 'boolean') throw new SaveError('type', { key, value });
      return;
    case 'money':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw new SaveError('type', { key, value });
      if (value < 0 || value > MAX_AMOUNT) throw new SaveError('range', { key, value });
      return;
    case 'number':
    case 'integer':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw new SaveError('type', { key, value });
      if (def.type === 'integer' && !Number.isInteger(value)) throw new SaveError('type', { key, value });
      if (Math.abs(value) > MAX_AMOUNT) throw new SaveError('range', { key, value });
      return;
    case 'date':
      checkDate(key, value, todayIso);
      return;
    case 'enum':
      if (!def.items?.some((i) => i.name === value)) throw new SaveError('choice', { key, value });
      return;
    default:
      if (typeof value !== 'string' || value.length > 100) throw new SaveError('type', { key, value });
      if (def.name === 'depcom' && !/^(\d[\dAB]\d{3})$/.test(value)) throw new SaveError('commune', { key, value });
  }
}

// Every commune answered must be a current commune: knownCommune(code) → Promise<boolean>.
export async function checkCommunes(answers, knownCommune) {
  for (const [key, periods] of Object.entries(answers.values)) {
    if (!key.startsWith('depcom@')) continue;
    for (const code of new Set(Object.values(periods))) {
      if (code === '' && answers.skipped?.[`var:${key}`]) continue;
      if (!(await knownCommune(code))) throw new SaveError('commune', { key, value: code });
    }
  }
}

// The whole check: shape, values, then communes (ctx.knownCommune).
export async function readSave(doc, ctx = {}) {
  const data = fromSaveDocument(doc, ctx);
  if (ctx.knownCommune) await checkCommunes(data.answers, ctx.knownCommune);
  return data;
}

export function toBase64Url(bytes) {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 1) bin += String.fromCharCode(bytes[i]);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64Url(text) {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4);
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i += 1) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

async function pipe(bytes, stream) {
  const out = new Blob([bytes]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

// The `#…` fragment holding a save document.
export async function toHash(doc) {
  const json = new TextEncoder().encode(JSON.stringify(doc));
  const packed = await pipe(json, new CompressionStream('deflate-raw'));
  return `#${HASH_KEY}=${toBase64Url(packed)}`;
}

// Reads a fragment made by toHash; null when the fragment holds no save; throws a SaveError when it is
// damaged or its answers do not pass the checks of readSave (ctx as there).
export async function fromHash(hash, ctx = {}) {
  const m = new RegExp(`^#?${HASH_KEY}=([A-Za-z0-9_-]*)$`).exec(hash ?? '');
  if (!m) return null;
  let doc;
  try {
    const bytes = await pipe(fromBase64Url(m[1]), new DecompressionStream('deflate-raw'));
    doc = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new SaveError('damaged');
  }
  return readSave(doc, ctx);
}

export function saveFileName(today = new Date()) {
  return `mes-aides-reponses-${today.toISOString().slice(0, 10)}.json`;
}

// The lines that tell the user what is wrong in a save, in their language: the answer (its question's
// words and whom it is about) and the problem.
export function describeSaveError(lang, error, { catalog, answers } = {}) {
  if (!(error instanceof SaveError)) return [t(lang, 'save.error.damaged')];
  const problem = t(lang, `save.error.${error.code}`, {
    value: error.value === undefined ? '' : JSON.stringify(error.value),
  });
  if (!error.key) return [problem];
  return [t(lang, 'save.error.answer', { answer: answerName(lang, error.key, catalog, answers), problem })];
}

function answerName(lang, key, catalog, answers) {
  if (['couple', 'union', 'childCount'].includes(key)) return t(lang, `q.${key}`);
  let m = /^gate:([a-z0-9_]+)$/i.exec(key);
  if (m && gateByName(m[1])) return t(lang, `gate.${m[1]}`);
  m = /^child:(\d+)$/.exec(key);
  if (m) return Number(m[1]) === 1 ? t(lang, 'q.child.first') : t(lang, 'q.child', { n: Number(m[1]) });
  m = /^incomes:([a-z0-9_]+)$/i.exec(key);
  if (m) return `${t(lang, 'save.error.incomes')} ${parenthesized(personLabel(lang, m[1], answers ?? emptyAnswers()))}`;
  m = /^(?:[a-z]+:)?([a-z0-9_]+)@([a-z0-9_]+)$/i.exec(key);
  if (m) {
    const def = catalog?.get(m[1]);
    const who = personLabel(lang, m[2], answers ?? emptyAnswers());
    return `${def ? variableLabel(lang, def) : m[1]} ${parenthesized(who)}`;
  }
  return key;
}
