/**
 * bsd-sockets-lab: the recorded data (two `strace -f -ttt -T` files, the `capture -X` text
 * and the `sockstat -tuan` snapshots) parsed and merged into one timeline, ordered by time:
 * client syscalls | packets on the wire | server syscalls, with the socket states as they
 * change. Everything here is pure (text in, objects out), so that it can be tested on its own.
 *
 * Attribution of a packet to a syscall comes from the recorded times, never from its kind:
 * the packet's sender is the side whose port it comes from (the server's port is known), and
 * its cause is the sender's socket call whose interval [entry, entry + duration] (strace's
 * -ttt and -T) holds the packet's kernel timestamp. A packet no call of its sender holds (the
 * SYN-ACK, sent while the server waits in accept; a pure ACK) is the kernel's.
 */
import { parseLine, splitTopLevel } from '../trace/parse';
import { SOCKET_FD_CALLS } from '../trace/syscalls';

export type Side = 'client' | 'server';

export interface CallEvent {
  kind: 'call';
  /** Seconds since the epoch, at the syscall's entry (strace -ttt). */
  t: number;
  /** At its return (entry + strace -T), or undefined when it never returned (still blocked). */
  end: number | undefined;
  side: Side;
  pid: number;
  name: string;
  /** The socket's fd (first argument), or the new fd for socket(). */
  fd: number | undefined;
  /** The call as strace printed it (merged when strace split it). */
  text: string;
  ret: string | undefined;
  errno: string | undefined;
}

export interface PacketEvent {
  kind: 'packet';
  t: number;
  proto: 'tcp' | 'udp';
  from: Side;
  src: string;
  dst: string;
  /** tcpdump's flags ("S", "S.", ".", "P.", "F.") or "" for UDP. */
  flags: string;
  seq: number | undefined;
  ack: number | undefined;
  /** Bytes of payload (the application's data, NULs included). */
  length: number;
  /** The payload, in hex. */
  payload: string;
  /** The capture's first line and l4 line, as printed. */
  text: string;
  /** The syscall (an index into the timeline's events) that sent it, or undefined: the kernel's. */
  cause: number | undefined;
  causeName: string | undefined;
  /** Seconds between the cause's return and the packet's stamp, when after it (else 0). */
  afterReturn?: number;
  /** Its number in the capture (and in the --pcap file, as Wireshark shows it), from 1. */
  number?: number;
}

export interface StateEvent {
  kind: 'state';
  t: number;
  side: Side;
  /**
   * The socket whose state changed, named by its addresses as sockstat prints them:
   * "127.0.0.1:3000 ↔ 127.0.0.1:45024", or "0.0.0.0:3000" for one with no peer (listening,
   * unconnected UDP); "#2" after it when a socket of the same addresses came before it.
   */
  socket: string;
  /** Its new state, as sockstat names it, or null once it is gone from the table. */
  state: string | null;
  /** The states of all the side's sockets on the scenario's port after this change. */
  states: string[];
}

/** What a process wrote to its stdout or stderr (a write(2) on fd 1 or 2), at that write. */
export interface OutputEvent {
  kind: 'output';
  t: number;
  side: Side;
  pid: number;
  stream: 'stdout' | 'stderr';
  /** The bytes written, decoded as UTF-8 (from strace's escapes; "…" when strace cut them). */
  text: string;
}

/** A process of a side starting (its execve, or its fork) or ending. */
export interface ProcessEvent {
  kind: 'process';
  t: number;
  side: Side;
  pid: number;
  what: 'start' | 'end';
  /** Its command line, program names without their directories. */
  command: string;
  /** At its end: "exit 0", "killed by SIGTERM"; undefined when the trace ends first. */
  status?: string;
}

/** The return of a call that blocked (over a millisecond), shown where it happened. */
export interface ReturnEvent {
  kind: 'return';
  t: number;
  side: Side;
  name: string;
  ret: string | undefined;
  errno: string | undefined;
  /** When the call entered. */
  since: number;
  /** What the call wrote into its arguments (see returnedArgs): the data, the address. */
  data: string;
}

