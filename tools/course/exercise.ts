/**
 * `bsd-sockets-course exercise <program> <dir> [--from FILE]...`: writes the exercise of a
 * course program into `<dir>`, in the lab sheet's manner: `<name>.ts` and `<name>.c` as
 * skeletons (the blanks marked in the course's solutions emptied: see ./blanks.ts), the
 * files they include unchanged (multiclient/service.h and .ts, ...), a package.json whose
 * `npm run build` compiles both (tsc with the tsconfig.json written beside them, gcc with
 * the course's flags from course/Makefile) and whose `npm run check` runs
 * `bsd-sockets-course check`, and a README saying so.
 *
 * `--from FILE` (a `.c` or a `.ts`, once per language) takes a teacher's copy of the
 * solution, with more or fewer blanks marked, in place of the course's own.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { packageRoot, programs } from '../../course/programs';
import { MarkerError, skeleton } from './blanks';
import type { Blank, SourceLanguage } from './blanks';

export const EXERCISE_USAGE_LINE =
  'bsd-sockets-course exercise <program> <dir> [--from FILE.c|FILE.ts]...';
const USAGE = `usage: ${EXERCISE_USAGE_LINE}`;

/** A file written into the exercise's folder: its name there and its text. */
export interface ExerciseFile {
  name: string;
  text: string;
}

/** What an exercise is made of: its files, and the blanks of each skeleton. */
export interface Exercise {
  files: ExerciseFile[];
  blanks: Record<SourceLanguage, Blank[]>;
}

/** The compiler and flags of course/Makefile (`CC = gcc`, `CFLAGS = -Wall ...`). */
export function courseCompiler(): { cc: string; cflags: string } {
  const makefile = fs.readFileSync(path.join(packageRoot(), 'course', 'Makefile'), 'utf8');
  const variable = (name: string): string => {
    const match = new RegExp(`^${name}\\s*=\\s*(.*)$`, 'm').exec(makefile);
    if (!match) throw new Error(`course/Makefile has no ${name}`);
    return match[1].trim();
  };
  return { cc: variable('CC'), cflags: variable('CFLAGS') };
}

/**
 * The course files `source` (the text of course/<program>.<language>) needs beside it:
 * the TS modules it imports by a relative path, the headers it includes with quotes,
 * recursively. Each lands in the exercise's folder under its base name; the TS imports are
 * rewritten to `./<base name>` (the only change made to the solution but its blanks).
 */
function companions(
  source: string,
  language: SourceLanguage,
  dir: string,
  found: Map<string, string>,
): string {
  const pattern =
    language === 'ts' ? /(from\s+')(\.\.?\/[^']+)(')/g : /^(#include\s+")([^"]+)(")/gm;
  return source.replace(pattern, (whole, before: string, spec: string, after: string) => {
    const file = path.resolve(dir, language === 'ts' ? `${spec}.ts` : spec);
    const base = path.basename(file);
    if (!found.has(base)) {
      found.set(base, '');
      found.set(
        base,
        companions(fs.readFileSync(file, 'utf8'), language, path.dirname(file), found),
      );
    }
    return language === 'ts' ? `${before}./${path.basename(spec)}${after}` : whole;
  });
}

/** package.json, tsconfig.json and README.md of the exercise of `program` (`base`: its file name). */
function projectFiles(program: string, base: string): ExerciseFile[] {
  const { usage, example } = programs.find((p) => p.name === program)!;
  const own = JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as {
    version: string;
    devDependencies: Record<string, string>;
  };
  const { cc, cflags } = courseCompiler();
  const pkg = {
    name: `exercise-${base.replace(/_/g, '-')}`,
    version: '1.0.0',
    private: true,
    description: `The exercise of the course program ${program}: ${base}.ts and ${base}.c to complete`,
    scripts: {
      build: `tsc -p tsconfig.json && ${cc} ${cflags} -o ${base} ${base}.c`,
      check: `bsd-sockets-course check ${program} ${base}.ts`,
      'check:c': `bsd-sockets-course check ${program} ${base}.c`,
    },
    dependencies: { 'bsd-sockets': `^${own.version}` },
    devDependencies: {
      '@types/node': own.devDependencies['@types/node'],
      typescript: own.devDependencies.typescript,
    },
  };
  return [
    { name: 'package.json', text: JSON.stringify(pkg, null, 2) + '\n' },
    { name: 'tsconfig.json', text: JSON.stringify(exerciseTsconfig(), null, 2) + '\n' },
    { name: '.gitignore', text: `node_modules/\ndist/\n/${base}\n` },
    {
      name: 'README.md',
      text: [
        `# Exercise: ${program}`,
        '',
        `\`${base}.ts\` and \`${base}.c\` are the course program ${program} with blanks, as the`,
        'lab sheet gives them: each `/* ..... */` stands for code to write (the socket calls, the',
        'address fills, the byte-order conversions); what follows it only makes the file compile.',
        `The \`#pragma GCC diagnostic warning\` lines at the top of \`${base}.c\` keep the variables`,
        'the blanks leave unused from failing the build (`-Werror`); remove them once it is done.',
        '',
        '```sh',
        'npm install',
        `npm run build        # tsc -> dist/${base}.js, and ${cc} ${cflags} -> ./${base}`,
        `npm run check        # bsd-sockets-course check ${program} ${base}.ts`,
        `npm run check:c      # bsd-sockets-course check ${program} ${base}.c`,
        '```',
        '',
        `Run them as the course's own (\`npx bsd-sockets-course ${program} ${example}\`, the C`,
        `with \`--c\`): \`node dist/${base}.js ${example}\`, \`./${base} ${example}\` (usage: ${usage}).`,
        '',
        "`check` runs your program in the course's scenarios beside the C reference, and prints",
        '`ok` or the first difference (output, exit status, system calls) for each; its exit',
        'status is 0 once everything matches.',
        '',
      ].join('\n'),
    },
  ];
}

