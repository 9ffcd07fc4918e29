// Browser tests of the built site (build/site) with headless Chromium and the real engine (the
// WebAssembly module in its worker; never a mock). Each test starts from a fresh Chromium profile.
// Prints one line per test and ends with "N passed, M failed". Screenshots go to build/screenshots/.
//
//   node tests/browser/run.mjs [--only TEXT]      (needs ci/build done: build/site and build/native)
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ROOT,
  SITE,
  CLI,
  startServer,
  launch,
  runQuestionnaire,
  showResults,
  shownResults,
  nativeBenefits,
  compareWithNative,
  currentQuestion,
  closeAll,
  referenceCase,
  compareWithReference,
  openForPeriod,
  shownLocalAids,
  submit,
} from './lib.mjs';
import { JOURNEYS, LOCAL_JOURNEYS } from './journeys.mjs';

const SHOTS = join(ROOT, 'build/screenshots');
const AXE = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : null;

// ------------------------------------------------------------------------------------- journeys
// The citizen journeys (tests/browser/journeys.mjs); other tests reuse some of them by these names.
JOURNEYS['parent isolé'] = JOURNEYS['parent isolé, locataire'];
JOURNEYS['couple avec enfants, locataire en zone 1'] =
  JOURNEYS['couple avec trois enfants, un salaire (l’autre au chômage indemnisé)'];
JOURNEYS['célibataire salarié'] = JOURNEYS['étudiante en studio meublé'];
const CITIZEN_JOURNEYS = Object.entries(JOURNEYS).filter(
  ([name]) => !['parent isolé', 'couple avec enfants, locataire en zone 1', 'célibataire salarié'].includes(name),
);

// ------------------------------------------------------------------------------------- runner
const results = [];
const TEST_TIMEOUT = Number(process.env.MESAIDES_TEST_TIMEOUT ?? 300) * 1000;
async function test(name, fn) {
  if (only && !name.includes(only)) return;
  const t0 = Date.now();
  let timer;
  try {
    await Promise.race([
      fn(),
      new Promise((_, fail) => {
        timer = setTimeout(() => fail(new Error(`timed out after ${TEST_TIMEOUT / 1000}s`)), TEST_TIMEOUT);
      }),
    ]);
    results.push({ name, ok: true });
    console.log(`ok   - ${name} (${((Date.now() - t0) / 1000).toFixed(1)}s)`);
  } catch (e) {
    results.push({ name, ok: false });
    console.log(`FAIL - ${name}: ${e.stack ?? e}`);
  } finally {
    clearTimeout(timer);
    await closeAll();
  }
}

function assert(cond, message) {
  if (!cond) throw new Error(message);
}

async function withBrowser(options, fn) {
  const b = await launch(options);
  try {
    return await fn(b);
  } finally {
    await b.close();
  }
}

async function waitForChart(page) {
  await page.waitForSelector('.whatif-svg, .ma-whatif .fr-message--error', { timeout: 60000 });
  assert(
    await page.locator('.whatif-svg').count(),
    `what-if chart failed: ${await page.locator('.ma-whatif').textContent()}`,
  );
}

async function axeCheck(page, label) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE);
  const res = await page.evaluate(() =>
    window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
      resultTypes: ['violations'],
    }),
  );
  const v = res.violations.map(
    (x) =>
      `${x.id} (${x.impact}): ${x.help} — ${x.nodes
        .slice(0, 3)
        .map((n) => n.target.join(' '))
        .join(' | ')}`,
  );
  assert(v.length === 0, `axe on ${label}: ${v.length} violation(s)\n    ${v.join('\n    ')}`);
}

const server = await startServer(SITE);

