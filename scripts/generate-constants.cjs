#!/usr/bin/env node
// Every constant of the socket headers, from the C preprocessor: no hand-kept list of names.
//
//   node scripts/generate-constants.cjs           writes native/header_constants.h and
//                                                 src/constants.ts
//   node scripts/generate-constants.cjs --check   fails when either differs from what it would
//                                                 write (test/constants-generated.test.ts)
//
// 1. The macros: `gcc -E -dD` over the HEADERS below, each macro with the file that defines
//    it. Kept: object-like macros (not `FD_SET(fd, set)`) whose name does not start with an
//    underscore (the implementation's), defined by the headers or those they include, except
//    the general headers of EXCLUDED_FILES (stdint.h's INT8_MAX, endian.h's BYTE_ORDER, the
//    terminal's ioctls: those are other headers' business).
// 2. The integer constant expressions among them: a generated C file puts each macro in a
//    `case` label, which the compiler accepts only for an integer constant expression (casts
//    and sizeof resolved, `(in_addr_t) 0xffffffff` included; a string, a float, a pointer, a
//    field name like `ifr_name` or an lvalue like `errno` is refused, and so is a macro the
//    headers mark deprecated, whose every use warns). Refused ones are dropped, one compile
//    after another until none is left.
// 3. The values: a generated C program prints each one; a value a JS number cannot hold
//    exactly (beyond 2^53) is left out and listed.
// 4. native/header_constants.h sets each one on the addon's `constants` object, under
//    `#ifdef NAME` (a system without it simply lacks the key), from the headers at build
//    time; src/constants.ts declares each one, with its value and header in a doc comment
//    (`AF_INET = 2, <sys/socket.h>`), and `defined()` / `macro()`, the twins of `#ifdef`.
//
// The header of a constant is the smallest of HEADERS that defines it. The output is sorted
// within each header: the same headers give the same files, byte for byte.
'use strict';
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const CC = process.env.CC || 'gcc';

/** The socket-related headers (issue 20's list, then the addon's other ones), in order. */
const HEADERS = [
  'sys/socket.h',
  'netinet/in.h',
  'netinet/tcp.h',
  'netinet/udp.h',
  'netinet/ip.h',
  'arpa/inet.h',
  'netdb.h',
  'sys/un.h',
  'linux/if_packet.h',
  'linux/netlink.h',
  'net/if.h',
  'fcntl.h',
  'poll.h',
  'errno.h',
  'sys/ioctl.h',
  'sys/select.h',
  'net/if_arp.h',
  'linux/if_ether.h',
  'linux/sock_diag.h',
  'linux/inet_diag.h',
];

/** Files whose macros are not the socket headers' own, though the headers include them. */
const EXCLUDED_FILES = [
  /\/stdint\.h$/, // INT8_MAX, UINTPTR_MAX…: <stdint.h>
  /\/bits\/wchar\.h$/,
  /\/endian\.h$/, // BYTE_ORDER, LITTLE_ENDIAN…: <endian.h>
  /\/bits\/endian[a-z]*\.h$/,
  /\/stddef\.h$/,
  /\/bits\/types\//,
  /\/sys\/ttydefaults\.h$/, // CEOF, CTRL…: the terminal's
  /\/bits\/ioctl-types\.h$/, // TIOCM_*, N_TTY…: the terminal's
];

/** The files of ioctl numbers, from which only the socket and file ioctls are taken. */
const IOCTL_FILES = /\/asm(-generic)?\/ioctls\.h$/;
const IOCTL_NAMES = /^(SIOC|FIO)/;

/** Enumerators the addon sets beside the macros (an enum has no #define to find). */
const ENUMERATORS = {
  'netinet/tcp.h': [
    'TCP_ESTABLISHED',
    'TCP_SYN_SENT',
    'TCP_SYN_RECV',
    'TCP_FIN_WAIT1',
    'TCP_FIN_WAIT2',
    'TCP_TIME_WAIT',
    'TCP_CLOSE',
    'TCP_CLOSE_WAIT',
    'TCP_LAST_ACK',
    'TCP_LISTEN',
    'TCP_CLOSING',
  ],
};

const PRELUDE = ['#define _GNU_SOURCE', ...HEADERS.map((h) => `#include <${h}>`)].join('\n');

let work;
function tempFile(name, text) {
  work ??= fs.mkdtempSync(path.join(os.tmpdir(), 'bsd-sockets-constants-'));
  const file = path.join(work, name);
  fs.writeFileSync(file, text);
  return file;
}

