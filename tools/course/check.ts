/**
 * `bsd-sockets-course check <program> <file> [--json]`: runs a user's port of a course
 * program (a `.ts`, `.js` or `.c`: user-program.ts) in every scenario the trace tool has for
 * that program (tools/trace/scenarios.ts), and compares each run with the C reference's run of
 * the same scenario: the exit status, stdout and stderr byte for byte (the ports and the pid,
 * which differ from run to run, normalized as the trace tool does: SERVER_PORT, EPHEMERAL#n,
 * <pid>), and the strace trace (the trace tool's pipeline: compareTraces).
 *
 * - A client runs against the course's C server, then against its TS server (two scenarios).
 * - A server is traced alone; the scenario's C clients run, one after the other, once it is
 *   blocked in the call that waits for them (accept, recvfrom, select, poll…); what they print
 *   is compared too. Then it is stopped (SIGTERM) where it waits again, as the trace tool does.
 *
 * Bounded: a traced program blocked in the same call for BLOCKED_AFTER_MS (scaled with the
 * machine's load) is stopped and its scenario fails with that call (`still blocked in
 * recvfrom after 10 s`); a client of a server, the same; every trace has a hard timeout too.
 *
 * Exit status (checkMain): 0 every scenario matches, 1 one differs, 2 bad input (a usage line,
 * or the compiler's message).
 */
import * as os from 'node:os';

import * as path from 'node:path';

import type { Limits } from '../sandbox';
import { inOwnNetns, loopbackUp, netnsSupport, runInOwnNetns } from '../sandbox/netns';

import { commandFor, findProgram, missingBuild, type Language } from '../../course/programs';
import { freePort, startProgram, type RunningProgram } from '../../course/lib/harness';
import { blockedIn, knownWaitingCalls, openSockets, waitUntilBlockedIn } from '../trace/blocked';
import { compareTraces } from '../trace/compare';
import { DIFF_CLASSES } from '../trace/classify';
import type { DiffRow, TraceDiff } from '../trace/diff';
import { localPortRange, traceCommand, type TraceRun, type TracedCommand } from '../trace/run';
import {
  allScenarios,
  killWhenRequestUnread,
  startServer,
  whyNotCompared,
  type CourseScenario,
} from '../trace/scenarios';
import {
  brokenLimits,
  prepareUserProgram,
  userProgramCommand,
  UserProgramError,
  type UserProgram,
} from './user-program';

export const CHECK_USAGE =
  'bsd-sockets-course check <program> <file.ts|file.js|file.c> [--json]  (your port against the C reference)\n' +
  '         [--cpu S] [--memory BYTES] [--nproc N] [--nofile N] [--wall S] [--output BYTES] [--user NAME]\n' +
  '         (the limits your program runs in: docs/containment.md)\n';

/** check's options for the containment's limits (tools/sandbox), by option. */
const LIMIT_OPTIONS: Record<string, keyof Limits> = {
  '--cpu': 'cpuSeconds',
  '--memory': 'memoryBytes',
  '--nproc': 'processes',
  '--nofile': 'openFiles',
  '--wall': 'wallSeconds',
  '--output': 'outputBytes',
};

