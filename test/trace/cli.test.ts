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
});
