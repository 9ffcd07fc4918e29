#!/usr/bin/env python3
"""Generate rules/aides_locales/*.rules (one benefit per local aid) and their tests from the facts of
/work/shared/law/aides-locales (aids.json, institutions.json) and @etalab/decoupage-administratif.

Developer tool, Python 3 stdlib only, run by hand; its output is committed.

    python3 tools/import_aides_locales.py [--facts DIR] [--decoupage DIR] [--check]

Writes:
  rules/aides_locales/geographie.rules   département and région of depcom; EPCI membership (commune lists)
  rules/aides_locales/<type>.rules       the aids, one file per territory type (region, departement, …)
  tests/rules/aides_locales/*.yaml       for every aid, a person meeting all its conditions and, for each
                                         condition, a person failing only that one (run by `mesaides test`)
  tests/aides_locales/cases.json         the same cases with the reason expected (tests/aides_locales/run.py)

A condition the generator does not know stops it with the aid's id. See docs/aides-locales.md.
--check exits 1 if a committed file differs from what would be generated.
"""

import argparse
import collections
import datetime
import json
import os
import re
import sys
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_FACTS = "/work/shared/law/aides-locales"
DECOUPAGE_CANDIDATES = [
    os.path.join(ROOT, "node_modules/@etalab/decoupage-administratif/data"),
    "/work/main/node_modules/@etalab/decoupage-administratif/data",
]
RULES_DIR = "rules/aides_locales"
TESTS_YAML_DIR = "tests/rules/aides_locales"
TESTS_JSON = "tests/aides_locales/cases.json"
TEST_PERIOD = "2026-06"
TEST_YEAR = 2026
FORMULA_FROM = "2024-01-01"
OTHER_CONDITIONS = "D'autres conditions peuvent s'appliquer : vérifiez sur le site de l'organisme."
# Paris, Lyon, Marseille: a list naming the commune also names its arrondissements (situations may give
# either code).
PLM = {"75056", "69123", "13055"}
# Aids of the facts not generated, with the reason (docs/aides-locales.md; tests/aides_locales/run.py reads it).
LEFT_OUT = {
    "aide-demonstration-preremplissage":
        "not an aid: a demonstration of the source simulator's form pre-filling, on a commune without inhabitants",
    "aide-demonstration-rdv-service-public":
        "not an aid: a demonstration of the source simulator's appointment booking, on a commune without inhabitants",
}


class Stop(Exception):
    pass


def fail(aid, message):
    raise Stop(f"aid {aid['id']}: {message}")


# ------------------------------------------------------------------------------------------ geography

CHARNIERE = {0: "de ", 1: "d'", 2: "du ", 3: "de la ", 4: "des ", 5: "de l'", 6: "des ", 7: "de las ", 8: "de los "}


def strip_article(nom, tl):
    for art in ("Le ", "La ", "Les ", "L'", "Aux ", "Las ", "Los "):
        if tl in (2, 3, 4, 5, 6, 7, 8) and nom.startswith(art):
            return nom[len(art):]
    return nom


def de(nom, tl):
    """« de Rennes », « du Nord », « de l'Ain » (INSEE type de liaison)."""
    return CHARNIERE.get(tl, "de ") + strip_article(nom, tl)


class Geo:
    def __init__(self, d):
        def load(name):
            with open(os.path.join(d, name), encoding="utf-8") as f:
                return json.load(f)

        self.communes_all = load("communes.json")
        self.communes = {}
        self.arrondissements = collections.defaultdict(list)
        for c in self.communes_all:
            if c["type"] == "commune-actuelle":
                self.communes[c["code"]] = c
            elif c["type"] == "arrondissement-municipal":
                self.arrondissements[c["commune"]].append(c["code"])
        self.any_code = {c["code"] for c in self.communes_all}
        # An old code (commune merged into a commune nouvelle) or a commune déléguée/associée: its current
        # commune. The aid then covers the whole current commune (docs/aides-locales.md).
        self.current = {}
        for c in self.communes_all:
            if c["type"] == "commune-actuelle":
                for old in c.get("anciensCodes", []):
                    self.current.setdefault(old, c["code"])
        for c in self.communes_all:
            if c["type"] in ("commune-deleguee", "commune-associee") and c.get("chefLieu") in self.communes:
                self.current.setdefault(c["code"], c["chefLieu"])
        self.replaced = {}
        self.departements = {d["code"]: d for d in load("departements.json")}
        self.regions = {r["code"]: r for r in load("regions.json")}
        self.epcis = {e["code"]: e for e in load("epci.json")}

    def expand(self, codes):
        out = set()
        for c in codes:
            out.add(c)
            if c in PLM:
                out.update(self.arrondissements[c])
        return sorted(out)

    def epci_members(self, siren):
        return self.expand(m["code"] for m in self.epcis[siren]["membres"])

    def commune_name(self, code):
        c = self.communes.get(code)
        return c["nom"] if c else code

    def dep_text(self, code):
        d = self.departements[code]
        return f"{d['nom']} ({code})"


# --------------------------------------------------------------------------------------- rule writing