export type LabEvent =
  CallEvent | PacketEvent | StateEvent | ReturnEvent | OutputEvent | ProcessEvent;

/** A call that lasted longer than this (seconds) gets a row of its own for its return. */
export const BLOCKED = 0.001;

/**
 * How long after its sending call's return a packet may be stamped, in seconds. Measured on
 * lo (see the README): the kernel stamps a datagram up to ~0.2 ms after strace saw sendto
 * return; 5 ms leaves room on a busy machine (a delayed softirq), well below the time between
 * a sending call and a packet its kernel sends by itself in the scenarios (over 100 ms).
 */
export const SLACK = 0.005;

/** The socket calls that can put a packet on the wire. */
export const SENDING_CALLS: readonly string[] = [
  'connect',
  'sendto',
  'sendmsg',
  'sendmmsg',
  'send',
  'write',
  'writev',
  'close',
  'shutdown',
];

/** Calls whose first argument is a socket's fd. */
const FD_FIRST = new Set(SOCKET_FD_CALLS);

const LINE = /^(\d+)\s+(\d+\.\d+)\s+(.*)$/;
const DURATION = /\s+<(\d+\.\d+)>$/;

/**
 * The sleeps, traced by the lab beside the socket calls: shown as the calls they are. C's
 * sleep(3) is clock_nanosleep; the TS port's (bsd-sockets/libc, Atomics.wait) is a futex
 * wait with a timeout on the main thread, kept when it lasted FUTEX_SLEEP or more (Node's
 * threads' futexes, and the main thread's short waits for them, are left out).
 */
export const SLEEP_CALLS: readonly string[] = ['clock_nanosleep', 'nanosleep', 'futex'];

/** A futex wait of the main thread this long (seconds) or longer is a sleep. */
export const FUTEX_SLEEP = 0.05;

/** Calls that write to fd 1 or 2: the output lane. */
const OUTPUT_CALLS = new Set(['write', 'writev']);

/**
 * Decodes a C string as strace prints it ("a re\303\247u\n", its escapes \n \t \" \\ \ooo
 * \xNN) into its bytes, then as UTF-8. A string strace cut (-s) ends with "...": "…".
 */
