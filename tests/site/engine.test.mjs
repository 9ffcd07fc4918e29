// The questionnaire logic against the real engine (build/site/engine, the WebAssembly module in Node):
// for several households, answering every question the logic asks must end (no endless questions),
// ask only variables the engine knows, and give a situation the engine accepts, with the same
// benefits as the native CLI. Skipped when the engine is not built (run ci/build first).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import {
  GATES,
  absorbMissing,
  answer,
  buildSituation,
  collectMissing,
  emptyAnswers,
  makeCatalog,
  nextQuestion,
} from '../../site/js/questionnaire.js';
import { situationWithWages, smicNetFromAnswer, smicRequest, wageShares } from '../../site/js/whatif.js';

const root = new URL('../..', import.meta.url).pathname;
const engineFile = join(root, 'build/site/engine/mesaides.mjs');
const cli = process.env.MESAIDES_CLI ?? join(root, 'build/native/mesaides');
const ready = existsSync(engineFile) && existsSync(join(root, 'build/site/engine/mesaides_engine.wasm'));
const PERIOD = '2026-11';

let enginePromise = null;
const getEngine = () => (enginePromise ??= import(engineFile).then((m) => m.createEngine()));

// Answers whatever is asked from a small table, with defaults (as a person who says "no" to
// everything unexpected).
function autoAnswer(q, household) {
  switch (q.kind) {
    case 'couple':
      return household.couple;
    case 'union':
      return 'marie';
    case 'childCount':
      return household.children.length;
    case 'child':
      return { prenom: '', date_naissance: household.children[q.index] };
    case 'incomes':
      return q.families.filter((f) => household.incomes[q.id]?.[f] !== undefined);
    case 'amounts': {
      const family = Object.entries(household.incomes[q.id] ?? {}).find(([f]) => q.variable.startsWith(f));
      // An amount, or a function of the period (a month "2026-05", a year "2025": its monthly mean).
      const v = family ? family[1] : (household.values[q.variable] ?? 0);
      const at = (p) => (typeof v === 'function' ? v(p) : v);
      return Object.fromEntries(q.periods.map((p) => [p, /^\d{4}$/.test(p) ? at(p) * 12 : at(p)]));
    }
    case 'boolean':
      return household.values[q.variable] ?? false;
    case 'gate':
      return household.gates?.[q.gate] ?? false;
    case 'date':
      return household.values[q.variable] ?? (q.variable === 'date_naissance' ? '1980-01-01' : q.default);
    case 'commune':
      return household.values.depcom ?? '75056';
    case 'enum':
      return household.values[q.variable] ?? q.items?.[0];
    default:
      return household.values[q.variable] ?? 0;
  }
}

async function runJourney(engine, catalog, household) {
  let answers = emptyAnswers();
  const asked = [];
  for (let step = 0; step < 150; step += 1) {
    const result = await engine.compute(buildSituation(answers), { period: PERIOD, benefits: true });
    assert.equal(result.ok, true, JSON.stringify(result.error));
    const missing = collectMissing(result);
    // As the app asks (app.js): with the period, months after it take the last amount and are not asked.
    const absorbed = absorbMissing(answers, missing, catalog, { period: PERIOD });
    if (absorbed.changed) {
      answers = absorbed.answers;
      continue;
    }
    const q = nextQuestion(answers, missing, catalog, { period: PERIOD });
    if (!q) return { answers, result, asked };
    assert.ok(!asked.includes(q.key), `asked twice: ${q.key} (after ${asked.join(', ')})`);
    asked.push(q.key);
    if (q.variable) assert.ok(catalog.has(q.variable), q.variable);
    if (q.kind === 'enum')
      q.items = catalog
        .get(q.variable)
        .items.map((i) => i.name)
        .filter((n) => n !== 'non_renseigne');
    if (q.variable) q.default = catalog.get(q.variable).default;
    answers = answer(answers, q, autoAnswer(q, household), { period: PERIOD, same: true, catalog });
  }
  throw new Error('the questionnaire did not end');
}

