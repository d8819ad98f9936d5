/**
 * The whole pipeline: strace text → parse → follow → normalize → diff, for recorded traces
 * (compareTraces) or for two sides run under strace now (compareRuns).
 */
import { diffTraces, type TraceDiff } from './diff';
import { follow, type FollowedEvent } from './follow';
import { normalize, type NormalizedEvent } from './normalize';
import { parseTrace } from './parse';
import { localPortRange, traceSide, type Side, type TraceOptions, type TraceRun } from './run';
import { READINESS_WAIT_CALLS } from './syscalls';

export interface TraceViewOptions {
  /** Hide glibc's resolver sockets (see follow.ts for the rule). */
  hideResolver?: boolean;
  serverPort?: number;
  ephemeralPorts?: readonly [number, number];
  /** Drop the readiness waits (see CompareOptions.ignoreWaits). */
  ignoreWaits?: boolean;
}

export interface CompareOptions {
  hideResolver?: boolean;
  /**
   * Drop the readiness waits (poll, ppoll, select, pselect6, epoll_*: READINESS_WAIT_CALLS)
   * from both sides, and compare the socket calls they lead to. For programs whose two sides
   * wait differently by design: a TS program on bsd-sockets/promises waits in libuv's
   * epoll_pwait, on the event loop's own epoll fd (not a socket call, and not traced), where
   * its C twin waits in poll on its sockets. The calls made once a socket is ready (accept4,
   * recvfrom, sendto, close…) are still compared, in order, arguments included.
   */
  ignoreWaits?: boolean;
  /** The server port of both sides; cServerPort/tsServerPort override it per side. */
  serverPort?: number;
  cServerPort?: number;
  tsServerPort?: number;
  ephemeralPorts?: readonly [number, number];
}

/** One trace's socket calls, normalized. */
export function socketCalls(traceText: string, options: TraceViewOptions = {}): NormalizedEvent[] {
  const followed = follow(parseTrace(traceText), { hideResolver: options.hideResolver });
  const events = options.ignoreWaits ? followed.events.filter(notAWait) : followed.events;
  return normalize(events, {
    serverPort: options.serverPort,
    ephemeralPorts: options.ephemeralPorts,
  });
}

const READINESS_WAITS = new Set(READINESS_WAIT_CALLS);

function notAWait(entry: FollowedEvent): boolean {
  return !(entry.event.kind === 'call' && READINESS_WAITS.has(entry.event.name));
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
    ignoreWaits: options.ignoreWaits,
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
  /**
   * The runs traced beside the two sides (a server's clients: TraceRun.beside), compared run
   * by run, C's first client against TS's first…; empty when none were traced.
   */
  beside: BesideComparison[];
  /** The diff and every beside diff equal. */
  equal: boolean;
}

export interface BesideComparison {
  /** undefined when that side has fewer runs beside it (it failed before). */
  c: TraceRun | undefined;
  ts: TraceRun | undefined;
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
  const ephemeralPorts = options.ephemeralPorts ?? localPortRange();
  const diff = compareTraces(cRun.trace, tsRun.trace, {
    ...options,
    cServerPort: options.cServerPort ?? cRun.serverPort,
    tsServerPort: options.tsServerPort ?? tsRun.serverPort,
    ephemeralPorts,
  });
  const count = Math.max(cRun.beside?.length ?? 0, tsRun.beside?.length ?? 0);
  const beside = Array.from({ length: count }, (_, index): BesideComparison => {
    const cBeside = cRun.beside?.[index];
    const tsBeside = tsRun.beside?.[index];
    // The clients' traces are the clients' own: waits included, whatever the server's option.
    const besideDiff = compareTraces(cBeside?.trace ?? '', tsBeside?.trace ?? '', {
      hideResolver: options.hideResolver,
      cServerPort: cBeside?.serverPort,
      tsServerPort: tsBeside?.serverPort,
      ephemeralPorts,
    });
    return { c: cBeside, ts: tsBeside, diff: besideDiff };
  });
  const equal = diff.equal && beside.every((entry) => entry.diff.equal);
  return { c: cRun, ts: tsRun, diff, beside, equal };
}
