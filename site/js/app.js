// Mes Aides — the page. One state object; render() draws the current screen from it. The engine runs in
// a Web Worker (engine.js); the questionnaire logic is in questionnaire.js (pure, tested with node).
//
// Screens: home → question (one per screen, chapters profil/foyer/logement/revenus) → recap → results.
// After each answer the situation is computed with the benefits' missing inputs, and the next question
// is the first input some benefit still depends on (see questionnaire.js).

import { h, fromMarkup } from './dom.js';
import { formatMoney, formatPeriod, formatDate, monthOf, formatNumber } from './format.js';
import { t, benefitName, LANGS } from './i18n.js';
import {
  CHAPTERS, absorbMissing, answer, buildSituation, collectMissing, emptyAnswers, makeCatalog,
  nextQuestion, questionForKey, recapItems, isPersonIncome, personIds, personRole,
} from './questionnaire.js';
import { recapLine } from './wording.js';
import { questionFields, readQuestion } from './views/question.js';
import { benefitCard, groupCard, groupOthers, sortBenefits, totals } from './views/results.js';
import { toSaveDocument, fromSaveDocument, toHash, fromHash, saveFileName } from './save.js';
import { parseOptions, parsePrefill } from './options.js';
import { loadEngine } from './engine.js';
import { loadPostalCodes, communeName } from './communes.js';
import {
  SMIC_MULTIPLE, grid, smicNetMonthly, wageShares, currentWages, situationWithWages, otherIncome, summarizePoint, findCliffs,
} from './whatif.js';
import { renderChart, COLORS } from './chart.js';

const WHATIF_STEPS = 50;
const FALLBACK_SMIC_NET = 1443.11; // SMIC 2026 (12.02 € × 151.67 h, net ≈ gross / 1.264), if the rules lack it

const options = parseOptions(location.search);
const state = {
  lang: options.lang ?? (document.documentElement.lang === 'en' ? 'en' : 'fr'),
  period: options.period ?? monthOf(new Date()),
  screen: 'loading', // loading | home | question | recap | results | error
  answers: emptyAnswers(),
  question: null,
  history: [], // keys of the questions answered, for the back button
  editing: false,
  errors: {},
  busy: false,
  notice: null, // {type, text}
  engineError: null,
  info: null,
  catalog: new Map(),
  variables: new Map(), // every variable (inputs and computed), for the computation detail
  benefitList: [],
  parameters: null,
  result: null,
  whatif: null,
  saveLink: null,
  focus: 'title',
};

let engine = null;
const app = document.getElementById('app');
const statusRegion = document.getElementById('status');

// ------------------------------------------------------------------------------------- engine

function benefitFilter() {
  return options.benefits ? new Set(options.benefits) : null;
}

async function compute(situation, request) {
  const result = await engine.compute(situation, { period: state.period, ...request });
  if (!result.ok) throw new Error(result.error?.message ?? 'engine error');
  if (benefitFilter() && result.benefits) result.benefits = result.benefits.filter((b) => benefitFilter().has(b.name));
  return result;
}

