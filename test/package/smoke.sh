#!/usr/bin/env bash
# The smoke test of every entry (bsd-sockets, /c, /libc, /promises), as an ES module and as
# CommonJS, under one runtime:
#   bash test/package/smoke.sh [--binding REGEX] -- COMMAND...
# COMMAND runs a script (`node`, `qemu-aarch64-static -L /usr/aarch64-linux-gnu node`,
# `bun`, `deno run -A`); it runs smoke/smoke.mjs and smoke/smoke.cjs in a temporary project
# whose node_modules/bsd-sockets is this repository's package, 60 s at most each. --binding:
# the addon loaded must match REGEX (prebuilds/linux-x64/, under qemu prebuilds/linux-arm64/). A run passes when it exits 0
# and prints "N passed, 0 failed" with every check; its exit status is also checked, so a
# crash at exit (Deno's HandleScope abort) fails it.
set -uo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
binding=""
while [ $# -gt 0 ] && [ "$1" != -- ]; do
  case "$1" in
    --binding) binding="$2"; shift 2 ;;
    *) echo "smoke.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
shift
[ $# -gt 0 ] || { echo "usage: smoke.sh [--binding REGEX] -- COMMAND..." >&2; exit 2; }
work="$(mktemp -d /tmp/bsd-sockets-smoke.XXXXXX)"
trap 'rm -rf "$work"' EXIT
# The package as the tarball has it, for the entries: package.json, dist/src, native/ (the
# loader's mark of the package root) and prebuilds/, no build/: the prebuilt binary loads.
# Copied, not linked: Deno treats a .js file outside node_modules as an ES module.
package="$work/node_modules/bsd-sockets"
mkdir -p "$package/dist"
cp -r "$repo/package.json" "$repo/native" "$repo/prebuilds" "$package/"
cp -r "$repo/dist/src" "$package/dist/"
cp "$repo"/test/package/smoke/*.{mjs,cjs} "$work/"
echo '{ "name": "smoke", "version": "1.0.0", "private": true }' >"$work/package.json"
status=0
for file in smoke.mjs smoke.cjs; do
  start=$(date +%s%N)
  (cd "$work" && timeout 60 "$@" "$file") >"$work/out" 2>&1
  code=$?
  ms=$((($(date +%s%N) - start) / 1000000))
  cat "$work/out"
  if ! grep -q '^smoke [a-z]*: 5 passed, 0 failed$' "$work/out" || [ $code != 0 ]; then
    echo "smoke: FAILED $file (exit status $code, $ms ms)"
    status=1
  elif [ -n "$binding" ] && [ $file = smoke.cjs ] && ! grep -Eq "^loaded .*$binding" "$work/out"; then
    echo "smoke: FAILED $file: the addon loaded is not $binding"
    status=1
  else
    echo "smoke: ok $file ($ms ms)"
  fi
done
exit $status
