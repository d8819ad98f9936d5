/**
 * Benchmark 2, Node's own module: dgram's socket.send(buf, port, '127.0.0.1') of 16-byte
 * datagrams to a bound socket that never reads, nanoseconds per call. A batch sends without
 * waiting (as a loop of send() calls does) and ends when the callback of its last datagram
 * has run; the receiver's queue fills and Linux drops the rest there (see sendto.c).
 */
import * as dgram from 'node:dgram';
import { once } from 'node:events';

import { measureAsync, nsPerOp, report } from '../common/measure';

async function main(): Promise<void> {
  const receiver = dgram.createSocket('udp4');
  receiver.bind(0, '127.0.0.1');
  await once(receiver, 'listening');
  const port = receiver.address().port;
  const sender = dgram.createSocket('udp4');
  const payload = Buffer.alloc(16);

  const timing = await measureAsync(
    1000,
    (n) =>
      new Promise<void>((resolve, reject) => {
        for (let i = 0; i < n - 1; i++) sender.send(payload, port, '127.0.0.1');
        sender.send(payload, port, '127.0.0.1', (error) => (error ? reject(error) : resolve()));
      }),
  );
  report(nsPerOp(timing), 'ns/call');
  sender.close();
  receiver.close();
}

void main();
