import { describe, expect, it } from 'vitest';
import { compareTraces, socketCalls } from '../../tools/trace/compare';
import { fitLines, renderDiff, renderSingle } from '../../tools/trace/render';
import { fixture } from './fixture';

const refusedDiff = () =>
  compareTraces(fixture('tcp-client.c.strace'), fixture('tcp-client-refused.c.strace'), {
    cServerPort: 9201,
    tsServerPort: 9206,
  });

describe('renderDiff', () => {
  it('prints two aligned columns, gutter marks, reasons and the summary', () => {
    const text = renderDiff(refusedDiff(), {
      width: 100,
      cTitle: './tcp_client 9201',
      tsTitle: './tcp_client 9206',
    });
    expect(text).toBe(
      [
        'C: ./tcp_client 9201                               TS: ./tcp_client 9206',
        '-------------------------------------------------+--------------------------------------------------',
        'socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = fd#1    socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = fd#1',
        'connect(fd#1, {sa_family=AF_INET,                ! connect(fd#1, {sa_family=AF_INET,',
        'sin_port=htons(SERVER_PORT),                     ! sin_port=htons(SERVER_PORT),',
        'sin_addr=inet_addr("127.0.0.1")}, 16) = 0        ! sin_addr=inet_addr("127.0.0.1")}, 16) = -1',
        '                                                 ! ECONNREFUSED (Connection refused)',
        '  => different errno: returns 0 in C, -1 ECONNREFUSED (Connection refused) in TS',
        'getsockname(fd#1, {sa_family=AF_INET,            <',
        'sin_port=htons(EPHEMERAL#1),                     <',
        'sin_addr=inet_addr("127.0.0.1")}, [16]) = 0      <',
        '  => missing call: only C does getsockname',
        'sendto(fd#1, "ping\\n", 5, 0, NULL, 0) = 5        <',
        '  => missing call: only C does sendto',
        'recvfrom(fd#1, "ping\\n", 64, 0, NULL, NULL) = 5  <',
        '  => missing call: only C does recvfrom',
        'shutdown(fd#1, SHUT_RDWR) = 0                    <',
        '  => missing call: only C does shutdown',
        'close(fd#1) = 0                                  <',
        '  => missing call: only C does close',
        '6 differences (5 missing call, 1 different errno)',
        '',
      ].join('\n'),
    );
  });

  it('marks TS-only rows with > and shows the identical summary', () => {
    const dgram = compareTraces(fixture('udp-client.c.strace'), fixture('udp-client.dgram.strace'));
    const lines = renderDiff(dgram, { width: 400 }).split('\n');
    expect(lines[2]).toBe(
      `${' '.repeat(198)} > bind(fd#1, {sa_family=AF_INET, sin_port=htons(0), sin_addr=inet_addr("0.0.0.0")}, 16) = 0`,
    );
    const same = compareTraces(fixture('eagain.c.strace'), fixture('eagain.c.strace'));
    expect(renderDiff(same, { width: 400 }).split('\n').slice(-2)).toEqual([
      'identical: 4 socket calls',
      '',
    ]);
  });

  it('colours only when asked', () => {
    const plain = renderDiff(refusedDiff(), { width: 100 });
    expect(plain).not.toContain('\u001b[');
    const lines = renderDiff(refusedDiff(), { width: 100, color: true }).split('\n');
    expect(lines[0]).toBe(
      'socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = fd#1    socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = fd#1',
    );
    expect(lines[1]).toBe(
      '\u001b[33mconnect(fd#1, {sa_family=AF_INET,                ! connect(fd#1, {sa_family=AF_INET,\u001b[0m',
    );
    expect(lines[5]).toBe(
      '\u001b[2m  => different errno: returns 0 in C, -1 ECONNREFUSED (Connection refused) in TS\u001b[0m',
    );
    expect(lines[6]).toBe('\u001b[31mgetsockname(fd#1, {sa_family=AF_INET,            <\u001b[0m');
    expect(lines[lines.length - 2]).toBe(
      '\u001b[1;31m6 differences (5 missing call, 1 different errno)\u001b[0m',
    );
  });

  it('shows strace text with raw, and marks resolver calls', () => {
    const diff = compareTraces(fixture('getaddrinfo.c.strace'), fixture('getaddrinfo.c.strace'));
    const lines = renderDiff(diff, { width: 400, raw: true }).split('\n');
    expect(lines[0]).toBe(
      `${'(resolver netlink) socket(AF_NETLINK, SOCK_RAW|SOCK_CLOEXEC, NETLINK_ROUTE) = 3'.padEnd(198)}   (resolver netlink) socket(AF_NETLINK, SOCK_RAW|SOCK_CLOEXEC, NETLINK_ROUTE) = 3`,
    );
  });
});

describe('renderSingle', () => {
  it('lists one trace', () => {
    expect(renderSingle(socketCalls(fixture('eagain.c.strace')))).toBe(
      [
        'socket(AF_INET, SOCK_DGRAM, IPPROTO_IP) = fd#1',
        'bind(fd#1, {sa_family=AF_INET, sin_port=htons(0), sin_addr=inet_addr("127.0.0.1")}, 16) = 0',
        'recvfrom(fd#1, <addr>, 16, MSG_DONTWAIT, NULL, NULL) = -1 EAGAIN (Resource temporarily unavailable)',
        'close(fd#1) = 0',
        '4 socket calls',
        '',
      ].join('\n'),
    );
  });
});

describe('--width', () => {
  it('holds for every line at 80 and 100, titles and summary included; a name is never cut inside a word', () => {
    for (const width of [80, 100]) {
      const cTitle = '/work/course/bin/tp_tcp/serveur_select 42517 with a long title to wrap';
      const tsTitle = 'node dist/course/tp_tcp/serveur_select.js 42517';
      const text = renderDiff(refusedDiff(), { width, cTitle, tsTitle });
      const lines = text.split('\n');
      expect(lines.filter((l) => l.length > width)).toEqual([]);
      // Each word of the titles whole on some line.
      for (const word of `${cTitle} ${tsTitle}`.split(' '))
        expect(
          lines.some((l) => l.split(/\s+/).includes(word)),
          word,
        ).toBe(true);
    }
  });

  it('fitLines wraps the lines longer than the width at spaces, colours not counted', () => {
    const header = `tp_tcp/serveur: ${'a description in several words '.repeat(4).trim()}`;
    const fitted = fitLines(`${header}\n\u001b[1mshort\u001b[0m\n`, 40);
    expect(fitted.split('\n')).toEqual([
      'tp_tcp/serveur: a description in',
      '  several words a description in',
      '  several words a description in',
      '  several words a description in',
      '  several words',
      '\u001b[1mshort\u001b[0m',
      '',
    ]);
  });
});
