// The what-if section of the results: the chart of the household's resources as its wages vary (points
// computed by the page, see ../whatif.js), its legend, the cliffs, and the same data as a table. Drawn by
// render() from state.whatif, at the width the page measured (state.chartWidth).

import { h, fromMarkup } from '../dom.js';
import { formatMoney, formatPeriod, formatNumber } from '../format.js';
import { t, benefitName } from '../i18n.js';
import { renderChart, COLORS } from '../chart.js';

export function whatIfSection(v) {
  const { state } = v;
  const { lang } = state;
  const w = state.whatif;
  const title = h('h2', { class: 'fr-h4', id: 'whatif-title' }, t(lang, 'whatif.title'));
  const section = (...children) =>
    h(
      'section',
      {
        class: 'fr-mt-6w ma-whatif',
        id: 'whatif',
        'aria-labelledby': 'whatif-title',
        'data-status': w?.status ?? 'none',
      },
      title,
      ...children,
    );
  if (!w) return section();
  if (w.status === 'nosmic')
    return section(h('p', { class: 'fr-message fr-message--info' }, t(lang, 'whatif.no_smic')));
  const lead = h(
    'p',
    {},
    t(lang, 'whatif.lead', {
      month: formatPeriod(state.period, lang),
      max: formatMoney(w.max, lang, { cents: false }),
    }),
  );
  if (w.status === 'computing')
    return section(lead, h('p', { role: 'status' }, t(lang, 'whatif.computing', { n: w.steps + 1 })));
  if (w.status === 'error')
    return section(
      lead,
      h('p', { class: 'fr-message fr-message--error' }, t(lang, 'whatif.error', { message: w.message })),
    );
  const names = [];
  for (const p of w.points)
    for (const [n, x] of Object.entries(p.benefits)) if (x > 0 && !names.includes(n)) names.push(n);
  const label = (n) => benefitName(lang, state.benefitList.find((b) => b.name === n) ?? { name: n, label: n });
  const series = [
    { key: 'wages', label: t(lang, 'whatif.earnings'), color: COLORS.wages, value: (p) => p.wages },
    { key: 'other', label: t(lang, 'whatif.other_income'), color: COLORS.other, value: (p) => p.other },
    ...names.map((n, i) => ({
      key: n,
      label: label(n),
      color: COLORS.benefits[i % COLORS.benefits.length],
      value: (p) => p.benefits[n] ?? 0,
    })),
  ].filter((s) => w.points.some((p) => s.value(p) > 0));
  const width = state.chartWidth || 760;
  const narrow = width < 560;
  const xTicks = [0, 0.5, 1, 1.5, 2, 2.5].map((k) => ({
    x: Math.min(w.max, k * w.smic),
    label: k === 0 ? '0' : narrow ? formatNumber(k, lang, 1) : t(lang, 'whatif.smic', { n: formatNumber(k, lang, 1) }),
  }));
  const svg = renderChart(w.points, series, {
    width,
    title: `${t(lang, 'whatif.title')} — ${t(lang, 'whatif.total')}`,
    xLabel: narrow ? t(lang, 'whatif.x.smic') : t(lang, 'whatif.x'),
    yLabel: t(lang, 'whatif.y'),
    formatY: (y) => formatMoney(y, lang, { cents: false }),
    xTicks,
    cliffs: w.cliffs,
    cliffLabel: t(lang, 'whatif.cliff'),
    current: w.current,
    currentLabel: t(lang, 'whatif.current'),
  });
  const legend = h(
    'ul',
    { class: 'ma-legend' },
    h('li', {}, h('span', { class: 'ma-swatch ma-swatch--line' }), t(lang, 'whatif.total')),
    series.map((s) => h('li', {}, h('span', { class: 'ma-swatch', 'data-color': s.color }), s.label)),
    w.cliffs.length ? h('li', {}, h('span', { class: 'ma-swatch ma-swatch--cliff' }), t(lang, 'whatif.cliff')) : null,
  );
  for (const sw of legend.querySelectorAll('[data-color]')) sw.style.backgroundColor = sw.dataset.color;
  const cliffText = w.cliffs.length
    ? h(
        'div',
        {},
        h('p', {}, t(lang, 'whatif.cliffs')),
        h(
          'ul',
          {},
          w.cliffs.map((c) =>
            h(
              'li',
              {},
              `${formatMoney(c.from, lang, { cents: false })} → ${formatMoney(c.to, lang, { cents: false })} : −${formatMoney(c.drop, lang)}`,
              c.lost.length ? ` (${c.lost.map(label).join(', ')})` : '',
            ),
          ),
        ),
      )
    : h('p', {}, t(lang, 'whatif.cliffs.none'));
  const cliffIdx = new Set(w.cliffs.map((c) => c.index));
  const table = v.keep(`whatif-table:${lang}:${w.id}`, () =>
    h(
      'details',
      { class: 'ma-details ma-details--table' },
      h('summary', {}, t(lang, 'whatif.table')),
      h(
        'div',
        { class: 'ma-details__body fr-table fr-table--no-caption ma-table' },
        h(
          'div',
          { class: 'fr-table__wrapper' },
          h(
            'div',
            {
              class: 'fr-table__container',
              tabindex: '0',
              role: 'region',
              'aria-label': t(lang, 'whatif.table.caption'),
            },
            h(
              'div',
              { class: 'fr-table__content' },
              h(
                'table',
                { id: 'whatif-table' },
                h('caption', {}, t(lang, 'whatif.table.caption')),
                h(
                  'thead',
                  {},
                  h(
                    'tr',
                    {},
                    h('th', { scope: 'col' }, t(lang, 'whatif.x')),
                    names.map((n) => h('th', { scope: 'col' }, label(n))),
                    h('th', { scope: 'col' }, t(lang, 'whatif.total')),
                  ),
                ),
                h(
                  'tbody',
                  {},
                  w.points.map((p, i) =>
                    h(
                      'tr',
                      { class: cliffIdx.has(i) ? 'ma-cliff-row' : null },
                      h(
                        'th',
                        { scope: 'row' },
                        formatMoney(p.wages, lang, { cents: false }),
                        cliffIdx.has(i) ? ` — ${t(lang, 'whatif.cliff')}` : '',
                      ),
                      names.map((n) => h('td', {}, formatMoney(p.benefits[n] ?? 0, lang))),
                      h('td', {}, formatMoney(p.total, lang)),
                    ),
                  ),
                ),
              ),
            ),
          ),
        ),
      ),
    ),
  );
  return section(
    lead,
    h('figure', { class: 'ma-chart', 'aria-describedby': 'whatif-note' }, fromMarkup(svg), legend),
    cliffText,
    h('p', { class: 'fr-text--xs', id: 'whatif-note' }, t(lang, 'whatif.note')),
    table,
  );
}
