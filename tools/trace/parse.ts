/**
 * Parses the text that `strace -f` writes (see STRACE_FLAGS in run.ts) into events.
 *
 * Line shapes handled:
 *   `1234  name(args) = ret`            pid column (strace -f -o FILE)
 *   `[pid  1234] name(args) = ret`      pid prefix (strace -f to stderr; the only live process has none)
 *   `name(args <unfinished ...>` + `<... name resumed>rest) = ret`   merged into one call
 *   `= -1 EAGAIN (Resource temporarily unavailable)`, `= 0x8000 (flags O_RDONLY)`, `= ?`
 *   `--- SIGPIPE {si_signo=SIGPIPE, ...} ---`, `+++ exited with 0 +++`, `+++ killed by SIGPIPE +++`
 *   `name(args <unfinished ...>) = ?`   the process died inside the call (strace's own close)
 *   `name(args`                         cut: strace itself was killed while the call was blocked
 *
 * The call a process is blocked in when it is stopped is kept (follow.ts marks it `blocked`):
 * a server stopped while it waits for the next client ends its trace inside accept, select…,
 * and that wait is part of what C and TS must have in common. strace shows it three ways:
 * interrupted by the stopping signal (`= ? ERESTARTSYS …`, then `+++ killed by SIGTERM +++`),
 * left unfinished (`<unfinished ...>` never resumed, or `<unfinished ...>) = ?`), or cut off
 * (strace killed with it). Here the last two become a call with no result (`ret` undefined),
 * placed before the process's death, with the arguments strace had printed.
 */

export interface TraceCall {
  kind: 'call';
  pid: number;
  name: string;
  /** The top-level arguments, raw text, split on commas outside {} [] () and "". */
  args: string[];
  /** The return value as printed: "3", "-1", "0x8000", "?"; undefined when the call never returned. */
  ret: string | undefined;
  errno: string | undefined;
  errnoText: string | undefined;
  /** strace's decoding of a successful return, e.g. "flags O_RDONLY" or "in [3]". */
  retNote: string | undefined;
  /** The call as strace printed it (merged when it was split by <unfinished ...>). */
  text: string;
  /** 1-based line number where the call started. */
  line: number;
}

export interface TraceSignal {
  kind: 'signal';
  pid: number;
  signal: string;
  /** The siginfo text between braces, e.g. "si_signo=SIGPIPE, si_code=SI_USER, ...". */
  info: string;
  text: string;
  line: number;
}

export interface TraceExit {
  kind: 'exit';
  pid: number;
  /** Exit status for `exited with N`; undefined when killed. */
  code: number | undefined;
  /** The killing signal for `killed by SIG...`. */
  signal: string | undefined;
  text: string;
  line: number;
}

export type TraceEvent = TraceCall | TraceSignal | TraceExit;

/** One line, before unfinished/resumed merging; pid undefined when the line had no pid. */
export type ParsedLine =
  | { kind: 'call'; pid: number | undefined; name: string; argsText: string; result: string }
  | { kind: 'unfinished'; pid: number | undefined; name: string; argsText: string }
  | { kind: 'resumed'; pid: number | undefined; name: string; restText: string; result: string }
  | { kind: 'signal'; pid: number | undefined; signal: string; info: string }
  | { kind: 'exit'; pid: number | undefined; code: number | undefined; signal: string | undefined }
  | { kind: 'other'; pid: number | undefined; text: string };

const PID_PREFIX = /^(?:\[pid\s+(\d+)\]|(\d+))\s+/;

