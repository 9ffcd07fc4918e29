// The results: every benefit covered, eligible ones first with the amount paid and its periodicity,
// the others with the engine's reason; for each, on demand, the detail of the computation (the trace,
// readable, with links to the legal texts), how to apply, and the conditions not simulated.

import { h, uid } from '../dom.js';
import { formatMoney, formatPeriod, formatDate, formatNumber } from '../format.js';
import { t, benefitName, benefitNameTranslated, VARIABLE_QUESTIONS } from '../i18n.js';
import {
  groupInputs,
  inputsUsed,
  plainLine,
  referencesUnder,
  traceKey,
  traceNode,
  isLegifrance,
  safeUrl,
} from '../trace.js';
import { personLabel, valueText, variableLabel } from '../wording.js';
import { formatPeriodRange } from '../format.js';

// A benefit the household gets: an amount paid, or a benefit in kind it is entitled to (its amount is
// then the participation it pays, 0 when free: amount_kind "participation").
export function isGranted(b) {
  if (!b.eligible || typeof b.amount !== 'number') return false;
  return b.amount_kind === 'participation' || b.amount > 0;
}

export function sortBenefits(benefits) {
  const rank = (b) => (isGranted(b) ? 0 : b.eligible ? 1 : b.error ? 3 : 2);
  return benefits
    .map((b, i) => ({ b, i }))
    .sort((x, y) => rank(x.b) - rank(y.b) || x.i - y.i)
    .map((x) => x.b);
}

// The benefits not paid, one entry per benefit whatever the number of people it was computed for
// (a benefit of individuals is computed for every member, children included): [{name, members}].
export function groupOthers(benefits) {
  const groups = new Map();
  for (const b of benefits) {
    if (!groups.has(b.name)) groups.set(b.name, []);
    groups.get(b.name).push(b);
  }
  return [...groups].map(([name, members]) => ({ name, members }));
}

// The reasons to show for a group: one line when they agree, else one per person (adults only when
// there are adults: a child's refusal of an adults' benefit says nothing useful).
export function groupReasons(members, isChild) {
  const adults = members.filter((b) => !isChild(b.id));
  const shown = adults.length ? adults : members;
  const texts = [...new Set(shown.map((b) => b.reason ?? null))];
  if (texts.length === 1) return [{ id: null, reason: texts[0] }];
  return shown.map((b) => ({ id: b.id, reason: b.reason ?? null }));
}

export function totals(benefits) {
  let month = 0;
  let year = 0;
  for (const b of benefits) {
    if (!b.eligible || typeof b.amount !== 'number' || b.amount_kind === 'participation') continue;
    if (b.periodicity === 'year') year += b.amount;
    else month += b.amount;
  }
  return { month: Math.round(month * 100) / 100, year: Math.round(year * 100) / 100 };
}

// French typography puts a space before « : » and « ; », English does not.
export const colon = (lang) => (lang === 'fr' ? '\u00a0: ' : ': ');
const semicolon = (lang) => (lang === 'fr' ? '\u00a0; ' : '; ');

// A link opening in a new window, announced in its title. `french`: the text is French whatever the
// interface's language (a reference's title), marked lang="fr" in English. Without a safe URL: the text
// alone, or nothing (`orNothing`).
export function externalLink(href, text, lang, { french = true, orNothing = false } = {}) {
  const url = safeUrl(href);
  if (!url) return orNothing ? null : h('span', {}, text);
  return h(
    'a',
    {
      class: 'fr-link',
      href: url,
      target: '_blank',
      rel: 'noopener noreferrer',
      title: `${text} — ${lang === 'en' ? 'new window' : 'nouvelle fenêtre'}`,
    },
    lang === 'fr' || !french ? text : h('span', { lang: 'fr' }, text),
  );
}

function periodicityText(lang, b) {
  return t(lang, `results.per.${b.periodicity}`);
}

