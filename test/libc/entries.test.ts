// The bsd-sockets/c and bsd-sockets/libc entries, as a user loads them by name: errno and
// h_errno live in CommonJS (getters) and in ES modules (bindings the facade keeps current),
// and both facades export what the CommonJS modules export.
import { describe, expect, it } from 'vitest';

import { run } from '../helpers/child';

async function node(args: string[], source: string) {
  return run(process.execPath, [...args, '-e', source], { timeoutMs: 15_000 });
}

describe('bsd-sockets/c and bsd-sockets/libc entries', () => {
  it('CommonJS: errno is a getter of the module, set_errno writes it', async () => {
    const r = await node(
      [],
      `
      const c = require('bsd-sockets/c');
      const before = c.errno;
      const ret = c.close(-1);
      const after = c.errno;
      c.set_errno(0);
      console.log(JSON.stringify([ret, after === c.EBADF, c.errno, typeof c.h_errno]));
    `,
    );
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual([-1, true, 0, 'number']);
  });

  it('ES module: the errno binding follows every call, h_errno after gethostbyname', async () => {
    const r = await node(
      ['--input-type=module'],
      `
      import { close, errno, h_errno, set_errno, socket, gethostbyname, EBADF, AF_INET, SOCK_DGRAM, HOST_NOT_FOUND } from 'bsd-sockets/c';
      const seen = [];
      close(-1); seen.push(errno === EBADF);
      set_errno(0); seen.push(errno);
      const s = socket(AF_INET, SOCK_DGRAM, 0); seen.push(errno); close(s);
      seen.push(gethostbyname('a..b') === null && h_errno === HOST_NOT_FOUND);
      console.log(JSON.stringify(seen));
    `,
    );
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual([true, 0, 0, true]);
  });

  it('the ES module facades export every name of the CommonJS modules', async () => {
    const r = await node(
      ['--input-type=module'],
      `
      import { createRequire } from 'node:module';
      const require = createRequire(process.cwd() + '/');
      const out = {};
      for (const entry of ['bsd-sockets/c', 'bsd-sockets/libc']) {
        const esm = Object.keys(await import(entry)).filter((n) => n !== 'default');
        const cjs = Object.keys(require(entry)).filter((n) => !n.startsWith('__'));
        out[entry] = cjs.filter((n) => !esm.includes(n));
      }
      console.log(JSON.stringify(out));
    `,
    );
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ 'bsd-sockets/c': [], 'bsd-sockets/libc': [] });
  });
});
