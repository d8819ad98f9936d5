/**
 * Rewrites followed calls so that two runs doing the same thing print the same text.
 *
 * Replaced, because they differ from run to run: socket fd numbers (fd#1, fd#2 … in order
 * of appearance), ephemeral ports (EPHEMERAL#1 …), the server's port (SERVER_PORT, when
 * given), pids and netlink sequence numbers (<pid>, <seq>), and pointers (<addr>).
 * Kept, because they are what a port can get wrong: lengths (`16` vs `[128 => 16]`),
 * flags, sizes, payloads, NULL versus a pointer, return values and errnos.
 *
 * select's nfds is an fd number plus one, so it is renamed with the fds: `fd#N+1`, where fd#N
 * is the socket that last held fd nfds-1 in the process — open, or closed since. Why that rule:
 * a program computes nfds as `fdmax + 1` from its own fds. One that lowers fdmax when a client
 * leaves passes the highest fd of its sets; one that never lowers it passes an fd that may be
 * closed by now (client 1's, after it left). Either way nfds-1 is an fd the program had, and
 * C and TS allocate their socket fds in the same order (lowest free first), only shifted (Node
 * holds ~15 fds of its own): the same socket last held that number on both sides, so the same
 * label comes out, while the raw numbers (5 in C, 19 in TS) never match. A label that differs
 * is a real difference (one side lowers fdmax, the other not). nfds-1 that never held a socket
 * (FD_SETSIZE, say) stays a number. Not handled: a socket fd reused since by a file (not
 * followed) is still named after the socket.
 *
 * A call the process was stopped in (follow.ts's `blocked`: a server waiting for its next
 * client) keeps its name and arguments, and its result becomes `? <blocked, killed by SIGTERM>`
 * (or `? <blocked, unfinished>` when the trace ends in it): strace prints the same stop as
 * `= ? ERESTARTNOHAND (…)`, `<unfinished ...>) = ?` or a cut line, depending on the call and
 * on how strace itself ended, none of which is the program's behaviour.
 */
import { callText, type TraceCall } from './parse';
import type { FollowedEvent, ResolverRole } from './follow';

export interface NormalizeOptions {
  /** The port of the server the program talks to (differs between the C and the TS run). */
  serverPort?: number;
  /** Inclusive range of ports the kernel picks for implicit binds (net.ipv4.ip_local_port_range). */
  ephemeralPorts?: readonly [number, number];
}

export const DEFAULT_EPHEMERAL_PORTS: readonly [number, number] = [32768, 60999];

export interface NormalizedEvent {
  kind: 'call' | 'signal' | 'exit';
  /** The normalized text: what is compared. */
  text: string;
  /** strace's own text of the event. */
  raw: string;
  /** Call name, or the signal for signal and exit events. */
  name: string;
  args: string[];
  ret: string | undefined;
  errno: string | undefined;
  process: number;
  resolver: ResolverRole | undefined;
  /** Set on the call the process was stopped in: the signal that stopped it, or `unfinished`. */
  blocked?: string;
}

export function normalize(
  events: readonly FollowedEvent[],
  options: NormalizeOptions = {},
): NormalizedEvent[] {
  const labels = new Labels(options);
  return events.map((entry) => normalizeEvent(entry, labels));
}

/** Placeholders numbered in order of first appearance, so equal behaviour gives equal labels. */
class Labels {
  private readonly fds = new Map<number, string>();
  private readonly ports = new Map<number, string>();

  constructor(private readonly options: NormalizeOptions) {}

  fd(socketId: number): string {
    return numbered(this.fds, socketId, 'fd#');
  }

  port(port: number): string {
    const [low, high] = this.options.ephemeralPorts ?? DEFAULT_EPHEMERAL_PORTS;
    if (port === this.options.serverPort) return 'SERVER_PORT';
    if (port >= low && port <= high) return numbered(this.ports, port, 'EPHEMERAL#');
    return String(port);
  }
}

function numbered(labels: Map<number, string>, key: number, prefix: string): string {
  let label = labels.get(key);
  if (label === undefined) {
    label = `${prefix}${labels.size + 1}`;
    labels.set(key, label);
  }
  return label;
}

function normalizeEvent(entry: FollowedEvent, labels: Labels): NormalizedEvent {
  const event = entry.event;
  const prefix = entry.process === 1 ? '' : `[proc#${entry.process}] `;
  const base = {
    process: entry.process,
    resolver: entry.resolver,
    raw: event.text,
    args: [] as string[],
  };
  if (event.kind === 'signal') {
    const info = scrubValues(event.info, labels);
    const text = info === '' ? `--- ${event.signal} ---` : `--- ${event.signal} {${info}} ---`;
    return {
      ...base,
      kind: 'signal',
      text: prefix + text,
      name: event.signal,
      ret: undefined,
      errno: undefined,
    };
  }
  if (event.kind === 'exit') {
    return {
      ...base,
      kind: 'exit',
      text: prefix + event.text,
      name: event.signal ?? 'exit',
      ret: undefined,
      errno: undefined,
    };
  }
  const fdLabel = (fd: number): string | undefined => {
    const id = entry.sockets.get(fd);
    return id === undefined ? undefined : labels.fd(id);
  };
  const nfdsLabel = entry.nfdsSocket === undefined ? undefined : `${labels.fd(entry.nfdsSocket)}+1`;
  const args = normalizeArgs(event, fdLabel, nfdsLabel).map((arg) => scrubValues(arg, labels));
  if (entry.blocked !== undefined) {
    const text = callText(event.name, args, `? ${blockedNote(entry.blocked)}`);
    return {
      ...base,
      kind: 'call',
      text: prefix + text,
      name: event.name,
      args,
      ret: '?',
      errno: undefined,
      blocked: entry.blocked,
    };
  }
  const ret = normalizeReturn(event, fdLabel);
  // select's and ppoll's "left {…}" is the timeout minus the time waited: timing, not behaviour.
  const scrubNote = (note: string): string =>
    scrubValues(renameFdLists(note, fdLabel), labels).replace(/left \{[^}]*\}/, 'left <time>');
  const result = resultText(ret, event, scrubNote);
  return {
    ...base,
    kind: 'call',
    text: prefix + callText(event.name, args, result),
    name: event.name,
    args,
    ret,
    errno: event.errno,
  };
}

