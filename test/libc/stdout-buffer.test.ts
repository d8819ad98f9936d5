// bsd-sockets/libc's stdout and stderr against glibc's, under strace: a C program and a
// script make the same stdio calls, and their write(2) calls on fds 1 and 2 are the same,
// in number, size and bytes, for a fully buffered stdout (a pipe, a file), a line-buffered
// and an unbuffered one (setvbuf), and stderr. The first scenario is issue 20's bug: a
// program that reuses its buffer printed its last line N times through a pipe, because
// the stream kept a view of the array instead of copying it as C's stdio does.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { makeTempDir, repoRoot, run } from '../helpers/child';
import { straceUnavailable } from '../helpers/strace';
import { scaled } from '../course/timeouts';

let temp: ReturnType<typeof makeTempDir>;
beforeAll(() => {
  temp = makeTempDir();
  // A user's project: bsd-sockets in its node_modules, imported by name.
  fs.mkdirSync(path.join(temp.dir, 'node_modules'));
  fs.symlinkSync(repoRoot, path.join(temp.dir, 'node_modules', 'bsd-sockets'));
});
afterAll(() => (process.env.KEEP_TEMP ? console.log(temp.dir) : temp.remove()));

const gccMissing = spawnSync('gcc', ['--version']).error ? 'gcc is not installed' : null;
const straceMissing = straceUnavailable();
const scriptMissing = spawnSync('script', ['--version']).error
  ? 'script(1) is not installed'
  : null;

/** The same bytes in C and in JS: 10,000 letters, a '\n' every 100th. */
const BIG_C = `static char big[10001];
static void fill(void) { for (int i = 0; i < 10000; i++) big[i] = i % 100 == 99 ? '\\n' : 'a' + i % 26; }`;
const BIG_JS = `const big = new Uint8Array(10001);
for (let i = 0; i < 10000; i++) big[i] = i % 100 === 99 ? 0x0a : 0x61 + (i % 26);`;

interface Scenario {
  name: string;
  /** main's body in C (stdio.h, stdlib.h, string.h included; `big` and `fill()` defined). */
  c: string;
  /** The same calls in JS; the libc's names are in scope. */
  js: string;
}

