/**
 * Containment for code nobody has vouched for: what `bsd-sockets-course check` (and every
 * tool that runs a user's file) wraps around a user's program. The work is done by a small C
 * launcher, tools/sandbox/contain.c (built with gcc on first use, like the course's C
 * references), because what it needs has no Node API: unshare(2), mount_setattr(2),
 * setrlimit(2), a PID namespace's init, setuid(2). Its comment says what each layer is.
 *
 * What a contained run guarantees (docs/checking.md says it for users):
 *  - it sees only `lo` and no route (`netns`), or the caller's network namespace — which the
 *    checker makes a private one for the whole scenario, reference peers included;
 *  - it writes only in its own directory, removed by cleanup(); everything else is read-only;
 *  - as root it runs as `nobody` (or `user`); as an ordinary user it runs inside a user
 *    namespace, where the kernel allows one (containmentSupport() says when it does not);
 *  - nothing outlives it: when the command ends, or breaks a limit, the kernel kills every
 *    process of its PID namespace, double-forked daemons included;
 *  - its limits (Limits) are enforced, and the one it broke is named in its Verdict.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { packageRoot } from '../../course/programs';

/** What a contained command may use. Each has a default (DEFAULT_LIMITS) and an option. */
export interface Limits {
  /** RLIMIT_CPU, per process: SIGXCPU at this many seconds of CPU time. */
  cpuSeconds: number;
  /** RLIMIT_AS, per process, in bytes. Node itself maps about 0.75 GiB at start. */
  memoryBytes: number;
  /** Tasks (processes and their threads, as RLIMIT_NPROC and pids.max count them). */
  processes: number;
  /** RLIMIT_NOFILE. */
  openFiles: number;
  /** Wall time of the whole run, in seconds. */
  wallSeconds: number;
  /** Bytes of stdout and stderr together; past it the run is stopped. */
  outputBytes: number;
}

export const DEFAULT_LIMITS: Readonly<Limits> = {
  cpuSeconds: 10,
  memoryBytes: 2 * 1024 ** 3,
  processes: 128,
  openFiles: 256,
  wallSeconds: 30,
  outputBytes: 1024 ** 2,
};

/** The limit a run broke, as contain names it. */
export type BrokenLimit = 'wall' | 'output' | 'cpu' | 'memory' | 'nproc';

/** How a contained run ended, from contain's report (written outside the command's reach). */
export interface Verdict {
  /** The exit code, or -1 when the command was killed by a signal. */
  status: number;
  /** The signal that ended it, or 0. */
  signal: number;
  /** The limit it broke, or null. */
  limit: BrokenLimit | null;
  /** The limit in words: `killed: 10 s of wall time`, `stopped: 1 MiB of output`, … */
  message: string;
  peakProcesses: number;
  peakVirtualBytes: number;
  outputBytes: number;
  cpuSeconds: number;
  seconds: number;
  /** `namespaces`, or `fallback` where no user namespace could be made (`note` says why). */
  contained: 'namespaces' | 'fallback';
  note: string;
}

export interface ContainOptions {
  /** A network namespace of its own with only lo (default: the caller's). */
  netns?: boolean;
  /** As root, the user to run as (default `nobody`); refused for an ordinary user. */
  user?: string;
  limits?: Partial<Limits>;
  /**
   * No namespaces: only the rlimits, the watch and a subreaper — what contain falls back to
   * by itself where the kernel refuses an ordinary user a user namespace. For tests of that
   * fallback; the verdict's `contained` says which a run had.
   */
  noNamespaces?: boolean;
  /** fds above 2 the command keeps (an extra stdio pipe of spawn); all others are closed. */
  keepFds?: readonly number[];
}

/** One contained run: the command line to spawn, its directory, its verdict once ended. */
export interface ContainedRun {
  /** `[contain, options…, '--', ...command]`: give it to spawn(). */
  argv: string[];
  /** The only directory the command may write; its working directory. */
  dir: string;
  /** The verdict, once the spawned argv has exited; null before, or if contain failed. */
  verdict(): Verdict | null;
  /** Removes the directory and the report. Call it once the run has ended. */
  cleanup(): void;
}

const SOURCE = 'tools/sandbox/contain.c';

