/**
 * `npm run bench:load`: the six servers of course/multiclient/, each TS server beside its C
 * twin, under many clients at once on 127.0.0.1, every reply checked. See
 * bench/load/README.md.
 *
 *   npm run bench:load                                   everything, 2,000 clients
 *   npm run bench:load -- --clients 500 --lines 20       fewer clients, lines per client
 *   npm run bench:load -- --servers poll,threads --scenarios normal,stall --langs ts
 *
 * Each (server, language, scenario) gets a fresh server: started, one client served alone
 * (what a server opens once for its life is open by then), its process tree measured
 * (RSS, processes, threads, fds), the scenario's clients run in a child process
 * (bench/load/clients.ts) killed after its time bound, the tree sampled every 200 ms
 * meanwhile, measured again once its processes, threads and fds are back (a grown pool has
 * shrunk: at most SETTLE_MS), then SIGTERM and the time it takes to end. Every process started here is killed
 * here (course/lib/harness kills what is left if this process ends early).
 *
 * The servers and the clients run with `ulimit -n` raised (to 2 × clients + 512, within the
 * hard limit): 2,000 clients need 2,000 descriptors on each side.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { delay, freePort, runProgram, startProgram, waitForOutput } from '../../course/lib/harness';
import type { RunningProgram } from '../../course/lib/harness';
import { commandFor, missingBuild } from '../../course/programs';
import type { Language } from '../../course/programs';

import type { ClientPlan, ClientReport, Scenario } from './clients';

const SERVERS = ['poll', 'select', 'deux_sockets', 'async', 'threads', 'fork'] as const;
const SCENARIOS: readonly Scenario[] = ['normal', 'slow', 'reset', 'stall'];
const LANGS: readonly Language[] = ['c', 'ts'];

/** The single-threaded servers: a client that never reads stops them, in C as in TS. */
const STALLS = new Set(['poll', 'select', 'deux_sockets']);
/** The servers limited by FD_SETSIZE (1024 descriptors), in C as in TS. */
const FD_SETSIZE_BOUND = new Set(['select', 'deux_sockets']);

const MAX_WAIT_MS = 10_000;
/** How long the tree may take to shrink back once the clients are gone. */
const SETTLE_MS = 30_000;

interface Options {
  clients: number;
  lines: number;
  servers: string[];
  scenarios: Scenario[];
  langs: Language[];
}

function parseOptions(argv: string[]): Options {
  const options: Options = {
    clients: 2000,
    lines: 20,
    servers: [...SERVERS],
    scenarios: [...SCENARIOS],
    langs: [...LANGS],
  };
  for (let i = 0; i < argv.length; i++) {
    const value = argv[i + 1] ?? '';
    switch (argv[i]) {
      case '--clients':
        options.clients = boundedInt(value, 1, 10_000, '--clients');
        break;
      case '--lines':
        options.lines = boundedInt(value, 1, 1000, '--lines');
        break;
      case '--servers':
        options.servers = listOf(value, SERVERS, '--servers');
        break;
      case '--scenarios':
        options.scenarios = listOf(value, SCENARIOS, '--scenarios');
        break;
      case '--langs':
        options.langs = listOf(value, LANGS, '--langs');
        break;
      default:
        throw new Error(`bench:load: unknown argument ${argv[i]} (see bench/load/README.md)`);
    }
    i++;
  }
  return options;
}

function boundedInt(text: string, min: number, max: number, flag: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new Error(`bench:load: ${flag} wants an integer in [${min}, ${max}], not "${text}"`);
  return value;
}

function listOf<T extends string>(text: string, allowed: readonly T[], flag: string): T[] {
  const items = text.split(',').filter((item) => item !== '');
  for (const item of items)
    if (!allowed.includes(item as T))
      throw new Error(`bench:load: ${flag}: "${item}" is not one of ${allowed.join(', ')}`);
  return items as T[];
}

/* ------------------------------------------------------------ the server's process tree */

/** The process `pid` and its descendants, from /proc/PID/task/TID/children. */
function tree(pid: number): number[] {
  const pids = [pid];
  for (let i = 0; i < pids.length && pids.length < 20_000; i++) {
    let tasks: string[];
    try {
      tasks = fs.readdirSync(`/proc/${pids[i]}/task`);
    } catch {
      continue; // ended meanwhile
    }
    for (const task of tasks) {
      try {
        const children = fs.readFileSync(`/proc/${pids[i]}/task/${task}/children`, 'utf8');
        for (const child of children.split(' ')) if (child.trim() !== '') pids.push(Number(child));
      } catch {
        // ended meanwhile
      }
    }
  }
  return pids;
}

