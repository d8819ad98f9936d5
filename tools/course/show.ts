/**
 * bsd-sockets-course show <program> [--html FILE] [--width N] [--no-trace]
 * bsd-sockets-course show --c FILE.c --ts FILE.ts [--html FILE] [--width N]
 *
 * A C program and its TypeScript port side by side, aligned line for line: each line that
 * calls a function is matched with its twin, the line of the other side that calls the same
 * one in the same order (a longest common subsequence of the calls, as diff does with
 * lines); the lines between two twins are shown beside each other. For a course program,
 * the strace comparison (bsd-sockets-trace) follows. In the terminal within --width; with
 * --html, a printable page too.
 *
 * Exit status: 0 shown, 1 a file unreadable or the trace failed, 2 usage error.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { packageRoot, programs } from '../../course/programs';
import { tools } from '../../course/tools/table';
import { runCli } from '../trace/cli';
import { wrap } from '../trace/render';

export const SHOW_USAGE = `usage: bsd-sockets-course show <program> [--html FILE] [--width N] [--no-trace]
       bsd-sockets-course show --c FILE.c --ts FILE.ts [--html FILE] [--width N]
  the C program and its TypeScript port side by side, each call beside its twin, then
  (for a course program) the strace comparison of both
  --html FILE    also write it as a page (projector, print)
  --width N      columns (80 or more; default $COLUMNS, else 160)
  --no-trace     without the strace comparison
`;

/** One row: a line of each side (undefined: none), 1-based numbers; twin: the same call. */
export interface ShowRow {
  c: { n: number; text: string } | undefined;
  ts: { n: number; text: string } | undefined;
  twin: string | undefined;
}

/** Words that look like calls but are not (C's and TS's keywords, casts). */
const NOT_CALLS = new Set([
  'if',
  'while',
  'for',
  'switch',
  'return',
  'sizeof',
  'function',
  'catch',
  'typeof',
  'new',
  'main',
  'Number',
  'String',
  'Boolean',
  'BigInt',
]);

