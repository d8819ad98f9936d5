// Fuzzing: every function of the addon, thousands of times, with generated bad and edge
// arguments (fuzz-child.cjs), in a child process whose death by a signal would be the
// crash this test exists to catch. Seeded and reproducible: the seed is printed, and
// FUZZ_SEED=<seed> replays the same calls (FUZZ_TRACE=1 prints each one before it is made).
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

import { native } from '../../src/binding';
import { repoRoot, run } from '../helpers/child';

const child = path.join(__dirname, 'fuzz-child.cjs');
const seed = process.env.FUZZ_SEED ?? String(Math.floor(Math.random() * 2 ** 32));
// Calls per function, and the time budget: whichever ends first.
const rounds = process.env.FUZZ_ROUNDS ?? '2000';
const budgetMs = process.env.FUZZ_MS ?? '20000';

interface Summary {
  seed: number;
  rounds: number;
  calls: number;
  ms: number;
  tallies: Record<string, { calls: number; outcomes: Record<string, number> }>;
}

function lastLines(text: string, n: number): string {
  return text.trimEnd().split('\n').slice(-n).join('\n');
}

describe('fuzzing every export', () => {
  it(
    `never crashes, throws only TypeError/RangeError/errno errors, leaks no fd (seed ${seed})`,
    async () => {
      console.log(`fuzz: FUZZ_SEED=${seed}`);
      const args = [child, `--seed=${seed}`, `--rounds=${rounds}`, `--ms=${budgetMs}`];
      // The child stops at its time budget once every function had 1000 calls; the hard
      // limit is this timeout.
      const result = await run(process.execPath, args, { timeoutMs: Number(budgetMs) + 90_000 });
      const replay = `replay: FUZZ_SEED=${seed} FUZZ_TRACE=1 node ${path.relative(repoRoot, child)}`;
      // A signal (SIGSEGV, SIGABRT from a sanitizer…) is the crash; a non-zero status is a
      // throw of the wrong kind, a leaked fd or a promise left pending (the child says which).
      expect(result.signal, `${replay}\n${lastLines(result.stderr, 40)}`).toBeNull();
      expect(result.status, `${replay}\n${lastLines(result.stderr, 40)}`).toBe(0);

      const summary = JSON.parse(lastLines(result.stdout, 1)) as Summary;
      expect(summary.seed).toBe(Number(seed));
      const functions = Object.keys(native).filter(
        (name) => typeof (native as unknown as Record<string, unknown>)[name] === 'function',
      );
      // Every call of bsd-sockets/promises (the native `cancel` is reached through their
      // AbortSignals, not called by name; `errors` is given its function once, at load).
      const promises = (native as unknown as { promises?: Record<string, unknown> }).promises ?? {};
      const promiseFunctions = Object.keys(promises)
        .filter(
          (name) => typeof promises[name] === 'function' && name !== 'cancel' && name !== 'errors',
        )
        .map((name) => `promises.${name}`);
      for (const name of [...functions, ...promiseFunctions]) {
        const tally = summary.tallies[name];
        expect(tally, name).toBeDefined();
        expect(tally.calls, name).toBeGreaterThanOrEqual(1000);
      }
      // The fuzzer reached both sides: argument checks and the C library.
      const outcomes = Object.values(summary.tallies).flatMap((t) => Object.keys(t.outcomes));
      for (const kind of ['TypeError', 'RangeError', 'EBADF', 'EINVAL', 'returned']) {
        expect(outcomes, kind).toContain(kind);
      }
    },
    Number(budgetMs) + 100_000,
  );
});