export function parseLine(rawLine: string): ParsedLine {
  let body = rawLine.replace(/\s+$/, '');
  let pid: number | undefined;
  const prefix = PID_PREFIX.exec(body);
  if (prefix) {
    pid = Number(prefix[1] ?? prefix[2]);
    body = body.slice(prefix[0].length);
  }
  let match = /^--- (SIG\w+) \{(.*)\} ---$/.exec(body) ?? /^--- (SIG\w+) ()---$/.exec(body);
  if (match) return { kind: 'signal', pid, signal: match[1], info: match[2] };
  match = /^\+\+\+ exited with (\d+) \+\+\+$/.exec(body);
  if (match) return { kind: 'exit', pid, code: Number(match[1]), signal: undefined };
  match = /^\+\+\+ killed by (SIG\w+)(?: \(core dumped\))? \+\+\+$/.exec(body);
  if (match) return { kind: 'exit', pid, code: undefined, signal: match[1] };
  match = /^<\.\.\. (\w+) resumed>(.*)$/.exec(body);
  const resumed = match && splitAtClose(match[2]);
  if (match && resumed) {
    return {
      kind: 'resumed',
      pid,
      name: match[1],
      restText: resumed.inside,
      result: resumed.result,
    };
  }
  match = /^(\w+)\((.*)$/.exec(body);
  if (match) {
    const unfinished = /^(.*?)\s*<unfinished \.\.\.>$/.exec(match[2]);
    if (unfinished && closingParen(unfinished[1]) < 0) {
      return { kind: 'unfinished', pid, name: match[1], argsText: unfinished[1] };
    }
    // The process died inside the call: strace closes the line itself, with no result.
    const died = /^(.*?)\s*<unfinished \.\.\.>\)\s*= \?$/.exec(match[2]);
    if (died && closingParen(died[1]) < 0) {
      return {
        kind: 'call',
        pid,
        name: match[1],
        argsText: died[1].replace(/,\s*$/, ''),
        result: '?',
      };
    }
    const call = splitAtClose(match[2]);
    if (call)
      return { kind: 'call', pid, name: match[1], argsText: call.inside, result: call.result };
    // No closing parenthesis: the line was cut (strace killed while the call blocked).
    return { kind: 'unfinished', pid, name: match[1], argsText: match[2] };
  }
  return { kind: 'other', pid, text: body };
}

/**
 * Splits `args) = result` at the `)` closing the call: the arguments, and the text after
 * ` = ` ("-1 EAGAIN (Resource temporarily unavailable)"; "" when absent).
 */
function splitAtClose(text: string): { inside: string; result: string } | undefined {
  const end = closingParen(text);
  if (end < 0) return undefined;
  const result = /^\s*=\s*(.*)$/.exec(text.slice(end + 1));
  return { inside: text.slice(0, end), result: result ? result[1] : '' };
}

/** Index of the `)` that closes a call whose `(` came just before `text`; -1 if not on this text. */
function closingParen(text: string): number {
  const end = scan(text, (_char, _index, depth) => depth < 0);
  return end >= 0 && text[end] === ')' ? end : -1;
}

/** Splits on commas at nesting depth 0, outside strings; parts are trimmed. */
export function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let from = 0;
  scan(text, (char, index, depth) => {
    if (char === ',' && depth === 0) {
      parts.push(text.slice(from, index).trim());
      from = index + 1;
    }
    return false;
  });
  const last = text.slice(from).trim();
  if (last !== '' || parts.length > 0) parts.push(last);
  return parts;
}

/**
 * Walks `text` outside "quoted strings" (with \ escapes), calling `visit` with each character
 * and the nesting depth after it: ( { [ open, ) } ] close. Stops at the first character for
 * which `visit` returns true and returns its index; -1 when none.
 */
function scan(
  text: string,
  visit: (char: string, index: number, depth: number) => boolean,
): number {
  let depth = 0;
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (quoted) {
      if (char === '\\') index++;
      else if (char === '"') quoted = false;
      continue;
    }
    if (char === '"') quoted = true;
    else if (char === '(' || char === '{' || char === '[') depth++;
    else if (char === ')' || char === '}' || char === ']') depth--;
    if (visit(char, index, depth)) return index;
  }
  return -1;
}

