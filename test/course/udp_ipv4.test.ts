/**
 * udp_ipv4/client_ipv4 and udp_ipv4/serveur_ipv4 (course/scenarios.md): each scenario runs
 * the C reference and the TypeScript port, asserts the same stdout, stderr and exit status,
 * then the expected text.
 */
import { describe, expect, it } from 'vitest';

import { freePort } from '../../course/lib/harness';
import {
  failure,
  inBothLanguages,
  missingBuilds,
  nbArgs,
  run,
  runUntilBlocked,
  startServer,
  withServer,
} from './helpers';
import type { Language } from './helpers';
import { scaled } from './timeouts';

const CLIENT = 'udp_ipv4/client_ipv4';
const SERVER = 'udp_ipv4/serveur_ipv4';

const startUdpServer = (language: Language) =>
  startServer(language, SERVER, (port) => [String(port)], 'udp');

describe
  .skipIf(missingBuilds() !== null)
  .concurrent('udp_ipv4', { timeout: scaled(60_000) }, () => {
    it('client: wrong argument count prints the usage line, exit 1', async () => {
      const results = await Promise.all(
        [[], ['localhost', '3000', 'extra']].map((args) =>
          inBothLanguages((language) => run(language, CLIENT, args)),
        ),
      );
      for (const result of results) expect(result).toEqual(nbArgs('client_ipv4 hostname port'));
    });

    it('server: wrong argument count prints the usage line, exit 1', async () => {
      const result = await inBothLanguages((language) => run(language, SERVER, []));
      expect(result).toEqual(nbArgs('serveur_ipv4 port'));
    });

    it('client localhost and 127.0.0.1: HELLO; the server prints nothing', async () => {
      const result = await inBothLanguages((language) =>
        withServer(startUdpServer(language), async (server) => {
          const ports = { P: server.port };
          const byName = await run(language, CLIENT, ['localhost', String(server.port)], { ports });
          const byAddress = await run(language, CLIENT, ['127.0.0.1', String(server.port)], {
            ports,
          });
          return { byName, byAddress, server: await server.stop() };
        }),
      );
      expect(result.byName).toEqual({ stdout: 'HELLO\n', stderr: '', exit: '0' });
      expect(result.byAddress).toEqual({ stdout: 'HELLO\n', stderr: '', exit: '0' });
      expect(result.server).toEqual({ stdout: '', stderr: '', exit: 'SIGTERM' });
    });

    it('server on a port in use: "bind: Address already in use", exit 1', async () => {
      const result = await inBothLanguages((language) =>
        withServer(startUdpServer(language), (first) =>
          run(language, SERVER, [String(first.port)], { ports: { P: first.port } }),
        ),
      );
      expect(result).toEqual(failure('bind: Address already in use\n'));
    });

    it('client, unknown host (a..b, 256.1.1.1): "gethostbyname: Unknown host", exit 1', async () => {
      const results = await Promise.all(
        ['a..b', '256.1.1.1'].map((host) =>
          inBothLanguages((language) => run(language, CLIENT, [host, '3000'])),
        ),
      );
      for (const result of results)
        expect(result).toEqual(failure('gethostbyname: Unknown host\n'));
    });

    it('client, no server: recvfrom waits forever (killed, prints nothing)', async () => {
      // An unconnected UDP socket never receives the ICMP "port unreachable" (udp(7)).
      const port = await freePort();
      const result = await inBothLanguages((language) =>
        runUntilBlocked(language, CLIENT, ['127.0.0.1', String(port)]),
      );
      expect(result).toEqual({ stdout: '', stderr: '', exit: 'SIGTERM' });
    });
  });
