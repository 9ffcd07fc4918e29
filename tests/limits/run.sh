#!/usr/bin/env bash
# Limits (README, "Limits"): 10,000 persons, 1,000 months of history, a 50 MB request… each gives a
# result or its clear error, within the memory of a phone (peak RSS checked), never an abort.
#
#   tests/limits/run.sh MESAIDES        last line "N passed, M failed"
set -u
bin=$1
here=$(dirname "${BASH_SOURCE[0]}")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0

# limit NAME MAX_MB EXPECTED_PREFIX MAKE_ARGS...
limit() {
  local name=$1 max_mb=$2 expected=$3
  shift 3
  python3 "$here/make.py" "$@" >"$tmp/in.json"
  local rc=0
  /usr/bin/time -f "%M" -o "$tmp/rss" "$bin" batch "$tmp/in.json" >"$tmp/out.json" 2>"$tmp/err" || rc=$?
  local rss_mb=$(($(tail -n 1 "$tmp/rss") / 1024)) head
  head=$(head -c 200 "$tmp/out.json")
  if ((rc != 0)); then
    echo "FAIL $name: exit $rc: $(head -c 300 "$tmp/err")"
    failed=$((failed + 1))
  elif [[ $head != "$expected"* ]]; then
    echo "FAIL $name: expected $expected…, got $head"
    failed=$((failed + 1))
  elif ((rss_mb > max_mb)); then
    echo "FAIL $name: $rss_mb MB of memory (at most $max_mb)"
    failed=$((failed + 1))
  else
    echo "ok   $name ($rss_mb MB)"
    passed=$((passed + 1))
  fi
}

limit "10,000 persons, variables" 400 '{"familles":{"f0":{"af":{"2026-06":' persons 10000
limit "10,004 persons" 400 '{"error":{"kind":"request","message":"the situation has 10004 persons; the engine computes at most 10000 at once"},"ok":false}' persons 10004
limit "50 persons, every benefit" 300 '{"benefits":[' persons 48 benefits
limit "52 persons, every benefit" 300 '{"error":{"kind":"request","message":"the situation has 52 persons; the benefits are summarised for at most 50 at once' persons 52 benefits
limit "1,000 months of history, every benefit" 400 '{"benefits":[' history 1000
limit "a 50 MB request" 400 '{"error":{"kind":"request","message":"the request is 50 MB; the engine reads at most 16 MB"},"ok":false}' big 50
limit "a 15 MB request" 400 '{"familles":{"a":{"af":{"2026-06":0}' big 15
echo "$passed passed, $failed failed"
((failed == 0))
