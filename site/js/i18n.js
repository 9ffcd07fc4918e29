// Every string of the interface, in French (the reference) and English. One dictionary, one lookup:
// t(lang, key, params). A key missing in English falls back to French; a missing key shows itself, so a
// forgotten string is visible (and the unit tests check both languages have the same keys).
//
// The law's own words (variable questions and labels, reasons, benefit descriptions) come from the
// engine, in French; `variables` and `benefits` below give English wording for the known ones and the
// UI falls back to the engine's French for the others.

export const LANGS = ['fr', 'en'];

const fr = {
  'app.title': 'Mes Aides',
  'app.tagline': 'Évaluez vos droits aux aides sociales',
  'app.skip': 'Aller au contenu',
  'app.lang': 'Langue',
  'app.lang.switch': 'English',
  'app.lang.switch.title': 'Switch to English',
  'app.loading': 'Chargement du simulateur…',
  'app.engine_error': 'Le moteur de calcul n’a pas pu démarrer : {message}',
  'app.privacy': 'Confidentialité',
  'embed.open_tab': 'Ouvrir dans un nouvel onglet',
  'embed.open_tab.title':
    'Ouvrir dans un nouvel onglet — Mes Aides, avec vos réponses (elles restent dans le lien, sur votre appareil)',
  'share.title': 'Transmettre le résultat à {host}\u00a0?',
  'share.lead':
    'Le site qui vous présente ce simulateur ({origin}) propose de recevoir le résultat. Si vous cliquez sur le bouton, il recevra seulement\u00a0:',
  'share.none': 'aucune aide (aucun montant à transmettre)',
  'share.total': 'le total par mois : {amount}',
  'share.not_sent':
    'Aucune de vos réponses (situation, revenus, dates, commune, prénoms) n’est transmise. Sans clic, rien n’est transmis.',
  'share.button': 'Transmettre à {host} le nom et le montant de ces aides',
  'share.done': 'Le nom et le montant des aides ont été transmis à {host}. Rien d’autre.',
  'app.privacy.short': 'Tout le calcul se fait dans votre navigateur : vos réponses ne quittent pas votre appareil.',
  'app.home': 'Accueil',
  'app.footer.law': 'Législation au {date}',
  'app.footer.engine': 'Moteur {version}',
  'app.footer.source':
    'Règles de calcul : législation française (Code de la sécurité sociale, Code de l’action sociale et des familles…), d’après OpenFisca-France.',
  'app.offline_ready': 'Le simulateur fonctionne désormais aussi sans connexion.',

  'home.title': 'Évaluez vos droits aux aides sociales',
  'home.lead':
    'Répondez à quelques questions sur votre foyer, votre logement et vos revenus : le simulateur estime les aides auxquelles vous avez droit et leur montant.',
  'home.points.private': 'Vos réponses restent sur votre appareil : aucun compte, aucun cookie, aucune donnée envoyée.',
  'home.points.time': 'Comptez environ 5 minutes. Seules les questions utiles à votre situation sont posées.',
  'home.points.estimate': 'Le résultat est une estimation : seul l’organisme qui verse l’aide décide de vos droits.',
  'home.benefits': 'Aides simulées',
  'home.benefits.local': 'et {count} aides locales (communes, départements, régions, CAF…), selon votre commune',
  'home.start': 'Commencer la simulation',
  'home.resume': 'Reprendre une simulation enregistrée',
  'home.resume.hint': 'Fichier .json téléchargé depuis ce simulateur',
  'home.period': 'Les droits sont calculés pour le mois de {month}.',

  'chapter.profil': 'Profil',
  'chapter.foyer': 'Foyer',
  'chapter.logement': 'Logement',
  'chapter.revenus': 'Revenus',
  'chapter.recapitulatif': 'Récapitulatif',
  'chapter.resultats': 'Résultats',
  'stepper.step': 'Étape {n} sur {total}',
  'stepper.next': 'Étape suivante :',

  'nav.continue': 'Continuer',
  'nav.back': 'Retour',
  'nav.back_recap': 'Retour au récapitulatif',
  'nav.computing': 'Calcul en cours…',
  'nav.restart': 'Recommencer',
  'nav.restart.confirm': 'Effacer toutes les réponses et recommencer ?',

  'person.self': 'Vous',
  'person.partner': 'Votre conjoint ou conjointe',
  'person.child': 'Enfant {n}',
  'person.child_named': '{name} (enfant {n})',
  'person.about': 'À propos de : {who}',
  'group.famille': 'Votre famille',
  'group.menage': 'Votre logement',
  'group.foyer_fiscal': 'Votre foyer fiscal',
  'group.foyer_fiscal_conjoint': 'Le foyer fiscal de votre conjoint ou conjointe',

  'q.couple': 'Vivez-vous en couple ?',
  'q.couple.help': 'Marié, pacsé ou en union libre, avec une personne qui vit dans le même logement.',
  'q.union': 'Quelle est la nature de votre union ?',
  'q.union.marie': 'Mariage',
  'q.union.pacse': 'PACS',
  'q.union.union_libre': 'Union libre (concubinage)',
  'q.union.help': 'Les couples mariés ou pacsés font une seule déclaration de revenus.',
  'q.childCount': 'Combien d’enfants vivent avec vous ou sont à votre charge ?',
  'q.childCount.help':
    'Comptez les enfants de moins de 25 ans qui vivent dans votre foyer, y compris en résidence alternée. Indiquez 0 si vous n’en avez pas.',
  'q.childCount.label': 'Nombre d’enfants',
  'q.select.label': 'Choisissez dans la liste',
  'q.select.placeholder': 'Sélectionnez une option',
  'q.child': 'Votre {n}e enfant',
  'q.child.first': 'Votre 1er enfant',
  'q.child.prenom': 'Prénom (facultatif)',
  'q.child.prenom.help': 'Il sert seulement à rendre les questions suivantes plus claires.',
  'q.child.date': 'Date de naissance',
  'q.incomes': 'Quels revenus {who_sub} perçus ?',
  'q.incomes.self': 'Quels revenus avez-vous perçus ?',
  'q.incomes.group': 'Votre famille perçoit-elle déjà certaines de ces aides ?',
  'q.skip': 'Je ne sais pas ou je ne suis pas concerné',
  'q.skip.help': 'La valeur habituelle sera utilisée pour le calcul.',
  'q.incomes.help':
    'Cochez tous les revenus perçus, même une partie du temps, pendant les périodes indiquées. Ne cochez rien en l’absence de revenus.',
  'q.incomes.none': 'Aucun de ces revenus',
  'q.incomes.periods': 'Période prise en compte : {range}.',
  'q.amounts.same': 'Même montant chaque mois',
  'q.amounts.changed': 'Ce montant a-t-il changé ({range}) ?',
  'q.amounts.changed.no': 'Non, le même montant chaque mois',
  'q.amounts.changed.yes': 'Oui, il a changé',
  'q.amounts.latest': 'Les trois derniers mois :',
  'q.amounts.earlier': 'Les mois précédents :',
  'q.amounts.differs': 'En {year}, le montant était différent',
  'q.amounts.differs.help':
    'Sinon, nous comptons pour {year} le même montant chaque mois. Le total de {year} figure sur votre avis d’impôt.',
  'q.amounts.monthly': 'Montant mensuel (en €)',
  'q.amounts.month': '{month} (en €)',
  'q.amounts.year': 'Montant pour l’année {year} (en €)',
  'q.amounts.period': 'Période : {range}.',
  'q.amounts.help_year': 'Pour une année, indiquez le total de l’année ; il est réparti sur les douze mois.',
  'q.amount.title': '{label}',
  'q.commune': 'Dans quelle commune habitez-vous ?',
  'q.commune.postal': 'Code postal',
  'q.commune.postal.help': '5 chiffres, par exemple 75011',
  'q.commune.choose': 'Commune',
  'q.commune.none': 'Aucune commune ne correspond à ce code postal.',
  'q.commune.loading': 'Recherche des communes…',
  'q.commune.pick': 'Choisissez votre commune',
  'q.yes': 'Oui',
  'value.no_date': 'aucune',
  'q.no': 'Non',
  // household gates (GATES in questionnaire.js): one question for everyone, before each person's
  'gate.about': 'Tout votre foyer',
  'gate.unknown': 'Je ne sais pas (question posée pour chaque personne)',
  'gate.skip.help': 'Nous vous poserons alors la question pour chaque personne.',
  'gate.assumed': 'non, pour {people}',
  'gate.handicap': 'Quelqu’un dans votre foyer est-il en situation de handicap ?',
  'gate.handicap.help':
    'Vous, votre conjoint ou conjointe, ou un enfant, avec une reconnaissance de la MDPH (taux d’incapacité, AAH, AEEH…). Si oui, nous vous demanderons pour qui.',
  'gate.grossesse': 'Quelqu’un dans votre foyer attend-il un enfant ?',
  'gate.grossesse.help': 'Une grossesse en cours, de vous ou de votre conjointe. Si oui, nous vous demanderons qui.',
  'gate.adoption': 'Un enfant est-il arrivé dans votre foyer par adoption ?',
  'gate.adoption.help':
    'Un enfant adopté, ou confié à votre foyer en vue de son adoption. Si oui, nous vous demanderons lequel.',
  'gate.garde_alternee': 'Un de vos enfants vit-il en résidence alternée ?',
  'gate.garde_alternee.help':
    'Chez ses deux parents, qui se partagent les allocations familiales. Si oui, nous vous demanderons lequel.',
  'gate.instruction': 'Un enfant de moins de 16 ans n’est-il ni inscrit dans une école, ni instruit en famille ?',
  'gate.instruction.help':
    'L’instruction est obligatoire de 3 à 16 ans : à l’école, ou en famille avec une déclaration. Répondez non si chaque enfant est dans l’un de ces cas.',
  'gate.fin_droits_chomage': 'Quelqu’un dans votre foyer a-t-il épuisé ses droits à l’allocation chômage ?',
  'gate.fin_droits_chomage.help':
    'L’allocation de solidarité spécifique (ASS) peut prendre le relais de l’allocation chômage (ARE) pour qui a travaillé au moins 5 ans au cours des 10 ans précédant la fin de son dernier contrat. Répondez non si personne n’est dans ce cas.',
  'gate.emploi_particulier':
    'Quelqu’un dans votre foyer est-il apprenti, en contrat de professionnalisation, en stage, en service civique, intérimaire ou travailleur indépendant ?',
  'gate.emploi_particulier.help': 'Certaines aides locales leur sont réservées. Si oui, nous vous demanderons qui.',
  'gate.projets':
    'Quelqu’un dans votre foyer a-t-il l’un de ces projets : BAFA ou BAFD, permis de conduire, études à l’étranger, formation sanitaire ou sociale ?',
  'gate.projets.help':
    'Des aides locales financent ces projets. Une formation sanitaire ou sociale : infirmier, aide-soignant, éducateur… (suivie ou envisagée). Si oui, nous vous demanderons lesquels.',
  'gate.logement_particulier':
    'Votre logement est-il une chambre, une colocation ou une résidence universitaire du CROUS ?',
  'gate.logement_particulier.help':
    'Une chambre sans cuisine ni salle d’eau privatives, un logement partagé en colocation, ou une résidence du CROUS. Les aides au logement sont alors calculées autrement.',
  'q.day': 'Jour',
  'q.month': 'Mois',
  'q.year': 'Année',
  'q.date.hint': 'Par exemple : 14 7 1985',
  'q.money.hint': 'En euros, par exemple 1250,50',
  'q.number.hint': 'Un nombre',
  'q.period.current': 'Situation au mois de {month}.',

  'error.title': 'Il y a une erreur dans votre réponse',
  'error.required': 'Répondez à cette question pour continuer.',
  'error.choice': 'Choisissez une réponse.',
  'error.date_required': 'Indiquez une date.',
  'error.date_invalid': 'Cette date n’existe pas : indiquez le jour, le mois et l’année, par exemple 14 7 1985.',
  'error.date_future': 'La date ne peut pas être dans le futur.',
  'error.date_too_old': 'Indiquez une année à partir de 1900.',
  'error.money': 'Indiquez un montant en euros, par exemple 1250 ou 1250,50 (0 si vous n’avez rien perçu).',
  'error.number': 'Indiquez un nombre.',
  'error.integer': 'Indiquez un nombre entier.',
  'error.children': 'Indiquez un nombre entre 0 et {max}.',
  'error.postal': 'Indiquez un code postal à 5 chiffres.',
  'error.commune': 'Choisissez votre commune dans la liste.',
  'error.engine': 'Le calcul a échoué : {message}',
  'error.texts':
    'Le détail du calcul n’a pas pu être téléchargé (êtes-vous hors connexion ?) : réessayez une fois connecté.',

  'recap.title': 'Récapitulatif de vos réponses',
  'recap.lead': 'Vérifiez vos réponses. Vous pouvez modifier chacune d’elles avant de voir vos résultats.',
  'recap.edit': 'Modifier',
  'recap.edit_label': 'Modifier la réponse « {question} »',
  'recap.see_results': 'Voir mes résultats',
  'recap.empty': 'Aucune réponse.',
  'recap.none': 'Aucun',
  'recap.unknown': 'Je ne sais pas ou non concerné',
  'recap.children_none': 'Aucun enfant',

  'results.title': 'Vos résultats',
  'results.lead': 'Estimation pour le mois de {month}, selon la législation connue au {law}.',
  'results.total': 'Total estimé des aides mensuelles',
  'results.total.yearly': 'et {amount} par an',
  'results.eligible': 'Les aides auxquelles vous auriez droit',
  'results.eligible.none': 'D’après vos réponses, vous n’auriez droit à aucune des aides simulées.',
  'results.others': 'Les aides auxquelles vous n’auriez pas droit',
  'results.per.month': 'par mois',
  'results.per.year': 'par an',
  'results.per.eternity': '',
  'results.badge.eligible': 'Éligible',
  'results.badge.not_eligible': 'Non éligible',
  'results.badge.zero': 'Droit ouvert, montant nul',
  'results.participation': 'Participation à votre charge :',
  'results.participation.free': 'Gratuite (aucune participation à payer)',
  'results.badge.error': 'Non calculé',
  'results.reason': 'Pourquoi :',
  'results.reason.unknown': 'Les conditions ne sont pas remplies d’après vos réponses.',
  'results.institution': 'Versée par : {institution}',
  'results.apply': 'Comment faire la demande',
  'results.apply.link': 'Faire la demande auprès de l’organisme',
  'results.not_simulated': 'Conditions et cas non simulés',
  'results.references': 'Textes de loi',
  'local.title': 'Aides locales',
  'local.count': 'D’après vos réponses, {n} aides locales vous seraient ouvertes.',
  'local.count.one': 'D’après vos réponses, 1 aide locale vous serait ouverte.',
  'local.count.none': 'D’après vos réponses, aucune aide locale de votre territoire ne vous serait ouverte.',
  'local.institutions': 'Proposées par :',
  'local.help':
    'Aides de votre commune, de votre intercommunalité, de votre département, de votre région, de votre CAF et d’organismes nationaux. Leur montant est celui que l’organisme annonce ; d’autres conditions peuvent s’appliquer : vérifiez sur son site.',
  'local.group.commune': 'Votre commune et votre intercommunalité',
  'local.group.departement': 'Votre département',
  'local.group.region': 'Votre région',
  'local.group.caf': 'Votre CAF ou votre MSA',
  'local.group.national': 'Organismes nationaux et européens',
  'local.group.none': 'Aucune aide ouverte d’après vos réponses.',
  'local.closed': '{n} autres aides de ce territoire, non ouvertes d’après vos réponses',
  'local.closed.one': '1 autre aide de ce territoire, non ouverte d’après vos réponses',
  'local.badge.open': 'Ouverte',
  'local.institution': 'Proposée par : {institution}',
  'local.for': 'Pour : {people}',
  'local.apply': 'Faire la demande',
  'local.official': 'Page officielle de l’aide',
  'results.detail': 'Détail du calcul',
  'results.detail.loading': 'Calcul du détail…',
  'results.detail.formula': 'Formule ({file}, ligne {line}, en vigueur depuis le {from})',
  'results.detail.rule': 'Voir la règle de calcul',
  'results.detail.parameters': 'Paramètres de la législation',
  'results.detail.inputs': 'Vos réponses utilisées',
  'results.detail.value': 'Valeur',
  'results.detail.depends': 'Calculé à partir de',
  'results.detail.missing_default': 'non renseigné, valeur par défaut',
  'results.detail.reason': 'Motif',
  'results.disclaimer.title': 'Ceci est une estimation',
  'results.disclaimer':
    'Ce simulateur donne une estimation à partir de vos réponses et de la législation connue au {law}. Il ne vaut pas décision : seul l’organisme qui verse chaque aide examine votre dossier et décide de vos droits. Certaines conditions ne sont pas simulées (voir chaque aide).',
  'results.situation': 'Données techniques : votre situation au format OpenFisca',
  'results.situation.help':
    'Ces données décrivent votre foyer pour le moteur de calcul. Elles restent dans votre navigateur.',
  'results.edit': 'Modifier mes réponses',
  'results.print': 'Imprimer',
  'results.error': 'Ce montant n’a pas pu être calculé : {message}',
  'results.filtered': 'Aides présentées : {list}.',

  'save.title': 'Enregistrer ou reprendre plus tard',
  'save.lead': 'Rien n’est enregistré sans votre action. Vous pouvez garder vos réponses sur votre appareil :',
  'save.download': 'Télécharger mes réponses (fichier)',
  'save.link': 'Créer un lien de reprise',
  'save.link.label': 'Lien de reprise',
  'save.link.help':
    'Vos réponses sont contenues dans le lien lui-même, après le signe « # » : elles ne sont jamais envoyées à un serveur. Toute personne qui a ce lien peut voir vos réponses.',
  'save.link.copy': 'Copier le lien',
  'save.link.copied': 'Lien copié.',
  'save.upload': 'Reprendre à partir d’un fichier',
  'save.upload.error': 'Ce fichier n’a pas été repris : aucune réponse n’a été restaurée.',
  'save.error.answer': 'Réponse « {answer} » : {problem}',
  'save.error.format': 'ce fichier n’est pas un enregistrement de Mes Aides.',
  'save.error.damaged': 'le contenu est abîmé ou incomplet.',
  'save.error.version': 'version d’enregistrement inconnue ({value}).',
  'save.error.period': 'le mois de la simulation n’est pas valable ({value}).',
  'save.error.answers': 'il ne contient pas de réponses.',
  'save.error.unknown_field': 'réponse inconnue du questionnaire.',
  'save.error.field': 'la réponse n’a pas la forme attendue.',
  'save.error.choice': 'ce choix n’existe pas ({value}).',
  'save.error.count': 'nombre hors des limites ({value}).',
  'save.error.text': 'texte trop long ou non valable.',
  'save.error.key': 'réponse non reconnue.',
  'save.error.unknown_variable': 'cette question n’existe pas dans les règles de calcul.',
  'save.error.period_of': 'période non valable ({value}).',
  'save.error.type': 'valeur d’un type inattendu ({value}).',
  'save.error.range': 'montant hors des limites ({value}).',
  'save.error.date': 'date non valable ({value}).',
  'save.error.date_future': 'date dans le futur ({value}).',
  'save.error.date_too_old': 'date antérieure à 1900 ({value}).',
  'save.error.commune': 'commune inconnue ({value}).',
  'save.error.postal': 'code postal non valable ({value}).',
  'save.error.incomes': 'Revenus perçus',
  'save.restored': 'Vos réponses ont été restaurées.',
  'save.replace.confirm': 'Remplacer vos réponses actuelles, non enregistrées, par celles du lien ?',
  'save.hash.error': 'Le lien de reprise n’a pas été repris : aucune réponse n’a été restaurée.',
  'recap.skipped': 'valeur supposée',
  'results.assumed.title': 'Nous avons supposé les réponses suivantes ; modifiez votre réponse si elle est connue :',
  'results.assumed.edit': 'modifier votre réponse',
  'results.assumed.edit_label': 'Modifier votre réponse : {question}',
  'results.income_months': 'Revenus pris en compte :',
  'whatif.no_smic':
    'Le graphique ne peut pas être tracé : les règles de calcul ne donnent pas le montant du SMIC pour ce mois.',
  'whatif.error': 'Le graphique n’a pas pu être calculé ({message}).',
  'app.skiplinks': 'Accès rapide',
  'app.home_link': 'Accueil — Mes Aides — République Française',

  'whatif.title': 'Et si vos revenus d’activité changeaient ?',
  'whatif.lead':
    'Ce graphique montre, pour le mois de {month}, vos ressources mensuelles totales et chaque aide si les salaires nets du foyer allaient de 0 à 2,5 SMIC ({max}), les autres réponses restant les mêmes.',
  'whatif.compute': 'Calculer le graphique',
  'whatif.computing': 'Calcul de {n} situations…',
  'whatif.x': 'Salaires nets mensuels du foyer',
  'whatif.x.smic': 'Salaires nets du foyer, en SMIC',
  'whatif.y': 'Ressources par mois',
  'whatif.total': 'Ressources totales',
  'whatif.earnings': 'Salaires',
  'whatif.other_income': 'Autres revenus',
  'whatif.cliff': 'Effet de seuil',
  'whatif.cliffs':
    'Effets de seuil : au-delà de ces salaires, vos ressources totales baissent quand le salaire augmente.',
  'whatif.cliffs.none': 'Aucun effet de seuil : vos ressources totales augmentent toujours avec le salaire.',
  'whatif.table': 'Voir les données du graphique sous forme de tableau',
  'whatif.table.caption': 'Ressources mensuelles selon les salaires nets du foyer',
  'whatif.smic': '{n} SMIC',
  'whatif.current': 'Votre situation',
  'whatif.note':
    'Hypothèse : les salaires sont les mêmes chaque mois, pour toutes les périodes que les aides prennent en compte (y compris l’année N−2) ; le salaire imposable est estimé à 103,6 % du net, le brut à 126,4 % du net. Les aides annuelles sont comptées pour un douzième.',
  'whatif.none': 'Le graphique demande une situation complète : terminez le questionnaire.',

  'print.title': 'Mes Aides — simulation du {date}',

  'privacy.title': 'Confidentialité',

  'benefit.group.month': 'Aides mensuelles',
  'benefit.group.year': 'Aides annuelles',

  'income.salaire': 'Salaires (y compris primes et heures supplémentaires)',
  'income.micro_entreprise_ventes': 'Micro-entreprise : ventes de marchandises, restauration, hébergement',
  'income.micro_entreprise_services': 'Micro-entreprise : prestations de services commerciales ou artisanales',
  'income.micro_entreprise_liberal': 'Micro-entreprise : activité libérale',
  'income.chomage': 'Allocations chômage',
  'income.retraite': 'Pensions de retraite',
  'income.pensions_alimentaires': 'Pensions alimentaires reçues',
  'income.invalidite': 'Pension d’invalidité',
  'income.indemnites_journalieres': 'Indemnités journalières (maladie, maternité, accident du travail)',
  'income.patrimoine': 'Épargne, placements, logements ou terrains (hors résidence principale)',
};

