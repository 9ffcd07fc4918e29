// Mes Aides — the page. One state object; render() draws the current screen from it (the views are in
// views/). The engine runs in a Web Worker (engine.js), loaded in the background while the home page is
// shown; the questionnaire logic is in questionnaire.js (pure, tested with node).
//
// Screens: home → question (one per screen, chapters profil/foyer/logement/revenus) → recap → results.
// After each answer the situation is computed with the benefits' missing inputs, and the next question
// is the first input some benefit still depends on (see questionnaire.js). Each screen is an entry of
// the browser's history (Back and Forward move between questions); leaving with answers not saved asks
// for confirmation.

import { h } from './dom.js';
import { formatDate, monthOf } from './format.js';
import { t, LANGS } from './i18n.js';
import {
  absorbMissing,
  answer,
  buildSituation,
  canSkip,
  collectMissing,
  emptyAnswers,
  gateByName,
  makeCatalog,
  skip,
  nextQuestion,
  questionForKey,
  isPersonIncome,
} from './questionnaire.js';
import { questionFields, readQuestion } from './views/question.js';
import { chaptersAsked, stepper, backButton, noticeView, errorView } from './views/common.js';
import { homeView } from './views/home.js';
import { recapView } from './views/recap.js';
import { resultsView } from './views/results-page.js';
import { whatIfSection } from './views/whatif.js';
import { toSaveDocument, readSave, toHash, fromHash, saveFileName, describeSaveError, SaveError } from './save.js';
import { parseOptions, parsePrefill } from './options.js';
import { loadEngine } from './engine.js';
import { communeNameOf, isKnownCommune } from './communes.js';
import {
  SMIC_MULTIPLE,
  grid,
  smicRequest,
  smicNetFromAnswer,
  wageShares,
  currentWages,
  situationWithWages,
  otherIncome,
  summarizePoint,
  chartedBenefitNames,
  findCliffs,
} from './whatif.js';

const WHATIF_STEPS = 50;

const options = parseOptions(location.search);
const state = {
  lang: options.lang ?? (document.documentElement.lang === 'en' ? 'en' : 'fr'),
  period: options.period ?? monthOf(new Date()),
  screen: 'home', // home | loading | question | recap | results | error
  answers: emptyAnswers(),
  savedAnswers: null, // JSON of the answers last saved or restored (or the starting ones): nothing to lose if equal
  question: null,
  history: [], // keys of the questions answered, for the back button
  editing: false,
  errors: {},
  busy: false,
  engineReady: false,
  starting: false, // « Commencer » clicked before the engine was ready: the home page shows a progress bar
  notice: null, // {type, text, details?}
  engineError: null,
  info: null,
  catalog: new Map(),
  variables: new Map(), // every variable (inputs and computed), for the computation detail
  benefitList: [], // listBenefits(): names, labels and meta once the engine is ready, with their texts once they came (benefitsDescribed)
  result: null,
  resultId: 0, // changes with each result shown (cards of the same result are kept between renders)
  missing: [], // the engine's missing inputs for the current answers
  whatif: null, // {id, status: computing|done|error|nosmic, max, smic, steps, points, cliffs, current, message}
  chartWidth: 0,
  saveLink: null,
  communeNames: new Map(), // INSEE code → "Name (code)", for the recap
  nav: 0, // how many of the page's screens are behind the current one in the browser's history
  focus: 'title',
  shared: null, // the resultId whose summary was sent to the partner (embedded, ?resultats=)
};
state.savedAnswers = JSON.stringify(state.answers);
const initialAnswers = JSON.stringify(state.answers);

let engine = null;
let enginePromise = null;
const app = document.getElementById('app');
const statusRegion = document.getElementById('status');

// ------------------------------------------------------------------------------------- engine

function benefitFilter() {
  return options.benefits ? new Set(options.benefits) : null;
}

// The last computation, by its request: « voir les résultats » asks what the questionnaire's last
// step computed (the same answers), which the engine would otherwise compute again for nothing.
let lastComputation = null; // {key, promise}

function compute(situation, request) {
  // The benefits' missing inputs once for the answer (what the questionnaire asks): repeated in each
  // benefit they would be more than half of it.
  const options = { period: state.period, benefit_details: false, missing_inputs_once: true, ...request };
  const key = JSON.stringify([situation, options]);
  if (lastComputation?.key !== key) {
    const promise = computeNow(situation, options);
    lastComputation = { key, promise };
    promise.catch(() => {
      if (lastComputation?.promise === promise) lastComputation = null; // asked again next time
    });
  }
  return lastComputation.promise.then(withDescriptions);
}

