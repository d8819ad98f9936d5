/**
 * Instructions per call of the binding's hot calls, counted by valgrind's callgrind: the
 * same count on a busy machine as on a quiet one, unlike the times of `npm run bench`.
 * Each call runs N = 50,000 and N = 250,000 times in a fresh `node`; the difference over
 * 200,000 leaves out Node's start and the JIT's compilation of the loop (a run of a few
 * thousand calls still pays it: it put 3,000 instructions on each of 20,000 calls), and
 * counts user-space instructions only (the system call itself runs in the kernel, which
 * callgrind does not see).
 *
 *   npx tsc -p bench/tsconfig.json && node dist/bench/instructions.js   (about 10 minutes)
 *
 * BSD_SOCKETS_BUILD / BSD_SOCKETS_BINDING choose the addon, as for the tests.
 */
import { spawnSync } from 'node:child_process';

import {
  AF_INET,
  SOCK_DGRAM,
  connect,
  getsockname,
  recv,
  recvfrom,
  send,
  sendto,
  sizeof,
  type sockaddr_in,
  type socklen_t,
} from '../src/index';
import * as c from '../src/c/index';
import { boundToLoopback } from './common/loopback';

/** Each measured call: made `n` times on sockets set up beforehand. */
const calls: Record<string, () => (n: number) => void> = {
  'getsockname(fd, addr, addrlen)': () => {
    const { fd, addr } = boundToLoopback(SOCK_DGRAM);
    const addrlen: socklen_t = { value: sizeof.sockaddr_in };
    return (n) => {
      for (let i = 0; i < n; i++) {
        addrlen.value = sizeof.sockaddr_in;
        getsockname(fd, addr, addrlen);
      }
    };
  },
  'getsockname(fd)': () => {
    const { fd } = boundToLoopback(SOCK_DGRAM);
    return (n) => {
      for (let i = 0; i < n; i++) getsockname(fd);
    };
  },
  'sendto(fd, buf, 16, 0, sockaddr_in)': () => {
    const { addr: dest } = boundToLoopback(SOCK_DGRAM); // never read: see sendto/sendto.c
    const { fd } = boundToLoopback(SOCK_DGRAM);
    const buf = new Uint8Array(16);
    return (n) => {
      for (let i = 0; i < n; i++) sendto(fd, buf, 16, 0, dest);
    };
  },
  'sendto + recvfrom(fd, buf, 64, 0, addr, addrlen)': () => {
    const { fd, addr: self } = boundToLoopback(SOCK_DGRAM);
    const buf = new Uint8Array(64);
    const from: sockaddr_in = { sin_family: AF_INET, sin_port: 0, sin_addr: { s_addr: 0 } };
    const fromlen: socklen_t = { value: sizeof.sockaddr_in };
    return (n) => {
      for (let i = 0; i < n; i++) {
        sendto(fd, buf, 16, 0, self);
        fromlen.value = sizeof.sockaddr_in;
        recvfrom(fd, buf, 64, 0, from, fromlen);
      }
    };
  },
  'c: getsockname(fd, addr, addrlen)': () => {
    const { fd, addr } = boundToLoopback(SOCK_DGRAM);
    const addrlen: socklen_t = { value: sizeof.sockaddr_in };
    return (n) => {
      for (let i = 0; i < n; i++) {
        addrlen.value = sizeof.sockaddr_in;
        if (c.getsockname(fd, addr, addrlen) === -1) throw new Error('getsockname');
      }
    };
  },
  'c: sendto(fd, buf, 16, 0, sockaddr_in, 16)': () => {
    const { addr: dest } = boundToLoopback(SOCK_DGRAM);
    const { fd } = boundToLoopback(SOCK_DGRAM);
    const buf = new Uint8Array(16);
    return (n) => {
      for (let i = 0; i < n; i++) {
        if (c.sendto(fd, buf, 16, 0, dest, sizeof.sockaddr_in) === -1) throw new Error('sendto');
      }
    };
  },
  "c: getaddrinfo('127.0.0.1', '8080', numeric hints)": () => {
    // Two string arguments and a list of one, no resolver: the binding's own cost.
    const hints = { ai_flags: c.AI_NUMERICHOST | c.AI_NUMERICSERV, ai_socktype: c.SOCK_STREAM };
    const res: c.addrinfo_ptr = { value: null };
    return (n) => {
      for (let i = 0; i < n; i++) {
        if (c.getaddrinfo('127.0.0.1', '8080', hints, res) !== 0) throw new Error('getaddrinfo');
      }
    };
  },
  'c: close(-1) (an empty call: the boundary alone)': () => {
    return (n) => {
      for (let i = 0; i < n; i++) c.close(-1);
    };
  },
  'send + recv (connected UDP socket)': () => {
    const { fd, addr: self } = boundToLoopback(SOCK_DGRAM);
    connect(fd, self);
    const buf = new Uint8Array(64);
    return (n) => {
      for (let i = 0; i < n; i++) {
        send(fd, buf, 16, 0);
        recv(fd, buf, 64, 0);
      }
    };
  },
};

/** Instructions callgrind counted for `n` calls, Node's start included. */
function collected(name: string, n: number): number {
  const run = spawnSync(
    'valgrind',
    [
      '--tool=callgrind',
      '--callgrind-out-file=/dev/null',
      process.execPath,
      __filename,
      name,
      String(n),
    ],
    { encoding: 'utf8' },
  );
  const match = /Collected : (\d+)/.exec(run.stderr ?? '');
  if (run.status !== 0 || !match) {
    throw new Error(`valgrind failed for ${name}: ${run.error?.message ?? run.stderr}`);
  }
  return Number(match[1]);
}

function main(): void {
  const [name, count] = process.argv.slice(2);
  if (name !== undefined) {
    calls[name]()(Number(count));
    return;
  }
  if (spawnSync('valgrind', ['--version']).status !== 0) {
    console.error('valgrind is not installed');
    process.exit(2);
  }
  console.log('instructions per call (user space, callgrind)');
  for (const call of Object.keys(calls)) {
    const perCall = (collected(call, 250_000) - collected(call, 50_000)) / 200_000;
    console.log(`   ${call.padEnd(50)} ${Math.round(perCall).toLocaleString('en-US').padStart(7)}`);
  }
}

main();
