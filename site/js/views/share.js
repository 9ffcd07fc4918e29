// Embedded with ?resultats=ORIGIN (a partner's embed.js with data-resultats): the results page offers to
// send that partner a summary of the results. It lists exactly what would be sent (each benefit's name
// and amount, the total; none of the answers) and sends nothing unless the user clicks the button, then
// to the declared origin only (app.js, shareResults).

import { h } from '../dom.js';
import { formatMoney } from '../format.js';
import { t, benefitName } from '../i18n.js';
import { colon, isGranted, totals } from './results.js';
import { isLocalAid } from './results-local.js';

// The summary sent: {period, currency, total_month, benefits: [{name, label, amount, periodicity}]}.
// No entity id (it may hold a first name), no answer.
export function resultsSummary(lang, period, benefits) {
  const granted = benefits.filter((b) => !isLocalAid(b) && isGranted(b) && b.amount_kind !== 'participation');
  return {
    period,
    currency: 'EUR',
    total_month: totals(granted).month,
    benefits: granted.map((b) => ({
      name: b.name,
      label: benefitName(lang, b),
      amount: b.amount,
      periodicity: b.periodicity === 'year' ? 'year' : 'month',
    })),
  };
}

export function shareSection(v) {
  const { state, options, act } = v;
  const { lang } = state;
  if (!options.embed || !options.results || state.screen !== 'results') return null;
  const summary = resultsSummary(lang, state.period, state.result?.benefits ?? []);
  const host = new URL(options.results).host;
  const sent = state.shared === state.resultId;
  const per = (b) => t(lang, b.periodicity === 'year' ? 'results.per.year' : 'results.per.month');
  return h(
    'section',
    { class: 'fr-callout fr-mt-4w ma-share ma-noprint', id: 'share', 'aria-labelledby': 'share-title' },
    h('h2', { class: 'fr-callout__title fr-h5', id: 'share-title' }, t(lang, 'share.title', { host })),
    h('p', { class: 'fr-callout__text fr-text--md' }, t(lang, 'share.lead', { origin: options.results })),
    h(
      'ul',
      { id: 'share-list' },
      summary.benefits.length
        ? summary.benefits.map((b) => h('li', {}, `${b.label}${colon(lang)}${formatMoney(b.amount, lang)} ${per(b)}`))
        : h('li', {}, t(lang, 'share.none')),
      h('li', {}, t(lang, 'share.total', { amount: formatMoney(summary.total_month, lang) })),
    ),
    h('p', { class: 'fr-text--md' }, t(lang, 'share.not_sent')),
    sent
      ? h('p', { class: 'fr-text--md', id: 'share-done', role: 'status' }, t(lang, 'share.done', { host }))
      : h(
          'button',
          { type: 'button', class: 'fr-btn', id: 'share-results', onclick: () => act.shareResults(summary) },
          t(lang, 'share.button', { host, count: String(summary.benefits.length) }),
        ),
  );
}
