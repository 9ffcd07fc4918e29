#!/usr/bin/env python3
"""Convert OpenFisca-France parameter YAML files into our `parameter` declarations.

Developer tool, run by hand; its output (rules/parametres/*.rules) is committed.

    python3 tools/import_params.py [--params-root DIR] [--map tools/params.map] [--out-root .] [--check-only]

Driven by tools/params.map (see the format there). For every YAML parameter file it writes

    parameter PREFIX.rel.path {
      label: "…"                 # YAML `description`, else index.yaml description + a title built from the path
      unit: money                # from metadata.unit (see UNIT_MAP below), or an @unit override of params.map
      source: "openfisca-france 176.0.7 parameters/<path>.yaml"
      DATE: VALUE ref "title" "href"
      …
    }

* Every dated value is kept, from the earliest date; `value: null` gives `DATE: null`.
* Numbers are printed exactly as the YAML text gives them (the loader keeps the scalar text).
* Scales (`brackets:`): one line `DATE: [threshold: value, …]` per date on which any bracket's threshold or
  amount/rate changes, giving the complete set of brackets in force at that date.
* References: the reference of the same date; else the file-level (undated) reference; else the nearest earlier
  dated reference of the file, then the references of the enclosing index.yaml files, then the nearest later
  one — these borrowed ones are marked " (référence la plus proche)". A `null` line only takes a reference of
  its own date (or the file-level one). When a date has several references, the first one with a link goes in
  `ref`, the others in a comment at the end of the line.
* Output is deterministic (sorted by parameter name, no timestamps).
"""

import argparse
import datetime
import os
import re
import sys
from decimal import Decimal

import yaml

SNAPSHOT = "openfisca-france 176.0.7"
SNAPSHOT_COMMIT = "a7038ee4"
SNAPSHOT_COMMIT_FULL = "a7038ee49132b842612b2e3d1ca0ba202c6a796d"
DEFAULT_PARAMS_ROOT = "/work/shared/law/openfisca-parameters"
# Files that the shared pack lacks, copied verbatim from the same snapshot (see tools/law-extra/README.md); a map
# line names them with the prefix "extra:".
EXTRA_PREFIX = "extra:"
EXTRA_PARAMS_ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "law-extra", "openfisca-parameters")
BORROWED = " (référence la plus proche)"

# metadata.unit (lower-cased) -> our unit. Anything else -> number.
UNIT_MAP_DOC = """\
# Units (metadata.unit of the YAML -> ours):
#   currency, currency_next_year, EUR, €   -> money
#   /1                                      -> rate
#   year                                    -> years
#   month                                   -> months
#   any unit containing "BMAF"              -> bmaf          (multiple of the BMAF)
#   a SMIC unit saying "horaire"            -> smic_horaire  (multiple of the gross hourly SMIC)
#   a SMIC unit saying "mensuel"            -> smic_mensuel  (multiple of the gross monthly SMIC)
#   anything else, or no unit               -> number        (the OpenFisca unit is then given in a comment)
# Scales take the unit of their amounts (amount_unit) or rates (rate_unit).
# tools/params.map may override a unit with "@unit NAME UNIT" (reason given there)."""

DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
NUMBER_RE = re.compile(r"^-?\d+(\.\d+)?$")
NAME_RE = re.compile(r"^[a-z_][a-z0-9_]*$")


# --------------------------------------------------------------------------------------------------------------
# YAML loading that keeps the scalar text of numbers and dates
# --------------------------------------------------------------------------------------------------------------

class Num(str):
    """A YAML int/float kept as its source text."""


class TextDate(str):
    """A YAML timestamp kept as its source text (YYYY-MM-DD)."""


class KeepTextLoader(yaml.SafeLoader):
    pass


def _keep_number(loader, node):
    return Num(node.value)


def _keep_date(loader, node):
    return TextDate(node.value)


KeepTextLoader.add_constructor("tag:yaml.org,2002:int", _keep_number)
KeepTextLoader.add_constructor("tag:yaml.org,2002:float", _keep_number)
KeepTextLoader.add_constructor("tag:yaml.org,2002:timestamp", _keep_date)


