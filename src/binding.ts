/**
 * The one binding loader: loads the compiled addon (./loader.ts says where it looks) and
 * types what it exports.
 */
import { loadAddon } from './loader';

import type { addrinfo_hints, addrinfo_node } from './addrinfo';
import type { hostent } from './hostent';
import type { in_addr, in6_addr, sockaddr, sockaddr_storage, socklen_t } from './sockaddr';
import type { linger, timeval } from './sockopt';
import type { pollfd } from './poll';
import type { fd_set } from './select';

/** What the C++ layer exports; the public API in the other files re-exports it with docs. */
export interface NativeBinding {
  constants: Record<string, number>;
  errno_names: Record<number, string>;
  sizeof: Record<
    | 'sockaddr'
    | 'sockaddr_in'
    | 'sockaddr_in6'
    | 'sockaddr_un'
    | 'sockaddr_storage'
    | 'in_addr'
    | 'in6_addr'
    | 'int'
    | 'timeval'
    | 'linger',
    number
  >;
  socket(domain: number, type: number, protocol: number): number;
  socketpair(domain: number, type: number, protocol: number): [number, number];
  shutdown(sockfd: number, how: number): number;
  close(fd: number): number;
  bind(sockfd: number, addr: sockaddr): number;
  listen(sockfd: number, backlog: number): number;
  accept(sockfd: number, addr?: sockaddr_storage | null, addrlen?: socklen_t | null): number;
  accept4(sockfd: number, addr: object | null, addrlen: socklen_t | null, flags: number): number;
  connect(sockfd: number, addr: sockaddr): number;
  getsockname<T extends object>(sockfd: number, addr?: T | null, addrlen?: socklen_t | null): T;
  getpeername<T extends object>(sockfd: number, addr?: T | null, addrlen?: socklen_t | null): T;
  send(sockfd: number, buf: Uint8Array, len: number, flags: number): number;
  sendto(
    sockfd: number,
    buf: Uint8Array,
    len: number,
    flags: number,
    dest_addr?: sockaddr | null,
  ): number;
  write(fd: number, buf: Uint8Array, count: number): number;
  recv(sockfd: number, buf: Uint8Array, len: number, flags: number): number;
  recvfrom(
    sockfd: number,
    buf: Uint8Array,
    len: number,
    flags: number,
    src_addr?: object | null,
    addrlen?: socklen_t | null,
  ): number;
  read(fd: number, buf: Uint8Array, count: number): number;
  setsockopt(
    sockfd: number,
    level: number,
    optname: number,
    optval: number | timeval | linger | Uint8Array,
    optlen?: number,
  ): number;
  getsockopt(
    sockfd: number,
    level: number,
    optname: number,
    optval?: Uint8Array | null,
    optlen?: number,
  ): number | timeval | linger;
  getaddrinfo(
    node: string | null | undefined,
    service: string | null | undefined,
    hints: addrinfo_hints | null | undefined,
  ): addrinfo_node;
  getnameinfo(addr: sockaddr, flags: number): { host: string; serv: string };
  gai_strerror(errcode: number): string;
  gethostbyname(name: string): hostent | null;
  gethostbyaddr(addr: Uint8Array, len: number, type: number): hostent | null;
  get_h_errno(): number;
  herror(s: string | null | undefined): void;
  hstrerror(err: number): string;
  inet_pton(af: number, src: string, dst: in_addr | in6_addr | Uint8Array): number;
  inet_ntop(af: number, src: in_addr | in6_addr | Uint8Array, size?: number): string;
  inet_aton(cp: string, inp: in_addr): number;
  inet_ntoa(inp: in_addr | Uint8Array): string;
  inet_addr(cp: string): number;
  strerror(errnum: number): string;
  perror(s: string | null | undefined, errnum?: number): void;
  get_errno(): number;
  poll(fds: pollfd[], timeout: number): number;
  select(
    nfds: number,
    readfds: fd_set | null,
    writefds: fd_set | null,
    exceptfds: fd_set | null,
    timeout: timeval | null,
  ): number;
  fcntl(fd: number, cmd: number, arg?: number): number;
  /** bsd-sockets/promises: the first argument is the id `cancel` takes (0: none). */
  promises: {
    accept(
      id: number,
      sockfd: number,
      addr?: object | null,
      addrlen?: socklen_t | null,
    ): Promise<number>;
    accept4(
      id: number,
      sockfd: number,
      addr: object | null,
      addrlen: socklen_t | null,
      flags: number,
    ): Promise<number>;
    connect(id: number, sockfd: number, addr: sockaddr): Promise<number>;
    recv(id: number, sockfd: number, buf: Uint8Array, len: number, flags: number): Promise<number>;
    recvfrom(
      id: number,
      sockfd: number,
      buf: Uint8Array,
      len: number,
      flags: number,
      src_addr?: object | null,
      addrlen?: socklen_t | null,
    ): Promise<number>;
    read(id: number, fd: number, buf: Uint8Array, count: number): Promise<number>;
    send(id: number, sockfd: number, buf: Uint8Array, len: number, flags: number): Promise<number>;
    sendto(
      id: number,
      sockfd: number,
      buf: Uint8Array,
      len: number,
      flags: number,
      dest_addr?: sockaddr | null,
    ): Promise<number>;
    write(id: number, fd: number, buf: Uint8Array, count: number): Promise<number>;
    poll(id: number, fds: pollfd[], timeout: number): Promise<number>;
    cancel(id: number, reason: unknown): void;
  };
}

const loaded = loadAddon<NativeBinding>(__dirname);

/** The path of the loaded addon, for diagnostics and tests of both builds. */
export const binding_path: string = loaded.path;

export const native: NativeBinding = loaded.addon;
