// The results page: the total, the benefits (cards from ./results.js), what was assumed (answers skipped
// with « Je ne sais pas » and inputs the rules still lacked, each linking to its question), the months
// of income used, the what-if chart, print, save, the recap and the situation sent to the engine.

import { h } from '../dom.js';
import { formatMoney, formatPeriod, formatPeriodRange, formatDate } from '../format.js';
import { t, benefitName, VARIABLE_QUESTIONS } from '../i18n.js';
import { buildSituation, gateOf, isFutureMonth, isIncome, personRole, recapItems, splitKey } from '../questionnaire.js';
import { parenthesized, personLabel, valueText, variableLabel, amountsText } from '../wording.js';
import { benefitCard, colon, groupCard, groupOthers, isGranted, sortBenefits, totals } from './results.js';
import { isLocalAid, localAidsSection } from './results-local.js';
import { backButton, noticeView, stepper } from './common.js';
import { recapList, saveSection } from './recap.js';
import { whatIfSection } from './whatif.js';
import { shareSection } from './share.js';

// What the results rest on without the user having said it: [{key, question, about, value}], the
// answers skipped first, then the inputs missing from the result (the rules' default used). The inputs
// of a gate answered « Je ne sais pas » (see GATES) are told once, as that gate's answer: « non » assumed
// for the people listed (and « modifier » goes to the gate).
export function assumptions({ lang, answers, catalog, result }) {
  const items = [];
  const seen = new Set();
  const gated = new Map(); // gate name → its item
  const add = (key, def, id, text) => {
    if (seen.has(key)) return;
    seen.add(key);
    const gate = gateOf(def.name);
    if (gate && answers.skipped?.[`gate:${gate.name}`]) {
      if (!gated.has(gate.name)) {
        const item = {
          key: `gate:${gate.name}`,
          variable: null,
          question: t(lang, `gate.${gate.name}`),
          about: t(lang, 'gate.about'),
          people: [],
        };
        gated.set(gate.name, item);
        items.push(item);
      }
      const people = gated.get(gate.name).people;
      const who = personLabel(lang, id, answers);
      if (!people.includes(who)) people.push(who);
      return;
    }
    items.push({
      key,
      variable: def.name,
      question: variableLabel(lang, def),
      about: personLabel(lang, id, answers),
      value: text,
    });
  };
  for (const key of Object.keys(answers.skipped ?? {})) {
    if (!answers.skipped[key]) continue;
    const m = /^(var|amount):(.+)$/.exec(key);
    if (!m) continue;
    const { variable, id } = splitKey(m[2]);
    const def = catalog.get(variable);
    if (!def) continue;
    const values = answers.values[m[2]] ?? {};
    const periods = Object.keys(values).sort();
    const text =
      m[1] === 'amount'
        ? amountsText(lang, values, periods)
        : valueText(lang, def, values[periods[periods.length - 1]] ?? def.default);
    add(key, def, id, text);
  }
  // The answer's list (asked with missing_inputs_once), or each benefit's.
  const missing = [result?.missing_inputs ?? [], ...(result?.benefits ?? []).map((b) => b.missing_inputs ?? [])];
  for (const mi of missing.flat()) {
    const def = catalog.get(mi.variable);
    if (!def) continue;
    const key = `${isIncome(def) ? 'amount' : 'var'}:${mi.variable}@${mi.id}`;
    add(key, def, mi.id, valueText(lang, def, def.default ?? null));
  }
  for (const item of gated.values()) {
    item.value = t(lang, 'gate.assumed', { people: item.people.join(', ') });
    delete item.people;
  }
  return items;
}

// The periods of the income amounts given (not those not received, nor skipped): [{id, about, text}].
// Months after the simulated one (`period`) are not answers but the last amount assumed unchanged.
export function incomeMonths({ lang, answers, catalog, period }) {
  const byId = new Map();
  for (const [key, values] of Object.entries(answers.values)) {
    const { variable, id } = splitKey(key);
    const def = catalog.get(variable);
    if (!def || !isIncome(def) || answers.skipped?.[`amount:${key}`]) continue;
    if (!Object.values(values).some((v) => v)) continue; // an income not received: no month to tell
    if (!byId.has(id)) byId.set(id, new Set());
    for (const p of Object.keys(values)) if (!isFutureMonth(p, period)) byId.get(id).add(p);
  }
  return [...byId].map(([id, periods]) => ({
    id,
    about: personLabel(lang, id, answers),
    text: formatPeriodRange([...periods], lang),
  }));
}

