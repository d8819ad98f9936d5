// Under strace, a promise call is the very call its synchronous twin makes: same name,
// same arguments, no flag added, and nothing done to the socket (no fcntl, no ioctl).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { describe, expect, it } from 'vitest';

import { distEntry, makeTempDir, run } from '../helpers/child';

const hasStrace = spawnSync('strace', ['-V']).status === 0;
const distPromises = path.join(path.dirname(distEntry), 'promises', 'index.js');

describe.skipIf(!hasStrace)('strace', () => {
  it('shows the same recvfrom, recv, sendto and accept4 for the sync and the promise call', async () => {
    const temp = makeTempDir();
    try {
      const traceFile = path.join(temp.dir, 'trace');
      const script = path.join(temp.dir, 'script.js');
      fs.writeFileSync(
        script,
        `
        const bsd = require(${JSON.stringify(distEntry)});
        const promises = require(${JSON.stringify(distPromises)});
        const loopback = (port) => ({ sin_family: bsd.AF_INET, sin_port: bsd.htons(port), sin_addr: { s_addr: bsd.htonl(bsd.INADDR_LOOPBACK) } });
        const marker = (text) => bsd.write(2, Buffer.from(text), text.length);
        (async () => {
          // The package's epoll set is made by the first promise call (its fd gets
          // FIONBIO from libuv): before the compared sections.
          await promises.poll([], 0);
          const server = bsd.socket(bsd.AF_INET, bsd.SOCK_DGRAM, 0);
          bsd.bind(server, loopback(0));
          const port = bsd.ntohs(bsd.getsockname(server).sin_port);
          const client = bsd.socket(bsd.AF_INET, bsd.SOCK_DGRAM, 0);
          bsd.bind(client, loopback(0));
          const buf = new Uint8Array(1024);
          for (const mode of ['sync', 'promise']) {
            marker('<' + mode + '>');
            setTimeout(() => bsd.sendto(client, Buffer.from('ping'), 4, 0, loopback(port)), 20);
            const from = {}; const len = { value: 16 };
            if (mode === 'sync') await new Promise((resolve) => setTimeout(resolve, 60));
            const n = mode === 'sync'
              ? bsd.recvfrom(server, buf, 1024, 0, from, len)
              : await promises.recvfrom(server, buf, 1024, 0, from, len);
            if (mode === 'sync') bsd.sendto(server, buf, n, 0, from);
            else await promises.sendto(server, buf, n, 0, from);
            const m = mode === 'sync' ? bsd.recv(client, buf, 1024, 0) : await promises.recv(client, buf, 1024, 0);
            const listener = bsd.socket(bsd.AF_INET, bsd.SOCK_STREAM, 0);
            bsd.bind(listener, loopback(0));
            bsd.listen(listener, 1);
            const peer = bsd.socket(bsd.AF_INET, bsd.SOCK_STREAM, 0);
            bsd.connect(peer, loopback(bsd.ntohs(bsd.getsockname(listener).sin_port)));
            const accepted = mode === 'sync'
              ? bsd.accept4(listener, null, null, bsd.SOCK_CLOEXEC)
              : await promises.accept4(listener, null, null, bsd.SOCK_CLOEXEC);
            for (const fd of [accepted, peer, listener]) bsd.close(fd);
            marker('</' + mode + '>' + m);
          }
        })();
      `,
      );
      const result = await run(
        'strace',
        [
          '-f',
          '-qq',
          '-e',
          'trace=recvfrom,sendto,accept4,fcntl,ioctl,write',
          '-o',
          traceFile,
          process.execPath,
          script,
        ],
        { timeoutMs: 20_000 },
      );
      expect(result.status).toBe(0);
      const trace = fs.readFileSync(traceFile, 'utf8');
      const section = (mode: string): string[] => {
        const start = trace.indexOf(`"<${mode}>"`);
        const end = trace.indexOf(`"</${mode}>4"`);
        expect(start).toBeGreaterThan(0);
        expect(end).toBeGreaterThan(start);
        return trace
          .slice(start, end)
          .split('\n')
          .slice(1, -1)
          .map((line) => line.replace(/^\d+\s+/, '').replace(/htons\(\d+\)/g, 'htons(PORT)'))
          .filter((line) => /^(recvfrom|sendto|accept4|fcntl|ioctl)\(/.test(line));
      };
      const sync = section('sync');
      const promise = section('promise');
      // The client's sendto (from a timer, in both runs before the server's call is made),
      // then the server's recvfrom and reply, the client's recv, the accept4. Each run
      // closes what it opened, so the fd numbers of the second match the first.
      expect(sync.map((line) => line.split('(')[0])).toEqual([
        'sendto',
        'recvfrom',
        'sendto',
        'recvfrom',
        'accept4',
      ]);
      expect(promise).toEqual(sync);
      expect(promise.join('\n')).toMatch(
        /recvfrom\(\d+, "ping", 1024, 0, \{sa_family=AF_INET, sin_port=htons\(PORT\), sin_addr=inet_addr\("127\.0\.0\.1"\)\}, \[16\]\) = 4/,
      );
      expect(promise.join('\n')).not.toMatch(/MSG_DONTWAIT|FIONBIO|O_NONBLOCK/);
    } finally {
      temp.remove();
    }
  });
});
