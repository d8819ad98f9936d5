/**
 * capture's pcap files (issue 23): `-w FILE` writes what tcpdump and Wireshark read, `-r FILE`
 * reads it back (and tcpdump's) and prints what the live capture printed; a truncated,
 * corrupt or foreign file is an error that says what is wrong and at which byte, exit 1,
 * the same in C and in TS.
 *
 * The live parts capture on lo only, and need root (AF_PACKET): skipped, with the reason,
 * without it. Every process started is stopped by the test (SIGTERM: capture then reads
 * what is queued and prints its counts).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { commandFor } from '../../course/programs';
import type { Language } from '../../course/programs';
import {
  freePort,
  runProgram,
  startProgram,
  waitForOutput,
  type ProgramResult,
  type RunningProgram,
} from '../../course/lib/harness';
import { missingBuilds } from './helpers';
import { scaled } from './timeouts';

const root = process.getuid?.() === 0;
const python = spawnSync('python3', ['--version']).status === 0;
const tcpdump = spawnSync('tcpdump', ['--version']).status === 0;
const languages: Language[] = ['c', 'ts'];
const TZ = { ...process.env, TZ: 'UTC' };

const dir = mkdtempSync(join(tmpdir(), 'bsd-sockets-capture-pcap-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const running: RunningProgram[] = [];
function start(command: string[]): RunningProgram {
  const program = startProgram(command, { env: TZ });
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

const capture = (language: Language, args: string[]): string[] =>
  commandFor(language, 'tools/capture', args);

/** capture `args` to its end, in `language`. */
const run = (language: Language, args: string[]): Promise<ProgramResult> =>
  runProgram(capture(language, args), { env: TZ, killAfterMs: scaled(15_000) });

/**
 * SIGTERM, again every 200 ms until it ends (one that comes while capture prints a packet
 * interrupts no call), for scaled(10 s) at most, then SIGKILL.
 */
async function stopCapture(program: RunningProgram): Promise<ProgramResult> {
  const running = (): boolean =>
    program.child.exitCode === null && program.child.signalCode === null;
  const deadline = Date.now() + scaled(10_000);
  while (running() && Date.now() < deadline) {
    program.child.kill('SIGTERM');
    await Promise.race([program.done, new Promise((resolve) => setTimeout(resolve, 200))]);
  }
  if (running()) program.child.kill('SIGKILL');
  return program.done;
}

/** The text without its timestamps (each packet socket may stamp a packet its own). */
const untimed = (text: string): string =>
  text.replace(/^\d\d:\d\d:\d\d\.\d{6} /gm, 'HH:MM:SS.uuuuuu ');

/** The lines that start a packet. */
const heads = (text: string): string[] =>
  text.split('\n').filter((line) => /^\d\d:\d\d:\d\d\.\d{6} /.test(line));

const reading = (file: string): string =>
  `reading from file ${file}, link-type EN10MB (Ethernet), snapshot length 262144\n`;

/** A pcap file's records: where each starts, its header fields, its frame. */
interface PcapRecord {
  offset: number;
  sec: number;
  frac: number;
  caplen: number;
  len: number;
  frame: Buffer;
}

function records(file: Buffer): PcapRecord[] {
  const out: PcapRecord[] = [];
  for (let o = 24; o < file.length;) {
    const caplen = file.readUInt32LE(o + 8);
    out.push({
      offset: o,
      sec: file.readUInt32LE(o),
      frac: file.readUInt32LE(o + 4),
      caplen,
      len: file.readUInt32LE(o + 12),
      frame: file.subarray(o + 16, o + 16 + caplen),
    });
    o += 16 + caplen;
  }
  return out;
}

/** The same file in network byte order, with nanoseconds if `nano`. */
function rewritten(file: Buffer, nano: boolean): Buffer {
  const out = Buffer.from(file);
  out.writeUInt32BE(nano ? 0xa1b23c4d : 0xa1b2c3d4, 0);
  out.writeUInt16BE(file.readUInt16LE(4), 4);
  out.writeUInt16BE(file.readUInt16LE(6), 6);
  for (const at of [8, 12, 16, 20]) out.writeUInt32BE(file.readUInt32LE(at), at);
  for (const r of records(file)) {
    out.writeUInt32BE(r.sec, r.offset);
    out.writeUInt32BE(nano ? r.frac * 1000 + 999 : r.frac, r.offset + 4);
    out.writeUInt32BE(r.caplen, r.offset + 8);
    out.writeUInt32BE(r.len, r.offset + 12);
  }
  return out;
}

