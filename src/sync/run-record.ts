/**
 * A run as the store records it: started, then finished with its outcome
 * and counts. A run that throws is closed as failed (or refused, for a
 * safety stop) with its message, so no run is left `running` by an error.
 */
import type { RunContext } from '../context/run-context.js';
import { InterruptedError, SafetyStopError, SyncError, UsageError } from '../errors.js';
import type { ApplyResult } from '../plan/apply-result.js';
import { planChanges, type Plan } from '../plan/plan-types.js';
import type { ChangeCounts, RunId, SnapshotStore } from '../store/snapshot-store.js';

/** Changes planned per kind, and with `result`, their outcomes. */
export function planCounts(plan: Plan, result?: ApplyResult): ChangeCounts {
  const counts: ChangeCounts = {};
  for (const change of planChanges(plan)) {
    const entry = (counts[change.kind] ??= {});
    entry.planned = (entry.planned ?? 0) + 1;
  }
  for (const outcome of result?.outcomes ?? []) {
    const entry = (counts[outcome.kind] ??= {});
    entry[outcome.outcome] = (entry[outcome.outcome] ?? 0) + 1;
  }
  return counts;
}

/**
 * Runs `body` as run `runId`, every log line carrying the run id. A thrown
 * error ends the run as failed (refused, for a safety stop; interrupted,
 * once the run's signal has aborted) with its message, then is rethrown
 * knowing its run; an error caused by the interruption comes out as an
 * InterruptedError.
 */
export async function recordedRun<T>(rt: { store: SnapshotStore; ctx: RunContext }, runId: RunId, body: () => Promise<T>): Promise<T> {
  const { store, ctx } = rt;
  ctx.logger.bind({ runId });
  try {
    return await body();
  } catch (caught) {
    const interrupted = ctx.signal.aborted;
    const error = interrupted && !(caught instanceof InterruptedError) ? interruption(runId, caught) : caught;
    const outcome = interrupted ? 'interrupted' : error instanceof SafetyStopError || error instanceof UsageError ? 'refused' : 'failed';
    const message = error instanceof Error ? error.message : String(error);
    const run = await store.run(runId);
    if (run?.outcome === 'running') {
      await store.finishRun(runId, { outcome, error: message, ...(interrupted ? { counts: await store.journalCounts(runId) } : {}) });
    }
    if (error instanceof SyncError) error.runId = runId;
    throw error;
  }
}

function interruption(runId: RunId, cause: unknown): InterruptedError {
  return new InterruptedError(`interrupted; run ${runId} is recorded as interrupted, and nothing more was sent to Deskbee.`, { cause });
}
