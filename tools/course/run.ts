/**
 * `bsd-sockets-course [run] <program> [--c] args…`: runs a course program, its TypeScript
 * port (the default) or its C reference (`--c`), with the terminal's stdin, stdout and
 * stderr, and exits as it did.
 *
 * The port runs as `node dist/course/<program>.js args…`, the C reference as
 * `course/bin/<program> args…`: the same commands `strace` can be given directly.
 */
import { spawn } from 'node:child_process';
import * as os from 'node:os';

import { commandFor, findProgram, missingBuild, programs } from '../../course/programs';
import type { Language } from '../../course/programs';
import { tools } from '../../course/tools/table';
import {
  isUserFile,
  prepareUserProgram,
  userProgramCommand,
  UserProgramError,
} from './user-program';

export const RUN_USAGE =
  'bsd-sockets-course [run] <program> [--c] args…  (--c: the C reference; default: the TS port)\n' +
  'bsd-sockets-course run <file.ts|file.js|file.c> args…  (your own port: compiled, then run)\n';

/** The table printed by --list: each program, its arguments, what it shows. */
export function listPrograms(): void {
  const width = Math.max(...programs.map((program) => program.name.length));
  for (const program of [...programs, ...tools]) {
    process.stdout.write(`${program.name.padEnd(width)}  ${program.usage}\n`);
    process.stdout.write(`${''.padEnd(width)}  ${program.shows.replaceAll('`', '')}\n`);
  }
}

/** `run`'s main: the words after `run` (or the whole command line, without a subcommand). */
export async function runMain(argv: string[], usage = `usage: ${RUN_USAGE}`): Promise<number> {
  let language: Language = 'ts';
  const words = [...argv];
  // --c (or --ts) before or right after the program's name; the rest is the program's.
  for (const at of [0, 1]) {
    if (words[at] === '--c' || words[at] === '--ts') {
      language = words[at] === '--c' ? 'c' : 'ts';
      words.splice(at, 1);
      break;
    }
  }
  const [name, ...args] = words;
  if (name !== undefined && isUserFile(name) && (/^\.{0,2}\//.test(name) || !isProgram(name)))
    return runUserFile(name, args);
  if (name === undefined || name.startsWith('-')) {
    const what = name === undefined ? 'no program given' : `unknown option ${name}`;
    process.stderr.write(`bsd-sockets-course: ${what}\n${usage}`);
    return 2;
  }
  const program = findProgram(name.replace(/\.(c|ts|js)$/, ''));
  if (program === undefined) {
    process.stderr.write(`bsd-sockets-course: no program "${name}"; --list shows them\n`);
    return 2;
  }
  const missing = missingBuild(language, program.name);
  if (missing !== null) {
    process.stderr.write(`bsd-sockets-course: ${missing}\n`);
    return 2;
  }
  return runInherited(commandFor(language, program.name, args));
}

/** Whether `name` (with or without .c/.ts/.js) is a course program's. */
function isProgram(name: string): boolean {
  return findProgram(name.replace(/\.(c|ts|js)$/, '')) !== undefined;
}

/**
 * A user's own file (a word that names an existing .ts, .js or .c, and a path — `./x.ts`,
 * `/tmp/x.c` — or no course program's name): compiled (user-program.ts), run, then removed.
 */
async function runUserFile(file: string, args: readonly string[]): Promise<number> {
  let program;
  try {
    program = prepareUserProgram(file);
  } catch (error) {
    if (!(error instanceof UserProgramError)) throw error;
    process.stderr.write(`bsd-sockets-course: ${error.message.trimEnd()}\n`);
    return 2;
  }
  return runInherited(userProgramCommand(program, args), program.dispose);
}

/**
 * Runs `command` with this process's stdin, stdout and stderr; resolves to its exit status.
 * Node cannot exec(): the program runs as our child. A signal sent to the runner alone
 * (`kill <pid>`) is passed on, so that it never leaves a server holding its port.
 */
export function runInherited(
  command: readonly string[],
  cleanUp: () => void = () => {},
): Promise<number> {
  const [file, ...fileArgs] = command;
  const child = spawn(file, fileArgs, { stdio: 'inherit' });
  const forwarded = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'] as const;
  for (const name of forwarded) process.on(name, () => child.kill(name));
  return new Promise((resolve) => {
    child.on('error', (error) => {
      cleanUp();
      process.stderr.write(`bsd-sockets-course: ${file}: ${error.message}\n`);
      resolve(2);
    });
    child.on('exit', (status, signal) => {
      for (const name of forwarded) process.removeAllListeners(name);
      cleanUp();
      if (signal !== null) {
        // Die of the same signal, so that the shell sees what it would see without us.
        process.kill(process.pid, signal);
        resolve(128 + (os.constants.signals[signal] ?? 0));
        return;
      }
      resolve(status ?? 1);
    });
  });
}