def q(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def msg(s):
    """A require message: braces are expressions in our language; the generator's own use them on purpose."""
    return q(s)


def text_list(values):
    return "[" + ", ".join(q(v) for v in values) + "]"


def join_fr(items, last=" ou "):
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + last + items[-1]


def slug(s):
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()
    s = re.sub(r"[^a-z0-9]+", "_", s.lower()).strip("_")
    return s


def fmt_number(v):
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    if isinstance(v, int):
        s = f"{v:,}".replace(",", "\u202f")
        return s
    return str(v).replace(".", ",")


def years_word(v):
    return f"{fmt_number(v)} an" + ("s" if v >= 2 else "")


AGE_TEXT = {  # condition text; the reason adds « ; vous avez N ans »
    ">=": "à partir de {v}",
    ">": "plus de {v}",
    "<": "moins de {v}",
    "<=": "jusqu'à {v}",
    "=": "à {v} exactement",
}
OPS = {">=", ">", "<", "<=", "="}


def cmp(op):
    return "==" if op == "=" else op


def age_cond(aid, c, where=""):
    op, v = c.get("operator"), c.get("value")
    if op not in OPS or not isinstance(v, (int, float)):
        fail(aid, f"age condition not understood: {c}")
    text = AGE_TEXT[op].format(v=years_word(v))
    return {
        "kind": "age",
        "expr": f"age {cmp(op)} {fmt_number(v).replace(chr(0x202f), '')}",
        "text": text,
        "reason": text[0].upper() + text[1:] + where + " ; vous avez {age} ans",
        "op": op, "value": v,
    }


ANNEE_ETUDE = {
    "cap_1", "cap_2", "seconde", "premiere", "terminale", "bts_1", "bts_2", "but_1", "but_2", "but_3",
    "cpge_1", "cpge_2", "licence_1", "licence_2", "licence_3", "master_1", "master_2", "doctorat", "autre",
}
ANNEE_TEXT = {
    "cap_1": "1re année de CAP", "cap_2": "2e année de CAP", "seconde": "seconde", "premiere": "première",
    "terminale": "terminale", "bts_1": "1re année de BTS", "bts_2": "2e année de BTS", "but_1": "1re année de BUT",
    "but_2": "2e année de BUT", "but_3": "3e année de BUT", "cpge_1": "1re année de classe préparatoire",
    "cpge_2": "2e année de classe préparatoire", "licence_1": "1re année de licence",
    "licence_2": "2e année de licence", "licence_3": "3e année de licence", "master_1": "1re année de master",
    "master_2": "2e année de master", "doctorat": "doctorat", "autre": "autre formation",
}
MENTIONS = {"mention_tres_bien": "très bien", "mention_tres_bien_felicitations_jury": "très bien avec félicitations",
            "mention_bien": "bien", "mention_assez_bien": "assez bien"}

# Profiles: (expression, text in the plural, person fields that make it true)
PROFILES = {
    "enseignement_superieur": ("activite == etudiant and scolarite == enseignement_superieur",
                               "étudiants de l'enseignement supérieur",
                               {"activite": "etudiant", "scolarite": "enseignement_superieur"}),
    "etudiant": ("activite == etudiant", "élèves et étudiants", {"activite": "etudiant"}),
    "lyceen": ("activite == etudiant and scolarite == lycee", "lycéens",
               {"activite": "etudiant", "scolarite": "lycee"}),
    "collegien": ("activite == etudiant and scolarite == college", "collégiens",
                  {"activite": "etudiant", "scolarite": "college"}),
    # Ages first, so that a child is never asked: no contract of apprentissage or professionnalisation
    # before 14 (apprentissage from 15, or from the year one turns 15 after the collège, art. L6222-1
    # C. trav.; some aids say 14), no service civique before 16 (art. L120-1 C. serv. nat.), no work as
    # an independent before 16 (end of compulsory schooling, L131-1 C. éduc.), no stage in a firm
    # before 14 (the 3e's stage d'observation, D331-1 C. éduc.).
    "apprenti": ("age >= 14 and activite in [actif, etudiant] and apprenti_en_contrat", "apprentis",
                 {"activite": "actif", "apprenti_en_contrat": True}),
    "professionnalisation": ("age >= 14 and activite in [actif, etudiant] and contrat_professionnalisation",
                             "personnes en contrat de professionnalisation",
                             {"activite": "actif", "contrat_professionnalisation": True}),
    "stagiaire": ("age >= 14 and activite != retraite and en_stage", "stagiaires", {"activite": "etudiant", "en_stage": True}),
    "service_civique": ("age >= 16 and activite != retraite and en_service_civique", "volontaires en service civique",
                        {"activite": "inactif", "en_service_civique": True}),
    "chomeur": ("activite == chomeur", "demandeurs d'emploi", {"activite": "chomeur"}),
    "salarie": ("activite == actif and not travailleur_independant", "salariés", {"activite": "actif"}),
    "independant": ("age >= 16 and activite == actif and travailleur_independant", "travailleurs indépendants",
                    {"activite": "actif", "travailleur_independant": True}),
    "inactif": ("activite == inactif", "personnes sans activité", {"activite": "inactif"}),
    "beneficiaire_rsa": ("famille.percoit_rsa", "allocataires du RSA", {"percoit_rsa": True}),
    "parent": ("has_role(famille, parents) and famille.nombre_enfants_famille >= 1", "parents",
               {"enfants": [6]}),
    "situation_handicap": ("handicap", "personnes en situation de handicap", {"handicap": True}),
}

# The order in which a formula tries a person's profiles: those that `activite` alone decides first, then
# those that need the schooling, then one more yes/no question, so that a question is asked only when the
# answers given so far leave the aid possible (the reason lists the profiles in the source's order).
PROFILE_COST = ["etudiant", "chomeur", "inactif", "enseignement_superieur", "lyceen", "collegien", "salarie",
                "independant", "apprenti", "professionnalisation", "stagiaire", "service_civique",
                "situation_handicap", "parent", "beneficiaire_rsa"]

INTERESTS = {
    "_interetBafa": ("projet_bafa", "qui souhaite passer le BAFA ou le BAFD"),
    "_interetPermisDeConduire": ("projet_permis_de_conduire", "qui souhaite passer le permis de conduire"),
    "_interetEtudesEtranger": ("projet_etudes_etranger", "qui souhaite partir étudier ou se former à l'étranger"),
    "_interetAidesSanitaireSocial": ("interet_aides_sanitaire_social",
                                     "qui s'intéresse aux aides des formations sanitaires et sociales"),
}

LEGENDS = {  # our words for the source's amount legends: (prefix « jusqu'à », suffix)
    None: (False, ""), "maximum": (True, ""), "Maximum": (True, ""),
    "du prix du séjour maximum": (True, " du prix du séjour"), "par jour et par enfant maximum": (True, " par jour et par enfant"),
    "par mois maximum": (True, " par mois"), "du prix du permis": (False, " du prix du permis"), "/ jour": (False, " par jour"),
    "par semaine de stage": (False, " par semaine de stage"), "au lieu de 30\u00a0€ / mois": (False, " par mois (tarif réduit, au lieu de 30 €)"),
    "par jour en moyenne": (False, " par jour en moyenne"), "versée en deux fois": (False, ", en deux versements"),
    "au lieu de 64 €": (False, " (tarif réduit, au lieu de 64 €)"), "à 10 € par demi-journée": (False, " (de 10 € par demi-journée)"),
    "forfaitaire": (False, " (forfait)"), "en moyenne": (False, " en moyenne"),
}
PERIODICITE = {"ponctuelle": "ponctuelle", "mensuelle": "mensuelle", "annuelle": "annuelle", "autre": "autre"}
PERIODICITE_TEXT = {"ponctuelle": "versée une fois", "mensuelle": "par mois", "annuelle": "par an", "autre": ""}
TERRITORY_LABEL = {"commune": "Commune", "epci": "Intercommunalité", "departement": "Département", "region": "Région",
                   "caf": "CAF", "msa": "MSA", "national": "France entière", "autre": "Autre organisme",
                   "europeen": "Union européenne", "codes_postaux": "Commune"}


class Generator:
    def __init__(self, facts, decoupage):
        with open(os.path.join(facts, "aids.json"), encoding="utf-8") as f:
            self.aids = json.load(f)["aids"]
        with open(os.path.join(facts, "institutions.json"), encoding="utf-8") as f:
            self.institutions = {i["id"]: i for i in json.load(f)["institutions"]}
        self.geo = Geo(decoupage)
        self.epcis_used = set()
        self.names = set()
        # Territory variables (menage, boolean), one per distinct geographic condition: the aid's first
        # requires read them, and its benefit names them in `territory:` so that the engine skips, for a
        # household living elsewhere, the aid's per-person computation and result line.
        self.territories = {}  # expr -> (name, label)

    def territory_var(self, g):
        expr = g["expr"]
        m = re.fullmatch(r"menage\.(reside_epci_\d+)", expr)
        if m:
            return m.group(1)
        if expr in self.territories:
            return self.territories[expr][0]
        kind = g["territory"][0]
        codes = g.get("postal") or g.get("regions") or (g["deps"] if g.get("communes") is None else g["communes"])
        codes = [c.lower() for c in codes]
        if kind == "epci":
            codes = re.findall(r"reside_epci_(\d+)", expr)
        if len(codes) <= 3:
            name = f"territoire_{kind}_" + "_".join(codes)
        else:
            name = f"territoire_{kind}_{codes[0]}_{codes[-1]}_{len(codes)}"
        if any(n == name for n, _ in self.territories.values()):
            name += f"_{len(self.territories)}"
        label = "Habite " + g["text"][len("habiter "):] if g["text"].startswith("habiter ") else g["text"]
        self.territories[expr] = (name, label)
        return name

    # ---- geography conditions --------------------------------------------------------------------
    def region_cond(self, aid, codes):
        for c in codes:
            if c not in self.geo.regions:
                fail(aid, f"unknown région {c}")
        names = [self.geo.regions[c]["nom"] for c in codes]
        deps = sorted(d for d, v in self.geo.departements.items() if v["region"] in codes)
        text = ("la région " if len(codes) == 1 else "les régions ") + join_fr(names)
        expr = (f"menage.region_residence == {q(codes[0])}" if len(codes) == 1
                else f"menage.region_residence in {text_list(codes)}")
        de_text = ("de la région " if len(codes) == 1 else "des régions ") + join_fr(names, " et ")
        return {"kind": "geo", "expr": expr, "text": "habiter " + text,
                "reason": "Réservée aux habitants " + de_text, "deps": deps, "communes": None,
                "territory": ("region", ", ".join(names)), "regions": list(codes)}

    def dep_cond(self, aid, codes):
        for c in codes:
            if c not in self.geo.departements:
                fail(aid, f"unknown département {c}")
        if len(codes) == 1:
            d = self.geo.departements[codes[0]]
            text = "le département " + d["nom"] + f" ({codes[0]})"
            expr = f"menage.departement_residence == {q(codes[0])}"
        else:
            text = "les départements " + join_fr(self.geo.dep_text(c) for c in codes)
            expr = f"menage.departement_residence in {text_list(codes)}"
        de_text = ("du département " + text[len("le département "):] if len(codes) == 1
                   else "des départements " + text[len("les départements "):])
        return {"kind": "geo", "expr": expr, "text": "habiter " + text, "reason": "Réservée aux habitants " + de_text,
                "deps": sorted(codes), "communes": None,
                "territory": ("departement", ", ".join(self.geo.dep_text(c) for c in codes))}

    def commune_cond(self, aid, codes, name=None):
        now = []
        for c in codes:
            if c not in self.geo.communes:
                if c not in self.geo.current:
                    fail(aid, f"unknown commune {c}")
                self.geo.replaced[(aid["id"], c)] = self.geo.current[c]
                c = self.geo.current[c]
            if c not in now:
                now.append(c)
        codes = now
        listed = self.geo.expand(codes)
        names = [self.geo.commune_name(c) for c in codes]
        if len(codes) == 1:
            c = self.geo.communes[codes[0]]
            text = de(c["nom"], c.get("typeLiaison", 0))
            expr = f"menage.depcom in {text_list(listed)}" if len(listed) > 1 else f"menage.depcom == {q(listed[0])}"
        elif len(codes) <= 8:
            text = "des communes " + join_fr(names)
            expr = f"menage.depcom in {text_list(listed)}"
        else:
            owner = institution_name(self.institutions[aid["institution"]])
            text = f"des {len(codes)} communes du territoire de l'organisme ({owner})"
            names = [f"{len(codes)} communes ({owner})"]
            expr = f"menage.depcom in {text_list(listed)}"
        return {"kind": "geo", "expr": expr, "text": "habiter " + ("à " + names[0] if len(codes) == 1 else ("l'une " + text if len(codes) <= 8 else "l'une " + text)),
                "reason": "Réservée aux habitants " + text, "communes": listed, "deps": None,
                "territory": ("commune", name or ", ".join(names))}

    def epci_cond(self, aid, sirens, exclude=False):
        for s in sirens:
            if s not in self.geo.epcis:
                fail(aid, f"unknown EPCI {s}")
            self.epcis_used.add(s)
        names = [self.geo.epcis[s]["nom"] for s in sirens]
        members = sorted({m for s in sirens for m in self.geo.epci_members(s)})
        exprs = [f"menage.reside_epci_{s}" for s in sirens]
        if exclude:
            expr = " and ".join(f"not {e}" for e in exprs)
            text = "ne pas habiter l'intercommunalité " + join_fr(names)
            return {"kind": "geo_exclude", "expr": expr, "text": text,
                    "reason": "Non ouverte aux habitants de l'intercommunalité " + join_fr(names), "excluded": members}
        expr = " or ".join(exprs)
        text = "habiter l'intercommunalité " + join_fr(names)
        return {"kind": "geo", "expr": expr, "text": text, "reason": "Réservée aux habitants de l'intercommunalité " + join_fr(names),
                "communes": members, "deps": None, "territory": ("epci", ", ".join(names))}

    def postal_cond(self, aid, codes):
        communes = sorted({c["code"] for c in self.geo.communes.values() if set(c.get("codesPostaux", [])) & set(codes)})
        if not communes:
            fail(aid, f"no commune has the postal codes {codes}")
        names = join_fr(self.geo.commune_name(c) for c in communes)
        listed = self.geo.expand(communes)
        expr = f"menage.depcom in {text_list(listed)} and menage.code_postal in {text_list(codes)}"
        text = ("du code postal " if len(codes) == 1 else "des codes postaux ") + join_fr(codes) + f" ({names})"
        return {"kind": "geo", "expr": expr, "text": "habiter " + text.replace("du code", "le code").replace("des codes", "les codes"),
                "reason": "Réservée aux habitants " + text, "communes": listed, "deps": None, "postal": codes,
                "territory": ("commune", f"{names} ({join_fr(codes)})")}

    def attached_cond(self, aid, inst):
        t = inst["type"]
        if t == "commune":
            return self.commune_cond(aid, [inst["code_insee"]])
        if t == "epci":
            return self.epci_cond(aid, [inst["code_siren"]])
        if t == "departement":
            return self.dep_cond(aid, [inst["code_insee"]])
        if t == "region":
            return self.region_cond(aid, [inst["code_insee"]])
        if t in ("caf", "msa"):
            c = self.dep_cond(aid, list(inst["departments"]))
            c["territory"] = (t, inst["name"] + " (" + ", ".join(inst["departments"]) + ")")
            return c
        fail(aid, f"attached_to_institution with an institution of type {t}")

    # ---- one aid ---------------------------------------------------------------------------------
    def conditions(self, aid):
        inst = self.institutions.get(aid["institution"])
        if inst is None:
            fail(aid, f"unknown institution {aid['institution']}")
        geo, ages, others, qf = [], [], [], []
        for c in aid.get("conditions_generales", []):
            t = c["type"]
            if t == "age":
                ages.append(age_cond(aid, c))
            elif t == "regions":
                geo.append(self.region_cond(aid, c["values"]))
            elif t == "departements":
                geo.append(self.dep_cond(aid, c["values"]))
            elif t == "communes":
                geo.append(self.commune_cond(aid, c["values"]))
            elif t == "epcis":
                geo.append(self.epci_cond(aid, c["values"]))
            elif t == "excluded_epcis":
                geo.append(self.epci_cond(aid, c["values"], exclude=True))
            elif t == "codes_postaux":
                geo.append(self.postal_cond(aid, c["values"]))
            elif t == "attached_to_institution":
                geo.append(self.attached_cond(aid, inst))
            elif t == "quotient_familial":
                op, v, period = c.get("operator"), c.get("value"), c.get("period")
                if op not in OPS or period not in ("month", "year") or not isinstance(v, (int, float)):
                    fail(aid, f"quotient_familial not understood: {c}")
                div = " / 12" if period == "month" else ""
                per = " par mois" if period == "month" else " par an"
                optext = {"<=": "d'au plus", "<": "de moins de", ">": "de plus de", ">=": "d'au moins", "=": "égal à"}[op]
                qexpr = f"foyer_fiscal.quotient_familial_fiscal{div}"
                text = f"quotient familial (revenu fiscal de référence ÷ nombre de parts{' ÷ 12' if period == 'month' else ''}) {optext} {fmt_number(v)} €{per}"
                qf.append({"kind": "qf", "expr": f"round({qexpr}, 0.01) {cmp(op)} {v}",
                           "text": text, "reason": text[0].upper() + text[1:] + f" ; le vôtre : {{round({qexpr}, 0.01)}}",
                           "op": op, "value": v, "period": period})
            elif t == "regime_securite_sociale":
                inc, exc = c.get("includes"), c.get("excludes")
                names = {"regime_general": "régime général", "regime_agricole": "régime agricole (MSA)"}
                vals = inc or exc or []
                if not vals or (inc and exc) or any(v not in names for v in vals):
                    fail(aid, f"regime_securite_sociale not understood: {c}")
                if inc:
                    others.append({"kind": "regime", "expr": f"regime_securite_sociale in [{', '.join(vals)}]",
                                   "text": "relever du " + join_fr(names[v] for v in vals),
                                   "reason": "Réservée aux assurés du " + join_fr(names[v] for v in vals), "include": vals})
                else:
                    others.append({"kind": "regime", "expr": f"not (regime_securite_sociale in [{', '.join(vals)}])",
                                   "text": "ne pas relever du " + join_fr(names[v] for v in vals),
                                   "reason": "Non ouverte aux assurés du " + join_fr(names[v] for v in vals), "exclude": vals})
            elif t == "statut_occupation_logement":
                vals = c.get("includes") or []
                if vals != ["sans_domicile"] or c.get("excludes"):
                    fail(aid, f"statut_occupation_logement not understood: {c}")
                others.append({"kind": "bool", "expr": "menage.statut_occupation_logement == sans_domicile",
                               "text": "être sans domicile stable", "reason": "Réservée aux personnes sans domicile stable",
                               "field": ("statut_occupation_logement", "sans_domicile", "locataire_vide")})
            elif t == "beneficiaire_rsa":
                others.append({"kind": "bool", "expr": "famille.percoit_rsa", "text": "percevoir le RSA",
                               "reason": "Réservée aux allocataires du RSA", "field": ("percoit_rsa", True, False)})
            elif t == "formation_sanitaire_social":
                others.append({"kind": "bool", "expr": "formation_sanitaire_social",
                               "text": "suivre une formation sanitaire ou sociale",
                               "reason": "Réservée aux personnes en formation sanitaire ou sociale",
                               "field": ("formation_sanitaire_social", True, False)})
            elif t == "difficultes_acces_ou_frais_logement":
                if c.get("value", True) is not True:
                    fail(aid, f"difficultes_acces_ou_frais_logement not understood: {c}")
                others.append({"kind": "bool", "expr": "menage.difficultes_acces_ou_frais_logement",
                               "text": "avoir des difficultés pour accéder à un logement ou en payer les frais",
                               "reason": "Réservée aux personnes qui ont des difficultés pour accéder à un logement ou en payer les frais",
                               "field": ("difficultes_acces_ou_frais_logement", True, False)})
            elif t == "agence_travail_temporaire":
                others.append({"kind": "bool", "expr": "interimaire_agence_travail_temporaire",
                               "text": "travailler en intérim (agence de travail temporaire)",
                               "reason": "Réservée aux intérimaires des agences de travail temporaire",
                               "field": ("interimaire_agence_travail_temporaire", True, False)})
            else:
                fail(aid, f"unknown condition type {t!r}")
        # Two geographic conditions of the same aid must both hold.
        if aid.get("interestFlag") and aid["interestFlag"] not in INTERESTS:
            fail(aid, f"unknown interestFlag {aid['interestFlag']!r}")
        profiles = [self.profile(aid, p) for p in aid.get("profils", [])]
        return inst, geo, ages, profiles, others, qf

    def profile(self, aid, p):
        t = p["type"]
        if t not in PROFILES:
            fail(aid, f"unknown profile {t!r}")
        expr, text, fields = PROFILES[t]
        conds = []
        for c in p.get("conditions", []):
            ct = c["type"]
            if ct == "age":
                a = age_cond(aid, c)
                conds.append(dict(a, text=a["text"]))
            elif ct == "annee_etude":
                vals = c["values"]
                if any(v not in ANNEE_ETUDE for v in vals):
                    fail(aid, f"unknown annee_etude in {vals}")
                vals = sorted(set(vals), key=vals.index)
                conds.append({"kind": "annee", "expr": f"annee_etude in [{', '.join(vals)}]",
                              "text": "en " + join_fr(ANNEE_TEXT[v] for v in vals), "values": vals})
            elif ct == "boursier":
                var = "boursier_lycee" if t in ("lyceen", "collegien") else "boursier"
                conds.append({"kind": "bool", "expr": var, "text": "boursiers", "field": (var, True, False)})
            elif ct == "mention_baccalaureat":
                vals = c["values"]
                if any(v not in MENTIONS for v in vals):
                    fail(aid, f"unknown mention in {vals}")
                conds.append({"kind": "mention", "expr": f"mention_baccalaureat in [{', '.join(vals)}]",
                              "text": "avec la mention " + join_fr(MENTIONS[v] for v in vals) + " au baccalauréat",
                              "values": vals})
            elif ct == "formation_sanitaire_social":
                conds.append({"kind": "bool", "expr": "formation_sanitaire_social", "text": "en formation sanitaire ou sociale",
                              "field": ("formation_sanitaire_social", True, False)})
            elif ct == "taux_incapacite":
                op, v = c.get("operator"), c.get("value")
                if op not in OPS:
                    fail(aid, f"taux_incapacite not understood: {c}")
                pct = fmt_number(round(v * 100))
                conds.append({"kind": "taux", "expr": f"taux_incapacite {cmp(op)} {v}",
                              "text": f"avec un taux d'incapacité {'d’au moins' if op == '>=' else op} {pct} %", "op": op, "value": v})
            elif ct == "enfants_eligibles":
                op, v, amin, amax = c.get("operator"), c.get("value"), c.get("age_min"), c.get("age_max")
                if op != ">=" or None in (amin, amax):
                    fail(aid, f"enfants_eligibles not understood: {c}")
                conds.append({"kind": "enfants", "expr": f"famille.nombre_enfants_{amin}_{amax}_ans >= {v}",
                              "text": f"d'au moins {v} enfant{'s' if v > 1 else ''} de {amin} à {amax} ans",
                              "amin": amin, "amax": amax, "value": v})
                self.child_ranges.add((amin, amax))
            else:
                fail(aid, f"unknown condition {ct!r} in profile {t}")
        full = expr if not conds else "(" + expr + " and " + " and ".join(c["expr"] for c in conds) + ")"
        if not conds:
            full = "(" + expr + ")" if " or " in expr else expr
        words = text + ("" if not conds else " (" + ", ".join(c["text"] for c in conds) + ")")
        return {"type": t, "expr": full, "base": expr, "text": words, "conds": conds, "fields": fields}

    def amount_text(self, aid):
        m, unit, legend = aid.get("montant"), aid.get("unit"), aid.get("legend")
        if legend not in LEGENDS:
            fail(aid, f"unknown legend {legend!r}")
        if aid["type"] not in ("float", "bool"):
            fail(aid, f"unknown type {aid['type']!r}")
        if m is None or aid["type"] == "bool":
            return ""
        upto, suffix = LEGENDS[legend]
        if unit not in ("€", "%", None):
            fail(aid, f"unknown unit {unit!r}")
        u = {"€": " €", "%": " %", None: ""}[unit]
        return ("jusqu'à " if upto else "") + fmt_number(m) + u + suffix

    def generate(self):
        self.child_ranges = set()
        per_file = collections.defaultdict(list)
        self.cases = []
        used = {}
        counts = collections.Counter()
        for aid in self.aids:
            if aid["id"] in LEFT_OUT:
                continue
            inst, geo, ages, profiles, others, qf = self.conditions(aid)
            name = "aide_locale_" + slug(aid["id"])
            if len(name) > 90:
                name = name[:90].rstrip("_")
            if name in used:
                fail(aid, f"rule name {name} also made by {used[name]}")
            used[name] = aid["id"]
            positive = [g for g in geo if g["kind"] == "geo"]
            if positive:
                ttype, tname = positive[0]["territory"]
                if inst["type"] in ("caf", "msa") and ttype == "departement":
                    ttype = inst["type"]
                    tname = inst["name"] + " (" + ", ".join(positive[0]["deps"]) + ")"
            else:
                ttype = inst["type"] if inst["type"] in ("national", "europeen", "autre") else "national"
                tname = "France entière"
            if ttype == "europeen":
                tname = "France entière (Union européenne)"
            if ttype == "autre":
                tname = "France entière"
            counts[ttype] += 1
            file_type = {"msa": "caf", "codes_postaux": "commune", "europeen": "national", "autre": "national"}.get(ttype, ttype)
            per_file[file_type].append(self.render(aid, name, inst, geo, ages, profiles, others, qf, ttype, tname))
            self.cases.extend(self.make_cases(aid, name, geo, ages, profiles, others, qf))
        return per_file, counts

    def render(self, aid, name, inst, geo, ages, profiles, others, qf, ttype, tname):
        interest = INTERESTS.get(aid.get("interestFlag"))
        lines = []
        w = lines.append
        # conditions in words
        words = []
        for g in geo:
            words.append(g["text"])
        for a in ages:
            words.append("avoir " + a["text"])
        if profiles:
            words.append("être parmi les " + join_fr([p["text"] for p in profiles]))
        if interest:
            words.append("être une personne " + interest[1])
        for o in others:
            words.append(o["text"])
        for c in qf:
            words.append("avoir un " + c["text"])
        cond_text = ("Conditions : " + " ; ".join(words) + ".") if words else "Aucune condition de lieu, d'âge ou de profil."
        amount = self.amount_text(aid)
        per = PERIODICITE_TEXT[aid["periodicite"]]
        label = (aid.get("prefix") or "").strip()
        full_label = aid["label"][0].upper() + aid["label"][1:]
        w(f"# {aid['id']}")
        w(f"variable {name} {{")
        w("  entity: individu")
        w("  period: month")
        w("  type: boolean")
        w(f"  label: {q(full_label + ' — ' + institution_name(inst) + ' : conditions remplies')}")
        w(f"  formula from {FORMULA_FROM} {{")
        territories = []
        for g in geo:
            if g["kind"] == "geo":
                territories.append(self.territory_var(g))
                w(f"    require menage.{territories[-1]}")
            else:
                w(f"    require {g['expr']}")
            w(f"      else {msg(g['reason'])}")
        for a in ages:
            w(f"    require {a['expr']} else {msg(a['reason'])}")
        if profiles:
            tried = sorted(profiles, key=lambda p: PROFILE_COST.index(p["type"]))
            pexpr = " or ".join(p["expr"] if len(profiles) == 1 or " and " not in p["expr"] or p["expr"].startswith("(")
                                else "(" + p["expr"] + ")" for p in tried)
            ptext = "Réservée aux " + join_fr([p["text"] for p in profiles])
            w(f"    require {pexpr}")
            w(f"      else {msg(ptext)}")
        if interest:
            w(f"    require {interest[0]} else {msg('Proposée à qui ' + interest[1].split(' ', 1)[1])}")
        for o in others:
            w(f"    require {o['expr']} else {msg(o['reason'])}")
        for c in qf:
            w(f"    require {c['expr']}")
            w(f"      else {msg(c['reason'])}")
        w("    true")
        w("  }")
        w("}")
        w(f"benefit {name} {{")
        w(f"  label: {q(full_label)}")
        w(f"  institution: {q(institution_name(inst))}")
        w(f"  description: {q(cond_text)}")
        w("  periodicity: month")
        w(f"  amount: {name}")
        w(f"  eligibility: {name}")
        for t in territories:
            w(f"  territory: {t}")
        w(f"  apply: {q(aid.get('teleservice') or aid['link'])}")
        w(f"  reference: {q('Page officielle de l’aide')} {q(aid['link'])}")
        w(f"  not_simulated: {q(OTHER_CONDITIONS)}")
        w(f"  meta: source_id {q(aid['id'])}")
        w(f"  meta: territoire {q(TERRITORY_LABEL[ttype] + ' : ' + tname if ttype not in ('national', 'europeen', 'autre', 'caf', 'msa') else tname)}")
        w(f"  meta: type_territoire {q(ttype)}")
        if amount:
            w(f"  meta: montant {q(amount)}")
        if isinstance(aid.get("montant"), (int, float)) and aid.get("unit") == "€" and aid["type"] == "float":
            w(f"  meta: montant_max {q(fmt_number(aid['montant']).replace(chr(0x202f), ''))}")
        w(f"  meta: periodicite {q(aid['periodicite'])}")
        if per:
            w(f"  meta: periodicite_texte {q(per)}")
        if aid.get("interestFlag"):
            w(f"  meta: centre_interet {q(INTERESTS[aid['interestFlag']][0])}")
        w("}")
        return "\n".join(lines)

    # ---- tests -----------------------------------------------------------------------------------
    def base_person(self, geo, ages, extra_ages=()):
        p = {"depcom": None, "age": 30}
        lo, hi = 0, 120
        for a in list(ages) + list(extra_ages):
            op, v = a["op"], int(a["value"])
            if op == ">=":
                lo = max(lo, v)
            elif op == ">":
                lo = max(lo, v + 1)
            elif op == "<":
                hi = min(hi, v - 1)
            elif op == "<=":
                hi = min(hi, v)
            else:
                lo, hi = max(lo, v), min(hi, v)
        if lo > hi:
            return None
        p["age"] = lo if lo > 0 else min(hi, max(lo, 20))
        return p

    def pick_commune(self, geo, avoid_geo=None):
        """A commune satisfying every geographic condition in `geo` (codes sorted: deterministic)."""
        cands = None
        for g in geo:
            if g["kind"] == "geo_exclude":
                continue
            if g.get("communes") is not None:
                s = set(g["communes"])
            else:
                deps = set(g["deps"])
                s = {c for c, v in self.geo.communes.items() if v["departement"] in deps}
            cands = s if cands is None else cands & s
        if cands is None:
            cands = {"35238"}
        for g in geo:
            if g["kind"] == "geo_exclude":
                cands -= set(g["excluded"])
        return sorted(cands)[0] if cands else None

    def geo_ok(self, code, g):
        v = self.geo.communes[code]
        if g["kind"] == "geo_exclude":
            return code not in g["excluded"]
        if g.get("communes") is not None:
            return code in g["communes"]
        return v["departement"] in g["deps"]

    def outside_commune(self, g, others):
        """A commune failing geographic condition g, meeting the others if one does (deterministic)."""
        if g["kind"] == "geo_exclude":
            return sorted(g["excluded"])[0]
        if g.get("communes") is not None:
            deps = {self.geo.communes[c]["departement"] for c in g["communes"] if c in self.geo.communes}
            near = [c for c in sorted(self.geo.communes) if self.geo.communes[c]["departement"] in deps]
        else:
            near = []
        far = ["35238", "13055", "59350", "2A004", "97411", "67482", "75056", "33063"]
        for c in near + far:
            if not self.geo_ok(c, g) and all(self.geo_ok(c, o) for o in others):
                return c
        for c in far:
            if not self.geo_ok(c, g):
                return c
        return None

    def make_cases(self, aid, name, geo, ages, profiles, others, qf):
        cases = []
        interest = INTERESTS.get(aid.get("interestFlag"))
        # choose a profile that can be met with the general ages
        chosen = None
        for p in profiles or [None]:
            extra = [c for c in (p["conds"] if p else []) if c["kind"] == "age"]
            person = self.base_person(geo, ages, extra)
            if person is not None:
                chosen = p
                break
        if person is None:
            fail(aid, "no age meets all its age conditions")
        commune = self.pick_commune(geo)
        if commune is None:
            fail(aid, "its geographic conditions have no commune in common")
        person["depcom"] = commune
        person["activite"] = "retraite" if profiles else "actif"
        if chosen:
            person.update(chosen["fields"])
            for c in chosen["conds"]:
                if c["kind"] == "annee":
                    person["annee_etude"] = c["values"][0]
                elif c["kind"] == "bool":
                    person[c["field"][0]] = c["field"][1]
                elif c["kind"] == "mention":
                    person["mention_baccalaureat"] = c["values"][0]
                elif c["kind"] == "taux":
                    person["taux_incapacite"] = c["value"] if c["op"] in (">=", "=", "<=") else c["value"] + 0.1
                elif c["kind"] == "enfants":
                    person["enfants"] = [c["amin"]] * int(c["value"])
        for pc in postal_of(geo):
            person["code_postal"] = pc
        if interest:
            person[interest[0]] = True
        for o in others:
            if o["kind"] == "regime":
                person["regime_securite_sociale"] = o["include"][0] if "include" in o else "regime_general"
            else:
                person[o["field"][0]] = o["field"][1]
        for c in qf:
            person["qf"] = (c["value"] if c["op"] in ("<=", ">=", "=") else c["value"] - 1 if c["op"] == "<" else c["value"] + 1, c["period"])
        base = dict(person)
        cases.append(("meets every condition", base, True, None))

        def variant(desc, changes, reason):
            p = dict(base)
            p.update(changes)
            cases.append((desc, p, False, reason))

        for g in geo:
            rest = [x for x in geo if x is not g]
            out = self.outside_commune(g, rest)
            if out is None:
                fail(aid, "no commune outside its territory")
            first = next(x for x in geo if not self.geo_ok(out, x))
            variant(f"lives outside ({out})", {"depcom": out}, first["reason"])
            if g.get("postal"):
                variant("other postal code of the commune", {"code_postal": "00000"}, g["reason"])
        for a in ages:
            lo_hi = self.base_person(geo, [x for x in ages if x is not a])
            v = int(a["value"])
            bad = {">=": v - 1, ">": v, "<": v, "<=": v + 1, "=": v + 1}[a["op"]]
            if bad < 0:
                continue
            variant(f"age {bad}", {"age": bad}, a["reason"].replace("{age}", str(bad)))
        if profiles:
            off = {k: False for k in ("apprenti_en_contrat", "contrat_professionnalisation", "en_stage",
                                      "en_service_civique", "percoit_rsa", "handicap", "travailleur_independant")}
            off.update({"activite": "retraite", "enfants": []})
            variant("no listed profile", off, "Réservée aux " + join_fr([p["text"] for p in profiles]))
            if chosen and len(profiles) == 1:
                for c in chosen["conds"]:
                    ch = None
                    if c["kind"] == "annee":
                        other = sorted(ANNEE_ETUDE - set(c["values"]))[0]
                        ch = {"annee_etude": other}
                    elif c["kind"] == "bool":
                        ch = {c["field"][0]: c["field"][2]}
                    elif c["kind"] == "mention":
                        ch = {"mention_baccalaureat": "mention_bien"}
                    elif c["kind"] == "taux":
                        ch = {"taux_incapacite": 0.3}
                    elif c["kind"] == "enfants":
                        ch = {"enfants": [c["amin"] - 1]}
                    elif c["kind"] == "age":
                        v = int(c["value"])
                        bad = {">=": v - 1, ">": v, "<": v, "<=": v + 1, "=": v + 1}[c["op"]]
                        if not all(self.age_ok(x, bad) for x in ages):
                            continue
                        ch = {"age": bad}
                    if ch:
                        variant(f"profile condition {c['kind']} not met", ch,
                                "Réservée aux " + join_fr([p["text"] for p in profiles]))
        if interest:
            variant("not interested", {interest[0]: False}, "Proposée à qui " + interest[1].split(" ", 1)[1])
        for o in others:
            if o["kind"] == "regime":
                bad = "regime_agricole" if "include" in o else o["exclude"][0]
                variant(f"regime {bad}", {"regime_securite_sociale": bad}, o["reason"])
            else:
                variant(f"{o['field'][0]} not met", {o["field"][0]: o["field"][2]}, o["reason"])
        for c in qf:
            v = c["value"]
            bad = {"<=": v + 1, "<": v, ">": v, ">=": v - 1, "=": v + 1}[c["op"]]
            # the engine writes the amount (« 1 001,00 € »): the run checks the words and the number
            variant(f"quotient familial {bad}", {"qf": (bad, c["period"])},
                    c["reason"].split("{", 1)[0] + f"#{bad}")
        return [(aid["id"], name, d, p, e, r) for d, p, e, r in cases]

    @staticmethod
    def age_ok(a, age):
        op, v = a["op"], a["value"]
        return {">=": age >= v, ">": age > v, "<": age < v, "<=": age <= v, "=": age == v}[op]


def institution_name(inst):
    n = inst["name"]
    if inst["type"] == "region" and not n.startswith("Région"):
        return "Région " + n
    return n


def postal_of(geo):
    out = []
    for g in geo:
        out.extend(g.get("postal", [])[:1])
    return out


# -------------------------------------------------------------------------------------- geography file

def geography_rules(gen):
    geo = gen.geo
    out = []
    w = out.append
    w("# rules/aides_locales/geographie.rules")
    w("#")
    w("# GENERATED FILE — DO NOT EDIT BY HAND. Generated by tools/import_aides_locales.py from")
    w("# @etalab/decoupage-administratif (data/departements.json, regions.json, epci.json).")
    w("#")
    w("# Le département et la région de la commune de résidence (depcom) : les deux premiers caractères du code")
    w("# INSEE (2A et 2B pour la Corse), les trois premiers outre-mer (971 à 989) ; les arrondissements de Paris,")
    w("# Lyon et Marseille (751xx, 6938x, 132xx) sont dans le département de leur commune. Un code inconnu donne \"\".")
    w("")
    deps = sorted(geo.departements, key=lambda c: (-len(c), c))
    w("variable departement_residence {")
    w("  entity: menage")
    w("  period: month")
    w("  type: text")
    w('  label: "Département de la commune de résidence (code)"')
    w("  formula from 1900-01-01 {")
    w("    let c = depcom")
    for i, d in enumerate(deps):
        kw = "if" if i == 0 else "elif"
        w(f"    {kw} starts_with(c, {q(d)}) then {q(d)}")
    w('    else ""')
    w("  }")
    w("}")
    w("")
    w("variable region_residence {")
    w("  entity: menage")
    w("  period: month")
    w("  type: text")
    w('  label: "Région de la commune de résidence (code)"')
    w("  formula from 1900-01-01 {")
    w("    let d = departement_residence")
    by_region = collections.defaultdict(list)
    for d, v in geo.departements.items():
        if v.get("region"):
            by_region[v["region"]].append(d)
    for i, (r, ds) in enumerate(sorted(by_region.items())):
        kw = "if" if i == 0 else "elif"
        w(f"    {kw} d in {text_list(sorted(ds))} then {q(r)}  # {geo.regions[r]['nom']}")
    w('    else ""')
    w("  }")
    w("}")
    for s in sorted(gen.epcis_used):
        e = geo.epcis[s]
        members = geo.epci_members(s)
        w("")
        w(f"# {e['nom']} (SIREN {s}) : {len(e['membres'])} communes membres")
        w(f"variable reside_epci_{s} {{")
        w("  entity: menage")
        w("  period: month")
        w("  type: boolean")
        w(f"  label: {q('Habite une commune de ' + e['nom'])}")
        w("  formula from 1900-01-01 {")
        w("    depcom in [")
        for i in range(0, len(members), 10):
            w("      " + ", ".join(q(m) for m in members[i:i + 10]) + ("," if i + 10 < len(members) else ""))
        w("    ]")
        w("  }")
        w("}")
    for expr, (name, label) in sorted(gen.territories.items(), key=lambda item: item[1][0]):
        w("")
        w(f"variable {name} {{")
        w("  entity: menage")
        w("  period: month")
        w("  type: boolean")
        w(f"  label: {q(label)}")
        w("  formula from 1900-01-01 {")
        body = expr.replace("menage.", "")
        m = re.fullmatch(r'(\w+) in \[(.*)\]', body)
        if m and body.count(",") >= 10:
            items = m.group(2).split(", ")
            w(f"    {m.group(1)} in [")
            for i in range(0, len(items), 10):
                w("      " + ", ".join(items[i:i + 10]) + ("," if i + 10 < len(items) else ""))
            w("    ]")
        else:
            w(f"    {body}")
        w("  }")
        w("}")
    for amin, amax in sorted(gen.child_ranges):
        w("")
        w(f"variable nombre_enfants_{amin}_{amax}_ans {{")
        w("  entity: famille")
        w("  period: month")
        w("  type: integer")
        w(f"  label: \"Nombre d'enfants de {amin} à {amax} ans\"")
        w("  formula from 1900-01-01 {")
        w(f"    count(enfants: age >= {amin} and age <= {amax})")
        w("  }")
        w("}")
    return "\n".join(out) + "\n"


def aids_file(kind, blocks, counts):
    head = [
        f"# rules/aides_locales/{kind}.rules",
        "#",
        "# GENERATED FILE — DO NOT EDIT BY HAND. Generated by tools/import_aides_locales.py from the facts of",
        "# /work/shared/law/aides-locales (aids.json: betagouv/aides-jeunes 8843e65, 2026-08-19). To change it, change",
        "# the tool and run:  python3 tools/import_aides_locales.py",
        "#",
        "# Each aid: a boolean variable (its conditions, in the order territory, age, profile, interest, others,",
        "# quotient familial: the cheap and decisive ones first, so that a question is asked only when an aid still",
        "# possible depends on it) and a benefit whose amount and eligibility are that variable. The amount the aid",
        "# pays is not computed: `meta: montant` says it in words (« jusqu'à … »), `meta: source_id` is its id in",
        "# aids.json.",
        f"# {len(blocks)} aids.",
        "",
    ]
    return "\n".join(head) + "\n\n".join(blocks) + "\n"


# ------------------------------------------------------------------------------------------- tests

def birth_date(age):
    # age `age` on the first day of TEST_PERIOD
    return f"{TEST_YEAR - age}-03-15"


def situation(person):
    ind = {"date_naissance": birth_date(person["age"])}
    for k in ("activite", "scolarite", "annee_etude", "mention_baccalaureat", "regime_securite_sociale"):
        if k in person:
            ind[k] = {TEST_PERIOD: person[k]}
    for k in ("apprenti_en_contrat", "contrat_professionnalisation", "en_stage", "en_service_civique",
              "travailleur_independant", "handicap", "boursier", "boursier_lycee", "formation_sanitaire_social",
              "interimaire_agence_travail_temporaire", "projet_bafa", "projet_permis_de_conduire",
              "projet_etudes_etranger", "interet_aides_sanitaire_social", "taux_incapacite"):
        if k in person:
            ind[k] = {TEST_PERIOD: person[k]}
    individus = {"p": ind}
    kids = []
    for i, a in enumerate(person.get("enfants", [])):
        kids.append(f"e{i + 1}")
        individus[f"e{i + 1}"] = {"date_naissance": birth_date(a)}
    fam = {"parents": ["p"], "enfants": kids}
    if "percoit_rsa" in person:
        fam["percoit_rsa"] = {TEST_PERIOD: person["percoit_rsa"]}
    men = {"personne_de_reference": ["p"], "enfants": kids, "depcom": {TEST_PERIOD: person["depcom"]}}
    for k in ("code_postal", "statut_occupation_logement", "difficultes_acces_ou_frais_logement"):
        if k in person:
            men[k] = {TEST_PERIOD: person[k]}
    foy = {"declarants": ["p"], "personnes_a_charge": kids}
    if "qf" in person:
        v, period = person["qf"]
        rfr = v * 12 if period == "month" else v
        foy["rfr"] = {str(TEST_YEAR - 2): rfr}
        foy["nombre_parts_fiscales"] = {str(TEST_YEAR - 2): 1}
    return {"individus": individus, "familles": {"f": fam}, "foyers_fiscaux": {"ff": foy}, "menages": {"m": men}}


def yaml_scalar(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return str(v)
    return json.dumps(v, ensure_ascii=False)


def yaml_flow(v):
    if isinstance(v, dict):
        return "{" + ", ".join(f"{json.dumps(k, ensure_ascii=False)}: {yaml_flow(x)}" for k, x in v.items()) + "}"
    if isinstance(v, list):
        return "[" + ", ".join(yaml_flow(x) for x in v) + "]"
    return yaml_scalar(v)


def tests_yaml(cases, kind_of):
    files = collections.defaultdict(list)
    for aid_id, name, desc, person, expected, reason in cases:
        s = situation(person)
        lines = [f"- name: {json.dumps(aid_id + ' — ' + desc, ensure_ascii=False)}",
                 f"  period: {TEST_PERIOD}",
                 "  input:"]
        for ent in ("individus", "familles", "foyers_fiscaux", "menages"):
            lines.append(f"    {ent}:")
            for k, v in s[ent].items():
                lines.append(f"      {k}: {yaml_flow(v)}")
        lines.append("  output:")
        lines.append(f"    individus: {{p: {{{name}: {yaml_scalar(expected)}}}}}")
        files[kind_of[aid_id]].append("\n".join(lines))
    return files


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--facts", default=DEFAULT_FACTS)
    ap.add_argument("--decoupage", default=None)
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    dec = args.decoupage or next((d for d in DECOUPAGE_CANDIDATES if os.path.isdir(d)), None)
    if dec is None:
        sys.exit("import_aides_locales: @etalab/decoupage-administratif not found (npm ci, or --decoupage DIR)")
    gen = Generator(args.facts, dec)
    try:
        per_file, counts = gen.generate()
    except Stop as e:
        sys.exit(f"import_aides_locales: {e}")
    outputs = {}
    outputs[os.path.join(RULES_DIR, "geographie.rules")] = geography_rules(gen)
    for kind, blocks in sorted(per_file.items()):
        outputs[os.path.join(RULES_DIR, f"{kind}.rules")] = aids_file(kind, blocks, counts)
    kind_of = {}
    for kind, blocks in per_file.items():
        for b in blocks:
            kind_of[b.split("\n", 1)[0][2:]] = kind
    header = ("# GENERATED FILE — DO NOT EDIT BY HAND (tools/import_aides_locales.py).\n"
              "# For every local aid: a person meeting all its conditions gets it; for each condition, a person\n"
              "# failing only that one does not. The reasons are checked by tests/aides_locales/run.py.\n\n")
    for kind, blocks in sorted(tests_yaml(gen.cases, kind_of).items()):
        outputs[os.path.join(TESTS_YAML_DIR, f"{kind}.yaml")] = header + "\n\n".join(blocks) + "\n"
    cases_json = [{"aid": a, "benefit": n, "case": d, "situation": situation(p), "eligible": e, "reason": r}
                  for a, n, d, p, e, r in gen.cases]
    # One case a line, compact: readable diffs, and well under the 1 MiB a tracked file may weigh.
    lines = ",\n".join(json.dumps(c, ensure_ascii=False, separators=(",", ":")) for c in cases_json)
    outputs[TESTS_JSON] = '{"period": "%s", "cases": [\n%s\n]}\n' % (TEST_PERIOD, lines)
    changed = []
    for path, text in sorted(outputs.items()):
        full = os.path.join(ROOT, path)
        old = open(full, encoding="utf-8").read() if os.path.exists(full) else None
        if old != text:
            changed.append(path)
            if not args.check:
                os.makedirs(os.path.dirname(full), exist_ok=True)
                with open(full, "w", encoding="utf-8") as f:
                    f.write(text)
    total = sum(counts.values())
    print(f"{total} aids ({len(LEFT_OUT)} left out): " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) +
          f"; {len(gen.cases)} test cases; {len(gen.epcis_used)} EPCI")
    if args.check and changed:
        print("out of date: " + ", ".join(changed))
        sys.exit(1)


if __name__ == "__main__":
    main()
