// bsd-sockets/libc's stdio against C's: the same calls in a C program and in a script,
// the same bytes on stdout and stderr, and the same write(2) calls for stdout's buffering.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  atoi,
  char_array,
  memcpy,
  memset,
  strcmp,
  strlen,
  strncmp,
  tolower,
  toupper,
} from '../../src/libc';
import { makeTempDir, repoRoot, run, runScript } from '../helpers/child';

let temp: ReturnType<typeof makeTempDir>;
beforeAll(() => (temp = makeTempDir()));
afterAll(() => temp.remove());

const gccMissing = spawnSync('gcc', ['--version']).error ? 'gcc is not installed' : null;
const libc = path.join(repoRoot, 'dist', 'src', 'libc', 'index.js');
const c = path.join(repoRoot, 'dist', 'src', 'c', 'index.js');

describe('stdio, against a C program making the same calls', () => {
  it('printf, puts, fputs, putchar, perror after a failed close, exit flushing stdout', async (ctx) => {
    if (gccMissing) ctx.skip(gccMissing);
    const source = `
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
int main(void) {
  printf("%s=%d|%-6s|%5.1f\\n", "x", 42, "ab", 2.25);
  puts("ligne");
  fputs("sans fin de ligne", stdout);
  putchar('!');
  fprintf(stderr, "err %d\\n", 7);
  close(-1);
  perror("close");
  perror(NULL);
  errno = 0;
  perror("zero");
  printf("reste dans le tampon");
  exit(3);
}
`;
    const file = path.join(temp.dir, 'stdio.c');
    fs.writeFileSync(file, source);
    const binary = path.join(temp.dir, 'stdio');
    expect((await run('gcc', ['-o', binary, file])).stderr).toBe('');
    const expected = spawnSync(binary, { timeout: 10_000 });

    const ours = await runScript(`
      const { printf, puts, fputs, putchar, fprintf, perror, exit, stdout, stderr } = require(${JSON.stringify(libc)});
      const c = require(${JSON.stringify(c)});
      printf('%s=%d|%-6s|%5.1f\\n', 'x', 42, 'ab', 2.25);
      puts('ligne');
      fputs('sans fin de ligne', stdout);
      putchar(0x21);
      fprintf(stderr, 'err %d\\n', 7);
      c.close(-1);
      perror('close');
      perror(null);
      c.set_errno(0);
      perror('zero');
      printf('reste dans le tampon');
      exit(3);
    `);
    expect(ours.stderr).toBe(expected.stderr.toString());
    expect(ours.stdout).toBe(expected.stdout.toString());
    expect(ours.status).toBe(expected.status);
  });

  it('a stdout that is a pipe is written when full or at exit, not line by line', async () => {
    const ours = await runScript(`
      const { printf, exit } = require(${JSON.stringify(libc)});
      printf('a\\n');
      process.stderr.write('before-exit\\n');
      exit(0);
    `);
    expect(ours.stdout).toBe('a\n');
    expect(ours.stderr).toBe('before-exit\n');
  });
});

describe('string and ctype functions', () => {
  it('strlen counts bytes to the NUL; a JS string its UTF-8 bytes', () => {
    expect(strlen(char_array('reçu'))).toBe(5);
    expect(strlen(new Uint8Array([1, 2, 0, 4]))).toBe(2);
    expect(strlen('reçu')).toBe(5);
  });

  it('strcmp and strncmp compare unsigned bytes up to the NUL', () => {
    expect(strcmp('-n', '-n')).toBe(0);
    expect(strcmp('a', 'b')).toBeLessThan(0);
    expect(strcmp(char_array('abc'), 'abd')).toBeLessThan(0);
    expect(strcmp('é', 'e')).toBeGreaterThan(0);
    expect(strcmp('ab', 'a')).toBeGreaterThan(0);
    expect(strncmp('abcx', 'abcy', 3)).toBe(0);
  });

  it('memset and memcpy write at most n bytes, and refuse an n beyond the array', () => {
    const a = new Uint8Array(4);
    expect(memset(a, 0x141, 3)).toBe(a);
    expect([...a]).toEqual([0x41, 0x41, 0x41, 0]);
    const b = new Uint8Array(4);
    memcpy(b, Uint8Array.of(1, 2, 3), 2);
    expect([...b]).toEqual([1, 2, 0, 0]);
    expect(() => memset(a, 0, 5)).toThrow(RangeError);
    expect(() => memcpy(b, a, 5)).toThrow(RangeError);
  });

  it('atoi is strtol: white space, sign, digits up to the first other character, int', () => {
    expect(atoi(' \t-42abc')).toBe(-42);
    expect(atoi('abc')).toBe(0);
    expect(atoi('4294967297')).toBe(1);
    expect(atoi(char_array('3000'))).toBe(3000);
  });

  it('toupper and tolower in the "C" locale', () => {
    expect(toupper(0x61)).toBe(0x41);
    expect(toupper(0xe9)).toBe(0xe9);
    expect(tolower(0x5a)).toBe(0x7a);
  });
});