function badge(lang, b) {
  if (b.error) return h('p', { class: 'fr-badge fr-badge--warning fr-badge--no-icon' }, t(lang, 'results.badge.error'));
  if (isGranted(b)) return h('p', { class: 'fr-badge fr-badge--success' }, t(lang, 'results.badge.eligible'));
  if (b.eligible) return h('p', { class: 'fr-badge fr-badge--info' }, t(lang, 'results.badge.zero'));
  return h('p', { class: 'fr-badge fr-badge--no-icon ma-badge--grey' }, t(lang, 'results.badge.not_eligible'));
}

// One card for a benefit not paid, computed for several people (see groupOthers).
export function groupCard(ctx, group) {
  if (group.members.length === 1) return benefitCard(ctx, group.members[0]);
  const first = group.members.find((b) => !ctx.isChild(b.id)) ?? group.members[0];
  const card = benefitCard({ ...ctx, showId: false, reasons: groupReasons(group.members, ctx.isChild) }, first);
  card.dataset.entityIds = group.members.map((b) => b.id).join(' ');
  return card;
}

// ctx: {lang, answers, catalog, describe (name → benefit description), loadTrace(b) → Promise<trace>}
export function benefitCard(ctx, b) {
  const { lang } = ctx;
  const desc = ctx.describe(b.name);
  const name = benefitName(lang, b);
  const titleId = uid('benefit');
  const positive = isGranted(b);
  const participation = b.amount_kind === 'participation';
  const card = h(
    'article',
    {
      class: `ma-benefit${positive ? ' ma-benefit--eligible' : ''}`,
      'aria-labelledby': titleId,
      'data-benefit': b.name,
      'data-entity-id': b.id,
      'data-entity-ids': b.id,
    },
    h(
      'div',
      { class: 'ma-benefit__head' },
      h(
        'h3',
        { class: 'fr-h5 ma-benefit__title', id: titleId },
        benefitNameTranslated(lang, b) ? name : h('span', { lang: 'fr' }, name),
        ctx.showId ? ` — ${personLabel(lang, b.id, ctx.answers)}` : '',
      ),
      badge(lang, b),
    ),
    positive && !participation
      ? h(
          'p',
          { class: 'ma-benefit__amount' },
          h('span', { class: 'ma-amount', 'data-amount': String(b.amount) }, formatMoney(b.amount, lang)),
          ' ',
          h('span', { class: 'ma-per' }, periodicityText(lang, b)),
        )
      : null,
    positive && participation
      ? h(
          'p',
          { class: 'ma-benefit__amount ma-participation', 'data-participation': String(b.amount) },
          b.amount > 0
            ? [
                t(lang, 'results.participation'),
                ' ',
                h('strong', {}, formatMoney(b.amount, lang)),
                ' ',
                h('span', { class: 'ma-per' }, periodicityText(lang, b)),
              ]
            : h('strong', {}, t(lang, 'results.participation.free')),
        )
      : null,
    !b.eligible && !b.error && ctx.reasons?.length > 1
      ? h(
          'div',
          { class: 'ma-benefit__reason' },
          h('p', { class: 'fr-mb-1v' }, h('strong', {}, t(lang, 'results.reason'))),
          h(
            'ul',
            {},
            ctx.reasons.map((r) =>
              h(
                'li',
                {},
                `${personLabel(lang, r.id, ctx.answers)}${colon(lang)}`,
                r.reason ? fr(lang, r.reason) : t(lang, 'results.reason.unknown'),
              ),
            ),
          ),
        )
      : null,
    !b.eligible && !b.error && !(ctx.reasons?.length > 1)
      ? h(
          'p',
          { class: 'ma-benefit__reason' },
          h('strong', {}, t(lang, 'results.reason'), ' '),
          (ctx.reasons?.[0]?.reason ?? b.reason)
            ? fr(lang, ctx.reasons?.[0]?.reason ?? b.reason)
            : t(lang, 'results.reason.unknown'),
        )
      : null,
    b.eligible && !positive && b.reason
      ? h('p', { class: 'ma-benefit__reason' }, h('strong', {}, t(lang, 'results.reason'), ' '), fr(lang, b.reason))
      : null,
    b.error
      ? h('p', { class: 'fr-message fr-message--error' }, t(lang, 'results.error', { message: b.error.message }))
      : null,
    desc?.description ? h('p', { class: 'fr-text--sm', lang: lang === 'fr' ? null : 'fr' }, desc.description) : null,
    // (no institution without the rule texts: offline before they were ever fetched)
    b.institution
      ? h(
          'p',
          { class: 'fr-text--sm fr-mb-1w ma-institution' },
          t(lang, 'results.institution', { institution: b.institution }),
        )
      : null,
    detailsSection(ctx, b),
    b.apply
      ? disclosure(t(lang, 'results.apply'), 'apply', () =>
          h(
            'div',
            {},
            h('p', {}, externalLink(b.apply, t(lang, 'results.apply.link'), lang, { french: false })),
            h('p', { class: 'fr-text--sm' }, b.institution),
          ),
        )
      : null,
    b.not_simulated?.length
      ? disclosure(t(lang, 'results.not_simulated'), 'not-simulated', () =>
          h(
            'ul',
            {},
            b.not_simulated.map((c) => h('li', { lang: lang === 'fr' ? null : 'fr' }, c)),
          ),
        )
      : null,
    b.references?.length
      ? disclosure(t(lang, 'results.references'), 'references', () =>
          h(
            'ul',
            {},
            b.references.map((r) => h('li', {}, externalLink(r.url, r.title, lang))),
          ),
        )
      : null,
  );
  return card;
}