const scenarios: Scenario[] = [
  {
    name: 'a reused buffer: fputs and printf("%s") print what it held at each call',
    c: `char b[16];
  const char *w[] = {"one\\n", "two\\n", "six\\n"};
  for (int i = 0; i < 3; i++) { strcpy(b, w[i]); fputs(b, stdout); }
  for (int i = 0; i < 3; i++) { strcpy(b, w[i]); printf("%s", b); }
  for (int i = 0; i < 3; i++) { strcpy(b, w[i]); fwrite(b, 1, 4, stdout); }
  exit(0);`,
    js: `const b = new Uint8Array(16);
  const w = ['one\\n', 'two\\n', 'six\\n'];
  for (let i = 0; i < 3; i++) { b.set(Buffer.from(w[i] + '\\0')); fputs(b, stdout); }
  for (let i = 0; i < 3; i++) { b.set(Buffer.from(w[i] + '\\0')); printf('%s', b); }
  for (let i = 0; i < 3; i++) { b.set(Buffer.from(w[i] + '\\0')); fwrite(b, 1, 4, stdout); }
  exit(0);`,
  },
  {
    name: 'fully buffered: the buffer written when full, whole blocks directly, the rest at exit',
    c: `fill();
  for (int i = 0; i < 300; i++) printf("line %d: %s\\n", i, "abcdefghij");
  fputs(big, stdout);
  fwrite(big, 1, 5000, stdout);
  puts("end");
  printf("%-20s|%20s|%c\\n", "left", "right", 'c');
  fflush(stdout);
  printf("after fflush");
  return 3;`,
    js: `${BIG_JS}
  for (let i = 0; i < 300; i++) printf('line %d: %s\\n', i, 'abcdefghij');
  fputs(big, stdout);
  fwrite(big, 1, 5000, stdout);
  puts('end');
  printf('%-20s|%20s|%c\\n', 'left', 'right', 0x63);
  fflush(stdout);
  printf('after fflush');
  exit(3);`,
  },
  {
    name: 'line buffered (setvbuf _IOLBF): a write per line, as glibc cuts printf into pieces',
    c: `fill();
  setvbuf(stdout, NULL, _IOLBF, 0);
  printf("a\\nb\\n");
  printf("%s\\n%s\\n", "x", "y");
  fputs("no newline", stdout);
  putchar('\\n');
  puts("p");
  printf("abc\\ndef");
  fputs(big, stdout);
  printf("%d\\n", 42);
  fputc('z', stdout);
  fwrite(big, 1, 250, stdout);
  exit(0);`,
    js: `${BIG_JS}
  setvbuf(stdout, null, _IOLBF, 0);
  printf('a\\nb\\n');
  printf('%s\\n%s\\n', 'x', 'y');
  fputs('no newline', stdout);
  putchar(0x0a);
  puts('p');
  printf('abc\\ndef');
  fputs(big, stdout);
  printf('%d\\n', 42);
  fputc(0x7a, stdout);
  fwrite(big, 1, 250, stdout);
  exit(0);`,
  },
  {
    name: 'unbuffered (setvbuf _IONBF after output): a write per call, per byte for putchar',
    c: `fill();
  printf("pending ");
  setvbuf(stdout, NULL, _IONBF, 0);
  printf("%s=%d\\n", "k", 1);
  putchar('a');
  putchar('\\n');
  fputs("xyz\\n", stdout);
  puts("q");
  printf("%s", big);
  fwrite(big, 1, 100, stdout);
  exit(0);`,
    js: `${BIG_JS}
  printf('pending ');
  setvbuf(stdout, null, _IONBF, 0);
  printf('%s=%d\\n', 'k', 1);
  putchar(0x61);
  putchar(0x0a);
  fputs('xyz\\n', stdout);
  puts('q');
  printf('%s', big);
  fwrite(big, 1, 100, stdout);
  exit(0);`,
  },
  {
    name: 'stderr is unbuffered beside a buffered stdout; the exit flushes stdout',
    c: `printf("out 1\\n");
  fprintf(stderr, "e %d %s\\n", 1, "two");
  fputs("e2\\n", stderr);
  fputc('!', stderr);
  printf("out 2\\n");
  exit(1);`,
    js: `printf('out 1\\n');
  fprintf(stderr, 'e %d %s\\n', 1, 'two');
  fputs('e2\\n', stderr);
  fputc(0x21, stderr);
  printf('out 2\\n');
  exit(1);`,
  },
];

const LIBC_NAMES =
  '_IOLBF, _IONBF, exit, fflush, fprintf, fputc, fputs, fwrite, printf, putchar, puts, setvbuf, stderr, stdout';

function cSource(scenario: Scenario): string {
  return `#include <stdio.h>
#include <stdlib.h>
#include <string.h>
${BIG_C}
int main(void) {
  ${scenario.c}
}
`;
}

function jsSource(scenario: Scenario, form: 'cjs' | 'mjs'): string {
  const head =
    form === 'cjs'
      ? `const { ${LIBC_NAMES} } = require('bsd-sockets/libc');`
      : `import { ${LIBC_NAMES} } from 'bsd-sockets/libc';`;
  return `${head}\n${scenario.js}\n`;
}

/** The write(2) calls on stdout and stderr, without strace's pid and padding. */
function stdioWrites(trace: string): string[] {
  return trace
    .split('\n')
    .map((line) => line.replace(/^\d+\s+/, '').replace(/\)\s+= /, ') = '))
    .filter((line) => /^write\([12], /.test(line));
}

interface Traced {
  writes: string[];
  stdout: Buffer;
  stderr: string;
  status: number | null;
}

/**
 * `command` under strace, its stdout into a pipe read by cat (`| cat > file`) or straight
 * into a file; stderr into a file.
 */
