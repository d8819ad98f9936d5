/**
 * bsd-sockets-trace --html FILE: the side-by-side comparison as one self-contained page (no
 * script, no request: it opens from file://), for a projector and for paper. The same rows
 * as the terminal's (render.ts): C on the left, TS on the right, the gutter mark (' ' same,
 * '!' changed, '<' only in C, '>' only in TS) and each differing row's reasons beneath it,
 * then the summary. Its columns are fractions of the page and every cell wraps: it reflows
 * with the window and prints on A4, portrait or landscape.
 */
import type { DiffRow, TraceDiff } from './diff';
import type { NormalizedEvent } from './normalize';

export interface HtmlSection {
  /** "the server", "the client beside it, run 1 of 2"; "" for a single comparison. */
  title: string;
  diff: TraceDiff;
  cTitle: string;
  tsTitle: string;
  /** Lines under the section: how each side ended. */
  notes: string[];
}

const MARK: Record<DiffRow['kind'], string> = {
  same: '',
  changed: '!',
  'c-only': '<',
  'ts-only': '>',
};

function esc(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

function eventText(event: NormalizedEvent | undefined, raw: boolean): string {
  if (event === undefined) return '';
  const text = raw ? event.raw : event.text;
  return event.resolver === undefined ? text : `(resolver ${event.resolver}) ${text}`;
}

const CSS = `
* { box-sizing: border-box; }
body { font-family: sans-serif; margin: 1em; }
h1 { font-size: 1.4em; overflow-wrap: anywhere; }
h2 { font-size: 1.15em; }
table.diff { width: 100%; table-layout: fixed; border-collapse: collapse; font-family: monospace; font-size: 13px; }
table.diff col.side { width: 48%; }
table.diff col.mark { width: 4%; }
table.diff th { text-align: left; font-family: sans-serif; border-bottom: 2px solid #888; overflow-wrap: anywhere; }
table.diff td { vertical-align: top; padding: 1px 4px; white-space: pre-wrap; overflow-wrap: anywhere; }
td.mark { text-align: center; font-weight: bold; }
tr.changed td { background: #fff4d6; }
tr.c-only td.c, tr.c-only td.mark { background: #fde2e1; }
tr.ts-only td.ts, tr.ts-only td.mark { background: #dff5e1; }
tr.reason td { color: #555; font-family: sans-serif; font-size: 12px; padding-left: 2em; }
p.summary { font-weight: bold; }
p.summary.equal { color: #1b5e20; }
p.summary.different { color: #b71c1c; }
pre.notes { white-space: pre-wrap; overflow-wrap: anywhere; }
@media print {
  body { margin: 0; font-size: 10pt; }
  table.diff { font-size: 8pt; }
  tr { break-inside: avoid; }
  thead { display: table-header-group; }
}
`;

/** The page of one or more comparisons (the server and each client run beside it). */
export function renderDiffHtml(
  heading: string,
  sections: readonly HtmlSection[],
  options: { raw?: boolean; notes?: string[] } = {},
): string {
  const raw = options.raw ?? false;
  const body = sections.map((section) => {
    const rows = section.diff.rows.flatMap((row) => [
      `<tr class="${row.kind}"><td class="c">${esc(eventText(row.c, raw))}</td><td class="mark">${MARK[row.kind]}</td><td class="ts">${esc(eventText(row.ts, raw))}</td></tr>`,
      ...row.reasons.map(
        (reason) => `<tr class="reason"><td colspan="3">⇒ ${esc(reason.text)}</td></tr>`,
      ),
    ]);
    return `${section.title ? `<h2>${esc(section.title)}, C against TS</h2>\n` : ''}<table class="diff"><colgroup><col class="side"><col class="mark"><col class="side"></colgroup>
<thead><tr><th>C: ${esc(section.cTitle)}</th><th></th><th>TS: ${esc(section.tsTitle)}</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table>
<p class="summary ${section.diff.equal ? 'equal' : 'different'}">${esc(section.diff.summary)}</p>
${section.notes.length ? `<pre class="notes">${esc(section.notes.join('\n'))}</pre>\n` : ''}`;
  });
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(heading)}</title>
<style>${CSS}</style></head><body>
<h1>${esc(heading)}</h1>
<p>Left: the C program's socket calls; right: the TypeScript port's, aligned. In the middle: ! changed, &lt; only in C, &gt; only in TS; ⇒ why a row differs.</p>
${body.join('\n')}${options.notes?.length ? `<pre class="notes">${esc(options.notes.join('\n'))}</pre>\n` : ''}</body></html>
`;
}
