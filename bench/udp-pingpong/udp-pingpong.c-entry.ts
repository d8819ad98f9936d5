/**
 * Benchmark 3, bsd-sockets/c (synchronous calls): UDP ping-pong on loopback, round trips
 * per second, written as the C reference is. The echo server is a Worker blocking in its
 * own thread; a 1-byte datagram stops it. The same program is the Worker's script.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';

import {
  AF_INET,
  SOCK_DGRAM,
  close,
  recv,
  recvfrom,
  sendto,
  sizeof,
  socket,
  type sockaddr_in,
  type socklen_t,
} from '../../src/c/index';
import { boundToLoopback, limitReceive } from '../common/loopback';
import { measure, opsPerSecond, report } from '../common/measure';
import { startWorker } from '../common/worker';

const PING = 16;

/** The Worker: echoes datagrams until a 1-byte one (or an error). */
function echo(fd: number): void {
  const buffer = new Uint8Array(64);
  const peer: sockaddr_in = { sin_family: AF_INET, sin_port: 0, sin_addr: { s_addr: 0 } };
  const peerlen: socklen_t = { value: sizeof.sockaddr_in };
  parentPort!.postMessage('ready');
  for (;;) {
    peerlen.value = sizeof.sockaddr_in;
    const n = recvfrom(fd, buffer, buffer.length, 0, peer, peerlen);
    if (n <= 1) break;
    if (sendto(fd, buffer, n, 0, peer, peerlen.value) === -1) break;
  }
}

async function main(): Promise<void> {
  const { fd: server, addr: serverAddr } = boundToLoopback(SOCK_DGRAM);
  limitReceive(server);
  const { exited } = await startWorker(__filename, { fd: server });

  const fd = socket(AF_INET, SOCK_DGRAM, 0);
  limitReceive(fd);
  const buffer = new Uint8Array(64);
  const timing = measure(100, (n) => {
    for (let i = 0; i < n; i++) {
      if (sendto(fd, buffer, PING, 0, serverAddr, sizeof.sockaddr_in) === -1) {
        throw new Error('sendto failed');
      }
      if (recv(fd, buffer, buffer.length, 0) === -1) throw new Error('recv failed');
    }
  });
  sendto(fd, buffer, 1, 0, serverAddr, sizeof.sockaddr_in);
  report(opsPerSecond(timing), 'round trips/s');
  close(fd);
  await exited;
  close(server);
}

if (isMainThread) {
  void main();
} else {
  echo((workerData as { fd: number }).fd);
}