/** Runs `jobs`, `width` at a time (a bounded pool: the TS twin starts a node each). */
async function pool<T>(jobs: (() => Promise<T>)[], width = 4): Promise<T[]> {
  const results: T[] = new Array<T>(jobs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < jobs.length) {
        const i = next++;
        results[i] = await jobs[i]();
      }
    }),
  );
  return results;
}

/**
 * Python on lo: a UDP question and answer, then a TCP connection with data each way, all
 * on `port`; prints "done".
 */
const TRAFFIC = `
import socket, sys
port = int(sys.argv[1])
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(("127.0.0.1", port))
c = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); c.sendto(b"hello\\n", ("127.0.0.1", port))
data, peer = u.recvfrom(100); u.sendto(data.upper(), peer); c.recvfrom(100)
l = socket.socket(); l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
l.bind(("127.0.0.1", port)); l.listen(1)
t = socket.create_connection(("127.0.0.1", port)); a, _ = l.accept()
t.sendall(b"question"); a.recv(100); a.sendall(b"answer"); t.recv(100)
t.close(); a.recv(100); a.close(); l.close()
print("done", flush=True)
`;

describe.skipIf(!root || !python)(
  `capture -w and -r on lo${root ? '' : ' (skipped: needs root for AF_PACKET)'}${python ? '' : ' (skipped: needs python3)'}`,
  () => {
    it.skipIf(!tcpdump)(
      'C and TS write the same file, which tcpdump reads with no warning; -r of ours and of tcpdump -w prints what the live capture printed',
      async () => {
        built();
        const port = await freePort();
        const file = (name: string): string => join(dir, `${name}-${port}.pcap`);
        const filter = ['port', String(port)];
        const live = languages.map((language) =>
          start(capture(language, ['-X', '-w', file(language), ...filter])),
        );
        const quiet = start(capture('c', ['-w', file('quiet'), ...filter]));
        // --immediate-mode: each packet as it comes (else a block of them, on a timer).
        const dump = start([
          'tcpdump',
          '-i',
          'lo',
          '--immediate-mode',
          '-U',
          '-w',
          file('tcpdump'),
          ...filter,
        ]);
        await Promise.all(
          [...live, quiet, dump].map((p) =>
            waitForOutput(p, 'stderr', /listening on lo/, scaled(20_000)),
          ),
        );
        const traffic = await runProgram(['python3', '-c', TRAFFIC, String(port)], {
          killAfterMs: scaled(15_000),
        });
        expect(traffic.stdout.toString(), traffic.stderr.toString()).toBe('done\n');
        const [c, ts, q, d] = await Promise.all([...live, quiet, dump].map(stopCapture));
        const text = c.stdout.toString();
        const n = heads(text).length;
        // UDP: 2 datagrams; TCP: handshake, 2 data segments and their ACKs, FINs: at least 9.
        expect(n).toBeGreaterThanOrEqual(11);
        expect(untimed(ts.stdout.toString())).toBe(untimed(text));
        for (const r of [c, ts, q])
          expect(r.stderr.toString()).toBe(
            `listening on lo\n${n} packets captured\n0 packets dropped by kernel\n`,
          );
        expect(q.stdout.toString()).toBe(''); // -w alone prints nothing, as tcpdump -w
        expect(d.stderr.toString()).toMatch(new RegExp(`^${n} packets captured$`, 'm'));

        // The files: the same header, the same frames with their lengths; C's and TS's
        // timestamps are their own sockets' (a microsecond apart at most, not compared).
        const bytes = Object.fromEntries(
          ['c', 'ts', 'quiet', 'tcpdump'].map((name) => [name, readFileSync(file(name))]),
        );
        const header = bytes.c.subarray(0, 24);
        expect(header.toString('hex')).toBe(
          // magic a1b2c3d4, 2.4, thiszone 0, sigfigs 0, snaplen 262144, LINKTYPE_ETHERNET
          'd4c3b2a1' + '0200' + '0400' + '00000000' + '00000000' + '00000400' + '01000000',
        );
        const frames = (name: string): string[][] =>
          records(bytes[name]).map((r) => [
            String(r.caplen),
            String(r.len),
            r.frame.toString('hex'),
          ]);
        expect(frames('c')).toHaveLength(n);
        for (const name of ['ts', 'quiet', 'tcpdump']) {
          expect(bytes[name].subarray(0, 24).equals(header), name).toBe(true);
          expect(frames(name), name).toEqual(frames('c'));
        }
        // The frames are the ones printed: the IP packet after the 14 bytes of Ethernet.
        const printed = [
          ...text.matchAll(/length (\d+), cksum 0x([0-9a-f]{4}) \((?:correct|incorrect)\)\)$/gm),
        ];
        expect(printed.map((m) => Number(m[1]))).toEqual(
          records(bytes.c).map((r) => r.caplen - 14),
        );

        // tcpdump reads ours with no warning, and counts the same packets.
        for (const name of ['c', 'ts', 'quiet']) {
          const r = spawnSync('tcpdump', ['-r', file(name), '-n'], { encoding: 'utf8' });
          expect(r.status, r.stderr).toBe(0);
          expect(r.stderr).toBe(
            `reading from file ${file(name)}, link-type EN10MB (Ethernet), snapshot length 262144\n`,
          );
          expect(r.stdout.trimEnd().split('\n')).toHaveLength(n);
        }

        // -r: ours prints the live capture's text, timestamps included (the same socket's);
        // tcpdump's file, the same text but for the timestamps (its own socket's).
        for (const language of languages) {
          const own = await run(language, ['-X', '-r', file('c'), ...filter]);
          expect(own.status).toBe(0);
          expect(own.stdout.toString()).toBe(text);
          expect(own.stderr.toString()).toBe(reading(file('c')));
          const theirs = await run(language, ['-X', '-r', file('tcpdump'), ...filter]);
          expect(theirs.status).toBe(0);
          expect(untimed(theirs.stdout.toString())).toBe(untimed(text));
          expect(theirs.stderr.toString()).toBe(reading(file('tcpdump')));
          // The filter applies as live: the UDP datagrams only, and -c stops after one.
          const udp = await run(language, ['-c', '1', '-r', file('c'), 'udp']);
          expect(udp.stdout.toString().split('\n').slice(0, 2).join('\n')).toBe(
            text
              .split('\n')
              .filter((line) => !line.startsWith('\t'))
              .slice(0, 2)
              .join('\n'),
          );
          expect(heads(udp.stdout.toString())).toHaveLength(1);
        }

        // The other byte order, and nanoseconds: the same text.
        for (const nano of [false, true]) {
          const other = join(dir, `other-${nano}-${port}.pcap`);
          writeFileSync(other, rewritten(bytes.c, nano));
          const tcpdumpReads = spawnSync('tcpdump', ['-r', other, '-n'], { encoding: 'utf8' });
          expect(tcpdumpReads.status, tcpdumpReads.stderr).toBe(0);
          for (const language of languages) {
            const r = await run(language, ['-X', '-r', other]);
            expect(r.stderr.toString()).toBe(reading(other));
            expect(r.stdout.toString()).toBe(text);
          }
        }

        // -r with -w: the file again, byte for byte.
        const copy = join(dir, `copy-${port}.pcap`);
        for (const language of languages) {
          const r = await run(language, ['-r', file('c'), '-w', copy]);
          expect([r.status, r.stdout.toString()]).toEqual([0, '']);
          expect(readFileSync(copy).equals(bytes.c), language).toBe(true);
        }
      },
      scaled(120_000),
    );
  },
);

