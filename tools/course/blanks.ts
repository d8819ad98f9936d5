/**
 * The blanks of the course's solutions: markers written as comments in course/**\/*.c and
 * course/**\/*.ts, and the skeleton a solution becomes once every marked blank is emptied
 * (`bsd-sockets-course exercise`).
 *
 * The convention, the same in C and in TypeScript: a block comment whose text starts with
 * five dots, as the lab sheet's blanks,
 *
 *     serveur.sin_port = /* ..... le port du serveur, en ordre réseau *\/ htons(sport);
 *
 * marks the code after it. Right after an opening bracket it takes the whole list, up to the
 * bracket that closes it (the lab sheet's `socket(.....)`: every argument); anywhere else it
 * takes one element, up to the next `,` of its list, the `;` or the closing bracket (`id,
 * .....` in a printf, the right-hand side of `=`). In the skeleton that code is replaced by
 * the smallest thing that still compiles, and the comment stays:
 *
 *     serveur.sin_port = /* ..... le port du serveur, en ordre réseau *\/ 0;
 *
 * What replaces it, unless the marker says (`/* ..... what goes there | filler *\/`): for each
 * comma-separated element, `""` in C (`''` in TS) where the solution's element is a string
 * (`argv[1]`, a call to inet_ntoa or inet_ntop), otherwise `0` in C; `0` in TS where the
 * solution's element is evidently a number (a constant in capitals, a literal, `sizeof.x`,
 * htons/htonl/ntohs/ntohl, strlen, `.length`), otherwise `0 as never`, which every
 * parameter type accepts. Being comments, the markers change nothing in the solution: its
 * output, its trace and its lines stay.
 */

/** One marked blank of a solution. */
export interface Blank {
  /** 1-based line of the marker in the solution. */
  line: number;
  /** The marker's "what goes there" (may be empty). */
  what: string;
  /** The solution's code the blank takes out. */
  answer: string;
  /** What the skeleton has in its place. */
  filler: string;
}

export type SourceLanguage = 'c' | 'ts';

/** A marker's comment: `/*` then optional spaces and at least five dots. */
const MARKER = /^\/\*\s*\.{5}/;

/** Thrown for a marker whose blank cannot be found (a teacher's copy, with --from). */
export class MarkerError extends Error {}

/** The index just past the string, char or template literal starting at `i`. */
function skipQuoted(src: string, i: number): number {
  const quote = src[i];
  let j = i + 1;
  while (j < src.length && src[j] !== quote) {
    if (src[j] === '\\') j++;
    else if (src[j] === '\n' && quote !== '`') break;
    j++;
  }
  return j + 1;
}

/** The index just past the comment starting at `i` (`//` or `/*`), or -1 if none starts there. */
function skipComment(src: string, i: number): number {
  if (src.startsWith('//', i)) {
    const end = src.indexOf('\n', i);
    return end === -1 ? src.length : end;
  }
  if (src.startsWith('/*', i)) {
    const end = src.indexOf('*/', i + 2);
    return end === -1 ? src.length : end + 2;
  }
  return -1;
}

/**
 * The code of a blank starting at `start`: up to a `;` at depth 0, or the bracket closing the
 * one the marker is in. Returns its end and its elements (split at the commas of depth 0).
 */
function blankExtent(
  src: string,
  start: number,
  wholeList: boolean,
): { end: number; elements: string[] } {
  const elements: string[] = [];
  let depth = 0;
  let from = start;
  let i = start;
  while (i < src.length) {
    const c = src[i];
    const comment = skipComment(src, i);
    if (comment !== -1) {
      if (MARKER.test(src.slice(i, i + 12))) {
        throw new MarkerError('a marker inside the code of another blank');
      }
      i = comment;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      i = skipQuoted(src, i);
      continue;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && c === ';') break;
    else if (depth === 0 && c === ',') {
      if (!wholeList) break;
      elements.push(src.slice(from, i).trim());
      from = i + 1;
    }
    i++;
  }
  if (i >= src.length) throw new MarkerError('the blank has no end (no `;` nor closing bracket)');
  elements.push(src.slice(from, i).trim());
  if (elements.some((e) => e === '')) throw new MarkerError('a marker before no code');
  return { end: i, elements };
}