export function straceString(quoted: string): string {
  const m = /^"((?:[^"\\]|\\.)*)"(\.\.\.)?/.exec(quoted.trim());
  if (!m) return '';
  const bytes: number[] = [];
  const simple: Record<string, number> = { n: 10, t: 9, r: 13, v: 11, f: 12, a: 7, b: 8, e: 27 };
  const body = m[1];
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') {
      bytes.push(...Buffer.from(c, 'utf8'));
      continue;
    }
    const n = body[++i];
    if (n in simple) bytes.push(simple[n]);
    else if (n === 'x') {
      bytes.push(parseInt(body.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (/[0-7]/.test(n)) {
      const oct = /^[0-7]{1,3}/.exec(body.slice(i))![0];
      bytes.push(parseInt(oct, 8));
      i += oct.length - 1;
    } else bytes.push(n.charCodeAt(0));
  }
  return Buffer.from(bytes).toString('utf8') + (m[2] ? '…' : '');
}

/** A command line as a lane labels it: each word without its directory. */
export function commandLabel(argv: readonly string[]): string {
  return argv.map((a) => (a.startsWith('/') ? a.slice(a.lastIndexOf('/') + 1) : a)).join(' ');
}

/** One process's trace, parsed: its socket calls and sleeps, its output, its start and end. */
export interface ParsedTrace {
  calls: CallEvent[];
  outputs: OutputEvent[];
  processes: ProcessEvent[];
}

/**
 * The socket calls of one `strace -f -ttt -T -o FILE` trace: only those on IPv4/IPv6
 * sockets (AF_INET, AF_INET6: the resolver's AF_UNIX or netlink sockets and every other fd
 * left out), each with its entry and return time. A call strace split (`<unfinished ...>`)
 * is merged with its `resumed` half; one never resumed is kept, its end undefined.
 */
export function parseTimedTrace(text: string, side: Side): CallEvent[] {
  return parseSideTrace(text, side).calls;
}

/**
 * All the lab shows of one trace: the socket calls (see parseTimedTrace), the sleeps of its
 * processes (clock_nanosleep, nanosleep: `sleep(10)`), what they wrote on fd 1 and 2, and
 * each process (not thread: a clone with CLONE_THREAD is one) with its start (execve, or
 * the fork that made it) and end (`+++ exited with 0 +++`, `+++ killed by SIGTERM +++`).
 */
export function parseSideTrace(text: string, side: Side): ParsedTrace {
  const calls: CallEvent[] = [];
  const outputs: OutputEvent[] = [];
  const processes: ProcessEvent[] = [];
  const pending = new Map<string, { t: number; head: string }>();
  const sockets = new Map<number, Set<number>>();
  const threads = new Set<number>();
  const commands = new Map<number, string>();
  const started = new Set<number>();
  /** A process's sockets: a forked child starts with its parent's. */
  const socketsOf = (pid: number): Set<number> => {
    let set = sockets.get(pid);
    if (!set) sockets.set(pid, (set = new Set()));
    return set;
  };
  const owner = new Map<number, number>(); // thread → its process
  const outFds = new Map<number, Map<number, 'stdout' | 'stderr'>>();
  const processOf = (pid: number): number => owner.get(pid) ?? pid;
  const start = (pid: number, t: number, command: string): void => {
    if (threads.has(pid) || started.has(pid)) return;
    started.add(pid);
    commands.set(pid, command);
    processes.push({ kind: 'process', t, side, pid, what: 'start', command });
  };
  const add = (pid: number, t: number, body: string, duration: number | undefined): void => {
    const parsed = parseLine(`${pid} ${body}`);
    if (parsed.kind === 'exit') {
      if (threads.has(pid)) return;
      processes.push({
        kind: 'process',
        t,
        side,
        pid,
        what: 'end',
        command: commands.get(pid) ?? '',
        status: parsed.signal ? `killed by ${parsed.signal}` : `exit ${parsed.code}`,
      });
      return;
    }
    if (parsed.kind !== 'call') return;
    const { name, argsText, result } = parsed;
    const first = argsText.split(',')[0].trim();
    const m = /^(-?\d+|\?)(?: (E\w+))?/.exec(result.trim());
    const ret = m?.[1];
    const errno = m?.[2];
    const proc = processOf(pid);
    if (name === 'execve' && ret === '0') {
      const argv = /^"[^"]*", \[(.*?)\](?:, |$)/.exec(argsText);
      const words = argv ? splitTopLevel(argv[1]).map((a) => straceString(a)) : [];
      if (!started.has(pid)) start(pid, t, commandLabel(words));
      else commands.set(pid, commandLabel(words));
      return;
    }
    if (['clone', 'clone3', 'fork', 'vfork'].includes(name)) {
      if (ret === undefined || !/^\d+$/.test(ret)) return;
      const child = Number(ret);
      if (!threads.has(child)) {
        sockets.set(child, new Set(socketsOf(proc)));
        start(child, t + (duration ?? 0), `${commands.get(proc) ?? ''} (fork of ${proc})`);
      }
      return;
    }
    if (!started.has(proc)) start(proc, t, '');
    const mine = socketsOf(proc);
    // stdout and stderr, and their copies: perror(3) writes on a dup(2) of its own.
    let outs = outFds.get(proc);
    if (!outs)
      outFds.set(
        proc,
        (outs = new Map([
          [1, 'stdout' as const],
          [2, 'stderr' as const],
        ])),
      );
    const copied = /^\d+$/.test(first) ? outs.get(Number(first)) : undefined;
    if (ret !== undefined && /^\d+$/.test(ret) && copied) {
      if (name === 'dup' || (name === 'fcntl' && /F_DUPFD/.test(argsText)))
        outs.set(Number(ret), copied);
    }
    if (name === 'dup2' || name === 'dup3') {
      const target = Number(splitTopLevel(argsText)[1]);
      if (ret === String(target)) {
        if (copied) outs.set(target, copied);
        else outs.delete(target);
      }
    }
    if (name === 'close' && Number(first) > 2) outs.delete(Number(first));
    const stream = /^\d+$/.test(first) ? outs.get(Number(first)) : undefined;
    if (OUTPUT_CALLS.has(name) && stream && ret !== '-1') {
      const args = splitTopLevel(argsText);
      const data =
        name === 'write'
          ? straceString(args[1] ?? '')
          : [...(args[1] ?? '').matchAll(/iov_base=("(?:[^"\\]|\\.)*"(?:\.\.\.)?)/g)]
              .map((x) => straceString(x[1]))
              .join('');
      if (!mine.has(Number(first))) {
        outputs.push({
          kind: 'output',
          t,
          side,
          pid,
          stream,
          text: data,
        });
        return;
      }
    }
    let fd: number | undefined;
    if (SLEEP_CALLS.includes(name)) {
      if (threads.has(pid)) return; // node's own threads' waits are not the program's
      if (
        name === 'futex' &&
        !(
          /FUTEX_WAIT/.test(argsText) &&
          /\{tv_sec=/.test(argsText) &&
          (duration === undefined || duration >= FUTEX_SLEEP)
        )
      )
        return;
    } else if (name === 'socket') {
      if (!/^AF_INET6?\b/.test(first) || ret === undefined || ret === '-1') return;
      fd = Number(ret);
      mine.add(fd);
    } else if (FD_FIRST.has(name) && /^\d+$/.test(first) && mine.has(Number(first))) {
      fd = Number(first);
      if (name === 'close') mine.delete(fd);
      if ((name === 'accept' || name === 'accept4') && ret !== undefined && /^\d+$/.test(ret))
        mine.add(Number(ret));
    } else {
      return;
    }
    calls.push({
      kind: 'call',
      t,
      end: duration === undefined ? undefined : t + duration,
      side,
      pid,
      name,
      fd,
      text: `${name}(${argsText}) = ${result.trim()}`,
      ret,
      errno,
    });
  };
  // The calls merged (split ones at their entry), then taken in order of entry: a child's
  // lines may come before the clone that made it has returned in its parent.
  const entries: { pid: number; t: number; body: string; duration: number | undefined }[] = [];
  for (const raw of text.split('\n')) {
    const line = LINE.exec(raw.trimEnd());
    if (!line) continue;
    const pid = Number(line[1]);
    const t = Number(line[2]);
    let body = line[3];
    const dm = DURATION.exec(body);
    const duration = dm ? Number(dm[1]) : undefined;
    if (dm) body = body.slice(0, dm.index);
    const unfinished = /^(\w+)\((.*) <unfinished \.\.\.>$/.exec(body);
    if (unfinished) {
      pending.set(`${pid} ${unfinished[1]}`, { t, head: `${unfinished[1]}(${unfinished[2]}` });
      continue;
    }
    const resumed = /^<\.\.\. (\w+) resumed>(.*)$/.exec(body);
    if (resumed) {
      const key = `${pid} ${resumed[1]}`;
      const begun = pending.get(key);
      pending.delete(key);
      if (!begun) continue;
      entries.push({
        pid,
        t: begun.t,
        body: `${begun.head}${resumed[2]}`,
        duration: duration ?? t - begun.t,
      });
      continue;
    }
    entries.push({ pid, t, body, duration });
  }
  // Calls still blocked when the process was stopped (the server's accept, recvfrom).
  for (const [key, begun] of pending) {
    const pid = Number(key.split(' ')[0]);
    entries.push({ pid, t: begun.t, body: `${begun.head}) = ?`, duration: undefined });
  }
  for (const e of entries) {
    const clone = /^clone3?\((.*)\)\s+=\s+(\d+)$/.exec(e.body);
    if (clone && /CLONE_THREAD/.test(clone[1])) {
      threads.add(Number(clone[2]));
      owner.set(Number(clone[2]), e.pid);
    }
  }
  entries.sort((a, b) => a.t - b.t);
  for (const e of entries) add(e.pid, e.t, e.body, e.duration);
  calls.sort((a, b) => a.t - b.t);
  outputs.sort((a, b) => a.t - b.t);
  processes.sort((a, b) => a.t - b.t);
  return { calls, outputs, processes };
}

/**
 * The packets that `capture -X` printed (run with TZ=UTC: its timestamps are HH:MM:SS.uuuuuu
 * of the day), dated from `dayHint` (seconds since the epoch, the run's start).
 * `serverPort` tells who sent each one.
 */
export function parseCapture(
  text: string,
  serverPort: number | readonly number[],
  dayHint: number,
): PacketEvent[] {
  const serverPorts = typeof serverPort === 'number' ? [serverPort] : serverPort;
  const packets: PacketEvent[] = [];
  const day = Math.floor(dayHint / 86400) * 86400;
  let current: (PacketEvent & { bytes: string; total: number }) | undefined;
  const finish = (): void => {
    if (!current) return;
    const { bytes, ...packet } = current;
    packet.payload = packet.length > 0 ? bytes.slice(bytes.length - 2 * packet.length) : '';
    packets.push(packet);
    current = undefined;
  };
  let head: { t: number; text: string; total: number } | undefined;
  for (const line of text.split('\n')) {
    const first = /^(\d\d):(\d\d):(\d\d\.\d{6}) (IP6?) .*?length (\d+)/.exec(line);
    if (first) {
      finish();
      let t = day + Number(first[1]) * 3600 + Number(first[2]) * 60 + Number(first[3]);
      if (t < dayHint - 43200) t += 86400;
      const total = first[4] === 'IP6' ? 40 + Number(first[5]) : Number(first[5]);
      head = { t, text: line, total };
      continue;
    }
    const l4 =
      /^ {4}(\S+)\.(\d+) > (\S+)\.(\d+): (?:Flags \[([^\]]+)\].*?, seq (\d+)(?:, ack (\d+))?, win \d+, length (\d+)|UDP, length (\d+))/.exec(
        line,
      );
    if (l4 && head) {
      current = {
        kind: 'packet',
        t: head.t,
        proto: l4[5] === undefined ? 'udp' : 'tcp',
        from: serverPorts.includes(Number(l4[2])) ? 'server' : 'client',
        src: `${l4[1]}.${l4[2]}`,
        dst: `${l4[3]}.${l4[4]}`,
        flags: l4[5] ?? '',
        seq: l4[6] === undefined ? undefined : Number(l4[6]),
        ack: l4[7] === undefined ? undefined : Number(l4[7]),
        length: Number(l4[8] ?? l4[9]),
        payload: '',
        text: `${head.text}\n${line}`,
        cause: undefined,
        causeName: undefined,
        bytes: '',
        total: head.total,
      };
      head = undefined;
      continue;
    }
    const dump = /^\t0x[0-9a-f]{4}: {2}(.{39})/.exec(line);
    if (dump && current) current.bytes += dump[1].replace(/ /g, '');
  }
  finish();
  return packets;
}

export interface Snapshot {
  /** When sockstat ended (its dump is read near its end). */
  t: number;
  text: string;
}

/**
 * The states of each side's sockets on `port` in a `sockstat -tuan` snapshot: the server's
 * are those bound to the port, the client's those whose peer is the port.
 */
export function snapshotStates(
  text: string,
  port: number | readonly number[],
): Record<Side, string[]> {
  const ports = (typeof port === 'number' ? [port] : port).map((p) => `:${p}`);
  const states: Record<Side, string[]> = { client: [], server: [] };
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 6) continue;
    if (ports.some((p) => f[4].endsWith(p))) states.server.push(f[1]);
    else if (ports.some((p) => f[5].endsWith(p))) states.client.push(f[1]);
  }
  for (const side of ['client', 'server'] as const) states[side].sort();
  return states;
}

