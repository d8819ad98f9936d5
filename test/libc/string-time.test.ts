// bsd-sockets/libc's <string.h>, <stdlib.h> and <time.h> additions against glibc's: a C
// program and a script make the same calls and print the results with the same printf;
// the outputs are compared byte for byte (strcmp's and memcmp's values by their sign, the
// only thing C defines: glibc's value depends on the CPU's string functions).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  ctime,
  getenv,
  strcat,
  strchr,
  strcpy,
  strncpy,
  time,
  type time_t_box,
} from '../../src/libc';
import { makeTempDir, repoRoot } from '../helpers/child';

let temp: ReturnType<typeof makeTempDir>;
beforeAll(() => (temp = makeTempDir()));
afterAll(() => temp.remove());

const gccMissing = spawnSync('gcc', ['--version']).error ? 'gcc is not installed' : null;

const C = `#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
static int sign(int x) { return (x > 0) - (x < 0); }
int main(void) {
  char b[32];
  char *p;
  char *end;
  long v;
  time_t t;
  strcpy(b, "hello");
  printf("strcpy %s %zu\\n", b, strlen(b));
  strcat(b, ", world");
  printf("strcat %s\\n", b);
  strncat(b, "!!!", 2);
  printf("strncat %s\\n", b);
  memset(b, 'x', sizeof(b));
  strncpy(b, "abc", 6);
  printf("strncpy %d %d %d %d %d %d %d\\n", b[0], b[2], b[3], b[4], b[5], b[6], b[7]);
  strncpy(b, "ABCDEF", 3);
  printf("strncpy %c%c%c %d\\n", b[0], b[1], b[2], b[3]);
  strcpy(b, "a=b=c\\n");
  p = strchr(b, '=');
  printf("strchr %s|%ld\\n", p, p - b);
  p = strrchr(b, '=');
  printf("strrchr %ld\\n", p - b);
  p = strchr(b, '\\n');
  *p = 0;
  printf("cut [%s]\\n", b);
  printf("strchr nul %ld\\n", strchr(b, 0) - b);
  printf("strchr none %d\\n", strchr(b, 'z') == NULL);
  printf("strstr %s\\n", strstr("GET /index HTTP", "/in"));
  printf("strstr none %d\\n", strstr("abc", "abd") == NULL);
  printf("strcmp %d %d %d\\n", sign(strcmp("abc", "abd")), sign(strcmp("b", "a")), sign(strcmp("x", "x")));
  printf("strncmp %d %d\\n", sign(strncmp("abcx", "abcy", 3)), sign(strncmp("abcx", "abcy", 4)));
  printf("memcmp %d %d %d\\n", sign(memcmp("abc", "abd", 3)), sign(memcmp("abc", "abd", 2)), sign(memcmp("\\xff", "a", 1)));
  errno = 0;
  v = strtol("  -0x1fz", &end, 16);
  printf("strtol %ld [%s] %d\\n", v, end, errno);
  v = strtol("0755", &end, 0);
  printf("strtol %ld [%s]\\n", v, end);
  v = strtol("abc", &end, 10);
  printf("strtol %ld [%s]\\n", v, end);
  errno = 0;
  v = strtol("99999999999999999999", &end, 10);
  printf("strtol max %d [%s] %d\\n", v == LONG_MAX, end, errno);
  v = strtol("+z", &end, 36);
  printf("strtol %ld [%s]\\n", v, end);
  printf("atoi %d %d\\n", atoi("  42abc"), atoi("-7"));
  printf("getenv [%s] %d\\n", getenv("LIBC_TEST_VALUE"), getenv("LIBC_TEST_UNSET") == NULL);
  t = 1700000000;
  printf("ctime %s", ctime(&t));
  t = 0;
  printf("ctime %s", ctime(&t));
  t = 951825600;
  printf("ctime %s", ctime(&t));
  t = 1719792000;
  printf("ctime %.24s|\\n", ctime(&t));
  printf("ferror %d fileno %d %d %d feof %d\\n", ferror(stdout), fileno(stdin), fileno(stdout), fileno(stderr), feof(stdin));
  return 0;
}
`;

