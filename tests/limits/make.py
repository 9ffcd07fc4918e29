#!/usr/bin/env python3
"""Writes a limit request (one JSON line) to stdout: make.py persons N [benefits] | history N | big MB."""
import json, sys

kind = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 0
if kind == "persons":  # n persons: n/4 households of two adults and two children
    ind, fam, foy, men = {}, {}, {}, {}
    for h in range(n // 4):
        a, b, c, d = (f"p{h}_{k}" for k in range(4))
        ind[a] = {"date_naissance": "1980-01-01", "salaire_net": {"2026-05": 1500 + h % 700}}
        ind[b] = {"date_naissance": "1982-01-01"}
        ind[c] = {"date_naissance": "2012-01-01"}
        ind[d] = {"date_naissance": "2016-01-01"}
        fam[f"f{h}"] = {"parents": [a, b], "enfants": [c, d]}
        foy[f"t{h}"] = {"declarants": [a, b], "personnes_a_charge": [c, d]}
        men[f"m{h}"] = {"personne_de_reference": [a], "conjoint": [b], "enfants": [c, d],
                        "depcom": {"2026-06": "69123"}, "statut_occupation_logement": {"2026-06": "locataire_vide"},
                        "loyer": {"2026-06": 600 + h % 500}}
    s = {"individus": ind, "familles": fam, "foyers_fiscaux": foy, "menages": men}
    request = {"situation": s, "period": "2026-06", "variables": ["af", "aide_logement"]}
    if len(sys.argv) > 3 and sys.argv[3] == "benefits":
        request = {"situation": s, "period": "2026-06", "benefits": True}
    print(json.dumps(request))
elif kind == "history":  # n months of salary, back from 2026-05
    months = {}
    y, m = 2026, 5
    for _ in range(n):
        months[f"{y}-{m:02d}"] = 1500
        m -= 1
        if m == 0:
            y, m = y - 1, 12
    s = {"individus": {"a": {"date_naissance": "1960-01-01", "salaire_net": months}}}
    print(json.dumps({"situation": s, "period": "2026-06", "benefits": True, "benefit_details": False}))
elif kind == "big":  # a request of about n MB: one person with a long text value
    s = {"individus": {"a": {"date_naissance": "1960-01-01"}}, "menages": {"m": {"personne_de_reference": ["a"], "depcom": {"2026-06": "x" * (n << 20)}}}}
    print(json.dumps({"situation": s, "period": "2026-06", "variables": ["af"]}))