const en = {
  'app.title': 'Mes Aides',
  'app.tagline': 'Find out which social benefits you can get',
  'app.skip': 'Skip to content',
  'app.lang': 'Language',
  'app.lang.switch': 'Français',
  'app.lang.switch.title': 'Passer en français',
  'app.loading': 'Loading the simulator…',
  'app.engine_error': 'The calculation engine could not start: {message}',
  'app.privacy': 'Privacy',
  'embed.open_tab': 'Open in a new tab',
  'embed.open_tab.title': 'Open in a new tab — Mes Aides, with your answers (they stay in the link, on your device)',
  'share.title': 'Send the result to {host}?',
  'share.lead':
    'The site showing you this simulator ({origin}) offers to receive the result. If you click the button, it will receive only:',
  'share.none': 'no benefit (no amount to send)',
  'share.total': 'the monthly total: {amount}',
  'share.not_sent':
    'None of your answers (situation, income, dates, commune, first names) is sent. Without a click, nothing is sent.',
  'share.button': 'Send {host} the name and amount of these benefits',
  'share.done': 'The name and amount of the benefits were sent to {host}. Nothing else.',
  'app.privacy.short': 'The whole calculation runs in your browser: your answers never leave your device.',
  'app.home': 'Home',
  'app.footer.law': 'Law as of {date}',
  'app.footer.engine': 'Engine {version}',
  'app.footer.source':
    'Calculation rules: French law (Social Security Code, Social Action and Families Code…), after OpenFisca-France.',
  'app.offline_ready': 'The simulator now also works offline.',

  'home.title': 'Find out which social benefits you can get',
  'home.lead':
    'Answer a few questions about your household, your home and your income: the simulator estimates which benefits you are entitled to and how much.',
  'home.points.private': 'Your answers stay on your device: no account, no cookie, no data sent anywhere.',
  'home.points.time': 'It takes about 5 minutes. Only the questions that matter for your situation are asked.',
  'home.points.estimate': 'The result is an estimate: only the body that pays a benefit decides on your rights.',
  'home.benefits': 'Benefits covered',
  'home.benefits.local': 'and {count} local aids (communes, départements, regions, CAF…), depending on your commune',
  'home.start': 'Start',
  'home.resume': 'Resume a saved simulation',
  'home.resume.hint': '.json file downloaded from this simulator',
  'home.period': 'Entitlements are computed for {month}.',

  'chapter.profil': 'Profile',
  'chapter.foyer': 'Household',
  'chapter.logement': 'Housing',
  'chapter.revenus': 'Income',
  'chapter.recapitulatif': 'Summary',
  'chapter.resultats': 'Results',
  'stepper.step': 'Step {n} of {total}',
  'stepper.next': 'Next step:',

  'nav.continue': 'Continue',
  'nav.back': 'Back',
  'nav.back_recap': 'Back to the summary',
  'nav.computing': 'Computing…',
  'nav.restart': 'Start again',
  'nav.restart.confirm': 'Erase every answer and start again?',

  'person.self': 'You',
  'person.partner': 'Your partner',
  'person.child': 'Child {n}',
  'person.child_named': '{name} (child {n})',
  'person.about': 'About: {who}',
  'group.famille': 'Your family',
  'group.menage': 'Your home',
  'group.foyer_fiscal': 'Your tax household',
  'group.foyer_fiscal_conjoint': 'Your partner’s tax household',

  'q.couple': 'Do you live with a partner?',
  'q.couple.help': 'Married, in a civil partnership (PACS) or cohabiting, with someone who lives in the same home.',
  'q.union': 'What kind of union is it?',
  'q.union.marie': 'Marriage',
  'q.union.pacse': 'Civil partnership (PACS)',
  'q.union.union_libre': 'Cohabitation',
  'q.union.help': 'Married couples and PACS partners file a single tax return.',
  'q.childCount': 'How many children live with you or depend on you?',
  'q.childCount.help':
    'Count the children under 25 who live in your household, including shared custody. Enter 0 if none.',
  'q.childCount.label': 'Number of children',
  'q.select.label': 'Choose from the list',
  'q.select.placeholder': 'Select an option',
  'q.child': 'Your child number {n}',
  'q.child.first': 'Your first child',
  'q.child.prenom': 'First name (optional)',
  'q.child.prenom.help': 'Only used to make the next questions clearer.',
  'q.child.date': 'Date of birth',
  'q.incomes': 'Which income did {who_sub} receive?',
  'q.incomes.self': 'Which income did you receive?',
  'q.incomes.group': 'Does your family already receive any of these benefits?',
  'q.skip': 'I don’t know, or this does not apply to me',
  'q.skip.help': 'The usual value will be used for the calculation.',
  'q.incomes.help':
    'Tick every kind of income received, even for part of the time, during the periods shown. Tick nothing if there was no income.',
  'q.incomes.none': 'None of these',
  'q.incomes.periods': 'Period taken into account: {range}.',
  'q.amounts.same': 'Same amount every month',
  'q.amounts.changed': 'Has this amount changed ({range})?',
  'q.amounts.changed.no': 'No, the same amount every month',
  'q.amounts.changed.yes': 'Yes, it changed',
  'q.amounts.latest': 'The last three months:',
  'q.amounts.earlier': 'The months before:',
  'q.amounts.differs': 'In {year}, the amount was different',
  'q.amounts.differs.help':
    'Otherwise we count the same amount every month of {year}. The {year} total is on your tax notice.',
  'q.amounts.monthly': 'Monthly amount (in €)',
  'q.amounts.month': '{month} (in €)',
  'q.amounts.year': 'Amount for the year {year} (in €)',
  'q.amounts.period': 'Period: {range}.',
  'q.amounts.help_year': 'For a year, give the total for the year; it is spread over the twelve months.',
  'q.amount.title': '{label}',
  'q.commune': 'Which town do you live in?',
  'q.commune.postal': 'Postcode',
  'q.commune.postal.help': '5 digits, for example 75011',
  'q.commune.choose': 'Town',
  'q.commune.none': 'No town has this postcode.',
  'q.commune.loading': 'Looking up towns…',
  'q.commune.pick': 'Choose your town',
  'q.yes': 'Yes',
  'value.no_date': 'none',
  'q.no': 'No',
  'gate.about': 'Your whole household',
  'gate.unknown': 'I don’t know (asked for each person)',
  'gate.skip.help': 'We will then ask the question for each person.',
  'gate.assumed': 'no, for {people}',
  'gate.handicap': 'Does anyone in your household have a disability?',
  'gate.handicap.help':
    'You, your partner or a child, recognised by the MDPH (disability rate, AAH, AEEH…). If so, we will ask who.',
  'gate.grossesse': 'Is anyone in your household expecting a baby?',
  'gate.grossesse.help': 'A current pregnancy, yours or your partner’s. If so, we will ask who.',
  'gate.adoption': 'Did a child join your household through adoption?',
  'gate.adoption.help': 'A child adopted, or placed with your household for adoption. If so, we will ask which one.',
  'gate.garde_alternee': 'Does one of your children live in shared custody?',
  'gate.garde_alternee.help': 'With both parents, who share the family allowances. If so, we will ask which one.',
  'gate.instruction': 'Is a child under 16 neither enrolled in a school nor home-schooled?',
  'gate.instruction.help':
    'Education is compulsory from 3 to 16: at school, or at home with a declaration. Answer no if each child is in one of these cases.',
  'gate.fin_droits_chomage': 'Has anyone in your household exhausted their unemployment benefit?',
  'gate.fin_droits_chomage.help':
    'The allocation de solidarité spécifique (ASS) can follow the unemployment benefit (ARE) for someone who worked at least 5 years in the 10 years before their last contract ended. Answer no if nobody is in this case.',
  'gate.emploi_particulier':
    'Is anyone in your household an apprentice, on a professionalisation contract, an intern, in civic service, a temp worker or self-employed?',
  'gate.emploi_particulier.help': 'Some local aids are reserved for them. If so, we will ask who.',
  'gate.projets':
    'Does anyone in your household have one of these plans: BAFA or BAFD, driving licence, studies abroad, health or social care training?',
  'gate.projets.help':
    'Local aids fund these plans. Health or social care training: nurse, care assistant, social educator… (under way or planned). If so, we will ask which.',
  'gate.logement_particulier': 'Is your home a room, a flat share or a CROUS student residence?',
  'gate.logement_particulier.help':
    'A room without its own kitchen or bathroom, a home shared with flatmates, or a CROUS residence. Housing benefits are then computed differently.',
  'q.day': 'Day',
  'q.month': 'Month',
  'q.year': 'Year',
  'q.date.hint': 'For example: 14 7 1985',
  'q.money.hint': 'In euros, for example 1250.50',
  'q.number.hint': 'A number',
  'q.period.current': 'Situation in {month}.',

  'error.title': 'There is a problem with your answer',
  'error.required': 'Answer this question to continue.',
  'error.choice': 'Choose an answer.',
  'error.date_required': 'Enter a date.',
  'error.date_invalid': 'This date does not exist: enter the day, month and year, for example 14 7 1985.',
  'error.date_future': 'The date cannot be in the future.',
  'error.date_too_old': 'Enter a year from 1900 on.',
  'error.money': 'Enter an amount in euros, for example 1250 or 1250.50 (0 if you received nothing).',
  'error.number': 'Enter a number.',
  'error.integer': 'Enter a whole number.',
  'error.children': 'Enter a number between 0 and {max}.',
  'error.postal': 'Enter a 5-digit postcode.',
  'error.commune': 'Choose your town from the list.',
  'error.engine': 'The calculation failed: {message}',
  'error.texts': 'The detail of the calculation could not be downloaded (are you offline?): try again once online.',

  'recap.title': 'Summary of your answers',
  'recap.lead': 'Check your answers. You can change any of them before seeing your results.',
  'recap.edit': 'Change',
  'recap.edit_label': 'Change the answer “{question}”',
  'recap.see_results': 'See my results',
  'recap.empty': 'No answer.',
  'recap.none': 'None',
  'recap.unknown': 'Don’t know or not applicable',
  'recap.children_none': 'No children',

  'results.title': 'Your results',
  'results.lead': 'Estimate for {month}, under the law known on {law}.',
  'results.total': 'Estimated total of monthly benefits',
  'results.total.yearly': 'and {amount} a year',
  'results.eligible': 'Benefits you may be entitled to',
  'results.eligible.none': 'From your answers, you would not be entitled to any of the benefits covered.',
  'results.others': 'Benefits you would not get',
  'results.per.month': 'a month',
  'results.per.year': 'a year',
  'results.per.eternity': '',
  'results.badge.eligible': 'Eligible',
  'results.badge.not_eligible': 'Not eligible',
  'results.badge.zero': 'Entitled, zero amount',
  'results.participation': 'Your contribution:',
  'results.participation.free': 'Free (no contribution to pay)',
  'results.badge.error': 'Not computed',
  'results.reason': 'Why:',
  'results.reason.unknown': 'The conditions are not met according to your answers.',
  'results.institution': 'Paid by: {institution}',
  'results.apply': 'How to apply',
  'results.apply.link': 'Apply with the paying body',
  'results.not_simulated': 'Conditions and cases not simulated',
  'results.references': 'Legal texts',
  'local.title': 'Local aids',
  'local.count': 'From your answers, {n} local aids would be open to you.',
  'local.count.one': 'From your answers, 1 local aid would be open to you.',
  'local.count.none': 'From your answers, no local aid of your area would be open to you.',
  'local.institutions': 'Offered by:',
  'local.help':
    'Aids of your commune, your intercommunality, your département, your région, your CAF and national bodies. Their amount is the one the body announces; other conditions may apply: check on its website.',
  'local.group.commune': 'Your commune and intercommunality',
  'local.group.departement': 'Your département',
  'local.group.region': 'Your région',
  'local.group.caf': 'Your CAF or MSA',
  'local.group.national': 'National and European bodies',
  'local.group.none': 'No aid open from your answers.',
  'local.closed': '{n} other aids of this area, not open from your answers',
  'local.closed.one': '1 other aid of this area, not open from your answers',
  'local.badge.open': 'Open',
  'local.institution': 'Offered by: {institution}',
  'local.for': 'For: {people}',
  'local.apply': 'Apply',
  'local.official': 'Official page of the aid',
  'results.detail': 'Calculation details',
  'results.detail.loading': 'Computing the details…',
  'results.detail.formula': 'Formula ({file}, line {line}, in force since {from})',
  'results.detail.rule': 'See the rule (in French)',
  'results.detail.parameters': 'Legal parameters',
  'results.detail.inputs': 'Your answers used',
  'results.detail.value': 'Value',
  'results.detail.depends': 'Computed from',
  'results.detail.missing_default': 'not given, default value',
  'results.detail.reason': 'Reason',
  'results.disclaimer.title': 'This is an estimate',
  'results.disclaimer':
    'This simulator gives an estimate from your answers and the law known on {law}. It is not a decision: only the body that pays each benefit examines your claim and decides. Some conditions are not simulated (see each benefit).',
  'results.situation': 'Technical data: your situation in OpenFisca format',
  'results.situation.help': 'This data describes your household for the calculation engine. It stays in your browser.',
  'results.edit': 'Change my answers',
  'results.print': 'Print',
  'results.error': 'This amount could not be computed: {message}',
  'results.filtered': 'Benefits shown: {list}.',

  'save.title': 'Save or resume later',
  'save.lead': 'Nothing is saved unless you choose to. You can keep your answers on your device:',
  'save.download': 'Download my answers (file)',
  'save.link': 'Create a resume link',
  'save.link.label': 'Resume link',
  'save.link.help':
    'Your answers are inside the link itself, after the “#” sign: they are never sent to a server. Anyone with this link can see your answers.',
  'save.link.copy': 'Copy the link',
  'save.link.copied': 'Link copied.',
  'save.upload': 'Resume from a file',
  'save.upload.error': 'This file was not used: no answer has been restored.',
  'save.error.answer': 'Answer “{answer}”: {problem}',
  'save.error.format': 'this file is not a Mes Aides save.',
  'save.error.damaged': 'the content is damaged or incomplete.',
  'save.error.version': 'unknown save version ({value}).',
  'save.error.period': 'the month of the simulation is not valid ({value}).',
  'save.error.answers': 'it holds no answers.',
  'save.error.unknown_field': 'an answer the questionnaire does not know.',
  'save.error.field': 'the answer does not have the expected form.',
  'save.error.choice': 'this choice does not exist ({value}).',
  'save.error.count': 'number out of range ({value}).',
  'save.error.text': 'text too long or not valid.',
  'save.error.key': 'answer not recognised.',
  'save.error.unknown_variable': 'this question does not exist in the rules.',
  'save.error.period_of': 'period not valid ({value}).',
  'save.error.type': 'value of an unexpected type ({value}).',
  'save.error.range': 'amount out of range ({value}).',
  'save.error.date': 'date not valid ({value}).',
  'save.error.date_future': 'date in the future ({value}).',
  'save.error.date_too_old': 'date before 1900 ({value}).',
  'save.error.commune': 'unknown commune ({value}).',
  'save.error.postal': 'postal code not valid ({value}).',
  'save.error.incomes': 'Income received',
  'save.restored': 'Your answers have been restored.',
  'save.replace.confirm': 'Replace your current answers, not saved, with those of the link?',
  'save.hash.error': 'The resume link was not used: no answer has been restored.',
  'recap.skipped': 'assumed value',
  'results.assumed.title': 'We assumed the following answers; change your answer if you know it:',
  'results.assumed.edit': 'change your answer',
  'results.assumed.edit_label': 'Change your answer: {question}',
  'results.income_months': 'Income taken into account:',
  'whatif.no_smic': 'The chart cannot be drawn: the rules do not give the minimum wage (SMIC) for this month.',
  'whatif.error': 'The chart could not be computed ({message}).',
  'app.skiplinks': 'Quick access',
  'app.home_link': 'Home — Mes Aides — République Française',

  'whatif.title': 'What if your earnings changed?',
  'whatif.lead':
    'This chart shows, for {month}, your total monthly resources and each benefit if the household’s net wages went from 0 to 2.5 times the minimum wage ({max}), all other answers staying the same.',
  'whatif.compute': 'Compute the chart',
  'whatif.computing': 'Computing {n} situations…',
  'whatif.x': 'Household net monthly wages',
  'whatif.x.smic': 'Household net wages, in minimum wages',
  'whatif.y': 'Resources per month',
  'whatif.total': 'Total resources',
  'whatif.earnings': 'Wages',
  'whatif.other_income': 'Other income',
  'whatif.cliff': 'Cliff',
  'whatif.cliffs': 'Cliffs: beyond these wages, your total resources fall when wages rise.',
  'whatif.cliffs.none': 'No cliff: your total resources always rise with wages.',
  'whatif.table': 'Show the chart data as a table',
  'whatif.table.caption': 'Monthly resources by household net wages',
  'whatif.smic': '{n} × minimum wage',
  'whatif.current': 'Your situation',
  'whatif.note':
    'Assumption: wages are the same every month, for every period the benefits look at (including year N−2); taxable wages are estimated at 103.6 % of net, gross at 126.4 % of net. Yearly benefits count for one twelfth.',
  'whatif.none': 'The chart needs a complete situation: finish the questionnaire.',

  'print.title': 'Mes Aides — simulation of {date}',

  'privacy.title': 'Privacy',

  'benefit.group.month': 'Monthly benefits',
  'benefit.group.year': 'Yearly benefits',

  'income.salaire': 'Wages (including bonuses and overtime)',
  'income.micro_entreprise_ventes': 'Micro-enterprise: sale of goods, catering, accommodation',
  'income.micro_entreprise_services': 'Micro-enterprise: commercial or craft services',
  'income.micro_entreprise_liberal': 'Micro-enterprise: liberal profession',
  'income.chomage': 'Unemployment benefit',
  'income.retraite': 'Retirement pension',
  'income.pensions_alimentaires': 'Maintenance (alimony) received',
  'income.invalidite': 'Disability pension',
  'income.indemnites_journalieres': 'Daily sickness, maternity or work-accident allowances',
  'income.patrimoine': 'Savings, investments, homes or land (other than your main home)',
};

