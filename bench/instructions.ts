/**
 * Instructions per call of the binding's hot calls, counted by valgrind's callgrind: the
 * same count on a busy machine as on a quiet one, unlike the times of `npm run bench`.
 * Every row is also given as a multiple of an empty raw Node-API function (native/bench.cc)
 * counted in the same run: the floor of one call through Node-API here.
 *
 * The method (issue 21): each call runs in its own `node --single-threaded` (no V8
 * background threads) under callgrind; its loop is run until V8 has feedback, forced into
 * optimised code (%OptimizeFunctionOnNextCall), then counted twice in the same process,
 * N calls each, between marks where callgrind dumps its counters (--dump-before). The two
 * counts agree within a few instructions; user space only (the system call itself runs in
 * the kernel, which callgrind does not see).
 *
 *   npm run bench:instructions   (about a minute; -- --only WORD for some rows)
 *
 * BSD_SOCKETS_BUILD / BSD_SOCKETS_BINDING choose the addon, as for the tests.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import {
  AF_INET,
  AF_UNSPEC,
  SOCK_DGRAM,
  SOCK_STREAM,
  connect,
  freeaddrinfo,
  getaddrinfo,
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
import { native } from '../src/binding';
import { boundToLoopback } from './common/loopback';

/** Each measured call: made `n` times on sockets set up beforehand. */
const calls: Record<string, () => (n: number) => void> = {
  'empty Node-API function, held in a const': () => {
    const empty = bench.empty;
    return (n) => {
      for (let i = 0; i < n; i++) empty();
    };
  },
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
  "getaddrinfo('localhost', null, AF_UNSPEC + SOCK_STREAM)": () => {
    // What bench/getaddrinfo measures: the root entry, /etc/hosts read by the C library.
    const hints = { ai_family: AF_UNSPEC, ai_socktype: SOCK_STREAM };
    return (n) => {
      for (let i = 0; i < n; i++) freeaddrinfo(getaddrinfo('localhost', null, hints));
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

/** The two functions of native/bench.cc (not API). */
const bench = (native as unknown as { bench: { empty(): void; mark(): void } }).bench;

/** Calls made in each of the two counted runs. */
const N = 20_000;

/**
 * The child, run under callgrind: sets the call up, runs it until V8 has feedback, forces
 * the loop into optimised code, then makes two counted runs of `n` calls between marks.
 */
function child(name: string, n: number): void {
  const run = calls[name]();
  // V8's intrinsics (node --allow-natives-syntax); `new Function` keeps tsc from parsing them.
  const intrinsic = (body: string): ((f: unknown) => void) =>
    new Function('f', body) as (f: unknown) => void;
  run(20_000);
  intrinsic('%PrepareFunctionForOptimization(f)')(run);
  run(1_000);
  intrinsic('%OptimizeFunctionOnNextCall(f)')(run);
  run(1_000);
  const mark = bench.mark;
  mark();
  run(n);
  mark();
  run(n);
  mark();
}

/** The `totals:` (instructions) of a callgrind dump file. */
function totals(file: string): number {
  const match = /^(?:totals|summary): (\d+)/m.exec(fs.readFileSync(file, 'utf8'));
  if (!match) throw new Error(`no totals in ${file}`);
  return Number(match[1]);
}

/**
 * Instructions per call of `name`, counted twice in one process: callgrind dumps (and
 * zeroes) its counters before each mark (--dump-before), so dumps 2 and 3 hold one run of
 * N calls each (and one mark call, ~100 instructions, 0.005 per call).
 */
function counted(name: string): [number, number] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bsd-callgrind-'));
  try {
    const out = path.join(dir, 'callgrind.out');
    const run = spawnSync(
      'valgrind',
      [
        '--tool=callgrind',
        `--callgrind-out-file=${out}`,
        '--dump-before=bsd_bench_mark',
        process.execPath,
        '--single-threaded',
        '--allow-natives-syntax',
        __filename,
        name,
        String(N),
      ],
      { encoding: 'utf8' },
    );
    if (run.status !== 0) {
      throw new Error(`valgrind failed for ${name}: ${run.error?.message ?? run.stderr}`);
    }
    return [totals(`${out}.2`) / N, totals(`${out}.3`) / N];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const EMPTY = 'empty Node-API function, held in a const';

function main(): void {
  const [name, count] = process.argv.slice(2);
  // --only WORD: the rows whose name holds WORD (the empty call is always counted).
  const only = name === '--only' ? count : undefined;
  if (name !== undefined && only === undefined) {
    child(name, Number(count));
    return;
  }
  if (spawnSync('valgrind', ['--version']).status !== 0) {
    console.error('valgrind is not installed');
    process.exit(2);
  }
  console.log(
    `instructions per call (user space, callgrind; node --single-threaded, the loop optimised; two runs of ${N.toLocaleString('en-US')} calls in one process)`,
  );
  console.log(
    `   ${'call'.padEnd(52)} ${'1st'.padStart(7)} ${'2nd'.padStart(7)} ${'× empty'.padStart(8)}`,
  );
  let empty = 0;
  const rows = Object.keys(calls).filter(
    (k) => k !== EMPTY && (only === undefined || k.includes(only)),
  );
  for (const call of [EMPTY, ...rows]) {
    const [first, second] = counted(call);
    if (call === EMPTY) empty = first;
    const ratio = `${(first / empty).toFixed(2)}×`;
    const show = (x: number): string => Math.round(x).toLocaleString('en-US').padStart(7);
    console.log(`   ${call.padEnd(52)} ${show(first)} ${show(second)} ${ratio.padStart(8)}`);
  }
}

main();
