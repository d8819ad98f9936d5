// The bins' --version (tools/cli.ts: the package's version, exit 0, on stdout) and
// bsd-sockets-lab --list (each scenario of tools/lab/record.ts, with what it answers), run as
// a user runs them: the compiled scripts, in a child.
import * as fs from 'node:fs';
import * as path from 'node:path';

import { describe, expect, it } from 'vitest';

import { labScenarios } from '../../tools/lab/record';
import { repoRoot, run } from '../helpers/child';

const { version } = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
  version: string;
};
const bins: Record<string, string> = {
  'bsd-sockets-trace': 'dist/tools/trace/cli.js',
  'bsd-sockets-lab': 'dist/tools/lab/cli.js',
};

describe('--version', () => {
  it.each(Object.entries(bins))(
    '%s --version prints its name and the version',
    async (bin, file) => {
      const child = await run(process.execPath, [path.join(repoRoot, file), '--version']);
      expect(child).toMatchObject({ status: 0, stdout: `${bin} ${version}\n`, stderr: '' });
    },
  );
});

describe('bsd-sockets-lab --list', () => {
  it('prints every scenario, one a line, its name first, and exits 0', async () => {
    const child = await run(process.execPath, [
      path.join(repoRoot, bins['bsd-sockets-lab']),
      '--list',
    ]);
    expect(child.status).toBe(0);
    expect(child.stderr).toBe('');
    const lines = child.stdout.trimEnd().split('\n');
    expect(lines.map((line) => line.split(/\s+/)[0])).toEqual(labScenarios.map((s) => s.name));
    expect(lines[0]).toBe(`${labScenarios[0].name.padEnd(14)} ${labScenarios[0].answers}`);
  });
});
