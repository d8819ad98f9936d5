'use strict';
// The Node.js side of test/hardening/signals.test.ts (fixtures/signal-recvfrom.c is the C
// side): a blocking recvfrom on a UDP socket bound to 127.0.0.1.
//
//   node signals-child.cjs SIGNAL default|listener [TIMEOUT_MS]
//     default   no listener: the signal has Node.js's own disposition
//     listener  process.on(SIGNAL): libuv's handler (SA_RESTART); the listener prints
//               "handler SIGNAL" when the event loop runs it
//     TIMEOUT_MS  SO_RCVTIMEO, 0 for none
//
// Prints "ready PORT" before blocking, then "received N" or "error CODE".
/* global setTimeout */
const fs = require('node:fs');

const bsd = require(process.env.BSD_SOCKETS_ENTRY); // the compiled package (helpers/child.ts)

const [signal, disposition, timeout = '0'] = process.argv.slice(2);
const say = (line) => fs.writeSync(1, `${line}\n`); // synchronous: the next call blocks

if (disposition === 'listener') process.on(signal, () => say(`handler ${signal}`));

const s = bsd.socket(bsd.AF_INET, bsd.SOCK_DGRAM, 0);
const loopback = {
  sin_family: bsd.AF_INET,
  sin_port: 0,
  sin_addr: { s_addr: bsd.htonl(bsd.INADDR_LOOPBACK) },
};
bsd.bind(s, loopback);
const ms = Number(timeout);
if (ms > 0) {
  const tv = { tv_sec: Math.floor(ms / 1000), tv_usec: (ms % 1000) * 1000 };
  bsd.setsockopt(s, bsd.SOL_SOCKET, bsd.SO_RCVTIMEO, tv);
}
say(`ready ${bsd.ntohs(bsd.getsockname(s).sin_port)}`);

const buf = new Uint8Array(64);
try {
  say(`received ${bsd.recvfrom(s, buf, buf.length, 0, null)}`);
} catch (error) {
  say(`error ${error.code}`);
}
bsd.close(s);
// A listener is no reason for the event loop to stay: a short timer lets it run.
if (disposition === 'listener') setTimeout(() => {}, 500);
