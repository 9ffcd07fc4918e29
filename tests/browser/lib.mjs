// Helpers of the browser tests: a static server for build/site on 127.0.0.1 (it records every request
// it serves), Chromium through playwright-core, and a driver that answers the questionnaire through the
// UI the way a person would, from a journey's answers.
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';

export const ROOT = resolve(new URL('../..', import.meta.url).pathname);
export const SITE = join(ROOT, 'build/site');
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const CLI = process.env.MESAIDES_CLI ?? join(ROOT, 'build/native/mesaides');

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css',
  '.json': 'application/json', '.wasm': 'application/wasm', '.svg': 'image/svg+xml', '.woff2': 'font/woff2',
  '.woff': 'font/woff', '.webmanifest': 'application/manifest+json', '.png': 'image/png', '.md': 'text/plain; charset=utf-8',
};

// Serves `dir` on 127.0.0.1 (a free port). `extra`: {path → html} pages served besides the files.
export function startServer(dir = SITE, extra = {}) {
  const served = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    served.push(url.pathname);
    if (extra[url.pathname]) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(extra[url.pathname]);
      return;
    }
    let path = normalize(join(dir, decodeURIComponent(url.pathname)));
    if (!path.startsWith(dir + sep) && path !== dir) {
      res.writeHead(403).end();
      return;
    }
    try {
      if (statSync(path).isDirectory()) path = join(path, 'index.html');
      const body = readFileSync(path);
      res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => {
    const { port } = server.address();
    let closed = false;
    const close = () => new Promise((done) => {
      if (closed) return done();
      closed = true;
      server.closeAllConnections?.();
      server.close(() => done());
    });
    ok({ url: `http://127.0.0.1:${port}/`, port, served, close });
  }));
}

// Browsers still open (closed after each test, even one that timed out) and on SIGTERM/SIGINT.
const open = new Set();
export async function closeAll() {
  for (const b of [...open]) await b.close().catch(() => {});
}
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    closeAll().finally(() => process.exit(128 + (signal === 'SIGTERM' ? 15 : 2)));
    setTimeout(() => process.exit(1), 5000).unref();
  });
}

// A fresh Chromium profile each time (service worker, caches and all).
export async function launch({ viewport = { width: 1280, height: 900 }, ...options } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'mesaides-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
    viewport,
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
    acceptDownloads: true,
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    ...options,
  });
  const page = context.pages()[0] ?? await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  const browser = {
    context, page, errors, profile,
    close: async () => {
      open.delete(browser);
      await context.close().catch(() => {});
      try {
        rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
      } catch { /* a temporary directory: left to the system */ }
    },
  };
  open.add(browser);
  return browser;
}

// ----------------------------------------------------------------------------------- journeys

// A journey: the answers of one household. Questions the journey does not name get a default: "non"
// for yes/no, the first choice of a list, 0 for an amount of a kind of income not received. So a
// journey still completes when new rules add questions.
//   couple: bool; union; children: [{prenom, date}]
//   values: {"variable@id": value}     (dates as YYYY-MM-DD, enums by item name, booleans)
//   postal, commune: the postal code typed and the INSEE code picked
//   incomes: {id: {family: {variable: monthly amount, …}}}   kinds received and their amounts
export function answerFor(journey, question) {
  const { key, kind } = question;
  if (key === 'couple') return journey.couple;
  if (key === 'union') return journey.union ?? 'marie';
  if (key === 'childCount') return journey.children.length;
  if (kind === 'child') {
    const i = Number(key.split(':')[1]) - 1;
    return journey.children[i];
  }
  const m = /^(?:var|amount|incomes):(?:([a-z0-9_]+)@)?([a-z0-9_]+)$/.exec(key);
  const variable = m?.[1];
  const id = m?.[2];
  if (kind === 'incomes') return Object.keys(journey.incomes?.[id] ?? {});
  if (kind === 'amounts') {
    for (const amounts of Object.values(journey.incomes?.[id] ?? {})) if (variable in amounts) return amounts[variable];
    return journey.values?.[`${variable}@${id}`] ?? 0;
  }
  const value = journey.values?.[`${variable}@${id}`];
  if (kind === 'commune') return { postal: journey.postal, commune: journey.commune };
  if (value !== undefined) return value;
  if (kind === 'boolean') return false;
  if (kind === 'date') return undefined; // "je ne sais pas / pas concerné" (or 1980-01-01 for a birth date)
  if (kind === 'enum') return null; // first choice
  return 0;
}

export async function currentQuestion(page) {
  const form = page.locator('form.ma-question');
  if (!(await form.count())) return null;
  return { key: await form.getAttribute('data-question'), kind: await form.getAttribute('data-kind') };
}

async function pickRadio(page, value) {
  if (value === null) return page.locator('form.ma-question input[type=radio]').first().evaluate((el) => el.labels[0].click());
  const id = await page.locator(`form.ma-question input[type=radio][value="${String(value)}"]`).getAttribute('id');
  return page.click(`label[for="${id}"]`);
}

async function fillDate(page, prefix, iso) {
  const [y, m, d] = iso.split('-');
  await page.fill(`#${prefix}-day`, String(Number(d)));
  await page.fill(`#${prefix}-month`, String(Number(m)));
  await page.fill(`#${prefix}-year`, y);
}

const frMoney = (n) => String(n).replace('.', ',');

