/**
 * The course's debugging tools (course/tools/, issue 11): nc, capture, sockstat, each a
 * TypeScript program on bsd-sockets beside its C twin.
 *
 * - capture sees the exact bytes of a known exchange on lo, checked against a second
 *   capture path (Python's AF_PACKET socket); C and TS, capturing the same packets at the
 *   same time, print the same text (kernel timestamps included);
 * - sockstat agrees with ss on the same sockets, states included (LISTEN, ESTAB,
 *   CLOSE-WAIT, FIN-WAIT-2, TIME-WAIT, UNCONN), queues and owners;
 * - nc talks to the course's servers, UDP and TCP, both ways: the slides'
 *   `echo "hello" | netcat -u localhost 3000` against udp_ipv4/serveur_ipv4, C or TS;
 * - C and TS make the same socket calls (tools/trace).
 *
 * Traffic is on lo only (or inside a network namespace made by `unshare -n`). Captures need
 * root (CAP_NET_RAW): skipped, with the reason, without it. Every process started is killed
 * by the test (harness.ts: stop(), runProgram's kill timeout, and its exit hook).
 */
import { spawnSync } from 'node:child_process';

import { afterEach, describe, expect, it } from 'vitest';

import { commandFor } from '../../course/programs';
import type { Language } from '../../course/programs';
import {
  freePort,
  runProgram,
  startProgram,
  waitForOutput,
  waitUntilBound,
  type RunningProgram,
} from '../../course/lib/harness';
import {
  AF_INET,
  SOCK_DGRAM,
  SOCK_CLOEXEC,
  SOCK_STREAM,
  accept,
  accept4,
  bind,
  close,
  connect,
  listen,
  socket,
} from '../../src/index';
import { compareRuns } from '../../tools/trace/compare';
import { renderDiff } from '../../tools/trace/render';
import { localPortRange, ptraceAvailable } from '../../tools/trace/run';
import { waitUntilBlockedIn } from '../../tools/trace/blocked';
import { missingBuilds } from './helpers';
import { loopback4 } from '../helpers/addresses';

const root = process.getuid?.() === 0;
const python = spawnSync('python3', ['--version']).status === 0;
const ss = spawnSync('ss', ['--version']).status === 0;
const unshare = root && spawnSync('unshare', ['-n', 'true']).status === 0;
const ptrace = ptraceAvailable();
const languages: Language[] = ['c', 'ts'];

const running: RunningProgram[] = [];
function start(command: string[], stdin?: string | 'open'): RunningProgram {
  const program = startProgram(command, { stdin });
  running.push(program);
  return program;
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((program) => program.stop()));
});

function built(): void {
  const missing = missingBuilds();
  if (missing !== null) throw new Error(missing);
}

const tool = (language: Language, name: string, args: string[]): string[] =>
  commandFor(language, `tools/${name}`, args);

/** The IP packets a capture -X printed, as hex strings (the dump lines joined). */
function dumpedPackets(text: string): string[] {
  const packets: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^\t0x([0-9a-f]{4}): {2}(.{39})/.exec(line);
    if (!m) continue;
    if (m[1] === '0000') packets.push('');
    packets[packets.length - 1] += m[2].replace(/ /g, '');
  }
  return packets;
}

/**
 * The text without its timestamps: each packet socket may be given its own (the kernel
 * stamps a clone of a TCP segment per socket), a microsecond apart.
 */
function untimed(text: string): string {
  return text.replace(/^\d\d:\d\d:\d\d\.\d{6} /gm, 'HH:MM:SS.uuuuuu ');
}

/**
 * Python's AF_PACKET socket on lo: the IP packets (link header removed) of the first `count`
 * incoming frames to or from UDP/TCP `port`, in hex, one a line. Prints "ready" once bound.
 */
const PYTHON_CAPTURE = `
import socket, struct, sys
port, count = int(sys.argv[1]), int(sys.argv[2])
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(3))
s.bind(("lo", 0))
s.settimeout(20)
print("ready", flush=True)
seen = 0
while seen < count:
    frame, addr = s.recvfrom(65536)
    if addr[2] == socket.PACKET_OUTGOING:
        continue
    ip = frame[14:]
    if addr[1] == 0x0800:
        hl = (ip[0] & 15) * 4; l4 = ip[hl:]; total = struct.unpack("!H", ip[2:4])[0]
    elif addr[1] == 0x86dd:
        l4 = ip[40:]; total = 40 + struct.unpack("!H", ip[4:6])[0]
    else:
        continue
    if len(l4) < 4 or port not in struct.unpack("!HH", l4[:4]):
        continue
    print(ip[:total].hex(), flush=True)
    seen += 1
`;

