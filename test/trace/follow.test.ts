import { describe, expect, it } from 'vitest';
import { follow, type FollowedEvent } from '../../tools/trace/follow';
import { parseTrace } from '../../tools/trace/parse';
import { fixture } from './fixture';

/** "name fd" per followed event, e.g. "close 3"; signals and deaths by their text. */
function summary(events: FollowedEvent[]): string[] {
  return events.map(({ event, process }) => {
    const where = process === 1 ? '' : `[${process}] `;
    if (event.kind !== 'call') return where + event.text;
    const fd = /^\d+$/.test(event.args[0] ?? '') ? ` ${event.args[0]}` : '';
    return `${where}${event.name}${fd} = ${event.ret}`;
  });
}

function followFixture(name: string, hideResolver = false) {
  return follow(parseTrace(fixture(name)), { hideResolver });
}

describe('follow', () => {
  it('keeps the socket calls of a C program, not its file reads or stdout writes', () => {
    expect(summary(followFixture('udp-client.c.strace').events)).toEqual([
      'socket = 3',
      'sendto 3 = 6',
      'recvfrom 3 = 6',
      'close 3 = 0',
    ]);
  });

  it('hides a socket inherited as stdout (Node spawn stdio)', () => {
    const events = followFixture('stdio-socket.c.strace').events;
    expect(summary(events)).toEqual([
      'socket = 3',
      'sendto 3 = 6',
      'recvfrom 3 = 6',
      'close 3 = 0',
    ]);
  });

  it('follows accept fds', () => {
    expect(summary(followFixture('tcp-server.c.strace').events)).toEqual([
      'socket = 3',
      'setsockopt 3 = 0',
      'bind 3 = 0',
      'listen 3 = 0',
      'accept 3 = 4',
      'recvfrom 4 = 5',
      'sendto 4 = 5',
      'close 4 = 0',
      'close 3 = 0',
    ]);
  });

  it('stops at close, ignores the file reusing the fd, follows the socket created on it again', () => {
    const result = followFixture('fd-reuse-fork.c.strace');
    expect(summary(result.events)).toEqual([
      'socket = 3',
      'close 3 = 0',
      'socket = 3',
      'socketpair = 0',
      'close 5 = 0',
      '[2] close 4 = 0',
      '[2] write 5 = 2',
      'read 4 = 2',
      '[2] close 5 = 0',
      'close 4 = 0',
      'close 3 = 0',
    ]);
    expect(
      result.sockets.map((socket) => [socket.id, socket.fd, socket.createdBy, socket.family]),
    ).toEqual([
      [1, 3, 'socket', 'AF_INET'],
      [2, 3, 'socket', 'AF_INET6'],
      [3, 4, 'socketpair', 'AF_UNIX'],
      [4, 5, 'socketpair', 'AF_UNIX'],
    ]);
    // Both ends of the pair, by fd number and socket id.
    expect([...result.events[3].sockets]).toEqual([
      [4, 3],
      [5, 4],
    ]);
  });

  it('gives a forked child a copy of the fd table, and drops SIGCHLD', () => {
    expect(summary(followFixture('fork-server.stderr.strace').events)).toEqual([
      'socket = 3',
      'setsockopt 3 = 0',
      'bind 3 = 0',
      'listen 3 = 0',
      'accept 3 = 4',
      'close 4 = 0',
      '[2] close 3 = 0',
      '[2] recvfrom 4 = 5',
      '[2] sendto 4 = 5',
      'accept 3 = 4',
      '[2] close 4 = 0',
      '[3] close 3 = 0',
      'close 4 = 0',
      '[3] recvfrom 4 = 5',
      '[3] sendto 4 = 5',
      '[3] close 4 = 0',
      'close 3 = 0',
    ]);
  });

  it("hides Node's own fds and shares the fd table with the getaddrinfo thread", () => {
    const result = followFixture('tcp-client.net.strace');
    expect(summary(result.events)).toEqual([
      'socket = 19',
      'bind 19 = 0',
      'getsockname 19 = 0',
      'sendto 19 = 20',
      'recvmsg 19 = 396',
      'recvmsg 19 = 20',
      'socket = 20',
      'connect 20 = -1',
      'close 20 = 0',
      'close 19 = 0',
      'socket = 19',
      'connect 19 = -1',
      'close 19 = 0',
      'socket = 19',
      'connect 19 = -1',
      'getsockopt 19 = 0',
      'write 19 = 5',
      'read 19 = 5',
      'shutdown 19 = 0',
      'read 19 = 0',
      'close 19 = 0',
    ]);
    expect(result.events[0].event.pid).toBe(4432);
    expect(result.events.map((entry) => entry.resolver ?? '-').join(' ')).toBe(
      'netlink netlink netlink netlink netlink netlink nscd nscd nscd netlink nscd nscd nscd - - - - - - - -',
    );
  });

  it('marks and hides the resolver sockets of getaddrinfo', () => {
    const result = followFixture('getaddrinfo-probe.c.strace');
    expect(result.sockets.map((socket) => socket.resolver ?? '-')).toEqual([
      'netlink',
      'nscd',
      'nscd',
      'probe',
      'probe',
      '-',
    ]);
    expect(summary(followFixture('getaddrinfo-probe.c.strace', true).events)).toEqual([
      'socket = 3',
      'connect 3 = -1',
      'close 3 = 0',
    ]);
  });

  it('does not mark a program socket without SOCK_CLOEXEC, nor one that sends', () => {
    expect(followFixture('udp-client.c.strace').sockets[0].resolver).toBeUndefined();
    // dgram's socket has SOCK_CLOEXEC but sends data: the program's, not the resolver's.
    const dgram = followFixture('udp-client.dgram.strace');
    expect(dgram.sockets.map((socket) => [socket.type, socket.resolver])).toEqual([
      ['SOCK_DGRAM|SOCK_CLOEXEC|SOCK_NONBLOCK', undefined],
    ]);
  });

  it('keeps SIGPIPE and the death it causes', () => {
    expect(summary(followFixture('sigpipe-killed.c.strace').events)).toEqual([
      'socket = 3',
      'connect 3 = 0',
      'sendto 3 = 1',
      'sendto 3 = 1',
      'sendto 3 = -1',
      '--- SIGPIPE {si_signo=SIGPIPE, si_code=SI_USER, si_pid=4479, si_uid=0} ---',
      '+++ killed by SIGPIPE +++',
    ]);
  });
});
