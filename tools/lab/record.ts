/**
 * bsd-sockets-lab: running a scenario and recording it. The server and the client each run
 * under `strace -f -ttt -T` (times of entry and duration of each call), the course's
 * `capture -X` watches lo for the scenario's port, and `sockstat -tuan` is sampled all
 * along. Meant to run inside a private network namespace (cli.ts re-runs itself under
 * `unshare -n` when root), where the slides' port 3000 is free and no other traffic exists.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import { startProgram, type RunningProgram } from '../../course/lib/harness';
import { cBinary, commandFor, missingBuild, type Language } from '../../course/programs';
import { TRACED_SYSCALLS } from '../trace/syscalls';
import { describeWait, liveWaits, type Progress } from '../progress';
import { SLEEP_CALLS } from './timeline';

/** Both in C, both in TS, a C server with a TS client (mixed), a TS server with a C client. */
export type Mode = 'c' | 'ts' | 'mixed' | 'mixed-ts-server';

/** Each mode's command-line option. */
export const MODE_OPTIONS: Record<Mode, string> = {
  c: '--c',
  ts: '--ts',
  mixed: '--mixed',
  'mixed-ts-server': '--mixed=ts-server',
};

export interface LabScenario {
  name: string;
  /** The lab question(s) it answers. */
  answers: string;
  protocol: 'tcp' | 'udp';
  server: { program: string; args: (port: number) => string[] };
  client: { program: string; args: (port: number) => string[] };
  /**
   * The restart case: the client sends this line and stays connected; the server is killed,
   * the client ends, and the server is started again (bind: Address already in use), then
   * `nc -l` (SO_REUSEADDR) binds the same port.
   */
  restart?: { line: string };
}

export const labScenarios: LabScenario[] = [
  {
    name: 'udp_ipv4',
    answers:
      'the slides\' UDP exchange: "Hello\\0" and "HELLO\\0", one datagram each, no connection',
    protocol: 'udp',
    server: { program: 'udp_ipv4/serveur_ipv4', args: (port) => [String(port)] },
    client: { program: 'udp_ipv4/client_ipv4', args: (port) => ['127.0.0.1', String(port)] },
  },
  {
    name: 'dualstack',
    answers:
      'dual stack: an IPv4 client reaches an AF_INET6 server, which sees it as ::ffff:127.0.0.1; IPv4 on the wire',
    protocol: 'udp',
    server: { program: 'udp_ipv6/serveur', args: (port) => [String(port)] },
    client: { program: 'udp_ipv4/client_ipv4', args: (port) => ['127.0.0.1', String(port)] },
  },
  {
    name: 'tp_udp',
    answers: 'lab 1.2 Q2–Q7: 3 questions, 3 numbered answers, the client port before/after sendto',
    protocol: 'udp',
    server: { program: 'tp_udp/serveuru', args: (port) => ['1', String(port)] },
    client: { program: 'tp_udp/clientu', args: (port) => ['1', '127.0.0.1', String(port)] },
  },
  {
    name: 'tp_tcp',
    answers: 'lab 1.3 Q2–Q7: the handshake, 3 exchanges, who closes first, TIME_WAIT on that side',
    protocol: 'tcp',
    server: { program: 'tp_tcp/serveur', args: (port) => ['1', String(port)] },
    client: { program: 'tp_tcp/clientt', args: (port) => ['1', '127.0.0.1', String(port)] },
  },
  {
    name: 'serveur_sleep',
    answers: 'lab 1.3 Q8–Q9: CLOSE_WAIT (server) and FIN_WAIT2 (client) during the 10 s sleep',
    protocol: 'tcp',
    server: { program: 'tp_tcp/serveur_sleep', args: (port) => ['1', String(port)] },
    client: { program: 'tp_tcp/clientt', args: (port) => ['1', '127.0.0.1', String(port)] },
  },
];

