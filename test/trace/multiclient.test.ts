/**
 * Issue 5's promise for the "serving many clients" servers whose C and TS designs are the
 * same (1 serveur_select, 2 serveur_poll, 3 serveur_deux_sockets, 6 serveur_async): traced
 * under strace, serving C clients one after the other, the TS server makes the C server's
 * socket calls, in the same order, with the same arguments (tools/trace/scenarios.ts,
 * multiclientScenarios). Server 6 is compared without its readiness waits (ignoreWaits): its
 * TS side waits in the event loop's epoll_pwait, its C twin in poll. Servers 4 and 5 (threads,
 * fork) are not compared, and the tool says why.
 */
import { describe, expect, it } from 'vitest';

import { programs } from '../../course/programs';
import { AF_INET, SOCK_STREAM, close, socket } from '../../src/index';
import { openSockets } from '../../tools/trace/blocked';
import { parseCliArgs, runCli } from '../../tools/trace/cli';
import { compareRuns, compareTraces, socketCalls } from '../../tools/trace/compare';
import { renderDiff } from '../../tools/trace/render';
import { localPortRange, ptraceAvailable, type TraceRun } from '../../tools/trace/run';
import {
  findScenario,
  multiclientScenarios,
  notCompared,
  scenarioSide,
} from '../../tools/trace/scenarios';
import { READINESS_WAIT_CALLS } from '../../tools/trace/syscalls';
import { missingBuilds } from '../course/helpers';
import { fixture } from './fixture';

const ptrace = ptraceAvailable();
const TRACE_TIMEOUT_MS = 45_000;

/** The server ports of the recorded serveur_async traces (fixtures/README.md). */
const RECORDED_PORTS = { cServerPort: 43621, tsServerPort: 46717 };

/** How many of `texts` start with `prefix`. */
function countStarting(texts: readonly string[], prefix: string): number {
  return texts.filter((text) => text.startsWith(prefix)).length;
}

describe('ignoreWaits, on the recorded serveur_async traces (3 clients in turn)', () => {
  const c = fixture('multiclient-async.c.strace');
  const ts = fixture('multiclient-async.ts.strace');

  it('drops the C twin’s 19 polls, and only them: then C and TS are equal', () => {
    const withWaits = socketCalls(c, { serverPort: RECORDED_PORTS.cServerPort });
    const without = socketCalls(c, { serverPort: RECORDED_PORTS.cServerPort, ignoreWaits: true });
    // One poll before the first client, six per client (accept4, 2 × recv and send, the end).
    expect(withWaits.filter((call) => call.name === 'poll')).toHaveLength(19);
    expect(without.map((call) => call.text)).toEqual(
      withWaits.filter((call) => call.name !== 'poll').map((call) => call.text),
    );
    expect(without.filter((call) => READINESS_WAIT_CALLS.includes(call.name))).toEqual([]);

    const equal = compareTraces(c, ts, { ...RECORDED_PORTS, ignoreWaits: true });
    expect(equal.equal, renderDiff(equal, { width: 160 })).toBe(true);
    expect(equal.sameCount).toBe(25);
  });

  it('without it, the polls are the only difference: C-only rows, TS has no wait', () => {
    const diff = compareTraces(c, ts, RECORDED_PORTS);
    expect(diff.equal).toBe(false);
    const differing = diff.rows.filter((row) => row.kind !== 'same');
    expect(differing.map((row) => [row.kind, row.c?.name])).toEqual(
      Array.from({ length: 19 }, () => ['c-only', 'poll']),
    );
    expect(diff.sameCount).toBe(25);
  });
});

describe('openSockets, what tells a multi-client server has closed its client', () => {
  it('counts the sockets of a process: one more after socket, one less after close', () => {
    const before = openSockets(process.pid) as number;
    const fd = socket(AF_INET, SOCK_STREAM, 0);
    try {
      expect(openSockets(process.pid)).toBe(before + 1);
    } finally {
      close(fd);
    }
    expect(openSockets(process.pid)).toBe(before);
    expect(openSockets(0x7fffffff)).toBeUndefined(); // no such process
  });
});

