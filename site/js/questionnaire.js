// The questionnaire logic: pure functions from the answers (and what the engine says it is missing) to
// the next question, the recap and the OpenFisca situation. No DOM, no engine call: the UI calls the
// engine, hands its `missing_inputs` here, and renders the question this module returns.
//
// What is asked:
//   * a few structural questions that shape the household (couple? married? how many children and
//     their dates of birth?) — they decide which people and groups the situation has;
//   * every other question comes from the engine: an input variable is asked only when some benefit's
//     result depends on it (it is in a benefit's `missing_inputs`). Its wording, type, choices and help
//     come from the engine's input list (`describe_variables`), so a new benefit in the rules brings
//     its questions without any change here.
//
// Answers (`answers` in the state), all plain JSON so they can be saved and restored:
//   couple: true|false|null, union: 'marie'|'pacse'|'union_libre'|null, childCount: int|null,
//   children: [{prenom, date_naissance}],
//   values: {"<variable>@<id>": {"<period>": value}}   engine inputs, keyed by OpenFisca period
//   incomes: {"<person id>": {offered: [family], chosen: [family]}}   which kinds of income a person has
//   sameEachMonth: {"<variable>@<id>": bool}   the "même montant chaque mois" shortcut, as last used
//   communes: {"<variable>@<id>": {postal}}    the postal code typed to find the commune (INSEE code)
//   skipped: {"<question key>": true}   answered « Je ne sais pas »: the rules' default was recorded, and
//                                       the results list it as an assumption
//   gates: {"<gate>": true|false|null}  the household's answer to a gating question (see GATES): « Oui »,
//                                       « Non » (its inputs then hold their « no » value for everyone), or
//                                       « Je ne sais pas » (null: each person is asked, as without the gate)
//
// Two kinds of input variables behave differently when the engine asks for a period not yet answered:
//   * incomes (money of a person or of a foyer fiscal) are asked for each period: a salary of 2024 and
//     one of last month are different answers;
//   * everything else (activity, date of birth, rent, commune…) describes a stable situation: the
//     answer given once is extended to every period the rules read (see absorbMissing).

export const CHAPTERS = ['profil', 'foyer', 'logement', 'revenus', 'recapitulatif', 'resultats'];
export const QUESTION_CHAPTERS = ['profil', 'foyer', 'logement', 'revenus'];

// Questions are ordered by a tuple compared left to right: chapter, person, kind, then a rank inside.
// The recap lists answers in the same order, so both use these names.
const RANK = {
  chapter: (c) => QUESTION_CHAPTERS.indexOf(c),
  structural: 1, // the household's composition comes in the foyer chapter, before its other questions
  income: 3, // the revenus chapter
  checklist: 0, // within a person's incomes, "which kinds?" before the amounts
  amounts: 1,
  couple: 0,
  union: 1,
  childCount: 2,
  child: (i) => 3 + i,
  gate: (i) => 3 + MAX_CHILDREN + i, // the household's gates, after its composition (in the recap)
};
const structuralOrder = (slot) => [RANK.structural, 0, slot];

export const MAX_CHILDREN = 12;

// Kinds of income, to ask "which incomes did this person receive?" once per person: a variable belongs
// to the first family whose prefix (or exact name) matches; others form a family of their own.
export const INCOME_FAMILIES = [
  { family: 'salaire', match: ['salaire_', 'primes_salaires', 'hsup'] },
  // a micro-entrepreneur's turnover, one line per kind of activity (each has its own abattement, CGI art. 50-0 and
  // 102 ter): a person ticks the one they have and is asked its amounts only
  { family: 'micro_entreprise_ventes', match: ['rpns_auto_entrepreneur_CA_achat_revente'] },
  { family: 'micro_entreprise_services', match: ['rpns_auto_entrepreneur_CA_bic'] },
  { family: 'micro_entreprise_liberal', match: ['rpns_auto_entrepreneur_CA_bnc'] },
  { family: 'chomage', match: ['chomage_', 'allocation_retour_emploi', 'are'] },
  { family: 'retraite', match: ['retraite_'] },
  { family: 'pensions_alimentaires', match: ['pensions_alimentaires_percues'] },
  { family: 'invalidite', match: ['pensions_invalidite'] },
  { family: 'indemnites_journalieres', match: ['indemnites_journalieres'] },
  // assets: the RSA's income of assets (R262-6, R132-1 CASF) and the aides au logement's patrimony over
  // 30 000 € (L822-5, R822-22 CCH): balances, values and rental values, asked together
  {
    family: 'patrimoine',
    match: [
      'livret_a',
      'epargne_revenus_non_imposables',
      'epargne_revenus_imposables',
      'revenus_capital',
      'valeur_patrimoine_loue',
      'valeur_immo_non_loue',
      'valeur_terrains_non_loues',
      'valeur_locative_immo_non_loue',
      'valeur_locative_terrains_non_loues',
    ],
  },
];

export const emptyAnswers = () => ({
  couple: null,
  union: null,
  childCount: null,
  children: [],
  values: {},
  incomes: {},
  sameEachMonth: {},
  communes: {},
  skipped: {},
  gates: {},
});