/**
 * A real capture of 2 datagrams, taken once (root), that the next tests cut and damage.
 * Its records, and what -r prints of it.
 */
interface Fixture {
  bytes: Buffer;
  records: PcapRecord[];
  text: string;
}

describe.skipIf(!root || !python)(
  `capture -r of a damaged file, C and TS${root ? '' : ' (skipped: needs root to take the capture)'}`,
  () => {
    let fixture: Fixture;
    beforeAll(async () => {
      built();
      const port = await freePort();
      const file = join(dir, `fixture-${port}.pcap`);
      const live = start(capture('c', ['-c', '2', '-w', file, 'udp', 'port', String(port)]));
      await waitForOutput(live, 'stderr', /listening on lo/, scaled(20_000));
      const send = await runProgram(
        [
          'python3',
          '-c',
          `import socket; u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(("127.0.0.1", ${port}))
c = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); c.sendto(b"hello\\n", ("127.0.0.1", ${port}))
d, p = u.recvfrom(9); u.sendto(d.upper(), p)`,
        ],
        { killAfterMs: scaled(15_000) },
      );
      expect(send.status, send.stderr.toString()).toBe(0);
      const ended = await live.done;
      expect(ended.stderr.toString()).toBe(
        'listening on lo\n2 packets captured\n0 packets dropped by kernel\n',
      );
      const bytes = readFileSync(file);
      const read = await run('c', ['-X', '-r', file]);
      expect(read.status).toBe(0);
      fixture = { bytes, records: records(bytes), text: read.stdout.toString() };
      expect(fixture.records.map((r) => r.caplen)).toEqual([14 + 34, 14 + 34]);
    }, scaled(60_000));

    /** What -r prints of the fixture's first `k` packets. */
    const firstPackets = (k: number): string => {
      const starts = [...fixture.text.matchAll(/^\d\d:\d\d:\d\d\.\d{6} /gm)].map((m) => m.index!);
      return k >= starts.length ? fixture.text : fixture.text.slice(0, starts[k]);
    };

    /** Both twins on `bytes` (written to `name`): the same output; returns C's. */
    const both = async (name: string, bytes: Buffer): Promise<ProgramResult> => {
      const file = join(dir, name);
      writeFileSync(file, bytes);
      const [c, ts] = await Promise.all(languages.map((l) => run(l, ['-X', '-r', file])));
      expect([ts.status, ts.signal], name).toEqual([c.status, c.signal]);
      expect(ts.stdout.toString(), name).toBe(c.stdout.toString());
      expect(ts.stderr.toString(), name).toBe(c.stderr.toString());
      return c;
    };

    it(
      'cut at every byte: the packets before the cut, then what is missing and where, exit 1',
      async () => {
        const size = fixture.bytes.length;
        const results = await pool(
          Array.from({ length: size + 1 }, (_, cut) => async () => ({
            cut,
            file: join(dir, `cut-${cut}.pcap`),
            result: await both(`cut-${cut}.pcap`, fixture.bytes.subarray(0, cut)),
          })),
        );
        for (const { cut, file, result } of results) {
          const where = `cut at ${cut} of ${size}`;
          let expected: { status: number; stdout: string; stderr: string };
          if (cut < 24) {
            expected = {
              status: 1,
              stdout: '',
              stderr: `capture: ${file}: truncated file header: ${cut} of 24 bytes at byte ${cut}\n`,
            };
          } else {
            const k = fixture.records.findIndex((r) => cut < r.offset + 16 + r.caplen);
            if (k < 0) expected = { status: 0, stdout: fixture.text, stderr: reading(file) };
            else {
              const r = fixture.records[k];
              const what =
                cut === r.offset
                  ? undefined
                  : cut < r.offset + 16
                    ? `packet ${k + 1}: truncated header: ${cut - r.offset} of 16 bytes`
                    : `packet ${k + 1}: truncated data: ${cut - r.offset - 16} of ${r.caplen} bytes`;
              expected = {
                status: what === undefined ? 0 : 1,
                stdout: firstPackets(k),
                stderr:
                  reading(file) +
                  (what === undefined ? '' : `capture: ${file}: ${what} at byte ${cut}\n`),
              };
            }
          }
          expect(
            {
              status: result.status,
              stdout: result.stdout.toString(),
              stderr: result.stderr.toString(),
            },
            where,
          ).toEqual(expected);
        }
      },
      scaled(240_000),
    );

    it(
      'a byte flipped in the file header or a packet header: the field it breaks, at its offset, or the same packets',
      async () => {
        const positions = [
          ...Array.from({ length: 24 }, (_, i) => i),
          ...fixture.records.flatMap((r) => Array.from({ length: 16 }, (_, i) => r.offset + i)),
        ];
        const results = await pool(
          positions.map((at) => async () => {
            const bytes = Buffer.from(fixture.bytes);
            bytes[at] ^= 0xff;
            const name = `flip-${at}.pcap`;
            return { at, bytes, file: join(dir, name), result: await both(name, bytes) };
          }),
        );
        for (const { at, bytes, file, result } of results) {
          const stderr = result.stderr.toString();
          const stdout = result.stdout.toString();
          const error = (what: string, offset: number): string =>
            `capture: ${file}: ${what} at byte ${offset}\n`;
          const where = `byte ${at} flipped`;
          expect(result.signal, where).toBeNull();
          if (at < 4) {
            const magic = bytes.readUInt32BE(0).toString(16).padStart(8, '0');
            expect([result.status, stdout, stderr], where).toEqual([
              1,
              '',
              error(`not a pcap file: magic 0x${magic}`, 0),
            ]);
          } else if (at < 8) {
            const v = `${bytes.readUInt16LE(4)}.${bytes.readUInt16LE(6)}`;
            expect([result.status, stdout, stderr], where).toEqual([
              1,
              '',
              error(`version ${v} is not supported (2.4 expected)`, 4),
            ]);
          } else if (at < 20) {
            // thiszone, sigfigs, snaplen: not used to read (tcpdump's reading ignores them too).
            expect([result.status, stdout], where).toEqual([0, fixture.text]);
            expect(stderr, where).toBe(
              `reading from file ${file}, link-type EN10MB (Ethernet), snapshot length ${bytes.readUInt32LE(16)}\n`,
            );
          } else if (at < 24) {
            expect([result.status, stdout, stderr], where).toEqual([
              1,
              '',
              error(
                `link type ${bytes.readUInt32LE(20)} is not supported (1, Ethernet, expected)`,
                20,
              ),
            ]);
          } else {
            const k = fixture.records.findIndex((r) => at >= r.offset && at < r.offset + 16);
            const r = fixture.records[k];
            const field = at - r.offset;
            const before = firstPackets(k);
            const caplen = bytes.readUInt32LE(r.offset + 8);
            const len = bytes.readUInt32LE(r.offset + 12);
            expect(stderr.startsWith(reading(file)), where).toBe(true);
            expect(stdout.startsWith(before), where).toBe(true);
            if (field < 4) {
              // ts_sec: the same packets, another time of day.
              expect([result.status, untimed(stdout)], where).toEqual([0, untimed(fixture.text)]);
            } else if (field < 8) {
              const usec = bytes.readUInt32LE(r.offset + 4);
              if (usec >= 1_000_000)
                expect([result.status, stdout, stderr], where).toEqual([
                  1,
                  before,
                  reading(file) +
                    error(`packet ${k + 1}: microseconds ${usec} out of range`, r.offset + 4),
                ]);
              else
                expect([result.status, untimed(stdout)], where).toEqual([0, untimed(fixture.text)]);
            } else if (caplen > 262144 || caplen > len || caplen < 14) {
              expect([result.status, stdout, stderr], where).toEqual([
                1,
                before,
                reading(file) +
                  error(
                    `packet ${k + 1}: captured length ${caplen} (original length ${len}) is not from 14 to 262144 and at most the original length`,
                    r.offset + 8,
                  ),
              ]);
            } else if (field >= 12) {
              // orig_len only, still above the captured length: not printed, the same text.
              expect([result.status, stdout], where).toEqual([0, fixture.text]);
            } else {
              // A captured length that fits: the records after it are misread, and that is
              // said (or, at the end of the file, the packet is cut short).
              expect(result.status, where).toBe(1);
              expect(stderr, where).toMatch(/^capture: .*: packet \d: .* at byte \d+\n$/m);
            }
          }
        }
      },
      scaled(240_000),
    );
  },
);

