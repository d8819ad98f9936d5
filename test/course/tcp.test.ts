/**
 * tcp/client and tcp/serveur (course/scenarios.md): each scenario runs the C reference and
 * the TypeScript port and asserts the same stdout, stderr and exit status, then the
 * expected text.
 */
import { describe, expect, it } from 'vitest';

import { freePort, waitForOutput } from '../../course/lib/harness';
import {
  failure,
  inBothLanguages,
  missingBuilds,
  nbArgs,
  outcome,
  run,
  start,
  startServer,
  withServer,
} from './helpers';
import type { Language } from './helpers';
import { scaled } from './timeouts';

const CLIENT = 'tcp/client';
const SERVER = 'tcp/serveur';

const startTcpServer = (language: Language) =>
  startServer(language, SERVER, (port) => [String(port)], 'tcp');

const WAITING = 'En attente de connexion...\n';
const ACCEPTED = 'Connexion acceptée !\n';

describe.skipIf(missingBuilds() !== null).concurrent('tcp', { timeout: scaled(60_000) }, () => {
  it('wrong argument count prints the usage line, exit 1', async () => {
    const [client, server] = await Promise.all([
      inBothLanguages((language) => run(language, CLIENT, [])),
      inBothLanguages((language) => run(language, SERVER, [])),
    ]);
    expect(client).toEqual(nbArgs('client hostname port'));
    expect(server).toEqual(nbArgs('serveur port'));
  });

  it('four clients, one at a time: each line comes back in uppercase', async () => {
    const sessions: [string, string][] = [
      ['localhost', 'hello\nworld\n'],
      ['127.0.0.1', 'abc\ndef'], // last line without '\n': sent whole (correction)
      ['::1', 'x\n\ny\n'], // an empty line is sent as its NUL alone, and comes back empty
      ['localhost', ''],
    ];
    const result = await inBothLanguages((language) =>
      withServer(startTcpServer(language), async (server) => {
        const clients = [];
        for (const [host, stdin] of sessions) {
          clients.push(await run(language, CLIENT, [host, String(server.port)], { stdin }));
        }
        // The server prints "Fin de connexion !" and waits again after the last client.
        await waitForOutput(
          server.program,
          'stdout',
          new RegExp(`(${WAITING}[^]*){5}`),
          scaled(20_000),
        );
        return { clients, server: await server.stop() };
      }),
    );
    expect(result.clients).toEqual([
      { stdout: 'HELLO\nWORLD\n', stderr: '', exit: '0' },
      { stdout: 'ABC\nDEF\n', stderr: '', exit: '0' },
      { stdout: 'X\n\nY\n', stderr: '', exit: '0' },
      { stdout: '', stderr: '', exit: '0' },
    ]);
    expect(result.server).toEqual({
      stdout: `${WAITING}${ACCEPTED}`.repeat(4) + WAITING,
      stderr: 'Fin de connexion !\n'.repeat(4),
      exit: 'SIGTERM',
    });
  });

  it('server on a port in use: "bind: Address already in use", exit 1', async () => {
    const result = await inBothLanguages((language) =>
      withServer(startTcpServer(language), (first) => run(language, SERVER, [String(first.port)])),
    );
    expect(result).toEqual(failure('bind: Address already in use\n'));
  });

  it('client, nobody listening: "connect: Connection refused", exit 1', async () => {
    const port = await freePort();
    const result = await inBothLanguages((language) =>
      run(language, CLIENT, ['localhost', String(port)], { stdin: 'hello\n' }),
    );
    expect(result).toEqual(failure('connect: Connection refused\n'));
  });

  it('client a..b: "getaddrinfo: Name or service not known", exit 1', async () => {
    const result = await inBothLanguages((language) => run(language, CLIENT, ['a..b', '3000']));
    expect(result).toEqual(failure('getaddrinfo: Name or service not known\n'));
  });

  it('server gone: "Déconnexion du serveur !", exit 1', async () => {
    // Deterministic: the killed server's FIN arrives first, so after send succeeds, recv
    // returns 0 (the RST answering "b" does not change that).
    const result = await inBothLanguages(async (language) => {
      const server = await startTcpServer(language);
      const ports = { P: server.port };
      const client = start(language, CLIENT, ['localhost', String(server.port)], { stdin: 'open' });
      try {
        client.child.stdin?.write('a\n');
        await waitForOutput(client, 'stdout', /^A\n/, scaled(20_000));
        const serverOutcome = await server.stop(ports);
        client.child.stdin?.end('b\n');
        return { client: outcome(await client.done, ports), server: serverOutcome };
      } finally {
        await client.stop();
        await server.program.stop();
      }
    });
    expect(result.client).toEqual({
      stdout: 'A\n',
      stderr: 'Déconnexion du serveur !\n',
      exit: '1',
    });
    expect(result.server).toEqual({
      stdout: `${WAITING}${ACCEPTED}`,
      stderr: '',
      exit: 'SIGTERM',
    });
  });
});
