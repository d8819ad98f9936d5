/**
 * docs/debugging.md "Debugging like the course: netstat, strace, netcat, tcpdump" (issue 12,
 * moved out of the README by issue 22): the section quotes what the course's tools and this
 * package's printed on one machine. This test runs the package's commands again, and Debian's tcpdump and netcat where they are
 * installed, and checks the lines quoted against what they print now, pids, fds of node,
 * Node's thread name, ephemeral ports, times, IP ids and IP checksums aside (the UDP checksums are the same in
 * every run: the pseudo-header's sum).
 *
 * - nc runs on loopback, no root needed: the reply printed, `-w1` ending by itself, no `-w`
 *   never ending (killed), Debian's `-q1` ending without the reply.
 * - The rest runs as root, each part in namespaces of its own (`unshare -n -p -f
 *   --mount-proc --kill-child`): port 3000 is free there, `lo` carries no other traffic, and
 *   SIGKILL to unshare kills every process of the part at once. Without root, or where
 *   unshare cannot, it is skipped with the reason. netstat (net-tools) is not needed: its
 *   lines in the doc are not checked here.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import {
  delay,
  freePort,
  runProgram,
  startProgram,
  waitForOutput,
  waitUntilBound,
  type RunningProgram,
} from '../course/lib/harness';
import { commandFor } from '../course/programs';
import type { Language } from '../course/programs';
import { missingBuilds } from './course/helpers';
import { scaled } from './course/timeouts';
import { repoRoot } from './helpers/child';

const root = process.getuid?.() === 0;
const namespaces =
  root &&
  spawnSync('unshare', ['-n', '-p', '-f', '--mount-proc', '--kill-child', 'true']).status === 0;
const namespaceSkip = !root
  ? 'needs root (unshare -n, AF_PACKET capture)'
  : !namespaces
    ? 'unshare -n -p -f --mount-proc does not work here'
    : null;
const hasCommand = (name: string): boolean =>
  spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
const tcpdump = hasCommand('tcpdump');
const debianNetcat = hasCommand('nc.openbsd');
const python = hasCommand('python3');
const LANGUAGES: readonly Language[] = ['c', 'ts'];

const running: RunningProgram[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((program) => program.stop()));
});

function built(): void {
  const missing = missingBuilds();
  if (missing !== null) throw new Error(missing);
}

// ---------------------------------------------------------------------------------------
// What docs/debugging.md quotes.

function section(): string {
  const doc = fs.readFileSync(path.join(repoRoot, 'docs', 'debugging.md'), 'utf8');
  const start = doc.indexOf('\n## Debugging like the course: netstat, strace, netcat, tcpdump\n');
  expect(start, 'the section is in docs/debugging.md').toBeGreaterThan(0);
  const end = doc.indexOf('\n## ', start + 1);
  return doc.slice(start, end === -1 ? undefined : end);
}

/**
 * The name `ss -p` and sockstat give a TS program: its first thread's (/proc/PID/comm), which
 * Node's version sets: `node` on Node 20 and 22, `MainThread` on 24, `node-MainThread` on 26.
 * The doc quotes Node 20's `node`.
 */
const nodeThreadName = spawnSync(process.execPath, [
  '-e',
  "process.stdout.write(require('fs').readFileSync('/proc/self/comm', 'utf8').trim())",
]).stdout.toString();

/** The lines of the fenced blocks of the section, in order. */
function blockLines(): string[] {
  return [...section().matchAll(/```\n([\s\S]*?)```/g)].flatMap((m) => m[1].split('\n'));
}

/**
 * The output the doc quotes under the first `$ <command>` line (a trailing `# comment`
 * aside): the lines up to the next `$ ` line or the end of its block.
 */
