import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCliArgs, runCli, type CliIo } from '../../tools/trace/cli';
import { ptraceAvailable } from '../../tools/trace/run';

const fixtures = join(__dirname, 'fixtures');

function captureIo(
  env: NodeJS.ProcessEnv = {},
  isTTY = false,
): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    env,
    isTTY,
    write: (text: string) => {
      io.out += text;
    },
    writeError: (text: string) => {
      io.err += text;
    },
  };
  return io;
}

describe('parseCliArgs', () => {
  it('splits the two commands at ---', () => {
    expect(
      parseCliArgs([
        '--raw',
        '--server-port',
        '9000,9001',
        '--',
        './client',
        '9000',
        '---',
        'node',
        'client.js',
      ]),
    ).toEqual({
      only: undefined,
      out: undefined,
      raw: true,
      hideResolver: false,
      cServerPort: 9000,
      tsServerPort: 9001,
      timeoutMs: 30_000,
      width: undefined,
      files: undefined,
      cCommand: ['./client', '9000'],
      tsCommand: ['node', 'client.js'],
    });
  });

  it('takes one command with --only', () => {
    expect(parseCliArgs(['--only', 'ts', '--', 'node', 'x.js'])).toMatchObject({
      only: 'ts',
      cCommand: [],
      tsCommand: ['node', 'x.js'],
    });
    expect(
      parseCliArgs(['--only', 'c', '--no-resolver', '--timeout', '5', '--', './x']),
    ).toMatchObject({
      only: 'c',
      hideResolver: true,
      timeoutMs: 5000,
      cCommand: ['./x'],
      cServerPort: undefined,
    });
  });

  it('refuses what it cannot run', () => {
    expect(() => parseCliArgs(['--', './x'])).toThrow('missing the TS command');
    expect(() => parseCliArgs(['--only', 'both', '--', './x'])).toThrow('--only takes c or ts');
    expect(() => parseCliArgs(['--bogus'])).toThrow('unknown option --bogus');
    expect(() => parseCliArgs(['--server-port', 'x', '--', 'a', '---', 'b'])).toThrow(
      '--server-port: not a positive integer: x',
    );
  });
});

describe('parseCliArgs with a course program or scenario', () => {
  it('takes the name and the arguments after it, options before it', () => {
    expect(
      parseCliArgs(['--only', 'ts', 'udp_ipv4/client_ipv4', 'localhost', '3000']),
    ).toMatchObject({
      only: 'ts',
      scenario: 'udp_ipv4/client_ipv4',
      scenarioArgs: ['localhost', '3000'],
    });
    // The arguments are the program's, options included: broadcast's -n.
    expect(
      parseCliArgs(['udp_broadcast/broadcast', '-n', '127.255.255.255', '3000']),
    ).toMatchObject({
      scenario: 'udp_broadcast/broadcast',
      scenarioArgs: ['-n', '127.255.255.255', '3000'],
    });
    expect(parseCliArgs(['course/tcp/client.c:refused'.replace('.c', '')])).toMatchObject({
      scenario: 'course/tcp/client:refused',
      scenarioArgs: [],
    });
  });

  it('rejects a name that is neither', () => {
    expect(() => parseCliArgs(['udp_ipv4/nosuch'])).toThrow(
      'no course program or scenario "udp_ipv4/nosuch"; --list shows them',
    );
  });

  it('lists the scenarios', async () => {
    const io = captureIo();
    expect(await runCli(['--list'], io)).toBe(0);
    expect(io.out.split('\n')[0]).toBe(
      'udp_ipv4/client_ipv4                     the flagship exchange: "Hello" to the C UDP server, "HELLO" back',
    );
    expect(io.out).toContain('\ntcp/client:refused ');
  });
});

describe('runCli', () => {
  it('compares recorded traces: exit 1 and the side-by-side text when they differ', async () => {
    const io = captureIo({ COLUMNS: '100' }, true);
    const files = ['tcp-client.c.strace', 'tcp-client-refused.c.strace'].map((name) =>
      join(fixtures, name),
    );
    expect(await runCli(['--server-port', '9201,9206', '--files', ...files], io)).toBe(1);
    const lines = io.out.split('\n');
    expect(lines[0].startsWith('\u001b[1mC: ')).toBe(true);
    expect(lines[0].length).toBeLessThanOrEqual(100 + 8);
    expect(lines[lines.length - 2]).toBe(
      '\u001b[1;31m6 differences (5 missing call, 1 different errno)\u001b[0m',
    );
  });

  it('exits 0 on identical traces, without colour under NO_COLOR', async () => {
    const io = captureIo({ NO_COLOR: '1' }, true);
    const file = join(fixtures, 'eagain.c.strace');
    expect(await runCli(['--files', file, file], io)).toBe(0);
    expect(io.out).not.toContain('\u001b[');
    expect(io.out.endsWith('identical: 4 socket calls\n')).toBe(true);
  });

  it('exits 2 with the usage on a bad command line', async () => {
    const io = captureIo();
    expect(await runCli(['--only'], io)).toBe(2);
    expect(
      io.err.startsWith('bsd-sockets-trace: --only needs a value\nusage: bsd-sockets-trace'),
    ).toBe(true);
  });

  it.skipIf(!ptraceAvailable().available)('runs both commands under strace', async () => {
    const io = captureIo();
    const script =
      "require('net').createServer().listen(0, '127.0.0.1', function () { this.close(); })";
    const code = await runCli(
      ['--timeout', '15', '--', 'node', '-e', script, '---', 'node', '-e', script],
      io,
    );
    expect(io.err).toBe('');
    expect(code).toBe(0);
    expect(io.out.endsWith('identical: 5 socket calls\n')).toBe(true);
  });

  it.skipIf(!ptraceAvailable().available)(
    'runs a course scenario in C and TS and writes the traces with --out',
    async () => {
      const io = captureIo();
      const out = mkdtempSync(join(tmpdir(), 'bsd-sockets-trace-cli-'));
      try {
        const code = await runCli(
          ['--timeout', '20', '--width', '400', '--out', out, 'tcp/client:refused'],
          io,
        );
        expect(io.err).toBe('');
        expect(code).toBe(0);
        expect(io.out).toContain(
          'connect(fd#1, {sa_family=AF_INET, sin_port=htons(SERVER_PORT), sin_addr=inet_addr("127.0.0.1")}, 16) = -1 ECONNREFUSED (Connection refused)',
        );
        expect(
          io.out.endsWith(
            [
              'identical: 2 socket calls',
              'C : exit status 1; stderr: connect: Connection refused',
              'TS: exit status 1; stderr: connect: Connection refused\n',
            ].join('\n'),
          ),
        ).toBe(true);
        expect(readdirSync(out).sort()).toEqual([
          'c.stderr',
          'c.stdout',
          'c.strace',
          'diff.txt',
          'ts.stderr',
          'ts.stdout',
          'ts.strace',
        ]);
        expect(readFileSync(join(out, 'ts.stderr'), 'utf8')).toBe('connect: Connection refused\n');
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    },
  );
});
