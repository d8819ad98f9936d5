/**
 * Progress of long work on stderr (the lab recording, the trace tool tracing, the checker
 * checking): the step, the time so far, and what each side is waiting in, read from
 * strace's live output (see liveWaits).
 *
 * Three modes, chosen by the command line (progressOptions): `auto` (the default) draws one
 * line, updated in place, only when stderr is a terminal, and erases it before the tool
 * prints its result; `plain` writes a plain line each time the step or a wait changes;
 * `quiet` (`--quiet`) writes nothing. A pipe or a file gets nothing in `auto`: what tests
 * compare is unchanged.
 *
 *   const progress = new Progress('bsd-sockets-lab', progressMode);
 *   progress.step('starting the server');
 *   const stop = progress.watch(() => [describeWait('server', liveWaits(text), Date.now() / 1000)]);
 *   ...
 *   progress.end(); // before writing the result
 */
import { splitTopLevel } from './trace/parse';

export type ProgressMode = 'auto' | 'plain' | 'quiet';

/**
 * `--progress=plain`, `--progress=auto`, `--progress=none` and `--quiet` taken out of
 * `argv`: the mode and the other arguments, or an error message.
 */
export function progressOptions(
  argv: readonly string[],
): { mode: ProgressMode; rest: string[] } | string {
  let mode: ProgressMode = 'auto';
  const rest: string[] = [];
  for (const a of argv) {
    if (a === '--quiet' || a === '-q' || a === '--progress=none') mode = 'quiet';
    else if (a === '--progress=plain') mode = 'plain';
    else if (a === '--progress=auto' || a === '--progress') mode = 'auto';
    else if (a.startsWith('--progress=')) return `unknown ${a} (auto, plain or none)`;
    else rest.push(a);
  }
  return { mode, rest };
}

/** The usage lines of the progress options, for a tool's USAGE. */
export const PROGRESS_USAGE = `  --progress=plain
                 progress on stderr as plain lines (default: one line updated in place,
                 only when stderr is a terminal)
  --quiet        no progress at all`;

interface Stream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): boolean;
}

/** Seconds as the progress line shows them: "4.2 s". */
export function seconds(s: number): string {
  return `${s.toFixed(1)} s`;
}

export class Progress {
  /** True when it writes anything at all. */
  readonly active: boolean;
  private readonly started = Date.now();
  private current = '';
  private readonly sources = new Set<() => (string | undefined)[]>();
  private timer: NodeJS.Timeout | undefined;
  private drawn = false;
  private lastPlain = '';
  private ended = false;

  constructor(
    private readonly name: string,
    private readonly mode: ProgressMode = 'auto',
    private readonly stream: Stream = process.stderr,
    /** How often the line is redrawn (auto) or the waits looked at (plain), in ms. */
    everyMs = 200,
  ) {
    this.active = mode === 'plain' || (mode === 'auto' && stream.isTTY === true);
    if (this.active) {
      this.timer = setInterval(() => this.update(), everyMs);
      this.timer.unref();
    }
  }

  /** The step now (building the C reference, starting the server, the client run 2 of 3…). */
  step(text: string): void {
    if (!this.active || this.ended) return;
    this.current = text;
    this.update();
  }

  /**
   * Adds a source of "what is waiting" texts (undefined: nothing), read at each update;
   * returns the function that removes it.
   */
  watch(source: () => (string | undefined)[]): () => void {
    this.sources.add(source);
    return () => this.sources.delete(source);
  }

  /** Erases the line (auto) so that something else can be written on stderr; redrawn later. */
  clear(): void {
    if (this.drawn) this.stream.write('\r\x1b[2K');
    this.drawn = false;
  }

  /** Stops and erases: to be called before the tool writes its result. */
  end(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.clear();
    this.ended = true;
  }

  /** The line as it would be drawn now. */
  line(): string {
    const waits = [...this.sources].flatMap((s) => {
      try {
        return s().filter((w): w is string => !!w);
      } catch {
        return [];
      }
    });
    const elapsed = seconds((Date.now() - this.started) / 1000);
    return [`${this.name}: ${this.current}`, elapsed, ...waits].join(' · ');
  }

  private update(): void {
    if (!this.active || this.ended) return;
    const line = this.line();
    if (this.mode === 'plain') {
      // A new line when the step or a wait changes; the times alone do not make one.
      const key = line.replace(/\d+\.\d s/g, '');
      if (key !== this.lastPlain) this.stream.write(`${line}\n`);
      this.lastPlain = key;
      return;
    }
    // A pseudo-terminal nobody sized says 0 columns.
    const width = Math.max(20, (this.stream.columns || 80) - 1);
    const chars = [...line];
    const shown = chars.length > width ? `${chars.slice(0, width - 1).join('')}…` : line;
    this.stream.write(`\r\x1b[2K${shown}`);
    this.drawn = true;
  }
}

/** A call a process is in now, from strace's live output. */
export interface LiveWait {
  pid: number;
  name: string;
  args: string;
  /** When it entered (seconds since the epoch, strace -ttt); NaN in a trace without times. */
  since: number;
}