def load_yaml(path):
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=KeepTextLoader)


# --------------------------------------------------------------------------------------------------------------
# Map file
# --------------------------------------------------------------------------------------------------------------

def read_map(map_path):
    """Return (entries, unit_overrides). entries: list of (of_path, prefix, out_file, line_no)."""
    entries, overrides = [], {}
    with open(map_path, encoding="utf-8") as f:
        for no, raw in enumerate(f, 1):
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            parts = line.split()
            if parts[0] == "@unit":
                if len(parts) != 3:
                    raise SystemExit(f"{map_path}:{no}: expected '@unit NAME UNIT'")
                overrides[parts[1]] = parts[2]
                continue
            if len(parts) != 3:
                raise SystemExit(f"{map_path}:{no}: expected 'OPENFISCA_PATH OUR_PREFIX OUT_FILE'")
            entries.append((parts[0], parts[1], parts[2], no))
    return entries, overrides


def sanitize_segment(seg):
    """Our names are [a-z_][a-z0-9_]*: lower-case, non-alphanumerics -> '_', a leading digit gets a '_'."""
    s = re.sub(r"[^a-z0-9_]", "_", seg.lower())
    if not s or s[0].isdigit():
        s = "_" + s
    return s


def expand_entry(params_root, of_path, prefix):
    """Yield (param_name, rel_yaml_path, original_name_if_renamed) for one map line."""
    for seg in prefix.split("."):
        if not NAME_RE.match(seg):
            raise SystemExit(f"invalid prefix segment {seg!r} in {prefix!r}")
    full = os.path.join(params_root, of_path)
    if of_path.endswith("/"):
        if not os.path.isdir(full):
            raise SystemExit(f"missing folder {full}")
        found = []
        for root, dirs, files in os.walk(full):
            dirs.sort()
            for fn in sorted(files):
                if not fn.endswith(".yaml") or fn == "index.yaml":
                    continue
                rel_in_folder = os.path.relpath(os.path.join(root, fn), full)[: -len(".yaml")]
                segs = rel_in_folder.split(os.sep)
                clean = [sanitize_segment(s) for s in segs]
                name = prefix + "." + ".".join(clean)
                renamed = ".".join(segs) if clean != segs else None
                rel_yaml = os.path.relpath(os.path.join(root, fn), params_root)
                found.append((name, rel_yaml, renamed))
        if not found:
            raise SystemExit(f"no YAML file under {full}")
        return found
    if not os.path.isfile(full):
        raise SystemExit(f"missing file {full}")
    return [(prefix, of_path, None)]


# --------------------------------------------------------------------------------------------------------------
# Helpers: text, units, references
# --------------------------------------------------------------------------------------------------------------

def q(s):
    """Our string literal: collapse whitespace, escape backslash and double quote."""
    s = " ".join(str(s).split())
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def comment_text(s):
    return " ".join(str(s).split())


def title_from_path(rel_yaml):
    base = os.path.basename(rel_yaml)[: -len(".yaml")]
    words = base.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def map_unit(of_unit):
    if of_unit is None:
        return "number"
    u = str(of_unit).strip()
    low = u.lower()
    if low in ("currency", "currency_next_year", "eur", "€"):
        return "money"
    if low == "/1":
        return "rate"
    if low == "year":
        return "years"
    if low == "month":
        return "months"
    if "bmaf" in low:
        return "bmaf"
    if "smic" in low and "horaire" in low:
        return "smic_horaire"
    if "smic" in low and "mensuel" in low:
        return "smic_mensuel"
    return "number"


def is_date_key(k):
    return isinstance(k, (TextDate, datetime.date)) or (isinstance(k, str) and bool(DATE_RE.match(k)))


def norm_ref_items(node):
    """A reference node (dict, list of dicts, string, list of strings) -> list of (title, href, note)."""
    if node is None:
        return []
    if isinstance(node, list):
        out = []
        for x in node:
            out.extend(norm_ref_items(x))
        return out
    if isinstance(node, dict):
        title = node.get("title")
        href = node.get("href")
        note = node.get("note")
        if title is None and href is None:
            return []
        return [(comment_text(title) if title is not None else comment_text(href),
                 str(href).strip() if href else None,
                 comment_text(note) if note else None)]
    return [(comment_text(node), None, None)]