const JS = `const {
  atoi, ctime, feof, ferror, fileno, getenv, memcmp, memset, printf, set_errno, stderr,
  stdin, stdout, strcat, strchr, strcmp, strcpy, strlen, strncat, strncmp, strncpy, strrchr,
  strstr, strtol, exit,
} = { ...LIBC, ...C };
const sign = (x) => (x > 0) - (x < 0);
// errno as C reads it: the CommonJS module's getter, and in ESM the live binding \`errno\`
// of bsd-sockets/c's namespace, which the facade re-reads after a bsd-sockets/libc call too
// (strtol's ERANGE: scripts/write-esm-entry.cjs, refreshingFacade).
const c = C;
const b = new Uint8Array(32);
let p;
const end = { value: null };
let v;
let t;
strcpy(b, 'hello');
printf('strcpy %s %zu\\n', b, strlen(b));
strcat(b, ', world');
printf('strcat %s\\n', b);
strncat(b, '!!!', 2);
printf('strncat %s\\n', b);
memset(b, 0x78, b.length);
strncpy(b, 'abc', 6);
printf('strncpy %d %d %d %d %d %d %d\\n', b[0], b[2], b[3], b[4], b[5], b[6], b[7]);
strncpy(b, 'ABCDEF', 3);
printf('strncpy %c%c%c %d\\n', b[0], b[1], b[2], b[3]);
strcpy(b, 'a=b=c\\n');
p = strchr(b, '=');
printf('strchr %s|%ld\\n', p, p.byteOffset - b.byteOffset);
p = strrchr(b, '=');
printf('strrchr %ld\\n', p.byteOffset - b.byteOffset);
p = strchr(b, '\\n');
p[0] = 0;
printf('cut [%s]\\n', b);
printf('strchr nul %ld\\n', strchr(b, 0).byteOffset - b.byteOffset);
printf('strchr none %d\\n', strchr(b, 'z') === null ? 1 : 0);
printf('strstr %s\\n', strstr('GET /index HTTP', '/in'));
printf('strstr none %d\\n', strstr('abc', 'abd') === null ? 1 : 0);
printf('strcmp %d %d %d\\n', sign(strcmp('abc', 'abd')), sign(strcmp('b', 'a')), sign(strcmp('x', 'x')));
printf('strncmp %d %d\\n', sign(strncmp('abcx', 'abcy', 3)), sign(strncmp('abcx', 'abcy', 4)));
const bytes = (s) => Buffer.from(s, 'latin1');
printf('memcmp %d %d %d\\n', sign(memcmp(bytes('abc'), bytes('abd'), 3)), sign(memcmp(bytes('abc'), bytes('abd'), 2)), sign(memcmp(bytes('\\xff'), bytes('a'), 1)));
set_errno(0);
v = strtol('  -0x1fz', end, 16);
printf('strtol %ld [%s] %d\\n', v, end.value, c.errno);
v = strtol('0755', end, 0);
printf('strtol %ld [%s]\\n', v, end.value);
v = strtol('abc', end, 10);
printf('strtol %ld [%s]\\n', v, end.value);
set_errno(0);
v = strtol('99999999999999999999', end, 10);
// LONG_MAX as the nearest number: 2^63.
printf('strtol max %d [%s] %d\\n', v === 2 ** 63 ? 1 : 0, end.value, c.errno);
v = strtol('+z', end, 36);
printf('strtol %ld [%s]\\n', v, end.value);
printf('atoi %d %d\\n', atoi('  42abc'), atoi('-7'));
printf('getenv [%s] %d\\n', getenv('LIBC_TEST_VALUE'), getenv('LIBC_TEST_UNSET') === null ? 1 : 0);
t = { value: 1700000000 };
printf('ctime %s', ctime(t));
t = { value: 0 };
printf('ctime %s', ctime(t));
t = { value: 951825600 };
printf('ctime %s', ctime(t));
t = { value: 1719792000 };
printf('ctime %.24s|\\n', ctime(t));
printf('ferror %d fileno %d %d %d feof %d\\n', ferror(stdout), fileno(stdin), fileno(stdout), fileno(stderr), feof(stdin));
exit(0);
`;

