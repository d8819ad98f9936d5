/**
 * Benchmark 3, Node's own module: UDP ping-pong on loopback with `dgram`, round trips per
 * second. The client sends a 16-byte datagram with send(buf, port, '127.0.0.1') and waits
 * for its 'message' event; the echo server, a dgram socket in a Worker, answers each
 * 'message' with send(msg, rinfo.port, rinfo.address). The same program is the Worker's
 * script.
 */
import * as dgram from 'node:dgram';
import { once } from 'node:events';
import { Worker, isMainThread, parentPort } from 'node:worker_threads';

import { measureAsync, opsPerSecond, report } from '../common/measure';

const PING = 16;

/** The Worker: echoes every datagram to its sender. */
function echo(): void {
  const udp = dgram.createSocket('udp4');
  udp.on('message', (msg, rinfo) => udp.send(msg, rinfo.port, rinfo.address));
  udp.bind(0, '127.0.0.1', () => parentPort!.postMessage(udp.address().port));
}

async function main(): Promise<void> {
  const echoer = new Worker(__filename);
  const [port] = (await once(echoer, 'message')) as [number];
  const udp = dgram.createSocket('udp4');
  udp.bind(0, '127.0.0.1');
  await once(udp, 'listening');
  let answered: () => void = () => {};
  udp.on('message', () => answered());
  const ping = Buffer.alloc(PING);
  const timing = await measureAsync(100, async (n) => {
    for (let i = 0; i < n; i++) {
      await new Promise<void>((resolve) => {
        answered = resolve;
        udp.send(ping, port, '127.0.0.1');
      });
    }
  });
  report(opsPerSecond(timing), 'round trips/s');
  udp.close();
  await echoer.terminate();
}

if (isMainThread) {
  void main();
} else {
  echo();
}