// Computes the situation, extends stable answers to the periods the rules read, and returns the next
// question (or null when nothing more is needed).
async function advance() {
  for (let round = 0; round < 8; round += 1) {
    const result = await compute(buildSituation(state.answers), { benefits: true });
    const missing = collectMissing(result);
    const { answers, changed } = absorbMissing(state.answers, missing, state.catalog);
    state.answers = answers;
    if (changed) continue;
    state.result = result;
    state.missing = missing;
    return nextQuestion(state.answers, missing, state.catalog);
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
    render();
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

function start() {
  state.notice = null;
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
  state.answers = answer(state.answers, q, read.value, { period: state.period, postal: read.postal, same: read.same });
  if (!state.editing) state.history.push(q.key);
  else state.history = state.history.includes(q.key) ? state.history : [...state.history, q.key];
  state.result = null;
  state.whatif = null;
  state.saveLink = null;
  go(toNext);
}

// Optional facts (a date of sick leave, a disability rate…): "I don't know / not concerned" records the
// rules' own default, which is what the engine would use anyway; the question is then settled.
function skippable(q) {
  if (!q.variable || !['date', 'number', 'integer'].includes(q.kind) || q.variable === 'date_naissance') return false;
  const def = state.catalog.get(q.variable);
  return def && def.default !== null && def.default !== undefined;
}

function skipQuestion() {
  const q = state.question;
  state.answers = answer(state.answers, q, state.catalog.get(q.variable).default, { period: state.period });
  if (!state.editing) state.history.push(q.key);
  state.result = null;
  state.whatif = null;
  state.saveLink = null;
  go(toNext);
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
  state.screen = 'question';
  state.focus = 'title';
  render();
}

function showResults() {
  go(async () => {
    state.result = await compute(buildSituation(state.answers), { benefits: true });
    state.screen = 'results';
    state.focus = 'title';
    state.whatif = null;
  }).then(() => computeWhatIf());
}

function restart() {
  if (!window.confirm(t(state.lang, 'nav.restart.confirm'))) return;
  state.answers = emptyAnswers();
  state.history = [];
  state.result = null;
  state.whatif = null;
  state.saveLink = null;
  state.screen = 'home';
  state.focus = 'title';
  if (location.hash) history.replaceState(null, '', location.pathname + location.search);
  render();
}

function setLang(lang) {
  if (!LANGS.includes(lang)) return;
  state.lang = lang;
  document.documentElement.lang = lang;
  const keepFocus = 'lang';
  state.focus = keepFocus;
  render();
}

// -------------------------------------------------------------------------------- save / load

function download() {
  const doc = toSaveDocument(state);
  const blob = new Blob([JSON.stringify(doc, null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: saveFileName(), hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

async function makeLink() {
  const hash = await toHash(toSaveDocument(state));
  state.saveLink = `${location.origin}${location.pathname}${location.search}${hash}`;
  state.focus = 'save-link';
  render();
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
      state.result = await compute(buildSituation(state.answers), { benefits: true });
      state.screen = 'results';
    } else {
      state.screen = 'recap';
    }
    state.focus = 'title';
  });
  if (state.screen === 'results') computeWhatIf();
}

function upload(file) {
  const reader = new FileReader();
  reader.onload = () => {
    try {
      restore(fromSaveDocument(JSON.parse(reader.result)));
    } catch {
      state.notice = { type: 'error', text: t(state.lang, 'save.upload.error') };
      render();
    }
  };
  reader.readAsText(file);
}

// ------------------------------------------------------------------------------------ what-if

function smicNet() {
  return smicNetMonthly(state.parameters, state.period) ?? FALLBACK_SMIC_NET;
}

async function computeWhatIf() {
  if (state.screen !== 'results') return;
  const max = Math.round(smicNet() * SMIC_MULTIPLE);
  const xs = grid(max, WHATIF_STEPS);
  const shares = wageShares(state.answers);
  const inputNames = new Set(state.catalog.keys());
  const other = otherIncome(state.answers);
  state.whatif = { status: 'computing', max, points: [] };
  renderWhatIf();
  try {
    const points = await Promise.all(xs.map(async (x) => {
      const situation = situationWithWages(state.answers, state.period, x, shares, inputNames);
      const result = await compute(situation, { benefits: true });
      return summarizePoint(x, result, other, benefitFilter());
    }));
    const current = currentWages(state.answers);
    state.whatif = { status: 'done', max, points, cliffs: findCliffs(points), current };
  } catch (e) {
    state.whatif = { status: 'error', max, message: e.message };
  }
  renderWhatIf();
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
  setTimeout(() => { statusRegion.textContent = text; }, 50);
}

function render() {
  const lang = state.lang;
  document.documentElement.lang = lang;
  translateChrome();
  let view;
  switch (state.screen) {
    case 'loading': view = h('p', {}, t(lang, 'app.loading')); break;
    case 'error': view = errorView(); break;
    case 'home': view = homeView(); break;
    case 'question': view = questionView(); break;
    case 'recap': view = recapView(); break;
    case 'results': view = resultsView(); break;
    default: view = h('p', {}, state.screen);
  }
  app.replaceChildren(view);
  app.dataset.screen = state.screen;
  app.setAttribute('aria-busy', 'false');
  if (state.screen === 'results') renderWhatIf();
  applyFocus();
  postHeight(state.focus === 'title');
}

function applyFocus() {
  const f = state.focus;
  state.focus = null;
  if (!f) return;
  let el = null;
  if (f === 'error') el = app.querySelector('[aria-invalid="true"], .fr-fieldset--error input');
  else if (f === 'lang') el = document.getElementById('lang-switch');
  else if (f === 'save-link') el = document.getElementById('save-link');
  if (!el) el = app.querySelector('h1');
  if (el) {
    if (el.tagName === 'H1') el.setAttribute('tabindex', '-1');
    el.focus({ preventScroll: f === 'lang' });
    if (el.tagName === 'H1' && f === 'title' && !options.embed) window.scrollTo(0, 0);
  }
  if (f === 'title') announce(app.querySelector('h1')?.textContent ?? '');
}

function translateChrome() {
  const lang = state.lang;
  const set = (id, text) => { const el = document.getElementById(id); if (el) el.textContent = text; };
  set('tagline', t(lang, 'app.tagline'));
  set('skip-link', t(lang, 'app.skip'));
  set('privacy-link', t(lang, 'app.privacy'));
  set('footer-privacy', t(lang, 'app.privacy'));
  set('footer-desc', t(lang, 'app.privacy.short'));
  set('footer-source', t(lang, 'app.footer.source'));
  if (state.info) set('footer-law', `${t(lang, 'app.footer.law', { date: formatDate(state.info.law_date, lang) })} · ${t(lang, 'app.footer.engine', { version: state.info.engine_version })}`);
  const sw = document.getElementById('lang-switch');
  if (sw) {
    sw.textContent = t(lang, 'app.lang.switch');
    sw.setAttribute('lang', lang === 'fr' ? 'en' : 'fr');
    sw.title = t(lang, 'app.lang.switch.title');
  }
  document.title = state.screen === 'question' && state.question
    ? `${app.querySelector('h1')?.textContent ?? ''} — Mes Aides`
    : `Mes Aides — ${t(lang, 'app.tagline')}`;
}

function noticeView() {
  if (!state.notice) return null;
  const type = state.notice.type === 'error' ? 'error' : state.notice.type === 'success' ? 'success' : 'info';
  return h('div', { class: `fr-alert fr-alert--${type} fr-alert--sm fr-mb-3w`, role: type === 'error' ? 'alert' : 'status' }, h('p', {}, state.notice.text));
}

function errorView() {
  return h('div', {}, h('h1', {}, t(state.lang, 'app.title')),
    h('div', { class: 'fr-alert fr-alert--error' }, h('p', {}, t(state.lang, 'app.engine_error', { message: state.engineError }))));
}

function homeView() {
  const lang = state.lang;
  const input = h('input', { class: 'fr-upload', type: 'file', id: 'upload-home', accept: '.json,application/json', 'aria-describedby': 'upload-home-hint',
    onchange: (e) => e.target.files[0] && upload(e.target.files[0]) });
  return h('div', { class: 'fr-grid-row fr-grid-row--gutters' },
    h('div', { class: 'fr-col-12 fr-col-lg-8' },
      noticeView(),
      h('h1', {}, t(lang, 'home.title')),
      h('p', { class: 'fr-text--lead' }, t(lang, 'home.lead')),
      h('ul', { class: 'ma-points' },
        h('li', { class: 'fr-icon-lock-line' }, t(lang, 'home.points.private')),
        h('li', { class: 'fr-icon-time-line' }, t(lang, 'home.points.time')),
        h('li', { class: 'fr-icon-scales-3-line' }, t(lang, 'home.points.estimate'))),
      h('p', {}, t(lang, 'home.period', { month: formatPeriod(state.period, lang) })),
      h('button', { type: 'button', class: 'fr-btn fr-btn--lg fr-btn--icon-right fr-icon-arrow-right-line', id: 'start', onclick: start }, t(lang, 'home.start')),
      h('div', { class: 'fr-upload-group fr-mt-5w' },
        h('label', { class: 'fr-label', for: 'upload-home' }, t(lang, 'home.resume'), h('span', { class: 'fr-hint-text', id: 'upload-home-hint' }, t(lang, 'home.resume.hint'))),
        input)),
    h('div', { class: 'fr-col-12 fr-col-lg-4' },
      h('div', { class: 'fr-callout ma-callout' },
        h('h2', { class: 'fr-callout__title fr-h5' }, t(lang, 'home.benefits')),
        h('ul', { class: 'fr-callout__text ma-benefit-list' }, visibleBenefits().map((b) => h('li', {}, benefitName(lang, b)))))));
}

function visibleBenefits() {
  const f = benefitFilter();
  return state.benefitList.filter((b) => !f || f.has(b.name));
}

function stepper(chapter) {
  const lang = state.lang;
  const i = CHAPTERS.indexOf(chapter);
  const next = CHAPTERS[i + 1];
  return h('div', { class: 'fr-stepper ma-stepper' },
    h('h2', { class: 'fr-stepper__title' }, t(lang, `chapter.${chapter}`),
      h('span', { class: 'fr-stepper__state' }, t(lang, 'stepper.step', { n: i + 1, total: CHAPTERS.length }))),
    h('div', { class: 'fr-stepper__steps', 'data-fr-current-step': String(i + 1), 'data-fr-steps': String(CHAPTERS.length) }),
    next ? h('p', { class: 'fr-stepper__details' }, h('span', { class: 'fr-text--bold' }, t(lang, 'stepper.next')), ' ', t(lang, `chapter.${next}`)) : null);
}

function backButton(label) {
  return h('button', { type: 'button', class: 'fr-btn fr-btn--tertiary-no-outline fr-btn--sm fr-btn--icon-left fr-icon-arrow-left-line ma-back', onclick: back }, label);
}

function questionView() {
  const lang = state.lang;
  const q = state.question;
  const errorCount = Object.keys(state.errors).length;
  const form = h('form', { class: 'ma-question', novalidate: true, 'data-question': q.key, 'data-kind': q.kind,
    onsubmit: (e) => { e.preventDefault(); submitQuestion(e.target); } },
  questionFields(ctx(), q, state.errors),
  h('div', { class: 'ma-actions' },
    skippable(q) ? h('button', { type: 'button', class: 'fr-btn fr-btn--tertiary', id: 'skip', 'aria-describedby': 'skip-help', onclick: () => skipQuestion() }, t(lang, 'q.skip')) : null,
    h('button', { type: 'submit', class: 'fr-btn fr-btn--icon-right fr-icon-arrow-right-line', id: 'continue' }, t(lang, 'nav.continue'))),
  skippable(q) ? h('p', { class: 'fr-hint-text ma-skip-help', id: 'skip-help' }, t(lang, 'q.skip.help')) : null);
  return h('div', { class: 'fr-grid-row fr-grid-row--center' },
    h('div', { class: 'fr-col-12 fr-col-md-10 fr-col-lg-8' },
      stepper(q.chapter),
      backButton(state.editing ? t(lang, 'nav.back_recap') : t(lang, 'nav.back')),
      noticeView(),
      errorCount ? h('p', { class: 'fr-sr-only', role: 'alert' }, t(lang, 'error.title')) : null,
      form));
}

function describeCommune(code) {
  return communeNames.get(code) ?? null;
}
const communeNames = new Map();

function recapView() {
  const lang = state.lang;
  const chapters = recapItems(state.answers, state.catalog);
  // Commune names for the recap (the answer is the INSEE code).
  for (const [key, v] of Object.entries(state.answers.values)) {
    if (!key.startsWith('depcom@')) continue;
    const code = Object.values(v)[0];
    if (!communeNames.has(code)) {
      loadPostalCodes().then((codes) => {
        const name = communeName(codes, code);
        if (name) { communeNames.set(code, `${name} (${code})`); if (state.screen === 'recap') { const el = app.querySelector(`[data-commune="${code}"]`); if (el) el.textContent = `${name} (${code})`; } }
      }).catch(() => {});
    }
  }
  return h('div', { class: 'fr-grid-row fr-grid-row--center' },
    h('div', { class: 'fr-col-12 fr-col-md-10 fr-col-lg-8' },
      stepper('recapitulatif'),
      backButton(t(lang, 'nav.back')),
      noticeView(),
      h('h1', { class: 'fr-h2' }, t(lang, 'recap.title')),
      h('p', {}, t(lang, 'recap.lead')),
      recapList(chapters, true),
      h('ul', { class: 'fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left ma-actions' },
        h('li', {}, h('button', { type: 'button', class: 'fr-btn fr-btn--icon-right fr-icon-arrow-right-line', id: 'see-results', onclick: showResults }, t(lang, 'recap.see_results'))),
        h('li', {}, h('button', { type: 'button', class: 'fr-btn fr-btn--secondary fr-btn--icon-left fr-icon-printer-line', onclick: () => printPage() }, t(lang, 'results.print')))),
      saveSection()));
}

// The answers by chapter; within a chapter, by person (named once, as a sub-heading).
function recapList(chapters, editable) {
  const lang = state.lang;
  if (!chapters.length) return h('p', {}, t(lang, 'recap.empty'));
  return h('div', { class: 'ma-recap' }, chapters.map((c) => {
    const blocks = [];
    let about = null;
    let list = null;
    for (const item of c.items) {
      const line = recapLine(lang, item.key, state.answers, state.catalog, describeCommune);
      if (!list || (line.about ?? null) !== about) {
        about = line.about ?? null;
        if (about) blocks.push(h('h3', { class: 'fr-h6 ma-recap__person' }, about));
        list = h('dl', { class: 'ma-recap__list' });
        blocks.push(list);
      }
      const isCommune = item.key.startsWith('var:depcom@');
      const code = isCommune ? Object.values(state.answers.values[item.key.slice(4)] ?? {})[0] : null;
      list.append(h('div', { class: 'ma-recap__item', 'data-key': item.key },
        h('dt', {}, line.question),
        h('dd', {}, h('span', { class: 'ma-recap__answer', 'data-commune': code }, line.answer),
          editable ? h('button', { type: 'button', class: 'fr-btn fr-btn--tertiary-no-outline fr-btn--sm fr-btn--icon-left fr-icon-edit-line ma-edit',
            'aria-label': t(lang, 'recap.edit_label', { question: line.about ? `${line.about} — ${line.question}` : line.question }), onclick: () => edit(item.key) }, t(lang, 'recap.edit')) : null)));
    }
    return h('section', { class: 'ma-recap__chapter' }, h('h2', { class: 'fr-h5' }, t(lang, `chapter.${c.chapter}`)), blocks);
  }));
}

function saveSection() {
  const lang = state.lang;
  const upload = h('input', { class: 'fr-upload', type: 'file', id: 'upload', accept: '.json,application/json',
    onchange: (e) => e.target.files[0] && upload_(e.target.files[0]) });
  function upload_(f) { upload(f); }
  return h('section', { class: 'ma-save fr-mt-6w', 'aria-labelledby': 'save-title' },
    h('h2', { class: 'fr-h5', id: 'save-title' }, t(lang, 'save.title')),
    h('p', {}, t(lang, 'save.lead')),
    h('ul', { class: 'fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left' },
      h('li', {}, h('button', { type: 'button', class: 'fr-btn fr-btn--secondary fr-btn--icon-left fr-icon-download-line', id: 'save-download', onclick: download }, t(lang, 'save.download'))),
      h('li', {}, h('button', { type: 'button', class: 'fr-btn fr-btn--secondary fr-btn--icon-left fr-icon-links-line', id: 'save-make-link', onclick: makeLink }, t(lang, 'save.link')))),
    state.saveLink ? h('div', { class: 'fr-input-group' },
      h('label', { class: 'fr-label', for: 'save-link' }, t(lang, 'save.link.label'), h('span', { class: 'fr-hint-text', id: 'save-link-help' }, t(lang, 'save.link.help'))),
      h('div', { class: 'ma-link-row' },
        h('input', { class: 'fr-input', id: 'save-link', readonly: true, value: state.saveLink, 'aria-describedby': 'save-link-help', onfocus: (e) => e.target.select() }),
        h('button', { type: 'button', class: 'fr-btn fr-btn--tertiary fr-btn--icon-left fr-icon-clipboard-line', onclick: copyLink }, t(lang, 'save.link.copy')))) : null,
    h('div', { class: 'fr-upload-group fr-mt-3w' },
      h('label', { class: 'fr-label', for: 'upload' }, t(lang, 'save.upload'), h('span', { class: 'fr-hint-text' }, t(lang, 'home.resume.hint'))),
      upload));
}

async function copyLink() {
  try {
    await navigator.clipboard.writeText(state.saveLink);
    announce(t(state.lang, 'save.link.copied'));
  } catch {
    document.getElementById('save-link')?.select();
  }
}

function resultsView() {
  const lang = state.lang;
  const benefits = sortBenefits(state.result?.benefits ?? []);
  const eligible = benefits.filter((b) => b.eligible && b.amount > 0);
  const others = benefits.filter((b) => !(b.eligible && b.amount > 0));
  const sum = totals(eligible);
  const law = formatDate(state.info.law_date, lang);
  const multiple = new Map();
  for (const b of benefits) multiple.set(b.name, (multiple.get(b.name) ?? 0) + 1);
  const cardCtx = {
    lang, answers: state.answers, catalog: state.catalog, variables: state.variables,
    describe: (name) => state.benefitList.find((x) => x.name === name),
    loadTrace: (b) => loadTrace(b),
  };
  const card = (b) => benefitCard({ ...cardCtx, showId: multiple.get(b.name) > 1 }, b);
  const isChild = (id) => personRole(id) === 'child';
  const situation = buildSituation(state.answers);
  return h('div', { class: 'ma-results' },
    stepper('resultats'),
    h('div', { class: 'ma-noprint' }, backButton(t(lang, 'nav.back_recap'))),
    noticeView(),
    h('h1', { class: 'fr-h2' }, t(lang, 'results.title')),
    h('p', { class: 'ma-print-only' }, t(lang, 'print.title', { date: formatDate(new Date().toISOString().slice(0, 10), lang) })),
    h('p', {}, t(lang, 'results.lead', { month: formatPeriod(state.period, lang), law })),
    options.benefits ? h('p', { class: 'fr-text--sm' }, t(lang, 'results.filtered', { list: visibleBenefits().map((b) => benefitName(lang, b)).join(', ') })) : null,
    h('div', { class: 'ma-total', id: 'total' },
      h('p', { class: 'ma-total__label' }, t(lang, 'results.total')),
      h('p', { class: 'ma-total__amount', 'data-amount': String(sum.month) }, formatMoney(sum.month, lang), ' ', h('span', { class: 'ma-per' }, t(lang, 'results.per.month'))),
      sum.year > 0 ? h('p', {}, t(lang, 'results.total.yearly', { amount: formatMoney(sum.year, lang) })) : null),
    h('section', { class: 'fr-mt-4w', 'aria-labelledby': 'eligible-title' },
      h('h2', { class: 'fr-h4', id: 'eligible-title' }, t(lang, 'results.eligible')),
      eligible.length ? h('div', { class: 'ma-benefits' }, eligible.map(card)) : h('p', {}, t(lang, 'results.eligible.none'))),
    others.length ? h('section', { class: 'fr-mt-4w', 'aria-labelledby': 'others-title' },
      h('h2', { class: 'fr-h4', id: 'others-title' }, t(lang, 'results.others')),
      h('div', { class: 'ma-benefits' }, groupOthers(others).map((g) => groupCard({ ...cardCtx, isChild, showId: g.members.length === 1 && multiple.get(g.name) > 1 }, g)))) : null,
    h('div', { class: 'fr-callout fr-callout--brown-caramel fr-mt-4w ma-disclaimer' },
      h('h2', { class: 'fr-callout__title fr-h5' }, t(lang, 'results.disclaimer.title')),
      h('p', { class: 'fr-callout__text fr-text--md' }, t(lang, 'results.disclaimer', { law }))),
    h('section', { class: 'fr-mt-6w ma-whatif', id: 'whatif', 'aria-labelledby': 'whatif-title' }),
    h('ul', { class: 'fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left fr-mt-4w ma-noprint' },
      h('li', {}, h('button', { type: 'button', class: 'fr-btn fr-btn--secondary fr-btn--icon-left fr-icon-printer-line', id: 'print', onclick: () => printPage() }, t(lang, 'results.print'))),
      h('li', {}, h('button', { type: 'button', class: 'fr-btn fr-btn--tertiary fr-btn--icon-left fr-icon-edit-line', onclick: back }, t(lang, 'results.edit'))),
      h('li', {}, h('button', { type: 'button', class: 'fr-btn fr-btn--tertiary fr-btn--icon-left fr-icon-refresh-line', onclick: restart }, t(lang, 'nav.restart')))),
    h('details', { class: 'ma-details ma-details--recap fr-mt-4w' },
      h('summary', {}, t(lang, 'recap.title')),
      h('div', { class: 'ma-details__body' }, recapList(recapItems(state.answers, state.catalog), false))),
    h('div', { class: 'ma-noprint' }, saveSection()),
    h('details', { class: 'ma-details ma-details--situation fr-mt-4w ma-noprint' },
      h('summary', {}, t(lang, 'results.situation')),
      h('div', { class: 'ma-details__body' },
        h('p', { class: 'fr-text--sm' }, t(lang, 'results.situation.help')),
        h('pre', { id: 'situation-json', 'data-period': state.period, tabindex: '0' }, JSON.stringify(situation, null, 2)))));
}

const traceCache = new Map();
async function loadTrace(b) {
  const desc = state.benefitList.find((x) => x.name === b.name);
  const variables = [desc?.amount, desc?.eligibility].filter(Boolean);
  const key = JSON.stringify([variables, state.answers, state.period]);
  if (!traceCache.has(key)) {
    traceCache.set(key, compute(buildSituation(state.answers), { variables, trace: true, explain: true }).then((r) => r.trace));
  }
  return traceCache.get(key);
}

function renderWhatIf() {
  const section = document.getElementById('whatif');
  if (!section) return;
  const lang = state.lang;
  const w = state.whatif;
  const title = h('h2', { class: 'fr-h4', id: 'whatif-title' }, t(lang, 'whatif.title'));
  if (!w) { section.replaceChildren(title); return; }
  const lead = h('p', {}, t(lang, 'whatif.lead', { month: formatPeriod(state.period, lang), max: formatMoney(w.max, lang, { cents: false }) }));
  if (w.status === 'computing') {
    section.replaceChildren(title, lead, h('p', { role: 'status' }, t(lang, 'whatif.computing', { n: WHATIF_STEPS + 1 })));
    return;
  }
  if (w.status === 'error') {
    section.replaceChildren(title, lead, h('p', { class: 'fr-message fr-message--error' }, w.message));
    return;
  }
  const names = [];
  for (const p of w.points) for (const [n, v] of Object.entries(p.benefits)) if (v > 0 && !names.includes(n)) names.push(n);
  const label = (n) => benefitName(lang, state.benefitList.find((b) => b.name === n) ?? { name: n, label: n });
  const series = [
    { key: 'wages', label: t(lang, 'whatif.earnings'), color: COLORS.wages, value: (p) => p.wages },
    { key: 'other', label: t(lang, 'whatif.other_income'), color: COLORS.other, value: (p) => p.other },
    ...names.map((n, i) => ({ key: n, label: label(n), color: COLORS.benefits[i % COLORS.benefits.length], value: (p) => p.benefits[n] ?? 0 })),
  ].filter((s) => w.points.some((p) => s.value(p) > 0));
  const smic = smicNet();
  const width = section.clientWidth || 760;
  chartWidth = width;
  const narrow = width < 560;
  const xTicks = [0, 0.5, 1, 1.5, 2, 2.5].map((k) => ({ x: Math.min(w.max, k * smic),
    label: k === 0 ? '0' : narrow ? formatNumber(k, lang, 1) : t(lang, 'whatif.smic', { n: formatNumber(k, lang, 1) }) }));
  const svg = renderChart(w.points, series, {
    width,
    title: `${t(lang, 'whatif.title')} — ${t(lang, 'whatif.total')}`,
    xLabel: narrow ? t(lang, 'whatif.x.smic') : t(lang, 'whatif.x'), yLabel: t(lang, 'whatif.y'),
    formatY: (y) => formatMoney(y, lang, { cents: false }), xTicks,
    cliffs: w.cliffs, cliffLabel: t(lang, 'whatif.cliff'), current: w.current, currentLabel: t(lang, 'whatif.current'),
  });
  const legend = h('ul', { class: 'ma-legend' },
    h('li', {}, h('span', { class: 'ma-swatch ma-swatch--line' }), t(lang, 'whatif.total')),
    series.map((s) => h('li', {}, h('span', { class: 'ma-swatch', 'data-color': s.color }), s.label)),
    w.cliffs.length ? h('li', {}, h('span', { class: 'ma-swatch ma-swatch--cliff' }), t(lang, 'whatif.cliff')) : null);
  for (const sw of legend.querySelectorAll('[data-color]')) sw.style.backgroundColor = sw.dataset.color;
  const cliffText = w.cliffs.length
    ? h('div', {}, h('p', {}, t(lang, 'whatif.cliffs')), h('ul', {}, w.cliffs.map((c) => h('li', {},
      `${formatMoney(c.from, lang, { cents: false })} → ${formatMoney(c.to, lang, { cents: false })} : −${formatMoney(c.drop, lang)}`,
      c.lost.length ? ` (${c.lost.map(label).join(', ')})` : ''))))
    : h('p', {}, t(lang, 'whatif.cliffs.none'));
  const cliffIdx = new Set(w.cliffs.map((c) => c.index));
  const table = h('details', { class: 'ma-details ma-details--table' },
    h('summary', {}, t(lang, 'whatif.table')),
    h('div', { class: 'ma-details__body fr-table fr-table--no-caption ma-table' },
      h('div', { class: 'fr-table__wrapper' }, h('div', { class: 'fr-table__container', tabindex: '0', role: 'region', 'aria-label': t(lang, 'whatif.table.caption') }, h('div', { class: 'fr-table__content' },
        h('table', { id: 'whatif-table' },
          h('caption', {}, t(lang, 'whatif.table.caption')),
          h('thead', {}, h('tr', {},
            h('th', { scope: 'col' }, t(lang, 'whatif.x')),
            names.map((n) => h('th', { scope: 'col' }, label(n))),
            h('th', { scope: 'col' }, t(lang, 'whatif.total')))),
          h('tbody', {}, w.points.map((p, i) => h('tr', { class: cliffIdx.has(i) ? 'ma-cliff-row' : null },
            h('th', { scope: 'row' }, formatMoney(p.wages, lang, { cents: false }), cliffIdx.has(i) ? ` — ${t(lang, 'whatif.cliff')}` : ''),
            names.map((n) => h('td', {}, formatMoney(p.benefits[n] ?? 0, lang))),
            h('td', {}, formatMoney(p.total, lang)))))))))));
  section.replaceChildren(title, lead,
    h('figure', { class: 'ma-chart', 'aria-describedby': 'whatif-note' }, fromMarkup(svg), legend),
    cliffText,
    h('p', { class: 'fr-text--xs', id: 'whatif-note' }, t(lang, 'whatif.note')),
    table);
  postHeight(false);
}

// The chart is drawn at the width it is shown: draw it again when that changes (a phone turned).
let resizeTimer = null;
let chartWidth = 0;
window.addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => {
    const section = document.getElementById('whatif');
    if (!section || state.whatif?.status !== 'done' || Math.abs(section.clientWidth - chartWidth) < 40) return;
    renderWhatIf();
  }, 200);
});

