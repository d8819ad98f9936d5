/**
 * The course scenarios the tool traces: for each of the 14 programs of the slides and labs
 * (course/programs.ts) one run on loopback — the program traced, with what must run beside
 * it, untraced: the C server for a client, the C client for a server — plus a few error
 * paths. A scenario gives two sides, the C reference and the TS port, for compareRuns.
 *
 * Each side gets a fresh helper on a port of its own (a free port, or the one the user gave):
 * the lab servers count their replies for their whole life, so a server shared by the two
 * sides would answer them differently. SERVER_PORT replaces that port in both traces.
 *
 * A traced server is started alone; its client runs once the server is blocked in the call
 * that waits for clients (accept, recvfrom), and when the client is done and the server is
 * blocked there again, the server gets SIGTERM (see blocked.ts): the trace ends inside that
 * call, the same way on both sides.
 *
 * The multi-client servers (course/multiclient/, multiclientScenarios) are traced the same
 * way, with several clients one after the other: clients served at the same time would
 * interleave their calls as the scheduler decides, one after the other they give one sequence.
 * They wait in select, poll or the event loop, where they also wait between a client's
 * requests: a server is "blocked there again" once it has also closed the client's socket
 * (waitUntilBlockedIn's maxSockets). Two of the six are not compared, and say why
 * (notCompared): their C and TS designs differ.
 *
 * A server's client can be traced too (scenarioSide's `traceClients`): then each side runs its
 * own language's client, under strace, and the C run (C server, C client) is compared with the
 * TS run (TS server, TS client) on both ends of the exchange — the server's trace, and each
 * client run's (TraceRun.beside, compare.ts's compareRuns).
 */
import { commandFor, missingBuild, packageRoot } from '../../course/programs';
import type { Language } from '../../course/programs';
import {
  delay,
  freePort,
  runProgram,
  startProgram,
  waitUntilBound,
} from '../../course/lib/harness';
import type { Protocol, RunningProgram } from '../../course/lib/harness';
import { spawnSync } from 'node:child_process';
import { openSockets, waitUntilBlockedIn } from './blocked';
import {
  traceCommand,
  type PreparedSide,
  type Side,
  type TracedCommand,
  type TraceRun,
} from './run';

/** A C course program run beside the traced one, untraced. */
export interface Helper {
  program: string;
  /** Its arguments, for the traced side's port; `run` counts the runs of a client from 0. */
  args: (port: number, run: number) => string[];
  stdin?: string;
  /** For a client: how many times it runs, one run after the other (default 1). */
  runs?: number;
}

export interface CourseScenario {
  /** The program's name for its main scenario, `<program>:<variant>` for the others. */
  name: string;
  /** The course program traced, in C and in TS. */
  program: string;
  description: string;
  /** The traced program's arguments, for a port. */
  args: (port: number) => string[];
  /** Where the port is in the arguments (to find it in arguments a user gives). */
  portArg: number;
  stdin?: string;
  /** A server started before the traced client (and stopped after it), once bound. */
  server?: Helper & { protocol: Protocol };
  /** A client run against the traced server (a server never ends by itself). */
  client?: Helper;
  /** For a traced server: the calls it waits for clients in (ready, then stopped there). */
  waitsIn?: readonly string[];
  /**
   * For a traced client: when to kill its server while it runs (SIGTERM): once a request
   * waits unread in the server's connection, so that closing it sends RST.
   */
  killServer?: 'when-request-unread';
  /** The beginning of the first socket call, normalized: what the tests expect. */
  firstCall: string;
  /** How the traced program ends: its exit status, or SIGTERM for a server (stopped). */
  ends: number | 'SIGTERM';
  /**
   * Compare without the readiness waits (poll, select, epoll_*; compare.ts's ignoreWaits), for
   * a TS side on bsd-sockets/promises: it waits in libuv's epoll_pwait, which is the event
   * loop's and not a socket call, where its C twin waits in poll. What is compared is the
   * sequence of socket calls the waits lead to.
   */
  ignoreWaits?: boolean;
}

