/**
 * Aligns the normalized C and TS traces and says why each differing line differs.
 *
 * Alignment: Myers' diff on the normalized texts gives the equal lines; between two equal
 * lines, the C-only and TS-only lines are paired by call family (sendto with sendmsg, read
 * with recvfrom…, in order, by a longest common subsequence), so a changed call sits beside
 * its counterpart; what stays unpaired is a missing call (C only) or an extra call (TS only).
 */
import type { NormalizedEvent } from './normalize';
import {
  DIFF_CLASSES,
  applySigpipeRule,
  pairReasons,
  type DiffClass,
  type DiffReason,
} from './classify';

export type { DiffClass, DiffReason } from './classify';

export interface DiffRow {
  kind: 'same' | 'changed' | 'c-only' | 'ts-only';
  c: NormalizedEvent | undefined;
  ts: NormalizedEvent | undefined;
  reasons: DiffReason[];
}

export interface TraceDiff {
  /** Every line equal. */
  equal: boolean;
  /** Not equal, but only by differences known to be unavoidable (Node ignoring SIGPIPE). */
  onlyKnownDifferences: boolean;
  rows: DiffRow[];
  sameCount: number;
  differenceCount: number;
  /** Differing rows, each counted under its main reason class (the first in DIFF_CLASSES order). */
  counts: Partial<Record<DiffClass, number>>;
  /** The calls each side was stopped in (normalize.ts's `blocked`), by name, in trace order. */
  blocked: { c: string[]; ts: string[] };
  summary: string;
}

export type EditOp =
  { op: 'equal'; a: number; b: number } | { op: 'delete'; a: number } | { op: 'insert'; b: number };

/** Myers' O(ND) shortest edit script from `a` to `b`. */
export function myersDiff(a: readonly string[], b: readonly string[]): EditOp[] {
  const max = a.length + b.length;
  const offset = max + 1;
  const furthest = new Int32Array(2 * max + 3);
  const history: Int32Array[] = [];
  search: for (let d = 0; d <= max; d++) {
    history.push(furthest.slice());
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && furthest[offset + k - 1] < furthest[offset + k + 1]);
      let x = down ? furthest[offset + k + 1] : furthest[offset + k - 1] + 1;
      let y = x - k;
      while (x < a.length && y < b.length && a[x] === b[y]) {
        x++;
        y++;
      }
      furthest[offset + k] = x;
      if (x >= a.length && y >= b.length) break search;
    }
  }
  const ops: EditOp[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = history.length - 1; d >= 0; d--) {
    const before = history[d];
    const k = x - y;
    const down = k === -d || (k !== d && before[offset + k - 1] < before[offset + k + 1]);
    const previousK = down ? k + 1 : k - 1;
    const previousX = before[offset + previousK];
    const previousY = previousX - previousK;
    while (x > previousX && y > previousY) ops.push({ op: 'equal', a: --x, b: --y });
    if (d > 0) ops.push(down ? { op: 'insert', b: --y } : { op: 'delete', a: --x });
    x = previousX;
    y = previousY;
  }
  return ops.reverse();
}

export function diffTraces(
  c: readonly NormalizedEvent[],
  ts: readonly NormalizedEvent[],
): TraceDiff {
  const rows: DiffRow[] = [];
  let onlyC: NormalizedEvent[] = [];
  let onlyTs: NormalizedEvent[] = [];
  const flush = (): void => {
    rows.push(...pairHunk(onlyC, onlyTs));
    onlyC = [];
    onlyTs = [];
  };
  for (const op of myersDiff(
    c.map((event) => event.text),
    ts.map((event) => event.text),
  )) {
    if (op.op === 'delete') onlyC.push(c[op.a]);
    else if (op.op === 'insert') onlyTs.push(ts[op.b]);
    else {
      flush();
      rows.push({ kind: 'same', c: c[op.a], ts: ts[op.b], reasons: [] });
    }
  }
  flush();
  applySigpipeRule(rows);
  const blockedIn = (events: readonly NormalizedEvent[]): string[] =>
    events.filter((event) => event.blocked !== undefined).map((event) => event.name);
  return summarizeRows(rows, { c: blockedIn(c), ts: blockedIn(ts) });
}

/** Calls that do the same job under different names pair up beside each other. */
const CALL_FAMILIES: Record<string, string> = {
  sendto: 'send',
  sendmsg: 'send',
  sendmmsg: 'send',
  write: 'send',
  writev: 'send',
  recvfrom: 'recv',
  recvmsg: 'recv',
  recvmmsg: 'recv',
  read: 'recv',
  readv: 'recv',
  accept: 'accept',
  accept4: 'accept',
  dup: 'dup',
  dup2: 'dup',
  dup3: 'dup',
  poll: 'wait',
  ppoll: 'wait',
  select: 'wait',
  pselect6: 'wait',
};

