/**
 * Issue 12: a server scenario traces the client run beside the server too, each side in its
 * own language (C server and C client, TS server and TS client), and compares both ends, C
 * against TS: the server's trace, and each client run's. The CLI does it by default for a
 * server scenario and says so; --server-only keeps the old way (a C client, untraced).
 */
import { describe, expect, it } from 'vitest';

import { runCli, type CliIo } from '../../tools/trace/cli';
import { compareRuns } from '../../tools/trace/compare';
import { renderDiff } from '../../tools/trace/render';
import { localPortRange, ptraceAvailable } from '../../tools/trace/run';
import { findScenario, scenarioSide, type CourseScenario } from '../../tools/trace/scenarios';
import { missingBuilds } from '../course/helpers';
import { scaled } from '../course/timeouts';

const ptrace = ptraceAvailable();
/** Per traced command, client runs included (node under strace on a loaded machine). */
const TRACE_TIMEOUT_MS = scaled(20_000);

function captureIo(): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    env: {},
    isTTY: false,
    write: (text: string) => {
      io.out += text;
    },
    writeError: (text: string) => {
      io.err += text;
    },
  };
  return io;
}

/** The lines of `text` that start one of `prefixes`, in order. */
function linesStarting(text: string, ...prefixes: string[]): string[] {
  return text.split('\n').filter((line) => prefixes.some((prefix) => line.startsWith(prefix)));
}

describe.skipIf(!ptrace.available)(
  `a server and its client, both traced${ptrace.available ? '' : ` (skipped: ${ptrace.reason})`}`,
  () => {
    it.concurrent(
      'bsd-sockets-trace tcp/serveur: the server and the client beside it, C against TS, identical',
      async () => {
        const missing = missingBuilds();
        if (missing !== null) throw new Error(missing);
        const io = captureIo();
        const timeout = String(Math.ceil(TRACE_TIMEOUT_MS / 1000));
        const status = await runCli(['--width', '160', '--timeout', timeout, 'tcp/serveur'], io);
        const shown = `\n${io.out}\n${io.err}`;
        expect(status, shown).toBe(0);
        const withPorts = linesStarting(io.out, '      beside it', 'the ', 'identical', 'both ');
        expect(
          withPorts.map((line) => line.replace(/ \d{4,5}$/, ' <port>')),
          shown,
        ).toEqual([
          '      beside it, traced too: the C client course/bin/tcp/client ::1 <port>',
          '      beside it, traced too: the TS client node dist/course/tcp/client.js ::1 <port>',
          'the server, C against TS:',
          'identical: 12 socket calls, both stopped while blocked in accept',
          'the client beside it, run 1 of 1, C against TS:',
          'identical: 7 socket calls',
          'both ends compared, the server and the client beside it (1 run), C against TS: identical',
        ]);
        // The client's calls were traced and compared, not only counted.
        expect(io.out, shown).toMatch(
          /\nsendto\(fd#1, "world\\0", 6, 0, NULL, 0\) = 6 +sendto\(fd#1, "world\\0", 6, 0, NULL, 0\) = 6\n/,
        );
      },
      3 * TRACE_TIMEOUT_MS + 10_000,
    );

    it.concurrent(
      '--server-only: the C client beside each server, untraced, and the server alone compared',
      async () => {
        const missing = missingBuilds();
        if (missing !== null) throw new Error(missing);
        const io = captureIo();
        const timeout = String(Math.ceil(TRACE_TIMEOUT_MS / 1000));
        const status = await runCli(
          ['--width', '160', '--timeout', timeout, '--server-only', 'tcp/serveur'],
          io,
        );
        const shown = `\n${io.out}\n${io.err}`;
        expect(status, shown).toBe(0);
        expect(
          linesStarting(io.out, '      beside it', 'the ', 'identical', 'both ').map((line) =>
            line.replace(/ \d{4,5}$/, ' <port>'),
          ),
          shown,
        ).toEqual([
          '      beside it, untraced: the C client course/bin/tcp/client ::1 <port>',
          '      beside it, untraced: the C client course/bin/tcp/client ::1 <port>',
          'identical: 12 socket calls, both stopped while blocked in accept',
        ]);
      },
      3 * TRACE_TIMEOUT_MS + 10_000,
    );

    it.concurrent(
      'a client that sends another line on the TS side: caught in the client trace and the server trace',
      async () => {
        const missing = missingBuilds();
        if (missing !== null) throw new Error(missing);
        const scenario = findScenario('tcp/serveur') as CourseScenario;
        const client = scenario.client as NonNullable<CourseScenario['client']>;
        // The deliberate difference: the TS run's client sends "there" where C's sends "world".
        const other: CourseScenario = {
          ...scenario,
          client: { ...client, stdin: 'hello\nthere\n' },
        };
        const comparison = await compareRuns(
          scenarioSide(scenario, 'c', undefined, { traceClients: true }),
          scenarioSide(other, 'ts', undefined, { traceClients: true }),
          { timeoutMs: TRACE_TIMEOUT_MS, ephemeralPorts: localPortRange() },
        );
        const clientDiff = comparison.beside[0]?.diff;
        const shown = `\n${renderDiff(comparison.diff, { width: 160 })}\n${clientDiff ? renderDiff(clientDiff, { width: 160 }) : 'no client run'}`;
        expect(comparison.equal, shown).toBe(false);
        expect(comparison.beside.length, shown).toBe(1);
        const reasons = (diff: typeof comparison.diff): string[] =>
          diff.rows.flatMap((row) => row.reasons.map((reason) => reason.text));
        expect(reasons(comparison.beside[0].diff), shown).toEqual([
          'other argument: buf is "world\\0" in C, "there\\0" in TS',
          'other argument: buf is "WORLD\\0" in C, "THERE\\0" in TS',
        ]);
        expect(reasons(comparison.diff), shown).toEqual([
          'other argument: buf is "world\\0" in C, "there\\0" in TS',
          'other argument: buf is "WORLD\\0" in C, "THERE\\0" in TS',
        ]);
        expect(comparison.diff.summary, shown).toBe(
          '2 differences (2 other argument), both stopped while blocked in accept',
        );
      },
      3 * TRACE_TIMEOUT_MS + 10_000,
    );
  },
);
