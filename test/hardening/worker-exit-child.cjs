'use strict';
// The child of test/hardening/worker-exit.test.ts: a Worker blocked in one blocking call
// of the package, ended by worker.terminate() or by process.exit() on the main thread.
//
//   node worker-exit-child.cjs CALL terminate|exit
//     CALL  recv, recvfrom, accept, connect, poll or select, made through bsd-sockets/c
//           on a socket where nothing will ever arrive
//
// Prints "blocked CALL" once the worker is about to make the call (and 300 ms have
// passed, so that it is in the kernel), then, for terminate, "terminated CODE MS" (what
// terminate() resolved with, and how long it took) before process.exit(0); for exit,
// process.exit(7) at once. A worker that ever returns prints "returned …" instead.
/* global setTimeout */
const fs = require('node:fs');
const path = require('node:path');
const { Worker } = require('node:worker_threads');

const entry = process.env.BSD_SOCKETS_ENTRY; // the compiled package (helpers/child.ts)
require(entry); // the thread that ends the worker has the package loaded, as a server's has
const [call, how] = process.argv.slice(2);
const say = (line) => fs.writeSync(1, `${line}\n`);

const worker = new Worker(
  `
const c = require(${JSON.stringify(path.join(path.dirname(entry), 'c', 'index.js'))});
const { parentPort, workerData: call } = require('node:worker_threads');
const loopback = (port) => ({ sin_family: c.AF_INET, sin_port: c.htons(port), sin_addr: { s_addr: c.htonl(c.INADDR_LOOPBACK) } });
const portOf = (fd) => { const a = {}; c.getsockname(fd, a, { value: 16 }); return c.ntohs(a.sin_port); };
const udp = c.socket(c.AF_INET, c.SOCK_DGRAM, 0);
c.bind(udp, loopback(0));
const buf = new Uint8Array(16);
let run;
if (call === 'recv') run = () => c.recv(udp, buf, 16, 0);
if (call === 'recvfrom') run = () => c.recvfrom(udp, buf, 16, 0, {}, { value: 16 });
if (call === 'poll') run = () => c.poll([{ fd: udp, events: c.POLLIN, revents: 0 }], 1, -1);
if (call === 'select') {
  const set = new c.fd_set();
  c.FD_SET(udp, set);
  run = () => c.select(udp + 1, set, null, null, null);
}
if (call === 'accept' || call === 'connect') {
  const listener = c.socket(c.AF_INET, c.SOCK_STREAM, 0);
  c.bind(listener, loopback(0));
  // Backlog 0: one connection fills the accept queue, and Linux drops the SYN of the next
  // (tcp_conn_request: sk_acceptq_is_full), so a second connect waits for a SYN-ACK.
  if (c.listen(listener, 0) !== 0) throw new Error('listen');
  const port = portOf(listener);
  if (call === 'accept') {
    run = () => c.accept(listener, {}, { value: 16 });
  } else {
    const first = c.socket(c.AF_INET, c.SOCK_STREAM, 0);
    if (c.connect(first, loopback(port)) !== 0) throw new Error('first connect: ' + c.errno);
    const second = c.socket(c.AF_INET, c.SOCK_STREAM, 0);
    run = () => c.connect(second, loopback(port));
  }
}
parentPort.postMessage('ready');
const ret = run();
parentPort.postMessage('returned ' + ret + ' errno ' + c.errno);
`,
  { eval: true, workerData: call },
);

worker.on('error', (error) => say(`error ${error.message}`));
worker.on('message', async (message) => {
  if (message !== 'ready') return say(message);
  await new Promise((resolve) => setTimeout(resolve, 300));
  say(`blocked ${call}`);
  if (how === 'exit') process.exit(7);
  const start = Date.now();
  const code = await worker.terminate();
  say(`terminated ${code} ${Date.now() - start}`);
  process.exit(0);
});
