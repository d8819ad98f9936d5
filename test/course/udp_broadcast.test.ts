/**
 * udp_broadcast/broadcast (course/scenarios.md): on loopback (127.255.255.255, the
 * broadcast address of lo, 127.0.0.1/8), and in network namespaces this file creates — a
 * private link 10.99.0.0/24 where a broadcast reaches two servers, one C, one TypeScript.
 * Each scenario runs the C reference and the TypeScript port and asserts the same stdout,
 * stderr and exit status, then the expected text. A successful run lasts 2 s: the
 * program waits SO_RCVTIMEO for more replies.
 */
import { spawnSync } from 'node:child_process';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { freePort } from '../../course/lib/harness';
import { runProgram } from '../../course/lib/harness';
import { commandFor } from '../../course/programs';
import {
  failure,
  inBothLanguages,
  missingBuilds,
  nbArgs,
  outcome,
  run,
  startServer,
  withServer,
} from './helpers';
import type { Language, Outcome, Server } from './helpers';
import { scaled } from './timeouts';

const BROADCAST = 'udp_broadcast/broadcast';
const SERVER = 'udp_ipv4/serveur_ipv4';

const startUdpServer = (language: Language) =>
  startServer(language, SERVER, (port) => [String(port)], 'udp');

/** The replies, sorted: two servers answer in no fixed order (in C as in TS). */
function sortedReplies(result: Outcome): Outcome {
  const lines = result.stdout.split('\n');
  const replies = lines.filter((line) => line.startsWith('Réponse de ')).sort();
  const others = lines.filter((line) => !line.startsWith('Réponse de '));
  return { ...result, stdout: [...replies, ...others].join('\n') };
}

describe
  .skipIf(missingBuilds() !== null)
  .concurrent('udp_broadcast on loopback', { timeout: scaled(60_000) }, () => {
    it('wrong argument count prints the usage line, exit 1', async () => {
      const results = await Promise.all(
        [[], ['-n'], ['127.255.255.255']].map((args) =>
          inBothLanguages((language) => run(language, BROADCAST, args)),
        ),
      );
      for (const result of results) expect(result).toEqual(nbArgs('broadcast [-n] adresse port'));
    });

    it('127.255.255.255 with SO_BROADCAST, unicast 127.0.0.1 with and without: the server answers from 127.0.0.1', async () => {
      const result = await inBothLanguages((language) =>
        withServer(startUdpServer(language), async (server) => {
          const port = String(server.port);
          const ports = { P: server.port };
          return await Promise.all([
            run(language, BROADCAST, ['127.255.255.255', port], { ports }),
            run(language, BROADCAST, ['127.0.0.1', port], { ports }),
            run(language, BROADCAST, ['-n', '127.0.0.1', port], { ports }),
          ]);
        }),
      );
      const answered = {
        stdout: 'Réponse de 127.0.0.1:P : HELLO\n1 réponse(s) reçue(s)\n',
        stderr: '',
        exit: '0',
      };
      expect(result).toEqual([answered, answered, answered]);
    });

    it('without SO_BROADCAST (-n), to 127.255.255.255 or 255.255.255.255: "sendto: Permission denied", exit 1', async () => {
      // EACCES before anything is sent: safe even for 255.255.255.255, which WITH
      // SO_BROADCAST would leave by the default route's interface (never done here).
      const result = await inBothLanguages((language) =>
        withServer(startUdpServer(language), (server) =>
          Promise.all([
            run(language, BROADCAST, ['-n', '127.255.255.255', String(server.port)]),
            run(language, BROADCAST, ['-n', '255.255.255.255', String(server.port)]),
          ]),
        ),
      );
      expect(result).toEqual([
        failure('sendto: Permission denied\n'),
        failure('sendto: Permission denied\n'),
      ]);
    });

    it('nobody on the port: "0 réponse(s) reçue(s)" after the 2 s timeout, exit 0', async () => {
      const port = await freePort();
      const result = await inBothLanguages((language) =>
        run(language, BROADCAST, ['127.255.255.255', String(port)]),
      );
      expect(result).toEqual({ stdout: '0 réponse(s) reçue(s)\n', stderr: '', exit: '0' });
    });

    it('unknown host a..b: "gethostbyname: Unknown host", exit 1', async () => {
      const result = await inBothLanguages((language) =>
        run(language, BROADCAST, ['a..b', '3000']),
      );
      expect(result).toEqual(failure('gethostbyname: Unknown host\n'));
    });
  });

/**
 * The private network: a bridge namespace joining, by veth pairs created directly inside
 * the namespaces (nothing in the host's namespace), a client 10.99.0.1 and two servers
 * 10.99.0.2 and 10.99.0.3 on 10.99.0.0/24, broadcast 10.99.0.255. Names unique per run.
 */
