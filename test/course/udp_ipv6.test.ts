/**
 * udp_ipv6/client and udp_ipv6/serveur (course/scenarios.md): getaddrinfo, a dual-stack
 * server. Each scenario runs the C reference and the TypeScript port and asserts the same
 * stdout, stderr and exit status, then the expected text.
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

const CLIENT = 'udp_ipv6/client';
const SERVER = 'udp_ipv6/serveur';

const startDualStackServer = (language: Language, name = SERVER) =>
  startServer(language, name, (port) => [String(port)], 'udp');

describe
  .skipIf(missingBuilds() !== null)
  .concurrent('udp_ipv6', { timeout: scaled(60_000) }, () => {
    it('wrong argument count prints the usage line, exit 1', async () => {
      const [client, server] = await Promise.all([
        inBothLanguages((language) => run(language, CLIENT, [])),
        inBothLanguages((language) => run(language, SERVER, [])),
      ]);
      expect(client).toEqual(nbArgs('client hostname port'));
      expect(server).toEqual(nbArgs('serveur port'));
    });

    it('clients localhost, 127.0.0.1, ::1 and client_ipv4 (v4-mapped): HELLO; the server prints each request', async () => {
      const result = await inBothLanguages((language) =>
        withServer(startDualStackServer(language), async (server) => {
          const port = String(server.port);
          const ports = { P: server.port };
          const clients = [];
          for (const host of ['localhost', '127.0.0.1', '::1']) {
            clients.push(await run(language, CLIENT, [host, port], { ports }));
          }
          clients.push(await run(language, 'udp_ipv4/client_ipv4', ['127.0.0.1', port], { ports }));
          return { clients, server: await server.stop() };
        }),
      );
      for (const client of result.clients) {
        expect(client).toEqual({ stdout: 'HELLO\n', stderr: '', exit: '0' });
      }
      // puts(request): the request as received, "Hello" (its NUL ends the string).
      expect(result.server).toEqual({ stdout: 'Hello\n'.repeat(4), stderr: '', exit: 'SIGTERM' });
    });

    it('client 127.0.0.1 with the IPv4 server serveur_ipv4: HELLO', async () => {
      const result = await inBothLanguages((language) =>
        withServer(startDualStackServer(language, 'udp_ipv4/serveur_ipv4'), (server) =>
          run(language, CLIENT, ['127.0.0.1', String(server.port)]),
        ),
      );
      expect(result).toEqual({ stdout: 'HELLO\n', stderr: '', exit: '0' });
    });

    it('serveur and serveur_ipv4 on the port of a dual-stack server: "bind: Address already in use"', async () => {
      const result = await inBothLanguages((language) =>
        withServer(startDualStackServer(language), async (first) => {
          const port = String(first.port);
          return await Promise.all([
            run(language, SERVER, [port]),
            run(language, 'udp_ipv4/serveur_ipv4', [port]),
          ]);
        }),
      );
      expect(result).toEqual([
        failure('bind: Address already in use\n'),
        failure('bind: Address already in use\n'),
      ]);
    });

    it('client a..b: "getaddrinfo: Name or service not known", exit 1', async () => {
      const result = await inBothLanguages((language) => run(language, CLIENT, ['a..b', '3000']));
      expect(result).toEqual(failure('getaddrinfo: Name or service not known\n'));
    });

    it('unknown service: "getaddrinfo: Servname not supported for ai_socktype", exit 1', async () => {
      const result = await inBothLanguages((language) =>
        Promise.all([
          run(language, CLIENT, ['localhost', 'nosuchservice']),
          run(language, SERVER, ['nosuchservice']),
        ]),
      );
      const message = failure('getaddrinfo: Servname not supported for ai_socktype\n');
      expect(result).toEqual([message, message]);
    });

    it('client, no server: recvfrom waits forever (killed, prints nothing)', async () => {
      const port = await freePort();
      const result = await inBothLanguages((language) =>
        runUntilBlocked(language, CLIENT, ['localhost', String(port)]),
      );
      expect(result).toEqual({ stdout: '', stderr: '', exit: 'SIGTERM' });
    });
  });
