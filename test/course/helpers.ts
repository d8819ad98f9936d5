/**
 * Helpers of the course tests: run a program in C and in TypeScript on the same input,
 * normalize what each printed (its own path, the test's ports, ephemeral ports), and
 * check that the two are byte-identical before checking the expected text.
 */
import { execFile, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';

import { expect } from 'vitest';

import {
  delay,
  freePort,
  runProgram,
  startProgram,
  waitUntilBound,
  waitUntilSending,
} from '../../course/lib/harness';
import type {
  ProgramResult,
  Protocol,
  RunOptions,
  RunningProgram,
  StartOptions,
} from '../../course/lib/harness';
import { cBinary, commandFor, missingBuild, programs, tsScript } from '../../course/programs';
import { tools } from '../../course/tools/table';
import type { Language } from '../../course/programs';

import { scaled } from './timeouts';

export type { Language };
export const LANGUAGES: readonly Language[] = ['c', 'ts'];

/** What a program printed and how it ended, normalized, as the tests compare it. */
export interface Outcome {
  stdout: string;
  stderr: string;
  /** "0", "1"… or the signal that ended it ("SIGTERM": killed by the test, as `timeout`). */
  exit: string;
}

/**
 * Why the course programs and tools cannot run (a build missing), or null. Checked by every
 * file. A C reference not built yet is built here, as the runner builds it on first use: a
 * fresh tree has no course/bin/ (the tools included: tools.test.ts runs course/bin/tools/nc).
 */
export function missingBuilds(): string | null {
  for (const program of [...programs, ...tools]) {
    for (const language of LANGUAGES) {
      const missing = missingBuild(language, program.name);
      if (missing !== null) return missing;
    }
  }
  return null;
}

/** The kernel's ephemeral port range (net.ipv4.ip_local_port_range). */
const [EPHEMERAL_LOW, EPHEMERAL_HIGH] = fs
  .readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
  .trim()
  .split(/\s+/)
  .map(Number);

/** The text of `bytes`, which must be UTF-8 (so comparing texts compares the bytes). */
function exactText(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  expect(Buffer.from(text, 'utf8').equals(bytes), `not UTF-8: ${bytes.toString('hex')}`).toBe(true);
  return text;
}

/** The ports a scenario chose, by placeholder: { P: 31234 } prints 31234 as "P". */
export type Ports = Record<string, number>;

/**
 * Replaces, in a program's output: its own path (C prints argv[0]; for a port argv[0] is
 * the script's path) by "argv0", the scenario's ports by their placeholder, and any other
 * number in the ephemeral range by "EPH" (the kernel's choice for a client). No course
 * program prints a pid.
 */
export function normalizeText(text: string, paths: readonly string[], ports: Ports): string {
  let out = text;
  for (const file of paths) out = out.split(file).join('argv0');
  const placeholders = new Map(Object.entries(ports).map(([name, port]) => [port, name]));
  return out.replace(/\b\d{4,5}\b/g, (digits) => {
    const port = Number(digits);
    const placeholder = placeholders.get(port);
    if (placeholder !== undefined) return placeholder;
    return port >= EPHEMERAL_LOW && port <= EPHEMERAL_HIGH ? 'EPH' : digits;
  });
}

/** The normalized outcome of a run of program `name`. */
export function outcome(result: ProgramResult, ports: Ports = {}): Outcome {
  // Longest first: tp_tcp/serveur is a prefix of tp_tcp/serveur_sleep.
  const paths = programs
    .flatMap((program) => [cBinary(program.name), tsScript(program.name)])
    .sort((a, b) => b.length - a.length);
  return {
    stdout: normalizeText(exactText(result.stdout), paths, ports),
    stderr: normalizeText(exactText(result.stderr), paths, ports),
    exit: result.signal ?? String(result.status),
  };
}

/** Runs program `name` in `language` to its end; its normalized outcome. */
export async function run(
  language: Language,
  name: string,
  args: readonly string[],
  options: RunOptions & { ports?: Ports } = {},
): Promise<Outcome> {
  const result = await runProgram(commandFor(language, name, args), {
    ...options,
    killAfterMs: options.killAfterMs ?? scaled(15_000),
  });
  return outcome(result, options.ports);
}

/** Starts program `name` in `language` in the background. */
export function start(
  language: Language,
  name: string,
  args: readonly string[],
  options: StartOptions = {},
): RunningProgram {
  return startProgram(commandFor(language, name, args), options);
}

/** A server of the course, bound and ready, and the port it serves on. */
export interface Server {
  program: RunningProgram;
  port: number;
  /** Stops it (SIGTERM) and returns its normalized outcome. */
  stop(ports?: Ports): Promise<Outcome>;
}

/**
 * Starts server `name` in `language` on a free port (`args(port)` builds its arguments)
 * and waits until it has bound it; another port is tried if one was taken meanwhile.
 * `wrap` prefixes the command (`ip netns exec NS`).
 */
export async function startServer(
  language: Language,
  name: string,
  args: (port: number) => string[],
  protocol: Protocol,
  options: { wrap?: string[]; port?: number } = {},
): Promise<Server> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = options.port ?? (await freePort());
    const program = startProgram([
      ...(options.wrap ?? []),
      ...commandFor(language, name, args(port)),
    ]);
    try {
      await waitUntilBound(program, protocol, port, scaled(20_000));
    } catch (error) {
      const result = await program.stop();
      if (options.port === undefined && result.stderr.includes('Address already in use')) continue;
      throw error;
    }
    return {
      program,
      port,
      stop: async (ports: Ports = { P: port }) => outcome(await program.stop(), ports),
    };
  }
  throw new Error(`${name}: no free port in 5 attempts`);
}