// ---------------------------------------------------------------------------------------- people

export function childId(i) {
  return `enfant${i + 1}`;
}

// Person ids in the order they are asked about.
export function personIds(answers) {
  const ids = ['demandeur'];
  if (answers.couple) ids.push('conjoint');
  const n = answers.childCount ?? 0;
  for (let i = 0; i < n; i += 1) ids.push(childId(i));
  return ids;
}

export function personRole(id) {
  if (id === 'demandeur') return 'self';
  if (id === 'conjoint') return 'partner';
  if (/^enfant\d+$/.test(id)) return 'child';
  return 'group';
}

export function childIndex(id) {
  const m = /^enfant(\d+)$/.exec(id);
  return m ? Number(m[1]) - 1 : -1;
}

// Group ids of the situation (OpenFisca entities other than individus).
export function groupIds(answers) {
  const separateTax = answers.couple && answers.union === 'union_libre';
  return {
    familles: ['famille'],
    foyers_fiscaux: separateTax ? ['foyer_fiscal', 'foyer_fiscal_conjoint'] : ['foyer_fiscal'],
    menages: ['menage'],
  };
}

// ------------------------------------------------------------------------------------- catalogue

// The engine's input list → {name → description}.
export function makeCatalog(inputs) {
  const byName = new Map();
  inputs.forEach((v, index) => {
    byName.set(v.name, { ...v, index });
  });
  return byName;
}

export function incomeFamily(name) {
  for (const f of INCOME_FAMILIES) {
    if (f.match.some((m) => (m.endsWith('_') ? name.startsWith(m) : name === m || name.startsWith(`${m}_`)))) {
      return f.family;
    }
  }
  return name;
}

export function familyOrder(family) {
  const i = INCOME_FAMILIES.findIndex((f) => f.family === family);
  return i < 0 ? INCOME_FAMILIES.length : i;
}

// Incomes (money received by a person, a family or a foyer fiscal) are asked per period; other inputs,
// housing costs included, are stable (one answer for every period).
export function isIncome(def) {
  return def.type === 'money' && def.entity !== 'menages';
}

// An income that goes through the "which incomes?" checklist of its person (or family, for benefits
// already received by the family); a foyer fiscal's amounts are asked directly.
export function isPersonIncome(def) {
  return isIncome(def) && def.period === 'month' && (def.entity === 'individus' || def.entity === 'familles');
}

// The periods to ask for a period the engine reports: a month variable read over a year (a sum over
// its months) is asked month by month, so that months and years never overlap in the answers.
// A sum over several months (`month:2025-02:12`, the engine's form for "the 12 months from February
// 2025") is asked month by month too.
export function askedPeriods(def, period) {
  if (def.period === 'month' && /^\d{4}$/.test(period)) return monthsFrom(`${period}-01`, 12);
  const m = /^month:(\d{4}-\d{2}):(\d+)$/.exec(period);
  if (def.period === 'month' && m) return monthsFrom(m[1], Number(m[2]));
  return [period];
}

export function monthsFrom(start, count) {
  const [y, mo] = start.split('-').map(Number);
  return Array.from({ length: count }, (_, i) => {
    const k = y * 12 + (mo - 1) + i;
    return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
  });
}

// How an amounts question is laid out (people know their income of the last months, and a year's
// total from their tax notice):
//   recent: the months asked among the twelve before the simulated month and that month; asked as one
//           amount when it did not change, else month by month, the latest three first;
//   older:  {year: [months]} for older months (the N-2 year of the family benefits): derived from the
//           recent amount unless the person says that year differed, then its total is asked;
//   years:  yearly amounts (a foyer fiscal's), asked as such.
export function amountLayout(periods, period) {
  const months = periods.filter((p) => /^\d{4}-\d{2}$/.test(p)).sort();
  const years = periods.filter((p) => /^\d{4}$/.test(p)).sort();
  const from = period && /^\d{4}-\d{2}$/.test(period) ? monthsFrom(period, 1)[0] : null;
  const cutoff = from ? shiftMonth(from, -12) : null;
  // A year with one recent month is asked with the recent months (a year's total and some of its
  // months cannot both be answers).
  const recentYears = new Set(months.filter((p) => !cutoff || p >= cutoff).map((p) => p.slice(0, 4)));
  const recent = months.filter((p) => recentYears.has(p.slice(0, 4)));
  const older = {};
  for (const p of months) {
    if (recent.includes(p)) continue;
    const year = p.slice(0, 4);
    older[year] ??= [];
    older[year].push(p);
  }
  const latest = recent.slice(-3).reverse();
  const earlier = recent.slice(0, Math.max(0, recent.length - 3)).reverse();
  return { recent, latest, earlier, older, years };
}

function shiftMonth(p, n) {
  const [y, m] = p.split('-').map(Number);
  const k = y * 12 + (m - 1) + n;
  return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
}