const prefix = `bsdc${process.pid}x${Math.floor(Math.random() * 1e6)}`;
const NS = { bridge: `${prefix}br`, client: `${prefix}c`, s1: `${prefix}s1`, s2: `${prefix}s2` };
const HOSTS = [
  { ns: NS.client, address: '10.99.0.1', port: 'p1' },
  { ns: NS.s1, address: '10.99.0.2', port: 'p2' },
  { ns: NS.s2, address: '10.99.0.3', port: 'p3' },
];

function ip(...args: string[]): void {
  const result = spawnSync('ip', args, { encoding: 'utf8' });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`ip ${args.join(' ')}: ${result.stderr.trim()}`);
}

/** Why network namespaces cannot be made here (`ip netns add` as a probe), or null. */
function netnsUnavailable(): string | null {
  const probe = `${prefix}probe`;
  try {
    ip('netns', 'add', probe);
  } catch (error) {
    return `cannot create a network namespace (needs root / CAP_SYS_ADMIN and iproute2): ${(error as Error).message}`;
  }
  ip('netns', 'del', probe);
  return null;
}
const noNetns = netnsUnavailable();

function createNetwork(): void {
  ip('netns', 'add', NS.bridge);
  ip('-n', NS.bridge, 'link', 'add', 'br0', 'type', 'bridge');
  for (const host of HOSTS) {
    ip('netns', 'add', host.ns);
    ip(
      'link',
      'add',
      'eth0',
      'netns',
      host.ns,
      'type',
      'veth',
      'peer',
      'name',
      host.port,
      'netns',
      NS.bridge,
    );
    ip('-n', NS.bridge, 'link', 'set', host.port, 'master', 'br0', 'up');
    ip(
      '-n',
      host.ns,
      'addr',
      'add',
      `${host.address}/24`,
      'broadcast',
      '10.99.0.255',
      'dev',
      'eth0',
    );
    ip('-n', host.ns, 'link', 'set', 'eth0', 'up');
    ip('-n', host.ns, 'link', 'set', 'lo', 'up');
  }
  ip('-n', NS.bridge, 'link', 'set', 'br0', 'up');
}

function deleteNetwork(): void {
  for (const ns of Object.values(NS)) {
    spawnSync('ip', ['netns', 'del', ns], { stdio: 'ignore' }); // each, even if one failed
  }
}

describe.skipIf(missingBuilds() !== null || noNetns !== null)(
  'udp_broadcast in network namespaces: one client, two servers',
  { timeout: scaled(60_000) },
  () => {
    const servers: Server[] = [];
    const PORT = 3000; // a private network: every port is free

    beforeAll(async () => {
      try {
        createNetwork();
        // The C server on 10.99.0.2, the TypeScript server on 10.99.0.3.
        for (const [ns, language] of [
          [NS.s1, 'c'],
          [NS.s2, 'ts'],
        ] as const) {
          servers.push(
            await startServer(language, SERVER, (port) => [String(port)], 'udp', {
              wrap: ['ip', 'netns', 'exec', ns],
              port: PORT,
            }),
          );
        }
      } catch (error) {
        for (const server of servers) await server.program.stop();
        deleteNetwork();
        throw error;
      }
    }, scaled(30_000));

    afterAll(async () => {
      for (const server of servers) await server.program.stop();
      deleteNetwork();
    });

    const inClient = (language: Language, args: string[]) =>
      runProgram(['ip', 'netns', 'exec', NS.client, ...commandFor(language, BROADCAST, args)]).then(
        (result) => outcome(result),
      );

    it.concurrent(
      '10.99.0.255 with SO_BROADCAST: both servers (C and TS) answer, exit 0',
      async () => {
        const result = await inBothLanguages(async (language) =>
          sortedReplies(await inClient(language, ['10.99.0.255', String(PORT)])),
        );
        expect(result).toEqual({
          stdout:
            'Réponse de 10.99.0.2:3000 : HELLO\nRéponse de 10.99.0.3:3000 : HELLO\n2 réponse(s) reçue(s)\n',
          stderr: '',
          exit: '0',
        });
      },
    );

    it.concurrent(
      '10.99.0.255 without SO_BROADCAST (-n): "sendto: Permission denied", exit 1',
      async () => {
        const result = await inBothLanguages((language) =>
          inClient(language, ['-n', '10.99.0.255', String(PORT)]),
        );
        expect(result).toEqual(failure('sendto: Permission denied\n'));
      },
    );

    it.concurrent(
      '255.255.255.255 (no default route in the namespace): "sendto: Network is unreachable"',
      async () => {
        const result = await inBothLanguages((language) =>
          inClient(language, ['255.255.255.255', String(PORT)]),
        );
        expect(result).toEqual(failure('sendto: Network is unreachable\n'));
      },
    );
  },
);

if (noNetns !== null) {
  describe('udp_broadcast in network namespaces', () => {
    it.skip(`skipped: ${noNetns}`, () => {});
  });
}
