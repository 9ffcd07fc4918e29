// Helpers of the browser tests: a static server for build/site on 127.0.0.1 (it records every request
// it serves), Chromium through playwright-core, and a driver that answers the questionnaire through the
// UI the way a person would, from a journey's answers.
import { createServer } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { incomeFamily } from '../../site/js/questionnaire.js';

export const ROOT = resolve(new URL('../..', import.meta.url).pathname);
export const SITE = join(ROOT, 'build/site');
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const CLI = process.env.MESAIDES_CLI ?? join(ROOT, 'build/native/mesaides');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.webmanifest': 'application/manifest+json',
  '.png': 'image/png',
  '.md': 'text/plain; charset=utf-8',
};

// Serves `dir` on 127.0.0.1 (a free port). `extra`: {path → html} pages served besides the files;
// `stall`: paths whose requests are never answered (a network that hangs); `delay`: {path → ms}
// answered that much later (a slow one).
export function startServer(dir = SITE, extra = {}, { stall = [], delay = {} } = {}) {
  const served = [];
  const encodings = new Map(); // path → the precompressed form sent (its last request's)
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    served.push(url.pathname);
    if (stall.includes(url.pathname)) return; // left open until the server closes
    if (delay[url.pathname]) {
      setTimeout(() => answer(req, res, url), delay[url.pathname]);
      return;
    }
    answer(req, res, url);
  });
  function answer(req, res, url) {
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
      // As ci/serve_static.py: the build's precompressed form the browser accepts (brotli first), so
      // that the journeys run on what a host sends.
      const accepted = (req.headers['accept-encoding'] ?? '').split(',').map((e) => e.split(';')[0].trim());
      const encoding = [
        ['br', '.br'],
        ['gzip', '.gz'],
      ].find(([name, suffix]) => accepted.includes(name) && existsSync(path + suffix));
      const body = readFileSync(encoding ? path + encoding[1] : path);
      res.writeHead(200, {
        'content-type': TYPES[extname(path)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
        vary: 'Accept-Encoding',
        ...(encoding ? { 'content-encoding': encoding[0] } : {}),
      });
      if (encoding) encodings.set(url.pathname, encoding[0]);
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  }
  return new Promise((ok) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      let closed = false;
      const close = () =>
        new Promise((done) => {
          if (closed) return done();
          closed = true;
          server.closeAllConnections?.();
          server.close(() => done());
        });
      ok({ url: `http://127.0.0.1:${port}/`, port, served, encodings, close });
    }),
  );
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
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-dev-shm-usage',
    ],
    viewport,
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
    acceptDownloads: true,
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    ...options,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  const browser = {
    context,
    page,
    errors,
    profile,
    close: async () => {
      open.delete(browser);
      await context.close().catch(() => {});
      try {
        rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
      } catch {
        /* a temporary directory: left to the system */
      }
    },
  };
  open.add(browser);
  return browser;
}

// ----------------------------------------------------------------------------------- journeys

// A journey: what a person answers, keyed by the question it answers (`data-question` of the form):
//   couple, union, childCount: as typed; 'child:N': {prenom, date};
//   'var:<variable>@<id>': a date (YYYY-MM-DD), an enum item, a boolean, a number, or for the commune
//       {postal, commune} (the postal code typed and the INSEE code picked);
//   'gate:<name>': the household's answer to a gate (GATES in site/js/questionnaire.js), true or false;
//   'incomes:<id>': the kinds of income received (['salaire', …]);
//   'amount:<variable>@<id>': the amounts, {'2025-05..2025-12': 1661.9, '2026-01': 0, '2024': 20522.02}
//       (months or ranges of months: the monthly amount; a year: that year's total).
// A question the journey holds no answer for is answered « Je ne sais pas » (the rules' default, as in
// a reference case that does not give that input); a question without that button fails the journey.
export function expandAmounts(table) {
  const out = {};
  for (const [range, value] of Object.entries(table)) {
    const m = /^(\d{4})-(\d{2})(?:\.\.(\d{4})-(\d{2}))?$/.exec(range);
    if (!m) {
      out[range] = value;
      continue;
    }
    let k = Number(m[1]) * 12 + Number(m[2]) - 1;
    const end = m[3] ? Number(m[3]) * 12 + Number(m[4]) - 1 : k;
    for (; k <= end; k += 1) out[`${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`] = value;
  }
  return out;
}

export async function currentQuestion(page) {
  const form = page.locator('form.ma-question');
  if (!(await form.count())) return null;
  return { key: await form.getAttribute('data-question'), kind: await form.getAttribute('data-kind') };
}

