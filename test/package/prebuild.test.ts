// scripts/prebuild.cjs --check FILE: a binary's ELF machine must be the arch its folder
// names (prebuilds/linux-arm64/ holding an x86-64 file is caught before anyone runs it),
// and its symbol versions those of glibc 2.28. Checked on the addon node-gyp built in
// build/Release (x86-64, with compat/ as the prebuild; whichever build the suite runs on),
// copied under each folder name, and on a file that is not an ELF.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { makeTempDir, repoRoot } from '../helpers/child';

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => (temp = makeTempDir()));
afterEach(() => temp.remove());

/** `file` put in `<temp>/<folder>/bsd-sockets.glibc.node`, then checked. */
function check(folder: string, content: Buffer) {
  const file = path.join(temp.dir, folder, 'bsd-sockets.glibc.node');
  fs.mkdirSync(path.dirname(file));
  fs.writeFileSync(file, content);
  const child = spawnSync(
    process.execPath,
    [path.join(repoRoot, 'scripts', 'prebuild.cjs'), '--check', file],
    { cwd: repoRoot, encoding: 'utf8', timeout: 30_000 },
  );
  return { status: child.status, stderr: child.stderr, shown: path.relative(repoRoot, file) };
}

const gypBuild = path.join(repoRoot, 'build', 'Release', 'bsd_sockets.node');
const skip =
  process.arch !== 'x64'
    ? 'an x86-64 machine'
    : !fs.existsSync(gypBuild)
      ? 'build/Release (npm run build:gyp)'
      : null;

describe.skipIf(skip !== null)(
  `prebuild.cjs --check${skip ? ` (skipped: needs ${skip})` : ''}`,
  () => {
    const x64 = () => fs.readFileSync(gypBuild);

    it('passes an x86-64 binary in linux-x64/, naming the symbol versions it needs', () => {
      const { status, stderr, shown } = check('linux-x64', x64());
      expect(status).toBe(0);
      expect(stderr).toMatch(
        new RegExp(
          `^${shown.replace(/\./g, '\\.')}: x86-64, \\d+ bytes; needs at most GLIBC_2\\.\\d+, GLIBCXX_3\\.4\\.\\d+, CXXABI_1\\.3\\.\\d+\\n$`,
        ),
      );
    });

    it('fails an x86-64 binary in linux-arm64/: the wrong architecture for its folder', () => {
      const { status, stderr, shown } = check('linux-arm64', x64());
      expect(status).toBe(1);
      expect(stderr).toBe(
        `prebuild: ${shown} is an ELF for x86-64, where its folder says AArch64\n`,
      );
    });

    it('fails a file that is not an ELF', () => {
      const { status, stderr, shown } = check('linux-x64', Buffer.from('not a binary\n'));
      expect(status).toBe(1);
      expect(stderr).toBe(`prebuild: ${shown} is not an ELF file, where its folder says x86-64\n`);
    });
  },
);