/** Splits "-1 EAGAIN (Resource temporarily unavailable)" / "0x8000 (flags O_RDONLY)" / "3". */
export function parseResult(
  result: string,
): Pick<TraceCall, 'ret' | 'errno' | 'errnoText' | 'retNote'> {
  // A pid returned inside a PID namespace, as strace --decode-pids=pidns prints it:
  // `2 /* 15485 in strace's PID NS */`. The pid strace's own lines carry is the second: a
  // user's program runs in a namespace of its own below contain (tools/sandbox).
  const translated = /^\d+ \/\* (\d+) in strace's PID NS \*\/$/.exec(result.trim());
  if (translated)
    return { ret: translated[1], errno: undefined, errnoText: undefined, retNote: undefined };
  const match = /^(\S+)(?: (E[A-Z0-9_]+))?(?: \((.*)\))?/.exec(result.trim());
  if (!match)
    return {
      ret: result === '' ? undefined : result,
      errno: undefined,
      errnoText: undefined,
      retNote: undefined,
    };
  const errno = match[2];
  return {
    ret: match[1],
    errno,
    errnoText: errno === undefined ? undefined : match[3],
    retNote: errno === undefined ? match[3] : undefined,
  };
}

/**
 * Parses a whole trace into events, in the order the calls returned: a call split by
 * `<unfinished ...>` takes the place of its `resumed` line, because that is when its
 * result (e.g. an accepted fd) exists. Lines strace printed without a pid get the pid
 * of the only live process, or of the first process.
 */
export function parseTrace(text: string): TraceEvent[] {
  const lines = text.split('\n');
  const parsed = lines.map(parseLine);
  const pidOf = unprefixedPidResolver(parsed);
  const pending = new Map<string, { argsText: string; line: number }>();
  const events: TraceEvent[] = [];
  parsed.forEach((entry, index) => {
    const line = index + 1;
    const pid = pidOf(entry);
    switch (entry.kind) {
      case 'call':
        events.push(makeCall(pid, entry.name, entry.argsText, entry.result, line));
        break;
      case 'unfinished':
        pending.set(`${pid}:${entry.name}`, { argsText: entry.argsText, line });
        break;
      case 'resumed': {
        const key = `${pid}:${entry.name}`;
        const start = pending.get(key);
        pending.delete(key);
        const argsText = joinArgs(start?.argsText ?? '', entry.restText);
        events.push(makeCall(pid, entry.name, argsText, entry.result, start?.line ?? line));
        break;
      }
      case 'signal':
        events.push({
          kind: 'signal',
          pid,
          signal: entry.signal,
          info: entry.info,
          text: signalText(entry),
          line,
        });
        break;
      case 'exit':
        // A call still pending dies with its process: it goes before the death, where it ran.
        flushPending(pending, events, pid);
        events.push({
          kind: 'exit',
          pid,
          code: entry.code,
          signal: entry.signal,
          text: exitText(entry),
          line,
        });
        break;
    }
  });
  // Calls that never resume and whose process's death is not in the trace: the trace ends in them.
  flushPending(pending, events, undefined);
  return withoutContain(events);
}

/** contain's executable, as strace prints it in an execve: tools/sandbox/bin/contain. */
const CONTAIN_EXECVE = /\/tools\/sandbox\/bin\/contain"$/;

/**
 * A user's program runs below contain (tools/sandbox): contain, then the init of its PID
 * namespace, then the program, which execs. What the first two do, and what the program's
 * process does before its execve (dup2, setrlimit, setuid…), is the launcher's, not the
 * program's: it is left out, so that the program is the trace's first process, as in the
 * reference's trace. A trace without contain is returned as it is.
 */