async function pickRadio(page, value, name = 'answer') {
  const id = await page
    .locator(`form.ma-question input[type=radio][name="${name}"][value="${String(value)}"]`)
    .getAttribute('id');
  return page.click(`label[for="${id}"]`);
}

async function fillDate(page, prefix, iso) {
  const [y, m, d] = iso.split('-');
  await page.fill(`#${prefix}-day`, String(Number(d)));
  await page.fill(`#${prefix}-month`, String(Number(m)));
  await page.fill(`#${prefix}-year`, y);
}

const frMoney = (n) => String(n).replace('.', ',');

// Amounts as a person gives them: « has it changed? », then one amount or the months one by one; an
// older year's total only when the journey gives one.
async function answerAmounts(page, key, table) {
  const values = expandAmounts(table);
  const need = (p) => {
    if (!(p in values)) throw new Error(`${key}: the site asks ${p}, the journey has no amount for it`);
    return values[p];
  };
  const monthIds = await page
    .locator('form.ma-question input[id^="amount-"]')
    .evaluateAll((els) => els.map((e) => e.id));
  const months = monthIds.map((id) => id.slice('amount-'.length)).filter((p) => /^\d{4}-\d{2}$/.test(p));
  if (await page.locator('input[name="changed"]').count()) {
    const amounts = months.map(need);
    if (amounts.every((v) => v === amounts[0])) {
      await pickRadio(page, 'false', 'changed');
      await page.fill('#amount-same', frMoney(amounts[0]));
    } else {
      await pickRadio(page, 'true', 'changed');
      for (const p of months) await page.fill(`#amount-${p}`, frMoney(values[p]));
    }
  } else {
    for (const p of months) await page.fill(`#amount-${p}`, frMoney(need(p)));
  }
  for (const id of monthIds.filter((i) => /^amount-\d{4}$/.test(i))) {
    const year = id.slice('amount-'.length);
    const box = page.locator(`#differs-${year}`);
    if (await box.count()) {
      if (!(year in values)) continue; // the year is as the recent months (the site derives it)
      await page.click(`label[for="differs-${year}"]`);
    } else if (!(year in values)) {
      throw new Error(`${key}: the site asks the total of ${year}, the journey has none`);
    }
    await page.fill(`#${id}`, frMoney(values[year]));
  }
}

// Answers the question on screen with the mouse and typing. Returns 'skip' for « Je ne sais pas ».
export async function answerWithMouse(page, journey, question) {
  const { key, kind } = question;
  if (!(key in journey.answers)) {
    // An amount of a kind of income the person said they receive: they know it, never « je ne sais pas ».
    const m = /^amount:([a-z0-9_]+)@([a-z0-9_]+)$/.exec(key);
    if (m && (journey.answers[`incomes:${m[2]}`] ?? []).includes(incomeFamily(m[1]))) {
      throw new Error(
        `the site asks ${key}, an income the journey declares (${incomeFamily(m[1])}) but gives no amount for`,
      );
    }
    if (await page.locator('#skip').count()) return 'skip';
    if (kind === 'incomes') return 'continue'; // « which of these incomes? »: none

    throw new Error(`the site asks ${key} (${kind}), which the journey does not answer and which cannot be skipped`);
  }
  const value = journey.answers[key];
  switch (kind) {
    case 'couple':
    case 'gate':
    case 'boolean':
      await pickRadio(page, Boolean(value));
      break;
    case 'union':
    case 'enum':
      // a long list (the nationality) is a select, a short one radios
      if (await page.locator('select#answer').count()) await page.selectOption('#answer', value);
      else await pickRadio(page, value);
      break;
    case 'childCount':
      await page.fill('#answer', String(value));
      break;
    case 'child':
      await page.fill('#prenom', value.prenom ?? '');
      await fillDate(page, 'birth', value.date);
      break;
    case 'date':
      await fillDate(page, (await page.locator('#birth-self-day').count()) ? 'birth-self' : 'birth', value);
      break;
    case 'commune':
      await page.fill('#postal', value.postal);
      await page.waitForSelector(`#commune option[value="${value.commune}"]`, { state: 'attached' });
      await page.selectOption('#commune', value.commune);
      break;
    case 'incomes':
      for (const family of value) {
        const box = page.locator(`input[name=family][value="${family}"]`);
        if (!(await box.count())) throw new Error(`${key}: no box for the income ${family}`);
        await page.click(`label[for="${await box.getAttribute('id')}"]`);
      }
      break;
    case 'amounts':
      await answerAmounts(page, key, value);
      break;
    default:
      await page.fill('#answer', typeof value === 'number' ? frMoney(value) : String(value));
  }
  return 'continue';
}

