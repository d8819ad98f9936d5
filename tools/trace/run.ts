/**
 * Runs a command under `strace -f`, writing the trace to a temporary file, with a timeout.
 *
 * Flags (STRACE_FLAGS), and why:
 *   -f          follow forks and threads: Node calls getaddrinfo on a worker thread, and
 *               fork servers serve on children. With -o FILE every line starts with its pid.
 *   -q          no "attached"/"detached" chatter, but keep `+++ killed by SIG… +++`
 *               (-qq would drop it, and with it the SIGPIPE death this tool must show).
 *   -s 256      payloads up to 256 bytes, enough for course messages, so they are compared too.
 *   -e trace=…  the socket API, plus what the fd following needs: read/write/close and
 *               friends (on sockets they are socket calls), dup, dup2, dup3, fcntl,
 *               close_range (fds that end or appear without a socket call), clone, clone3,
 *               fork, vfork, execve (fd tables per process), poll/select (waiting on sockets).
 * Not used: -yy (annotates fds with socket addresses and inode numbers read from /proc when
 * the line is printed: run-dependent text, racy after close; following fds from their
 * creation already tells sockets from other fds); -x/-xx (escapes are parseable as they are,
 * and payloads stay readable); -T/-t (times differ on every run); --seccomp-bpf (no gain here,
 * and it fails where seccomp is unavailable).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { packageRoot } from '../../course/programs';
import { TRACED_SYSCALLS } from './syscalls';

export const STRACE_FLAGS: readonly string[] = [
  '-f',
  // Pids that processes in a PID namespace of their own see (a user's program under contain)
  // are also given as strace's own: parseResult takes those.
  '--decode-pids=pidns',
  '-q',
  '-s',
  '256',
  '-e',
  `trace=${TRACED_SYSCALLS.join(',')}`,
];

export const DEFAULT_TIMEOUT_MS = 30_000;

/** What one side's command and output are capped at, so a runaway program cannot fill memory. */
const OUTPUT_LIMIT = 1 << 20;

export interface TraceOptions {
  timeoutMs?: number;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /**
   * The command's stdin, as a regular file holding these bytes; without it, /dev/null. A file,
   * not a pipe: a pipe closed by its writer adds POLLHUP to what poll(2) reports on it, and
   * whether the writer has closed when the program polls is a race between two processes
   * (seen with `nc -u`: C and TS traces differing by one POLLHUP, each run correct).
   */
  stdin?: string | Uint8Array;
  /**
   * Runs beside the traced command, e.g. the client of a traced server; it must wait itself
   * until the command is ready (a port accepts, or `traced.pid()` is blocked in accept: see
   * blocked.ts). When it settles and the command still runs, the command gets SIGTERM:
   * servers loop forever. Its failure fails the trace.
   */
  whileTraced?: WhileTraced;
}

/** What a whileTraced helper knows of the traced command. */
export interface TracedCommand {
  /** The traced command's pid (strace's child), once strace has started it; else undefined. */
  pid: () => number | undefined;
  /** Whether strace (and so the command) has ended. */
  ended?: () => boolean;
}

export type WhileTraced = (traced: TracedCommand) => void | Promise<void>;

export interface TraceRun {
  command: string[];
  /** strace's output. */
  trace: string;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** The program's stdout; stderr has the program's stderr and strace's own messages. */
  stdout: string;
  stderr: string;
  /** The server port the side's setup reported, for normalization. */
  serverPort?: number;
  /** The runs traced beside this one (a traced server's clients, in the order they ran). */
  beside?: TraceRun[];
}

/** What a side's setup returns: the command to trace, once its helpers (a server) run. */
export interface PreparedSide {
  command: string[];
  /** Port of the helper server: replaced by SERVER_PORT when the traces are compared. */
  serverPort?: number;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** See TraceOptions.stdin. */
  stdin?: string | Uint8Array;
  /** See TraceOptions.whileTraced: a helper that runs while the command is traced. */
  whileTraced?: WhileTraced;
  /** Stops the helpers; called after the trace, even when tracing failed. */
  stop?: () => void | Promise<void>;
  /** Filled by whileTraced with the helpers it traced too (TraceRun.beside). */
  beside?: TraceRun[];
}

/** A side: a plain command, or a setup that starts helpers and returns the command. */
export type Side = readonly string[] | (() => PreparedSide | Promise<PreparedSide>);

export async function traceSide(side: Side, options: TraceOptions = {}): Promise<TraceRun> {
  const prepared: PreparedSide = typeof side === 'function' ? await side() : { command: [...side] };
  try {
    const run = await traceCommand(prepared.command, {
      ...options,
      cwd: prepared.cwd ?? options.cwd,
      env: prepared.env ?? options.env,
      stdin: prepared.stdin ?? options.stdin,
      whileTraced: prepared.whileTraced ?? options.whileTraced,
    });
    return {
      ...run,
      ...(prepared.serverPort === undefined ? {} : { serverPort: prepared.serverPort }),
      ...(prepared.beside === undefined ? {} : { beside: prepared.beside }),
    };
  } finally {
    await prepared.stop?.();
  }
}

