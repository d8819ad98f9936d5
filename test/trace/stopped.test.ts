/**
 * Issue 12: the call a traced server is blocked in when it is stopped is kept, on both sides,
 * and compared — name and arguments, its result shown as `? <blocked, …>` — whether strace
 * recorded it interrupted (`= ? ERESTART…`), unfinished (`<unfinished ...>) = ?`) or cut off
 * (strace killed with it, as `--timeout` did before). A side blocked in another call than the
 * other is "different", never "identical".
 */
import { describe, expect, it } from 'vitest';

import { commandFor } from '../../course/programs';
import { delay, freePort } from '../../course/lib/harness';
import { waitUntilBlockedIn } from '../../tools/trace/blocked';
import { compareRuns, compareTraces, socketCalls } from '../../tools/trace/compare';
import { parseLine } from '../../tools/trace/parse';
import { renderDiff } from '../../tools/trace/render';
import { localPortRange, ptraceAvailable, type PreparedSide } from '../../tools/trace/run';
import { missingBuilds } from '../course/helpers';
import { scaled } from '../course/timeouts';
import { fixture } from './fixture';

const texts = (trace: string, serverPort?: number): string[] =>
  socketCalls(trace, { serverPort }).map((event) => event.text);

describe('the three ways strace records a call a process is stopped in', () => {
  it('parses `<unfinished ...>) = ?` as the call with no result, and a cut line as unfinished', () => {
    expect(parseLine('25443 accept(3,  <unfinished ...>)      = ?')).toEqual({
      kind: 'call',
      pid: 25443,
      name: 'accept',
      argsText: '3',
      result: '?',
    });
    expect(parseLine('24721 pselect6(19, [17], NULL, NULL, NULL, NULL')).toEqual({
      kind: 'unfinished',
      pid: 24721,
      name: 'pselect6',
      argsText: '19, [17], NULL, NULL, NULL, NULL',
    });
  });

  it('interrupted by SIGTERM (ERESTARTNOHAND): kept, result `? <blocked, killed by SIGTERM>`', () => {
    expect(texts(fixture('blocked-select.c.strace'), 47361)).toEqual([
      'socket(AF_INET6, SOCK_STREAM, IPPROTO_TCP) = fd#1',
      'bind(fd#1, {sa_family=AF_INET6, sin6_port=htons(SERVER_PORT), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "::", &sin6_addr), sin6_scope_id=0}, 28) = 0',
      'listen(fd#1, 4096) = 0',
      'pselect6(fd#1+1, [fd#1], NULL, NULL, NULL, NULL) = ? <blocked, killed by SIGTERM>',
      '+++ killed by SIGTERM +++',
    ]);
  });

  it('interrupted in TS, whose SIGTERM handler makes more calls (fcntl on stdio) before it dies', () => {
    const calls = socketCalls(fixture('blocked-poll.ts.strace'), { serverPort: 47362 });
    expect(calls.slice(-2).map((event) => [event.text, event.blocked])).toEqual([
      ['poll([{fd=fd#1, events=POLLIN}], 1, -1) = ? <blocked, killed by SIGTERM>', 'SIGTERM'],
      ['+++ killed by SIGTERM +++', undefined],
    ]);
  });

  it('unfinished, the process SIGKILLed: kept before its death, `? <blocked, killed by SIGKILL>`', () => {
    expect(texts(fixture('accept-sigkill.c.strace'), 47331).slice(-2)).toEqual([
      'accept(fd#1) = ? <blocked, killed by SIGKILL>',
      '+++ killed by SIGKILL +++',
    ]);
  });

  it('cut off with strace (the old --timeout): kept, `? <blocked, unfinished>`, on both sides', () => {
    const c = fixture('select-fdmax-cut.c.strace');
    const ts = fixture('select-fdmax-cut.ts.strace');
    // The files end inside the call: no newline, no death.
    expect(c.endsWith('24430 pselect6(5, [3], NULL, NULL, NULL, NULL')).toBe(true);
    expect(ts.endsWith('24721 pselect6(19, [17], NULL, NULL, NULL, NULL')).toBe(true);
    const last = 'pselect6(fd#4+1, [fd#1], NULL, NULL, NULL, NULL) = ? <blocked, unfinished>';
    expect(texts(c, 47321).at(-1)).toBe(last);
    expect(texts(ts, 47322).at(-1)).toBe(last);
    const diff = compareTraces(c, ts, { cServerPort: 47321, tsServerPort: 47322 });
    expect(diff.summary).toBe('identical: 37 socket calls, both stopped while blocked in pselect6');
    expect(diff.blocked).toEqual({ c: ['pselect6'], ts: ['pselect6'] });
  });

  it('an interrupted call of a process that goes on (a handled signal, restarted) is not a stop', () => {
    const trace = [
      '100 socket(AF_INET, SOCK_DGRAM, IPPROTO_IP) = 3',
      '100 poll([{fd=3, events=POLLIN}], 1, -1) = ? ERESTART_RESTARTBLOCK (Interrupted by signal)',
      '100 --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=101, si_uid=0, si_status=0, si_utime=0, si_stime=0} ---',
      '100 +++ exited with 0 +++',
    ].join('\n');
    const calls = socketCalls(trace);
    expect(calls.map((event) => [event.text, event.blocked])).toEqual([
      ['socket(AF_INET, SOCK_DGRAM, IPPROTO_IP) = fd#1', undefined],
      [
        'poll([{fd=fd#1, events=POLLIN}], 1, -1) = ? ERESTART_RESTARTBLOCK (Interrupted by signal)',
        undefined,
      ],
    ]);
  });
});

