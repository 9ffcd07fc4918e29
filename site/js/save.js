// Saving and restoring the answers without a server: a JSON document that the user downloads, or the
// same document compressed (deflate-raw, base64url) after `#` in a link — the fragment is never sent
// to a server. Pure functions over plain data; compression uses the platform's CompressionStream
// (browsers and Node ≥ 18).

import { emptyAnswers } from './questionnaire.js';

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

// Validates a parsed document; returns {period, answers} or throws an Error with a short reason.
export function fromSaveDocument(doc) {
  if (!doc || typeof doc !== 'object' || doc.format !== SAVE_FORMAT) throw new Error('not a Mes Aides save');
  if (doc.version !== SAVE_VERSION) throw new Error(`unsupported version ${doc.version}`);
  if (typeof doc.period !== 'string' || !/^\d{4}-\d{2}$/.test(doc.period)) throw new Error('bad period');
  const a = doc.answers;
  if (!a || typeof a !== 'object') throw new Error('no answers');
  const answers = { ...emptyAnswers(), ...a };
  if (typeof answers.values !== 'object' || Array.isArray(answers.values)) throw new Error('bad values');
  if (typeof answers.incomes !== 'object' || Array.isArray(answers.incomes)) throw new Error('bad incomes');
  if (!Array.isArray(answers.children)) throw new Error('bad children');
  if (answers.childCount !== null && !(Number.isInteger(answers.childCount) && answers.childCount >= 0 && answers.childCount <= 20)) {
    throw new Error('bad childCount');
  }
  for (const [key, periods] of Object.entries(answers.values)) {
    if (!/^[a-z0-9_]+@[a-z0-9_]+$/i.test(key) || typeof periods !== 'object' || periods === null) throw new Error(`bad value ${key}`);
  }
  return { period: doc.period, answers };
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

// Reads a fragment made by toHash; null when the fragment holds no save; throws when it is damaged.
export async function fromHash(hash) {
  const m = new RegExp(`^#?${HASH_KEY}=([A-Za-z0-9_-]+)$`).exec(hash ?? '');
  if (!m) return null;
  const bytes = await pipe(fromBase64Url(m[1]), new DecompressionStream('deflate-raw'));
  return fromSaveDocument(JSON.parse(new TextDecoder().decode(bytes)));
}

export function saveFileName(today = new Date()) {
  return `mes-aides-reponses-${today.toISOString().slice(0, 10)}.json`;
}
