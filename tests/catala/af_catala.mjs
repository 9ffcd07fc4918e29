#!/usr/bin/env node
// Allocations familiales: our engine against Catala's 14 reference cases.
//
//   node tests/catala/af_catala.mjs [MESAIDES] [--rules DIR] [--cases FILE]
//
// MESAIDES is the CLI (default build/native/mesaides); its `batch` command computes every case of
// tests/catala/af_cases.json. When the npm package @catala-lang/french-law is installed (a devDependency of
// the root package.json), each case is also computed by Catala's own build
// (AllocationsFamilialesLib.interfaceAllocationsFamiliales), so the reference is computed, not only copied
// from the test file; that computed value must equal the value asserted in the Catala test file.
//
// One line per case: PASS (ours = Catala to the cent), KNOWN-DIFF (a difference listed in KNOWN_DIFFS below,
// with the same two amounts), FAIL (any other difference, a listed difference that no longer holds or whose
// amounts changed, a transcription check that fails). Ends with "N passed, M failed" (known differences count
// as passed and are listed with their reasons); exit 1 on any failure.

import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');

// --------------------------------------------------------------------------------------------- known diffs
// Each entry: the Catala test, our amount and Catala's (both before CRDS), and why they differ: the text of
// law, which side we follow and why, and what OpenFisca-France (176.0.7, model af.py, computed by hand from
// its formulas) gives.
const KNOWN_DIFFS = [
  {
    test: 'Test1',
    ours: 285.24,
    catala: 351.54,
    reason:
      'Catala gives the majoration pour âge (16 % × 414,40 = 66,30 €) to enfant4, 19 ans, whose rémunération ' +
      '(1 100 €/mois) exceeds the R512-2 ceiling (55 % × SMIC 10,15 € × 169 = 943,44 €): he is not à charge ' +
      '(L512-3 2°), Catala itself does not count him (3 enfants à charge), but its montant_versé_majoration sums ' +
      'over the whole input list (enfants_à_charge) instead of enfants_à_charge_droit_ouvert_prestation_familiale. ' +
      'L521-3 gives the majoration to « chacun des enfants à charge »: we follow the text; OpenFisca agrees with ' +
      'us (af_majoration_enfant × prestations_familiales_enfant_a_charge).',
  },
  {
    test: 'Test3',
    ours: 39.66,
    catala: 24.37,
    reason:
      'Guyane, one child of 13, ressources 63 540 € (> plafond I 63 534 €). Both sides pay 5,88 % × 414,40 = ' +
      '24,37 € without modulation or complément dégressif (L755-12 al. 2: the last four alinéas of L521-1 do not ' +
      'apply to a household with a single child). We add the single-child majoration of D755-5 II (3,69 % from ' +
      '11 ans = 15,29 €). Catala makes that majoration conditional on droit_ouvert_majoration, which excludes the ' +
      'eldest child (L521-3 al. 1), and a lone child is always the eldest, so its D755-5 rule can never apply ' +
      'here (it does apply in Test14, where an older non-dependent sibling is listed). D755-5 II fixes « la ' +
      "majoration des allocations familiales pour un seul enfant à charge »: reading L521-3's exclusion into it " +
      'would leave it no case to apply to; we follow D755-5 II. OpenFisca also gives the majoration, but ' +
      'modulates base and majoration (×0,5) against L755-12 and gives no complément dégressif outre-mer: 19,83 €.',
  },
  {
    test: 'Test6',
    ours: 24.37,
    catala: 66.3,
    reason:
      'Catala counts enfant1, born 2020-09-25, four months after date_courante (2020-05-01): its ' +
      'obligation_scolaire is « Avant » whenever date_de_naissance + 3 ans ≥ date_courante, unborn children ' +
      'included, so 2 enfants (tranche 2: 16 % × 414,40 = 66,30 €). A child not yet born is not an « enfant à ' +
      'charge » (L512-3; prestations due from the month after the conditions are met, L552-1): we count one ' +
      'child, Guadeloupe, 5,88 % × 414,40 = 24,37 € (L755-12 al. 2: no modulation; 10 ans: no D755-5 ' +
      'majoration). OpenFisca does not count an unborn child either (age < 0).',
  },
  {
    test: 'Test7',
    ours: 351.55,
    catala: 417.84,
    reason:
      'As Test1, in February 2021: Catala gives the majoration (66,30 €) to enfant4, now 20 ans, not à charge ' +
      "(1 100 €/mois > 952,74 €, R512-2). One more cent from rounding: Catala rounds each child's majoration " +
      "(66,30 + 33,15 for enfant3 in résidence alternée = 99,45 €), we round the family's total (66,304 + 33,152 " +
      '= 99,456 → 99,46 €; OpenFisca does not round per child either). We follow L521-3 (enfants à charge).',
  },
  {
    test: 'Test9',
    ours: 39.66,
    catala: 0,
    reason:
      "Both children are « confiés au service d'aide sociale à l'enfance, allocation versée aux services " +
      "sociaux » (L521-2 al. 4: the family's share for that child is paid to the service): Catala returns what " +
      'the family receives, 0 €. We do not model a child placed with the ASE (declared not_simulated in ' +
      'benefit af): the situation has the 12-year-old as an ordinary child à charge (enfant0, 18 ans, 1 258 €/mois ' +
      '> 943,44 €, is not à charge on either side), hence the Guadeloupe single-child amount 24,37 + 15,29 € ' +
      '(L755-12, D755-5 II).',
  },
  {
    test: 'Test12',
    ours: 0,
    catala: 315.84,
    reason:
      'Mayotte: allocations familiales under ordonnance n° 2002-149 and décret n° 2002-423 (art. 7 and its annex ' +
      'of rates 2011-2021, encoded by Catala), which we do not simulate: af_eligibilite is false with the ' +
      'reason « régime particulier… non simulé » and benefit af declares it not_simulated. OpenFisca does not ' +
      'simulate it either (af_eligibilite_dom excludes Mayotte).',
  },
  {
    test: 'Test13',
    ours: 0,
    catala: 34.99,
    reason:
      'Mayotte, as Test12 (one child before 2021: 8,47 % of the BMAF in 2019 in the annex of décret n° 2002-423).',
  },
];

