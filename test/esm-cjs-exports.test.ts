// Every export of every entry (bsd-sockets, /c, /libc, /promises), through `import` and
// through `require`, generated from the export list of the CommonJS module: each constant
// is the same value, each object the same object, each class constructible with `new` (the
// ESM facade once wrapped fd_set as a plain function: "Class constructor fd_set cannot be
// invoked without 'new'"), and each function callable, with the same outcome both ways for
// an argument no C function takes (a Symbol: a TypeError naming the function, or for the few
// that take anything, the same kind of result). The checks run in an ES module child and in
// a CommonJS child, and in a `"type": "module"` project that imports the package by name
// with static imports, as users' projects do.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { repoRoot, run } from './helpers/child';

const ENTRIES = ['bsd-sockets', 'bsd-sockets/c', 'bsd-sockets/libc', 'bsd-sockets/promises'];

/**
 * The checks, as the body of an async function of `load(entry) → { esm, cjs }`. Prints one
 * JSON line: per entry, the count of each kind, and every export that failed a check.
 */
const CHECKS = `
const isClass = (f) => typeof f === 'function' && /^class\\b/.test(Function.prototype.toString.call(f));
const bad = Symbol('not an argument');
async function outcome(f) {
  try {
    const v = f(bad);
    if (v && typeof v.then === 'function') {
      return await v.then((r) => 'resolved ' + typeof r, (e) => 'rejected ' + e.constructor.name + ': ' + e.message);
    }
    return 'returned ' + (v === null ? 'null' : typeof v);
  } catch (e) {
    return 'threw ' + e.constructor.name + ': ' + e.message;
  }
}
const report = {};
for (const entry of ${JSON.stringify(ENTRIES)}) {
  const { esm, cjs } = await load(entry);
  const counts = { constant: 0, object: 0, class: 0, function: 0 };
  const failed = [];
  // for…in, not Object.keys: the header constants are the entry's prototype's (src/fast.ts).
  const names = [];
  for (const name in cjs) names.push(name);
  const missing = names.filter((n) => !n.startsWith('__') && !(n in esm));
  for (const name of names) {
    if (name.startsWith('__') || !(name in esm)) continue;
    const e = esm[name];
    const c = cjs[name];
    if (typeof c !== 'function' && typeof c !== 'object') {
      counts.constant++;
      if (!Object.is(e, c)) failed.push(name + ': ' + String(e) + ' in ESM, ' + String(c) + ' in CJS');
    } else if (typeof c === 'object') {
      counts.object++;
      if (e !== c) failed.push(name + ': another object in ESM');
    } else if (isClass(c)) {
      counts.class++;
      if (e !== c) failed.push(name + ': another class in ESM');
      for (const [side, K] of [['ESM', e], ['CJS', c]]) {
        try {
          if (!(new K() instanceof c)) failed.push(name + ': new ' + name + '() in ' + side + ' is not an instance');
        } catch (error) {
          failed.push(name + ': new ' + name + '() in ' + side + ' threw ' + error.message);
        }
      }
    } else {
      counts.function++;
      if (typeof e !== 'function') { failed.push(name + ': ' + typeof e + ' in ESM'); continue; }
      const [oe, oc] = [await outcome(e), await outcome(c)];
      if (oe !== oc) failed.push(name + ': ' + oe + ' in ESM, ' + oc + ' in CJS');
    }
  }
  report[entry] = { counts, failed, missing };
}
// errno after failing calls: the ESM binding (live) and the CJS getter agree, and are C's.
const c = await load('bsd-sockets/c');
const calls = [
  ['close(-1)', (m) => m.close(-1), 'EBADF'],
  ['socket(-1, SOCK_STREAM, 0)', (m) => m.socket(-1, m.SOCK_STREAM, 0), 'EAFNOSUPPORT'],
  ['listen(-1, 5)', (m) => m.listen(-1, 5), 'EBADF'],
  ['fcntl(-1, F_GETFL)', (m) => m.fcntl(-1, m.F_GETFL), 'EBADF'],
  ['set_errno(0)', (m) => m.set_errno(0), null],
  ['getsockname(0, ss, len)', (m) => m.getsockname(0, {}, { value: 128 }), 'ENOTSOCK'],
];
const errno = [];
for (const [call, f, expected] of calls) {
  for (const side of ['esm', 'cjs']) {
    const m = c[side];
    f(m);
    const value = side === 'esm' ? c.live() : m.errno;
    errno.push([side, call, value === (expected === null ? 0 : m[expected]) ? 'ok' : value]);
  }
}
report.errno = errno;
console.log(JSON.stringify(report));
`;

/** The ES module child: `import()` and createRequire; `live()` reads the live binding. */
const ESM_CHILD = `
import { createRequire } from 'node:module';
import * as live_c from 'bsd-sockets/c';
const require = createRequire(process.cwd() + '/');
async function load(entry) {
  const esm = await import(entry);
  return { esm, cjs: require(entry), live: () => live_c.errno };
}
${CHECKS}
`;

