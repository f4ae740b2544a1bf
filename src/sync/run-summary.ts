/**
 * What operations tooling needs to know about one finished run, whatever
 * its kind and however it ended: metrics, notifications, the scheduler's
 * health endpoint. Made by the run layer's callers from what a run
 * returned or threw; plain data.
 */
import type { RequestStats } from '../deskbee/request-stats.js';
import { SyncError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import type { ApplyResult } from '../plan/apply-result.js';
import { planChanges, type ChangeKind, type Plan } from '../plan/plan-types.js';
import type { ApplyRunResult } from './apply-run.js';

/** Counts of one change kind in one run. */
export interface KindTally {
  planned: number;
  applied: number;
  unconfirmed: number;
  failed: number;
  skipped: number;
}

export interface RunSummary {
  /** The run in the store, when one was recorded. */
  runId: number | null;
  mode: 'plan' | 'apply' | 'import';
  /**
   * `succeeded` (applied everything, or planned changes), `no-changes`,
   * `partial` (some failed, skipped or unconfirmed), `declined`, `refused`
   * (a safety stop), `failed` (an error), `interrupted`.
   */
  outcome: 'succeeded' | 'no-changes' | 'partial' | 'declined' | 'refused' | 'failed' | 'interrupted';
  /** What the command exits with (src/exit-codes.ts). */
  exitCode: number;
  /** ISO 8601. */
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  /** The configured source names. */
  sources: string[];
  /** By change kind; only kinds the plan has. */
  changes: Partial<Record<ChangeKind, KindTally>>;
  /** Source entries left out of the plan. */
  leftOut: number;
  /** Drift notices in the plan. */
  drift: number;
  /** Requests sent to Deskbee, when the run got that far. */
  requests: RequestStats | null;
  /** The one-paragraph message of a refused, failed or interrupted run. */
  error: string | null;
  /** The plan, when one was made (for a report attached to a notification). */
  plan: Plan | null;
  /** The apply's result, when changes were applied. */
  result: ApplyResult | null;
}

/** Tallies of a plan's changes, with an apply's outcomes when given. */
export function tallies(plan: Plan, result?: ApplyResult | null): Partial<Record<ChangeKind, KindTally>> {
  const byKind: Partial<Record<ChangeKind, KindTally>> = {};
  const tally = (kind: ChangeKind) => (byKind[kind] ??= { planned: 0, applied: 0, unconfirmed: 0, failed: 0, skipped: 0 });
  for (const change of planChanges(plan)) tally(change.kind).planned += 1;
  for (const outcome of result?.outcomes ?? []) tally(outcome.kind)[outcome.outcome] += 1;
  return byKind;
}

/** The timing and identity of a run, as its caller saw it. */
export interface RunFrame {
  mode: RunSummary['mode'];
  sources: string[];
  startedAt: number;
  finishedAt: number;
  exitCode: number;
}

/** The summary of an apply or import that returned. */
export function summarizeApply(frame: RunFrame, run: ApplyRunResult): RunSummary {
  const result = run.kind === 'applied' ? run.result : null;
  const outcome: RunSummary['outcome'] =
    run.kind === 'applied'
      ? run.interrupted
        ? 'interrupted'
        : frame.exitCode === ExitCode.partial
          ? 'partial'
          : 'succeeded'
      : run.kind;
  return {
    ...frameFields(frame),
    runId: run.runId,
    outcome,
    changes: tallies(run.plan, result),
    leftOut: run.plan.issues.length,
    drift: run.plan.drift.length,
    requests: result?.requests ?? null,
    error: run.kind === 'refused' ? run.message : null,
    plan: run.plan,
    result,
  };
}

/** The summary of a dry run that returned. */
export function summarizePlan(frame: RunFrame, runId: number, plan: Plan): RunSummary {
  return {
    ...frameFields(frame),
    runId,
    outcome: planChanges(plan).length > 0 ? 'succeeded' : 'no-changes',
    changes: tallies(plan),
    leftOut: plan.issues.length,
    drift: plan.drift.length,
    requests: null,
    error: null,
    plan,
    result: null,
  };
}

/** The summary of a run that threw. */
export function summarizeError(frame: RunFrame, error: unknown): RunSummary {
  const known = error instanceof SyncError;
  const outcome: RunSummary['outcome'] = frame.exitCode === ExitCode.interrupted ? 'interrupted' : frame.exitCode === ExitCode.safety ? 'refused' : 'failed';
  return {
    ...frameFields(frame),
    runId: known ? (error.runId ?? null) : null,
    outcome,
    changes: {},
    leftOut: 0,
    drift: 0,
    requests: null,
    error: error instanceof Error ? error.message : String(error),
    plan: null,
    result: null,
  };
}

function frameFields(frame: RunFrame): Pick<RunSummary, 'mode' | 'sources' | 'startedAt' | 'finishedAt' | 'durationMs' | 'exitCode'> {
  return {
    mode: frame.mode,
    sources: frame.sources,
    startedAt: new Date(frame.startedAt).toISOString(),
    finishedAt: new Date(frame.finishedAt).toISOString(),
    durationMs: frame.finishedAt - frame.startedAt,
    exitCode: frame.exitCode,
  };
}
