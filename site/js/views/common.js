// Pieces shared by the screens: the stepper, the back button, the notice. Every view takes `v`:
// {state, options, act} (act: the page's handlers, see app.js) and returns DOM built from the state.

import { h } from '../dom.js';
import { t } from '../i18n.js';
import { QUESTION_CHAPTERS, pendingQuestions, recapItems } from '../questionnaire.js';

// The chapters a household goes through: those with an answer or a question still to ask (and the
// current question's), in order, then the recap and the results. Pure.
export function chaptersAsked({ answers, missing = [], catalog, period, current = null }) {
  const used = new Set();
  for (const c of recapItems(answers, catalog)) used.add(c.chapter);
  for (const q of pendingQuestions(answers, missing, catalog, { period })) used.add(q.chapter);
  if (current) used.add(current);
  return [...QUESTION_CHAPTERS.filter((c) => used.has(c)), 'recapitulatif', 'resultats'];
}

// The stepper lists only the chapters this household goes through (v.chapters, computed by the page).
export function stepper(v, chapter) {
  const { lang } = v.state;
  const chapters = v.chapters.includes(chapter) ? v.chapters : [...v.chapters, chapter];
  const i = chapters.indexOf(chapter);
  const next = chapters[i + 1];
  return h(
    'div',
    { class: 'fr-stepper ma-stepper', 'data-chapters': chapters.join(' ') },
    h(
      'h2',
      { class: 'fr-stepper__title' },
      t(lang, `chapter.${chapter}`),
      h('span', { class: 'fr-stepper__state' }, t(lang, 'stepper.step', { n: i + 1, total: chapters.length })),
    ),
    h('div', {
      class: 'fr-stepper__steps',
      'data-fr-current-step': String(i + 1),
      'data-fr-steps': String(chapters.length),
    }),
    next
      ? h(
          'p',
          { class: 'fr-stepper__details' },
          h('span', { class: 'fr-text--bold' }, t(lang, 'stepper.next')),
          ' ',
          t(lang, `chapter.${next}`),
        )
      : null,
  );
}

export function backButton(v, label) {
  return h(
    'button',
    {
      type: 'button',
      class: 'fr-btn fr-btn--tertiary-no-outline fr-btn--sm fr-btn--icon-left fr-icon-arrow-left-line ma-back',
      onclick: v.act.back,
    },
    label,
  );
}

export function noticeView(v) {
  const notice = v.state.notice;
  if (!notice) return null;
  const type = notice.type === 'error' ? 'error' : notice.type === 'success' ? 'success' : 'info';
  return h(
    'div',
    {
      class: `fr-alert fr-alert--${type} fr-alert--sm fr-mb-3w`,
      role: type === 'error' ? 'alert' : 'status',
      id: 'notice',
    },
    h('p', {}, notice.text),
    notice.details?.length
      ? h(
          'ul',
          { class: 'fr-mt-1v' },
          notice.details.map((d) => h('li', {}, d)),
        )
      : null,
  );
}

export function errorView(v) {
  const { lang } = v.state;
  return h(
    'div',
    {},
    h('h1', {}, t(lang, 'app.title')),
    h(
      'div',
      { class: 'fr-alert fr-alert--error' },
      h('p', {}, t(lang, 'app.engine_error', { message: v.state.engineError })),
    ),
  );
}
