/**
 * Interoperability: each client against the server of the other language — C client with
 * the TypeScript server, TypeScript client with the C server — for UDP and TCP, IPv4 and
 * IPv6. Both crossings must print the same, and what the course expects.
 */
import { describe, expect, it } from 'vitest';

import { waitForOutput } from '../../course/lib/harness';
import { inBothLanguages, missingBuilds, run, startServer, withServer } from './helpers';
import type { Language, Outcome } from './helpers';
import type { Protocol } from '../../course/lib/harness';
import { scaled } from './timeouts';

interface Crossing {
  server: { name: string; args: (port: number) => string[]; protocol: Protocol };
  client: { name: string; args: (port: number) => string[]; stdin?: string };
  /** What the server prints once it has served the client (it then waits for the next). */
  serverDone?: { stdout: RegExp; stderr: RegExp };
}

/** The client in one language against the server in the other; both outcomes. */
async function cross(
  crossing: Crossing,
  clientLanguage: Language,
): Promise<{ client: Outcome; server: Outcome }> {
  const serverLanguage: Language = clientLanguage === 'c' ? 'ts' : 'c';
  const { server: s, client: c } = crossing;
  return withServer(startServer(serverLanguage, s.name, s.args, s.protocol), async (server) => {
    const ports = { P: server.port };
    const client = await run(clientLanguage, c.name, c.args(server.port), {
      stdin: c.stdin,
      ports,
    });
    if (crossing.serverDone) {
      await waitForOutput(server.program, 'stdout', crossing.serverDone.stdout, scaled(20_000));
      await waitForOutput(server.program, 'stderr', crossing.serverDone.stderr, scaled(20_000));
    }
    return { client, server: await server.stop(ports) };
  });
}

/** Both crossings (C client + TS server, TS client + C server), which must agree. */
function bothCrossings(crossing: Crossing) {
  return inBothLanguages((clientLanguage) => cross(crossing, clientLanguage));
}

const port = (p: number) => String(p);

describe
  .skipIf(missingBuilds() !== null)
  .concurrent('interop C ⇄ TypeScript', { timeout: scaled(60_000) }, () => {
    it('UDP IPv4: client_ipv4 127.0.0.1 ⇄ serveur_ipv4', async () => {
      const result = await bothCrossings({
        server: { name: 'udp_ipv4/serveur_ipv4', args: (p) => [port(p)], protocol: 'udp' },
        client: { name: 'udp_ipv4/client_ipv4', args: (p) => ['127.0.0.1', port(p)] },
      });
      expect(result).toEqual({
        client: { stdout: 'HELLO\n', stderr: '', exit: '0' },
        server: { stdout: '', stderr: '', exit: 'SIGTERM' },
      });
    });

    for (const host of ['::1', '127.0.0.1']) {
      it(`UDP IPv6 (dual stack): client ${host} ⇄ serveur`, async () => {
        const result = await bothCrossings({
          server: { name: 'udp_ipv6/serveur', args: (p) => [port(p)], protocol: 'udp' },
          client: { name: 'udp_ipv6/client', args: (p) => [host, port(p)] },
        });
        expect(result).toEqual({
          client: { stdout: 'HELLO\n', stderr: '', exit: '0' },
          server: { stdout: 'Hello\n', stderr: '', exit: 'SIGTERM' },
        });
      });
    }

    for (const host of ['127.0.0.1', '::1']) {
      it(`TCP ${host === '::1' ? 'IPv6' : 'IPv4'}: client ${host} ⇄ serveur`, async () => {
        const result = await bothCrossings({
          server: { name: 'tcp/serveur', args: (p) => [port(p)], protocol: 'tcp' },
          client: { name: 'tcp/client', args: (p) => [host, port(p)], stdin: 'hello\nworld\n' },
          serverDone: {
            stdout: /(En attente de connexion\.\.\.\n[^]*){2}/,
            stderr: /Fin de connexion !\n/,
          },
        });
        expect(result).toEqual({
          client: { stdout: 'HELLO\nWORLD\n', stderr: '', exit: '0' },
          server: {
            stdout:
              'En attente de connexion...\nConnexion acceptée !\nEn attente de connexion...\n',
            stderr: 'Fin de connexion !\n',
            exit: 'SIGTERM',
          },
        });
      });
    }

    it('UDP IPv4, lab 1.2: clientu ⇄ serveuru', async () => {
      const result = await bothCrossings({
        server: { name: 'tp_udp/serveuru', args: (p) => ['1', port(p)], protocol: 'udp' },
        client: { name: 'tp_udp/clientu', args: (p) => ['7', '127.0.0.1', port(p)] },
      });
      const lines = [0, 1, 2].flatMap((n) => [
        `client  7: ${n === 0 ? '(0.0.0.0,   0)' : '(0.0.0.0,EPH)'} envoie a (127.0.0.1,P): # 7=00${n}\n`,
        `client  7: (0.0.0.0,EPH) recoit de (127.0.0.1,P) : serveur# 1 reponse00${n}#\n`,
      ]);
      expect(result.client).toEqual({ stdout: lines.join(''), stderr: '', exit: '0' });
      expect(result.server).toEqual({
        stdout: [0, 1, 2]
          .map((n) => `serveur 1 a reçu le message # 7=00${n} de 127.0.0.1:EPH\n`)
          .join(''),
        stderr: '',
        exit: 'SIGTERM',
      });
    });

    it('TCP IPv4, lab 1.3: clientt ⇄ serveur', async () => {
      const result = await bothCrossings({
        server: { name: 'tp_tcp/serveur', args: (p) => ['1', port(p)], protocol: 'tcp' },
        client: { name: 'tp_tcp/clientt', args: (p) => ['8', '127.0.0.1', port(p)] },
      });
      const lines = [0, 1, 2].flatMap((n) => [
        `client  8: (127.0.0.1,EPH) envoie a  (127.0.0.1,P) : # 8=00${n}\n`,
        `client  8: (127.0.0.1,EPH) recoit de (127.0.0.1,P) : # 1=00${n}#\n`,
      ]);
      expect(result.client).toEqual({ stdout: lines.join(''), stderr: '', exit: '0' });
      expect(result.server).toEqual({
        stdout: [0, 1, 2].map((n) => `serveur 1 reçu de (127.0.0.1,EPH) : # 8=00${n}\n`).join(''),
        stderr: '',
        exit: 'SIGTERM',
      });
    });
  });