async function traced(
  name: string,
  command: string[],
  stdout: 'pipe' | 'file' | 'terminal',
): Promise<Traced> {
  const [trace, out, err] = ['trace', 'out', 'err'].map((kind) =>
    path.join(temp.dir, `${name}.${kind}`),
  );
  const strace = `strace -f -qq -e trace=write -e signal=none -s 300 -o "$T" -- "$@"`;
  // With a pipe, the exit status is the traced program's (bash's PIPESTATUS), not cat's. A
  // terminal is a pseudo-terminal script(1) makes (stdout and stderr both on it; -e: the
  // program's status).
  const quoted = `strace -f -qq -e trace=write -e signal=none -s 300 -o '${trace}' -- ${command.map((a) => `'${a}'`).join(' ')}`;
  const script =
    stdout === 'pipe'
      ? `${strace} 2>"$E" | cat >"$O"; exit "\${PIPESTATUS[0]}"`
      : stdout === 'file'
        ? `${strace} >"$O" 2>"$E"`
        : `: >"$E"; script -q -e -c "$Q" /dev/null </dev/null >"$O"`;
  const finished = await run(
    'env',
    [`T=${trace}`, `O=${out}`, `E=${err}`, `Q=${quoted}`, 'bash', '-c', script, 'bash', ...command],
    { cwd: temp.dir, timeoutMs: scaled(20_000) },
  );
  return {
    writes: stdioWrites(fs.readFileSync(trace, 'utf8')),
    stdout: fs.readFileSync(out),
    stderr: fs.readFileSync(err, 'utf8'),
    status: finished.status,
  };
}

describe.skipIf(gccMissing !== null || straceMissing !== null)(
  `stdout's write(2) calls against glibc's${(gccMissing ?? straceMissing) ? ` (skipped: ${gccMissing ?? straceMissing})` : ''}`,
  () => {
    // On a terminal stdout is line-buffered, in a buffer of the terminal's st_blksize (1024).
    const outputs: Array<'pipe' | 'file' | 'terminal'> =
      scriptMissing === null ? ['pipe', 'file', 'terminal'] : ['pipe', 'file'];
    const cases = scenarios.flatMap((scenario, index) =>
      outputs.map((output) => [`${scenario.name} (stdout: a ${output})`, index, output] as const),
    );
    it.each(cases)(
      '%s',
      async (_name, index, output) => {
        const scenario = scenarios[index];
        const base = `s${index}-${output}`;
        const cFile = path.join(temp.dir, `${base}.c`);
        fs.writeFileSync(cFile, cSource(scenario));
        const binary = path.join(temp.dir, base);
        expect((await run('gcc', ['-o', binary, cFile])).stderr).toBe('');
        const c = await traced(`${base}-c`, [binary], output);
        for (const form of ['cjs', 'mjs'] as const) {
          const script = path.join(temp.dir, `${base}.${form}`);
          fs.writeFileSync(script, jsSource(scenario, form));
          const js = await traced(`${base}-${form}`, [process.execPath, script], output);
          expect(js.stderr, form).toBe(c.stderr);
          expect(js.writes, form).toEqual(c.writes);
          expect(js.stdout.equals(c.stdout), form).toBe(true);
          expect(js.status, form).toBe(c.status);
        }
        // Not vacuous: the program wrote, and the C side wrote what the scenario says.
        expect(c.writes.length).toBeGreaterThan(0);
      },
      scaled(60_000),
    );

    it.each(['mjs', 'cjs'])(
      "the issue's snippet through `node r.%s | cat` prints one, two, six",
      async (form) => {
        const head =
          form === 'mjs'
            ? "import { fputs, stdout, exit } from 'bsd-sockets/libc';"
            : "const { fputs, stdout, exit } = require('bsd-sockets/libc');";
        const script = path.join(temp.dir, `r.${form}`);
        fs.writeFileSync(
          script,
          `${head}
const b = new Uint8Array(16);
for (const w of ['one\\n', 'two\\n', 'six\\n']) { b.set(Buffer.from(w + '\\0')); fputs(b, stdout); }
exit(0);
`,
        );
        const js = await traced(`snippet-${form}`, [process.execPath, script], 'pipe');
        expect(js.stdout.toString()).toBe('one\ntwo\nsix\n');
        expect(js.writes).toEqual(['write(1, "one\\ntwo\\nsix\\n", 12) = 12']);
      },
    );
  },
);
