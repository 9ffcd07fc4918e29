#!/usr/bin/env python3
"""Write rules/communs/pays.rules: the enumeration of nationalities, one item per ISO 3166-1 alpha-2 code.

Developer tool, run by hand; its output is committed (a new code or name: run it again and review the diff).

    python3 tools/import_pays.py [--iso-codes /usr/share/iso-codes/json/iso_3166-1.json]
                                 [--mo /usr/share/locale/fr/LC_MESSAGES/iso_3166-1.mo] [--out rules/communs/pays.rules]

The codes and their French names come from Debian's `iso-codes` package (the ISO 3166-1 list and its French
translation). An item is named by its code, as OpenFisca's `nationalite` gives it (« FR », « MA »), and labelled
by the short French name (the translation of `common_name` when there is one: « Corée du Sud »). France comes
first (the variable's default), then the codes in alphabetical order, then « UK », the code OpenFisca-France
gives the United Kingdom in its list of the EEE (ISO reserves it; the country's code is GB). Deterministic: no
date, no host name.
"""

import argparse
import gettext
import json


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--iso-codes', default='/usr/share/iso-codes/json/iso_3166-1.json')
    ap.add_argument('--mo', default='/usr/share/locale/fr/LC_MESSAGES/iso_3166-1.mo')
    ap.add_argument('--out', default='rules/communs/pays.rules')
    args = ap.parse_args()

    with open(args.iso_codes, encoding='utf-8') as f:
        countries = json.load(f)['3166-1']
    with open(args.mo, 'rb') as f:
        french = gettext.GNUTranslations(f)

    def label(country):
        name = country.get('common_name') or country['name']
        return french.gettext(name).replace('"', "'")

    items = sorted(countries, key=lambda c: (c['alpha_2'] != 'FR', c['alpha_2']))
    lines = [
        '# Nationalités : les codes de pays à deux lettres de la norme ISO 3166-1, comme OpenFisca les écrit dans',
        '# `nationalite`, avec leur nom français. Généré par tools/import_pays.py à partir du paquet Debian',
        "# iso-codes (liste ISO 3166-1 et sa traduction française) : ne pas modifier à la main.",
        '',
        'enum nationalite {',
        '  label: "Nationalité (pays)"',
    ]
    for country in items:
        lines.append(f'  {country["alpha_2"]}: "{label(country)}"')
    lines.append('  UK: "Royaume-Uni (code UK d\'OpenFisca ; code ISO : GB)"')
    lines.append('}')
    with open(args.out, 'w', encoding='utf-8') as f:
        f.write('\n'.join(lines) + '\n')
    print(f'{args.out}: {len(items)} codes and UK')


if __name__ == '__main__':
    main()