function native(situation) {
  const dir = mkdtempSync(join(tmpdir(), 'mesaides-site-'));
  try {
    writeFileSync(join(dir, 's.json'), JSON.stringify(situation));
    return JSON.parse(
      execFileSync(cli, ['compute', '--period', PERIOD, '--benefits', '--json', join(dir, 's.json')], {
        encoding: 'utf8',
        maxBuffer: 1 << 28,
      }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const HOUSEHOLDS = {
  'personne seule sans revenu': {
    couple: false,
    children: [],
    incomes: {},
    values: { activite: 'inactif', statut_occupation_logement: 'locataire_vide', loyer: 500 },
  },
  'parent isolé, deux enfants, salaire': {
    couple: false,
    children: ['2016-09-03', '2021-02-17'],
    incomes: { demandeur: { salaire: 1200 } },
    values: { activite: 'actif', depcom: '13055', statut_occupation_logement: 'locataire_hlm', loyer: 480 },
  },
  'couple, trois enfants, Paris': {
    couple: true,
    children: ['2012-06-21', '2015-01-09', '2019-10-02'],
    incomes: { demandeur: { salaire: 1900 } },
    values: { activite: 'actif', depcom: '75056', statut_occupation_logement: 'locataire_vide', loyer: 1300 },
  },
  retraités: {
    couple: true,
    children: [],
    incomes: { demandeur: { retraite: 1400 }, conjoint: { retraite: 900 } },
    values: { activite: 'retraite', date_naissance: '1953-02-11', statut_occupation_logement: 'proprietaire' },
  },
};

for (const [name, household] of Object.entries(HOUSEHOLDS)) {
  test(`questionnaire + moteur réel : ${name}`, {
    skip: !ready && 'build/site/engine is missing (run ci/build)',
  }, async () => {
    const engine = await getEngine();
    const catalog = makeCatalog(await engine.listInputs());
    const { answers, result } = await runJourney(engine, catalog, household);
    if (existsSync(cli)) {
      const nat = native(buildSituation(answers));
      assert.deepEqual(
        result.benefits.map((b) => [b.name, b.id, b.eligible, b.amount]),
        nat.benefits.map((b) => [b.name, b.id, b.eligible, b.amount]),
      );
    }
    // the what-if situations are accepted by the engine too
    const situation = situationWithWages(answers, PERIOD, 2000, wageShares(answers), new Set(catalog.keys()));
    const what = await engine.compute(situation, { period: PERIOD, benefits: true });
    assert.equal(what.ok, true, JSON.stringify(what.error));
  });
}

// The PreParE received (L531-4 CSS) is asked as an income of the family, only where it can exist (a child
// under three here), and counts in the RSA's resources of the month (R262-6 CASF): the RSA found with it is
// the RSA of the same answers without it, less the amount.
test('questionnaire + moteur réel : la PreParE perçue est demandée pour un bébé et comptée dans le RSA', {
  skip: !ready && 'build/site/engine is missing (run ci/build)',
}, async () => {
  const engine = await getEngine();
  const catalog = makeCatalog(await engine.listInputs());
  const baby = {
    couple: false,
    children: ['2025-10-14'],
    incomes: { famille: { paje_prepare: 450 } },
    values: {
      activite: 'inactif',
      nationalite: 'FR',
      depcom: '13055',
      statut_occupation_logement: 'loge_gratuitement',
    },
  };
  const { answers, result, asked } = await runJourney(engine, catalog, baby);
  assert.ok(asked.includes('incomes:famille'), `no family income checklist: ${asked.join(', ')}`);
  assert.ok(answers.incomes.famille?.chosen.includes('paje_prepare'), JSON.stringify(answers.incomes));
  const given = answers.values['paje_prepare@famille'] ?? {};
  assert.equal(given[PERIOD], 450, JSON.stringify(given));
  const without = structuredClone(answers);
  for (const p of Object.keys(without.values['paje_prepare@famille'])) without.values['paje_prepare@famille'][p] = 0;
  const other = await engine.compute(buildSituation(without), { period: PERIOD, benefits: true });
  const rsa = (r) => r.benefits.find((b) => b.name === 'rsa').amount;
  assert.ok(rsa(other) > 450, `RSA without the PreParE: ${rsa(other)}`);
  assert.equal(Math.round((rsa(other) - rsa(result)) * 100), 45000);

  // A child of seven: no PreParE possible, so it is never offered.
  const older = { ...baby, children: ['2019-05-02'] };
  const second = await runJourney(engine, catalog, older);
  assert.ok(!JSON.stringify(second.answers.incomes).includes('paje_prepare'), JSON.stringify(second.answers.incomes));
  assert.ok(!Object.keys(second.answers.values).some((k) => k.startsWith('paje_prepare@')));
});

// The same answers with these inputs of the demandeur at 0 (or `value`) in every period the questionnaire asked them.
function zeroed(answers, variables, value = 0) {
  const copy = structuredClone(answers);
  for (const v of variables) {
    const given = copy.values[`${v}@demandeur`];
    assert.ok(given && Object.keys(given).length > 0, `${v} not asked`);
    for (const p of Object.keys(given)) given[p] = value;
  }
  return copy;
}

// A household of the journeys below: lodged free of charge in Lyon, without activity unless `values` says so;
// the second argument gives its couple, children (dates of birth), incomes and gates.
function lodgedFree(values = {}, { couple = false, children = [], incomes = {}, gates } = {}) {
  return {
    couple,
    children,
    incomes,
    gates,
    values: { activite: 'inactif', depcom: '69123', statut_occupation_logement: 'loge_gratuitement', ...values },
  };
}

// The income of assets the RSA counts (R262-6 and R132-1 CASF) is one family of the person's incomes; a
// livret A of 10 000 € at 1.5 % (arrêté du 28 janvier 2026) and 8 000 € of other tax-free savings at the 3 %
// a year of R132-1 are 32.50 € a month of resources, which the RSA loses one for one.
test('questionnaire + moteur réel : l’épargne est demandée avec les revenus et comptée dans le RSA', {
  skip: !ready && 'build/site/engine is missing (run ci/build)',
}, async () => {
  const engine = await getEngine();
  const catalog = makeCatalog(await engine.listInputs());
  const saver = {
    couple: false,
    children: [],
    incomes: { demandeur: { patrimoine: 0 } },
    values: {
      activite: 'inactif',
      nationalite: 'FR',
      depcom: '69123',
      statut_occupation_logement: 'loge_gratuitement',
      livret_a: 10000,
      epargne_revenus_non_imposables: 8000,
    },
  };
  const { answers, result } = await runJourney(engine, catalog, saver);
  assert.ok(answers.incomes.demandeur?.offered.includes('patrimoine'), JSON.stringify(answers.incomes));
  assert.ok(!answers.incomes.demandeur.offered.includes('livret_a'), 'the assets are one family');
  const none = zeroed(answers, ['livret_a', 'epargne_revenus_non_imposables']);
  const other = await engine.compute(buildSituation(none), { period: PERIOD, benefits: true });
  const rsa = (r) => r.benefits.find((b) => b.name === 'rsa').amount;
  assert.ok(rsa(other) > 100, `RSA without savings: ${rsa(other)}`);
  assert.equal(Math.round((rsa(other) - rsa(result)) * 100), 3250);
});

// The aides au logement count a patrimony over 30 000 € (L822-5, R822-22 CCH): 40 000 € on a livret A are
// deemed to bring 3 % a year, 1 200 €, added to the yearly resources R before they are rounded up to the
// hundred (D823-17), so R is 1 200 € higher, and the aid lower; the value of a home not let is asked with them.
test('questionnaire + moteur réel : un patrimoine de plus de 30 000 € compte dans les aides au logement', {
  skip: !ready && 'build/site/engine is missing (run ci/build)',
}, async () => {
  const engine = await getEngine();
  const catalog = makeCatalog(await engine.listInputs());
  const saver = {
    couple: false,
    children: [],
    incomes: { demandeur: { salaire: 1300, patrimoine: 0 } },
    values: {
      activite: 'actif',
      depcom: '69123',
      statut_occupation_logement: 'locataire_vide',
      loyer: 550,
      livret_a: 40000,
    },
  };
  const { answers, result } = await runJourney(engine, catalog, saver);
  assert.ok(answers.incomes.demandeur?.offered.includes('patrimoine'), JSON.stringify(answers.incomes));
  for (const v of ['livret_a', 'valeur_immo_non_loue', 'valeur_terrains_non_loues']) {
    assert.ok(answers.values[`${v}@demandeur`], `${v} not asked`);
  }
  const none = zeroed(answers, ['livret_a']);
  const base = async (a) => {
    const r = await engine.compute(buildSituation(a), { period: PERIOD, variables: ['aide_logement_base_ressources'] });
    assert.ok(r.ok, JSON.stringify(r.error));
    return r.familles.famille.aide_logement_base_ressources[PERIOD];
  };
  assert.equal((await base(answers)) - (await base(none)), 1200);
  const other = await engine.compute(buildSituation(none), { period: PERIOD, benefits: true });
  const al = (r) => r.benefits.find((b) => b.name === 'aide_logement').amount;
  assert.ok(al(other) > 0, `aide au logement without savings: ${al(other)}`);
  assert.ok(al(result) < al(other), `with savings ${al(result)}, without ${al(other)}`);
});

// The ASPA counts a person's assets for 3 % a year of their value, whether they bring anything or not (R815-25 CSS):
// 20 000 € on a livret A are 50 € a month of resources. A retiree of 72 living alone with a gross pension of 600 €
// gets the ceiling of 12 523.14 € a year (D815-1, circulaire Cnav 2025-29), 1 043.595 € a month, less 650 €:
// 393.595 €, 393.60 €; without the savings 443.60 €. The assets are asked of a retiree through the same family.
test('questionnaire + moteur réel : l’épargne d’un retraité compte pour 3 % par an dans l’ASPA', {
  skip: !ready && 'build/site/engine is missing (run ci/build)',
}, async () => {
  const engine = await getEngine();
  const catalog = makeCatalog(await engine.listInputs());
  const retiree = lodgedFree(
    { activite: 'retraite', date_naissance: '1954-05-01', livret_a: 20000 },
    { incomes: { demandeur: { retraite: 600, patrimoine: 0 } } },
  );
  const { answers, result } = await runJourney(engine, catalog, retiree);
  assert.ok(answers.incomes.demandeur?.offered.includes('patrimoine'), JSON.stringify(answers.incomes));
  assert.ok(answers.values['livret_a@demandeur'], 'livret_a not asked');
  const aspa = (r) => r.benefits.find((b) => b.name === 'aspa').amount;
  assert.equal(aspa(result), 393.6);
  const none = zeroed(answers, ['livret_a']);
  const other = await engine.compute(buildSituation(none), { period: PERIOD, benefits: true });
  assert.equal(aspa(other), 443.6);
});

// R822-17 CCH: the wages of a parent of a family on the RSA do not count in the aides au logement, from the month after the
// RSA is received. A tenant in Lyon (rent 500 €) who earned 1 500 € a month from July 2025 to May 2026 and nothing since
// gets the RSA in October 2026 (no income in its months of reference, June to August: 651.69 € less the forfait logement
// of 78.20 €); in November the year's wages (12 000 €) are neutralised, R = 0: L 290.34 + C 60.59 − P0 39.56 = 311.37 €,
// less the 5 € minoration, 306.37 €, less the CRDS (1.53 €), rounded down to the euro: 304 € (131 € with the wages,
// R = 10 800 €; hand computation, tests/rules/aides_logement/ressources.yaml). The RSA of November: 573.49 €.
test('questionnaire + moteur réel : au RSA, les salaires de l’année passée ne comptent pas dans l’aide au logement', {
  skip: !ready && 'build/site/engine is missing (run ci/build)',
}, async () => {
  const engine = await getEngine();
  const catalog = makeCatalog(await engine.listInputs());
  const worked = (p) =>
    /^\d{4}$/.test(p) ? (p === '2025' ? 750 : p === '2026' ? 625 : 0) : p >= '2025-07' && p <= '2026-05' ? 1500 : 0;
  const tenant = {
    couple: false,
    children: [],
    incomes: { demandeur: { salaire: worked } },
    values: {
      activite: 'inactif',
      nationalite: 'FR',
      date_naissance: '1985-01-01',
      depcom: '69123',
      statut_occupation_logement: 'locataire_vide',
      loyer: 500,
    },
  };
  const { result } = await runJourney(engine, catalog, tenant);
  const amount = (name) => result.benefits.find((b) => b.name === name).amount;
  assert.equal(amount('aide_logement'), 304);
  assert.equal(amount('rsa'), 573.49);
});

// R822-18 CCH: each month's wage of a contrat de professionnalisation is reduced by its amount, at most the SMIC. A
// 23-year-old tenant in Lyon (rent 400 €) paid 1 100 € a month in such a contract has no resources for the aides au
// logement: L 290.34 + C 60.59 − P0 39.56 = 311.37 €, less the 5 € minoration and the CRDS (1.53 €), rounded down:
// 304 €. The same wages outside the contract: R = 13 200 − 1 320 = 11 880 → 11 900 €, Pp = 39.56 + 3.135 % ×
// (11 900 − 5 235) = 248.51 €, 102.42 €, less 5 € and 0.49 €: 96 € (hand computation from the barème's parameters).
// The contract is asked behind the household's « emploi particulier » gate.
test('questionnaire + moteur réel : le salaire d’un contrat de professionnalisation ne compte pas dans l’aide au logement', {
  skip: !ready && 'build/site/engine is missing (run ci/build)',
}, async () => {
  const engine = await getEngine();
  const catalog = makeCatalog(await engine.listInputs());
  const young = {
    couple: false,
    children: [],
    gates: { emploi_particulier: true },
    incomes: { demandeur: { salaire: 1100 } },
    values: {
      activite: 'actif',
      nationalite: 'FR',
      date_naissance: '2003-05-01',
      depcom: '69123',
      statut_occupation_logement: 'locataire_vide',
      loyer: 400,
      contrat_professionnalisation: true,
    },
  };
  const { answers, result, asked } = await runJourney(engine, catalog, young);
  assert.ok(asked.includes('var:contrat_professionnalisation@demandeur'), asked.join(' '));
  const al = (r) => r.benefits.find((b) => b.name === 'aide_logement').amount;
  assert.equal(al(result), 304);
  const outside = zeroed(answers, ['contrat_professionnalisation'], false);
  const other = await engine.compute(buildSituation(outside), { period: PERIOD, benefits: true });
  assert.equal(al(other), 96);
});

// The prestations familiales count the rents and the income of capital of the year before last (R532-3 CSS:
// the revenus nets catégoriels). A single parent of two children (12 and 10 in November 2026) with 7 000 € of
// wages a month has 84 000 − 8 400 = 75 600 € of 2024 resources, under the AF's first ceiling for two
// children (79 980 € in 2026, D521-3): 0.32 × BMAF 478.16 = 153.01 €, paid less the CRDS of 0.5 % (ordonnance
// n° 96-50, art. 14): 152.24 €. With 500 € of rents a month, 6 000 € in 2024: 81 600 €, over by more than twelve
// months of the lower amount (no complément dégressif, D521-1 II), so 0.16 × 478.16 = 76.51 €, paid 76.13 €.
// The rents are asked for the months of 2024 too.
test('questionnaire + moteur réel : les loyers de l’avant-dernière année comptent dans les allocations familiales', {
  skip: !ready && 'build/site/engine is missing (run ci/build)',
}, async () => {
  const engine = await getEngine();
  const catalog = makeCatalog(await engine.listInputs());
  const landlord = {
    couple: false,
    children: ['2014-01-01', '2016-01-01'],
    incomes: { demandeur: { salaire: 7000, revenus_locatifs: 500 } },
    values: { activite: 'actif', depcom: '69123', statut_occupation_logement: 'proprietaire' },
  };
  const { answers, result } = await runJourney(engine, catalog, landlord);
  const rents = answers.values['revenus_locatifs@demandeur'] ?? {};
  assert.equal(rents['2024-06'], 500, JSON.stringify(rents));
  const none = zeroed(answers, ['revenus_locatifs']);
  const other = await engine.compute(buildSituation(none), { period: PERIOD, benefits: true });
  const af = (r) => r.benefits.find((b) => b.name === 'af').amount;
  assert.equal(af(other), 152.24);
  assert.equal(af(result), 76.13);
});

// A micro-entrepreneur's turnover is among the person's incomes, one line per kind of activity, and the prime d'activité counts it after
// the abattement of its activity (CGI art. 102 ter: 34 % for a liberal profession): 1 500 € of receipts a month
// are 990 € of professional income. In November 2026 the reference months are July to September 2026 (R843-1 as
// décret n° 2025-185 writes it), each: montant forfaitaire 638.28 € (décret n° 2026-222) + 59.85 % × 990 =
// 592.515 € + bonification 37.7 % × 638.28 = 240.63 € × (990 − 59 × 12.31) / ((138 − 59) × 12.31) = 65.2516 €
// (SMIC 12.31 € since 1 June 2026), less 990 € + the forfait logement of 12 % × 638.28 = 76.5936 € (R844-3):
// 229.4530 €, 229.45 €, paid 228.30 € after the CRDS of 0.5 % (ordonnance n° 96-50, art. 14). Without the
// turnover (the same answers, zero), no prime, and the RSA of a person without resources instead.
test('questionnaire + moteur réel : le chiffre d’affaires d’un micro-entrepreneur est demandé et compte dans la prime d’activité', {
  skip: !ready && 'build/site/engine is missing (run ci/build)',
}, async () => {
  const engine = await getEngine();
  const catalog = makeCatalog(await engine.listInputs());
  const freelancer = lodgedFree(
    { activite: 'actif', rpns_auto_entrepreneur_CA_bnc: 1500 },
    { incomes: { demandeur: { micro_entreprise_liberal: 0 } } },
  );
  const { answers, result, asked } = await runJourney(engine, catalog, freelancer);
  for (const kind of ['ventes', 'services', 'liberal']) {
    assert.ok(answers.incomes.demandeur?.offered.includes(`micro_entreprise_${kind}`), JSON.stringify(answers.incomes));
  }
  // Only the kind of activity ticked is asked its amounts.
  const amounts = asked.filter((key) => key.includes('rpns_auto_entrepreneur_'));
  assert.ok(amounts.length > 0 && amounts.every((key) => key.includes('_CA_bnc')), JSON.stringify(amounts));
  const amount = (r, name) => r.benefits.find((b) => b.name === name).amount;
  assert.equal(amount(result, 'ppa'), 228.3);
  assert.equal(amount(result, 'rsa'), 0);
  const none = zeroed(answers, ['rpns_auto_entrepreneur_CA_bnc']);
  const other = await engine.compute(buildSituation(none), { period: PERIOD, benefits: true });
  assert.equal(amount(other, 'ppa'), 0);
  assert.ok(amount(other, 'rsa') > 500, `RSA without turnover: ${amount(other, 'rsa')}`);
});

// L262-4 2° CASF and L816-1 CSS: a French national justifies no stay; outside the EU, the EEA and Switzerland, the
// RSA asks five years of a residence permit allowing work (not of a refugee), the ASPA ten. The questionnaire asks
// the permit's years only of a foreign national, whether they are a refugee only outside the EEA and Switzerland.
// A single adult lodged free of charge (no income) gets the RSA's montant forfaitaire, 651.69 € (décret
// n° 2026-220), less the forfait logement of 12 % (R262-9: 78.20 €): 573.49 €; with three years of permit, none.
test('questionnaire + moteur réel : la durée du titre de séjour n’est demandée qu’aux étrangers, et compte pour le RSA', {
  skip: !ready && 'build/site/engine is missing (run ci/build)',
}, async () => {
  const engine = await getEngine();
  const catalog = makeCatalog(await engine.listInputs());
  const adult = (values) => lodgedFree(values);
  const rsa = (r) => r.benefits.find((b) => b.name === 'rsa');
  const french = await runJourney(engine, catalog, adult({ nationalite: 'FR' }));
  assert.ok(french.asked.includes('var:nationalite@demandeur'), french.asked.join(' '));
  for (const v of ['duree_possession_titre_sejour', 'refugie_ou_apatride', 'carte_resident'])
    assert.ok(!french.asked.includes(`var:${v}@demandeur`), `${v} asked of a French national`);
  assert.equal(rsa(french.result).amount, 573.49);
  const italian = await runJourney(engine, catalog, adult({ nationalite: 'IT', duree_possession_titre_sejour: 2 }));
  assert.ok(italian.asked.includes('var:duree_possession_titre_sejour@demandeur'), italian.asked.join(' '));
  assert.ok(!italian.asked.includes('var:refugie_ou_apatride@demandeur'), 'refugee status asked of an Italian');
  assert.equal(rsa(italian.result).amount, 573.49);
  const moroccan = await runJourney(engine, catalog, adult({ nationalite: 'MA', duree_possession_titre_sejour: 3 }));
  assert.ok(moroccan.asked.includes('var:refugie_ou_apatride@demandeur'), moroccan.asked.join(' '));
  assert.equal(rsa(moroccan.result).eligible, false);
  assert.match(rsa(moroccan.result).reason, /titre de séjour/);
  const refugee = await runJourney(
    engine,
    catalog,
    adult({ nationalite: 'SY', duree_possession_titre_sejour: 1, refugie_ou_apatride: true }),
  );
  assert.equal(rsa(refugee.result).amount, 573.49);
});

// The prime de Noël takes the household's composition of one month of the RSA's quarter of liquidation (décret
// n° 2024-1140, art. 4; R262-4 CASF), which the quarters' cycle designates: the cycle is asked only when that
// composition changes between October and January (here a child turns 25 in October 2026, no longer a child at
// charge of the RSA, L262-2 and R262-3), not of a household whose composition stays the same.
test('questionnaire + moteur réel : le cycle trimestriel du RSA n’est demandé que si la composition du foyer change', {
  skip: !ready && 'build/site/engine is missing (run ci/build)',
}, async () => {
  const engine = await getEngine();
  const catalog = makeCatalog(await engine.listInputs());
  const parent = (children) => lodgedFree({}, { children });
  const stable = await runJourney(engine, catalog, parent(['2016-05-01']));
  assert.ok(stable.result.benefits.find((b) => b.name === 'rsa').amount > 0, 'an RSA household');
  assert.ok(!stable.asked.includes('var:rsa_cycle_trimestriel@famille'), stable.asked.join(' '));
  const changing = await runJourney(engine, catalog, parent(['2016-05-01', '2001-10-15']));
  assert.ok(changing.asked.includes('var:rsa_cycle_trimestriel@famille'), changing.asked.join(' '));
});

// The AAH's transitional option (loi n° 2022-1158, art. 10 IV: the couple's calculation kept when more
// favourable) concerns a member of a couple; a single person's two calculations are the same, so it is not asked.
test('questionnaire + moteur réel : l’option de l’AAH conjugalisée n’est demandée qu’à un membre d’un couple', {
  skip: !ready && 'build/site/engine is missing (run ci/build)',
}, async () => {
  const engine = await getEngine();
  const catalog = makeCatalog(await engine.listInputs());
  const disabled = (couple) =>
    lodgedFree({ handicap: true, taux_incapacite: 0.8 }, { couple, gates: { handicap: true } });
  const single = await runJourney(engine, catalog, disabled(false));
  assert.ok(single.result.benefits.find((b) => b.name === 'aah').amount > 0, 'an AAH');
  assert.ok(!single.asked.some((k) => k.startsWith('var:aah_conjugalise_eligible')), single.asked.join(' '));
  const couple = await runJourney(engine, catalog, disabled(true));
  assert.ok(couple.asked.includes('var:aah_conjugalise_eligible@demandeur'), couple.asked.join(' '));
});

// L5423-1 and R5423-1 Code du travail: the ASS is for a job seeker (or during three months of resumed work)
// who worked five years in the last ten; a retiree is not asked about those five years (nor is the household
// asked whether someone's unemployment rights ran out), a job seeker is.
test('questionnaire + moteur réel : les cinq ans d’activité de l’ASS ne sont demandés qu’à un demandeur d’emploi', {
  skip: !ready && 'build/site/engine is missing (run ci/build)',
}, async () => {
  const engine = await getEngine();
  const catalog = makeCatalog(await engine.listInputs());
  const person = (activite, born, incomes) =>
    lodgedFree({ activite, date_naissance: born }, { incomes: { demandeur: incomes } });
  const retiree = await runJourney(engine, catalog, person('retraite', '1950-02-01', { retraite: 1500 }));
  assert.ok(!retiree.asked.includes('gate:fin_droits_chomage'), retiree.asked.join(' '));
  const ass = (r) => r.benefits.find((b) => b.name === 'ass' && b.id === 'demandeur');
  assert.match(ass(retiree.result).reason, /demandeurs d’emploi|demandeurs d'emploi/);
  const jobSeeker = await runJourney(engine, catalog, person('chomeur', '1975-02-01', {}));
  assert.ok(jobSeeker.asked.includes('gate:fin_droits_chomage'), jobSeeker.asked.join(' '));
});

// R822-20 CCH: only a student under 28 has resources deemed equal to a forfait, lowered for a boursier of higher
// education; nobody else is asked whether they hold such a bourse (a retiree was told « we assumed: no »).
test('the aides au logement ask about a higher-education bourse only of a student under 28', {
  skip: !ready && 'run ci/build first',
}, async () => {
  const engine = await getEngine();
  const tenant = (activite, born) => ({
    individus: { p: { date_naissance: { ETERNITY: born }, activite: { [PERIOD]: activite } } },
    familles: { f: { parents: ['p'] } },
    foyers_fiscaux: { ff: { declarants: ['p'] } },
    menages: {
      m: {
        personne_de_reference: ['p'],
        statut_occupation_logement: { [PERIOD]: 'locataire_vide' },
        loyer: { [PERIOD]: 400 },
      },
    },
  });
  const asks = async (situation) => {
    const r = await engine.compute(situation, { period: PERIOD, benefits: true });
    assert.ok(r.ok, r.error?.message);
    const al = r.benefits.find((b) => b.name === 'aide_logement');
    return al.missing_inputs.some((m) => m.variable === 'boursier');
  };
  assert.equal(await asks(tenant('etudiant', '2005-03-01')), true, 'a student of 21');
  assert.equal(await asks(tenant('actif', '1981-03-01')), false, 'a worker of 45');
  assert.equal(await asks(tenant('retraite', '1955-03-01')), false, 'a retiree');
});

// For an empty household (one adult and one child, nothing answered), each benefit lists among its
// missing inputs the facts the law makes it depend on, without `explain`: what the questionnaire asks.
// The inputs named here come from the texts, not from the engine's output.
const DEPENDS_ON = {
  rsa: ['nationalite', 'date_naissance', 'statut_occupation_logement'], // L262-4 CASF (age, nationality and residence), R262-9 (forfait logement)
  ppa: ['salaire_net'], // L842-3 CSS: activity income
  aide_logement: ['statut_occupation_logement'], // L821-1 CCH: tenant, owner-occupier or logement-foyer
  af: ['date_naissance'], // L512-3 CSS: child's age
  ass: ['activite'], // L5423-1 Code du travail: a job seeker (or during three months of resumed work)
  aefa: ['nationalite'], // décret prime de Noël: paid to RSA beneficiaries
};
test('each benefit of an empty household lists the inputs it depends on', {
  skip: !ready && 'run ci/build first',
}, async () => {
  const engine = await getEngine();
  const situation = {
    individus: { adulte: {}, enfant: {} },
    familles: { famille: { parents: ['adulte'], enfants: ['enfant'] } },
    foyers_fiscaux: { foyer: { declarants: ['adulte'], personnes_a_charge: ['enfant'] } },
    menages: { menage: { personne_de_reference: ['adulte'], enfants: ['enfant'] } },
  };
  const result = await engine.compute(situation, { period: PERIOD, benefits: true });
  assert.ok(result.ok, result.error?.message);
  const names = new Set(result.benefits.map((b) => b.name));
  for (const name of Object.keys(DEPENDS_ON)) assert.ok(names.has(name), `benefit ${name} is not computed`);
  for (const b of result.benefits) {
    if (b.entity === 'individus' && b.id === 'enfant') continue; // a person benefit for the child
    const listed = new Set(b.missing_inputs.map((m) => m.variable));
    assert.ok(listed.size > 0, `${b.name}: no missing input listed`);
    for (const v of DEPENDS_ON[b.name] ?? [])
      assert.ok(listed.has(v), `${b.name}: ${v} not in its missing inputs (${[...listed].join(', ')})`);
  }
});

// The gates' « no » values are values of the rules' inputs: each gated input is an input of the engine,
// of a person or a group, and its « no » value has the input's type (an item of its enum).
test('each gated input is an input of the rules, and its « no » value fits its type', {
  skip: !ready && 'run ci/build first',
}, async () => {
  const engine = await getEngine();
  const catalog = makeCatalog(await engine.listInputs());
  for (const gate of GATES) {
    for (const [name, no] of Object.entries(gate.inputs)) {
      const def = catalog.get(name);
      assert.ok(def, `${gate.name}: ${name} is not an input of the rules`);
      switch (def.type) {
        case 'boolean':
          assert.equal(typeof no, 'boolean', name);
          break;
        case 'number':
        case 'integer':
        case 'money':
          assert.equal(typeof no, 'number', name);
          break;
        case 'enum':
          assert.ok(
            def.items.some((i) => i.name === no),
            `${name}: ${no} is not one of its items`,
          );
          break;
        default:
          assert.fail(`${name}: a gate sets booleans, numbers and enums only (${def.type})`);
      }
    }
  }
});

test("the what-if chart's SMIC: the engine gives the law's hourly rate × 151.67 hours", { skip: !ready }, async () => {
  const engine = await getEngine();
  // 12.31 € an hour from 1 June 2026 (arrêté du 22 mai 2026), 12.02 € before (décret n° 2025-1228).
  for (const [period, hourly] of [
    ['2026-06', 12.31],
    ['2026-03', 12.02],
  ]) {
    const { situation, options } = smicRequest(period);
    const result = await engine.compute(situation, options);
    assert.equal(result.ok, true, JSON.stringify(result.error));
    assert.equal(smicNetFromAnswer(result, period), Math.round(((hourly * 151.67) / 1.264) * 100) / 100);
  }
});
