/**
 * Every tool takes a user's file where it takes a course program (tools/course/user-program.ts):
 * `bsd-sockets-course run <file>`, `bsd-sockets-trace --ts/--c FILE <scenario>`,
 * `bsd-sockets-lab <scenario> --server/--client FILE`. The user's files are the course's
 * solutions copied to a folder of the test's, or mutated there (a `len` off by one).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { runProgram } from '../../course/lib/harness';
import { packageRoot } from '../../course/programs';
import { runCli, type CliIo } from '../../tools/trace/cli';
import { ptraceAvailable } from '../../tools/trace/run';
import { scaled } from '../course/timeouts';
import { cli as labCli, whyNot } from '../lab/run-lab';

const ROOT = packageRoot();
const COURSE_CLI = path.join(ROOT, 'dist', 'tools', 'course', 'cli.js');
const ptrace = ptraceAvailable();
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'user-file-test-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
const TIMEOUT_MS = scaled(60_000);

/** The course's `program.ext`, copied to the test's folder, with `from` replaced by `to`. */
function userCopy(program: string, ext: 'ts' | 'c', from?: string, to?: string): string {
  let text = fs.readFileSync(path.join(ROOT, 'course', `${program}.${ext}`), 'utf8');
  if (from !== undefined && to !== undefined) {
    expect(text).toContain(from);
    text = text.split(from).join(to);
  }
  const file = path.join(
    fs.mkdtempSync(path.join(work, 'user-')),
    path.basename(`${program}.${ext}`),
  );
  fs.writeFileSync(file, text);
  return file;
}

const LEN_OFF_BY_ONE = ['strlen(buf_write) + 1, 0', 'strlen(buf_write), 0'] as const;

function captureIo(): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    env: {},
    isTTY: false,
    write: (text: string) => void (io.out += text),
    writeError: (text: string) => void (io.err += text),
  };
  return io;
}

describe('bsd-sockets-course run <file>', () => {
  it(
    "runs a user's .ts and .c as the course programs run, and exits as they did",
    async () => {
      for (const ext of ['ts', 'c'] as const) {
        const file = userCopy('resolution/hostbyaddr', ext);
        const result = await runProgram([process.execPath, COURSE_CLI, 'run', file, '127.0.0.1'], {
          killAfterMs: TIMEOUT_MS,
        });
        expect(result.status, result.stderr.toString()).toBe(0);
        expect(result.stdout.toString()).toMatch(/^Nom officiel : localhost\n/);
        const usage = await runProgram([process.execPath, COURSE_CLI, file], {
          killAfterMs: TIMEOUT_MS,
        });
        expect(usage.status).toBe(1);
        expect(usage.stderr.toString()).toMatch(/^usage: .* addr\n$/);
      }
    },
    2 * TIMEOUT_MS,
  );
});

describe.skipIf(!ptrace.available)(
  `bsd-sockets-trace --ts/--c FILE${ptrace.available ? '' : ` (skipped: ${ptrace.reason})`}`,
  () => {
    it(
      "a user's server in place of the TS side: identical to the C, both ends",
      async () => {
        const io = captureIo();
        const file = userCopy('tp_tcp/serveur', 'ts');
        const status = await runCli(
          ['--timeout', String(Math.ceil(TIMEOUT_MS / 1000)), '--ts', file, 'tp_tcp/serveur'],
          io,
        );
        expect(status, io.out + io.err).toBe(0);
        expect(io.out).toMatch(
          /\nboth ends compared, the server and the client beside it \(1 run\), C against TS: identical\n$/,
        );
      },
      3 * TIMEOUT_MS,
    );

    it(
      "a user's client with a len off by one in place of the C side: exit 1, the len named",
      async () => {
        const io = captureIo();
        const file = userCopy('tp_udp/clientu', 'c', ...LEN_OFF_BY_ONE);
        const status = await runCli(
          ['--timeout', String(Math.ceil(TIMEOUT_MS / 1000)), '--c', file, 'tp_udp/clientu'],
          io,
        );
        expect(status, io.out + io.err).toBe(1);
        expect(io.out).toContain('=> different size: len is 7 in C, 8 in TS');
      },
      3 * TIMEOUT_MS,
    );

    it(
      '--c FILE without a scenario, or a file that does not compile: exit 2',
      async () => {
        const io = captureIo();
        expect(await runCli(['--c', 'x.c', '--', 'true', '---', 'true'], io)).toBe(2);
        expect(io.err).toMatch(/^bsd-sockets-trace: --c FILE and --ts FILE go with a scenario\n/);
        const bad = userCopy('tp_udp/clientu', 'c', 'int main', 'int main(void);\nint main');
        const io2 = captureIo();
        expect(await runCli(['--c', bad, 'tp_udp/clientu'], io2)).toBe(2);
        expect(io2.err).toContain('does not compile (gcc -Wall -Wextra -Werror -O2)');
      },
      TIMEOUT_MS,
    );
  },
);

const labWhyNot = whyNot('tp_udp', ['c']);
describe.skipIf(labWhyNot !== undefined)(
  `bsd-sockets-lab --server/--client FILE${labWhyNot ? ` (skipped: ${labWhyNot})` : ''}`,
  () => {
    it(
      "a user's client (len off by one) and a user's server on one timeline",
      async () => {
        const json = path.join(work, 'lab.json');
        const client = userCopy('tp_udp/clientu', 'ts', ...LEN_OFF_BY_ONE);
        const server = userCopy('tp_udp/serveuru', 'c');
        const result = await runProgram(
          [
            process.execPath,
            labCli,
            'tp_udp',
            '--client',
            client,
            '--server',
            server,
            '--json',
            json,
          ],
          { killAfterMs: 2 * TIMEOUT_MS },
        );
        expect(result.status, result.stderr.toString()).toBe(0);
        const data = JSON.parse(fs.readFileSync(json, 'utf8')) as {
          record: { client: { trace: string; status: number | null }; server: { trace: string } };
        };
        expect(data.record.client.status).toBe(0);
        // The user's 7 bytes, without the NUL the course's client sends, received by the user's server.
        expect(data.record.client.trace).toMatch(/sendto\(\d+, "# 1=000", 7, 0,/);
        // The user's server runs below contain, whose watch interleaves with it in the trace:
        // its recvfrom may be split (`recvfrom(3,  <unfinished ...>`, then `<... recvfrom
        // resumed>"# 1=000", 255, 0, …`).
        expect(data.record.server.trace).toMatch(
          /recvfrom\(3, (?: <unfinished \.\.\.>\n(?:.*\n)*?\d+ +[\d.]+ <\.\.\. recvfrom resumed>)?"# 1=000", 255, 0,/,
        );
      },
      3 * TIMEOUT_MS,
    );
  },
);
