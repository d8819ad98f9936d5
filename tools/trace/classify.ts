/**
 * Human reasons for a difference between a C call and the TS call beside it.
 *
 * Arguments are compared leaf by leaf: a struct `{a=1, b=2}` or array `[…]` is opened when
 * both sides have the same shape, so the reason names the field that differs (msg_namelen,
 * sin_port…) rather than the whole argument.
 */
import { splitTopLevel } from './parse';
import type { NormalizedEvent } from './normalize';

/** In the order the summary lists them. */
export const DIFF_CLASSES = [
  'ignored SIGPIPE',
  'missing call',
  'extra call',
  'different call',
  'extra flag',
  'different size',
  'different errno',
  'different return',
  'other argument',
] as const;

export type DiffClass = (typeof DIFF_CLASSES)[number];

export interface DiffReason {
  class: DiffClass;
  text: string;
}

/** Argument names, after the man pages, so that reasons can say which argument differs. */
const ARG_NAMES: Record<string, readonly string[]> = {
  socket: ['domain', 'type', 'protocol'],
  socketpair: ['domain', 'type', 'protocol', 'sv'],
  bind: ['sockfd', 'addr', 'addrlen'],
  connect: ['sockfd', 'addr', 'addrlen'],
  accept: ['sockfd', 'addr', 'addrlen'],
  accept4: ['sockfd', 'addr', 'addrlen', 'flags'],
  getsockname: ['sockfd', 'addr', 'addrlen'],
  getpeername: ['sockfd', 'addr', 'addrlen'],
  listen: ['sockfd', 'backlog'],
  sendto: ['sockfd', 'buf', 'len', 'flags', 'dest_addr', 'addrlen'],
  recvfrom: ['sockfd', 'buf', 'len', 'flags', 'src_addr', 'addrlen'],
  sendmsg: ['sockfd', 'msg', 'flags'],
  recvmsg: ['sockfd', 'msg', 'flags'],
  sendmmsg: ['sockfd', 'msgvec', 'vlen', 'flags'],
  recvmmsg: ['sockfd', 'msgvec', 'vlen', 'flags', 'timeout'],
  setsockopt: ['sockfd', 'level', 'optname', 'optval', 'optlen'],
  getsockopt: ['sockfd', 'level', 'optname', 'optval', 'optlen'],
  shutdown: ['sockfd', 'how'],
  read: ['fd', 'buf', 'count'],
  write: ['fd', 'buf', 'count'],
  readv: ['fd', 'iov', 'iovcnt'],
  writev: ['fd', 'iov', 'iovcnt'],
  close: ['fd'],
  fcntl: ['fd', 'cmd', 'arg'],
  ioctl: ['fd', 'request', 'argp'],
  poll: ['fds', 'nfds', 'timeout'],
  ppoll: ['fds', 'nfds', 'tmo_p', 'sigmask', 'sigsetsize'],
  select: ['nfds', 'readfds', 'writefds', 'exceptfds', 'timeout'],
  pselect6: ['nfds', 'readfds', 'writefds', 'exceptfds', 'timeout', 'sigmask'],
  dup: ['oldfd'],
  dup2: ['oldfd', 'newfd'],
  dup3: ['oldfd', 'newfd', 'flags'],
};

/** Arguments and struct fields that are lengths, counts or sizes. */
const SIZE_NAMES = new Set([
  'addrlen',
  'len',
  'count',
  'optlen',
  'backlog',
  'vlen',
  'iovcnt',
  'nfds',
]);
const SIZE_FIELD = /len$|_size$/;

/** A|B|C of upper-case constants, or 0 (the empty set). */
const FLAG_SET = /^(?:0|[A-Z][A-Z0-9_]*(?:\|[A-Z][A-Z0-9_]*)*)$/;

export function pairReasons(c: NormalizedEvent, ts: NormalizedEvent): DiffReason[] {
  if (c.name !== ts.name) {
    const text =
      c.blocked !== undefined && ts.blocked !== undefined
        ? `different call: C is blocked in ${c.name}, TS in ${ts.name} when stopped`
        : `different call: C does ${c.name}, TS does ${ts.name}`;
    return [{ class: 'different call', text }];
  }
  const reasons: DiffReason[] = [];
  if (c.process !== ts.process) {
    reasons.push(other('process', `#${c.process}`, `#${ts.process}`));
  }
  if (c.kind === 'call') {
    const names = ARG_NAMES[c.name] ?? [];
    const count = Math.max(c.args.length, ts.args.length);
    for (let index = 0; index < count; index++) {
      const name = names[index] ?? `argument ${index + 1}`;
      for (const leaf of differingLeaves(c.args[index] ?? '', ts.args[index] ?? '', name)) {
        reasons.push(leafReason(leaf));
      }
    }
    reasons.push(...returnReasons(c, ts));
  }
  if (reasons.length === 0) reasons.push(other(c.kind, c.text, ts.text));
  return reasons;
}

interface Leaf {
  /** e.g. `msg.msg_namelen`, `addr.sin_port`, `type`. */
  path: string;
  c: string;
  ts: string;
}

