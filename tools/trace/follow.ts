/**
 * Keeps the socket-API calls of a parsed trace and drops everything else (Node's epoll,
 * eventfds, pipes, files, stdio — even stdio that is a socket inherited from a parent).
 *
 * Rule: an fd is followed from the call that creates a socket on it (socket, socketpair,
 * accept, accept4, or a dup of a followed fd) until it is closed (close, dup2/dup3 over it,
 * close_range, execve of a close-on-exec fd). A later fd with the same number is followed
 * only if a socket call creates it again. Each process has its own fd table: threads share
 * it (clone with CLONE_FILES), fork/vfork/clone without CLONE_FILES copy it.
 * Besides calls, it keeps SIGPIPE and SIGURG, and deaths by a signal (`+++ killed by … +++`,
 * once per process); normal exits and other signals (SIGCHLD…) are not socket behaviour.
 *
 * Resolver sockets: glibc's getaddrinfo opens sockets of its own, identically under C and
 * Node. They are kept and marked (`resolver`), and hidden with `hideResolver`. A socket is
 * marked when it was created with SOCK_CLOEXEC (glibc always sets it; a course program that
 * does not is never marked) and its whole life matches one of glibc's uses:
 *   netlink   AF_NETLINK (the interface-address check of AI_ADDRCONFIG)
 *   nscd      AF_UNIX connecting to /var/run/nscd/socket or /run/nscd/socket
 *   probe     an AF_INET/AF_INET6 SOCK_DGRAM socket that only connects, asks getsockname and
 *             closes, never sending: the source-address probe of RFC 6724 sorting
 *   dns       a socket that connects or sends to port 53
 */
import { isProcessCreation, type TraceCall, type TraceEvent } from './parse';
import { FD_CALLS as FD_CALL_NAMES } from './syscalls';

export type ResolverRole = 'netlink' | 'nscd' | 'probe' | 'dns';

export interface SocketInfo {
  /** 1-based, in order of creation; a dup gets an id of its own. */
  id: number;
  process: number;
  fd: number;
  createdBy: string;
  /** e.g. AF_INET; for accept and dup, the family of the socket it came from. */
  family: string;
  /** The type argument, e.g. SOCK_DGRAM|SOCK_CLOEXEC. */
  type: string;
  createdCloexec: boolean;
  calls: TraceCall[];
  resolver: ResolverRole | undefined;
}

export interface FollowedEvent {
  event: TraceEvent;
  /** 1 = the traced program; forked children count on in order of appearance. */
  process: number;
  /** Socket fds this event names or creates, by fd number, with their SocketInfo id. */
  sockets: Map<number, number>;
  /** Set when every socket of the event belongs to glibc's resolver. */
  resolver: ResolverRole | undefined;
  /**
   * For select and pselect6: the id of the socket that last held fd `nfds - 1` in this
   * process, open or closed since (see normalize.ts for why nfds follows it); undefined when
   * that fd never held a socket.
   */
  nfdsSocket?: number;
  /**
   * On the call the process was stopped in: the signal that killed it (`SIGTERM`), or
   * `unfinished` when the trace ends inside the call with no death recorded (strace was
   * stopped with it). See markBlocked.
   */
  blocked?: string;
}

export interface FollowResult {
  events: FollowedEvent[];
  sockets: SocketInfo[];
}

export interface FollowOptions {
  hideResolver?: boolean;
}

const FD_CALLS = new Set(FD_CALL_NAMES);

/** Signals sockets raise: SIGPIPE (send on a closed connection), SIGURG (out-of-band data). */
const SOCKET_SIGNALS = new Set(['SIGPIPE', 'SIGURG']);

interface FdEntry {
  socket: SocketInfo;
  cloexec: boolean;
}

interface Process {
  number: number;
  fds: Map<number, FdEntry>;
  /** Each fd number's last socket, kept after its close: what a program's stale `fdmax` names. */
  lastSocketAt: Map<number, SocketInfo>;
}