/**
 * Each side's sockets on `port` in a `sockstat -tuan` snapshot, by name (see
 * StateEvent.socket, without the "#2"), with their states.
 */
export function snapshotSockets(
  text: string,
  port: number | readonly number[],
  clientPorts: readonly number[] = [],
): Record<Side, Map<string, string>> {
  const ports = (typeof port === 'number' ? [port] : port).map((p) => `:${p}`);
  const mine = clientPorts.map((p) => `:${p}`);
  const out: Record<Side, Map<string, string>> = { client: new Map(), server: new Map() };
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 6) continue;
    const side = ports.some((p) => f[4].endsWith(p))
      ? 'server'
      : ports.some((p) => f[5].endsWith(p)) || mine.some((p) => f[4].endsWith(p))
        ? 'client'
        : undefined;
    if (!side) continue;
    const name = f[5].endsWith(':*') ? `${f[0]} ${f[4]}` : `${f[0]} ${f[4]} ↔ ${f[5]}`;
    out[side].set(name, f[1]);
  }
  return out;
}

/**
 * The client's local ports, from the packets it sent: its unconnected UDP socket has no peer
 * in sockstat's table, only this port.
 */
export function clientPorts(packets: readonly PacketEvent[]): number[] {
  return [
    ...new Set(
      packets.filter((p) => p.from === 'client').map((p) => Number(p.src.split('.').pop())),
    ),
  ];
}

