// The recap (every answer by chapter, each with « Modifier ») and the save controls (file, link, upload).

import { h } from '../dom.js';
import { t } from '../i18n.js';
import { recapItems } from '../questionnaire.js';
import { recapLine } from '../wording.js';
import { stepper, backButton, noticeView } from './common.js';

export function recapView(v) {
  const { state, act } = v;
  const { lang } = state;
  return h(
    'div',
    { class: 'fr-grid-row fr-grid-row--center' },
    h(
      'div',
      { class: 'fr-col-12 fr-col-md-10 fr-col-lg-8' },
      stepper(v, 'recapitulatif'),
      backButton(v, t(lang, 'nav.back')),
      noticeView(v),
      h('h1', { class: 'fr-h2' }, t(lang, 'recap.title')),
      h('p', {}, t(lang, 'recap.lead')),
      recapList(v, recapItems(state.answers, state.catalog), true),
      h(
        'ul',
        { class: 'fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left ma-actions' },
        h(
          'li',
          {},
          h(
            'button',
            {
              type: 'button',
              class: 'fr-btn fr-btn--icon-right fr-icon-arrow-right-line',
              id: 'see-results',
              onclick: act.showResults,
            },
            t(lang, 'recap.see_results'),
          ),
        ),
        h(
          'li',
          {},
          h(
            'button',
            {
              type: 'button',
              class: 'fr-btn fr-btn--secondary fr-btn--icon-left fr-icon-printer-line',
              onclick: act.print,
            },
            t(lang, 'results.print'),
          ),
        ),
      ),
      saveSection(v),
    ),
  );
}

// The answers by chapter; within a chapter, by person (named once, as a sub-heading).
export function recapList(v, chapters, editable) {
  const { state, act } = v;
  const { lang } = state;
  if (!chapters.length) return h('p', {}, t(lang, 'recap.empty'));
  return h(
    'div',
    { class: 'ma-recap' },
    chapters.map((c) => {
      const blocks = [];
      let about = null;
      let list = null;
      for (const item of c.items) {
        const line = recapLine(lang, item.key, state.answers, state.catalog, v.communeLabel);
        if (!list || (line.about ?? null) !== about) {
          about = line.about ?? null;
          if (about) blocks.push(h('h3', { class: 'fr-h6 ma-recap__person' }, about));
          list = h('dl', { class: 'ma-recap__list' });
          blocks.push(list);
        }
        // a gate's « Je ne sais pas » assumes nothing itself: each person was asked
        const skipped = state.answers.skipped?.[item.key] && !item.key.startsWith('gate:');
        list.append(
          h(
            'div',
            { class: 'ma-recap__item', 'data-key': item.key },
            h('dt', {}, line.question),
            h(
              'dd',
              {},
              h('span', { class: 'ma-recap__answer' }, line.answer, skipped ? ` (${t(lang, 'recap.skipped')})` : ''),
              editable
                ? h(
                    'button',
                    {
                      type: 'button',
                      class:
                        'fr-btn fr-btn--tertiary-no-outline fr-btn--sm fr-btn--icon-left fr-icon-edit-line ma-edit',
                      'aria-label': t(lang, 'recap.edit_label', {
                        question: line.about ? `${line.about} — ${line.question}` : line.question,
                      }),
                      onclick: () => act.edit(item.key),
                    },
                    t(lang, 'recap.edit'),
                  )
                : null,
            ),
          ),
        );
      }
      return h(
        'section',
        { class: 'ma-recap__chapter' },
        h('h2', { class: 'fr-h5' }, t(lang, `chapter.${c.chapter}`)),
        blocks,
      );
    }),
  );
}

export function saveSection(v) {
  const { state, act } = v;
  const { lang } = state;
  const upload = h('input', {
    class: 'fr-upload',
    type: 'file',
    id: 'upload',
    accept: '.json,application/json',
    onchange: (e) => e.target.files[0] && act.upload(e.target.files[0]),
  });
  return h(
    'section',
    { class: 'ma-save fr-mt-6w', 'aria-labelledby': 'save-title' },
    h('h2', { class: 'fr-h5', id: 'save-title' }, t(lang, 'save.title')),
    h('p', {}, t(lang, 'save.lead')),
    h(
      'ul',
      { class: 'fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left' },
      h(
        'li',
        {},
        h(
          'button',
          {
            type: 'button',
            class: 'fr-btn fr-btn--secondary fr-btn--icon-left fr-icon-download-line',
            id: 'save-download',
            onclick: act.download,
          },
          t(lang, 'save.download'),
        ),
      ),
      h(
        'li',
        {},
        h(
          'button',
          {
            type: 'button',
            class: 'fr-btn fr-btn--secondary fr-btn--icon-left fr-icon-links-line',
            id: 'save-make-link',
            onclick: act.makeLink,
          },
          t(lang, 'save.link'),
        ),
      ),
    ),
    state.saveLink
      ? h(
          'div',
          { class: 'fr-input-group' },
          h(
            'label',
            { class: 'fr-label', for: 'save-link' },
            t(lang, 'save.link.label'),
            h('span', { class: 'fr-hint-text', id: 'save-link-help' }, t(lang, 'save.link.help')),
          ),
          h(
            'div',
            { class: 'ma-link-row' },
            h('input', {
              class: 'fr-input',
              id: 'save-link',
              readonly: true,
              value: state.saveLink,
              'aria-describedby': 'save-link-help',
              onfocus: (e) => e.target.select(),
            }),
            h(
              'button',
              {
                type: 'button',
                class: 'fr-btn fr-btn--tertiary fr-btn--icon-left fr-icon-clipboard-line',
                onclick: act.copyLink,
              },
              t(lang, 'save.link.copy'),
            ),
          ),
        )
      : null,
    h(
      'div',
      { class: 'fr-upload-group fr-mt-3w' },
      h(
        'label',
        { class: 'fr-label', for: 'upload' },
        t(lang, 'save.upload'),
        h('span', { class: 'fr-hint-text' }, t(lang, 'home.resume.hint')),
      ),
      upload,
    ),
  );
}