// A <details> whose content is built the first time it opens (or before printing).
function disclosure(summary, kind, build) {
  const body = h('div', { class: 'ma-details__body' });
  const details = h('details', { class: `ma-details ma-details--${kind}` }, h('summary', {}, summary), body);
  let built = false;
  const ensure = () => {
    if (built) return;
    built = true;
    const content = build();
    if (content instanceof Promise) {
      content
        .then((c) => body.replaceChildren(c))
        .catch((e) => body.replaceChildren(h('p', { class: 'fr-message fr-message--error' }, String(e.message ?? e))));
    } else {
      body.append(content);
    }
  };
  details.addEventListener('toggle', () => {
    if (details.open) ensure();
  });
  details.ensure = ensure;
  return details;
}

function detailsSection(ctx, b) {
  const { lang } = ctx;
  return disclosure(t(lang, 'results.detail'), 'trace', async () => {
    const trace = await ctx.loadTrace(b);
    const flat = trace?.flat ?? {};
    const desc = ctx.describe(b.name);
    const roots = [desc?.eligibility, desc?.amount]
      .filter(Boolean)
      .map((v) => traceKey(v, b.period))
      .filter((k) => flat[k]);
    if (roots.length === 0) roots.push(...Object.keys(flat).slice(0, 1));
    const wrap = h('div', { class: 'ma-trace' });
    for (const key of roots.reverse()) wrap.append(traceView(ctx, flat, key, b.id, 0));
    const inputs = roots.flatMap((k) => inputsUsed(flat, k));
    const seen = new Set();
    const uniqueInputs = inputs.filter((n) => !seen.has(n.key) && seen.add(n.key));
    if (uniqueInputs.length) {
      wrap.append(
        h('h4', { class: 'fr-h6 fr-mt-3w' }, t(lang, 'results.detail.inputs')),
        h(
          'ul',
          { class: 'ma-trace__inputs' },
          groupInputs(uniqueInputs).map((g) => h('li', {}, labelView(ctx, g), colon(lang), inputSummary(ctx, g))),
        ),
      );
    }
    const refs = roots.flatMap((k) => referencesUnder(flat, k));
    const seenRefs = new Set();
    const uniqueRefs = refs.filter((r) => !seenRefs.has(r.title) && seenRefs.add(r.title));
    if (uniqueRefs.length) {
      wrap.append(
        h('h4', { class: 'fr-h6 fr-mt-3w' }, t(lang, 'results.references')),
        h(
          'ul',
          {},
          uniqueRefs.map((r) =>
            h(
              'li',
              {},
              externalLink(r.url, r.title, lang),
              r.url && isLegifrance(r.url) ? h('span', { class: 'ma-muted' }, ' (Légifrance)') : null,
            ),
          ),
        ),
      );
    }
    return wrap;
  });
}

