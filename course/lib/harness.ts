/**
 * Running course programs from another program (the demo, the tests): a free port, a
 * child process whose output is collected, waiting until a server has bound its port,
 * and stopping it. Unlike the ports themselves, this side is asynchronous: it watches
 * children while they run.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';

import * as dgram from 'node:dgram';
import * as net from 'node:net';

/** How a child ended, and what it printed (raw bytes: C programs print bytes). */
export interface ProgramResult {
  command: string[];
  stdout: Buffer;
  stderr: Buffer;
  /** Exit status, or null when killed by a signal. */
  status: number | null;
  signal: NodeJS.Signals | null;
}

/** A child running in the background, its output collected as it comes. */
export interface RunningProgram {
  command: string[];
  child: ChildProcess;
  pid: number;
  /** Resolves when the child has ended and its output is complete. */
  done: Promise<ProgramResult>;
  /** What it printed so far. */
  output(): { stdout: Buffer; stderr: Buffer };
  /** Sends SIGTERM (and SIGCONT), unless it already ended, and waits for the end. */
  stop(): Promise<ProgramResult>;
}

export interface StartOptions {
  /**
   * Written to the child's stdin, which is then closed; 'open': a pipe left open, for
   * `child.stdin.write()` while it runs; no stdin at all (/dev/null) when undefined.
   */
  stdin?: string | Buffer | 'open';
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/**
 * The children started here and not ended yet: killed when this process exits or is
 * terminated (SIGTERM, SIGINT, SIGHUP: a test runner stopping its worker, Ctrl-C on the
 * demo), so that none outlives a run that stopped half way.
 */
const liveChildren = new Set<ChildProcess>();
function killLiveChildren(): void {
  for (const child of liveChildren) child.kill('SIGKILL');
}
process.on('exit', killLiveChildren);
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
  process.once(signal, () => {
    killLiveChildren();
    process.kill(process.pid, signal); // then die of it, as without this handler
  });
}

/** Starts `command` with piped stdio; its output is collected until it ends. */
export function startProgram(
  command: readonly string[],
  options: StartOptions = {},
): RunningProgram {
  const [file, ...args] = command;
  const child = spawn(file, args, {
    stdio: [options.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    env: options.env ?? process.env,
    cwd: options.cwd,
  });
  liveChildren.add(child);
  child.on('exit', () => liveChildren.delete(child));
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
  if (options.stdin !== undefined) {
    child.stdin?.on('error', () => {}); // a program that exits without reading: EPIPE
    if (options.stdin !== 'open') child.stdin?.end(options.stdin);
  }
  const done = new Promise<ProgramResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status, signal) =>
      resolve({
        command: [...command],
        stdout: Buffer.concat(stdout),
        stderr: Buffer.concat(stderr),
        status,
        signal,
      }),
    );
  });
  if (child.pid === undefined) {
    // spawn failed (ENOENT…): `done` rejects with the reason.
    return {
      command: [...command],
      child,
      pid: -1,
      done,
      output: () => ({ stdout: Buffer.alloc(0), stderr: Buffer.alloc(0) }),
      stop: () => done,
    };
  }
  return {
    command: [...command],
    child,
    pid: child.pid,
    done,
    output: () => ({ stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr) }),
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        child.kill('SIGCONT'); // a program a test stopped (SIGSTOP) dies only once continued
      }
      return done;
    },
  };
}

export interface RunOptions extends StartOptions {
  /** SIGTERM after this many ms (as `timeout` does: the expected end of a blocked client). */
  killAfterMs?: number;
}

/** Runs `command` to its end (or until `killAfterMs`), and returns what it printed. */
export async function runProgram(
  command: readonly string[],
  options: RunOptions = {},
): Promise<ProgramResult> {
  const program = startProgram(command, options);
  const timer = setTimeout(() => void program.stop(), options.killAfterMs ?? 15_000);
  try {
    return await program.done;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Waits until what `program` printed on `stream` matches `pattern` (a line it prints
 * before blocking, say), checked as each chunk arrives. Rejects if it ends first or after
 * `timeoutMs`.
 */
export function waitForOutput(
  program: RunningProgram,
  stream: 'stdout' | 'stderr',
  pattern: RegExp,
  timeoutMs = 20_000,
): Promise<void> {
  const source = program.child[stream];
  return new Promise<void>((resolve, reject) => {
    const check = () => {
      if (!pattern.test(program.output()[stream].toString('utf8'))) return false;
      finish();
      resolve();
      return true;
    };
    const fail = (why: string) => {
      finish();
      const output = program.output()[stream].toString('utf8');
      reject(new Error(`${program.command.join(' ')}: ${stream} ${why} ${pattern}: ${output}`));
    };
    // 'data' listeners run after the harness's own, which collects the chunk first.
    const onData = () => void check();
    const onClose = () => {
      if (!check()) fail('ended without matching');
    };
    const timer = setTimeout(() => fail(`did not match in ${timeoutMs} ms`), timeoutMs);
    const finish = () => {
      clearTimeout(timer);
      source?.off('data', onData);
      program.child.off('close', onClose);
    };
    source?.on('data', onData);
    program.child.on('close', onClose);
    if (program.child.exitCode !== null || program.child.signalCode !== null) {
      void program.done.then(onClose);
    } else {
      check();
    }
  });
}

/** Waits until `condition()` is true, checking every 20 ms; rejects after `timeoutMs`. */
export async function waitFor(
  condition: () => boolean,
  what: string,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`still waiting, after ${timeoutMs} ms, for ${what}`);
    await delay(20);
  }
}

/** Waits `ms` milliseconds (a timer: this side runs on the event loop). */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export type Protocol = 'udp' | 'tcp';