function assumptionsNotice(v, items) {
  const { lang } = v.state;
  if (!items.length) return null;
  return h(
    'div',
    { class: 'fr-notice fr-notice--info fr-mt-3w fr-mb-3w ma-assumptions', id: 'assumptions' },
    h(
      'div',
      { class: 'fr-container' },
      h(
        'div',
        { class: 'fr-notice__body' },
        h('p', { class: 'fr-notice__title' }, t(lang, 'results.assumed.title')),
        h(
          'ul',
          { class: 'ma-assumptions__list' },
          items.map((a) =>
            h(
              'li',
              { 'data-key': a.key },
              h(
                'span',
                { lang: lang !== 'fr' && a.variable && !VARIABLE_QUESTIONS[lang]?.[a.variable]?.label ? 'fr' : null },
                a.question,
              ),
              ` ${parenthesized(a.about)}${colon(lang)}`,
              h('strong', {}, a.value),
              ' — ',
              h(
                'button',
                {
                  type: 'button',
                  class: 'fr-link ma-linkbutton',
                  'data-edit': a.key,
                  'aria-label': t(lang, 'results.assumed.edit_label', { question: `${a.about} — ${a.question}` }),
                  onclick: () => v.act.edit(a.key),
                },
                t(lang, 'results.assumed.edit'),
              ),
            ),
          ),
        ),
      ),
    ),
  );
}

