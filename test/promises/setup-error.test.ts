// The watcher of bsd-sockets/promises cannot be set up: epoll_create1(2) fails at the first
// promise call (EMFILE once the process has no fd left). The call rejects with the
// ErrnoError of epoll_create1, code EMFILE and errno EMFILE, as every failed call does,
// not with a plain Error.
//
// In a child whose RLIMIT_NOFILE is 256 (ulimit -n): it fills its fd table with sockets
// (at most 256 of them), then makes its first promise call.
import { describe, expect, it } from 'vitest';

import { run } from '../helpers/child';

const script = `
const c = require(process.env.BSD_SOCKETS_ENTRY.replace(/index\\.js$/, 'c/index.js'));
const promises = require(process.env.BSD_SOCKETS_ENTRY.replace(/index\\.js$/, 'promises/index.js'));
const { ErrnoError } = require(process.env.BSD_SOCKETS_ENTRY);
const opened = [];
for (let i = 0; i < 256; i++) {
  const fd = c.socket(c.AF_INET, c.SOCK_DGRAM, 0);
  if (fd === -1) break;
  opened.push(fd);
}
if (c.errno !== c.EMFILE) throw new Error('the fd table did not fill: errno ' + c.errno);
promises.recv(opened[0], new Uint8Array(1), 1, c.MSG_DONTWAIT).then(
  () => console.log('resolved'),
  (error) => {
    console.log(JSON.stringify({
      ErrnoError: error instanceof ErrnoError,
      code: error.code,
      errno: error.errno,
      syscall: error.syscall,
      message: error.message,
      thread_errno: c.errno,
    }));
    for (const fd of opened) c.close(fd);
  },
);
`;

// Not under the sanitizers (scripts/test-asan.sh preloads libasan): with no fd left,
// UBSan's vptr check cannot probe the vtable (its IsAccessibleMemoryRange writes it into a
// pipe(2), which fails with EMFILE) and reports "invalid vptr" for the Waiter that
// StartWaiting frees on this path: a report about the sanitizer's own probe, fatal with
// -fno-sanitize-recover.
const underSanitizer = (process.env.LD_PRELOAD ?? '').includes('libasan');

describe('epoll_create1 fails at the first promise call', () => {
  it.skipIf(underSanitizer)(
    'EMFILE: the call rejects with the ErrnoError of epoll_create1',
    async () => {
      const result = await run(
        'sh',
        ['-c', 'ulimit -n 256 && exec "$0" -e "$1"', process.execPath, script],
        {
          timeoutMs: 30_000,
        },
      );
      expect(result.stderr).toBe('');
      const EMFILE = 24;
      expect(JSON.parse(result.stdout)).toEqual({
        ErrnoError: true,
        code: 'EMFILE',
        errno: EMFILE,
        syscall: 'epoll_create1',
        message: 'epoll_create1: Too many open files',
        thread_errno: EMFILE,
      });
      expect(result.status).toBe(0);
    },
    40_000,
  );
});