/**
 * In a network namespace of its own (unshare -n, lo up): capture stopped (SIGSTOP) while
 * `count` datagrams of 60,000 bytes go to a socket that does not read them, then continued
 * and stopped (SIGTERM, again every 200 ms until it ends). Prints capture's stderr.
 */
const DROPS = `
import os, signal, socket, subprocess, sys, time
subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
count = int(sys.argv[1])
cap = subprocess.Popen(sys.argv[2:] + ["udp", "port", "9"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
line = cap.stderr.readline()
assert line == b"listening on lo\\n", line
sink = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); sink.bind(("127.0.0.1", 9))
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
os.kill(cap.pid, signal.SIGSTOP)
for i in range(count): s.sendto(b"x" * 60000, ("127.0.0.1", 9))
os.kill(cap.pid, signal.SIGCONT)
for i in range(100):
    if cap.poll() is not None: break
    cap.send_signal(signal.SIGTERM)
    try: cap.wait(0.2)
    except subprocess.TimeoutExpired: pass
if cap.poll() is None: cap.kill()
sys.stdout.write(cap.stderr.read().decode())
`;

const unshare = root && spawnSync('unshare', ['-n', 'true']).status === 0;

describe.skipIf(!unshare || !python)(
  `capture's drop count${unshare ? '' : ' (skipped: needs root and unshare -n)'}`,
  () => {
    it.each(languages)(
      '%s: a queue overflowed while it was stopped: captured + dropped by kernel = sent, exactly',
      async (language) => {
        built();
        // 1,000 datagrams of 60,000 bytes: more than the queue holds (SO_RCVBUFFORCE of
        // 16 MiB, which the kernel doubles for its bookkeeping, socket(7)).
        const count = 1000;
        const r = await runProgram(
          ['unshare', '-n', 'python3', '-c', DROPS, String(count), ...capture(language, [])],
          { env: TZ, killAfterMs: scaled(60_000) },
        );
        expect(r.status, r.stderr.toString()).toBe(0);
        const m = /^(\d+) packets captured\n(\d+) packets dropped by kernel\n$/.exec(
          r.stdout.toString(),
        );
        expect(m, r.stdout.toString()).not.toBeNull();
        const [captured, dropped] = [Number(m![1]), Number(m![2])];
        expect(dropped).toBeGreaterThan(0);
        expect(captured).toBeGreaterThan(0);
        expect(captured + dropped).toBe(count);
      },
      scaled(90_000),
    );
  },
);