const PAGE_KB = 4;
const TICKS = 100; // USER_HZ

interface ProcStat {
  state: string;
  cpuTicks: number;
  childTicks: number;
  threads: number;
  rssKb: number;
}

/** /proc/PID/stat of a live process (null once it ended, zombies included). */
function procStat(pid: number): ProcStat | null {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // Fields after "(comm)": state is field 3; utime 14, stime 15, cutime 16, cstime 17,
  // num_threads 20, rss 24 (pages).
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  if (f[0] === 'Z') return null;
  return {
    state: f[0],
    cpuTicks: Number(f[11]) + Number(f[12]),
    childTicks: Number(f[13]) + Number(f[14]),
    threads: Number(f[17]),
    rssKb: Number(f[21]) * PAGE_KB,
  };
}

function fdCount(pid: number): number {
  try {
    return fs.readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return 0;
  }
}

/** What the tree holds now: processes, threads, fds, RSS (the sum over its processes). */
interface Snapshot {
  processes: number;
  threads: number;
  fds: number;
  rssKb: number;
}

function snapshot(pid: number): Snapshot {
  const result: Snapshot = { processes: 0, threads: 0, fds: 0, rssKb: 0 };
  for (const p of tree(pid)) {
    const stat = procStat(p);
    if (stat === null) continue;
    result.processes++;
    result.threads += stat.threads;
    result.fds += fdCount(p);
    result.rssKb += stat.rssKb;
  }
  return result;
}

/**
 * Samples the tree every 200 ms: its peak RSS, and the CPU time it spends from now on —
 * each process's utime + stime (less what it had used before, for the processes already
 * there), plus what the server's own process collects from children it waited for. A C
 * child that lives less than a sample (SIGCHLD ignored: never waited for) is missed.
 */
class Sampler {
  private readonly startTicks = new Map<number, number>();
  private readonly cpu = new Map<number, number>();
  private startChildTicks = 0;
  private childTicks = 0;
  peakRssKb = 0;
  private readonly timer: NodeJS.Timeout;
  constructor(private readonly pid: number) {
    for (const p of tree(pid)) {
      const stat = procStat(p);
      if (stat === null) continue;
      this.startTicks.set(p, stat.cpuTicks);
      if (p === pid) this.startChildTicks = this.childTicks = stat.childTicks;
    }
    this.sample();
    this.timer = setInterval(() => this.sample(), 200);
  }
  private sample(): void {
    let rss = 0;
    for (const p of tree(this.pid)) {
      const stat = procStat(p);
      if (stat === null) continue;
      rss += stat.rssKb;
      this.cpu.set(p, stat.cpuTicks - (this.startTicks.get(p) ?? 0));
      if (p === this.pid) this.childTicks = stat.childTicks;
    }
    this.peakRssKb = Math.max(this.peakRssKb, rss);
  }
  stop(): number {
    this.sample();
    clearInterval(this.timer);
    let ticks = this.childTicks - this.startChildTicks;
    for (const t of this.cpu.values()) ticks += t;
    return ticks / TICKS;
  }
}

/* ------------------------------------------------------------ one run */

interface Row {
  server: string;
  lang: Language;
  scenario: Scenario;
  report: ClientReport | null;
  error?: string;
  peakRssMb: number;
  cpuS: number;
  before: Snapshot;
  after: Snapshot;
  /** From the clients' end to the "after" snapshot. */
  settleMs: number;
  sigtermMs: number;
  leftovers: number;
}

const root = path.resolve(__dirname, '..', '..', '..');
const clientsScript = path.join(root, 'dist', 'bench', 'load', 'clients.js');

/** `command` with `ulimit -n nofile` first (bash's ulimit; exec keeps the pid). */
function withNofile(nofile: number, command: readonly string[]): string[] {
  return ['bash', '-c', `ulimit -n ${nofile} && exec "$@"`, 'bash', ...command];
}