/** The machine's load per core, between 1 and 10: how much longer every wait may be. */
function loadFactor(): number {
  return Math.min(10, Math.max(1, os.loadavg()[0] / os.availableParallelism()));
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function scaled(ms: number): number {
  return Math.round(ms * loadFactor());
}

/** How long a program may stay blocked in one call before its scenario fails (quiet machine). */
const BLOCKED_AFTER_MS = 10_000;
/** How long a traced server may take to start and block waiting for clients (node under strace). */
const START_TIMEOUT_MS = 30_000;
/** The hard bound of one traced run, whatever it does. */
const RUN_TIMEOUT_MS = 60_000;

/** One run's outcome, as compared: how it ended and what it printed, normalized. */
export interface Outcome {
  /** Exit status, or null when killed by a signal. */
  status: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  /** The call it was stopped in, when it stayed blocked there too long; else null. */
  blocked: string | null;
}

export interface ScenarioResult {
  /** The trace tool's scenario (`bsd-sockets-trace --list`). */
  scenario: string;
  /** For a client: the course server it ran against ('c' or 'ts'); else null. */
  against: Language | null;
  ok: boolean;
  /** The first difference, in words; null when ok. */
  difference: string | null;
  /** The traced program: the reference's run, and yours. */
  reference: Outcome;
  yours: Outcome;
  /** A server's clients, run by run. */
  clients: { reference: Outcome; yours: Outcome }[];
  trace: { equal: boolean; differences: number; summary: string };
}

export interface CheckResult {
  program: string;
  file: string;
  language: 'ts' | 'js' | 'c';
  ok: boolean;
  scenarios: ScenarioResult[];
  verdict: string;
}

/** One side's run of a scenario: the traced program, and a server's clients. */
interface SideRun {
  trace: TraceRun;
  serverPort: number | undefined;
  /** The call the traced program stayed blocked in, if it was stopped there. */
  stuck: string | undefined;
  /** What went wrong beside it (a server never waiting for clients, say). */
  problem: string | undefined;
  clients: Outcome[];
  /** How long a call could block before the run was stopped (BLOCKED_AFTER_MS, scaled). */
  limitMs: number;
  /** The program's path as it gets it in argv[0] (C) or argv[1] (node): printed in its messages. */
  programPath: string;
}

/** The scenarios of `program`, each once per server language for a client. */
export function checkPlan(program: string): { scenario: CourseScenario; against?: Language }[] {
  return allScenarios
    .filter((scenario) => scenario.program === program)
    .flatMap((scenario) =>
      scenario.server === undefined
        ? [{ scenario }]
        : (['c', 'ts'] as const).map((against) => ({ scenario, against })),
    );
}

/**
 * Watches the traced program (polling /proc every 50 ms) and resolves with the call it is
 * blocked in once it has been in that same call for `limitMs`; with undefined once it ended.
 */
async function stuckIn(
  pid: () => number | undefined,
  limitMs: number,
  over: () => boolean,
): Promise<string | undefined> {
  const waiting = new Set(knownWaitingCalls());
  const deadline = Date.now() + RUN_TIMEOUT_MS * 10;
  let seen = false;
  let current: string | undefined;
  let since = Date.now();
  while (Date.now() < deadline && !over()) {
    const id = pid();
    if (id === undefined) {
      if (seen) return undefined;
    } else {
      seen = true;
      const call = blockedIn(id);
      if (call !== current) {
        current = call;
        since = Date.now();
      } else if (call !== undefined && waiting.has(call) && Date.now() - since >= limitMs)
        return call;
    }
    await delay(50);
  }
  // Over: it ended. Past the deadline: still running, in whatever call.
  return over() ? undefined : 'running';
}

/** Runs a client of a traced server to its end, or stops it once stuck; its outcome. */
async function runClient(
  command: string[],
  stdin: string | undefined,
  limitMs: number,
): Promise<Outcome> {
  const client: RunningProgram = startProgram(command, stdin === undefined ? {} : { stdin });
  let ended = false;
  const stuck = stuckIn(
    () => (ended ? undefined : client.pid),
    limitMs,
    () => ended,
  );
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    client.done.then(() => undefined),
    stuck,
    new Promise<string>((resolve) => {
      timer = setTimeout(() => resolve('running'), scaled(RUN_TIMEOUT_MS));
    }),
  ]);
  clearTimeout(timer);
  ended = true;
  const result = await client.stop();
  return {
    status: result.status,
    signal: result.signal,
    stdout: result.stdout.toString('utf8'),
    stderr: result.stderr.toString('utf8'),
    blocked: outcome ?? null,
  };
}

/**
 * One side of a scenario: `command(args)` traced, with the scenario's helper beside it (its
 * server, in `against`'s language, or its C clients).
 */