/** How long a finished command waits for its whileTraced helper before the trace is read. */
const HELPER_GRACE_MS = 5_000;

/**
 * Called with each trace file as strace starts writing it, and its command; returns what to
 * call when the run ends. The CLI's progress line (tools/progress.ts) reads it live.
 */
export const liveTraces = new Set<(file: string, command: readonly string[]) => () => void>();

export async function traceCommand(
  command: readonly string[],
  options: TraceOptions = {},
): Promise<TraceRun> {
  if (command.length === 0) throw new Error('traceCommand: empty command');
  const directory = mkdtempSync(join(tmpdir(), 'bsd-sockets-trace-'));
  const traceFile = join(directory, 'trace.txt');
  try {
    let stdin: number | 'ignore' = 'ignore';
    if (options.stdin !== undefined) {
      const stdinFile = join(directory, 'stdin');
      writeFileSync(stdinFile, options.stdin);
      stdin = openSync(stdinFile, 'r');
    }
    let strace;
    try {
      // Own process group, so that a timeout kills strace and every process it traces at once.
      strace = spawn('strace', [...STRACE_FLAGS, '-o', traceFile, '--', ...command], {
        cwd: options.cwd,
        env: options.env,
        stdio: [stdin, 'pipe', 'pipe'],
        detached: true,
      });
    } finally {
      if (typeof stdin === 'number') closeSync(stdin); // the child has its own copy
    }
    const stdout = capture(strace.stdout);
    const stderr = capture(strace.stderr);
    const ended = ending(strace);
    const unwatch = [...liveTraces].map((watch) => watch(traceFile, command));
    void ended.finally(() => unwatch.forEach((done) => done())).catch(() => undefined);
    let timedOut = false;
    let graceTimer: NodeJS.Timeout | undefined;
    // At the timeout, SIGTERM to the traced processes, not SIGKILL to strace with them: strace
    // then records the call each one was blocked in, interrupted, and its death, as for a
    // server stopped by its scenario; a SIGKILLed strace would leave that call cut or unwritten.
    // SIGKILL to the whole group only if they are still there after STOP_GRACE_MS.
    const timer = setTimeout(() => {
      timedOut = true;
      terminateGroupMembers(strace);
      graceTimer = setTimeout(() => killGroup(strace), STOP_GRACE_MS);
    }, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    let straceEnded = false;
    void ended.then(
      () => (straceEnded = true),
      () => (straceEnded = true),
    );
    const traced: TracedCommand = { pid: () => commandPid(strace), ended: () => straceEnded };
    const helper = runHelper(options.whileTraced, traced, ended, () => terminateTraced(strace));
    const { exitCode, signal } = await ended.finally(() => {
      clearTimeout(timer);
      clearTimeout(graceTimer);
    });
    // Whatever the program left running in its group goes with it.
    killGroup(strace);
    const helperError = await Promise.race([helper, delay(HELPER_GRACE_MS)]);
    // The traced command's last words say why the helper failed (a bind that failed, say).
    if (helperError !== undefined) throw withStderr(helperError, stderr());
    const trace = existsSync(traceFile) ? readFileSync(traceFile, 'utf8') : '';
    // No trace: strace failed before running the command; its stderr says why.
    if (trace === '')
      throw new Error(`strace wrote no trace for ${command.join(' ')}: ${stderr().trim()}`);
    return {
      command: [...command],
      trace,
      exitCode,
      signal,
      timedOut,
      stdout: stdout(),
      stderr: stderr(),
    };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/** `error`, its message followed by the last lines of `stderr` (strace's and the command's). */
function withStderr(error: unknown, stderr: string): unknown {
  const last = stderr.trim().split('\n').slice(-3).join(' | ');
  if (!(error instanceof Error) || last === '') return error;
  error.message += ` (the traced command's stderr ends: ${last})`;
  return error;
}

function ending(
  child: ChildProcess,
): Promise<{ exitCode: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    child.on('error', (error) => reject(new Error(`cannot run strace: ${error.message}`)));
    child.on('close', (exitCode, signal) => resolve({ exitCode, signal }));
  });
}

/** Runs the helper; resolves to its error, if any, once it settled and the command was told to stop. */
async function runHelper(
  helper: WhileTraced | undefined,
  traced: TracedCommand,
  ended: Promise<unknown>,
  stopCommand: () => void,
): Promise<unknown> {
  if (helper === undefined) return undefined;
  let exited = false;
  void ended.then(
    () => (exited = true),
    () => (exited = true),
  );
  let failure: unknown;
  try {
    await helper(traced);
  } catch (error) {
    failure = error;
  }
  if (!exited) stopCommand();
  return failure;
}

function killGroup(strace: ChildProcess): void {
  try {
    if (strace.pid !== undefined) process.kill(-strace.pid, 'SIGKILL');
  } catch {
    // The group is already gone.
  }
}

/** How long processes SIGTERMed at a timeout have to die before their group is SIGKILLed. */
const STOP_GRACE_MS = 3_000;

/** SIGTERM to every process of strace's group but strace: the command and what it started. */
function terminateGroupMembers(strace: ChildProcess): void {
  if (strace.pid === undefined) return;
  for (const pid of groupMembers(strace.pid)) {
    if (pid === strace.pid) continue;
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // It exited meanwhile.
    }
  }
}

