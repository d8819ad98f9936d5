/**
 * Checking a stranger's code (issue "Checking a stranger's code"): hostile submissions of a
 * course client (tp_udp/clientu) and a course server (tp_udp/serveuru), in TS and in C, each
 * made from the solution by inserting the hostile lines right after its setvbuf. Each fails its
 * check with the limit it broke named, and afterwards nothing of it is left: no process naming
 * its folder, no run directory, no fd in this process. contain itself, behaviour by behaviour,
 * as root and as nobody, is test/sandbox/containment.test.ts; here it is the checker's path.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { packageRoot } from '../../course/programs';
import { checkProgram, type CheckResult } from '../../tools/course/check';
import { prepareUserProgram } from '../../tools/course/user-program';
import type { Limits } from '../../tools/sandbox';
import { ptraceAvailable } from '../../tools/trace/run';
import { missingBuilds } from '../course/helpers';
import { scaled } from '../course/timeouts';
import { processesNaming } from '../helpers/processes';

const ROOT = packageRoot();
const ASAN = (process.env.LD_PRELOAD ?? '').includes('libasan');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bsd-sockets-hostile-check-'));
fs.chmodSync(work, 0o755);
// The runs' directories go in a temporary directory of this file's own (contain makes them
// under os.tmpdir(), which reads TMPDIR): other test files run contained programs meanwhile.
const runsTmp = path.join(work, 'tmp');
fs.mkdirSync(runsTmp, { mode: 0o1777 });
fs.chmodSync(runsTmp, 0o1777);
process.env.TMPDIR = runsTmp;

/** The solution `program.ext` with `lines` inserted after its setvbuf line (and `head` on top). */
function hostile(program: string, ext: 'ts' | 'c', lines: string, head = ''): string {
  const text = fs.readFileSync(path.join(ROOT, 'course', `${program}.${ext}`), 'utf8');
  const anchor =
    ext === 'c' ? 'setvbuf(stdout, NULL, _IOLBF, 0);' : 'setvbuf(stdout, null, _IOLBF, 0);';
  expect(text).toContain(anchor);
  const dir = fs.mkdtempSync(path.join(work, 'user-'));
  fs.chmodSync(dir, 0o755);
  const file = path.join(dir, `${path.basename(program)}.${ext}`);
  fs.writeFileSync(file, head + text.replace(anchor, `${anchor}\n${lines}`));
  return file;
}

async function check(program: string, file: string, limits: Partial<Limits>): Promise<CheckResult> {
  const prepared = prepareUserProgram(file);
  prepared.limits = { ...prepared.limits, ...limits };
  try {
    // Against the C server only, for a client: the limit shows the same against either.
    return await checkProgram(
      program,
      prepared,
      () => {},
      (_, against) => against !== 'ts',
    );
  } finally {
    prepared.dispose();
  }
}

const runDirs = () => fs.readdirSync(runsTmp).filter((name) => name.startsWith('bsd-sockets-run-'));
const ownFds = () => fs.readdirSync('/proc/self/fd').length;

const skip = ASAN ? 'the ASan run (RLIMIT_AS)' : ptraceAvailable() ? null : 'ptrace';

describe.skipIf(skip !== null)('hostile submissions fail their check with their reason', () => {
  let dirsBefore: string[];
  let fdsBefore: number;
  beforeAll(() => {
    expect(missingBuilds()).toBeNull();
    dirsBefore = runDirs();
    fdsBefore = ownFds();
  });
  afterAll(() => {
    expect(processesNaming(work)).toEqual([]);
    expect(runDirs()).toEqual(dirsBefore);
    expect(ownFds()).toBe(fdsBefore);
    fs.rmSync(work, { recursive: true, force: true });
  });

  const cases: {
    what: string;
    program: string;
    ext: 'ts' | 'c';
    lines: string;
    head?: string;
    limits: Partial<Limits>;
    reason: string;
  }[] = [
    {
      what: 'a client that forks without end (C)',
      program: 'tp_udp/clientu',
      ext: 'c',
      head: '#include <unistd.h>\n',
      lines: '  for (;;) if (fork() == -1) pause();',
      limits: { processes: 16, wallSeconds: 20 },
      reason: 'fork refused: 16 processes',
    },
    {
      what: 'a client that prints without end (TS)',
      program: 'tp_udp/clientu',
      ext: 'ts',
      lines: "  for (;;) printf('y\\n');",
      limits: { outputBytes: 65536 },
      reason: 'stopped: 64 KiB of output',
    },
    {
      what: 'a client that never ends (C)',
      program: 'tp_udp/clientu',
      ext: 'c',
      head: '#include <unistd.h>\n',
      lines: '  for (;;) pause();',
      limits: { wallSeconds: 4 },
      reason: 'killed: 4 s of wall time',
    },
    {
      what: 'a server that allocates without end (C)',
      program: 'tp_udp/serveuru',
      ext: 'c',
      lines:
        '  for (;;) { char *p = malloc(1 << 20); if (p == NULL) exit(3); memset(p, 1, 1 << 20); }',
      limits: { memoryBytes: 2 ** 28 },
      reason: 'stopped: 256 MiB of memory (RLIMIT_AS)',
    },
    {
      what: 'a server that spins (TS)',
      program: 'tp_udp/serveuru',
      ext: 'ts',
      lines: '  for (let n = 0; ; n++);',
      limits: { cpuSeconds: 1 },
      reason: 'killed: 1 s of CPU time',
    },
  ];

  for (const one of cases) {
    it(
      `${one.what}: ${one.reason}`,
      async () => {
        const file = hostile(one.program, one.ext, one.lines, one.head);
        const result = await check(one.program, file, one.limits);
        expect(result.ok).toBe(false);
        for (const scenario of result.scenarios) {
          expect(scenario.ok).toBe(false);
          expect(scenario.difference?.startsWith(one.reason), scenario.difference ?? '').toBe(true);
        }
        expect(processesNaming(path.dirname(file))).toEqual([]);
      },
      scaled(180_000),
    );
  }
});
