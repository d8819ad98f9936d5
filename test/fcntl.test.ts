// fcntl(2) for O_NONBLOCK and FD_CLOEXEC, socket() and accept4() flags (SOCK_NONBLOCK,
// SOCK_CLOEXEC).
import { afterEach, describe, expect, it } from 'vitest';

import {
  AF_INET,
  AF_UNIX,
  FD_CLOEXEC,
  F_GETFD,
  F_GETFL,
  F_SETFD,
  F_SETFL,
  O_NONBLOCK,
  O_RDWR,
  SOCK_CLOEXEC,
  SOCK_DGRAM,
  SOCK_NONBLOCK,
  SOCK_STREAM,
  accept4,
  bind,
  connect,
  fcntl,
  listen,
  ntohs,
  recv,
  socketpair,
  type sockaddr_in,
  type socklen_t,
} from '../src/index';
import { OpenSockets, boundPort, loopback4 } from './helpers/addresses';
import { expectArgError, expectErrno } from './helpers/expect-error';

const sockets = new OpenSockets();
afterEach(() => sockets.closeAll());

describe('fcntl', () => {
  it('reads and sets O_NONBLOCK: a recv with nothing to read then fails with EAGAIN', () => {
    const [a, b] = socketpair(AF_UNIX, SOCK_STREAM, 0);
    sockets.add(a);
    sockets.add(b);
    expect(fcntl(a, F_GETFL)).toBe(O_RDWR);
    expect(fcntl(a, F_GETFL, 0)).toBe(O_RDWR);
    expect(fcntl(a, F_SETFL, fcntl(a, F_GETFL) | O_NONBLOCK)).toBe(0);
    expect(fcntl(a, F_GETFL)).toBe(O_RDWR | O_NONBLOCK);
    expectErrno(() => recv(a, new Uint8Array(4), 4, 0), 'EAGAIN', 'recv');
  });

  it('reads and sets FD_CLOEXEC', () => {
    const fd = sockets.open(AF_INET, SOCK_DGRAM);
    expect(fcntl(fd, F_GETFD)).toBe(0);
    expect(fcntl(fd, F_SETFD, FD_CLOEXEC)).toBe(0);
    expect(fcntl(fd, F_GETFD)).toBe(FD_CLOEXEC);
  });

  it('shows the flags socket() was given', () => {
    const fd = sockets.open(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC);
    expect(fcntl(fd, F_GETFL) & O_NONBLOCK).toBe(O_NONBLOCK);
    expect(fcntl(fd, F_GETFD)).toBe(FD_CLOEXEC);
  });

  it('fails with EBADF on a closed fd and refuses other commands and a missing arg', () => {
    const fd = sockets.open(AF_INET, SOCK_DGRAM);
    sockets.close(fd);
    expectErrno(() => fcntl(fd, F_GETFL), 'EBADF', 'fcntl');
    const open = sockets.open(AF_INET, SOCK_DGRAM);
    expectArgError(
      () => fcntl(open, 0),
      RangeError,
      'fcntl',
      /cmd 0 is not one of F_GETFL, F_SETFL, F_GETFD, F_SETFD/,
    );
    expectArgError(
      () => fcntl(open, F_SETFL),
      TypeError,
      'fcntl',
      /arg must be an integer, got undefined/,
    );
  });
});

describe('accept4', () => {
  function listening(flags = 0): { fd: number; port: number } {
    const fd = sockets.open(AF_INET, SOCK_STREAM | flags);
    bind(fd, loopback4());
    listen(fd, 4);
    return { fd, port: boundPort(fd) };
  }

  it('sets SOCK_NONBLOCK and SOCK_CLOEXEC on the new fd and fills the address', () => {
    const server = listening();
    const client = sockets.open(AF_INET, SOCK_STREAM);
    connect(client, loopback4(server.port));
    const peer = {} as sockaddr_in;
    const len: socklen_t = { value: 16 };
    const fd = sockets.add(accept4(server.fd, peer, len, SOCK_NONBLOCK | SOCK_CLOEXEC));
    expect(fcntl(fd, F_GETFL) & O_NONBLOCK).toBe(O_NONBLOCK);
    expect(fcntl(fd, F_GETFD)).toBe(FD_CLOEXEC);
    expect(len.value).toBe(16);
    expect(peer.sin_family).toBe(AF_INET);
    expect(ntohs(peer.sin_port)).toBe(boundPort(client));
    expectErrno(() => recv(fd, new Uint8Array(1), 1, 0), 'EAGAIN', 'recv');
  });

  it('with flags 0 is accept: a blocking fd without FD_CLOEXEC', () => {
    const server = listening();
    const client = sockets.open(AF_INET, SOCK_STREAM);
    connect(client, loopback4(server.port));
    const fd = sockets.add(accept4(server.fd, null, null, 0));
    expect(fcntl(fd, F_GETFL) & O_NONBLOCK).toBe(0);
    expect(fcntl(fd, F_GETFD)).toBe(0);
  });

  it('fails with EAGAIN on a non-blocking listener with no connection, EINVAL on bad flags', () => {
    const server = listening(SOCK_NONBLOCK);
    expectErrno(() => accept4(server.fd, null, null, 0), 'EAGAIN', 'accept4');
    expectErrno(() => accept4(server.fd, null, null, 0x1), 'EINVAL', 'accept4');
    expectArgError(
      () => accept4(server.fd, null, null, undefined as unknown as number),
      TypeError,
      'accept4',
      /flags must be an integer/,
    );
  });
});
