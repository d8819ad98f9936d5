/**
 * tools/sandbox/netns.ts: the network namespace a whole checked scenario runs in. As root
 * (`unshare -n`) and as an ordinary user (`unshare -Urn`, here `nobody` through runuser when
 * the tests run as root), the run inside sees lo, up, and nothing else, and no route.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

import { netnsSupport } from '../../tools/sandbox/netns';
import { scaled } from '../course/timeouts';

const ROOT = process.getuid?.() === 0;
const child = path.join(__dirname, 'netns-child.cjs');

describe('a network namespace for a scenario', () => {
  const users = ROOT ? ['root', 'nobody'] : ['user'];
  for (const as of users) {
    it(`as ${as}: lo, up, and no route`, () => {
      const argv =
        as === 'nobody'
          ? ['runuser', '-u', 'nobody', '--', process.execPath, child]
          : [process.execPath, child];
      const run = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', timeout: scaled(20_000) });
      expect(run.stderr).toBe('');
      // A new namespace's lo is "UNKNOWN" once up (no carrier to speak of), with LOOPBACK,UP.
      expect(run.stdout).toBe(
        'lo UNKNOWN 00:00:00:00:00:00 <LOOPBACK,UP,LOWER_UP> \nroutes: none\n',
      );
      expect(run.status).toBe(0);
    });
  }

  it('netnsSupport says whether one can be made', () => {
    expect(netnsSupport()).toEqual({ ok: true });
  });
});