/** A course program that has no scenario, and why: its C and TS designs differ. */
export interface NotCompared {
  program: string;
  /** Why the C and TS traces cannot be compared call for call. */
  reason: string;
}

const HELLO_LINES = 'hello\nworld\n';

/** The arguments of a program whose only argument is the port. */
function portOnly(port: number): string[] {
  return [String(port)];
}

const UDP_SERVER = { program: 'udp_ipv4/serveur_ipv4', args: portOnly, protocol: 'udp' } as const;

export const scenarios: readonly CourseScenario[] = [
  {
    name: 'udp_ipv4/client_ipv4',
    program: 'udp_ipv4/client_ipv4',
    description: 'the flagship exchange: "Hello" to the C UDP server, "HELLO" back',
    args: (p) => ['localhost', String(p)],
    portArg: 1,
    server: UDP_SERVER,
    firstCall: 'socket(AF_INET, SOCK_DGRAM, IPPROTO_IP)',
    ends: 0,
  },
  {
    name: 'udp_ipv4/serveur_ipv4',
    program: 'udp_ipv4/serveur_ipv4',
    description: 'the UDP server answering one request of its client',
    args: portOnly,
    portArg: 0,
    client: { program: 'udp_ipv4/client_ipv4', args: (p) => ['127.0.0.1', String(p)] },
    waitsIn: ['recvfrom'],
    firstCall: 'socket(AF_INET, SOCK_DGRAM, IPPROTO_IP)',
    ends: 'SIGTERM',
  },
  {
    name: 'udp_broadcast/broadcast',
    program: 'udp_broadcast/broadcast',
    description:
      "SO_BROADCAST, a request to lo's broadcast address, the C server's reply, 2 s timeout",
    args: (p) => ['127.255.255.255', String(p)],
    portArg: 1,
    server: UDP_SERVER,
    firstCall: 'socket(AF_INET, SOCK_DGRAM, IPPROTO_IP)',
    ends: 0,
  },
  {
    name: 'udp_ipv6/client',
    program: 'udp_ipv6/client',
    description: 'getaddrinfo(AF_UNSPEC) for localhost, one request to the C dual-stack server',
    args: (p) => ['localhost', String(p)],
    portArg: 1,
    server: { program: 'udp_ipv6/serveur', args: portOnly, protocol: 'udp' },
    // getaddrinfo asks nscd before reading /etc/hosts: glibc's sockets come first.
    firstCall: 'socket(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC|SOCK_NONBLOCK, 0)',
    ends: 0,
  },
  {
    name: 'udp_ipv6/serveur',
    program: 'udp_ipv6/serveur',
    description: 'the dual-stack UDP server answering its client over IPv6',
    args: portOnly,
    portArg: 0,
    client: { program: 'udp_ipv6/client', args: (p) => ['::1', String(p)] },
    waitsIn: ['recvfrom'],
    firstCall: 'socket(AF_INET6, SOCK_DGRAM, IPPROTO_UDP)',
    ends: 'SIGTERM',
  },
  {
    name: 'tcp/client',
    program: 'tcp/client',
    description: 'two lines of stdin to the C TCP server, two replies, then close',
    args: (p) => ['localhost', String(p)],
    portArg: 1,
    stdin: HELLO_LINES,
    server: { program: 'tcp/serveur', args: portOnly, protocol: 'tcp' },
    firstCall: 'socket(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC|SOCK_NONBLOCK, 0)',
    ends: 0,
  },
  {
    name: 'tcp/serveur',
    program: 'tcp/serveur',
    description: 'the TCP server serving one client (two lines) and waiting for the next',
    args: portOnly,
    portArg: 0,
    client: { program: 'tcp/client', args: (p) => ['::1', String(p)], stdin: HELLO_LINES },
    waitsIn: ['accept', 'accept4'],
    firstCall: 'socket(AF_INET6, SOCK_STREAM, IPPROTO_TCP)',
    ends: 'SIGTERM',
  },
  {
    name: 'resolution/hostbyname',
    program: 'resolution/hostbyname',
    description: 'gethostbyname("localhost"): only glibc\'s own sockets (nscd), then /etc/hosts',
    args: () => ['localhost'],
    portArg: -1,
    firstCall: 'socket(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC|SOCK_NONBLOCK, 0)',
    ends: 0,
  },
  {
    name: 'resolution/hostbyaddr',
    program: 'resolution/hostbyaddr',
    description: "gethostbyaddr(127.0.0.1): only glibc's own sockets (nscd), then /etc/hosts",
    args: () => ['127.0.0.1'],
    portArg: -1,
    firstCall: 'socket(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC|SOCK_NONBLOCK, 0)',
    ends: 0,
  },
  {
    name: 'tp_udp/serveuru',
    program: 'tp_udp/serveuru',
    description: "the lab UDP server answering its client's 3 questions, 2 s apart",
    args: (p) => ['1', String(p)],
    portArg: 1,
    client: { program: 'tp_udp/clientu', args: (p) => ['2', '127.0.0.1', String(p)] },
    waitsIn: ['recvfrom'],
    firstCall: 'socket(AF_INET, SOCK_DGRAM, IPPROTO_IP)',
    ends: 'SIGTERM',
  },
  {
    name: 'tp_udp/clientu',
    program: 'tp_udp/clientu',
    description: 'the lab UDP client: getsockname before and after its first sendto, 3 questions',
    args: (p) => ['1', '127.0.0.1', String(p)],
    portArg: 2,
    server: { program: 'tp_udp/serveuru', args: (p) => ['1', String(p)], protocol: 'udp' },
    firstCall: 'socket(AF_INET, SOCK_DGRAM, IPPROTO_IP)',
    ends: 0,
  },
  {
    name: 'tp_tcp/serveur',
    program: 'tp_tcp/serveur',
    description: 'the lab TCP server: 3 exchanges with its client, read/write, close',
    args: (p) => ['1', String(p)],
    portArg: 1,
    client: { program: 'tp_tcp/clientt', args: (p) => ['2', '127.0.0.1', String(p)] },
    waitsIn: ['accept', 'accept4'],
    firstCall: 'socket(AF_INET, SOCK_STREAM, IPPROTO_IP)',
    ends: 'SIGTERM',
  },
  {
    name: 'tp_tcp/clientt',
    program: 'tp_tcp/clientt',
    description: 'the lab TCP client: inet_aton, connect, getsockname, 3 exchanges',
    args: (p) => ['2', '127.0.0.1', String(p)],
    portArg: 2,
    server: { program: 'tp_tcp/serveur', args: (p) => ['1', String(p)], protocol: 'tcp' },
    firstCall: 'socket(AF_INET, SOCK_STREAM, IPPROTO_IP)',
    ends: 0,
  },
  {
    name: 'tp_tcp/serveur_sleep',
    program: 'tp_tcp/serveur_sleep',
    description: 'the lab TCP server that sleeps 10 s before close (question 8), one client',
    args: (p) => ['1', String(p)],
    portArg: 1,
    client: { program: 'tp_tcp/clientt', args: (p) => ['5', '127.0.0.1', String(p)] },
    waitsIn: ['accept', 'accept4'],
    firstCall: 'socket(AF_INET, SOCK_STREAM, IPPROTO_IP)',
    ends: 'SIGTERM',
  },
  // Error paths: what a failing call looks like, errno included.
  {
    name: 'udp_ipv4/serveur_ipv4:port-in-use',
    program: 'udp_ipv4/serveur_ipv4',
    description: 'bind fails with EADDRINUSE: the C server holds the port',
    args: portOnly,
    portArg: 0,
    server: UDP_SERVER,
    firstCall: 'socket(AF_INET, SOCK_DGRAM, IPPROTO_IP)',
    ends: 1,
  },
  {
    name: 'udp_broadcast/broadcast:no-so_broadcast',
    program: 'udp_broadcast/broadcast',
    description: 'without SO_BROADCAST (-n), sendto to a broadcast address fails with EACCES',
    args: (p) => ['-n', '127.255.255.255', String(p)],
    portArg: 2,
    server: UDP_SERVER,
    firstCall: 'socket(AF_INET, SOCK_DGRAM, IPPROTO_IP)',
    ends: 1,
  },
  {
    name: 'tp_tcp/clientt:server-gone',
    program: 'tp_tcp/clientt',
    description:
      'the server is killed with the second question unread: RST, read fails with ECONNRESET',
    args: (p) => ['4', '127.0.0.1', String(p)],
    portArg: 2,
    server: { program: 'tp_tcp/serveur', args: (p) => ['1', String(p)], protocol: 'tcp' },
    killServer: 'when-request-unread',
    firstCall: 'socket(AF_INET, SOCK_STREAM, IPPROTO_IP)',
    ends: 1,
  },
  {
    name: 'tcp/client:refused',
    program: 'tcp/client',
    description: 'connect fails with ECONNREFUSED: nothing listens on the port',
    args: (p) => ['127.0.0.1', String(p)],
    portArg: 1,
    firstCall: 'socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)',
    ends: 1,
  },
];

