/**
 * A user's port of a course program — a `.ts`, a `.js` or a `.c` of theirs — made ready to
 * run (prepareUserProgram: compiled into a temporary directory, never into the user's
 * folder), and the one place that says how it runs (userProgramCommand).
 *
 * A `.ts` is compiled as the exercise's tsconfig.json says: strict, `module`/`moduleResolution`
 * nodenext, ES2022, @types/node. It is copied with the `.ts` files beside it (a program may
 * import `./service`) into `<tmp>/src/`, beside a `node_modules/` that links `bsd-sockets` (the
 * one the user's folder resolves, else this package) and `@types/node`, and a package.json
 * with the user's `"type"`; so it compiles and runs wherever it is, installed or not. The
 * compiler's messages name the user's own path. typescript is the user's, else this package's.
 * A `.c` is compiled with the course's flags (CFLAGS of course/Makefile: `-Wall -Wextra
 * -Werror -O2`) by gcc. A `.js` runs where it is, as node runs it.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { packageRoot } from '../../course/programs';
import { contain, type ContainedRun, type Limits, type Verdict } from '../sandbox';

export type UserLanguage = 'ts' | 'js' | 'c';

export interface UserProgram {
  /** The user's file, absolute. */
  file: string;
  language: UserLanguage;
  /** What runs, before any argument: `node <compiled .js>`, or the compiled executable. */
  executable: readonly string[];
  /** Removes what prepareUserProgram made (the temporary directory). Idempotent. */
  dispose: () => void;
  /**
   * The limits its runs are contained with (tools/sandbox: docs/containment.md); the
   * defaults of DEFAULT_LIMITS but for what the caller sets here before running it.
   */
  limits: Partial<Limits>;
  /** As root, the user it runs as (default `nobody`). */
  user?: string;
  /** Its contained runs so far, each one's directory and verdict. */
  runs: ContainedRun[];
}

/** The verdicts of `program`'s runs from the `from`-th on that broke a limit, in order. */
export function brokenLimits(program: UserProgram, from = 0): Verdict[] {
  return program.runs
    .slice(from)
    .map((run) => run.verdict())
    .filter((verdict): verdict is Verdict => verdict !== null && verdict.limit !== null);
}

/** Why a user's file cannot run: missing, of another kind, or not compiling (the compiler's words). */
export class UserProgramError extends Error {
  constructor(
    message: string,
    /** 'usage': a missing file or a wrong extension; 'compile': the compiler refused it. */
    readonly kind: 'usage' | 'compile',
  ) {
    super(message);
  }
}

/** Whether a command-line word names a user's file: an existing `.ts`, `.js` or `.c`. */
export function isUserFile(word: string): boolean {
  if (!/\.(ts|js|c)$/.test(word)) return false;
  try {
    return fs.statSync(word).isFile();
  } catch {
    return false;
  }
}

/** How long a compiler may take (tsc loads its whole library; the machine may be busy). */
const COMPILE_TIMEOUT_MS = 120_000;

/** Compiles (or, for a `.js`, checks) the user's `file`; throws UserProgramError. */
export function prepareUserProgram(file: string): UserProgram {
  const absolute = path.resolve(file);
  const language = /\.(ts|js|c)$/.exec(absolute)?.[1] as UserLanguage | undefined;
  if (language === undefined)
    throw new UserProgramError(`${file}: not a .ts, .js or .c file`, 'usage');
  if (!fs.existsSync(absolute) || !fs.statSync(absolute).isFile())
    throw new UserProgramError(`${file}: no such file`, 'usage');
  const runs: ContainedRun[] = [];
  const disposeRuns = (): void => {
    for (const run of runs.splice(0)) run.cleanup();
  };
  if (language === 'js')
    return {
      file: absolute,
      language,
      executable: [process.execPath, absolute],
      dispose: disposeRuns,
      limits: { ...RUN_LIMITS },
      runs,
    };
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'bsd-sockets-check-'));
  const dispose = (): void => {
    disposeRuns();
    fs.rmSync(directory, { recursive: true, force: true });
  };
  try {
    const executable =
      language === 'c' ? compileC(absolute, directory) : compileTs(absolute, directory);
    // Run as nobody when the checker is root: what it runs must be readable by all.
    readableByAll(directory);
    return { file: absolute, language, executable, dispose, limits: { ...RUN_LIMITS }, runs };
  } catch (error) {
    dispose();
    throw error;
  }
}

