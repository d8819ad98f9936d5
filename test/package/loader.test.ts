// The loader's order and fallbacks (src/loader.ts), and the install script's message when a
// build from source is needed and cannot run (scripts/install.cjs), each in a child process
// on a throw-away package directory.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { addonCandidates, platformSummary, prebuiltCandidates } from '../../src/loader';
import { binding_path } from '../../src/index';
import { makeTempDir, repoRoot } from '../helpers/child';

const loaderJs = path.join(repoRoot, 'dist', 'src', 'loader.js');

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  temp = makeTempDir();
  fs.writeFileSync(path.join(temp.dir, 'package.json'), '{"name":"bsd-sockets"}\n');
  fs.mkdirSync(path.join(temp.dir, 'native'));
});
afterEach(() => temp.remove());

function put(relative: string, content: string | Buffer): string {
  const file = path.join(temp.dir, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

/** Runs node with `args` and a clean environment (no BSD_SOCKETS_* of the test run). */
function node(args: string[], env: NodeJS.ProcessEnv = {}) {
  const clean = { ...process.env, ...env };
  for (const name of ['BSD_SOCKETS_BUILD', 'BSD_SOCKETS_BINDING'] as const) {
    if (!(name in env)) delete clean[name];
  }
  return spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 30_000, env: clean });
}

describe('the addon candidates', () => {
  it('are build/Release, build/Debug, then the prebuilt binaries of this platform', () => {
    const glibc = put('prebuilds/linux-x64/bsd-sockets.glibc.node', '');
    put('prebuilds/linux-x64/bsd-sockets.musl.node', '');
    put('prebuilds/linux-arm64/bsd-sockets.glibc.node', '');
    expect([...addonCandidates(temp.dir, {}, 'linux', 'x64')]).toEqual([
      path.join(temp.dir, 'build', 'Release', 'bsd_sockets.node'),
      path.join(temp.dir, 'build', 'Debug', 'bsd_sockets.node'),
      glibc,
    ]);
    expect(prebuiltCandidates(temp.dir, 'linux', 'riscv64')).toEqual([]);
  });

  it('are only the build BSD_SOCKETS_BUILD names, or only the file BSD_SOCKETS_BINDING names', () => {
    put('prebuilds/linux-x64/bsd-sockets.glibc.node', '');
    expect([
      ...addonCandidates(temp.dir, { BSD_SOCKETS_BUILD: 'build-cmake' }, 'linux', 'x64'),
    ]).toEqual([
      path.join(temp.dir, 'build-cmake', 'Release', 'bsd_sockets.node'),
      path.join(temp.dir, 'build-cmake', 'Debug', 'bsd_sockets.node'),
    ]);
    expect([...addonCandidates(temp.dir, { BSD_SOCKETS_BINDING: '/x/y.node' })]).toEqual([
      '/x/y.node',
    ]);
  });
});

describe('loadAddon', () => {
  it('passes over a binary that does not load (a cut-short build) for the next one', () => {
    put('build/Release/bsd_sockets.node', 'not an ELF file');
    const prebuilt = put(
      'prebuilds/linux-x64/bsd-sockets.glibc.node',
      fs.readFileSync(binding_path),
    );
    const child = node([
      '-e',
      `const { path, addon } = require(${JSON.stringify(loaderJs)}).loadAddon(process.argv[1]);
       console.log(JSON.stringify({ path, AF_INET: addon.constants.AF_INET }));`,
      temp.dir,
    ]);
    expect(child.stderr).toBe('');
    expect(JSON.parse(child.stdout)).toEqual({ path: prebuilt, AF_INET: 2 });
  });

  it('names every file it tried, and says to run npm rebuild bsd-sockets', () => {
    put('build/Release/bsd_sockets.node', 'not an ELF file');
    const child = node([
      '-e',
      `require(${JSON.stringify(loaderJs)}).loadAddon(process.argv[1])`,
      temp.dir,
    ]);
    expect(child.status).toBe(1);
    expect(child.stderr).toContain(
      `${path.join(temp.dir, 'build', 'Release', 'bsd_sockets.node')} (`,
    );
    expect(child.stderr).toContain('build/Debug/bsd_sockets.node (not there)');
    expect(child.stderr).toContain('npm rebuild bsd-sockets --build-from-source');
    expect(child.stderr).toContain('it needs a C++ compiler, make and python3');
    // This machine (CI: linux-x64, glibc), and a package shipping no binary.
    expect(child.stderr).toContain(
      `no native addon loads; this is ${process.platform}-${process.arch} with glibc; the package ships no prebuilt binary. Tried `,
    );
  });

  it('names the platform, arch and libc found, and the prebuilt binaries shipped', () => {
    put('prebuilds/linux-x64/bsd-sockets.glibc.node', '');
    put('prebuilds/linux-arm64/bsd-sockets.glibc.node', '');
    put('prebuilds/linux-riscv64/README', 'a folder with no binary is not named');
    expect(platformSummary(temp.dir, 'linux', 'riscv64')).toBe(
      'this is linux-riscv64 with glibc; the package ships prebuilt binaries for linux-arm64 (glibc), linux-x64 (glibc), none for linux-riscv64 with glibc',
    );
    expect(platformSummary(temp.dir, 'linux', 'arm64')).toBe(
      'this is linux-arm64 with glibc; the package ships prebuilt binaries for linux-arm64 (glibc), linux-x64 (glibc)',
    );
    expect(platformSummary(temp.dir, 'darwin', 'arm64')).toBe(
      'this is darwin-arm64; the package ships prebuilt binaries for linux-arm64 (glibc), linux-x64 (glibc), none for darwin-arm64',
    );
  });
});

describe('the install script', () => {
  it('without a binary that loads nor a compiler: one paragraph naming what to install', () => {
    put('scripts/install.cjs', fs.readFileSync(path.join(repoRoot, 'scripts', 'install.cjs')));
    const bin = path.join(temp.dir, 'bin');
    fs.mkdirSync(bin);
    fs.symlinkSync(process.execPath, path.join(bin, 'node'));
    const child = node([path.join(temp.dir, 'scripts', 'install.cjs')], {
      PATH: bin,
      CXX: '',
      PYTHON: '',
    });
    expect(child.status).toBe(1);
    const lines = child.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/a C\+\+ compiler, make, python3 are missing/);
    expect(lines[0]).toContain('sudo apt-get install -y g++ make python3');
    expect(lines[0]).toContain('sudo dnf install -y gcc-c++ make python3');
    expect(lines[0]).toContain('npm rebuild bsd-sockets');
  });
});
