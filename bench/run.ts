/**
 * `npm run bench`: the five benchmarks of bench/, each implementation a separate process,
 * run in rounds that alternate between them, the median of the rounds quoted with its ratio
 * to the C reference. See bench/README.md for the method.
 *
 *   npm run bench                        all benchmarks
 *   npm run bench -- sendto tcp-bulk     some of them (by directory name)
 *   BENCH_ROUNDS=9 BENCH_SECONDS=0.5     more rounds, longer measurements (5 and 0.25)
 *
 * The C references are compiled here with gcc -O2 into bench/bin/ when missing or older
 * than their source; Python rows need `python3` on PATH and are skipped without it.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The repository: this file runs as dist/bench/run.js. */
const root = path.resolve(__dirname, '..', '..');
const benchDir = path.join(root, 'bench');
const binDir = path.join(benchDir, 'bin');
const compiledDir = path.join(root, 'dist', 'bench');

const rounds = positiveNumber(process.env.BENCH_ROUNDS, 5);
const seconds = positiveNumber(process.env.BENCH_SECONDS, 0.25);

function positiveNumber(text: string | undefined, fallback: number): number {
  const value = Number(text);
  return text !== undefined && value > 0 ? value : fallback;
}

/** One implementation of a benchmark: a program that prints {"value", "unit"}. */
interface Contender {
  key: 'c' | 'ts' | 'ts-c' | 'ts-new' | 'promises' | 'node' | 'python';
  label: string;
  file: string; // the source beside the others, for the table
  command: string;
  args: string[];
  unavailable?: string; // why it is not run
}

/** A target of issues 10 and 21: value(who) / value(than) within [min, max]. */
interface Target {
  who: Contender['key'];
  than: Contender['key'];
  max?: number;
  min?: number;
}

interface Benchmark {
  name: string; // its directory under bench/
  title: string;
  unit: string;
  higherIsBetter: boolean;
  contenders: Contender[];
  targets: Target[];
}

const python = findPython();

function findPython(): string | undefined {
  const probe = spawnSync('python3', ['--version'], { encoding: 'utf8' });
  return probe.status === 0 ? (probe.stdout || probe.stderr).trim() : undefined;
}

function c(name: string): Contender {
  return {
    key: 'c',
    label: 'C reference',
    file: `${name}.c`,
    command: path.join(binDir, name),
    args: [],
  };
}

function ts(name: string, label: string, file = `${name}.ts`, args: string[] = []): Contender {
  const script = path.join(compiledDir, name, file.replace(/\.ts$/, '.js'));
  return { key: 'ts', label, file, command: process.execPath, args: [script, ...args] };
}

/** The same benchmark written on bsd-sockets/c, as the C reference is written. */
function cEntry(name: string): Contender {
  return {
    ...ts(name, 'TS bsd-sockets/c (-1 and errno)', `${name}.c-entry.ts`),
    key: 'ts-c',
  };
}

function node(name: string, label: string): Contender {
  return { ...ts(name, label, `${name}.node.ts`), key: 'node' };
}

function py(name: string, label: string): Contender {
  return {
    key: 'python',
    label,
    file: `${name}.py`,
    command: 'python3',
    args: ['-B', path.join(benchDir, name, `${name}.py`)], // -B: no __pycache__ in bench/common
    unavailable: python ? undefined : 'python3 not found',
  };
}

function promises(name: string): Contender {
  const contender: Contender = {
    ...ts(name, 'TS promise API (bsd-sockets/promises)', `${name}.promises.ts`),
    key: 'promises',
  };
  if (!fs.existsSync(contender.args[0])) {
    contender.label = 'promise API';
    contender.unavailable = 'not yet available';
  }
  return contender;
}

