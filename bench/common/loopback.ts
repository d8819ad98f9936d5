/** The sockets the TypeScript benchmarks start from, made as their C references make them. */
import {
  AF_INET,
  INADDR_LOOPBACK,
  SOL_SOCKET,
  SO_RCVTIMEO,
  bind,
  getsockname,
  htonl,
  htons,
  setsockopt,
  socket,
  type sockaddr_in,
} from '../../src/index';

/**
 * A socket of `type` (SOCK_DGRAM, SOCK_STREAM) bound to 127.0.0.1 on a port the kernel
 * picks, and its address with that port, ready for sendto or connect.
 */
export function boundToLoopback(type: number): { fd: number; addr: sockaddr_in } {
  const fd = socket(AF_INET, type, 0);
  const addr: sockaddr_in = {
    sin_family: AF_INET,
    sin_port: htons(0),
    sin_addr: { s_addr: htonl(INADDR_LOOPBACK) },
  };
  bind(fd, addr);
  addr.sin_port = getsockname<sockaddr_in>(fd).sin_port;
  return { fd, addr };
}

/**
 * SO_RCVTIMEO of 5 s: a blocking receive (or accept, on Linux) waiting for a peer that
 * died fails with EAGAIN instead of hanging the benchmark. Accepted sockets inherit it.
 */
export function limitReceive(fd: number): void {
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, { tv_sec: 5, tv_usec: 0 });
}