// English names of the benefits (the French label comes from the engine).
export const BENEFIT_NAMES_EN = {
  af: 'Family allowance',
  cf: 'Family supplement',
  asf: 'Family support allowance',
  ars: 'Back-to-school allowance',
  paje_base: 'Early childhood allowance (PAJE)',
  paje_naissance: 'Birth grant (PAJE)',
  paje_adoption: 'Adoption grant (PAJE)',
  aeeh: 'Disabled child education allowance (AEEH)',
  rsa: 'Active solidarity income (RSA)',
  ppa: 'Activity bonus (prime d’activité)',
  ass: 'Specific solidarity allowance (ASS)',
  aefa: 'Christmas bonus (prime de Noël)',
  prime_noel: 'Christmas bonus (prime de Noël)',
  aide_logement: 'Housing benefit (APL, ALF, ALS)',
  aides_logement: 'Housing benefit (APL, ALF, ALS)',
  apl: 'Personalised housing aid (APL)',
  als: 'Social housing allowance (ALS)',
  alf: 'Family housing allowance (ALF)',
  aah: 'Disabled adults allowance (AAH)',
  aspa: 'Solidarity allowance for the elderly (ASPA)',
  mva: 'Independent living supplement (MVA)',
  asi: 'Supplementary disability allowance (ASI)',
  css: 'Complementary health cover (C2S) — amount: monthly contribution to pay (€0 if free)',
};

