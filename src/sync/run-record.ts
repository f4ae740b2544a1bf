/**
 * A run as the store records it: started, then finished with its outcome
 * and counts. A run that throws is closed as failed (or refused, for a
 * safety stop) with its message, so no run is left `running` by an error.
 */
import { SafetyStopError } from '../errors.js';
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

/** Runs `body` as run `runId`: a thrown error ends the run as failed (or refused) with its message, then is rethrown. */
export async function recordedRun<T>(store: SnapshotStore, runId: RunId, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    const outcome = error instanceof SafetyStopError ? 'refused' : 'failed';
    const message = error instanceof Error ? error.message : String(error);
    const run = await store.run(runId);
    if (run?.outcome === 'running') await store.finishRun(runId, { outcome, error: message });
    throw error;
  }
}