/**
 * The limits a user's program starts with: the sandbox's defaults but the wall time, which is
 * the caller's to bound (the checker and the trace tool stop a run long before; `run` is
 * interactive): 5 minutes here, so that no run of a user's program is unbounded.
 */
const RUN_LIMITS: Partial<Limits> = { wallSeconds: 300 };

/** chmod a+rX, through the tree (symbolic links are left as they are). */
function readableByAll(top: string): void {
  const stat = fs.lstatSync(top);
  if (stat.isSymbolicLink()) return;
  fs.chmodSync(top, stat.mode | (stat.isDirectory() || stat.mode & 0o100 ? 0o555 : 0o444));
  if (stat.isDirectory())
    for (const name of fs.readdirSync(top)) readableByAll(path.join(top, name));
}

/**
 * The command line that runs the user's program with `args`. Every process that runs a user's
 * program — `bsd-sockets-course run <file>`, the checker, `bsd-sockets-trace --ts/--c FILE`,
 * `bsd-sockets-lab --server/--client FILE` — is spawned from what this returns, directly or
 * as the command strace runs (`strace … -- <this>`), and from nothing else.
 *
 * It is contained (tools/sandbox, docs/containment.md): the argv is contain's, which runs the
 * program in PID and mount namespaces of its own (read-only but its own directory), as nobody
 * when the caller is root, with `program.limits`; each call is one run, kept in
 * `program.runs` for its verdict (brokenLimits) and removed by dispose().
 *  - spawning the argv runs the program with `args`; contain exits as it did (its code, or
 *    its signal raised again) and passes SIGTERM/SIGINT/SIGHUP/SIGQUIT on to it;
 *  - stdin is the program's; its stdout and stderr are pipes that contain copies to its own
 *    (counted against the output limit), so the spawner's stdio still receives them;
 *  - under strace (`strace -f … -- <this>`), contain's own calls make no socket call, and the
 *    trace tool takes the program's pid below contain's (tools/trace/run.ts: commandPid);
 *  - it shares the caller's network namespace, so it reaches the reference peer the caller
 *    started beside it on loopback (the checker gives the whole scenario a namespace of its
 *    own: tools/sandbox/netns.ts);
 *  - nothing is started here: the caller spawns, and kills what it spawned.
 */
export function userProgramCommand(program: UserProgram, args: readonly string[]): string[] {
  const run = contain([...program.executable, ...args], {
    limits: program.limits,
    ...(program.user === undefined ? {} : { user: program.user }),
  });
  program.runs.push(run);
  return run.argv;
}

/** The course's CFLAGS (course/Makefile), so that a user's C builds as the references do. */
export function courseCflags(): string[] {
  const makefile = fs.readFileSync(path.join(packageRoot(), 'course', 'Makefile'), 'utf8');
  const line = /^CFLAGS\s*=\s*(.*)$/m.exec(makefile);
  return line === null ? [] : line[1].trim().split(/\s+/);
}

