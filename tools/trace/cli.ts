#!/usr/bin/env node
/**
 * bsd-sockets-trace: runs a C program and its TS port under strace and prints their socket
 * calls side by side. Exit status: 0 identical, 1 different, 2 usage error or failed trace.
 * Given a course program's name (or a scenario's, see scenarios.ts), it runs that course
 * scenario, with the helper server or client it needs; given commands, it runs them as they are.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { asksForHelp, asksForVersion, endQuietlyOnBrokenPipe, versionLine } from '../cli';
import {
  describeWait,
  liveWaits,
  Progress,
  PROGRESS_USAGE,
  progressOptions,
  waitClock,
} from '../progress';
import {
  compareRuns,
  compareTraces,
  socketCalls,
  type BesideComparison,
  type CompareOptions,
} from './compare';
import type { TraceDiff } from './diff';
import { renderDiffHtml, type HtmlSection } from './html';
import { renderDiff, renderSingle, DEFAULT_WIDTH, fitLines } from './render';
import {
  DEFAULT_TIMEOUT_MS,
  liveTraces,
  localPortRange,
  traceCommand,
  traceSide,
  type Side,
  type TraceOptions,
  type TraceRun,
} from './run';
import {
  prepareUserProgram,
  userProgramCommand,
  UserProgramError,
  type UserProgram,
} from '../course/user-program';
import {
  allScenarios,
  displayCommand,
  findScenario,
  helperText,
  missingBuilds,
  notCompared,
  scenarioSide,
  whyNotCompared,
  type CourseScenario,
} from './scenarios';

export const USAGE = `usage: bsd-sockets-trace [options] <program-or-scenario> [args...]
       bsd-sockets-trace [options] -- <c-command...> --- <ts-command...>
       bsd-sockets-trace [options] --only c|ts -- <command...>
       bsd-sockets-trace [options] --files <c.strace> <ts.strace>
       bsd-sockets-trace --list
       bsd-sockets-trace --help | --version
  <program-or-scenario>: a course program (udp_ipv4/client_ipv4 localhost 3000) or scenario
  (tcp/client:refused), run in C and in TS with the server or client it needs beside it
  (untraced); without args, the scenario's own, on a free port.
options:
  --list               the course scenarios, and the programs not compared (and why)
  --only c|ts          trace one side and list its socket calls
  --out DIR            keep the raw traces and outputs there (c.strace, ts.strace, *.stdout, diff.txt)
  --raw                show strace's text instead of the normalized text
  --no-resolver        hide the sockets glibc's getaddrinfo opens for itself
  --ignore-waits       compare without poll/select/epoll waits (a scenario may ask for it)
  --server-only        for a server scenario: its client in C, untraced, for both sides (by
                       default each side runs its own language's client, traced too, and both
                       ends are compared)
  --server-port N[,M]  replace the server's port by SERVER_PORT (N for both sides, or N for C, M for TS)
  --c FILE, --ts FILE  for a scenario: your own port (a .c; a .ts or .js) in place of that side
  --timeout SECONDS    per traced command (default ${DEFAULT_TIMEOUT_MS / 1000})
  --width N            columns (default $COLUMNS, else the terminal's, else ${DEFAULT_WIDTH})
  --html FILE          also write the comparison as a page (projector, print)
${PROGRESS_USAGE}
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
  /** --html FILE: the comparison as a page too. */
  html?: string;
  /** Recorded traces to compare instead of commands to run. */
  files: [string, string] | undefined;
  cCommand: string[];
  tsCommand: string[];
  /** A course program or scenario to run (scenarios.ts), and the arguments given after it. */
  scenario?: string;
  scenarioArgs?: string[];
  list?: boolean;
  /** Drop the readiness waits from both sides (compare.ts's ignoreWaits). */
  ignoreWaits?: boolean;
  /** A server scenario's client in C, untraced, for both sides (the old way: the server alone). */
  serverOnly?: boolean;
  /** A user's file in place of a side's program, in a scenario (`--c FILE`, `--ts FILE`). */
  userFiles?: Partial<Record<'c' | 'ts', string>>;
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
    if (!option.startsWith('-')) {
      const notComparedBecause = whyNotCompared(option);
      if (notComparedBecause !== undefined)
        throw new UsageError(
          `${option} is not compared: ${notComparedBecause}; trace one side with --only c|ts -- <command...>`,
        );
      if (findScenario(option) === undefined)
        throw new UsageError(`no course program or scenario "${option}"; --list shows them`);
      args.scenario = option;
      args.scenarioArgs = argv.slice(index + 1);
      break;
    }
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
      case '--ignore-waits':
        args.ignoreWaits = true;
        break;
      case '--server-only':
        args.serverOnly = true;
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
      case '--html':
        args.html = value(option);
        break;
      case '--files':
        args.files = [value(option), value(option)];
        break;
      case '--list':
        args.list = true;
        break;
      case '--c':
      case '--ts':
        args.userFiles = { ...args.userFiles, [option.slice(2)]: value(option) };
        break;
      default:
        throw new UsageError(`unknown option ${option}`);
    }
  }
  if (args.scenario !== undefined || args.list === true) return args;
  if (args.userFiles !== undefined)
    throw new UsageError('--c FILE and --ts FILE go with a scenario');
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
  /** The terminal's width, when stdout is one (shells rarely export $COLUMNS). */
  columns?: number;
}