// Months after the simulated month (read by a yearly benefit such as the prime de Noël, paid in
// December) cannot be known: an income is asked up to the simulated month and assumed unchanged after.
export function isFutureMonth(p, period) {
  return Boolean(period) && /^\d{4}-\d{2}$/.test(p) && /^\d{4}-\d{2}$/.test(period) && p > period;
}

// Within a chapter, questions that decide whether others are needed come first (an activity or a date
// of birth often makes several conditions moot); the rest follow the rules' order.
export const PRIORITY = [
  'depcom',
  'date_naissance',
  'activite',
  'statut_marital',
  'handicap',
  'statut_occupation_logement',
  'loyer',
];

export function questionRank(def) {
  const i = PRIORITY.indexOf(def.name);
  return i >= 0 ? i : PRIORITY.length + (def.index ?? 0);
}

// ------------------------------------------------------------------------------------------ gates

// Household questions for rare facts: one question for the whole household (« Quelqu'un dans votre
// foyer est-il en situation de handicap ? ») asked before the per-person questions it gates, instead of
// asking each person. Its wording is `gate.<name>` (and `gate.<name>.help`) in i18n.js.
//   « Non »: every input of `inputs` is set to its « no » value for every person (and group) of the
//            household, as a real answer: the rules no longer miss them, and nothing more is asked;
//   « Oui »: the persons `who` names are asked as without the gate ('all', 'adults' or 'children'); the
//            others get the « no » value (inputs of a group, such as the ménage, are asked as such);
//   « Je ne sais pas »: everyone is asked, as without the gate.
// A gate is asked only when the rules miss one of its inputs. The « no » values are those of a person
// the fact does not concern, checked against the rules' input list by tests/site (types, enum items).
export const GATES = [
  {
    name: 'handicap',
    who: 'all',
    inputs: {
      handicap: false,
      taux_incapacite: 0, // "Sans reconnaissance, 0" (rules/communs/individu.rules)
      aah_restriction_substantielle_durable_acces_emploi: false,
      aah_conjugalise_eligible: false,
      aeeh_soins_ou_etablissement: false,
      aeeh_categorie_complement: 'aucun',
    },
  },
  { name: 'grossesse', who: 'adults', inputs: { enceinte: false } },
  { name: 'adoption', who: 'children', inputs: { adoption: false } },
  { name: 'garde_alternee', who: 'children', inputs: { garde_alternee: false } },
  // the instruction obligation: « no » is a child who meets it (the rules' default, true)
  { name: 'instruction', who: 'children', inputs: { rempli_obligation_scolaire: true } },
  // the ASS follows the exhausted unemployment insurance (Code du travail, L5423-1) of someone who worked
  // 5 years in the 10 before the end of the contract (R5423-1, `ass_precondition_remplie`, read by the
  // ASS only): when nobody is in that case, nobody meets the ASS's precondition
  { name: 'fin_droits_chomage', who: 'adults', inputs: { ass_precondition_remplie: false } },
  {
    name: 'emploi_particulier',
    who: 'all',
    inputs: {
      apprenti_en_contrat: false,
      contrat_professionnalisation: false,
      en_stage: false,
      en_service_civique: false,
      interimaire_agence_travail_temporaire: false,
      travailleur_independant: false,
    },
  },
  {
    name: 'projets',
    who: 'all',
    inputs: {
      projet_bafa: false,
      projet_permis_de_conduire: false,
      projet_etudes_etranger: false,
      formation_sanitaire_social: false,
      interet_aides_sanitaire_social: false,
    },
  },
  {
    name: 'logement_particulier',
    who: 'all',
    inputs: { logement_chambre: false, logement_crous: false, coloc: false },
  },
];

const GATE_OF = new Map(GATES.flatMap((g) => Object.keys(g.inputs).map((input) => [input, g])));

export function gateOf(variable) {
  return GATE_OF.get(variable) ?? null;
}

export function gateByName(name) {
  return GATES.find((g) => g.name === name) ?? null;
}

// Whether a « Oui » to the gate still asks this person (or group) its own questions.
export function gateConcerns(gate, id) {
  const role = personRole(id);
  if (role === 'group' || gate.who === 'all') return true;
  if (gate.who === 'adults') return role === 'self' || role === 'partner';
  if (gate.who === 'children') return role === 'child';
  return true;
}

// The « no » value the gate's answer gives this input of this person or group, or undefined when the
// question is still to be asked (gate not answered, « Oui » for a person concerned, « Je ne sais pas »).
export function gatedValue(answers, variable, id) {
  const gate = GATE_OF.get(variable);
  const state = gate ? answers.gates?.[gate.name] : undefined;
  if (state === false || (state === true && !gateConcerns(gate, id))) return gate.inputs[variable];
  return undefined;
}

// The periods a gate's answer fills at once for an input: the simulated month (its year, or ETERNITY,
// by the input's period); others are filled when the rules read them (absorbMissing).
function gatePeriods(def, period) {
  if (def.period === 'eternity') return ['ETERNITY'];
  if (!period || !/^\d{4}-\d{2}$/.test(period)) return [];
  return def.period === 'year' ? [period.slice(0, 4)] : [period];
}

