// The constants are generated from the preprocessor (scripts/generate-constants.cjs), not
// kept by hand: regenerating gives the checked-in files byte for byte; each header's
// constants, sampled, have the value a C program that includes only that header prints; the
// two the textbook survey missed are there; and `defined()` / `macro()` are #ifdef's twins.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import * as c from '../src/c';
import * as root from '../src/index';
import { makeTempDir, repoRoot, run } from './helpers/child';

let temp: ReturnType<typeof makeTempDir>;
beforeAll(() => (temp = makeTempDir()));
afterAll(() => temp.remove());

const gccMissing = spawnSync('gcc', ['--version']).error ? 'gcc is not installed' : null;

/** Each header and the constants src/constants.ts gives it (from the doc comments). */
function constantsByHeader(): Map<string, string[]> {
  const text = fs.readFileSync(path.join(repoRoot, 'src', 'constants.ts'), 'utf8');
  const by = new Map<string, string[]>();
  for (const m of text.matchAll(/^\/\*\* (\w+) = -?\d+, <([^>]+)> \*\/$/gm)) {
    by.set(m[2], [...(by.get(m[2]) ?? []), m[1]]);
  }
  return by;
}

describe('the generated constants', () => {
  it('regenerating them gives the checked-in native/header_constants.h and src/constants.ts', async (ctx) => {
    if (gccMissing) ctx.skip(gccMissing);
    const r = await run(
      process.execPath,
      [path.join(repoRoot, 'scripts', 'generate-constants.cjs'), '--check'],
      { timeoutMs: 120_000 },
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('each header has them, and a sample of each has the value C prints with that header alone', async (ctx) => {
    if (gccMissing) ctx.skip(gccMissing);
    const by = constantsByHeader();
    // Every header of issue 20's list that defines integer macros of its own.
    for (const header of [
      'sys/socket.h',
      'netinet/in.h',
      'netinet/tcp.h',
      'netinet/udp.h',
      'netinet/ip.h',
      'netdb.h',
      'linux/if_packet.h',
      'linux/netlink.h',
      'net/if.h',
      'fcntl.h',
      'poll.h',
      'errno.h',
      'sys/ioctl.h',
    ]) {
      expect(by.get(header)?.length ?? 0, header).toBeGreaterThan(5);
    }
    const constants = c as unknown as Record<string, number>;
    for (const [header, names] of by) {
      // Every 7th name, and the first and last: a sample that covers each header's range.
      const sample = names.filter((_, i) => i % 7 === 0 || i === names.length - 1);
      const program = [
        '#define _GNU_SOURCE',
        `#include <${header}>`,
        '#include <stdio.h>',
        '#define SHOW(n) if ((n) < 0) printf("%s %lld\\n", #n, (long long)(n)); else printf("%s %llu\\n", #n, (unsigned long long)(n));',
        'int main(void) {',
        ...sample.map((n) => `  SHOW(${n})`),
        '  return 0;',
        '}',
      ].join('\n');
      const base = path.join(temp.dir, header.replace(/\W/g, '_'));
      fs.writeFileSync(`${base}.c`, program);
      const compiled = await run('gcc', ['-w', '-o', base, `${base}.c`], { timeoutMs: 60_000 });
      expect(compiled.stderr, header).toBe('');
      const printed = await run(base, []);
      const fromC = Object.fromEntries(
        printed.stdout
          .trim()
          .split('\n')
          .map((line) => [line.split(' ')[0], Number(line.split(' ')[1])]),
      );
      const fromPackage = Object.fromEntries(sample.map((n) => [n, constants[n]]));
      expect({ header, values: fromPackage }).toEqual({ header, values: fromC });
    }
  });

  it('IPV6_DONTFRAG and IPPROTO_SCTP, which the textbook survey missed, are there', () => {
    expect(c.IPV6_DONTFRAG).toBe(62);
    expect(c.IPPROTO_SCTP).toBe(132);
    expect(root.IPV6_DONTFRAG).toBe(62);
    // Others the old hand-kept list lacked, from each kind of header.
    expect([c.FIONREAD, c.SIOCGIFADDR, c.IP_PKTINFO, c.TCP_INFO, c.O_NONBLOCK]).toEqual([
      0x541b, 0x8915, 8, 11, 0o4000,
    ]);
  });

  it('the survey makes the getsockopt it missed: IPV6_DONTFRAG on an IPv6 socket reads 0', () => {
    const s = c.socket(c.AF_INET6, c.SOCK_DGRAM, 0);
    expect(s).toBeGreaterThanOrEqual(0);
    try {
      const options = ['IPV6_DONTFRAG', 'IPV6_V6ONLY', 'IPV6_NO_SUCH_OPTION'].filter((n) =>
        c.defined(n),
      );
      expect(options).toEqual(['IPV6_DONTFRAG', 'IPV6_V6ONLY']);
      const read = options.map((name) => {
        const optval = { value: -1 };
        const optlen = { value: c.sizeof.int };
        const ret = c.getsockopt(s, c.IPPROTO_IPV6, c.macro(name) as number, optval, optlen);
        return [name, ret, optval.value, optlen.value];
      });
      // Linux: IPV6_DONTFRAG is 0 by default; IPV6_V6ONLY starts as net.ipv6.bindv6only.
      const v6only = Number(fs.readFileSync('/proc/sys/net/ipv6/bindv6only', 'utf8'));
      expect(read).toEqual([
        ['IPV6_DONTFRAG', 0, 0, 4],
        ['IPV6_V6ONLY', 0, v6only, 4],
      ]);
    } finally {
      c.close(s);
    }
  });

  it('defined() is #ifdef and macro() the value or undefined, typed, with no cast', () => {
    expect(c.defined('IPV6_DONTFRAG')).toBe(true);
    expect(c.defined('SO_REUSEADDR')).toBe(true);
    // Not integer constant macros: a field name, an lvalue, and no macro at all.
    expect(c.defined('ifr_name')).toBe(false);
    expect(c.defined('errno')).toBe(false);
    expect(c.defined('IPV6_NO_SUCH_OPTION')).toBe(false);
    expect(c.defined('hasOwnProperty')).toBe(false);
    // A survey of options by name, as the textbook's table is: no cast needed.
    const survey: { name: string; value: number | undefined }[] = [
      'IPV6_DONTFRAG',
      'SO_RCVBUF',
      'IPV6_NO_SUCH_OPTION',
    ].map((name) => ({ name, value: c.macro(name) }));
    expect(survey).toEqual([
      { name: 'IPV6_DONTFRAG', value: 62 },
      { name: 'SO_RCVBUF', value: 8 },
      { name: 'IPV6_NO_SUCH_OPTION', value: undefined },
    ]);
    expect(root.macro('IPPROTO_SCTP')).toBe(132);
    expect(() => c.defined(1 as unknown as string)).toThrow(/defined: name must be a string/);
    expect(() => c.macro(null as unknown as string)).toThrow(/macro: name must be a string/);
  });
});