function compileC(file: string, directory: string): string[] {
  const output = path.join(directory, path.basename(file, '.c'));
  const gcc = spawnSync('gcc', [...courseCflags(), '-o', output, file], {
    encoding: 'utf8',
    timeout: COMPILE_TIMEOUT_MS,
  });
  if (gcc.error !== undefined) {
    const missing = (gcc.error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new UserProgramError(
      missing
        ? 'compiling a .c needs gcc (Debian/Ubuntu: `sudo apt-get install gcc`)'
        : `gcc: ${gcc.error.message}`,
      'compile',
    );
  }
  if (gcc.status !== 0)
    throw new UserProgramError(
      `${file} does not compile (gcc ${courseCflags().join(' ')}):\n${gcc.stderr}`,
      'compile',
    );
  return [output];
}

/** The directory of package `name` as `from` resolves it, else as this package does; or undefined. */
function packageDirectory(name: string, from: string): string | undefined {
  for (const paths of [[from], [packageRoot()]]) {
    try {
      return path.dirname(require.resolve(`${name}/package.json`, { paths }));
    } catch {
      // Not there: the next place.
    }
  }
  return undefined;
}

/** The `"type"` of the package.json nearest `dir` ('commonjs' when there is none). */
function packageType(dir: string): string {
  for (let at = dir; ; at = path.dirname(at)) {
    const file = path.join(at, 'package.json');
    if (fs.existsSync(file)) {
      try {
        const type = (JSON.parse(fs.readFileSync(file, 'utf8')) as { type?: unknown }).type;
        return type === 'module' ? 'module' : 'commonjs';
      } catch {
        return 'commonjs';
      }
    }
    if (path.dirname(at) === at) return 'commonjs';
  }
}

/** The most `.ts` files copied from the user's folder beside theirs (it may import them). */
const MAX_SIBLINGS = 100;

function compileTs(file: string, directory: string): string[] {
  const userDir = path.dirname(file);
  // <tmp>/src/prog/ holds the user's folder's .ts files, <tmp>/src/lib/ those of a `../lib`
  // beside it (the course's own helpers: course/lib/libc.ts, imported as '../lib/libc').
  const sourceRoot = path.join(directory, 'src');
  const source = path.join(sourceRoot, 'prog');
  const out = path.join(directory, 'out');
  fs.mkdirSync(source, { recursive: true });
  const tsFiles = (dir: string) =>
    fs
      .readdirSync(dir)
      .filter((name) => /\.[cm]?ts$/.test(name) && !name.endsWith('.d.ts'))
      .slice(0, MAX_SIBLINGS);
  for (const name of new Set([...tsFiles(userDir), path.basename(file)]))
    fs.copyFileSync(path.join(userDir, name), path.join(source, name));
  const userLib = path.join(path.dirname(userDir), 'lib');
  const lib = path.join(sourceRoot, 'lib');
  const importsLib = (name: string) =>
    /from '\.\.\/lib\//.test(fs.readFileSync(path.join(source, name), 'utf8'));
  if (fs.readdirSync(source).some(importsLib) && fs.existsSync(userLib)) {
    fs.mkdirSync(lib);
    for (const name of tsFiles(userLib))
      fs.copyFileSync(path.join(userLib, name), path.join(lib, name));
  }
  const modules = path.join(directory, 'node_modules');
  fs.mkdirSync(path.join(modules, '@types'), { recursive: true });
  const library = packageDirectory('bsd-sockets', userDir) ?? packageRoot();
  fs.symlinkSync(library, path.join(modules, 'bsd-sockets'));
  const nodeTypes = packageDirectory('@types/node', userDir);
  if (nodeTypes !== undefined) fs.symlinkSync(nodeTypes, path.join(modules, '@types', 'node'));
  fs.writeFileSync(
    path.join(directory, 'package.json'),
    JSON.stringify({ private: true, type: packageType(userDir) }),
  );
  const typescript = packageDirectory('typescript', userDir);
  if (typescript === undefined)
    throw new UserProgramError(
      'compiling a .ts needs typescript (`npm install --save-dev typescript`), or give the compiled .js',
      'compile',
    );
  const tsc = path.join(typescript, 'bin', 'tsc');
  const main = path.join(source, path.basename(file));
  const result = spawnSync(
    process.execPath,
    [
      tsc,
      '--strict',
      '--module',
      'nodenext',
      '--moduleResolution',
      'nodenext',
      '--target',
      'ES2022',
      '--skipLibCheck',
      '--noEmitOnError',
      '--pretty',
      'false',
      ...(nodeTypes === undefined ? ['--types', ''] : ['--types', 'node']),
      '--rootDir',
      sourceRoot,
      '--outDir',
      out,
      main,
    ],
    { cwd: directory, encoding: 'utf8', timeout: COMPILE_TIMEOUT_MS },
  );
  if (result.status !== 0) {
    // The compiler names the copy: say the user's own path instead.
    const text = `${result.stdout}${result.stderr}`
      .split(`${source}${path.sep}`)
      .join(`${userDir}${path.sep}`)
      .split(`${lib}${path.sep}`)
      .join(`${userLib}${path.sep}`)
      .replace(/^src\/prog\//gm, `${userDir}${path.sep}`)
      .replace(/^src\/lib\//gm, `${userLib}${path.sep}`);
    throw new UserProgramError(
      `${file} does not compile (tsc, strict, nodenext):\n${text}`,
      'compile',
    );
  }
  const compiled = path.join(out, 'prog', path.basename(file).replace(/\.([cm]?)ts$/, '.$1js'));
  return [process.execPath, compiled];
}