// Where a gate is edited and recapped: with the housing when it gates the ménage's inputs only.
function gateChapter(gate, catalog) {
  const entities = Object.keys(gate.inputs).map((name) => catalog?.get(name)?.entity);
  return entities.every((e) => e === 'menages') ? 'logement' : 'foyer';
}

function ownersOf(answers, entity) {
  if (entity === 'individus') return personIds(answers);
  return groupIds(answers)[entity] ?? [];
}

// Answers a gate: forgets what its former answer had set, then sets what the new one implies.
function answerGate(a, gate, value, { period, catalog }) {
  const before = a.gates?.[gate.name];
  a.gates = { ...(a.gates ?? {}), [gate.name]: value === null || value === undefined ? null : Boolean(value) };
  const was = { gates: { [gate.name]: before } };
  for (const key of Object.keys(a.values)) {
    const { variable, id } = splitKey(key);
    if (gateOf(variable) !== gate) continue;
    if (gatedValue(was, variable, id) !== undefined) delete a.values[key];
    // « Oui » after « Je ne sais pas »: the persons concerned are asked again what they skipped
    else if (a.gates[gate.name] === true && a.skipped?.[`var:${key}`] && gateConcerns(gate, id)) {
      delete a.values[key];
      a.skipped = { ...a.skipped };
      delete a.skipped[`var:${key}`];
    }
  }
  for (const [variable, no] of Object.entries(gate.inputs)) {
    const def = catalog?.get(variable);
    if (!def) continue;
    for (const id of ownersOf(a, def.entity)) {
      if (gatedValue(a, variable, id) === undefined) continue;
      const key = valueKey(variable, id);
      const v = {};
      for (const p of new Set([...Object.keys(a.values[key] ?? {}), ...gatePeriods(def, period)])) v[p] = no;
      if (Object.keys(v).length) a.values[key] = v;
      if (a.skipped?.[`var:${key}`]) {
        a.skipped = { ...a.skipped };
        delete a.skipped[`var:${key}`];
      }
    }
  }
  return a;
}

// ------------------------------------------------------------------------------ missing inputs

const valueKey = (variable, id) => `${variable}@${id}`;

export function splitKey(key) {
  const at = key.lastIndexOf('@');
  return { variable: key.slice(0, at), id: key.slice(at + 1) };
}

// Collects the missing inputs of every benefit (and of explanations), without duplicates, keeping only
// those of people and groups of the situation and variables the catalogue knows.
export function collectMissing(result) {
  const seen = new Set();
  const out = [];
  // The engine groups the periods of one input: {variable, id, entity, periods: [...]}.
  const add = (m) => {
    for (const period of m.periods ?? [m.period]) {
      const k = `${m.variable}@${m.id}@${period}`;
      if (!seen.has(k)) {
        seen.add(k);
        out.push({ variable: m.variable, id: m.id, period, entity: m.entity });
      }
    }
  };
  for (const m of result?.missing_inputs ?? []) add(m); // asked with missing_inputs_once
  for (const b of result?.benefits ?? []) for (const m of b.missing_inputs ?? []) add(m);
  for (const byId of Object.values(result?.explanations ?? {})) {
    for (const byPeriod of Object.values(byId)) {
      for (const e of Object.values(byPeriod)) for (const m of e.missing_inputs ?? []) add(m);
    }
  }
  return out;
}

// Whether a period has an answer: its own, or (a month) its year's total given for a monthly amount.
export function isAnswered(periodValues, p) {
  if (!periodValues) return false;
  if (p in periodValues) return true;
  return /^\d{4}-\d{2}$/.test(p) && p.slice(0, 4) in periodValues;
}

// The value of the latest month answered up to `period` (an income assumed unchanged after it).
function latestMonthUpTo(periodValues, period) {
  const months = Object.keys(periodValues ?? {})
    .filter((p) => /^\d{4}-\d{2}$/.test(p) && p <= period)
    .sort();
  return months.length ? periodValues[months[months.length - 1]] : undefined;
}

function latestValue(periods) {
  const keys = Object.keys(periods ?? {});
  if (keys.length === 0) return undefined;
  keys.sort();
  return periods[keys[keys.length - 1]];
}

// Extends stable answers (and "no income of this kind") to the periods the engine now asks for.
// Returns {answers, changed}: a new answers object when something was filled in.
export function absorbMissing(answers, missing, catalog, { period } = {}) {
  let values = answers.values;
  let changed = false;
  const set = (key, period, value) => {
    if (!changed) {
      values = { ...values };
      changed = true;
    }
    values[key] = { ...(values[key] ?? {}), [period]: value };
  };
  for (const m of missing) {
    const def = catalog.get(m.variable);
    if (!def) continue;
    const key = valueKey(m.variable, m.id);
    const gated = gatedValue(answers, m.variable, m.id);
    for (const p of askedPeriods(def, m.period)) {
      if (isAnswered(values[key], p)) continue;
      if (gated !== undefined) {
        set(key, p, gated);
        continue;
      }
      if (!isIncome(def)) {
        const v = latestValue(values[key]);
        if (v !== undefined) set(key, p, v);
        continue;
      }
      if (isPersonIncome(def)) {
        const inc = answers.incomes[m.id];
        const family = incomeFamily(m.variable);
        if (inc?.offered.includes(family) && !inc.chosen.includes(family)) {
          set(key, p, 0);
          continue;
        }
      }
      if (isFutureMonth(p, period)) {
        const v = latestMonthUpTo(values[key], period);
        if (v !== undefined) set(key, p, v);
      }
    }
  }
  return changed ? { answers: { ...answers, values }, changed } : { answers, changed };
}