// --------------------------------------------------------------------------------------------- arguments
let bin = path.join(root, 'build/native/mesaides');
let rulesDir = path.join(root, 'rules');
let casesFile = path.join(here, 'af_cases.json');
{
  const args = process.argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--rules') rulesDir = args[++i];
    else if (args[i] === '--cases') casesFile = args[++i];
    else if (args[i] === '-h' || args[i] === '--help') {
      console.log('usage: node tests/catala/af_catala.mjs [MESAIDES] [--rules DIR] [--cases FILE]');
      process.exit(0);
    } else bin = args[i];
  }
}
if (!existsSync(bin)) {
  console.error(`af_catala: no CLI at ${bin} (build it, or give its path as the first argument)`);
  process.exit(2);
}

const doc = JSON.parse(readFileSync(casesFile, 'utf8'));
const cases = doc.cases;
const variable = doc.compared_variable; // "af": before CRDS, as Catala's i_montant_versé

// --------------------------------------------------------------------------------------------- our engine
const asked = [variable, 'prestations_familiales_base_ressources', 'af_nbenf'];
const input =
  cases
    .map((c) => JSON.stringify({ situation: c.situation, period: c.period, variables: asked, explain: false }))
    .join('\n') + '\n';
const run = spawnSync(bin, ['batch', '--rules', rulesDir], { input, encoding: 'utf8', maxBuffer: 64 << 20 });
if (run.status !== 0 && !run.stdout) {
  console.error(`af_catala: ${bin} batch failed (exit ${run.status}):\n${run.stderr}`);
  process.exit(2);
}
const results = run.stdout
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l));
if (results.length !== cases.length) {
  console.error(`af_catala: ${cases.length} requests, ${results.length} results\n${run.stderr}`);
  process.exit(2);
}

// --------------------------------------------------------------------------------------------- Catala npm
let catalaLib = null,
  catalaNote;