describe('blocked in different calls: "different", never "identical"', () => {
  it('C in pselect6, TS in poll, after the same socket, bind, listen (recorded)', () => {
    const diff = compareTraces(
      fixture('blocked-select.c.strace'),
      fixture('blocked-poll.ts.strace'),
      {
        cServerPort: 47361,
        tsServerPort: 47362,
      },
    );
    expect(diff.equal).toBe(false);
    expect(diff.rows.map((row) => row.kind)).toEqual(['same', 'same', 'same', 'changed', 'same']);
    expect(diff.rows[3].reasons.map((reason) => reason.text)).toEqual([
      'different call: C is blocked in pselect6, TS in poll when stopped',
    ]);
    expect(diff.summary).toBe(
      '1 difference (1 different call); stopped while blocked in: C pselect6, TS poll',
    );
  });

  it('one side blocked, the other with that call dropped: a missing call', () => {
    const c = fixture('blocked-select.c.strace');
    const withoutWait = c
      .split('\n')
      .filter((line) => !line.includes('pselect6('))
      .join('\n');
    const diff = compareTraces(c, withoutWait, { serverPort: 47361 });
    expect(diff.equal).toBe(false);
    expect(diff.summary).toBe(
      '1 difference (1 missing call); stopped while blocked in: C pselect6, TS no call',
    );
  });
});

const ptrace = ptraceAvailable();

/**
 * `program` in `language`, on a free port, traced until the timeout stops it: a helper beside
 * it waits until it is blocked in `waitsIn`, then until it is gone, so that the stop is the
 * timeout's (SIGTERM at the timeout, then SIGKILL to the group), not the helper's.
 */
function untilTimeout(
  language: 'c' | 'ts',
  program: string,
  waitsIn: string[],
): () => Promise<PreparedSide> {
  return async () => {
    const port = await freePort();
    return {
      command: commandFor(language, program, [String(port)]),
      serverPort: port,
      whileTraced: async (traced) => {
        await waitUntilBlockedIn(traced.pid, waitsIn, { timeoutMs: TIMEOUT_MS });
        const deadline = Date.now() + 2 * TIMEOUT_MS;
        while (traced.pid() !== undefined && Date.now() < deadline) await delay(20);
      },
    };
  };
}

/**
 * The traced command's timeout: long enough for node under strace to reach its wait (under a
 * second on a quiet machine), short because each side waits for it whole.
 */
const TIMEOUT_MS = scaled(3_000);

describe.skipIf(!ptrace.available)(
  `real runs stopped by the timeout${ptrace.available ? '' : ` (skipped: ${ptrace.reason})`}`,
  () => {
    it.concurrent(
      'serveur_select C and TS: both blocked in pselect6, kept and identical',
      async () => {
        const missing = missingBuilds();
        if (missing !== null) throw new Error(missing);
        const waits = ['select', 'pselect6'];
        const { c, ts, diff } = await compareRuns(
          untilTimeout('c', 'multiclient/serveur_select', waits),
          untilTimeout('ts', 'multiclient/serveur_select', waits),
          { timeoutMs: TIMEOUT_MS, ephemeralPorts: localPortRange() },
        );
        const shown = `\n${renderDiff(diff, { width: 160 })}`;
        expect([c.timedOut, c.signal, ts.timedOut, ts.signal], shown).toEqual([
          true,
          'SIGTERM',
          true,
          'SIGTERM',
        ]);
        expect(
          diff.rows.slice(-2).map((row) => [row.kind, row.c?.text, row.ts?.text]),
          shown,
        ).toEqual([
          [
            'same',
            'pselect6(fd#1+1, [fd#1], NULL, NULL, NULL, NULL) = ? <blocked, killed by SIGTERM>',
            'pselect6(fd#1+1, [fd#1], NULL, NULL, NULL, NULL) = ? <blocked, killed by SIGTERM>',
          ],
          ['same', '+++ killed by SIGTERM +++', '+++ killed by SIGTERM +++'],
        ]);
        expect(diff.summary, shown).toBe(
          'identical: 5 socket calls, both stopped while blocked in pselect6',
        );
      },
      3 * TIMEOUT_MS + 20_000,
    );

    it.concurrent(
      'serveur_select in C against serveur_poll in TS: the blocked call is the difference caught',
      async () => {
        const missing = missingBuilds();
        if (missing !== null) throw new Error(missing);
        const { diff } = await compareRuns(
          untilTimeout('c', 'multiclient/serveur_select', ['select', 'pselect6']),
          untilTimeout('ts', 'multiclient/serveur_poll', ['poll', 'ppoll']),
          { timeoutMs: TIMEOUT_MS, ephemeralPorts: localPortRange() },
        );
        const shown = `\n${renderDiff(diff, { width: 160 })}`;
        expect(diff.equal, shown).toBe(false);
        expect(
          diff.rows.filter((row) => row.kind !== 'same').map((row) => [row.c?.text, row.ts?.text]),
          shown,
        ).toEqual([
          [
            'pselect6(fd#1+1, [fd#1], NULL, NULL, NULL, NULL) = ? <blocked, killed by SIGTERM>',
            'poll([{fd=fd#1, events=POLLIN}], 1, -1) = ? <blocked, killed by SIGTERM>',
          ],
        ]);
        expect(diff.summary, shown).toBe(
          '1 difference (1 different call); stopped while blocked in: C pselect6, TS poll',
        );
      },
      3 * TIMEOUT_MS + 20_000,
    );
  },
);