// Wording of the engine's questions. `self` when the question is about the person filling in the form,
// `other` (with {who}) about someone else. The engine's own `question` is used when nothing is here.
export const VARIABLE_QUESTIONS = {
  fr: {
    // local aids (rules/aides_locales/entrees.rules)
    apprenti_en_contrat: {
      self: 'Êtes-vous en apprentissage (contrat d’apprentissage) ?',
      other: '{who_cap} est-il ou elle en apprentissage (contrat d’apprentissage) ?',
    },
    contrat_professionnalisation: {
      self: 'Êtes-vous en contrat de professionnalisation ?',
      other: '{who_cap} est-il ou elle en contrat de professionnalisation ?',
    },
    en_stage: {
      self: 'Faites-vous un stage en ce moment ?',
      other: '{who_cap} fait-il ou elle un stage en ce moment ?',
    },
    en_service_civique: {
      self: 'Êtes-vous volontaire en service civique ?',
      other: '{who_cap} est-il ou elle volontaire en service civique ?',
    },
    travailleur_independant: {
      self: 'Travaillez-vous à votre compte (indépendant, auto-entrepreneur), plutôt que comme salarié ?',
      other:
        '{who_cap} travaille-t-il ou elle à son compte (indépendant, auto-entrepreneur), plutôt que comme salarié ?',
    },
    interimaire_agence_travail_temporaire: {
      self: 'Travaillez-vous en intérim (missions d’une agence de travail temporaire) ?',
      other: '{who_cap} travaille-t-il ou elle en intérim (missions d’une agence de travail temporaire) ?',
    },
    boursier_lycee: {
      self: 'Avez-vous une bourse de lycée ?',
      other: '{who_cap} a-t-il ou elle une bourse de lycée ?',
    },
    annee_etude: { self: 'En quelle année d’études êtes-vous ?', other: 'En quelle année d’études est {who} ?' },
    mention_baccalaureat: {
      self: 'Quelle mention avez-vous obtenue au baccalauréat ?',
      other: 'Quelle mention {who} a-t-il ou elle obtenue au baccalauréat ?',
    },
    formation_sanitaire_social: {
      self: 'Suivez-vous une formation du secteur sanitaire ou social (infirmier, aide-soignant, éducateur…) ?',
      other:
        '{who_cap} suit-il ou elle une formation du secteur sanitaire ou social (infirmier, aide-soignant, éducateur…) ?',
    },
    projet_bafa: {
      self: 'Souhaitez-vous passer le BAFA ou le BAFD (animateur ou directeur de centre de vacances) ?',
      other: '{who_cap} souhaite-t-il ou elle passer le BAFA ou le BAFD ?',
    },
    projet_permis_de_conduire: {
      self: 'Souhaitez-vous passer le permis de conduire ?',
      other: '{who_cap} souhaite-t-il ou elle passer le permis de conduire ?',
    },
    projet_etudes_etranger: {
      self: 'Souhaitez-vous partir étudier, faire un stage ou vous former à l’étranger ?',
      other: '{who_cap} souhaite-t-il ou elle partir étudier, faire un stage ou se former à l’étranger ?',
    },
    interet_aides_sanitaire_social: {
      self: 'Suivez-vous ou envisagez-vous une formation sanitaire ou sociale, et souhaitez-vous connaître les aides à ces formations ?',
      other: '{who_cap} suit-il ou elle ou envisage-t-il ou elle une formation sanitaire ou sociale ?',
    },
    regime_securite_sociale: {
      self: 'De quel régime de sécurité sociale relevez-vous ?',
      other: 'De quel régime de sécurité sociale relève {who} ?',
    },
    percoit_rsa: { group: 'Percevez-vous le RSA ?' },
    difficultes_acces_ou_frais_logement: {
      group:
        'Avez-vous des difficultés pour trouver un logement ou pour en payer les frais (dépôt de garantie, loyer, factures) ?',
    },
    code_postal: { group: 'Quel est le code postal de votre logement ?' },
    date_naissance: {
      self: 'Quelle est votre date de naissance ?',
      other: 'Quelle est la date de naissance de {who} ?',
    },
    activite: { self: 'Quelle est votre activité principale ?', other: 'Quelle est l’activité principale de {who} ?' },
    statut_marital: {
      self: 'Quelle est votre situation conjugale à l’état civil ?',
      other: 'Quelle est la situation conjugale de {who} à l’état civil ?',
    },
    handicap: {
      self: 'Êtes-vous en situation de handicap ?',
      other: '{who_cap} est-il ou elle en situation de handicap ?',
    },
    enceinte: { self: 'Êtes-vous enceinte ?', other: '{who_cap} est-elle enceinte ?' },
    scolarite: { other: 'Où {who} est-il ou elle scolarisé ?' },
    asf_situation_autre_parent: { other: 'Quelle est la situation de l’autre parent de {who} ?' },
    eleve_interne: {
      self: 'Êtes-vous interne (vous dormez à l’internat de votre lycée) ?',
      other: '{who_cap} est-il ou elle interne (il ou elle dort à l’internat de son lycée) ?',
    },
    dnb_mention_bien_ou_tres_bien: {
      self: 'Avez-vous obtenu le brevet avec la mention « bien » ou « très bien » ?',
      other: '{who_cap} a-t-il ou elle obtenu le brevet avec la mention « bien » ou « très bien » ?',
    },
    adoption: { other: '{who_cap} a-t-il ou elle été adopté, ou confié à votre foyer en vue de son adoption ?' },
    date_adoption: { other: 'À quelle date {who} est-il ou elle arrivé dans votre foyer ?' },
    aeeh_soins_ou_etablissement: {
      other:
        '{who_cap} va-t-il ou elle dans un établissement ou un service spécialisé (IME, SESSAD…), ou la MDPH a-t-elle préconisé des soins ou un accompagnement ?',
    },
    aeeh_categorie_complement: {
      other: 'La MDPH a-t-elle accordé un complément d’AEEH pour {who} ? De quelle catégorie ?',
    },
    garde_alternee: {
      other:
        '{who_cap} vit-il ou elle en résidence alternée, avec partage des allocations familiales entre ses deux parents ?',
    },
    rempli_obligation_scolaire: {
      other: '{who_cap} est-il ou elle scolarisé ou instruit en famille (obligation d’instruction) ?',
    },
    habite_chez_parents: {
      self: 'Vivez-vous chez vos parents ?',
      other: '{who_cap} vit-il ou elle chez ses parents ?',
    },
    inapte_travail: {
      self: 'Avez-vous été reconnu inapte au travail ?',
      other: '{who_cap} a-t-il ou elle été reconnu inapte au travail ?',
    },
    statut_occupation_logement: { group: 'À quel titre occupez-vous votre logement ?' },
    loyer: {
      group:
        'Quel est le montant mensuel de votre loyer, hors charges ? (Propriétaire : la mensualité de votre prêt immobilier, 0 sans prêt.)',
    },
    coloc: { group: 'Vivez-vous en colocation ?' },
    participation_frais: { group: 'Participez-vous aux frais du logement ?' },
    proprietaire_proche_famille: {
      group: 'Le propriétaire de votre logement est-il un de vos proches (parent, grand-parent, enfant) ?',
    },
    rsa_isolement_recent: {
      group: 'Vivez-vous seul ou seule depuis moins de 18 mois (séparation, veuvage, départ du conjoint) ?',
    },
    rsa_cycle_trimestriel: {
      group:
        'Votre RSA est revu tous les trois mois : en quels mois commencent ces périodes (voir vos courriers de la CAF ou de la MSA) ?',
    },
    pensions_alimentaires_versees: { group: 'Combien de pensions alimentaires votre foyer a-t-il versées ?' },
    nationalite: {
      self: 'Quelle est votre nationalité ?',
      other: 'Quelle est la nationalité de {who} ?',
    },
    duree_possession_titre_sejour: {
      self: 'Depuis combien d’années résidez-vous en France avec un titre de séjour autorisant à travailler ?',
      other:
        'Depuis combien d’années {who} réside-t-il ou elle en France avec un titre de séjour autorisant à travailler ?',
    },
    refugie_ou_apatride: {
      self: 'Êtes-vous réfugié ou réfugiée, bénéficiaire de la protection subsidiaire, ou apatride ?',
      other: '{who_cap} est-il ou elle réfugié, bénéficiaire de la protection subsidiaire, ou apatride ?',
    },
    carte_resident: {
      self: 'Avez-vous une carte de résident (valable dix ans) ou un titre de séjour qui donne les mêmes droits ?',
      other:
        '{who_cap} a-t-il ou elle une carte de résident (valable dix ans) ou un titre de séjour qui donne les mêmes droits ?',
    },
    ass_precondition_remplie: {
      self: 'Avez-vous travaillé au moins 5 ans au cours des 10 ans qui ont précédé la fin de votre dernier contrat de travail ?',
      other:
        '{who_cap} a-t-il ou elle travaillé au moins 5 ans au cours des 10 ans qui ont précédé la fin de son dernier contrat de travail ?',
    },
    boursier: {
      self: 'Êtes-vous boursier ou boursière de l’enseignement supérieur (bourse sur critères sociaux) ?',
      other: '{who_cap} est-il ou elle boursier de l’enseignement supérieur (bourse sur critères sociaux) ?',
    },
    date_arret_de_travail: {
      self: 'Si vous êtes en arrêt de travail (maladie, accident du travail), depuis quelle date ?',
      other: 'Si {who} est en arrêt de travail (maladie, accident du travail), depuis quelle date ?',
    },
    date_debut_chomage: {
      self: 'Depuis quelle date êtes-vous au chômage ?',
      other: 'Depuis quelle date {who} est-il ou elle au chômage ?',
    },
    aah_restriction_substantielle_durable_acces_emploi: {
      self: 'La CDAPH vous a-t-elle reconnu une restriction substantielle et durable pour l’accès à l’emploi ?',
      other: 'La CDAPH a-t-elle reconnu à {who} une restriction substantielle et durable pour l’accès à l’emploi ?',
    },
    taux_incapacite: {
      self: 'Quel taux d’incapacité la CDAPH vous a-t-elle reconnu ?',
      other: 'Quel taux d’incapacité la CDAPH a-t-elle reconnu à {who} ?',
    },
    rsa_jeune_condition_heures_travail_remplie: {
      self: 'Avez-vous travaillé au moins 3 214 heures (environ deux ans à temps plein) au cours des trois dernières années ?',
      other:
        '{who_cap} a-t-il ou elle travaillé au moins 3 214 heures (environ deux ans à temps plein) au cours des trois dernières années ?',
    },
    logement_chambre: { group: 'Votre logement est-il une chambre (et non un appartement ou une maison) ?' },
    logement_crous: { group: 'Logez-vous dans une résidence universitaire gérée par un CROUS ?' },
    charges_locatives: { group: 'Quel est le montant mensuel de vos charges locatives ?' },
  },
  en: {
    // local aids (rules/aides_locales/entrees.rules)
    apprenti_en_contrat: {
      label: 'On an apprenticeship contract',
      self: 'Are you an apprentice (apprenticeship contract)?',
      other: 'Is {who} an apprentice (apprenticeship contract)?',
    },
    contrat_professionnalisation: {
      label: 'On a professionalisation contract',
      self: 'Are you on a professionalisation contract?',
      other: 'Is {who} on a professionalisation contract?',
    },
    en_stage: {
      label: 'Doing an internship',
      self: 'Are you doing an internship at the moment?',
      other: 'Is {who} doing an internship at the moment?',
    },
    en_service_civique: {
      label: 'Civic service volunteer',
      self: 'Are you a civic service volunteer?',
      other: 'Is {who} a civic service volunteer?',
    },
    travailleur_independant: {
      label: 'Self-employed',
      self: 'Are you self-employed rather than an employee?',
      other: 'Is {who} self-employed rather than an employee?',
    },
    interimaire_agence_travail_temporaire: {
      label: 'Temporary agency worker',
      self: 'Do you work through a temporary work agency?',
      other: 'Does {who} work through a temporary work agency?',
    },
    boursier_lycee: {
      label: 'Holds a secondary-school grant',
      self: 'Do you hold a secondary-school grant?',
      other: 'Does {who} hold a secondary-school grant?',
    },
    annee_etude: {
      label: 'Current year of study',
      self: 'Which year of study are you in?',
      other: 'Which year of study is {who} in?',
    },
    mention_baccalaureat: {
      label: 'Baccalauréat honours',
      self: 'Which honours did you get at the baccalauréat?',
      other: 'Which honours did {who} get at the baccalauréat?',
    },
    formation_sanitaire_social: {
      label: 'In a health or social-work training',
      self: 'Are you in a health or social-work training (nurse, care assistant, educator…)?',
      other: 'Is {who} in a health or social-work training (nurse, care assistant, educator…)?',
    },
    projet_bafa: {
      label: 'Wants to take the BAFA or BAFD',
      self: 'Do you want to take the BAFA or BAFD (holiday-camp leader or director)?',
      other: 'Does {who} want to take the BAFA or BAFD?',
    },
    projet_permis_de_conduire: {
      label: 'Wants to take the driving test',
      self: 'Do you want to take the driving test?',
      other: 'Does {who} want to take the driving test?',
    },
    projet_etudes_etranger: {
      label: 'Wants to study or train abroad',
      self: 'Do you want to study, do an internship or train abroad?',
      other: 'Does {who} want to study, do an internship or train abroad?',
    },
    interet_aides_sanitaire_social: {
      label: 'Interested in aids for health and social-work training',
      self: 'Are you in, or considering, a health or social-work training, and want to know its aids?',
      other: 'Is {who} in, or considering, a health or social-work training?',
    },
    regime_securite_sociale: {
      label: 'Social-security scheme',
      self: 'Which social-security scheme are you in?',
      other: 'Which social-security scheme is {who} in?',
    },
    percoit_rsa: { label: 'Receives the RSA', group: 'Do you receive the RSA (revenu de solidarité active)?' },
    difficultes_acces_ou_frais_logement: {
      label: 'Difficulties finding housing or paying for it',
      group: 'Do you have difficulties finding housing or paying for it (deposit, rent, bills)?',
    },
    code_postal: { label: 'Postal code of the home', group: 'What is the postal code of your home?' },
    date_naissance: { self: 'What is your date of birth?', other: 'What is {who}’s date of birth?' },
    activite: { self: 'What is your main activity?', other: 'What is {who}’s main activity?' },
    statut_marital: { self: 'What is your legal marital status?', other: 'What is {who}’s legal marital status?' },
    handicap: { self: 'Do you have a disability?', other: 'Does {who} have a disability?' },
    enceinte: { self: 'Are you pregnant?', other: 'Is {who} pregnant?' },
    scolarite: { other: 'Where does {who} go to school?' },
    asf_situation_autre_parent: { other: 'What is the situation of {who}’s other parent?' },
    eleve_interne: {
      self: 'Are you a boarder (you sleep at your school’s boarding house)?',
      other: 'Is {who} a boarder (sleeping at the school’s boarding house)?',
    },
    dnb_mention_bien_ou_tres_bien: {
      self: 'Did you pass the brevet with the grade « bien » or « très bien »?',
      other: 'Did {who} pass the brevet with the grade « bien » or « très bien »?',
    },
    adoption: { other: 'Was {who} adopted, or placed in your home with a view to adoption?' },
    date_adoption: { other: 'On what date did {who} arrive in your home?' },
    aeeh_soins_ou_etablissement: {
      other:
        'Does {who} attend a specialised school or service (IME, SESSAD…), or has the MDPH recommended care or support?',
    },
    aeeh_categorie_complement: { other: 'Has the MDPH granted an AEEH supplement for {who}? Of which category?' },
    garde_alternee: {
      other: 'Does {who} live in shared custody, with the family allowance shared between both parents?',
    },
    rempli_obligation_scolaire: { other: 'Is {who} schooled or home-schooled (compulsory education)?' },
    habite_chez_parents: { self: 'Do you live with your parents?', other: 'Does {who} live with their parents?' },
    inapte_travail: {
      self: 'Have you been declared unfit for work?',
      other: 'Has {who} been declared unfit for work?',
    },
    statut_occupation_logement: { group: 'On what basis do you occupy your home?' },
    loyer: {
      group:
        'What is your monthly rent, excluding service charges? (Owner: your monthly mortgage payment, 0 without one.)',
    },
    coloc: { group: 'Do you share your home with flatmates?' },
    participation_frais: { group: 'Do you contribute to the housing costs?' },
    proprietaire_proche_famille: { group: 'Is your landlord a close relative (parent, grandparent, child)?' },
    rsa_isolement_recent: {
      group: 'Have you been living alone for less than 18 months (separation, bereavement, partner leaving)?',
    },
    rsa_cycle_trimestriel: {
      group:
        'Your RSA is reviewed every three months: in which months do these periods start (see the letters from the CAF or MSA)?',
    },
    pensions_alimentaires_versees: { group: 'How much maintenance did your household pay?' },
    nationalite: {
      self: 'What is your nationality?',
      other: 'What is the nationality of {who}?',
    },
    duree_possession_titre_sejour: {
      self: 'For how many years have you lived in France with a residence permit allowing you to work?',
      other: 'For how many years has {who} lived in France with a residence permit allowing work?',
    },
    refugie_ou_apatride: {
      self: 'Are you a refugee, a beneficiary of subsidiary protection, or stateless?',
      other: 'Is {who} a refugee, a beneficiary of subsidiary protection, or stateless?',
    },
    carte_resident: {
      self: 'Do you hold a resident card (valid ten years) or a residence permit giving the same rights?',
      other: 'Does {who} hold a resident card (valid ten years) or a residence permit giving the same rights?',
    },
    ass_precondition_remplie: {
      self: 'Did you work for at least 5 years in the 10 years before your last employment contract ended?',
      other: 'Did {who} work for at least 5 years in the 10 years before their last employment contract ended?',
    },
    boursier: {
      self: 'Do you hold a means-tested higher-education grant?',
      other: 'Does {who} hold a means-tested higher-education grant?',
    },
    date_arret_de_travail: {
      self: 'If you are on sick leave (illness, work accident), since when?',
      other: 'If {who} is on sick leave (illness, work accident), since when?',
    },
    date_debut_chomage: {
      self: 'Since when have you been unemployed?',
      other: 'Since when has {who} been unemployed?',
    },
    logement_chambre: { group: 'Is your home a single room (not a flat or a house)?' },
    logement_crous: { group: 'Do you live in a CROUS student residence?' },
    charges_locatives: { group: 'How much are your monthly service charges?' },
    salaire_net: { label: 'Net wages' },
    salaire_imposable: { label: 'Taxable wages' },
    salaire_de_base: { label: 'Gross wages' },
    rpns_auto_entrepreneur_CA_achat_revente: {
      label: 'Micro-entrepreneur turnover: sale of goods, catering, accommodation',
    },
    rpns_auto_entrepreneur_CA_bic: { label: 'Micro-entrepreneur turnover: commercial or craft services' },
    rpns_auto_entrepreneur_CA_bnc: { label: 'Micro-entrepreneur receipts: liberal profession' },
    chomage_net: { label: 'Net unemployment benefit' },
    chomage_imposable: { label: 'Taxable unemployment benefit' },
    chomage_brut: { label: 'Gross unemployment benefit' },
    retraite_brute: { label: 'Gross retirement pension' },
    retraite_nette: { label: 'Net retirement pension' },
    retraite_imposable: { label: 'Taxable retirement pension' },
    pensions_invalidite: { label: 'Disability pension' },
    pensions_alimentaires_percues: { label: 'Maintenance received' },
    paje_prepare: { label: 'Shared child-rearing benefit (PreParE) received' },
    livret_a: { label: 'Livret A savings (balance)' },
    epargne_revenus_non_imposables: {
      label: 'Other savings with tax-free interest (LDDS, LEP, PEL, life insurance…), balance',
    },
    epargne_revenus_imposables: { label: 'Investments with taxable income (term deposits, bonds, shares…), amount' },
    revenus_capital: { label: 'Investment income received (dividends, taxable interest)' },
    valeur_patrimoine_loue: { label: 'Value of homes, buildings and land owned and let' },
    valeur_immo_non_loue: { label: 'Value of homes or buildings owned and not let (other than your main home)' },
    valeur_terrains_non_loues: { label: 'Value of land owned and not let' },
    valeur_locative_immo_non_loue: { label: 'Yearly rental value of homes or buildings owned and not let' },
    valeur_locative_terrains_non_loues: { label: 'Yearly rental value of land owned and not let' },
    rfr: { label: 'Reference tax income (revenu fiscal de référence)' },
  },
};

