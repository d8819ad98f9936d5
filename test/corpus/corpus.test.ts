/**
 * corpus/: each program in C and in TS, run under strace in the same scenario on loopback,
 * prints the same bytes (stdout, stderr, exit status) and makes the same socket calls, in
 * the same order, with the same arguments, after tools/trace's normalization (parse,
 * follow, normalize, diff: compareTraces).
 *
 * A scenario traces one program; what runs beside it is the C twin of its peer, untraced:
 * the C server of a client, the C client of a server (whose output is compared too). A
 * server is stopped (SIGTERM) once its client is done and it waits again, as tools/trace's
 * course scenarios do. The daytime programs print the time: both the outputs and the
 * traces (the payload of the server's write) have it replaced by <ctime> before they are
 * compared.
 *
 * echo_cli_select watches stdin and its socket in select(2): for a trace that does not
 * depend on which becomes ready first, its stdin is a FIFO the test feeds one line at a
 * time, the next once the echo of the last has been read (the echo server is the test's:
 * it knows when it has written back), and closes at the end.
 *
 * The known exception: echo_srv_fork forks a child per client in C; fork() is not offered
 * yet (issue 20, item 8), and its TS port serves in the parent. Its output is compared;
 * its trace is expected to differ (it.fails: this test starts failing, on purpose, the day
 * the port forks and the traces agree).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as dgram from 'node:dgram';
import * as path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  freePort,
  runProgram,
  startProgram,
  waitUntilBound,
  type Protocol,
  type RunningProgram,
} from '../../course/lib/harness';
import { blockedIn, waitUntilBlockedIn } from '../../tools/trace/blocked';
import { socketCalls } from '../../tools/trace/compare';
import { diffTraces, type TraceDiff } from '../../tools/trace/diff';
import type { NormalizedEvent } from '../../tools/trace/normalize';
import { renderDiff } from '../../tools/trace/render';
import {
  localPortRange,
  ptraceAvailable,
  traceCommand,
  type TracedCommand,
  type TraceRun,
} from '../../tools/trace/run';
import { scaled } from '../course/timeouts';
import { makeTempDir, repoRoot } from '../helpers/child';

type Language = 'c' | 'ts';

function command(language: Language, program: string, args: readonly string[]): string[] {
  return language === 'c'
    ? [path.join(repoRoot, 'corpus', 'bin', program), ...args]
    : [process.execPath, path.join(repoRoot, 'dist', 'corpus', `${program}.js`), ...args];
}

interface Helper {
  program: string;
  args: (port: number) => string[];
  stdin?: string;
}

interface Scenario {
  name: string;
  program: string;
  args: (port: number) => string[];
  stdin?: string;
  /** The C server started before the traced client, once bound. */
  server?: Helper & { protocol: Protocol };
  /** The C client run against the traced server, once it waits in `waitsIn`. */
  client?: Helper;
  waitsIn?: readonly string[];
  /** For a client: a UDP port bound by the test that never answers. */
  silentUdpPeer?: boolean;
  /** The exit status, or SIGTERM for a server the scenario stops. */
  ends: number | 'SIGTERM';
  firstCall: string;
  /** The daytime programs: the time masked in outputs and traces. */
  masksTime?: boolean;
  /** The known exception (see the top of this file). */
  traceDiffers?: string;
}

const LINES = 'hello\nworld\n';

