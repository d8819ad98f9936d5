/**
 * Issue 12: select's nfds is renamed with the fds (normalize.ts: `fd#N+1`, fd#N the socket
 * that last held fd nfds-1), so that a server that never lowers its fdmax after a client
 * leaves gives the same nfds in C and TS, whose fds are shifted (Node holds fds of its own).
 * Recorded on the "fdmax" variant of serveur_select (fixtures/README.md): nfds stays 5 in C,
 * 19 in TS, once the first client has come.
 */
import { describe, expect, it } from 'vitest';

import { compareTraces, socketCalls } from '../../tools/trace/compare';
import { renderDiff } from '../../tools/trace/render';
import { fixture } from './fixture';

const C_PORT = 47341;
const TS_PORT = 47342;

/** The waits of a trace once the client before has left: its set is the listening socket alone. */
function waitsWithListenerAlone(trace: string, serverPort: number): string[] {
  return socketCalls(trace, { serverPort })
    .map((event) => event.text)
    .filter((text) => text.startsWith('pselect6(') && text.includes(', [fd#1], '));
}

describe('nfds of a server that never lowers fdmax', () => {
  const c = fixture('select-fdmax.c.strace');
  const ts = fixture('select-fdmax.ts.strace');

  it('is 5 in C and 19 in TS once a client has come and gone', () => {
    expect(c).toContain(' pselect6(5, [3], NULL, NULL, NULL, NULL) = 1 (in [3])');
    expect(ts).toContain(' pselect6(19, [17], NULL, NULL, NULL, NULL) = 1 (in [17])');
  });

  it('is named after the socket that last held fd nfds-1: the client that left', () => {
    const expected = [
      'pselect6(fd#1+1, [fd#1], NULL, NULL, NULL, NULL) = 1 (in [fd#1])',
      'pselect6(fd#2+1, [fd#1], NULL, NULL, NULL, NULL) = 1 (in [fd#1])',
      'pselect6(fd#3+1, [fd#1], NULL, NULL, NULL, NULL) = 1 (in [fd#1])',
      'pselect6(fd#4+1, [fd#1], NULL, NULL, NULL, NULL) = ? <blocked, killed by SIGTERM>',
    ];
    expect(waitsWithListenerAlone(c, C_PORT)).toEqual(expected);
    expect(waitsWithListenerAlone(ts, TS_PORT)).toEqual(expected);
  });

  it('compares identical, C against TS', () => {
    const diff = compareTraces(c, ts, { cServerPort: C_PORT, tsServerPort: TS_PORT });
    expect(diff.equal, renderDiff(diff, { width: 160 })).toBe(true);
    expect(diff.summary).toBe('identical: 38 socket calls, both stopped while blocked in pselect6');
  });

  it('is still a difference against a server that lowers fdmax (multiclient/serveur_select)', () => {
    const lowering = fixture('multiclient-select.c.strace');
    expect(lowering).toContain(' pselect6(4, [3], NULL, NULL, NULL, NULL) = 1 (in [3])');
    const diff = compareTraces(lowering, ts, { cServerPort: 33091, tsServerPort: TS_PORT });
    const differing = diff.rows.filter((row) => row.kind !== 'same');
    expect(differing.map((row) => row.reasons.map((reason) => reason.text))).toEqual([
      ['different size: nfds is fd#1+1 in C, fd#2+1 in TS'],
      ['different size: nfds is fd#1+1 in C, fd#3+1 in TS'],
      ['different size: nfds is fd#1+1 in C, fd#4+1 in TS'],
    ]);
    expect(diff.summary).toBe(
      '3 differences (3 different size), both stopped while blocked in pselect6',
    );
  });

  it('is kept as a number when nfds-1 never held a socket (FD_SETSIZE)', () => {
    const trace = [
      '300 socket(AF_INET, SOCK_DGRAM, IPPROTO_IP) = 3',
      '300 select(1024, [3], NULL, NULL, {tv_sec=1, tv_usec=0}) = 0 (Timeout)',
    ].join('\n');
    expect(socketCalls(trace).map((event) => event.text)).toEqual([
      'socket(AF_INET, SOCK_DGRAM, IPPROTO_IP) = fd#1',
      'select(1024, [fd#1], NULL, NULL, {tv_sec=1, tv_usec=0}) = 0 (Timeout)',
    ]);
  });
});