// The benefits' descriptions (institution, description, how to apply, references) come with the rule
// texts, which the engine fetches apart: the list the engine gives at once has the names, labels and
// meta; this one, asked for when results are first shown (the service worker has the texts by then),
// has the rest. What shows results waits for it, but not for long (DESCRIPTIONS_WAIT_MS: a network
// that stalls never holds the results back; they are described when the list comes); without it
// (offline before the texts were ever fetched) the results keep the names, labels and meta.
// Every variable's description (for the computation detail, on the results page only) is asked for
// with them, not before the first question: a listing of some 900 variables takes the engine tens of
// milliseconds.
let describing = null; // Promise, once asked (null again after a failure: asked again next time)
function benefitsDescribed() {
  if (!describing && engine) {
    const variables =
      state.variables.size > 0
        ? null
        : engine.listVariables().then(
            (list) => {
              state.variables = new Map(list.map((v) => [v.name, v]));
            },
            () => {}, // the detail then shows the variables' names
          );
    describing = Promise.all([
      variables,
      engine.listBenefits().then(
        (list) => {
          state.benefitList = list;
          // Results shown without their descriptions (the wait ran out): described now.
          if (state.result?.benefits?.some((b) => !('institution' in b))) {
            state.result = withDescriptions(state.result);
            state.resultId += 1;
            if (state.screen === 'results' && !state.busy) render();
          }
        },
        (e) => {
          console.warn('benefit descriptions unavailable:', e?.message ?? e);
          describing = null;
        },
      ),
    ]);
  }
  return describing ?? Promise.resolve();
}

// The descriptions, waited for at most DESCRIPTIONS_WAIT_MS, once: after a wait that ran out, results
// are shown at once and described when the list comes (above).
const DESCRIPTIONS_WAIT_MS = 4000;
let descriptionsWaitedOut = false;
function describedSoon() {
  const described = benefitsDescribed();
  if (descriptionsWaitedOut) return Promise.resolve();
  let timer;
  const waited = new Promise((done) => {
    timer = setTimeout(() => {
      descriptionsWaitedOut = true;
      done();
    }, DESCRIPTIONS_WAIT_MS);
  });
  return Promise.race([described, waited]).finally(() => clearTimeout(timer));
}

// Each benefit's fixed description (listBenefits' entry less the names of its amount and eligibility
// variables), by name: made once per list (the what-if chart merges it into fifty answers).
let describedCache = { list: null, byName: null };
function describedBenefits() {
  if (describedCache.list !== state.benefitList) {
    const byName = new Map();
    for (const { amount: _variable, eligibility: _eligibility, ...fixed } of state.benefitList ?? [])
      byName.set(fixed.name, fixed);
    describedCache = { list: state.benefitList, byName };
  }
  return describedCache.byName;
}

// Benefits come without their fixed description (`benefit_details: false`: about 400 local aids for
// each person would repeat it on every answer); it is merged back from listBenefits() when the result
// is used (the list may have got its descriptions since the result was computed).
async function computeNow(situation, options) {
  const result = await engine.compute(situation, options);
  // The rule texts (the detail of a computation) come on demand: when they cannot be had (offline
  // before they were ever fetched), say so in the person's language rather than the engine's words.
  if (!result.ok && result.error?.kind === 'texts') throw new Error(t(state.lang, 'error.texts'));
  if (!result.ok) throw new Error(result.error?.message ?? 'engine error');
  return result;
}

function withDescriptions(result) {
  if (!result.benefits) return result;
  const described = describedBenefits();
  let benefits = result.benefits.map((b) => ({ ...described.get(b.name), ...b }));
  if (benefitFilter()) benefits = benefits.filter((b) => benefitFilter().has(b.name));
  return { ...result, benefits };
}

// Computes the situation, extends stable answers to the periods the rules read, and returns the next
// question (or null when nothing more is needed).
async function advance() {
  for (let round = 0; round < 8; round += 1) {
    const result = await compute(buildSituation(state.answers), { benefits: true });
    const missing = collectMissing(result);
    const { answers, changed } = absorbMissing(state.answers, missing, state.catalog, { period: state.period });
    state.answers = answers;
    if (changed) continue;
    state.result = result;
    state.missing = missing;
    return nextQuestion(state.answers, missing, state.catalog, { period: state.period });
  }
  throw new Error('the questionnaire does not settle');
}

// --------------------------------------------------------------------------------------- flow

async function go(fn) {
  if (state.busy) return;
  state.busy = true;
  setBusy(true);
  try {
    await fn();
  } catch (e) {
    console.error(e);
    state.notice = { type: 'error', text: t(state.lang, 'error.engine', { message: e.message ?? String(e) }) };
  } finally {
    state.busy = false;
    setBusy(false);
    if (pendingPop) {
      const s = pendingPop;
      pendingPop = null;
      applyPop(s);
    } else {
      render();
    }
  }
}

function setBusy(on) {
  app.setAttribute('aria-busy', on ? 'true' : 'false');
  for (const b of app.querySelectorAll('button[type="submit"]')) {
    b.disabled = on;
    if (on) b.textContent = t(state.lang, 'nav.computing');
  }
}

async function toNext() {
  const q = await advance();
  state.errors = {};
  state.focus = 'title';
  if (q) {
    state.question = q;
    state.screen = 'question';
  } else {
    state.question = null;
    state.editing = false;
    state.screen = 'recap';
  }
}

