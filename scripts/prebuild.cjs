#!/usr/bin/env node
// Makes the prebuilt binaries that the package ships, with prebuildify (Node-API, stripped,
// tagged glibc): prebuilds/linux-x64/*.node natively, prebuilds/linux-arm64/*.node with
// Debian's cross compiler (g++-aarch64-linux-gnu). Then checks each one: its ELF machine is
// the architecture its folder names (a wrong-architecture file in prebuilds/linux-arm64 is
// otherwise found only by running it), and `readelf --dyn-syms` says it asks for no symbol
// version newer than a glibc 2.28 system has: GLIBC_2.28, and the libstdc++ of GCC 8
// (GLIBCXX_3.4.25, CXXABI_1.3.11). compat/libstdcxx.cc keeps the one newer libstdc++ symbol
// that GCC >= 11 would ask for inside the binary.
//
//   node scripts/prebuild.cjs          rebuild a prebuilt binary whose sources are newer, check all
//   node scripts/prebuild.cjs --force  rebuild them anyway
//   node scripts/prebuild.cjs --check  only check every binary in prebuilds/ (CI)
//   node scripts/prebuild.cjs --check FILE.node   only check FILE (its folder names its arch)
// Run by `npm pack` (prepack), so that a tarball never ships a stale, too-demanding or
// missing binary.
'use strict';
const { Buffer } = require('node:buffer');
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');

/**
 * The architectures shipped: Node's name, the ELF e_machine of its binaries, and the
 * compiler, linker and strip that build them here (the host's own for x64).
 */
const ARCHES = {
  x64: { machine: 62, name: 'x86-64', cross: null },
  arm64: { machine: 183, name: 'AArch64', cross: 'aarch64-linux-gnu-' },
};
const folderOf = (arch) => path.join(root, 'prebuilds', `linux-${arch}`);

/** The newest version of each symbol family a glibc 2.28 system (RHEL 8, Debian 10) provides. */
const LIMITS = { GLIBC: '2.28', GLIBCXX: '3.4.25', CXXABI: '1.3.11' };

const newer = (a, b) => {
  const [x, y] = [a, b].map((v) => v.split('.').map(Number));
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if ((x[i] || 0) !== (y[i] || 0)) return (x[i] || 0) > (y[i] || 0);
  }
  return false;
};

/**
 * The symbol versions `file` needs, by family, and those over LIMITS. readelf reads the ELF
 * of any architecture (the host's objdump knows only its own).
 */
function checkSymbols(file) {
  const table = execFileSync('readelf', ['--dyn-syms', '--wide', file], { encoding: 'utf8' });
  const needed = {};
  const tooNew = [];
  for (const line of table.split('\n')) {
    // "    12: 0000000000000000     0 FUNC    GLOBAL DEFAULT  UND memcpy@GLIBC_2.14 (4)"
    const match = /\sUND\s+(\S+?)@(GLIBC|GLIBCXX|CXXABI)_([\d.]+)/.exec(line);
    if (!match) continue;
    const [, symbol, family, version] = match;
    if (!needed[family] || newer(version, needed[family])) needed[family] = version;
    if (newer(version, LIMITS[family])) tooNew.push(`${symbol}@${family}_${version}`);
  }
  return { needed, tooNew };
}

/** The ELF e_machine of `file` (bytes 18-19, little-endian on both arches), or null. */
function elfMachine(file) {
  const head = Buffer.alloc(20);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, head, 0, head.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  return head.readUInt32BE(0) === 0x7f454c46 ? head.readUInt16LE(18) : null;
}