/** Runs `body` with the server `starting` gives, and stops the server however it ends. */
export async function withServer<T>(
  starting: Promise<Server>,
  body: (server: Server) => Promise<T>,
): Promise<T> {
  const server = await starting;
  try {
    return await body(server);
  } finally {
    await server.program.stop();
  }
}

/**
 * Runs `scenario` for the C reference and the TypeScript port at the same time (or, for
 * the interop tests, for a C client and a TS client), asserts that their outcomes are
 * identical, and returns the C one for the expected-text checks.
 */
export async function inBothLanguages<T>(scenario: (language: Language) => Promise<T>): Promise<T> {
  // allSettled: when one fails, the other still ends (and stops its programs) first.
  const [c, ts] = await Promise.allSettled([scenario('c'), scenario('ts')]);
  if (c.status === 'rejected') throw c.reason;
  if (ts.status === 'rejected') throw ts.reason;
  expect(ts.value, 'the TypeScript side printed and ended differently from the C side').toEqual(
    c.value,
  );
  return c.value;
}

/** `Erreur : Nb args !` and the usage line, as the slides' programs print them. */
export function nbArgs(usage: string): Outcome {
  return { stdout: '', stderr: `Erreur : Nb args !\nusage : ${usage}\n`, exit: '1' };
}

/** A failure message on stderr and exit status 1. */
export function failure(stderr: string): Outcome {
  return { stdout: '', stderr, exit: '1' };
}

/** The states `ss` shows for the TCP sockets of port `port`, e.g. ['ESTAB', 'LISTEN']. */
export function tcpStates(port: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    execFile('ss', ['-Htan', `( sport = :${port} or dport = :${port} )`], (error, stdout) => {
      if (error) return reject(error);
      resolve(
        stdout
          .split('\n')
          .filter((line) => line.trim() !== '')
          .map((line) => line.trim().split(/\s+/)[0])
          .sort(),
      );
    });
  });
}

/** What `ss -ti` says of an established TCP connection: its byte counters and Recv-Q. */
export interface TcpCounters {
  unread: number;
  bytesSent: number;
  bytesReceived: number;
}

/** The counters of the established connections whose local port is `port`. */
export function tcpCounters(port: number): Promise<TcpCounters[]> {
  return new Promise((resolve, reject) => {
    execFile('ss', ['-tinH', 'state', 'established', `( sport = :${port} )`], (error, stdout) => {
      if (error) return reject(error);
      const counters: TcpCounters[] = [];
      // One line "Recv-Q Send-Q local peer" (no State column with a state filter), then
      // an indented line of tcp_info fields: "… bytes_sent:9 … bytes_received:16 …".
      for (const line of stdout.split('\n')) {
        if (line.trim() === '') continue;
        if (!/^\s/.test(line)) {
          counters.push({
            unread: Number(line.trim().split(/\s+/)[0]),
            bytesSent: 0,
            bytesReceived: 0,
          });
          continue;
        }
        const last = counters[counters.length - 1];
        if (last === undefined) continue;
        last.bytesSent = Number(/\bbytes_sent:(\d+)/.exec(line)?.[1] ?? 0);
        last.bytesReceived = Number(/\bbytes_received:(\d+)/.exec(line)?.[1] ?? 0);
      }
      resolve(counters);
    });
  });
}

/**
 * Runs a client that blocks forever (a UDP client without a server): starts it, waits
 * until its datagram went out (the kernel bound its socket), lets it wait 500 ms more in
 * recvfrom, then kills it (SIGTERM, as `timeout` does). Its normalized outcome.
 */
export async function runUntilBlocked(
  language: Language,
  name: string,
  args: readonly string[],
  ports: Ports = {},
): Promise<Outcome> {
  const program = start(language, name, args);
  try {
    await waitUntilSending(program, 'udp', scaled(20_000));
    await delay(500);
  } finally {
    await program.stop();
  }
  return outcome(await program.done, ports);
}

/** True when `command` runs here (`ss -V`, `strace -V`…). */
export function available(command: string, args: string[]): boolean {
  return spawnSync(command, args, { stdio: 'ignore' }).status === 0;
}