async function runClients(
  nofile: number,
  plan: ClientPlan,
): Promise<{ report: ClientReport | null; error?: string }> {
  const result = await runProgram(
    withNofile(nofile, [process.execPath, clientsScript, JSON.stringify(plan)]),
    { killAfterMs: plan.budgetMs + 15_000 },
  );
  const text = result.stdout.toString('utf8').trim();
  if (result.status !== 0 || text === '')
    return {
      report: null,
      error: `clients: ${result.signal ?? result.status} ${result.stderr.toString('utf8').slice(-300)}`,
    };
  return { report: JSON.parse(text) as ClientReport };
}

async function startServer(
  nofile: number,
  name: string,
  lang: Language,
): Promise<{ server: RunningProgram; port: number }> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const server = startProgram(withNofile(nofile, commandFor(lang, name, [String(port)])));
    try {
      await waitForOutput(server, 'stdout', /En attente de connexion\.\.\.\n/, 60_000);
      return { server, port };
    } catch (error) {
      const result = await server.stop();
      if (!result.stderr.toString().includes('Address already in use')) throw error;
    }
  }
  throw new Error(`${name}: no free port in 5 attempts`);
}

/**
 * Waits (at most SETTLE_MS) until the tree's processes, fds and threads are back to
 * `before`, then a little more for RSS. The threads and fork servers grow their pools
 * under load and shrink them once the extra threads or children have been idle for 5 s
 * (course/multiclient/serveur_threads.ts, serveur_fork.ts): "after" is measured once
 * they have. Returns the snapshot and how long after the clients' end it was taken.
 */
async function settled(pid: number, before: Snapshot): Promise<{ after: Snapshot; ms: number }> {
  const start = performance.now();
  const back = (now: Snapshot): boolean =>
    now.processes <= before.processes && now.fds <= before.fds && now.threads <= before.threads;
  let now = snapshot(pid);
  while (!back(now) && performance.now() - start < SETTLE_MS) {
    await delay(200);
    now = snapshot(pid);
  }
  // RSS shrinks last: freed heaps, exited children, and the threads server gives the memory
  // of its ended Workers back 1 s after its pool shrank (malloc_trim, serveur_threads.ts).
  await delay(1500);
  return { after: snapshot(pid), ms: performance.now() - start };
}

function budgetFor(scenario: Scenario, options: Options): number {
  switch (scenario) {
    case 'normal':
      return 30_000 + 10 * options.clients;
    case 'slow':
    case 'reset':
      return 20_000;
    case 'stall':
      return 5_000;
  }
}

async function runOne(
  server: string,
  lang: Language,
  scenario: Scenario,
  options: Options,
  nofile: number,
): Promise<Row> {
  const name = `multiclient/serveur_${server}`;
  const { server: program, port } = await startServer(nofile, name, lang);
  const row: Row = {
    server,
    lang,
    scenario,
    report: null,
    peakRssMb: 0,
    cpuS: 0,
    before: snapshot(program.pid),
    after: snapshot(program.pid),
    settleMs: NaN,
    sigtermMs: NaN,
    leftovers: 0,
  };
  try {
    const warm = await runClients(nofile, {
      port,
      scenario: 'normal',
      clients: 1,
      lines: 1,
      budgetMs: 30_000,
    });
    if (warm.report?.served !== 1) throw new Error(`the first client was not served`);
    await delay(500);
    row.before = snapshot(program.pid);
    const sampler = new Sampler(program.pid);
    const result = await runClients(nofile, {
      port,
      scenario,
      clients: options.clients,
      lines: options.lines,
      budgetMs: budgetFor(scenario, options),
    });
    row.report = result.report;
    row.error = result.error;
    const back = await settled(program.pid, row.before);
    row.after = back.after;
    row.settleMs = back.ms;
    row.cpuS = sampler.stop();
    row.peakRssMb = sampler.peakRssKb / 1024;
  } catch (error) {
    row.error = (error as Error).message;
  } finally {
    const pids = tree(program.pid).slice(1);
    const start = performance.now();
    await program.stop();
    row.sigtermMs = performance.now() - start;
    // A TS fork child ends when it sees its parent gone: give them 2 s.
    for (let i = 0; i < 20 && pids.some((pid) => procStat(pid) !== null); i++) await delay(100);
    for (const pid of pids) {
      if (procStat(pid) === null) continue;
      row.leftovers++;
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // ended meanwhile
      }
    }
  }
  return row;
}

/* ------------------------------------------------------------ the table */

function ms(value: number): string {
  if (Number.isNaN(value)) return '–';
  return value >= 1000 ? `${(value / 1000).toFixed(1)} s` : `${value.toFixed(1)} ms`;
}

