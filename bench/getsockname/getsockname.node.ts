/**
 * Benchmark 1, Node's own module: dgram's socket.address() on a bound UDP socket (it calls
 * uv_udp_getsockname, i.e. getsockname(2)), nanoseconds per call.
 */
import * as dgram from 'node:dgram';
import { once } from 'node:events';

import { measure, nsPerOp, report } from '../common/measure';

async function main(): Promise<void> {
  const udp = dgram.createSocket('udp4');
  udp.bind(0, '127.0.0.1');
  await once(udp, 'listening');
  const timing = measure(1000, (n) => {
    for (let i = 0; i < n; i++) udp.address();
  });
  report(nsPerOp(timing), 'ns/call');
  udp.close();
}

void main();
