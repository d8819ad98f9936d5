/**
 * The test of every "serving many clients" server (course/multiclient/), C and TS alike:
 * many clients at once on loopback, each sending its lines one at a time (as tcp/client
 * does: a line with its NUL, then wait for the reply), every reply checked, the server's
 * messages counted, and its open descriptors (/proc/PID/fd) the same before and after.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';

import { expect } from 'vitest';

import { freePort, startProgram, waitFor, waitForOutput } from '../../course/lib/harness';
import type { RunningProgram } from '../../course/lib/harness';
import { commandFor, missingBuild } from '../../course/programs';
import type { Language } from '../../course/programs';
import { scaled } from '../course/timeouts';

export type { Language };
export const LANGUAGES: readonly Language[] = ['c', 'ts'];

/** Why server `name` cannot run in either language (a build missing), or null. */
export function missingServer(name: string): string | null {
  return missingBuild('c', name) ?? missingBuild('ts', name);
}

const WAITING = 'En attente de connexion...\n';
const ACCEPTED = 'Connexion acceptée !\n';
const ENDED = 'Fin de connexion !\n';

/** The fds of process `pid`: number → what it is (socket:[inode], anon_inode:…, a path). */
export function openFds(pid: number): Map<number, string> {
  const fds = new Map<number, string>();
  for (const name of fs.readdirSync(`/proc/${pid}/fd`)) {
    try {
      fds.set(Number(name), fs.readlinkSync(`/proc/${pid}/fd/${name}`));
    } catch {
      // closed between readdir and readlink
    }
  }
  return fds;
}

/** The fds of `pid` once two looks 100 ms apart agree. */
async function settledFds(pid: number): Promise<Map<number, string>> {
  let previous = openFds(pid);
  for (let i = 0; i < 20; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const current = openFds(pid);
    if (JSON.stringify([...current].sort()) === JSON.stringify([...previous].sort()))
      return current;
    previous = current;
  }
  return previous;
}

function countOf(text: string, line: string): number {
  return text.split(line).length - 1;
}

/** The reply the server owes to `line`: uppercase ASCII, and the NUL. */
function replyTo(line: string): Buffer {
  return Buffer.from(line.toUpperCase() + '\0', 'latin1');
}

/**
 * One client: connects to host:port, sends `lines` lines one at a time, checks each reply,
 * then closes. Resolves with the number of replies checked.
 */
function client(
  host: string,
  port: number,
  id: number,
  lines: number,
  timeoutMs: number,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    let received = Buffer.alloc(0);
    let sent = 0;
    let checked = 0;
    let expected: Buffer = Buffer.alloc(0);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`client ${id}: ${checked}/${lines} replies after ${timeoutMs} ms`));
    }, timeoutMs);
    const sendNext = (): void => {
      const line = `client ${id} (${host}), ligne ${sent} : abc xyz {}`;
      expected = replyTo(line);
      sent++;
      socket.write(Buffer.from(line + '\0', 'latin1'));
    };
    socket.on('connect', sendNext);
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length < expected.length) return;
      if (!received.equals(expected)) {
        socket.destroy();
        clearTimeout(timer);
        reject(
          new Error(
            `client ${id}: got ${JSON.stringify(received.toString('latin1'))}, expected ${JSON.stringify(expected.toString('latin1'))}`,
          ),
        );
        return;
      }
      received = Buffer.alloc(0);
      checked++;
      if (sent < lines) sendNext();
      else socket.end();
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`client ${id}: ${error.message}`));
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(checked);
    });
  });
}

export interface Exercise {
  clients?: number;
  lines?: number;
  /** Hosts the clients connect to, in turn: IPv4 and IPv6 loopback by default. */
  hosts?: readonly string[];
  timeoutMs?: number;
  /**
   * A server whose pool grows under load and shrinks once idle (serveur_threads.ts,
   * serveur_fork.ts: extra Workers or children end 5 s after their last client): its fds
   * are awaited until the pool has shrunk, and compared by kind (the remaining children's
   * pipes in the parent are not the first ones).
   */
  pool?: boolean;
}

