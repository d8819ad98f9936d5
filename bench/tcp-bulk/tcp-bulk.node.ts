/**
 * Benchmark 4, Node's own module: TCP bulk transfer on loopback with `net`, 64 KiB writes
 * (waiting for 'drain' when write() asks to) against a net server in a Worker, MB/s (10^6
 * bytes a second) from the first write to the server's one-byte answer after it has read
 * everything. The same program is the Worker's script.
 */
import { once } from 'node:events';
import * as net from 'node:net';
import { Worker, isMainThread, parentPort } from 'node:worker_threads';

import { benchSeconds, nowNs, report } from '../common/measure';

const CHUNK = 64 * 1024;

/** The Worker: a server that reads until end of stream, then answers one byte. */
function serve(): void {
  const server = net.createServer((conn) => {
    conn.on('data', () => {});
    conn.on('end', () => {
      conn.end(Buffer.from('k'));
      server.close();
    });
  });
  server.listen(0, '127.0.0.1', () => {
    parentPort!.postMessage((server.address() as net.AddressInfo).port);
  });
}

async function main(): Promise<void> {
  const receiver = new Worker(__filename);
  const [port] = (await once(receiver, 'message')) as [number];
  const conn = net.connect(port, '127.0.0.1');
  await once(conn, 'connect');
  const answered = once(conn, 'data');
  const buffer = Buffer.alloc(CHUNK, 'x'); // as in every implementation
  const limit = benchSeconds() * 1e9;
  const start = nowNs();
  let chunks = 0;
  while (nowNs() - start < limit) {
    for (let i = 0; i < 16; i++) {
      if (!conn.write(buffer)) await once(conn, 'drain');
    }
    chunks += 16;
  }
  conn.end();
  await answered;
  const elapsed = nowNs() - start;
  report(((chunks * CHUNK) / elapsed) * 1e3, 'MB/s');
  conn.destroy();
  await receiver.terminate();
}

if (isMainThread) {
  void main();
} else {
  serve();
}
