// course/multiclient/serveur_threads and serveur_fork: a thread or a process per client, and
// silent clients do not starve the others. The TS servers start with a pool of 2 Workers or
// 2 children and grow it while none is free (see their headers); this test holds more
// silent clients than that, then checks that one more client is served, that the grown
// pool shrinks back once the clients are gone (TS: its extra threads or children end after
// 5 s idle), and that SIGTERM ends the server at once. The C twins, a pthread or a fork per
// client, pass the same checks.
import * as fs from 'node:fs';
import * as net from 'node:net';

import { describe, expect, it } from 'vitest';

import { delay, freePort, startProgram, waitFor, waitForOutput } from '../../course/lib/harness';
import type { RunningProgram } from '../../course/lib/harness';
import { commandFor } from '../../course/programs';
import { scaled } from '../course/timeouts';
import { LANGUAGES, missingServer, openFds } from './harness';
import type { Language } from './harness';

/** More than the 2 Workers or children a TS server starts with. */
const SILENT = 6;
const WAITING = 'En attente de connexion...\n';
const ACCEPTED = 'Connexion acceptée !\n';
const ENDED = 'Fin de connexion !\n';

/** The processes and threads of `pid` and its descendants (/proc/PID/task/TID/children). */
function treeCounts(pid: number): { processes: number; threads: number } {
  const pids = [pid];
  let threads = 0;
  for (let i = 0; i < pids.length && i < 1000; i++) {
    let tasks: string[];
    try {
      tasks = fs.readdirSync(`/proc/${pids[i]}/task`);
    } catch {
      continue; // ended meanwhile
    }
    threads += tasks.length;
    for (const task of tasks) {
      try {
        const children = fs.readFileSync(`/proc/${pids[i]}/task/${task}/children`, 'utf8');
        for (const child of children.split(' ')) if (child.trim() !== '') pids.push(Number(child));
      } catch {
        // ended meanwhile
      }
    }
  }
  return { processes: pids.length, threads };
}

/** A client that has sent `line` and received exactly its reply; `socket` left open. */
function served(port: number, line: string, timeoutMs: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const expected = Buffer.from(line.toUpperCase() + '\0', 'latin1');
    let received = Buffer.alloc(0);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`"${line}": no reply in ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on('connect', () => socket.write(line + '\0', 'latin1'));
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length < expected.length) return;
      clearTimeout(timer);
      socket.removeAllListeners('data');
      if (received.equals(expected)) resolve(socket);
      else {
        socket.destroy();
        reject(new Error(`"${line}": got ${JSON.stringify(received.toString('latin1'))}`));
      }
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

function closed(socket: net.Socket): Promise<void> {
  return new Promise((resolve) => {
    socket.on('close', () => resolve());
    socket.end();
  });
}

function countOf(text: string, line: string): number {
  return text.split(line).length - 1;
}

async function start(
  language: Language,
  name: string,
): Promise<{ program: RunningProgram; port: number }> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const program = startProgram(commandFor(language, name, [String(port)]));
    try {
      await waitForOutput(program, 'stdout', /En attente de connexion\.\.\.\n/, scaled(20_000));
      return { program, port };
    } catch (error) {
      const result = await program.stop();
      if (!result.stderr.toString().includes('Address already in use')) throw error;
    }
  }
  throw new Error(`${name}: no free port in 5 attempts`);
}

for (const server of ['multiclient/serveur_threads', 'multiclient/serveur_fork']) {
  describe.skipIf(missingServer(server) !== null)(server, () => {
    it.each(LANGUAGES)(
      `%s: ${SILENT} silent clients hold their thread or process, one more is served, the pool shrinks back, SIGTERM ends it`,
      async (language) => {
        const { program, port } = await start(language, server);
        const open: net.Socket[] = [];
        try {
          // A first client alone, then the server at rest: what it holds for its life.
          await closed(await served(port, 'premier', scaled(20_000)));
          await waitFor(
            () => countOf(program.output().stderr.toString('utf8'), ENDED) === 1,
            'the first "Fin de connexion !"',
            scaled(20_000),
          );
          let before = treeCounts(program.pid);
          for (let i = 0; i < 50; i++) {
            await delay(200);
            const now = treeCounts(program.pid);
            if (now.processes === before.processes && now.threads === before.threads) break;
            before = now;
          }
          const fdsBefore = openFds(program.pid).size;

          // Each silent client is answered once, then keeps its thread or process.
          for (let i = 0; i < SILENT; i++)
            open.push(await served(port, `silencieux ${i}`, scaled(20_000)));
          const grown = treeCounts(program.pid);
          expect(grown.threads + grown.processes).toBeGreaterThan(
            before.threads + before.processes,
          );
          // One more: served beside them.
          const last = await served(port, 'encore un', scaled(20_000));
          await closed(last);
          await Promise.all(open.splice(0).map(closed));

          await waitFor(
            () => countOf(program.output().stderr.toString('utf8'), ENDED) === SILENT + 2,
            `${SILENT + 2} "Fin de connexion !"`,
            scaled(20_000),
          );
          // The extra Workers or children end after 5 s idle (TS); C's at their client's end.
          await waitFor(
            () => {
              const now = treeCounts(program.pid);
              return now.processes === before.processes && now.threads === before.threads;
            },
            `the tree back to ${JSON.stringify(before)} (now ${JSON.stringify(treeCounts(program.pid))})`,
            scaled(30_000),
          );
          await waitFor(
            () => openFds(program.pid).size === fdsBefore,
            `${fdsBefore} fds again (now ${openFds(program.pid).size})`,
            scaled(5_000),
          );
          const { stdout, stderr } = program.output();
          expect(stdout.toString('utf8')).toBe(WAITING + (ACCEPTED + WAITING).repeat(SILENT + 2));
          expect(stderr.toString('utf8')).toBe(ENDED.repeat(SILENT + 2));

          const stopped = program.stop();
          const ended = await Promise.race([
            stopped.then((result) => result.signal),
            delay(scaled(2_000)).then(() => 'still running'),
          ]);
          expect(ended).toBe('SIGTERM');
        } finally {
          for (const socket of open) socket.destroy();
          await program.stop();
        }
      },
      scaled(120_000),
    );
  });
}
