#!/usr/bin/env node
// Makes the prebuilt binary that the package ships (prebuilds/linux-x64/*.node), with
// prebuildify (Node-API, stripped, tagged glibc), then checks with `objdump -T` that it asks
// for no symbol version newer than what a glibc 2.28 system has: GLIBC_2.28, and the
// libstdc++ of GCC 8 (GLIBCXX_3.4.25, CXXABI_1.3.11). compat/libstdcxx.cc keeps the one
// newer libstdc++ symbol that GCC >= 11 would ask for inside the binary.
//
//   node scripts/prebuild.cjs          rebuild the prebuilt binary if a source is newer, check it
//   node scripts/prebuild.cjs --force  rebuild it anyway
//   node scripts/prebuild.cjs --check FILE.node   only check FILE's symbol versions
// Run by `npm pack` (prepack), so that a tarball never ships a stale or too-demanding binary.
'use strict';
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const folder = path.join(root, 'prebuilds', `${process.platform}-${process.arch}`);

/** The newest version of each symbol family a glibc 2.28 system (RHEL 8, Debian 10) provides. */
const LIMITS = { GLIBC: '2.28', GLIBCXX: '3.4.25', CXXABI: '1.3.11' };

const newer = (a, b) => {
  const [x, y] = [a, b].map((v) => v.split('.').map(Number));
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if ((x[i] || 0) !== (y[i] || 0)) return (x[i] || 0) > (y[i] || 0);
  }
  return false;
};

/** The symbol versions `file` needs, by family, and those over LIMITS. */
function checkSymbols(file) {
  const table = execFileSync('objdump', ['-T', file], { encoding: 'utf8' });
  const needed = {};
  const tooNew = [];
  for (const line of table.split('\n')) {
    const match = /\*UND\*\s+\S+\s+\(?(GLIBC|GLIBCXX|CXXABI)_([\d.]+)\)?\s+(\S+)/.exec(line);
    if (!match) continue;
    const [, family, version, symbol] = match;
    if (!needed[family] || newer(version, needed[family])) needed[family] = version;
    if (newer(version, LIMITS[family])) tooNew.push(`${symbol}@${family}_${version}`);
  }
  return { needed, tooNew };
}

function report(file) {
  const { needed, tooNew } = checkSymbols(file);
  const summary = Object.entries(needed)
    .map(([family, version]) => `${family}_${version}`)
    .join(', ');
  console.error(
    `${path.relative(root, file)}: ${fs.statSync(file).size} bytes; needs at most ${summary}`,
  );
  if (tooNew.length > 0) {
    console.error(
      `prebuild: ${tooNew.join(', ')} ${tooNew.length > 1 ? 'are' : 'is'} newer than glibc 2.28 systems have (limits: ${JSON.stringify(LIMITS)})`,
    );
    return false;
  }
  return true;
}

/** The newest modification time among the files the binary is built from. */
function newestSource() {
  const files = ['binding.gyp'];
  for (const dir of ['native', 'compat']) {
    for (const file of fs.readdirSync(path.join(root, dir), { recursive: true })) {
      files.push(path.join(dir, file));
    }
  }
  return Math.max(...files.map((file) => fs.statSync(path.join(root, file)).mtimeMs));
}

function prebuilt() {
  if (!fs.existsSync(folder)) return [];
  return fs
    .readdirSync(folder)
    .filter((file) => file.endsWith('.node'))
    .map((file) => path.join(folder, file));
}

function main(argv) {
  if (argv[0] === '--check') return report(argv[1]) ? 0 : 1;
  const files = prebuilt();
  const fresh =
    files.length > 0 && Math.min(...files.map((f) => fs.statSync(f).mtimeMs)) >= newestSource();
  if (argv[0] === '--force' || !fresh) {
    // Built in a copy of the sources (build-prebuild/, inside the repository so that
    // node-addon-api resolves), so that prebuildify's `node-gyp rebuild` leaves build/ alone.
    const stage = path.join(root, 'build-prebuild');
    fs.rmSync(stage, { recursive: true, force: true });
    for (const entry of ['binding.gyp', 'package.json', 'native', 'compat']) {
      fs.cpSync(path.join(root, entry), path.join(stage, entry), { recursive: true });
    }
    // Against the headers of the running Node (Node-API is the same for every later
    // version), taken from its installation when they are there: no download.
    const env = { ...process.env, JOBS: '2' };
    const prefix = path.resolve(path.dirname(process.execPath), '..');
    if (
      !env.npm_config_nodedir &&
      fs.existsSync(path.join(prefix, 'include', 'node', 'node_api.h'))
    ) {
      env.npm_config_nodedir = prefix;
    }
    const prebuildify = require.resolve('prebuildify/bin.js', { paths: [root] });
    const child = spawnSync(
      process.execPath,
      [prebuildify, '--napi', '--strip', '--tag-libc', '--target', process.versions.node],
      // stdout is npm pack's (--json): everything goes to stderr.
      { cwd: stage, stdio: ['ignore', 2, 2], env },
    );
    if (child.status !== 0) return 1;
    fs.rmSync(folder, { recursive: true, force: true });
    fs.cpSync(path.join(stage, path.relative(root, folder)), folder, { recursive: true });
    fs.rmSync(stage, { recursive: true, force: true });
  }
  return prebuilt().every(report) ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