async function runSide(
  scenario: CourseScenario,
  command: (args: readonly string[]) => string[],
  against: Language | undefined,
): Promise<SideRun> {
  const limitMs = scaled(BLOCKED_AFTER_MS);
  let port = scenario.portArg >= 0 ? await freePort() : undefined;
  let server: RunningProgram | undefined;
  if (scenario.server !== undefined && port !== undefined) {
    const started = await startServer(scenario.server, port, true, against ?? 'c');
    if (started === undefined) throw new Error(`no free port for ${scenario.server.program}`);
    ({ server, port } = started);
  }
  let stuck: string | undefined;
  // Set once the traced run is over: the watchers beside it stop.
  let finished = false;
  let problem: string | undefined;
  const clients: Outcome[] = [];
  const serverPort = port;
  const whileTraced = async (traced: TracedCommand): Promise<void> => {
    if (scenario.client !== undefined && serverPort !== undefined) {
      const waitsIn = scenario.waitsIn ?? ['accept', 'accept4', 'recvfrom'];
      try {
        await waitUntilBlockedIn(traced.pid, waitsIn, { timeoutMs: scaled(START_TIMEOUT_MS) });
      } catch (error) {
        problem = `never blocked in ${waitsIn.join(' or ')} waiting for its clients: ${(error as Error).message.replace(/^the traced command /, 'it ')}`;
        return;
      }
      const pid = traced.pid();
      const maxSockets = pid === undefined ? undefined : openSockets(pid);
      const helper = scenario.client;
      for (let run = 0; run < (helper.runs ?? 1); run++) {
        const clientCommand = commandFor('c', helper.program, helper.args(serverPort, run));
        const outcome = await runClient(clientCommand, helper.stdin, limitMs);
        clients.push(outcome);
        if (outcome.blocked !== null) return;
        try {
          await waitUntilBlockedIn(traced.pid, waitsIn, { timeoutMs: limitMs, maxSockets });
        } catch (error) {
          problem = `did not get back to ${waitsIn.join(' or ')} after client ${run + 1}: ${(error as Error).message.replace(/^the traced command /, 'it ')}`;
          return;
        }
      }
      return;
    }
    const watch = stuckIn(traced.pid, limitMs, () => finished || traced.ended?.() === true).then(
      (call) => (stuck = call),
    );
    if (scenario.killServer && server !== undefined && serverPort !== undefined) {
      const killing = killWhenRequestUnread(traced, server, serverPort).catch((error: unknown) => {
        problem = (error as Error).message;
      });
      await Promise.race([watch, killing.then(() => watch)]);
    } else await watch;
  };
  const argv = command(scenario.args(port ?? 0));
  const programPath = argv[0] === process.execPath ? argv[1] : argv[0];
  try {
    const trace = await traceCommand(argv, {
      stdin: scenario.stdin,
      timeoutMs: scaled(RUN_TIMEOUT_MS),
      whileTraced,
    });
    if (trace.timedOut && stuck === undefined) stuck = 'running';
    return { trace, serverPort, stuck, problem, clients, limitMs, programPath };
  } finally {
    finished = true;
    await server?.stop();
  }
}

/**
 * `text` with what differs from run to run replaced: the program's own path (`<program>`: a
 * program prints its argv[0] in its messages), the server port, ephemeral ports, pids.
 */
export function normalizeOutput(
  text: string,
  serverPort: number | undefined,
  pids: number[],
  programPath?: string,
): string {
  const [low, high] = localPortRange();
  const ephemeral = new Map<string, string>();
  const named = programPath === undefined ? text : text.split(programPath).join('<program>');
  return named.replace(/\b\d+\b/g, (word) => {
    const number = Number(word);
    if (serverPort !== undefined && number === serverPort) return 'SERVER_PORT';
    if (pids.includes(number)) return '<pid>';
    if (number >= low && number <= high && word === String(number)) {
      if (!ephemeral.has(word)) ephemeral.set(word, `EPHEMERAL#${ephemeral.size + 1}`);
      return ephemeral.get(word) as string;
    }
    return word;
  });
}

/** The pids in a trace (`<pid> call(…)` lines of strace -f -o). */
function tracedPids(trace: string): number[] {
  return [...new Set([...trace.matchAll(/^(\d+) /gm)].map((match) => Number(match[1])))];
}

function outcomeOf(run: SideRun): Outcome {
  const pids = tracedPids(run.trace.trace);
  const normalized = (text: string) => normalizeOutput(text, run.serverPort, pids, run.programPath);
  return {
    status: run.trace.exitCode,
    signal: run.trace.signal,
    stdout: normalized(run.trace.stdout),
    // strace's own messages (`strace: Process … detached`) are not the program's.
    stderr: normalized(run.trace.stderr.replace(/^strace: .*\n?/gm, '')),
    blocked: run.stuck ?? null,
  };
}

function clientOutcome(outcome: Outcome, serverPort: number | undefined): Outcome {
  return {
    ...outcome,
    stdout: normalizeOutput(outcome.stdout, serverPort, []),
    stderr: normalizeOutput(outcome.stderr, serverPort, []),
  };
}

