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
import { asksForHelp, asksForVersion, endQuietlyOnBrokenPipe, versionLine } from '../cli';
import { checkMain, CHECK_USAGE } from './check';
import { exerciseMain, EXERCISE_USAGE_LINE } from './exercise';
import { newMain, NEW_USAGE_LINE } from './new';
import { listPrograms, runMain, RUN_USAGE } from './run';
import { showMain, SHOW_USAGE } from './show';

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
  exercise: {
    usage: `${EXERCISE_USAGE_LINE}  (the lab sheet's skeleton: blanks to fill)\n`,
    main: exerciseMain,
  },
  check: { usage: CHECK_USAGE, main: checkMain },
  show: {
    // Its first two lines, without their `usage: `: the rest is `show --help`.
    usage: SHOW_USAGE.split('\n')
      .slice(0, 2)
      .map((line) => line.replace(/^(usage: | {7})/, ''))
      .join('\n'),
    main: showMain,
  },
  new: {
    usage: `${NEW_USAGE_LINE}  (a project of your own: package.json, tsconfig, hello)\n`,
    main: newMain,
  },
};

function usage(): string {
  const lines = Object.values(SUBCOMMANDS).flatMap((subcommand) =>
    subcommand.usage.trimEnd().split('\n'),
  );
  return (
    `usage: ${lines.join('\n       ')}\n` +
    '       bsd-sockets-course --list                    (the programs)\n' +
    '       bsd-sockets-course --help                    (this text)\n' +
    '       bsd-sockets-course --version\n' +
    'A C reference is built (make, gcc) the first time it runs.\n'
  );
}

export async function main(argv: string[]): Promise<number> {
  if (asksForHelp(argv)) {
    process.stdout.write(usage());
    return 0;
  }
  if (asksForVersion(argv)) {
    process.stdout.write(versionLine('bsd-sockets-course'));
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