// ------------------------------------------------------------------------------------- tests
if (!existsSync(join(SITE, 'engine/mesaides_engine.wasm'))) {
  console.log('FAIL - build/site/engine/mesaides_engine.wasm is missing: run ci/build first');
  console.log('0 passed, 1 failed');
  process.exit(1);
}
if (!existsSync(CLI)) {
  console.log(`FAIL - ${CLI} is missing: run ci/build first`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
rmSync(SHOTS, { recursive: true, force: true });
mkdirSync(SHOTS, { recursive: true });

// Each journey: every answer it holds was asked by the site, and the household the page built gets the
// reference amounts (OpenFisca's, or for a listed legal difference our rules on the case's own input);
// then the amounts shown are the ones the engine pays for that household.
const journeyReport = [];
for (const [name, journey] of CITIZEN_JOURNEYS) {
  await test(`parcours « ${name} » : questions posées, montants = référence ${journey.reference.case}`, () =>
    withBrowser({}, async ({ page, errors }) => {
      const reference = referenceCase(journey.reference.file, journey.reference.case, journey.reference.source);
      await page.goto(server.url);
      const { asked, skipped } = await runQuestionnaire(page, journey);
      const notAsked = Object.keys(journey.answers).filter((k) => !asked.includes(k));
      assert(
        notAsked.length === 0,
        `answers the site never asked for: ${notAsked.join(', ')} (asked: ${asked.join(', ')})`,
      );
      // Each question once: an income asked again for other months, or a question back after
      // others, means the engine's missing inputs hung on answers not given yet.
      const twice = asked.filter((k, i) => asked.indexOf(k) !== i);
      assert(twice.length === 0, `asked twice: ${twice.join(', ')} (asked: ${asked.join(', ')})`);
      await showResults(page);
      const shown = await shownResults(page);
      assert(shown.period === journey.period, `results for ${shown.period}, not ${journey.period}`);
      const { rows, problems } = compareWithReference(reference, shown.situation);
      journeyReport.push({
        name,
        reference: reference.name,
        asked: asked.length,
        skipped,
        rows,
        shown: shown.cards.filter((c) => c.amount !== null),
      });
      assert(
        problems.length === 0,
        `${problems.join('; ')}\n    questions: ${asked.join(', ')}\n    « je ne sais pas »: ${skipped.join(', ')}`,
      );
      const display = compareWithNative(shown, nativeBenefits(shown.situation, shown.period));
      assert(display.length === 0, `shown amounts: ${display.join('; ')}`);
      // Each national benefit with who pays it: the descriptions, which come with the rule texts after
      // the engine is ready, are there when the results are shown.
      const cards = page.locator('article.ma-benefit');
      const paidBy = page.locator('article.ma-benefit .ma-institution');
      assert(
        (await cards.count()) > 0 && (await paidBy.count()) === (await cards.count()),
        `${await paidBy.count()} of ${await cards.count()} benefits say who pays them`,
      );
      assert(errors.length === 0, `page errors: ${errors.join(' | ')}`);
    }));
}
// Local aids: the person sees, after the national benefits, exactly the aids the facts open to him, in
// the group of their territory, counted before the details; the aids of his territory not open to him with
// their reason; nothing of another territory.
for (const [name, journey] of Object.entries(LOCAL_JOURNEYS)) {
  await test(`aides locales « ${name} » : les aides de son territoire ouvertes, aucune d’un autre`, () =>
    withBrowser({}, async ({ page, errors }) => {
      await page.goto(server.url);
      const { asked, skipped } = await runQuestionnaire(page, journey);
      const notAsked = Object.keys(journey.answers).filter((k) => !asked.includes(k));
      assert(
        notAsked.length === 0,
        `answers the site never asked for: ${notAsked.join(', ')} (asked: ${asked.join(', ')})`,
      );
      await showResults(page);
      const { aids, count, institutions } = await shownLocalAids(page);
      const open = aids.filter((a) => a.eligible && !a.inClosedList);
      for (const [group, ids] of Object.entries(journey.open)) {
        const shown = open
          .filter((a) => a.group === group)
          .map((a) => a.sourceId)
          .sort();
        assert(
          JSON.stringify(shown) === JSON.stringify([...ids].sort()),
          `group ${group}: open ${shown.join(', ')}, expected ${ids.join(', ')}`,
        );
      }
      const expected = Object.values(journey.open).flat();
      assert(
        open.length === expected.length && count === expected.length,
        `${open.length} open aids shown, count ${count}, expected ${expected.length}: ${open.map((a) => a.sourceId).join(', ')}`,
      );
      assert(
        aids.every((a) => journey.territories.includes(a.territory)),
        `aids of another territory shown: ${aids
          .filter((a) => !journey.territories.includes(a.territory))
          .map((a) => `${a.sourceId} (${a.territory})`)
          .join(', ')}`,
      );
      for (const [id, reason] of Object.entries(journey.closed)) {
        const a = aids.find((x) => x.sourceId === id);
        assert(a && !a.eligible && a.inClosedList && a.reason?.includes(reason), `${id}: ${JSON.stringify(a)}`);
      }
      assert(
        /Bretagne/.test(institutions) && /Ille-et-Vilaine/.test(institutions),
        `bodies announced: ${institutions}`,
      );
      // the section comes after the national benefits, and the national cards do not include local aids
      const order = await page.evaluate(() => {
        const local = document.getElementById('local-aids');
        const national = [...document.querySelectorAll('article.ma-benefit')];
        return {
          after: national.every((n) => n.compareDocumentPosition(local) & Node.DOCUMENT_POSITION_FOLLOWING),
          localInNational: national.some((n) => n.dataset.benefit.startsWith('aide_locale_')),
        };
      });
      assert(order.after && !order.localInNational, `section order: ${JSON.stringify(order)}`);
      assert(errors.length === 0, `page errors: ${errors.join(' | ')} (« je ne sais pas »: ${skipped.join(', ')})`);
    }));
}

// The journeys above ran on the files as a host sends them: the engine, the page and its scripts
// in the compressed forms the build wrote (ci/build_site.mjs), which the browser inflated.
await test('parcours sur les fichiers précompressés : moteur, page et scripts', async () => {
  for (const path of ['/', '/engine/mesaides_engine.wasm', '/engine/mesaides_engine.mjs', '/js/app.js'])
    assert(
      ['br', 'gzip'].includes(server.encodings.get(path)),
      `${path} was sent as ${server.encodings.get(path) ?? 'itself'}, not in a precompressed form`,
    );
});

if (journeyReport.length) {
  mkdirSync(join(ROOT, 'build'), { recursive: true });
  writeFileSync(join(ROOT, 'build/journeys.json'), JSON.stringify(journeyReport, null, 2));
}

await test('parcours au clavier seul (sans souris)', () =>
  withBrowser({}, async ({ page }) => {
    // A journey without amounts to type: every other kind of screen is answered from the keyboard.
    const journey = JOURNEYS['étudiante en studio meublé'];
    await page.goto(server.url);
    await openForPeriod(page, journey);
    // Presses Tab until predicate(arg) holds in the page (at most 60 times: every control is reachable).
    const tabTo = async (predicate, arg) => {
      for (let i = 0; i < 60; i += 1) {
        await page.keyboard.press('Tab');
        if (await page.evaluate(predicate, arg)) return;
      }
      throw new Error(`Tab never reached ${arg}`);
    };
    await tabTo((id) => document.activeElement?.id === id, 'start');
    await page.keyboard.press('Enter');
    for (let n = 0; n < 100; n += 1) {
      await page.waitForFunction(
        () =>
          document.getElementById('app').getAttribute('aria-busy') !== 'true' &&
          (document.querySelector('form.ma-question') || document.getElementById('see-results')),
      );
      const q = await currentQuestion(page);
      if (!q) break;
      // the question's title has the focus, so Tab goes to its first field
      assert(
        await page.evaluate(() => document.activeElement?.tagName === 'H1'),
        `focus not on the question title for ${q.key}`,
      );
      const value = journey.answers[q.key];
      const button = value === undefined ? 'skip' : 'continue';
      const typeInto = async (selector, text) => {
        await tabTo((s) => document.activeElement?.matches(s), selector);
        await page.keyboard.type(String(text));
      };
      if (button === 'skip') {
        assert(await page.locator('#skip').count(), `${q.key} is not in the journey and cannot be skipped`);
      } else if (q.kind === 'enum' && (await page.locator('select#answer').count())) {
        // a long list (the nationality) is a select: the arrow keys move through its options
        await tabTo((id) => document.activeElement?.id === id, 'answer');
        for (let i = 0; i < 300 && (await page.locator('#answer').inputValue()) !== value; i += 1)
          await page.keyboard.press('ArrowDown');
        assert((await page.locator('#answer').inputValue()) === value, `option not chosen for ${q.key}`);
      } else if (['couple', 'gate', 'boolean', 'union', 'enum'].includes(q.kind)) {
        await page.keyboard.press('Tab'); // first radio of the group
        const values = await page
          .locator('form.ma-question input[type=radio]')
          .evaluateAll((els) => els.map((e) => e.value));
        const target = value === null ? 0 : values.indexOf(String(value));
        assert(target >= 0, `no choice ${value} for ${q.key}`);
        if (target === 0) await page.keyboard.press('Space');
        for (let i = 0; i < target; i += 1) await page.keyboard.press('ArrowDown');
        assert(
          (await page.locator('form.ma-question input[type=radio]:checked').getAttribute('value')) ===
            String(value ?? values[0]),
          `radio not chosen for ${q.key}`,
        );
      } else if (q.kind === 'childCount') {
        await typeInto('#answer', value);
      } else if (q.kind === 'child') {
        await typeInto('#prenom', value.prenom);
        const [y, m, d] = value.date.split('-');
        await typeInto('#birth-day', Number(d));
        await typeInto('#birth-month', Number(m));
        await typeInto('#birth-year', y);
      } else if (q.kind === 'date') {
        const [y, m, d] = (value ?? '1980-01-01').split('-');
        await typeInto('[id$="-day"]', Number(d));
        await typeInto('[id$="-month"]', Number(m));
        await typeInto('[id$="-year"]', y);
      } else if (q.kind === 'commune') {
        await typeInto('#postal', value.postal);
        await page.waitForSelector(`#commune option[value="${value.commune}"]`, { state: 'attached' });
        const options = await page.locator('#commune option').count();
        if (options > 1) {
          await tabTo((id) => document.activeElement?.id === id, 'commune');
          await page.keyboard.press('ArrowDown');
        }
        assert((await page.locator('#commune').inputValue()) === value.commune, 'commune not chosen');
      } else if (q.kind === 'incomes') {
        const boxes = await page.locator('input[name=family]').evaluateAll((els) => els.map((e) => e.value));
        for (const family of value) {
          const i = boxes.indexOf(family);
          if (i < 0) continue;
          await tabTo((id) => document.activeElement?.id === id, `family-${i}`);
          await page.keyboard.press('Space');
        }
      } else if (q.kind === 'amounts') {
        const first = await page.locator('form.ma-question input[id^="amount-"]:visible').first().getAttribute('id');
        await typeInto(`#${first}`, String(value).replace('.', ','));
        for (const id of await page
          .locator('form.ma-question input[id^="amount-"]:visible')
          .evaluateAll((els) => els.map((e) => e.id).slice(1))) {
          await typeInto(`#${id}`, String(value).replace('.', ','));
        }
      } else {
        await typeInto('#answer', value);
      }
      await tabTo((id) => document.activeElement?.id === id, button);
      await page.keyboard.press('Enter');
      await page.waitForFunction(
        (k) =>
          document.getElementById('app').getAttribute('aria-busy') !== 'true' &&
          (document.querySelector('form.ma-question')?.dataset.question !== k ||
            document.querySelector('.fr-message--error')),
        q.key,
      );
      assert(!(await page.locator('form.ma-question .fr-message--error').count()), `answer refused on ${q.key}`);
    }
    await tabTo((id) => document.activeElement?.id === id, 'see-results');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.ma-results');
    const shown = await shownResults(page);
    const problems = compareWithNative(shown, nativeBenefits(shown.situation, shown.period));
    assert(problems.length === 0, problems.join('; '));
    // a computation detail opens from the keyboard
    await tabTo((s) => document.activeElement?.matches(s), 'details.ma-details--trace > summary');
    await page.keyboard.press('Enter');
    await page.waitForSelector('details.ma-details--trace[open] .ma-trace', { timeout: 20000 });
  }));

await test('axe-core : 0 violation à chaque étape d’un parcours', () =>
  withBrowser({}, async ({ page }) => {
    await page.goto(server.url);
    await page.waitForSelector('#start');
    await axeCheck(page, 'accueil');
    const journey = JOURNEYS['couple avec enfants, locataire en zone 1'];
    const seen = new Set();
    await runQuestionnaire(page, journey, {
      onScreen: async (q) => {
        if (seen.has(q.kind) && !q.key.startsWith('incomes') && q.kind !== 'amounts') return; // each kind of screen once, at least
        seen.add(q.kind);
        await axeCheck(page, q.key);
        // and the same screen with a validation error shown
        if (['childCount', 'date', 'child', 'amounts'].includes(q.kind) && !seen.has(`${q.kind}-error`)) {
          seen.add(`${q.kind}-error`);
          await page.click('#continue');
          await page.waitForSelector('form.ma-question .fr-message--error');
          await axeCheck(page, `${q.key} (erreur)`);
        }
      },
    });
    await axeCheck(page, 'récapitulatif');
    await showResults(page);
    await waitForChart(page);
    for (const d of await page
      .locator('details.ma-details--trace, details.ma-details--apply, details.ma-details--table')
      .all())
      await d.locator('summary').first().click();
    await page.waitForSelector('details.ma-details--trace[open] .ma-trace', { timeout: 20000 });
    await axeCheck(page, 'résultats (détails ouverts)');
    await page.click('#lang-switch');
    await axeCheck(page, 'résultats en anglais');
    await page.goto(`${server.url}confidentialite.html`);
    await axeCheck(page, 'confidentialité');
  }));

await test('aucune requête hors de 127.0.0.1, aucun cookie, rien de stocké pendant un parcours', () =>
  withBrowser({}, async ({ context, page }) => {
    const requests = [];
    context.on('request', (r) => requests.push(r.url()));
    await page.goto(server.url);
    await runQuestionnaire(page, JOURNEYS['célibataire salarié']);
    await showResults(page);
    await waitForChart(page);
    await page.locator('details.ma-details--trace summary').first().click();
    await page.waitForSelector('details.ma-details--trace[open] .ma-trace', { timeout: 20000 });
    const outside = requests.filter(
      (u) => !u.startsWith(server.url) && !u.startsWith('data:') && !u.startsWith('blob:'),
    );
    assert(requests.length > 10, `only ${requests.length} requests recorded`);
    assert(outside.length === 0, `requests outside: ${outside.join(', ')}`);
    assert((await context.cookies()).length === 0, 'a cookie was set');
    const stored = await page.evaluate(async () => ({
      cookie: document.cookie,
      local: localStorage.length,
      session: sessionStorage.length,
      idb: (await indexedDB.databases?.())?.length ?? 0,
      caches: await Promise.all(
        (await caches.keys()).map(async (k) =>
          (await (await caches.open(k)).keys()).map((r) => new URL(r.url).pathname),
        ),
      ),
    }));
    assert(
      stored.cookie === '' && stored.local === 0 && stored.session === 0 && stored.idb === 0,
      `stored: ${JSON.stringify(stored).slice(0, 300)}`,
    );
    // the service worker cache holds the site's files only
    const cached = stored.caches.flat();
    assert(
      cached.every((p) => !p.includes('reprise') && !p.includes('situation')),
      'unexpected cached entry',
    );
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    assert(
      /default-src 'self'/.test(csp) && /script-src 'self' 'wasm-unsafe-eval'/.test(csp) && !/unsafe-inline/.test(csp),
      `CSP: ${csp}`,
    );
  }));

await test('hors connexion après une première visite', async () => {
  // A server of its own, stopped after the first visit: the network is really gone (the browser's
  // own service-worker update check is not subject to setOffline).
  const own = await startServer(SITE);
  try {
    await withBrowser({}, async ({ context, page }) => {
      await page.goto(own.url);
      await page.waitForSelector('#start');
      await page.evaluate(() => navigator.serviceWorker.ready);
      await page.reload();
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
      // The rule texts (explanations, traces, the chart's parameters) are fetched last, once the
      // engine is ready (site/sw.js): the first visit is over when they are kept too.
      // (kept whole: its body read back from the cache; polled from here, as waitForFunction takes
      // the promise an async function returns for a true value)
      const textsKept = () =>
        page.evaluate(async () => {
          const texts = new URL('engine/mesaides_engine_texts.bin', location.href).href;
          for (const key of await caches.keys()) {
            const kept = await (await caches.open(key)).match(texts);
            if (kept && (await kept.arrayBuffer()).byteLength > 1000) return true;
          }
          return false;
        });
      for (let waited = 0; !(await textsKept()); waited += 200) {
        assert(waited < 30000, 'the rule texts were not kept for offline use within 30 s');
        await page.waitForTimeout(200);
      }
      await own.close();
      await context.setOffline(true);
      await page.reload();
      await page.waitForSelector('#start', { timeout: 20000 });
      await runQuestionnaire(page, JOURNEYS['parent isolé']);
      await showResults(page);
      const shown = await shownResults(page);
      const problems = compareWithNative(shown, nativeBenefits(shown.situation, shown.period));
      assert(problems.length === 0, problems.join('; '));
      await waitForChart(page);
      await page.locator('details.ma-details--trace summary').first().click();
      await page.waitForSelector('details.ma-details--trace[open] .ma-trace', { timeout: 20000 });
      await page.goto(`${own.url}confidentialite.html`);
      assert((await page.locator('h1').textContent()).includes('Confidentialité'), 'privacy page offline');
      await page.goto(`${own.url}?lang=en`);
      await page.waitForSelector('#start', { timeout: 20000 });
    });
  } finally {
    await own.close().catch(() => {});
  }
});

await test('sans les textes des règles : le détail du calcul le dit en français, le reste marche', async () => {
  // The site without engine/mesaides_engine_texts.bin, as for a person offline before it was ever
  // fetched: the results are computed (they do not quote the rules' texts), the detail of a
  // computation says in French why it is missing.
  const dir = mkdtempSync(join(tmpdir(), 'mesaides-site-'));
  cpSync(SITE, dir, { recursive: true });
  rmSync(join(dir, 'engine/mesaides_engine_texts.bin'));
  const own = await startServer(dir);
  try {
    await withBrowser({}, async ({ page }) => {
      await page.goto(own.url);
      await runQuestionnaire(page, JOURNEYS['parent isolé']);
      await showResults(page);
      const shown = await shownResults(page);
      const problems = compareWithNative(shown, nativeBenefits(shown.situation, shown.period));
      assert(problems.length === 0, problems.join('; '));
      // The benefits' descriptions come with the texts: without them, each benefit is still named by
      // its label (what the engine gives at once), never by its variable's name nor « undefined ».
      const titles = await page.locator('article.ma-benefit .ma-benefit__title').allTextContents();
      assert(titles.length > 0, 'no benefit shown');
      for (const title of titles) assert(!/^[a-z_]+$/.test(title.trim()), `a benefit named « ${title} »`);
      const pageText = await page.locator('#app').textContent();
      assert(!pageText.includes('undefined'), '« undefined » on the results page');
      await page.locator('details.ma-details--trace summary').first().click();
      const message = page.locator('details.ma-details--trace[open] .fr-message--error');
      await message.waitFor({ timeout: 20000 });
      const text = await message.textContent();
      assert(text.includes('n’a pas pu être téléchargé'), `message: ${text}`);
    });
  } finally {
    await own.close().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
});

// The parent isolé's journey to its results on a server that answers the rule texts (and with them
// the benefits' descriptions) as `network` says, then check(page, server). The site waits 4 s for the
// descriptions, then shows the results without them: they must be there within 12 s of the click.
async function resultsWithTextsOn(network, check) {
  const own = await startServer(SITE, {}, network);
  try {
    await withBrowser({}, async ({ page }) => {
      await page.goto(own.url);
      await runQuestionnaire(page, JOURNEYS['parent isolé']);
      await page.click('#see-results');
      await page.waitForSelector('.ma-results', { timeout: 12000 });
      await check(page, own);
    });
  } finally {
    await own.close().catch(() => {});
  }
}

const TEXTS = '/engine/mesaides_engine_texts.bin';

await test('textes des règles qui ne viennent pas (réseau bloqué) : les résultats s’affichent quand même, chaque aide nommée', () =>
  resultsWithTextsOn({ stall: [TEXTS] }, async (page, own) => {
    const shown = await shownResults(page);
    const problems = compareWithNative(shown, nativeBenefits(shown.situation, shown.period));
    assert(problems.length === 0, problems.join('; '));
    const titles = await page.locator('article.ma-benefit .ma-benefit__title').allTextContents();
    assert(titles.length > 0 && titles.every((t) => !/^[a-z_]+$/.test(t.trim())), `titles: ${titles.join(' | ')}`);
    assert(own.served.includes(TEXTS), 'the texts were never asked for');
  }));

// Answered 9 s late: the results come without who pays each benefit; once the texts are there, each says it.
await test('textes des règles lents (réseau lent) : les résultats sans attendre, complétés quand ils arrivent', () =>
  resultsWithTextsOn({ delay: { [TEXTS]: 9000 } }, async (page) => {
    await page.waitForFunction(
      () => {
        const cards = document.querySelectorAll('article.ma-benefit').length;
        return cards > 0 && document.querySelectorAll('article.ma-benefit .ma-institution').length === cards;
      },
      null,
      { timeout: 30000 },
    );
  }));

await test('le fichier enregistré et le lien # restaurent les mêmes résultats', () =>
  withBrowser({}, async ({ context, page }) => {
    await page.goto(server.url);
    await runQuestionnaire(page, JOURNEYS['couple avec enfants, locataire en zone 1']);
    await showResults(page);
    const original = await shownResults(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#save-download')]);
    const file = await download.path();
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    assert(saved.format === 'mes-aides/reponses' && saved.period === original.period, 'save file format');
    // the household gates are saved with the other answers (then restored: no question is left to ask)
    assert(saved.answers.gates?.handicap === false, `gates saved: ${JSON.stringify(saved.answers.gates)}`);
    await page.click('#save-make-link');
    const link = await page.locator('#save-link').inputValue();
    assert(link.startsWith(server.url) && /#reprise=[A-Za-z0-9_-]+$/.test(link), `link: ${link}`);
    assert(!link.split('#')[0].includes('?') || !/reprise/.test(link.split('#')[0]), 'data before #');

    const fromFile = await context.newPage();
    await fromFile.goto(server.url);
    await fromFile.setInputFiles('#upload-home', file);
    await fromFile.waitForSelector('.ma-results');
    const restoredFile = await shownResults(fromFile);
    assert(JSON.stringify(restoredFile) === JSON.stringify(original), 'file: results differ');

    const served = server.served.length;
    const fromLink = await context.newPage();
    await fromLink.goto(link);
    await fromLink.waitForSelector('.ma-results');
    const restoredLink = await shownResults(fromLink);
    assert(JSON.stringify(restoredLink) === JSON.stringify(original), 'link: results differ');
    assert(
      server.served.slice(served).every((p) => !p.includes('reprise')),
      'the # data reached the server',
    );
  }));

// A household gate is one line of the recap (not the answers its « Non » set), and changing it there asks
// each person again: « Oui » to the handicap gate brings the person's own question back.
await test('question pour tout le foyer : une ligne du récapitulatif, modifiable', () =>
  withBrowser({}, async ({ page, errors }) => {
    await page.goto(server.url);
    const journey = JOURNEYS['retraité seul, locataire HLM'];
    await runQuestionnaire(page, journey);
    const gate = page.locator('.ma-recap__item[data-key="gate:handicap"]');
    assert((await gate.count()) === 1, 'no recap line for the handicap gate');
    assert((await gate.locator('.ma-recap__answer').textContent()).trim() === 'Non', 'gate answer in the recap');
    assert(
      (await page
        .locator('.ma-recap__item[data-key^="var:handicap@"], .ma-recap__item[data-key^="var:taux_incapacite@"]')
        .count()) === 0,
      'the answers set by the gate are listed in the recap',
    );
    await gate.locator('button.ma-edit').click();
    await page.waitForSelector('form.ma-question[data-question="gate:handicap"]');
    assert(
      (await page.locator('form.ma-question input[name="answer"]:checked').getAttribute('value')) === 'false',
      'the gate is not shown with its answer',
    );
    await page.click(`label[for="${await page.locator('input[name="answer"][value="true"]').getAttribute('id')}"]`);
    await submit(page, 'gate:handicap');
    const asked = [];
    for (let i = 0; i < 20; i += 1) {
      const q = await currentQuestion(page);
      if (!q) break;
      asked.push(q.key);
      if (q.key === 'var:handicap@demandeur') {
        await page.click(
          `label[for="${await page.locator('input[name="answer"][value="false"]').getAttribute('id')}"]`,
        );
        await submit(page, q.key);
      } else {
        await submit(page, q.key, '#skip');
      }
    }
    assert(asked[0] === 'var:handicap@demandeur', `after « Oui »: ${asked.join(', ')}`);
    await page.waitForSelector('#see-results');
    assert((await gate.locator('.ma-recap__answer').textContent()).trim() === 'Oui', 'gate not changed');
    assert(
      (await page.locator('.ma-recap__item[data-key="var:handicap@demandeur"]').count()) === 1,
      'the person’s own answer is not in the recap',
    );
    assert(errors.length === 0, `page errors: ${errors.join(' | ')}`);
  }));

await test('intégration chez un partenaire : iframe redimensionnée, options', async () => {
  const partner = await startServer(SITE, {
    '/partenaire.html': `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Partenaire</title></head><body>
      <h1>Site partenaire</h1><script src="${server.url}embed.js" data-couleur="#18753c" data-debut="questionnaire" data-aides="af" data-prefill='{"couple": false}'></script></body></html>`,
  });
  try {
    await withBrowser({}, async ({ page }) => {
      await page.goto(`${partner.url}partenaire.html`);
      const frameEl = page.locator('iframe');
      await frameEl.waitFor();
      const frame = page.frameLocator('iframe');
      await frame.locator('form.ma-question').waitFor({ timeout: 20000 });
      const key = await frame.locator('form.ma-question').getAttribute('data-question');
      // started on the questionnaire (no home page), and the prefilled answer is not asked again
      assert(key && key !== 'couple', `prefill and start page: first question ${key}`);
      await page.waitForFunction(() => parseInt(document.querySelector('iframe').style.height, 10) > 0, null, {
        timeout: 10000,
      });
      const h1 = parseInt(await frameEl.evaluate((f) => f.style.height), 10);
      const inner = await frame.locator('html').evaluate((e) => e.scrollHeight);
      assert(Math.abs(h1 - Math.max(320, inner)) <= 2, `iframe height ${h1} vs content ${inner}`);
      const header = await frame.locator('#header').isVisible();
      assert(!header, 'header shown inside the iframe');
      const color = await frame.locator('#continue').evaluate((b) => getComputedStyle(b).backgroundColor);
      assert(color === 'rgb(24, 117, 60)', `colour ${color}`);
      await page.screenshot({ path: join(SHOTS, 'integration-partenaire.png'), fullPage: true });
    });
  } finally {
    await partner.close();
  }
});

await test('anglais : interface et noms des aides', () =>
  withBrowser({}, async ({ page }) => {
    const j = JOURNEYS['parent isolé'];
    await page.goto(server.url);
    await openForPeriod(page, j); // before the switch: opening another URL starts in French again
    await page.click('#lang-switch');
    assert((await page.locator('h1').textContent()).includes('social benefits'), 'home not in English');
    assert((await page.evaluate(() => document.documentElement.lang)) === 'en', 'lang attribute');
    await runQuestionnaire(page, j);
    await showResults(page);
    const text = await page.locator('.ma-results').textContent();
    assert(text.includes('Your results') && text.includes('Family allowance'), 'results not in English');
  }));

// Screenshots: the first screen of each chapter and the results, on a phone and a desktop.
// ------------------------------------------------------------------ navigation, leaving, saves checked
// Any answer the form accepts, whatever the question (these tests are about moving between screens).
async function answerAnything(page) {
  const form = page.locator('form.ma-question');
  if (await form.locator('#postal').count()) {
    await page.fill('#postal', '75011');
    await page.waitForSelector('#commune option[value]:not([value=""])', { state: 'attached', timeout: 20000 });
    await page.selectOption('#commune', { index: (await page.locator('#commune option[value=""]').count()) ? 1 : 0 });
  }
  for (const suffix of ['day', 'month', 'year']) {
    const input = form.locator(`input[id$="-${suffix}"]`).first();
    if (await input.count()) await input.fill({ day: '1', month: '5', year: '1990' }[suffix]);
  }
  const radio = form.locator('input[type=radio]').first();
  if (await radio.count()) await radio.evaluate((el) => el.labels[0].click());
  for (const input of await form
    .locator('input[type=text]:visible, input:not([type]):visible, input[inputmode]:visible')
    .all()) {
    if (!(await input.inputValue())) await input.fill('0');
  }
  const key = await form.getAttribute('data-question');
  await page.click('#continue');
  await page.waitForFunction(
    (k) =>
      document.getElementById('app').getAttribute('aria-busy') !== 'true' &&
      document.querySelector('form.ma-question')?.dataset.question !== k,
    key,
    { timeout: 30000 },
  );
  return key;
}

const questionKey = (page) => page.locator('form.ma-question').getAttribute('data-question');

await test('navigation : Retour et Suivant du navigateur passent d’une question à l’autre', () =>
  withBrowser({}, async ({ page }) => {
    await page.goto(server.url);
    await page.click('#start');
    await page.waitForSelector('form.ma-question');
    const first = await answerAnything(page);
    const second = await questionKey(page);
    const third = await answerAnything(page).then(() => questionKey(page));
    assert(first !== second && second !== third, `three questions expected: ${first}, ${second}, ${third}`);
    await page.goBack();
    await page.waitForFunction((k) => document.querySelector('form.ma-question')?.dataset.question === k, second, {
      timeout: 10000,
    });
    await page.goBack();
    await page.waitForFunction((k) => document.querySelector('form.ma-question')?.dataset.question === k, first, {
      timeout: 10000,
    });
    // the answer given is still there
    const filled = await page
      .locator('form.ma-question input, form.ma-question select')
      .evaluateAll((els) =>
        els.some((e) => (['radio', 'checkbox'].includes(e.type) ? e.checked : e.type !== 'hidden' && e.value)),
      );
    assert(filled, `the answer to ${first} is not shown again`);
    assert(
      await page.locator('h1').evaluate((el) => el === document.activeElement),
      'focus on the question title after Back',
    );
    await page.goForward();
    await page.waitForFunction((k) => document.querySelector('form.ma-question')?.dataset.question === k, second, {
      timeout: 10000,
    });
    // the page's own « Retour » agrees with the browser's
    await page.click('button.ma-back');
    await page.waitForFunction((k) => document.querySelector('form.ma-question')?.dataset.question === k, first, {
      timeout: 10000,
    });
    await page.goBack();
    await page.waitForSelector('#start', { timeout: 10000 });
  }));

await test('recharger ou quitter avec des réponses non enregistrées demande confirmation', () =>
  withBrowser({}, async ({ page }) => {
    const dialogs = [];
    page.on('dialog', async (d) => {
      dialogs.push(d.type());
      await d.dismiss();
    });
    await page.goto(server.url);
    await page.click('#start');
    await page.waitForSelector('form.ma-question');
    // no answer yet: nothing to lose, no question asked
    await page.reload();
    await page.waitForSelector('#start');
    assert(dialogs.length === 0, `asked with no answer: ${dialogs}`);
    await page.click('#start');
    await page.waitForSelector('form.ma-question');
    await answerAnything(page);
    const key = await questionKey(page);
    await page.evaluate(() => setTimeout(() => location.reload(), 0));
    await page.waitForTimeout(1500);
    assert(dialogs.includes('beforeunload'), 'no confirmation before reloading with answers');
    assert((await questionKey(page)) === key, 'the page left although the user stayed');
  }));

await test('un fichier enregistré invalide est refusé : message qui nomme la réponse, rien de restauré', () =>
  withBrowser({}, async ({ page }) => {
    await page.goto(server.url);
    await page.waitForSelector('#start');
    const doc = {
      format: 'mes-aides/reponses',
      version: 1,
      period: '2026-06',
      answers: {
        couple: false,
        union: null,
        childCount: 1,
        children: [{ prenom: 'Zoé', date_naissance: '2099-03-02' }],
        values: {},
        incomes: {},
      },
    };
    await page.setInputFiles('#upload-home', {
      name: 'reponses.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(doc)),
    });
    const alert = page.locator('#notice[role=alert]');
    await alert.waitFor({ timeout: 20000 });
    const text = await alert.textContent();
    assert(/enfant/i.test(text) && /futur/.test(text) && text.includes('2099-03-02'), `message: ${text}`);
    assert((await page.locator('#app').getAttribute('data-screen')) === 'home', 'not on the home page any more');
    // nothing restored: no answer to lose, so leaving asks nothing
    const dialogs = [];
    page.on('dialog', async (d) => {
      dialogs.push(d.type());
      await d.dismiss();
    });
    await page.reload();
    await page.waitForSelector('#start');
    assert(dialogs.length === 0, 'answers were restored from the bad file');
  }));

await test('un lien # invalide est refusé (commune inconnue) : message en français et en anglais, rien de restauré', () =>
  withBrowser({}, async ({ page }) => {
    const { toHash } = await import('../../site/js/save.js');
    const hash = await toHash({
      format: 'mes-aides/reponses',
      version: 1,
      period: '2026-06',
      answers: {
        couple: false,
        union: null,
        childCount: 0,
        children: [],
        values: { 'depcom@menage': { '2026-06': '75999' } },
        incomes: {},
      },
    });
    for (const [query, words] of [
      ['', ['ommune', '75999']],
      ['?lang=en', ['commune', '75999', 'not used']],
    ]) {
      await page.goto(`${server.url}${query}${hash}`);
      const alert = page.locator('#notice[role=alert]');
      await alert.waitFor({ timeout: 30000 });
      const text = await alert.textContent();
      assert(
        words.every((w) => text.includes(w)),
        `message (${query || 'fr'}): ${text}`,
      );
      assert((await page.locator('#app').getAttribute('data-screen')) === 'home', 'not on the home page');
    }
    // a damaged link too
    await page.goto(`${server.url}#reprise=AAAAbad`);
    await page.locator('#notice[role=alert]').waitFor({ timeout: 30000 });
    // and a link pasted in a tab already on the site (only the fragment changes)
    await page.goto(server.url);
    await page.waitForSelector('.ma-benefit-list', { timeout: 30000 });
    await page.evaluate((h) => {
      location.hash = h;
    }, hash);
    await page.locator('#notice[role=alert]').waitFor({ timeout: 10000 });
    assert((await page.locator('#notice').textContent()).includes('75999'), 'hashchange: no message');
  }));

await test('résultats : les réponses supposées sont listées, chacune mène à sa question ; les mois de revenus sont dits', () =>
  withBrowser({}, async ({ page }) => {
    await page.goto(server.url);
    const { skipped } = await runQuestionnaire(page, JOURNEYS['parent isolé']);
    assert(skipped.length > 0, 'the journey skips nothing: pick one that answers « Je ne sais pas »');
    await showResults(page);
    const banner = page.locator('#assumptions');
    await banner.waitFor();
    assert((await banner.textContent()).includes('Nous avons supposé'), 'banner title');
    const listed = await banner.locator('li[data-key]').evaluateAll((els) => els.map((e) => e.dataset.key));
    const absent = skipped.filter((k) => !listed.includes(k));
    assert(absent.length === 0, `answers skipped but not listed as assumed: ${absent.join(', ')}`);
    const months = await page.locator('#income-months').textContent();
    assert(/Vous\s:\s.*20\d\d/.test(months), `months of income: ${months}`);
    const key = listed[0];
    await banner.locator(`button[data-edit="${key}"]`).click();
    await page.waitForSelector(`form.ma-question[data-question="${key}"]`, { timeout: 10000 });
  }));

await test('premier écran avant le moteur : accueil tout de suite, indicateur seulement si l’on commence avant', () =>
  withBrowser({ serviceWorkers: 'block' }, async ({ page }) => {
    let release;
    const held = new Promise((ok) => {
      release = ok;
    });
    await page.route('**/engine/mesaides_engine.wasm', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(server.url);
    await page.waitForSelector('#start', { timeout: 10000 });
    assert((await page.locator('#engine-progress').count()) === 0, 'a progress indicator before anyone asked');
    await page.click('#start');
    await page.waitForSelector('#engine-progress', { timeout: 5000 });
    await page.screenshot({ path: join(SHOTS, 'accueil-moteur-en-chargement.png') });
    release();
    await page.waitForSelector('form.ma-question', { timeout: 30000 });
    assert((await page.locator('#engine-progress').count()) === 0, 'the indicator stays');
  }));

await test('« voir les résultats » ne refait pas le calcul de la dernière réponse', () =>
  withBrowser({}, async ({ page }) => {
    // The requests the page sends the engine's worker, from « voir les résultats » on.
    await page.addInitScript(() => {
      const post = Worker.prototype.postMessage;
      window.engineRequests = [];
      Worker.prototype.postMessage = function (message, ...rest) {
        if (message?.method) window.engineRequests.push(message);
        return post.call(this, message, ...rest);
      };
    });
    await page.goto(server.url);
    await runQuestionnaire(page, JOURNEYS['parent isolé']);
    const before = await page.evaluate(() => window.engineRequests.length);
    await page.click('#see-results');
    await waitForChart(page);
    const asked = await page.evaluate(
      (from) =>
        window.engineRequests.slice(from).map(({ method, args }) => ({
          method,
          benefits: args?.[1]?.benefits === true,
          chart: args?.[1]?.benefit_reasons === false,
          variables: args?.[1]?.variables ?? null,
        })),
      before,
    );
    const household = asked.filter((r) => r.method === 'compute' && r.benefits && !r.chart);
    assert(household.length === 0, `the household computed again: ${JSON.stringify(household)}`);
    // What the page still asks: the chart's fifty points and its scale.
    assert(asked.filter((r) => r.chart).length === 51, `chart points: ${JSON.stringify(asked)}`);
    assert(
      asked.some((r) => JSON.stringify(r.variables) === '["smic_brut_mensuel"]'),
      `no SMIC asked: ${JSON.stringify(asked)}`,
    );
    assert((await page.locator('.ma-benefit, [data-benefit]').count()) > 0, 'no benefit shown');
  }));

await test('le graphique arrive sans déranger : détail ouvert, focus et défilement gardés', () =>
  withBrowser({}, async ({ page }) => {
    // The chart's computations (the requests without reasons) are held on their way to the engine's
    // worker until the person has opened a detail and put the focus in it: the chart then arrives
    // while they read, as it does on a slow phone (here it takes less than 0.1 s).
    await page.addInitScript(() => {
      const post = Worker.prototype.postMessage;
      const held = [];
      let holding = true;
      window.releaseChart = () => {
        holding = false;
        for (const [worker, message] of held.splice(0)) post.call(worker, message);
      };
      Worker.prototype.postMessage = function (message, ...rest) {
        if (holding && message?.method === 'compute' && message.args?.[1]?.benefit_reasons === false) {
          held.push([this, message]);
          return;
        }
        return post.call(this, message, ...rest);
      };
    });
    await page.goto(server.url);
    await runQuestionnaire(page, JOURNEYS['parent isolé']);
    await page.click('#see-results');
    await page.waitForSelector('#whatif[data-status=computing]', { timeout: 30000 });
    const summary = page.locator('details.ma-details--trace summary').first();
    await summary.click();
    await page.waitForSelector('details.ma-details--trace[open] .ma-trace', { timeout: 20000 });
    await summary.focus();
    const y = await page.evaluate(() => window.scrollY);
    assert(
      (await page.locator('#whatif[data-status=computing]').count()) === 1,
      'the chart arrived before it was released',
    );
    await page.evaluate(() => window.releaseChart());
    await page.waitForSelector('#whatif[data-status=done] .whatif-svg', { timeout: 90000 });
    const after = await page.evaluate(() => ({
      tag: document.activeElement?.tagName,
      open: document.activeElement?.closest('details')?.open,
      y: window.scrollY,
    }));
    assert(
      after.tag === 'SUMMARY' && after.open && Math.abs(after.y - y) < 2,
      `after the chart: ${JSON.stringify(after)} (scroll was ${y})`,
    );
  }));

for (const [label, viewport] of [
  ['mobile', { width: 390, height: 844 }],
  ['desktop', { width: 1280, height: 900 }],
]) {
  await test(`captures d’écran (${label} ${viewport.width}×${viewport.height})`, () =>
    withBrowser({ viewport }, async ({ page }) => {
      await page.goto(server.url);
      await page.waitForSelector('#start');
      await page.screenshot({ path: join(SHOTS, `${label}-0-accueil.png`), fullPage: true });
      const done = new Set();
      let n = 1;
      await runQuestionnaire(page, JOURNEYS['couple avec enfants, locataire en zone 1'], {
        onScreen: async (q) => {
          const chapter = await page.locator('.fr-stepper__title').evaluate((e) => e.firstChild.textContent.trim());
          const tag = `${chapter}-${q.kind}`;
          if (done.has(chapter) && !['amounts', 'incomes', 'commune', 'child'].includes(q.kind)) return;
          if (done.has(tag)) return;
          done.add(chapter);
          done.add(tag);
          await page.screenshot({
            path: join(SHOTS, `${label}-${n++}-${chapter.toLowerCase()}-${q.kind}.png`),
            fullPage: true,
          });
        },
      });
      await page.screenshot({ path: join(SHOTS, `${label}-${n++}-recapitulatif.png`), fullPage: true });
      await showResults(page);
      await waitForChart(page);
      await page.screenshot({ path: join(SHOTS, `${label}-${n++}-resultats.png`), fullPage: true });
      await page.locator('details.ma-details--trace summary').first().click();
      await page.waitForSelector('details.ma-details--trace[open] .ma-trace', { timeout: 20000 });
      await page
        .locator('details.ma-details--trace[open]')
        .first()
        .screenshot({ path: join(SHOTS, `${label}-${n++}-detail-du-calcul.png`) });
      await page.emulateMedia({ media: 'print' });
      await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
      await page.screenshot({ path: join(SHOTS, `${label}-${n++}-impression.png`), fullPage: true });
      if (label === 'desktop') await page.pdf({ path: join(SHOTS, 'impression-resultats.pdf') }).catch(() => {});
    }));
}

// ------------------------------------------------------------------------------------- the widget
// A demo partner page, served from another origin (another port): widget tags, and a script of the
// partner that records what reaches the page (the loader's events and every raw message).
function partnerPage(title, tags) {
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>${title}</title></head><body>
    <script>
      window.received = []; window.raw = [];
      document.addEventListener('mesaides:resultats', (e) => window.received.push({ frame: e.target.id, detail: e.detail }));
      window.addEventListener('message', (e) => window.raw.push({ origin: e.origin, type: e.data && e.data.type }));
    </script>
    <h1>${title}</h1><p style="height:1200px">Contenu du partenaire avant le simulateur.</p>
    ${tags}
    <p style="height:2400px">Contenu du partenaire après le simulateur.</p></body></html>`;
}
async function widgetFrame(page, n = 0, has = 'embed=1') {
  for (let i = 0; i < 200; i += 1) {
    const f = page.frames().filter((x) => x.url().includes(has))[n];
    if (f) return f;
    await page.waitForTimeout(100);
  }
  throw new Error(`no widget ${n}`);
}
async function heightFollows(page, frame, n = 0) {
  const inner = await frame.evaluate(() => document.documentElement.scrollHeight);
  await page
    .waitForFunction(
      ([i, h]) => Math.abs(parseInt(document.querySelectorAll('iframe')[i].style.height, 10) - Math.max(320, h)) <= 2,
      [n, inner],
      { timeout: 10000 },
    )
    .catch(async () => {
      throw new Error(
        `iframe ${n} height ${await page.evaluate((i) => document.querySelectorAll('iframe')[i].style.height, n)} vs content ${inner}`,
      );
    });
  return inner;
}

await test('widget chez un partenaire (autre origine) : parcours complet, hauteur suivie, défilement, focus, lien « nouvel onglet », aucune requête ailleurs', async () => {
  const partner = await startServer(SITE, {
    '/partenaire.html': partnerPage(
      'Partenaire',
      `<script src="${server.url}embed.js" data-aides="af" data-titre="Simulateur du partenaire" async></script>`,
    ),
  });
  try {
    await withBrowser({}, async ({ context, page, errors }) => {
      const requests = [];
      context.on('request', (r) => requests.push(r.url()));
      await page.goto(`${partner.url}partenaire.html`);
      assert((await page.locator('iframe').getAttribute('title')) === 'Simulateur du partenaire', 'data-titre');
      const frame = await widgetFrame(page);
      await frame.waitForSelector('#start');
      assert(
        !(await frame.locator('#header').isVisible()) && !(await frame.locator('#footer').isVisible()),
        'header or footer shown in embed mode',
      );
      assert(await frame.locator('#open-tab').isVisible(), 'no « Ouvrir dans un nouvel onglet » link');
      assert((await frame.locator('#open-tab').textContent()) === 'Ouvrir dans un nouvel onglet', 'open-tab wording');
      const homeHeight = await heightFollows(page, frame);
      // nothing scrolled at load: the widget is low in the page
      assert((await page.evaluate(() => window.scrollY)) === 0, 'host scrolled at load');
      let questions = 0;
      const j = JOURNEYS['couple avec enfants, locataire en zone 1'];
      await runQuestionnaire(frame, j, {
        onScreen: async () => {
          questions += 1;
          if (questions < 2 || questions > 3) return;
          // a new question after a click inside: the host shows the widget's top; focus inside the iframe
          await page
            .waitForFunction(() => Math.abs(document.querySelector('iframe').getBoundingClientRect().top) <= 2, null, {
              timeout: 5000,
            })
            .catch(async () => {
              throw new Error(
                `host not scrolled to the widget: top ${await page.evaluate(() => document.querySelector('iframe').getBoundingClientRect().top)}`,
              );
            });
          assert((await page.evaluate(() => document.activeElement?.tagName)) === 'IFRAME', 'focus left the iframe');
          const inside = await frame.evaluate(() => document.activeElement?.tagName);
          assert(inside === 'H1', `focus inside the iframe on ${inside}`);
        },
      });
      assert(questions >= 3, `only ${questions} questions`);
      await showResults(frame);
      const resultsHeight = await heightFollows(page, frame);
      assert(resultsHeight > homeHeight + 200, `height did not follow: home ${homeHeight}, results ${resultsHeight}`);
      const shown = await shownResults(frame);
      assert(
        shown.cards.length && shown.cards.every((c) => c.name === 'af'),
        `data-aides: ${shown.cards.map((c) => c.name)}`,
      );
      assert(
        shown.cards.some((c) => c.amount > 0),
        'AF not granted',
      );
      assert((await frame.locator('#share').count()) === 0, 'results offered to a partner that did not ask');
      // the link carries the answers in the fragment only, and restores the same results
      await frame.waitForFunction(() => document.getElementById('open-tab').href.includes('#reprise='));
      const href = await frame.locator('#open-tab').getAttribute('href');
      const url = new URL(href);
      assert(
        url.origin === new URL(server.url).origin &&
          url.pathname.endsWith('/index.html') &&
          !url.search.includes('reprise') &&
          !url.search.includes('embed'),
        `open-tab link ${href}`,
      );
      assert((await frame.locator('#open-tab').getAttribute('target')) === '_blank', 'not a new tab');
      const served = server.served.length;
      const tab = await context.newPage();
      await tab.goto(href);
      await tab.waitForSelector('.ma-results');
      const again = await shownResults(tab);
      assert(JSON.stringify(again.cards) === JSON.stringify(shown.cards), 'the new tab shows other results');
      assert(
        server.served.slice(served).every((p) => !p.includes('reprise')),
        'the # data reached the server',
      );
      // the partner's page received only heights, from our origin
      const raw = await page.evaluate(() => window.raw);
      assert(
        raw.length && raw.every((m) => m.origin === new URL(server.url).origin && m.type === 'mesaides:height'),
        `messages: ${JSON.stringify(raw).slice(0, 300)}`,
      );
      const origins = new Set(
        requests.filter((u) => !u.startsWith('data:') && !u.startsWith('blob:')).map((u) => new URL(u).origin),
      );
      const allowed = new Set([new URL(server.url).origin, new URL(partner.url).origin]);
      assert(
        [...origins].every((o) => allowed.has(o)),
        `requests to ${[...origins].join(', ')}`,
      );
      assert(errors.length === 0, `errors: ${errors.join(' | ')}`);
      await page.screenshot({ path: join(SHOTS, 'widget-partenaire.png'), fullPage: true });
    });
  } finally {
    await partner.close();
  }
});

await test('deux widgets sur une page : chacun ses options, sa hauteur, ses messages', async () => {
  const partner = await startServer(SITE, {
    '/deux.html': partnerPage(
      'Deux widgets',
      `
      <script src="${server.url}embed.js" data-couleur="#18753c" data-debut="questionnaire" data-aides="af" data-lang="en" data-prefill='{"couple": false}' data-titre="Widget A"></script>
      <script src="${server.url}embed.js" data-titre="Widget B" data-couleur="#ffff00"></script>
      <script>setInterval(() => window.postMessage({ type: 'mesaides:height', height: 9000, scrollTop: true }, '*'), 200);</script>`,
    ),
  });
  try {
    await withBrowser({}, async ({ page, errors }) => {
      await page.goto(`${partner.url}deux.html`);
      await page.waitForFunction(() => document.querySelectorAll('iframe').length === 2);
      assert(
        JSON.stringify(await page.locator('iframe').evaluateAll((fs) => fs.map((f) => f.title))) ===
          '["Widget A","Widget B"]',
        'titles',
      );
      const a = await widgetFrame(page, 0);
      const b = await widgetFrame(page, 1);
      await a.waitForSelector('form.ma-question', { timeout: 30000 });
      await b.waitForSelector('#start', { timeout: 30000 });
      // A: first question (data-debut), couple prefilled, English, green; B: home page, French, default blue (yellow refused)
      const keyA = await a.locator('form.ma-question').getAttribute('data-question');
      assert(keyA !== 'couple', `A asked ${keyA}`);
      assert(
        (await a.evaluate(() => document.documentElement.lang)) === 'en' &&
          /Continue/.test(await a.locator('#continue').textContent()),
        'A not in English',
      );
      assert((await a.locator('#open-tab').textContent()) === 'Open in a new tab', 'A: open-tab not translated');
      assert((await b.evaluate(() => document.documentElement.lang)) === 'fr', 'B not in French');
      assert(
        (await a.locator('#continue').evaluate((e) => getComputedStyle(e).backgroundColor)) === 'rgb(24, 117, 60)',
        'A colour',
      );
      assert(
        (await b.locator('#start').evaluate((e) => getComputedStyle(e).backgroundColor)) === 'rgb(0, 0, 145)',
        'B colour',
      );
      // each follows its own content (and the fake messages of the host page itself change nothing)
      await heightFollows(page, a, 0);
      await heightFollows(page, b, 1);
      const heights = await page.locator('iframe').evaluateAll((fs) => fs.map((f) => parseInt(f.style.height, 10)));
      assert(
        heights.every((h) => h < 9000),
        `a message not from the widget was obeyed: ${heights}`,
      );
      // B moves on; A stays on its question
      await b.click('#start');
      await b.waitForSelector('form.ma-question', { timeout: 30000 }).catch(async () => {
        throw new Error(
          `B after « Commencer »: ${await b.locator('#app').getAttribute('data-screen')} ${(await b.locator('#app').textContent()).slice(0, 200)}`,
        );
      });
      assert((await a.locator('form.ma-question').getAttribute('data-question')) === keyA, 'A moved with B');
      await heightFollows(page, b, 1);
      await heightFollows(page, a, 0);
      assert(errors.length === 0, `errors: ${errors.join(' | ')}`);
    });
  } finally {
    await partner.close();
  }
});

await test('événement de résultats : seulement après accord, seulement à l’origine déclarée ; un hôte non déclaré ne reçoit rien', async () => {
  // the same page on two origins: d, the one it declares, and o, another
  const pages = {};
  const d = await startServer(SITE, pages);
  const o = await startServer(SITE, pages);
  pages['/p.html'] = partnerPage(
    'Partenaire',
    `<script src="${server.url}embed.js" data-aides="af" data-resultats="${new URL(d.url).origin}" async></script>`,
  );
  try {
    await withBrowser({}, async ({ context, page, errors }) => {
      const requests = [];
      context.on('request', (r) => requests.push(r.url()));
      const j = JOURNEYS['couple avec enfants, locataire en zone 1'];
      const journey = async (p) => {
        const f = await widgetFrame(p);
        await f.waitForSelector('#start');
        await runQuestionnaire(f, j);
        await showResults(f);
        await f.waitForSelector('#share-results');
        return f;
      };
      await page.goto(`${d.url}p.html`);
      const f = await journey(page);
      const text = await f.locator('#share').textContent();
      const label = await f.locator('#share-results').textContent();
      assert(label.includes(new URL(d.url).host) && /nom et le montant/.test(label), `button: ${label}`);
      assert(/Aucune de vos réponses/.test(text) && text.includes('Allocations familiales'), `share text: ${text}`);
      await page.waitForTimeout(500);
      assert((await page.evaluate(() => window.received)).length === 0, 'results sent before consent');
      assert(
        (await page.evaluate(() => window.raw)).every((m) => m.type === 'mesaides:height'),
        'a message other than the height before consent',
      );
      await f.click('#share-results');
      await page.waitForFunction(() => window.received.length === 1, null, { timeout: 5000 });
      const got = await page.evaluate(() => window.received[0].detail);
      const shown = await shownResults(f);
      assert(
        got.type === 'mesaides:resultats' &&
          got.benefits.length >= 1 &&
          got.benefits.every((b) => b.name === 'af' && b.amount > 0 && typeof b.label === 'string'),
        `summary ${JSON.stringify(got)}`,
      );
      assert(
        got.benefits[0].amount === shown.cards.find((c) => c.amount > 0).amount,
        'amount sent differs from the shown one',
      );
      assert(
        JSON.stringify(Object.keys(got).sort()) === '["benefits","currency","period","total_month","type"]',
        `keys ${Object.keys(got)}`,
      );
      assert(
        got.benefits.every((b) => JSON.stringify(Object.keys(b).sort()) === '["amount","label","name","periodicity"]'),
        'benefit keys',
      );
      const sent = JSON.stringify(got);
      for (const secret of ['Lina', 'salaire', '75056', 'demandeur', 'enfant', 'loyer', '2011-', 'marie'])
        assert(!sent.includes(secret), `summary holds ${secret}`);
      await f.waitForSelector('#share-done');
      // the same widget on a host whose origin is not the declared one: the button is there, nothing arrives
      const p2 = await context.newPage();
      await p2.goto(`${o.url}p.html`);
      const f2 = await journey(p2);
      await f2.click('#share-results');
      await f2.waitForSelector('#share-done');
      await p2.waitForTimeout(1000);
      assert((await p2.evaluate(() => window.received)).length === 0, 'an undeclared host received the results');
      const raw2 = await p2.evaluate(() => window.raw);
      assert(
        raw2.length && raw2.every((m) => m.type === 'mesaides:height'),
        `undeclared host got ${JSON.stringify(raw2).slice(0, 300)}`,
      );
      const allowed = new Set([server.url, d.url, o.url].map((u) => new URL(u).origin));
      const outside = requests.filter(
        (u) => !u.startsWith('data:') && !u.startsWith('blob:') && !allowed.has(new URL(u).origin),
      );
      assert(outside.length === 0, `requests to ${outside.join(', ')}`);
      assert(errors.length === 0, `errors: ${errors.join(' | ')}`);
      await f.locator('#share').screenshot({ path: join(SHOTS, 'widget-resultats-partage.png') });
    });
  } finally {
    await d.close();
    await o.close();
  }
});

await test('page partenaires : configurateur (options → aperçu → code), promesse, module ES ; axe-core', () =>
  withBrowser({}, async ({ page, errors }) => {
    const requests = [];
    page.context().on('request', (r) => requests.push(r.url()));
    await page.goto(`${server.url}partenaires.html`);
    await axeCheck(page, 'partenaires');
    const frame = await widgetFrame(page);
    await frame.waitForSelector('#start', { timeout: 30000 });
    const snippet = () => page.locator('#snippet').textContent();
    assert(
      (await snippet()) === `<script src="${server.url}embed.js" async></script>`,
      `default snippet ${await snippet()}`,
    );
    await page.fill('#opt-couleur', '#18753c');
    await page.selectOption('#opt-lang', 'en');
    await page.selectOption('#opt-debut', 'questionnaire');
    await page.fill('#opt-aides', 'af, rsa');
    await page.fill('#opt-prefill', '{"couple": false}');
    await page.fill('#opt-titre', 'Simulateur du CCAS');
    await page.fill('#opt-resultats', 'https://ccas.example/page');
    await page.waitForSelector('#opt-resultats-error:not([hidden])');
    await page.fill('#opt-resultats', 'https://ccas.example');
    await page.waitForFunction(() => document.getElementById('snippet').textContent.includes('ccas.example'));
    const code = await snippet();
    for (const part of [
      'data-couleur="#18753c"',
      'data-lang="en"',
      'data-debut="questionnaire"',
      'data-aides="af,rsa"',
      'data-prefill=\'{"couple":false}\'',
      'data-titre="Simulateur du CCAS"',
      'data-resultats="https://ccas.example"',
    ]) {
      assert(code.includes(part), `snippet lacks ${part}: ${code}`);
    }
    // the preview is the real widget with these options
    await page.waitForFunction(() => document.querySelector('#preview iframe')?.title === 'Simulateur du CCAS');
    const f2 = await widgetFrame(page, 0, 'debut=questionnaire');
    await f2.waitForSelector('form.ma-question', { timeout: 30000 });
    assert((await f2.evaluate(() => document.documentElement.lang)) === 'en', 'preview not in English');
    assert((await f2.locator('form.ma-question').getAttribute('data-question')) !== 'couple', 'prefill not applied');
    assert(
      (await f2.locator('#continue').evaluate((e) => getComputedStyle(e).backgroundColor)) === 'rgb(24, 117, 60)',
      'preview colour',
    );
    assert((await page.locator('#preview iframe').count()) === 1, 'old preview left');
    // the promise and the ES-module alternative
    const promise = await page.locator('#promesse').textContent();
    assert(
      /ne quittent pas leur appareil/.test(promise) && /hauteur/.test(promise) && /jamais les réponses/.test(promise),
      'privacy promise',
    );
    assert(
      (await page.locator('#module-example').textContent()).includes("import { createEngine } from '@mesaides/engine'"),
      'module example',
    );
    assert(/engine\/worker-client\.mjs/.test(await page.locator('main').textContent()), 'worker client example');
    await axeCheck(page, 'partenaires configurées');
    const outside = requests.filter(
      (u) => !u.startsWith(server.url) && !u.startsWith('data:') && !u.startsWith('blob:'),
    );
    assert(outside.length === 0, `requests outside: ${outside.join(', ')}`);
    assert(errors.length === 0, `errors (CSP?): ${errors.join(' | ')}`);
    await page.screenshot({ path: join(SHOTS, 'partenaires.png'), fullPage: true });
  }));

await server.close();
const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
console.log(`screenshots: ${SHOTS}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
