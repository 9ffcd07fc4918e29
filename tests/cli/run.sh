#!/usr/bin/env bash
# Tests of `mesaides test`, the runner of OpenFisca-format YAML tests, on the small files of
# tests/cli/cases with the tiny rules of tests/cli/rules: exit codes (0 all pass, 1 a failure,
# 2 malformed YAML), skip reasons, arithmetic expected values, the input forms, failure messages.
#
#   tests/cli/run.sh [MESAIDES]     MESAIDES: the CLI (default $MESAIDES or build/native/mesaides)
#
# Prints one line per assertion, then "N passed, M failed"; exits 1 if any failed.
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 1
bin=${1:-${MESAIDES:-build/native/mesaides}}
rules=tests/cli/rules
cases=tests/cli/cases
passed=0
failed=0
out=""

if [[ ! -x $bin ]]; then
  echo "no executable $bin (build it first, or pass its path)"
  echo "0 passed, 1 failed"
  exit 1
fi

ok() {
  passed=$((passed + 1))
  echo "ok   $1"
}
ko() {
  failed=$((failed + 1))
  echo "FAIL $1"
  head -n 20 <<<"$out" | sed 's/^/     | /'
}

# run NAME EXIT ARGS...: runs `mesaides test` (output kept in $out) and checks its exit code.
run() {
  local name=$1 want=$2 rc=0
  shift 2
  out=$("$bin" test --rules "$rules" "$@" 2>&1) || rc=$?
  if [[ $rc == "$want" ]]; then ok "$name: exit $want"; else ko "$name: exit $rc, expected $want"; fi
}
# has NAME TEXT: a line of $out contains TEXT.
has() {
  if grep -qF -- "$2" <<<"$out"; then ok "$1"; else ko "$1: no line contains '$2'"; fi
}
# hasnt NAME TEXT: no line of $out contains TEXT.
hasnt() {
  if grep -qF -- "$2" <<<"$out"; then ko "$1: a line contains '$2'"; else ok "$1"; fi
}
# matches NAME REGEX: a line of $out matches the extended regular expression.
matches() {
  if grep -qE -- "$2" <<<"$out"; then ok "$1"; else ko "$1: no line matches /$2/"; fi
}
# last NAME LINE: the last line of $out is exactly LINE.
last() {
  local got
  got=$(tail -n 1 <<<"$out")
  if [[ $got == "$2" ]]; then ok "$1"; else ko "$1: last line is '$got', expected '$2'"; fi
}

full=$cases/pass/full_situation.yaml
short=$cases/pass/singular_and_shorthand.yaml
skipped=$cases/pass/skipped.yaml

# --- Every check passes or is skipped: exit 0 -------------------------------------------------
run "passing cases" 0 "$cases/pass"
last "passing cases: counts" "28 passed, 0 failed, 5 skipped"
hasnt "passing cases: no PASS line without --verbose" "PASS "
has "skip reasons: table" "skipped checks by reason:"
has "skip reasons: output variable" "1 check: variable cf is not defined by our rules"
has "skip reasons: input variable" "1 loyer"
has "skip reasons: period" "1 check: periods before our rules' coverage of af, which starts 2020-01-01"
has "skip reasons: reform" "the case uses reforms (openfisca_france.reforms.une_reforme)"
has "skip reasons: unsupported construct" "1 check: an enum value is given by its index in OpenFisca's enum"

run "passing cases, verbose" 0 --verbose "$cases/pass"
has "expression 474.37 * 0.16 * 2" "PASS $full:2 Couple, two children (plural keys): af[f1]@2026-01 = 151.8"
has "expression (1 - 0.005) * 151.8 + 0.759" "af[f1]@2026-02 = 151.8"
has "list of values, in the input's order" "majeur[enfant1]@2026-01 = false"
has "values per entity" "date_naissance[enfant2]@2026-01 = 2013-05-01"
has "enum item" "statut_occupation_logement[m1]@2026-01 = proprietaire"
has "monthly amount over a year" "revenus_menage[declarant]@2026 = 12000"
has "yearly variable asked for a month" "prime_annuelle[foyer]@2026-03 = 1200"
has "singular entity keys" "PASS $short:2 Singular keys: af[famille]@2026-02 = 151.8"
has "unary minus" "revenus_menage[menage]@2026-02 = -12.5"
has "single-entity shorthand" "PASS $short:25 Single-entity shorthand: revenus_menage[menage]@2026-03 = 1000"
has "shorthand: date" "date_naissance[individu]@2026-03 = 2007-01-15"
has "shorthand: one value per person" "revenus_menage[menage_2]@2026-03 = 250"
has "skipped: output variable" "SKIP $skipped:2 Output variable not defined by our rules: cf@2026-01: variable cf is not defined by our rules"
has "skipped: input variable" "SKIP $skipped:10 Input variable not defined by our rules: majeur[individu]@2026-01: input variable loyer is not defined by our rules"
has "skipped: before coverage" "af[famille]@2015-01: period 2015-01 is before our rules' coverage of af, which starts 2020-01-01"
has "skipped: reform" "SKIP $skipped:32 A reform: majeur[individu]@2026-01: the case uses reforms"
has "per-file counts" "$skipped: 1 passed, 0 failed, 5 skipped"

