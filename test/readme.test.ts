// The README opens with a C program and its two TypeScript twins. This test takes the three
// code blocks from the README as they are, compiles the C, runs the TypeScript against the
// compiled package, and checks that all three make the same system calls under strace.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { makeTempDir, repoRoot, run } from './helpers/child';
import { normalizeTrace, straceUnavailable, traceNetwork } from './helpers/strace';

let temp: ReturnType<typeof makeTempDir>;
beforeAll(() => (temp = makeTempDir()));
afterAll(() => temp.remove());

const gccMissing = spawnSync('gcc', ['--version']).error ? 'gcc is not installed' : null;
const straceMissing = straceUnavailable();

/** The fenced blocks of the README's first section, in order, with their language. */
function openingBlocks(): { lang: string; code: string }[] {
  const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const start = readme.indexOf('## A C program and its two TypeScript twins');
  const end = readme.indexOf('\n## ', start + 1);
  expect(start).toBeGreaterThan(0);
  const section = readme.slice(start, end);
  return [...section.matchAll(/```(\w*)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1], code: m[2] }));
}

/** A TS block as a CommonJS script on the compiled package (dist/). */
function tsProgram(code: string): string {
  const dist = path.join(repoRoot, 'dist', 'src');
  const js = ts.transpileModule(code, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  return js
    .replace(
      /require\("bsd-sockets\/(c|libc)"\)/g,
      (_, sub: string) =>
        JSON.stringify(path.join(dist, sub, 'index.js')).replace(/^/, 'require(') + ')',
    )
    .replace(
      /require\("bsd-sockets"\)/g,
      `require(${JSON.stringify(path.join(dist, 'index.js'))})`,
    );
}

describe('README: a C program and its two TypeScript twins', () => {
  it('has the C block, then the bsd-sockets/c block, then the root block', () => {
    const blocks = openingBlocks();
    expect(blocks.map((b) => b.lang)).toEqual(['c', 'ts', 'ts', '']);
    expect(blocks[1].code).toContain("from 'bsd-sockets/c'");
    expect(blocks[2].code).toContain("from 'bsd-sockets'");
  });

  it('all three run and make the same socket and sendto calls', async (ctx) => {
    if (gccMissing) ctx.skip(gccMissing);
    if (straceMissing) ctx.skip(straceMissing);
    const [c, cEntry, root, shown] = openingBlocks();
    const source = path.join(temp.dir, 'readme.c');
    fs.writeFileSync(
      source,
      [
        '#include <arpa/inet.h>',
        '#include <stdio.h>',
        '#include <stdlib.h>',
        '#include <string.h>',
        '#include <sys/socket.h>',
        '#include <unistd.h>',
        'int main(void) {',
        c.code,
        '    return 0;',
        '}',
      ].join('\n'),
    );
    const binary = path.join(temp.dir, 'readme');
    const compiled = await run('gcc', ['-Wall', '-Werror', '-o', binary, source]);
    expect(compiled.stderr).toBe('');
    const scripts = [cEntry, root].map((block, i) => {
      const file = path.join(temp.dir, `readme-${i}.cjs`);
      fs.writeFileSync(file, tsProgram(block.code));
      return file;
    });
    const traces = [
      await traceNetwork(temp.dir, 'c', binary, []),
      await traceNetwork(temp.dir, 'c-entry', process.execPath, [scripts[0]]),
      await traceNetwork(temp.dir, 'root', process.execPath, [scripts[1]]),
    ].map(({ trace }) =>
      normalizeTrace(trace).filter(
        (line) => /^(socket|sendto)\(/.test(line) && !/AF_UNIX/.test(line),
      ),
    );
    expect(traces[0]).toEqual([
      'socket(AF_INET, SOCK_DGRAM, IPPROTO_IP) = FD1',
      'sendto(FD1, "hello", 5, 0, {sa_family=AF_INET, sin_port=htons(PORT1), sin_addr=inet_addr("127.0.0.1")}, 16) = 5',
    ]);
    expect(traces[1]).toEqual(traces[0]);
    expect(traces[2]).toEqual(traces[0]);
    // The trace shown in the README is the one measured, fd aside.
    expect(normalizeTrace(shown.code)).toEqual(traces[0]);
  });
});
