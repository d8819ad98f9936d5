/**
 * tp_tcp/serveur, tp_tcp/clientt and tp_tcp/serveur_sleep, lab exercise 1.3
 * (course/scenarios.md). The server sleeps 2 s after each answer and closes 2 s after the
 * third: a client takes ~4 s. Each scenario runs the C reference and the TypeScript port
 * and asserts the same stdout, stderr and exit status, then the expected text.
 */
import { describe, expect, it } from 'vitest';

import { delay, freePort, unreadBytes, waitFor, waitForOutput } from '../../course/lib/harness';
import {
  available,
  failure,
  inBothLanguages,
  missingBuilds,
  outcome,
  run,
  start,
  startServer,
  tcpCounters,
  tcpStates,
  withServer,
} from './helpers';
import type { Language, Server } from './helpers';
import type { RunningProgram } from '../../course/lib/harness';
import { scaled } from './timeouts';

const CLIENT = 'tp_tcp/clientt';
const SERVER = 'tp_tcp/serveur';
const SLEEPING_SERVER = 'tp_tcp/serveur_sleep';

const startLabServer = (language: Language, name = SERVER) =>
  startServer(language, name, (port) => ['1', String(port)], 'tcp');

/** clientt's lines for client `id` and the server's answers numbered from `first`. */
function clientLines(id: string, first: number, questions = 3): string[] {
  const lines = [];
  for (let question = 0; question < questions; question++) {
    const n = String(question).padStart(3, '0');
    const answer = String(first + question).padStart(3, '0');
    const me = `client ${id.padStart(2)}: (127.0.0.1,EPH)`;
    lines.push(`${me} envoie a  (127.0.0.1,P) : #${id.padStart(2)}=${n}\n`);
    lines.push(`${me} recoit de (127.0.0.1,P) : # 1=${answer}#\n`);
  }
  return lines;
}

/** The server's line for each message of client `id`. */
function receivedLines(id: string, questions: number): string[] {
  return Array.from(
    { length: questions },
    (_, question) =>
      `serveur 1 reçu de (127.0.0.1,EPH) : #${id.padStart(2)}=${String(question).padStart(3, '0')}\n`,
  );
}

/** A scenario that lost a race against the machine's load: it may be run again. */
class LostRace extends Error {}

/** Runs `scenario`, again (up to 3 times in all) when it lost its race. */
async function withRetries<T>(scenario: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await scenario();
    } catch (error) {
      if (!(error instanceof LostRace) || attempt === 3) throw error;
    }
  }
}

/**
 * Brings client `id` and the lab server to this state: the server has answered the first
 * question and is stopped (SIGSTOP) in its 2 s sleep, the second question unread in its
 * socket. The server is stopped as soon as the client prints its second question; `ss`
 * then checks the state from the connection's counters (one answer of 9 bytes sent, two
 * questions of 8 bytes received, one of them unread). If the test was too slow and the
 * server had read the second question, LostRace.
 */
async function stopWithSecondQuestionUnread(
  server: Server,
  client: RunningProgram,
  id: string,
): Promise<void> {
  await waitForOutput(client, 'stdout', new RegExp(`#${id.padStart(2)}=001\\n`), scaled(20_000));
  process.kill(server.program.pid, 'SIGSTOP');
  try {
    await waitFor(
      () => unreadBytes(server.program.pid, server.port) > 0,
      'the question',
      scaled(3_000),
    );
  } catch {
    throw new LostRace('the server had read the second question before it was stopped');
  }
  const counters = await tcpCounters(server.port);
  const expected = { unread: 8, bytesSent: 9, bytesReceived: 16 };
  if (JSON.stringify(counters) !== JSON.stringify([expected])) {
    throw new LostRace(`the server's connection when stopped: ${JSON.stringify(counters)}`);
  }
}

