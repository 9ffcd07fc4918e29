// The « Aides locales » section of the results: the aids of régions, départements, communes, EPCI and
// CAF generated into rules/aides_locales (docs/aides-locales.md). The engine evaluates them like any
// benefit; a local aid is a benefit whose `meta` has a `source_id`. Its amount is not computed (a
// boolean: granted or not), so it never counts in the totals: its amount is `meta.montant`, in words.
//
// Shown after the national benefits, grouped by territory (commune and EPCI, département, région, CAF or
// MSA, national and European bodies); first the count of the aids open to the household and the bodies
// that give them, then each group with its open aids first; the aids of the household's territory that
// its answers do not open are in a disclosure with the reason; the aids of other territories are not
// shown at all (the engine lists most of them in `outside_territory` rather than in `benefits`; those
// still computed, e.g. excluded EPCI, are recognised by their reason).

import { h, uid } from '../dom.js';
import { t } from '../i18n.js';
import { personLabel } from '../wording.js';
import { externalLink, groupReasons } from './results.js';

export function isLocalAid(b) {
  return Boolean(b?.meta?.source_id);
}

// The groups, in the order shown, and the territory types (meta.type_territoire) each gathers.
export const LOCAL_GROUPS = [
  { key: 'commune', types: ['commune', 'epci'] },
  { key: 'departement', types: ['departement'] },
  { key: 'region', types: ['region'] },
  { key: 'caf', types: ['caf', 'msa'] },
  { key: 'national', types: ['national', 'autre', 'europeen'] },
];

// A refusal because of where the household lives. The generator writes every territorial reason, and
// only those, as « Réservée aux habitants … » or « Non ouverte aux habitants … ».
export function outsideTerritory(b) {
  return !b.eligible && /^(Réservée|Non ouverte) aux habitants\b/.test(b.reason ?? '');
}

// The local aids of a result, one entry per aid (a person aid is computed for every member):
// {count, institutions, groups: [{key, open: [aid], closed: [aid]}]} where aid = {name, label,
// institution, meta, description, apply, references, not_simulated, members, eligibleMembers}. Aids of
// another territory are left out; a group with no aid is left out.
export function groupLocalAids(benefits) {
  const byName = new Map();
  for (const b of benefits) {
    if (!isLocalAid(b)) continue;
    if (!byName.has(b.name)) byName.set(b.name, []);
    byName.get(b.name).push(b);
  }
  const aids = [];
  for (const [name, members] of byName) {
    // the territory is the household's: every member agrees
    if (members.every(outsideTerritory)) continue;
    const first = members[0];
    aids.push({
      name,
      label: first.label,
      institution: first.institution,
      meta: first.meta,
      apply: first.apply,
      references: first.references ?? [],
      not_simulated: first.not_simulated ?? [],
      members,
      eligibleMembers: members.filter((b) => b.eligible),
    });
  }
  const byLabel = (a, b) => a.label.localeCompare(b.label, 'fr');
  const groups = [];
  for (const g of LOCAL_GROUPS) {
    const inGroup = aids.filter((a) => g.types.includes(a.meta.type_territoire));
    if (!inGroup.length) continue;
    groups.push({
      key: g.key,
      open: inGroup.filter((a) => a.eligibleMembers.length).sort(byLabel),
      closed: inGroup.filter((a) => !a.eligibleMembers.length).sort(byLabel),
    });
  }
  const open = groups.flatMap((g) => g.open);
  const institutions = [...new Set(open.map((a) => a.institution).filter(Boolean))];
  return { count: open.length, institutions, groups };
}