// Clicks "Continuer" (or "Je ne sais pas") and waits for the next screen.
export async function submit(page, key, button = '#continue') {
  await page.click(button);
  await page.waitForFunction(
    (k) => {
      const app = document.getElementById('app');
      if (app.getAttribute('aria-busy') === 'true') return false;
      const f = document.querySelector('form.ma-question');
      return !f || f.dataset.question !== k || document.querySelector('.fr-message--error');
    },
    key,
    { timeout: 20000 },
  );
  const errors = await page
    .locator('form.ma-question .fr-message--error')
    .evaluateAll((els) => els.map((e) => `${e.id}: ${e.textContent}`));
  if (errors.length) {
    const fields = await page
      .locator('form.ma-question input')
      .evaluateAll((els) =>
        els.map(
          (e) =>
            `${e.id}=${e.type === 'radio' || e.type === 'checkbox' ? e.checked : e.value}${e.closest('[hidden]') ? '(hidden)' : ''}`,
        ),
      );
    throw new Error(`answer refused on ${key}: ${errors.join(' ')} [${fields.join(' ')}]`);
  }
}

// A journey is answered for its own month (the reference case's): the page is opened with
// ?periode=YYYY-MM when it is not already.
export async function openForPeriod(page, journey) {
  if (!journey.period) return;
  const url = new URL(page.url());
  if (url.searchParams.get('periode') === journey.period) return;
  url.searchParams.set('periode', journey.period);
  await page.goto(url.toString());
  await page.waitForSelector('#start');
}

// Runs a journey from the home page to the recap. `onScreen(question)` is called on each question.
// Returns {asked: [keys], skipped: [keys]}.
export async function runQuestionnaire(page, journey, { onScreen } = {}) {
  await openForPeriod(page, journey);
  await page.click('#start');
  await page.waitForSelector('form.ma-question, .ma-recap, [data-screen="recap"]');
  const asked = [];
  const skipped = [];
  for (let i = 0; i < 300; i += 1) {
    const q = await currentQuestion(page);
    if (!q) break;
    asked.push(q.key);
    if (process.env.MESAIDES_DEBUG) console.log(`  ${new Date().toISOString().slice(11, 19)} ${q.key}`);
    if (onScreen) await onScreen(q);
    const how = await answerWithMouse(page, journey, q);
    if (how === 'skip') skipped.push(q.key);
    await submit(page, q.key, how === 'skip' ? '#skip' : '#continue');
  }
  await page.waitForSelector('#see-results');
  return { asked, skipped };
}

export async function showResults(page) {
  await page.click('#see-results');
  await page.waitForSelector('.ma-results');
}

// What the results page shows: [{name, id, amount (number|null)}], the situation and period.
export async function shownResults(page) {
  const cards = await page.locator('article.ma-benefit').evaluateAll((els) =>
    els.map((el) => {
      const amount = el.querySelector('.ma-amount');
      const participation = el.querySelector('.ma-participation');
      return {
        name: el.dataset.benefit,
        id: el.dataset.entityId,
        ids: el.dataset.entityIds.split(' '),
        amount: amount ? Number(amount.dataset.amount) : null,
        text: amount?.textContent ?? null,
        participation: participation ? Number(participation.dataset.participation) : null,
      };
    }),
  );
  const situation = JSON.parse(await page.locator('#situation-json').textContent());
  const period = await page.locator('#situation-json').getAttribute('data-period');
  const total = Number(await page.locator('.ma-total__amount').getAttribute('data-amount'));
  return { cards, situation, period, total };
}

// The « Aides locales » section: [{sourceId, name, eligible, territory, type, group, ids, reason}], the
// count and the bodies it announces before the details.
export async function shownLocalAids(page) {
  const section = page.locator('#local-aids');
  if (!(await section.count())) return { aids: [], count: null, institutions: '' };
  const aids = await section.locator('article.ma-local-aid').evaluateAll((els) =>
    els.map((el) => ({
      sourceId: el.dataset.sourceId,
      name: el.dataset.localAid,
      eligible: el.dataset.eligible === 'true',
      territory: el.dataset.territory,
      type: el.dataset.territoryType,
      group: el.closest('[data-group]')?.dataset.group,
      ids: el.dataset.entityIds.split(' '),
      reason: el.querySelector('.ma-benefit__reason')?.textContent ?? null,
      inClosedList: Boolean(el.closest('details')),
    })),
  );
  const count = Number(await section.getAttribute('data-count'));
  const institutions = (await section.locator('.ma-local-aids__institutions').count())
    ? await section.locator('.ma-local-aids__institutions').textContent()
    : '';
  return { aids, count, institutions };
}