/**
 * The state changes of each socket, from the snapshots in time order: one event when a
 * socket appears, when its state changes and when it is gone. A socket gone then seen again
 * under the same addresses (nc -l started again) is another socket: "#2" after its name.
 */
export function stateChanges(
  snapshots: readonly Snapshot[],
  port: number | readonly number[],
  clientPorts: readonly number[] = [],
): StateEvent[] {
  const events: StateEvent[] = [];
  const live: Record<Side, Map<string, { track: string; state: string }>> = {
    client: new Map(),
    server: new Map(),
  };
  const seen = new Map<string, number>();
  for (const snap of [...snapshots].sort((a, b) => a.t - b.t)) {
    const now = snapshotSockets(snap.text, port, clientPorts);
    for (const side of ['client', 'server'] as const) {
      const states = [...now[side].values()].sort();
      const changes: { track: string; state: string | null }[] = [];
      for (const [name, { track }] of live[side])
        if (!now[side].has(name)) {
          live[side].delete(name);
          changes.push({ track, state: null });
        }
      for (const [name, state] of [...now[side]].sort(([a], [b]) => (a < b ? -1 : 1))) {
        const known = live[side].get(name);
        if (known?.state === state) continue;
        let track = known?.track;
        if (!track) {
          const n = (seen.get(`${side} ${name}`) ?? 0) + 1;
          seen.set(`${side} ${name}`, n);
          track = n > 1 ? `${name} #${n}` : name;
        }
        live[side].set(name, { track, state });
        changes.push({ track, state });
      }
      for (const c of changes)
        events.push({ kind: 'state', t: snap.t, side, socket: c.track, state: c.state, states });
    }
  }
  return events;
}