def parse_references(ref):
    """metadata.reference -> (dated: {date_str: [items]}, file_level: [items])."""
    dated, file_level = {}, []
    if ref is None:
        return dated, file_level
    if isinstance(ref, dict) and ref and all(is_date_key(k) for k in ref):
        for k, v in ref.items():
            items = norm_ref_items(v)
            if items:
                dated[str(k)] = items
    else:
        file_level = norm_ref_items(ref)
    return dated, file_level


class IndexInfo:
    """Descriptions and references of the index.yaml files of the folders above a parameter file."""

    def __init__(self, params_root):
        self.root = params_root
        self.cache = {}

    def get(self, folder_rel):
        if folder_rel not in self.cache:
            path = os.path.join(self.root, folder_rel, "index.yaml")
            desc, dated, file_level = None, {}, []
            if os.path.isfile(path):
                d = load_yaml(path) or {}
                desc = d.get("description")
                dated, file_level = parse_references((d.get("metadata") or {}).get("reference"))
            self.cache[folder_rel] = (desc, dated, file_level)
        return self.cache[folder_rel]

    def ancestors(self, rel_yaml):
        folder = os.path.dirname(rel_yaml)
        while folder:
            yield folder, self.get(folder)
            folder = os.path.dirname(folder)


def choose_ref(date, is_null, dated, file_level, index_chain):
    """-> (items, borrowed) or (None, False)."""
    if date in dated:
        return dated[date], False
    if file_level:
        return file_level, False
    if is_null:
        return None, False
    earlier = [d for d in dated if d < date]
    if earlier:
        return dated[max(earlier)], True
    for _folder, (_desc, idated, ifile) in index_chain:
        iearlier = [d for d in idated if d <= date]
        if iearlier:
            return idated[max(iearlier)], True
        if ifile:
            return ifile, True
    later = [d for d in dated if d > date]
    if later:
        return dated[min(later)], True
    return None, False


def ref_clause(items, borrowed):
    """-> (' ref "title" "href"', trailing comment or '')."""
    primary = next((it for it in items if it[1]), items[0])
    others = [it for it in items if it is not primary]
    title = primary[0] + (BORROWED if borrowed else "")
    clause = " ref " + q(title) + (" " + q(primary[1]) if primary[1] else "")
    extra = []
    if primary[2]:
        extra.append("note : " + primary[2])
    for t, h, n in others:
        s = t + (f" <{h}>" if h else "")
        if n:
            s += f" (note : {n})"
        extra.append(s)
    return clause, ("  # + " + " ; ".join(extra)) if extra else ""


# --------------------------------------------------------------------------------------------------------------
# Values
# --------------------------------------------------------------------------------------------------------------

def value_text(v, where):
    if v is None:
        return "null"
    if isinstance(v, Num):
        t = str(v).strip()
        if NUMBER_RE.match(t):
            return t
        d = Decimal(t.replace("_", ""))  # e.g. 1e-3, .5, 1_000: normalise to a plain decimal
        return format(d, "f")
    raise SystemExit(f"{where}: unsupported value {v!r} (only numbers and null are handled)")


def dated_series(node, where):
    """{date: {value: X}} -> sorted list of (date_str, value_text)."""
    out = []
    for k, x in (node or {}).items():
        if not is_date_key(k):
            raise SystemExit(f"{where}: unexpected key {k!r}")
        v = x.get("value") if isinstance(x, dict) else x
        out.append((str(k), value_text(v, where)))
    out.sort()
    return out


def in_force(series, date):
    """Value text in force at date in a sorted (date, text) list, or None when none started yet."""
    cur = None
    for d, t in series:
        if d <= date:
            cur = t
        else:
            break
    return cur