// The engine loads in the background from the first render; « Commencer » waits for it if needed.
function whenEngineReady() {
  enginePromise ??= startEngine();
  return enginePromise;
}

function start() {
  state.notice = null;
  if (!state.engineReady) {
    startClicked();
    state.starting = true;
    render();
    whenEngineReady().then((ok) => {
      state.starting = false;
      if (ok) start();
    });
    return;
  }
  go(async () => {
    state.history = [];
    await toNext();
  });
}

function submitQuestion(form) {
  const q = state.question;
  const read = readQuestion(ctx(), q, form);
  if (read.errors) {
    state.errors = read.errors;
    state.focus = 'error';
    render();
    return;
  }
  state.notice = null;
  state.answers = answer(state.answers, q, read.value, {
    period: state.period,
    postal: read.postal,
    same: read.same,
    catalog: state.catalog,
  });
  if (!state.editing) state.history.push(q.key);
  else state.history = state.history.includes(q.key) ? state.history : [...state.history, q.key];
  state.result = null;
  state.whatif = null;
  state.saveLink = null;
  go(toNext);
}

// « Je ne sais pas » records the rules' own default and marks the answer as assumed (listed on the
// results page); the question is then settled. See canSkip/skip in questionnaire.js.
function skippable(q) {
  return canSkip(q, state.catalog);
}

function skipQuestion() {
  const q = state.question;
  state.answers = skip(state.answers, q, state.catalog, { period: state.period });
  if (!state.editing) state.history.push(q.key);
  state.result = null;
  state.whatif = null;
  state.saveLink = null;
  go(toNext);
}

// The page's own back button: the browser's Back when the previous screen is one of ours (so both agree),
// else the previous question answered.
function goBack() {
  if (state.nav > 0 && history.state?.ma) {
    history.back();
    return;
  }
  back();
}

function back() {
  state.errors = {};
  state.notice = null;
  state.focus = 'title';
  if (state.screen === 'results') {
    state.screen = 'recap';
  } else if (state.screen === 'recap' || (state.screen === 'question' && state.editing)) {
    if (state.screen === 'question') {
      state.editing = false;
      state.screen = 'recap';
    } else {
      const key = state.history[state.history.length - 1];
      const q = key && questionForKey(key, state.answers, state.catalog);
      if (q) {
        state.history.pop();
        state.question = q;
        state.screen = 'question';
      } else {
        state.screen = 'home';
      }
    }
  } else if (state.screen === 'question') {
    const key = state.history.pop();
    const q = key && questionForKey(key, state.answers, state.catalog);
    if (q) state.question = q;
    else state.screen = 'home';
  }
  render();
}

function edit(key) {
  const q = questionForKey(key, state.answers, state.catalog);
  if (!q) return;
  state.question = q;
  state.editing = true;
  state.errors = {};
  state.notice = null;
  state.screen = 'question';
  state.focus = 'title';
  render();
}

function showResults() {
  loadSmic(state.period); // the chart's scale, asked with the results: there when the chart starts
  go(async () => {
    await describedSoon();
    state.result = await compute(buildSituation(state.answers), { benefits: true });
    state.resultId += 1;
    state.screen = 'results';
    state.focus = 'title';
    state.whatif = null;
  }).then(() => computeWhatIf());
}

function restart() {
  if (!window.confirm(t(state.lang, 'nav.restart.confirm'))) return;
  state.answers = emptyAnswers();
  state.savedAnswers = JSON.stringify(state.answers);
  state.history = [];
  state.result = null;
  state.whatif = null;
  state.saveLink = null;
  state.notice = null;
  state.screen = 'home';
  state.focus = 'title';
  render();
}

function setLang(lang) {
  if (!LANGS.includes(lang)) return;
  state.lang = lang;
  document.documentElement.lang = lang;
  state.focus = 'lang';
  render();
}

// ------------------------------------------------------------------------------ browser history

// Each screen the user reaches is pushed as an entry of the browser's history; Back and Forward come
// back through popstate and show the screen of the entry (the answers are kept: a question comes back
// filled in). Entries hold no answer, only the screen and the question's key.
let shownEntry = null; // signature of the screen the current history entry stands for
let fromPop = false;
let pendingPop = null; // a popstate met while the engine computes, applied when it is done

function entrySignature() {
  return `${state.screen}|${state.screen === 'question' ? state.question?.key : ''}|${state.editing ? 1 : 0}`;
}

function syncHistory() {
  if (!['home', 'question', 'recap', 'results'].includes(state.screen)) return;
  const sig = entrySignature();
  if (sig === shownEntry) return;
  const entry = { ma: true, screen: state.screen, key: state.question?.key ?? null, editing: state.editing };
  const url = location.pathname + location.search; // a `#reprise=` link is read once, not kept in the entries
  if (fromPop || shownEntry === null) {
    history.replaceState(
      { ...entry, depth: state.nav },
      '',
      fromPop ? undefined : location.hash.startsWith('#reprise=') ? url : undefined,
    );
  } else {
    state.nav += 1;
    history.pushState({ ...entry, depth: state.nav }, '', url);
  }
  shownEntry = sig;
  fromPop = false;
}

