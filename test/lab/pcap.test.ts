/**
 * bsd-sockets-lab --pcap (issue 23): the scenario's packets in a pcap file, numbered as the
 * JSON and the HTML number them, and capture's decoder checked against Wireshark's: for
 * every packet of tp_udp, tp_tcp, serveur_sleep and dualstack, what `capture -r` prints
 * equals what `tshark -r FILE -T fields` gives, field by field (IP version, addresses,
 * protocol, length, id, TTL, flags; UDP ports, length, checksum status; TCP ports, flags,
 * seq, ack, window, payload length, options).
 *
 * Needs root (the lab's capture and namespace) and tshark (.ci/run installs it): skipped,
 * with the reason, without them.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { freePort, runProgram, startProgram, waitForOutput } from '../../course/lib/harness';
import { commandFor } from '../../course/programs';
import type { PacketEvent } from '../../tools/lab/timeline';
import { scaled } from '../course/timeouts';
import { packets, runLab, whyNot } from './run-lab';

const tshark = spawnSync('tshark', ['--version']).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'bsd-sockets-lab-pcap-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The tshark fields, in this order; `occurrence=a`: every occurrence, joined by ','. */
const FIELDS = [
  'ip.version',
  'ip.src',
  'ip.dst',
  'ip.proto',
  'ip.len',
  'ip.id',
  'ip.ttl',
  'ip.flags',
  'ipv6.version',
  'ipv6.src',
  'ipv6.dst',
  'ipv6.nxt',
  'ipv6.plen',
  'ipv6.hlim',
  'udp.srcport',
  'udp.dstport',
  'udp.length',
  'udp.checksum.status',
  'tcp.srcport',
  'tcp.dstport',
  'tcp.flags',
  'tcp.seq_raw',
  'tcp.ack_raw',
  'tcp.window_size_value',
  'tcp.len',
  'tcp.checksum.status',
  'tcp.option_kind',
  'tcp.options.mss_val',
  'tcp.options.wscale.shift',
  'tcp.options.timestamp.tsval',
  'tcp.options.timestamp.tsecr',
] as const;
type Field = (typeof FIELDS)[number];
type Decoded = Partial<Record<Field, string>>;

/** tshark's fields of every packet of `file`. */
function wireshark(file: string): Decoded[] {
  const r = spawnSync(
    'tshark',
    [
      '-r',
      file,
      '-T',
      'fields',
      '-E',
      'separator=|',
      '-E',
      'occurrence=a',
      '-E',
      'aggregator=,',
      // Checksums verified (status 1 good, 0 bad); seq and ack as on the wire, not relative.
      '-o',
      'udp.check_checksum:TRUE',
      '-o',
      'tcp.check_checksum:TRUE',
      '-o',
      'tcp.relative_sequence_numbers:FALSE',
      ...FIELDS.flatMap((f) => ['-e', f]),
    ],
    { encoding: 'utf8', timeout: scaled(60_000) },
  );
  expect(r.status, r.stderr).toBe(0);
  return r.stdout
    .trimEnd()
    .split('\n')
    .map((line) => {
      const values = line.split('|');
      const d: Decoded = {};
      FIELDS.forEach((f, i) => {
        if (values[i] !== '') d[f] = values[i];
      });
      return d;
    });
}

const FLAG_BITS: Record<string, number> = { F: 1, S: 2, R: 4, P: 8, '.': 16, U: 32, E: 64, W: 128 };
const OPTION_KINDS: Record<string, number> = {
  eol: 0,
  nop: 1,
  mss: 2,
  wscale: 3,
  sackOK: 4,
  sack: 5,
  TS: 8,
};
/** tshark's checksum status: 1 good, 0 bad. Not computed yet (offload) is bad on the wire. */
const CHECKSUM_STATUS: Record<string, string> = {
  correct: '1',
  incorrect: '0',
  'not computed yet: offload': '0',
};