describe.skipIf(!root)(`capture${root ? '' : ' (skipped: needs root for AF_PACKET)'}`, () => {
  it.skipIf(!python)(
    'C and TS see the exact bytes Python sees of a UDP exchange, and print the same text',
    async () => {
      built();
      const port = await freePort();
      const server = start(commandFor('c', 'udp_ipv4/serveur_ipv4', [String(port)]));
      await waitUntilBound(server, 'udp', port);
      const captures = languages.map((language) =>
        start(
          tool(language, 'capture', ['-i', 'lo', '-X', '-c', '2', 'udp', 'port', String(port)]),
        ),
      );
      const py = start(['python3', '-c', PYTHON_CAPTURE, String(port), '2']);
      await Promise.all([
        ...captures.map((c) => waitForOutput(c, 'stderr', /listening on lo/)),
        waitForOutput(py, 'stdout', /ready/),
      ]);
      const nc = await runProgram(tool('c', 'nc', ['-u', '-w1', '127.0.0.1', String(port)]), {
        stdin: 'hello\n',
        killAfterMs: 10_000,
      });
      expect(nc.stdout.toString('latin1')).toBe('HELLO\n\0');
      const [c, ts] = await Promise.all(captures.map((capture) => capture.done));
      const pyResult = await py.done;
      const fromPython = pyResult.stdout
        .toString()
        .trim()
        .split('\n')
        .filter((line) => line !== 'ready');
      expect(fromPython).toHaveLength(2);
      // The request, then the reply: their payloads, and the whole packets byte for byte.
      expect(fromPython[0].endsWith(Buffer.from('hello\n').toString('hex'))).toBe(true);
      expect(fromPython[1].endsWith(Buffer.from('HELLO\n\0', 'latin1').toString('hex'))).toBe(true);
      expect(dumpedPackets(c.stdout.toString())).toEqual(fromPython);
      expect(untimed(ts.stdout.toString())).toBe(untimed(c.stdout.toString()));
      expect([c.stderr.toString(), ts.stderr.toString()]).toEqual([
        'listening on lo\n2 packets captured\n0 packets dropped by kernel\n',
        'listening on lo\n2 packets captured\n0 packets dropped by kernel\n',
      ]);
      const lines = c.stdout.toString().split('\n');
      expect(lines[0]).toMatch(
        /^\d\d:\d\d:\d\d\.\d{6} IP \(tos 0x0, ttl 64, id \d+, offset 0, flags \[DF\], proto UDP \(17\), length 34, cksum 0x[0-9a-f]{4} \(correct\)\)$/,
      );
      expect(lines[1]).toMatch(
        new RegExp(
          `^    127\\.0\\.0\\.1\\.\\d+ > 127\\.0\\.0\\.1\\.${port}: UDP, length 6, cksum 0x[0-9a-f]{4} \\(not computed yet: offload\\)$`,
        ),
      );
    },
    40_000,
  );

  it('C and TS decode the same TCP handshake: flags, seq/ack, lengths', async () => {
    built();
    const port = await freePort();
    const captures = languages.map((language) =>
      start(tool(language, 'capture', ['-c', '3', 'tcp', 'port', String(port)])),
    );
    await Promise.all(captures.map((c) => waitForOutput(c, 'stderr', /listening on lo/)));
    const l = socket(AF_INET, SOCK_STREAM, 0);
    const cl = socket(AF_INET, SOCK_STREAM, 0);
    try {
      bind(l, loopback4(port));
      listen(l, 1);
      connect(cl, loopback4(port));
      close(accept(l, null, null));
    } finally {
      close(cl);
      close(l);
    }
    const [c, ts] = await Promise.all(captures.map((capture) => capture.done));
    expect(untimed(ts.stdout.toString())).toBe(untimed(c.stdout.toString()));
    const flags = [
      ...c.stdout
        .toString()
        .matchAll(/Flags \[([^\]]+)\].*?, seq (\d+)(?:, ack (\d+))?, win \d+, length (\d+)/g),
    ];
    expect(flags.map((m) => m[1])).toEqual(['S', 'S.', '.']);
    // The SYN-ACK acknowledges the SYN's seq + 1, the last ACK the SYN-ACK's.
    expect(Number(flags[1][3])).toBe((Number(flags[0][2]) + 1) >>> 0);
    expect(Number(flags[2][3])).toBe((Number(flags[1][2]) + 1) >>> 0);
    expect(flags.map((m) => m[4])).toEqual(['0', '0', '0']);
  }, 30_000);
});