labScenarios.push({
  name: 'reuseaddr',
  answers:
    'the slides\' "bind: Address already in use": a server killed with a client connected leaves TIME-WAIT on its port; restarted, its bind fails; SO_REUSEADDR (nc -l) binds',
  protocol: 'tcp',
  server: { program: 'tcp/serveur', args: (port) => [String(port)] },
  client: { program: 'tcp/client', args: (port) => ['127.0.0.1', String(port)] },
  restart: { line: 'bonjour\n' },
});

export function findLabScenario(name: string): LabScenario | undefined {
  return labScenarios.find((s) => s.name === name);
}

export interface Snapshot {
  t: number;
  text: string;
}

export interface LabRecord {
  scenario: string;
  mode: Mode;
  port: number;
  /** True when run in a network namespace of its own. */
  netns: boolean;
  /** Seconds since the epoch at the start. */
  startedAt: number;
  server: { command: string[]; trace: string; stdout: string; stderr: string };
  client: {
    command: string[];
    trace: string;
    stdout: string;
    stderr: string;
    status: number | null;
  };
  capture: { command: string[]; text: string; stderr: string } | undefined;
  /** The restart case: the port of the fix (SO_REUSEADDR), the next one. */
  fixPort?: number;
  /** The restart case: the processes after the first server and client, each traced. */
  restarts?: {
    side: 'client' | 'server';
    command: string[];
    trace: string;
    stdout: string;
    stderr: string;
    status: number | null;
  }[];
  snapshots: Snapshot[];
  /** What went wrong along the way (a timeout), if anything. */
  notes: string[];
}

/** Seconds since the epoch, to the microsecond (strace's and SO_TIMESTAMP's clock). */
export function now(): number {
  return (performance.timeOrigin + performance.now()) / 1000;
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The language of the server and of the client in `mode`. */
export function languages(mode: Mode): { server: Language; client: Language } {
  return {
    server: mode === 'ts' || mode === 'mixed-ts-server' ? 'ts' : 'c',
    client: mode === 'ts' || mode === 'mixed' ? 'ts' : 'c',
  };
}

/** A course tool's command: its C build when there, else its TS port. */
function toolCommand(name: string, args: string[]): string[] {
  const c = existsSync(cBinary(`tools/${name}`));
  return commandFor(c ? 'c' : 'ts', `tools/${name}`, args);
}

/** Whether a socket on `port` is bound (UDP) or listening (TCP) in this network namespace. */
function bound(protocol: 'tcp' | 'udp', port: number): boolean {
  for (const table of [protocol, `${protocol}6`]) {
    let text = '';
    try {
      text = readFileSync(`/proc/net/${table}`, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 4) continue;
      if (parseInt(f[1].split(':')[1], 16) !== port) continue;
      if (protocol === 'udp' || f[3] === '0A') return true;
    }
  }
  return false;
}

/** The processes strace started (its children), found in /proc. */
function tracees(stracePid: number): number[] {
  try {
    return readdirSync(`/proc/${stracePid}/task`).flatMap((task) =>
      readFileSync(`/proc/${stracePid}/task/${task}/children`, 'utf8')
        .split(/\s+/)
        .filter(Boolean)
        .map(Number),
    );
  } catch {
    return [];
  }
}

/**
 * When process `pid` started (field 22 of /proc/PID/stat, in clock ticks since boot), or
 * undefined once it is gone. With the pid, it names one process: a pid is reused by another
 * once its process has ended (pid_max is 32768 here), and strace's own short-lived children
 * (forked at its start to test ptrace) are among the tracees seen.
 */
function startTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The fields after "(comm)": state is field 3, starttime field 22.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** Every tracee seen, with its start time: killed on the way out if it is still that process. */
const seenTracees = new Map<number, string>();
function noteTracees(stracePid: number): void {
  for (const pid of tracees(stracePid)) {
    if (seenTracees.has(pid)) continue;
    const started = startTime(pid);
    if (started !== undefined) seenTracees.set(pid, started);
  }
}
function killTracees(): void {
  for (const [pid, started] of seenTracees) {
    if (startTime(pid) !== started) continue; // ended, its pid maybe another process's now
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // ended meanwhile
    }
  }
}
process.on('exit', killTracees);
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.once(signal, killTracees);

