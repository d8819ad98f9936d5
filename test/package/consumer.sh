#!/usr/bin/env bash
# The package as a user gets it (CI runs this after the test suites):
#   npm pack; the tarball installed into a temporary project whose PATH has no gcc, g++, cc,
#   c++ or make (node, npm and npx only); tsc --strict under node16, nodenext and bundler;
#   an ESM and a CommonJS program doing a UDP round trip on 127.0.0.1; the bins' conventions
#   and the course's advice without a compiler; attw on the tarball.
# Each step has a time limit. Ends with "N passed, N failed"; exit status 1 if any failed.
set -uo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d /tmp/bsd-sockets-consumer.XXXXXX)"
# CONSUMER_KEEP=1 keeps the temporary project, to look at it afterwards.
[ -n "${CONSUMER_KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
passed=0
failed=0
check() { # check NAME COMMAND...: runs the command (its output in $work/out), counts it
  local name="$1"
  shift
  if "$@" >"$work/out" 2>&1; then
    passed=$((passed + 1))
    echo "ok     $name"
  else
    failed=$((failed + 1))
    echo "FAILED $name"
    sed 's/^/    /' "$work/out" | tail -40
  fi
}

# npm pack runs prepack (the prebuilt binary, scripts/prebuild.cjs) and prepare (tsc).
echo "consumer: npm pack"
(cd "$repo" && timeout 600 npm pack --pack-destination "$work" --silent) >"$work/pack.log" 2>&1 ||
  { cat "$work/pack.log"; echo "0 passed, 1 failed"; exit 1; }
tarball="$(ls "$work"/bsd-sockets-*.tgz)"
echo "consumer: $(basename "$tarball"), $(stat -c %s "$tarball") bytes"

# A PATH with node, npm, npx and sh (npm runs scripts with it) only: no compiler, no make.
tools="$work/tools"
mkdir -p "$tools"
for tool in node npm npx sh; do ln -s "$(command -v "$tool")" "$tools/$tool"; done
# no_compiler SECONDS COMMAND...: the command with that PATH, killed after SECONDS
no_compiler() {
  local limit="$1"
  shift
  timeout "$limit" env PATH="$tools" "$@"
}
check "the PATH of the project has no gcc, g++, cc, c++ or make" \
  no_compiler 10 /bin/sh -c '! command -v gcc && ! command -v g++ && ! command -v cc && ! command -v c++ && ! command -v make'

project="$work/project"
mkdir -p "$project"
cat >"$project/package.json" <<'EOF'
{ "name": "consumer", "version": "1.0.0", "private": true }
EOF
install() {
  local start ms
  start=$(date +%s%N)
  (cd "$project" && no_compiler 120 npm install --no-audit --no-fund "$tarball") || return 1
  ms=$((($(date +%s%N) - start) / 1000000))
  echo "install took $((ms / 1000)).$(printf %03d $((ms % 1000))) s"
  if [ -e "$project/node_modules/bsd-sockets/build" ]; then
    echo "it built from source"
    return 1
  fi
  [ "$ms" -le 15000 ]
}
check "npm install of the tarball with no compiler, without building, in <= 15 s" install
sed -n 's/^install took/consumer: install took/p' "$work/out"

# The tarball: the files a user needs, none of the dev ones, and source maps that resolve.
tarball_contents() {
  local root="$project/node_modules/bsd-sockets"
  node -e '
    const fs = require("fs"), path = require("path");
    const root = process.argv[1];
    const all = fs.readdirSync(root, { recursive: true }).map(String);
    const unwanted = all.filter((f) => /^(dist\/bench|bench|test|scripts\/(?!install\.cjs$))/.test(f) || /^dist\/(course|tools)\/.*\.d\.ts$/.test(f));
    if (unwanted.length) throw new Error("shipped, but dev-only: " + unwanted.slice(0, 5).join(", "));
    for (const need of ["prebuilds/linux-x64", "prebuilds/linux-arm64", "dist/src/index.d.mts", "scripts/install.cjs", "binding.gyp", "compat/libstdcxx.cc"]) {
      if (!fs.existsSync(path.join(root, need))) throw new Error("missing: " + need);
    }
    let maps = 0;
    for (const file of all.filter((f) => f.endsWith(".js.map"))) {
      const map = JSON.parse(fs.readFileSync(path.join(root, file), "utf8"));
      for (const source of map.sources) {
        const target = path.resolve(root, path.dirname(file), map.sourceRoot || "", source);
        if (!fs.existsSync(target)) throw new Error(file + ": its source " + source + " is not in the package");
      }
      maps++;
    }
    console.log(maps + " source maps resolve");
  ' "$root"
}
check "the tarball: no bench, test, dev script or declarations of the bins; every source map resolves" tarball_contents

# Types: the same program checked under three resolutions, as ESM and as CommonJS.
cp "$repo/test/package/consumer/udp.ts" "$project/udp.mts"
cp "$repo/test/package/consumer/udp.ts" "$project/udp.cts"
# Every subpath the package exports, imported, so that each resolves under each setting.
node -e '
  const pkg = require(process.argv[1] + "/node_modules/bsd-sockets/package.json");
  const fs = require("fs");
  const present = Object.keys(pkg.exports)
    .filter((s) => s !== "./package.json")
    .filter((s) => fs.existsSync(process.argv[1] + "/node_modules/bsd-sockets/" + pkg.exports[s].require.default));
  const lines = present.map((s, i) => `import * as entry${i} from "${"bsd-sockets" + s.slice(1)}";\nconsole.log(Object.keys(entry${i}).length);`);
  fs.writeFileSync(process.argv[1] + "/subpaths.mts", lines.join("\n") + "\n");
  fs.writeFileSync(process.argv[1] + "/subpaths.cts", lines.join("\n") + "\n");
' "$project"
tsc="$repo/node_modules/typescript/bin/tsc"
typecheck() { # typecheck MODULE RESOLUTION FILES...
  local module="$1" resolution="$2"
  shift 2
  (cd "$project" && timeout 120 node "$tsc" --strict --noEmit --skipLibCheck false \
    --module "$module" --moduleResolution "$resolution" --target es2022 \
    --types node --typeRoots "$repo/node_modules/@types" "$@")
}
check "tsc --strict, module node16, moduleResolution node16" typecheck node16 node16 udp.mts udp.cts subpaths.mts subpaths.cts
check "tsc --strict, module nodenext, moduleResolution nodenext" typecheck nodenext nodenext udp.mts udp.cts subpaths.mts subpaths.cts
check "tsc --strict, module esnext, moduleResolution bundler" typecheck esnext bundler udp.mts subpaths.mts

# The programs, compiled (node16) and run, each with a time limit.
check "tsc emits udp.mjs and udp.cjs" \
  bash -c "cd '$project' && timeout 120 node '$tsc' --strict --module node16 --moduleResolution node16 --target es2022 --types node --typeRoots '$repo/node_modules/@types' udp.mts udp.cts"
roundtrip() { # roundtrip FILE SYSTEM
  local output
  output="$(cd "$project" && no_compiler 20 node "$1")" || return 1
  echo "$output"
  [[ "$output" =~ ^$2:\ \"Hello\"\ from\ 127\.0\.0\.1:[0-9]+$ ]]
}
check "ESM program: a UDP round trip on 127.0.0.1" roundtrip udp.mjs esm
check "CommonJS program: a UDP round trip on 127.0.0.1" roundtrip udp.cjs cjs

# The bins, through npx, without a compiler.
bins() (
  cd "$project" || return 1
  no_compiler 30 npx --no-install bsd-sockets-course --help | grep -q '^usage: bsd-sockets-course' || return 1
  no_compiler 30 npx --no-install bsd-sockets-trace --help | grep -q '^usage: bsd-sockets-trace' || return 1
  local version
  version="$(node -p "require('$repo/package.json').version")"
  for bin in bsd-sockets-trace bsd-sockets-lab; do
    [ "$(no_compiler 30 npx --no-install $bin --version)" = "$bin $version" ] || { echo "$bin --version"; return 1; }
  done
  local status=0
  no_compiler 30 npx --no-install bsd-sockets-course --bogus 2>/dev/null || status=$?
  [ "$status" = 2 ] || { echo "unknown option: exit $status"; return 1; }
  no_compiler 30 npx --no-install bsd-sockets-course --list 2>"$work/epipe" | true
  [ ! -s "$work/epipe" ] || { cat "$work/epipe"; return 1; }
)
check "the bins: --help and --version on stdout, unknown option exit 2, a broken pipe is quiet" bins
course_c() {
  local status=0 message
  message="$(cd "$project" && no_compiler 30 npx --no-install bsd-sockets-course udp_ipv4/client_ipv4 --c 127.0.0.1 9 2>&1)" || status=$?
  echo "$message"
  [ "$status" = 2 ] && [[ "$message" == *"apt-get install gcc make"* ]] && [[ "$message" == *"make -C "* ]]
}
check "a C course program without a compiler: exit 2 and the one command to run" course_c

# attw on the tarball; subpaths whose build is not in it (yet) are left out.
attw() {
  local missing
  missing="$(node -e '
    const { SUBPATHS } = require(process.argv[1] + "/scripts/write-esm-entry.cjs");
    const fs = require("fs");
    console.log(SUBPATHS.filter((s) => !fs.existsSync(process.argv[2] + "/node_modules/bsd-sockets/dist/src/" + s.dir + "/index.js")).map((s) => s.subpath).join(" "));
  ' "$repo" "$project")"
  # shellcheck disable=SC2086
  timeout 120 node "$repo/node_modules/@arethetypeswrong/cli/dist/index.js" "$tarball" --format ascii \
    ${missing:+--exclude-entrypoints $missing}
}
check "attw: no problem under node10, node16 (CJS and ESM) and bundler" attw
check "bsd-sockets-course new: a project in a clean folder, the tarball installed, npm start" bash "$repo/test/package/new-project.sh" "$tarball"

echo "consumer: $passed passed, $failed failed"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
