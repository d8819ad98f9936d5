/**
 * bsd-sockets-lab's parsing and merging (tools/lab/timeline.ts) on recorded text: strace
 * -f -ttt -T lines (split calls merged, a call never returned kept), capture -X output (the
 * payload from the dump), sockstat snapshots, and the attribution of each packet from the
 * times. No process is run: these run everywhere, root or not.
 */
import { describe, expect, it } from 'vitest';

import { renderHtml, renderSummary, renderText, type LabView } from '../../tools/lab/render';
import {
  enteredText,
  mergeTimeline,
  parseSideTrace,
  straceString,
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
    expect(page.match(/<tr class="packet"/g)).toHaveLength(2);
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
      data: '',
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
    const text = renderText(view, 200);
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
    const d = `${header}tcp   LISTEN     0      5      0.0.0.0:3000                   0.0.0.0:*\n`;
    const changes = stateChanges(
      [
        { t: 1, text: a },
        { t: 2, text: a },
        { t: 3, text: b },
        { t: 4, text: c },
        { t: 5, text: header },
        { t: 6, text: d },
      ],
      3000,
    );
    // One track per socket, named by its addresses; the listener gone and back is another.
    expect(changes.map((e) => [e.t, e.side, e.socket, e.state, e.states.join(',')])).toEqual([
      [1, 'server', 'tcp 0.0.0.0:3000', 'LISTEN', 'LISTEN'],
      [3, 'client', 'tcp 127.0.0.1:40000 ↔ 127.0.0.1:3000', 'ESTAB', 'ESTAB'],
      [3, 'server', 'tcp 127.0.0.1:3000 ↔ 127.0.0.1:40000', 'ESTAB', 'ESTAB,LISTEN'],
      [4, 'client', 'tcp 127.0.0.1:40000 ↔ 127.0.0.1:3000', 'TIME-WAIT', 'TIME-WAIT'],
      [4, 'server', 'tcp 127.0.0.1:3000 ↔ 127.0.0.1:40000', null, 'LISTEN'],
      [5, 'client', 'tcp 127.0.0.1:40000 ↔ 127.0.0.1:3000', null, ''],
      [5, 'server', 'tcp 0.0.0.0:3000', null, ''],
      [6, 'server', 'tcp 0.0.0.0:3000 #2', 'LISTEN', 'LISTEN'],
    ]);
    const summary = summarize(changes);
    expect(summary.sockets).toEqual({
      client: [
        {
          socket: 'tcp 127.0.0.1:40000 ↔ 127.0.0.1:3000',
          states: ['ESTAB', 'TIME-WAIT', 'closed'],
        },
      ],
      server: [
        { socket: 'tcp 0.0.0.0:3000', states: ['LISTEN', 'closed'] },
        { socket: 'tcp 127.0.0.1:3000 ↔ 127.0.0.1:40000', states: ['ESTAB', 'closed'] },
        { socket: 'tcp 0.0.0.0:3000 #2', states: ['LISTEN'] },
      ],
    });
    expect(renderSummary(summary)).toContain(
      'sockets on the port: client 1 socket, server 3 sockets',
    );
    // An unconnected UDP client socket has no peer: it is the client's by its port.
    const udp = `${header}udp   UNCONN     0      0      0.0.0.0:3000                   0.0.0.0:*\nudp   UNCONN     0      0      0.0.0.0:51000                  0.0.0.0:*\n`;
    expect(
      stateChanges([{ t: 1, text: udp }], 3000, [51000]).map((e) => [e.side, e.socket]),
    ).toEqual([
      ['client', 'udp 0.0.0.0:51000'],
      ['server', 'udp 0.0.0.0:3000'],
    ]);
  });

  it('decodes what a process wrote on fd 1 and 2 as UTF-8, labels its processes, keeps its sleeps, leaves its threads out', () => {
    expect(straceString('"serveur 1 a re\\303\\247u\\n"')).toBe('serveur 1 a reçu\n');
    expect(straceString('"\\x41\\t\\"\\\\"...')).toBe('A\t"\\…');
    const trace = `500 100.000000 execve("/x/course/bin/tp_tcp/serveur_sleep", ["/x/course/bin/tp_tcp/serveur_sleep", "1", "3000"], 0x7ffc /* 20 vars */) = 0 <0.000300>
500 100.100000 clone3({flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM, exit_signal=0, stack=0x7f, stack_size=0x7ff}, 88 <unfinished ...>
501 100.100100 clock_nanosleep(CLOCK_MONOTONIC, 0, {tv_sec=0, tv_nsec=1000}, NULL) = 0 <0.000010>
500 100.100200 <... clone3 resumed>) = 501 <0.000300>
500 100.200000 socket(AF_INET, SOCK_STREAM, IPPROTO_TCP) = 3 <0.000010>
500 100.300000 write(1, "serveur 1 a re\\303\\247u le message\\n", 30) = 30 <0.000010>
500 100.400000 clock_nanosleep(CLOCK_REALTIME, 0, {tv_sec=10, tv_nsec=0}, 0x7ffd0) = 0 <10.000100>
500 110.500000 dup(2) = 4 <0.000010>
500 110.500001 write(4, "fin\\n", 4) = 4 <0.000010>
500 110.500002 close(4) = 0 <0.000010>
500 110.600000 close(3) = 0 <0.000010>
501 110.700000 +++ exited with 0 +++
500 110.800000 +++ killed by SIGTERM +++
`;
    const parsed = parseSideTrace(trace, 'server');
    expect(parsed.outputs.map((o) => [o.t, o.stream, o.text])).toEqual([
      [100.3, 'stdout', 'serveur 1 a reçu le message\n'],
      // perror(3) writes on a dup of fd 2.
      [110.500001, 'stderr', 'fin\n'],
    ]);
    // The thread's sleep and its exit are not the program's.
    expect(parsed.calls.map((c) => c.name)).toEqual(['socket', 'clock_nanosleep', 'close']);
    expect(parsed.processes.map((p) => [p.t, p.pid, p.what, p.command, p.status])).toEqual([
      [100, 500, 'start', 'serveur_sleep 1 3000', undefined],
      [110.8, 500, 'end', 'serveur_sleep 1 3000', 'killed by SIGTERM'],
    ]);
    const events = mergeTimeline(parsed.calls, [], [], [...parsed.outputs, ...parsed.processes]);
    const view: LabView = {
      scenario: 'serveur_sleep',
      answers: '',
      mode: 'c',
      port: 3000,
      events,
      summary: summarize(events),
      notes: [],
    };
    const text = renderText(view, 200);
    expect(text).toContain('▶ pid 500 starts: serveur_sleep 1 3000');
    expect(text).toContain('1> serveur 1 a reçu le message');
    expect(text).toContain('2> fin');
    expect(text).toContain('■ pid 500 killed by SIGTERM');
    // The sleep as the call it is, where it enters; a labelled gap; its return where it returns.
    expect(text).toContain('clock_nanosleep(CLOCK_REALTIME, 0,');
    expect(text).toContain('(sleep 10 s)');
    expect(text).toMatch(/^ +⋯ 10\.00 s ⋯$/m);
    expect(text).toContain('↳ clock_nanosleep = 0 (after 10000.1 ms)');
    const page = renderHtml(view);
    expect(page).toContain('<tr class="gap" data-gap="10.000">');
    expect(page).toContain('1&gt; serveur 1 a reçu le message');
  });

  it('a blocked call shows at its entry only what is known then, its data where it returns', () => {
    const [, , recv] = parseTimedTrace(SERVER, 'server');
    expect(enteredText(recv)).toBe('recvfrom(3, …, 1023, 0, …, …)');
    const events = mergeTimeline([recv], [], []);
    const view: LabView = {
      scenario: 'udp_ipv4',
      answers: '',
      mode: 'c',
      port: 3000,
      events,
      summary: summarize(events),
      notes: [],
    };
    const lines = renderText(view, 200).split('\n');
    const entry = lines.findIndex((l) => l.includes('recvfrom(3, …, 1023, 0, …, …) …'));
    const back = lines.findIndex((l) =>
      l.includes('↳ recvfrom = 6: "Hello\\0", 127.0.0.1:34792, [16] (after 74.1'),
    );
    expect(entry).toBeGreaterThan(0);
    expect(back).toBeGreaterThan(entry);
    expect(lines.filter((l) => l.includes('Hello'))).toHaveLength(1);
  });

  it('no line longer than --width, from 80 up: a call wraps inside its lane, its return value kept', () => {
    const events = mergeTimeline(
      [...parseTimedTrace(CLIENT, 'client'), ...parseTimedTrace(SERVER, 'server')],
      parseCapture(CAPTURE, 3000, START),
      [],
    );
    const view: LabView = {
      scenario: 'udp_ipv4',
      answers:
        'the slides\' UDP exchange: "Hello\\0" and "HELLO\\0", one datagram each, no connection',
      mode: 'c',
      port: 3000,
      events,
      summary: summarize(events),
      notes: [
        'a note long enough to need a second line when the terminal is only eighty columns wide',
      ],
    };
    for (const width of [80, 100, 150]) {
      const text = renderText(view, width);
      const long = text.split('\n').filter((l) => [...l].length > width);
      expect(long, `width ${width}`).toEqual([]);
      // The client's sendto keeps its return value: "= 6" on one of its lines.
      const lines = text.split('\n');
      const at = lines.findIndex((l) => l.includes('sendto(3, "Hello\\0"'));
      expect(lines.slice(at, at + 4).join('\n')).toMatch(/\) = 6/);
    }
  });
});
