#!/usr/bin/env bash
# `bsd-sockets-course new` from the package as a user gets it: a project of one's own, made
# in a clean folder, with the packed tarball installed, builds and runs with `npm start`.
#   test/package/new-project.sh [TARBALL]     (without TARBALL: npm pack first)
# consumer.sh calls it with its tarball. npm installs with --prefer-offline: from npm's cache
# when typescript and @types/node are there (after `npm ci`), from the registry otherwise.
# Each step has a time limit; exit status 1 if any step fails.
set -uo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d /tmp/bsd-sockets-new-project.XXXXXX)"
[ -n "${CONSUMER_KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
fail() {
  echo "new-project: FAILED $1"
  [ -f "$work/out" ] && sed 's/^/    /' "$work/out" | tail -40
  exit 1
}
npm_install() { # npm_install DIR ARGS...: npm install in DIR, at most 300 s
  local dir="$1"
  shift
  (cd "$dir" && timeout 300 npm install --prefer-offline --no-audit --no-fund "$@") >"$work/out" 2>&1
}

tarball="${1:-}"
if [ -z "$tarball" ]; then
  (cd "$repo" && timeout 600 npm pack --pack-destination "$work" --silent) >"$work/out" 2>&1 ||
    fail "npm pack"
  tarball="$(ls "$work"/bsd-sockets-*.tgz)"
fi
tarball="$(cd "$(dirname "$tarball")" && pwd)/$(basename "$tarball")"

# The command, from the tarball: `bsd-sockets-course new` once the command line has it,
# else newMain of the installed dist/tools/course/new.js.
tool="$work/tool"
mkdir -p "$tool"
echo '{ "name": "tool", "version": "1.0.0", "private": true }' >"$tool/package.json"
npm_install "$tool" "$tarball" || fail "npm install of the tarball (for the command)"
project="$work/hello-sockets"
if (cd "$tool" && timeout 30 npx --no-install bsd-sockets-course new --help 2>/dev/null | grep -q '^usage: bsd-sockets-course new'); then
  (cd "$tool" && timeout 30 npx --no-install bsd-sockets-course new "$project") >"$work/out" 2>&1
else
  timeout 30 node -e 'require(process.argv[1]).newMain(process.argv.slice(2)).then((s) => (process.exitCode = s))' \
    "$tool/node_modules/bsd-sockets/dist/tools/course/new.js" "$project" >"$work/out" 2>&1
fi || fail "new $project"
cat "$work/out"

# The project, as a user sets it up: npm install (the tarball for bsd-sockets), npm start.
npm_install "$project" "$tarball" || fail "npm install in the new project"
(cd "$project" && timeout 300 npm start --silent) >"$work/out" 2>&1 || fail "npm start"
cat "$work/out"
grep -Eq '^hello\.ts: "hello" from 127\.0\.0\.1:[0-9]+$' "$work/out" || fail "hello.ts's line"
grep -Eq '^hello_c\.ts: "hello" from 127\.0\.0\.1:[0-9]+$' "$work/out" || fail "hello_c.ts's line"
echo "new-project: ok (node $(node --version): $(node -p 'require(process.argv[1]).scripts.start' "$project/package.json"))"
