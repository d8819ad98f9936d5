// scripts/line-ratio.cjs (npm run lines): which C and TS lines it counts as the same line.
// The documented twins of docs/porting.md and the formatter's line breaks are the same line;
// what a port still writes otherwise (a socklen_t set through its box, a byte view for a
// union member, pointer arithmetic) must still differ, or the figure would hide it.
import * as fs from 'node:fs';
import * as path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { makeTempDir, repoRoot } from '../helpers/child';

interface LineRatio {
  normalizeC(line: string): string;
  normalizeTs(line: string): string;
  differing(ts: string, c: string): { code: number; differ: number; lines: string[] };
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const lr = require(path.join(repoRoot, 'scripts', 'line-ratio.cjs')) as LineRatio;

const same = (c: string, ts: string) => lr.normalizeC(c) === lr.normalizeTs(ts);

describe('npm run lines: the same line', () => {
  it.each([
    [
      'struct sockaddr_in servaddr, cliaddr;',
      'const servaddr = new sockaddr_in(), cliaddr = new sockaddr_in();',
    ],
    ['fd_set rset;', 'const rset = new fd_set();'],
    ['struct pollfd fds[1 + N];', 'const fds = Array.from({ length: 1 + N }, () => new pollfd());'],
    ['char buf[MAXLINE];', 'const buf = char_array(MAXLINE);'],
    ['socklen_t len = sizeof(cliaddr);', 'const len: socklen_t = { value: sizeof(cliaddr) };'],
    ['memset(&servaddr, 0, sizeof(servaddr));', 'memset(servaddr, 0, sizeof(servaddr));'],
    ['memset(&hints, 0, sizeof(struct addrinfo));', 'memset(hints, 0, sizeof.addrinfo);'],
    ['rset = allset;', 'struct_assign(rset, allset);'],
    ["buf[n] = '\\0';", 'buf[n] = 0;'],
    ["if (c == '\\n') break;", 'if (c === 0x0a) break;'],
    ['char *id = 0;', 'let id: string | null = null;'],
    [
      'p = inet_ntoa(*(struct in_addr *)h->h_addr_list[i]);',
      'p = inet_ntoa(as_in_addr(h.h_addr_list[i]!));',
    ],
    ['if (send(s, m, n + 1, 0) != (ssize_t)(n + 1)) {', 'if (send(s, m, n + 1, 0) !== n + 1) {'],
    ['bind(s, (struct sockaddr *)&addr, sizeof addr);', 'bind(s, addr, sizeof(addr));'],
    ['struct option {', 'interface option {'],
    ['static const struct option options[] = {', 'const options: readonly option[] = ['],
    [
      '{"SO_DEBUG", SOL_SOCKET, SO_DEBUG, INT},',
      "{ name: 'SO_DEBUG', level: SOL_SOCKET, optname: SO_DEBUG, kind: INT },",
    ],
    ['static inline int servir(int sock) {', 'export function servir(sock: number): number {'],
  ])('%s ≡ %s', (c, ts) => {
    expect(lr.normalizeC(c)).toBe(lr.normalizeTs(ts));
  });
});

describe('npm run lines: still a different line', () => {
  it.each([
    ['len = sizeof(cliaddr);', 'len.value = sizeof(cliaddr);'],
    ['sendto(fd, b, n, 0, a, len);', 'sendto(fd, b, n, 0, a, len.value);'],
    ['printf("%d\\n", val.i_val);', "printf('%d\\n', as_int(val));"],
    ['w = write(fd, buf + done, n - done);', 'w = write(fd, buf.subarray(done), n - done);'],
    ['struct sockaddr_in servaddr;', 'const servaddr = {} as sockaddr_in;'],
    ['bind(fd, (struct sockaddr *)&a, sizeof(a));', 'bind(fd, a, sizeof.sockaddr_in);'],
    ['port = atoi(argv[1]);', 'port = (atoi(argv[1]) << 16) >> 16;'],
  ])('%s ≢ %s', (c, ts) => {
    expect(same(c, ts)).toBe(false);
  });
});

describe('npm run lines: a pair', () => {
  const temp = makeTempDir();
  afterAll(() => temp.remove());

  it('joins a statement the formatter split, and counts only the TS lines that differ', () => {
    const c = path.join(temp.dir, 'p.c');
    const ts = path.join(temp.dir, 'p.ts');
    fs.writeFileSync(
      c,
      [
        '#include <stdio.h>',
        'int main(void) {',
        '  int n, stdineof = 0;',
        '  socklen_t len;',
        '  ret =',
        '      recvfrom(s, buf, sizeof(buf) - 1, 0, (struct sockaddr *)&from, &len);',
        '  len = sizeof(from);',
        '  return 0;',
        '}',
        '',
      ].join('\n'),
    );
    fs.writeFileSync(
      ts,
      [
        "import { recvfrom } from 'bsd-sockets/c';",
        'export function main(): number {',
        '  let n: number,',
        '    stdineof = 0;',
        '  const len: socklen_t = { value: 0 };',
        '  ret = recvfrom(',
        '    s,',
        '    buf,',
        '    sizeof(buf) - 1,',
        '    0,',
        '    from,',
        '    len,',
        '  );',
        '  len.value = sizeof(from);',
        '  return 0;',
        '}',
        '',
      ].join('\n'),
    );
    expect(lr.differing(ts, c)).toEqual({
      code: 7,
      differ: 1,
      lines: ['len.value = sizeof(from);'],
    });
  });
});
