/**
 * Benchmark 3, TS promise API (bsd-sockets/promises): UDP ping-pong on loopback, round trips
 * per second. The client awaits sendto of a 16-byte datagram, then recv of the answer; the
 * echo server, in a Worker, awaits recvfrom + sendto. Neither blocks its event loop. A
 * 1-byte datagram stops the server. The same program is the Worker's script.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';

import {
  AF_INET,
  SOCK_DGRAM,
  close,
  sizeof,
  socket,
  type sockaddr_in,
  type socklen_t,
} from '../../src/index';
import { recv, recvfrom, sendto } from '../../src/promises/index';
import { boundToLoopback } from '../common/loopback';
import { measureAsync, opsPerSecond, report } from '../common/measure';
import { startWorker } from '../common/worker';

const PING = 16;

/** The Worker: echoes datagrams until a 1-byte one. */
async function echo(fd: number): Promise<void> {
  const buffer = new Uint8Array(64);
  const peer: sockaddr_in = { sin_family: AF_INET, sin_port: 0, sin_addr: { s_addr: 0 } };
  const peerlen: socklen_t = { value: sizeof.sockaddr_in };
  parentPort!.postMessage('ready');
  for (;;) {
    peerlen.value = sizeof.sockaddr_in;
    const n = await recvfrom(fd, buffer, buffer.length, 0, peer, peerlen);
    if (n <= 1) break;
    await sendto(fd, buffer, n, 0, peer);
  }
}

async function main(): Promise<void> {
  const { fd: server, addr: serverAddr } = boundToLoopback(SOCK_DGRAM);
  const { worker, exited } = await startWorker(__filename, { fd: server });

  // An answer that never comes leaves an await pending: bench/run.ts kills the program
  // after its time limit.
  const fd = socket(AF_INET, SOCK_DGRAM, 0);
  const buffer = new Uint8Array(64);
  const timing = await measureAsync(100, async (n) => {
    for (let i = 0; i < n; i++) {
      await sendto(fd, buffer, PING, 0, serverAddr);
      await recv(fd, buffer, buffer.length, 0);
    }
  });
  await sendto(fd, buffer, 1, 0, serverAddr);
  report(opsPerSecond(timing), 'round trips/s');
  close(fd);
  // A server that missed the stop datagram would wait without blocking anything (its
  // event loop stays alive): it is ended after a while.
  const timer = setTimeout(() => void worker.terminate(), 5000);
  await exited;
  clearTimeout(timer);
  close(server);
}

if (isMainThread) {
  void main();
} else {
  void echo((workerData as { fd: number }).fd);
}