function report(file) {
  const arch = /^linux-(.+)$/.exec(path.basename(path.dirname(file)))?.[1];
  const expected = ARCHES[arch];
  const machine = elfMachine(file);
  if (!expected || machine !== expected.machine) {
    const found = Object.values(ARCHES).find((a) => a.machine === machine)?.name;
    console.error(
      `prebuild: ${path.relative(root, file)} is ${machine === null ? 'not an ELF file' : `an ELF for ${found ?? `machine ${machine}`}`}, ` +
        `where its folder says ${expected ? expected.name : `an unknown arch (${arch})`}`,
    );
    return false;
  }
  const { needed, tooNew } = checkSymbols(file);
  const summary = Object.entries(needed)
    .map(([family, version]) => `${family}_${version}`)
    .join(', ');
  console.error(
    `${path.relative(root, file)}: ${expected.name}, ${fs.statSync(file).size} bytes; needs at most ${summary}`,
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

function prebuilt(arch) {
  const folder = folderOf(arch);
  if (!fs.existsSync(folder)) return [];
  return fs
    .readdirSync(folder)
    .filter((file) => file.endsWith('.node'))
    .map((file) => path.join(folder, file));
}

/** Every binary in prebuilds/, whatever its folder (a stray folder is checked, and fails). */
function shipped() {
  const dir = path.join(root, 'prebuilds');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true })
    .filter((file) => file.endsWith('.node'))
    .map((file) => path.join(dir, file));
}

/** Whether `command` runs (a cross compiler installed). */
const runs = (command) => spawnSync(command, ['--version'], { stdio: 'ignore' }).status === 0;

/** Builds prebuilds/linux-<arch>/ with prebuildify; false when it could not. */
function build(arch) {
  const { cross } = ARCHES[arch];
  if (cross && !runs(`${cross}g++`)) {
    console.error(
      `prebuild: the linux-${arch} binary needs the cross compiler ${cross}g++ ` +
        '(Debian/Ubuntu: `apt-get install g++-aarch64-linux-gnu`)',
    );
    return false;
  }
  // Built in a copy of the sources (build-prebuild/, inside the repository so that
  // node-addon-api resolves), so that prebuildify's `node-gyp rebuild` leaves build/ alone.
  const stage = path.join(root, 'build-prebuild');
  fs.rmSync(stage, { recursive: true, force: true });
  for (const entry of ['binding.gyp', 'package.json', 'native', 'compat']) {
    fs.cpSync(path.join(root, entry), path.join(stage, entry), { recursive: true });
  }
  // Against the headers of the running Node (Node-API is the same for every later version,
  // and the headers for every arch), taken from its installation when they are there: no
  // download.
  const env = { ...process.env, JOBS: '2' };
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  if (
    !env.npm_config_nodedir &&
    fs.existsSync(path.join(prefix, 'include', 'node', 'node_api.h'))
  ) {
    env.npm_config_nodedir = prefix;
  }
  if (cross) {
    Object.assign(env, {
      CC: `${cross}gcc`,
      CXX: `${cross}g++`,
      LINK: `${cross}g++`,
      AR: `${cross}ar`,
      PREBUILD_STRIP_BIN: `${cross}strip`,
    });
  }
  const prebuildify = require.resolve('prebuildify/bin.js', { paths: [root] });
  const child = spawnSync(
    process.execPath,
    [
      prebuildify,
      '--napi',
      '--strip',
      '--tag-libc',
      '--arch',
      arch,
      '--target',
      process.versions.node,
    ],
    // stdout is npm pack's (--json): everything goes to stderr.
    { cwd: stage, stdio: ['ignore', 2, 2], env },
  );
  if (child.status !== 0) return false;
  fs.rmSync(folderOf(arch), { recursive: true, force: true });
  fs.cpSync(path.join(stage, 'prebuilds', `linux-${arch}`), folderOf(arch), { recursive: true });
  fs.rmSync(stage, { recursive: true, force: true });
  return true;
}

function main(argv) {
  if (argv[0] === '--check') {
    const files = argv[1] ? [path.resolve(argv[1])] : shipped();
    const missing = argv[1]
      ? []
      : Object.keys(ARCHES).filter((arch) => prebuilt(arch).length === 0);
    for (const arch of missing) console.error(`prebuild: prebuilds/linux-${arch}/ has no binary`);
    // every file is reported, not only up to the first failure
    return files.map(report).every(Boolean) && missing.length === 0 ? 0 : 1;
  }
  const newest = newestSource();
  for (const arch of Object.keys(ARCHES)) {
    const files = prebuilt(arch);
    const fresh =
      files.length > 0 && Math.min(...files.map((f) => fs.statSync(f).mtimeMs)) >= newest;
    if ((argv[0] === '--force' || !fresh) && !build(arch)) return 1;
  }
  return shipped().map(report).every(Boolean) ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