const benchmarks: Benchmark[] = [
  {
    name: 'getsockname',
    title: 'getsockname(2) on a bound UDP socket',
    unit: 'ns/call',
    higherIsBetter: false,
    contenders: [
      c('getsockname'),
      ts('getsockname', 'TS binding, one sockaddr_in + socklen_t refilled'),
      cEntry('getsockname'),
      {
        ...ts('getsockname', 'TS binding, getsockname(fd): new object', undefined, ['new']),
        key: 'ts-new',
      },
      node('getsockname', 'Node dgram socket.address()'),
      py('getsockname', 'Python socket.getsockname()'),
    ],
    targets: [
      { who: 'ts', than: 'c', max: 1.15 },
      { who: 'ts-c', than: 'c', max: 1.15 },
      { who: 'ts', than: 'python', max: 1 },
      { who: 'ts-c', than: 'python', max: 1 },
    ],
  },
  {
    name: 'sendto',
    title: 'sendto(2) of 16-byte datagrams to a bound socket that never reads',
    unit: 'ns/call',
    higherIsBetter: false,
    contenders: [
      c('sendto'),
      ts('sendto', 'TS binding sendto()'),
      cEntry('sendto'),
      node('sendto', "Node dgram socket.send(buf, port, '127.0.0.1')"),
      py('sendto', 'Python socket.sendto()'),
    ],
    targets: [
      { who: 'ts', than: 'c', max: 1.1 },
      { who: 'ts-c', than: 'c', max: 1.1 },
      { who: 'ts', than: 'python', max: 1 },
      { who: 'ts-c', than: 'python', max: 1 },
    ],
  },
  {
    name: 'udp-pingpong',
    title: 'UDP ping-pong on loopback, 16-byte datagrams, echo server in another thread/process',
    unit: 'round trips/s',
    higherIsBetter: true,
    contenders: [
      c('udp-pingpong'),
      ts('udp-pingpong', 'TS binding, synchronous calls (server: Worker)'),
      cEntry('udp-pingpong'),
      promises('udp-pingpong'),
      node('udp-pingpong', 'Node dgram (server: Worker)'),
      py('udp-pingpong', 'Python socket (server: child process)'),
    ],
    targets: [
      { who: 'ts', than: 'c', min: 0.97 },
      { who: 'ts-c', than: 'c', min: 0.97 },
      { who: 'ts', than: 'python', min: 1 },
      { who: 'ts-c', than: 'python', min: 1 },
      { who: 'promises', than: 'node', min: 1.2 },
    ],
  },
  {
    name: 'tcp-bulk',
    title: 'TCP bulk transfer on loopback, 64 KiB send/recv',
    unit: 'MB/s',
    higherIsBetter: true,
    contenders: [
      c('tcp-bulk'),
      ts('tcp-bulk', 'TS binding send()/recv() (receiver: Worker)'),
      cEntry('tcp-bulk'),
      node('tcp-bulk', 'Node net (receiver: Worker)'),
      py('tcp-bulk', 'Python socket (receiver: child process)'),
    ],
    targets: [
      { who: 'ts', than: 'c', min: 0.98 },
      { who: 'ts-c', than: 'c', min: 0.98 },
      { who: 'ts', than: 'python', min: 1 },
      { who: 'ts-c', than: 'python', min: 1 },
    ],
  },
  {
    name: 'getaddrinfo',
    title: 'getaddrinfo("localhost"), AF_UNSPEC + SOCK_STREAM, from /etc/hosts',
    unit: 'calls/s',
    higherIsBetter: true,
    contenders: [
      c('getaddrinfo'),
      ts('getaddrinfo', 'TS binding getaddrinfo() + freeaddrinfo()'),
      cEntry('getaddrinfo'),
      node('getaddrinfo', "Node dns.lookup('localhost', { all: true })"),
      py('getaddrinfo', 'Python socket.getaddrinfo()'),
    ],
    targets: [
      { who: 'ts', than: 'c', min: 0.95 },
      { who: 'ts-c', than: 'c', min: 0.95 },
      { who: 'ts', than: 'python', min: 1 },
      { who: 'ts-c', than: 'python', min: 1 },
    ],
  },
];

/** Compiles bench/<name>/<name>.c into bench/bin/<name> when missing or out of date. */
function compileC(name: string): void {
  const source = path.join(benchDir, name, `${name}.c`);
  const header = path.join(benchDir, 'common', 'bench.h');
  const binary = path.join(binDir, name);
  const built = fs.existsSync(binary) ? fs.statSync(binary).mtimeMs : 0;
  if (built > fs.statSync(source).mtimeMs && built > fs.statSync(header).mtimeMs) return;
  fs.mkdirSync(binDir, { recursive: true });
  const gcc = spawnSync('gcc', ['-O2', '-Wall', '-Wextra', '-pthread', '-o', binary, source], {
    encoding: 'utf8',
  });
  if (gcc.status !== 0) {
    throw new Error(`gcc failed for ${source}:\n${gcc.stderr || gcc.error?.message}`);
  }
}