window.addEventListener('popstate', (e) => {
  const s = e.state;
  if (!s?.ma) return;
  if (state.busy) {
    pendingPop = s;
    return;
  }
  applyPop(s);
});

function applyPop(s) {
  state.nav = s.depth ?? 0;
  state.errors = {};
  state.notice = null;
  state.focus = 'title';
  fromPop = true;
  if (s.screen === 'question' && state.engineReady) {
    const q = s.key && questionForKey(s.key, state.answers, state.catalog);
    if (q) {
      state.question = q;
      state.editing = Boolean(s.editing);
      state.screen = 'question';
    } else {
      state.screen = 'home';
    }
  } else if (s.screen === 'recap' && state.engineReady) {
    state.editing = false;
    state.screen = 'recap';
  } else if (s.screen === 'results' && state.engineReady) {
    state.editing = false;
    if (state.result && state.screen === 'results') {
      render();
      return;
    }
    loadSmic(state.period);
    go(async () => {
      fromPop = true;
      await describedSoon();
      state.result = await compute(buildSituation(state.answers), { benefits: true });
      state.resultId += 1;
      state.whatif = null;
      state.screen = 'results';
      state.focus = 'title';
    }).then(() => computeWhatIf());
    return;
  } else {
    state.screen = 'home';
  }
  render();
}

// Nothing is stored without the user's act: leaving with answers given since the last save asks first.
function unsaved() {
  return JSON.stringify(state.answers) !== state.savedAnswers;
}
window.addEventListener('beforeunload', (e) => {
  if (!unsaved()) return;
  e.preventDefault();
  e.returnValue = '';
});

