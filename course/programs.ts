/**
 * The table of the course's programs: their names (`<folder>/<base name>`), what each shows,
 * how it is called, and where its two versions are — the C reference built by
 * `make -C course` into `course/bin/<name>` (on first use, see missingBuild), and the TypeScript port compiled by tsc into
 * `dist/course/<name>.js`. Used by the runner (`bsd-sockets-course`), the demo and the tests.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { tools } from './tools/table';

export interface CourseProgram {
  /** `<folder>/<base name>`, e.g. `udp_ipv4/client_ipv4`. */
  name: string;
  /** The arguments, as the usage line says. */
  usage: string;
  /** What the program shows of the socket API. */
  shows: string;
  /** Arguments of a run on loopback (a server's port: 3000). */
  example: string;
}

export const programs: readonly CourseProgram[] = [
  {
    name: 'udp_ipv4/client_ipv4',
    usage: 'hostname port',
    shows:
      'UDP client, IPv4 only: `gethostbyname`, `sockaddr_in`, `sendto` "Hello" with its NUL, `recvfrom`, `puts`',
    example: 'localhost 3000',
  },
  {
    name: 'udp_ipv4/serveur_ipv4',
    usage: 'port',
    shows: 'UDP server, IPv4: `bind` to `INADDR_ANY`, loop `recvfrom` → `toupper` → `sendto`',
    example: '3000',
  },
  {
    name: 'udp_broadcast/broadcast',
    usage: '[-n] adresse port',
    shows:
      'UDP broadcast: `SO_BROADCAST`, every reply with its sender until `SO_RCVTIMEO` (2 s); `-n` skips `SO_BROADCAST` → `EACCES`',
    example: '127.255.255.255 3000',
  },
  {
    name: 'udp_ipv6/client',
    usage: 'hostname port',
    shows: 'UDP client for IPv4 or IPv6: `getaddrinfo(AF_UNSPEC, SOCK_DGRAM)`, `sockaddr_storage`',
    example: '::1 3000',
  },
  {
    name: 'udp_ipv6/serveur',
    usage: 'port',
    shows:
      'dual-stack UDP server: `getaddrinfo(NULL, port, AF_INET6, AI_PASSIVE)`, prints each request, replies in uppercase',
    example: '3000',
  },
  {
    name: 'tcp/client',
    usage: 'hostname port',
    shows:
      'TCP client: `getaddrinfo`, `connect`, one stdin line at a time with its NUL (`send`/`recv`), "Déconnexion du serveur !"',
    example: 'localhost 3000',
  },
  {
    name: 'tcp/serveur',
    usage: 'port',
    shows:
      'dual-stack TCP server: `listen(5)`, `accept` loop, uppercase echo, one client at a time',
    example: '3000',
  },
  {
    name: 'resolution/hostbyname',
    usage: 'host',
    shows:
      'lab ex. 1.1 Q1: name → official name, aliases, addresses (`gethostbyname`, `inet_ntoa`)',
    example: 'localhost',
  },
  {
    name: 'resolution/hostbyaddr',
    usage: 'addr',
    shows: 'lab ex. 1.1 Q2: dotted address → host entry (`inet_addr`, `gethostbyaddr`)',
    example: '127.0.0.1',
  },
  {
    name: 'tp_udp/serveuru',
    usage: 'id port',
    shows: 'lab ex. 1.2: UDP server with an id, numbered replies, `sleep(2)` per reply',
    example: '1 3000',
  },
  {
    name: 'tp_udp/clientu',
    usage: 'id host sport',
    shows: 'lab ex. 1.2: UDP client, 3 questions, `getsockname` before/after the first `sendto`',
    example: '1 127.0.0.1 3000',
  },
  {
    name: 'tp_tcp/serveur',
    usage: 'id port',
    shows:
      'lab ex. 1.3: TCP server with an id, `NBECHANGE` (3) exchanges per client with `read`/`write`',
    example: '1 3000',
  },
  {
    name: 'tp_tcp/clientt',
    usage: 'id serveur port',
    shows: 'lab ex. 1.3: TCP client, `inet_aton`, `connect`, `getsockname`, 3 exchanges',
    example: '1 127.0.0.1 3000',
  },
  {
    name: 'tp_tcp/serveur_sleep',
    usage: 'id port',
    shows:
      'lab ex. 1.3 Q8–9: the TP TCP server sleeping 10 s before `close`, to watch the socket states with `ss`',
    example: '1 3000',
  },
  // The course's last question, "how would you serve several clients at once?": six answers
  // (course/multiclient/README.md), each serving every client as tcp/serveur serves its one.
  {
    name: 'multiclient/serveur_select',
    usage: 'port',
    shows: 'many TCP clients at once, one thread: `select` on the listening socket and the clients',
    example: '3000',
  },
  {
    name: 'multiclient/serveur_poll',
    usage: 'port',
    shows: 'many TCP clients at once, one thread: `poll` on an array of `struct pollfd`',
    example: '3000',
  },
  {
    name: 'multiclient/serveur_deux_sockets',
    usage: 'port',
    shows:
      'the slides\' "second solution": an IPv4 and an IPv6 socket (`IPV6_V6ONLY`) on one port, watched with `select`',
    example: '3000',
  },
  {
    name: 'multiclient/serveur_threads',
    usage: 'port',
    shows: 'a thread per client, blocking in `recv`: `pthread_create` in C, a `Worker` in TS',
    example: '3000',
  },
  {
    name: 'multiclient/serveur_fork',
    usage: 'port',
    shows:
      'a process per client: `fork` in C; in TS (Node cannot fork) a spawned child with the socket as its fd 3',
    example: '3000',
  },
  {
    name: 'multiclient/serveur_async',
    usage: 'port',
    shows:
      'non-blocking sockets: `async`/`await` on `bsd-sockets/promises` in TS, its C twin a `poll` loop with one state per client',
    example: '3000',
  },
];

