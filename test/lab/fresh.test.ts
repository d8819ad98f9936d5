/**
 * bsd-sockets-lab from a fresh clone (issue 19, item 8): no course/bin at all. The package
 * (package.json, dist/, the addon, course/ without bin/) is copied to a temporary directory,
 * whose CLI runs each scenario in C: each builds the C programs it starts on first use
 * (reuseaddr's nc included, which it once did not: "Can't stat course/bin/tools/nc"), and
 * records with nothing to note. The worktree's own course/bin is never touched.
 *
 * Needs what the lab's other tests need (root, strace, unshare) and gcc and make.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { packageRoot } from '../../course/programs';
import { labScenarios, neededPrograms } from '../../tools/lab/record';
import { runLab, whyNot } from './run-lab';

const fresh = mkdtempSync(join(tmpdir(), 'bsd-sockets-lab-fresh-'));
afterAll(() => rmSync(fresh, { recursive: true, force: true }));

const haveGcc = ['gcc', 'make'].every((tool) => spawnSync(tool, ['--version']).status === 0);

/** The package as a fresh clone has it after `npm ci`: no course/bin. */
function freshCopy(): string {
  const root = packageRoot();
  const copy = join(fresh, 'package');
  if (existsSync(copy)) return copy;
  mkdirSync(copy);
  cpSync(join(root, 'package.json'), join(copy, 'package.json'));
  cpSync(join(root, 'dist'), join(copy, 'dist'), { recursive: true });
  cpSync(
    join(root, 'build', 'Release', 'bsd_sockets.node'),
    join(copy, 'build', 'Release', 'bsd_sockets.node'),
  );
  cpSync(join(root, 'course'), join(copy, 'course'), {
    recursive: true,
    filter: (source) => source !== join(root, 'course', 'bin'),
  });
  symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'));
  return copy;
}

describe('bsd-sockets-lab from a fresh clone', () => {
  it('reuseaddr needs nc on both sides; tp_tcp only its server and client', () => {
    const reuse = labScenarios.find((s) => s.name === 'reuseaddr')!;
    expect(neededPrograms(reuse, 'mixed')).toEqual([
      { language: 'c', name: 'tcp/serveur' },
      { language: 'ts', name: 'tcp/client' },
      { language: 'c', name: 'tools/nc' },
      { language: 'ts', name: 'tools/nc' },
    ]);
    const tcp = labScenarios.find((s) => s.name === 'tp_tcp')!;
    expect(neededPrograms(tcp, 'c')).toEqual([
      { language: 'c', name: 'tp_tcp/serveur' },
      { language: 'c', name: 'tp_tcp/clientt' },
    ]);
  });

  it('every scenario, in C, with course/bin removed: built on first use, recorded with nothing to note', async (ctx) => {
    const why = whyNot('tp_tcp', ['ts']);
    if (why) return ctx.skip(why);
    if (!haveGcc) return ctx.skip('gcc and make are not installed');
    const copy = freshCopy();
    expect(existsSync(join(copy, 'course', 'bin'))).toBe(false);
    const cli = join(copy, 'dist', 'tools', 'lab', 'cli.js');
    for (const scenario of labScenarios) {
      const run = await runLab(fresh, scenario.name, 'c', [], cli);
      expect(run.record.notes, scenario.name).toEqual([]);
      for (const { name } of neededPrograms(scenario, 'c'))
        expect(existsSync(join(copy, 'course', 'bin', name)), name).toBe(true);
    }
  }, 600_000);
});