/**
 * For a trace without times (no -ttt): each wait's `since` set to when it was first seen
 * here, so that describeWait can say how long. One per trace file watched.
 */
export function waitClock(): (waits: readonly LiveWait[], now: number) => LiveWait[] {
  const first = new Map<string, number>();
  return (waits, now) => {
    const seen = new Map<string, number>();
    const out = waits.map((w) => {
      if (!Number.isNaN(w.since)) return w;
      const key = `${w.pid} ${w.name}(${w.args}`;
      const since = first.get(key) ?? now;
      seen.set(key, since);
      return { ...w, since };
    });
    first.clear();
    for (const [k, v] of seen) first.set(k, v);
    return out;
  };
}

const LIVE_LINE = /^(\d+)\s+(?:(\d+\.\d+)\s+)?(\w+)\((.*)$/;

/**
 * The calls the processes of a live `strace -f -ttt -o FILE` trace are in now: strace
 * writes a call's entry at once and its result when it returns, so a call not finished is
 * the file's last line without its newline, or a line ending in `<unfinished ...>` (another
 * thread wrote between) not yet resumed. Threads (made by a clone with CLONE_THREAD) are
 * left out: Node's own threads wait all the time.
 */
export function liveWaits(text: string): LiveWait[] {
  const open = new Map<number, LiveWait>();
  const threads = new Set<number>();
  const lines = text.split('\n');
  const last = lines.length - 1; // the unterminated tail ('' when the file ends with \n)
  lines.forEach((raw, i) => {
    const pidTime = /^(\d+)\s+(?:\d+\.\d+\s+)?(.*)$/.exec(raw);
    if (!pidTime) return;
    const pid = Number(pidTime[1]);
    const body = pidTime[2];
    const clone = /^(?:<\.\.\. clone3? resumed>.*|clone3?\(.*)\)\s+=\s+(\d+)/.exec(body);
    if (clone && /CLONE_THREAD/.test(raw)) threads.add(Number(clone[1]));
    if (/^<\.\.\. \w+ resumed>/.test(body)) {
      open.delete(pid);
      return;
    }
    const call = LIVE_LINE.exec(raw);
    if (!call) return;
    if (i === last || / <unfinished \.\.\.>$/.test(raw))
      open.set(pid, {
        pid,
        name: call[3],
        args: call[4].replace(/\s*<unfinished \.\.\.>$/, ''),
        since: call[2] === undefined ? NaN : Number(call[2]),
      });
    else open.delete(pid);
  });
  // A clone's CLONE_THREAD is in its unfinished half: look for those flags in any line.
  for (const raw of lines) {
    const m = /^(\d+)\s+\S+\s+clone3?\((.*)/.exec(raw);
    if (!m || !/CLONE_THREAD/.test(m[2])) continue;
    const resumed = lines.find((l) =>
      new RegExp(`^${m[1]}\\s+\\S+\\s+<\\.\\.\\. clone3? resumed>.*= (\\d+)`).test(l),
    );
    const ret = resumed && /= (\d+)/.exec(resumed.slice(resumed.indexOf('resumed>')));
    const direct = /\)\s+=\s+(\d+)/.exec(m[2]);
    const child = ret?.[1] ?? direct?.[1];
    if (child) threads.add(Number(child));
  }
  return [...open.values()].filter((w) => !threads.has(w.pid));
}

/** The sleep a call asks for, from its timespec: "10 s", or undefined. */
function sleepLength(w: LiveWait): string | undefined {
  if (w.name !== 'clock_nanosleep' && w.name !== 'nanosleep') return undefined;
  const m = /\{tv_sec=(\d+), tv_nsec=(\d+)\}/.exec(w.args);
  return m ? `${Number((Number(m[1]) + Number(m[2]) / 1e9).toFixed(3))} s` : undefined;
}

/**
 * What `side` is waiting in, for the progress line: "server: in clock_nanosleep (sleep
 * 10 s), 4.2 s so far", "client: blocked in recvfrom, 2.0 s so far"; undefined when it is in
 * no call, or for less than `atLeast` seconds (a call that returns at once is no wait).
 */
export function describeWait(
  side: string,
  waits: readonly LiveWait[],
  now: number,
  atLeast = 0.3,
): string | undefined {
  const w = waits.filter((x) => now - x.since >= atLeast).sort((a, b) => a.since - b.since)[0];
  if (!w) return undefined;
  const sofar = `${seconds(now - w.since)} so far`;
  const sleep = sleepLength(w);
  if (sleep) return `${side}: in ${w.name} (sleep ${sleep}), ${sofar}`;
  if (w.name === 'futex' && /\{tv_sec=/.test(w.args))
    return `${side}: in futex (Atomics.wait: a sleep), ${sofar}`;
  const fd = splitTopLevel(w.args)[0];
  return `${side}: blocked in ${w.name}${/^\d+$/.test(fd ?? '') ? ` on fd ${fd}` : ''}, ${sofar}`;
}