// English labels of enum items the engine describes in French.
export const ENUM_ITEMS_EN = {
  activite: {
    actif: 'Employed or self-employed',
    chomeur: 'Unemployed',
    etudiant: 'Student or pupil',
    retraite: 'Retired',
    inactif: 'Other, not working',
  },
  statut_marital: {
    non_renseigne: 'Not given',
    marie: 'Married',
    celibataire: 'Single',
    divorce: 'Divorced',
    veuf: 'Widowed',
    pacse: 'Civil partnership (PACS)',
    jeune_veuf: 'Widowed this year',
  },
  statut_occupation_logement: {
    non_renseigne: 'Not given',
    primo_accedant: 'Home owner repaying a loan',
    proprietaire: 'Home owner (no loan)',
    locataire_hlm: 'Tenant of social housing (HLM)',
    locataire_vide: 'Tenant of an unfurnished private home',
    locataire_meuble: 'Tenant of a furnished home or hotel room',
    loge_gratuitement: 'Housed free of charge (family, friends, employer)',
    locataire_foyer: 'Resident of a hostel (student residence, care home, young workers’ hostel…)',
    sans_domicile: 'No fixed abode',
  },
  asf_situation_autre_parent: {
    non_renseigne: 'Not given',
    ne_paie_pas: 'Does not pay the maintenance, or not in full, or cannot afford it',
    pension_inferieure: 'Pays in full a fixed maintenance lower than the ASF',
    contribue: 'Pays a maintenance at least equal to the ASF, or otherwise supports the child',
    decede: 'Has died',
    non_reconnu: 'Did not recognise the child',
    deux_parents: 'The child has no support from either parent (orphan, or taken in)',
  },
  rsa_cycle_trimestriel: {
    janvier_avril_juillet_octobre: 'January, April, July and October',
    fevrier_mai_aout_novembre: 'February, May, August and November',
    mars_juin_septembre_decembre: 'March, June, September and December',
  },
  aeeh_categorie_complement: {
    non_renseigne: 'Not given',
    aucun: 'No supplement',
    inconnu: 'I don’t know (application pending)',
    categorie_1: '1st category',
    categorie_2: '2nd category',
    categorie_3: '3rd category',
    categorie_4: '4th category',
    categorie_5: '5th category',
    categorie_6: '6th category',
  },
  scolarite: {
    inconnue: 'Unknown',
    maternelle: 'Nursery school',
    primaire: 'Primary school',
    college: 'Lower secondary school (collège)',
    lycee: 'Upper secondary school (lycée)',
    enseignement_superieur: 'Higher education',
    grande_ecole_du_numerique: 'Grande École du Numérique training',
  },
};