/** capture's text of each packet (its IP line and its l4 line), as tshark's fields. */
function ours(text: string): Decoded[] {
  const out: Decoded[] = [];
  const lines = text.split('\n').filter((line) => !line.startsWith('\t') && line !== '');
  for (let i = 0; i < lines.length; i += 2) {
    const d: Decoded = {};
    const ip = lines[i];
    const l4 = lines[i + 1] ?? '';
    const v4 =
      /^\S+ IP \(tos 0x[0-9a-f]+, ttl (\d+), id (\d+), offset \d+, flags \[([^\]]+)\], proto \S+ \((\d+)\), length (\d+), cksum 0x[0-9a-f]{4} \(correct\)\)$/.exec(
        ip,
      );
    const v6 =
      /^\S+ IP6 \(flowlabel 0x[0-9a-f]+, hlim (\d+), next-header \S+ \((\d+)\), payload length (\d+)\)$/.exec(
        ip,
      );
    expect(v4 ?? v6, ip).not.toBeNull();
    const ends = /^ {4}(\S+)\.(\d+) > (\S+)\.(\d+): (.*)$/.exec(l4);
    expect(ends, l4).not.toBeNull();
    const [, src, sport, dst, dport, rest] = ends!;
    if (v4) {
      const flags = { DF: '0x02', '+': '0x01', none: '0x00' }[v4[3]];
      Object.assign(d, {
        'ip.version': '4',
        'ip.src': src,
        'ip.dst': dst,
        'ip.ttl': v4[1],
        'ip.id': v4[2],
        'ip.flags': flags,
        'ip.proto': v4[4],
        'ip.len': v4[5],
      });
    } else {
      // tshark gives ip.version for IPv6 too (the version nibble both dissectors read).
      Object.assign(d, {
        'ip.version': '6',
        'ipv6.version': '6',
        'ipv6.src': src,
        'ipv6.dst': dst,
        'ipv6.hlim': v6![1],
        'ipv6.nxt': v6![2],
        'ipv6.plen': v6![3],
      });
    }
    const udp = /^UDP, length (\d+), cksum 0x[0-9a-f]{4} \(([^)]+)\)$/.exec(rest);
    const tcp =
      /^Flags \[([^\]]+)\], cksum 0x[0-9a-f]{4} \(([^)]+)\), seq (\d+)(?:, ack (\d+))?, win (\d+), length (\d+)(?:, options \[([^\]]*)\])?$/.exec(
        rest,
      );
    expect(udp ?? tcp, l4).not.toBeNull();
    if (udp) {
      Object.assign(d, {
        'udp.srcport': sport,
        'udp.dstport': dport,
        'udp.length': String(Number(udp[1]) + 8),
        'udp.checksum.status': CHECKSUM_STATUS[udp[2]],
      });
    } else {
      const [, letters, checksum, seq, ack, win, length, options] = tcp!;
      const bits = [...letters].reduce((sum, c) => sum + (FLAG_BITS[c] ?? 0), 0);
      Object.assign(d, {
        'tcp.srcport': sport,
        'tcp.dstport': dport,
        'tcp.flags': `0x${bits.toString(16).padStart(4, '0')}`,
        'tcp.seq_raw': seq,
        ...(ack === undefined ? {} : { 'tcp.ack_raw': ack }),
        'tcp.window_size_value': win,
        'tcp.len': length,
        'tcp.checksum.status': CHECKSUM_STATUS[checksum],
      });
      const list = options === undefined ? [] : options.split(',');
      if (list.length > 0)
        d['tcp.option_kind'] = list.map((o) => OPTION_KINDS[o.split(' ')[0]]).join(',');
      for (const o of list) {
        const mss = /^mss (\d+)$/.exec(o);
        const ws = /^wscale (\d+)$/.exec(o);
        const ts = /^TS val (\d+) ecr (\d+)$/.exec(o);
        if (mss) d['tcp.options.mss_val'] = mss[1];
        if (ws) d['tcp.options.wscale.shift'] = ws[1];
        if (ts) {
          d['tcp.options.timestamp.tsval'] = ts[1];
          d['tcp.options.timestamp.tsecr'] = ts[2];
        }
      }
    }
    out.push(d);
  }
  return out;
}

/** tshark's fields, made comparable: ip.id in decimal, ack_raw only where ACK is set. */
function comparable(d: Decoded): Decoded {
  const c = { ...d };
  if (c['ip.id'] !== undefined) c['ip.id'] = String(Number(c['ip.id']));
  if (c['tcp.flags'] !== undefined && (Number(c['tcp.flags']) & 0x10) === 0)
    delete c['tcp.ack_raw'];
  return c;
}

const scenarios = ['tp_udp', 'tp_tcp', 'serveur_sleep', 'dualstack'];
const why = whyNot('tp_tcp', ['c']) ?? (tshark ? undefined : 'tshark is not installed');

