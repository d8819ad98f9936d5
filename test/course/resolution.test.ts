/**
 * resolution/hostbyname and resolution/hostbyaddr, lab exercise 1.1 (course/scenarios.md).
 * Only `localhost` and numeric addresses are looked up (in /etc/hosts); the unknown
 * reverse look-up runs in a network namespace without network (`unshare -n`). Each
 * scenario runs the C reference and the TypeScript port and asserts the same stdout,
 * stderr and exit status, then the expected text.
 */
import { spawnSync } from 'node:child_process';

import { describe, expect, it } from 'vitest';

import { commandFor } from '../../course/programs';
import { runProgram } from '../../course/lib/harness';
import { failure, inBothLanguages, missingBuilds, outcome, run } from './helpers';
import { scaled } from './timeouts';

const BY_NAME = 'resolution/hostbyname';
const BY_ADDR = 'resolution/hostbyaddr';

/** Why `unshare -n` cannot make a network namespace here, or null when it can. */
function unshareUnavailable(): string | null {
  const result = spawnSync('unshare', ['-n', 'true'], { encoding: 'utf8' });
  if (result.error) return `unshare: ${result.error.message}`;
  return result.status === 0 ? null : `unshare -n: ${result.stderr.trim()} (needs CAP_SYS_ADMIN)`;
}
const noUnshare = unshareUnavailable();

/** hostbyname's lines look like this: the official name, aliases, addresses. */
const ENTRY_LINE = /^(Nom officiel|Alias|Adresse) : \S+$/;

describe
  .skipIf(missingBuilds() !== null)
  .concurrent('resolution', { timeout: scaled(60_000) }, () => {
    it('wrong argument count: "usage: argv0 host" / "usage: argv0 addr", exit 1', async () => {
      const results = await Promise.all([
        inBothLanguages((language) => run(language, BY_NAME, [])),
        inBothLanguages((language) => run(language, BY_NAME, ['localhost', 'extra'])),
        inBothLanguages((language) => run(language, BY_ADDR, [])),
        inBothLanguages((language) => run(language, BY_ADDR, ['127.0.0.1', 'extra'])),
      ]);
      expect(results).toEqual([
        failure('usage: argv0 host\n'),
        failure('usage: argv0 host\n'),
        failure('usage: argv0 addr\n'),
        failure('usage: argv0 addr\n'),
      ]);
    });

    it('hostbyname localhost: its official name and 127.0.0.1 (from /etc/hosts)', async () => {
      const result = await inBothLanguages((language) => run(language, BY_NAME, ['localhost']));
      // Aliases depend on this machine's /etc/hosts: C and TS print the same ones.
      const lines = result.stdout.split('\n').slice(0, -1);
      expect(lines[0]).toBe('Nom officiel : localhost');
      expect(lines).toContain('Adresse : 127.0.0.1');
      for (const line of lines) expect(line).toMatch(ENTRY_LINE);
      expect(result.stderr).toBe('');
      expect(result.exit).toBe('0');
    });

    it('hostbyname 127.0.0.1: no look-up, the name is the argument', async () => {
      const result = await inBothLanguages((language) => run(language, BY_NAME, ['127.0.0.1']));
      expect(result).toEqual({
        stdout: 'Nom officiel : 127.0.0.1\nAdresse : 127.0.0.1\n',
        stderr: '',
        exit: '0',
      });
    });

    it('hostbyname, unknown host (a..b, 256.1.1.1): "gethostbyname: Unknown host", exit 1', async () => {
      const results = await Promise.all(
        ['a..b', '256.1.1.1'].map((host) =>
          inBothLanguages((language) => run(language, BY_NAME, [host])),
        ),
      );
      for (const result of results)
        expect(result).toEqual(failure('gethostbyname: Unknown host\n'));
    });

    it('hostbyaddr 127.0.0.1: the host entry of /etc/hosts', async () => {
      const result = await inBothLanguages((language) => run(language, BY_ADDR, ['127.0.0.1']));
      const lines = result.stdout.split('\n').slice(0, -1);
      expect(lines[0]).toBe('Nom officiel : localhost'); // the first 127.0.0.1 line of /etc/hosts
      expect(lines).toContain('Adresse : 127.0.0.1');
      for (const line of lines) expect(line).toMatch(ENTRY_LINE);
      expect(result.stderr).toBe('');
      expect(result.exit).toBe('0');
    });

    it('hostbyaddr, invalid address (abc, and 255.255.255.255: inet_addr\'s INADDR_NONE): "argv0: adresse invalide", exit 1', async () => {
      const results = await Promise.all(
        ['abc', '255.255.255.255'].map((address) =>
          inBothLanguages((language) => run(language, BY_ADDR, [address])),
        ),
      );
      expect(results).toEqual([
        failure('argv0: adresse invalide abc\n'),
        failure('argv0: adresse invalide 255.255.255.255\n'),
      ]);
    });

    it.skipIf(noUnshare !== null)(
      'hostbyaddr, address unknown and no network (unshare -n): "gethostbyaddr: Host name lookup failure"',
      async () => {
        // 127.0.0.2 is not in /etc/hosts: the resolver asks the DNS, which a namespace
        // without network cannot reach (nothing leaves it): TRY_AGAIN.
        const result = await inBothLanguages(async (language) =>
          outcome(
            await runProgram(['unshare', '-n', ...commandFor(language, BY_ADDR, ['127.0.0.2'])]),
          ),
        );
        expect(result).toEqual(failure('gethostbyaddr: Host name lookup failure\n'));
      },
    );
  });

if (noUnshare !== null) {
  describe('resolution (unshare)', () => {
    it.skip(`hostbyaddr without network: skipped, ${noUnshare}`, () => {});
  });
}