// A resume link opened in a tab already showing the site only changes the fragment: read it then too
// (after asking, when answers not saved would be replaced).
window.addEventListener('hashchange', async () => {
  if (!/^#reprise=/.test(location.hash) || !state.engineReady || state.busy) return;
  if (unsaved() && !window.confirm(t(state.lang, 'save.replace.confirm'))) return;
  let restored = null;
  try {
    restored = await fromHash(location.hash, saveContext());
  } catch (e) {
    showSaveError(e, 'hash');
    render();
  }
  // the fragment's entry stands for the screen shown when it came (Back returns to it), without the data
  state.nav += 1;
  history.replaceState(
    { ma: true, screen: state.screen, key: state.question?.key ?? null, editing: state.editing, depth: state.nav },
    '',
    location.pathname + location.search,
  );
  if (restored) await restore(restored);
});

// -------------------------------------------------------------------------------- save / load

function download() {
  const doc = toSaveDocument(state);
  const blob = new Blob([JSON.stringify(doc, null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: saveFileName(), hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  state.savedAnswers = JSON.stringify(state.answers);
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

async function makeLink() {
  const hash = await toHash(toSaveDocument(state));
  state.saveLink = `${location.origin}${location.pathname}${location.search}${hash}`;
  state.savedAnswers = JSON.stringify(state.answers);
  state.focus = 'save-link';
  render();
}

// What a save must agree with: the rules' inputs, the communes, the dates of today.
function saveContext() {
  return { catalog: state.catalog, today: new Date(), knownCommune: isKnownCommune };
}

function showSaveError(error, kind) {
  state.notice = {
    type: 'error',
    text: t(state.lang, `save.${kind}.error`),
    details: describeSaveError(state.lang, error, state),
  };
  state.focus = 'notice';
}

async function restore(data, { toResults = true } = {}) {
  state.period = data.period;
  state.answers = data.answers;
  state.history = [];
  state.notice = { type: 'success', text: t(state.lang, 'save.restored') };
  await go(async () => {
    const q = await advance();
    if (q) {
      state.question = q;
      state.screen = 'question';
    } else if (toResults) {
      await describedSoon();
      state.result = await compute(buildSituation(state.answers), { benefits: true });
      state.resultId += 1;
      state.screen = 'results';
    } else {
      state.screen = 'recap';
    }
    state.savedAnswers = JSON.stringify(state.answers);
    state.focus = 'title';
  });
  if (state.screen === 'results') computeWhatIf();
}

function upload(file) {
  const reader = new FileReader();
  reader.onload = async () => {
    if (!(await whenEngineReady())) return; // the answers are checked against the rules
    let data;
    try {
      let doc;
      try {
        doc = JSON.parse(reader.result);
      } catch {
        throw new SaveError('format');
      }
      data = await readSave(doc, saveContext());
    } catch (e) {
      showSaveError(e, 'upload');
      render();
      return;
    }
    restore(data);
  };
  reader.readAsText(file);
}

async function copyLink() {
  try {
    await navigator.clipboard.writeText(state.saveLink);
    announce(t(state.lang, 'save.link.copied'));
  } catch {
    document.getElementById('save-link')?.select();
  }
}

// ------------------------------------------------------------------------------------ what-if

// The SMIC of the chart's axis at a period (net monthly), from the rules (smicRequest): one small
// computation, kept per period (not when the engine failed: asked again next time).
const smicByPeriod = new Map();
function loadSmic(period) {
  if (!smicByPeriod.has(period)) {
    const { situation, options } = smicRequest(period);
    smicByPeriod.set(
      period,
      engine.compute(situation, options).then(
        (result) => smicNetFromAnswer(result, period),
        () => {
          smicByPeriod.delete(period);
          return null;
        },
      ),
    );
  }
  return smicByPeriod.get(period);
}

let whatIfCount = 0;
async function computeWhatIf() {
  if (state.screen !== 'results') return;
  whatIfCount += 1;
  const id = whatIfCount;
  const smic = await loadSmic(state.period);
  if (state.screen !== 'results') return;
  if (smic === null) {
    state.whatif = { id, status: 'nosmic' };
    renderWhatIf();
    return;
  }
  const max = Math.round(smic * SMIC_MULTIPLE);
  const xs = grid(max, WHATIF_STEPS);
  const shares = wageShares(state.answers);
  const inputNames = new Set(state.catalog.keys());
  const other = otherIncome(state.answers);
  const answers = state.answers;
  state.whatif = { id, status: 'computing', max, smic, steps: WHATIF_STEPS, points: [] };
  renderWhatIf();
  let next;
  try {
    const points = await Promise.all(
      xs.map(async (x) => {
        const situation = situationWithWages(answers, state.period, x, shares, inputNames);
        // Amounts and verdicts only: no reason nor missing input (benefit_reasons), a fraction of the work.
        const result = await compute(situation, {
          benefits: true,
          benefit_names: chartedBenefitNames(state.benefitList),
          benefit_reasons: false,
        });
        return summarizePoint(x, result, other, benefitFilter());
      }),
    );
    next = {
      id,
      status: 'done',
      max,
      smic,
      steps: WHATIF_STEPS,
      points,
      cliffs: findCliffs(points),
      current: currentWages(answers),
    };
  } catch (e) {
    next = { id, status: 'error', max, smic, steps: WHATIF_STEPS, message: e.message };
  }
  if (state.whatif?.id !== id) return; // answers changed meanwhile
  state.whatif = next;
  if (state.screen === 'results') renderWhatIf();
}

const traceCache = new Map();
async function loadTrace(b) {
  const desc = state.benefitList.find((x) => x.name === b.name);
  const variables = [desc?.amount, desc?.eligibility].filter(Boolean);
  const key = JSON.stringify([variables, state.answers, state.period]);
  if (!traceCache.has(key)) {
    traceCache.set(
      key,
      compute(buildSituation(state.answers), { variables, trace: true, explain: true }).then((r) => r.trace),
    );
  }
  return traceCache.get(key);
}

// ------------------------------------------------------------------------------------ render

function ctx() {
  return {
    lang: state.lang,
    answers: state.answers,
    catalog: state.catalog,
    period: state.period,
    today: new Date(),
    incomePeriods: state.question?.kind === 'incomes' ? incomePeriodsFor(state.question.id) : null,
  };
}

function incomePeriodsFor(id) {
  const periods = new Set();
  for (const m of state.missing ?? []) {
    const def = state.catalog.get(m.variable);
    if (m.id === id && def && isPersonIncome(def)) periods.add(m.period);
  }
  return [...periods];
}

function announce(text) {
  statusRegion.textContent = '';
  setTimeout(() => {
    statusRegion.textContent = text;
  }, 50);
}

// The chapters this household goes through (see chaptersAsked).
function chapters() {
  if (!state.engineReady) return ['recapitulatif', 'resultats'];
  return chaptersAsked({
    answers: state.answers,
    missing: state.missing,
    catalog: state.catalog,
    period: state.period,
    current: state.question?.chapter,
  });
}

function visibleBenefits() {
  const f = benefitFilter();
  return state.benefitList.filter((b) => !f || f.has(b.name));
}

// Commune names for the recap (the answer is the INSEE code), loaded on demand.
const communeLoading = new Set();
function communeLabel(code) {
  if (state.communeNames.has(code)) return state.communeNames.get(code);
  if (!communeLoading.has(code)) {
    communeLoading.add(code);
    communeNameOf(code)
      .then((name) => {
        if (!name) return;
        state.communeNames.set(code, `${name} (${code})`);
        if (['recap', 'results'].includes(state.screen) && !state.busy) render();
      })
      .catch(() => {});
  }
  return null;
}

// Elements kept from one render to the next under a key (benefit cards, disclosures): their open state,
// loaded content and focus survive a render of the same screen.
let kept = new Map();
let nextKept = new Map();
function keep(key, build) {
  const el = kept.get(key) ?? build();
  nextKept.set(key, el);
  return el;
}

function viewContext() {
  return {
    state,
    options,
    chapters: chapters(),
    visibleBenefits,
    keep,
    communeLabel,
    act: {
      start,
      back: goBack,
      edit,
      upload,
      download,
      makeLink,
      copyLink,
      showResults,
      restart,
      print: printPage,
      loadTrace,
      shareResults,
    },
  };
}

// The what-if chart's section drawn again (its computation started or ended), the rest of the
// page left as it is: a render of the whole results page (its DOM made again, the browser's layout
// forced twice) took longer than the chart's fifty computations in Chromium (December 2026).
function renderWhatIf() {
  const section = document.getElementById('whatif');
  if (state.screen !== 'results' || !section || !app.contains(section)) {
    render();
    return;
  }
  const scrollY = window.scrollY;
  section.replaceWith(whatIfSection(viewContext()));
  if (window.scrollY !== scrollY) window.scrollTo(0, scrollY);
  postHeight(false);
}

function measureChart() {
  const style = getComputedStyle(app);
  return Math.round(app.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight));
}

function render() {
  const lang = state.lang;
  document.documentElement.lang = lang;
  const active = document.activeElement;
  const scrollY = window.scrollY;
  state.chartWidth = measureChart();
  nextKept = new Map();
  const v = viewContext();
  let view;
  switch (state.screen) {
    case 'loading':
      view = h('p', {}, t(lang, 'app.loading'));
      break;
    case 'error':
      view = errorView(v);
      break;
    case 'home':
      view = homeView(v);
      break;
    case 'question':
      view = questionView(v);
      break;
    case 'recap':
      view = recapView(v);
      break;
    case 'results':
      view = resultsView(v);
      break;
    default:
      view = h('p', {}, state.screen);
  }
  kept = nextKept;
  app.replaceChildren(view);
  app.dataset.screen = state.screen;
  app.setAttribute('aria-busy', state.busy ? 'true' : 'false');
  translateChrome();
  syncHistory();
  if (!state.focus) {
    // same screen drawn again: keep the reader where they were
    if (active && active !== document.body && app.contains(active) && document.activeElement !== active)
      active.focus({ preventScroll: true });
    if (window.scrollY !== scrollY) window.scrollTo(0, scrollY);
  }
  const newScreen = state.focus === 'title';
  applyFocus();
  postHeight(newScreen);
  updateTabLink();
}

function applyFocus() {
  const f = state.focus;
  state.focus = null;
  if (!f) return;
  let el = null;
  if (f === 'error') el = app.querySelector('[aria-invalid="true"], .fr-fieldset--error input');
  else if (f === 'lang') el = document.getElementById('lang-switch');
  else if (f === 'save-link') el = document.getElementById('save-link');
  else if (f === 'notice') el = document.getElementById('notice');
  if (!el) el = app.querySelector('h1');
  if (el) {
    if (el.tagName === 'H1' || el.id === 'notice') el.setAttribute('tabindex', '-1');
    // embedded: no focus moved before the user acts inside (the host page keeps it), and no scroll of
    // the host from here (embed.js scrolls it to the widget's top)
    if (!options.embed || interacted) el.focus({ preventScroll: f === 'lang' || options.embed });
    if (el.tagName === 'H1' && f === 'title' && !options.embed) window.scrollTo(0, 0);
  }
  if (f === 'title') announce(app.querySelector('h1')?.textContent ?? '');
}

function translateChrome() {
  const lang = state.lang;
  const set = (id, text) => {
    const el = document.getElementById(id);
    if (el) el.textContent = text;
  };
  set('tagline', t(lang, 'app.tagline'));
  set('skip-link', t(lang, 'app.skip'));
  set('privacy-link', t(lang, 'app.privacy'));
  set('footer-privacy', t(lang, 'app.privacy'));
  set('footer-desc', t(lang, 'app.privacy.short'));
  set('footer-source', t(lang, 'app.footer.source'));
  set('open-tab', t(lang, 'embed.open_tab'));
  document.getElementById('open-tab')?.setAttribute('title', t(lang, 'embed.open_tab.title'));
  if (state.info)
    set(
      'footer-law',
      `${t(lang, 'app.footer.law', { date: formatDate(state.info.law_date, lang) })} · ${t(lang, 'app.footer.engine', { version: state.info.engine_version })}`,
    );
  document.querySelector('.fr-skiplinks nav')?.setAttribute('aria-label', t(lang, 'app.skiplinks'));
  document.getElementById('home-link')?.setAttribute('title', t(lang, 'app.home_link'));
  const sw = document.getElementById('lang-switch');
  if (sw) {
    sw.textContent = t(lang, 'app.lang.switch');
    sw.setAttribute('lang', lang === 'fr' ? 'en' : 'fr');
    sw.title = t(lang, 'app.lang.switch.title');
  }
  document.title =
    state.screen === 'question' && state.question
      ? `${app.querySelector('h1')?.textContent ?? ''} — Mes Aides`
      : `Mes Aides — ${t(lang, 'app.tagline')}`;
}

function questionView(v) {
  const lang = state.lang;
  const q = state.question;
  const errorCount = Object.keys(state.errors).length;
  const form = h(
    'form',
    {
      class: 'ma-question',
      novalidate: true,
      'data-question': q.key,
      'data-kind': q.kind,
      onsubmit: (e) => {
        e.preventDefault();
        submitQuestion(e.target);
      },
    },
    questionFields(ctx(), q, state.errors),
    h(
      'div',
      { class: 'ma-actions' },
      skippable(q)
        ? h(
            'button',
            {
              type: 'button',
              class: 'fr-btn fr-btn--tertiary',
              id: 'skip',
              'aria-describedby': 'skip-help',
              onclick: () => skipQuestion(),
            },
            t(lang, 'q.skip'),
          )
        : null,
      h(
        'button',
        { type: 'submit', class: 'fr-btn fr-btn--icon-right fr-icon-arrow-right-line', id: 'continue' },
        t(lang, 'nav.continue'),
      ),
    ),
    skippable(q)
      ? h(
          'p',
          { class: 'fr-hint-text ma-skip-help', id: 'skip-help' },
          t(lang, q.kind === 'gate' ? 'gate.skip.help' : 'q.skip.help'),
        )
      : null,
  );
  return h(
    'div',
    { class: 'fr-grid-row fr-grid-row--center' },
    h(
      'div',
      { class: 'fr-col-12 fr-col-md-10 fr-col-lg-8' },
      stepper(v, q.chapter),
      backButton(v, state.editing ? t(lang, 'nav.back_recap') : t(lang, 'nav.back')),
      noticeView(v),
      errorCount ? h('p', { class: 'fr-sr-only', role: 'alert' }, t(lang, 'error.title')) : null,
      form,
    ),
  );
}

// The chart is drawn at the width it is shown: draw it again when that changes (a phone turned).
let resizeTimer = null;
window.addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => {
    if (state.screen !== 'results' || state.whatif?.status !== 'done' || state.busy) return;
    if (Math.abs(measureChart() - state.chartWidth) < 40) return;
    render();
  }, 200);
});

function printPage() {
  const opened = [];
  const onBefore = () => {
    for (const d of app.querySelectorAll(
      'details.ma-details--apply, details.ma-details--not-simulated, details.ma-details--references, details.ma-details--recap',
    )) {
      if (!d.open) {
        d.ensure?.();
        d.open = true;
        opened.push(d);
      }
    }
  };
  const onAfter = () => {
    for (const d of opened.splice(0)) d.open = false;
    window.removeEventListener('afterprint', onAfter);
  };
  onBefore();
  window.addEventListener('afterprint', onAfter);
  window.print();
}
window.addEventListener('beforeprint', () => {
  for (const d of app.querySelectorAll(
    'details.ma-details--apply, details.ma-details--not-simulated, details.ma-details--references, details.ma-details--recap',
  )) {
    d.ensure?.();
    d.open = true;
  }
});

// ------------------------------------------------------------------------------------ embedding

// The page embedding us: its origin, from the browser (ancestorOrigins, Chromium and Safari), else from
// embed.js (?parent=), else from the referrer (an iframe without the loader). Messages are posted to
// that origin only, never to '*': if the value given were not the parent's real origin, the browser
// would drop the message. Unknown (no referrer, Firefox without the loader): nothing is posted, and the
// iframe keeps the height the partner gave it.
const parentOrigin = (() => {
  if (!options.embed || window.parent === window) return null;
  const known = location.ancestorOrigins?.[0];
  if (known && known !== 'null') return known;
  if (options.parent) return options.parent;
  try {
    const o = new URL(document.referrer).origin;
    return o === 'null' ? null : o;
  } catch {
    return null;
  }
})();

// The host scrolls to the widget at a new question only once the user has acted inside it (not at
// load: a widget low in the partner's page does not pull the page down).
let interacted = false;
if (options.embed) {
  for (const type of ['pointerdown', 'keydown'])
    window.addEventListener(
      type,
      () => {
        interacted = true;
      },
      { capture: true, passive: true },
    );
}

// Not in requestAnimationFrame: Chromium does not run it in a cross-origin iframe out of view (a widget
// low in the partner's page would keep its first height).
let lastHeight = 0;
function postHeight(scrollTop) {
  if (!parentOrigin) return;
  setTimeout(() => {
    const height = document.documentElement.scrollHeight;
    const scroll = Boolean(scrollTop) && interacted;
    if (height !== lastHeight || scroll) {
      lastHeight = height;
      window.parent.postMessage({ type: 'mesaides:height', height, scrollTop: scroll }, parentOrigin);
    }
  }, 0);
}

// The results summary a partner asked for (?resultats=ORIGIN), posted to that origin only, when the
// user clicks the button that lists what is sent (views/share.js).
function shareResults(summary) {
  if (!options.results || window.parent === window) return false;
  window.parent.postMessage({ type: 'mesaides:resultats', ...summary }, options.results);
  state.shared = state.resultId;
  render();
  return true;
}

// « Ouvrir dans un nouvel onglet »: the full site with the answers in the fragment (never sent to a
// server; the host page cannot read the iframe's link). Updated after each render.
let tabLinkAnswers = null;
async function updateTabLink() {
  const a = document.getElementById('open-tab');
  if (!a || !options.embed) return;
  const json = JSON.stringify(state.answers);
  if (json === tabLinkAnswers) return;
  tabLinkAnswers = json;
  const url = new URL('index.html', location.href);
  if (state.lang !== 'fr') url.searchParams.set('lang', state.lang);
  if (options.benefits) url.searchParams.set('aides', options.benefits.join(','));
  if (options.period) url.searchParams.set('periode', options.period);
  const empty = json === initialAnswers;
  const hash = empty ? '' : await toHash(toSaveDocument(state));
  if (tabLinkAnswers === json) a.href = url.href + hash;
}

function applyEmbedOptions() {
  if (options.embed) {
    document.documentElement.classList.add('ma-embed');
    const tab = document.getElementById('open-tab-wrap');
    if (tab) tab.hidden = false;
  }
  if (options.color) {
    const root = document.documentElement.style;
    for (const v of [
      '--background-action-high-blue-france',
      '--text-action-high-blue-france',
      '--border-action-high-blue-france',
      '--text-title-blue-france',
      '--border-plain-blue-france',
      '--background-active-blue-france',
      '--text-active-blue-france',
    ]) {
      root.setProperty(v, options.color);
    }
  }
  if (options.embed && 'ResizeObserver' in window) new ResizeObserver(() => postHeight(false)).observe(document.body);
}

// ------------------------------------------------------------------------------------ start

// Loads the engine and what the questionnaire needs from it; true when ready.
async function startEngine() {
  try {
    await serviceWorkerInControl(5000);
    engine = await loadEngine();
    const [info, inputs, benefits] = await Promise.all([
      engine.info(),
      engine.listInputs({ texts: false }), // (their references come with the rule texts)
      engine.listBenefits({ texts: false }), // their descriptions come with the rule texts, after
    ]);
    state.info = info;
    state.catalog = makeCatalog(inputs);
    state.benefitList = benefits;
    state.engineReady = true;
    if (!state.busy) render();
    return true;
  } catch (e) {
    console.error(e);
    state.engineError = e.message ?? String(e);
    state.screen = 'error';
    state.starting = false;
    render();
    return false;
  }
}

async function init() {
  applyEmbedOptions();
  document.getElementById('lang-switch')?.addEventListener('click', () => setLang(state.lang === 'fr' ? 'en' : 'fr'));
  const hash = location.hash;
  const prefill = hash ? parsePrefill(hash) : null;
  if (prefill) {
    const gates = Object.fromEntries(Object.entries(prefill.gates ?? {}).filter(([name]) => gateByName(name)));
    state.answers = {
      ...state.answers,
      ...prefill,
      gates,
      values: { ...state.answers.values, ...(prefill.values ?? {}) },
    };
    state.savedAnswers = JSON.stringify(state.answers);
  }
  const resuming = /^#reprise=/.test(hash);
  // The home page at once; a resume link or a partner's « questionnaire » start wait for the engine.
  state.screen = resuming || options.start === 'questionnaire' ? 'loading' : 'home';
  render();
  registerServiceWorker();
  const ready = await whenEngineReady();
  if (!ready) return;
  if (resuming) {
    let restored = null;
    try {
      restored = await fromHash(hash, saveContext());
    } catch (e) {
      showSaveError(e, 'hash');
    }
    if (restored) {
      await restore(restored);
      return;
    }
    state.screen = 'home';
    render();
    return;
  }
  if (options.start === 'questionnaire') start();
}

// On a first visit, the engine (the largest file) is loaded once the service worker controls the page
// (a moment after the home page is shown: it has fetched the engine meanwhile), so it is not fetched
// twice; at once if the user starts before.
let startClicked = null;
const clicked = new Promise((ok) => {
  startClicked = ok;
});
function serviceWorkerInControl(ms) {
  if (!('serviceWorker' in navigator) || navigator.serviceWorker.controller || location.protocol === 'file:')
    return Promise.resolve();
  return Promise.race([
    new Promise((ok) => navigator.serviceWorker.addEventListener('controllerchange', ok, { once: true })),
    new Promise((ok) => setTimeout(ok, ms)),
    clicked,
  ]);
}

// The service worker keeps the files for offline use. It downloads nothing the page already has: once
// it controls the page, it is told what the page loaded before it (see sw.js).
function registerServiceWorker() {
  if (!('serviceWorker' in navigator) || location.protocol === 'file:') return;
  navigator.serviceWorker
    .register(new URL('../sw.js', import.meta.url), { scope: new URL('../', import.meta.url).pathname })
    .catch((e) => console.warn('service worker not registered:', e.message));
  const tell = () => {
    const urls = [location.href, ...performance.getEntriesByType('resource').map((e) => e.name)].filter((u) =>
      u.startsWith(location.origin),
    );
    navigator.serviceWorker.controller?.postMessage({ type: 'cache', urls });
  };
  if (navigator.serviceWorker.controller) {
    // a later visit: the worker has the files; this fills what a first visit could not get (offline)
    whenEngineReady().then(tell);
  } else {
    navigator.serviceWorker.addEventListener('controllerchange', () => whenEngineReady().then(tell), { once: true });
  }
}

init();
