// malloc_trim(3) from bsd-sockets/libc: the freed memory that glibc keeps in its arenas goes
// back to the system. serveur_threads.ts relies on it once its pool of Workers has shrunk.
import { describe, expect, it } from 'vitest';

import { malloc_trim } from '../../src/libc';
import { run } from '../helpers/child';

// Under ASan (scripts/test-asan.sh preloads libasan) malloc is ASan's allocator, not glibc's:
// glibc's malloc_trim finds its arenas empty and returns 0, whatever the program freed.
const sanitized = (process.env.LD_PRELOAD ?? '').includes('libasan');

describe('malloc_trim', () => {
  it.skipIf(sanitized)(
    `gives back the free chunks in the middle of an arena, which free() cannot${sanitized ? ' (skipped: ASan replaces glibc malloc)' : ''}`,
    async () => {
      // 2,000 Buffers of 100 KiB (below glibc's mmap threshold: in the heap), every other one
      // freed by the GC: 100 MB of holes that no top-of-heap trim reaches.
      const r = await run(
        process.execPath,
        [
          '--expose-gc',
          '-e',
          `
        const { malloc_trim } = require('bsd-sockets/libc');
        const keep = [], drop = [];
        for (let i = 0; i < 2000; i++) (i % 2 ? drop : keep).push(Buffer.alloc(100 * 1024, 1));
        drop.length = 0; gc(); gc();
        const held = process.memoryUsage.rss();
        const ret = malloc_trim(0);
        const given = held - process.memoryUsage.rss();
        console.log(JSON.stringify({ ret, given, kept: keep.length }));
      `,
        ],
        { timeoutMs: 30_000 },
      );
      expect(r.stderr).toBe('');
      const { ret, given, kept } = JSON.parse(r.stdout) as Record<string, number>;
      expect(kept).toBe(1000);
      expect(ret).toBe(1);
      // 1,000 × 100 KiB = 102.4 MB freed; measured: 98 MB given back (the rest: chunk headers
      // and pages shared with a kept Buffer).
      expect(given).toBeGreaterThan(80e6);
    },
  );

  it('checks pad as a size_t', () => {
    expect(() => malloc_trim(-1)).toThrow(
      new RangeError('malloc_trim: pad must be an integer in [0, 9007199254740991], got -1'),
    );
    expect(() => malloc_trim('0' as unknown as number)).toThrow(
      new TypeError('malloc_trim: pad must be an integer, got a string'),
    );
  });
});
