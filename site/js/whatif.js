// The "what if" simulation: the household's situation with its net wages set to each point of a grid
// from 0 to 2.5 SMIC, and the resources that result. Pure functions; the UI sends the situations to
// the engine (in the worker) and hands the results back to `summarizePoint`.

import { buildSituation, incomeFamily, personIds, personRole, splitKey } from './questionnaire.js';

export const SMIC_MULTIPLE = 2.5;
// Net → taxable and net → gross, for an ordinary private-sector salary near the SMIC (2026 rates:
// 21.1 % employee contributions on 98.25 % of gross for CSG/CRDS; 2.9 points of CSG/CRDS not deductible).
export const TAXABLE_PER_NET = 1.036;
export const GROSS_PER_NET = 1.264;
const SALARY_VARIABLES = { salaire_net: 1, salaire_imposable: TAXABLE_PER_NET, salaire_de_base: GROSS_PER_NET };

// The SMIC of the chart's axis, as a net monthly wage (net ≈ gross / 1.264), from the engine's
// answer for the rules' smic_brut_mensuel of `period` (hourly rate × monthly hours), asked of a
// person alone (smicRequest). Null when the answer has no such amount: the UI then says the chart
// cannot be drawn (no value of the law is written in the site). The engine's parameter listing gave
// it until December 2026: the whole law's dated values and their texts, 0.2 s of the results page
// before the chart could start.
export function smicRequest(period) {
  return {
    situation: { individus: { personne: {} } },
    options: { period, variables: ['smic_brut_mensuel'] },
  };
}

export function smicNetFromAnswer(result, period) {
  const gross = result?.individus?.personne?.smic_brut_mensuel?.[period];
  if (typeof gross !== 'number' || !(gross > 0)) return null;
  return Math.round((gross / GROSS_PER_NET) * 100) / 100;
}

export function grid(max, steps) {
  const xs = [];
  for (let i = 0; i <= steps; i += 1) xs.push(Math.round(((max * i) / steps) * 100) / 100);
  return xs;
}

// A person's monthly net wage in the latest month answered: the net salary, or else the taxable or gross
// one converted to net with the ratios above. 0 when no salary was given.
export function latestNetWage(answers, id) {
  for (const [name, ratio] of Object.entries(SALARY_VARIABLES)) {
    const periods = answers.values[`${name}@${id}`] ?? {};
    const keys = Object.keys(periods)
      .filter((p) => /^\d{4}-\d{2}$/.test(p))
      .sort();
    if (keys.length) return Math.round(((Number(periods[keys[keys.length - 1]]) || 0) / ratio) * 100) / 100;
  }
  return 0;
}

// The household's monthly net wages now (the adults' latest wages).
export function currentWages(answers) {
  const adults = personIds(answers).filter((id) => personRole(id) !== 'child');
  return Math.round(adults.reduce((sum, id) => sum + latestNetWage(answers, id), 0) * 100) / 100;
}

// Each adult's share of the household's wages: as answered for the latest month, else all to the
// person filling in the form.
export function wageShares(answers) {
  const adults = personIds(answers).filter((id) => personRole(id) !== 'child');
  const latest = {};
  for (const id of adults) latest[id] = latestNetWage(answers, id);
  const total = Object.values(latest).reduce((a, b) => a + b, 0);
  const shares = {};
  for (const id of adults) shares[id] = total > 0 ? latest[id] / total : id === 'demandeur' ? 1 : 0;
  return shares;
}

// The periods for which wages are written: the three previous calendar years (as yearly totals, which
// the engine spreads over their months) and every month of the current year up to the period.
export function wagePeriods(period) {
  const year = Number(period.slice(0, 4));
  const month = Number(period.slice(5, 7));
  const periods = [];
  for (let y = year - 3; y < year; y += 1) periods.push({ period: String(y), months: 12 });
  for (let m = 1; m <= month; m += 1) periods.push({ period: `${year}-${String(m).padStart(2, '0')}`, months: 1 });
  return periods;
}

