# shellcheck shell=bash
# Helpers shared by the ci/* scripts. Sourced (after the script has cd'ed to
# the repo root), never run on its own.

# shellcheck disable=SC2034  # used by the scripts that source this file
MESAIDES_ROOT="$(pwd -P)"
LOG_DIR="build/logs"
CI_NAME="${CI_NAME:-ci}"

die() {
  echo "$CI_NAME: error: $*" >&2
  exit 1
}

note() { echo "$CI_NAME: $*" >&2; }

# True when CI is set (and not "false"/"0") or MESAIDES_WERROR=1.
werror_wanted() {
  if [[ ${MESAIDES_WERROR:-0} == 1 ]]; then return 0; fi
  case "${CI:-}" in "" | false | 0) return 1 ;; *) return 0 ;; esac
}

# has_files DIR GLOB: DIR holds at least one file matching GLOB (not recursive).
has_files() {
  compgen -G "$1/$2" >/dev/null
}

# run_logged LOGNAME COMMAND...
#   Runs COMMAND with all output in build/logs/LOGNAME.log. Silent on success;
#   on failure prints the command, the tail of the log, and exits with its status.
#   MESAIDES_VERBOSE=1 also streams the output.
run_logged() {
  local name=$1
  shift
  mkdir -p "$LOG_DIR"
  local log="$LOG_DIR/$name.log" rc=0
  if [[ ${MESAIDES_VERBOSE:-0} == 1 ]]; then
    "$@" 2>&1 | tee "$log" || rc=$?
  else
    "$@" >"$log" 2>&1 || rc=$?
  fi
  if ((rc != 0)); then
    {
      echo "$CI_NAME: FAILED (exit $rc): $*"
      echo "---- last 100 lines of $log ----"
      tail -n 100 "$log"
      echo "---- end of $log ----"
    } >&2
    exit "$rc"
  fi
}

# Prints one line if LOGNAME's log has compiler warnings (they are not fatal
# unless MESAIDES_WERROR / CI is set).
report_warnings() {
  local log="$LOG_DIR/$1.log" n
  n=$(grep -c ': warning:' "$log" 2>/dev/null || true)
  if [[ -n $n && $n != 0 ]]; then
    note "$n compiler warning(s) in $log"
  fi
}

# Our C++ sources (the set clang-format checks and formats), one per line.
cpp_files() {
  local dirs=() d
  for d in core wasm tests; do
    if [[ -d $d ]]; then dirs+=("$d"); fi
  done
  if ((${#dirs[@]} == 0)); then return 0; fi
  find "${dirs[@]}" -type f \( -name '*.h' -o -name '*.cpp' \) -print | LC_ALL=C sort
}