const scenarios: Scenario[] = [
  {
    name: 'sockopt_survey: 20 options read on fresh sockets, printed by type',
    program: 'sockopt_survey',
    args: () => [],
    ends: 0,
    firstCall: 'socket(AF_INET, SOCK_STREAM, IPPROTO_IP)',
  },
  {
    name: 'daytime_cli: the time from the C daytime server',
    program: 'daytime_cli',
    args: (p) => ['127.0.0.1', String(p)],
    server: { program: 'daytime_srv', args: (p) => [String(p)], protocol: 'tcp' },
    ends: 0,
    firstCall: 'socket(AF_INET, SOCK_STREAM, IPPROTO_IP)',
    masksTime: true,
  },
  {
    name: 'daytime_srv: one client served, the time written, the connection closed',
    program: 'daytime_srv',
    args: (p) => [String(p)],
    client: { program: 'daytime_cli', args: (p) => ['127.0.0.1', String(p)] },
    waitsIn: ['accept', 'accept4'],
    ends: 'SIGTERM',
    firstCall: 'socket(AF_INET, SOCK_STREAM, IPPROTO_IP)',
    masksTime: true,
  },
  {
    name: 'gai_daytime: localhost resolved by getaddrinfo, the time read',
    program: 'gai_daytime',
    args: (p) => ['localhost', String(p)],
    server: { program: 'daytime_srv', args: (p) => [String(p)], protocol: 'tcp' },
    ends: 0,
    firstCall: 'socket(',
    masksTime: true,
  },
  {
    name: 'gai_daytime: a service nobody listens on, every address refused',
    program: 'gai_daytime',
    args: (p) => ['127.0.0.1', String(p)],
    ends: 1,
    firstCall: 'socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)',
  },
  {
    name: 'echo_cli_select: two lines fed one by one, shutdown at the end of stdin',
    program: 'echo_cli_select',
    args: (p) => ['127.0.0.1', String(p)],
    ends: 0,
    firstCall: 'socket(AF_INET, SOCK_STREAM, IPPROTO_IP)',
  },
  {
    name: 'echo_srv_fork: a client of the C select client echoed line by line',
    program: 'echo_srv_fork',
    args: (p) => [String(p)],
    client: {
      program: 'echo_cli_select',
      args: (p) => ['127.0.0.1', String(p)],
      stdin: 'a line\nanother line\n',
    },
    waitsIn: ['accept', 'accept4'],
    ends: 'SIGTERM',
    firstCall: 'socket(AF_INET, SOCK_STREAM, IPPROTO_IP)',
    traceDiffers: 'fork() is not offered yet (issue 20, item 8): the TS port serves in the parent',
  },
  {
    name: 'udp_echo_cli: two lines echoed by the C UDP server',
    program: 'udp_echo_cli',
    args: (p) => ['127.0.0.1', String(p)],
    stdin: LINES,
    server: { program: 'udp_echo_srv', args: (p) => [String(p)], protocol: 'udp' },
    ends: 0,
    firstCall: 'socket(AF_INET, SOCK_DGRAM, IPPROTO_IP)',
  },
  {
    name: 'udp_echo_srv: the C client’s two datagrams sent back',
    program: 'udp_echo_srv',
    args: (p) => [String(p)],
    client: { program: 'udp_echo_cli', args: (p) => ['127.0.0.1', String(p)], stdin: LINES },
    waitsIn: ['recvfrom'],
    ends: 'SIGTERM',
    firstCall: 'socket(AF_INET, SOCK_DGRAM, IPPROTO_IP)',
  },
  {
    name: 'udp_cli_timeo: a reply within SO_RCVTIMEO',
    program: 'udp_cli_timeo',
    args: (p) => ['127.0.0.1', String(p)],
    stdin: LINES,
    server: { program: 'udp_echo_srv', args: (p) => [String(p)], protocol: 'udp' },
    ends: 0,
    firstCall: 'socket(AF_INET, SOCK_DGRAM, IPPROTO_IP)',
  },
  {
    name: 'udp_cli_timeo: a peer that never answers, recvfrom fails with EAGAIN after 2 s',
    program: 'udp_cli_timeo',
    args: (p) => ['127.0.0.1', String(p)],
    stdin: 'anyone?\n',
    silentUdpPeer: true,
    ends: 0,
    firstCall: 'socket(AF_INET, SOCK_DGRAM, IPPROTO_IP)',
  },
  {
    name: 'pktinfo_srv: two datagrams to 127.0.0.2, IP_PKTINFO says so, replies from 127.0.0.1',
    program: 'pktinfo_srv',
    args: (p) => [String(p), '2'],
    client: { program: 'udp_echo_cli', args: (p) => ['127.0.0.2', String(p)], stdin: LINES },
    waitsIn: ['recvmsg'],
    ends: 0,
    firstCall: 'socket(AF_INET, SOCK_DGRAM, IPPROTO_IP)',
  },
  {
    // The echo server, which sends nothing first: the socket is writable and not readable
    // when select returns (the daytime server's reply could already be there, or not).
    name: 'nonblock_connect: EINPROGRESS, writable, SO_ERROR 0 against a listening server',
    program: 'nonblock_connect',
    args: (p) => ['127.0.0.1', String(p)],
    server: { program: 'echo_srv_fork', args: (p) => [String(p)], protocol: 'tcp' },
    ends: 0,
    firstCall: 'socket(AF_INET, SOCK_STREAM, IPPROTO_IP)',
  },
  {
    name: 'nonblock_connect: a closed port, SO_ERROR ECONNREFUSED',
    program: 'nonblock_connect',
    args: (p) => ['127.0.0.1', String(p)],
    ends: 1,
    firstCall: 'socket(AF_INET, SOCK_STREAM, IPPROTO_IP)',
  },
];

