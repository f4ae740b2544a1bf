/**
 * The exit code and the JSON document of a run's result, by the one table
 * of src/exit-codes.ts.
 */
import { ExitCode, strongest } from '../exit-codes.js';
import type { ApplyDocument } from '../plan/apply-document.js';
import { planChanges, type Plan } from '../plan/plan-types.js';
import type { ApplyRunResult } from '../sync/apply-run.js';

/** 8 when entries were left out and the run asked for strictness, else 0. */
function leftOutCode(plan: Plan, strict: boolean): number {
  return strict && plan.issues.length > 0 ? ExitCode.leftOut : ExitCode.ok;
}

/**
 * `plan`: 6 over a safety limit not lifted (apply would refuse it), else 2
 * with changes pending, 0 without; 8 over 2 and 0 with `--strict` and
 * entries left out.
 */
export function planExitCode(plan: Plan, strict: boolean): number {
  const over = plan.safety.verdicts.some((v) => !v.ok) ? ExitCode.safety : ExitCode.ok;
  return strongest(over, planChanges(plan).length > 0 ? ExitCode.changesPending : ExitCode.ok, leftOutCode(plan, strict));
}

/** `apply`, `import`: 130 interrupted, 6 refused, 7 partial, 8 left out (strict), else 0. */
export function applyExitCode(run: ApplyRunResult, strict: boolean): number {
  switch (run.kind) {
    case 'refused':
      return ExitCode.safety;
    case 'no-changes':
    case 'declined':
      return leftOutCode(run.plan, strict);
    case 'applied': {
      const { failed, skipped, unconfirmed } = run.result.counts;
      const partial = failed + skipped + unconfirmed > 0 ? ExitCode.partial : ExitCode.ok;
      return strongest(run.interrupted ? ExitCode.interrupted : ExitCode.ok, partial, leftOutCode(run.plan, strict));
    }
  }
}

/** The one JSON document `apply --format json` prints. */
export function applyDocument(command: ApplyDocument['command'], run: ApplyRunResult, exitCode: number): ApplyDocument {
  const base = { version: 1 as const, command, exitCode, runId: run.runId, plan: run.plan };
  switch (run.kind) {
    case 'refused':
      return { ...base, outcome: 'refused', result: null, error: run.message };
    case 'no-changes':
    case 'declined':
      return { ...base, outcome: run.kind, result: null, error: null };
    case 'applied': {
      const outcome = run.interrupted ? 'interrupted' : exitCode === ExitCode.partial ? 'partial' : 'applied';
      return { ...base, outcome, result: run.result, error: null };
    }
  }
}
