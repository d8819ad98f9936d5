// printf's format semantics, byte for byte against the C library: every case of the table
// is formatted by a C program compiled here (snprintf, with its return value) and by
// bsd-sockets/libc's snprintf, and the two outputs must be the same bytes.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { char_array, snprintf } from '../../src/libc';
import type { printf_arg } from '../../src/libc';
import { makeTempDir, run } from '../helpers/child';

let temp: ReturnType<typeof makeTempDir>;
beforeAll(() => (temp = makeTempDir()));
afterAll(() => temp.remove());

const gccMissing = spawnSync('gcc', ['--version']).error ? 'gcc is not installed' : null;

/** [format, the C arguments as C source, the same arguments in TypeScript]. */
const cases: [string, string, printf_arg[]][] = [
  ['plain text, no conversion', '', []],
  ['100%% sure', '', []],
  ['%d|%i|%d', '42, -42, 0', [42, -42, 0]],
  ['[%5d][%-5d][%05d][%+d][% d][%+5d]', '42, 42, 42, 42, 42, -42', [42, 42, 42, 42, 42, -42]],
  ['[%.3d][%8.3d][%-8.3d][%08.3d][%.0d][%.0d]', '7, -7, 7, 7, 0, 1', [7, -7, 7, 7, 0, 1]],
  ['%d %d', '2147483647, (int)2147483648u', [2147483647, 2147483648]],
  ['%d', '(int)-2147483648', [-2147483648]],
  ['%u %u', '3000000000u, (unsigned)-1', [3000000000, -1]],
  ['%x %X %#x %#X %#o %o %#x', '255, 255, 255, 255, 8, 8, 0', [255, 255, 255, 255, 8, 8, 0]],
  ['[%#08x][%-#8x][%#.4x][%#5o][%#.0o]', '255, 255, 255, 8, 0', [255, 255, 255, 8, 0]],
  [
    '%hhd %hhu %hd %hu',
    '(signed char)200, (unsigned char)300, (short)40000, (unsigned short)70000',
    [200, 300, 40000, 70000],
  ],
  [
    '%ld %lu %lld %llx %zu %jd',
    '-1L, 18446744073709551615ul, 9007199254740993LL, 0x123456789abcdefLL, (size_t)7, (intmax_t)-5',
    [-1, -1n, 9007199254740993n, 0x123456789abcdefn, 7, -5],
  ],
  ['[%c][%3c][%-3c]', "'a', 'b', 'c'", [0x61, 0x62, 0x63]],
  [
    '[%s][%10s][%-10s][%.2s][%10.3s]',
    '"abc", "abc", "abc", "abc", "abcdef"',
    ['abc', 'abc', 'abc', 'abc', 'abcdef'],
  ],
  [
    '[%s][%-7s][%.3s]',
    '"re\\xc3\\xa7u", "re\\xc3\\xa7u", "re\\xc3\\xa7u"',
    ['reçu', 'reçu', 'reçu'],
  ],
  ['[%s]', '(char *)NULL', [null]],
  ['[%.3s][%10s]', '(char *)NULL, (char *)NULL', [null, null]],
  [
    '[%*d][%-*d][%*d][%.*d][%.*d]',
    '6, 42, 6, 42, -6, 42, 4, 42, -1, 42',
    [6, 42, 6, 42, -6, 42, 4, 42, -1, 42],
  ],
  ['[%*.*s]', '8, 2, "hello"', [8, 2, 'hello']],
  ['%f %f %f %f', '3.14159, -2.5, 0.0, 1e10', [3.14159, -2.5, 0, 1e10]],
  [
    '%.0f %.0f %.0f %.0f %.1f %.2f',
    '0.5, 1.5, 2.5, -0.5, 0.25, 1.005',
    [0.5, 1.5, 2.5, -0.5, 0.25, 1.005],
  ],
  [
    '[%10.3f][%-10.3f][%010.3f][%+.2f][% .2f][%#.0f]',
    '3.14159, 3.14159, -3.14159, 2.0, 2.0, 3.0',
    [3.14159, 3.14159, -3.14159, 2, 2, 3],
  ],
  ['%f', '1e300', [1e300]],
  ['%.20f', '0.1', [0.1]],
  [
    '%e %E %.2e %.0e %#.0e',
    '12345.678, 0.000123, 9.999, 5.5, 5.0',
    [12345.678, 0.000123, 9.999, 5.5, 5],
  ],
  ['%e %e %e', '0.0, 1e-310, 1.7976931348623157e308', [0, 1e-310, 1.7976931348623157e308]],
  [
    '%g %g %g %g %g %g',
    '100000.0, 1000000.0, 0.0001, 0.00001, 123.456, 0.0',
    [100000, 1000000, 0.0001, 0.00001, 123.456, 0],
  ],
  [
    '%.3g %.10g %G %#g %.0g %g',
    '3.14159, 1.0/3, 1e-20, 1.5, 123.0, 2.5e15',
    [3.14159, 1 / 3, 1e-20, 1.5, 123, 2.5e15],
  ],
  [
    '[%f][%F][%5.1f][%-6e][%+g][%05f]',
    '1.0/0, -1.0/0, __builtin_nan(""), 1.0/0, 1.0/0, -1.0/0',
    [Infinity, -Infinity, NaN, Infinity, Infinity, -Infinity],
  ],
  ['%f %g', '-0.0, -0.0', [-0, -0]],
  ['%p %p', '(void *)0x1234, (void *)0', [0x1234, null]],
  ['%s=%d%%', '"rate", 50', ['rate', 50]],
];