/** What each fd is, without its inode: socket, pipe, anon_inode:[eventfd], a path. */
function kinds(fds: Map<number, string>): string[] {
  return [...fds.values()].map((target) => target.replace(/^(socket|pipe):\[\d+\]$/, '$1')).sort();
}

/**
 * Starts server `name` in `language` on a free port, serves a first client alone, then runs
 * the clients all at once, and checks: every reply, one "Connexion acceptée !" and one
 * "Fin de connexion !" per client, "En attente de connexion..." once more than clients,
 * nothing else printed, and the same open fds after the clients as before them. The
 * server is stopped whatever happens.
 */
export async function exerciseServer(
  language: Language,
  name: string,
  options: Exercise = {},
): Promise<void> {
  const clients = options.clients ?? 200;
  const lines = options.lines ?? 50;
  const hosts = options.hosts ?? ['127.0.0.1', '::1'];
  const timeoutMs = options.timeoutMs ?? scaled(60_000);
  let program: RunningProgram | undefined;
  let port = 0;
  for (let attempt = 0; attempt < 5 && program === undefined; attempt++) {
    port = await freePort();
    const started = startProgram(commandFor(language, name, [String(port)]));
    try {
      await waitForOutput(started, 'stdout', /En attente de connexion\.\.\.\n/, scaled(20_000));
      program = started;
    } catch (error) {
      const result = await started.stop();
      if (!result.stderr.toString().includes('Address already in use')) throw error;
    }
  }
  if (program === undefined) throw new Error(`${name}: no free port in 5 attempts`);
  const server = program;
  try {
    // A first client, alone: what a server opens once for its whole life is opened by
    // then (Node's first Worker opens /dev/null in the main thread; serveur_async.ts makes
    // the promise API's epoll set with its first accept4).
    expect(await client(hosts[0], port, -1, 1, timeoutMs)).toBe(1);
    await waitFor(
      () => countOf(server.output().stderr.toString('utf8'), ENDED) === 1,
      `the first client's "Fin de connexion !" from ${name} (${language})`,
      timeoutMs,
    );
    const before = await settledFds(server.pid);
    const replies = await Promise.all(
      Array.from({ length: clients }, (_, id) =>
        client(hosts[id % hosts.length], port, id, lines, timeoutMs),
      ),
    );
    expect(replies).toEqual(replies.map(() => lines));
    // Every client has closed; the server notices each end in its own time.
    await waitFor(
      () => countOf(server.output().stderr.toString('utf8'), ENDED) >= 1 + clients,
      `${clients} "Fin de connexion !" from ${name} (${language})`,
      timeoutMs,
    );
    await waitFor(
      () => countOf(server.output().stdout.toString('utf8'), WAITING) >= clients + 2,
      `${clients + 2} "En attente de connexion..." from ${name} (${language})`,
      timeoutMs,
    );
    // The fds a thread or a process per client used are released just after the message;
    // a pool's extra threads or children, 5 s after their last client.
    let after = openFds(server.pid);
    const deadline = Date.now() + (options.pool === true ? scaled(30_000) : 5_000);
    while (after.size !== before.size && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      after = openFds(server.pid);
    }
    if (options.pool === true) expect(kinds(after)).toEqual(kinds(before));
    else expect([...after.entries()].sort()).toEqual([...before.entries()].sort());
    // Every server prints a wait, then for each client an acceptance and a wait again.
    const { stdout, stderr } = server.output();
    expect(stdout.toString('utf8')).toBe(WAITING + (ACCEPTED + WAITING).repeat(1 + clients));
    expect(stderr.toString('utf8')).toBe(ENDED.repeat(1 + clients));
  } finally {
    await server.stop();
  }
}