export function follow(events: readonly TraceEvent[], options: FollowOptions = {}): FollowResult {
  const tracker = new FdTracker(events);
  const followed: FollowedEvent[] = [];
  for (const event of events) {
    const shown = tracker.apply(event);
    if (shown) followed.push(shown);
  }
  for (const socket of tracker.sockets) socket.resolver = resolverRole(socket);
  for (const entry of followed) entry.resolver = eventResolverRole(entry, tracker.sockets);
  markBlocked(events, followed);
  return {
    events: options.hideResolver
      ? followed.filter((entry) => entry.resolver === undefined)
      : followed,
    sockets: tracker.sockets,
  };
}

class FdTracker {
  readonly sockets: SocketInfo[] = [];
  private readonly processes = new Map<number, Process>();
  private readonly parents = new Map<
    number,
    { parent: number; sharesFiles: boolean; thread: boolean }
  >();
  private processCount = 0;

  constructor(events: readonly TraceEvent[]) {
    // Children can print before their parent's clone returns: learn every parent first.
    for (const event of events) {
      const child = event.kind === 'call' && isProcessCreation(event.name) ? Number(event.ret) : 0;
      if (event.kind === 'call' && child > 0) {
        const flags = event.args.join(',');
        this.parents.set(child, {
          parent: event.pid,
          sharesFiles: flags.includes('CLONE_FILES'),
          thread: flags.includes('CLONE_THREAD'),
        });
      }
    }
  }

  apply(event: TraceEvent): FollowedEvent | undefined {
    const process = this.processOf(event.pid);
    if (event.kind === 'signal') {
      return SOCKET_SIGNALS.has(event.signal) ? this.shown(event, process, []) : undefined;
    }
    if (event.kind === 'exit') {
      // Threads die with their process: report a process's death once, by its leader.
      const leader = !this.parents.get(event.pid)?.thread;
      return event.signal !== undefined && leader ? this.shown(event, process, []) : undefined;
    }
    return this.applyCall(event, process);
  }

  private applyCall(call: TraceCall, process: Process): FollowedEvent | undefined {
    const ok = call.errno === undefined && call.ret !== undefined && call.ret !== '?';
    const fd = FD_CALLS.has(call.name) ? integer(call.args[0]) : undefined;
    const subject = fd === undefined ? undefined : process.fds.get(fd);
    switch (call.name) {
      case 'socket':
        return this.shown(
          call,
          process,
          ok ? [this.open(process, Number(call.ret), call, call.args[0], call.args[1])] : [],
        );
      case 'socketpair': {
        const pair = ok ? (call.args[3].match(/\d+/g) ?? []).map(Number) : [];
        return this.shown(
          call,
          process,
          pair.map((each) => this.open(process, each, call, call.args[0], call.args[1])),
        );
      }
      case 'clone':
      case 'clone3':
      case 'fork':
      case 'vfork':
        if (ok) this.processOf(Number(call.ret));
        return undefined;
      case 'execve':
        if (ok) closeOnExec(process);
        return undefined;
      case 'close_range':
        if (ok) this.closeRange(process, call);
        return undefined;
      case 'poll':
      case 'ppoll':
        return this.shownIfAnyFollowed(call, process, fdsIn(call.args[0], /fd=(\d+)/g));
      case 'select':
      case 'pselect6': {
        const shown = this.shownIfAnyFollowed(
          call,
          process,
          call.args.slice(1, 4).flatMap((set) => fdsIn(set, /(\d+)/g)),
        );
        const nfds = integer(call.args[0]);
        if (shown && nfds !== undefined) shown.nfdsSocket = process.lastSocketAt.get(nfds - 1)?.id;
        return shown;
      }
    }
    if (call.name === 'dup2' || call.name === 'dup3') {
      // The target fd is closed first, whatever it was.
      const target = integer(call.args[1]);
      if (ok && target !== undefined && target !== fd) process.fds.delete(target);
    }
    if (subject === undefined || fd === undefined) return undefined;
    subject.socket.calls.push(call);
    const touched: [number, SocketInfo][] = [[fd, subject.socket]];
    if (call.name === 'close') process.fds.delete(fd);
    if (call.name === 'fcntl') this.fcntl(process, call, subject, touched);
    if (ok && (call.name === 'accept' || call.name === 'accept4')) {
      const cloexec = call.args[3]?.includes('SOCK_CLOEXEC') ?? false;
      touched.push(this.openFrom(process, Number(call.ret), call, subject.socket, cloexec));
    }
    if (ok && call.name.startsWith('dup') && Number(call.ret) !== fd) {
      const cloexec = call.name === 'dup3' && call.args[2].includes('O_CLOEXEC');
      touched.push(this.openFrom(process, Number(call.ret), call, subject.socket, cloexec));
    }
    return this.shown(call, process, touched);
  }

