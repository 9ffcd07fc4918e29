#!/usr/bin/env python3
"""Writes the requests of tests/catalogue/situations.json (the expected answers are filled in, then
reviewed, by `node tests/catalogue/run.mjs --update`). Run it after adding a case here."""
import copy, json, os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
FAMILY = {
    "individus": {
        "parent1": {"date_naissance": "1985-04-02", "salaire_net": {"2026-05": 1800}},
        "parent2": {"date_naissance": "1987-01-20"},
        "enfant1": {"date_naissance": "2014-09-01"},
    },
    "familles": {"famille": {"parents": ["parent1", "parent2"], "enfants": ["enfant1"]}},
    "foyers_fiscaux": {"foyer": {"declarants": ["parent1", "parent2"], "personnes_a_charge": ["enfant1"]}},
    "menages": {"menage": {"personne_de_reference": ["parent1"], "conjoint": ["parent2"], "enfants": ["enfant1"],
                           "depcom": {"2026-06": "69123"}, "statut_occupation_logement": {"2026-06": "locataire_vide"},
                           "loyer": {"2026-06": 700}}},
}
GOOD = {"period": "2026-06", "variables": ["af"], "benefits": True}


def req(situation, **options):
    r = {"situation": situation, **GOOD}
    r.update(options)
    return r


def person(**values):
    s = copy.deepcopy(FAMILY)
    s["individus"]["parent1"].update(values)
    return req(s)


def group(kind, gid, value):
    s = copy.deepcopy(FAMILY)
    s[kind] = {gid: value}
    return req(s)


def menage(**values):
    s = copy.deepcopy(FAMILY)
    s["menages"]["menage"].update(values)
    return req(s)


def raw(text):
    return {"raw": text}


def deep(n):
    return "[" * n + "]" * n