function printPage() {
  const opened = [];
  const onBefore = () => {
    for (const d of app.querySelectorAll('details.ma-details--apply, details.ma-details--not-simulated, details.ma-details--references, details.ma-details--recap')) {
      if (!d.open) { d.ensure?.(); d.open = true; opened.push(d); }
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
  for (const d of app.querySelectorAll('details.ma-details--apply, details.ma-details--not-simulated, details.ma-details--references, details.ma-details--recap')) {
    d.ensure?.();
    d.open = true;
  }
});

// ------------------------------------------------------------------------------------ embedding

let lastHeight = 0;
function postHeight(scrollTop) {
  if (!options.embed || window.parent === window) return;
  requestAnimationFrame(() => {
    const height = document.documentElement.scrollHeight;
    if (height !== lastHeight || scrollTop) {
      lastHeight = height;
      window.parent.postMessage({ type: 'mesaides:height', height, scrollTop: Boolean(scrollTop) }, '*');
    }
  });
}

function applyEmbedOptions() {
  if (options.embed) document.documentElement.classList.add('ma-embed');
  if (options.color) {
    const root = document.documentElement.style;
    for (const v of ['--background-action-high-blue-france', '--text-action-high-blue-france', '--border-action-high-blue-france',
      '--text-title-blue-france', '--border-plain-blue-france', '--background-active-blue-france', '--text-active-blue-france']) {
      root.setProperty(v, options.color);
    }
  }
  if (options.embed && 'ResizeObserver' in window) new ResizeObserver(() => postHeight(false)).observe(document.body);
}

// ------------------------------------------------------------------------------------ start

async function init() {
  applyEmbedOptions();
  document.getElementById('lang-switch')?.addEventListener('click', () => setLang(state.lang === 'fr' ? 'en' : 'fr'));
  render();
  try {
    engine = await loadEngine();
    const [info, inputs, benefits, parameters, variables] = await Promise.all([
      engine.info(), engine.listInputs(), engine.listBenefits(), engine.listParameters().catch(() => null),
      engine.listVariables().catch(() => []),
    ]);
    state.variables = new Map(variables.map((v) => [v.name, v]));
    state.info = info;
    state.catalog = makeCatalog(inputs);
    state.benefitList = benefits;
    state.parameters = parameters;
  } catch (e) {
    console.error(e);
    state.engineError = e.message ?? String(e);
    state.screen = 'error';
    render();
    return;
  }
  registerServiceWorker();
  let restored = null;
  if (location.hash) {
    try {
      restored = await fromHash(location.hash);
    } catch {
      state.notice = { type: 'error', text: t(state.lang, 'save.hash.error') };
    }
    const prefill = parsePrefill(location.hash);
    if (prefill) state.answers = { ...state.answers, ...prefill, values: { ...state.answers.values, ...(prefill.values ?? {}) } };
  }
  if (restored) {
    await restore(restored);
    return;
  }
  if (options.start === 'questionnaire') {
    state.screen = 'question';
    start();
    return;
  }
  state.screen = 'home';
  render();
}

function registerServiceWorker() {
  if (!('serviceWorker' in navigator) || location.protocol === 'file:') return;
  navigator.serviceWorker.register(new URL('../sw.js', import.meta.url), { scope: new URL('../', import.meta.url).pathname })
    .catch((e) => console.warn('service worker not registered:', e.message));
}

init();
