// The layout table (native/layout.cc → src/layout.ts) comes from the C compiler, not from
// anyone's memory: src/layout.ts lists exactly the structs and fields the addon describes,
// and a C program compiled here with the same headers prints the same sizes and offsets.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { native } from '../src/binding';
import * as layout from '../src/layout';
import { makeTempDir, repoRoot, run } from './helpers/child';

let temp: ReturnType<typeof makeTempDir>;
beforeAll(() => (temp = makeTempDir()));
afterAll(() => temp.remove());

const gccMissing = spawnSync('gcc', ['--version']).error ? 'gcc is not installed' : null;

// Each table entry and its C type, as native/layout.cc names them: BSD_STRUCT(name, type).
const layoutSource = fs.readFileSync(path.join(repoRoot, 'native', 'layout.cc'), 'utf8');
const cTypes = new Map(
  [...layoutSource.matchAll(/^\s*BSD_STRUCT\((\w+), ([\w ]+)\)/gm)].map((m) => [m[1], m[2]]),
);
// The addon's own structs (Scratch, the packed records) are C++ declared in native/*.h:
// the same compiler lays them out for native and for the table. The system's are checked
// in C, against the headers.
const addonHeaders = fs
  .readdirSync(path.join(repoRoot, 'native'))
  .filter((file) => file.endsWith('.h'))
  .map((file) => fs.readFileSync(path.join(repoRoot, 'native', file), 'utf8'))
  .join('\n');
const isAddonStruct = (type: string): boolean =>
  new RegExp(`^struct ${type} \\{`, 'm').test(addonHeaders);

type Table = Record<string, { size: number; [field: string]: number | [number, number] }>;
const table = native.layout as unknown as Table;

describe('layout', () => {
  it('src/layout.ts is up to date with the addon (scripts/generate-layout.cjs)', () => {
    const generated = layout as unknown as Record<string, Record<string, unknown>>;
    const names = Object.keys(generated).filter((key) => key !== 'default');
    expect(names.sort()).toEqual(Object.keys(table).sort());
    for (const [name, fields] of Object.entries(table)) {
      expect(Object.keys(generated[name]).sort(), name).toEqual(Object.keys(fields).sort());
      for (const [field, value] of Object.entries(fields)) {
        if (field === 'size') {
          expect(generated[name].size, `${name}.size`).toBe(value);
        } else {
          const [offset, size] = value as [number, number];
          expect(generated[name][field], `${name}.${field}`).toEqual({ offset, size });
        }
      }
    }
  });

  it('a few fields read as the man pages draw them on Linux', () => {
    expect(layout.sockaddr_in.size).toBe(16);
    expect(layout.sockaddr_in.sin_port).toEqual({ offset: 2, size: 2 });
    expect(layout.sockaddr_in.sin_addr).toEqual({ offset: 4, size: 4 });
    expect(layout.sockaddr_in6.size).toBe(28);
    expect(layout.sockaddr_in6.sin6_addr).toEqual({ offset: 8, size: 16 });
    expect(layout.sockaddr_un.sun_path).toEqual({ offset: 2, size: 108 });
    expect(layout.sockaddr_storage.size).toBe(128);
    // The Scratch's errno and h_errno are read as Int32Array elements.
    expect(layout.Scratch.errno_value.offset % 4).toBe(0);
    expect(layout.Scratch.h_errno_value.offset % 4).toBe(0);
    expect(layout.Scratch.addr.size).toBe(128);
  });

  it('every system struct has the size and offsets the C compiler gives it', async (ctx) => {
    if (gccMissing) ctx.skip(gccMissing);
    const headers = [...layoutSource.matchAll(/^#include <([^>]+)>/gm)].map((match) => match[1]);
    const lines: string[] = [];
    const expected: string[] = [];
    for (const [name, fields] of Object.entries(table)) {
      const type = cTypes.get(name);
      expect(type, `BSD_STRUCT(${name}, …) in native/layout.cc`).toBeDefined();
      if (!type || isAddonStruct(type)) continue;
      lines.push(`  printf("${name} size %zu\\n", sizeof(${type}));`);
      expected.push(`${name} size ${fields.size}`);
      for (const [field, value] of Object.entries(fields)) {
        if (field === 'size') continue;
        lines.push(
          `  printf("${name} ${field} %zu %zu\\n", offsetof(${type}, ${field}), sizeof(((${type} *)0)->${field}));`,
        );
        const [offset, size] = value as [number, number];
        expected.push(`${name} ${field} ${offset} ${size}`);
      }
    }
    // Every system struct of the table is checked, with its fields.
    expect(expected.length).toBeGreaterThan(60);
    const program = [
      '#define _GNU_SOURCE',
      ...headers.map((header) => `#include <${header}>`),
      '#include <stdio.h>',
      'int main(void) {',
      ...lines,
      '  return 0;',
      '}',
    ].join('\n');
    const file = path.join(temp.dir, 'layout.c');
    const binary = path.join(temp.dir, 'layout');
    fs.writeFileSync(file, program);
    const compiled = await run('gcc', ['-o', binary, file]);
    expect(compiled.stderr).toBe('');
    const printed = await run(binary, []);
    expect(printed.status).toBe(0);
    expect(printed.stdout.trim().split('\n')).toEqual(expected);
  });
});