/** One differing row of a trace diff in the checker's words: `sendto: len is 8 in the reference, 7 in yours`. */
export function rowInOurWords(row: DiffRow): string {
  const event = row.c ?? row.ts;
  const name = event?.name ?? 'a call';
  if (row.kind === 'c-only') return `${name}: missing in yours (the reference: ${row.c?.text})`;
  if (row.kind === 'ts-only') return `${name}: extra in yours (${row.ts?.text})`;
  // The reason of the first class (DIFF_CLASSES: a size before another argument, `len` before `buf`).
  const reasons = [...row.reasons].sort(
    (a, b) => DIFF_CLASSES.indexOf(a.class) - DIFF_CLASSES.indexOf(b.class),
  );
  const reason = reasons[0]?.text ?? `${row.c?.text} in C, ${row.ts?.text} in TS`;
  const words = reason
    .replace(/^[a-z ]+: /, '')
    .replace(/ in C only\b/g, ' in the reference only')
    .replace(/ in TS only\b/g, ' in yours only')
    .replace(/ in C\b/g, ' in the reference')
    .replace(/ in TS\b/g, ' in yours');
  return row.c !== undefined && row.ts !== undefined && row.c.name !== row.ts.name
    ? `${row.c.name} in the reference, ${row.ts.name} in yours: ${words}`
    : `${name}: ${words}`;
}

/** The first line where two texts differ, in words; undefined when equal. */
function firstLineDifference(what: string, reference: string, yours: string): string | undefined {
  if (reference === yours) return undefined;
  const a = reference.split('\n');
  const b = yours.split('\n');
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] === b[i]) continue;
    const shown = (line: string | undefined) =>
      line === undefined ? 'nothing' : JSON.stringify(line);
    return `${what} line ${i + 1}: ${shown(a[i])} in the reference, ${shown(b[i])} in yours`;
  }
  return `${what} differs`;
}

function endText(outcome: Outcome): string {
  return outcome.signal !== null ? `killed by ${outcome.signal}` : `exit status ${outcome.status}`;
}

/** The differences of two outcomes, in order: blocked, exit, stdout, stderr. */
function outcomeDifferences(
  who: string,
  reference: Outcome,
  yours: Outcome,
  limitMs: number,
): string[] {
  const differences: string[] = [];
  const limit = Math.round(limitMs / 1000);
  if (yours.blocked !== null && yours.blocked !== reference.blocked)
    differences.push(
      yours.blocked === 'running'
        ? `${who}still running after ${Math.round(scaled(RUN_TIMEOUT_MS) / 1000)} s`
        : `${who}still blocked in ${yours.blocked} after ${limit} s`,
    );
  if (endText(reference) !== endText(yours))
    differences.push(`${who}${endText(reference)} in the reference, ${endText(yours)} in yours`);
  for (const stream of ['stdout', 'stderr'] as const) {
    const difference = firstLineDifference(`${who}${stream}`, reference[stream], yours[stream]);
    if (difference !== undefined) differences.push(difference);
  }
  return differences;
}

/** Compares the reference's run and yours of one scenario. */
function compareSides(
  scenario: CourseScenario,
  against: Language | undefined,
  reference: SideRun,
  yours: SideRun,
  language: UserProgram['language'],
): ScenarioResult {
  const ignoreWaits = scenario.ignoreWaits === true && language !== 'c';
  const diff: TraceDiff = compareTraces(reference.trace.trace, yours.trace.trace, {
    cServerPort: reference.serverPort,
    tsServerPort: yours.serverPort,
    ephemeralPorts: localPortRange(),
    ignoreWaits,
  });
  // Node ignores SIGPIPE: a TS port gets EPIPE where C dies of it (docs/trace-tool.md).
  const knownOnly = diff.onlyKnownDifferences && language !== 'c';
  const referenceOutcome = outcomeOf(reference);
  const yoursOutcome = outcomeOf(yours);
  const differences: string[] = [];
  if (yours.problem !== undefined) differences.push(`yours ${yours.problem}`);
  const differing = diff.rows.filter((entry) => entry.kind !== 'same' && !stoppedAlike(entry));
  const traceEqual = differing.length === 0 || knownOnly;
  if (!traceEqual) differences.push(rowInOurWords(differing[0]));
  differences.push(
    ...outcomeDifferences('', referenceOutcome, yoursOutcome, yours.limitMs).filter(
      (text) => !(knownOnly && text.startsWith('killed by SIGPIPE')),
    ),
  );
  const clients = reference.clients.map((client, index) => ({
    reference: clientOutcome(client, reference.serverPort),
    yours: clientOutcome(
      yours.clients[index] ?? {
        status: null,
        signal: null,
        stdout: '',
        stderr: '',
        blocked: 'never run',
      },
      yours.serverPort,
    ),
  }));
  clients.forEach((client, index) => {
    const who = clients.length === 1 ? 'the client: ' : `client ${index + 1}: `;
    if (client.yours.blocked === 'never run') differences.push(`${who}never ran`);
    else
      differences.push(...outcomeDifferences(who, client.reference, client.yours, yours.limitMs));
  });
  // A hang is said with the difference that led to it.
  const blockedFirst = differences.findIndex((text) => text.includes('still blocked in'));
  let difference: string | null = differences[0] ?? null;
  if (blockedFirst > 0) difference = `${differences[0]}; then ${differences[blockedFirst]}`;
  return {
    scenario: scenario.name,
    against: against ?? null,
    ok: difference === null,
    difference,
    reference: referenceOutcome,
    yours: yoursOutcome,
    clients,
    trace: { equal: traceEqual, differences: differing.length, summary: diff.summary },
  };
}

