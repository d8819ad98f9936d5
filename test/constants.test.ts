// The constants come from the system headers, not from anyone's memory: every exported
// constant is printed by a C program compiled here with the headers native/header_constants.h
// includes, and the two lists must agree value for value.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import * as constants from '../src/constants';
import { makeTempDir, repoRoot, run } from './helpers/child';

let temp: ReturnType<typeof makeTempDir>;
beforeAll(() => (temp = makeTempDir()));
afterAll(() => temp.remove());

const gccMissing = spawnSync('gcc', ['--version']).error ? 'gcc is not installed' : null;

/** The system headers the addon reads its constants from. */
function addonHeaders(): string[] {
  const source = fs.readFileSync(path.join(repoRoot, 'native', 'header_constants.h'), 'utf8');
  return [...source.matchAll(/^#include <([^>]+)>/gm)].map((match) => match[1]);
}

describe('constants', () => {
  it('every exported constant has the value the C compiler gives it', async (ctx) => {
    if (gccMissing) ctx.skip(gccMissing);
    const names = Object.keys(constants).filter((name) => /^[A-Z][A-Z0-9_]*$/.test(name));
    expect(names).toEqual(expect.arrayContaining(['AF_INET6', 'SO_REUSEADDR', 'EAI_NONAME']));
    // g++ defines _GNU_SOURCE, which the addon's headers rely on for EAI_ADDRFAMILY & co.
    const program = [
      '#define _GNU_SOURCE',
      ...addonHeaders().map((header) => `#include <${header}>`),
      '#include <stdio.h>',
      // The addon's conversion: static_cast<double>(name).
      '#define SHOW(name) printf("%s %.17g\\n", #name, (double)(name));',
      'int main(void) {',
      ...names.map((name) => `  SHOW(${name})`),
      '  return 0;',
      '}',
    ].join('\n');
    const source = path.join(temp.dir, 'constants.c');
    const binary = path.join(temp.dir, 'constants');
    fs.writeFileSync(source, program);
    // -w: glibc marks AI_IDN_ALLOW_UNASSIGNED & co. deprecated, a warning for each use.
    const compiled = await run('gcc', ['-w', '-o', binary, source]);
    expect(compiled.stderr).toBe('');
    const printed = await run(binary, []);
    expect(printed.status).toBe(0);

    const fromC = Object.fromEntries(
      printed.stdout
        .trim()
        .split('\n')
        .map((line) => {
          const [name, value] = line.split(' ');
          return [name, Number(value)];
        }),
    );
    const fromAddon = Object.fromEntries(
      names.map((name) => [name, (constants as unknown as Record<string, number>)[name]]),
    );
    expect(fromAddon).toEqual(fromC);
  });
});