/** Pure ACK: no SYN, no FIN, no RST, no data. */
export function pureAck(p: PacketEvent): boolean {
  return p.proto === 'tcp' && p.length === 0 && !/[SFR]/.test(p.flags);
}

/**
 * The arguments a call fills in (0-based), unknown while it is blocked: recvfrom's buffer,
 * source address and its length, accept's address, clock_nanosleep's remainder.
 */
export const OUTPUT_ARGS: Readonly<Record<string, readonly number[]>> = {
  recvfrom: [1, 4, 5],
  read: [1],
  readv: [1],
  recvmsg: [1],
  recvmmsg: [1],
  accept: [1, 2],
  accept4: [1, 2],
  getsockopt: [3, 4],
  clock_nanosleep: [3],
  nanosleep: [1],
};

function callParts(e: CallEvent): { args: string[]; result: string } {
  const open = e.text.indexOf('(');
  const close = e.text.lastIndexOf(') = ');
  return {
    args: splitTopLevel(e.text.slice(open + 1, close)),
    result: e.text.slice(close + 4),
  };
}

/** A call as known at its entry: the arguments it fills in as "…", no result. */
export function enteredText(e: CallEvent): string {
  const { args } = callParts(e);
  const outs = OUTPUT_ARGS[e.name] ?? [];
  return `${e.name}(${args.map((a, i) => (outs.includes(i) ? '…' : a)).join(', ')})`;
}

