// The package as users load it: from dist/ by its name (a package may `require` itself by
// name when its package.json has "exports"), in CommonJS, in ESM, and in worker_threads
// (the addon is context-aware: one instance per thread).
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';

import { describe, expect, it } from 'vitest';

import { binding_path } from '../src/index';
import { distEntry, repoRoot, run, runScript } from './helpers/child';

const expectedBuildDir = path.resolve(repoRoot, process.env.BSD_SOCKETS_BUILD || 'build');

describe('the binding loader', () => {
  it('loads the addon of the build BSD_SOCKETS_BUILD names (build/ by default)', () => {
    expect([
      path.join(expectedBuildDir, 'Release', 'bsd_sockets.node'),
      path.join(expectedBuildDir, 'Debug', 'bsd_sockets.node'),
    ]).toContain(binding_path);
  });
});

describe('CommonJS', () => {
  it("require('bsd-sockets') resolves to dist and works; h_errno is live", async () => {
    const child = await runScript(`
      const bsd = require('bsd-sockets');
      const fd = bsd.socket(bsd.AF_INET, bsd.SOCK_DGRAM, 0);
      bsd.bind(fd, { sin_family: bsd.AF_INET, sin_port: 0, sin_addr: { s_addr: bsd.htonl(bsd.INADDR_LOOPBACK) } });
      const name = bsd.getsockname(fd);
      bsd.close(fd);
      const before = bsd.h_errno;
      bsd.gethostbyaddr(new Uint8Array(4), 4, bsd.AF_INET6);
      console.log(JSON.stringify({
        resolved: require.resolve('bsd-sockets'),
        family: name.sin_family,
        address: bsd.inet_ntoa(name.sin_addr),
        before,
        after: bsd.h_errno,
        NETDB_INTERNAL: bsd.NETDB_INTERNAL,
        binding: bsd.binding_path,
      }));
    `);
    expect(child.stderr).toBe('');
    const result = JSON.parse(child.stdout);
    expect(result.resolved).toBe(distEntry);
    expect(result).toMatchObject({ family: 2, address: '127.0.0.1', before: 0 });
    expect(result.after).toBe(result.NETDB_INTERNAL);
    expect(result.binding).toBe(binding_path);
  });
});

describe('ESM', () => {
  it('import from bsd-sockets: named exports, one shared instance, a live h_errno', async () => {
    const child = await run(process.execPath, [
      '--input-type=module',
      '-e',
      `
      import * as ns from 'bsd-sockets';
      import cjs from 'bsd-sockets';
      import { AF_INET6, NETDB_INTERNAL, gethostbyaddr, h_errno, socket, close, AF_UNIX, SOCK_DGRAM } from 'bsd-sockets';
      const names = [];
      for (const name in cjs) names.push(name); // the constants are on its prototype
      const missing = names.filter((name) => !(name in ns));
      const before = h_errno;
      gethostbyaddr(new Uint8Array(4), 4, AF_INET6);
      const fd = socket(AF_UNIX, SOCK_DGRAM, 0);
      close(fd);
      console.log(JSON.stringify({
        url: import.meta.resolve('bsd-sockets'),
        missing,
        shared: cjs.socket === socket && cjs.AF_INET6 === AF_INET6,
        before,
        after: h_errno,
        cjsAfter: cjs.h_errno,
        NETDB_INTERNAL,
        fd,
      }));
      `,
    ]);
    expect(child.stderr).toBe('');
    const result = JSON.parse(child.stdout);
    expect(result.url).toBe('file://' + path.join(repoRoot, 'dist', 'src', 'index.mjs'));
    expect(result.missing).toEqual([]);
    expect(result.shared).toBe(true);
    expect(result.before).toBe(0);
    expect(result.after).toBe(result.NETDB_INTERNAL);
    expect(result.cjsAfter).toBe(result.NETDB_INTERNAL);
    expect(result.fd).toBeGreaterThan(2);
  });
});

// Runs in each worker: the addon loads there too, and a socket works end to end.
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const bsd = require(workerData.entry);
const fd = bsd.socket(bsd.AF_INET, bsd.SOCK_DGRAM, 0);
bsd.bind(fd, { sin_family: bsd.AF_INET, sin_port: 0, sin_addr: { s_addr: bsd.htonl(bsd.INADDR_LOOPBACK) } });
const name = bsd.getsockname(fd);
bsd.close(fd);
// Not close(fd) again: another thread may have been given that number in between.
let badClose;
try { bsd.close(2 ** 31 - 1); } catch (e) { badClose = { code: e.code, syscall: e.syscall, message: e.message }; }
parentPort.postMessage({
  family: name.sin_family,
  port: bsd.ntohs(name.sin_port),
  address: bsd.inet_ntoa(name.sin_addr),
  badClose,
});
`;

interface WorkerReport {
  family: number;
  port: number;
  address: string;
  badClose: { code: string; syscall: string; message: string };
}

function runWorker(): Promise<WorkerReport> {
  const worker = new Worker(workerSource, { eval: true, workerData: { entry: distEntry } });
  const report = new Promise<WorkerReport>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`worker exited (${code}) without a report`)));
  });
  // The worker makes no blocking call, yet a test ends what it starts.
  return report.finally(() => worker.terminate());
}

describe('worker_threads', () => {
  it('two workers and the main thread use the addon at the same time', async () => {
    const reports = await Promise.all([runWorker(), runWorker()]);
    for (const report of reports) {
      expect(report.family).toBe(2);
      expect(report.address).toBe('127.0.0.1');
      expect(report.port).toBeGreaterThan(0);
      // Errors are built in the worker's own context, with the same fields.
      expect(report.badClose).toEqual({
        code: 'EBADF',
        syscall: 'close',
        message: 'close: Bad file descriptor',
      });
    }
  });
});