/**
 * tcp/client against a traced multi-client server, once per host in `hosts`, one run after the
 * other: two lines each, then its close.
 */
function tcpClients(...hosts: string[]): Helper {
  return {
    program: 'tcp/client',
    args: (p, run) => [hosts[run], String(p)],
    runs: hosts.length,
    stdin: HELLO_LINES,
  };
}

/** The calls a server on bsd-sockets/promises or its poll twin waits in (see ignoreWaits). */
const EVENT_LOOP_WAITS = ['poll', 'ppoll', 'epoll_wait', 'epoll_pwait', 'epoll_pwait2'];

/**
 * The "serving many clients" servers (course/multiclient/) whose C and TS designs are the same:
 * 1, 2, 3 and 6 of issue 5. Each serves C clients one after the other (see the top comment).
 */
export const multiclientScenarios: readonly CourseScenario[] = [
  {
    name: 'multiclient/serveur_select',
    program: 'multiclient/serveur_select',
    description: 'select: three TCP clients in turn (::1, 127.0.0.1, ::1), two lines each',
    args: portOnly,
    portArg: 0,
    client: tcpClients('::1', '127.0.0.1', '::1'),
    waitsIn: ['select', 'pselect6'],
    firstCall: 'socket(AF_INET6, SOCK_STREAM, IPPROTO_TCP)',
    ends: 'SIGTERM',
  },
  {
    name: 'multiclient/serveur_poll',
    program: 'multiclient/serveur_poll',
    description: 'poll: three TCP clients in turn (::1, 127.0.0.1, ::1), two lines each',
    args: portOnly,
    portArg: 0,
    client: tcpClients('::1', '127.0.0.1', '::1'),
    waitsIn: ['poll', 'ppoll'],
    firstCall: 'socket(AF_INET6, SOCK_STREAM, IPPROTO_TCP)',
    ends: 'SIGTERM',
  },
  {
    name: 'multiclient/serveur_deux_sockets',
    program: 'multiclient/serveur_deux_sockets',
    description:
      'an IPv4 and an IPv6 (IPV6_V6ONLY) socket under select: a TCP client on each, in turn',
    args: portOnly,
    portArg: 0,
    client: tcpClients('127.0.0.1', '::1'),
    waitsIn: ['select', 'pselect6'],
    firstCall: 'socket(AF_INET, SOCK_STREAM, IPPROTO_IP)',
    ends: 'SIGTERM',
  },
  {
    name: 'multiclient/serveur_async',
    program: 'multiclient/serveur_async',
    description:
      'non-blocking sockets, async/await (TS) and its poll twin (C), waits not compared: three TCP clients in turn',
    args: portOnly,
    portArg: 0,
    client: tcpClients('::1', '127.0.0.1', '::1'),
    waitsIn: EVENT_LOOP_WAITS,
    firstCall: 'socket(AF_INET6, SOCK_STREAM|SOCK_NONBLOCK, IPPROTO_TCP)',
    ends: 'SIGTERM',
    // The TS side waits in the event loop's epoll_pwait (not traced, not a socket call), the C
    // side in poll on its sockets: the socket calls after each wait are what is compared.
    ignoreWaits: true,
  },
];