describe.skipIf(why !== undefined)(
  `bsd-sockets-lab --pcap${why ? ` (skipped: ${why})` : ''}`,
  () => {
    it.each(scenarios)(
      "%s: tshark shows the timeline's packets, numbered alike; capture -r prints the live text; every field decoded as Wireshark decodes it",
      async (scenario) => {
        const file = join(dir, `${scenario}.pcap`);
        const html = join(dir, `${scenario}.html`);
        const data = await runLab(dir, scenario, 'c', ['--pcap', file, '--html', html]);
        const json = JSON.parse(readFileSync(join(dir, `${scenario}-c.json`), 'utf8')) as {
          record: { capture: { text: string } };
        };
        const timeline: PacketEvent[] = packets(data.events);
        const theirs = wireshark(file);
        expect(timeline.length).toBeGreaterThan(0);
        expect(theirs).toHaveLength(timeline.length);
        expect(timeline.map((p) => p.number)).toEqual(timeline.map((_, i) => i + 1));
        // The page: each packet's mark says its number in the file, in order.
        const marks = [
          ...readFileSync(html, 'utf8').matchAll(
            /<tr class="packet" data-number="(\d+)"[^>]*>.*?<span class="label" title="packet (\d+) of the capture[^"]*">#(\d+) /g,
          ),
        ];
        expect(marks.map((m) => [m[1], m[2], m[3]].map(Number))).toEqual(
          timeline.map((_, i) => [i + 1, i + 1, i + 1]),
        );

        const read = await runProgram(commandFor('c', 'tools/capture', ['-X', '-r', file]), {
          env: { ...process.env, TZ: 'UTC' },
          killAfterMs: scaled(15_000),
        });
        expect(read.status, read.stderr.toString()).toBe(0);
        expect(read.stdout.toString()).toBe(json.record.capture.text);

        const decoded = ours(read.stdout.toString());
        expect(decoded).toHaveLength(theirs.length);
        let compared = 0;
        decoded.forEach((d, i) => {
          expect(d, `packet ${i + 1}`).toEqual(comparable(theirs[i]));
          compared += Object.keys(d).length;
        });
        // Each packet: 8 IP fields (6 in IPv6), then 4 UDP or 8 TCP ones, and its options.
        expect(compared).toBeGreaterThanOrEqual(12 * decoded.length);
        console.info(
          `${scenario}: ${decoded.length} packets, ${compared} fields equal to tshark's`,
        );
      },
      scaled(120_000),
    );
  },
);

/** Python on ::1: a UDP datagram and its answer, then a TCP connection with data each way. */
const IPV6_TRAFFIC = `
import socket, sys
port = int(sys.argv[1])
u = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM); u.bind(("::1", port))
c = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM); c.sendto(b"hello\\n", ("::1", port))
data, peer = u.recvfrom(100); u.sendto(data.upper(), peer); c.recvfrom(100)
l = socket.socket(socket.AF_INET6); l.bind(("::1", port)); l.listen(1)
t = socket.create_connection(("::1", port)); a, _ = l.accept()
t.sendall(b"question"); a.recv(100); a.sendall(b"answer"); t.recv(100)
t.close(); a.recv(100); a.close(); l.close()
`;

const root = process.getuid?.() === 0;
const python = spawnSync('python3', ['--version']).status === 0;
const why6 = !root
  ? 'needs root (AF_PACKET)'
  : !python
    ? 'needs python3'
    : tshark
      ? undefined
      : 'tshark is not installed';

describe.skipIf(why6 !== undefined)(
  `capture -w of IPv6 on lo${why6 ? ` (skipped: ${why6})` : ''}`,
  () => {
    it(
      'UDP and TCP over ::1: every field decoded as Wireshark decodes it',
      async () => {
        const port = await freePort();
        const file = join(dir, `ipv6-${port}.pcap`);
        const live = startProgram(
          commandFor('c', 'tools/capture', ['-w', file, 'port', String(port)]),
          {
            env: { ...process.env, TZ: 'UTC' },
          },
        );
        try {
          await waitForOutput(live, 'stderr', /listening on lo/, scaled(20_000));
          const traffic = await runProgram(['python3', '-c', IPV6_TRAFFIC, String(port)], {
            killAfterMs: scaled(15_000),
          });
          expect(traffic.status, traffic.stderr.toString()).toBe(0);
        } finally {
          // SIGTERM again until it ends: one that comes while it writes a packet interrupts no call.
          for (
            let i = 0;
            i < 50 && live.child.exitCode === null && live.child.signalCode === null;
            i++
          ) {
            live.child.kill('SIGTERM');
            await Promise.race([live.done, new Promise((resolve) => setTimeout(resolve, 200))]);
          }
          live.child.kill('SIGKILL');
        }
        const ended = await live.done;
        expect(ended.stderr.toString()).toMatch(/\n0 packets dropped by kernel\n$/);
        const read = await runProgram(commandFor('c', 'tools/capture', ['-r', file]), {
          env: { ...process.env, TZ: 'UTC' },
          killAfterMs: scaled(15_000),
        });
        expect(read.status, read.stderr.toString()).toBe(0);
        const decoded = ours(read.stdout.toString());
        const theirs = wireshark(file);
        expect(decoded.length).toBeGreaterThanOrEqual(11);
        expect(decoded.every((d) => d['ipv6.version'] === '6')).toBe(true);
        expect(decoded).toEqual(theirs.map(comparable));
        const compared = decoded.reduce((sum, d) => sum + Object.keys(d).length, 0);
        console.info(
          `IPv6 on ::1: ${decoded.length} packets, ${compared} fields equal to tshark's`,
        );
      },
      scaled(60_000),
    );
  },
);