/** The launcher's path, built from its source when missing or older (gcc, as the course's C). */
export function containBinary(): string {
  const root = packageRoot();
  const source = path.join(root, SOURCE);
  const binary = path.join(root, 'tools', 'sandbox', 'bin', 'contain');
  const stale = !fs.existsSync(binary) || fs.statSync(binary).mtimeMs < fs.statSync(source).mtimeMs;
  if (stale) {
    fs.mkdirSync(path.dirname(binary), { recursive: true });
    const gcc = spawnSync('gcc', ['-Wall', '-Wextra', '-Werror', '-O2', '-o', binary, source], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    if (gcc.status !== 0) {
      throw new Error(
        `bsd-sockets sandbox: building ${SOURCE} failed (gcc needed: apt-get install gcc): ` +
          (gcc.error?.message ?? gcc.stderr),
      );
    }
  }
  return binary;
}

/**
 * Whether contained runs work here, and how: as root (nobody, unshare), or as an ordinary
 * user in a user namespace; or why not (user namespaces disabled: sysctl
 * user.max_user_namespaces = 0, or kernel.unprivileged_userns_clone = 0 on Debian's older
 * kernels, or a seccomp profile that refuses unshare, as in some containers).
 */
export function containmentSupport(): { ok: true; how: string } | { ok: false; why: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'contain-probe-'));
  try {
    fs.chmodSync(dir, 0o777);
    const probe = spawnSync(containBinary(), ['--netns', '--dir', dir, '--', 'true'], {
      encoding: 'utf8',
      timeout: 10_000,
    });
    if (probe.status === 0) {
      const root = process.geteuid?.() === 0;
      return {
        ok: true,
        how: root
          ? 'as root: the program runs as nobody, in namespaces of its own'
          : 'as an ordinary user: the program runs in a user namespace of its own',
      };
    }
    return { ok: false, why: (probe.stderr || probe.error?.message || 'contain failed').trim() };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Under the ASan runtime (LD_PRELOAD of libasan, as scripts/test-asan.sh runs everything), a
 * process reserves terabytes of address space for its shadow memory at start: no RLIMIT_AS
 * can hold it, so the address-space limit is left off (`--memory 0`) there, and only there.
 */
const ASAN_PRELOADED = (process.env.LD_PRELOAD ?? '').includes('libasan');

function checkedLimits(limits: Partial<Limits> | undefined): Limits {
  const all = { ...DEFAULT_LIMITS, ...limits };
  for (const [name, value] of Object.entries(all)) {
    if (!Number.isFinite(value) || value <= 0) {
      throw new RangeError(
        `bsd-sockets sandbox: limit ${name} must be a positive number, not ${value}`,
      );
    }
  }
  if (all.cpuSeconds < 1)
    throw new RangeError('bsd-sockets sandbox: cpuSeconds must be at least 1');
  if (all.openFiles < 3) throw new RangeError('bsd-sockets sandbox: openFiles must be at least 3');
  return all;
}

/**
 * Prepares a contained run of `command` (its argv: the program and its arguments). Nothing
 * runs until the caller spawns `argv`; the caller kills it (SIGTERM, SIGKILL) as it would the
 * command, and contain passes SIGTERM/SIGINT/SIGHUP/SIGQUIT on.
 */
export function contain(command: readonly string[], options: ContainOptions = {}): ContainedRun {
  if (command.length === 0) throw new TypeError('bsd-sockets sandbox: contain: no command');
  const limits = checkedLimits(options.limits);
  // The report sits beside the command's directory, where the command cannot write: a
  // directory of ours that it may only traverse (0711) to reach its own (0777 until contain
  // gives it to nobody; an ordinary user's namespace maps its root to this user).
  const top = fs.mkdtempSync(path.join(os.tmpdir(), 'bsd-sockets-run-'));
  fs.chmodSync(top, 0o711);
  const dir = path.join(top, 'work');
  fs.mkdirSync(dir, { mode: 0o700 });
  const report = path.join(top, 'verdict.json');
  const argv = [
    containBinary(),
    ...(options.netns ? ['--netns'] : []),
    ...(options.noNamespaces ? ['--no-namespaces'] : []),
    ...(options.user !== undefined ? ['--user', options.user] : []),
    ...['--dir', dir, '--report', report],
    ...['--cpu', String(limits.cpuSeconds)],
    ...['--memory', ASAN_PRELOADED ? '0' : String(Math.floor(limits.memoryBytes))],
    ...['--nproc', String(limits.processes), '--nofile', String(limits.openFiles)],
    ...['--wall', String(limits.wallSeconds), '--output', String(Math.floor(limits.outputBytes))],
    ...(options.keepFds ?? []).flatMap((fd) => ['--keep-fd', String(fd)]),
    '--',
    ...command,
  ];
  return {
    argv,
    dir,
    verdict() {
      try {
        return JSON.parse(fs.readFileSync(report, 'utf8')) as Verdict;
      } catch {
        return null;
      }
    },
    cleanup() {
      fs.rmSync(top, { recursive: true, force: true });
    },
  };
}