// "Vous, Léa (enfant 1) : 0,00 € (de janvier à décembre 2024) ; Votre conjoint : 1 200,00 € (…)":
// people with the same answers together, periods as ranges.
function inputSummary(ctx, g) {
  const { lang } = ctx;
  const def = describeVariable(ctx, g.variable) ?? {
    type: guessType(Object.values(Object.values(g.values)[0] ?? {})[0]),
  };
  const texts = new Map(); // summary text → ids
  for (const [id, byPeriod] of Object.entries(g.values)) {
    const runs = new Map(); // value text → periods
    for (const [period, value] of Object.entries(byPeriod)) {
      const text = valueText(lang, def, value);
      if (!runs.has(text)) runs.set(text, []);
      runs.get(text).push(period);
    }
    const summary =
      [...runs]
        .map(([text, periods]) => {
          const when = periods.includes('ETERNITY') ? '' : ` (${formatPeriodRange(periods, lang)})`;
          return `${text}${when}`;
        })
        .join(', ') + (g.missing.has(id) ? ` — ${t(lang, 'results.detail.missing_default')}` : '');
    if (!texts.has(summary)) texts.set(summary, []);
    texts.get(summary).push(id);
  }
  const single = Object.keys(g.values).length === 1 && g.entity !== 'individus';
  return [...texts].map(([summary, ids], i) => [
    i ? semicolon(lang) : '',
    single ? '' : `${ids.map((id) => personLabel(lang, id, ctx.answers)).join(', ')}${colon(lang)}`,
    h('strong', {}, summary),
  ]);
}

function guessType(v) {
  return typeof v === 'boolean' ? 'boolean' : typeof v === 'number' ? 'number' : 'text';
}

// Text of the rules (a reason, a label, a legal title) is French: said so to screen readers in English.
function fr(lang, text) {
  return lang === 'fr' || text === null || text === undefined ? text : h('span', { lang: 'fr' }, text);
}

// A variable's label, marked French when the interface is not and no translation exists.
function labelView(ctx, node) {
  const english = ctx.lang === 'fr' || VARIABLE_QUESTIONS[ctx.lang]?.[node.variable]?.label;
  return english ? labelOf(ctx, node) : h('span', { lang: 'fr' }, labelOf(ctx, node));
}

function labelOf(ctx, node) {
  const def = ctx.catalog.get(node.variable);
  return def ? variableLabel(ctx.lang, def) : node.label;
}

// The description of any variable (inputs and computed ones), for its type and unit.
function describeVariable(ctx, name) {
  return ctx.catalog.get(name) ?? ctx.variables?.get(name) ?? null;
}

function periodLabel(lang, p) {
  return p === 'ETERNITY' ? (lang === 'en' ? 'permanent' : 'permanent') : formatPeriod(p, lang);
}

function nodeValueText(ctx, node, v) {
  const def = describeVariable(ctx, node.variable);
  if (def) {
    const text = valueText(ctx.lang, def, v.value);
    // a yearly amount computed for a month says so ("€ par an" in its unit)
    return def.type === 'money' && def.unit && def.unit !== '€' ? `${text} (${def.unit.replace(/^€\s*/, '')})` : text;
  }
  if (typeof v.value === 'boolean') return v.value ? t(ctx.lang, 'q.yes') : t(ctx.lang, 'q.no');
  if (v.value === null) return '—';
  return String(v.value);
}