// The native CLI on the same situation.
export function nativeBenefits(situation, period) {
  const dir = mkdtempSync(join(tmpdir(), 'mesaides-situation-'));
  const file = join(dir, 'situation.json');
  writeFileSync(file, JSON.stringify(situation));
  try {
    const out = execFileSync(CLI, ['compute', '--period', period, '--benefits', '--json', file], {
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    });
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
  const fr = (n) =>
    new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR', minimumFractionDigits: 2 })
      .format(n)
      .replace(/\u202f|\u00a0/g, ' ');
  const used = new Set();
  for (const b of native) {
    if (b.meta?.source_id) continue; // a local aid: its own section (see shownLocalAids)
    if (b.amount_kind === 'participation') {
      // a benefit in kind: shown with the participation the household pays (0: free), or refused
      const card = shown.cards.find((c) => c.name === b.name && c.ids.includes(b.id));
      if (!card) {
        problems.push(`${b.name}/${b.id}: not shown`);
        continue;
      }
      used.add(card);
      const expected = b.eligible ? b.amount : null;
      if (card.participation !== expected)
        problems.push(`${b.name}/${b.id}: participation shown ${card.participation}, native ${expected}`);
      if (card.amount !== null) problems.push(`${b.name}/${b.id}: a participation shown as an amount received`);
      continue;
    }
    const positive = b.eligible && typeof b.amount === 'number' && b.amount > 0;
    // a benefit not paid is one card for all the people it was computed for
    const card = shown.cards.find(
      (c) =>
        c.name === b.name &&
        (positive ? c.id === b.id && c.amount !== null : c.amount === null && c.ids.includes(b.id)),
    );
    if (!card) {
      problems.push(`${b.name}/${b.id}: not shown${positive ? ` with its amount ${b.amount}` : ' as not paid'}`);
      continue;
    }
    used.add(card);
    if (positive && card.amount !== b.amount)
      problems.push(`${b.name}/${b.id}: shown ${card.amount}, native ${b.amount}`);
    if (positive && card.text?.replace(/\u202f|\u00a0/g, ' ') !== fr(b.amount))
      problems.push(`${b.name}/${b.id}: text "${card.text}" for ${b.amount}`);
    if (!positive && card.amount !== null)
      problems.push(`${b.name}/${b.id}: shown ${card.amount}, native not paid (${b.amount}, eligible ${b.eligible})`);
  }
  if (used.size !== shown.cards.length)
    problems.push(`${shown.cards.length - used.size} card(s) shown for nothing computed`);
  const month = native
    .filter(
      (b) =>
        b.eligible && b.periodicity !== 'year' && typeof b.amount === 'number' && b.amount_kind !== 'participation',
    )
    .reduce((s, b) => s + b.amount, 0);
  if (Math.abs(month - shown.total) > 0.005) problems.push(`total shown ${shown.total}, native ${month}`);
  return problems;
}

// ----------------------------------------------------------------------------------- references

export const ORACLE = resolve(process.env.MESAIDES_SHARED ?? join(ROOT, '../shared'), 'oracle/openfisca-generated');
const KNOWN = join(ROOT, 'tests/oracle/known_differences.tsv');

// The amounts of an OpenFisca-computed reference case (`../shared/oracle/openfisca-generated`), for
// the variables our rules define: [{variable, entity, index, openfisca, oursOnCase, listed}], where
// `index` is the member's rank in its group (parents, then children), `oursOnCase` what our engine
// gives on the case's own input, and `listed` the cause (and note) when the difference with OpenFisca is a
// listed legal difference (tests/oracle/known_differences.tsv).
// `source` 'rules': a case of our own tests/rules/, whose amounts were computed by hand from the texts (for a
// household no OpenFisca case describes); else a case of the oracle's openfisca-generated/.
export function referenceCase(file, caseId, source = 'oracle') {
  const path = source === 'rules' ? join(ROOT, 'tests/rules', file) : join(ORACLE, file);
  // exits 1 when a check differs from OpenFisca (a listed difference): the output is what we read
  const out = spawnSync(CLI, ['test', '--verbose', '--name', `${caseId} `, path], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  }).stdout;
  let name = null;
  const checks = [];
  for (const line of out.split('\n')) {
    const m =
      /^(PASS|FAIL) \S+ (.+): ([a-z_0-9]+)(?:\[([^\]]+)\])?@(\S+) (?:= (\S+)|expected (\S+).*?, got (\S+))/.exec(line);
    if (!m) continue;
    name = m[2];
    const [, status, , variable, id, period, same, expected, got] = m;
    checks.push({
      variable,
      id: id ?? null,
      period,
      openfisca: Number(status === 'PASS' ? same : expected),
      oursOnCase: Number(status === 'PASS' ? same : got),
    });
  }
  if (!name) throw new Error(`reference case ${caseId} not found in ${path}`);
  const known = new Map();
  for (const line of readFileSync(KNOWN, 'utf8').split('\n')) {
    if (!line || line.startsWith('#')) continue;
    // variable, case, cause id (tests/oracle/causes.tsv), note
    const [variable, caseName, cause, note] = line.split('\t');
    known.set(`${variable}\t${caseName}`, note ? `${cause}: ${note}` : cause);
  }
  const situation = JSON.parse(exportCase(path, caseId).split('\n')[0]).situation;
  for (const c of checks) c.listed = known.get(`${c.variable}\t${name}`) ?? null;
  return { name, checks, situation };
}