/** The course programs with no scenario: 4 and 5 of issue 5, whose C and TS designs differ. */
export const notCompared: readonly NotCompared[] = [
  {
    program: 'multiclient/serveur_threads',
    reason:
      "a thread per client: C's pthread_create is one clone, TS's Worker a whole JavaScript engine started in a new thread; each client's calls run on its own thread beside the main thread's accept, so the order of their lines in a trace is the scheduler's, not the program's",
  },
  {
    program: 'multiclient/serveur_fork',
    reason:
      'a process per client: C forks, and the child closes its copy of the listening socket; Node cannot fork, so TS spawns a new node with the client socket as its fd 3 (dup2 before exec) and the parent waits in the event loop: other processes, other fd tables, other calls',
  },
];

/** Every scenario: the course's, then the multi-client servers'. */
export const allScenarios: readonly CourseScenario[] = [...scenarios, ...multiclientScenarios];

/** `course/tcp/client.c`, `dist/course/tcp/client.js` → `tcp/client`. */
function bareName(name: string): string {
  return name.replace(/^(\.\/)?(dist\/)?course\//, '').replace(/\.(c|ts|js)$/, '');
}

/**
 * The scenario called `name`: a scenario's name or a program's (its main scenario), with or
 * without `course/` in front and `.c`/`.ts`/`.js` after; undefined when there is none.
 */
export function findScenario(name: string): CourseScenario | undefined {
  const bare = bareName(name);
  return allScenarios.find((scenario) => scenario.name === bare);
}

/** Why program `name` (named as findScenario takes it) is not compared, or undefined. */
export function whyNotCompared(name: string): string | undefined {
  const bare = bareName(name);
  return notCompared.find((entry) => entry.program === bare)?.reason;
}

/** A command as a user would type it from the package's root. */
export function displayCommand(command: readonly string[]): string {
  const root = `${packageRoot()}/`;
  return command
    .map((word) => (word === process.execPath ? 'node' : word.split(root).join('')))
    .join(' ');
}

/**
 * What runs beside the traced program, for the header of the comparison; `tracedClients`:
 * the language of the server's clients when they are traced too (see scenarioSide).
 */
export function helperText(
  scenario: CourseScenario,
  serverPort: number,
  tracedClients?: Language,
): string | undefined {
  if (scenario.server)
    return `beside it, untraced: the C server ${displayCommand(helperCommand(scenario.server, serverPort))}`;
  const client = scenario.client;
  if (client === undefined) return undefined;
  const language = tracedClients ?? 'c';
  const how = tracedClients === undefined ? 'untraced' : 'traced too';
  const runs = client.runs ?? 1;
  const name = language === 'c' ? 'C' : 'TS';
  if (runs === 1)
    return `beside it, ${how}: the ${name} client ${displayCommand(helperCommand(client, serverPort, 0, language))}`;
  const commands = Array.from({ length: runs }, (_, run) =>
    displayCommand(helperCommand(client, serverPort, run, language)),
  );
  return `beside it, ${how}, one after the other: the ${name} clients ${commands.join('; ')}`;
}

function helperCommand(
  helper: Helper,
  serverPort: number,
  run = 0,
  language: Language = 'c',
): string[] {
  return commandFor(language, helper.program, helper.args(serverPort, run));
}

/**
 * The traced side of `scenario` in `language`: a setup that starts its helper server, if
 * any, and returns the command to trace. `userArgs` replace the scenario's arguments; the
 * port is then read from them (a program started with too few arguments runs alone).
 */
export function scenarioSide(
  scenario: CourseScenario,
  language: Language,
  userArgs?: readonly string[],
  options: {
    note?: (text: string) => void;
    /**
     * For a server: run its client in `language` too, each run under strace, and return
     * those traces in PreparedSide.beside; without it, the C client runs untraced.
     */
    traceClients?: boolean;
    /** The traced program's command for its arguments, in place of the course's (a user's file). */
    command?: (args: readonly string[]) => string[];
  } = {},
): Side {
  return async (): Promise<PreparedSide> => {
    const given = userArgs === undefined ? undefined : portIn(scenario, userArgs);
    const needsPort = scenario.portArg >= 0 && (userArgs === undefined || given !== undefined);
    let chosen = given ?? (needsPort ? await freePort() : undefined);
    let server: RunningProgram | undefined;
    if (scenario.server && chosen !== undefined) {
      const started = await startServer(scenario.server, chosen, given === undefined);
      // The user's own server may hold the port they gave: talk to it.
      if (started === undefined)
        options.note?.(`port ${chosen} is in use: the ${language} side talks to what holds it`);
      ({ server, port: chosen } = started ?? { server: undefined, port: chosen });
    }
    const args = userArgs ?? scenario.args(chosen ?? 0);
    const serverPort = chosen;
    const traceClients = options.traceClients === true && scenario.client !== undefined;
    const beside: TraceRun[] = [];
    return {
      command: options.command?.(args) ?? commandFor(language, scenario.program, args),
      serverPort,
      stdin: scenario.stdin,
      ...(traceClients ? { beside } : {}),
      whileTraced:
        scenario.client && serverPort !== undefined
          ? (traced) =>
              runClient(
                scenario,
                traced,
                serverPort,
                traceClients ? { language, beside } : undefined,
                // A user's program that fails its client is a difference to show, not an error.
                options.command === undefined ? undefined : options.note,
              )
          : scenario.killServer && server && serverPort !== undefined
            ? (traced) => killWhenRequestUnread(traced, server as RunningProgram, serverPort)
            : undefined,
      stop: async () => {
        await server?.stop();
      },
    };
  };
}

/** The port in arguments a user gave, when it is where the scenario has it and a number. */
function portIn(scenario: CourseScenario, args: readonly string[]): number | undefined {
  const text = args[scenario.portArg];
  return text !== undefined && /^\d+$/.test(text) && Number(text) > 0 ? Number(text) : undefined;
}

/** Why `scenario` cannot run in `languages` (a program or its helper not built), or null. */
export function missingBuilds(
  scenario: CourseScenario,
  languages: readonly Language[],
): string | null {
  const needed: [Language, string][] = languages.map((language) => [language, scenario.program]);
  for (const helper of [scenario.server, scenario.client]) {
    if (helper) needed.push(['c', helper.program]);
  }
  for (const [language, name] of needed) {
    const missing = missingBuild(language, name);
    if (missing !== null) return missing;
  }
  return null;
}

/** How long a traced program may take to start and wait for a client (node under strace, loaded machine). */
const START_TIMEOUT_MS = 30_000;
/** How long a helper client (the lab clients take ~4 s: the server sleeps 2 s per reply). */
const CLIENT_TIMEOUT_MS = 15_000;
/** How long a traced server may take to get back to its accept/recvfrom (serveur_sleep: 12 s). */
const SERVER_IDLE_TIMEOUT_MS = 20_000;

/**
 * Starts the C server (or the TS one: `language`) on `port`, on another free port if that one
 * was taken and may change; undefined when the port, fixed, is taken.
 */
export async function startServer(
  helper: Helper & { protocol: Protocol },
  port: number,
  mayChangePort: boolean,
  language: Language = 'c',
): Promise<{ server: RunningProgram; port: number } | undefined> {
  for (let attempt = 0; ; attempt++) {
    const server = startProgram(helperCommand(helper, port, 0, language));
    try {
      await waitUntilBound(server, helper.protocol, port);
      return { server, port };
    } catch (error) {
      const result = await server.stop();
      const taken = result.stderr.toString().includes('Address already in use');
      if (taken && !mayChangePort) return undefined;
      if (!taken || attempt === 4) throw error;
      port = await freePort();
    }
  }
}

/** How long a killServer scenario waits for its request to arrive. */
const UNREAD_TIMEOUT_MS = 15_000;

/**
 * Kills `server` (SIGTERM) once a connection to its `port` holds a second question unread
 * (hasUnreadData): the lab server sleeps 2 s after each answer, and the client sends its
 * next question at once, so the question waits there; a socket closed with unread data
 * sends RST (RFC 2525, 2.17), and the client's read fails with ECONNRESET. Then waits for
 * the traced client to end by itself (a helper that returns early would have it stopped).
 */
export async function killWhenRequestUnread(
  traced: TracedCommand,
  server: RunningProgram,
  port: number,
): Promise<void> {
  const deadline = Date.now() + UNREAD_TIMEOUT_MS;
  while (!hasUnreadData(port)) {
    if (Date.now() > deadline) throw new Error(`no request waited unread on port ${port}`);
    await delay(10);
  }
  await server.stop();
  while (traced.pid() !== undefined && Date.now() < deadline) await delay(10);
}

/**
 * True when a TCP connection whose local port is `port` holds unread bytes after its server
 * has already read some (tcp_info's bytes_received, from `ss -ti`, above the Recv-Q): the
 * second question waiting, not the first. The first also sits unread for a moment when the
 * server is slow to read it (seen: a TS server under load, killed before its first answer,
 * a trace shorter by a read and a write than C's).
 */
function hasUnreadData(port: number): boolean {
  const ss = spawnSync('ss', ['-Htin', 'state', 'established', `( sport = :${port} )`], {
    encoding: 'utf8',
  });
  // Each connection is a line "Recv-Q Send-Q local peer", then an indented line of tcp_info.
  const lines = (ss.stdout ?? '').split('\n');
  for (let i = 0; i + 1 < lines.length; i++) {
    if (/^\s/.test(lines[i])) continue;
    const unread = Number(lines[i].trim().split(/\s+/)[0]);
    const received = /\bbytes_received:(\d+)/.exec(lines[i + 1]);
    if (unread > 0 && received !== null && Number(received[1]) > unread) return true;
  }
  return false;
}

/**
 * The C client against the traced server: once it waits for clients, and until it waits
 * again with no more sockets than it had then (it closed the client's); each run in turn.
 * With `traced`, the client is the server's language's and runs under strace: each run's
 * trace is pushed to `traced.beside`.
 */
async function runClient(
  scenario: CourseScenario,
  traced: TracedCommand,
  serverPort: number,
  tracedClients?: { language: Language; beside: TraceRun[] },
  noteFailure?: (text: string) => void,
): Promise<void> {
  if (noteFailure !== undefined) {
    // A user's server: what went wrong is noted, and its trace shown as far as it went.
    try {
      await runClient(scenario, traced, serverPort, tracedClients);
    } catch (error) {
      noteFailure((error as Error).message);
    }
    return;
  }
  const client = scenario.client as Helper;
  const waitsIn = scenario.waitsIn ?? ['accept', 'accept4', 'recvfrom'];
  await waitUntilBlockedIn(traced.pid, waitsIn, { timeoutMs: START_TIMEOUT_MS });
  const pid = traced.pid();
  const maxSockets = pid === undefined ? undefined : openSockets(pid);
  for (let run = 0; run < (client.runs ?? 1); run++) {
    const command = helperCommand(client, serverPort, run, tracedClients?.language);
    if (tracedClients !== undefined) {
      // Under strace, node starts slower: the same bound as the traced program's start.
      const clientRun = await traceCommand(command, {
        stdin: client.stdin,
        timeoutMs: START_TIMEOUT_MS + CLIENT_TIMEOUT_MS,
      });
      tracedClients.beside.push({ ...clientRun, serverPort });
      if (clientRun.exitCode !== 0)
        throw new Error(
          `${displayCommand(command)} ended with ${clientRun.signal ?? `status ${clientRun.exitCode}`}${clientRun.timedOut ? ' (timed out)' : ''}: ${clientRun.stderr.trim()}`,
        );
    } else {
      const result = await runProgram(command, {
        stdin: client.stdin,
        killAfterMs: CLIENT_TIMEOUT_MS,
      });
      if (result.status !== 0)
        throw new Error(
          `${displayCommand(command)} ended with ${result.signal ?? `status ${result.status}`}: ${result.stderr.toString().trim()}`,
        );
    }
    await waitUntilBlockedIn(traced.pid, waitsIn, {
      timeoutMs: SERVER_IDLE_TIMEOUT_MS,
      maxSockets,
    });
  }
}
