#!/usr/bin/env node
/**
 * bsd-sockets-lab: runs a course scenario (its server and its client, in C, TS or mixed)
 * and shows on one timeline both ends' socket calls (strace), the packets on lo (capture)
 * and the socket states (sockstat), then the summary: the answers to the lab's questions,
 * computed from what was recorded.
 *
 * As root, it runs itself again inside a network namespace of its own (`unshare -n`, lo
 * brought up with `ip link set lo up`): the traffic stays private, and the slides' port
 * 3000 is free. Otherwise it runs on this machine's lo, on a free port, without capture.
 *
 * Exit status: 0 recorded, 1 the scenario failed, 2 usage error.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';

import { freePort } from '../../course/lib/harness';
import { asksForHelp, endQuietlyOnBrokenPipe } from '../cli';
import {
  prepareUserProgram,
  userProgramCommand,
  UserProgramError,
  type UserProgram,
} from '../course/user-program';
import {
  findLabScenario,
  labScenarios,
  MODE_OPTIONS,
  missing,
  record,
  type LabRecord,
  type Mode,
} from './record';
import { renderHtml, renderText, type LabView } from './render';
import {
  mergeTimeline,
  parseCapture,
  parseTimedTrace,
  stateChanges,
  summarize,
  type LabEvent,
} from './timeline';

export const USAGE = `usage: bsd-sockets-lab <scenario> [--c | --ts | --mixed[=c-server|ts-server]] [--html FILE] [--json FILE] [--width N]
  --c, --ts      server and client in C (default) or in TypeScript
  --mixed, --mixed=c-server
                 a C server and a TS client
  --mixed=ts-server
                 a TS server and a C client
  --server FILE, --client FILE
                 your own port (a .ts, .js or .c) in place of the course's server or client
  --html FILE    also write the timeline as a self-contained HTML page
  --json FILE    also write what was recorded and the timeline, as JSON
scenarios:
${labScenarios.map((s) => `  ${s.name.padEnd(14)} ${s.answers}`).join('\n')}
`;

const NETNS_ENV = 'BSD_SOCKETS_LAB_NETNS';

export interface LabResult {
  record: LabRecord;
  events: LabEvent[];
  view: LabView;
}

/** The timeline of a record. */
export function analyse(rec: LabRecord): LabResult {
  const scenario = findLabScenario(rec.scenario)!;
  const calls = [
    ...parseTimedTrace(rec.client.trace, 'client'),
    ...parseTimedTrace(rec.server.trace, 'server'),
    ...(rec.restarts ?? []).flatMap((r) => parseTimedTrace(r.trace, r.side)),
  ];
  const ports = rec.fixPort === undefined ? [rec.port] : [rec.port, rec.fixPort];
  const packets = rec.capture ? parseCapture(rec.capture.text, ports, rec.startedAt) : [];
  const events = mergeTimeline(calls, packets, stateChanges(rec.snapshots, ports));
  const view: LabView = {
    scenario: rec.scenario,
    answers: scenario.answers,
    mode: rec.mode,
    port: rec.port,
    events,
    summary: summarize(events),
    notes: rec.notes,
  };
  return { record: rec, events, view };
}

interface Args {
  scenario: string;
  mode: Mode;
  html: string | undefined;
  json: string | undefined;
  width: number;
  /** A user's file in place of the course's server or client (--server FILE, --client FILE). */
  server?: string;
  client?: string;
}

/** `--mixed=c-server` says what `--mixed` means. */
const OPTION_MODES = new Map<string, Mode>([
  ...Object.entries(MODE_OPTIONS).map(([mode, option]) => [option, mode as Mode] as const),
  ['--mixed=c-server', 'mixed'],
]);

function parseArgs(argv: readonly string[]): Args | string {
  const args: Args = { scenario: '', mode: 'c', html: undefined, json: undefined, width: 150 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const mode = OPTION_MODES.get(a);
    if (mode !== undefined) args.mode = mode;
    else if (['--html', '--json', '--width', '--server', '--client'].includes(a)) {
      const value = argv[++i];
      if (value === undefined) return `${a} needs a value`;
      if (a === '--width') args.width = Number(value);
      else args[a.slice(2) as 'html' | 'json' | 'server' | 'client'] = value;
    } else if (a.startsWith('-')) return `unknown option ${a}`;
    else if (args.scenario) return `one scenario only (${args.scenario}, ${a})`;
    else args.scenario = a;
  }
  if (!args.scenario) return 'which scenario?';
  if (!findLabScenario(args.scenario)) return `unknown scenario ${args.scenario}`;
  return args;
}

export async function main(argv: readonly string[]): Promise<number> {
  if (asksForHelp(argv)) {
    process.stdout.write(USAGE);
    return 0;
  }
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    process.stderr.write(`bsd-sockets-lab: ${args}\n${USAGE}`);
    return 2;
  }
  const scenario = findLabScenario(args.scenario)!;
  const why = missing(scenario, args.mode);
  if (why !== null) {
    process.stderr.write(`bsd-sockets-lab: ${why}\n`);
    return 1;
  }
  const root = process.getuid?.() === 0;
  const inNetns = process.env[NETNS_ENV] === '1';
  if (root && !inNetns && spawnSync('unshare', ['-n', 'true']).status === 0) {
    // Again, inside a network namespace of its own (unshare execs: this node, its pid).
    const again = spawnSync(
      'unshare',
      ['-n', process.execPath, ...process.execArgv, __filename, ...argv],
      { stdio: 'inherit', env: { ...process.env, [NETNS_ENV]: '1' } },
    );
    return again.status ?? 1;
  }
  if (inNetns) {
    const up = spawnSync('ip', ['link', 'set', 'lo', 'up'], { encoding: 'utf8' });
    if (up.status !== 0) {
      process.stderr.write(`bsd-sockets-lab: ip link set lo up: ${up.stderr ?? up.error}\n`);
      return 1;
    }
  }
  const port = inNetns ? 3000 : await freePort();
  const users: Partial<Record<'server' | 'client', UserProgram>> = {};
  let rec: LabRecord;
  try {
    for (const side of ['server', 'client'] as const) {
      const file = args[side];
      if (file !== undefined) users[side] = prepareUserProgram(file);
    }
    const commandOf = (user: UserProgram | undefined) =>
      user === undefined
        ? undefined
        : (words: readonly string[]) => userProgramCommand(user, words);
    rec = await record(scenario, {
      mode: args.mode,
      port,
      netns: inNetns,
      serverCommand: commandOf(users.server),
      clientCommand: commandOf(users.client),
    });
  } catch (e) {
    process.stderr.write(`bsd-sockets-lab: ${(e as Error).message.trimEnd()}\n`);
    return e instanceof UserProgramError ? 2 : 1;
  } finally {
    for (const user of Object.values(users)) user.dispose();
  }
  const result = analyse(rec);
  process.stdout.write(renderText(result.view, args.width));
  if (args.html) writeFileSync(args.html, renderHtml(result.view));
  if (args.json)
    writeFileSync(
      args.json,
      `${JSON.stringify({ record: rec, events: result.events, summary: result.view.summary }, null, 1)}\n`,
    );
  return 0;
}

if (typeof require !== 'undefined' && typeof module !== 'undefined' && require.main === module) {
  endQuietlyOnBrokenPipe();
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