// One trace node, with its children inside nested <details> built when opened.
function traceView(ctx, flat, key, focusId, depth) {
  const { lang } = ctx;
  const node = traceNode(flat, key);
  if (!node) return h('p', {}, key);
  const values = node.values.filter(
    (v) => node.entity === 'individus' || !focusId || v.id === focusId || node.values.length === 1,
  );
  const shown = values.length ? values : node.values;
  const body = h(
    'div',
    { class: 'ma-trace__node' },
    plainView(ctx, flat, key, node, shown),
    h(
      'p',
      { class: 'ma-trace__values' },
      shown.map((v, i) => [
        i ? h('br') : null,
        node.entity === 'individus' || shown.length > 1
          ? `${personLabel(lang, v.id, ctx.answers)}${colon(lang)}`
          : `${t(lang, 'results.detail.value')}${colon(lang)}`,
        h('strong', {}, nodeValueText(ctx, node, v)),
        v.status === 'missing'
          ? h('span', { class: 'ma-muted' }, ` (${t(lang, 'results.detail.missing_default')})`)
          : null,
        v.reason
          ? h('span', { class: 'ma-trace__reason' }, h('br'), `${t(lang, 'results.detail.reason')} : ${v.reason}`)
          : null,
      ]),
    ),
    // the rule itself, one click further (the line in words above says what it computes)
    node.formula
      ? h(
          'details',
          { class: 'ma-details ma-trace__formula' },
          h('summary', {}, t(lang, 'results.detail.rule')),
          h(
            'p',
            { class: 'fr-text--xs fr-mb-0' },
            t(lang, 'results.detail.formula', {
              file: node.formula.file,
              line: node.formula.line,
              from: formatDate(node.formula.from, lang),
            }),
          ),
          h('pre', { lang: 'fr' }, h('code', {}, node.formula.source)),
        )
      : null,
    node.parameters.length
      ? h(
          'div',
          {},
          h('p', { class: 'fr-text--sm fr-mb-0' }, h('strong', {}, t(lang, 'results.detail.parameters'))),
          h(
            'ul',
            { class: 'ma-trace__params' },
            node.parameters.map((p) =>
              h(
                'li',
                {},
                fr(lang, p.label || p.name),
                `${p.key ? ` [${p.key}]` : ''}${colon(lang)}`,
                h('strong', {}, formatParam(lang, p.value, paramKind(p))),
                ` (${lang === 'en' ? 'from' : 'depuis le'} ${formatDate(p.from, lang)})`,
                p.referenceTitle ? [' — ', externalLink(p.url, p.referenceTitle, lang)] : null,
              ),
            ),
          ),
        )
      : null,
    node.references.length
      ? h(
          'p',
          { class: 'fr-text--sm' },
          node.references.map((r, i) => [i ? semicolon(lang) : '', externalLink(r.url, r.title, lang)]),
        )
      : null,
  );
  const children = node.isInput ? [] : node.children;
  if (children.length && depth < 40) {
    body.append(h('p', { class: 'fr-text--sm fr-mb-0' }, h('strong', {}, t(lang, 'results.detail.depends'))));
    const list = h('div', { class: 'ma-trace__children' });
    for (const c of children) {
      const child = traceNode(flat, c);
      if (!child) continue;
      const summaryValues = child.values.filter(
        (v) => child.entity === 'individus' || !focusId || v.id === focusId || child.values.length === 1,
      );
      const summary = [
        labelView(ctx, child),
        ` (${periodLabel(lang, child.period)})${colon(lang)}${(summaryValues.length ? summaryValues : child.values).map((v) => nodeValueText(ctx, child, v)).join(semicolon(lang))}`,
      ];
      if (child.isInput || (child.children.length === 0 && !child.formula && child.parameters.length === 0)) {
        list.append(h('p', { class: 'ma-trace__leaf' }, summary));
      } else {
        list.append(disclosure(summary, 'node', () => traceView(ctx, flat, c, focusId, depth + 1)));
      }
    }
    body.append(list);
  }
  if (depth === 0) {
    return h(
      'div',
      { class: 'ma-trace__root' },
      h('h4', { class: 'fr-h6' }, labelView(ctx, node), ` (${periodLabel(lang, node.period)})`),
      body,
    );
  }
  return body;
}