/**
 * A row where both sides were stopped in the same call (a server stopped where it waits for
 * its next client): the checker stopped them, and what strace printed of the call's arguments
 * at that moment depends on when the stop came (seen: a TS server's accept cut before its
 * addrlen, `<unfinished ...>` while another of node's threads wrote), not on the program.
 */
function stoppedAlike(row: DiffRow): boolean {
  return (
    row.c?.blocked !== undefined && row.ts?.blocked !== undefined && row.c.name === row.ts.name
  );
}

/** The reference's runs, by scenario and server: the same in every check of this process. */
const referenceRuns = new Map<string, Promise<SideRun>>();

function referenceRun(scenario: CourseScenario, against: Language | undefined): Promise<SideRun> {
  const key = `${scenario.name}:${against ?? ''}`;
  let run = referenceRuns.get(key);
  if (run === undefined) {
    run = runSide(scenario, (args) => commandFor('c', scenario.program, args), against);
    referenceRuns.set(key, run);
    run.catch(() => referenceRuns.delete(key));
  }
  return run;
}

/** The scenario's name as printed: `tp_udp/clientu (C server)`. */
export function scenarioTitle(result: Pick<ScenarioResult, 'scenario' | 'against'>): string {
  return result.against === null
    ? result.scenario
    : `${result.scenario} (${result.against === 'c' ? 'C' : 'TS'} server)`;
}

/**
 * Checks `program` (prepared) in every scenario of `program`'s; `onResult` hears each as it
 * ends. Runs one scenario at a time, the reference first.
 */
export async function checkProgram(
  programName: string,
  program: UserProgram,
  onResult: (result: ScenarioResult) => void = () => {},
  /** Which of the plan's scenarios to run (all by default): a test's choice. */
  only: (scenario: string, against: Language | undefined) => boolean = () => true,
): Promise<CheckResult> {
  const results: ScenarioResult[] = [];
  // contain's wall time comes after the checker's own bounds, which say more (the call a
  // program is blocked in), unless the caller set one.
  if (program.limits.wallSeconds === undefined || program.limits.wallSeconds === 300)
    program.limits = {
      ...program.limits,
      wallSeconds: Math.ceil(scaled(RUN_TIMEOUT_MS) / 1000) + 30,
    };
  const plan = checkPlan(programName).filter(({ scenario, against }) =>
    only(scenario.name, against),
  );
  for (const { scenario, against } of plan) {
    const reference = await referenceRun(scenario, against);
    const runsBefore = program.runs.length;
    const yours = await runSide(scenario, (args) => userProgramCommand(program, args), against);
    const result = compareSides(scenario, against, reference, yours, program.language);
    // A limit of the containment broken (docs/containment.md) is the first thing to say.
    const broken = brokenLimits(program, runsBefore)[0];
    if (broken !== undefined) {
      result.ok = false;
      result.difference =
        result.difference === null ? broken.message : `${broken.message}; ${result.difference}`;
    }
    results.push(result);
    onResult(result);
  }
  const failed = results.filter((result) => !result.ok).length;
  const verdict =
    failed === 0
      ? `ok: ${results.length} scenario${results.length === 1 ? '' : 's'}, the same as the C reference`
      : `FAILED: ${failed} of ${results.length} scenario${results.length === 1 ? '' : 's'} differ from the C reference`;
  return {
    program: programName,
    file: program.file,
    language: program.language,
    ok: failed === 0,
    scenarios: results,
    verdict,
  };
}

