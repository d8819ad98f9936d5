/**
 * Timing for the TypeScript and Node programs of bench/, the same as bench/common/bench.h
 * and measure.py: a warm-up, then batches of the operation until BENCH_SECONDS have passed,
 * then one JSON line on stdout that bench/run.ts reads: {"value": <figure>, "unit": "…"}.
 *
 * A batch function runs its `n` operations in its own loop, so that the JIT compiles the
 * loop with the operation inlined, as the C compiler does for the C reference.
 */

export interface Timing {
  ops: number;
  ns: number;
}

/** How long one measurement lasts: BENCH_SECONDS (set by the runner), 0.25 s by default. */
export function benchSeconds(): number {
  const seconds = Number(process.env.BENCH_SECONDS ?? '0.25');
  return seconds > 0 ? seconds : 0.25;
}

export function nowNs(): number {
  return Number(process.hrtime.bigint());
}

/** Batches of `n` operations until `seconds` have passed. */
export function runBatches(seconds: number, n: number, batch: (n: number) => void): Timing {
  const start = nowNs();
  const limit = seconds * 1e9;
  let ops = 0;
  let ns = 0;
  do {
    batch(n);
    ops += n;
    ns = nowNs() - start;
  } while (ns < limit);
  return { ops, ns };
}

/** A warm-up of a fifth of the time (the JIT compiles the loop), then the measured batches. */
export function measure(n: number, batch: (n: number) => void): Timing {
  runBatches(benchSeconds() / 5, n, batch);
  return runBatches(benchSeconds(), n, batch);
}

/** runBatches for an operation that completes asynchronously (dgram, net, dns, promises). */
export async function runBatchesAsync(
  seconds: number,
  n: number,
  batch: (n: number) => Promise<void>,
): Promise<Timing> {
  const start = nowNs();
  const limit = seconds * 1e9;
  let ops = 0;
  let ns = 0;
  do {
    await batch(n);
    ops += n;
    ns = nowNs() - start;
  } while (ns < limit);
  return { ops, ns };
}

/** measure for an asynchronous operation. */
export async function measureAsync(
  n: number,
  batch: (n: number) => Promise<void>,
): Promise<Timing> {
  await runBatchesAsync(benchSeconds() / 5, n, batch);
  return runBatchesAsync(benchSeconds(), n, batch);
}

export function nsPerOp(t: Timing): number {
  return t.ns / t.ops;
}

export function opsPerSecond(t: Timing): number {
  return (t.ops * 1e9) / t.ns;
}

export function report(value: number, unit: string): void {
  process.stdout.write(`${JSON.stringify({ value, unit })}\n`);
}
