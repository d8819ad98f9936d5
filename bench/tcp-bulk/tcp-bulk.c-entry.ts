/**
 * Benchmark 4, bsd-sockets/c: TCP bulk transfer on loopback, 64 KiB send(2) calls against a
 * receiver (a Worker, blocking in its own thread) doing 64 KiB recv(2) calls, MB/s, written
 * as the C reference is. The same program is the Worker's script.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';

import {
  AF_INET,
  SHUT_WR,
  SOCK_STREAM,
  accept,
  close,
  connect,
  listen,
  recv,
  send,
  shutdown,
  socket,
} from '../../src/c/index';
import { boundToLoopback, limitReceive } from '../common/loopback';
import { benchSeconds, nowNs, report, runBatches } from '../common/measure';
import { startWorker } from '../common/worker';

const CHUNK = 64 * 1024;

/** The Worker: reads until end of stream (or an error), then answers one byte. */
function receiveAll(listener: number): void {
  const buffer = new Uint8Array(CHUNK);
  parentPort!.postMessage('ready');
  const conn = accept(listener, null, null);
  if (conn === -1) return;
  while (recv(conn, buffer, CHUNK, 0) > 0);
  send(conn, buffer, 1, 0);
  close(conn);
}

async function main(): Promise<void> {
  const { fd: listener, addr } = boundToLoopback(SOCK_STREAM);
  limitReceive(listener);
  listen(listener, 1);
  const { exited } = await startWorker(__filename, { listener });

  const fd = socket(AF_INET, SOCK_STREAM, 0);
  if (connect(fd, addr) === -1) throw new Error('connect failed');
  const buffer = new Uint8Array(CHUNK).fill(0x78); // 'x', as in every implementation
  const start = nowNs();
  const timing = runBatches(benchSeconds(), 16, (n) => {
    for (let i = 0; i < n; i++) {
      let sent = 0;
      while (sent < CHUNK) {
        const r = send(fd, sent === 0 ? buffer : buffer.subarray(sent), CHUNK - sent, 0);
        if (r === -1) throw new Error('send failed');
        sent += r;
      }
    }
  });
  shutdown(fd, SHUT_WR);
  recv(fd, buffer, 1, 0);
  const elapsed = nowNs() - start;
  report(((timing.ops * CHUNK) / elapsed) * 1e3, 'MB/s');
  close(fd);
  await exited;
  close(listener);
}

if (isMainThread) {
  void main();
} else {
  receiveAll((workerData as { listener: number }).listener);
}