try {
  const require = createRequire(path.join(root, 'package.json'));
  catalaLib = require('@catala-lang/french-law/src/french_law.js').AllocationsFamilialesLib;
  const version = require('@catala-lang/french-law/package.json').version;
  catalaNote = `Catala reference computed by @catala-lang/french-law ${version} (and checked against the test file)`;
} catch (e) {
  // only its absence falls back to the test file; a package that is there but fails to load is an error
  if (e?.code !== 'MODULE_NOT_FOUND') throw e;
  catalaNote = '@catala-lang/french-law is not installed (npm install): Catala reference copied from the test file';
}
const catalaValue = (c) => catalaLib.interfaceAllocationsFamiliales(structuredClone(c.catala_input)).iMontantVerse;

// --------------------------------------------------------------------------------------------- compare
const cents = (x) => Math.round(Number(x) * 100);
const euros = (x) => (x === undefined || x === null ? '—' : Number(x).toFixed(2));
const known = new Map(KNOWN_DIFFS.map((k) => [k.test, k]));
const seen = new Set();
let passed = 0,
  failed = 0;
const summary = [];

console.log(`Catala AF cases: ${doc.catala.repository}@${doc.catala.commit.slice(0, 8)} ${doc.catala.file}`);
console.log(
  `${catalaNote}; ours: ${variable} (before CRDS) from ${path.relative(root, bin) || bin} --rules ${path.relative(root, rulesDir) || rulesDir}`,
);
for (let i = 0; i < cases.length; i++) {
  const c = cases[i],
    r = results[i],
    problems = [];
  seen.add(c.test);
  let catala = c.catala_expected;
  if (catalaLib) {
    try {
      const computed = catalaValue(c);
      if (cents(computed) !== cents(c.catala_expected))
        problems.push(`Catala's npm build gives ${euros(computed)}, the test file asserts ${euros(c.catala_expected)}`);
      catala = computed;
    } catch (e) {
      problems.push(`Catala's npm build failed: ${e?.message || JSON.stringify(e)}`);
    }
  }
  let ours;
  if (!r.ok) {
    problems.push(`our engine: ${JSON.stringify(r.error ?? r)}`);
  } else {
    const fam = Object.values(r.familles)[0];
    ours = fam[variable]?.[c.period];
    const br = fam.prestations_familiales_base_ressources?.[c.period];
    // transcription check: our N−2 resources must be exactly Catala's ressources_ménage
    if (cents(br) !== cents(c.ressources_menage))
      problems.push(
        `transcription: our base ressources ${euros(br)} ≠ ressources_ménage ${euros(c.ressources_menage)}`,
      );
    if (typeof ours !== 'number') problems.push(`our engine gave no ${variable} for ${c.period}`);
  }
  const k = known.get(c.test);
  let status;
  if (problems.length === 0) {
    const same = cents(ours) === cents(catala);
    if (same && !k) status = 'PASS';
    else if (same && k) {
      status = 'FAIL';
      problems.push('listed in KNOWN_DIFFS but no longer differs: remove it from the table');
    } else if (!k) {
      status = 'FAIL';
      problems.push(`differs by ${euros(ours - catala)} and is not in KNOWN_DIFFS`);
    } else if (cents(k.ours) !== cents(ours) || cents(k.catala) !== cents(catala)) {
      status = 'FAIL';
      problems.push(
        `KNOWN_DIFFS says ours ${euros(k.ours)} / Catala ${euros(k.catala)}: update the table (and its reason)`,
      );
    } else status = 'KNOWN-DIFF';
  } else status = 'FAIL';
  if (status === 'FAIL') failed++;
  else passed++;
  if (status === 'KNOWN-DIFF') summary.push(k);
  const pad = (s, n) => String(s).padEnd(n);
  console.log(
    `${pad(status, 10)} ${pad(c.test, 6)} ${pad(c.period, 7)} ${pad(c.residence, 10)} ours ${euros(ours).padStart(7)}  Catala ${euros(catala).padStart(7)}` +
      (problems.length ? `  — ${problems.join('; ')}` : ''),
  );
}
for (const k of KNOWN_DIFFS) {
  if (!seen.has(k.test)) {
    failed++;
    console.log(
      `FAIL       ${k.test}: listed in KNOWN_DIFFS but there is no such case in ${path.relative(root, casesFile)}`,
    );
  }
}
if (summary.length) {
  console.log('\nKnown differences (counted as passed):');
  for (const k of summary) console.log(`  ${k.test}: ours ${euros(k.ours)}, Catala ${euros(k.catala)}. ${k.reason}`);
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
