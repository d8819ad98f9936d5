/**
 * bsd-sockets-lab's parsing and merging (tools/lab/timeline.ts) on recorded text: strace
 * -f -ttt -T lines (split calls merged, a call never returned kept), capture -X output (the
 * payload from the dump), sockstat snapshots, and the attribution of each packet from the
 * times. No process is run: these run everywhere, root or not.
 */
import { describe, expect, it } from 'vitest';

import { renderHtml, renderText, type LabView } from '../../tools/lab/render';
import {
  mergeTimeline,
  parseCapture,
  parseTimedTrace,
  snapshotStates,
  stateChanges,
  summarize,
  type PacketEvent,
} from '../../tools/lab/timeline';

// Recorded on lo (udp_ipv4, C): the datagram is stamped 137 µs after strace saw sendto return.
const CLIENT = `31310 1795980400.029000 close(4)        = 0 <0.000010>
31310 1795980400.029380 socket(AF_INET, SOCK_DGRAM, IPPROTO_IP) = 3 <0.000080>
31310 1795980400.029900 socket(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC|SOCK_NONBLOCK, 0) = 4 <0.000020>
31310 1795980400.030000 connect(4, {sa_family=AF_UNIX, sun_path="/var/run/nscd/socket"}, 110) = -1 ENOENT (No such file or directory) <0.000020>
31310 1795980400.030100 close(4)        = 0 <0.000010>
31310 1795980400.031179 sendto(3, "Hello\\0", 6, 0, {sa_family=AF_INET, sin_port=htons(3000), sin_addr=inet_addr("127.0.0.1")}, 16) = 6 <0.000160>
31310 1795980400.032350 recvfrom(3, "HELLO\\0", 1023, 0, {sa_family=AF_INET, sin_port=htons(3000), sin_addr=inet_addr("127.0.0.1")}, [16]) = 6 <0.000018>
31310 1795980400.032500 +++ exited with 0 +++
`;
const SERVER = `31305 1795980399.957063 socket(AF_INET, SOCK_DGRAM, IPPROTO_IP) = 3 <0.000076>
31305 1795980399.957245 bind(3, {sa_family=AF_INET, sin_port=htons(3000), sin_addr=inet_addr("0.0.0.0")}, 16) = 0 <0.000123>
31305 1795980399.957508 recvfrom(3,  <unfinished ...>
31300 1795980399.990000 write(1, "x", 1) = 1 <0.000010>
31305 1795980400.031600 <... recvfrom resumed>"Hello\\0", 1023, 0, {sa_family=AF_INET, sin_port=htons(34792), sin_addr=inet_addr("127.0.0.1")}, [16]) = 6 <0.074092>
31305 1795980400.032095 sendto(3, "HELLO\\0", 6, 0, {sa_family=AF_INET, sin_port=htons(34792), sin_addr=inet_addr("127.0.0.1")}, 16) = 6 <0.000098>
31305 1795980400.032447 recvfrom(3,  <unfinished ...>
31305 1795980400.276254 +++ killed by SIGTERM +++
`;
const CAPTURE = `19:26:40.031476 IP (tos 0x0, ttl 64, id 1, offset 0, flags [DF], proto UDP (17), length 34, cksum 0x3cc4 (correct))
    127.0.0.1.34792 > 127.0.0.1.3000: UDP, length 6, cksum 0xfe21 (not computed yet: offload)
\t0x0000:  4500 0022 0001 4000 4011 3cc4 7f00 0001  E.."..@.@.<.....
\t0x0010:  7f00 0001 87e8 0bb8 000e fe21 4865 6c6c  ...........!Hell
\t0x0020:  6f00                                     o.
19:26:40.032162 IP (tos 0x0, ttl 64, id 2, offset 0, flags [DF], proto UDP (17), length 34, cksum 0x3cc3 (correct))
    127.0.0.1.3000 > 127.0.0.1.34792: UDP, length 6, cksum 0xfe21 (not computed yet: offload)
\t0x0000:  4500 0022 0002 4000 4011 3cc3 7f00 0001  E.."..@.@.<.....
\t0x0010:  7f00 0001 0bb8 87e8 000e fe21 4845 4c4c  ...........!HELL
\t0x0020:  4f00                                     O.
`;
const START = 1795980399.9;