export async function runCli(all: readonly string[], io: CliIo = processIo()): Promise<number> {
  // --progress=plain, --quiet (tools/progress.ts): the progress line on stderr.
  const progressArgs = progressOptions(all);
  if (typeof progressArgs === 'string') {
    io.writeError(`bsd-sockets-trace: ${progressArgs}\n${USAGE}`);
    return 2;
  }
  const argv = progressArgs.rest;
  const progress = new Progress('bsd-sockets-trace', progressArgs.mode);
  const watchTraces = (file: string, command: readonly string[]): (() => void) => {
    const name = displayCommand([...command]);
    progress.step(`tracing ${name}`);
    const label = basename(command[command[0]?.endsWith('node') ? 1 : 0] ?? '');
    const clock = waitClock(); // its strace flags have no -ttt
    return progress.watch(() => {
      const now = Date.now() / 1000;
      const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
      return [describeWait(label, clock(liveWaits(text), now), now)];
    });
  };
  if (progress.active) liveTraces.add(watchTraces);
  try {
    return await runCliArgs(argv, io, progress);
  } finally {
    liveTraces.delete(watchTraces);
    progress.end();
  }
}

async function runCliArgs(argv: readonly string[], io: CliIo, progress: Progress): Promise<number> {
  if (asksForHelp(argv)) {
    io.write(USAGE);
    return 0;
  }
  if (asksForVersion(argv)) {
    io.write(versionLine('bsd-sockets-trace'));
    return 0;
  }
  let args: CliArgs;
  try {
    args = parseCliArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.writeError(`bsd-sockets-trace: ${error.message}\n${USAGE}`);
    return 2;
  }
  const width = args.width ?? (Number(io.env.COLUMNS) || io.columns || DEFAULT_WIDTH);
  const color = io.isTTY && io.env.NO_COLOR === undefined;
  // Every line within --width: headers, notes and summaries too (the body wraps already).
  const unfitted = io;
  io = {
    ...io,
    write: (text) => {
      progress.clear(); // redrawn by its timer: the output stays free of it
      unfitted.write(fitLines(text, width));
    },
    writeError: (text) => {
      progress.clear();
      unfitted.writeError(text);
    },
  };
  const compareOptions: CompareOptions = {
    hideResolver: args.hideResolver,
    cServerPort: args.cServerPort,
    tsServerPort: args.tsServerPort,
    ephemeralPorts: localPortRange(),
    ignoreWaits: args.ignoreWaits,
  };
  try {
    if (args.list === true) {
      io.write(scenarioList());
      return 0;
    }
    if (args.scenario !== undefined) return await runScenario(args, io, width, color);
    if (args.files) {
      const [cText, tsText] = args.files.map((file) => readFileSync(file, 'utf8'));
      const diff = compareTraces(cText, tsText, compareOptions);
      writeHtml(args, 'bsd-sockets-trace --files', [
        { title: '', diff, cTitle: args.files[0], tsTitle: args.files[1], notes: [] },
      ]);
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
    writeHtml(args, 'bsd-sockets-trace', [
      {
        title: '',
        diff,
        cTitle: args.cCommand.join(' '),
        tsTitle: args.tsCommand.join(' '),
        notes: [timeoutNote(cRun), timeoutNote(tsRun)].filter(Boolean),
      },
    ]);
    io.write(text + timeoutNote(cRun) + timeoutNote(tsRun));
    return diff.equal ? 0 : 1;
  } catch (error) {
    io.writeError(`bsd-sockets-trace: ${(error as Error).message}\n`);
    return 2;
  }
}

/** The scenarios, one a line: name, what it shows; then the programs not compared, and why. */
function scenarioList(): string {
  const names = [...allScenarios.map((s) => s.name), ...notCompared.map((n) => n.program)];
  const width = Math.max(...names.map((name) => name.length));
  return [
    ...allScenarios.map((scenario) => `${scenario.name.padEnd(width)}  ${scenario.description}\n`),
    ...notCompared.map(
      (entry) => `${entry.program.padEnd(width)}  not compared: ${entry.reason}\n`,
    ),
  ].join('');
}

/** A course scenario, C and TS (or one side with --only), with its helpers beside it. */
async function runScenario(
  args: CliArgs,
  io: CliIo,
  width: number,
  color: boolean,
): Promise<number> {
  const scenario = findScenario(args.scenario as string) as CourseScenario;
  const missing = missingBuilds(scenario, args.only === undefined ? ['c', 'ts'] : [args.only]);
  if (missing !== null) {
    io.writeError(`bsd-sockets-trace: ${missing}\n`);
    return 2;
  }
  const userArgs = args.scenarioArgs?.length ? args.scenarioArgs : undefined;
  const options = {
    timeoutMs: args.timeoutMs,
    hideResolver: args.hideResolver,
    cServerPort: args.cServerPort,
    tsServerPort: args.tsServerPort,
    ephemeralPorts: localPortRange(),
  };
  // The scenario's ignoreWaits is for the comparison; --only shows the waits unless asked.
  const ignoreWaits =
    args.ignoreWaits === true || (args.only === undefined && scenario.ignoreWaits);
  io.write(`${scenario.name}: ${scenario.description}\n`);
  // A server and the client beside it, both traced, both in the side's language: both ends of
  // the exchange are compared, C run against TS run (unless --server-only, or --only).
  const traceClients =
    args.only === undefined && scenario.client !== undefined && args.serverOnly !== true;
  const users: Partial<Record<'c' | 'ts', UserProgram>> = {};
  try {
    for (const language of ['c', 'ts'] as const) {
      const file = args.userFiles?.[language];
      if (file !== undefined) users[language] = prepareUserProgram(file);
    }
  } catch (error) {
    for (const user of Object.values(users)) user.dispose();
    if (!(error instanceof UserProgramError)) throw error;
    io.writeError(`bsd-sockets-trace: ${error.message.trimEnd()}\n`);
    return 2;
  }
  const side = (language: 'c' | 'ts') => {
    const user = users[language];
    return scenarioSide(scenario, language, userArgs, {
      note: (text) => io.write(`note: ${text}\n`),
      traceClients,
      ...(user === undefined ? {} : { command: (words) => userProgramCommand(user, words) }),
    });
  };
  try {
    return await runSides(
      args,
      io,
      width,
      color,
      scenario,
      side,
      traceClients,
      ignoreWaits,
      options,
    );
  } finally {
    for (const user of Object.values(users)) user.dispose();
  }
}

/** The traced runs of a scenario (both sides, or --only's), rendered. */
async function runSides(
  args: CliArgs,
  io: CliIo,
  width: number,
  color: boolean,
  scenario: CourseScenario,
  side: (language: 'c' | 'ts') => Side,
  traceClients: boolean,
  ignoreWaits: boolean | undefined,
  options: CompareOptions & TraceOptions,
): Promise<number> {
  if (args.only !== undefined) {
    const run = await traceSide(side(args.only), options);
    saveRuns(args.out, { [args.only]: run });
    const serverPort = (args.only === 'c' ? args.cServerPort : args.tsServerPort) ?? run.serverPort;
    const calls = socketCalls(run.trace, { ...options, serverPort, ignoreWaits });
    io.write(sideHeader(scenario, args.only, run, false) + '\n');
    io.write(renderSingle(calls, { raw: args.raw }) + outcome(args.only, run));
    return 0;
  }
  const comparison = await compareRuns(side('c'), side('ts'), { ...options, ignoreWaits });
  const { c, ts, diff } = comparison;
  const renderOne =
    (one: TraceDiff, cRun: TraceRun | undefined, tsRun: TraceRun | undefined) =>
    (paint: boolean): string =>
      renderDiff(one, {
        width,
        color: paint,
        raw: args.raw,
        cTitle: cRun === undefined ? '(no run)' : displayCommand(cRun.command),
        tsTitle: tsRun === undefined ? '(no run)' : displayCommand(tsRun.command),
      });
  const parts = [
    { title: 'the server', render: renderOne(diff, c, ts), c, ts, diff },
    ...comparison.beside.map((entry, index) => ({
      title: `the client beside it, run ${index + 1} of ${comparison.beside.length}`,
      render: renderOne(entry.diff, entry.c, entry.ts),
      diff: entry.diff,
      c: entry.c,
      ts: entry.ts,
    })),
  ];
  // Each end's comparison, then how each of its runs ended.
  const text = (paint: boolean): string =>
    parts
      .map(
        (part) =>
          (traceClients ? `${part.title}, C against TS:\n` : '') +
          part.render(paint) +
          outcome('c', part.c) +
          outcome('ts', part.ts),
      )
      .join('\n');
  saveRuns(args.out, { c, ts }, text(false));
  writeHtml(
    args,
    `bsd-sockets-trace ${scenario.name}: ${scenario.description}`,
    parts.map((part) => ({
      title: traceClients ? part.title : '',
      diff: part.diff,
      cTitle: part.c === undefined ? '(no run)' : displayCommand(part.c.command),
      tsTitle: part.ts === undefined ? '(no run)' : displayCommand(part.ts.command),
      notes: [outcome('c', part.c), outcome('ts', part.ts)].map((line) => line.trimEnd()),
    })),
    [knownNote(diff), waitsNote(ignoreWaits)].map((line) => line.trimEnd()).filter(Boolean),
  );
  io.write(
    `${sideHeader(scenario, 'c', c, traceClients)}${sideHeader(scenario, 'ts', ts, traceClients)}\n`,
  );
  io.write(
    text(color) +
      knownNote(diff) +
      waitsNote(ignoreWaits) +
      (traceClients ? bothEndsVerdict(diff, comparison.beside) : ''),
  );
  return comparison.equal ? 0 : 1;
}

/** --html FILE: the page of these comparisons (tools/trace/html.ts). */
function writeHtml(
  args: CliArgs,
  heading: string,
  sections: HtmlSection[],
  notes: string[] = [],
): void {
  if (args.html !== undefined)
    writeFileSync(args.html, renderDiffHtml(heading, sections, { raw: args.raw, notes }));
}

/** The last line of a server+client comparison: which end differs, if any. */
function bothEndsVerdict(server: TraceDiff, beside: readonly BesideComparison[]): string {
  const ends = [
    ['the server', server.equal],
    ...beside.map((entry, index) => [`client run ${index + 1}`, entry.diff.equal] as const),
  ] as const;
  const differing = ends.filter(([, equal]) => !equal).map(([name]) => name);
  const verdict = differing.length === 0 ? 'identical' : `different (${differing.join(', ')})`;
  return `both ends compared, the server and the client beside it (${beside.length} run${beside.length === 1 ? '' : 's'}), C against TS: ${verdict}\n`;
}

const SIDE_NAMES = { c: 'C ', ts: 'TS' } as const;

/** `  C : <command>` and, when a helper ran beside it, what it was. */
function sideHeader(
  scenario: CourseScenario,
  side: 'c' | 'ts',
  run: TraceRun,
  tracedClients: boolean,
): string {
  const helper =
    run.serverPort === undefined
      ? undefined
      : helperText(scenario, run.serverPort, tracedClients ? side : undefined);
  const port = run.serverPort === undefined ? '' : ` (SERVER_PORT = ${run.serverPort})`;
  return `  ${SIDE_NAMES[side]}: ${displayCommand(run.command)}${port}\n${helper ? `      ${helper}\n` : ''}`;
}

/** How a side ended, and the last line it printed on stdout and on stderr. */
function outcome(side: 'c' | 'ts', run: TraceRun | undefined): string {
  if (run === undefined) return `${SIDE_NAMES[side]}: no run\n`;
  const end = run.timedOut
    ? 'timed out, killed'
    : run.signal !== null
      ? `killed by ${run.signal}`
      : `exit status ${run.exitCode}`;
  return `${SIDE_NAMES[side]}: ${end}${lastLine('stdout', run.stdout)}${lastLine('stderr', run.stderr)}\n`;
}

function lastLine(name: string, text: string): string {
  const lines = text.split('\n').filter((line) => line !== '');
  if (lines.length === 0) return '';
  const last = lines[lines.length - 1];
  return lines.length === 1
    ? `; ${name}: ${last}`
    : `; ${name} (${lines.length} lines) ends: ${last}`;
}

/** The one difference C and TS cannot avoid, said in words under the summary. */
function knownNote(diff: TraceDiff): string {
  return diff.onlyKnownDifferences
    ? 'note: the only difference is SIGPIPE: Node ignores it, so the TS port gets EPIPE where C dies (see docs/trace-tool.md)\n'
    : '';
}

function waitsNote(ignoreWaits: boolean | undefined): string {
  return ignoreWaits
    ? 'note: poll/select/epoll waits are not compared (the TS side waits in the event loop): only the socket calls they lead to\n'
    : '';
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
    // The clients traced beside a server: c.client1.strace, …
    run.beside?.forEach((beside, index) => {
      const name = `${side}.client${index + 1}`;
      writeFileSync(join(out, `${name}.strace`), beside.trace);
      writeFileSync(join(out, `${name}.stdout`), beside.stdout);
      writeFileSync(join(out, `${name}.stderr`), beside.stderr);
    });
  }
  if (diffText !== undefined) writeFileSync(join(out, 'diff.txt'), diffText);
}

function processIo(): CliIo {
  return {
    write: (text) => process.stdout.write(text),
    writeError: (text) => process.stderr.write(text),
    env: process.env,
    isTTY: process.stdout.isTTY === true,
    columns: process.stdout.isTTY ? process.stdout.columns : undefined,
  };
}

if (typeof require !== 'undefined' && typeof module !== 'undefined' && require.main === module) {
  endQuietlyOnBrokenPipe();
  void runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