  private fcntl(
    process: Process,
    call: TraceCall,
    subject: FdEntry,
    touched: [number, SocketInfo][],
  ): void {
    const command = call.args[1];
    if (command === 'F_SETFD') subject.cloexec = call.args[2].includes('FD_CLOEXEC');
    if ((command === 'F_DUPFD' || command === 'F_DUPFD_CLOEXEC') && call.errno === undefined) {
      touched.push(
        this.openFrom(
          process,
          Number(call.ret),
          call,
          subject.socket,
          command === 'F_DUPFD_CLOEXEC',
        ),
      );
    }
  }

  private closeRange(process: Process, call: TraceCall): void {
    const first = integer(call.args[0]) ?? 0;
    const last = integer(call.args[1]) ?? Infinity;
    const onExecOnly = call.args[2].includes('CLOSE_RANGE_CLOEXEC');
    for (const [number, entry] of process.fds) {
      if (number < first || number > last) continue;
      if (onExecOnly) entry.cloexec = true;
      else process.fds.delete(number);
    }
  }

  private open(
    process: Process,
    fd: number,
    call: TraceCall,
    family: string,
    type: string,
  ): [number, SocketInfo] {
    const cloexec = type.includes('SOCK_CLOEXEC');
    const socket: SocketInfo = {
      id: this.sockets.length + 1,
      process: process.number,
      fd,
      createdBy: call.name,
      family,
      type,
      createdCloexec: cloexec,
      calls: [call],
      resolver: undefined,
    };
    this.sockets.push(socket);
    process.fds.set(fd, { socket, cloexec });
    process.lastSocketAt.set(fd, socket);
    return [fd, socket];
  }

  private openFrom(
    process: Process,
    fd: number,
    call: TraceCall,
    from: SocketInfo,
    cloexec: boolean,
  ): [number, SocketInfo] {
    const opened = this.open(process, fd, call, from.family, from.type);
    opened[1].createdCloexec = cloexec;
    process.fds.get(fd)!.cloexec = cloexec;
    return opened;
  }

  private shownIfAnyFollowed(
    call: TraceCall,
    process: Process,
    fds: number[],
  ): FollowedEvent | undefined {
    const touched = fds.flatMap((fd): [number, SocketInfo][] => {
      const entry = process.fds.get(fd);
      return entry ? [[fd, entry.socket]] : [];
    });
    for (const [, socket] of touched) socket.calls.push(call);
    return touched.length > 0 ? this.shown(call, process, touched) : undefined;
  }

  private shown(
    event: TraceEvent,
    process: Process,
    touched: [number, SocketInfo][],
  ): FollowedEvent {
    const sockets = new Map(touched.map(([fd, socket]) => [fd, socket.id]));
    return { event, process: process.number, sockets, resolver: undefined };
  }