/** The exercise's tsconfig.json: strict, nodenext, the sources beside it, output in dist/. */
export function exerciseTsconfig(): object {
  return {
    compilerOptions: {
      target: 'ES2022',
      module: 'nodenext',
      moduleResolution: 'nodenext',
      lib: ['ES2022'],
      types: ['node'],
      strict: true,
      rootDir: '.',
      outDir: 'dist',
      skipLibCheck: true,
      forceConsistentCasingInFileNames: true,
    },
    include: ['*.ts'],
  };
}

/**
 * The exercise of `program` (a course program, `tp_udp/clientu`): its files, and their blanks.
 * `from` replaces the course's solution in a language by a teacher's copy of it.
 * Throws MarkerError for a marker whose blank cannot be found.
 */
export function makeExercise(
  program: string,
  from: Partial<Record<SourceLanguage, string>> = {},
): Exercise {
  const base = path.basename(program);
  const courseDir = path.join(packageRoot(), 'course', path.dirname(program));
  const files: ExerciseFile[] = [];
  const blanks = {} as Record<SourceLanguage, Blank[]>;
  const found = new Map<string, string>();
  for (const language of ['ts', 'c'] as const) {
    const file = from[language] ?? path.join(courseDir, `${base}.${language}`);
    let made: ReturnType<typeof skeleton>;
    try {
      made = skeleton(fs.readFileSync(file, 'utf8'), language);
    } catch (e) {
      if (e instanceof MarkerError) throw new MarkerError(`${file}:${e.message.slice(5)}`);
      throw e;
    }
    blanks[language] = made.blanks;
    files.push({
      name: `${base}.${language}`,
      text: companions(made.text, language, courseDir, found),
    });
  }
  for (const [name, text] of found) files.push({ name, text });
  files.push(...projectFiles(program, base));
  return { files, blanks };
}

function usage(message: string): number {
  process.stderr.write(`bsd-sockets-course exercise: ${message}\n${USAGE}\n`);
  return 2;
}

/** `bsd-sockets-course exercise ...`, `argv` the words after `exercise`: the exit status. */
export async function exerciseMain(argv: string[]): Promise<number> {
  const words: string[] = [];
  const from: Partial<Record<SourceLanguage, string>> = {};
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i];
    if (word === '-h' || word === '--help') {
      process.stdout.write(
        `${USAGE}\n\nWrites the exercise of a course program into <dir> (which must be empty or ` +
          'absent): <name>.ts and <name>.c with blanks, package.json, tsconfig.json, README.md.\n' +
          '--from FILE: generate from FILE (a copy of the solution with its own /* ..... */ ' +
          'markers) instead of the course file of its language.\n',
      );
      return 0;
    }
    if (word === '--from' || word.startsWith('--from=')) {
      const file = word === '--from' ? argv[++i] : word.slice('--from='.length);
      if (!file) return usage('--from needs a file');
      const language = file.endsWith('.c') ? 'c' : file.endsWith('.ts') ? 'ts' : undefined;
      if (!language) return usage(`--from ${file}: not a .c or a .ts file`);
      if (from[language]) return usage(`--from given twice for a .${language} file`);
      if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
        return usage(`--from ${file}: no such file`);
      }
      from[language] = file;
    } else if (word.startsWith('-')) {
      return usage(`unknown option ${word}`);
    } else {
      words.push(word);
    }
  }
  if (words.length !== 2)
    return usage(words.length < 2 ? 'missing argument' : 'too many arguments');
  const [program, dir] = words;
  if (!programs.some((p) => p.name === program)) {
    return usage(
      `no course program "${program}" (one of: ${programs.map((p) => p.name).join(', ')})`,
    );
  }
  if (fs.existsSync(dir)) {
    if (!fs.statSync(dir).isDirectory()) return usage(`${dir} exists and is not a directory`);
    if (fs.readdirSync(dir).length > 0) return usage(`${dir} exists and is not empty`);
  }
  let exercise: Exercise;
  try {
    exercise = makeExercise(program, from);
  } catch (e) {
    if (!(e instanceof MarkerError)) throw e;
    process.stderr.write(`bsd-sockets-course exercise: ${e.message}\n`);
    return 2;
  }
  fs.mkdirSync(dir, { recursive: true });
  for (const file of exercise.files) fs.writeFileSync(path.join(dir, file.name), file.text);
  const base = path.basename(program);
  process.stdout.write(
    `${dir}: ${base}.ts (${exercise.blanks.ts.length} blanks), ${base}.c ` +
      `(${exercise.blanks.c.length} blanks), ${exercise.files
        .slice(2)
        .map((f) => f.name)
        .join(', ')}\n` +
      `next: cd ${dir} && npm install && npm run build && npm run check\n`,
  );
  return 0;
}