/** What a call filled in, as strace printed it ("\"# 1=000\\0\", {…}, [16]"), or "". */
export function returnedArgs(e: CallEvent): string {
  const { args } = callParts(e);
  return (OUTPUT_ARGS[e.name] ?? [])
    .filter((i) => i < args.length && args[i] !== 'NULL' && !/^0x[0-9a-f]+$/.test(args[i]))
    .map((i) => args[i])
    .join(', ');
}

/**
 * One timeline: the calls of both sides, the packets and the state changes, by time. Each
 * packet's cause is set from the times (see the file's comment).
 */
export function mergeTimeline(
  calls: readonly CallEvent[],
  packets: readonly PacketEvent[],
  states: readonly StateEvent[],
  others: readonly (OutputEvent | ProcessEvent)[] = [],
): LabEvent[] {
  const returns: ReturnEvent[] = calls
    .filter((c) => c.end !== undefined && c.end - c.t > BLOCKED)
    .map((c) => ({
      kind: 'return',
      t: c.end!,
      side: c.side,
      name: c.name,
      ret: c.ret,
      errno: c.errno,
      since: c.t,
      data: returnedArgs(c),
    }));
  const events: LabEvent[] = [
    ...calls,
    ...returns,
    ...packets.map((p) => ({ ...p })),
    ...states,
    ...others,
  ];
  // Stable by time; at the same microsecond, a call before its packet before a state.
  const rank = { process: 0, call: 1, packet: 2, return: 3, output: 4, state: 5 };
  events.sort((a, b) => a.t - b.t || rank[a.kind] - rank[b.kind]);
  events.forEach((e) => {
    if (e.kind !== 'packet') return;
    // The sender's last sending call entered before the packet and not returned SLACK before it.
    let index = -1;
    events.forEach((c, i) => {
      if (
        c.kind === 'call' &&
        c.side === e.from &&
        SENDING_CALLS.includes(c.name) &&
        c.t <= e.t &&
        (c.end === undefined || e.t <= c.end + SLACK)
      )
        index = i;
    });
    if (index >= 0 && !(pureAck(e) && (events[index] as CallEvent).name !== 'connect')) {
      const cause = events[index] as CallEvent;
      e.cause = index;
      e.causeName = cause.name;
      e.afterReturn = cause.end === undefined ? undefined : Math.max(0, e.t - cause.end);
    }
  });
  return events;
}

export interface Summary {
  packets: number;
  /** Packets by TCP flags (or "UDP"), in order of first appearance. */
  kinds: Record<string, number>;
  /** The side whose FIN came first, or undefined (UDP; no FIN seen). */
  firstFin: Side | undefined;
  /** Each side's states, in order of first appearance. */
  states: Record<Side, string[]>;
  /**
   * Each side's sockets on the scenario's port, in the order they appeared (then by name),
   * each with its states in time order, "closed" once gone from the table.
   */
  sockets: Record<Side, { socket: string; states: string[] }[]>;
  /** Payload bytes each side put on the wire (NULs included). */
  bytes: Record<Side, number>;
  /** Each packet's payload, as text with \0 for NUL. */
  payloads: { from: Side; text: string; length: number }[];
  /** Packets and their cause, "client S ← connect" … */
  causes: string[];
  /** The calls that failed, "server bind = -1 EADDRINUSE". */
  errors: string[];
}