def scale_lines(brackets, where):
    """brackets -> (list of (date, scale_text), amount_key)."""
    series = []
    amount_keys = set()
    for i, b in enumerate(brackets):
        th = dated_series(b.get("threshold"), f"{where} bracket {i} threshold")
        keys = [k for k in ("amount", "rate", "average_rate") if k in b]
        if len(keys) != 1:
            raise SystemExit(f"{where} bracket {i}: expected one of amount/rate/average_rate, got {list(b)}")
        amount_keys.add(keys[0])
        val = dated_series(b.get(keys[0]), f"{where} bracket {i} {keys[0]}")
        series.append((th, val))
    if len(amount_keys) != 1:
        raise SystemExit(f"{where}: mixed bracket kinds {amount_keys}")
    dates = sorted({d for th, val in series for d, _ in th + val})
    lines, started = [], False
    for date in dates:
        active = []
        for th, val in series:
            t, v = in_force(th, date), in_force(val, date)
            if t is not None and v is not None and t != "null" and v != "null":
                active.append((Decimal(t), t, v))
        if not active:
            if started:
                lines.append((date, "null"))
            continue
        started = True
        active.sort(key=lambda a: a[0])
        lines.append((date, "[" + ", ".join(f"{t}: {v}" for _, t, v in active) + "]"))
    return lines, amount_keys.pop()


# --------------------------------------------------------------------------------------------------------------
# One parameter
# --------------------------------------------------------------------------------------------------------------

def render_parameter(params_root, index_info, name, rel_yaml, renamed, overrides):
    path = os.path.join(params_root, rel_yaml)
    d = load_yaml(path)
    if not isinstance(d, dict):
        raise SystemExit(f"{path}: not a mapping")
    meta = d.get("metadata") or {}
    chain = list(index_info.ancestors(rel_yaml))

    desc = d.get("description")
    if desc:
        label = comment_text(desc)
    else:
        parent_desc = next((c[1][0] for c in chain if c[1][0]), None)
        label = (comment_text(parent_desc) + " : " if parent_desc else "") + title_from_path(rel_yaml)

    is_scale = "brackets" in d
    if is_scale:
        of_unit = meta.get("amount_unit") or meta.get("rate_unit") or meta.get("unit")
    else:
        of_unit = meta.get("unit")
    unit = overrides.get(name, map_unit(of_unit))

    dated, file_level = parse_references(meta.get("reference"))
    if not dated and not file_level:
        # the file has no reference: those of the enclosing folders will be borrowed below
        pass

    if is_scale:
        lines, kind = scale_lines(d["brackets"], path)
    else:
        if "values" not in d:
            raise SystemExit(f"{path}: neither values nor brackets")
        lines, kind = dated_series(d["values"], path), None

    out = [f"parameter {name} {{"]
    out.append(f"  label: {q(label)}")
    unit_comment = ""
    if of_unit is not None and unit == "number" and name not in overrides:
        unit_comment = f"  # unité OpenFisca : {comment_text(of_unit)}"
    elif name in overrides:
        unit_comment = f"  # unité OpenFisca : {comment_text(of_unit)} (remplacée, voir tools/params.map)"
    out.append(f"  unit: {unit}{unit_comment}")
    out.append(f"  source: {q(SNAPSHOT + ' parameters/' + rel_yaml.replace(os.sep, '/'))}")
    if renamed:
        out.append(f"  # nom OpenFisca : {renamed}")
    if is_scale:
        typ = meta.get("type")
        how = {"amount": "montant par tranche : scale(p, x)",
               "rate": "taux marginaux : marginal(p, x)",
               "average_rate": "taux moyens par tranche : scale(p, x)"}[kind]
        th_unit = meta.get("threshold_unit")
        out.append(f"  # barème ({how}) ; seuils en {comment_text(th_unit) if th_unit else '?'}"
                   + (f" ; type OpenFisca : {typ}" if typ else ""))
    lvv = meta.get("last_value_still_valid_on")
    if lvv:
        out.append(f"  # dernière vérification de la valeur par OpenFisca (last_value_still_valid_on) : {lvv}")
    for date, text in lines:
        items, borrowed = choose_ref(date, text == "null", dated, file_level, chain)
        if items:
            clause, tail = ref_clause(items, borrowed)
        else:
            clause, tail = "", ("" if text == "null" else "  # aucune référence dans la source")
        out.append(f"  {date}: {text}{clause}{tail}")
    out.append("}")
    return "\n".join(out), len(lines)