/** The time as ctime(3) prints it: what differs from run to run in the daytime programs. */
const CTIME = /[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4}/g;

function masked(scenario: Scenario, text: string): string {
  return scenario.masksTime ? text.replace(CTIME, '<ctime>') : text;
}

/** Bounds of the waits (scaled to the machine: node under strace on a loaded one). */
const TRACE_MS = scaled(30_000);
const WAIT_MS = scaled(20_000);

async function until(what: string, condition: () => boolean): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Bytes received and not read in `pid`'s TCP connections to remote port `port`. */
function unreadFrom(pid: number, port: number): number {
  const inodes = new Set<string>();
  for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(m[1]);
    } catch {
      // closed meanwhile
    }
  }
  let unread = 0;
  for (const line of fs.readFileSync(`/proc/${pid}/net/tcp`, 'utf8').split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10 || !inodes.has(f[9])) continue;
    if (parseInt(f[2].split(':')[1], 16) === port) unread += parseInt(f[4].split(':')[1], 16);
  }
  return unread;
}

/** An echo server of the test's own, which counts the bytes it has written back. */
async function echoServer(): Promise<{ port: number; echoed: () => number; close: () => void }> {
  let echoed = 0;
  const server = net.createServer((socket) => {
    socket.on('data', (data) => socket.write(data, () => (echoed += data.length)));
    socket.on('end', () => socket.end());
    socket.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    echoed: () => echoed,
    close: () => server.close(),
  };
}

interface SideRun {
  run: TraceRun;
  serverPort: number;
  /** The output of the C client run beside a traced server. */
  clientOutput?: string;
}

async function feedLineByLine(
  traced: TracedCommand,
  fifo: string,
  port: number,
  echoed: () => number,
): Promise<void> {
  const writer = await fs.promises.open(fifo, 'w');
  try {
    await waitUntilBlockedIn(traced.pid, ['select', 'pselect6'], { timeoutMs: TRACE_MS });
    let sent = 0;
    for (const line of ['first line\n', 'second line\n']) {
      await writer.write(line);
      sent += Buffer.byteLength(line);
      const pid = traced.pid() as number;
      await until('the line is echoed', () => echoed() >= sent);
      await until(
        'the client has read the echo and waits again',
        () => unreadFrom(pid, port) === 0 && ['select', 'pselect6'].includes(blockedIn(pid) ?? ''),
      );
    }
  } finally {
    await writer.close();
  }
  await until('the client ends', () => traced.pid() === undefined);
}

async function runSide(scenario: Scenario, language: Language, dir: string): Promise<SideRun> {
  let port = await freePort();
  let server: RunningProgram | undefined;
  let echo: Awaited<ReturnType<typeof echoServer>> | undefined;
  let silent: dgram.Socket | undefined;
  if (scenario.server) {
    server = startProgram(command('c', scenario.server.program, scenario.server.args(port)));
    await waitUntilBound(server, scenario.server.protocol, port, WAIT_MS);
  }
  if (scenario.silentUdpPeer) {
    silent = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => silent!.bind(0, '127.0.0.1', resolve));
    port = silent.address().port;
  }
  try {
    let clientOutput: string | undefined;
    let traced = command(language, scenario.program, scenario.args(port));
    let whileTraced: ((t: TracedCommand) => Promise<void>) | undefined;
    if (scenario.program === 'echo_cli_select') {
      echo = await echoServer();
      port = echo.port;
      const fifo = path.join(dir, `stdin-${language}`);
      spawnSync('mkfifo', [fifo]);
      traced = [
        'sh',
        '-c',
        'exec "$@" <"$0"',
        fifo,
        ...command(language, scenario.program, scenario.args(port)),
      ];
      const { echoed } = echo;
      whileTraced = (t) => feedLineByLine(t, fifo, port, echoed);
    } else if (scenario.client) {
      const client = scenario.client;
      const waitsIn = scenario.waitsIn ?? [];
      whileTraced = async (t) => {
        await waitUntilBlockedIn(t.pid, waitsIn, { timeoutMs: TRACE_MS });
        const result = await runProgram(command('c', client.program, client.args(port)), {
          stdin: client.stdin,
          killAfterMs: WAIT_MS,
        });
        clientOutput = `${result.stdout.toString()}|${result.stderr.toString()}|${result.status}`;
        if (scenario.ends === 'SIGTERM') {
          await waitUntilBlockedIn(t.pid, waitsIn, { timeoutMs: WAIT_MS });
        } else {
          await until('the server ends', () => t.pid() === undefined);
        }
      };
    }
    const run = await traceCommand(traced, {
      stdin: scenario.stdin,
      timeoutMs: TRACE_MS,
      whileTraced,
    });
    return { run, serverPort: port, clientOutput };
  } finally {
    await server?.stop();
    echo?.close();
    silent?.close();
  }
}

