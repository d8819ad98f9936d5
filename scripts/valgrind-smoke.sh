#!/usr/bin/env bash
# Runs a smoke suite of the addon under valgrind's memcheck: scripts/valgrind-smoke.cjs
# (every export called as a program calls it) and a short fuzz run (test/hardening/
# fuzz-child.cjs, 30 calls of each function with bad and edge arguments). Fails if memcheck
# reports any error (--error-exitcode), and says which ones have a bsd_sockets.node frame.
#
#   bash scripts/valgrind-smoke.sh        (BSD_SOCKETS_BUILD chooses the addon; default build/)
#
# node runs with --jitless: V8's JIT writes and runs machine code, which memcheck can follow
# only slowly and with false reports; the interpreter runs the same addon calls. With it,
# node 20 itself gives memcheck nothing to report, so no suppression file is needed. A
# node that does can be given one with VALGRIND_SUPPRESSIONS=file.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v valgrind >/dev/null; then
  echo "valgrind-smoke: valgrind is not installed (apt-get install valgrind)" >&2
  exit 1
fi
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
options=(--tool=memcheck --error-exitcode=1 --track-origins=yes --num-callers=30)
# memcheck's own false reports, each explained in the file.
options+=("--suppressions=scripts/valgrind.supp")
if [ -n "${VALGRIND_SUPPRESSIONS:-}" ]; then options+=("--suppressions=$VALGRIND_SUPPRESSIONS"); fi

status=0
run() {
  local name=$1
  shift
  echo "valgrind-smoke: $name"
  if ! valgrind "${options[@]}" --log-file="$logs/$name.log" node --jitless "$@" >"$logs/$name.out" 2>"$logs/$name.err"; then
    status=1
    echo "valgrind-smoke: $name: memcheck reported errors (or the script failed):" >&2
    cat "$logs/$name.out" "$logs/$name.err" "$logs/$name.log" >&2
  fi
  # Any error report with a frame in the addon, whatever the exit status said.
  if grep -q "bsd_sockets.node" "$logs/$name.log"; then
    status=1
    echo "valgrind-smoke: $name: errors in bsd_sockets.node frames:" >&2
    grep -B3 -A25 "bsd_sockets.node" "$logs/$name.log" >&2
  fi
  tail -n 1 "$logs/$name.out" | cut -c 1-120
  grep "ERROR SUMMARY" "$logs/$name.log"
}

run smoke scripts/valgrind-smoke.cjs
run fuzz test/hardening/fuzz-child.cjs --seed="${FUZZ_SEED:-1}" --rounds=30 --min_rounds=30 --ms=600000
exit $status
