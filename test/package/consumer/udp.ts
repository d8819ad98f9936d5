// The consumer test's program (test/package/consumer.sh): a UDP round trip on 127.0.0.1
// through the installed package, copied to udp.mts (ESM) and udp.cts (CommonJS), type-checked
// with tsc --strict and run. It prints what it received and the module system it ran in.
import {
  AF_INET,
  INADDR_LOOPBACK,
  SOCK_DGRAM,
  bind,
  close,
  getsockname,
  htonl,
  inet_ntoa,
  ntohs,
  recvfrom,
  sendto,
  socket,
  type sockaddr_in,
} from 'bsd-sockets';

const server = socket(AF_INET, SOCK_DGRAM, 0);
const client = socket(AF_INET, SOCK_DGRAM, 0);
const loopback: sockaddr_in = {
  sin_family: AF_INET,
  sin_port: 0,
  sin_addr: { s_addr: htonl(INADDR_LOOPBACK) },
};
bind(server, loopback);
const address = getsockname<sockaddr_in>(server);
const hello = new TextEncoder().encode('Hello');
sendto(client, hello, hello.length, 0, address);
// The datagram is already queued: this recvfrom returns at once.
const buffer = new Uint8Array(16);
const from = getsockname<sockaddr_in>(client);
const n = recvfrom(server, buffer, buffer.length, 0, from);
close(client);
close(server);
const text = new TextDecoder().decode(buffer.subarray(0, n));
const system = typeof require === 'function' ? 'cjs' : 'esm';
console.log(`${system}: "${text}" from ${inet_ntoa(from.sin_addr)}:${ntohs(from.sin_port)}`);