/** Thrown out of a recording once Ctrl-C was pressed: record() keeps what it has. */
export class Interrupted extends Error {
  constructor() {
    super('interrupted');
  }
}

/** The note of a recording cut short by Ctrl-C. */
export const INTERRUPTED = 'interrupted (Ctrl-C): the timeline is what was recorded until then';

/**
 * Set by SIGINT (Ctrl-C: the terminal sends it to the whole process group, the traced
 * programs and strace included; killTracees ends what is left). No step starts after it.
 */
let interrupted = false;
process.once('SIGINT', () => {
  interrupted = true;
});
function checkInterrupted(): void {
  if (interrupted) throw new Interrupted();
}

interface Traced {
  program: RunningProgram;
  file: string;
  /** Stops the traced process (SIGTERM to the tracee, so that strace records it) and waits. */
  stop(): Promise<void>;
}

/** What each traced process is waiting in, for the progress line (when it is shown). */
let progressOf: Progress | undefined;

function traced(dir: string, label: string, command: string[], stdin?: 'open'): Traced {
  checkInterrupted();
  const file = join(dir, `${label}.strace`);
  const program = startProgram(
    [
      'strace',
      '-f',
      '-ttt',
      '-T',
      '-q',
      '-s',
      '256',
      '-e',
      `trace=${[...TRACED_SYSCALLS, ...SLEEP_CALLS].join(',')}`,
      '-o',
      file,
      ...command,
    ],
    { stdin },
  );
  const watch = setInterval(() => noteTracees(program.pid), 20);
  const side = PROGRESS_NAMES[label] ?? label;
  const unwatch = progressOf?.active
    ? progressOf.watch(() => [
        describeWait(side, liveWaits(existsSync(file) ? readFileSync(file, 'utf8') : ''), now()),
      ])
    : undefined;
  void program.done.finally(() => {
    clearInterval(watch);
    unwatch?.();
  });
  return {
    program,
    file,
    stop: async () => {
      for (const pid of tracees(program.pid)) process.kill(pid, 'SIGTERM');
      const timer = setTimeout(() => {
        for (const pid of tracees(program.pid)) process.kill(pid, 'SIGKILL');
        program.child.kill('SIGKILL');
      }, 5_000);
      await program.done.catch(() => undefined);
      clearTimeout(timer);
    },
  };
}

/** What the progress line calls each traced process. */
const PROGRESS_NAMES: Record<string, string> = {
  'server-again': 'server (started again)',
  'nc-l': 'nc -l',
  nc: 'nc',
  'nc-l-again': 'nc -l (started again)',
};

/** Waits until `test()` holds, `timeoutMs` at most; throws Interrupted after Ctrl-C. */
async function until(test: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    checkInterrupted();
    if (test()) return true;
    await delay(20);
  }
  return test();
}

export interface RecordOptions {
  mode: Mode;
  port: number;
  netns: boolean;
  /** Where capture also writes the packets, as a pcap file (capture -w). */
  pcap?: string;
  /** Client's run, at most (then killed). */
  clientTimeoutMs?: number;
  /** Where to say the step and what each side waits in (tools/progress.ts). */
  progress?: Progress;
  /** A user's server or client in place of the course's: its command for the arguments. */
  serverCommand?: (args: readonly string[]) => string[];
  clientCommand?: (args: readonly string[]) => string[];
}

/**
 * The course programs a run of `scenario` in `mode` starts, each in its language: the
 * server and the client, and for the restart case `nc` on both sides.
 */
export function neededPrograms(
  scenario: LabScenario,
  mode: Mode,
): { language: Language; name: string }[] {
  const lang = languages(mode);
  const needed = [
    { language: lang.server, name: scenario.server.program },
    { language: lang.client, name: scenario.client.program },
  ];
  if (scenario.restart)
    needed.push(
      { language: lang.server, name: 'tools/nc' },
      { language: lang.client, name: 'tools/nc' },
    );
  return needed.filter(
    (p, i) => needed.findIndex((q) => q.language === p.language && q.name === p.name) === i,
  );
}