function usageError(message: string): number {
  process.stderr.write(`bsd-sockets-course check: ${message}\nusage: ${CHECK_USAGE}`);
  return 2;
}

/** `check`'s main: the words after `check`. */
export async function checkMain(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const limits: Partial<Limits> = {};
  let user: string | undefined;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const option = LIMIT_OPTIONS[argv[i]];
    if (option === undefined && argv[i] !== '--user') {
      rest.push(argv[i]);
      continue;
    }
    const value = argv[++i];
    if (value === undefined) return usageError(`${argv[i - 1]} needs a value`);
    if (option === undefined) {
      user = value;
      continue;
    }
    const number = Number(value);
    if (!Number.isFinite(number) || number <= 0)
      return usageError(`${argv[i - 1]} takes a positive number, not ${value}`);
    limits[option] = number;
  }
  const words = rest.filter((word) => word !== '--json');
  const unknown = words.find((word) => word.startsWith('-'));
  if (unknown !== undefined) return usageError(`unknown option ${unknown}`);
  if (words.length !== 2) return usageError('it takes a program and a file');
  const [name, file] = words;
  const bare = name.replace(/^(\.\/)?course\//, '').replace(/\.(c|ts|js)$/, '');
  if (findProgram(bare) === undefined) return usageError(`no program "${name}"; --list shows them`);
  const notCompared = whyNotCompared(bare);
  if (notCompared !== undefined)
    return usageError(`${bare} is not checked call for call: ${notCompared}`);
  if (checkPlan(bare).length === 0) return usageError(`${bare} has no scenario to check`);
  for (const needed of new Set([
    bare,
    ...checkPlan(bare).flatMap(({ scenario }) =>
      [scenario.server?.program, scenario.client?.program].filter((p) => p !== undefined),
    ),
  ])) {
    const missing = missingBuild('c', needed);
    if (missing !== null) return usageError(missing);
  }
  for (const needed of checkPlan(bare)
    .map(({ scenario }) => scenario.server?.program)
    .filter((p) => p !== undefined)) {
    const missing = missingBuild('ts', needed);
    if (missing !== null) return usageError(missing);
  }
  // The whole scenario, your program and its reference peers, in a network namespace of its
  // own with only lo (tools/sandbox/netns.ts); where none can be made, said, and run here.
  if (!inOwnNetns()) {
    const support = netnsSupport();
    if (support.ok) return runInOwnNetns(cliScript(), ['check', ...argv]);
    process.stderr.write(
      `bsd-sockets-course check: no network namespace here (${support.why}): your program shares this machine's network\n`,
    );
  } else {
    const why = loopbackUp();
    if (why !== null) return usageError(why);
  }
  let program: UserProgram;
  try {
    program = prepareUserProgram(file);
    program.limits = { ...program.limits, ...limits };
    if (user !== undefined) program.user = user;
  } catch (error) {
    if (!(error instanceof UserProgramError)) throw error;
    if (error.kind === 'usage') return usageError(error.message);
    process.stderr.write(`bsd-sockets-course check: ${error.message.trimEnd()}\n`);
    return 2;
  }
  try {
    if (!json)
      process.stdout.write(
        `${bare}: checking ${file} against the C reference, ${plural(checkPlan(bare).length, 'scenario')}\n`,
      );
    const result = await checkProgram(bare, program, (one) => {
      if (!json)
        process.stdout.write(
          `  ${one.ok ? 'ok  ' : 'FAIL'}  ${scenarioTitle(one)}${one.ok ? '' : `: ${one.difference}`}\n`,
        );
    });
    process.stdout.write(json ? `${JSON.stringify(result, null, 2)}\n` : `${result.verdict}\n`);
    return result.ok ? 0 : 1;
  } catch (error) {
    process.stderr.write(`bsd-sockets-course check: ${(error as Error).message}\n`);
    return 2;
  } finally {
    program.dispose();
  }
}

/** The course CLI's script, which `check` runs again inside its namespace. */
function cliScript(): string {
  return path.join(__dirname, 'cli.js');
}

/** `1 scenario`, `2 scenarios`. */
function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
