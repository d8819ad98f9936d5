/**
 * How long the course and multiclient tests wait, scaled to the build and to the machine.
 *
 * Every bound of these tests is a bound on waiting (for a server to bind its port, a
 * program to end, a line to be printed), not an assertion on a duration: on a slower build
 * or a busier machine they wait longer, and check the same things.
 *
 *  - The ASan + UBSan build (scripts/test-asan.sh: BSD_SOCKETS_BUILD=build-asan, the ASan
 *    runtime preloaded into every process): each node and C program of a test starts and
 *    runs under the sanitizer runtime, about 3 times slower.
 *  - A busy machine: the one-minute load average per core, read when a bound is computed
 *    (1 on a quiet machine; another full test run beside this one gives 5 to 25 on 2
 *    cores).
 * The product of the two is capped at 10: every wait stays bounded.
 */
import * as os from 'node:os';

const ASAN =
  process.env.BSD_SOCKETS_BUILD === 'build-asan' ||
  (process.env.LD_PRELOAD ?? '').includes('libasan');

/** The build's factor: 3 under the sanitizers, 1 otherwise. */
export const BUILD_FACTOR = ASAN ? 3 : 1;

/** The machine's factor now: its load per core, between 1 and 10. */
export function machineFactor(): number {
  const perCore = os.loadavg()[0] / os.availableParallelism();
  return Math.min(10, Math.max(1, perCore));
}

/** `ms`, as long as it is on a quiet machine with the plain build, scaled to this one. */
export function scaled(ms: number): number {
  return Math.round(ms * Math.min(10, BUILD_FACTOR * machineFactor()));
}