// ------------------------------------------------------------------------------------- questions

function chapterOfVariable(def, id) {
  if (isIncome(def)) return 'revenus';
  // Where one lives comes first: it decides which local aids are possible, so that the questions of
  // the aids of other territories are never asked.
  if (def.name === 'depcom') return 'profil';
  switch (def.entity) {
    case 'individus':
      return id === 'demandeur' ? 'profil' : 'foyer';
    case 'familles':
      return 'foyer';
    case 'menages':
      return 'logement';
    case 'foyers_fiscaux':
      return 'revenus';
    default:
      return 'profil';
  }
}

function personRank(answers, id) {
  const people = personIds(answers);
  const i = people.indexOf(id);
  if (i >= 0) return i;
  return people.length + (id.startsWith('foyer_fiscal') ? 1 : 0);
}

// Every question still to ask, in order. `missing`: the engine's missing inputs for the current answers.
// `period`: the simulated month; income months after it are not asked (see isFutureMonth).
export function pendingQuestions(answers, missing, catalog, { period } = {}) {
  const questions = [];
  // Structural questions (foyer chapter).
  if (answers.couple === null || answers.couple === undefined) {
    questions.push({ key: 'couple', kind: 'couple', chapter: 'foyer', order: structuralOrder(RANK.couple) });
  } else if (answers.couple && !answers.union) {
    questions.push({ key: 'union', kind: 'union', chapter: 'foyer', order: structuralOrder(RANK.union) });
  }
  if (answers.childCount === null || answers.childCount === undefined) {
    questions.push({
      key: 'childCount',
      kind: 'childCount',
      chapter: 'foyer',
      order: structuralOrder(RANK.childCount),
    });
  } else {
    for (let i = 0; i < answers.childCount; i += 1) {
      if (!answers.children[i]?.date_naissance) {
        questions.push({
          key: `child:${i + 1}`,
          kind: 'child',
          chapter: 'foyer',
          index: i,
          id: childId(i),
          order: structuralOrder(RANK.child(i)),
        });
      }
    }
  }

  // Engine-driven questions: group the missing (variable, id) pairs, keep the unanswered periods.
  const people = new Set(personIds(answers));
  const groups = groupIds(answers);
  const known = (entity, id) => (entity === 'individus' ? people.has(id) : (groups[entity] ?? []).includes(id));
  const byKey = new Map();
  for (const m of missing) {
    const def = catalog.get(m.variable);
    if (!def || !known(def.entity, m.id)) continue;
    if (gatedValue(answers, m.variable, m.id) !== undefined) continue; // set by its gate (absorbMissing)
    const key = valueKey(m.variable, m.id);
    for (const p of askedPeriods(def, m.period)) {
      if (isAnswered(answers.values[key], p)) continue;
      if (isIncome(def) && isFutureMonth(p, period)) continue;
      if (!byKey.has(key)) byKey.set(key, { def, id: m.id, periods: new Set() });
      byKey.get(key).periods.add(p);
    }
  }

  const checklists = new Map(); // person id → families to offer
  for (const [key, { def, id, periods }] of byKey) {
    const chapter = chapterOfVariable(def, id);
    const rank = personRank(answers, id);
    if (isPersonIncome(def)) {
      const family = incomeFamily(def.name);
      const inc = answers.incomes[id];
      if (!inc?.offered.includes(family)) {
        if (!checklists.has(id)) checklists.set(id, new Set());
        checklists.get(id).add(family);
        continue;
      }
      if (!inc.chosen.includes(family)) continue; // absorbed as 0
    }
    if (isPersonIncome(def) || isIncome(def)) {
      questions.push({
        key: `amount:${key}`,
        kind: 'amounts',
        chapter,
        variable: def.name,
        id,
        periods: [...periods].sort(),
        order: amountOrder(rank, def),
      });
      continue;
    }
    const kind = widgetKind(def);
    questions.push({
      key: `var:${key}`,
      kind,
      chapter,
      variable: def.name,
      id,
      periods: [...periods].sort(),
      order: variableOrder(chapter, rank, def),
    });
  }
  for (const [id, families] of checklists) {
    const offered = answers.incomes[id]?.offered ?? [];
    const list = [...families].sort((a, b) => familyOrder(a) - familyOrder(b) || a.localeCompare(b));
    questions.push({
      key: `incomes:${id}`,
      kind: 'incomes',
      chapter: 'revenus',
      id,
      families: list,
      previouslyOffered: offered,
      order: [RANK.income, personRank(answers, id), RANK.checklist],
    });
  }
  questions.sort((a, b) => compareOrder(a.order, b.order));
  // A gate not answered yet comes just before the first question it gates (then « Non » settles them all).
  const gates = [];
  for (const gate of GATES) {
    if (gate.name in (answers.gates ?? {})) continue;
    const first = questions.find((q) => q.kind !== 'incomes' && gateOf(q.variable) === gate);
    if (!first) continue;
    gates.push({
      ...gateQuestion(gate, first.chapter),
      order: [...first.order.slice(0, -1), first.order.at(-1) - 0.5],
    });
  }
  if (gates.length === 0) return questions;
  return [...questions, ...gates].sort((a, b) => compareOrder(a.order, b.order));
}