/** The CommonJS child: `require` and `import()`. */
const CJS_CHILD = `
async function load(entry) {
  const esm = await import(entry);
  return { esm, cjs: require(entry), live: () => esm.errno };
}
(async () => {
${CHECKS}
})().catch((error) => { console.error(error); process.exit(1); });
`;

interface Report {
  [entry: string]: unknown;
  errno: [string, string, string | number][];
}

function check(report: Report): void {
  for (const entry of ENTRIES) {
    const r = report[entry] as {
      counts: Record<string, number>;
      failed: string[];
      missing: string[];
    };
    expect({ entry, failed: r.failed, missing: r.missing }).toEqual({
      entry,
      failed: [],
      missing: [],
    });
    expect(r.counts.function).toBeGreaterThan(0);
  }
  // The classes: fd_set on both socket entries, ErrnoError on the root, AbortError.
  const classes = (entry: string) => (report[entry] as { counts: { class: number } }).counts.class;
  expect(classes('bsd-sockets')).toBeGreaterThanOrEqual(2);
  expect(classes('bsd-sockets/c')).toBeGreaterThanOrEqual(1);
  expect(classes('bsd-sockets/promises')).toBeGreaterThanOrEqual(1);
  // The 1,429 header constants of src/constants.ts, on each socket entry's prototype.
  const constants = (entry: string) =>
    (report[entry] as { counts: { constant: number } }).counts.constant;
  expect(constants('bsd-sockets')).toBeGreaterThanOrEqual(1429);
  expect(constants('bsd-sockets/c')).toBeGreaterThanOrEqual(1429);
  expect(report.errno.filter(([, , v]) => v !== 'ok')).toEqual([]);
  expect(report.errno).toHaveLength(12);
}

describe('every export of every entry, through import and require', () => {
  it('from an ES module', async () => {
    const r = await run(process.execPath, ['--input-type=module', '-e', ESM_CHILD], {
      timeoutMs: 60_000,
    });
    expect(r.stderr).toBe('');
    check(JSON.parse(r.stdout) as Report);
  });

  it('from a CommonJS module', async () => {
    const r = await run(process.execPath, ['-e', CJS_CHILD], { timeoutMs: 60_000 });
    expect(r.stderr).toBe('');
    check(JSON.parse(r.stdout) as Report);
  });

  const project = fs.mkdtempSync(path.join(os.tmpdir(), 'bsd-sockets-esm-'));
  afterAll(() => fs.rmSync(project, { recursive: true, force: true }));

  it('in a "type": "module" project, with static imports by name', async () => {
    fs.mkdirSync(path.join(project, 'node_modules'));
    fs.symlinkSync(repoRoot, path.join(project, 'node_modules', 'bsd-sockets'), 'dir');
    fs.writeFileSync(path.join(project, 'package.json'), '{ "type": "module" }\n');
    fs.writeFileSync(
      path.join(project, 'main.js'),
      [
        "import { fd_set, FD_SET, FD_ISSET, close, errno, EBADF } from 'bsd-sockets/c';",
        "import { fd_set as root_fd_set, ErrnoError, close as root_close } from 'bsd-sockets';",
        "import { AbortError } from 'bsd-sockets/promises';",
        "import { exit, printf } from 'bsd-sockets/libc';",
        'const rset = new fd_set();',
        'FD_SET(5, rset);',
        'const ret = close(-1);',
        'let thrown = null;',
        'try { root_close(-1); } catch (e) { thrown = e instanceof ErrnoError && e.errno === EBADF; }',
        "printf('%d %d %d %d %d %d\\n', FD_ISSET(5, rset) ? 1 : 0, ret, errno === EBADF ? 1 : 0,",
        '  new root_fd_set() instanceof fd_set ? 1 : 0, thrown ? 1 : 0, new AbortError() instanceof Error ? 1 : 0);',
        // struct sockaddr_in a; bzero(&a, sizeof(a)); … bind; getsockname; rset = allset.
        "import { sockaddr_in, bzero, sizeof, socket, bind, getsockname, htonl, ntohl, struct_assign, defined, AF_INET, SOCK_DGRAM, INADDR_LOOPBACK } from 'bsd-sockets/c';",
        'const a = new sockaddr_in();',
        'bzero(a, sizeof(a));',
        'a.sin_family = AF_INET;',
        'a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);',
        'const s = socket(AF_INET, SOCK_DGRAM, 0);',
        'const b = new sockaddr_in();',
        'const len = { value: sizeof(b) };',
        'const allset = new fd_set();',
        'FD_SET(s, allset);',
        'struct_assign(rset, allset);',
        "printf('%d %d %d %d %d\\n', bind(s, a, sizeof(a)), getsockname(s, b, len), len.value,",
        "  ntohl(b.sin_addr.s_addr) === INADDR_LOOPBACK ? 1 : 0, FD_ISSET(s, rset) && !FD_ISSET(5, rset) && defined('IPV6_DONTFRAG') ? 1 : 0);",
        'close(s);',
        'exit(0);',
        '',
      ].join('\n'),
    );
    const r = await run(process.execPath, ['main.js'], { cwd: project, timeoutMs: 30_000 });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('1 -1 1 1 1 1\n0 0 16 1 1\n');
  });
});
