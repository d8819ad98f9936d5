import { describe, expect, it } from 'vitest';
import { compareTraces } from '../../tools/trace/compare';
import { myersDiff, type TraceDiff } from '../../tools/trace/diff';
import { fixture } from './fixture';

/** Each row as "kind | C text | TS text", and its reasons. */
function rows(diff: TraceDiff): string[] {
  return diff.rows.flatMap((row) => [
    `${row.kind} | ${row.c?.text ?? ''} | ${row.ts?.text ?? ''}`,
    ...row.reasons.map((reason) => `  ${reason.class}: ${reason.text}`),
  ]);
}

describe('myersDiff', () => {
  it("finds a shortest edit script (the example of Myers' paper)", () => {
    const ops = myersDiff(['a', 'b', 'c', 'a', 'b', 'b', 'a'], ['c', 'b', 'a', 'b', 'a', 'c']);
    expect(ops.filter((op) => op.op !== 'equal')).toHaveLength(5);
    expect(
      ops.map((op) =>
        op.op === 'equal' ? `=${op.a}${op.b}` : op.op === 'delete' ? `-${op.a}` : `+${op.b}`,
      ),
    ).toEqual(['-0', '-1', '=20', '+1', '=32', '=43', '-5', '=64', '+5']);
  });

  it('handles empty sides', () => {
    expect(myersDiff([], [])).toEqual([]);
    expect(myersDiff(['x'], [])).toEqual([{ op: 'delete', a: 0 }]);
    expect(myersDiff([], ['y'])).toEqual([{ op: 'insert', b: 0 }]);
  });
});

