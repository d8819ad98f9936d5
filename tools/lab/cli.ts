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
 * Progress (tools/progress.ts) on stderr when it is a terminal: the step, the time, what
 * each side waits in. Ctrl-C stops every process it started, removes its temporary files
 * (its namespace ends with its last process) and prints the timeline so far, marked
 * incomplete.
 *
 * Exit status: 0 recorded, 1 the scenario failed, 2 usage error, 130 interrupted.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { freePort } from '../../course/lib/harness';
import { asksForHelp, asksForVersion, endQuietlyOnBrokenPipe, versionLine } from '../cli';
import { Progress, PROGRESS_USAGE, progressOptions, type ProgressMode } from '../progress';
import {
  prepareUserProgram,
  userProgramCommand,
  UserProgramError,
  type UserProgram,
} from '../course/user-program';
import {
  findLabScenario,
  INTERRUPTED,
  labScenarios,
  MODE_OPTIONS,
  missing,
  record,
  type LabRecord,
  type Mode,
} from './record';
import { renderHtml, renderText, type LabView } from './render';
import {
  clientPorts,
  mergeTimeline,
  parseCapture,
  parseSideTrace,
  stateChanges,
  summarize,
  type LabEvent,
  type PacketEvent,
} from './timeline';

export const USAGE = `usage: bsd-sockets-lab <scenario> [--c | --ts | --mixed[=c-server|ts-server]] [--html FILE] [--json FILE] [--pcap FILE] [--width N]
       bsd-sockets-lab --list | --help | --version
  --c, --ts      server and client in C (default) or in TypeScript
  --mixed, --mixed=c-server
                 a C server and a TS client
  --mixed=ts-server
                 a TS server and a C client
  --server FILE, --client FILE
                 your own port (a .ts, .js or .c) in place of the course's server or client
  --html FILE    also write the timeline as a self-contained HTML page
  --json FILE    also write what was recorded and the timeline, as JSON
  --width N      columns of the terminal's timeline (80 or more; default 150)
  --pcap FILE    also write the packets as a pcap file (tcpdump -r, Wireshark), numbered
                 as the HTML and the JSON number them
  --list         the scenarios, one a line, with what each answers
${PROGRESS_USAGE}
Ctrl-C stops every process it started and prints what was recorded until then.
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
  const traces = [
    parseSideTrace(rec.client.trace, 'client'),
    parseSideTrace(rec.server.trace, 'server'),
    ...(rec.restarts ?? []).map((r) => parseSideTrace(r.trace, r.side)),
  ];
  const calls = traces.flatMap((t) => t.calls);
  const others = traces.flatMap((t) => [...t.outputs, ...t.processes]);
  const ports = rec.fixPort === undefined ? [rec.port] : [rec.port, rec.fixPort];
  const packets = rec.capture ? parseCapture(rec.capture.text, ports, rec.startedAt) : [];
  if (rec.capture) numberPackets(packets, rec.capture.text);
  const events = mergeTimeline(
    calls,
    packets,
    stateChanges(rec.snapshots, ports, clientPorts(packets)),
    others,
  );
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

/**
 * Each packet's number in the capture, from 1: the order of capture's packet lines (every
 * packet it printed, the --pcap file's packets, in the same order), as Wireshark numbers them.
 */
function numberPackets(packets: PacketEvent[], text: string): void {
  const heads = text.split('\n').filter((line) => /^\d\d:\d\d:\d\d\.\d{6} /.test(line));
  let at = 0;
  for (const packet of packets) {
    const i = heads.indexOf(packet.text.split('\n')[0], at);
    if (i < 0) continue;
    packet.number = i + 1;
    at = i + 1;
  }
}

interface Args {
  progress: ProgressMode;
  scenario: string;
  mode: Mode;
  html: string | undefined;
  json: string | undefined;
  pcap: string | undefined;
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

function parseArgs(all: readonly string[]): Args | string {
  const progress = progressOptions(all);
  if (typeof progress === 'string') return progress;
  const argv = progress.rest;
  const args: Args = {
    progress: progress.mode,
    scenario: '',
    mode: 'c',
    html: undefined,
    json: undefined,
    pcap: undefined,
    width: 150,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const mode = OPTION_MODES.get(a);
    if (mode !== undefined) args.mode = mode;
    else if (['--html', '--json', '--pcap', '--width', '--server', '--client'].includes(a)) {
      const value = argv[++i];
      if (value === undefined) return `${a} needs a value`;
      if (a === '--width') args.width = Number(value);
      else if (a === '--pcap') args.pcap = resolve(value);
      else args[a.slice(2) as 'html' | 'json' | 'server' | 'client'] = value;
    } else if (a.startsWith('-')) return `unknown option ${a}`;
    else if (args.scenario) return `one scenario only (${args.scenario}, ${a})`;
    else args.scenario = a;
  }
  if (!Number.isInteger(args.width) || args.width < 80) return '--width needs a number, 80 or more';
  if (!args.scenario) return 'which scenario?';
  if (!findLabScenario(args.scenario)) return `unknown scenario ${args.scenario}`;
  return args;
}

/** `--list`: each scenario and what it answers, one a line (the names first, for scripts). */
export const LIST = labScenarios.map((s) => `${s.name.padEnd(14)} ${s.answers}\n`).join('');

export async function main(argv: readonly string[]): Promise<number> {
  if (asksForHelp(argv)) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (asksForVersion(argv)) {
    process.stdout.write(versionLine('bsd-sockets-lab'));
    return 0;
  }
  if (argv.length === 1 && argv[0] === '--list') {
    process.stdout.write(LIST);
    return 0;
  }
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    process.stderr.write(`bsd-sockets-lab: ${args}\n${USAGE}`);
    return 2;
  }
  const scenario = findLabScenario(args.scenario)!;
  const progress = new Progress('bsd-sockets-lab', args.progress);
  progress.step('building the C programs it needs, if not yet built');
  progress.clear(); // make writes on stderr
  const why = missing(scenario, args.mode);
  progress.end();
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
  const recording = new Progress(scenario.name, args.progress);
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
      pcap: args.pcap,
      progress: recording,
      serverCommand: commandOf(users.server),
      clientCommand: commandOf(users.client),
    });
  } catch (e) {
    recording.end();
    process.stderr.write(`bsd-sockets-lab: ${(e as Error).message.trimEnd()}\n`);
    return e instanceof UserProgramError ? 2 : 1;
  } finally {
    for (const user of Object.values(users)) user.dispose();
  }
  recording.step('the timeline');
  const result = analyse(rec);
  const incomplete = rec.notes.includes(INTERRUPTED);
  result.view.incomplete = incomplete;
  recording.end();
  process.stdout.write(renderText(result.view, args.width));
  if (args.html) writeFileSync(args.html, renderHtml(result.view));
  if (args.json)
    writeFileSync(
      args.json,
      `${JSON.stringify({ record: rec, events: result.events, summary: result.view.summary, incomplete }, null, 1)}\n`,
    );
  return incomplete ? 130 : 0;
}

if (typeof require !== 'undefined' && typeof module !== 'undefined' && require.main === module) {
  endQuietlyOnBrokenPipe();
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
