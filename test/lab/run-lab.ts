/**
 * Running the built bsd-sockets-lab CLI (dist/tools/lab/cli.js) from the lab's tests, and
 * reading the JSON it wrote. Shared by lab.test.ts and html.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { expect } from 'vitest';

import { runProgram } from '../../course/lib/harness';
import { packageRoot } from '../../course/programs';
import { findLabScenario, missing, MODE_OPTIONS, type Mode } from '../../tools/lab/record';
import type { LabEvent, PacketEvent, Summary } from '../../tools/lab/timeline';

const root = process.getuid?.() === 0;
const strace = spawnSync('strace', ['-V']).error === undefined;
const unshare = root && spawnSync('unshare', ['-n', 'true']).status === 0;
export const cli = join(packageRoot(), 'dist', 'tools', 'lab', 'cli.js');

/** Why `scenario` cannot run here in these modes, or undefined. */
export function whyNot(scenario: string, modes: Mode[]): string | undefined {
  if (!root) return 'needs root (AF_PACKET capture, unshare -n)';
  if (!strace) return 'strace is not installed';
  if (!unshare) return 'unshare -n does not work here';
  if (!existsSync(cli)) return `${cli} is not built: npm run build:ts`;
  for (const mode of modes) {
    const why = missing(findLabScenario(scenario)!, mode);
    if (why !== null) return why;
  }
  return undefined;
}

export interface LabJson {
  events: LabEvent[];
  summary: Summary;
  record: { notes: string[]; netns: boolean; client: { status: number | null } };
}

/**
 * Runs the CLI on `scenario` in `mode` (with a kill timeout: the lab kills its own children),
 * the JSON written in `dir`; checks that it ran in its namespace, with nothing to note.
 */
export async function runLab(
  dir: string,
  scenario: string,
  mode: Mode,
  extra: string[] = [],
  script = cli,
): Promise<LabJson> {
  const json = join(dir, `${scenario}-${mode}.json`);
  const result = await runProgram(
    [process.execPath, script, scenario, MODE_OPTIONS[mode], '--json', json, ...extra],
    { killAfterMs: 90_000 },
  );
  expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
  const data = JSON.parse(readFileSync(json, 'utf8')) as LabJson;
  expect(data.record.netns).toBe(true);
  expect(data.record.notes).toEqual([]);
  expect(data.record.client.status).toBe(0);
  return data;
}

export const packets = (events: LabEvent[]): PacketEvent[] =>
  events.filter((e): e is PacketEvent => e.kind === 'packet');