/** What the lab's questions ask, computed from the timeline. */
export function summarize(events: readonly LabEvent[]): Summary {
  const packets = events.filter((e): e is PacketEvent => e.kind === 'packet');
  const kinds: Record<string, number> = {};
  for (const p of packets) {
    const k = p.proto === 'udp' ? 'UDP' : p.flags;
    kinds[k] = (kinds[k] ?? 0) + 1;
  }
  const states: Record<Side, string[]> = { client: [], server: [] };
  for (const e of events) {
    if (e.kind !== 'state') continue;
    for (const s of e.states) if (!states[e.side].includes(s)) states[e.side].push(s);
  }
  const sockets: Summary['sockets'] = { client: [], server: [] };
  for (const e of events) {
    if (e.kind !== 'state') continue;
    let track = sockets[e.side].find((x) => x.socket === e.socket);
    if (!track) sockets[e.side].push((track = { socket: e.socket, states: [] }));
    track.states.push(e.state ?? 'closed');
  }
  const bytes: Record<Side, number> = { client: 0, server: 0 };
  for (const p of packets) bytes[p.from] += p.length;
  return {
    sockets,
    packets: packets.length,
    kinds,
    firstFin: packets.find((p) => p.flags.includes('F'))?.from,
    states,
    bytes,
    payloads: packets
      .filter((p) => p.length > 0)
      .map((p) => ({ from: p.from, text: payloadText(p.payload), length: p.length })),
    errors: events.flatMap((e) =>
      e.kind === 'call' && e.ret === '-1'
        ? [`${e.side} ${e.name} = -1 ${e.errno ?? ''}`.trimEnd()]
        : [],
    ),
    causes: packets.map(
      (p) => `${p.from} ${p.proto === 'udp' ? 'UDP' : p.flags} ← ${p.causeName ?? 'kernel'}`,
    ),
  };
}

/** A payload's bytes as text: printable ASCII as is, \0 \n, others \xNN. */
export function payloadText(hex: string): string {
  let out = '';
  for (let i = 0; i + 1 < hex.length; i += 2) {
    const c = parseInt(hex.slice(i, i + 2), 16);
    if (c === 0) out += '\\0';
    else if (c === 10) out += '\\n';
    else if (c >= 0x20 && c < 0x7f) out += String.fromCharCode(c);
    else out += `\\x${hex.slice(i, i + 2)}`;
  }
  return out;
}

/** A call without its fds, pids, times: its name and its return (an fd as "fd"). */
function callShape(e: CallEvent): string {
  let ret = e.ret === undefined || e.ret === '?' ? '?' : e.ret;
  if (ret === '-1') ret = `-1 ${e.errno}`;
  else if ((e.name === 'socket' || e.name.startsWith('accept')) && /^\d+$/.test(ret)) ret = 'fd';
  return `${e.name} = ${ret}`;
}

/**
 * The timeline without what differs from run to run (times, pids, fds, ports, sequence
 * numbers): what C, TS and mixed runs of a scenario must share. Each lane on its own (how
 * the two processes interleave depends on the scheduler), pure ACKs left out (the kernel
 * may piggy-back one on the next segment, or not, depending on timing).
 */
export function shape(events: readonly LabEvent[]): Record<Side | 'packets', string[]> {
  const out: Record<Side | 'packets', string[]> = { client: [], server: [], packets: [] };
  for (const e of events) {
    // Sleeps left out: C's is clock_nanosleep, the TS port's a futex (see SLEEP_CALLS).
    if (e.kind === 'call' && !SLEEP_CALLS.includes(e.name)) out[e.side].push(callShape(e));
    else if (e.kind === 'packet' && !pureAck(e))
      out.packets.push(
        `${e.from} ${e.proto === 'udp' ? 'UDP' : e.flags} "${payloadText(e.payload)}" <- ${e.causeName ?? 'kernel'}`,
      );
  }
  return out;
}