function gateQuestion(gate, chapter = 'foyer') {
  return { key: `gate:${gate.name}`, kind: 'gate', chapter, gate: gate.name };
}

function amountOrder(rank, def) {
  return [RANK.income, rank, RANK.amounts, isPersonIncome(def) ? familyOrder(incomeFamily(def.name)) : 0, def.index];
}

function variableOrder(chapter, rank, def) {
  return [RANK.chapter(chapter), def.name === 'depcom' ? -1 : rank, 1, questionRank(def)];
}

function compareOrder(a, b) {
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
    const x = a[i] ?? -1;
    const y = b[i] ?? -1;
    if (x !== y) return x - y;
  }
  return 0;
}

// How a variable is asked, from its engine description.
export function widgetKind(def) {
  if (def.name === 'depcom') return 'commune';
  switch (def.type) {
    case 'boolean':
      return 'boolean';
    case 'enum':
      return 'enum';
    case 'date':
      return 'date';
    case 'money':
      return 'money';
    case 'integer':
      return 'integer';
    case 'number':
      return 'number';
    default:
      return 'text';
  }
}

export function nextQuestion(answers, missing, catalog, options = {}) {
  return pendingQuestions(answers, missing, catalog, options)[0] ?? null;
}

// The question a recap "modifier" link or the back button goes to, rebuilt from what was answered.
export function questionForKey(key, answers, catalog) {
  if (key === 'couple' || key === 'union' || key === 'childCount') {
    return { key, kind: key, chapter: 'foyer' };
  }
  let m = /^child:(\d+)$/.exec(key);
  if (m) {
    const i = Number(m[1]) - 1;
    return { key, kind: 'child', chapter: 'foyer', index: i, id: childId(i) };
  }
  m = /^gate:(.+)$/.exec(key);
  if (m) {
    const gate = gateByName(m[1]);
    return gate ? gateQuestion(gate, gateChapter(gate, catalog)) : null;
  }
  m = /^incomes:(.+)$/.exec(key);
  if (m) {
    const inc = answers.incomes[m[1]] ?? { offered: [], chosen: [] };
    return { key, kind: 'incomes', chapter: 'revenus', id: m[1], families: inc.offered, previouslyOffered: [] };
  }
  m = /^(var|amount):(.+)$/.exec(key);
  if (m) {
    const { variable, id } = splitKey(m[2]);
    const def = catalog.get(variable);
    if (!def) return null;
    const periods = Object.keys(answers.values[m[2]] ?? {}).sort();
    if (m[1] === 'amount') return { key, kind: 'amounts', chapter: chapterOfVariable(def, id), variable, id, periods };
    return { key, kind: widgetKind(def), chapter: chapterOfVariable(def, id), variable, id, periods };
  }
  return null;
}

// -------------------------------------------------------------------------------------- answering