/** The skeleton's stand-in for one element of a blank's code (see the file's comment). */
function defaultFiller(element: string, language: SourceLanguage): string {
  // A string: what printf's %s, gethostbyname and inet_aton want (NULL would crash them).
  if (/\binet_nto[ap]\s*\(/.test(element) || /^argv\[\d+\]$/.test(element)) {
    return language === 'c' ? '""' : "''";
  }
  if (language === 'c') return '0';
  const numeric =
    /^(?:[A-Z][A-Z0-9_]*|-?\d[\w.]*|sizeof\.\w+)$/.test(element) ||
    /^(?:htons|htonl|ntohs|ntohl|strlen)\s*\(/.test(element) ||
    /\.length\b/.test(element);
  return numeric ? '0' : '0 as never';
}

/**
 * The C skeleton's blanks leave variables unused, or used before set: under the course's
 * `-Wall -Wextra -Werror` the skeleton would not compile. These pragmas, after the file's
 * header comment, make those diagnostics warnings again (GCC: "even if -Werror is in
 * effect"): the student sees them as hints, and they go once the blanks are filled.
 */
export const C_SKELETON_PRAGMAS = [
  '/* Squelette : tant que les blancs ne sont pas remplis, des variables restent inutilisées',
  ' * ou non initialisées ; ces lignes en font des avertissements plutôt que des erreurs. */',
  ...[
    'unused-variable',
    'unused-but-set-variable',
    'unused-parameter',
    'unused-function',
    'uninitialized',
    'maybe-uninitialized',
  ].map((w) => `#pragma GCC diagnostic warning "-W${w}"`),
].join('\n');

function withUnusedAsWarnings(text: string): string {
  const header = /^\s*\/\*[\s\S]*?\*\/\n/.exec(text);
  const at = header ? header[0].length : 0;
  return text.slice(0, at) + C_SKELETON_PRAGMAS + '\n' + text.slice(at);
}

/** The blanks marked in `src` and the skeleton it becomes. */
export function skeleton(src: string, language: SourceLanguage): { text: string; blanks: Blank[] } {
  const blanks: Blank[] = [];
  let out = '';
  let copied = 0;
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    const comment = skipComment(src, i);
    if (comment === -1) {
      i = c === '"' || c === "'" || (c === '`' && language === 'ts') ? skipQuoted(src, i) : i + 1;
      continue;
    }
    const text = src.slice(i, comment);
    if (!text.startsWith('/*') || !MARKER.test(text)) {
      i = comment;
      continue;
    }
    const line = src.slice(0, i).split('\n').length;
    const inner = text
      .slice(2, -2)
      .replace(/^\s*\.{5,}/, '')
      .trim();
    const bar = inner.indexOf('|');
    const what = (bar === -1 ? inner : inner.slice(0, bar)).trim();
    const given = bar === -1 ? undefined : inner.slice(bar + 1).trim();
    let start = comment;
    while (start < src.length && /\s/.test(src[start])) start++;
    let extent: { end: number; elements: string[] };
    try {
      extent = blankExtent(src, start, /[([]\s*$/.test(src.slice(Math.max(0, i - 40), i)));
    } catch (e) {
      if (e instanceof MarkerError) throw new MarkerError(`line ${line}: ${e.message}`);
      throw e;
    }
    const filler = given || extent.elements.map((e) => defaultFiller(e, language)).join(', ');
    blanks.push({ line, what, answer: src.slice(start, extent.end).trim(), filler });
    out += src.slice(copied, i) + `/* .....${what ? ' ' + what : ''} */ ${filler}`;
    // The code taken out ends where the list does; what follows it (`)`, `;`) is kept.
    copied = extent.end;
    i = extent.end;
  }
  out += src.slice(copied);
  if (language === 'c' && blanks.length > 0) out = withUnusedAsWarnings(out);
  return { text: out, blanks };
}
