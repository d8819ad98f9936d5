/**
 * tp_udp/serveuru and tp_udp/clientu, lab exercise 1.2 (course/scenarios.md). The server
 * sleeps 2 s after each reply: a 3-question client takes ~4 s. Each scenario runs the C
 * reference and the TypeScript port and asserts the same stdout, stderr and exit status,
 * then the expected text.
 */
import { describe, expect, it } from 'vitest';

import { freePort } from '../../course/lib/harness';
import {
  failure,
  inBothLanguages,
  missingBuilds,
  run,
  runUntilBlocked,
  startServer,
  withServer,
} from './helpers';
import type { Language } from './helpers';
import { scaled } from './timeouts';

const CLIENT = 'tp_udp/clientu';
const SERVER = 'tp_udp/serveuru';

const startLabServer = (language: Language) =>
  startServer(language, SERVER, (port) => ['1', String(port)], 'udp');

/** clientu's six lines for client `id`, whose replies are numbered from `first`. */
function clientLines(id: string, first: number): string {
  const lines = [];
  for (let question = 0; question < 3; question++) {
    const n = String(question).padStart(3, '0');
    const reply = String(first + question).padStart(3, '0');
    // The first line shows the socket before its first sendto: not bound yet, port 0.
    const me = question === 0 ? '(0.0.0.0,   0)' : '(0.0.0.0,EPH)';
    lines.push(`client ${id.padStart(2)}: ${me} envoie a (127.0.0.1,P): #${id.padStart(2)}=${n}`);
    lines.push(
      `client ${id.padStart(2)}: (0.0.0.0,EPH) recoit de (127.0.0.1,P) : serveur# 1 reponse${reply}#`,
    );
  }
  return lines.map((line) => `${line}\n`).join('');
}

describe.skipIf(missingBuilds() !== null).concurrent('tp_udp', { timeout: scaled(60_000) }, () => {
  it('wrong argument count prints the usage line, exit 1', async () => {
    const [server, client] = await Promise.all([
      inBothLanguages((language) => run(language, SERVER, ['1'])),
      inBothLanguages((language) => run(language, CLIENT, ['1', '127.0.0.1'])),
    ]);
    expect(server).toEqual(failure('usage: argv0 id port\n'));
    expect(client).toEqual(failure('usage: argv0 id host sport\n'));
  });

  it(
    'two clients in a row: 3 numbered replies each, the counter shared; the server prints each message',
    async () => {
      const result = await inBothLanguages((language) =>
        withServer(startLabServer(language), async (server) => {
          const ports = { P: server.port };
          const first = await run(language, CLIENT, ['1', '127.0.0.1', String(server.port)], {
            ports,
          });
          const second = await run(language, CLIENT, ['ab', '127.0.0.1', String(server.port)], {
            ports,
          });
          return { first, second, server: await server.stop() };
        }),
      );
      expect(result.first).toEqual({ stdout: clientLines('1', 0), stderr: '', exit: '0' });
      expect(result.second).toEqual({ stdout: clientLines('ab', 3), stderr: '', exit: '0' });
      const received = ['# 1=000', '# 1=001', '# 1=002', '#ab=000', '#ab=001', '#ab=002'].map(
        (message) => `serveur 1 a reçu le message ${message} de 127.0.0.1:EPH\n`,
      );
      expect(result.server).toEqual({ stdout: received.join(''), stderr: '', exit: 'SIGTERM' });
    },
    scaled(40_000),
  );

  it('server on a port in use: "argv0: bind Address already in use", exit 1', async () => {
    const result = await inBothLanguages((language) =>
      withServer(startLabServer(language), (first) =>
        run(language, SERVER, ['2', String(first.port)]),
      ),
    );
    expect(result).toEqual(failure('argv0: bind Address already in use\n'));
  });

  it('client with a name instead of an address: "argv0: adresse invalide localhost", exit 1', async () => {
    const result = await inBothLanguages((language) =>
      run(language, CLIENT, ['1', 'localhost', '3000']),
    );
    expect(result).toEqual(failure('argv0: adresse invalide localhost\n'));
  });

  it('client, no server: killed in recvfrom, the unfinished line is lost', async () => {
    // stdout is line-buffered: "client  1: (…) recoit de " waits for its '\n' in the
    // buffer, and dies with the process, in C as in the port.
    const port = await freePort();
    const result = await inBothLanguages((language) =>
      runUntilBlocked(language, CLIENT, ['1', '127.0.0.1', String(port)], { P: port }),
    );
    expect(result).toEqual({
      stdout: 'client  1: (0.0.0.0,   0) envoie a (127.0.0.1,P): # 1=000\n',
      stderr: '',
      exit: 'SIGTERM',
    });
  });
});