describe('compareTraces', () => {
  it('finds two runs of the same program identical', () => {
    const diff = compareTraces(fixture('udp-client.c.strace'), fixture('stdio-socket.c.strace'), {
      cServerPort: 9200,
      tsServerPort: 9207,
    });
    expect(diff.equal).toBe(true);
    expect(diff.summary).toBe('identical: 4 socket calls');
    expect(diff.rows.map((row) => row.kind)).toEqual(['same', 'same', 'same', 'same']);
  });

  it('names an extra flag and different sizes', () => {
    const diff = compareTraces(
      fixture('udp-client.c.strace'),
      fixture('udp-client-variant.c.strace'),
      {
        cServerPort: 9200,
        tsServerPort: 9205,
      },
    );
    expect(diff.equal).toBe(false);
    expect(diff.rows.flatMap((row) => row.reasons.map((reason) => reason.text))).toEqual([
      'extra flag: type has SOCK_CLOEXEC in TS only',
      'different size: addrlen is 16 in C, 128 in TS',
      'different size: len is 128 in C, 256 in TS',
      'different size: addrlen is [16] in C, [128 => 16] in TS',
    ]);
    expect(diff.summary).toBe('3 differences (1 extra flag, 2 different size)');
    expect(diff.counts).toEqual({ 'extra flag': 1, 'different size': 2 });
  });

  it('calls a port difference another argument when the server port is not given', () => {
    const diff = compareTraces(
      fixture('udp-client.c.strace'),
      fixture('udp-client-variant.c.strace'),
    );
    expect(diff.rows[1].reasons.map((reason) => reason.text)).toEqual([
      'other argument: dest_addr.sin_port is htons(9200) in C, htons(9205) in TS',
      'different size: addrlen is 16 in C, 128 in TS',
    ]);
  });

  it('pairs calls of one family and names extra calls (C against Node dgram)', () => {
    const diff = compareTraces(fixture('udp-client.c.strace'), fixture('udp-client.dgram.strace'), {
      serverPort: 9200,
    });
    expect(rows(diff).map((line) => line.replace(/\(fd#1, .*?\) = /g, '(fd#1, …) = '))).toEqual([
      'changed | socket(AF_INET, SOCK_DGRAM, IPPROTO_IP) = fd#1 | socket(AF_INET, SOCK_DGRAM|SOCK_CLOEXEC|SOCK_NONBLOCK, IPPROTO_IP) = fd#1',
      '  extra flag: extra flag: type has SOCK_CLOEXEC|SOCK_NONBLOCK in TS only',
      'ts-only |  | bind(fd#1, …) = 0',
      '  extra call: extra call: only TS does bind',
      'changed | sendto(fd#1, …) = 6 | sendmsg(fd#1, …) = 6',
      '  different call: different call: C does sendto, TS does sendmsg',
      'changed | recvfrom(fd#1, …) = 6 | recvmsg(fd#1, …) = 6',
      '  different call: different call: C does recvfrom, TS does recvmsg',
      'same | close(fd#1) = 0 | close(fd#1) = 0',
    ]);
    expect(diff.summary).toBe('4 differences (1 extra call, 2 different call, 1 extra flag)');
  });

  it('names a different errno and the calls that follow only on one side', () => {
    const diff = compareTraces(
      fixture('tcp-client.c.strace'),
      fixture('tcp-client-refused.c.strace'),
      {
        cServerPort: 9201,
        tsServerPort: 9206,
      },
    );
    expect(diff.rows[1].reasons).toEqual([
      {
        class: 'different errno',
        text: 'different errno: returns 0 in C, -1 ECONNREFUSED (Connection refused) in TS',
      },
    ]);
    expect(diff.rows.slice(2).map((row) => `${row.kind} ${row.reasons[0].text}`)).toEqual([
      'c-only missing call: only C does getsockname',
      'c-only missing call: only C does sendto',
      'c-only missing call: only C does recvfrom',
      'c-only missing call: only C does shutdown',
      'c-only missing call: only C does close',
    ]);
    expect(diff.summary).toBe('6 differences (5 missing call, 1 different errno)');
    const reversed = compareTraces(
      fixture('tcp-client-refused.c.strace'),
      fixture('tcp-client.c.strace'),
      {
        cServerPort: 9206,
        tsServerPort: 9201,
      },
    );
    expect(reversed.summary).toBe('6 differences (5 extra call, 1 different errno)');
  });

  it('names a different return', () => {
    // Two lines of udp-client.c.strace, the TS one edited: a port that sends one byte less.
    const c = '1  recvfrom(3, "hello\\n", 128, 0, NULL, NULL) = 6\n';
    const ts = '1  recvfrom(3, "hello", 128, 0, NULL, NULL) = 5\n';
    const prefix = '1  socket(AF_INET, SOCK_DGRAM, IPPROTO_IP) = 3\n';
    const diff = compareTraces(prefix + c, prefix + ts);
    expect(diff.rows[1].reasons).toEqual([
      { class: 'other argument', text: 'other argument: buf is "hello\\n" in C, "hello" in TS' },
      { class: 'different return', text: 'different return: returns 6 in C, 5 in TS' },
    ]);
    expect(diff.summary).toBe('1 difference (1 different return)');
  });

  it('names the SIGPIPE that Node ignores', () => {
    const diff = compareTraces(
      fixture('sigpipe-killed.c.strace'),
      fixture('sigpipe-ignored.c.strace'),
      {
        serverPort: 9203,
      },
    );
    const because =
      'Node ignores SIGPIPE: C was killed by SIGPIPE after sendto returned EPIPE; TS got EPIPE and went on';
    expect(rows(diff).slice(-6)).toEqual([
      'same | sendto(fd#1, "x", 1, 0, NULL, 0) = -1 EPIPE (Broken pipe) | sendto(fd#1, "x", 1, 0, NULL, 0) = -1 EPIPE (Broken pipe)',
      'same | --- SIGPIPE {si_signo=SIGPIPE, si_code=SI_USER, si_pid=<pid>, si_uid=0} --- | --- SIGPIPE {si_signo=SIGPIPE, si_code=SI_USER, si_pid=<pid>, si_uid=0} ---',
      'c-only | +++ killed by SIGPIPE +++ | ',
      `  ignored SIGPIPE: ${because}`,
      'ts-only |  | close(fd#1) = 0',
      `  ignored SIGPIPE: ${because}`,
    ]);
    expect(diff.summary).toBe('2 differences (2 ignored SIGPIPE)');
    expect(diff.onlyKnownDifferences).toBe(true);
  });

  it('applies the SIGPIPE rule to a real Node trace, and judges the rest as usual', () => {
    const diff = compareTraces(fixture('sigpipe-killed.c.strace'), fixture('sigpipe.net.strace'), {
      cServerPort: 9203,
      tsServerPort: 9104,
    });
    expect(diff.summary).toBe(
      '10 differences (2 ignored SIGPIPE, 3 extra call, 3 different call, 1 extra flag, 1 different errno)',
    );
    expect(diff.onlyKnownDifferences).toBe(false);
    expect(diff.rows.slice(-2).map((row) => row.reasons[0].class)).toEqual([
      'ignored SIGPIPE',
      'ignored SIGPIPE',
    ]);
  });

  it('compares resolver calls too, and hides them on request', () => {
    const cText = fixture('getaddrinfo.c.strace');
    expect(compareTraces(cText, cText).summary).toBe('identical: 16 socket calls');
    expect(compareTraces(cText, cText, { hideResolver: true }).summary).toBe(
      'identical: 3 socket calls',
    );
  });
});