// The case's requests as `mesaides test --export-requests` writes them (its folder removed after).
function exportCase(path, caseId) {
  const dir = mkdtempSync(join(tmpdir(), 'mesaides-case-'));
  try {
    const file = join(dir, 'case.jsonl');
    const run = spawnSync(CLI, ['test', '--name', `${caseId} `, '--export-requests', file, path], { encoding: 'utf8' });
    if (run.status === null || run.status > 1)
      throw new Error(`mesaides test --export-requests ${caseId}: ${run.stderr}`);
    return readFileSync(file, 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// A member of the reference case → the same person or group in the page's situation (by role order).
function pageIdFor(refSituation, pageSituation, id) {
  if (!id) return null;
  for (const [plural, groups] of Object.entries(refSituation)) {
    if (plural === 'individus') continue;
    if (groups[id]) return Object.keys(pageSituation[plural] ?? {})[Object.keys(groups).indexOf(id)] ?? null;
  }
  const famille = Object.values(refSituation.familles ?? {})[0] ?? {};
  const pageFamille = Object.values(pageSituation.familles ?? {})[0] ?? {};
  for (const role of ['parents', 'enfants']) {
    const i = (famille[role] ?? []).indexOf(id);
    if (i >= 0) return pageFamille[role]?.[i] ?? null;
  }
  return null;
}

// Compares the page's household with the reference: each amount of the case, computed on the
// situation the page built, must equal OpenFisca's (to the cent), or, for a listed legal difference,
// what our rules give on the case's own input. Returns {rows, problems}.
export function compareWithReference(reference, pageSituation) {
  const rows = [];
  const problems = [];
  const dir = mkdtempSync(join(tmpdir(), 'mesaides-page-'));
  try {
    const file = join(dir, 'situation.json');
    writeFileSync(file, JSON.stringify(pageSituation));
    const byPeriod = new Map();
    for (const c of reference.checks) byPeriod.set(c.period, [...(byPeriod.get(c.period) ?? []), c]);
    for (const [period, checks] of byPeriod) {
      const variables = [...new Set(checks.map((c) => c.variable))];
      const result = JSON.parse(
        execFileSync(CLI, ['compute', '--period', period, '--variables', variables.join(','), '--json', file], {
          encoding: 'utf8',
          maxBuffer: 1 << 28,
        }),
      );
      for (const c of checks) {
        let value = null;
        for (const groups of Object.values(result)) {
          if (typeof groups !== 'object' || !groups) continue;
          const pageId = c.id ? pageIdFor(reference.situation, pageSituation, c.id) : null;
          for (const [gid, vars] of Object.entries(groups)) {
            if (pageId && gid !== pageId) continue;
            const v = vars?.[c.variable]?.[period] ?? vars?.[c.variable]?.[period.slice(0, 4)];
            if (typeof v === 'number') value = (value ?? 0) + v;
          }
          if (value !== null) break;
        }
        const expected = c.listed ? c.oursOnCase : c.openfisca;
        const ok = value !== null && Math.abs(value - expected) <= 0.01 + 1e-9;
        rows.push({
          variable: c.variable,
          id: c.id,
          period,
          page: value,
          openfisca: c.openfisca,
          expected,
          listed: c.listed,
        });
        if (!ok) {
          problems.push(
            `${c.variable}${c.id ? `[${c.id}]` : ''}@${period}: page household gives ${value}, reference ${expected}` +
              (c.listed ? ` (listed difference with OpenFisca's ${c.openfisca}: ${c.listed})` : ' (OpenFisca)'),
          );
        }
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { rows, problems };
}