// Applies the answer to a question; returns new answers. `value` depends on the kind:
//   couple: bool; union: 'marie'|'pacse'|'union_libre'; childCount: int; child: {prenom, date_naissance};
//   incomes: [family] chosen; amounts: {"<period>": number}; gate: true|false|null (« Je ne sais pas »),
//   which needs `catalog` (the periods of the inputs it sets); other: the value for every period.
export function answer(answers, question, value, { period, postal, same, catalog } = {}) {
  const a = { ...answers, values: { ...answers.values }, incomes: { ...answers.incomes } };
  if (a.skipped?.[question.key]) {
    a.skipped = { ...a.skipped };
    delete a.skipped[question.key];
  }
  switch (question.kind) {
    case 'couple':
      a.couple = Boolean(value);
      if (!a.couple) {
        a.union = null;
        dropPerson(a, 'conjoint');
      }
      setMarital(a, period);
      return a;
    case 'union':
      a.union = value;
      setMarital(a, period);
      return a;
    case 'gate':
      return answerGate(a, gateByName(question.gate), value, { period, catalog });
    case 'childCount': {
      const n = Math.max(0, Math.min(MAX_CHILDREN, Number(value) || 0));
      for (let i = n; i < (a.childCount ?? 0); i += 1) dropPerson(a, childId(i));
      a.childCount = n;
      a.children = (a.children ?? []).slice(0, n);
      return a;
    }
    case 'child': {
      const children = [...(a.children ?? [])];
      children[question.index] = { prenom: (value.prenom ?? '').trim(), date_naissance: value.date_naissance };
      a.children = children;
      a.values[valueKey('date_naissance', question.id)] = { ETERNITY: value.date_naissance };
      return a;
    }
    case 'incomes': {
      const prev = a.incomes[question.id] ?? { offered: [], chosen: [] };
      const offeredNow = question.families;
      const offered = [...new Set([...prev.offered, ...offeredNow])];
      const chosen = [...new Set([...prev.chosen.filter((f) => !offeredNow.includes(f)), ...value])];
      a.incomes[question.id] = { offered, chosen };
      // Forget amounts of kinds no longer chosen: absorbMissing sets them to 0 again for the periods asked.
      for (const key of Object.keys(a.values)) {
        const { variable, id } = splitKey(key);
        if (
          id === question.id &&
          offeredNow.includes(incomeFamily(variable)) &&
          !chosen.includes(incomeFamily(variable))
        ) {
          const zeros = {};
          for (const p of Object.keys(a.values[key])) zeros[p] = 0;
          a.values[key] = zeros;
        }
      }
      return a;
    }
    case 'amounts': {
      const key = valueKey(question.variable, question.id);
      // A year's total and the months of that year never both stay: the newer answer wins.
      const merged = { ...(a.values[key] ?? {}) };
      for (const [p, v] of Object.entries(value)) {
        if (/^\d{4}$/.test(p)) {
          for (const k of Object.keys(merged)) if (k.startsWith(`${p}-`)) delete merged[k];
        } else if (/^\d{4}-\d{2}$/.test(p)) {
          delete merged[p.slice(0, 4)];
        }
        merged[p] = v;
      }
      a.values[key] = merged;
      if (same !== undefined) a.sameEachMonth = { ...(a.sameEachMonth ?? {}), [key]: Boolean(same) };
      return a;
    }
    default: {
      const key = valueKey(question.variable, question.id);
      if (question.kind === 'commune' && postal) a.communes = { ...(a.communes ?? {}), [key]: { postal } };
      const periods = new Set([...(question.periods ?? []), ...Object.keys(a.values[key] ?? {})]);
      const v = {};
      for (const p of periods) v[p] = value;
      a.values[key] = v;
      return a;
    }
  }
}

// « Je ne sais pas »: possible for every question the rules ask but a date of birth and the commune
// (their defaults would be meaningless), when the rules give a default. The default is recorded, so
// the question is settled, and the answer is marked as an assumption.
export function canSkip(question, catalog) {
  if (question?.kind === 'gate') return true;
  if (!question?.variable || question.kind === 'commune' || question.variable === 'date_naissance') return false;
  if (question.kind === 'amounts') return true;
  const def = catalog.get(question.variable);
  return Boolean(def) && def.default !== null && def.default !== undefined;
}

export function skip(answers, question, catalog, { period } = {}) {
  const def = catalog.get(question.variable);
  let a;
  if (question.kind === 'gate') {
    a = answer(answers, question, null, { period, catalog });
  } else if (question.kind === 'amounts') {
    const zeros = {};
    for (const p of question.periods ?? []) zeros[p] = def?.default ?? 0;
    a = answer(answers, question, zeros, { period });
  } else {
    a = answer(answers, question, def.default, { period });
  }
  return { ...a, skipped: { ...(a.skipped ?? {}), [question.key]: true } };
}

// The couple answers decide the marital status of both adults (OpenFisca's statut_marital), which the
// rules would otherwise ask again.
function setMarital(a, period) {
  const status = a.couple && (a.union === 'marie' || a.union === 'pacse') ? a.union : null;
  for (const id of ['demandeur', 'conjoint']) {
    const key = valueKey('statut_marital', id);
    if (status && (id === 'demandeur' || a.couple)) {
      const periods = new Set([...Object.keys(a.values[key] ?? {}), ...(period ? [period] : [])]);
      const v = {};
      for (const p of periods) v[p] = status;
      a.values[key] = v;
    } else if (a.values[key] && isMaritalFromCouple(a.values[key])) {
      delete a.values[key];
    }
  }
}

function isMaritalFromCouple(periods) {
  return Object.values(periods).every((v) => v === 'marie' || v === 'pacse');
}

function dropPerson(a, id) {
  for (const key of Object.keys(a.values)) if (splitKey(key).id === id) delete a.values[key];
  delete a.incomes[id];
  if (a.sameEachMonth) {
    a.sameEachMonth = { ...a.sameEachMonth };
    for (const key of Object.keys(a.sameEachMonth)) if (splitKey(key).id === id) delete a.sameEachMonth[key];
  }
}

// The value currently answered for a question (to prefill it when going back or editing).
export function currentAnswer(answers, question) {
  switch (question.kind) {
    case 'couple':
      return answers.couple;
    case 'union':
      return answers.union;
    case 'childCount':
      return answers.childCount;
    case 'child':
      return answers.children?.[question.index] ?? null;
    case 'incomes':
      return answers.incomes[question.id]?.chosen ?? null;
    case 'gate':
      return answers.gates?.[question.gate] ?? null;
    case 'amounts':
      return answers.values[valueKey(question.variable, question.id)] ?? null;
    default: {
      const v = answers.values[valueKey(question.variable, question.id)];
      return v === undefined ? null : latestValue(v);
    }
  }
}

