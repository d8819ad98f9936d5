#!/usr/bin/env node
/**
 * bsd-sockets-trace: runs a C program and its TS port under strace and prints their socket
 * calls side by side. Exit status: 0 identical, 1 different, 2 usage error or failed trace.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareTraces, socketCalls, type CompareOptions } from './compare';
import { renderDiff, renderSingle, DEFAULT_WIDTH } from './render';
import { DEFAULT_TIMEOUT_MS, localPortRange, traceCommand, type TraceRun } from './run';

export const USAGE = `usage: bsd-sockets-trace [options] -- <c-command...> --- <ts-command...>
       bsd-sockets-trace [options] --only c|ts -- <command...>
       bsd-sockets-trace [options] --files <c.strace> <ts.strace>
options:
  --only c|ts          trace one side and list its socket calls
  --out DIR            keep the raw traces and outputs there (c.strace, ts.strace, *.stdout, diff.txt)
  --raw                show strace's text instead of the normalized text
  --no-resolver        hide the sockets glibc's getaddrinfo opens for itself
  --server-port N[,M]  replace the server's port by SERVER_PORT (N for both sides, or N for C, M for TS)
  --timeout SECONDS    per traced command (default ${DEFAULT_TIMEOUT_MS / 1000})
  --width N            columns (default $COLUMNS, else ${DEFAULT_WIDTH})
`;

export interface CliArgs {
  only: 'c' | 'ts' | undefined;
  out: string | undefined;
  raw: boolean;
  hideResolver: boolean;
  cServerPort: number | undefined;
  tsServerPort: number | undefined;
  timeoutMs: number;
  width: number | undefined;
  /** Recorded traces to compare instead of commands to run. */
  files: [string, string] | undefined;
  cCommand: string[];
  tsCommand: string[];
}

export function parseCliArgs(argv: readonly string[]): CliArgs {
  const args: CliArgs = {
    only: undefined,
    out: undefined,
    raw: false,
    hideResolver: false,
    cServerPort: undefined,
    tsServerPort: undefined,
    timeoutMs: DEFAULT_TIMEOUT_MS,
    width: undefined,
    files: undefined,
    cCommand: [],
    tsCommand: [],
  };
  let index = 0;
  const value = (option: string): string => {
    const next = argv[++index];
    if (next === undefined) throw new UsageError(`${option} needs a value`);
    return next;
  };
  for (; index < argv.length && argv[index] !== '--'; index++) {
    const option = argv[index];
    switch (option) {
      case '--only': {
        const side = value(option);
        if (side !== 'c' && side !== 'ts') throw new UsageError('--only takes c or ts');
        args.only = side;
        break;
      }
      case '--out':
        args.out = value(option);
        break;
      case '--raw':
        args.raw = true;
        break;
      case '--no-resolver':
        args.hideResolver = true;
        break;
      case '--server-port': {
        const [c, ts = c] = value(option).split(',').map(positiveInteger(option));
        args.cServerPort = c;
        args.tsServerPort = ts;
        break;
      }
      case '--timeout':
        args.timeoutMs = positiveInteger(option)(value(option)) * 1000;
        break;
      case '--width':
        args.width = positiveInteger(option)(value(option));
        break;
      case '--files':
        args.files = [value(option), value(option)];
        break;
      default:
        throw new UsageError(`unknown option ${option}`);
    }
  }
  const commands = argv.slice(index + 1);
  const separator = commands.indexOf('---');
  args.cCommand = separator < 0 ? commands : commands.slice(0, separator);
  args.tsCommand = separator < 0 ? [] : commands.slice(separator + 1);
  if (args.only === 'ts' && separator < 0) [args.cCommand, args.tsCommand] = [[], args.cCommand];
  if (args.files === undefined) {
    if (args.only !== 'ts' && args.cCommand.length === 0)
      throw new UsageError('missing the C command');
    if (args.only !== 'c' && args.tsCommand.length === 0)
      throw new UsageError('missing the TS command');
  }
  return args;
}

