/**
 * The checker's containment (issue "Checking a stranger's code"): each hostile behaviour of
 * test/sandbox/fixtures/hostile.{c,cjs} runs inside contain, as root and as an ordinary
 * user, and must end with the limit it broke named, and leave nothing: no process, no
 * directory of its run, no cgroup, no file outside its directory, and no fd in this process.
 * The run itself is made by run-contained.cjs, in a child: as `nobody` through runuser when
 * the tests run as root (as CI does), as this user otherwise.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { containBinary } from '../../tools/sandbox';
import { scaled } from '../course/timeouts';
import { processesNaming } from '../helpers/processes';

// contain is plain C and needs no sanitizer; under the ASan run (LD_PRELOAD of libasan into
// every process) the runtime's shadow memory, terabytes of address space, cannot be mapped
// under RLIMIT_AS, so every contained node would die at start.
const ASAN = (process.env.LD_PRELOAD ?? '').includes('libasan');
// contain and these programs do not load the addon: the run against the cmake-js build
// (BSD_SOCKETS_BUILD=build-cmake) would test the same thing again, for minutes of CI.
const OTHER_BUILD = process.env.BSD_SOCKETS_BUILD !== undefined;
const ROOT = process.getuid?.() === 0;

interface Result {
  code: number | null;
  signal: string | null;
  verdict: {
    status: number;
    signal: number;
    limit: string | null;
    message: string;
    contained: string;
    note: string;
  } | null;
  stdout: string;
  stdoutBytes: number;
  stderr: string;
  dirGone: boolean;
  containPid?: number;
}

let fixtures: string; // a directory every user may read: the hostile programs
const runner = path.join(__dirname, 'run-contained.cjs');

function runContained(
  as: 'root' | 'nobody' | 'user',
  command: string[],
  limits: Record<string, number>,
  netns = false,
  noNamespaces = false,
): Promise<Result> {
  const request = JSON.stringify({ command, netns, noNamespaces, limits });
  const argv =
    as === 'nobody'
      ? ['runuser', '-u', 'nobody', '--', process.execPath, runner, request]
      : [process.execPath, runner, request];
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const guard = setTimeout(() => child.kill('SIGKILL'), scaled(60_000));
    child.on('close', () => {
      clearTimeout(guard);
      try {
        resolve(JSON.parse(out) as Result);
      } catch {
        reject(new Error(`run-contained printed ${JSON.stringify(out)}; stderr: ${err}`));
      }
    });
  });
}

// The runs' directories go in a temporary directory of this file's own (contain makes them
// under os.tmpdir(), which reads TMPDIR, here and in run-contained.cjs): other test files run
// contained programs meanwhile. Sticky and open to all: nobody's runs make theirs there too.
const runsTmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bsd-sockets-containment-'));
fs.chmodSync(runsTmp, 0o1777);
process.env.TMPDIR = runsTmp;
const runDirs = () => fs.readdirSync(runsTmp).filter((name) => name.startsWith('bsd-sockets-run-'));
const ownFds = () => fs.readdirSync('/proc/self/fd').length;

const users: ('root' | 'nobody' | 'user')[] = ROOT ? ['root', 'nobody'] : ['user'];

describe.skipIf(ASAN || OTHER_BUILD)(
  'contain: hostile programs are stopped with their reason, and leave nothing',
  () => {
    let dirsBefore: string[];
    let fdsBefore: number;
    beforeAll(() => {
      containBinary(); // built once, by this user, before any run as nobody needs it
      fixtures = fs.mkdtempSync(path.join(os.tmpdir(), 'bsd-sockets-hostile-'));
      fs.chmodSync(fixtures, 0o755);
      const gcc = spawnSync(
        'gcc',
        [
          '-Wall',
          '-Wextra',
          '-Werror',
          '-O2',
          '-o',
          path.join(fixtures, 'hostile'),
          path.join(__dirname, 'fixtures/hostile.c'),
        ],
        { encoding: 'utf8' },
      );
      expect(gcc.stderr).toBe('');
      fs.copyFileSync(
        path.join(__dirname, 'fixtures/hostile.cjs'),
        path.join(fixtures, 'hostile.cjs'),
      );
      fs.chmodSync(path.join(fixtures, 'hostile.cjs'), 0o644);
      dirsBefore = runDirs();
      fdsBefore = ownFds();
    });
    afterAll(() => {
      expect(processesNaming(fixtures)).toEqual([]);
      expect(runDirs()).toEqual(dirsBefore);
      expect(ownFds()).toBe(fdsBefore);
      fs.rmSync(fixtures, { recursive: true, force: true });
    });

    const languages = {
      C: () => [path.join(fixtures, 'hostile')],
      JS: () => [process.execPath, path.join(fixtures, 'hostile.cjs')],
    };
    const base = { wallSeconds: 20, cpuSeconds: 10, outputBytes: 65536, processes: 32 };
    // The wall limit is the fork bomb's backstop, not its verdict: 32 copies of node must
    // start before the process limit refuses one, which takes seconds on a loaded machine
    // (wall came first once at a load of 3 on 2 cores with a fixed 5 s).
    const forkBombWall = () => Math.ceil(scaled(5000) / 1000);

    for (const as of users) {
      for (const [language, program] of Object.entries(languages)) {
        describe(`${language}, as ${as}`, () => {
          const after = (result: Result) => {
            expect(result.dirGone).toBe(true);
            expect(processesNaming(fixtures)).toEqual([]);
            if (result.containPid !== undefined) {
              expect(fs.existsSync(`/sys/fs/cgroup/pids/contain.${result.containPid}`)).toBe(false);
            }
          };

          it('a fork bomb: fork refused at the process limit', async () => {
            const result = await runContained(as, [...program(), 'fork-bomb'], {
              ...base,
              wallSeconds: forkBombWall(),
            });
            expect(result.verdict?.limit).toBe('nproc');
            expect(result.verdict?.message).toBe('fork refused: 32 processes');
            after(result);
          });

          it('printing forever: stopped at the output limit, with exactly that many bytes', async () => {
            const result = await runContained(as, [...program(), 'print-forever'], base);
            expect(result.verdict?.limit).toBe('output');
            expect(result.verdict?.message).toBe('stopped: 64 KiB of output');
            expect(result.stdoutBytes).toBe(65536);
            expect(result.stdout.slice(0, 4)).toBe('y\ny\n');
            after(result);
          });

          it('allocating forever: stopped at the address-space limit', async () => {
            const memoryBytes = language === 'C' ? 2 ** 30 : 1536 * 2 ** 20;
            const result = await runContained(as, [...program(), 'allocate-forever'], {
              ...base,
              memoryBytes,
            });
            expect(result.verdict?.limit).toBe('memory');
            expect(result.verdict?.message).toBe(
              `stopped: ${language === 'C' ? '1 GiB' : '1536 MiB'} of memory (RLIMIT_AS)`,
            );
            after(result);
          });

          it('opening fds without end: EMFILE at the open-files limit', async () => {
            const result = await runContained(as, [...program(), 'open-forever'], {
              ...base,
              openFiles: 64,
            });
            expect(result.verdict).toMatchObject({ status: 1, limit: null });
            // fds 0-2 are open, and nothing else of ours: the C program gets exactly 61 more.
            expect(result.stdout).toBe(
              language === 'C' ? 'open: Too many open files after 61\n' : 'open: EMFILE\n',
            );
            after(result);
          });

          it('spinning: killed at the CPU limit', async () => {
            const result = await runContained(as, [...program(), 'spin'], {
              ...base,
              cpuSeconds: 1,
            });
            expect(result.verdict?.limit).toBe('cpu');
            expect(result.verdict?.message).toBe('killed: 1 s of CPU time');
            expect(result.verdict?.signal).toBe(os.constants.signals.SIGXCPU);
            after(result);
          });

          it('sleeping forever: killed at the wall time', async () => {
            const result = await runContained(as, [...program(), 'sleep-forever'], {
              ...base,
              wallSeconds: 2,
            });
            expect(result.verdict?.limit).toBe('wall');
            expect(result.verdict?.message).toBe('killed: 2 s of wall time');
            expect(result.signal).toBe('SIGKILL'); // contain ends as the command did
            after(result);
          });

          it('a daemon that double-forks and stays: killed with the run', async () => {
            const name = `hd${process.pid % 100000}${language}`;
            const result = await runContained(as, [...program(), 'daemon', name], base);
            expect(result.verdict).toMatchObject({ status: 0, signal: 0, limit: null });
            expect(processesNaming(name)).toEqual([]);
            after(result);
          });

          it('a write outside its directory: refused, read-only file system', async () => {
            const outside = path.join(
              os.tmpdir(),
              `bsd-sockets-outside-${process.pid}-${language}-${as}`,
            );
            const result = await runContained(as, [...program(), 'write-outside', outside], base);
            expect(result.verdict).toMatchObject({ status: 1, limit: null });
            expect(result.stdout).toBe(
              `fopen ${outside}: ${language === 'C' ? 'Read-only file system' : 'EROFS'}\n`,
            );
            expect(fs.existsSync(outside)).toBe(false);
            after(result);
          });

          it('what it sees of the network: lo, and no route', async () => {
            const result = await runContained(as, [...program(), 'network'], base, true);
            expect(result.verdict).toMatchObject({ status: 0, limit: null });
            expect(result.stdout).toBe('interface lo\n');
            after(result);
          });

          it('closing and reopening fds 0-2: ends normally, nothing of ours reached', async () => {
            const result = await runContained(as, [...program(), 'reopen-stdio'], base);
            expect(result.verdict).toMatchObject({ status: 0, signal: 0, limit: null });
            expect(result.stdout).toBe('');
            after(result);
          });
        });
      }
    }
    // Where the kernel refuses an ordinary user a user namespace, contain falls back to its
    // limits, its watch and a subreaper, and says so. The same programs, forced into that mode
    // as an ordinary user: each is stopped with its reason, and the subreaper leaves nothing.
    // (It cannot keep the network or the files from them: that is what the note says.)
    const fallbackUser = ROOT ? 'nobody' : 'user';
    for (const [language, program] of Object.entries(languages)) {
      describe(`${language}, as ${fallbackUser}, without namespaces (the fallback)`, () => {
        const run = (what: string[], limits: Record<string, number>) =>
          runContained(fallbackUser, [...program(), ...what], limits, false, true);
        const after = (result: Result) => {
          expect(result.verdict?.contained).toBe('fallback');
          expect(result.verdict?.note).toBe(
            'no user namespace here (--no-namespaces): the program runs with its limits, in a ' +
              'process group below a subreaper; it shares your network and can write where you can',
          );
          expect(result.dirGone).toBe(true);
          expect(processesNaming(fixtures)).toEqual([]);
        };

        it('a fork bomb: fork refused at the process limit, every copy killed', async () => {
          const result = await run(['fork-bomb'], { ...base, wallSeconds: forkBombWall() });
          expect(result.verdict?.limit).toBe('nproc');
          after(result);
        });

        it('printing forever: stopped at the output limit', async () => {
          const result = await run(['print-forever'], base);
          expect(result.verdict?.message).toBe('stopped: 64 KiB of output');
          expect(result.stdoutBytes).toBe(65536);
          after(result);
        });

        it('spinning: killed at the CPU limit', async () => {
          const result = await run(['spin'], { ...base, cpuSeconds: 1 });
          expect(result.verdict?.message).toBe('killed: 1 s of CPU time');
          after(result);
        });

        it('sleeping forever: killed at the wall time', async () => {
          const result = await run(['sleep-forever'], { ...base, wallSeconds: 2 });
          expect(result.verdict?.message).toBe('killed: 2 s of wall time');
          after(result);
        });

        it('a daemon that double-forks and stays: killed by the subreaper', async () => {
          const name = `hf${process.pid % 100000}${language}`;
          const result = await run(['daemon', name], base);
          expect(result.verdict).toMatchObject({ status: 0, signal: 0, limit: null });
          expect(processesNaming(name)).toEqual([]);
          after(result);
        });
      });
    }
  },
);