cases = [
    # the request itself
    ("request: not JSON", raw('{"situation": {')),
    ("request: only a space", raw(" ")),
    ("request: trailing garbage", raw('{"situation": {}} x')),
    ("request: a list", raw("[1, 2]")),
    ("request: a number", raw("42")),
    ("request: null", raw("null")),
    ("request: no situation", {"period": "2026-06"}),
    ("request: unknown key", {"situation": FAMILY, "perod": "2026-06"}),
    ("request: period a number", req(FAMILY, period=202606)),
    ("request: period month 13", req(FAMILY, period="2026-13")),
    ("request: period in words", req(FAMILY, period="juin 2026")),
    ("request: no period with variables", {"situation": FAMILY, "variables": ["af"]}),
    ("request: variables a string", req(FAMILY, variables="af")),
    ("request: variables of numbers", req(FAMILY, variables=[1, 2])),
    ("request: unknown variable asked", req(FAMILY, variables=["aff"])),
    ("request: benefits a string", req(FAMILY, benefits="yes")),
    ("request: explain a number", req(FAMILY, explain=1)),
    ("request: unknown benefit name", req(FAMILY, benefit_names=["allocations_familiales_typo"])),
    ("request: benefit_names a string", req(FAMILY, benefit_names="af")),
    ("request: deep nesting (100000 arrays)", raw(deep(100000))),
    ("request: number beyond double", raw('{"situation": {"individus": {"a": {"salaire_net": {"2026-05": 1e400}}}}, "period": "2026-06"}')),
    ("request: lone surrogate escape", raw('{"situation": {"individus": {"a\\ud800": {}}}}')),
    # the situation's shape
    ("situation: a list", req([FAMILY])),
    ("situation: a string", req("FAMILY")),
    ("situation: null", req(None)),
    ("situation: no individus", req({"familles": {}})),
    ("situation: individus a list", req({**FAMILY, "individus": []})),
    ("situation: empty individus", req({"individus": {}})),
    ("situation: unknown entity key", req({**FAMILY, "famillles": {}})),
    ("situation: a person a number", req({**FAMILY, "individus": {**FAMILY["individus"], "parent2": 3}})),
    ("situation: familles a list", req({**FAMILY, "familles": [FAMILY["familles"]["famille"]]})),
    ("situation: a group a string", group("familles", "famille", "parent1")),
    ("situation: deep nesting of objects", raw('{"situation": ' + '{"a":' * 50000 + "1" + "}" * 50000 + ', "period": "2026-06"}')),
    ("situation: deep nesting in a value", raw('{"situation": {"individus": {"a": {"salaire_net": {"2026-05": ' + deep(50000) + '}}}}, "period": "2026-06"}')),
    # roles
    ("role: unknown person", group("familles", "famille", {"parents": ["nobody"], "enfants": []})),
    ("role: unknown role", group("familles", "famille", {"parent": ["parent1"]})),
    ("role: person twice in a role", group("familles", "famille", {"parents": ["parent1", "parent1"], "enfants": ["enfant1"]})),
    ("role: person in two roles", group("familles", "famille", {"parents": ["parent1", "parent2"], "enfants": ["enfant1", "parent1"]})),
    ("role: person in two familles", req({**FAMILY, "familles": {"f1": {"parents": ["parent1"]}, "f2": {"parents": ["parent1", "parent2"], "enfants": ["enfant1"]}}})),
    ("role: person in two menages", req({**FAMILY, "menages": {"m1": {"personne_de_reference": ["parent1"]}, "m2": {"personne_de_reference": ["parent2"], "enfants": ["enfant1", "parent1"]}}})),
    ("role: three parents", req({**FAMILY, "individus": {**FAMILY["individus"], "p3": {}}, "familles": {"famille": {"parents": ["parent1", "parent2", "p3"], "enfants": ["enfant1"]}}})),
    ("role: two personnes de reference", menage(personne_de_reference=["parent1", "parent2"], conjoint=[])),
    ("role: a role a number", group("familles", "famille", {"parents": 1})),
    ("role: a member id a number", group("familles", "famille", {"parents": [1]})),
    ("role: a member id null", group("familles", "famille", {"parents": [None]})),
    ("role: a member id an object", group("familles", "famille", {"parents": [{"id": "parent1"}]})),
    # variables and values
    ("value: unknown variable", person(salaire_nett={"2026-05": 1})),
    ("value: variable of another entity", person(loyer={"2026-06": 500})),
    ("value: person variable on a group", menage(salaire_net={"2026-05": 1})),
    ("value: money as text", person(salaire_net={"2026-05": "beaucoup"})),
    ("value: money as a boolean", person(salaire_net={"2026-05": True})),
    ("value: money as a list", person(salaire_net={"2026-05": [1800]})),
    ("value: money as an object", person(salaire_net={"2026-05": {"montant": 1800}})),
    ("value: huge number 1e308", person(salaire_net={"2026-05": 1e308})),
    ("value: huge negative number", person(salaire_net={"2026-05": -1e300})),
    ("value: negative salary", person(salaire_net={"2026-05": -500})),
    ("value: negative savings given for a year", person(livret_a={"2026": -0.01})),
    ("value: date as a number", person(date_naissance=1985)),
    ("value: impossible date 30 February", person(date_naissance="1985-02-30")),
    ("value: impossible date month 13", person(date_naissance="1985-13-01")),
    ("value: date in French order", person(date_naissance="02/04/1985")),
    ("value: date with a time", person(date_naissance="1985-04-02T10:00:00")),
    ("value: date year 0", person(date_naissance="0000-01-01")),
    ("value: boolean as text", person(handicap={"2026-06": "oui"})),
    ("value: unknown enum item", menage(statut_occupation_logement={"2026-06": "locataire_vid"})),
    ("value: enum item as a number", menage(statut_occupation_logement={"2026-06": 3})),
    ("value: text as a number", menage(depcom={"2026-06": 69123})),
    ("value: integer as a fraction", person(bourse_criteres_sociaux_distance_domicile_familial={"2026-06": 2.5})),
    ("value: integer as text", person(bourse_criteres_sociaux_distance_domicile_familial={"2026-06": "deux"})),
    ("value: unknown nationality", person(nationalite={"2026-06": "France"})),
    # periods
    ("period: month 13", person(salaire_net={"2026-13": 1800})),
    ("period: in words", person(salaire_net={"mai": 1800})),
    ("period: day", person(salaire_net={"2026-05-01": 1800})),
    ("period: year 10000", person(salaire_net={"10000-01": 1800})),
    ("period: empty", person(salaire_net={"": 1800})),
    ("period: a month for a yearly variable", person(frais_reels={"2025-01": 1800})),
    ("period: ETERNITY for a monthly variable", person(salaire_net={"ETERNITY": 1800})),
    ("period: values as a list", person(salaire_net=[1800, 1800])),
    ("period: month 00", person(salaire_net={"2026-00": 1800})),
    # several errors at once: all reported
    ("several: three errors", req({**FAMILY, "individus": {**FAMILY["individus"], "parent1": {"salaire_nett": {"2026-05": 1}, "date_naissance": "1985-02-30", "salaire_net": {"mai": 1}}}})),
]

out = []
old = {}
path = os.path.join(HERE, "situations.json")
if os.path.exists(path):
    for c in json.load(open(path)):
        old[c["name"]] = c.get("expected")
names = set()
for name, request in cases:
    assert name not in names, name
    names.add(name)
    c = {"name": name}
    if "raw" in request and len(request) == 1:
        c["text"] = request["raw"]
    else:
        c["request"] = request
    c["expected"] = old.get(name)
    out.append(c)
with open(path, "w") as f:
    f.write("[\n" + ",\n".join(json.dumps(c, ensure_ascii=False) for c in out) + "\n]\n")
print(f"{len(out)} cases in {path}")
