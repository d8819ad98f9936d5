// The smoke test of every entry as an ES module (test/package/smoke.sh runs it under each
// runtime: Node 20-26, Node arm64 under qemu, Bun, Deno). Each check prints "ok NAME" or
// "FAILED NAME: why"; the last line is "smoke esm: N passed, N failed".
import * as root from 'bsd-sockets';
import * as c from 'bsd-sockets/c';
import * as libc from 'bsd-sockets/libc';

import { run } from './checks.mjs';

await run('esm', { root, c, libc, promises: () => import('bsd-sockets/promises') });