describe.skipIf(missingBuilds() !== null).concurrent('tp_tcp', { timeout: scaled(60_000) }, () => {
  it('wrong argument count prints the usage line, exit 1', async () => {
    const [server, sleepingServer, client] = await Promise.all([
      inBothLanguages((language) => run(language, SERVER, [])),
      inBothLanguages((language) => run(language, SLEEPING_SERVER, ['1'])),
      inBothLanguages((language) => run(language, CLIENT, ['1', '127.0.0.1'])),
    ]);
    expect(server).toEqual(failure('usage: argv0 id port\n'));
    expect(sleepingServer).toEqual(failure('usage: argv0 id port\n'));
    expect(client).toEqual(failure('usage: argv0 id serveur port\n'));
  });

  it('two clients in a row: 3 answers each, numbered by the server from 000 to 005', async () => {
    const result = await inBothLanguages((language) =>
      withServer(startLabServer(language), async (server) => {
        const port = String(server.port);
        const ports = { P: server.port };
        const first = await run(language, CLIENT, ['2', '127.0.0.1', port], { ports });
        // Connected at once (listen backlog), answered once the server closed the first.
        const second = await run(language, CLIENT, ['2', '127.0.0.1', port], { ports });
        return { first, second, server: await server.stop() };
      }),
    );
    expect(result.first).toEqual({ stdout: clientLines('2', 0).join(''), stderr: '', exit: '0' });
    expect(result.second).toEqual({ stdout: clientLines('2', 3).join(''), stderr: '', exit: '0' });
    expect(result.server).toEqual({
      stdout: [...receivedLines('2', 3), ...receivedLines('2', 3)].join(''),
      stderr: '',
      exit: 'SIGTERM',
    });
  });

  it.skipIf(!available('ss', ['-V']))(
    'client gone after its second question: the server answers it, then "argv0: read=0: Success"',
    async () => {
      // The server reads the question, answers (the peer sends RST), sleeps, then read
      // returns 0: the FIN came first. errno is 0: the lab prints strerror(errno) anyway.
      const result = await inBothLanguages((language) =>
        withRetries(async () => {
          const server = await startLabServer(language);
          const client = start(language, CLIENT, ['3', '127.0.0.1', String(server.port)]);
          try {
            await stopWithSecondQuestionUnread(server, client, '3');
            await client.stop();
            process.kill(server.program.pid, 'SIGCONT');
            await waitForOutput(server.program, 'stdout', /read=0/, scaled(20_000));
            return await server.stop();
          } finally {
            await client.stop();
            await server.program.stop();
          }
        }),
      );
      expect(result).toEqual({
        stdout: [...receivedLines('3', 2), 'argv0: read=0: Success\n'].join(''),
        stderr: '',
        exit: 'SIGTERM',
      });
    },
  );

  it.skipIf(!available('ss', ['-V']))(
    'server gone with a question unread (RST): "erreur dans read (… Connection reset by peer)", exit 1',
    async () => {
      const result = await inBothLanguages((language) =>
        withRetries(async () => {
          const server = await startLabServer(language);
          const ports = { P: server.port };
          const client = start(language, CLIENT, ['4', '127.0.0.1', String(server.port)]);
          try {
            // Killed with the second question unread, the server's socket sends RST.
            await stopWithSecondQuestionUnread(server, client, '4');
            const serverOutcome = await server.stop(ports);
            return { client: outcome(await client.done, ports), server: serverOutcome };
          } finally {
            await client.stop();
            await server.program.stop();
          }
        }),
      );
      const lines = clientLines('4', 0, 2);
      // The "recoit de" line, still in the stdout buffer, is completed by the error message.
      lines[3] = lines[3].replace(
        /\(127\.0\.0\.1,P\) : .*\n$/,
        'argv0: erreur dans read (num=-1, mess=Connection reset by peer)\n',
      );
      expect(result.client).toEqual({ stdout: lines.join(''), stderr: '', exit: '1' });
      expect(result.server).toEqual({
        stdout: receivedLines('4', 1).join(''),
        stderr: '',
        exit: 'SIGTERM',
      });
    },
  );

  it('server on a port in use: "argv0: bind Address already in use", exit 1', async () => {
    const result = await inBothLanguages((language) =>
      withServer(startLabServer(language), (first) =>
        run(language, SERVER, ['3', String(first.port)]),
      ),
    );
    expect(result).toEqual(failure('argv0: bind Address already in use\n'));
  });

  it('client, nobody listening: "argv0: connect Connection refused", exit 1', async () => {
    const port = await freePort();
    const result = await inBothLanguages((language) =>
      run(language, CLIENT, ['1', '127.0.0.1', String(port)]),
    );
    expect(result).toEqual(failure('argv0: connect Connection refused\n'));
  });

  it('client with a name instead of an address: "argv0: adresse invalide localhost", exit 1', async () => {
    const result = await inBothLanguages((language) =>
      run(language, CLIENT, ['1', 'localhost', '3000']),
    );
    expect(result).toEqual(failure('argv0: adresse invalide localhost\n'));
  });

  it.skipIf(!available('ss', ['-V']))(
    'serveur_sleep (questions 8-9): ESTAB, then CLOSE-WAIT / FIN-WAIT-2 while it sleeps, then TIME-WAIT',
    async () => {
      const result = await inBothLanguages((language) =>
        withServer(startLabServer(language, SLEEPING_SERVER), async (server) => {
          const ports = { P: server.port };
          const client = start(language, CLIENT, ['5', '127.0.0.1', String(server.port)]);
          await waitForOutput(client, 'stdout', /recoit de .*# 1=000#\n/, scaled(20_000));
          const connected = await tcpStates(server.port);
          const clientOutcome = outcome(await client.done, ports);
          await waitForOutput(server.program, 'stdout', /dort 10 s/, scaled(10_000));
          const sleeping = await tcpStates(server.port);
          // After close(2), ~10 s later: the client side, which closed first, in TIME-WAIT.
          let closed: string[] = [];
          for (let poll = 0; poll < 150; poll++) {
            closed = await tcpStates(server.port);
            if (!closed.includes('CLOSE-WAIT')) break;
            await delay(100);
          }
          return {
            connected,
            client: clientOutcome,
            sleeping,
            closed,
            server: await server.stop(),
          };
        }),
      );
      expect(result.connected).toEqual(['ESTAB', 'ESTAB', 'LISTEN']);
      expect(result.client).toEqual({
        stdout: clientLines('5', 0).join(''),
        stderr: '',
        exit: '0',
      });
      expect(result.sleeping).toEqual(['CLOSE-WAIT', 'FIN-WAIT-2', 'LISTEN']);
      expect(result.closed).toEqual(['LISTEN', 'TIME-WAIT']);
      expect(result.server).toEqual({
        stdout: [...receivedLines('5', 3), 'serveur 1 dort 10 s avant de fermer la socket\n'].join(
          '',
        ),
        stderr: '',
        exit: 'SIGTERM',
      });
    },
    scaled(60_000),
  );
});
