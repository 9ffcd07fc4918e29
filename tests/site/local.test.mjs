// The « Aides locales » section's model (site/js/views/results-local.js): which local aids are shown,
// in which group, open ones first, and what is counted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { groupLocalAids, isLocalAid, outsideTerritory } from '../../site/js/views/results-local.js';
import { summarizePoint } from '../../site/js/whatif.js';

const aid = (name, type, eligible, reason, id = 'demandeur', extra = {}) => ({
  name,
  label: name.replace(/_/g, ' '),
  institution: `Organisme ${type}`,
  eligible,
  amount: eligible,
  periodicity: 'month',
  id,
  ...(eligible ? {} : { reason }),
  meta: { source_id: `${name}-src`, type_territoire: type, territoire: type, montant: 'jusqu’à 100 €' },
  ...extra,
});

test('local aids: other territories left out, groups in order, open aids first, count and bodies', () => {
  const benefits = [
    { name: 'af', label: 'Allocations familiales', eligible: true, amount: 150, periodicity: 'month', id: 'famille' },
    aid('breizhgo', 'region', true),
    aid('b_monde', 'region', false, 'Réservée aux étudiants de l’enseignement supérieur (en licence)'),
    aid('pass_occitanie', 'region', false, 'Réservée aux habitants de la région Occitanie'),
    aid('caf_35_bafa', 'caf', true),
    aid('caf_74_bafa', 'caf', false, 'Réservée aux habitants du département Haute-Savoie (74)'),
    aid(
      'var_fse',
      'departement',
      false,
      'Non ouverte aux habitants de l’intercommunalité Métropole Toulon-Provence-Méditerranée',
    ),
    aid('erasmus', 'europeen', true),
    aid('rennes_sortir', 'commune', false, 'À partir de 18 ans ; vous avez 12 ans', 'enfant1'),
    aid('rennes_sortir', 'commune', true),
  ];
  assert.equal(benefits.filter(isLocalAid).length, 9);
  assert.ok(outsideTerritory(benefits[3]) && outsideTerritory(benefits[6]) && !outsideTerritory(benefits[2]));
  const s = groupLocalAids(benefits);
  assert.deepEqual(
    s.groups.map((g) => g.key),
    ['commune', 'region', 'caf', 'national'],
  );
  const region = s.groups.find((g) => g.key === 'region');
  assert.deepEqual(
    region.open.map((a) => a.name),
    ['breizhgo'],
  );
  assert.deepEqual(
    region.closed.map((a) => a.name),
    ['b_monde'],
  );
  assert.equal(s.count, 4);
  assert.deepEqual(s.institutions.sort(), [
    'Organisme caf',
    'Organisme commune',
    'Organisme europeen',
    'Organisme region',
  ]);
  const rennes = s.groups[0].open[0];
  assert.deepEqual(
    rennes.eligibleMembers.map((b) => b.id),
    ['demandeur'],
  );
  assert.equal(rennes.members.length, 2);
});

test('local aids never count in the what-if amounts', () => {
  const p = summarizePoint(
    1000,
    { benefits: [aid('breizhgo', 'region', true), { name: 'af', eligible: true, amount: 150, periodicity: 'month' }] },
    0,
  );
  assert.deepEqual(p.benefits, { af: 150 });
  assert.equal(p.total, 1150);
});