/** The course tools the lab runs beside the scenario, in C when it can be built, else in TS. */
export const LAB_TOOLS: readonly string[] = ['tools/sockstat', 'tools/capture'];

/**
 * Why the scenario cannot run (a build missing, strace missing), or null. Each C program it
 * needs that is not built yet is built here, on first use (missingBuild: `make -C course`),
 * so that every scenario runs from a fresh clone; the capture and sockstat too, when gcc is
 * there (else their TS ports run).
 */
export function missing(scenario: LabScenario, mode: Mode): string | null {
  if (spawnSync('strace', ['-V']).error) return 'strace is not installed';
  for (const { language, name } of neededPrograms(scenario, mode)) {
    const why = missingBuild(language, name);
    if (why !== null) return why;
  }
  for (const tool of LAB_TOOLS) missingBuild('c', tool); // else toolCommand runs its TS port
  return null;
}

/**
 * Stops capture with SIGTERM: in recvmsg, it reads what is queued and prints its counts. A
 * SIGTERM that comes while it prints a packet interrupts no call: sent again every 200 ms,
 * for 10 s at most, then SIGKILL.
 */
async function stopCapture(capture: RunningProgram): Promise<void> {
  const running = (): boolean =>
    capture.child.exitCode === null && capture.child.signalCode === null;
  for (let i = 0; i < 50 && running(); i++) {
    capture.child.kill('SIGTERM');
    await Promise.race([capture.done, delay(200)]);
  }
  if (running()) capture.child.kill('SIGKILL');
  await capture.done;
}