export function resultsView(v) {
  const { state, act, options } = v;
  const { lang } = state;
  // The local aids (rules/aides_locales) have their own section, after the national benefits.
  const all = state.result?.benefits ?? [];
  const benefits = sortBenefits(all.filter((b) => !isLocalAid(b)));
  const local = all.filter(isLocalAid);
  const eligible = benefits.filter(isGranted);
  const others = benefits.filter((b) => !isGranted(b));
  const sum = totals(eligible);
  const law = state.info ? formatDate(state.info.law_date, lang) : '';
  const multiple = new Map();
  for (const b of benefits) multiple.set(b.name, (multiple.get(b.name) ?? 0) + 1);
  const cardCtx = {
    lang,
    answers: state.answers,
    catalog: state.catalog,
    variables: state.variables,
    describe: (name) => state.benefitList.find((x) => x.name === name),
    loadTrace: (b) => act.loadTrace(b),
  };
  // Cards are kept from one render to the next (their open details and loaded traces stay).
  const card = (b) =>
    v.keep(`card:${lang}:${state.resultId}:${b.name}:${b.id}`, () =>
      benefitCard({ ...cardCtx, showId: multiple.get(b.name) > 1 }, b),
    );
  const isChild = (id) => personRole(id) === 'child';
  const months = incomeMonths({ lang, answers: state.answers, catalog: state.catalog, period: state.period });
  return h(
    'div',
    { class: 'ma-results' },
    stepper(v, 'resultats'),
    h('div', { class: 'ma-noprint' }, backButton(v, t(lang, 'nav.back_recap'))),
    noticeView(v),
    h('h1', { class: 'fr-h2' }, t(lang, 'results.title')),
    h(
      'p',
      { class: 'ma-print-only' },
      t(lang, 'print.title', { date: formatDate(new Date().toISOString().slice(0, 10), lang) }),
    ),
    h('p', {}, t(lang, 'results.lead', { month: formatPeriod(state.period, lang), law })),
    months.length
      ? h(
          'div',
          { class: 'ma-income-months', id: 'income-months' },
          h('p', { class: 'fr-mb-1v' }, t(lang, 'results.income_months')),
          h(
            'ul',
            {},
            months.map((m) => h('li', { 'data-id': m.id }, `${m.about}${colon(lang)}${m.text}`)),
          ),
        )
      : null,
    options.benefits
      ? h(
          'p',
          { class: 'fr-text--sm' },
          t(lang, 'results.filtered', {
            list: v
              .visibleBenefits()
              .map((b) => benefitName(lang, b))
              .join(', '),
          }),
        )
      : null,
    h(
      'div',
      { class: 'ma-total', id: 'total' },
      h('p', { class: 'ma-total__label' }, t(lang, 'results.total')),
      h(
        'p',
        { class: 'ma-total__amount', 'data-amount': String(sum.month) },
        formatMoney(sum.month, lang),
        ' ',
        h('span', { class: 'ma-per' }, t(lang, 'results.per.month')),
      ),
      sum.year > 0 ? h('p', {}, t(lang, 'results.total.yearly', { amount: formatMoney(sum.year, lang) })) : null,
    ),
    assumptionsNotice(v, assumptions({ lang, answers: state.answers, catalog: state.catalog, result: state.result })),
    h(
      'section',
      { class: 'fr-mt-4w', 'aria-labelledby': 'eligible-title' },
      h('h2', { class: 'fr-h4', id: 'eligible-title' }, t(lang, 'results.eligible')),
      eligible.length
        ? h('div', { class: 'ma-benefits' }, eligible.map(card))
        : h('p', {}, t(lang, 'results.eligible.none')),
    ),
    others.length
      ? h(
          'section',
          { class: 'fr-mt-4w', 'aria-labelledby': 'others-title' },
          h('h2', { class: 'fr-h4', id: 'others-title' }, t(lang, 'results.others')),
          h(
            'div',
            { class: 'ma-benefits' },
            groupOthers(others).map((g) =>
              v.keep(`group:${lang}:${state.resultId}:${g.name}`, () =>
                groupCard({ ...cardCtx, isChild, showId: g.members.length === 1 && multiple.get(g.name) > 1 }, g),
              ),
            ),
          ),
        )
      : null,
    local.length
      ? v.keep(`local:${lang}:${state.resultId}`, () => localAidsSection({ ...cardCtx, isChild }, local))
      : null,
    h(
      'div',
      { class: 'fr-callout fr-callout--brown-caramel fr-mt-4w ma-disclaimer' },
      h('h2', { class: 'fr-callout__title fr-h5' }, t(lang, 'results.disclaimer.title')),
      h('p', { class: 'fr-callout__text fr-text--md' }, t(lang, 'results.disclaimer', { law })),
    ),
    shareSection(v),
    whatIfSection(v),
    h(
      'ul',
      { class: 'fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left fr-mt-4w ma-noprint' },
      h(
        'li',
        {},
        h(
          'button',
          {
            type: 'button',
            class: 'fr-btn fr-btn--secondary fr-btn--icon-left fr-icon-printer-line',
            id: 'print',
            onclick: act.print,
          },
          t(lang, 'results.print'),
        ),
      ),
      h(
        'li',
        {},
        h(
          'button',
          { type: 'button', class: 'fr-btn fr-btn--tertiary fr-btn--icon-left fr-icon-edit-line', onclick: act.back },
          t(lang, 'results.edit'),
        ),
      ),
      h(
        'li',
        {},
        h(
          'button',
          {
            type: 'button',
            class: 'fr-btn fr-btn--tertiary fr-btn--icon-left fr-icon-refresh-line',
            onclick: act.restart,
          },
          t(lang, 'nav.restart'),
        ),
      ),
    ),
    v.keep(`recap:${lang}:${state.resultId}`, () =>
      h(
        'details',
        { class: 'ma-details ma-details--recap fr-mt-4w' },
        h('summary', {}, t(lang, 'recap.title')),
        h('div', { class: 'ma-details__body' }, recapList(v, recapItems(state.answers, state.catalog), false)),
      ),
    ),
    h('div', { class: 'ma-noprint' }, saveSection(v)),
    v.keep(`situation:${lang}:${state.resultId}`, () =>
      h(
        'details',
        { class: 'ma-details ma-details--situation fr-mt-4w ma-noprint' },
        h('summary', {}, t(lang, 'results.situation')),
        h(
          'div',
          { class: 'ma-details__body' },
          h('p', { class: 'fr-text--sm' }, t(lang, 'results.situation.help')),
          h(
            'pre',
            { id: 'situation-json', 'data-period': state.period, tabindex: '0' },
            JSON.stringify(buildSituation(state.answers), null, 2),
          ),
        ),
      ),
    ),
  );
}