export const DICTIONARIES = { fr, en };

export function t(lang, key, params = {}) {
  const text = DICTIONARIES[lang]?.[key] ?? fr[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
}

// True when the benefit's name is shown in the interface language (else it is the rules' French label).
export function benefitNameTranslated(lang, benefit) {
  return lang === 'fr' || Boolean(BENEFIT_NAMES_EN[benefit.name]);
}

export function benefitName(lang, benefit) {
  if (lang === 'en' && BENEFIT_NAMES_EN[benefit.name]) return BENEFIT_NAMES_EN[benefit.name];
  return benefit.label;
}

// The countries' names in English (the nationality): the browser's own (Intl.DisplayNames, ISO 3166 codes),
// rather than a list in the download.
let regionNames = null;

export function enumItemLabel(lang, variable, item) {
  if (lang === 'en' && variable === 'nationalite' && /^[A-Z]{2}$/.test(item.name) && item.name !== 'UK') {
    try {
      regionNames ??= new Intl.DisplayNames(['en'], { type: 'region' });
      const name = regionNames.of(item.name);
      if (name && name !== item.name) return name;
    } catch {
      /* no Intl.DisplayNames: the rules' French name */
    }
  }
  if (lang === 'en') {
    const en = ENUM_ITEMS_EN[variable]?.[item.name];
    if (en) return en;
  }
  return item.label;
}
