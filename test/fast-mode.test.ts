// The objects every call reads a property of stay in V8's fast mode (src/fast.ts): the
// addon's exports (`native.sendto`) and the CommonJS entries (`c.sendto` in a port compiled
// to CommonJS). A dictionary-mode object costs each call a hash lookup (about 80
// instructions, bench/instructions.ts); an object with more than 1,020 own properties
// cannot be in fast mode, which is why the header constants are on the entries' prototypes.
import { describe, expect, it } from 'vitest';

import { run } from './helpers/child';

describe('fast-mode entries', () => {
  it('the root entry, bsd-sockets/c, bsd-sockets/promises and the addon have fast properties', async () => {
    const child = await run(process.execPath, [
      '--allow-natives-syntax',
      '-e',
      `
      const fast = new Function('o', 'return %HasFastProperties(o)');
      const root = require('bsd-sockets');
      const c = require('bsd-sockets/c');
      const promises = require('bsd-sockets/promises');
      const { native } = require('./dist/src/binding.js');
      const own = (o) => Object.keys(o).length;
      console.log(JSON.stringify({
        root: fast(root), c: fast(c), promises: fast(promises), native: fast(native),
        rootOwn: own(root) < 1020, cOwn: own(c) < 1020,
        constants: [root.AF_INET, c.AF_INET6, root.SOCK_DGRAM, c.EPIPE, 'MSG_PEEK' in c],
        constantsOwn: [Object.hasOwn(root, 'AF_INET'), Object.hasOwn(c, 'AF_INET')],
      }));
      `,
    ]);
    expect(child.stderr).toBe('');
    expect(JSON.parse(child.stdout)).toEqual({
      root: true,
      c: true,
      promises: true,
      native: true,
      rootOwn: true,
      cOwn: true,
      constants: [2, 10, 2, 32, true],
      constantsOwn: [false, false],
    });
  });
});
