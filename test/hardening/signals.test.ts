// Signals during a blocking call: the Node.js process (signals-child.cjs) and a C program
// (fixtures/signal-recvfrom.c) block in recvfrom on a loopback UDP socket; another process
// (this test) sends the signal. Both must end the same way under the same disposition.
//
// What Node.js installs (node 20, src/node.cc and deps/uv/src/unix/signal.c):
//   - a JS listener (process.on) is libuv's handler, installed with SA_RESTART: the call is
//     restarted and the listener runs once it returns — the thread is in the kernel until
//     then. Except with SO_RCVTIMEO set: socket(7) says such a call fails with EINTR even
//     under SA_RESTART.
//   - no listener for SIGUSR1: Node's own handler (it starts the inspector), installed
//     without SA_RESTART: the call fails with EINTR.
//   - no listener for SIGINT, SIGTERM, SIGALRM: the default action, the process ends —
//     Ctrl-C stops a process blocked in recvfrom.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { AF_INET, SOCK_DGRAM, sendto } from '../../src/index';
import { OpenSockets, loopback4 } from '../helpers/addresses';
import { childEnv, makeTempDir } from '../helpers/child';

const nodeChild = path.join(__dirname, 'signals-child.cjs');
const cSource = path.join(__dirname, 'fixtures', 'signal-recvfrom.c');
// The recvfrom system call's number, to see in /proc/PID/syscall that a child is in it.
const RECVFROM_NR: Record<string, number> = { x64: 45, arm64: 207 };

const temp = makeTempDir();
const cProgram = path.join(temp.dir, 'signal-recvfrom');
const sockets = new OpenSockets();
const children: ChildProcess[] = [];

beforeAll(async () => {
  const gcc = spawn('gcc', ['-Wall', '-O2', '-o', cProgram, cSource], { stdio: 'inherit' });
  const status = await new Promise((resolve) => gcc.on('close', resolve));
  expect(status).toBe(0);
});
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  sockets.closeAll();
});
afterAll(() => temp.remove());

/** A started program, its output lines as they come, and its end. */
class Blocked {
  readonly child: ChildProcess;
  private readonly lines: string[] = [];
  private wake: (() => void) | null = null;
  readonly exited: Promise<{ status: number | null; signal: NodeJS.Signals | null }>;

  constructor(command: string, args: string[]) {
    this.child = spawn(command, args, { env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(this.child);
    let pending = '';
    this.child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      pending += chunk;
      const complete = pending.split('\n');
      pending = complete.pop()!;
      this.lines.push(...complete);
      this.wake?.();
    });
    this.exited = new Promise((resolve) =>
      this.child.on('exit', (status, signal) => {
        this.wake?.();
        resolve({ status, signal });
      }),
    );
  }

  /** The next line, or null if none comes within `ms` (or the program ended). */
  async nextLine(ms = 5000): Promise<string | null> {
    const deadline = Date.now() + ms;
    while (this.lines.length === 0) {
      if (this.child.exitCode !== null || this.child.signalCode !== null || Date.now() > deadline) {
        return null;
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, 20);
      });
    }
    return this.lines.shift()!;
  }

  /** Waits (5 s at most) until the main thread is in the recvfrom system call. */
  async inRecvfrom(): Promise<boolean> {
    const nr = RECVFROM_NR[process.arch];
    for (const deadline = Date.now() + 5000; Date.now() < deadline;) {
      const text = fs.readFileSync(`/proc/${this.child.pid}/syscall`, 'utf8');
      if (Number(text.split(' ')[0]) === nr) return true;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return false;
  }
}

type Outcome = 'resumes' | 'EINTR' | 'killed';

// [signal, Node.js disposition, C disposition, SO_RCVTIMEO (ms), outcome]
const cases: [NodeJS.Signals, 'default' | 'listener', string, number, Outcome][] = [
  ['SIGUSR1', 'listener', 'restart', 0, 'resumes'],
  ['SIGUSR1', 'listener', 'restart', 10_000, 'EINTR'],
  ['SIGUSR1', 'default', 'interrupt', 0, 'EINTR'],
  ['SIGALRM', 'default', 'default', 0, 'killed'],
  ['SIGALRM', 'listener', 'restart', 0, 'resumes'],
  ['SIGINT', 'default', 'default', 0, 'killed'],
  ['SIGINT', 'listener', 'restart', 0, 'resumes'],
  ['SIGTERM', 'default', 'default', 0, 'killed'],
];

async function signalWhileBlocked(
  program: Blocked,
  signal: NodeJS.Signals,
  outcome: Outcome,
  listener: boolean,
): Promise<void> {
  const ready = await program.nextLine();
  expect(ready).toMatch(/^ready \d+$/);
  const port = Number(ready!.split(' ')[1]);
  expect(await program.inRecvfrom()).toBe(true);
  program.child.kill(signal);

  if (outcome === 'killed') {
    expect(await program.exited).toEqual({ status: null, signal });
    return;
  }
  if (outcome === 'EINTR') {
    expect(await program.nextLine()).toBe('error EINTR');
    expect((await program.exited).status).toBe(0);
    return;
  }
  // Restarted: still in recvfrom a while later, with nothing printed; a datagram ends it.
  expect(await program.nextLine(300)).toBeNull();
  expect(await program.inRecvfrom()).toBe(true);
  const sender = sockets.open(AF_INET, SOCK_DGRAM);
  expect(sendto(sender, Buffer.from('abc'), 3, 0, loopback4(port))).toBe(3);
  expect(await program.nextLine()).toBe('received 3');
  // The JS listener runs after the call returned, never during it.
  if (listener) expect(await program.nextLine()).toBe(`handler ${signal}`);
  expect((await program.exited).status).toBe(0);
}

describe('a signal during a blocking recvfrom: Node.js does what C does', () => {
  it.each(cases)(
    '%s, %s in Node.js (%s in C), SO_RCVTIMEO %d ms: %s',
    async (signal, nodeDisposition, cDisposition, timeoutMs, outcome) => {
      // --inspect-port=0: the inspector SIGUSR1 starts listens on a free loopback port.
      const node = new Blocked(process.execPath, [
        '--inspect-port=0',
        nodeChild,
        signal,
        nodeDisposition,
        String(timeoutMs),
      ]);
      await signalWhileBlocked(node, signal, outcome, nodeDisposition === 'listener');
      const c = new Blocked(cProgram, [signal, cDisposition, String(timeoutMs)]);
      await signalWhileBlocked(c, signal, outcome, false);
    },
    20_000,
  );
});