function differingLeaves(c: string, ts: string, path: string): Leaf[] {
  if (c === ts) return [];
  const cItems = openContainer(c);
  const tsItems = openContainer(ts);
  if (!cItems || !tsItems || c[0] !== ts[0] || cItems.length !== tsItems.length)
    return [{ path, c, ts }];
  return cItems.flatMap((item, index) => {
    const cField = /^(\w+)=([\s\S]*)$/.exec(item);
    const tsField = /^(\w+)=([\s\S]*)$/.exec(tsItems[index]);
    if (cField && tsField && cField[1] === tsField[1]) {
      return differingLeaves(cField[2], tsField[2], `${path}.${cField[1]}`);
    }
    return differingLeaves(item, tsItems[index], `${path}[${index}]`);
  });
}

/** The items of `{…}` or `[…]` when the brackets enclose the whole text. */
function openContainer(text: string): string[] | undefined {
  const close = text[0] === '{' ? '}' : text[0] === '[' ? ']' : undefined;
  if (close === undefined || !text.endsWith(close)) return undefined;
  const items = splitTopLevel(text.slice(1, -1));
  // "[128 => 16]" and such are values, not lists.
  return items.length > 1 || /[{[=]/.test(text.slice(1, -1)) ? items : undefined;
}

function leafReason(leaf: Leaf): DiffReason {
  const field = leaf.path.slice(leaf.path.lastIndexOf('.') + 1).replace(/\[\d+\]$/, '');
  if (FLAG_SET.test(leaf.c) && FLAG_SET.test(leaf.ts)) {
    const cFlags = flagSet(leaf.c);
    const tsFlags = flagSet(leaf.ts);
    const onlyTs = [...tsFlags].filter((flag) => !cFlags.has(flag));
    const onlyC = [...cFlags].filter((flag) => !tsFlags.has(flag));
    if (onlyC.length === 0 && onlyTs.length > 0) {
      return {
        class: 'extra flag',
        text: `extra flag: ${leaf.path} has ${onlyTs.join('|')} in TS only`,
      };
    }
    if (onlyTs.length === 0 && onlyC.length > 0) {
      return {
        class: 'extra flag',
        text: `extra flag: ${leaf.path} has ${onlyC.join('|')} in C only`,
      };
    }
  }
  if (SIZE_NAMES.has(field) || SIZE_FIELD.test(field)) {
    return {
      class: 'different size',
      text: `different size: ${leaf.path} is ${leaf.c} in C, ${leaf.ts} in TS`,
    };
  }
  return other(leaf.path, leaf.c, leaf.ts);
}

function flagSet(text: string): Set<string> {
  return new Set(text.split('|').filter((flag) => flag !== '0'));
}

function returnReasons(c: NormalizedEvent, ts: NormalizedEvent): DiffReason[] {
  const cResult = resultOf(c);
  const tsResult = resultOf(ts);
  if (cResult === tsResult) return [];
  if (c.errno !== ts.errno) {
    return [
      {
        class: 'different errno',
        text: `different errno: returns ${cResult} in C, ${tsResult} in TS`,
      },
    ];
  }
  return [
    {
      class: 'different return',
      text: `different return: returns ${cResult} in C, ${tsResult} in TS`,
    },
  ];
}

/** The normalized text after the call's closing `) = `. */
function resultOf(event: NormalizedEvent): string {
  const at = event.text.lastIndexOf(') = ');
  return at < 0 ? '?' : event.text.slice(at + 4);
}

function other(what: string, c: string, ts: string): DiffReason {
  return {
    class: 'other argument',
    text: `other argument: ${what} is ${shorten(c)} in C, ${shorten(ts)} in TS`,
  };
}

function shorten(text: string): string {
  return text.length <= 48 ? text : `${text.slice(0, 45)}...`;
}

/**
 * Node ignores SIGPIPE, so where a C program is killed by SIGPIPE after a send returns
 * EPIPE, its TS port gets the same EPIPE and goes on. Every difference after that EPIPE
 * is this one known difference, and is named so.
 */
export function applySigpipeRule(
  rows: { kind: string; c?: NormalizedEvent; ts?: NormalizedEvent; reasons: DiffReason[] }[],
): void {
  const killed = rows.findIndex((row) => row.c?.kind === 'exit' && row.c.name === 'SIGPIPE');
  if (killed < 0 || rows.some((row) => row.ts?.kind === 'exit' && row.ts.name === 'SIGPIPE'))
    return;
  let epipe = killed - 1;
  while (epipe >= 0 && rows[epipe].c?.errno !== 'EPIPE') epipe--;
  if (epipe < 0) return;
  const send = rows[epipe].c?.name ?? 'send';
  const text = `Node ignores SIGPIPE: C was killed by SIGPIPE after ${send} returned EPIPE; TS got EPIPE and went on`;
  for (const row of rows.slice(epipe + 1)) {
    if (row.kind !== 'same') row.reasons = [{ class: 'ignored SIGPIPE', text }];
  }
}
