/**
 * The promise of issue 4, for every course program: traced under strace, its TS port makes
 * the same socket calls as its C reference, in the same order, with the same arguments and
 * lengths (tools/trace/scenarios.ts says what each scenario runs, and what runs beside it).
 * Each scenario traces C then TS; scenarios run concurrently (the long ones mostly sleep:
 * the lab servers sleep 2 s per reply, serveur_sleep 10 s before close).
 */
import { describe, expect, it } from 'vitest';

import { programs } from '../../course/programs';
import { compareRuns } from '../../tools/trace/compare';
import { renderDiff } from '../../tools/trace/render';
import { localPortRange, ptraceAvailable, type TraceRun } from '../../tools/trace/run';
import {
  allScenarios,
  findScenario,
  notCompared,
  scenarioSide,
  scenarios,
  whyNotCompared,
} from '../../tools/trace/scenarios';
import { missingBuilds } from '../course/helpers';

const ptrace = ptraceAvailable();
/** Per traced command: serveur_sleep's side takes ~17 s (4 s of exchanges, then 12 s of sleep). */
const TRACE_TIMEOUT_MS = 45_000;

/** How a run ended, as scenarios.ts says it: an exit status, or the signal that killed it. */
function ending(run: TraceRun): number | string | null {
  return run.signal ?? run.exitCode;
}

describe('the course scenarios', () => {
  it('cover every course program, each with a scenario named after it or a reason it has none', () => {
    for (const program of programs) {
      const reason = whyNotCompared(program.name);
      if (reason === undefined) expect(findScenario(program.name)?.program).toBe(program.name);
      else expect([findScenario(program.name), reason.length > 40]).toEqual([undefined, true]);
    }
    const names = new Set(programs.map((program) => program.name));
    expect(notCompared.map((entry) => names.has(entry.program))).not.toContain(false);
    for (const scenario of allScenarios) {
      expect(names).toContain(scenario.program);
      if (scenario.server) expect(names).toContain(scenario.server.program);
      if (scenario.client) expect(names).toContain(scenario.client.program);
    }
  });
});

describe.skipIf(!ptrace.available)(
  `C and TS under strace, scenario by scenario${ptrace.available ? '' : ` (skipped: ${ptrace.reason})`}`,
  () => {
    it.concurrent.each(scenarios.map((scenario) => [scenario.name, scenario] as const))(
      '%s: the same socket calls',
      async (_name, scenario) => {
        const missing = missingBuilds();
        if (missing !== null) throw new Error(missing);
        const { c, ts, diff } = await compareRuns(
          scenarioSide(scenario, 'c'),
          scenarioSide(scenario, 'ts'),
          { timeoutMs: TRACE_TIMEOUT_MS, ephemeralPorts: localPortRange() },
        );
        const shown = `\n${renderDiff(diff, { width: 160 })}\nC stderr: ${c.stderr}\nTS stderr: ${ts.stderr}`;
        // The runs are the scenario's: they ended as it says, neither timed out.
        expect([c.timedOut, ts.timedOut], shown).toEqual([false, false]);
        expect([ending(c), ending(ts)], shown).toEqual([scenario.ends, scenario.ends]);
        // Not vacuous: calls were traced, starting where the program starts.
        const calls = diff.rows.map((row) => row.c ?? row.ts);
        expect(calls.length, shown).toBeGreaterThan(0);
        expect(calls[0]?.text.startsWith(scenario.firstCall), shown).toBe(true);
        expect(diff.equal, shown).toBe(true);
      },
      2 * TRACE_TIMEOUT_MS + 10_000,
    );
  },
);