/** Runs `scenario` once and returns all that was recorded. */
export async function record(scenario: LabScenario, options: RecordOptions): Promise<LabRecord> {
  const { mode, port } = options;
  const lang = languages(mode);
  progressOf = options.progress;
  const step = (text: string): void => options.progress?.step(text);
  // The course's program for each side, or the user's given in its place.
  const command = {
    server: (args: readonly string[]) =>
      options.serverCommand?.(args) ?? commandFor(lang.server, scenario.server.program, args),
    client: (args: readonly string[]) =>
      options.clientCommand?.(args) ?? commandFor(lang.client, scenario.client.program, args),
  };
  const dir = mkdtempSync(join(tmpdir(), 'bsd-sockets-lab-'));
  const notes: string[] = [];
  const startedAt = now();
  const snapshots: Snapshot[] = [];
  const root = process.getuid?.() === 0;
  let capture: RunningProgram | undefined;
  let server: Traced | undefined;
  let client: Traced | undefined;
  let sampling = true;
  let sampler: Promise<void> | undefined;
  const restarts: (Traced & { side: 'client' | 'server' })[] = [];
  const sockstat = toolCommand('sockstat', ['-tuan']);
  const sample = async (): Promise<void> => {
    const p = startProgram(sockstat);
    const r = await p.done.catch(() => undefined);
    // Stamped at its end: the dump is read after the start-up, near the end of the run.
    if (r?.status === 0) snapshots.push({ t: now(), text: r.stdout.toString() });
  };
  try {
    if (root) {
      step('starting the capture on lo');
      // The restart case uses two ports: everything (the namespace is private, or no capture).
      const filter = scenario.restart && options.netns ? [] : ['port', String(port)];
      const pcap = options.pcap === undefined ? [] : ['-w', options.pcap];
      const command = toolCommand('capture', ['-X', ...pcap, ...filter]);
      capture = startProgram(command, { env: { ...process.env, TZ: 'UTC' } });
      const ready = await until(
        () => /listening on/.test(capture!.output().stderr.toString()),
        20_000,
      );
      if (!ready) notes.push(`capture did not start: ${capture.output().stderr.toString()}`);
    } else {
      notes.push('not root: no capture (AF_PACKET needs CAP_NET_RAW), no packets lane');
    }
    sampler = (async () => {
      while (sampling) {
        await sample();
        await delay(30);
      }
    })();
    step('starting the server');
    server = traced(dir, 'server', command.server(scenario.server.args(port)));
    if (!(await until(() => bound(scenario.protocol, port), 20_000)))
      throw new Error(
        `the server did not bind port ${port}: ${server.program.output().stderr.toString()}`,
      );
    if (scenario.restart) {
      await restartCase(
        scenario,
        scenario.restart.line,
        server,
        dir,
        port,
        lang,
        command,
        snapshots,
        restarts,
        notes,
        (c) => (client = c),
      );
    } else {
      step('the client and the server');
      client = traced(dir, 'client', command.client(scenario.client.args(port)));
      const clientTimer = setTimeout(() => {
        notes.push('the client was killed: it ran too long');
        void client!.stop();
      }, options.clientTimeoutMs ?? 30_000);
      await client.program.done.catch(() => undefined);
      clearTimeout(clientTimer);
      checkInterrupted();
      if (scenario.protocol === 'tcp') {
        step('waiting for the server to close');
        // Until the server has closed its end (only its listening socket left), or 20 s.
        const closed = await until(() => {
          const last = snapshots[snapshots.length - 1];
          if (!last || last.t < now() - 1) return false;
          return last.text
            .split('\n')
            .slice(1)
            .every((line) => {
              const f = line.trim().split(/\s+/);
              return !(f[4]?.endsWith(`:${port}`) && f[1] !== 'LISTEN');
            });
        }, 20_000);
        if (!closed) notes.push('the server had not closed the connection after 20 s');
      } else {
        await delay(200);
      }
    }
    sampling = false;
    await sampler;
    step('the final socket states');
    await sample(); // the final state (TIME-WAIT lasts 60 s)
    await server.stop();
    await delay(100);
  } catch (e) {
    if (!(e instanceof Interrupted)) throw e;
    notes.push(INTERRUPTED);
  } finally {
    sampling = false;
    await sampler; // its sockstat ended too
    await server?.stop();
    await client?.stop();
    for (const r of restarts) await r.stop();
    if (capture) await stopCapture(capture);
  }
  const read = (file: string): string => (existsSync(file) ? readFileSync(file, 'utf8') : '');
  const nothing = async (command: string[]) => ({
    command,
    stdout: Buffer.alloc(0),
    stderr: Buffer.alloc(0),
    status: null,
  });
  const s = await (server?.program.done.catch(() => nothing([])) ?? nothing([]));
  const c = await (client?.program.done.catch(() => nothing([])) ?? nothing([]));
  const cap = capture ? await capture.done : undefined;
  // Stopped by SIGTERM, capture reads what is queued, then says what the kernel dropped.
  const dropped = /^(\d+) packets dropped by kernel$/m.exec(cap?.stderr.toString() ?? '');
  if (cap && !dropped) notes.push('capture ended without its counts: packets may be missing');
  if (dropped && dropped[1] !== '0')
    notes.push(`capture: ${dropped[1]} packets dropped by kernel, missing from the timeline`);
  const result: LabRecord = {
    scenario: scenario.name,
    mode,
    port,
    netns: options.netns,
    startedAt,
    server: {
      command: s.command,
      trace: server ? read(server.file) : '',
      stdout: s.stdout.toString('utf8'),
      stderr: s.stderr.toString('utf8'),
    },
    client: {
      command: c.command,
      trace: client ? read(client.file) : '',
      stdout: c.stdout.toString('utf8'),
      stderr: c.stderr.toString('utf8'),
      status: c.status,
    },
    capture: cap && {
      command: cap.command,
      text: cap.stdout.toString('utf8'),
      stderr: cap.stderr.toString('utf8'),
    },
    snapshots,
    notes,
  };
  if (scenario.restart) {
    result.fixPort = port + 1;
    result.restarts = [];
    for (const r of restarts) {
      const done = await r.program.done;
      result.restarts.push({
        side: r.side,
        command: done.command,
        trace: read(r.file),
        stdout: done.stdout.toString('utf8'),
        stderr: done.stderr.toString('utf8'),
        status: done.status,
      });
    }
  }
  rmSync(dir, { recursive: true, force: true });
  return result;
}