/**
 * The calls on the pcap files, from `strace -f` of `command`: each openat of one of `files`,
 * then read, write and close on the fd it gave, the fd named by its file, the buffers left out.
 */
function fileCalls(command: string[], files: string[]): string[] {
  const out = join(dir, `strace-${process.pid}-${Math.random().toString(16).slice(2)}.txt`);
  const r = spawnSync(
    'strace',
    ['-f', '-qq', '-e', 'trace=openat,read,write,close', '-o', out, ...command],
    { env: TZ, timeout: scaled(30_000) },
  );
  expect(r.status, r.stderr.toString()).toBe(0);
  const open = new Map<string, string>(); // "pid fd" -> file
  const calls: string[] = [];
  for (const line of readFileSync(out, 'utf8').split('\n')) {
    const m = /^(\d+) +(\w+)\((.*)\) += (-?\d+)/.exec(line);
    if (!m) continue;
    const [, pid, name, args, ret] = m;
    if (name === 'openat') {
      const file = files.find((f) => args.startsWith(`AT_FDCWD, "${f}", `));
      if (file === undefined) continue;
      open.set(`${pid} ${ret}`, file);
      calls.push(`openat(${args.replace(`"${file}"`, `"${files.indexOf(file)}"`)}) = fd`);
      continue;
    }
    const fd = /^(\d+)/.exec(args)?.[1];
    const file = open.get(`${pid} ${fd}`);
    if (file === undefined) continue;
    const rest = args.replace(/^\d+, "(?:[^"\\]|\\.)*"(?:\.\.\.)?/, '').replace(/^\d+/, '');
    calls.push(`${name}(${files.indexOf(file)}${rest}) = ${ret}`);
    if (name === 'close') open.delete(`${pid} ${fd}`);
  }
  return calls;
}

