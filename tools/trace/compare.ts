/**
 * The whole pipeline: strace text → parse → follow → normalize → diff, for recorded traces
 * (compareTraces) or for two sides run under strace now (compareRuns).
 */
import { diffTraces, type TraceDiff } from './diff';
import { follow } from './follow';
import { normalize, type NormalizedEvent } from './normalize';
import { parseTrace } from './parse';
import { localPortRange, traceSide, type Side, type TraceOptions, type TraceRun } from './run';

export interface TraceViewOptions {
  /** Hide glibc's resolver sockets (see follow.ts for the rule). */
  hideResolver?: boolean;
  serverPort?: number;
  ephemeralPorts?: readonly [number, number];
}

export interface CompareOptions {
  hideResolver?: boolean;
  /** The server port of both sides; cServerPort/tsServerPort override it per side. */
  serverPort?: number;
  cServerPort?: number;
  tsServerPort?: number;
  ephemeralPorts?: readonly [number, number];
}

/** One trace's socket calls, normalized. */
export function socketCalls(traceText: string, options: TraceViewOptions = {}): NormalizedEvent[] {
  const followed = follow(parseTrace(traceText), { hideResolver: options.hideResolver });
  return normalize(followed.events, {
    serverPort: options.serverPort,
    ephemeralPorts: options.ephemeralPorts,
  });
}

export function compareTraces(
  cText: string,
  tsText: string,
  options: CompareOptions = {},
): TraceDiff {
  const side = (serverPort: number | undefined): TraceViewOptions => ({
    hideResolver: options.hideResolver,
    serverPort: serverPort ?? options.serverPort,
    ephemeralPorts: options.ephemeralPorts,
  });
  return diffTraces(
    socketCalls(cText, side(options.cServerPort)),
    socketCalls(tsText, side(options.tsServerPort)),
  );
}

export interface RunComparison {
  c: TraceRun;
  ts: TraceRun;
  diff: TraceDiff;
}

/** Traces the C side, then the TS side (one at a time: no port clashes, no interference). */
export async function compareRuns(
  c: Side,
  ts: Side,
  options: CompareOptions & TraceOptions = {},
): Promise<RunComparison> {
  const cRun = await traceSide(c, options);
  const tsRun = await traceSide(ts, options);
  const diff = compareTraces(cRun.trace, tsRun.trace, {
    ...options,
    cServerPort: options.cServerPort ?? cRun.serverPort,
    tsServerPort: options.tsServerPort ?? tsRun.serverPort,
    ephemeralPorts: options.ephemeralPorts ?? localPortRange(),
  });
  return { c: cRun, ts: tsRun, diff };
}
