// A Worker blocked in a system call ends when it is terminated, and process.exit() exits
// (native/interrupt.h): as in C, where exit() ends the process whatever its threads do.
// Before, terminate() never settled and process.exit() hung until SIGKILL.
//
// Each case runs in a child process (worker-exit-child.cjs) killed after 20 s: a Worker
// blocked in the call, ended by worker.terminate() (which must settle within a second,
// resolving with 1 as for any terminated Worker) or by process.exit(7) on the main thread.
import * as os from 'node:os';
import * as path from 'node:path';

import { describe, expect, it } from 'vitest';

import { run } from '../helpers/child';

const child = path.join(__dirname, 'worker-exit-child.cjs');
const CALLS = ['recv', 'recvfrom', 'accept', 'connect', 'poll', 'select'];
// On a loaded machine a child takes longer to start; the one-second bound is measured
// inside the child, from terminate() to its settling, and is not scaled.
const startLimit = 20_000 * Math.max(1, Math.ceil(os.loadavg()[0] / os.cpus().length / 2));

describe.each(CALLS)('a Worker blocked in %s', (call) => {
  it(
    'worker.terminate() settles within a second, then process.exit(0) exits',
    async () => {
      const result = await run(process.execPath, [child, call, 'terminate'], {
        timeoutMs: startLimit,
      });
      expect(result.signal).toBeNull();
      const lines = result.stdout.trim().split('\n');
      expect(lines[0]).toBe(`blocked ${call}`);
      const ended = /^terminated (\d+) (\d+)$/.exec(lines[1] ?? '');
      expect(ended, result.stdout + result.stderr).not.toBeNull();
      expect(Number(ended![1])).toBe(1);
      expect(Number(ended![2])).toBeLessThan(1000);
      expect(lines).toHaveLength(2);
      expect(result.status).toBe(0);
    },
    startLimit + 5000,
  );

  it(
    'process.exit(7) on the main thread exits with 7',
    async () => {
      const result = await run(process.execPath, [child, call, 'exit'], { timeoutMs: startLimit });
      expect(result.signal).toBeNull();
      expect(result.stdout).toBe(`blocked ${call}\n`);
      expect(result.status).toBe(7);
    },
    startLimit + 5000,
  );
});