function withoutContain(events: TraceEvent[]): TraceEvent[] {
  const execs = (event: TraceEvent): event is TraceCall =>
    event.kind === 'call' && event.name === 'execve' && event.ret === '0';
  const roots = events.filter((e) => execs(e) && CONTAIN_EXECVE.test(e.args[0] ?? ''));
  if (roots.length === 0) return events;
  const children = new Map<number, number[]>();
  for (const event of events) {
    if (event.kind !== 'call' || !isProcessCreation(event.name)) continue;
    const child = Number(event.ret);
    if (child > 0) children.set(event.pid, [...(children.get(event.pid) ?? []), child]);
  }
  // The program's process: the first below contain to exec something else; the launcher's:
  // contain's and the init's, wholly, and the program's own until its execve.
  const launcher = new Set<number>();
  const program = new Set<number>();
  const below = roots.map((root) => root.pid);
  while (below.length > 0) {
    const pid = below.pop()!;
    if (launcher.has(pid) || program.has(pid)) continue;
    const other = events.find(
      (e) => e.pid === pid && execs(e) && !CONTAIN_EXECVE.test(e.args[0] ?? ''),
    );
    if (other !== undefined) {
      program.add(pid);
      continue;
    }
    launcher.add(pid);
    below.push(...(children.get(pid) ?? []));
  }
  const started = new Set<number>();
  return events.filter((event) => {
    if (launcher.has(event.pid)) return false;
    if (!program.has(event.pid) || started.has(event.pid)) return true;
    if (execs(event) && !CONTAIN_EXECVE.test(event.args[0] ?? '')) {
      started.add(event.pid);
      return true;
    }
    return false;
  });
}

/** Calls whose process died inside them never resume: keeps them (of `pid`, or all), without a result. */
function flushPending(
  pending: Map<string, { argsText: string; line: number }>,
  events: TraceEvent[],
  pid: number | undefined,
): void {
  for (const [key, start] of pending) {
    const [owner, name] = key.split(':');
    if (pid !== undefined && Number(owner) !== pid) continue;
    pending.delete(key);
    events.push(makeCall(Number(owner), name, start.argsText.replace(/,\s*$/, ''), '', start.line));
  }
}

function makeCall(
  pid: number,
  name: string,
  argsText: string,
  result: string,
  line: number,
): TraceCall {
  const args = splitTopLevel(argsText);
  return {
    kind: 'call',
    pid,
    name,
    args,
    ...parseResult(result),
    text: callText(name, args, result),
    line,
  };
}

function joinArgs(head: string, rest: string): string {
  const start = head.trimEnd();
  if (start === '' || rest === '') return start + rest;
  return start.endsWith(',') ? `${start} ${rest.trimStart()}` : start + rest;
}

export function callText(name: string, args: readonly string[], result: string): string {
  return `${name}(${args.join(', ')})${result === '' ? '' : ` = ${result}`}`;
}

function signalText(entry: { signal: string; info: string }): string {
  return entry.info === '' ? `--- ${entry.signal} ---` : `--- ${entry.signal} {${entry.info}} ---`;
}

function exitText(entry: { code: number | undefined; signal: string | undefined }): string {
  return entry.signal === undefined
    ? `+++ exited with ${entry.code} +++`
    : `+++ killed by ${entry.signal} +++`;
}

/** Child pids from clone/fork results, so the root process is the first pid that is nobody's child. */
function unprefixedPidResolver(parsed: ParsedLine[]): (entry: ParsedLine) => number {
  const children = new Set<number>();
  for (const entry of parsed) {
    if ((entry.kind === 'call' || entry.kind === 'resumed') && isProcessCreation(entry.name)) {
      const pid = Number(parseResult(entry.result).ret);
      if (pid > 0) children.add(pid);
    }
  }
  const root =
    parsed.find((entry) => entry.pid !== undefined && !children.has(entry.pid))?.pid ?? 0;
  const live = new Set<number>([root]);
  return (entry) => {
    const pid = entry.pid ?? (live.size === 1 ? [...live][0] : root);
    live.add(pid);
    if (entry.kind === 'exit') live.delete(pid);
    if ((entry.kind === 'call' || entry.kind === 'resumed') && isProcessCreation(entry.name)) {
      const child = Number(parseResult(entry.result).ret);
      if (child > 0) live.add(child);
    }
    return pid;
  };
}

export function isProcessCreation(name: string): boolean {
  return name === 'clone' || name === 'clone3' || name === 'fork' || name === 'vfork';
}