// Answers the question on screen with the mouse and the keyboard's typing (fill).
export async function answerWithMouse(page, journey, question) {
  const value = answerFor(journey, question);
  switch (question.kind) {
    case 'couple': case 'boolean': await pickRadio(page, Boolean(value)); break;
    case 'union': case 'enum': await pickRadio(page, value); break;
    case 'childCount': await page.fill('#answer', String(value)); break;
    case 'child': await page.fill('#prenom', value.prenom ?? ''); await fillDate(page, 'birth', value.date); break;
    case 'date':
      if (value === undefined && await page.locator('#skip').count()) return 'skip';
      await fillDate(page, (await page.locator('#birth-self-day').count()) ? 'birth-self' : 'birth', value ?? '1980-01-01');
      break;
    case 'commune':
      await page.fill('#postal', value.postal);
      await page.waitForSelector(`#commune option[value="${value.commune}"]`, { state: 'attached' });
      await page.selectOption('#commune', value.commune);
      break;
    case 'incomes':
      for (const family of value) {
        const box = page.locator(`input[name=family][value="${family}"]`);
        if (await box.count()) await page.click(`label[for="${await box.getAttribute('id')}"]`);
      }
      break;
    case 'amounts':
      for (const input of await page.locator('form.ma-question input[id^="amount-"]').all()) {
        if (await input.isVisible()) await input.fill(frMoney(value));
      }
      break;
    default:
      await page.fill('#answer', typeof value === 'number' ? frMoney(value) : String(value));
  }
}

// Clicks "Continuer" (or "Je ne sais pas") and waits for the next screen.
export async function submit(page, key, button = '#continue') {
  await page.click(button);
  await page.waitForFunction((k) => {
    const app = document.getElementById('app');
    if (app.getAttribute('aria-busy') === 'true') return false;
    const f = document.querySelector('form.ma-question');
    return !f || f.dataset.question !== k || document.querySelector('.fr-message--error');
  }, key, { timeout: 20000 });
  const errors = await page.locator('form.ma-question .fr-message--error').allTextContents();
  if (errors.length) throw new Error(`answer refused on ${key}: ${errors.join(' ')}`);
}

// Runs a journey from the home page to the recap. `onScreen(question)` is called on each question.
export async function runQuestionnaire(page, journey, { onScreen } = {}) {
  await page.click('#start');
  await page.waitForSelector('form.ma-question, .ma-recap, [data-screen="recap"]');
  const asked = [];
  for (let i = 0; i < 200; i += 1) {
    const q = await currentQuestion(page);
    if (!q) break;
    asked.push(q.key);
    if (process.env.MESAIDES_DEBUG) console.log(`  ${new Date().toISOString().slice(11, 19)} ${q.key}`);
    if (onScreen) await onScreen(q);
    const how = await answerWithMouse(page, journey, q);
    await submit(page, q.key, how === 'skip' ? '#skip' : '#continue');
  }
  await page.waitForSelector('#see-results');
  return asked;
}

export async function showResults(page) {
  await page.click('#see-results');
  await page.waitForSelector('.ma-results');
}

// What the results page shows: [{name, id, amount (number|null)}], the situation and period.
export async function shownResults(page) {
  const cards = await page.locator('article.ma-benefit').evaluateAll((els) => els.map((el) => {
    const amount = el.querySelector('.ma-amount');
    return { name: el.dataset.benefit, id: el.dataset.entityId, ids: el.dataset.entityIds.split(' '), amount: amount ? Number(amount.dataset.amount) : null, text: amount?.textContent ?? null };
  }));
  const situation = JSON.parse(await page.locator('#situation-json').textContent());
  const period = await page.locator('#situation-json').getAttribute('data-period');
  const total = Number(await page.locator('.ma-total__amount').getAttribute('data-amount'));
  return { cards, situation, period, total };
}

// The native CLI on the same situation.
export function nativeBenefits(situation, period) {
  const dir = mkdtempSync(join(tmpdir(), 'mesaides-situation-'));
  const file = join(dir, 'situation.json');
  writeFileSync(file, JSON.stringify(situation));
  try {
    const out = execFileSync(CLI, ['compute', '--period', period, '--benefits', '--json', file], { encoding: 'utf8' });
    const result = JSON.parse(out);
    if (!result.ok) throw new Error(`native CLI: ${result.error?.message}`);
    return result.benefits;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// The amounts shown equal the native ones: every positive amount paid is shown with its value (and
// written the French way), every other benefit is shown without an amount.
export function compareWithNative(shown, native) {
  const problems = [];
  const fr = (n) => new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR', minimumFractionDigits: 2 }).format(n).replace(/\u202f|\u00a0/g, ' ');
  const used = new Set();
  for (const b of native) {
    const positive = b.eligible && typeof b.amount === 'number' && b.amount > 0;
    // a benefit not paid is one card for all the people it was computed for
    const card = shown.cards.find((c) => c.name === b.name && (positive ? c.id === b.id && c.amount !== null : c.amount === null && c.ids.includes(b.id)));
    if (!card) { problems.push(`${b.name}/${b.id}: not shown${positive ? ` with its amount ${b.amount}` : ' as not paid'}`); continue; }
    used.add(card);
    if (positive && card.amount !== b.amount) problems.push(`${b.name}/${b.id}: shown ${card.amount}, native ${b.amount}`);
    if (positive && card.text?.replace(/\u202f|\u00a0/g, ' ') !== fr(b.amount)) problems.push(`${b.name}/${b.id}: text "${card.text}" for ${b.amount}`);
    if (!positive && card.amount !== null) problems.push(`${b.name}/${b.id}: shown ${card.amount}, native not paid (${b.amount}, eligible ${b.eligible})`);
  }
  if (used.size !== shown.cards.length) problems.push(`${shown.cards.length - used.size} card(s) shown for nothing computed`);
  const month = native.filter((b) => b.eligible && b.periodicity !== 'year' && typeof b.amount === 'number').reduce((s, b) => s + b.amount, 0);
  if (Math.abs(month - shown.total) > 0.005) problems.push(`total shown ${shown.total}, native ${month}`);
  return problems;
}
