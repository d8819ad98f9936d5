/**
 * The system calls the tool traces, by the role they play. run.ts traces them all; follow.ts
 * shows the socket API among them and uses the rest to know which fds are sockets.
 */

/** Create sockets: always shown. */
export const SOCKET_CREATION_CALLS: readonly string[] = ['socket', 'socketpair'];

/**
 * The socket calls that take a socket's fd first, with read, write and close on it: what a
 * socket program does with its socket (the lab's lanes show these).
 */
export const SOCKET_FD_CALLS: readonly string[] = [
  'bind',
  'listen',
  'accept',
  'accept4',
  'connect',
  'getsockname',
  'getpeername',
  'sendto',
  'recvfrom',
  'sendmsg',
  'recvmsg',
  'sendmmsg',
  'recvmmsg',
  'setsockopt',
  'getsockopt',
  'shutdown',
  'read',
  'write',
  'readv',
  'writev',
  'close',
];

/** Take an fd first: shown when that fd is a followed socket (read, write, close included). */
export const FD_CALLS: readonly string[] = [
  ...SOCKET_FD_CALLS,
  'fcntl',
  'ioctl',
  'dup',
  'dup2',
  'dup3',
];

/** Wait on several fds: shown when one of them is a followed socket. */
export const WAIT_CALLS: readonly string[] = ['poll', 'ppoll', 'select', 'pselect6'];

/**
 * Readiness waits, dropped from both sides by the `ignoreWaits` option (compare.ts): the traced
 * WAIT_CALLS, and epoll's, which are not traced (Node's event loop waits in epoll_pwait on an
 * fd of its own) but may be in a trace recorded with other flags.
 */
export const READINESS_WAIT_CALLS: readonly string[] = [
  ...WAIT_CALLS,
  'epoll_wait',
  'epoll_pwait',
  'epoll_pwait2',
];

/** Never shown: they close fds in bulk, or create and replace processes (and so fd tables). */
export const HIDDEN_CALLS: readonly string[] = [
  'close_range',
  'clone',
  'clone3',
  'fork',
  'vfork',
  'execve',
];

export const TRACED_SYSCALLS: readonly string[] = [
  ...SOCKET_CREATION_CALLS,
  ...FD_CALLS,
  ...WAIT_CALLS,
  ...HIDDEN_CALLS,
];
