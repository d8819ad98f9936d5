// Faults from the other end and from the caller: a peer's reset, a write to a closed peer,
// an fd used after close. Each is an errno error, as in C — and a write to a closed peer
// does not kill the process, because Node.js ignores SIGPIPE (a C program with the default
// disposition dies of it; see test/trace/fixtures/sigpipe-killed.c.strace).
import { afterEach, describe, expect, it } from 'vitest';

import {
  AF_INET,
  AF_UNIX,
  SOCK_DGRAM,
  SOCK_STREAM,
  SOL_SOCKET,
  SO_LINGER,
  accept,
  bind,
  close,
  connect,
  getsockopt,
  listen,
  recv,
  send,
  sendto,
  setsockopt,
  shutdown,
  socketpair,
  write,
  SO_TYPE,
  SHUT_RDWR,
} from '../../src/index';
import { OpenSockets, boundPort, limitReceive, loopback4 } from '../helpers/addresses';
import { runScript } from '../helpers/child';
import { expectErrno } from '../helpers/expect-error';

const sockets = new OpenSockets();
afterEach(() => sockets.closeAll());

/** A connected TCP pair over loopback: [client, accepted]. */
function tcpPair(): [number, number] {
  const server = sockets.open(AF_INET, SOCK_STREAM);
  bind(server, loopback4());
  listen(server, 1);
  const client = sockets.open(AF_INET, SOCK_STREAM);
  // The handshake completes in connect(); accept() finds the connection queued.
  connect(client, loopback4(boundPort(server)));
  const accepted = sockets.add(accept(server));
  limitReceive(client);
  limitReceive(accepted);
  return [client, accepted];
}

const bytes = Buffer.from('data');

describe('the peer', () => {
  it('closes with SO_LINGER { 1, 0 } (a reset): recv fails with ECONNRESET', () => {
    const [client, accepted] = tcpPair();
    setsockopt(accepted, SOL_SOCKET, SO_LINGER, { l_onoff: 1, l_linger: 0 });
    sockets.close(accepted); // sends RST instead of FIN
    expectErrno(() => recv(client, Buffer.alloc(4), 4, 0), 'ECONNRESET', 'recv');
    // The error is reported once; the connection is gone after it: end of file.
    expect(recv(client, Buffer.alloc(4), 4, 0)).toBe(0);
  });

  it('closed (TCP): the first send goes out, the peer answers RST, the next send is EPIPE', () => {
    const [client, accepted] = tcpPair();
    sockets.close(accepted);
    expect(recv(client, Buffer.alloc(4), 4, 0)).toBe(0); // its FIN: end of file
    expect(send(client, bytes, 4, 0)).toBe(4); // accepted by the local stack
    // Linux: the RST to that segment arrives (on loopback, before send returns) and a
    // socket in CLOSE_WAIT records EPIPE for it (tcp_reset), not ECONNRESET.
    expectErrno(() => send(client, bytes, 4, 0), 'EPIPE', 'send');
    expectErrno(() => write(client, bytes, 4), 'EPIPE', 'write');
  });

  it('closed (Unix stream): write fails with EPIPE at once', () => {
    const [a, b] = socketpair(AF_UNIX, SOCK_STREAM, 0);
    sockets.add(a);
    sockets.add(b);
    sockets.close(b);
    expectErrno(() => write(a, bytes, 4), 'EPIPE', 'write');
    expectErrno(() => send(a, bytes, 4, 0), 'EPIPE', 'send');
  });

  it('EPIPE does not kill a Node.js process: SIGPIPE is ignored (/proc/self/status SigIgn)', async () => {
    const result = await runScript(`
      const bsd = require(process.env.BSD_SOCKETS_ENTRY);
      const sigIgn = /SigIgn:\\s*([0-9a-f]+)/.exec(require('fs').readFileSync('/proc/self/status', 'utf8'))[1];
      const [a, b] = bsd.socketpair(bsd.AF_UNIX, bsd.SOCK_STREAM, 0);
      bsd.close(b);
      try { bsd.write(a, Buffer.from('x'), 1); } catch (e) { console.log(e.code); }
      // SIGPIPE is signal 13 on Linux: bit 12 of the mask.
      console.log((BigInt('0x' + sigIgn) >> 12n) & 1n ? 'ignored' : 'not ignored');
      console.log('alive');
    `);
    expect(result.signal).toBeNull();
    expect(result.stdout).toBe('EPIPE\nignored\nalive\n');
  });
});

describe('the caller', () => {
  it('an fd used after close: EBADF from every kind of call', () => {
    const fd = sockets.open(AF_INET, SOCK_DGRAM);
    bind(fd, loopback4());
    const port = boundPort(fd);
    sockets.close(fd);
    // Nothing opens an fd between close and these calls (one synchronous stretch), so the
    // number is not reused: as in C, a reused number would reach the new file.
    expectErrno(() => recv(fd, Buffer.alloc(4), 4, 0), 'EBADF', 'recv');
    expectErrno(() => sendto(fd, bytes, 4, 0, loopback4(port)), 'EBADF', 'sendto');
    expectErrno(() => getsockopt(fd, SOL_SOCKET, SO_TYPE), 'EBADF', 'getsockopt');
    expectErrno(() => shutdown(fd, SHUT_RDWR), 'EBADF', 'shutdown');
  });

  it('close twice: 0, then EBADF', () => {
    const fd = sockets.open(AF_INET, SOCK_DGRAM);
    expect(sockets.close(fd)).toBe(0);
    expectErrno(() => close(fd), 'EBADF', 'close');
  });
});
