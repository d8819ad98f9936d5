/**
 * The layering rule (DEVELOPERS' guide): course/ is the programs and their table, and imports
 * nothing but the library (bsd-sockets, its subpaths, node: modules) and its own files; every
 * command that runs the programs (the runner, the demo, the checker) is in tools/.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
const COURSE = path.join(ROOT, 'course');

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'bin' ? [] : tsFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

describe('course/ imports nothing but the library', () => {
  it('every import of a course/ file is bsd-sockets, node:, or a file inside course/', () => {
    const outside: string[] = [];
    const files = tsFiles(COURSE);
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      for (const match of text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+'([^']+)'/gm)) {
        const specifier = match[1];
        if (/^(bsd-sockets(\/|$)|node:)/.test(specifier)) continue;
        const target = path.resolve(path.dirname(file), specifier);
        if (specifier.startsWith('.') && target.startsWith(COURSE + path.sep)) continue;
        outside.push(`${path.relative(ROOT, file)}: ${specifier}`);
      }
    }
    expect(outside).toEqual([]);
  });

  it('the commands that run the programs are in tools/course/, not course/', () => {
    expect(fs.existsSync(path.join(COURSE, 'run.ts'))).toBe(false);
    expect(fs.existsSync(path.join(COURSE, 'demo.ts'))).toBe(false);
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      bin: Record<string, string>;
      scripts: Record<string, string>;
    };
    expect(pkg.bin['bsd-sockets-course']).toBe('dist/tools/course/cli.js');
    expect(pkg.scripts.demo).toBe('node dist/tools/course/demo.js');
  });
});