describe('the multi-client servers not compared', () => {
  it('are 4 and 5 (threads, fork), course programs with no scenario, each with its reason', () => {
    expect(notCompared.map((entry) => entry.program)).toEqual([
      'multiclient/serveur_threads',
      'multiclient/serveur_fork',
    ]);
    const names = programs.map((program) => program.name);
    for (const entry of notCompared) {
      expect(names).toContain(entry.program);
      expect(findScenario(entry.program)).toBeUndefined();
    }
  });

  it('are refused by the CLI with their reason, and listed with it', async () => {
    expect(() => parseCliArgs(['multiclient/serveur_fork'])).toThrow(
      `multiclient/serveur_fork is not compared: ${notCompared[1].reason}; trace one side with --only c|ts -- <command...>`,
    );
    let list = '';
    const io = {
      write: (text: string) => (list += text),
      writeError: () => {},
      env: {},
      isTTY: false,
    };
    expect(await runCli(['--list'], io)).toBe(0);
    expect(list).toMatch(/\nmulticlient\/serveur_threads +not compared: a thread per client/);
    expect(list).toMatch(/\nmulticlient\/serveur_async +non-blocking sockets/);
  });
});

describe.skipIf(!ptrace.available)(
  `the multi-client servers, C and TS under strace${ptrace.available ? '' : ` (skipped: ${ptrace.reason})`}`,
  () => {
    it.concurrent.each(multiclientScenarios.map((scenario) => [scenario.name, scenario] as const))(
      '%s: the same socket calls, client after client',
      async (_name, scenario) => {
        const missing = missingBuilds();
        if (missing !== null) throw new Error(missing);
        const options = { timeoutMs: TRACE_TIMEOUT_MS, ephemeralPorts: localPortRange() };
        const { c, ts, diff } = await compareRuns(
          scenarioSide(scenario, 'c'),
          scenarioSide(scenario, 'ts'),
          { ...options, ignoreWaits: scenario.ignoreWaits },
        );
        const shown = `\n${renderDiff(diff, { width: 160 })}\nC stderr: ${c.stderr}\nTS stderr: ${ts.stderr}`;
        expect([c.timedOut, ts.timedOut], shown).toEqual([false, false]);
        expect([c.signal, ts.signal], shown).toEqual(['SIGTERM', 'SIGTERM']); // stopped, waiting
        const calls = diff.rows.map((row) => (row.c ?? row.ts)?.text ?? '');
        expect(calls[0]?.startsWith(scenario.firstCall), shown).toBe(true);
        expect(diff.equal, shown).toBe(true);

        // Every client was served, one after the other: accepted, its two lines answered, its
        // end read, its socket closed — and the server stopped in its wait for the next.
        const runs = scenario.client?.runs ?? 1;
        expect(countStarting(calls, 'accept'), shown).toBe(runs);
        const replies = calls.filter((text) =>
          /^sendto\(fd#\d+, "(HELLO|WORLD)\\0", 6,/.test(text),
        );
        expect([replies.length, countStarting(calls, 'sendto')], shown).toEqual([
          2 * runs,
          2 * runs,
        ]);
        expect(countStarting(calls, 'recvfrom(fd#'), shown).toBe(3 * runs);
        expect(countStarting(calls, 'close(fd#'), shown).toBe(runs);
        expect(calls[calls.length - 1], shown).toBe('+++ killed by SIGTERM +++');

        // The waits: compared for 1–3, where both sides make the same select or poll; dropped
        // for 6, where only the C side's poll is traced (the TS side waits in epoll_pwait).
        const waitCalls = (run: TraceRun): { name: string; text: string }[] =>
          socketCalls(run.trace, { ...options, serverPort: run.serverPort }).filter((call) =>
            READINESS_WAIT_CALLS.includes(call.name),
          );
        const waits = (run: TraceRun): string[] => waitCalls(run).map((call) => call.name);
        const [cWaits, tsWaits] = [waits(c), waits(ts)];
        // One before the first client, then per client: 4 (select, poll: accept, 2 lines, the
        // end) or 6 (serveur_async also waits to write each reply); the last is interrupted.
        const perClient = scenario.ignoreWaits ? 6 : 4;
        expect(cWaits.length, shown).toBe(1 + perClient * runs);
        if (scenario.ignoreWaits) {
          // The TS side never waits on a socket: only the questions bsd-sockets/promises asks
          // before a call, poll(2) on the one fd with a timeout of 0 (how many depends on
          // whether the data was there yet: src/promises/index.ts).
          for (const call of waitCalls(ts)) {
            expect(call.text, shown).toMatch(
              /^poll\(\[\{fd=fd#\d+, events=POLL(IN|OUT)\}\], 1, 0\) = [01] /,
            );
          }
        } else {
          expect(tsWaits.length, shown).toBe(cWaits.length);
        }
      },
      2 * TRACE_TIMEOUT_MS + 10_000,
    );
  },
);
