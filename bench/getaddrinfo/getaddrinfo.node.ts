/**
 * Benchmark 5, Node's own module: dns.lookup('localhost', { all: true }) (getaddrinfo in
 * libuv's thread pool, with SOCK_STREAM hints as here), one call after another, calls per
 * second.
 */
import * as dns from 'node:dns/promises';

import { measureAsync, opsPerSecond, report } from '../common/measure';

async function main(): Promise<void> {
  const timing = await measureAsync(20, async (n) => {
    for (let i = 0; i < n; i++) await dns.lookup('localhost', { all: true });
  });
  report(opsPerSecond(timing), 'calls/s');
}

void main();