/** The macros the headers define: name → the file that defines it, in definition order. */
function macros() {
  const text = execFileSync(CC, ['-E', '-dD', '-x', 'c', '-'], {
    input: PRELUDE + '\n',
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  const found = new Map();
  let file = '';
  for (const line of text.split('\n')) {
    const marker = /^# \d+ "([^"]+)"/.exec(line);
    if (marker) {
      file = marker[1];
      continue;
    }
    // Object-like only: a '(' right after the name makes a function-like macro.
    const define = /^#define ([A-Za-z]\w*)(?:\s|$)/.exec(line);
    if (define) found.set(define[1], file);
    const undef = /^#undef (\w+)/.exec(line);
    if (undef) found.delete(undef[1]);
  }
  const kept = new Map();
  for (const [name, file] of found) {
    if (file.startsWith('<')) continue; // <built-in>, <command-line>
    if (EXCLUDED_FILES.some((re) => re.test(file))) continue;
    if (IOCTL_FILES.test(file) && !IOCTL_NAMES.test(name)) continue;
    kept.set(name, file);
  }
  return kept;
}

/**
 * The names among `names` that are integer constant expressions: each in a `case` label of
 * its own function; a name the compiler refuses is dropped and the file compiled again.
 */
function integerConstants(names) {
  let left = [...names];
  for (let round = 0; round < 20; round++) {
    const lines = [PRELUDE, 'int bsd_probe(long long x);', '#line 1 "probe"'];
    for (const name of left) {
      lines.push(
        `int bsd_probe_${name}(long long x) { switch (x) { case (${name}): return 1; } return 0; }`,
      );
    }
    const file = tempFile('probe.c', lines.join('\n') + '\n');
    const probe = spawnSync(
      CC,
      ['-fsyntax-only', '-ftrack-macro-expansion=0', '-fmax-errors=0', file],
      { encoding: 'utf8', maxBuffer: 64 << 20 },
    );
    // Refused: an error on the macro's line; and a deprecated one (glibc's AI_IDN_*), whose
    // every use warns, the addon's build included.
    const bad = new Set();
    for (const m of probe.stderr.matchAll(
      /^probe:(\d+):\d+: (error|warning: \w+ is deprecated)/gm,
    )) {
      bad.add(Number(m[1]) - 1);
    }
    if (probe.status === 0 && bad.size === 0) return left;
    if (bad.size === 0) throw new Error(`generate-constants: the probe failed:\n${probe.stderr}`);
    left = left.filter((_, i) => !bad.has(i));
  }
  throw new Error('generate-constants: the probe did not settle in 20 rounds');
}

/** Each name's value, as a C program prints it (signed when negative, else unsigned). */
function values(names) {
  const lines = [
    PRELUDE,
    '#include <stdio.h>',
    '#define SHOW(n) if ((n) < 0) printf("%s %lld\\n", #n, (long long)(n)); else printf("%s %llu\\n", #n, (unsigned long long)(n));',
    'int main(void) {',
    ...names.map((name) => `  SHOW(${name})`),
    '  return 0;',
    '}',
  ];
  const source = tempFile('values.c', lines.join('\n') + '\n');
  const binary = path.join(work, 'values');
  execFileSync(CC, ['-w', '-o', binary, source]);
  const out = execFileSync(binary, { encoding: 'utf8', maxBuffer: 64 << 20 });
  return new Map(
    out
      .trim()
      .split('\n')
      .map((line) => {
        const [name, value] = line.split(' ');
        return [name, BigInt(value)];
      }),
  );
}

/** Each header's own macros (`gcc -dM -E` of it alone), to give a name its header. */
function headerOf(names) {
  const sets = HEADERS.map((header) => {
    const text = execFileSync(CC, ['-E', '-dM', '-x', 'c', '-'], {
      input: `#define _GNU_SOURCE\n#include <${header}>\n`,
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    });
    return new Set([...text.matchAll(/^#define (\w+)/gm)].map((m) => m[1]));
  });
  // The smallest header that defines it: FD_SETSIZE is <sys/select.h>'s, though
  // <sys/socket.h> includes that; ties go to the first in HEADERS.
  const order = HEADERS.map((_, i) => i).sort((a, b) => sets[a].size - sets[b].size || a - b);
  const of = new Map();
  for (const name of names) {
    const i = order.find((j) => sets[j].has(name));
    of.set(name, HEADERS[i]);
  }
  return of;
}

function generate() {
  const found = macros();
  const constants = integerConstants([...found.keys()]);
  const enumerators = Object.values(ENUMERATORS).flat();
  const value = values([...constants, ...enumerators]);
  const header = headerOf(constants);
  for (const [h, list] of Object.entries(ENUMERATORS)) for (const n of list) header.set(n, h);

  const exact = (n) => value.get(n) >= -(2n ** 53n) && value.get(n) <= 2n ** 53n;
  const inexact = constants.filter((n) => !exact(n));
  const byHeader = HEADERS.map((h) => ({
    header: h,
    names: constants.filter((n) => header.get(n) === h && exact(n)).sort(),
    enumerators: ENUMERATORS[h] ?? [],
  }));

  const native = [
    '// Generated by scripts/generate-constants.cjs from the C preprocessor: do not edit.',
    '//',
    '// Every integer constant macro of the socket headers (`gcc -E -dD`, then a compile that',
    "// keeps the integer constant expressions), set on the addon's `constants` object with",
    '// the value the compiler gives it when the addon is built. A macro this system lacks is',
    '// skipped by its #ifdef.',
    '#pragma once',
    '',
    ...HEADERS.slice()
      .sort()
      .map((h) => `#include <${h}>`),
    '',
    '#include "addon.h"',
    '',
    'namespace bsd {',
    '',
    '#define BSD_HEADER_CONSTANT(name) \\',
    '  target.Set(#name, Napi::Number::New(env, static_cast<double>(name)));',
    '',
    'inline void SetHeaderConstants(Napi::Env env, Napi::Object target) {',
  ];
  for (const { header: h, names, enumerators: enums } of byHeader) {
    if (names.length === 0 && enums.length === 0) continue;
    native.push(`  // <${h}>: ${names.length} macros`);
    for (const n of names) native.push(`#ifdef ${n}`, `  BSD_HEADER_CONSTANT(${n})`, '#endif');
    if (enums.length > 0) native.push(`  // <${h}>: enumerators, always defined`);
    for (const n of enums) native.push(`  BSD_HEADER_CONSTANT(${n})`);
  }
  native.push('}', '', '#undef BSD_HEADER_CONSTANT', '', '}  // namespace bsd', '');

  const all = byHeader.flatMap(({ names, enumerators: enums }) => [...names, ...enums]);
  const ts = [
    '// Generated by scripts/generate-constants.cjs from the C preprocessor: do not edit.',
    '//',
    '// Every integer constant of the socket headers. Every value comes from the system headers',
    '// through the addon, when it is built; the value in each doc comment is the one of the',
    '// Linux x86-64 system that generated this file.',
    "import { native } from './binding';",
    '',
    'const c = native.constants;',
    '',
  ];
  for (const { header: h, names, enumerators: enums } of byHeader) {
    for (const n of [...names, ...enums]) {
      ts.push(`/** ${n} = ${value.get(n)}, <${h}> */`, `export const ${n}: number = c.${n};`);
    }
  }
  ts.push(
    '',
    '/** The name of every constant above: what `defined()` and `macro()` take. */',
    'export type macro_name =',
    ...all.map((n, i) => `  | '${n}'${i === all.length - 1 ? ';' : ''}`),
    '',
    '/**',
    ' * `#ifdef NAME`: whether the system this runs on defines the constant, e.g.',
    " * `if (defined('IPV6_DONTFRAG'))`. Any name is taken (false for one it lacks), as the",
    ' * preprocessor takes any name after #ifdef.',
    ' */',
    'export function defined(name: macro_name | (string & {})): boolean {',
    "  if (typeof name !== 'string') {",
    '    throw new TypeError(`defined: name must be a string, got ${typeof name}`);',
    '  }',
    '  return Object.prototype.hasOwnProperty.call(c, name);',
    '}',
    '',
    '/**',
    ' * The value of the constant `name` on this system, or undefined where it is not defined:',
    " * for a table of names, as a survey of every option reads them (`macro('IPV6_DONTFRAG')`),",
    ' * without a cast.',
    ' */',
    'export function macro(name: macro_name | (string & {})): number | undefined {',
    "  if (typeof name !== 'string') {",
    '    throw new TypeError(`macro: name must be a string, got ${typeof name}`);',
    '  }',
    '  return defined(name) ? (c as Record<string, number>)[name] : undefined;',
    '}',
    '',
  );

  const counts = byHeader.map(({ header: h, names, enumerators: enums }) => [
    h,
    names.length + enums.length,
  ]);
  return {
    files: {
      'native/header_constants.h': native.join('\n'),
      'src/constants.ts': ts.join('\n'),
    },
    counts,
    total: all.length,
    candidates: found.size,
    inexact,
    refused: [...found.keys()].filter((n) => !constants.includes(n)),
  };
}

function main() {
  const check = process.argv.includes('--check');
  const result = generate();
  let differ = 0;
  for (const [file, text] of Object.entries(result.files)) {
    const at = path.join(root, file);
    const old = fs.existsSync(at) ? fs.readFileSync(at, 'utf8') : null;
    if (old === text) continue;
    if (check) {
      console.error(
        `generate-constants: ${file} differs from the headers' constants: run npm run generate:constants`,
      );
      differ++;
    } else {
      fs.writeFileSync(at, text);
    }
  }
  if (!check) {
    console.log(
      `${result.total} constants from ${result.candidates} object-like macros: ` +
        result.counts.map(([h, n]) => `<${h}> ${n}`).join(', ') +
        (result.inexact.length ? `; beyond 2^53, left out: ${result.inexact.join(', ')}` : '') +
        `; refused (not an integer constant expression, or deprecated): ${result.refused.join(', ')}`,
    );
  }
  if (work) fs.rmSync(work, { recursive: true, force: true });
  process.exitCode = differ ? 1 : 0;
}

module.exports = { HEADERS, generate };

if (require.main === module) main();