type FdLabel = (fd: number) => string | undefined;

/** Calls whose return value is a new socket fd. */
const RETURNS_FD = new Set(['socket', 'accept', 'accept4', 'dup', 'dup2', 'dup3']);

/** The result text of a call the process was stopped in (see the top of this file). */
export function blockedNote(blocked: string): string {
  return blocked === 'unfinished' ? '<blocked, unfinished>' : `<blocked, killed by ${blocked}>`;
}

function normalizeArgs(call: TraceCall, fdLabel: FdLabel, nfdsLabel: string | undefined): string[] {
  const args = [...call.args];
  const first = /^\d+$/.test(args[0] ?? '') ? fdLabel(Number(args[0])) : undefined;
  if (first !== undefined) args[0] = first;
  switch (call.name) {
    case 'socketpair':
      if (args[3] !== undefined) args[3] = renameFdLists(args[3], fdLabel);
      break;
    case 'dup2':
    case 'dup3':
      args[1] = fdLabel(Number(args[1])) ?? args[1];
      break;
    case 'poll':
    case 'ppoll':
      args[0] = renameFdLists(args[0], fdLabel);
      break;
    case 'select':
    case 'pselect6':
      // nfds follows the fd numbering (see the top of this file).
      if (nfdsLabel !== undefined) args[0] = nfdsLabel;
      for (let index = 1; index <= 3; index++) args[index] = renameFdLists(args[index], fdLabel);
      break;
  }
  return args;
}

function normalizeReturn(call: TraceCall, fdLabel: FdLabel): string | undefined {
  if (!RETURNS_FD.has(call.name) && !(call.name === 'fcntl' && call.args[1]?.startsWith('F_DUPFD')))
    return call.ret;
  const ret = call.ret;
  if (ret === undefined || !/^\d+$/.test(ret)) return ret;
  return fdLabel(Number(ret)) ?? ret;
}

function resultText(
  ret: string | undefined,
  call: TraceCall,
  scrubNote: (note: string) => string,
): string {
  if (ret === undefined) return '';
  if (call.errno !== undefined)
    return `${ret} ${call.errno}${call.errnoText === undefined ? '' : ` (${call.errnoText})`}`;
  return call.retNote === undefined ? ret : `${ret} (${scrubNote(call.retNote)})`;
}

/** `[4, 5]` (socketpair), `[3 4]` (select sets): each followed fd number becomes its label. */
function renameFdLists(text: string | undefined, fdLabel: FdLabel): string {
  if (text === undefined) return '';
  return text
    .replace(
      /\[([\d, ]+)\]/g,
      (_list, inner: string) => `[${inner.replace(/\d+/g, (fd) => fdLabel(Number(fd)) ?? fd)}]`,
    )
    .replace(/fd=(\d+)/g, (whole, fd: string) =>
      fdLabel(Number(fd)) === undefined ? whole : `fd=${fdLabel(Number(fd))}`,
    );
}

/** Ports, pids, sequence numbers and pointers, outside quoted strings (payloads stay as sent). */
function scrubValues(text: string, labels: Labels): string {
  return outsideStrings(text, (part) =>
    part
      .replace(
        /(sin6?_port=htons\()(\d+)\)/g,
        (_whole, head: string, port: string) => `${head}${labels.port(Number(port))})`,
      )
      .replace(/\b(nl_pid|nlmsg_pid|si_pid)=([1-9]\d*)/g, '$1=<pid>')
      .replace(/\bnlmsg_seq=\d+/g, 'nlmsg_seq=<seq>')
      // A pointer: a hex number of 6+ digits standing alone, not a flag joined by `|`. Not
      // only 8+ digits: a non-PIE node's malloc heap is low (a Buffer at 0x5e8bad0).
      .replace(/(?<![|\w])0x[0-9a-f]{6,}\b(?!\|)/g, '<addr>'),
  );
}

/** Applies `rewrite` to the parts of `text` that are not inside "quoted strings". */
export function outsideStrings(text: string, rewrite: (part: string) => string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '"') continue;
    out += rewrite(text.slice(from, i));
    let end = i + 1;
    while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
    out += text.slice(i, end + 1);
    from = end + 1;
    i = end;
  }
  return out + rewrite(text.slice(from));
}