/** The pids of process group `group` (field 5 of /proc/<pid>/stat, after the command's name). */
function groupMembers(group: number): number[] {
  const members: number[] = [];
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return members;
  }
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === group) members.push(Number(name));
    } catch {
      // Gone between readdir and read.
    }
  }
  return members;
}

/** The processes strace runs: the traced command (strace's children). */
function tracedPids(strace: ChildProcess): number[] {
  if (strace.pid === undefined) return [];
  try {
    return readFileSync(`/proc/${strace.pid}/task/${strace.pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter((text) => text !== '')
      .map(Number);
  } catch {
    return []; // strace is gone already.
  }
}

/**
 * The traced command's pid: strace's child once it runs the command. Not any child of strace:
 * strace forks children of its own at its start, to test what ptrace supports (seen here: two,
 * one after the other, each gone within milliseconds, sometimes with no child between them),
 * and a helper that took one for the command would see it end and think the command ended. A
 * child still running strace's own executable is one of those, or the command before its exec.
 */
function commandPid(strace: ChildProcess): number | undefined {
  if (strace.pid === undefined) return undefined;
  const straceExe = executableOf(strace.pid);
  const command = tracedPids(strace).find((pid) => {
    const exe = executableOf(pid);
    return exe !== undefined && exe !== straceExe;
  });
  return command === undefined ? undefined : belowContain(command);
}

/**
 * A user's program runs below contain (tools/sandbox): contain, then the init of its PID
 * namespace, then the program. The program is the first process down that chain that no
 * longer runs contain's executable; undefined until it has started.
 */
function belowContain(pid: number): number | undefined {
  let at = pid;
  for (let depth = 0; depth < 3; depth++) {
    if (executableOf(at) !== CONTAIN) return at;
    const children = childrenOf(at);
    if (children.length === 0) return undefined;
    at = children[0];
  }
  return undefined;
}

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter((text) => text !== '')
      .map(Number);
  } catch {
    return [];
  }
}

/** contain's executable, where tools/sandbox builds it. */
const CONTAIN = join(packageRoot(), 'tools', 'sandbox', 'bin', 'contain');

function executableOf(pid: number): string | undefined {
  try {
    return readlinkSync(`/proc/${pid}/exe`);
  } catch {
    return undefined; // gone, or a zombie
  }
}

/** SIGTERM to the command strace runs (strace's children), so that the trace records its death. */
function terminateTraced(strace: ChildProcess): void {
  for (const pid of tracedPids(strace)) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // It exited meanwhile.
    }
  }
}

function delay(ms: number): Promise<undefined> {
  return new Promise((resolve) => setTimeout(() => resolve(undefined), ms).unref());
}

function capture(stream: NodeJS.ReadableStream | null): () => string {
  const chunks: Buffer[] = [];
  let size = 0;
  stream?.on('data', (chunk: Buffer) => {
    if (size < OUTPUT_LIMIT) chunks.push(chunk);
    size += chunk.length;
  });
  return () => Buffer.concat(chunks).toString('utf8');
}

export interface PtraceCheck {
  available: boolean;
  /** Why not, for a test's skip message; '' when available. */
  reason: string;
}

let ptraceCheck: PtraceCheck | undefined;

/** Whether `strace -f true` works here (strace installed, ptrace permitted). Cached. */
export function ptraceAvailable(): PtraceCheck {
  if (ptraceCheck) return ptraceCheck;
  const result = spawnSync('strace', ['-f', '-o', '/dev/null', '--', 'true'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: 10_000,
    encoding: 'utf8',
  });
  if (result.error) {
    const missing = (result.error as NodeJS.ErrnoException).code === 'ENOENT';
    ptraceCheck = {
      available: false,
      reason: missing ? 'strace is not installed' : `strace: ${result.error.message}`,
    };
  } else if (result.status !== 0) {
    ptraceCheck = {
      available: false,
      reason: `strace -f true failed (ptrace not permitted?): ${result.stderr.trim()}`,
    };
  } else ptraceCheck = { available: true, reason: '' };
  return ptraceCheck;
}

/** The kernel's range for ephemeral ports, or the Linux default when it cannot be read. */
export function localPortRange(): [number, number] {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
      .trim()
      .split(/\s+/)
      .map(Number);
    if (low > 0 && high >= low) return [low, high];
  } catch {
    // Not Linux, or /proc not mounted.
  }
  return [32768, 60999];
}