/** One socket of /proc/<pid>/net/{tcp,tcp6,udp,udp6}. */
interface SocketEntry {
  localPort: number;
  /** The kernel's TCP state number: 0x0A LISTEN, 0x01 ESTABLISHED… (07 for UDP sockets). */
  state: number;
  /** Bytes received and not read yet. */
  receiveQueue: number;
  inode: string;
}

/** The sockets of `protocol`, IPv4 and IPv6, in the network namespace of process `pid`. */
function socketTable(pid: number, protocol: Protocol): SocketEntry[] {
  const entries: SocketEntry[] = [];
  for (const table of [protocol, `${protocol}6`]) {
    let text: string;
    try {
      text = fs.readFileSync(`/proc/${pid}/net/${table}`, 'utf8');
    } catch {
      continue; // no IPv6 in this kernel, or the process is gone
    }
    for (const line of text.split('\n').slice(1)) {
      // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
      const fields = line.trim().split(/\s+/);
      if (fields.length < 10) continue;
      entries.push({
        localPort: parseInt(fields[1].split(':')[1], 16),
        state: parseInt(fields[3], 16),
        receiveQueue: parseInt(fields[4].split(':')[1], 16),
        inode: fields[9],
      });
    }
  }
  return entries;
}

const TCP_ESTABLISHED = 0x01;
const TCP_LISTEN = 0x0a;

/** The inodes of the sockets bound to local `port` (listening ones only, for TCP). */
function boundSocketInodes(pid: number, protocol: Protocol, port: number): Set<string> {
  return new Set(
    socketTable(pid, protocol)
      .filter((entry) => entry.localPort === port)
      .filter((entry) => protocol === 'udp' || entry.state === TCP_LISTEN)
      .map((entry) => entry.inode),
  );
}

/**
 * The bytes waiting, unread, in the connections that process `pid` accepted on `port`
 * (the Recv-Q of `ss`): how a test knows that a request reached a server that is asleep.
 */
export function unreadBytes(pid: number, port: number): number {
  const inodes = new Set(
    socketTable(pid, 'tcp')
      .filter((entry) => entry.localPort === port && entry.state === TCP_ESTABLISHED)
      .map((entry) => entry.inode),
  );
  if (!holdsSocket(pid, inodes)) return 0;
  return socketTable(pid, 'tcp')
    .filter((entry) => inodes.has(entry.inode))
    .reduce((sum, entry) => sum + entry.receiveQueue, 0);
}

/**
 * Waits until process `pid` holds a socket of `protocol` bound to a port other than 0 —
 * for a UDP client, the sign that its first sendto has gone out (the kernel bound it).
 */
export async function waitUntilSending(
  program: RunningProgram,
  protocol: Protocol,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (
    Date.now() < deadline &&
    program.child.exitCode === null &&
    program.child.signalCode === null
  ) {
    const inodes = new Set(
      socketTable(program.pid, protocol)
        .filter((entry) => entry.localPort !== 0)
        .map((entry) => entry.inode),
    );
    if (holdsSocket(program.pid, inodes)) return;
    await delay(20);
  }
  throw new Error(`${program.command.join(' ')}: no bound ${protocol} socket in ${timeoutMs} ms`);
}

/** True when process `pid` holds one of the sockets `inodes` (in /proc/<pid>/fd). */
function holdsSocket(pid: number, inodes: Set<string>): boolean {
  let fds: string[];
  try {
    fds = fs.readdirSync(`/proc/${pid}/fd`);
  } catch {
    return false;
  }
  return fds.some((fd) => {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
      return match !== null && inodes.has(match[1]);
    } catch {
      return false; // closed meanwhile
    }
  });
}

/**
 * Waits until `program` itself holds a socket bound to `port` (listening, for TCP): the
 * moment a client can reach it. Rejects if the program ends first (its stderr says why:
 * "bind: Address already in use"…) or after `timeoutMs`.
 */
export async function waitUntilBound(
  program: RunningProgram,
  protocol: Protocol,
  port: number,
  timeoutMs = 20_000,
): Promise<void> {
  let ended = false;
  void program.done.then(
    () => (ended = true),
    () => (ended = true),
  );
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (ended) break;
    if (holdsSocket(program.pid, boundSocketInodes(program.pid, protocol, port))) return;
    await delay(20);
  }
  const { stderr } = program.output();
  const why = ended ? 'it ended' : `still not bound after ${timeoutMs} ms`;
  throw new Error(
    `${program.command.join(' ')}: no ${protocol} socket on port ${port} (${why}); stderr: ${stderr}`,
  );
}

/** Binds a TCP server to [::]:0 and returns the port the kernel chose, released. */
function kernelChosenTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen({ port: 0, host: '::', exclusive: true }, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** True when a UDP socket can bind [::]:port (dual stack: IPv4 too). */
function udpPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const udp = dgram.createSocket({ type: 'udp6', ipv6Only: false });
    udp.on('error', () => {
      udp.close();
      resolve(false);
    });
    udp.bind({ port, address: '::', exclusive: true }, () => udp.close(() => resolve(true)));
  });
}

/**
 * A port nobody uses, for TCP and UDP alike, in IPv6 and IPv4 (a dual-stack [::] bind
 * covers both): the kernel picks it for a TCP bind to port 0 — which also avoids ports
 * that TIME_WAIT connections still hold —, then a UDP bind to it checks UDP; both are
 * released. Another process may take it meanwhile: a server then fails with EADDRINUSE,
 * and the caller may try again.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await kernelChosenTcpPort();
    if (await udpPortFree(port)) return port;
  }
  throw new Error('freePort: no port free for both TCP and UDP in 20 attempts');
}