// The situation with the household's monthly net wages set to `wages` (split by `shares`), every other
// answer kept. Salary variables are written only when the engine knows them (`inputNames`).
export function situationWithWages(answers, period, wages, shares, inputNames) {
  const situation = buildSituation(answers);
  const periods = wagePeriods(period);
  for (const [id, share] of Object.entries(shares)) {
    const person = situation.individus[id];
    if (!person) continue;
    for (const name of Object.keys(person)) if (incomeFamily(name) === 'salaire') delete person[name];
    for (const [name, ratio] of Object.entries(SALARY_VARIABLES)) {
      if (!inputNames.has(name)) continue;
      const monthly = wages * share * ratio;
      const values = {};
      for (const p of periods) values[p.period] = Math.round(monthly * p.months * 100) / 100;
      person[name] = values;
    }
  }
  return situation;
}

// Other (non-wage) monthly incomes of the household in the latest month answered, for the total.
export function otherIncome(answers) {
  const best = new Map(); // person@family → {variable, period, value}
  for (const [key, periods] of Object.entries(answers.values)) {
    const { variable, id } = splitKey(key);
    const family = incomeFamily(variable);
    if (family === 'salaire' || family === variable) continue;
    const months = Object.keys(periods)
      .filter((p) => /^\d{4}-\d{2}$/.test(p))
      .sort();
    if (!months.length) continue;
    const last = months[months.length - 1];
    const k = `${id}@${family}`;
    const prev = best.get(k);
    const netFirst = /_net/.test(variable) ? 1 : 0;
    if (!prev || last > prev.period || (last === prev.period && netFirst > prev.netFirst)) {
      best.set(k, { period: last, value: Number(periods[last]) || 0, netFirst });
    }
  }
  let total = 0;
  for (const b of best.values()) total += b.value;
  return Math.round(total * 100) / 100;
}

// The names of the benefits a point of the chart asks for (listBenefits' entries): the national ones
// paid to the household, the only ones summarizePoint counts. A local aid has no amount to chart; a
// participation (the complémentaire santé solidaire's) is not a resource, and computing it reads
// twelve months of every benefit: a quarter of a point's time (December 2026).
export function chartedBenefitNames(benefitList) {
  return benefitList.filter((b) => !b.meta?.source_id && b.amount_kind !== 'participation').map((b) => b.name);
}

// One point of the chart from an engine result: monthly amount of each benefit (yearly ones count for
// a twelfth) and the total resources.
export function summarizePoint(wages, result, other, benefitFilter = null) {
  const benefits = {};
  let sum = 0;
  for (const b of result?.benefits ?? []) {
    if (benefitFilter && !benefitFilter.has(b.name)) continue;
    if (b.amount_kind === 'participation') continue; // paid by the household: not a resource
    if (b.meta?.source_id) continue; // a local aid: no amount computed (docs/aides-locales.md)
    const amount = typeof b.amount === 'number' && b.eligible ? b.amount : 0;
    const monthly = b.periodicity === 'year' ? amount / 12 : amount;
    benefits[b.name] = Math.round(((benefits[b.name] ?? 0) + monthly) * 100) / 100;
    sum += monthly;
  }
  return { wages, other, benefits, total: Math.round((wages + other + sum) * 100) / 100 };
}

// Cliffs: the grid steps where total resources fall although wages rise (by more than `tolerance` €),
// and the steps where a benefit stops.
export function findCliffs(points, tolerance = 1) {
  const cliffs = [];
  for (let i = 1; i < points.length; i += 1) {
    const a = points[i - 1];
    const b = points[i];
    const lost = [];
    for (const [name, v] of Object.entries(a.benefits)) if (v > 0 && !(b.benefits[name] > 0)) lost.push(name);
    if (b.total < a.total - tolerance)
      cliffs.push({ index: i, from: a.wages, to: b.wages, drop: Math.round((a.total - b.total) * 100) / 100, lost });
  }
  return cliffs;
}