describe.skipIf(!root || !python || spawnSync('strace', ['-V']).status !== 0)(
  'capture -r FILE -w COPY, C and TS: the same calls on the files (strace)',
  () => {
    it(
      'openat, a read per header and per packet, a write per packet, close',
      async () => {
        built();
        const port = await freePort();
        const file = join(dir, `calls-${port}.pcap`);
        const live = start(capture('c', ['-c', '2', '-w', file, 'udp', 'port', String(port)]));
        await waitForOutput(live, 'stderr', /listening on lo/, scaled(20_000));
        const send = await runProgram(
          [
            'python3',
            '-c',
            `import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for m in (b"one", b"two"): s.sendto(m, ("127.0.0.1", ${port}))`,
          ],
          { killAfterMs: scaled(15_000) },
        );
        expect(send.status).toBe(0);
        await live.done;
        const copy = join(dir, `calls-copy-${port}.pcap`);
        const [c, ts] = languages.map((language) =>
          fileCalls(capture(language, ['-r', file, '-w', copy]), [file, copy]),
        );
        expect(ts).toEqual(c);
        expect(c).toEqual([
          'openat(AT_FDCWD, "1", O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC, 0644) = fd',
          'write(1, 24) = 24',
          'openat(AT_FDCWD, "0", O_RDONLY|O_CLOEXEC) = fd',
          'read(0, 24) = 24',
          'read(0, 16) = 16',
          `read(0, ${14 + 20 + 8 + 3}) = ${14 + 20 + 8 + 3}`,
          `write(1, ${16 + 14 + 20 + 8 + 3}) = ${16 + 14 + 20 + 8 + 3}`,
          'read(0, 16) = 16',
          `read(0, ${14 + 20 + 8 + 3}) = ${14 + 20 + 8 + 3}`,
          `write(1, ${16 + 14 + 20 + 8 + 3}) = ${16 + 14 + 20 + 8 + 3}`,
          'read(0, 16) = 0',
          'close(0) = 0',
          'close(1) = 0',
        ]);
      },
      scaled(60_000),
    );
  },
);

