/**
 * Benchmark 3, TS binding (synchronous calls): UDP ping-pong on loopback, round trips per
 * second. The client sends a 16-byte datagram with sendto and waits for it with recv; the
 * echo server, a Worker blocking in its own thread, answers with recvfrom + sendto. A
 * 1-byte datagram stops the server. The same program is the Worker's script.
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
} from '../../src/index';
import { boundToLoopback, limitReceive } from '../common/loopback';
import { measure, opsPerSecond, report } from '../common/measure';
import { startWorker } from '../common/worker';

const PING = 16;

/** The Worker: echoes datagrams until a 1-byte one. */
function echo(fd: number): void {
  const buffer = new Uint8Array(64);
  const peer: sockaddr_in = { sin_family: AF_INET, sin_port: 0, sin_addr: { s_addr: 0 } };
  const peerlen: socklen_t = { value: sizeof.sockaddr_in };
  parentPort!.postMessage('ready');
  for (;;) {
    peerlen.value = sizeof.sockaddr_in;
    const n = recvfrom(fd, buffer, buffer.length, 0, peer, peerlen);
    if (n <= 1) break;
    sendto(fd, buffer, n, 0, peer);
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
      sendto(fd, buffer, PING, 0, serverAddr);
      recv(fd, buffer, buffer.length, 0);
    }
  });
  sendto(fd, buffer, 1, 0, serverAddr);
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
