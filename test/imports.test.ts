// The import graph of src/: no module may take part in a cycle (a cycle makes one module
// see the other's exports as undefined while it loads, depending on which is loaded
// first), and src/byteorder.ts, which every struct codec imports, imports nothing.
// Type-only imports are erased by tsc, so they are left out of the graph.
import * as fs from 'node:fs';
import * as path from 'node:path';

import { describe, expect, it } from 'vitest';

import { repoRoot } from './helpers/child';

const srcDir = path.join(repoRoot, 'src');

/** Each module of src/ (relative path) and the modules of src/ it imports at run time. */
function importGraph(): Map<string, string[]> {
  const modules = (fs.readdirSync(srcDir, { recursive: true }) as string[])
    .filter((name) => name.endsWith('.ts'))
    .map((name) => name.split(path.sep).join('/'));
  const graph = new Map<string, string[]>();
  for (const module of modules) {
    const text = fs.readFileSync(path.join(srcDir, module), 'utf8');
    const imported: string[] = [];
    for (const m of text.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?from\s+'(\.[^']+)';/gm)) {
      const target = path.posix.join(path.posix.dirname(module), m[1]);
      imported.push(modules.includes(`${target}.ts`) ? `${target}.ts` : `${target}/index.ts`);
    }
    graph.set(module, imported);
  }
  return graph;
}

/** Every cycle met by a depth-first walk, each as the list of modules around it. */
function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (module: string): void => {
    path.push(module);
    for (const next of graph.get(module) ?? []) {
      const at = path.indexOf(next);
      if (at >= 0) found.push([...path.slice(at), next]);
      else if (!done.has(next)) visit(next);
    }
    path.pop();
    done.add(module);
  };
  for (const module of graph.keys()) if (!done.has(module)) visit(module);
  return found;
}

describe('the modules of src/', () => {
  const graph = importGraph();

  it('are read with their imports (the walk sees the struct codecs import byteorder)', () => {
    expect(graph.get('struct/inspect.ts')).toEqual(['byteorder.ts']);
    expect(graph.get('struct/sockaddr.ts')).toContain('byteorder.ts');
    expect(graph.get('struct/sockaddr.ts')).toContain('struct/inspect.ts');
  });

  it('import one another without a cycle', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('src/byteorder.ts imports nothing', () => {
    expect(graph.get('byteorder.ts')).toEqual([]);
    expect(fs.readFileSync(path.join(srcDir, 'byteorder.ts'), 'utf8')).not.toMatch(/^import /m);
  });
});