/** The functions a line calls, in order ("socket", "bind", "printf"), comments left out. */
export function callsOf(line: string): string[] {
  const code = line
    .replace(/\/\/.*$/, '')
    .replace(/\/\*.*?\*\//g, '')
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""');
  if (/^\s*(\*|\/\*|#include|import |export \* )/.test(code)) return [];
  return [...code.matchAll(/\b([A-Za-z_]\w*)\s*\(/g)]
    .map((m) => m[1])
    .filter((name) => !NOT_CALLS.has(name));
}

/**
 * The two sources aligned: the lines whose first call is the same, in the same order (their
 * longest common subsequence), on one row; the lines between, beside each other.
 */
export function alignSources(cText: string, tsText: string): ShowRow[] {
  const c = cText.replace(/\n$/, '').split('\n');
  const ts = tsText.replace(/\n$/, '').split('\n');
  const key = (line: string): string | undefined => callsOf(line)[0];
  const ck = c.map(key);
  const tk = ts.map(key);
  // LCS over the lines that call something (others never match).
  const m = c.length;
  const n = ts.length;
  const table: Uint32Array[] = Array.from({ length: m + 1 }, () => new Uint32Array(n + 1));
  for (let i = m - 1; i >= 0; i--)
    for (let j = n - 1; j >= 0; j--)
      table[i][j] =
        ck[i] !== undefined && ck[i] === tk[j]
          ? table[i + 1][j + 1] + 1
          : Math.max(table[i + 1][j], table[i][j + 1]);
  const pairs: [number, number][] = [];
  for (let i = 0, j = 0; i < m && j < n;) {
    if (ck[i] !== undefined && ck[i] === tk[j]) {
      pairs.push([i, j]);
      i++;
      j++;
    } else if (table[i + 1][j] >= table[i][j + 1]) i++;
    else j++;
  }
  const rows: ShowRow[] = [];
  let i = 0;
  let j = 0;
  const between = (toI: number, toJ: number): void => {
    while (i < toI || j < toJ) {
      rows.push({
        c: i < toI ? { n: i + 1, text: c[i] } : undefined,
        ts: j < toJ ? { n: j + 1, text: ts[j] } : undefined,
        twin: undefined,
      });
      if (i < toI) i++;
      if (j < toJ) j++;
    }
  };
  for (const [pi, pj] of pairs) {
    between(pi, pj);
    rows.push({ c: { n: pi + 1, text: c[pi] }, ts: { n: pj + 1, text: ts[pj] }, twin: ck[pi] });
    i = pi + 1;
    j = pj + 1;
  }
  between(m, n);
  return rows;
}

/** The rows as text in two columns, `width` in all, long lines wrapped in their column. */
export function renderShowText(
  rows: readonly ShowRow[],
  titles: { c: string; ts: string },
  width: number,
): string {
  const column = Math.floor((width - 3) / 2);
  const text = column - 5; // "NNNN " before each line
  const side = (cell: ShowRow['c']): string[] =>
    cell === undefined
      ? ['']
      : wrap(cell.text.replace(/\t/g, '  ').trimEnd(), text).map(
          (line, k) => `${k === 0 ? String(cell.n).padStart(4) : '    '} ${line}`,
        );
  const lines = [
    ...pair(wrap(`C: ${titles.c}`, column), wrap(`TS: ${titles.ts}`, column), ' ', column),
    `${'-'.repeat(column)}-+-${'-'.repeat(width - column - 3)}`,
  ];
  for (const row of rows)
    lines.push(...pair(side(row.c), side(row.ts), row.twin ? '=' : ' ', column));
  const twins = rows.filter((r) => r.twin).length;
  lines.push(
    ...wrap(
      `${twins} lines matched with their twin (=: the same call on both sides, in the same order)`,
      width,
    ),
  );
  return `${lines.join('\n')}\n`;
}

function pair(left: string[], right: string[], mark: string, column: number): string[] {
  const out: string[] = [];
  for (let k = 0; k < Math.max(left.length, right.length); k++)
    out.push(
      `${(left[k] ?? '').padEnd(column)} ${k === 0 ? mark : ' '} ${right[k] ?? ''}`.trimEnd(),
    );
  return out;
}

function esc(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!,
  );
}

/** The page: the two sources in a table, twins marked, then the strace comparison's text. */
export function renderShowHtml(
  heading: string,
  rows: readonly ShowRow[],
  titles: { c: string; ts: string },
  trace: string | undefined,
): string {
  const cell = (c: ShowRow['c']): string =>
    c === undefined
      ? '<td class="n"></td><td class="src"></td>'
      : `<td class="n">${c.n}</td><td class="src">${esc(c.text)}</td>`;
  const body = rows
    .map(
      (r) =>
        `<tr${r.twin ? ` class="twin" data-call="${esc(r.twin)}"` : ''}>${cell(r.c)}<td class="mark">${r.twin ? '=' : ''}</td>${cell(r.ts)}</tr>`,
    )
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(heading)}</title>
<style>
* { box-sizing: border-box; }
body { font-family: sans-serif; margin: 1em; }
h1 { font-size: 1.4em; overflow-wrap: anywhere; }
table.show { width: 100%; table-layout: fixed; border-collapse: collapse; font-family: monospace; font-size: 12px; }
col.n { width: 3.5em; } col.mark { width: 1.5em; } col.src { width: auto; }
th { text-align: left; font-family: sans-serif; border-bottom: 2px solid #888; overflow-wrap: anywhere; }
td { vertical-align: top; padding: 0 3px; white-space: pre-wrap; overflow-wrap: anywhere; }
td.n { color: #888; text-align: right; }
tr.twin td.src { background: #e8f0fe; }
td.mark { text-align: center; color: #2f6fbf; font-weight: bold; }
pre.trace { white-space: pre-wrap; overflow-wrap: anywhere; font-size: 11px; border-top: 2px solid #888; padding-top: 0.5em; }
@media print { body { margin: 0; } table.show { font-size: 8pt; } tr { break-inside: avoid; } thead { display: table-header-group; } pre.trace { font-size: 7pt; } }
</style></head><body>
<h1>${esc(heading)}</h1>
<p>Left: the C program; right: its TypeScript port. = and blue: a line calling the same function as its twin on the other side, in the same order.</p>
<table class="show" id="show"><colgroup><col class="n"><col class="src"><col class="mark"><col class="n"><col class="src"></colgroup>
<thead><tr><th colspan="2">C: ${esc(titles.c)}</th><th></th><th colspan="2">TS: ${esc(titles.ts)}</th></tr></thead>
<tbody>
${body}
</tbody></table>
${trace === undefined ? '' : `<h2>The strace comparison</h2>\n<pre class="trace" id="trace">${esc(trace)}</pre>\n`}</body></html>
`;
}

interface ShowArgs {
  program?: string;
  c?: string;
  ts?: string;
  html?: string;
  width: number;
  trace: boolean;
}

function parseShowArgs(argv: readonly string[]): ShowArgs | string {
  const args: ShowArgs = { width: Number(process.env.COLUMNS) || 160, trace: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--c' || a === '--ts' || a === '--html' || a === '--width') {
      const value = argv[++i];
      if (value === undefined) return `${a} needs a value`;
      if (a === '--width') args.width = Number(value);
      else args[a.slice(2) as 'c' | 'ts' | 'html'] = value;
    } else if (a === '--no-trace') args.trace = false;
    else if (a.startsWith('-')) return `unknown option ${a}`;
    else if (args.program !== undefined) return `one program only (${args.program}, ${a})`;
    else args.program = a;
  }
  if (!Number.isInteger(args.width) || args.width < 80) return '--width needs a number, 80 or more';
  if (args.program === undefined && (args.c === undefined || args.ts === undefined))
    return 'which program? (or --c FILE.c --ts FILE.ts)';
  if (args.program !== undefined && (args.c !== undefined || args.ts !== undefined))
    return 'a program or --c/--ts, not both';
  return args;
}

/** The course programs and tools `show` knows: `<folder>/<name>`. */
export function showablePrograms(): string[] {
  return [...programs.map((p) => p.name), ...tools.map((t) => t.name)];
}

export async function showMain(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(SHOW_USAGE);
    return 0;
  }
  const args = parseShowArgs(argv);
  if (typeof args === 'string') {
    process.stderr.write(`bsd-sockets-course show: ${args}\n${SHOW_USAGE}`);
    return 2;
  }
  let cFile = args.c;
  let tsFile = args.ts;
  if (args.program !== undefined) {
    if (!showablePrograms().includes(args.program)) {
      process.stderr.write(
        `bsd-sockets-course show: no course program ${args.program} (${showablePrograms().join(', ')})\n`,
      );
      return 2;
    }
    cFile = join(packageRoot(), 'course', `${args.program}.c`);
    tsFile = join(packageRoot(), 'course', `${args.program}.ts`);
  }
  const sources: string[] = [];
  for (const file of [cFile!, tsFile!]) {
    if (!existsSync(file)) {
      process.stderr.write(`bsd-sockets-course show: ${file}: no such file\n`);
      return 1;
    }
    sources.push(readFileSync(file, 'utf8'));
  }
  const titles = args.program
    ? { c: `course/${args.program}.c`, ts: `course/${args.program}.ts` }
    : { c: cFile!, ts: tsFile! };
  const rows = alignSources(sources[0], sources[1]);
  process.stdout.write(renderShowText(rows, titles, args.width));
  let trace: string | undefined;
  let status = 0;
  if (args.program !== undefined && args.trace) {
    // The strace comparison, from bsd-sockets-trace itself (its scenario of this program).
    let text = '';
    const code = await runCli(['--quiet', '--width', String(args.width), args.program], {
      write: (t) => (text += t),
      writeError: (t) => (text += t),
      env: process.env,
      isTTY: false,
    });
    trace = text;
    process.stdout.write(`\nThe strace comparison (bsd-sockets-trace ${args.program}):\n${text}`);
    if (code === 2) status = 1;
  }
  if (args.html !== undefined) {
    const heading = `bsd-sockets-course show ${args.program ?? `${titles.c} ${titles.ts}`}`;
    writeFileSync(args.html, renderShowHtml(heading, rows, titles, trace));
  }
  return status;
}
