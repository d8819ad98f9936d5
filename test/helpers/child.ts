/**
 * Child processes of the tests: a program run to its end (with a time limit), and a
 * blocking server that runs in its own process — never on the test's thread — until the
 * test kills it.
 *
 * Children use the compiled package (dist/src/index.js, built by `npm install` or
 * `npm run build:ts`) and the same addon as the tests: BSD_SOCKETS_BUILD is inherited.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createInterface } from 'node:readline';

export const repoRoot = path.resolve(__dirname, '..', '..');

/** The CommonJS entry of the compiled package; children `require` it. */
export const distEntry = path.join(repoRoot, 'dist', 'src', 'index.js');

/** The environment of a child: the test's, plus BSD_SOCKETS_ENTRY for scripts to require. */
export function childEnv(): NodeJS.ProcessEnv {
  if (!fs.existsSync(distEntry)) {
    throw new Error(`${distEntry} is missing: run \`npm run build:ts\` first`);
  }
  return { ...process.env, BSD_SOCKETS_ENTRY: distEntry };
}

export interface Finished {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `command` to its end; killed (SIGKILL) if it takes longer than `timeoutMs`. */
export function run(
  command: string,
  args: readonly string[],
  options: { cwd?: string; timeoutMs?: number } = {},
): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd ?? repoRoot,
      env: childEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 10_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout, stderr });
    });
  });
}

/** Runs a CommonJS script with node; the script finds the package in BSD_SOCKETS_ENTRY. */
export function runScript(source: string, options?: { timeoutMs?: number }): Promise<Finished> {
  return run(process.execPath, ['-e', source], options);
}

/** A server in a child process: what it said when ready, its later lines, and its end. */
export interface ChildServer {
  /** The JSON the server printed after `ready ` (its port…). */
  ready: Record<string, unknown>;
  /** The next line the server prints (a JSON value), e.g. what it received. */
  nextLine(): Promise<unknown>;
  /** Kills the server (SIGKILL: it may be blocked in accept or recvfrom) and waits for it. */
  stop(): Promise<void>;
}

const serverPrelude = `
const bsd = require(process.env.BSD_SOCKETS_ENTRY);
const fs = require('node:fs');
// Synchronous writes: the server blocks in a socket call right after printing.
function ready(info) { fs.writeSync(1, 'ready ' + JSON.stringify(info) + '\\n'); }
function report(value) { fs.writeSync(1, JSON.stringify(value) + '\\n'); }
`;

/**
 * Starts `source` (CommonJS, with `bsd`, `ready(info)` and `report(value)` in scope) in a
 * child node process and waits for its `ready(...)` line. The child is killed after
 * `timeoutMs` whatever happens, and by `stop()`, which the test calls in a finally block.
 */
export async function startServer(source: string, timeoutMs = 10_000): Promise<ChildServer> {
  const child: ChildProcess = spawn(process.execPath, ['-e', serverPrelude + source], {
    env: childEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();

  const stop = async (): Promise<void> => {
    clearTimeout(timer);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  const nextLine = async (): Promise<unknown> => {
    const line = await lines.next();
    if (line.done) throw new Error(`the server ended without printing; stderr: ${stderr}`);
    return JSON.parse(line.value) as unknown;
  };

  try {
    const first = await lines.next();
    if (first.done || !first.value.startsWith('ready ')) {
      throw new Error(`the server did not get ready; stdout: ${first.value}; stderr: ${stderr}`);
    }
    return {
      ready: JSON.parse(first.value.slice('ready '.length)) as Record<string, unknown>,
      nextLine,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** A fresh directory under the system's temp dir; `remove` deletes it and its content. */
export function makeTempDir(): { dir: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bsd-sockets-test-'));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
