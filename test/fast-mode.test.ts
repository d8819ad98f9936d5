// The objects every call reads a property of stay in V8's fast mode (src/fast.ts): the
// addon's exports (`native.sendto`) and the CommonJS entries (`c.sendto` in a port compiled
// to CommonJS). A dictionary-mode object costs each call a hash lookup (about 80
// instructions, bench/instructions.ts); an object with more than 1,020 own properties
// cannot be in fast mode, which is why the header constants are on the entries' prototypes.
import { describe, expect, it } from 'vitest';

import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

import { repoRoot, run } from './helpers/child';

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

  it("dist's modules write each export once (scripts/const-exports.cjs ran after tsc)", () => {
    // tsc's `exports.x = void 0;` first write keeps V8 from folding `scratch_1.ARGS`.
    const declared: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (
          entry.name.endsWith('.js') &&
          /^exports\..* = void 0;$/m.test(fs.readFileSync(file, 'utf8'))
        )
          declared.push(path.relative(repoRoot, file));
      }
    };
    walk(path.join(repoRoot, 'dist', 'src'));
    expect(declared).toEqual([]);
    // And a module still exports what it declares, in its final value.
    const load = createRequire(path.join(repoRoot, 'package.json'));
    const scratch = load(path.join(repoRoot, 'dist', 'src', 'scratch.js')) as { ARGS: number };
    expect(typeof scratch.ARGS).toBe('number');
  });
});