function cLiteral(s: string): string {
  return JSON.stringify(s).replace(/%/g, '%');
}

describe('printf formats, against the C library', () => {
  it('snprintf gives the bytes and the count of C for every case', async (ctx) => {
    if (gccMissing) ctx.skip(gccMissing);
    const source = [
      '#include <stdint.h>',
      '#include <stdio.h>',
      '#include <stddef.h>',
      'static char buf[4096];',
      'static void out(int n) {',
      '  printf("%d:", n);',
      '  fwrite(buf, 1, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1, stdout);',
      '  putchar(10);',
      '}',
      '#pragma GCC diagnostic ignored "-Wformat"',
      '#pragma GCC diagnostic ignored "-Wformat-extra-args"',
      '#pragma GCC diagnostic ignored "-Wformat-zero-length"',
      'int main(void) {',
      ...cases.map(
        ([format, cArgs]) =>
          `  out(snprintf(buf, sizeof buf, ${cLiteral(format)}${cArgs ? ', ' + cArgs : ''}));`,
      ),
      '  return 0;',
      '}',
      '',
    ].join('\n');
    const file = path.join(temp.dir, 'formats.c');
    const binary = path.join(temp.dir, 'formats');
    fs.writeFileSync(file, source);
    const compiled = await run('gcc', ['-w', '-o', binary, file]);
    expect(compiled.stderr).toBe('');
    const c = spawnSync(binary, { timeout: 10_000 });
    expect(c.status).toBe(0);

    const parts: Buffer[] = [];
    const buf = new Uint8Array(4096);
    for (const [format, , args] of cases) {
      const n = snprintf(buf, buf.length, format, ...args);
      parts.push(Buffer.from(`${n}:`), Buffer.from(buf.subarray(0, Math.min(n, buf.length - 1))));
      parts.push(Buffer.from('\n'));
    }
    const ours = Buffer.concat(parts);
    // Line by line first, for a readable failure; then the bytes.
    expect(ours.toString('latin1').split('\n')).toEqual(c.stdout.toString('latin1').split('\n'));
    expect(ours.equals(c.stdout)).toBe(true);
  });
});

describe('snprintf', () => {
  it('truncates to size - 1 bytes, ends with a NUL and returns the whole length', () => {
    const buf = new Uint8Array(8).fill(0xff);
    expect(snprintf(buf, 5, '%s-%d', 'abcdef', 12)).toBe(9);
    expect([...buf]).toEqual([0x61, 0x62, 0x63, 0x64, 0, 0xff, 0xff, 0xff]);
    expect(snprintf(null, 0, '%d', 12345)).toBe(5);
  });

  it('reads %s of a char array up to its NUL, and takes a char array format', () => {
    const buf = new Uint8Array(16);
    const name = char_array('abc');
    const big = new Uint8Array(10);
    big.set(name);
    expect(snprintf(buf, 16, '[%s]', big)).toBe(5);
    expect(Buffer.from(buf.subarray(0, 5)).toString()).toBe('[abc]');
    expect(snprintf(buf, 16, char_array('<%d>'), 7)).toBe(3);
  });

  it('refuses what C leaves undefined: a missing argument, a wrong type, %n', () => {
    const buf = new Uint8Array(16);
    expect(() => snprintf(buf, 16, '%d')).toThrow(TypeError);
    expect(() => snprintf(buf, 16, '%s', 1)).toThrow(TypeError);
    expect(() => snprintf(buf, 16, '%d', 'x')).toThrow(TypeError);
    expect(() => snprintf(buf, 16, '%n', 0)).toThrow(TypeError);
    expect(() => snprintf(buf, 32, 'x')).toThrow(RangeError);
  });
});