// Whether every month of an amounts answer has the same value.
export function allSame(periodValues, periods) {
  const vals = periods.map((p) => periodValues?.[p]);
  return vals.every((v) => v === vals[0]);
}

// ------------------------------------------------------------------------------------- situation

// The OpenFisca situation for the answers. Values are copied as given (keyed by period).
export function buildSituation(answers) {
  const people = personIds(answers);
  const children = people.filter((id) => personRole(id) === 'child');
  const adults = people.filter((id) => personRole(id) !== 'child');
  const individus = {};
  for (const id of people) individus[id] = {};
  const groups = groupIds(answers);
  const familles = { famille: { parents: adults, enfants: children } };
  const foyers = {};
  if (groups.foyers_fiscaux.length === 2) {
    foyers.foyer_fiscal = { declarants: ['demandeur'], personnes_a_charge: children };
    foyers.foyer_fiscal_conjoint = { declarants: ['conjoint'], personnes_a_charge: [] };
  } else {
    foyers.foyer_fiscal = { declarants: adults, personnes_a_charge: children };
  }
  const menage = { personne_de_reference: ['demandeur'], enfants: children };
  if (answers.couple) menage.conjoint = ['conjoint'];
  const menages = { menage };
  const owners = { individus, familles, foyers_fiscaux: foyers, menages };
  const entityOf = (id) => {
    if (individus[id]) return individus;
    for (const e of [familles, foyers, menages]) if (e[id]) return e;
    return null;
  };
  for (const key of Object.keys(answers.values).sort()) {
    const { variable, id } = splitKey(key);
    const owner = entityOf(id);
    if (!owner) continue;
    const periods = answers.values[key];
    const sorted = {};
    for (const p of Object.keys(periods).sort()) sorted[p] = periods[p];
    owner[id][variable] = sorted;
  }
  return owners;
}

// --------------------------------------------------------------------------------------- recap

// The answers grouped by chapter, in question order: [{chapter, items: [{key, question}]}]. The UI
// renders each item's wording and value (see describeAnswer in the app).
export function recapItems(answers, catalog) {
  const items = [];
  items.push({ key: 'couple', chapter: 'foyer', order: structuralOrder(RANK.couple) });
  if (answers.couple) items.push({ key: 'union', chapter: 'foyer', order: structuralOrder(RANK.union) });
  items.push({ key: 'childCount', chapter: 'foyer', order: structuralOrder(RANK.childCount) });
  for (let i = 0; i < (answers.childCount ?? 0); i += 1) {
    items.push({ key: `child:${i + 1}`, chapter: 'foyer', order: structuralOrder(RANK.child(i)) });
  }
  GATES.forEach((gate, i) => {
    if (!(gate.name in (answers.gates ?? {}))) return;
    const chapter = gateChapter(gate, catalog);
    const order = chapter === 'foyer' ? structuralOrder(RANK.gate(i)) : [RANK.chapter(chapter), -1, i];
    items.push({ key: `gate:${gate.name}`, chapter, order });
  });
  for (const [id, inc] of Object.entries(answers.incomes)) {
    if (inc.offered.length)
      items.push({
        key: `incomes:${id}`,
        chapter: 'revenus',
        order: [RANK.income, personRank(answers, id), RANK.checklist],
      });
  }
  for (const key of Object.keys(answers.values)) {
    const { variable, id } = splitKey(key);
    const def = catalog.get(variable);
    if (!def) continue;
    if (variable === 'date_naissance' && personRole(id) === 'child') continue; // in the child item
    if (gatedValue(answers, variable, id) !== undefined) continue; // in the gate's item
    if (variable === 'statut_marital' && answers.couple && (answers.union === 'marie' || answers.union === 'pacse'))
      continue;
    if (isPersonIncome(def)) {
      const inc = answers.incomes[id];
      if (inc && !inc.chosen.includes(incomeFamily(variable))) continue; // "no such income"
      items.push({ key: `amount:${key}`, chapter: 'revenus', order: amountOrder(personRank(answers, id), def) });
    } else if (isIncome(def)) {
      items.push({ key: `amount:${key}`, chapter: 'revenus', order: amountOrder(personRank(answers, id), def) });
    } else {
      const chapter = chapterOfVariable(def, id);
      items.push({ key: `var:${key}`, chapter, order: variableOrder(chapter, personRank(answers, id), def) });
    }
  }
  items.sort((a, b) => compareOrder(a.order, b.order));
  return QUESTION_CHAPTERS.map((chapter) => ({ chapter, items: items.filter((i) => i.chapter === chapter) })).filter(
    (c) => c.items.length > 0,
  );
}

// The chapters' progress for the stepper: index of the current chapter.
export function chapterIndex(chapter) {
  return CHAPTERS.indexOf(chapter);
}
