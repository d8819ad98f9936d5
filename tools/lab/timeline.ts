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
import { parseLine } from '../trace/parse';
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
  /** The states of the side's sockets on the scenario's port, as sockstat names them. */
  states: string[];
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
}

export type LabEvent = CallEvent | PacketEvent | StateEvent | ReturnEvent;

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
 * The socket calls of one `strace -f -ttt -T -o FILE` trace: only those on IPv4/IPv6
 * sockets (AF_INET, AF_INET6: the resolver's AF_UNIX or netlink sockets and every other fd
 * left out), each with its entry and return time. A call strace split (`<unfinished ...>`)
 * is merged with its `resumed` half; one never resumed is kept, its end undefined.
 */
export function parseTimedTrace(text: string, side: Side): CallEvent[] {
  const calls: CallEvent[] = [];
  const pending = new Map<string, { t: number; head: string }>();
  const sockets = new Set<number>();
  const add = (pid: number, t: number, body: string, duration: number | undefined): void => {
    const parsed = parseLine(`${pid} ${body}`);
    if (parsed.kind !== 'call') return;
    const { name, argsText, result } = parsed;
    const first = argsText.split(',')[0].trim();
    const m = /^(-?\d+|\?)(?: (E\w+))?/.exec(result.trim());
    const ret = m?.[1];
    const errno = m?.[2];
    let fd: number | undefined;
    if (name === 'socket') {
      if (!/^AF_INET6?\b/.test(first) || ret === undefined || ret === '-1') return;
      fd = Number(ret);
      sockets.add(fd);
    } else if (FD_FIRST.has(name) && /^\d+$/.test(first) && sockets.has(Number(first))) {
      fd = Number(first);
      if (name === 'close') sockets.delete(fd);
      if ((name === 'accept' || name === 'accept4') && ret !== undefined && /^\d+$/.test(ret))
        sockets.add(Number(ret));
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
      const start = pending.get(key);
      pending.delete(key);
      if (!start) continue;
      add(pid, start.t, `${start.head}${resumed[2]}`, duration ?? t - start.t);
      continue;
    }
    add(pid, t, body, duration);
  }
  // Calls still blocked when the process was stopped (the server's accept, recvfrom).
  for (const [key, start] of pending) {
    const pid = Number(key.split(' ')[0]);
    add(pid, start.t, `${start.head}) = ?`, undefined);
  }
  calls.sort((a, b) => a.t - b.t);
  return calls;
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

/** The state changes of each side, from the snapshots in time order. */
export function stateChanges(
  snapshots: readonly Snapshot[],
  port: number | readonly number[],
): StateEvent[] {
  const events: StateEvent[] = [];
  const last: Record<Side, string> = { client: '', server: '' };
  for (const snap of [...snapshots].sort((a, b) => a.t - b.t)) {
    const states = snapshotStates(snap.text, port);
    for (const side of ['client', 'server'] as const) {
      const key = states[side].join(',');
      if (key === last[side]) continue;
      last[side] = key;
      events.push({ kind: 'state', t: snap.t, side, states: states[side] });
    }
  }
  return events;
}

/** Pure ACK: no SYN, no FIN, no RST, no data. */
export function pureAck(p: PacketEvent): boolean {
  return p.proto === 'tcp' && p.length === 0 && !/[SFR]/.test(p.flags);
}

/**
 * One timeline: the calls of both sides, the packets and the state changes, by time. Each
 * packet's cause is set from the times (see the file's comment).
 */
export function mergeTimeline(
  calls: readonly CallEvent[],
  packets: readonly PacketEvent[],
  states: readonly StateEvent[],
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
    }));
  const events: LabEvent[] = [...calls, ...returns, ...packets.map((p) => ({ ...p })), ...states];
  // Stable by time; at the same microsecond, a call before its packet before a state.
  const rank = { call: 0, packet: 1, return: 2, state: 3 };
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
  const bytes: Record<Side, number> = { client: 0, server: 0 };
  for (const p of packets) bytes[p.from] += p.length;
  return {
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
    if (e.kind === 'call') out[e.side].push(callShape(e));
    else if (e.kind === 'packet' && !pureAck(e))
      out.packets.push(
        `${e.from} ${e.proto === 'udp' ? 'UDP' : e.flags} "${payloadText(e.payload)}" <- ${e.causeName ?? 'kernel'}`,
      );
  }
  return out;
}
