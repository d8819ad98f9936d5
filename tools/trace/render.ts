/**
 * Side-by-side text for a terminal: C on the left, TS on the right, one row per aligned
 * pair, long calls wrapped within their column. The gutter says what a row is:
 *   ' ' same    '!' changed    '<' only in C    '>' only in TS
 * and each differing row is followed by its reasons, `  => reason`. The last line is the
 * summary. Colours (ANSI) only when asked: the CLI asks when stdout is a TTY and NO_COLOR is unset.
 */
import type { DiffRow, TraceDiff } from './diff';
import type { NormalizedEvent } from './normalize';

export interface RenderOptions {
  /** Total width in columns; the CLI passes $COLUMNS or 160. */
  width?: number;
  color?: boolean;
  /** Show strace's own text instead of the normalized text (alignment stays normalized). */
  raw?: boolean;
  /** Column titles, e.g. the two commands. */
  cTitle?: string;
  tsTitle?: string;
}

export const DEFAULT_WIDTH = 160;

const GUTTER: Record<DiffRow['kind'], string> = {
  same: ' ',
  changed: '!',
  'c-only': '<',
  'ts-only': '>',
};
const COLOR: Record<DiffRow['kind'], string> = {
  same: '',
  changed: '33',
  'c-only': '31',
  'ts-only': '32',
};

export function renderDiff(diff: TraceDiff, options: RenderOptions = {}): string {
  const width = Math.max(options.width ?? DEFAULT_WIDTH, 23);
  const column = Math.floor((width - 3) / 2);
  const paint = painter(options.color ?? false);
  const lines: string[] = [];
  if (options.cTitle !== undefined || options.tsTitle !== undefined) {
    lines.push(
      ...sideBySide(`C: ${options.cTitle ?? ''}`, `TS: ${options.tsTitle ?? ''}`, ' ', column).map(
        (line) => paint('1', line),
      ),
    );
    lines.push(paint('1', `${'-'.repeat(column)}-+-${'-'.repeat(width - column - 3)}`));
  }
  for (const row of diff.rows) {
    const left = row.c ? eventText(row.c, options.raw) : '';
    const right = row.ts ? eventText(row.ts, options.raw) : '';
    lines.push(
      ...sideBySide(left, right, GUTTER[row.kind], column).map((line) =>
        paint(COLOR[row.kind], line),
      ),
    );
    for (const reason of row.reasons) {
      lines.push(...wrap(`  => ${reason.text}`, width).map((line) => paint('2', line)));
    }
  }
  lines.push(...wrap(diff.summary, width).map((line) => paint(diff.equal ? '1;32' : '1;31', line)));
  return `${lines.join('\n')}\n`;
}

/** One trace alone, one event a line (for --only). */
export function renderSingle(
  events: readonly NormalizedEvent[],
  options: RenderOptions = {},
): string {
  const lines = events.map((event) => eventText(event, options.raw));
  lines.push(`${events.length} socket call${events.length === 1 ? '' : 's'}`);
  return `${lines.join('\n')}\n`;
}

function eventText(event: NormalizedEvent, raw: boolean | undefined): string {
  const text = raw ? event.raw : event.text;
  return event.resolver === undefined ? text : `(resolver ${event.resolver}) ${text}`;
}

function sideBySide(left: string, right: string, gutter: string, column: number): string[] {
  const leftLines = wrap(left, column);
  const rightLines = wrap(right, column);
  const count = Math.max(leftLines.length, rightLines.length);
  const lines: string[] = [];
  for (let index = 0; index < count; index++) {
    const line = `${(leftLines[index] ?? '').padEnd(column)} ${gutter} ${rightLines[index] ?? ''}`;
    lines.push(line.trimEnd());
  }
  return lines;
}

/**
 * Breaks after the last space that fits; hard at the width only in a word longer than the
 * line (a name is never cut where a space could cut it).
 */
export function wrap(text: string, width: number, indent = ''): string[] {
  const pieces: string[] = [];
  let rest = text;
  let prefix = '';
  while (prefix.length + rest.length > width) {
    const room = Math.max(1, width - prefix.length);
    let cut = room;
    for (let i = room; i > 0; i--)
      if (rest[i - 1] === ' ') {
        cut = i;
        break;
      }
    pieces.push((prefix + rest.slice(0, cut)).trimEnd());
    rest = rest.slice(cut).replace(/^ +/, '');
    prefix = indent;
  }
  pieces.push(prefix + rest);
  return pieces;
}

// eslint-disable-next-line no-control-regex -- ANSI colour codes start with ESC
const ANSI = /\u001b\[[0-9;]*m/g;

/**
 * Each line of `text` longer than `width` (ANSI colours not counted) wrapped, its next
 * lines indented by two spaces: headers, notes and summaries within --width.
 */
export function fitLines(text: string, width: number): string {
  return text
    .split('\n')
    .flatMap((line) => (line.replace(ANSI, '').length <= width ? [line] : wrap(line, width, '  ')))
    .join('\n');
}

function painter(enabled: boolean): (code: string, text: string) => string {
  return (code, text) => (enabled && code !== '' ? `\u001b[${code}m${text}\u001b[0m` : text);
}
