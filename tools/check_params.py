#!/usr/bin/env python3
"""Self-check of the generated parameter files against the OpenFisca YAML they come from.

    python3 tools/check_params.py [--params-root DIR] [--map tools/params.map] [--root .]

Independently of tools/import_params.py (it shares only the map file), it:
  * lists the YAML files each line of tools/params.map covers and the parameter name each must produce;
  * re-reads every YAML file with the standard YAML loader and computes the expected (date, value) series
    (for scales: the full bracket set in force at each date where a threshold or an amount/rate changes);
  * parses the generated rules/parametres/*.rules files (parameter blocks and their `DATE: VALUE` lines);
  * compares parameter by parameter: same set of parameters, same dates, same values (compared as exact
    decimals; the YAML number text must also be kept as is), and that each date which has its own reference in
    the YAML carries one of those titles.
Prints counts; exits 1 on any mismatch.
"""

import argparse
import datetime
import os
import re
import sys
from decimal import Decimal

import yaml

DEFAULT_PARAMS_ROOT = "/work/shared/law/openfisca-parameters"


# ---------------------------------------------------------------- expected side (YAML)

class RawLoader(yaml.SafeLoader):
    """Keeps numbers as their text, to check the text is reproduced unchanged."""


RawLoader.add_constructor("tag:yaml.org,2002:int", lambda l, n: ("num", n.value))
RawLoader.add_constructor("tag:yaml.org,2002:float", lambda l, n: ("num", n.value))


def dkey(k):
    if isinstance(k, datetime.date):
        return k.isoformat()
    return str(k)


def to_dec(v):
    if v is None:
        return None
    if isinstance(v, bool):
        raise ValueError(f"boolean value {v}")
    if isinstance(v, float):
        return Decimal(repr(v))
    return Decimal(str(v))


def series(node):
    out = {}
    for k, x in (node or {}).items():
        v = x.get("value") if isinstance(x, dict) else x
        out[dkey(k)] = v
    return dict(sorted(out.items()))


def at(ser, date):
    cur, found = None, False
    for d, v in ser.items():
        if d <= date:
            cur, found = v, True
    return cur, found


def expected_for_file(path):
    """-> {date: value} where value is Decimal, None (null) or a tuple of (threshold, value) Decimals."""
    d = yaml.safe_load(open(path, encoding="utf-8"))
    raw = yaml.load(open(path, encoding="utf-8"), Loader=RawLoader)
    if "brackets" in d:
        brs = []
        for b in d["brackets"]:
            k = next(k for k in ("amount", "rate", "average_rate") if k in b)
            brs.append((series(b["threshold"]), series(b[k])))
        dates = sorted({x for th, v in brs for x in list(th) + list(v)})
        out, started = {}, False
        for date in dates:
            active = []
            for th, v in brs:
                t, ft = at(th, date)
                a, fa = at(v, date)
                if ft and fa and t is not None and a is not None:
                    active.append((to_dec(t), to_dec(a)))
            if not active:
                if started:
                    out[date] = None
                continue
            started = True
            out[date] = tuple(sorted(active))
        texts = {}
    else:
        out = {date: to_dec(v) for date, v in series(d["values"]).items()}
        texts = {}
        for k, x in (raw.get("values") or {}).items():
            v = x.get("value") if isinstance(x, dict) else x
            if isinstance(v, tuple):
                texts[dkey(k)] = v[1]
    refs = {}
    ref = (d.get("metadata") or {}).get("reference")
    if isinstance(ref, dict) and ref and all(isinstance(k, datetime.date) for k in ref):
        for k, v in ref.items():
            items = v if isinstance(v, list) else [v]
            titles = []
            for it in items:
                if isinstance(it, dict) and (it.get("title") or it.get("href")):
                    titles.append(" ".join(str(it.get("title") or it.get("href")).split()))
                elif isinstance(it, str):
                    titles.append(" ".join(it.split()))
            if titles:
                refs[dkey(k)] = titles
    return out, texts, refs


EXTRA_PREFIX = "extra:"
EXTRA_ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "law-extra")