let temp: ReturnType<typeof makeTempDir>;
const gccMissing = spawnSync('gcc', ['--version']).error ? 'gcc is not installed' : null;
const ptrace = ptraceAvailable();
const skipped = gccMissing ?? (ptrace.available ? null : (ptrace.reason ?? 'no ptrace'));

beforeAll(() => {
  temp = makeTempDir();
  if (skipped !== null) return;
  const made = spawnSync('make', ['-s', '-C', path.join(repoRoot, 'corpus')], {
    encoding: 'utf8',
  });
  if (made.status !== 0) throw new Error(`make -C corpus failed: ${made.stderr}`);
}, 120_000);
afterAll(() => temp.remove());

/**
 * The call a stopped server was blocked in, with only its fd: strace prints the arguments
 * of an interrupted call in full when the process is single-threaded (the C side), and only
 * those known at entry (`accept(3, <unfinished ...>)`) when another thread printed meanwhile
 * (node's): what is written on return is then missing, through no doing of the program.
 */
function blockedCallByFd(event: NormalizedEvent): NormalizedEvent {
  if (event.blocked === undefined) return event;
  const text = event.text.replace(/^((?:\[proc#\d+\] )?\w+\(fd#\d+)[^]*?\) = \?/, '$1, …) = ?');
  return { ...event, text };
}

/** The two runs' socket calls, normalized by tools/trace, then diffed. */
function corpusDiff(scenario: Scenario, c: SideRun, ts: SideRun): TraceDiff {
  const view = (side: SideRun) =>
    socketCalls(masked(scenario, side.run.trace), {
      serverPort: side.serverPort,
      ephemeralPorts: localPortRange(),
    }).map(blockedCallByFd);
  return diffTraces(view(c), view(ts));
}

function ending(run: TraceRun): number | string | null {
  return run.signal ?? run.exitCode;
}

describe.skipIf(skipped !== null)(
  `the corpus, C against TS${skipped === null ? '' : ` (skipped: ${skipped})`}`,
  () => {
    const results = new Map<string, Promise<{ c: SideRun; ts: SideRun }>>();
    /** Both sides of a scenario, run once for the output test and the trace test. */
    function sides(scenario: Scenario) {
      let both = results.get(scenario.name);
      if (both === undefined) {
        both = (async () => {
          const c = await runSide(scenario, 'c', temp.dir);
          const ts = await runSide(scenario, 'ts', temp.dir);
          return { c, ts };
        })();
        results.set(scenario.name, both);
      }
      return both;
    }

    it.concurrent.each(scenarios.map((s) => [s.name, s] as const))(
      '%s: the same output',
      async (_name, scenario) => {
        const { c, ts } = await sides(scenario);
        const shown = `C stderr: ${c.run.stderr}\nTS stderr: ${ts.run.stderr}`;
        expect([c.run.timedOut, ts.run.timedOut], shown).toEqual([false, false]);
        expect([ending(c.run), ending(ts.run)], shown).toEqual([scenario.ends, scenario.ends]);
        expect(masked(scenario, ts.run.stdout)).toBe(masked(scenario, c.run.stdout));
        expect(ts.run.stderr).toBe(c.run.stderr);
        expect(ts.clientOutput === undefined ? undefined : masked(scenario, ts.clientOutput)).toBe(
          c.clientOutput === undefined ? undefined : masked(scenario, c.clientOutput),
        );
        // Not vacuous: the C side printed something, or its client did.
        expect(c.run.stdout + c.run.stderr + (c.clientOutput ?? '')).not.toBe('');
      },
      3 * TRACE_MS,
    );

    const compared = scenarios.filter((s) => s.traceDiffers === undefined);
    it.concurrent.each(compared.map((s) => [s.name, s] as const))(
      '%s: the same socket calls',
      async (_name, scenario) => {
        const { c, ts } = await sides(scenario);
        const diff = corpusDiff(scenario, c, ts);
        const shown = `\n${renderDiff(diff, { width: 160 })}`;
        const calls = diff.rows.map((row) => row.c ?? row.ts);
        expect(calls.length, shown).toBeGreaterThan(0);
        expect(calls[0]?.text.startsWith(scenario.firstCall), shown).toBe(true);
        expect(diff.equal, shown).toBe(true);
      },
      3 * TRACE_MS,
    );

    // The known exception, said at the top of this file: the C server's child serves the
    // client ([proc#2] in its trace: close of the listening socket, the reads and writes,
    // exit); the TS port makes the same reads and writes in the parent. When fork() comes,
    // this test becomes the equality above.
    for (const scenario of scenarios.filter((s) => s.traceDiffers !== undefined)) {
      it.concurrent(
        `${scenario.name}: the socket calls differ by the fork only (known exception: ${scenario.traceDiffers})`,
        async () => {
          const { c, ts } = await sides(scenario);
          const diff = corpusDiff(scenario, c, ts);
          const shown = `\n${renderDiff(diff, { width: 160 })}`;
          const child = /^\[proc#2\] /;
          const cCalls = diff.rows.flatMap((row) => (row.c ? [row.c.text] : []));
          const tsCalls = diff.rows.flatMap((row) => (row.ts ? [row.ts.text] : []));
          expect(diff.equal, shown).toBe(false);
          // What the C child does, the TS parent does: the same calls once the prefix and the
          // child's close of the listening socket are taken out.
          const childWork = cCalls
            .filter((text) => child.test(text))
            .map((text) => text.replace(child, ''))
            .filter((text) => !/^close\(fd#1\)/.test(text) && !text.startsWith('+++'));
          const parentWork = tsCalls.filter(
            (text) => !cCalls.filter((t) => !child.test(t)).includes(text),
          );
          expect(childWork.length, shown).toBeGreaterThan(2);
          expect(parentWork, shown).toEqual(childWork);
        },
        3 * TRACE_MS,
      );
    }
  },
);