  /** The fd table of a pid, created on first sight from its parent's (shared or copied). */
  private processOf(pid: number): Process {
    const known = this.processes.get(pid);
    if (known) return known;
    const origin = this.parents.get(pid);
    let created: Process;
    if (origin && origin.sharesFiles) created = this.processOf(origin.parent);
    else if (origin) {
      const parent = this.processOf(origin.parent);
      const copy = new Map([...parent.fds].map(([fd, entry]) => [fd, { ...entry }]));
      const lastSocketAt = new Map(parent.lastSocketAt);
      created = { number: ++this.processCount, fds: copy, lastSocketAt };
    } else created = { number: ++this.processCount, fds: new Map(), lastSocketAt: new Map() };
    this.processes.set(pid, created);
    return created;
  }
}

/**
 * Marks the call each process (each pid: a thread's calls are its own) was stopped in: its
 * last socket call, when that call never returned — no result (unfinished, or cut off), or
 * `= ?` (interrupted: ERESTARTSYS…) with the pid then killed by a signal. Only socket calls
 * count: Node handles SIGTERM by restoring its stdio (fcntl on fds 0–2) and raising it again,
 * so its very last call is not the one it was blocked in; the C program has no such handler.
 * A `= ?` call of a pid that was not killed was interrupted by a handled signal and restarted:
 * not a stop.
 */
function markBlocked(events: readonly TraceEvent[], followed: readonly FollowedEvent[]): void {
  const killedBy = new Map<number, string>();
  for (const event of events)
    if (event.kind === 'exit' && event.signal !== undefined) killedBy.set(event.pid, event.signal);
  const lastCall = new Map<number, FollowedEvent>();
  for (const entry of followed)
    if (entry.event.kind === 'call') lastCall.set(entry.event.pid, entry);
  for (const [pid, entry] of lastCall) {
    const call = entry.event as TraceCall;
    const signal = killedBy.get(pid);
    if (call.ret === undefined) entry.blocked = signal ?? 'unfinished';
    else if (call.ret === '?' && signal !== undefined) entry.blocked = signal;
  }
}

/** A successful execve closes the fds marked close-on-exec. */
function closeOnExec(process: Process): void {
  for (const [fd, entry] of process.fds) if (entry.cloexec) process.fds.delete(fd);
}

function integer(text: string | undefined): number | undefined {
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : undefined;
}

function fdsIn(text: string | undefined, pattern: RegExp): number[] {
  if (text === undefined || text === 'NULL') return [];
  return [...text.matchAll(pattern)].map((match) => Number(match[1]));
}

const NSCD_PATH = /sun_path="\/(?:var\/)?run\/nscd\/socket"/;
const PROBE_CALLS = new Set(['socket', 'connect', 'getsockname', 'close']);

export function resolverRole(socket: SocketInfo): ResolverRole | undefined {
  if (!socket.createdCloexec || socket.createdBy !== 'socket') return undefined;
  const connects = socket.calls.filter(
    (call) => call.name === 'connect' || call.name.startsWith('send'),
  );
  if (connects.some((call) => /sin6?_port=htons\(53\)/.test(call.args.join(', ')))) return 'dns';
  if (socket.family === 'AF_NETLINK') return 'netlink';
  if (socket.family === 'AF_UNIX' && connects.some((call) => NSCD_PATH.test(call.args[1] ?? '')))
    return 'nscd';
  const inet = socket.family === 'AF_INET' || socket.family === 'AF_INET6';
  if (
    inet &&
    socket.type.startsWith('SOCK_DGRAM') &&
    socket.calls.every((call) => PROBE_CALLS.has(call.name))
  ) {
    return 'probe';
  }
  return undefined;
}

function eventResolverRole(entry: FollowedEvent, sockets: SocketInfo[]): ResolverRole | undefined {
  const roles = [...entry.sockets.values()].map((id) => sockets[id - 1].resolver);
  return roles.length > 0 && roles.every((role) => role === roles[0]) ? roles[0] : undefined;
}