def check_extra_manifest():
    """The copies of tools/law-extra/ must be the source blobs listed in its MANIFEST.tsv (git blob SHA-1)."""
    import hashlib
    errors, listed = [], set()
    manifest = os.path.join(EXTRA_ROOT, "MANIFEST.tsv")
    if not os.path.exists(manifest):
        return errors
    for line in open(manifest, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        sha, rel = line.rstrip("\n").split("\t")
        listed.add(rel)
        data = open(os.path.join(EXTRA_ROOT, "openfisca-parameters", rel), "rb").read()
        got = hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()
        if got != sha:
            errors.append(f"tools/law-extra/openfisca-parameters/{rel}: blob {got}, MANIFEST says {sha}")
    for root, _dirs, files in os.walk(os.path.join(EXTRA_ROOT, "openfisca-parameters")):
        for fn in files:
            rel = os.path.relpath(os.path.join(root, fn), os.path.join(EXTRA_ROOT, "openfisca-parameters"))
            if rel not in listed:
                errors.append(f"tools/law-extra/openfisca-parameters/{rel}: not in MANIFEST.tsv")
    return errors


def expected_names(params_root, of_path, prefix):
    if of_path.startswith(EXTRA_PREFIX):
        params_root, of_path = os.path.join(EXTRA_ROOT, "openfisca-parameters"), of_path[len(EXTRA_PREFIX):]
    full = os.path.join(params_root, of_path)
    if not of_path.endswith("/"):
        return {prefix: full}
    out = {}
    for root, _dirs, files in os.walk(full):
        for fn in files:
            if fn.endswith(".yaml") and fn != "index.yaml":
                rel = os.path.relpath(os.path.join(root, fn), full)[:-5]
                segs = []
                for s in rel.split(os.sep):
                    s = re.sub(r"[^a-z0-9_]", "_", s.lower())
                    segs.append("_" + s if s[0].isdigit() else s)
                out[prefix + "." + ".".join(segs)] = os.path.join(root, fn)
    return out


# ---------------------------------------------------------------- actual side (.rules)

PARAM_RE = re.compile(r"^parameter\s+([a-z_][a-z0-9_.]*)\s*\{\s*$")
LINE_RE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2}):\s*(null|-?\d+(?:\.\d+)?|\[[^\]]*\])(.*)$")


def parse_rules(path):
    params, cur = {}, None
    for no, line in enumerate(open(path, encoding="utf-8"), 1):
        m = PARAM_RE.match(line)
        if m:
            cur = m.group(1)
            if cur in params:
                raise SystemExit(f"{path}:{no}: duplicate parameter {cur}")
            params[cur] = {}
            continue
        if line.startswith("}"):
            cur = None
            continue
        if cur is None:
            continue
        m = LINE_RE.match(line)
        if m:
            date, val, rest = m.groups()
            if val == "null":
                v = None
            elif val.startswith("["):
                pairs = [p.strip() for p in val[1:-1].split(",") if p.strip()]
                v = tuple((Decimal(p.split(":")[0]), Decimal(p.split(":")[1])) for p in pairs)
            else:
                v = Decimal(val)
            params[cur][date] = (v, val, rest)
    return params


def main(argv=None):
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("--params-root", default=os.environ.get("OPENFISCA_PARAMS", DEFAULT_PARAMS_ROOT))
    ap.add_argument("--map", default=os.path.join(here, "params.map"))
    ap.add_argument("--root", default=os.path.dirname(here))
    args = ap.parse_args(argv)

    expected = {}   # out_file -> {name: yaml path}
    for raw in open(args.map, encoding="utf-8"):
        line = raw.split("#", 1)[0].strip()
        if not line or line.startswith("@"):
            continue
        of_path, prefix, out_file = line.split()
        expected.setdefault(out_file, {}).update(expected_names(args.params_root, of_path, prefix))

    errors = check_extra_manifest()
    n_params = n_values = n_scale_values = n_null = n_refs_checked = 0
    for out_file, names in sorted(expected.items()):
        path = os.path.join(args.root, out_file)
        if not os.path.exists(path):
            errors.append(f"{out_file}: missing")
            continue
        actual = parse_rules(path)
        for extra in sorted(set(actual) - set(names)):
            errors.append(f"{out_file}: unexpected parameter {extra}")
        for name, ypath in sorted(names.items()):
            if name not in actual:
                errors.append(f"{out_file}: missing parameter {name} ({ypath})")
                continue
            n_params += 1
            exp, texts, refs = expected_for_file(ypath)
            got = actual[name]
            if list(exp) != list(got):
                errors.append(f"{name}: dates differ: expected {list(exp)}, got {list(got)}")
            for date, ev in exp.items():
                if date not in got:
                    continue
                gv, gtext, rest = got[date]
                if ev != gv:
                    errors.append(f"{name} {date}: expected {ev}, got {gtext}")
                    continue
                if ev is None:
                    n_null += 1
                elif isinstance(ev, tuple):
                    n_scale_values += 1
                else:
                    n_values += 1
                    if date in texts and texts[date].strip() != gtext:
                        errors.append(f"{name} {date}: YAML text {texts[date]!r} printed as {gtext!r}")
                if date in refs:
                    n_refs_checked += 1
                    if not any(t in rest for t in refs[date]):
                        errors.append(f"{name} {date}: none of the references {refs[date]} on the line")

    print(f"parameters: {n_params}; dated values: {n_values} numbers, {n_scale_values} scales, {n_null} null; "
          f"same-date references checked: {n_refs_checked}")
    if errors:
        for e in errors[:200]:
            print("MISMATCH " + e)
        print(f"{len(errors)} mismatch(es)")
        return 1
    print("all (parameter, date, value) triples match the YAML")
    return 0


if __name__ == "__main__":
    sys.exit(main())