describe('bsd-sockets-lab timeline', () => {
  it('keeps the calls on AF_INET sockets only, merges split calls, keeps one never returned', () => {
    const client = parseTimedTrace(CLIENT, 'client');
    expect(client.map((c) => c.name)).toEqual(['socket', 'sendto', 'recvfrom']);
    const server = parseTimedTrace(SERVER, 'server');
    expect(server.map((c) => [c.name, c.ret])).toEqual([
      ['socket', '3'],
      ['bind', '0'],
      ['recvfrom', '6'],
      ['sendto', '6'],
      ['recvfrom', '?'],
    ]);
    expect(server[2].t).toBe(1795980399.957508);
    expect(server[2].end).toBeCloseTo(1795980400.0316, 6);
    expect(server[2].text).toContain('"Hello\\0", 1023');
    expect(server[4].end).toBeUndefined();
  });

  it('reads the packets, their sender and their payload (NUL included) from capture -X', () => {
    const packets = parseCapture(CAPTURE, 3000, START);
    expect(packets.map((p) => [p.from, p.proto, p.length, p.payload])).toEqual([
      ['client', 'udp', 6, '48656c6c6f00'],
      ['server', 'udp', 6, '48454c4c4f00'],
    ]);
    expect(packets[0].t).toBeCloseTo(1795980400.031476, 6);
  });

  it('attributes each datagram to its sendto from the times, a packet stamped after the return included', () => {
    const events = mergeTimeline(
      [...parseTimedTrace(CLIENT, 'client'), ...parseTimedTrace(SERVER, 'server')],
      parseCapture(CAPTURE, 3000, START),
      [],
    );
    const packets = events.filter((e): e is PacketEvent => e.kind === 'packet');
    expect(packets.map((p) => [p.from, p.causeName])).toEqual([
      ['client', 'sendto'],
      ['server', 'sendto'],
    ]);
    expect(packets[0].afterReturn).toBeCloseTo(0.000137, 6);
    // The server's recvfrom, blocked 74 ms, gets a row for its return, after the datagram.
    const order = events.map((e) => `${e.kind} ${'side' in e ? e.side : e.from}`);
    expect(order.indexOf('return server')).toBeGreaterThan(order.indexOf('packet client'));
    const summary = summarize(events);
    expect(summary.payloads).toEqual([
      { from: 'client', text: 'Hello\\0', length: 6 },
      { from: 'server', text: 'HELLO\\0', length: 6 },
    ]);
    expect(summary.bytes).toEqual({ client: 6, server: 6 });
    const view = {
      scenario: 'udp_ipv4',
      answers: '',
      mode: 'c',
      port: 3000,
      events,
      summary,
      notes: [],
    };
    expect(renderText(view)).toContain('UDP 6 "Hello\\0" ← sendto →');
    const page = renderHtml(view);
    expect(page).not.toMatch(/https?:/);
    expect(page.match(/<g class="packet"/g)).toHaveLength(2);
  });

  it('a call the process was killed in is shown as never returned, not as "= ?"', () => {
    const killed = {
      kind: 'return' as const,
      t: START + 2,
      side: 'server' as const,
      name: 'accept',
      ret: '?',
      errno: 'ERESTARTSYS',
      since: START + 1.8485,
    };
    const events = [killed];
    const view: LabView = {
      scenario: 'tp_tcp',
      answers: '',
      mode: 'c',
      port: 3000,
      events,
      summary: summarize(events),
      notes: [],
    };
    const text = renderText(view);
    expect(text).toContain('↳ accept: never returned, killed in it (after 151.5 ms)');
    expect(text).not.toContain('= ?');
    const page = renderHtml(view);
    expect(page).toContain('↳ accept: never returned, killed in it (after 151.5 ms)');
  });

  it('a packet no sending call of its sender holds is the kernel’s; a pure ACK is never a write’s', () => {
    const packet = (t: number, flags: string, from: 'client' | 'server'): PacketEvent => ({
      kind: 'packet',
      t,
      proto: 'tcp',
      from,
      src: '',
      dst: '',
      flags,
      seq: 0,
      ack: 0,
      length: 0,
      payload: '',
      text: '',
      cause: undefined,
      causeName: undefined,
    });
    const call = (t: number, end: number, side: 'client' | 'server', name: string) => ({
      kind: 'call' as const,
      t,
      end,
      side,
      pid: 1,
      name,
      fd: 3,
      text: `${name}(3) = 0`,
      ret: '0',
      errno: undefined,
    });
    const events = mergeTimeline(
      [
        call(1, 1.01, 'client', 'connect'),
        call(0.5, 2, 'server', 'accept'),
        call(3, 3.001, 'client', 'write'),
      ],
      [
        packet(1.001, 'S', 'client'),
        packet(1.002, 'S.', 'server'),
        packet(1.003, '.', 'client'),
        packet(3.0005, '.', 'client'),
      ],
      [],
    );
    const packets = events.filter((e): e is PacketEvent => e.kind === 'packet');
    expect(packets.map((p) => p.causeName)).toEqual(['connect', undefined, 'connect', undefined]);
  });

  it('reads the states of each side from sockstat, and keeps their changes', () => {
    const header =
      'Netid State      Recv-Q Send-Q Local Address:Port             Peer Address:Port\n';
    const a = `${header}tcp   LISTEN     0      5      0.0.0.0:3000                   0.0.0.0:*\n`;
    const b = `${a}tcp   ESTAB      0      0      127.0.0.1:3000                 127.0.0.1:40000\ntcp   ESTAB      0      0      127.0.0.1:40000                127.0.0.1:3000\n`;
    const c = `${a}tcp   TIME-WAIT  0      0      127.0.0.1:40000                127.0.0.1:3000\n`;
    expect(snapshotStates(b, 3000)).toEqual({ client: ['ESTAB'], server: ['ESTAB', 'LISTEN'] });
    const changes = stateChanges(
      [
        { t: 1, text: a },
        { t: 2, text: a },
        { t: 3, text: b },
        { t: 4, text: c },
      ],
      3000,
    );
    expect(changes.map((e) => [e.t, e.side, e.states.join(',')])).toEqual([
      [1, 'server', 'LISTEN'],
      [3, 'client', 'ESTAB'],
      [3, 'server', 'ESTAB,LISTEN'],
      [4, 'client', 'TIME-WAIT'],
      [4, 'server', 'LISTEN'],
    ]);
  });
});
