/**
 * course/tools/getopt.ts, the getopt(3) of the tools' ports, against glibc's: the same
 * argv gives the same options, optarg, optind and error messages. The expected lines are
 * what glibc 2.36's getopt printed for the same argv (a C loop printing "c:optarg," per
 * option, then "-1 optind=N"; argv[0] "prog").
 *
 * Each case runs in a child process (the built dist/ file, as the tools run it): getopt's
 * state (optind, and where it is inside a group of options) is the module's, as C's is the
 * C library's, and its messages go to fd 2.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

import { describe, expect, it } from 'vitest';

import { scaled } from './timeouts';

const built = path.resolve(__dirname, '../../dist/course/tools/getopt.js');

/** The C loop, on the TS getopt. */
const LOOP = `
const g = require(${JSON.stringify(built)});
const argv = process.argv.slice(1);
g.set_opterr(Number(process.env.OPTERR));
let out = '', c;
while ((c = g.getopt(argv.length, argv, process.env.OPTSTRING)) !== -1)
  out += c + ':' + (g.optarg === null ? '-' : g.optarg) + ',';
process.stdout.write(out + '-1 optind=' + g.optind + '\\n');
`;

function run(args: string[], opterr: number, optstring = '+ulw:'): [string, string] {
  const result = spawnSync(process.execPath, ['-e', LOOP, 'prog', ...args], {
    env: { ...process.env, OPTERR: String(opterr), OPTSTRING: optstring },
    encoding: 'utf8',
    timeout: scaled(10_000),
  });
  expect(result.status, result.stderr).toBe(0);
  return [result.stdout, result.stderr];
}

describe('tools/getopt, as glibc getopt', () => {
  it.each([
    [['-u', '-w', '5', 'host', '3000'], 'u:-,w:5,-1 optind=4\n', ''],
    [['-ulw1', 'h'], 'u:-,l:-,w:1,-1 optind=2\n', ''],
    [['-x', 'a'], '?:-,-1 optind=2\n', "prog: invalid option -- 'x'\n"],
    [['-w'], '?:-,-1 optind=2\n', "prog: option requires an argument -- 'w'\n"],
    [['--', '-u'], '-1 optind=2\n', ''],
    [['a', '-u'], '-1 optind=1\n', ''],
    [['-'], '-1 optind=1\n', ''],
    [['-u', '-:', 'x'], 'u:-,?:-,-1 optind=3\n', "prog: invalid option -- ':'\n"],
    [['-uw'], 'u:-,?:-,-1 optind=2\n', "prog: option requires an argument -- 'w'\n"],
  ])(
    '%j',
    (args, stdout, stderr) => {
      expect(run(args, 1)).toEqual([stdout, stderr]);
      // opterr = 0, as the tools set it: the same results, and nothing printed.
      expect(run(args, 0)).toEqual([stdout, '']);
    },
    scaled(30_000),
  );
});
