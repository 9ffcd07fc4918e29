import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  grid,
  smicRequest,
  smicNetFromAnswer,
  wageShares,
  situationWithWages,
  otherIncome,
  summarizePoint,
  chartedBenefitNames,
  findCliffs,
  wagePeriods,
  currentWages,
} from '../../site/js/whatif.js';
import { answer, emptyAnswers } from '../../site/js/questionnaire.js';
import { renderChart, niceStep } from '../../site/js/chart.js';

const couple = () => {
  let a = emptyAnswers();
  a = answer(a, { kind: 'couple' }, true, { period: '2026-11' });
  a = answer(a, { kind: 'union' }, 'marie', { period: '2026-11' });
  a = answer(a, { kind: 'childCount' }, 0);
  a = answer(
    a,
    { kind: 'amounts', variable: 'salaire_net', id: 'demandeur', periods: ['2026-10'] },
    { '2026-10': 1500 },
  );
  a = answer(a, { kind: 'amounts', variable: 'salaire_net', id: 'conjoint', periods: ['2026-10'] }, { '2026-10': 500 });
  a = answer(a, { kind: 'amounts', variable: 'chomage_net', id: 'conjoint', periods: ['2026-10'] }, { '2026-10': 300 });
  return a;
};

test('the grid goes from 0 to the maximum in equal steps', () => {
  assert.deepEqual(grid(100, 4), [0, 25, 50, 75, 100]);
});

test("the chart's SMIC is the engine's smic_brut_mensuel of the period, as a net wage", () => {
  const { situation, options } = smicRequest('2026-03');
  assert.deepEqual(options, { period: '2026-03', variables: ['smic_brut_mensuel'] });
  assert.deepEqual(Object.keys(situation.individus), ['personne']);
  // 12.02 € an hour from 1 January 2026 (décret n° 2025-1228) × 151.67 hours, as the engine gives it.
  const answer = { ok: true, individus: { personne: { smic_brut_mensuel: { '2026-03': 1823.0734 } } } };
  assert.equal(smicNetFromAnswer(answer, '2026-03'), Math.round((1823.0734 / 1.264) * 100) / 100);
  // No amount for that month, or none at all: no scale (no value of the law is written in the site).
  assert.equal(smicNetFromAnswer(answer, '2026-04'), null);
  assert.equal(smicNetFromAnswer({ ok: false }, '2026-03'), null);
  assert.equal(smicNetFromAnswer(null, '2026-03'), null);
});

test('wages are shared between adults as declared, and written for every period the rules read', () => {
  const a = couple();
  assert.deepEqual(wageShares(a), { demandeur: 0.75, conjoint: 0.25 });
  assert.equal(currentWages(a), 2000);
  const s = situationWithWages(a, '2026-11', 1000, wageShares(a), new Set(['salaire_net', 'salaire_imposable']));
  assert.equal(s.individus.demandeur.salaire_net['2024'], 9000);
  assert.equal(s.individus.demandeur.salaire_net['2026-11'], 750);
  assert.equal(s.individus.conjoint.salaire_imposable['2026-01'], 259);
  assert.equal(s.individus.demandeur.salaire_de_base, undefined);
  assert.deepEqual(s.individus.conjoint.chomage_net, { '2026-10': 300 });
  assert.deepEqual(
    wagePeriods('2026-02').map((p) => p.period),
    ['2023', '2024', '2025', '2026-01', '2026-02'],
  );
  assert.deepEqual(wageShares(emptyAnswers()), { demandeur: 1 });
});

test('other income, points and cliffs', () => {
  assert.equal(otherIncome(couple()), 300);
  const result = {
    benefits: [
      { name: 'af', eligible: true, amount: 150, periodicity: 'month' },
      { name: 'noel', eligible: true, amount: 240, periodicity: 'year' },
      { name: 'rsa', eligible: false, amount: 0, periodicity: 'month' },
    ],
  };
  assert.deepEqual(summarizePoint(1000, result, 300), {
    wages: 1000,
    other: 300,
    benefits: { af: 150, noel: 20, rsa: 0 },
    total: 1470,
  });
  assert.deepEqual(summarizePoint(0, result, 0, new Set(['af'])).benefits, { af: 150 });
  const points = [
    { wages: 0, total: 600, benefits: { rsa: 600 } },
    { wages: 500, total: 900, benefits: { rsa: 400 } },
    { wages: 1000, total: 850, benefits: { rsa: 0 } },
    { wages: 1500, total: 1500, benefits: { rsa: 0 } },
  ];
  assert.deepEqual(findCliffs(points), [{ index: 2, from: 500, to: 1000, drop: 50, lost: ['rsa'] }]);
});

test('the chart is plain SVG with the series, the total line and the cliffs', () => {
  const points = [
    { wages: 0, other: 0, total: 600, benefits: { rsa: 600 } },
    { wages: 1000, other: 0, total: 900, benefits: { rsa: 0 } },
    { wages: 2000, other: 0, total: 2000, benefits: { rsa: 0 } },
  ];
  const svg = renderChart(
    points,
    [
      { key: 'wages', label: 'Salaires', color: '#999', value: (p) => p.wages },
      { key: 'rsa', label: 'RSA <majoré>', color: '#18753C', value: (p) => p.benefits.rsa },
    ],
    {
      title: 'Titre',
      xLabel: 'x',
      yLabel: 'y',
      formatY: String,
      xTicks: [{ x: 0, label: '0' }],
      cliffs: [{ to: 1000 }],
      cliffLabel: 'Seuil',
      current: 500,
      currentLabel: 'Vous',
    },
  );
  assert.match(svg, /^<svg [^>]*role="img"/);
  assert.equal((svg.match(/<polygon/g) ?? []).length, 2);
  assert.match(svg, /RSA &lt;majoré&gt;/);
  assert.match(svg, /class="cliff"/);
  assert.match(svg, /class="total"/);
  assert.equal(niceStep(2345, 5), 500);
  assert.equal(niceStep(90, 5), 20);
});

test('a point of the chart asks for the national benefits paid to the household only', () => {
  const list = [
    { name: 'af', amount_kind: 'paid' },
    { name: 'css', amount_kind: 'participation' },
    { name: 'aide_locale', amount_kind: 'paid', meta: { source_id: 'x' } },
    { name: 'ars', amount_kind: 'paid', periodicity: 'year' },
  ];
  assert.deepEqual(chartedBenefitNames(list), ['af', 'ars']);
});
