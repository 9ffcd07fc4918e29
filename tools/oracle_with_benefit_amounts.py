#!/usr/bin/env python3
"""Copy the generated oracle cases with OpenFisca's own amounts of the benefits our rules do not compute yet
given as inputs, to check the RSA, prime d'activité, ASS and prime de Noël formulas on their own.

    python3 tools/oracle_with_benefit_amounts.py OUT_DIR [--oracle /work/shared/oracle/openfisca-generated]
    mesaides test --rules rules OUT_DIR

The oracle gives each benefit's amount for the case month only. For that month and the 14 months before (the
reference quarters of the RSA and of the prime d'activité, the 12 months of the ASS):
  * aide_logement, aspa (famille) and aah, asi (individus): the case month's amount, repeated;
  * cf, asf, paje_base (famille): the case month's amount divided by the BMAF of that month, times the BMAF of
    each month; paje_base only from the month after the birth of a child under 3.
A yearly case (prime de Noël) takes the amounts of the monthly case of the same household (same name without the
final letter). What is left to compare is then our formulas, not the benefits that other rules will compute; the
approximation (amounts of earlier months assumed stable) is documented in docs/minima_sociaux.md.
"""
import argparse
import glob
import os

import yaml

BMAF = [("2024-04", 466.44), ("2025-04", 474.37), ("2026-04", 478.16)]  # rules/parametres/communs.rules


def bmaf(month):
    value = None
    for start, amount in BMAF:
        if month >= start:
            value = amount
    return value


def months_back(month, count):
    year, m = map(int, month.split("-"))
    out = []
    for k in range(count):
        yy, mm = year, m - k
        while mm <= 0:
            mm, yy = mm + 12, yy - 1
        out.append("%04d-%02d" % (yy, mm))
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out_dir")
    parser.add_argument("--oracle", default="/work/shared/oracle/openfisca-generated")
    args = parser.parse_args()
    os.makedirs(args.out_dir, exist_ok=True)
    for path in sorted(glob.glob(os.path.join(args.oracle, "*.yaml"))):
        cases = yaml.safe_load(open(path))
        monthly = {c["name"].split(" ")[0]: c for c in cases if len(str(c["period"])) == 7}
        for case in cases:
            period = str(case["period"])
            source = case if len(period) == 7 else monthly.get(case["name"].split(" ")[0][:-1])
            if source is None:
                continue
            expected, source_month = source["output"], str(source["period"])
            if len(period) == 7:
                months = months_back(source_month, 15)
            else:
                months = sorted(set(["%s-%02d" % (period, m) for m in range(1, 13)] + months_back(period + "-01", 4)))
            families = case["input"]["familles"]
            family = families[next(iter(families))]
            births = [str(case["input"]["individus"][c]["date_naissance"])[:7] for c in family.get("enfants", [])]
            for name in ("aide_logement", "aspa"):
                if name in expected:
                    family[name] = {m: expected[name] for m in months}
            for name in ("cf", "asf", "paje_base"):
                if name in expected:
                    ratio = expected[name] / bmaf(source_month)
                    values = {}
                    for m in months:
                        amount = round(ratio * bmaf(m), 2)
                        if name == "paje_base":
                            three_years_before = "%04d%s" % (int(m[:4]) - 3, m[4:])
                            if not [b for b in births if three_years_before <= b < m]:
                                amount = 0.0
                        values[m] = amount
                    family[name] = values
            for person, amounts in expected.get("individus", {}).items():
                for name in ("aah", "asi"):
                    if name in amounts:
                        case["input"]["individus"][person][name] = {m: amounts[name] for m in months}
        with open(os.path.join(args.out_dir, os.path.basename(path)), "w") as out:
            yaml.safe_dump(cases, out, allow_unicode=True, sort_keys=False, width=1000)


if __name__ == "__main__":
    main()