// One aid. ctx: {lang, answers, isChild}
export function localAidCard(ctx, aid) {
  const { lang } = ctx;
  const open = aid.eligibleMembers.length > 0;
  const titleId = uid('local-aid');
  const frAttr = lang === 'fr' ? null : 'fr';
  const amount = aid.meta.montant
    ? [aid.meta.montant, aid.meta.periodicite_texte ? ` (${aid.meta.periodicite_texte})` : ''].join('')
    : null;
  const reasons = open ? [] : groupReasons(aid.members, ctx.isChild);
  const official = aid.references.find((r) => r.url)?.url;
  const several = aid.members.length > 1;
  return h(
    'article',
    {
      class: `ma-local-aid${open ? ' ma-local-aid--open' : ''}`,
      'aria-labelledby': titleId,
      'data-local-aid': aid.name,
      'data-source-id': aid.meta.source_id,
      'data-territory-type': aid.meta.type_territoire,
      'data-territory': aid.meta.territoire,
      'data-eligible': String(open),
      'data-entity-ids': (open ? aid.eligibleMembers : aid.members).map((b) => b.id).join(' '),
    },
    h(
      'div',
      { class: 'ma-benefit__head' },
      h('h4', { class: 'fr-h6 ma-benefit__title', id: titleId, lang: frAttr }, aid.label),
      open
        ? h('p', { class: 'fr-badge fr-badge--success' }, t(lang, 'local.badge.open'))
        : h('p', { class: 'fr-badge fr-badge--no-icon ma-badge--grey' }, t(lang, 'results.badge.not_eligible')),
    ),
    h(
      'p',
      { class: 'fr-text--sm fr-mb-1v ma-institution' },
      // (no institution without the rule texts: offline before they were ever fetched)
      aid.institution ? [t(lang, 'local.institution', { institution: aid.institution }), ' — '] : null,
      h('span', { lang: frAttr }, aid.meta.territoire),
    ),
    amount ? h('p', { class: 'fr-mb-1v ma-local-aid__amount', lang: frAttr }, h('strong', {}, amount)) : null,
    open && several
      ? h(
          'p',
          { class: 'fr-text--sm fr-mb-1v' },
          t(lang, 'local.for', {
            people: aid.eligibleMembers.map((b) => personLabel(lang, b.id, ctx.answers)).join(', '),
          }),
        )
      : null,
    !open
      ? h(
          'div',
          { class: 'ma-benefit__reason' },
          reasons.length > 1
            ? h(
                'ul',
                {},
                reasons.map((r) =>
                  h(
                    'li',
                    {},
                    `${personLabel(lang, r.id, ctx.answers)} : `,
                    h('span', { lang: frAttr }, r.reason ?? t(lang, 'results.reason.unknown')),
                  ),
                ),
              )
            : h(
                'p',
                {},
                h('strong', {}, t(lang, 'results.reason'), ' '),
                h('span', { lang: frAttr }, reasons[0]?.reason ?? t(lang, 'results.reason.unknown')),
              ),
        )
      : null,
    ctx.describe?.(aid.name)?.description
      ? h('p', { class: 'fr-text--sm fr-mb-1v', lang: frAttr }, ctx.describe(aid.name).description)
      : null,
    aid.not_simulated.length
      ? h('p', { class: 'fr-text--sm fr-mb-1v ma-local-aid__other', lang: frAttr }, aid.not_simulated.join(' '))
      : null,
    h(
      'p',
      { class: 'fr-text--sm' },
      externalLink(aid.apply, t(lang, 'local.apply'), lang, { french: false, orNothing: true }),
      official && official !== aid.apply
        ? [' · ', externalLink(official, t(lang, 'local.official'), lang, { french: false, orNothing: true })]
        : null,
    ),
  );
}

// ctx: {lang, answers, isChild, describe}
export function localAidsSection(ctx, benefits) {
  const { lang } = ctx;
  const summary = groupLocalAids(benefits);
  if (!summary.groups.length) return null;
  return h(
    'section',
    {
      class: 'fr-mt-4w ma-local-aids',
      id: 'local-aids',
      'aria-labelledby': 'local-aids-title',
      'data-count': String(summary.count),
    },
    h('h2', { class: 'fr-h4', id: 'local-aids-title' }, t(lang, 'local.title')),
    h(
      'p',
      { class: 'ma-local-aids__count' },
      summary.count
        ? t(lang, summary.count === 1 ? 'local.count.one' : 'local.count', { n: summary.count })
        : t(lang, 'local.count.none'),
    ),
    summary.institutions.length
      ? h(
          'p',
          { class: 'fr-text--sm ma-local-aids__institutions' },
          t(lang, 'local.institutions'),
          ' ',
          h('span', { lang: lang === 'fr' ? null : 'fr' }, summary.institutions.join(', ')),
        )
      : null,
    h('p', { class: 'fr-text--sm' }, t(lang, 'local.help')),
    summary.groups.map((g) =>
      h(
        'div',
        { class: 'ma-local-aids__group fr-mt-3w', 'data-group': g.key },
        h('h3', { class: 'fr-h5' }, t(lang, `local.group.${g.key}`), ` (${g.open.length})`),
        g.open.length
          ? h(
              'div',
              { class: 'ma-benefits' },
              g.open.map((a) => localAidCard(ctx, a)),
            )
          : h('p', { class: 'fr-text--sm' }, t(lang, 'local.group.none')),
        g.closed.length
          ? h(
              'details',
              { class: 'ma-details ma-details--local-closed' },
              h(
                'summary',
                {},
                t(lang, g.closed.length === 1 ? 'local.closed.one' : 'local.closed', { n: g.closed.length }),
              ),
              h(
                'div',
                { class: 'ma-details__body ma-benefits' },
                g.closed.map((a) => localAidCard(ctx, a)),
              ),
            )
          : null,
      ),
    ),
  );
}
