/**
 * The "unknown host" scenarios ask no DNS server: `a..b` (and `256.1.1.1` for
 * gethostbyname) is rejected by the C library after reading /etc/hosts, before any query.
 * Checked under strace, for the C reference and the TypeScript port alike: no connect,
 * sendto, sendmsg or sendmmsg to port 53 (nor any AF_INET/AF_INET6 one at all).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { describe, expect, it } from 'vitest';

import { runProgram } from '../../course/lib/harness';
import { commandFor } from '../../course/programs';
import { LANGUAGES, failure, missingBuilds, outcome } from './helpers';
import { scaled } from './timeouts';

/** Why strace cannot trace a program here, or null when it can. */
function straceUnavailable(): string | null {
  const result = spawnSync('strace', ['-qq', '-e', 'trace=none', 'true'], { encoding: 'utf8' });
  if (result.error) return `strace is not installed (${result.error.message})`;
  if (result.status !== 0)
    return `strace cannot trace here (ptrace not permitted?): ${result.stderr.trim()}`;
  return null;
}
const noStrace = straceUnavailable();

const SCENARIOS = [
  { name: 'udp_ipv4/client_ipv4', args: ['a..b', '3000'], stderr: 'gethostbyname: Unknown host\n' },
  {
    name: 'udp_ipv4/client_ipv4',
    args: ['256.1.1.1', '3000'],
    stderr: 'gethostbyname: Unknown host\n',
  },
  {
    name: 'udp_broadcast/broadcast',
    args: ['a..b', '3000'],
    stderr: 'gethostbyname: Unknown host\n',
  },
  { name: 'resolution/hostbyname', args: ['a..b'], stderr: 'gethostbyname: Unknown host\n' },
  {
    name: 'udp_ipv6/client',
    args: ['a..b', '3000'],
    stderr: 'getaddrinfo: Name or service not known\n',
  },
  {
    name: 'tcp/client',
    args: ['a..b', '3000'],
    stderr: 'getaddrinfo: Name or service not known\n',
  },
];

describe
  .skipIf(missingBuilds() !== null || noStrace !== null)
  .concurrent('unknown host without a DNS query (strace)', { timeout: scaled(60_000) }, () => {
    for (const scenario of SCENARIOS) {
      for (const language of LANGUAGES) {
        it(`${language} ${scenario.name} ${scenario.args.join(' ')}`, async () => {
          const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bsdc-dns-'));
          const traceFile = path.join(dir, 'trace');
          try {
            const result = await runProgram([
              'strace',
              '-f',
              '-qq',
              '-o',
              traceFile,
              '-e',
              'trace=connect,sendto,sendmsg,sendmmsg',
              ...commandFor(language, scenario.name, scenario.args),
            ]);
            expect(outcome(result)).toEqual(failure(scenario.stderr));
            const trace = fs.readFileSync(traceFile, 'utf8');
            expect(trace).not.toMatch(/htons\(53\)/);
            // Only AF_UNIX connects (nscd's socket) may appear: no network address at all.
            expect(trace).not.toMatch(/AF_INET/);
          } finally {
            fs.rmSync(dir, { recursive: true, force: true });
          }
        });
      }
    }
  });

if (noStrace !== null) {
  describe('unknown host without a DNS query', () => {
    it.skip(`skipped: ${noStrace}`, () => {});
  });
}
