import { describe, expect, it } from 'vitest';
import { socketCalls } from '../../tools/trace/compare';
import { outsideStrings } from '../../tools/trace/normalize';
import { fixture } from './fixture';

function texts(name: string, options: Parameters<typeof socketCalls>[1] = {}): string[] {
  return socketCalls(fixture(name), options).map((event) => event.text);
}

describe('normalize', () => {
  it('renumbers fds, names the server port and the ephemeral port', () => {
    expect(texts('tcp-client.c.strace', { serverPort: 9201 })).toEqual([
      'socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = fd#1',
      'connect(fd#1, {sa_family=AF_INET, sin_port=htons(SERVER_PORT), sin_addr=inet_addr("127.0.0.1")}, 16) = 0',
      'getsockname(fd#1, {sa_family=AF_INET, sin_port=htons(EPHEMERAL#1), sin_addr=inet_addr("127.0.0.1")}, [16]) = 0',
      'sendto(fd#1, "ping\\n", 5, 0, NULL, 0) = 5',
      'recvfrom(fd#1, "ping\\n", 64, 0, NULL, NULL) = 5',
      'shutdown(fd#1, SHUT_RDWR) = 0',
      'close(fd#1) = 0',
    ]);
  });

  it('leaves the server port as it is when not told it', () => {
    expect(texts('tcp-client.c.strace')[1]).toBe(
      'connect(fd#1, {sa_family=AF_INET, sin_port=htons(9201), sin_addr=inet_addr("127.0.0.1")}, 16) = 0',
    );
  });

  it('makes two runs of the same program equal (other pid, port, server)', () => {
    const first = texts('udp-client.c.strace', { serverPort: 9200 });
    const second = texts('stdio-socket.c.strace', { serverPort: 9207 });
    expect(second).toEqual(first);
    expect(first).toContain(
      'recvfrom(fd#1, "hello\\n", 128, 0, {sa_family=AF_INET, sin_port=htons(SERVER_PORT), sin_addr=inet_addr("127.0.0.1")}, [16]) = 6',
    );
  });

  it("renumbers Node's fd 19 as fd#1 too", () => {
    expect(
      texts('tcp-client.net.strace', { serverPort: 9202, hideResolver: true }).slice(0, 2),
    ).toEqual([
      'socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC|SOCK_NONBLOCK, IPPROTO_IP) = fd#1',
      'connect(fd#1, {sa_family=AF_INET, sin_port=htons(SERVER_PORT), sin_addr=inet_addr("127.0.0.1")}, 16) = -1 EINPROGRESS (Operation now in progress)',
    ]);
  });

  it('replaces pointers, keeps lengths, flags and errnos', () => {
    expect(texts('eagain.c.strace')[2]).toBe(
      'recvfrom(fd#1, <addr>, 16, MSG_DONTWAIT, NULL, NULL) = -1 EAGAIN (Resource temporarily unavailable)',
    );
    expect(texts('udp-client-variant.c.strace', { serverPort: 9205 }).slice(0, 3)).toEqual([
      'socket(AF_INET, SOCK_DGRAM|SOCK_CLOEXEC, IPPROTO_IP) = fd#1',
      'sendto(fd#1, "hello\\n", 6, 0, {sa_family=AF_INET, sin_port=htons(SERVER_PORT), sin_addr=inet_addr("127.0.0.1")}, 128) = 6',
      'recvfrom(fd#1, "hello\\n", 256, 0, {sa_family=AF_INET, sin_port=htons(SERVER_PORT), sin_addr=inet_addr("127.0.0.1")}, [128 => 16]) = 6',
    ]);
  });

  it("replaces a low heap pointer (a Buffer in a non-PIE node's heap), not flags in hex", () => {
    // Recorded: tp_udp/serveuru's TS port, killed while blocked in recvfrom.
    const killedInRecvfrom = [
      '900 socket(AF_INET, SOCK_DGRAM, IPPROTO_IP) = 18',
      '900 recvfrom(18, 0x5e8bad0, 255, 0, 0x7ffc2a61c8f0, [16]) = ? ERESTARTSYS (To be restarted if SA_RESTART is set)',
      '900 socket(AF_INET, SOCK_STREAM|0x400000, IPPROTO_IP) = 19',
      '900 +++ killed by SIGTERM +++',
    ].join('\n');
    expect(socketCalls(killedInRecvfrom).map((event) => event.text)).toEqual([
      'socket(AF_INET, SOCK_DGRAM, IPPROTO_IP) = fd#1',
      'recvfrom(fd#1, <addr>, 255, 0, <addr>, [16]) = ? ERESTARTSYS (To be restarted if SA_RESTART is set)',
      'socket(AF_INET, SOCK_STREAM|0x400000, IPPROTO_IP) = fd#2',
      '+++ killed by SIGTERM +++',
    ]);
  });

  it('replaces netlink pids and sequence numbers, and marks resolver calls', () => {
    const calls = socketCalls(fixture('getaddrinfo.c.strace'));
    expect(calls[2].text).toBe(
      'getsockname(fd#1, {sa_family=AF_NETLINK, nl_pid=<pid>, nl_groups=00000000}, [12]) = 0',
    );
    expect(calls[3].text).toBe(
      'sendto(fd#1, [{nlmsg_len=20, nlmsg_type=RTM_GETADDR, nlmsg_flags=NLM_F_REQUEST|NLM_F_DUMP, nlmsg_seq=<seq>, nlmsg_pid=0}, {ifa_family=AF_UNSPEC, ...}], 20, 0, {sa_family=AF_NETLINK, nl_pid=0, nl_groups=00000000}, 12) = 20',
    );
    expect(calls.map((call) => call.resolver ?? '-').join(' ')).toBe(
      'netlink netlink netlink netlink netlink netlink nscd nscd nscd netlink nscd nscd nscd - - -',
    );
  });

  it('renames fds inside poll, select and dup, and drops the time select had left', () => {
    expect(texts('waits.c.strace').slice(4)).toEqual([
      'poll([{fd=fd#1, events=POLLIN}], 1, 1000) = 1 ([{fd=fd#1, revents=POLLIN}])',
      'pselect6(fd#1+1, [fd#1], NULL, NULL, {tv_sec=1, tv_nsec=0}, NULL) = 1 (in [fd#1], left <time>)',
      'recvfrom(fd#1, "me", 8, 0, NULL, NULL) = 2',
      'dup(fd#1) = fd#2',
      'dup2(fd#1, fd#3) = fd#3',
      'fcntl(fd#2, F_SETFL, O_RDONLY|O_NONBLOCK) = 0',
      'close(fd#2) = 0',
      'close(fd#3) = 0',
      'close(fd#1) = 0',
    ]);
  });

  it('labels calls of forked children with their process', () => {
    expect(texts('fd-reuse-fork.c.strace').slice(3, 8)).toEqual([
      'socketpair(AF_UNIX, SOCK_STREAM, 0, [fd#3, fd#4]) = 0',
      'close(fd#4) = 0',
      '[proc#2] close(fd#3) = 0',
      '[proc#2] write(fd#4, "hi", 2) = 2',
      'read(fd#3, "hi", 64) = 2',
    ]);
  });

  it('normalizes the pid of a signal', () => {
    expect(texts('sigpipe-killed.c.strace').slice(-2)).toEqual([
      '--- SIGPIPE {si_signo=SIGPIPE, si_code=SI_USER, si_pid=<pid>, si_uid=0} ---',
      '+++ killed by SIGPIPE +++',
    ]);
  });

  it('never rewrites inside quoted payloads', () => {
    const upper = (part: string): string => part.toUpperCase();
    expect(outsideStrings('a "b\\"c" d "0x7ffd00001111"', upper)).toBe(
      'A "b\\"c" D "0x7ffd00001111"',
    );
  });
});