export class UsageError extends Error {}

function positiveInteger(option: string): (text: string) => number {
  return (text) => {
    if (!/^\d+$/.test(text) || Number(text) === 0)
      throw new UsageError(`${option}: not a positive integer: ${text}`);
    return Number(text);
  };
}

export interface CliIo {
  write: (text: string) => void;
  writeError: (text: string) => void;
  env: NodeJS.ProcessEnv;
  isTTY: boolean;
}

export async function runCli(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let args: CliArgs;
  try {
    args = parseCliArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.writeError(`bsd-sockets-trace: ${error.message}\n${USAGE}`);
    return 2;
  }
  const width = args.width ?? (Number(io.env.COLUMNS) || DEFAULT_WIDTH);
  const color = io.isTTY && io.env.NO_COLOR === undefined;
  const compareOptions: CompareOptions = {
    hideResolver: args.hideResolver,
    cServerPort: args.cServerPort,
    tsServerPort: args.tsServerPort,
    ephemeralPorts: localPortRange(),
  };
  try {
    if (args.files) {
      const [cText, tsText] = args.files.map((file) => readFileSync(file, 'utf8'));
      const diff = compareTraces(cText, tsText, compareOptions);
      io.write(
        renderDiff(diff, {
          width,
          color,
          raw: args.raw,
          cTitle: args.files[0],
          tsTitle: args.files[1],
        }),
      );
      return diff.equal ? 0 : 1;
    }
    const options = { timeoutMs: args.timeoutMs };
    if (args.only !== undefined) {
      const run = await traceCommand(args.only === 'c' ? args.cCommand : args.tsCommand, options);
      saveRuns(args.out, { [args.only]: run });
      const serverPort = args.only === 'c' ? args.cServerPort : args.tsServerPort;
      const calls = socketCalls(run.trace, { ...compareOptions, serverPort });
      io.write(renderSingle(calls, { raw: args.raw }) + timeoutNote(run));
      return 0;
    }
    const cRun = await traceCommand(args.cCommand, options);
    const tsRun = await traceCommand(args.tsCommand, options);
    const diff = compareTraces(cRun.trace, tsRun.trace, compareOptions);
    const text = renderDiff(diff, {
      width,
      color,
      raw: args.raw,
      cTitle: args.cCommand.join(' '),
      tsTitle: args.tsCommand.join(' '),
    });
    saveRuns(args.out, { c: cRun, ts: tsRun }, renderDiff(diff, { width, raw: args.raw }));
    io.write(text + timeoutNote(cRun) + timeoutNote(tsRun));
    return diff.equal ? 0 : 1;
  } catch (error) {
    io.writeError(`bsd-sockets-trace: ${(error as Error).message}\n`);
    return 2;
  }
}

function timeoutNote(run: TraceRun): string {
  return run.timedOut ? `note: ${run.command.join(' ')} timed out and was killed\n` : '';
}

function saveRuns(
  out: string | undefined,
  runs: Partial<Record<'c' | 'ts', TraceRun>>,
  diffText?: string,
): void {
  if (out === undefined) return;
  mkdirSync(out, { recursive: true });
  for (const [side, run] of Object.entries(runs)) {
    writeFileSync(join(out, `${side}.strace`), run.trace);
    writeFileSync(join(out, `${side}.stdout`), run.stdout);
    writeFileSync(join(out, `${side}.stderr`), run.stderr);
  }
  if (diffText !== undefined) writeFileSync(join(out, 'diff.txt'), diffText);
}

function processIo(): CliIo {
  return {
    write: (text) => process.stdout.write(text),
    writeError: (text) => process.stderr.write(text),
    env: process.env,
    isTTY: process.stdout.isTTY === true,
  };
}

if (typeof require !== 'undefined' && typeof module !== 'undefined' && require.main === module) {
  void runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
