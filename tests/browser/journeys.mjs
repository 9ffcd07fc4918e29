// The citizen journeys of the browser tests: each is a household described the way the person would
// answer the questionnaire (dates, incomes month by month, rent, commune), never as a situation JSON.
// Each is the household of a reference case that OpenFisca-France 176.0.7 computed
// (`../shared/oracle/openfisca-generated/<file>`, case `<case>`: same people, dates, incomes, rent and
// commune). The amounts the page's household gets must be OpenFisca's, or, where the case is a listed
// legal difference (tests/oracle/known_differences.tsv, with its article), what our rules give on the
// case's own input (see compareWithReference in lib.mjs).
//
// Answers are keyed by the question they answer (the form's `data-question`); see lib.mjs for the
// shapes. A question the journey does not answer is answered « Je ne sais pas » (the rules' default,
// as in the reference case, which does not give that input either).

const FRENCH = true; // rsa_condition_nationalite: French nationals meet the RSA's nationality condition

export const JOURNEYS = {
  'parent isolé, locataire': {
    reference: { file: 'single_parents.yaml', case: 'dev-042' },
    period: '2026-06',
    answers: {
      couple: false,
      childCount: 1,
      'child:1': { prenom: 'Lina', date: '2011-05-01' },
      'var:scolarite@enfant1': 'lycee', // bourse de lycée (the reference case's input)
      'var:date_naissance@demandeur': '1979-04-28',
      'var:activite@demandeur': 'actif',
      'var:rsa_condition_nationalite@demandeur': FRENCH,
      'var:statut_occupation_logement@menage': 'locataire_vide',
      'var:depcom@menage': { postal: '13001', commune: '13055' },
      'var:loyer@menage': 525,
      'incomes:demandeur': ['salaire'],
      'incomes:enfant1': [],
      'amount:salaire_net@demandeur': { '2025-05..2025-12': 1357.44, '2026-01..2026-05': 1367.02, '2026-06': 1400.01 },
      'amount:salaire_imposable@demandeur': { 2024: 16680.94, '2025-01..2025-12': 1406.31, '2026-01..2026-05': 1416.23, '2026-06': 1450.41 },
    },
  },
  'couple avec trois enfants, un salaire (l’autre au chômage indemnisé)': {
    reference: { file: 'couples.yaml', case: 'dev-092' },
    period: '2025-06',
    answers: {
      couple: true,
      union: 'marie',
      childCount: 3,
      'child:1': { prenom: 'Adam', date: '2011-06-20' },
      'child:2': { prenom: 'Zoé', date: '2012-06-30' },
      'child:3': { prenom: 'Nour', date: '2014-07-02' },
      // bourse de collège (the reference case's inputs)
      'var:scolarite@enfant1': 'college',
      'var:scolarite@enfant2': 'college',
      'var:scolarite@enfant3': 'primaire',
      'var:date_naissance@demandeur': '1974-05-21',
      'var:date_naissance@conjoint': '1972-03-10',
      'var:activite@demandeur': 'actif',
      'var:activite@conjoint': 'chomeur',
      'var:rsa_condition_nationalite@demandeur': FRENCH,
      'var:rsa_condition_nationalite@conjoint': FRENCH,
      'var:statut_occupation_logement@menage': 'locataire_hlm',
      'var:depcom@menage': { postal: '75011', commune: '75056' },
      'var:loyer@menage': 1085,
      'incomes:demandeur': ['salaire'],
      'incomes:conjoint': ['salaire', 'chomage'],
      'incomes:enfant1': [],
      'incomes:enfant2': [],
      'incomes:enfant3': [],
      'amount:salaire_net@demandeur': {
        '2024-05': 562.68, '2024-06': 596.44, '2024-07': 753.73, '2024-08': 916.71, '2024-09': 842.2, '2024-10': 783.31,
        '2024-11': 802.75, '2024-12': 731.23, '2025-01': 750.37, '2025-02': 601.59, '2025-03': 667.26, '2025-04': 945.97,
        '2025-05': 819.7, '2025-06': 883.47,
      },
      'amount:salaire_imposable@demandeur': {
        2023: 8340.68, '2024-01..2024-04': 0, '2024-05': 582.94, '2024-06': 617.91, '2024-07': 780.86, '2024-08': 949.71,
        '2024-09': 872.52, '2024-10': 811.51, '2024-11': 831.65, '2024-12': 757.55, '2025-01': 777.38, '2025-02': 623.25,
        '2025-03': 691.28, '2025-04': 980.02, '2025-05': 849.21, '2025-06': 915.27,
      },
      'amount:salaire_net@conjoint': { '2024-05..2024-10': 777.68, '2024-11..2024-12': 793.03, '2025-01..2025-03': 784.85, '2025-04..2025-06': 0 },
      'amount:salaire_imposable@conjoint': {
        2023: 9588.92, '2024-01..2024-10': 805.68, '2024-11..2024-12': 821.58, '2025-01..2025-03': 813.1, '2025-04..2025-06': 0,
      },
      'amount:chomage_net@conjoint': { '2024-05..2025-03': 0, '2025-04..2025-06': 565.09 },
      'amount:chomage_imposable@conjoint': { 2023: 0, '2024-01..2025-03': 0, '2025-04..2025-06': 565.09 },
    },
  },
  'étudiante en studio meublé': {
    reference: { file: 'young_adults.yaml', case: 'dev-072' },
    period: '2026-06',
    answers: {
      couple: false,
      childCount: 0,
      'var:date_naissance@demandeur': '2002-11-03',
      'var:activite@demandeur': 'etudiant',
      'var:rsa_condition_nationalite@demandeur': FRENCH,
      'var:statut_occupation_logement@menage': 'locataire_meuble',
      'var:depcom@menage': { postal: '33000', commune: '33063' },
      'var:loyer@menage': 493.97,
      'incomes:demandeur': [],
    },
  },
  'retraité seul, locataire HLM': {
    reference: { file: 'elderly.yaml', case: 'dev-174' },
    period: '2026-06',
    answers: {
      couple: false,
      childCount: 0,
      'var:date_naissance@demandeur': '1959-02-24',
      'var:activite@demandeur': 'retraite',
      'var:rsa_condition_nationalite@demandeur': FRENCH,
      'var:statut_occupation_logement@menage': 'locataire_hlm',
      'var:depcom@menage': { postal: '19100', commune: '19031' },
      'var:loyer@menage': 233.28,
      'incomes:demandeur': ['retraite'],
      // the case gives no pension before May 2025: 0, as OpenFisca reads a month not given
      'amount:retraite_brute@demandeur': { '2025-01..2025-04': 0, '2025-05..2025-12': 990.85, '2026-01..2026-06': 1012.65 },
      // the case gives no pension before May 2025: 0, as OpenFisca reads a month not given
      'amount:retraite_nette@demandeur': { '2025-01..2025-04': 0, '2025-05..2025-12': 990.85, '2026-01..2026-06': 1012.65 },
      'amount:retraite_imposable@demandeur': { 2024: 11634.24, '2025-01..2025-12': 990.85, '2026-01..2026-06': 1012.65 },
    },
  },
  'chômeur en fin de droits ARE': {
    reference: { file: 'unemployed.yaml', case: 'dev-101' },
    period: '2026-06',
    answers: {
      couple: false,
      childCount: 0,
      'var:date_naissance@demandeur': '1979-07-07',
      'var:activite@demandeur': 'chomeur',
      'var:ass_precondition_remplie@demandeur': true,
      'var:rsa_condition_nationalite@demandeur': FRENCH,
      'var:statut_occupation_logement@menage': 'locataire_vide',
      'var:depcom@menage': { postal: '95100', commune: '95018' },
      'var:loyer@menage': 665.38,
      'incomes:demandeur': ['salaire', 'chomage'],
      'amount:salaire_net@demandeur': { '2025-01..2026-03': 0, '2026-04': 478.55, '2026-05': 381.59, '2026-06': 491.93 },
      'amount:salaire_imposable@demandeur': { 2024: 9776.52, '2025-01..2026-03': 0, '2026-04': 495.78, '2026-05': 395.33, '2026-06': 509.64 },
      'amount:chomage_net@demandeur': { '2025-01..2026-01': 716.51, '2026-02..2026-06': 0 },
      'amount:chomage_imposable@demandeur': { 2024: 2149.53, '2025-01..2026-01': 716.51, '2026-02..2026-06': 0 },
    },
  },
  'jeune salarié vivant chez ses parents': {
    reference: { file: 'young_adults.yaml', case: 'dev-033' },
    period: '2025-06',
    answers: {
      couple: false,
      childCount: 0,
      'var:date_naissance@demandeur': '2002-09-20',
      'var:activite@demandeur': 'actif',
      'var:rsa_condition_nationalite@demandeur': FRENCH,
      'var:statut_occupation_logement@menage': 'loge_gratuitement',
      'var:depcom@menage': { postal: '92000', commune: '92050' },
      'incomes:demandeur': ['salaire'],
      'amount:salaire_net@demandeur': { '2024-01..2024-10': 1149.82, '2024-11..2024-12': 1172.52, '2025-01..2025-06': 1149.73 },
    },
  },
  'couple aux revenus variables, un enfant': {
    reference: { file: 'couples.yaml', case: 'dev-184' },
    period: '2026-06',
    answers: {
      couple: true,
      union: 'pacse',
      childCount: 1,
      'child:1': { prenom: 'Malo', date: '2016-04-22' },
      'var:date_naissance@demandeur': '1985-10-03',
      'var:date_naissance@conjoint': '1989-04-13',
      'var:activite@demandeur': 'actif',
      'var:activite@conjoint': 'actif',
      'var:rsa_condition_nationalite@demandeur': FRENCH,
      'var:rsa_condition_nationalite@conjoint': FRENCH,
      'var:statut_occupation_logement@menage': 'proprietaire',
      'var:depcom@menage': { postal: '69001', commune: '69123' },
      'incomes:demandeur': ['salaire'],
      'incomes:conjoint': ['salaire'],
      'incomes:enfant1': [],
      'amount:salaire_net@demandeur': { '2025-01..2025-12': 595.22, '2026-01..2026-05': 608.38, '2026-06': 623.06 },
      'amount:salaire_imposable@demandeur': { 2024: 7206.1, '2025-01..2025-12': 616.65, '2026-01..2026-05': 630.28, '2026-06': 645.49 },
      'amount:salaire_imposable@conjoint': {
        2024: 13843.35, '2025-05': 1190.87, '2025-06': 1098.5, '2025-07': 1373.02, '2025-08': 1367.12, '2025-09': 911.35,
        '2025-10': 875.39, '2025-11': 972.39, '2025-12': 978.92, '2026-01': 1119.85, '2026-02': 1361.32, '2026-03': 1193.02,
        '2026-04': 1146.61, '2026-05': 869.43, '2026-06': 972.55,
      },
      'amount:salaire_net@conjoint': {
        '2025-05': 1149.49, '2025-06': 1060.33, '2025-07': 1325.31, '2025-08': 1319.61, '2025-09': 879.68, '2025-10': 844.97,
        '2025-11': 938.6, '2025-12': 944.9, '2026-01': 1080.94, '2026-02': 1314.02, '2026-03': 1151.56, '2026-04': 1106.77,
        '2026-05': 839.22, '2026-06': 938.75,
      },
    },
  },
  'adulte handicapé (incapacité 80 %), locataire': {
    reference: { file: 'disabled.yaml', case: 'dev-074' },
    period: '2026-06',
    answers: {
      couple: false,
      childCount: 0,
      'var:date_naissance@demandeur': '1986-08-21',
      'var:activite@demandeur': 'inactif',
      'var:handicap@demandeur': true,
      'var:taux_incapacite@demandeur': 0.8,
      'var:rsa_condition_nationalite@demandeur': FRENCH,
      'var:statut_occupation_logement@menage': 'locataire_vide',
      'var:depcom@menage': { postal: '44000', commune: '44109' },
      'var:loyer@menage': 480,
      'incomes:demandeur': [],
    },
  },
};