/** The lines of `ss -tuan` or sockstat as [netid, state, recv-q, send-q, local, peer, process]. */
function socketTable(text: string, ports: readonly number[]): string[][] {
  const wanted = ports.map((port) => `:${port}`);
  return text
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((f) => f.length >= 6 && wanted.some((w) => f[4].endsWith(w) || f[5].endsWith(w)))
    .map((f) => [f[0], f[1], f[2], f[3], f[4], f[5], f.slice(6).join(' ')])
    .sort((a, b) => a.join(' ').localeCompare(b.join(' ')));
}

describe.skipIf(!ss)('sockstat', () => {
  it('agrees with ss -tuanp on sockets in LISTEN, ESTAB, CLOSE-WAIT, FIN-WAIT-2, TIME-WAIT, UNCONN', async () => {
    built();
    const port = await freePort();
    const udpPort = await freePort();
    // SOCK_CLOEXEC: without it, ss and sockstat (children of this process) would hold them too.
    const fds: number[] = [];
    const open = (fd: number): number => (fds.push(fd), fd);
    try {
      const u = open(socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
      bind(u, loopback4(udpPort));
      const l = open(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
      bind(l, loopback4(port));
      listen(l, 5);
      const pair = (): [number, number] => {
        const client = open(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
        connect(client, loopback4(port));
        return [client, open(accept4(l, null, null, SOCK_CLOEXEC))];
      };
      pair(); // ESTAB both ways
      const [closing] = pair(); // client closed: FIN-WAIT-2, server CLOSE-WAIT
      close(fds.splice(fds.indexOf(closing), 1)[0]);
      const [client3, server3] = pair(); // client closed first, then server: TIME-WAIT
      close(fds.splice(fds.indexOf(client3), 1)[0]);
      close(fds.splice(fds.indexOf(server3), 1)[0]);
      const left = open(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)); // one waiting in the backlog
      connect(left, loopback4(port));
      await new Promise((resolve) => setTimeout(resolve, 200));

      const reference = spawnSync('ss', ['-tuanp'], { encoding: 'utf8' }).stdout;
      const expected = socketTable(reference, [port, udpPort]);
      const states = expected.map((row) => row[1]).sort();
      expect(states).toEqual(
        [
          'CLOSE-WAIT',
          'ESTAB',
          'ESTAB',
          'ESTAB',
          'ESTAB',
          'FIN-WAIT-2',
          'LISTEN',
          'TIME-WAIT',
          'UNCONN',
        ].sort(),
      );
      for (const language of languages) {
        const result = await runProgram(tool(language, 'sockstat', ['-tuanp']), {
          killAfterMs: 15_000,
        });
        expect(result.status, result.stderr.toString()).toBe(0);
        expect(socketTable(result.stdout.toString(), [port, udpPort])).toEqual(expected);
      }
      // The listening socket's queues: one connection waiting for accept, backlog 5.
      expect(expected.find((row) => row[1] === 'LISTEN')?.slice(2, 4)).toEqual(['1', '5']);

      // The filters, as ss spells them: the same sockets as ss with the same filter (ss drops
      // its State column when one state is asked: the addresses are compared).
      const addresses = (text: string): string[] =>
        text
          .split('\n')
          .slice(1)
          .map((line) =>
            line
              .split(/\s+/)
              .filter((f) => /^\S+:(\d+|\*)$/.test(f))
              .slice(0, 2)
              .join(' '),
          )
          .filter((pair) => [port, udpPort].some((p) => pair.includes(`:${p}`)))
          .sort();
      const filters: [string[], number][] = [
        [['state', 'listening', 'sport', '=', `:${port}`], 1],
        [['state', 'time-wait', 'dport', '=', `:${port}`], 1],
        [['state', 'bucket', 'dport', '=', `:${port}`], 1],
        [['state', 'established', 'sport', '==', `:${port}`, 'and', 'dport', '!=', ':1'], 2],
        [['state', 'fin-wait-2', 'state', 'close-wait'], 2],
        [['sport', 'eq', `:${udpPort}`], 1],
        [['state', 'connected', 'dport', '!=', `:${port}`], 3],
      ];
      for (const [filter, count] of filters) {
        const ssText = spawnSync('ss', ['-tuan', ...filter], { encoding: 'utf8' }).stdout;
        const wanted = addresses(ssText);
        expect(wanted, filter.join(' ')).toHaveLength(count);
        for (const language of languages) {
          const result = await runProgram(tool(language, 'sockstat', ['-tuan', ...filter]), {
            killAfterMs: 15_000,
          });
          expect(result.status, result.stderr.toString()).toBe(0);
          expect(addresses(result.stdout.toString()), `${language}: ${filter.join(' ')}`).toEqual(
            wanted,
          );
        }
      }
    } finally {
      for (const fd of fds) close(fd);
    }
  }, 40_000);

  it('C and TS print the same listening sockets (-tl), and the same usage error', async () => {
    built();
    const [c, ts] = await Promise.all(
      languages.map((l) => runProgram(tool(l, 'sockstat', ['-tl']))),
    );
    expect(c.stdout.toString().split('\n')[0]).toMatch(
      /^Netid State +Recv-Q Send-Q Local Address:Port +Peer Address:Port$/,
    );
    expect(ts.stdout.toString().split('\n')[0]).toBe(c.stdout.toString().split('\n')[0]);
    const [cu, tsu] = await Promise.all(
      languages.map((l) => runProgram(tool(l, 'sockstat', ['-x']))),
    );
    expect([tsu.status, tsu.stderr.toString()]).toEqual([cu.status, cu.stderr.toString()]);
    expect(cu.status).toBe(1);
    // A filter it does not know: the usage, from both.
    for (const bad of [
      ['state', 'bogus'],
      ['sport', '~', ':1'],
      ['sport', '=', ':70000'],
    ]) {
      const [cb, tsb] = await Promise.all(
        languages.map((l) => runProgram(tool(l, 'sockstat', ['-tan', ...bad]))),
      );
      expect(cb.status, bad.join(' ')).toBe(1);
      expect(cb.stderr.toString()).toBe(
        'usage : sockstat [-t] [-u] [-a | -l] [-p] [state NOM]... [sport|dport OP :PORT]...\n',
      );
      expect([tsb.status, tsb.stderr.toString()]).toEqual([cb.status, cb.stderr.toString()]);
    }
  }, 30_000);
});

describe('nc', () => {
  it.each(languages.flatMap((server) => languages.map((client) => [server, client] as const)))(
    'the slides\' echo "hello" | netcat -u localhost PORT: %s server, %s nc',
    async (server, client) => {
      built();
      const port = await freePort();
      const s = start(commandFor(server, 'udp_ipv4/serveur_ipv4', [String(port)]));
      await waitUntilBound(s, 'udp', port);
      const result = await runProgram(
        tool(client, 'nc', ['-u', '-w1', 'localhost', String(port)]),
        {
          stdin: 'hello\n',
          killAfterMs: 10_000,
        },
      );
      expect(result.stderr.toString()).toBe('');
      expect(result.stdout.toString('latin1')).toBe('HELLO\n\0');
      expect(result.status).toBe(0);
    },
    30_000,
  );

  it.each(languages)(
    "TCP: %s nc against tcp/serveur, ending with the server's close",
    async (language) => {
      built();
      const port = await freePort();
      const s = start(commandFor('c', 'tcp/serveur', [String(port)]));
      await waitUntilBound(s, 'tcp', port);
      const result = await runProgram(tool(language, 'nc', ['127.0.0.1', String(port)]), {
        stdin: 'bonjour\n',
        killAfterMs: 10_000,
      });
      expect([result.status, result.stderr.toString()]).toEqual([0, '']);
      expect(result.stdout.toString('latin1')).toContain('BONJOUR');
    },
    30_000,
  );

  it.each(languages)(
    '-l -u: %s nc serves udp_ipv4/client_ipv4, and answers it',
    async (language) => {
      built();
      const port = await freePort();
      const nc = start(tool(language, 'nc', ['-l', '-u', '-w1', String(port)]), 'open');
      await waitUntilBound(nc, 'udp', port);
      const client = start(commandFor('c', 'udp_ipv4/client_ipv4', ['localhost', String(port)]));
      await waitForOutput(nc, 'stdout', /Hello/);
      nc.child.stdin?.end('bienvenue\n');
      const [c, n] = await Promise.all([client.done, nc.done]);
      expect(n.stdout.toString('latin1')).toBe('Hello\0');
      expect(c.stdout.toString()).toContain('bienvenue');
      expect([n.status, c.status]).toEqual([0, 0]);
    },
    30_000,
  );

  const debian = spawnSync('nc.openbsd', ['-h']).error === undefined;
  it.skipIf(!debian)(
    "interoperates with Debian's nc.openbsd, both ways (UDP)",
    async () => {
      built();
      for (const [listener, sender] of [
        [['nc.openbsd', '-l', '-u', '-w1'], tool('ts', 'nc', ['-u', '-w1', '127.0.0.1'])],
        [tool('ts', 'nc', ['-l', '-u', '-w1']), ['nc.openbsd', '-u', '-w1', '127.0.0.1']],
      ]) {
        const port = await freePort();
        const l = start([...listener, String(port)]);
        await waitUntilBound(l, 'udp', port);
        await runProgram([...sender, String(port)], { stdin: 'ping\n', killAfterMs: 10_000 });
        const result = await l.stop();
        expect(result.stdout.toString()).toBe('ping\n');
      }
    },
    30_000,
  );
});

// Strace comparisons are not made under the ASan runtime (scripts/test-asan.sh preloads it
// into every process, whose own start-up calls would be in the traces), as for test/trace.
const sanitized = (process.env.LD_PRELOAD ?? '').includes('libasan');
const untraced = !ptrace.available
  ? ptrace.reason
  : sanitized
    ? 'the ASan runtime is preloaded'
    : '';

/** serveur_ipv4's answer (upper case and a NUL), given 200 ms after the question. */
const LATE_ECHO = [
  'import socket, sys, time',
  's = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)',
  "s.bind(('127.0.0.1', int(sys.argv[1])))",
  'data, peer = s.recvfrom(4096)',
  'time.sleep(0.2)',
  "s.sendto(data.upper() + b'\\0', peer)",
].join('\n');

describe.skipIf(untraced !== '')(
  `C and TS under strace${untraced ? ` (skipped: ${untraced})` : ''}`,
  () => {
    const options = { timeoutMs: 20_000, ephemeralPorts: localPortRange() };

    it('nc -u: the same socket calls', async () => {
      built();
      const side = (language: Language) => async () => {
        const port = await freePort();
        // The course server's answer, 200 ms late: whether the echo is back when nc polls
        // after its sendto would otherwise be a race between two processes (seen both ways,
        // each a correct run), and the traces would differ by it.
        const server = start(['python3', '-c', LATE_ECHO, String(port)]);
        await waitUntilBound(server, 'udp', port);
        return {
          command: tool(language, 'nc', ['-u', '-w1', '127.0.0.1', String(port)]),
          serverPort: port,
          stdin: 'hello\n',
          stop: async () => void (await server.stop()),
        };
      };
      const { c, ts, diff } = await compareRuns(side('c'), side('ts'), options);
      const shown = `\n${renderDiff(diff, { width: 160 })}\n${c.stderr}\n${ts.stderr}`;
      expect([c.stdout, ts.stdout]).toEqual(['HELLO\n\0', 'HELLO\n\0']);
      expect(diff.rows.length, shown).toBeGreaterThan(4);
      expect(diff.equal, shown).toBe(true);
    }, 60_000);

    it.skipIf(!unshare)(
      'sockstat -tuan in a network namespace of its own: the same socket calls',
      async () => {
        built();
        const side = (language: Language) => [
          'unshare',
          '-n',
          ...tool(language, 'sockstat', ['-tuan']),
        ];
        const { c, ts, diff } = await compareRuns(side('c'), side('ts'), options);
        const shown = `\n${renderDiff(diff, { width: 160 })}\n${c.stderr}\n${ts.stderr}`;
        expect(ts.stdout).toBe(c.stdout);
        // socket, then per request a sendmsg and a recvmsg (NLMSG_DONE alone), then close.
        expect(
          diff.rows.map((row) => (row.c ?? row.ts)?.text.split('(')[0]),
          shown,
        ).toEqual([
          'socket',
          'sendmsg',
          'recvmsg',
          'sendmsg',
          'recvmsg',
          'sendmsg',
          'recvmsg',
          'sendmsg',
          'recvmsg',
          'close',
        ]);
        expect(diff.equal, shown).toBe(true);
      },
      60_000,
    );

    it.skipIf(!unshare || !python)(
      'capture -c 1 in a network namespace of its own: the same socket calls',
      async () => {
        built();
        // A namespace made here, its lo brought up by ip before the trace (ip's own netlink
        // calls are not traced); the traced command enters it with nsenter, which makes no
        // socket call, and a datagram is sent inside once the capture waits in recvmsg.
        const netns = `bsd-sockets-capture-${process.pid}`;
        expect(spawnSync('ip', ['netns', 'add', netns]).status).toBe(0);
        try {
          expect(spawnSync('ip', ['-n', netns, 'link', 'set', 'lo', 'up']).status).toBe(0);
          const side = (language: Language) => () => ({
            command: [
              'nsenter',
              `--net=/var/run/netns/${netns}`,
              ...tool(language, 'capture', ['-c', '1', 'udp', 'port', '9']),
            ],
            whileTraced: async (traced: { pid: () => number | undefined }) => {
              await waitUntilBlockedIn(traced.pid, ['recvmsg'], { timeoutMs: 15_000 });
              spawnSync('ip', [
                'netns',
                'exec',
                netns,
                'python3',
                '-c',
                'import socket; socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"x", ("127.0.0.1", 9))',
              ]);
              // -c 1: the capture ends by itself. Wait for it: a helper that settles while the
              // command runs has it terminated (SIGTERM), and node's exit after its close (the
              // print, then the runtime's teardown, all under ptrace) can outlast python's.
              const deadline = Date.now() + 15_000;
              while (traced.pid() !== undefined && Date.now() < deadline)
                await new Promise((resolve) => setTimeout(resolve, 10));
            },
          });
          const { c, ts, diff } = await compareRuns(side('c'), side('ts'), options);
          const shown = `\n${renderDiff(diff, { width: 160 })}\n${c.stderr}\n${ts.stderr}`;
          expect(c.stdout, shown).toMatch(/UDP, length 1/);
          // The same calls, arguments and sizes; only what the kernel wrote differs between
          // the two runs: the frame's bytes (IP id, source port) and the timestamp.
          expect(
            diff.rows.map((row) => row.kind),
            shown,
          ).not.toContain('c-only');
          expect(
            diff.rows.map((row) => row.kind),
            shown,
          ).not.toContain('ts-only');
          const reasons = diff.rows.flatMap((row) => row.reasons.map((r) => r.text));
          for (const reason of reasons) {
            expect(reason, shown).toMatch(
              /^other argument: msg\.(msg_iov\[0\]\.iov_base|msg_control\[0\]\.cmsg_data\.tv_u?sec) is /,
            );
          }
          expect(
            diff.rows.map((row) => row.c?.text.split('(')[0]),
            shown,
          ).toEqual([
            'socket',
            'socket', // if_nametoindex: glibc asks with ioctl(SIOCGIFINDEX) on a socket of its own
            'ioctl',
            'close',
            'bind',
            'setsockopt', // PACKET_AUXDATA
            'setsockopt', // SO_TIMESTAMP
            'setsockopt', // SO_RCVTIMEO: a signal interrupts recvmsg (EINTR), signal(7)
            'setsockopt', // SO_RCVBUFFORCE: a queue of 16 MiB
            'getsockname', // sll_hatype: lo
            'setsockopt', // PACKET_IGNORE_OUTGOING: lo's outgoing copies stay out of the queue
            'recvmsg',
            'getsockopt', // PACKET_STATISTICS: N packets dropped by kernel
            'close',
          ]);
        } finally {
          spawnSync('ip', ['netns', 'del', netns]);
        }
      },
      60_000,
    );
  },
);
