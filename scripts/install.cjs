#!/usr/bin/env node
// The package's install script. From the registry, the package ships a prebuilt binary
// (prebuilds/linux-x64): when it loads, nothing is built and no compiler is needed. It builds
// the addon from source only when no binary loads, or in a clone of the repository (where the
// sources may be newer than the last build), or when asked (`npm rebuild bsd-sockets
// --build-from-source`). The build is incremental (`node-gyp build`, never `rebuild`, which
// deletes build/ first), so an interrupted build leaves in place the binary that loaded.
// The course's C programs are not built here: the course runner builds them on first use.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const say = (text) => process.stderr.write(`bsd-sockets: ${text}\n`);

/** The addon the package's own loader picks, run in a child so a bad binary cannot hurt us. */
function loadablePath() {
  const loader = path.join(root, 'dist', 'src', 'loader.js');
  if (!fs.existsSync(loader)) return null;
  const child = spawnSync(
    process.execPath,
    [
      '-e',
      `process.stdout.write(require(${JSON.stringify(loader)}).loadAddon(process.argv[1]).path)`,
      root,
    ],
    { encoding: 'utf8', timeout: 30_000 },
  );
  return child.status === 0 && child.stdout ? child.stdout : null;
}

/** The first of `names` found on PATH, or null. */
function onPath(...names) {
  const dirs = (process.env.PATH || '').split(path.delimiter).filter(Boolean);
  for (const name of names) {
    if (path.isAbsolute(name)) {
      if (fs.existsSync(name)) return name;
      continue;
    }
    for (const dir of dirs) {
      const file = path.join(dir, name);
      try {
        fs.accessSync(file, fs.constants.X_OK);
        return file;
      } catch {
        // not here
      }
    }
  }
  return null;
}

/** What the build from source needs and this system lacks. */
function missingTools() {
  const missing = [];
  const cxx = process.env.CXX ? process.env.CXX.split(' ')[0] : null;
  if (!onPath(...(cxx ? [cxx] : ['c++', 'g++', 'clang++']))) missing.push('a C++ compiler');
  if (!onPath('make')) missing.push('make');
  if (!onPath(...(process.env.PYTHON ? [process.env.PYTHON] : ['python3']))) {
    missing.push('python3');
  }
  return missing;
}

const PREREQUISITES =
  'Install them, then run `npm rebuild bsd-sockets`: on Debian/Ubuntu, ' +
  '`sudo apt-get install -y g++ make python3`; on Fedora, `sudo dnf install -y gcc-c++ make python3`.';

/** The node-gyp command: npm's own (npm tells its path to install scripts), else ours. */
function nodeGyp() {
  const fromNpm = process.env.npm_config_node_gyp;
  if (fromNpm && fs.existsSync(fromNpm)) return [process.execPath, fromNpm];
  try {
    return [process.execPath, require.resolve('node-gyp/bin/node-gyp.js', { paths: [root] })];
  } catch {
    return ['node-gyp'];
  }
}

function build() {
  const [command, ...prefix] = nodeGyp();
  const steps = [];
  if (!fs.existsSync(path.join(root, 'build', 'Makefile'))) steps.push(['configure']);
  steps.push(['build', '--jobs', '2']);
  for (const step of steps) {
    const child = spawnSync(command, [...prefix, ...step], { cwd: root, stdio: 'inherit' });
    if (child.status !== 0) return false;
  }
  return true;
}

function main() {
  const clone = fs.existsSync(path.join(root, '.git'));
  const forced = /^(true|1)$/.test(process.env.npm_config_build_from_source || '');
  const before = loadablePath();
  if (before && !clone && !forced) {
    say(`using ${path.relative(root, before)}; nothing to build`);
    return 0;
  }
  const missing = missingTools();
  if (missing.length > 0) {
    if (before) {
      say(`cannot rebuild from source (${missing.join(', ')} not found); keeping ${before}`);
      return 0;
    }
    say(
      `no prebuilt binary loads on this system (${process.platform}-${process.arch}), and the ` +
        `build from source cannot run: ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} ` +
        `missing. ${PREREQUISITES}`,
    );
    return 1;
  }
  if (build()) return 0;
  if (before && !clone) {
    say(`the build from source failed; keeping ${before}`);
    return 0;
  }
  say(`the build from source failed (its output is above). ${PREREQUISITES}`);
  return 1;
}

process.exitCode = main();