// Local aids (rules/aides_locales, generated from ../shared/law/aides-locales): a journey whose reference is
// the facts themselves. `open`: the aids of aids.json whose conditions this person meets, read by hand from
// the facts (territory containing Rennes 35238 — région 53, département 35, CAF d'Ille-et-Vilaine —, or none;
// age; profile; interest; the quotient familial is 0, the income not being given). Any aid whose territory
// is not Rennes's must not be shown at all.
export const LOCAL_JOURNEYS = {
  'étudiant de 19 ans à Rennes': {
    period: '2026-06',
    answers: {
      couple: false,
      childCount: 0,
      'var:date_naissance@demandeur': '2007-01-15',
      'var:activite@demandeur': 'etudiant',
      'var:scolarite@demandeur': 'enseignement_superieur',
      'var:annee_etude@demandeur': 'licence_2',
      'var:rsa_condition_nationalite@demandeur': FRENCH,
      'var:projet_bafa@demandeur': true,
      'var:projet_etudes_etranger@demandeur': true,
      'var:en_stage@demandeur': false,
      'var:apprenti_en_contrat@demandeur': false,
      'var:contrat_professionnalisation@demandeur': false,
      'var:en_service_civique@demandeur': false,
      'var:formation_sanitaire_social@demandeur': false,
      'var:statut_occupation_logement@menage': 'locataire_meuble',
      'var:depcom@menage': { postal: '35000', commune: '35238' },
      'var:loyer@menage': 450,
      'var:difficultes_acces_ou_frais_logement@menage': false,
      'incomes:demandeur': [],
    },
    open: {
      // région Bretagne: BreizhGo (26 ans au plus); B Monde (étudiant en licence, QF ≤ 25 000 € par an)
      region: ['region-bretagne-abonnement-breizhgo', 'bretagne-b-monde-individuel'],
      // CAF d'Ille-et-Vilaine: BAFA (16 ans au moins, intérêt BAFA, QF ≤ 700 € par mois)
      caf: ['caf_ille_et_vilaine-aides-au-bafa-et-bafd-pour-une-formation-générale-ou-dapprofondissement-qualification'],
      // national and European: the CAF's national BAFA aid; Erasmus+ (higher education, studies abroad)
      national: ['caf-aide-nationale-bafa', 'union-europeenne-bourse-erasmus'],
    },
    // B Mouve (Bretagne) needs a sanitary or social training: shown among the aids not open, with its reason
    closed: { 'region_bretagne-b-mouve-–-mobilité-des-formations-sanitaires-et-sociales': 'Réservée aux personnes en formation sanitaire ou sociale' },
    territories: ['Région : Bretagne', "CAF d'Ille-et-Vilaine (35)", 'France entière', 'France entière (Union européenne)'],
  },
};