/** One measurement: the program's figure, or the reason it failed. */
function runOnce(contender: Contender): number | string {
  const result = spawnSync(contender.command, contender.args, {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, BENCH_SECONDS: String(seconds) },
    // A program that hangs (an answer lost) is killed, its row marked failed.
    timeout: 20_000 + seconds * 20_000,
  });
  const lastLine = (result.stdout ?? '').trim().split('\n').pop() ?? '';
  try {
    const parsed = JSON.parse(lastLine) as { value: number };
    if (result.status === 0 && Number.isFinite(parsed.value)) return parsed.value;
  } catch {
    // reported below
  }
  const why =
    result.error?.message ?? (result.stderr.trim().split('\n')[0] || `exit ${result.status}`);
  return `failed: ${why}`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function format(value: number): string {
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return value.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

interface Row {
  contender: Contender;
  values: number[];
  failure?: string;
  median?: number;
}

/** What a target says about the figures: "met" or by how much it is missed. */
function judge(target: Target, rows: Row[], bench: Benchmark): string {
  const who = rows.find((row) => row.contender.key === target.who);
  const than = rows.find((row) => row.contender.key === target.than);
  const bound =
    target.max !== undefined ? `≤ ${target.max.toFixed(2)}` : `≥ ${target.min!.toFixed(2)}`;
  const name = `${bench.name}: ${who?.contender.label ?? target.who} / ${than?.contender.label ?? target.than}`;
  if (who?.median === undefined || than?.median === undefined) {
    return `${name} ${bound}: not measured (${who?.failure ?? than?.failure ?? 'no figure'})`;
  }
  const ratio = who.median / than.median;
  const met = target.max !== undefined ? ratio <= target.max : ratio >= target.min!;
  const miss = target.max !== undefined ? ratio / target.max : target.min! / ratio;
  const verdict = met ? 'met' : `MISSED by ${((miss - 1) * 100).toFixed(0)}%`;
  return `${name} = ${ratio.toFixed(2)}, target ${bound}: ${verdict}`;
}

function printTable(index: number, bench: Benchmark, rows: Row[]): void {
  const better = bench.higherIsBetter ? 'higher is better' : 'lower is better';
  console.log(`\n${index}. ${bench.title}`);
  console.log(
    `   ${bench.unit}, ${better}; median of ${rounds} rounds (min … max); ratio = figure / C's`,
  );
  const reference = rows.find((row) => row.contender.key === 'c')?.median;
  const labelWidth = Math.max(...rows.map((row) => row.contender.label.length));
  const fileWidth = Math.max(...rows.map((row) => row.contender.file.length));
  for (const row of rows) {
    const head = `   ${row.contender.label.padEnd(labelWidth)}  ${row.contender.file.padEnd(fileWidth)}`;
    if (row.median === undefined) {
      console.log(`${head}  ${row.contender.unavailable ?? row.failure}`);
      continue;
    }
    const spread = `(${format(Math.min(...row.values))} … ${format(Math.max(...row.values))})`;
    const ratio = reference === undefined ? '' : `${(row.median / reference).toFixed(2)}×`;
    console.log(
      `${head}  ${format(row.median).padStart(10)} ${spread.padEnd(24)} ${ratio.padStart(6)}`,
    );
  }
}

function machine(): string {
  const cpus = os.cpus();
  const gcc = spawnSync('gcc', ['-dumpfullversion'], { encoding: 'utf8' }).stdout.trim();
  return [
    `${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, Linux ${os.release()}`,
    `node ${process.version}, gcc ${gcc}, ${python ?? 'no python3'}`,
    `load average at start ${os
      .loadavg()
      .map((load) => load.toFixed(2))
      .join(' ')}`,
  ].join('\n');
}

function main(): void {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !benchmarks.some((bench) => bench.name === name));
  if (unknown.length > 0) {
    console.error(
      `unknown benchmark ${unknown.join(', ')}; known: ${benchmarks.map((b) => b.name).join(', ')}`,
    );
    process.exit(2);
  }
  const selected = benchmarks.filter((bench) => wanted.length === 0 || wanted.includes(bench.name));
  const started = Date.now();
  console.log(`bsd-sockets benchmarks (bench/README.md): ${rounds} rounds of ${seconds} s each`);
  console.log(machine());
  const verdicts: string[] = [];
  for (const bench of selected) {
    compileC(bench.name);
    const rows: Row[] = bench.contenders.map((contender) => ({ contender, values: [] }));
    const runnable = rows.filter((row) => row.contender.unavailable === undefined);
    for (let round = 0; round < rounds; round++) {
      // Alternate: each round starts one implementation later, so that none always runs
      // right after the same neighbour.
      for (let i = 0; i < runnable.length; i++) {
        const row = runnable[(i + round) % runnable.length];
        if (row.failure) continue;
        const result = runOnce(row.contender);
        if (typeof result === 'string') row.failure = result;
        else row.values.push(result);
      }
    }
    for (const row of runnable) {
      if (!row.failure) row.median = median(row.values);
    }
    printTable(benchmarks.indexOf(bench) + 1, bench, rows);
    verdicts.push(...bench.targets.map((target) => judge(target, rows, bench)));
  }
  if (verdicts.length > 0) {
    console.log('\nTargets (issues 10 and 21)');
    for (const verdict of verdicts) console.log(`   ${verdict}`);
  }
  console.log(`\n(${((Date.now() - started) / 1000).toFixed(0)} s)`);
}

main();
