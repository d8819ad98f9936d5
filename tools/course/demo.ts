/**
 * `npm run demo`: the course's flagship exchange, end to end on loopback, in both
 * directions across the two languages:
 *   1. the TypeScript UDP uppercase server (udp_ipv4/serveur_ipv4) with the C client,
 *   2. the C server with the TypeScript client,
 * each on a free port, printing both sides (commands, output, exit) under clear headings,
 * the servers killed at the end. Then the strace comparison (see showStraceComparison).
 */
import { commandFor, missingBuild, packageRoot } from '../../course/programs';
import type { Language } from '../../course/programs';
import { freePort, runProgram, startProgram, waitUntilBound } from '../../course/lib/harness';
import { showFlagshipTrace } from '../trace/demo-compare';
import type { ProgramResult, RunningProgram } from '../../course/lib/harness';

const SERVER = 'udp_ipv4/serveur_ipv4';
const CLIENT = 'udp_ipv4/client_ipv4';
const LANGUAGE_NAMES: Record<Language, string> = { c: 'C', ts: 'TypeScript' };

/** A command as a user would type it from the package's root. */
function shown(command: readonly string[]): string {
  const root = `${packageRoot()}/`;
  return command
    .map((word) => (word === process.execPath ? 'node' : word.replace(root, '')))
    .join(' ');
}

/** The lines of one side: its output (or that it printed nothing) and how it ended. */
function describe(result: ProgramResult, expectedEnd: string): string {
  const lines: string[] = [];
  for (const [name, bytes] of [
    ['stdout', result.stdout],
    ['stderr', result.stderr],
  ] as const) {
    const text = bytes.toString('utf8');
    if (text.length === 0) continue;
    for (const line of text.replace(/\n$/, '').split('\n')) lines.push(`    ${name} | ${line}`);
  }
  if (lines.length === 0) lines.push('    (prints nothing)');
  const end =
    result.signal !== null ? `killed by ${result.signal}` : `exit status ${result.status}`;
  lines.push(`    ${end}${expectedEnd ? ` (${expectedEnd})` : ''}`);
  return lines.join('\n');
}

/** Starts the server on a free port, trying another port if one was taken meanwhile. */
async function startServer(language: Language): Promise<{ server: RunningProgram; port: number }> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const server = startProgram(commandFor(language, SERVER, [String(port)]));
    try {
      await waitUntilBound(server, 'udp', port);
      return { server, port };
    } catch (error) {
      const result = await server.stop();
      if (!result.stderr.toString().includes('Address already in use')) throw error;
    }
  }
  throw new Error(`${SERVER}: no free port after 5 attempts`);
}

/** One exchange: a server in `serverLanguage`, a client in the other. True when it worked. */
async function exchange(step: number, serverLanguage: Language): Promise<boolean> {
  const clientLanguage: Language = serverLanguage === 'ts' ? 'c' : 'ts';
  console.log(
    `\n=== ${step}. ${LANGUAGE_NAMES[serverLanguage]} server, ${LANGUAGE_NAMES[clientLanguage]} client ===\n`,
  );
  const { server, port } = await startServer(serverLanguage);
  let client: ProgramResult;
  try {
    console.log(`  server (${LANGUAGE_NAMES[serverLanguage]}): ${shown(server.command)}`);
    console.log(`    listening on UDP port ${port}`);
    const clientCommand = commandFor(clientLanguage, CLIENT, ['localhost', String(port)]);
    console.log(`\n  client (${LANGUAGE_NAMES[clientLanguage]}): ${shown(clientCommand)}`);
    client = await runProgram(clientCommand, { killAfterMs: 5_000 });
    console.log(describe(client, ''));
  } finally {
    const serverResult = await server.stop();
    console.log(`\n  server (${LANGUAGE_NAMES[serverLanguage]}), stopped:`);
    console.log(describe(serverResult, 'the demo stops it: it serves forever'));
  }
  const worked = client.status === 0 && client.stdout.toString() === 'HELLO\n';
  console.log(worked ? '\n  => "Hello" went out, "HELLO" came back.' : '\n  => FAILED');
  return worked;
}

/**
 * The strace comparison of the flagship exchange (issue 4, tools/trace/): the C client's and
 * the TS client's socket calls side by side, each against a C server. False when they differ.
 */
async function showStraceComparison(): Promise<boolean> {
  console.log('\n=== 3. strace: the same socket calls in C and in TypeScript ===\n');
  return showFlagshipTrace();
}

async function main(): Promise<number> {
  for (const language of ['c', 'ts'] as const) {
    for (const name of [SERVER, CLIENT]) {
      const missing = missingBuild(language, name);
      if (missing !== null) {
        console.error(`demo: ${missing}`);
        return 1;
      }
    }
  }
  console.log('The course\'s UDP exchange: the client sends "Hello" (with its NUL byte),');
  console.log('the server answers it in uppercase; each side in C, then in TypeScript.');
  const results = [await exchange(1, 'ts'), await exchange(2, 'c')];
  results.push(await showStraceComparison());
  showNextStep();
  return results.every(Boolean) ? 0 : 1;
}

/** Where to go from here: the same exchange in bsd-sockets-lab (README "## bsd-sockets-lab"). */
function showNextStep(): void {
  console.log('\n=== Next: both ends, the wire and the socket states on one timeline ===\n');
  console.log('  sudo npx bsd-sockets-lab udp_ipv4    (npx bsd-sockets-lab --help: the scenarios)');
  console.log('  It needs root for the packet capture and its own network namespace.');
}

main().then(
  (status) => (process.exitCode = status),
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