run "name filter" 0 --name Single-entity "$cases/pass"
last "name filter: counts" "5 passed, 0 failed, 0 skipped"

# --- A failing check: exit 1 ------------------------------------------------------------------
run "failing case" 1 "$cases/fail.yaml"
has "failure: expected and actual" \
  "FAIL $cases/fail.yaml:2 Wrong amount: af[famille]@2026-01 expected 75.8992 (474.37 * 0.16), got 151.8 (margin 0.01)"
has "invalid situation: error with its path" \
  "FAIL $cases/fail.yaml:17 Unknown person in a role: invalid input at familles.famille.parents.1: unknown person 'parent9'"
has "error value: its message" \
  "FAIL $cases/fail.yaml:27 Error value: salaire_par_annee_d_age[individu]@2026-01 expected 10, got error: "
last "failing case: counts" "1 passed, 3 failed, 0 skipped"

# --- Malformed YAML: exit 2, the other files still run ----------------------------------------
run "malformed YAML" 2 "$cases/malformed.yaml"
matches "malformed YAML: file:line:col: error:" "^$cases/malformed.yaml:[0-9]+:[0-9]+: error: "
run "malformed YAML among good files" 2 "$cases/malformed.yaml" "$cases/pass"
last "malformed YAML among good files: counts" "28 passed, 0 failed, 5 skipped"
run "an entity key given twice" 2 "$cases/entity_key_twice.yaml"
has "an entity key given twice: located error" \
  "$cases/entity_key_twice.yaml:10:16: error: 'individus' is given more than once, not always as a mapping of individu ids"
run "missing file" 2 "$cases/no_such_file.yaml"
has "missing file: error" "$cases/no_such_file.yaml:1:1: error: cannot read this file"

# --- Known differences: one cause of the list each, its predicted gap checked ----------------------
known=tests/cli/known
run "known difference" 0 --name "Wrong amount" --known "$known/higher.tsv" "$cases/fail.yaml"
has "known difference: count per cause" "  1, 1 test_higher — Art. 1 of a test"
last "known difference: counts" "1 passed, 0 failed, 1 skipped"
run "known difference, gap against its cause" 1 --name "Wrong amount" --known "$known/lower.tsv" "$cases/fail.yaml"
has "gap against its cause: why" "listed as test_lower, but the cause predicts our amount below the reference"
run "known difference, former format" 2 --known "$known/old_format.tsv" "$cases/fail.yaml"
has "former format: refused with its line" "$known/old_format.tsv:1: expected 'variable<TAB>case name prefix<TAB>cause<TAB>note'"
run "known difference, unknown cause" 2 --known "$known/unknown.tsv" "$cases/fail.yaml"
has "unknown cause: refused" "$known/unknown.tsv:1: unknown cause 'no_such_cause'"
run "benefit not computed, passes once given" 0 --known "$known/benefit.tsv" --name "montant non" "$known/benefit.yaml"
has "benefit given: counted" "  1, 1 benefit_not_computed:salaire_net — not a reading of the law"
run "benefit not computed, refuted" 1 --known "$known/benefit_refuted.tsv" --name "autrement" "$known/benefit.yaml"
has "benefit given: refuted" "listed as benefit_not_computed:salaire_net, but it still differs with OpenFisca's salaire_net (1000) given"
# list parameters --stale: information, exit 0; the yearly parameters due and missing at a date.
rc=0
out=$("$bin" list parameters --stale --at 2026-12-04 2>&1) || rc=$?
if [[ $rc == 0 ]]; then ok "list parameters --stale: exit 0"; else ko "list parameters --stale: exit $rc"; fi
has "stale: header" "parameters revalued every year whose next value was due by 2026-12-04"
has "stale: the aides au logement of 1 October" \
  "aides_logement.allocations_logement.locatif.formule.l_plafonds_loyers.par_zone.zone_1.personnes_seules  last 2025-10-01, due 2026-10-01"
has "stale: values à vérifier" "values marked « à vérifier »:"
rc=0
out=$("$bin" list parameters --stale --at 2026-13-01 2>&1) || rc=$?
if [[ $rc == 2 ]]; then ok "stale: bad --at refused"; else ko "stale: bad --at exit $rc"; fi
# Every cause of the oracle's list is documented with its articles.
for cause in $(grep -v '^#' tests/oracle/causes.tsv | cut -f1); do
  if grep -qF -- "\`${cause%:}" docs/oracle-differences.md; then ok "cause $cause documented"
  else ko "cause $cause not in docs/oracle-differences.md"; fi
done

echo
echo "$passed passed, $failed failed"
((failed == 0))