/** Whether the last snapshot, taken within the last second, shows `state` on the port's side. */
function serverSideIn(snapshots: readonly Snapshot[], port: number, state: string): boolean {
  const last = snapshots[snapshots.length - 1];
  if (!last || last.t < now() - 1) return false;
  return last.text.split('\n').some((line) => {
    const f = line.trim().split(/\s+/);
    return f[1] === state && f[4]?.endsWith(`:${port}`);
  });
}

/**
 * The restart case (see LabScenario.restart), measured: a server killed with a client
 * connected (its kernel sends the FIN), the client's stdin ended (it closes too): the
 * server's side of the connection is in TIME-WAIT, and the server started again fails in
 * bind (EADDRINUSE). SO_REUSEADDR set by the new server alone is not enough on Linux: the
 * TIME-WAIT socket must come from a socket that had it too (its tw_reuse). So the fix is
 * shown on the next port, the same sequence with `nc -l`, which sets SO_REUSEADDR before
 * bind: killed with `nc` connected, TIME-WAIT, started again, and it binds.
 */
async function restartCase(
  scenario: LabScenario,
  line: string,
  server: Traced,
  dir: string,
  port: number,
  lang: { server: Language; client: Language },
  command: Record<'server' | 'client', (args: readonly string[]) => string[]>,
  snapshots: readonly Snapshot[],
  restarts: (Traced & { side: 'client' | 'server' })[],
  notes: string[],
  setClient: (client: Traced) => void,
): Promise<void> {
  const add = (side: 'client' | 'server', label: string, command: string[]): Traced => {
    const t = Object.assign(traced(dir, label, command, 'open'), { side });
    restarts.push(t);
    return t;
  };
  const finish = async (t: Traced): Promise<void> => {
    const timer = setTimeout(() => void t.stop(), 20_000);
    await t.program.done.catch(() => undefined);
    clearTimeout(timer);
  };
  const client = traced(dir, 'client', command.client(scenario.client.args(port)), 'open');
  setClient(client);
  progressOf?.step('a client connected, the server killed');
  client.program.child.stdin?.write(line);
  if (!(await until(() => client.program.output().stdout.length > 0, 20_000)))
    notes.push('the client got no answer in 20 s');
  await delay(100);
  await server.stop();
  client.program.child.stdin?.end();
  await finish(client);
  if (!(await until(() => serverSideIn(snapshots, port, 'TIME-WAIT'), 10_000)))
    notes.push(`no TIME-WAIT seen on port ${port} in 10 s`);
  progressOf?.step('the server started again');
  const again = add('server', 'server-again', command.server(scenario.server.args(port)));
  again.program.child.stdin?.end();
  await finish(again);

  // The fix, on the next port: nc -l sets SO_REUSEADDR.
  const fixPort = port + 1;
  const nc = (side: 'client' | 'server', args: string[]): string[] =>
    commandFor(lang[side], 'tools/nc', args);
  progressOf?.step(`the fix: nc -l on port ${fixPort}`);
  const first = add('server', 'nc-l', nc('server', ['-l', String(fixPort)]));
  if (!(await until(() => bound('tcp', fixPort), 20_000)))
    notes.push(`nc -l did not bind port ${fixPort}: ${first.program.output().stderr.toString()}`);
  const peer = add('client', 'nc', nc('client', ['127.0.0.1', String(fixPort)]));
  peer.program.child.stdin?.write(line);
  if (!(await until(() => first.program.output().stdout.length > 0, 20_000)))
    notes.push('nc -l got nothing in 20 s');
  await delay(100);
  await first.stop();
  peer.program.child.stdin?.end();
  await finish(peer);
  if (!(await until(() => serverSideIn(snapshots, fixPort, 'TIME-WAIT'), 10_000)))
    notes.push(`no TIME-WAIT seen on port ${fixPort} in 10 s`);
  const second = add('server', 'nc-l-again', nc('server', ['-l', String(fixPort)]));
  if (!(await until(() => bound('tcp', fixPort), 20_000)))
    notes.push(
      `nc -l, started again, did not bind port ${fixPort}: ${second.program.output().stderr.toString()}`,
    );
  await delay(100);
  await second.stop();
}
