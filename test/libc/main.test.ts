// `export function main(argc: number, argv: string[]): number {`, the twin of C's
// `int main(int argc, char **argv) {`: a program whose script exports main is started as
// the C runtime starts one, once the script has loaded, in CommonJS and in ES modules; its
// exit status and its stdout at exit are C's (the status's low 8 bits, the buffer flushed).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { makeTempDir, repoRoot } from '../helpers/child';

let temp: ReturnType<typeof makeTempDir>;
beforeAll(() => {
  temp = makeTempDir();
  fs.mkdirSync(path.join(temp.dir, 'node_modules'));
  fs.symlinkSync(repoRoot, path.join(temp.dir, 'node_modules', 'bsd-sockets'));
});
afterAll(() => temp.remove());

const gccMissing = spawnSync('gcc', ['--version']).error ? 'gcc is not installed' : null;

function runNode(file: string, source: string, args: string[]) {
  const script = path.join(temp.dir, file);
  fs.writeFileSync(script, source);
  const r = spawnSync(process.execPath, [script, ...args], { timeout: 20_000 });
  return { status: r.status, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
}

function runC(name: string, body: string, args: string[]) {
  const source = path.join(temp.dir, `${name}.c`);
  fs.writeFileSync(source, `#include <stdio.h>\nint main(int argc, char **argv) {\n${body}\n}\n`);
  const binary = path.join(temp.dir, name);
  expect(spawnSync('gcc', ['-o', binary, source], { encoding: 'utf8' }).stderr).toBe('');
  const r = spawnSync(binary, args, { timeout: 10_000 });
  return { status: r.status, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
}

describe.skipIf(gccMissing !== null)('main, started as the C runtime starts it', () => {
  it('CommonJS: argc, argv, a status of 3, what stdout holds written at exit', () => {
    const c = runC('three', '  printf("%d %s", argc, argv[1]);\n  return 3;', ['x']);
    const ts = runNode(
      'three.cjs',
      `const { printf } = require('bsd-sockets/libc');
exports.main = function main(argc, argv) {
  printf('%d %s', argc, argv[1]);
  return 3;
};
`,
      ['x'],
    );
    expect(ts).toEqual(c);
    expect(c).toEqual({ status: 3, stdout: '2 x', stderr: '' });
  });

  it('ES module: a status of 258 is 2, as C', () => {
    const c = runC('big', '  printf("no newline");\n  return 258;', []);
    const ts = runNode(
      'big.mjs',
      `import { printf } from 'bsd-sockets/libc';
export function main(argc, argv) {
  printf('no newline');
  return 258;
}
`,
      [],
    );
    expect(ts).toEqual(c);
    expect(c).toEqual({ status: 2, stdout: 'no newline', stderr: '' });
  });

  it('a main that reaches its end returns 0, as C99 main', () => {
    const c = runC('end', '  printf("%d\\n", argc);', ['a', 'b']);
    const ts = runNode(
      'end.mjs',
      `import { printf } from 'bsd-sockets/libc';
export function main(argc) {
  printf('%d\\n', argc);
}
`,
      ['a', 'b'],
    );
    expect(ts).toEqual(c);
    expect(c).toEqual({ status: 0, stdout: '3\n', stderr: '' });
  });

  it('an async main (a program on bsd-sockets/promises) is awaited, then its status is the exit status', () => {
    const ts = runNode(
      'async.mjs',
      `import { printf } from 'bsd-sockets/libc';
export async function main() {
  await new Promise((resolve) => setTimeout(resolve, 50));
  printf('late\\n');
  return 5;
}
`,
      [],
    );
    expect(ts).toEqual({ status: 5, stdout: 'late\n', stderr: '' });
  });

  it("a Worker started from the program's own script does not run its main again", () => {
    // The worker's script is the program's, so it exports main too: started there as well,
    // it would start a worker, which would start one…
    const ts = runNode(
      'worker.cjs',
      `const { Worker, isMainThread, parentPort } = require('node:worker_threads');
const { printf } = require('bsd-sockets/libc');
exports.main = function main() {
  printf('main\\n');
  const w = new Worker(__filename);
  w.on('message', (m) => printf('%s\\n', m));
  return new Promise((resolve) => w.on('exit', () => resolve(6)));
};
if (!isMainThread) parentPort.postMessage('worker');
`,
      [],
    );
    expect(ts).toEqual({ status: 6, stdout: 'main\nworker\n', stderr: '' });
  });

  it('a script that calls libc_start_main itself runs main once; one with no main is left alone', () => {
    const once = runNode(
      'once.cjs',
      `const { libc_start_main, printf } = require('bsd-sockets/libc');
function main() {
  printf('main\\n');
  return 4;
}
exports.main = main;
libc_start_main(main);
`,
      [],
    );
    expect(once).toEqual({ status: 4, stdout: 'main\n', stderr: '' });
    const none = runNode(
      'none.mjs',
      `import { printf } from 'bsd-sockets/libc';
printf('top level\\n');
`,
      [],
    );
    // No main and no exit: what stdout holds is lost at the end, as a C program killed.
    expect(none).toEqual({ status: 0, stdout: '', stderr: '' });
  });
});
