/** The trace tool's programmatic API; the CLI is cli.ts. */
export { compareRuns, compareTraces, socketCalls } from './compare';
export type { BesideComparison, CompareOptions, RunComparison, TraceViewOptions } from './compare';
export { diffTraces, myersDiff } from './diff';
export type { DiffClass, DiffReason, DiffRow, EditOp, TraceDiff } from './diff';
export { follow, resolverRole } from './follow';
export type {
  FollowedEvent,
  FollowOptions,
  FollowResult,
  ResolverRole,
  SocketInfo,
} from './follow';
export { normalize, DEFAULT_EPHEMERAL_PORTS } from './normalize';
export type { NormalizedEvent, NormalizeOptions } from './normalize';
export { parseLine, parseResult, parseTrace, splitTopLevel } from './parse';
export type { ParsedLine, TraceCall, TraceEvent, TraceExit, TraceSignal } from './parse';
export { renderDiff, renderSingle, DEFAULT_WIDTH } from './render';
export type { RenderOptions } from './render';
export {
  localPortRange,
  ptraceAvailable,
  traceCommand,
  traceSide,
  STRACE_FLAGS,
  DEFAULT_TIMEOUT_MS,
} from './run';
export type { PreparedSide, PtraceCheck, Side, TraceOptions, TraceRun } from './run';
export {
  FD_CALLS,
  HIDDEN_CALLS,
  SOCKET_CREATION_CALLS,
  READINESS_WAIT_CALLS,
  TRACED_SYSCALLS,
  WAIT_CALLS,
} from './syscalls';
export { blockedIn, openSockets, waitUntilBlockedIn } from './blocked';
export {
  allScenarios,
  findScenario,
  multiclientScenarios,
  notCompared,
  scenarioSide,
  scenarios,
  whyNotCompared,
  type CourseScenario,
  type Helper,
  type NotCompared,
} from './scenarios';