function familyOf(event: NormalizedEvent): string {
  return `${event.kind}:${event.process}:${CALL_FAMILIES[event.name] ?? event.name}`;
}

function pairHunk(onlyC: NormalizedEvent[], onlyTs: NormalizedEvent[]): DiffRow[] {
  const rows: DiffRow[] = [];
  let nextC = 0;
  let nextTs = 0;
  const unpairedUpTo = (endC: number, endTs: number): void => {
    for (; nextC < endC; nextC++) rows.push(oneSided('c-only', onlyC[nextC]));
    for (; nextTs < endTs; nextTs++) rows.push(oneSided('ts-only', onlyTs[nextTs]));
  };
  for (const [indexC, indexTs] of longestCommonPairs(onlyC.map(familyOf), onlyTs.map(familyOf))) {
    unpairedUpTo(indexC, indexTs);
    const c = onlyC[indexC];
    const ts = onlyTs[indexTs];
    rows.push({ kind: 'changed', c, ts, reasons: pairReasons(c, ts) });
    nextC = indexC + 1;
    nextTs = indexTs + 1;
  }
  unpairedUpTo(onlyC.length, onlyTs.length);
  return rows;
}

function oneSided(kind: 'c-only' | 'ts-only', event: NormalizedEvent): DiffRow {
  const reason: DiffReason =
    kind === 'c-only'
      ? { class: 'missing call', text: `missing call: only C does ${event.name}` }
      : { class: 'extra call', text: `extra call: only TS does ${event.name}` };
  return kind === 'c-only'
    ? { kind, c: event, ts: undefined, reasons: [reason] }
    : { kind, c: undefined, ts: event, reasons: [reason] };
}

/** Index pairs of a longest common subsequence of two short key lists. */
function longestCommonPairs(a: readonly string[], b: readonly string[]): [number, number][] {
  const width = b.length + 1;
  const lengths = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lengths[i * width + j] =
        a[i] === b[j]
          ? lengths[(i + 1) * width + j + 1] + 1
          : Math.max(lengths[(i + 1) * width + j], lengths[i * width + j + 1]);
    }
  }
  const pairs: [number, number][] = [];
  for (let i = 0, j = 0; i < a.length && j < b.length;) {
    if (a[i] === b[j]) pairs.push([i++, j++]);
    else if (lengths[(i + 1) * width + j] >= lengths[i * width + j + 1]) i++;
    else j++;
  }
  return pairs;
}

/** The reason class a row is counted under: the first of DIFF_CLASSES among its reasons. */
function mainClass(reasons: readonly DiffReason[]): DiffClass {
  return (
    DIFF_CLASSES.find((name) => reasons.some((reason) => reason.class === name)) ?? 'other argument'
  );
}

function summarizeRows(rows: DiffRow[], blocked: TraceDiff['blocked']): TraceDiff {
  const counts: Partial<Record<DiffClass, number>> = {};
  let differenceCount = 0;
  for (const row of rows) {
    if (row.kind === 'same') continue;
    differenceCount++;
    const primary = mainClass(row.reasons);
    counts[primary] = (counts[primary] ?? 0) + 1;
  }
  const equal = differenceCount === 0;
  const breakdown = DIFF_CLASSES.filter((name) => counts[name] !== undefined).map(
    (name) => `${counts[name]} ${name}`,
  );
  const summary =
    (equal
      ? `identical: ${rows.length} socket call${rows.length === 1 ? '' : 's'}`
      : `${differenceCount} difference${differenceCount === 1 ? '' : 's'} (${breakdown.join(', ')})`) +
    blockedSummary(blocked);
  return {
    equal,
    onlyKnownDifferences: !equal && Object.keys(counts).every((name) => name === 'ignored SIGPIPE'),
    rows,
    sameCount: rows.length - differenceCount,
    differenceCount,
    counts,
    blocked,
    summary,
  };
}

/** `, both stopped while blocked in accept`, or each side's, or '' when neither was. */
function blockedSummary(blocked: TraceDiff['blocked']): string {
  const list = (names: string[]): string => (names.length === 0 ? 'no call' : names.join(', '));
  if (blocked.c.length === 0 && blocked.ts.length === 0) return '';
  if (blocked.c.join() === blocked.ts.join())
    return `, both stopped while blocked in ${list(blocked.c)}`;
  return `; stopped while blocked in: C ${list(blocked.c)}, TS ${list(blocked.ts)}`;
}