/** The program called `name` (`udp_ipv4/client_ipv4`; a tool: `tools/nc` or `nc`), or undefined. */
export function findProgram(name: string): CourseProgram | undefined {
  return [...programs, ...tools].find((p) => p.name === name || p.name === `tools/${name}`);
}

/** The package's root directory, found from this file in course/ or dist/course/. */
export function packageRoot(): string {
  let dir = __dirname;
  for (let i = 0; i < 5; i++) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'course'))) {
      return dir;
    }
    dir = path.dirname(dir);
  }
  throw new Error(`bsd-sockets-course: cannot find the package root above ${__dirname}`);
}

/** The C reference's executable: `course/bin/<name>` (built by `make -C course`). */
export function cBinary(name: string): string {
  return path.join(packageRoot(), 'course', 'bin', name);
}

/** The TypeScript port's compiled script: `dist/course/<name>.js` (built by tsc). */
export function tsScript(name: string): string {
  return path.join(packageRoot(), 'dist', 'course', `${name}.js`);
}

/** The languages a program exists in: the C reference and the TypeScript port. */
export type Language = 'c' | 'ts';

/**
 * The command line running `name` in `language` with `args`: the C executable, or node
 * with the port's script (so that `strace` of this command shows only the program).
 */
export function commandFor(language: Language, name: string, args: readonly string[]): string[] {
  return language === 'c' ? [cBinary(name), ...args] : [process.execPath, tsScript(name), ...args];
}

/** Whether `command` is an executable on PATH. */
function onPath(command: string): boolean {
  return (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter(Boolean)
    .some((dir) => {
      try {
        fs.accessSync(path.join(dir, command), fs.constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
}

/**
 * Builds the C reference `name` with `make -C course bin/<name>` (its output on stderr), when
 * gcc and make are there. The package's install does not build the course: its programs are
 * built here, on first use. Returns why it could not, or null when it is built.
 */
function buildC(name: string): string | null {
  const course = path.join(packageRoot(), 'course');
  const command = `make -C ${course} bin/${name}`;
  const tools = ['gcc', 'make'].filter((tool) => !onPath(tool));
  if (tools.length > 0) {
    return (
      `the C reference ${name} is not built, and ${tools.join(' and ')} ${tools.length > 1 ? 'are' : 'is'} not installed ` +
      '(Debian/Ubuntu: `sudo apt-get install gcc make`; Fedora: `sudo dnf install gcc make`); ' +
      `then run \`${command}\` (or \`make -C ${course}\` for all of them)`
    );
  }
  process.stderr.write(`building the C reference: ${command}\n`);
  const make = spawnSync('make', ['-C', course, `bin/${name}`], {
    stdio: ['ignore', 2, 2],
    timeout: 120_000,
  });
  if (make.status === 0 && fs.existsSync(cBinary(name))) return null;
  return `\`${command}\` failed (its output is above); run it again once fixed`;
}

/**
 * Why `name` cannot run in `language`, or null when it can. A C reference not yet built is
 * built first (see buildC); a TS port comes with the package, or from `npm run build:ts`.
 */
export function missingBuild(language: Language, name: string): string | null {
  const file = language === 'c' ? cBinary(name) : tsScript(name);
  if (fs.existsSync(file)) return null;
  if (language === 'c') return buildC(name);
  return `${file} is not built: run \`npm run build:ts\``;
}
