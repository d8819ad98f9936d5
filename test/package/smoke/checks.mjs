// The checks of the smoke test, for each entry: the same in ESM and CommonJS (smoke.mjs,
// smoke.cjs), on 127.0.0.1 only, every wait bounded.
/* global console, process, TextDecoder, AbortSignal */

/** Runs every check; sets the exit status (1 if one failed). */
export async function run(format, { root, c, libc, promises }) {
  let passed = 0;
  let failed = 0;
  const check = async (name, body) => {
    try {
      await body();
      passed++;
      console.log(`ok     ${format} ${name}`);
    } catch (error) {
      failed++;
      console.log(`FAILED ${format} ${name}: ${error && error.stack ? error.stack : error}`);
    }
  };
  const equal = (actual, expected, what) => {
    if (actual !== expected)
      throw new Error(`${what}: ${String(actual)}, expected ${String(expected)}`);
  };
  const { AF_INET, SOCK_DGRAM, htons, htonl, INADDR_LOOPBACK } = root;
  const loopback = (port) => ({
    sin_family: AF_INET,
    sin_port: htons(port),
    sin_addr: { s_addr: htonl(INADDR_LOOPBACK) },
  });
  /** A UDP socket bound to 127.0.0.1 on a port the kernel picks, with a 2 s SO_RCVTIMEO. */
  const bound = () => {
    const s = root.socket(AF_INET, SOCK_DGRAM, 0);
    root.setsockopt(s, root.SOL_SOCKET, root.SO_RCVTIMEO, { tv_sec: 2, tv_usec: 0 });
    root.bind(s, loopback(0));
    return { s, port: root.ntohs(root.getsockname(s).sin_port) };
  };

  await check('bsd-sockets: a UDP round trip on 127.0.0.1', () => {
    const a = bound();
    const b = bound();
    try {
      equal(root.sendto(a.s, 'hello', 5, 0, loopback(b.port)), 5, 'sendto');
      const buf = new Uint8Array(16);
      const src = {};
      equal(root.recvfrom(b.s, buf, buf.length, 0, src), 5, 'recvfrom');
      equal(new TextDecoder().decode(buf.subarray(0, 5)), 'hello', 'the bytes');
      equal(root.ntohs(src.sin_port), a.port, 'the sender port');
    } finally {
      root.close(a.s);
      root.close(b.s);
    }
  });

  await check('bsd-sockets: bind to a port in use throws ErrnoError EADDRINUSE', () => {
    const a = bound();
    const s = root.socket(AF_INET, SOCK_DGRAM, 0);
    try {
      root.bind(s, loopback(a.port));
      throw new Error('bind succeeded');
    } catch (error) {
      equal(error.code, 'EADDRINUSE', 'code');
      equal(error.syscall, 'bind', 'syscall');
      equal(error.errno, root.EADDRINUSE, 'errno');
    } finally {
      root.close(s);
      root.close(a.s);
    }
  });

  await check('bsd-sockets/c: close(-1) returns -1, errno is EBADF (live)', () => {
    c.set_errno(0);
    equal(c.errno, 0, 'errno after set_errno(0)');
    equal(c.close(-1), -1, 'close(-1)');
    equal(c.errno, c.EBADF, 'errno');
  });

  await check('bsd-sockets/libc: snprintf and strerror', () => {
    const buf = new Uint8Array(32);
    equal(libc.snprintf(buf, buf.length, '%s=%d', 'port', 3000), 9, 'snprintf');
    equal(new TextDecoder().decode(buf.subarray(0, 9)), 'port=3000', 'the text');
    equal(libc.strerror(c.EBADF), 'Bad file descriptor', 'strerror');
  });

  if (globalThis.Bun !== undefined) {
    // Bun has no libuv uv_poll: the first promise call says so (its uv_poll_init would abort).
    await check('bsd-sockets/promises: rejects at once on Bun, naming uv_poll', async () => {
      const p = await promises();
      const a = bound();
      try {
        await p.recvfrom(a.s, new Uint8Array(4), 4, 0, null, null);
        throw new Error('recvfrom resolved');
      } catch (error) {
        equal(
          error.message,
          'bsd-sockets/promises: not supported on Bun, which has no libuv uv_poll (uv_poll_init), what the promise calls wait with; the synchronous calls of bsd-sockets and bsd-sockets/c work on Bun, or run this program with Node.js',
          'message',
        );
      } finally {
        root.close(a.s);
      }
    });
  } else
    // Three times: each recvfrom waits (its datagram is sent after it), and a runtime whose
    // uv_poll reports only once (Deno's, before native/readiness.cc asked again) resolved
    // the first and never the second.
    await check('bsd-sockets/promises: recvfrom waits and resolves, three times', async () => {
      const p = await promises();
      const a = bound();
      const b = bound();
      try {
        for (const text of ['hi', 'ho', 'ha']) {
          const buf = new Uint8Array(16);
          const src = {};
          const pending = p.recvfrom(b.s, buf, buf.length, 0, src, null, {
            signal: AbortSignal.timeout(5000),
          });
          equal(await p.sendto(a.s, text, 2, 0, loopback(b.port)), 2, 'sendto');
          equal(await pending, 2, 'recvfrom');
          equal(new TextDecoder().decode(buf.subarray(0, 2)), text, 'the bytes');
          equal(root.ntohs(src.sin_port), a.port, 'the sender port');
        }
      } finally {
        root.close(a.s);
        root.close(b.s);
      }
    });

  console.log(`smoke ${format}: ${passed} passed, ${failed} failed`);
  if (failed > 0) process.exitCode = 1;
}