describe.skipIf(gccMissing !== null)('string, stdlib and time functions against glibc', () => {
  // UTC (this machine's /etc/localtime), a zone east of it, one west with summer time.
  it.each(['', 'Europe/Paris', 'America/New_York'])(
    'the same output as C (TZ=%s)',
    (tz) => {
      const source = path.join(temp.dir, 'strings.c');
      fs.writeFileSync(source, C);
      const binary = path.join(temp.dir, 'strings');
      const built = spawnSync('gcc', ['-o', binary, source], { encoding: 'utf8' });
      expect(built.stderr).toBe('');
      // The same script through require and through import, run from inside the package so
      // that 'bsd-sockets/…' resolves to it.
      const forms = {
        cjs: `const LIBC = require('bsd-sockets/libc');\nconst C = require('bsd-sockets/c');\n${JS}`,
        mjs: `import * as LIBC from 'bsd-sockets/libc';\nimport * as C from 'bsd-sockets/c';\n${JS}`,
      };
      const scripts = Object.entries(forms).map(([form, text]) => {
        const file = path.join(repoRoot, 'dist', `libc-strings-${process.pid}.${form}`);
        fs.writeFileSync(file, text);
        return file;
      });
      try {
        const env: NodeJS.ProcessEnv = { ...process.env, LIBC_TEST_VALUE: 'reçu=1' };
        delete env.LIBC_TEST_UNSET;
        if (tz === '') delete env.TZ;
        else env.TZ = tz;
        const expected = spawnSync(binary, { env, timeout: 10_000 });
        for (const script of scripts) {
          const ours = spawnSync(process.execPath, [script], { env, timeout: 20_000 });
          expect(ours.stderr.toString(), script).toBe('');
          expect(ours.stdout.toString(), script).toBe(expected.stdout.toString());
        }
        expect(expected.stdout.toString()).toContain('ctime Tue Nov 14 ');
      } finally {
        for (const script of scripts) fs.rmSync(script, { force: true });
      }
    },
    30_000,
  );
});

describe('the C pointer idioms they keep', () => {
  it('strchr returns a view: `*p = 0` through it cuts the array, as in C', () => {
    const line = new Uint8Array(16);
    strcpy(line, 'GET /\r\n');
    const p = strchr(line, '\r')!;
    p[0] = 0;
    expect(Buffer.from(line.subarray(0, 6)).toString('latin1')).toBe('GET /\0');
    // The '\n' is after the NUL now: beyond the string, as C's strchr sees it.
    expect(strchr(line, 0x0a)).toBeNull();
  });

  it('a destination too small is a RangeError, never a write past the array', () => {
    const small = new Uint8Array(4);
    expect(() => strcpy(small, 'abcd')).toThrow(RangeError);
    strcpy(small, 'ab');
    expect(() => strcat(small, 'cd')).toThrow(RangeError);
    expect(() => strncpy(small, 'x', 5)).toThrow(RangeError);
    expect([...small]).toEqual([0x61, 0x62, 0, 0]);
  });

  it('time(null) and time(&t) agree; ctime takes the value or the box; getenv of unset is null', () => {
    const box: time_t_box = { value: 0 };
    const now = time(null);
    expect(time(box) - now).toBeLessThanOrEqual(1);
    expect(box.value).toBeGreaterThanOrEqual(now);
    expect(ctime(0)).toEqual(ctime({ value: 0 }));
    expect(getenv('BSD_SOCKETS_SURELY_UNSET_' + process.pid)).toBeNull();
  });
});