function mb(kb: number): string {
  return `${(kb / 1024).toFixed(1)}`;
}

/** What the row shows against what its C twin does (or what the issue asks). */
function verdict(row: Row, options: Options): string {
  const r = row.report;
  if (r === null) return `failed: ${row.error ?? '?'}`;
  const notes: string[] = [];
  const expectedStall = row.scenario === 'stall' && STALLS.has(row.server);
  if (expectedStall) notes.push(r.served < r.clients ? 'stalls, expected (as C)' : 'did not stall');
  else if (r.served === r.clients) notes.push('all served');
  else if (FD_SETSIZE_BOUND.has(row.server) && r.refused > 0 && r.wrong === 0)
    notes.push(`refused ${r.refused} past FD_SETSIZE (as C)`);
  else notes.push(`NOT ALL SERVED`);
  if (r.wrong > 0) notes.push(`${r.wrong} WRONG`);
  if (!expectedStall && r.max > MAX_WAIT_MS) notes.push('WAIT > 10 s');
  if (
    row.after.processes > row.before.processes ||
    row.after.fds > row.before.fds ||
    row.after.threads > row.before.threads
  )
    notes.push(`processes/fds/threads not back in ${ms(SETTLE_MS)}`);
  // Within 10%, or 1 MB for the C servers' 1.3 MB (a few pages of stack and heap).
  if (row.after.rssKb > Math.max(row.before.rssKb * 1.1, row.before.rssKb + 1024))
    notes.push('RSS > +10%');
  if (row.sigtermMs > 1000) notes.push(`SIGTERM took ${ms(row.sigtermMs)}`);
  if (row.leftovers > 0) notes.push(`${row.leftovers} children left, killed`);
  void options;
  return notes.join('; ');
}

function printTable(rows: Row[], options: Options): void {
  const header = [
    'server',
    'lang',
    'scenario',
    'served',
    'wrong',
    'p50',
    'p99',
    'max wait',
    'peak RSS MB',
    'RSS MB before→after',
    'CPU s',
    'processes before→after',
    'threads before→after',
    'fds before→after',
    'back in',
    'SIGTERM',
    'verdict',
  ];
  const lines = rows.map((row) => {
    const r = row.report;
    return [
      row.server,
      row.lang,
      row.scenario,
      r === null ? '–' : `${r.served}/${r.clients}`,
      r === null ? '–' : String(r.wrong),
      ms(r?.p50 ?? NaN),
      ms(r?.p99 ?? NaN),
      ms(r?.max ?? NaN),
      row.peakRssMb.toFixed(1),
      `${mb(row.before.rssKb)}→${mb(row.after.rssKb)}`,
      row.cpuS.toFixed(2),
      `${row.before.processes}→${row.after.processes}`,
      `${row.before.threads}→${row.after.threads}`,
      `${row.before.fds}→${row.after.fds}`,
      ms(row.settleMs),
      ms(row.sigtermMs),
      verdict(row, options),
    ];
  });
  console.log(`| ${header.join(' | ')} |`);
  console.log(`| ${header.map(() => '---').join(' | ')} |`);
  for (const line of lines) console.log(`| ${line.join(' | ')} |`);
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  for (const server of options.servers)
    for (const lang of options.langs) {
      const missing = missingBuild(lang, `multiclient/serveur_${server}`);
      if (missing !== null) throw new Error(`bench:load: ${missing}`);
    }
  const hard = Number(
    (await runProgram(['bash', '-c', 'ulimit -Hn'])).stdout.toString('utf8').trim(),
  );
  const wanted = 2 * options.clients + 512;
  const nofile = Number.isFinite(hard) ? Math.min(hard, wanted) : wanted;
  console.log(
    `bench:load: ${options.clients} clients × ${options.lines} lines on 127.0.0.1, ulimit -n ${nofile}` +
      ` (servers and clients); scenarios: ${options.scenarios.join(', ')}`,
  );
  const rows: Row[] = [];
  for (const scenario of options.scenarios)
    for (const server of options.servers)
      for (const lang of options.langs) {
        const started = Date.now();
        const row = await runOne(server, lang, scenario, options, nofile);
        rows.push(row);
        const r = row.report;
        console.error(
          `  ${scenario} ${server} ${lang}: ${r === null ? row.error : `${r.served}/${r.clients} served`}` +
            ` in ${((Date.now() - started) / 1000).toFixed(1)} s`,
        );
      }
  printTable(rows, options);
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
