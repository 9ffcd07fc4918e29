#!/usr/bin/env bash
# Golden diagnostic tests: each tests/golden/diagnostics/NAME.rules is a small broken rule file and
# NAME.expected the exact text the engine prints for it (LoadResult::rendered).
#
#   tests/golden/run.sh CHECKER            compare; prints each failing diff, then "N passed, M failed"
#   tests/golden/run.sh CHECKER --update   rewrite the .expected files from the current output
#                                          (review them as a diff before committing)
#
# CHECKER is the built tests/golden/check_rules.cpp. It is run from tests/golden with the relative
# path diagnostics/NAME.rules, so the paths in the messages do not depend on the checkout.
# Exit status: 0 if every test passed (or after --update), 1 if any failed, 2 on a usage error.
set -u

usage() { echo "usage: $0 CHECKER [--update]" >&2; exit 2; }

checker=""
update=0
for arg in "$@"; do
  case "$arg" in
    --update) update=1 ;;
    -*) usage ;;
    *) [[ -z "$checker" ]] || usage; checker="$arg" ;;
  esac
done
[[ -n "$checker" ]] || usage
if [[ "$checker" != /* ]]; then checker="$PWD/$checker"; fi
if [[ ! -x "$checker" ]]; then
  echo "$0: checker '$checker' is not an executable file" >&2
  exit 2
fi

cd "$(dirname "${BASH_SOURCE[0]}")" || exit 2
shopt -s nullglob
rules=(diagnostics/*.rules)
if (( ${#rules[@]} == 0 )); then
  echo "$0: no diagnostics/*.rules in $PWD" >&2
  exit 2
fi

passed=0
failed=0
updated=0
actual="$(mktemp)"
trap 'rm -f "$actual"' EXIT

for rule in "${rules[@]}"; do
  expected="${rule%.rules}.expected"
  "$checker" "$rule" >"$actual" 2>&1
  status=$?
  # 0: the file loaded (a diagnostic test must not); 1: diagnostics; anything else: a crash.
  if (( status > 1 )); then
    echo "FAIL $rule: the checker exited with status $status"
    sed 's/^/    /' "$actual"
    failed=$((failed + 1))
    continue
  fi
  if (( update )); then
    if [[ ! -f "$expected" ]] || ! cmp -s "$actual" "$expected"; then
      cp "$actual" "$expected"
      echo "updated $expected"
      updated=$((updated + 1))
    fi
    passed=$((passed + 1))
    continue
  fi
  if [[ ! -f "$expected" ]]; then
    echo "FAIL $rule: no $expected (run with --update to create it, then review it)"
    sed 's/^/    /' "$actual"
    failed=$((failed + 1))
  elif (( status == 0 )); then
    echo "FAIL $rule: the file loaded without error"
    failed=$((failed + 1))
  elif ! cmp -s "$expected" "$actual"; then
    echo "FAIL $rule"
    diff -u --label "$expected" --label "actual output" "$expected" "$actual"
    failed=$((failed + 1))
  else
    passed=$((passed + 1))
  fi
done

if (( update )); then
  echo "$updated file(s) updated; $failed failed"
fi
echo "$passed passed, $failed failed"
(( failed == 0 ))
