// The home page: shown at once, before the engine is ready (it loads in the background). If « Commencer »
// is clicked before, a progress indicator says the simulator is still loading.

import { h } from '../dom.js';
import { formatPeriod } from '../format.js';
import { t, benefitName, benefitNameTranslated } from '../i18n.js';
import { noticeView } from './common.js';
import { isLocalAid } from './results-local.js';

export function homeView(v) {
  const { state, act } = v;
  const { lang } = state;
  const input = h('input', {
    class: 'fr-upload',
    type: 'file',
    id: 'upload-home',
    accept: '.json,application/json',
    'aria-describedby': 'upload-home-hint',
    onchange: (e) => e.target.files[0] && act.upload(e.target.files[0]),
  });
  const waiting = state.starting && !state.engineReady;
  // the national benefits by name; the local aids (hundreds: a 25 000 px list, and as tall a widget
  // in a partner's page) as one line with their count
  const all = v.visibleBenefits();
  const benefits = all.filter((b) => !isLocalAid(b));
  const localCount = all.length - benefits.length;
  return h(
    'div',
    { class: 'fr-grid-row fr-grid-row--gutters' },
    h(
      'div',
      { class: 'fr-col-12 fr-col-lg-8' },
      noticeView(v),
      h('h1', {}, t(lang, 'home.title')),
      h('p', { class: 'fr-text--lead' }, t(lang, 'home.lead')),
      h(
        'ul',
        { class: 'ma-points' },
        h('li', { class: 'fr-icon-lock-line' }, t(lang, 'home.points.private')),
        h('li', { class: 'fr-icon-time-line' }, t(lang, 'home.points.time')),
        h('li', { class: 'fr-icon-scales-3-line' }, t(lang, 'home.points.estimate')),
      ),
      h('p', {}, t(lang, 'home.period', { month: formatPeriod(state.period, lang) })),
      h(
        'button',
        {
          type: 'button',
          class: 'fr-btn fr-btn--lg fr-btn--icon-right fr-icon-arrow-right-line',
          id: 'start',
          onclick: act.start,
          'aria-describedby': waiting ? 'engine-progress' : null,
        },
        t(lang, 'home.start'),
      ),
      waiting
        ? h(
            'div',
            { class: 'ma-progress fr-mt-2w', id: 'engine-progress', role: 'status' },
            h('progress', { 'aria-label': t(lang, 'app.loading') }),
            h('p', { class: 'fr-text--sm' }, t(lang, 'app.loading')),
          )
        : null,
      h(
        'div',
        { class: 'fr-upload-group fr-mt-5w' },
        h(
          'label',
          { class: 'fr-label', for: 'upload-home' },
          t(lang, 'home.resume'),
          h('span', { class: 'fr-hint-text', id: 'upload-home-hint' }, t(lang, 'home.resume.hint')),
        ),
        input,
      ),
    ),
    h(
      'div',
      { class: 'fr-col-12 fr-col-lg-4' },
      h(
        'div',
        { class: 'fr-callout ma-callout' },
        h('h2', { class: 'fr-callout__title fr-h5' }, t(lang, 'home.benefits')),
        benefits.length
          ? h(
              'ul',
              { class: 'fr-callout__text ma-benefit-list' },
              benefits.map((b) =>
                h('li', { lang: benefitNameTranslated(lang, b) ? null : 'fr' }, benefitName(lang, b)),
              ),
              localCount
                ? h('li', { id: 'home-local-count' }, t(lang, 'home.benefits.local', { count: String(localCount) }))
                : null,
            )
          : h('p', { class: 'fr-callout__text fr-text--sm' }, t(lang, 'app.loading')),
      ),
    ),
  );
}