# --------------------------------------------------------------------------------------------------------------
# Files
# --------------------------------------------------------------------------------------------------------------

def header(out_file, sources):
    src = "\n".join(f"#   {s}" for s in sources)
    extra = ""
    if any(s.startswith(EXTRA_PREFIX) for s in sources):
        extra = ("\n# and, for the sources marked \"extra:\", in tools/law-extra/openfisca-parameters/ (verbatim copies from\n"
                 "# the same snapshot of files the shared pack lacks; see tools/law-extra/README.md)")
    return f"""\
# {out_file}
#
# GENERATED FILE — DO NOT EDIT BY HAND.
# Generated by tools/import_params.py from the OpenFisca-France parameters of the snapshot
# {SNAPSHOT} (commit {SNAPSHOT_COMMIT}, {SNAPSHOT_COMMIT_FULL}),
# as copied in /work/shared/law/openfisca-parameters/{extra}. To change it, edit tools/params.map
# (or fix the tool) and run:  python3 tools/import_params.py   then   python3 tools/check_params.py
#
# Sources (OpenFisca path -> our prefix):
{src}
#
{UNIT_MAP_DOC}
#
# References: "ref" gives the text that set the value of that date. A title ending with
# "(référence la plus proche)" was borrowed (same file, earlier date, or the enclosing index.yaml)
# because OpenFisca gives no reference for that date.
"""


def build(params_root, map_path):
    entries, overrides = read_map(map_path)
    index_infos = {params_root: IndexInfo(params_root), EXTRA_PARAMS_ROOT: IndexInfo(EXTRA_PARAMS_ROOT)}
    files = {}  # out_file -> {"sources": [...], "params": {name: text}}
    seen = {}
    for of_path, prefix, out_file, no in entries:
        f = files.setdefault(out_file, {"sources": [], "params": {}})
        f["sources"].append(f"{of_path}  ->  {prefix}")
        root = params_root
        if of_path.startswith(EXTRA_PREFIX):
            root, of_path = EXTRA_PARAMS_ROOT, of_path[len(EXTRA_PREFIX):]
        for name, rel_yaml, renamed in expand_entry(root, of_path, prefix):
            if name in seen:
                raise SystemExit(f"{map_path}:{no}: parameter {name} already produced by line {seen[name]}")
            seen[name] = no
            text, n = render_parameter(root, index_infos[root], name, rel_yaml, renamed, overrides)
            f["params"][name] = text
    unknown = set(overrides) - set(seen)
    if unknown:
        raise SystemExit(f"@unit override for unknown parameter(s): {sorted(unknown)}")
    rendered = {}
    for out_file, f in files.items():
        body = "\n\n".join(f["params"][n] for n in sorted(f["params"]))
        rendered[out_file] = header(out_file, f["sources"]) + "\n" + body + "\n"
    return rendered, len(seen)


def main(argv=None):
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--params-root", default=os.environ.get("OPENFISCA_PARAMS", DEFAULT_PARAMS_ROOT))
    ap.add_argument("--map", default=os.path.join(here, "params.map"))
    ap.add_argument("--out-root", default=os.path.dirname(here))
    ap.add_argument("--check-only", action="store_true",
                    help="do not write; exit 1 if a generated file differs from what is on disk")
    args = ap.parse_args(argv)

    rendered, n = build(args.params_root, args.map)
    stale = []
    for out_file in sorted(rendered):
        dest = os.path.join(args.out_root, out_file)
        old = open(dest, encoding="utf-8").read() if os.path.exists(dest) else None
        if old == rendered[out_file]:
            continue
        if args.check_only:
            stale.append(out_file)
            continue
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        with open(dest, "w", encoding="utf-8") as fh:
            fh.write(rendered[out_file])
    if args.check_only:
        if stale:
            print("out of date: " + ", ".join(stale))
            return 1
        print(f"{n} parameters in {len(rendered)} files: up to date")
        return 0
    print(f"{n} parameters written to {len(rendered)} files: " + ", ".join(sorted(rendered)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
