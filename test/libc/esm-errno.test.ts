// errno through `import { errno } from 'bsd-sockets/c'` after a libc call that sets it. The
// ESM facade of bsd-sockets/c keeps a `let errno` binding, which it re-reads after each of its
// own calls; bsd-sockets/libc's facade makes it re-read it after each libc call too
// (scripts/write-esm-entry.cjs: refreshingFacade). Without that, strtol's ERANGE or a failed
// write of stdout left the imported errno at its previous value (0 here), while the CommonJS
// getter (`require('bsd-sockets/c').errno`) saw it.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';

import { describe, expect, it } from 'vitest';

import { childEnv, repoRoot } from '../helpers/child';

/** Runs an ES module with its stdout on `stdout` (a file descriptor); its stderr, status. */
function esm(
  source: string,
  stdout: number | 'pipe' = 'pipe',
): { stderr: string; status: number | null } {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', source], {
    cwd: repoRoot,
    env: childEnv(),
    stdio: ['ignore', stdout, 'pipe'],
    timeout: 30_000,
    killSignal: 'SIGKILL',
    encoding: 'utf8',
  });
  return { stderr: r.stderr, status: r.status };
}

describe('errno in ESM after a libc call', () => {
  it("is strtol's ERANGE and EINVAL, and 0 again after set_errno(0)", () => {
    const r = esm(
      [
        "import { errno, set_errno, ERANGE, EINVAL } from 'bsd-sockets/c';",
        "import { strtol, fprintf, stderr } from 'bsd-sockets/libc';",
        'const seen = [];',
        'set_errno(0);',
        "seen.push(strtol('99999999999999999999', null, 10) > 9e18, errno === ERANGE);",
        'set_errno(0);',
        'seen.push(errno);',
        "seen.push(strtol('12', null, 1), errno === EINVAL);",
        "fprintf(stderr, '%s\\n', seen.join(' '));",
      ].join('\n'),
    );
    expect(r).toEqual({ stderr: 'true true 0 0 true\n', status: 0 });
  });

  it('is ENOSPC after fflush(stdout) fails on /dev/full, as the CommonJS getter says', () => {
    const full = fs.openSync('/dev/full', 'w');
    try {
      const r = esm(
        [
          "import { errno, set_errno, ENOSPC } from 'bsd-sockets/c';",
          "import { createRequire } from 'node:module';",
          "import { printf, fflush, ferror, stdout, fprintf, stderr, EOF } from 'bsd-sockets/libc';",
          "const cjs = createRequire(process.cwd() + '/')('bsd-sockets/c');",
          "printf('%s\\n', 'to a full disk');",
          'set_errno(0);',
          'const ret = fflush(stdout);',
          "fprintf(stderr, '%d %d %d %d\\n', ret === EOF ? 1 : 0, errno === ENOSPC ? 1 : 0, cjs.errno === ENOSPC ? 1 : 0, ferror(stdout) ? 1 : 0);",
        ].join('\n'),
        full,
      );
      expect(r).toEqual({ stderr: '1 1 1 1\n', status: 0 });
    } finally {
      fs.closeSync(full);
    }
  });
});