describe('capture -r of what is not a pcap file, C and TS', () => {
  const both = async (name: string, bytes: Buffer | undefined): Promise<[number, string]> => {
    const file = join(dir, name);
    if (bytes) writeFileSync(file, bytes);
    const [c, ts] = await Promise.all(languages.map((l) => run(l, ['-r', file])));
    expect([ts.status, ts.stdout.toString(), ts.stderr.toString()]).toEqual([
      c.status,
      c.stdout.toString(),
      c.stderr.toString(),
    ]);
    expect(c.stdout.toString()).toBe('');
    return [c.status!, c.stderr.toString()];
  };

  it(
    'pcapng, text, an empty file, a missing file, another link type, another version',
    async () => {
      built();
      // A pcapng Section Header Block (what tshark and dumpcap write by default).
      const shb = Buffer.from('0a0d0d0a1c0000004d3c2b1a01000000ffffffffffffffff1c000000', 'hex');
      const f = (name: string): string => join(dir, name);
      expect(await both('a.pcapng', shb)).toEqual([
        1,
        `capture: ${f('a.pcapng')}: pcapng (block type 0x0a0d0d0a) is not supported, only pcap: editcap -F pcap converts it at byte 0\n`,
      ]);
      expect(await both('text.pcap', Buffer.from('hello, world\n'))).toEqual([
        1,
        `capture: ${f('text.pcap')}: not a pcap file: magic 0x68656c6c at byte 0\n`,
      ]);
      expect(await both('empty.pcap', Buffer.alloc(0))).toEqual([
        1,
        `capture: ${f('empty.pcap')}: truncated file header: 0 of 24 bytes at byte 0\n`,
      ]);
      expect(await both('missing.pcap', undefined)).toEqual([
        1,
        `${f('missing.pcap')}: No such file or directory\n`,
      ]);
      const header = (linktype: number, major = 2, minor = 4): Buffer => {
        const h = Buffer.alloc(24);
        h.writeUInt32LE(0xa1b2c3d4, 0);
        h.writeUInt16LE(major, 4);
        h.writeUInt16LE(minor, 6);
        h.writeUInt32LE(262144, 16);
        h.writeUInt32LE(linktype, 20);
        return h;
      };
      // LINKTYPE_LINUX_SLL (113): what tcpdump -i any writes.
      expect(await both('sll.pcap', header(113))).toEqual([
        1,
        `capture: ${f('sll.pcap')}: link type 113 is not supported (1, Ethernet, expected) at byte 20\n`,
      ]);
      expect(await both('old.pcap', header(1, 2, 3))).toEqual([
        1,
        `capture: ${f('old.pcap')}: version 2.3 is not supported (2.4 expected) at byte 4\n`,
      ]);
      // -w or -r without its file: the usage, before any file or socket is opened.
      for (const args of [['-w'], ['-r'], ['-r', f('none.pcap'), 'icmp']]) {
        const [c, ts] = await Promise.all(languages.map((l) => run(l, args)));
        const usage =
          'usage : capture [-i interface | -r fichier] [-w fichier] [-X] [-c nombre] [udp|tcp] [port N]\n';
        expect([c.status, c.stdout.toString(), c.stderr.toString()]).toEqual([1, '', usage]);
        expect([ts.status, ts.stdout.toString(), ts.stderr.toString()]).toEqual([1, '', usage]);
      }
      // A header alone: a capture of no packet.
      expect(await both('none.pcap', header(1))).toEqual([0, reading(f('none.pcap'))]);
    },
    scaled(60_000),
  );
});
