#!/usr/bin/env node
/**
 * bsd-sockets-course: the course's command. Its subcommands, from one table (SUBCOMMANDS):
 *
 *   npx bsd-sockets-course run udp_ipv4/serveur_ipv4 3000      (run.ts; `run` may be left out)
 *   npx bsd-sockets-course udp_ipv4/client_ipv4 --c localhost 3000
 *   npx bsd-sockets-course --list
 *
 * The programs themselves, and their table, are in course/; what runs them is here, in tools/.
 */
import { asksForHelp, endQuietlyOnBrokenPipe } from '../cli';
import { checkMain, CHECK_USAGE } from './check';
import { listPrograms, runMain, RUN_USAGE } from './run';

/** A subcommand: its usage lines, and its main, which returns the exit status. */
interface Subcommand {
  usage: string;
  main: (argv: string[]) => Promise<number>;
}

/**
 * The subcommands, by name. `bsd-sockets-course <program> args…` (no subcommand) is `run`.
 * Each one's main gets the words after its name and returns the exit status (2: bad usage).
 */
const SUBCOMMANDS: Record<string, Subcommand> = {
  run: { usage: RUN_USAGE, main: runMain },
  check: { usage: CHECK_USAGE, main: checkMain },
  // exercise, new, show: tools/course/exercise.ts, new.ts, show.ts (exerciseMain…).
};

function usage(): string {
  const lines = Object.values(SUBCOMMANDS).flatMap((subcommand) =>
    subcommand.usage.trimEnd().split('\n'),
  );
  return (
    `usage: ${lines.join('\n       ')}\n` +
    '       bsd-sockets-course --list                    (the programs)\n' +
    '       bsd-sockets-course --help                    (this text)\n' +
    'A C reference is built (make, gcc) the first time it runs.\n'
  );
}

export async function main(argv: string[]): Promise<number> {
  if (asksForHelp(argv)) {
    process.stdout.write(usage());
    return 0;
  }
  if (argv[0] === '--list') {
    listPrograms();
    return 0;
  }
  const subcommand = argv[0] === undefined ? undefined : SUBCOMMANDS[argv[0]];
  if (subcommand !== undefined) return subcommand.main(argv.slice(1));
  return runMain(argv, usage());
}

if (require.main === module) {
  endQuietlyOnBrokenPipe();
  void main(process.argv.slice(2)).then((status) => {
    process.exitCode = status;
  });
}
