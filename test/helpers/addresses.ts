/**
 * Loopback addresses and the small socket chores every test file repeats: making the
 * structs, binding to port 0 and reading the port back, closing what a test opened.
 */
import {
  AF_INET,
  AF_INET6,
  AF_UNIX,
  INADDR_LOOPBACK,
  SOCK_DGRAM,
  SOCK_STREAM,
  SOL_SOCKET,
  SO_RCVTIMEO,
  bind,
  close,
  getsockname,
  htonl,
  htons,
  ntohs,
  setsockopt,
  socket,
  socketpair,
  type sockaddr_in,
  type sockaddr_in6,
} from '../../src/index';

/** 127.0.0.1:port as a struct sockaddr_in (port in host order, 0 for "any"). */
export function loopback4(port = 0): sockaddr_in {
  return {
    sin_family: AF_INET,
    sin_port: htons(port),
    sin_addr: { s_addr: htonl(INADDR_LOOPBACK) },
  };
}

/** The 16 bytes of ::1. */
export function in6addr_loopback(): Uint8Array {
  const bytes = new Uint8Array(16);
  bytes[15] = 1;
  return bytes;
}

/** The 16 bytes of ::ffff:127.0.0.1, 127.0.0.1 as an IPv4-mapped IPv6 address. */
export function mappedLoopback(): Uint8Array {
  return Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 1]);
}

/** [::1]:port (or another address) as a struct sockaddr_in6. */
export function loopback6(port = 0, s6_addr = in6addr_loopback()): sockaddr_in6 {
  return {
    sin6_family: AF_INET6,
    sin6_port: htons(port),
    sin6_flowinfo: 0,
    sin6_addr: { s6_addr },
    sin6_scope_id: 0,
  };
}

/** The port (host order) a bound socket got, read back with getsockname. */
export function boundPort(fd: number): number {
  const name = getsockname(fd);
  return ntohs(name.sin_port ?? name.sin6_port ?? 0);
}

/**
 * The sockets a test opens, closed after it (afterEach) whatever happened. A socket the
 * test closed itself is skipped, so the number is not closed twice (it may be reused).
 */
export class OpenSockets {
  private readonly fds = new Set<number>();

  /** socket(domain, type, protocol), remembered for closeAll. */
  open(domain: number, type: number, protocol = 0): number {
    return this.add(socket(domain, type, protocol));
  }

  /** socketpair(domain, type, protocol), both ends remembered for closeAll. */
  pair(domain = AF_UNIX, type = SOCK_STREAM, protocol = 0): [number, number] {
    const [a, b] = socketpair(domain, type, protocol);
    return [this.add(a), this.add(b)];
  }

  /** Remembers an fd made otherwise (accept). */
  add(fd: number): number {
    this.fds.add(fd);
    return fd;
  }

  /** close(fd) by the test itself. */
  close(fd: number): number {
    this.fds.delete(fd);
    return close(fd);
  }

  /** Closes every fd still open; a failure is thrown after all the others are closed. */
  closeAll(): void {
    const failures: unknown[] = [];
    for (const fd of this.fds) {
      try {
        close(fd);
      } catch (error) {
        failures.push(error);
      }
    }
    this.fds.clear();
    if (failures.length > 0) throw failures[0];
  }
}

/** A UDP socket bound to 127.0.0.1:0 whose receives give up after 2 s, and its port. */
export function udp4(sockets: OpenSockets): { fd: number; port: number } {
  const fd = sockets.open(AF_INET, SOCK_DGRAM, 0);
  bind(fd, loopback4());
  limitReceive(fd);
  return { fd, port: boundPort(fd) };
}

/**
 * SO_RCVTIMEO, so that a receive the test expects to succeed at once cannot hang the
 * suite when it does not: it fails with EAGAIN after `ms` instead.
 */
export function limitReceive(fd: number, ms = 2000): void {
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, {
    tv_sec: Math.floor(ms / 1000),
    tv_usec: (ms % 1000) * 1000,
  });
}
