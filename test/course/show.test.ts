/**
 * bsd-sockets-course show (tools/course/show.ts, issue 19 item 11): a C program and its TS
 * port side by side, each call beside its twin, then the strace comparison. Tested on its
 * function, showMain (the course CLI calls it): every course program within --width 80 and
 * 120, a user's pair of files, the page, and one program with its strace comparison.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it, vi } from 'vitest';

import { alignSources, callsOf, showablePrograms, showMain } from '../../tools/course/show';
import { whyNot } from '../lab/run-lab';

const dir = mkdtempSync(join(tmpdir(), 'bsd-sockets-show-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** showMain's status and what it wrote on stdout and stderr. */
async function show(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((t) => ((out += String(t)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((t) => ((err += String(t)), true));
  try {
    const code = await showMain(argv);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe('bsd-sockets-course show', () => {
  it('finds the calls of a line, strings and comments left out', () => {
    expect(callsOf('  if ((sock = socket(AF_INET, SOCK_STREAM, 0)) == -1) { /* f(x) */')).toEqual([
      'socket',
    ]);
    expect(callsOf("    fprintf(stderr, 'usage: %s (id)\\n', argv[0]);")).toEqual(['fprintf']);
    expect(callsOf(' * à la fois : accept(2), puis')).toEqual([]);
  });

  it('aligns each call with its twin, the lines between beside each other', () => {
    const c = 'int s;\ns = socket(1);\nx = 1;\ny = 2;\nbind(s);\nclose(s);\n';
    const ts = 'let s = 0;\ns = socket(1);\nbind(s);\nputs("x");\nclose(s);\n';
    expect(
      alignSources(c, ts).map((r) => [r.c?.n ?? null, r.ts?.n ?? null, r.twin ?? null]),
    ).toEqual([
      [1, 1, null],
      [2, 2, 'socket'],
      [3, null, null],
      [4, null, null],
      [5, 3, 'bind'],
      [null, 4, null],
      [6, 5, 'close'],
    ]);
  });

  it('every course program, within --width 80 and 120: each line of both sources once, in order', async () => {
    const names = showablePrograms();
    expect(names).toContain('tp_tcp/serveur_sleep');
    expect(names).toContain('tools/sockstat');
    for (const name of names) {
      for (const width of [80, 120]) {
        const { code, out, err } = await show([name, '--width', String(width), '--no-trace']);
        expect(code, `${name}: ${err}`).toBe(0);
        expect(
          out.split('\n').filter((l) => [...l].length > width),
          `${name} at ${width}`,
        ).toEqual([]);
      }
      const rows = alignSources(
        readFileSync(join(__dirname, '..', '..', 'course', `${name}.c`), 'utf8'),
        readFileSync(join(__dirname, '..', '..', 'course', `${name}.ts`), 'utf8'),
      );
      for (const lane of ['c', 'ts'] as const) {
        const numbers = rows.flatMap((r) => (r[lane] ? [r[lane].n] : []));
        expect(numbers).toEqual(numbers.map((_, i) => i + 1));
      }
      // A port calls the C program's functions: lines with a call get their twin, over 90%
      // of them in most programs; the fewest in the thread server (11 of 17), sockstat (72 of
      // 92), the fork server (8 of 21: its port forks a node process per client) and the
      // async server (14 of 40: its port awaits promises).
      const cCalls = rows.filter((r) => r.c && callsOf(r.c.text).length > 0).length;
      expect(rows.filter((r) => r.twin).length, name).toBeGreaterThan(cCalls / 3);
    }
  }, 60_000);

  it("a user's pair of files, and its page: both sources in a table, the twins marked, no request", async () => {
    const c = join(dir, 'mine.c');
    const ts = join(dir, 'mine.ts');
    writeFileSync(
      c,
      'int main(void) {\n  int s = socket(AF_INET, SOCK_DGRAM, 0);\n  close(s);\n}\n',
    );
    writeFileSync(
      ts,
      'function main(): number {\n  const s = socket(AF_INET, SOCK_DGRAM, 0);\n  close(s);\n}\n',
    );
    const html = join(dir, 'mine.html');
    const { code, out } = await show(['--c', c, '--ts', ts, '--html', html, '--width', '80']);
    expect(code).toBe(0);
    expect(out).toContain('   2   int s = socket(AF_INET,');
    expect(out).toMatch(/ = +2 +const s = socket\(AF_INET,\n/);
    expect(out).toContain('2 lines matched with their twin');
    const page = readFileSync(html, 'utf8');
    expect(page).not.toMatch(/https?:|<script|<link|src=/i);
    expect(page.match(/<tr class="twin"/g)).toHaveLength(2);
    expect(page).not.toContain('The strace comparison');
    expect(await show(['--c', c])).toMatchObject({ code: 2 });
    expect(await show(['nope/nothing'])).toMatchObject({ code: 2 });
  });

  it('a course program with its strace comparison beneath', async (ctx) => {
    const why = whyNot('tp_tcp', ['c', 'ts']);
    if (why) return ctx.skip(why);
    const html = join(dir, 'serveur.html');
    const { code, out } = await show(['tp_tcp/serveur', '--width', '100', '--html', html]);
    expect(code).toBe(0);
    expect(out).toContain('The strace comparison (bsd-sockets-trace tp_tcp/serveur):');
    expect(out).toMatch(/C against TS: identical/);
    expect(out.split('\n').filter((l) => [...l].length > 100)).toEqual([]);
    expect(readFileSync(html, 'utf8')).toContain('<pre class="trace" id="trace">');
  }, 120_000);
});