// How a parameter reads: a rate as a percentage, an amount in €, else a number. From its unit when the
// rules give one, else from its name (taux…, montant…) and value (a fraction is a rate).
function paramKind(p) {
  if (p.unit === 'money' || p.unit === 'currency' || p.unit === '€') return 'money';
  if (p.unit === '/1' || p.unit === 'rate' || /(^|[._])(taux|coef|pourcentage)/i.test(p.name)) return 'rate';
  if (typeof p.value === 'number' && p.value > 0 && p.value < 1) return 'rate';
  if (/(^|[._])(montant|plafond|bmaf|smic|forfait|seuil|abattement)/i.test(p.name) && typeof p.value === 'number')
    return 'money';
  return 'number';
}

function formatParam(lang, value, kind = 'number') {
  if (typeof value === 'number') {
    if (kind === 'rate') return `${formatNumber(Math.round(value * 1e6) / 1e4, lang, 4)} %`;
    if (kind === 'money') return formatMoney(value, lang);
    return String(value).replace('.', lang === 'fr' ? ',' : '.');
  }
  if (Array.isArray(value)) return value.map((x) => formatParam(lang, x, kind)).join(' / ');
  if (value && typeof value === 'object')
    return Object.entries(value)
      .map(([k, v]) => `${k}: ${formatParam(lang, v, kind)}`)
      .join(', ');
  return String(value);
}

// « 1 086,61 € = montant forfaitaire 1 629,23 € − ressources 349,06 € − forfait logement 193,55 € »: the
// formula in words with units (see plainLine in trace.js); the formula itself stays below, in its block.
function plainView(ctx, flat, key, node, shown) {
  if (shown.length !== 1) return null;
  const line = plainLine(flat, key, shown[0].id);
  if (!line) return null;
  const { lang } = ctx;
  const def = describeVariable(ctx, node.variable);
  const money = def?.type === 'money';
  const number = (v, kind) =>
    kind === 'rate'
      ? `${formatNumber(Math.round(v * 1e6) / 1e4, lang, 4)} %`
      : kind === 'money'
        ? formatMoney(v, lang)
        : formatNumber(v, lang, 4);
  const french = (text) => (lang === 'fr' ? text : h('span', { lang: 'fr' }, text));
  // an operand alone in its term of a sum of amounts is an amount; a factor of a product is not always one
  const factor = (f, alone) => {
    if (f.kind === 'variable') {
      const child = traceNode(flat, f.key);
      const label = child ? labelOf(ctx, child) : f.name;
      const text = child ? nodeValueText(ctx, child, { value: f.value }) : number(f.value);
      return [child ? labelView(ctx, child) : french(label), ' ', h('strong', {}, text)];
    }
    if (f.kind === 'parameter') {
      const p = node.parameters.find((x) => x.name === f.name) ?? { name: f.name, value: f.value };
      const kind = paramKind(p);
      return [
        french(p.label || f.name),
        ' ',
        h('strong', {}, number(f.value, kind === 'number' && money && alone ? 'money' : kind)),
      ];
    }
    if (f.kind === 'let') {
      const rate = /taux|coef/i.test(f.name) || (f.value > 0 && f.value < 1);
      return [
        french(f.name.replace(/_/g, ' ')),
        ' ',
        h('strong', {}, number(f.value, rate ? 'rate' : money && alone ? 'money' : 'number')),
      ];
    }
    if (f.kind === 'group') return ['(', sum(f.terms), ')'];
    return h('strong', {}, number(f.value));
  };
  const sum = (terms) =>
    terms.map((term, i) => [
      i > 0 || term.sign === '−' ? (i > 0 ? ` ${term.sign} ` : '− ') : '',
      term.factors.map((f, j) => [j ? ' × ' : '', factor(f, term.factors.length === 1)]),
    ]);
  const parts = sum(line.terms);
  return h('p', { class: 'ma-trace__plain' }, h('strong', {}, nodeValueText(ctx, node, shown[0])), ' = ', parts);
}