function quotedOutput(command: string): string[] {
  const lines = section()
    .split('\n')
    .map((line) => line.replace(/\s+$/, ''));
  const at = lines.findIndex((line) => line.replace(/\s+#.*$/, '') === `$ ${command}`);
  expect(at, `docs/debugging.md quotes "$ ${command}"`).toBeGreaterThanOrEqual(0);
  const output: string[] = [];
  for (const line of lines.slice(at + 1)) {
    if (line.startsWith('$ ') || line === '```') break;
    output.push(line);
  }
  return output;
}

// ---------------------------------------------------------------------------------------
// Normalizing what changes from run to run.

/** A port the kernel picked (not one of the course's 3000, 3001). */
const EPHEMERAL = /\b(?!300[01]\b)(\d{4,5})\b/;

/** A sockstat line as its columns, pids and ephemeral ports replaced (columns are padded). */
function sockstatColumns(line: string): string[] {
  return line
    .trim()
    .split(/\s+/)
    .map((column) =>
      column
        .replace(/pid=\d+/g, 'pid=PID')
        .replace(`(("${nodeThreadName}",pid=PID,`, '(("node",pid=PID,')
        .replace(/\(\("node",pid=PID,fd=\d+\)\)/, '(("node",pid=PID,fd=FD))')
        .replace(new RegExp(`:${EPHEMERAL.source}$`), ':PORT'),
    );
}

/**
 * A capture/tcpdump line with its time, IP id and IP checksum replaced, and the ephemeral
 * port; in the hex dump, the words and the ASCII column that hold them.
 */
function packetLine(line: string): string {
  const dump = /^(\s+0x([0-9a-f]{4}): {2})(.{39}) {2}(.*)$/.exec(line);
  if (dump) {
    const [, head, offset, hex, ascii] = dump;
    const words = hex.trim().split(' ');
    if (offset === '0000') for (const i of [2, 5]) words[i] = 'xxxx';
    if (offset === '0010') for (const i of [2, 3]) if (words[i] !== '0bb8') words[i] = 'pppp';
    const masked = offset === '0000' || offset === '0010' ? ascii.replace(/./g, '.') : ascii;
    return `${head}${words.join(' ').padEnd(39)}  ${masked}`;
  }
  return line
    .replace(/^\d\d:\d\d:\d\d\.\d{6} /, 'HH:MM:SS.uuuuuu ')
    .replace(/\bid \d+,/, 'id ID,')
    .replace(/length (\d+), cksum 0x[0-9a-f]{4} \(correct\)/, 'length $1, cksum 0xIPIP (correct)')
    .replace(/-> 0x[0-9a-f]{4}!/, '-> 0xUDPS!')
    .replace(new RegExp(`(127\\.0\\.0\\.1|localhost)\\.${EPHEMERAL.source}`, 'g'), '$1.PORT')
    .replace(/\blocalhost\./g, '127.0.0.1.');
}

// ---------------------------------------------------------------------------------------
// A part in namespaces of its own.

/** The shell functions every part starts with; WAIT_TENTHS bounds every wait. */
const PRELUDE = String.raw`
set -u
ip link set lo up
waitfor() {
  for i in $(seq "$WAIT_TENTHS"); do eval "$1" && return 0; sleep 0.1; done
  echo "waitfor gave up: $1" >&2; return 1
}
`;

/**
 * Runs `script` with bash in new network, pid and mount namespaces, from the repository's
 * root, in a temporary directory given as $T. SIGKILL after `killAfterMs` (unshare ignores
 * SIGTERM; --kill-child takes the namespace's init, and with it every process, along).
 * Returns what it printed, split at its "@@ name" lines.
 */
async function inNamespaces(script: string, killAfterMs: number): Promise<Map<string, string>> {
  const temp = fs.mkdtempSync('/tmp/readme-debugging-');
  try {
    const program = startProgram(
      ['unshare', '-n', '-p', '-f', '--mount-proc', '--kill-child', 'bash', '-c', PRELUDE + script],
      {
        cwd: repoRoot,
        env: {
          ...process.env,
          T: temp,
          NODE: process.execPath,
          WAIT_TENTHS: String(Math.ceil(scaled(5000) / 100)),
        },
      },
    );
    const timer = setTimeout(() => program.child.kill('SIGKILL'), killAfterMs);
    const result = await program.done.finally(() => clearTimeout(timer));
    const stdout = result.stdout.toString();
    const stderr = result.stderr.toString();
    expect(result.signal, `killed after ${killAfterMs} ms; stderr: ${stderr}`).toBeNull();
    expect(result.status, `stderr: ${stderr}`).toBe(0);
    const parts = new Map<string, string>();
    let name = '';
    for (const line of stdout.split('\n')) {
      if (line.startsWith('@@ ')) {
        name = line.slice(3);
        parts.set(name, '');
      } else if (name !== '') {
        parts.set(name, `${parts.get(name)}${line}\n`);
      }
    }
    return parts;
  } finally {
    fs.rmSync(temp, { recursive: true, force: true });
  }
}

function part(parts: Map<string, string>, name: string): string {
  const text = parts.get(name);
  expect(text, `the part "${name}" was printed`).toBeDefined();
  return text ?? '';
}

const lines = (text: string): string[] => text.split('\n').filter((line) => line !== '');

// ---------------------------------------------------------------------------------------

describe('README "Debugging like the course": netcat', { timeout: scaled(40_000) }, () => {
  const od = (bytes: Buffer): string[] =>
    lines(spawnSync('od', ['-c'], { input: bytes }).stdout.toString()).map((line) =>
      line.replace(/\s+$/, ''),
    );

  /** serveur_ipv4's answer (upper case and a NUL), given 200 ms after the question. */
  const LATE_ECHO = [
    'import socket, sys, time',
    's = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)',
    "s.bind(('127.0.0.1', int(sys.argv[1])))",
    'data, peer = s.recvfrom(4096)',
    'time.sleep(0.2)',
    "s.sendto(data.upper() + b'\\0', peer)",
  ].join('\n');

  async function server(): Promise<number> {
    built();
    const port = await freePort();
    const program = startProgram(commandFor('c', 'udp_ipv4/serveur_ipv4', [String(port)]));
    running.push(program);
    await waitUntilBound(program, 'udp', port, scaled(10_000));
    return port;
  }

  it('nc -u -w1 (C and TS) prints the od -c lines quoted, and ends by itself', async () => {
    const port = await server();
    const quoted = quotedOutput(
      'echo "hello" | npx bsd-sockets-course nc -u -w1 localhost 3000 | od -c',
    );
    expect(quoted).toEqual(['0000000   H   E   L   L   O  \\n  \\0', '0000007']);
    for (const language of LANGUAGES) {
      const result = await runProgram(
        commandFor(language, 'tools/nc', ['-u', '-w1', 'localhost', String(port)]),
        { stdin: 'hello\n', killAfterMs: scaled(10_000) },
      );
      expect(result.signal, language).toBeNull();
      expect(result.status, language).toBe(0);
      expect(od(result.stdout), language).toEqual(quoted);
    }
  });

  /**
   * Starts `command` with "hello\n" on its stdin, waits for the reply, then checks that it is
   * still running 2 s later (twice the -w1 that would have ended it) and stops it.
   */
  async function stillRunningAfterTheReply(command: string[]): Promise<Buffer> {
    const program = startProgram(command, { stdin: 'hello\n' });
    running.push(program);
    await waitForOutput(program, 'stdout', /HELLO\n\0/, scaled(10_000));
    await delay(2000);
    expect(program.child.exitCode, command.join(' ')).toBeNull();
    const result = await program.stop();
    expect(result.signal, command.join(' ')).toBe('SIGTERM');
    return result.stdout;
  }

  it('nc -u without -w (C and TS) prints the reply and does not end', async () => {
    const port = await server();
    for (const language of LANGUAGES) {
      const stdout = await stillRunningAfterTheReply(
        commandFor(language, 'tools/nc', ['-u', 'localhost', String(port)]),
      );
      expect(stdout, language).toEqual(Buffer.from('HELLO\n\0'));
    }
  });

  it.skipIf(!debianNetcat)(
    `Debian's netcat -u: no -w never ends, -w1 ends with the reply, -q1 ends without it${debianNetcat ? '' : ' (skipped: nc.openbsd is not installed)'}`,
    async () => {
      const port = await server();
      const netcat = (options: string[], killAfterMs: number) =>
        runProgram(['nc.openbsd', '-u', ...options, 'localhost', String(port)], {
          stdin: 'hello\n',
          killAfterMs,
        });
      const forever = await stillRunningAfterTheReply([
        'nc.openbsd',
        '-u',
        'localhost',
        String(port),
      ]);
      expect(od(forever)).toEqual(quotedOutput('echo "hello" | netcat -u localhost 3000 | od -c'));
      const w1 = await netcat(['-w1'], scaled(10_000));
      expect([w1.status, w1.signal]).toEqual([0, null]);
      expect(od(w1.stdout)).toEqual(
        quotedOutput('echo "hello" | netcat -u -w1 localhost 3000 | od -c'),
      );
      // -q1 shuts the socket down for reading once stdin has ended: whether the course
      // server's reply is back before that is a race on loopback (seen both ways). Against
      // serveur_ipv4's answer given 200 ms late, it never is, and it is dropped.
      const late = await freePort();
      const echo = startProgram(['python3', '-c', LATE_ECHO, String(late)]);
      running.push(echo);
      await waitUntilBound(echo, 'udp', late, scaled(10_000));
      const q1 = await runProgram(['nc.openbsd', '-u', '-q1', 'localhost', String(late)], {
        stdin: 'hello\n',
        killAfterMs: scaled(10_000),
      });
      expect([q1.status, q1.signal]).toEqual([0, null]);
      expect(od(q1.stdout)).toEqual(['0000000']);
      expect(od(q1.stdout)).toEqual(
        quotedOutput('echo "hello" | netcat -u -q1 localhost 3000 | od -c'),
      );
    },
  );
});

describe.skipIf(namespaceSkip !== null)(
  `README "Debugging like the course": in namespaces of its own${namespaceSkip === null ? '' : ` (skipped: ${namespaceSkip})`}`,
  // Above each part's own kill timeout (40 s scaled at most), so that it reports first.
  { timeout: scaled(60_000) },
  () => {
    it('sockstat -uap (C and TS) prints the lines quoted; the TS port is node, its /proc cmdline says which', async () => {
      built();
      const parts = await inNamespaces(
        String.raw`
course/bin/udp_ipv4/serveur_ipv4 3000 > /dev/null 2>&1 &
"$NODE" dist/tools/course/cli.js udp_ipv4/serveur_ipv4 3001 > /dev/null 2>&1 &
waitfor '[ "$(ss -Huan | wc -l)" = 2 ]'
echo "@@ ts"; "$NODE" dist/tools/course/cli.js sockstat -uap
echo "@@ c"; "$NODE" dist/tools/course/cli.js sockstat --c -uap
echo "@@ without -a"; "$NODE" dist/tools/course/cli.js sockstat -up
for port in 3000 3001; do
  pid=$(ss -Huanp "sport = :$port" | sed -n 's/.*pid=\([0-9]*\).*/\1/p')
  echo "@@ cmdline $port"; tr '\0' ' ' < /proc/$pid/cmdline; echo
done
`,
        scaled(30_000),
      );
      const quoted = quotedOutput('npx bsd-sockets-course sockstat -uap').map(sockstatColumns);
      expect(quoted).toHaveLength(3);
      expect(quoted[2].at(-1)).toBe('users:(("node",pid=PID,fd=FD))');
      for (const language of ['ts', 'c']) {
        expect(lines(part(parts, language)).map(sockstatColumns), language).toEqual(quoted);
      }
      // Without -a, the header alone: an unconnected UDP socket is not listed.
      expect(lines(part(parts, 'without -a')).map(sockstatColumns)).toEqual([quoted[0]]);

      const cmdlines = blockLines()
        .filter((line) => line.startsWith("$ tr '\\0' ' ' < /proc/"))
        .map((line) => quotedOutput(line.slice(2))[0]);
      expect(cmdlines).toEqual([
        'course/bin/udp_ipv4/serveur_ipv4 3000',
        '/usr/bin/node /work/main/dist/course/udp_ipv4/serveur_ipv4.js 3001',
      ]);
      expect(part(parts, 'cmdline 3000').trim()).toBe(cmdlines[0]);
      // The machine's node and checkout, where the doc has /usr/bin/node and /work/main.
      expect(part(parts, 'cmdline 3001').trim()).toBe(
        cmdlines[1]
          .replace('/usr/bin/node', process.execPath)
          .replace('/work/main/', `${repoRoot}/`),
      );
    });

    it('capture -i lo -X udp (C and TS) prints the packets quoted: offload, 0xfe21 and 0xfe22', async () => {
      built();
      const parts = await inNamespaces(
        String.raw`
course/bin/udp_ipv4/serveur_ipv4 3000 > /dev/null 2>&1 &
waitfor 'ss -Huan | grep -q ":3000 "'
for language in ts c; do
  "$NODE" dist/tools/course/cli.js capture --$language -i lo -X udp > "$T/$language" 2> "$T/$language.err" &
  capture=$!
  waitfor "grep -q '^listening on lo' '$T/$language.err'"
  echo hello | course/bin/tools/nc -u -w1 localhost 3000 > /dev/null
  waitfor "[ \$(grep -c ' IP ' '$T/$language') -ge 2 ]"
  kill $capture; wait $capture
  # Its first stderr line, then its packets; its counts, printed as it ends, aside.
  echo "@@ $language"; head -n 1 "$T/$language.err"; cat "$T/$language"
  echo "@@ $language counts"; tail -n +2 "$T/$language.err"
done
`,
        scaled(30_000),
      );
      const quoted = quotedOutput('npx bsd-sockets-course capture -i lo -X udp').map(packetLine);
      expect(quoted).toHaveLength(11);
      expect(quoted[2]).toBe(
        '    127.0.0.1.PORT > 127.0.0.1.3000: UDP, length 6, cksum 0xfe21 (not computed yet: offload)',
      );
      for (const language of ['ts', 'c']) {
        expect(lines(part(parts, language)).map(packetLine), language).toEqual(quoted);
        // SIGTERM: it reads what is queued, then counts, as tcpdump does.
        expect(lines(part(parts, `${language} counts`)), language).toEqual([
          '2 packets captured',
          '0 packets dropped by kernel',
        ]);
      }
    });

    it.skipIf(!tcpdump)(
      `tcpdump -X -vvv: "bad udp cksum 0xfe21" on lo, none with -K, "No such device" for eth0${tcpdump ? '' : ' (skipped: tcpdump is not installed)'}`,
      async () => {
        built();
        const parts = await inNamespaces(
          String.raw`
course/bin/udp_ipv4/serveur_ipv4 3000 > /dev/null 2>&1 &
waitfor 'ss -Huan | grep -q ":3000 "'
echo "@@ eth0"; tcpdump -i eth0 -X -vvv udp 2>&1; echo "status $?"
for run in vvv K; do
  if [ $run = vvv ]; then options="-X -vvv"; else options="-K -vv"; fi
  tcpdump -n -l -i lo $options udp > "$T/$run" 2> "$T/$run.err" &
  capture=$!
  waitfor "grep -q '^tcpdump: listening on lo' '$T/$run.err'"
  echo hello | course/bin/tools/nc -u -w1 localhost 3000 > /dev/null
  waitfor "[ \$(grep -c ' IP ' '$T/$run') -ge 2 ]"
  kill -INT $capture; wait $capture
  # tcpdump's first stderr line, then its packets (its counts, printed as it ends, aside).
  echo "@@ $run"; head -n 1 "$T/$run.err"; cat "$T/$run"
done
`,
          scaled(30_000),
        );
        const eth0 = quotedOutput('tcpdump -i eth0 -X -vvv udp');
        expect(lines(part(parts, 'eth0'))).toEqual([...eth0, 'status 1']);

        const quoted = quotedOutput('tcpdump -i lo -X -vvv udp').map(packetLine);
        expect(quoted).toHaveLength(11);
        expect(quoted[2]).toBe(
          '    127.0.0.1.PORT > 127.0.0.1.3000: [bad udp cksum 0xfe21 -> 0xUDPS!] UDP, length 6',
        );
        expect(lines(part(parts, 'vvv')).map(packetLine)).toEqual(quoted);

        const K = lines(part(parts, 'K')).map(packetLine);
        expect(K.join('\n')).not.toContain('cksum');
        expect(K).toEqual(
          expect.arrayContaining(quotedOutput('tcpdump -K -i lo -n -vv udp').map(packetLine)),
        );
      },
    );

    it.skipIf(!tcpdump)(
      `piped: tcpdump prints nothing before it ends, tcpdump -l and capture line by line${tcpdump ? '' : ' (skipped: tcpdump is not installed)'}`,
      async () => {
        built();
        const parts = await inNamespaces(
          String.raw`
course/bin/udp_ipv4/serveur_ipv4 3000 > /dev/null 2>&1 &
waitfor 'ss -Huan | grep -q ":3000 "'
for run in block line capture; do
  case $run in
    block) command="tcpdump -i lo -n udp" ;;
    line) command="tcpdump -l -i lo -n udp" ;;
    capture) command="$NODE dist/tools/course/cli.js capture -i lo udp" ;;
  esac
  # The last run's "listening on lo" must not pass for this one's.
  rm -f "$T/err"
  sh -c 'echo $$ > "$T/pid"; exec '"$command"' 2> "$T/err"' | grep --line-buffered UDP > "$T/seen" &
  pipeline=$!
  waitfor "grep -q 'listening on lo' '$T/err'"
  echo hello | course/bin/tools/nc -u -w1 localhost 3000 > /dev/null
  # nc -w1 has waited 1 s after the reply; a line-buffered writer has written both lines.
  if [ $run = block ]; then sleep 1; else waitfor "[ \$(wc -l < '$T/seen') -ge 2 ]"; fi
  echo "@@ $run running"; cat "$T/seen"
  kill -INT $(cat "$T/pid"); wait $pipeline
  echo "@@ $run ended"; cat "$T/seen"
done
`,
          scaled(40_000),
        );
        // As quoted: 0 lines while tcpdump runs, 2 once it ends; with -l, the 2 at once.
        expect(
          quotedOutput(
            'echo hello | netcat -u -w1 localhost 3000 > /dev/null; sleep 1; wc -l < seen',
          ),
        ).toEqual(['0']);
        expect(lines(part(parts, 'block running'))).toEqual([]);
        expect(quotedOutput('kill -INT %1; wc -l < seen')).toEqual(['2']);
        expect(lines(part(parts, 'block ended'))).toHaveLength(2);

        const quotedLine = quotedOutput(
          'echo hello | netcat -u -w1 localhost 3000 > /dev/null; sleep 1; cat seen',
        ).map(packetLine);
        expect(quotedLine).toEqual([
          'HH:MM:SS.uuuuuu IP 127.0.0.1.PORT > 127.0.0.1.3000: UDP, length 6',
          'HH:MM:SS.uuuuuu IP 127.0.0.1.3000 > 127.0.0.1.PORT: UDP, length 7',
        ]);
        expect(lines(part(parts, 'line running')).map(packetLine)).toEqual(quotedLine);

        // capture's 2 lines per packet (the IP header, the UDP one), before it ends.
        const captured = lines(part(parts, 'capture running'));
        expect(captured).toHaveLength(4);
        expect(captured.map(packetLine)[1]).toBe(
          '    127.0.0.1.PORT > 127.0.0.1.3000: UDP, length 6, cksum 0xfe21 (not computed yet: offload)',
        );
      },
    );

    it('lab 1.3: after tp_tcp/clientt and the server s close, sockstat -tan shows LISTEN (backlog 5) and the client s TIME-WAIT, as quoted', async () => {
      built();
      const parts = await inNamespaces(
        String.raw`
course/bin/tp_tcp/serveur 1 3000 > /dev/null 2>&1 &
waitfor 'ss -Htln | grep -q ":3000 "'
course/bin/tp_tcp/clientt 1 127.0.0.1 3000 > /dev/null
# The server closes after its last sleep(2): wait for the connection to be in TIME-WAIT only.
waitfor '[ -z "$(ss -Htn state close-wait state fin-wait-2)" ] && [ -n "$(ss -Htn state time-wait)" ]'
echo "@@ sockstat"; "$NODE" dist/tools/course/cli.js sockstat -tan
`,
        scaled(40_000),
      );
      const quoted = quotedOutput('npx bsd-sockets-course sockstat -tan').map(sockstatColumns);
      expect(quoted).toEqual([
        ['Netid', 'State', 'Recv-Q', 'Send-Q', 'Local', 'Address:Port', 'Peer', 'Address:Port'],
        ['tcp', 'LISTEN', '0', '5', '0.0.0.0:3000', '0.0.0.0:*'],
        ['tcp', 'TIME-WAIT', '0', '0', '127.0.0.1:PORT', '127.0.0.1:3000'],
      ]);
      expect(lines(part(parts, 'sockstat')).map(sockstatColumns)).toEqual(quoted);
    });

    it.skipIf(!python)(
      `"bind: Address already in use" after a server killed with a client connected; SO_REUSEADDR binds only if the killed server had it too (the table)${python ? '' : ' (skipped: python3 is not installed)'}`,
      async () => {
        built();
        const parts = await inNamespaces(
          String.raw`
pybind() {
  python3 -c '
import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, int(sys.argv[2]))
try:
    s.bind(("0.0.0.0", int(sys.argv[1]))); print("bound")
except OSError as e:
    print(e.errno == 98 and "EADDRINUSE" or e)' "$@"
}
# Holds a client connected: its stdin is a fifo, kept open on fd 3 until the server is killed.
connected_then_killed() {
  port=$1; shift
  "$@" > /dev/null 2>&1 &
  server=$!
  waitfor "ss -Htln | grep -q ':$port '"
  rm -f "$T/in"; mkfifo "$T/in"
  course/bin/tcp/client 127.0.0.1 $port < "$T/in" > /dev/null 2>&1 &
  client=$!
  exec 3> "$T/in"
  echo hello >&3
  waitfor "[ \$(ss -Htn state established | grep -c ':$port ') = 2 ]"
  kill $server; wait $server
  exec 3>&-
  wait $client
  waitfor "ss -Htan state time-wait | grep -q ':$port '"
  echo "@@ time-wait $port"; ss -Htan state time-wait "sport = :$port" | awk '{print $3}'
}
connected_then_killed 3000 course/bin/tcp/serveur 3000
echo "@@ c tcp/serveur 3000"; course/bin/tcp/serveur 3000 2>&1; echo "status $?"
echo "@@ ts tcp/serveur 3000"; "$NODE" dist/tools/course/cli.js tcp/serveur 3000 2>&1; echo "status $?"
echo "@@ nc -l 3000"; timeout 1 course/bin/tools/nc -l 3000 < /dev/null 2>&1; echo "status $?"
echo "@@ without 3000"; pybind 3000 0
echo "@@ with 3000"; pybind 3000 1
# nc -l reads a fifo that fd 4 keeps open: no end of its stdin, so it stays connected.
mkfifo "$T/hold"; exec 4<> "$T/hold"
connected_then_killed 3001 sh -c 'exec course/bin/tools/nc -l 3001 < "$T/hold"'
echo "@@ c tcp/serveur 3001"; course/bin/tcp/serveur 3001 2>&1; echo "status $?"
echo "@@ without 3001"; pybind 3001 0
echo "@@ with 3001"; pybind 3001 1
echo "@@ nc -l 3001"; timeout 1 course/bin/tools/nc -l 3001 < /dev/null 2>&1; echo "status $?"
`,
          scaled(40_000),
        );
        const refused = ['bind: Address already in use', 'status 1'];
        expect(quotedOutput('course/bin/tcp/serveur 3000')).toEqual([refused[0]]);
        expect(quotedOutput('npx bsd-sockets-course tcp/serveur 3000')).toEqual([refused[0]]);
        expect(lines(part(parts, 'c tcp/serveur 3000'))).toEqual(refused);
        expect(lines(part(parts, 'ts tcp/serveur 3000'))).toEqual(refused);
        expect(lines(part(parts, 'nc -l 3000'))).toEqual(refused);
        expect(lines(part(parts, 'c tcp/serveur 3001'))).toEqual(refused);
        // nc -l still listening when timeout ended it: it had bound.
        expect(lines(part(parts, 'nc -l 3001'))).toEqual(['status 124']);

        // The TIME-WAIT is the killed server's side (tcp/serveur is dual-stack: AF_INET6).
        expect(lines(part(parts, 'time-wait 3000'))).toEqual(['[::ffff:127.0.0.1]:3000']);
        expect(lines(part(parts, 'time-wait 3001'))).toEqual(['127.0.0.1:3001']);

        const outcome = (name: string): string => {
          const text = part(parts, name).trim();
          return text === 'bound' ? 'bound' : `\`${text}\``;
        };
        const rows = section()
          .split('\n')
          .filter((line) => /^\| `(tcp\/serveur 3000|nc -l 3001)`/.test(line));
        expect(rows).toEqual([
          `| \`tcp/serveur 3000\` (without) | \`127.0.0.1:3000\` | ${outcome('without 3000')} | ${outcome('with 3000')} (\`nc -l 3000\` too) |`,
          `| \`nc -l 3001\` (with) | \`127.0.0.1:3001\` | ${outcome('without 3001')} | ${outcome('with 3001')} |`,
        ]);
        expect(outcome('with 3000')).toBe('`EADDRINUSE`');
        expect(outcome('with 3001')).toBe('bound');
      },
    );
  },
);
