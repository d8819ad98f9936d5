// The promise of the syscall layer (issue 2, "Done when"): a TS call makes the system call
// the same C call makes, with the same arguments. strace prints the network calls of a C
// program (test/fixtures/strace/calls.c, compiled here) and of its TS twin (calls.cjs); the
// lines must be identical once fd numbers and kernel-chosen ports are replaced.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { makeTempDir, run } from './helpers/child';
import { callNames, normalizeTrace, straceUnavailable, traceNetwork } from './helpers/strace';

const fixtures = path.join(__dirname, 'fixtures', 'strace');

let temp: ReturnType<typeof makeTempDir>;
beforeAll(() => (temp = makeTempDir()));
afterAll(() => temp.remove());

const straceMissing = straceUnavailable();
const gccMissing = spawnSync('gcc', ['--version']).error ? 'gcc is not installed' : null;

describe('strace of C and TypeScript', () => {
  it('socket, setsockopt, bind, connect, sendto, recvfrom… print the same lines', async (ctx) => {
    if (straceMissing) ctx.skip(straceMissing);
    if (gccMissing) ctx.skip(gccMissing);
    const program = path.join(temp.dir, 'calls');
    const compiled = await run('gcc', [
      '-O0',
      '-Wall',
      '-Werror',
      '-o',
      program,
      path.join(fixtures, 'calls.c'),
    ]);
    expect(compiled.stderr).toBe('');
    expect(compiled.status).toBe(0);

    const [c, ts] = await Promise.all([
      traceNetwork(temp.dir, 'c', program, []),
      traceNetwork(temp.dir, 'ts', process.execPath, [path.join(fixtures, 'calls.cjs')]),
    ]);
    const cLines = normalizeTrace(c.trace);
    const tsLines = normalizeTrace(ts.trace);

    // Not vacuous: every call of the brief is there, failures included.
    for (const call of ['socket', 'setsockopt', 'bind', 'connect', 'sendto', 'recvfrom']) {
      expect(callNames(cLines)).toContain(call);
    }
    expect(cLines).toContain(
      'bind(FD3, {sa_family=AF_INET, sin_port=htons(PORT1), sin_addr=inet_addr("127.0.0.1")}, 16) = -1 EADDRINUSE (Address already in use)',
    );
    expect(cLines.some((line) => line.endsWith('ECONNREFUSED (Connection refused)'))).toBe(true);
    expect(cLines.length).toBeGreaterThanOrEqual(35);

    expect(tsLines).toEqual(cLines);
  });

  it('the h_errno failures used by hostent.test.ts ask no resolver: no socket at all', async (ctx) => {
    if (straceMissing) ctx.skip(straceMissing);
    const script = path.join(temp.dir, 'hostent-failures.cjs');
    fs.writeFileSync(
      script,
      `const bsd = require(process.env.BSD_SOCKETS_ENTRY);
       const results = [
         bsd.gethostbyaddr(new Uint8Array(4), 4, bsd.AF_INET6), bsd.h_errno,
         bsd.gethostbyaddr(new Uint8Array(16), 16, bsd.AF_INET6), bsd.h_errno,
         bsd.gethostbyname('192.0.2.7').h_name,
       ];
       console.log(JSON.stringify(results));`,
    );
    const { trace, stdout } = await traceNetwork(temp.dir, 'hostent', process.execPath, [script]);
    expect(JSON.parse(stdout)).toEqual([null, -1, null, 1, '192.0.2.7']);
    expect(normalizeTrace(trace)).toEqual([]);
  });
});
