import { noProgress, type RunContext } from '../context/run-context.js';
import type { DeskbeeApi } from '../deskbee/deskbee-api.js';
import type { ActualState } from '../model/directory.js';
import type { RunId, SnapshotStore } from '../store/snapshot-store.js';
import type { ApplyResult, ChangeOutcome } from '../plan/apply-result.js';
import { applyOne, skipped, type Settled } from './apply-one.js';
import type { ExecutorDeps } from './change-kinds/index.js';
import { JournalWriter } from './journal-writer.js';
import { defaultUserBodyKeys, type UserBodyKeys } from './user-payload.js';
import type { Change, Plan, UserValues } from '../plan/plan-types.js';
import { UuidResolver } from './uuid-resolver.js';

export interface ApplyDeps {
  api: DeskbeeApi;
  store: SnapshotStore;
  runId: RunId;
  ctx: RunContext;
  /** Deskbee's state as read at the start of this apply (uuids of existing squads, tags, cost centers). */
  actual: ActualState;
  /** This source's user links at the start of this apply. */
  userLinks: Map<string, string>;
  lastApplied: Map<string, UserValues>;
  /** Failed changes after which the rest is skipped. Default 10. */
  errorBudget?: number;
  /** Default false. */
  sendWelcomeMail?: boolean;
  /** Changes in flight at once; the client paces and limits the requests they make. Default 16. */
  concurrency?: number;
  paths: ExecutorDeps['paths'];
  /** Body keys of the user fields whose names are guesses. Default `cost_center_uuid`, `tags`. */
  bodyKeys?: UserBodyKeys;
}

/**
 * Applies a plan stage by stage, in dependency order; the changes of one
 * stage run side by side within the client's concurrency limit. Every
 * change ends applied, unconfirmed, failed (with Deskbee's error) or
 * skipped (with why), and is journaled; links and last-applied states are
 * recorded only from what Deskbee's answers (or read-backs) show. Never
 * throws for a change's failure.
 */
export async function applyPlan(plan: Plan, deps: ApplyDeps): Promise<ApplyResult> {
  const startedAt = new Date(deps.ctx.clock.now()).toISOString();
  const budget = deps.errorBudget ?? 10;
  const executor: ExecutorDeps = {
    api: deps.api,
    resolver: new UuidResolver(deps.actual, deps.userLinks),
    source: plan.source.name,
    lastApplied: new Map(deps.lastApplied),
    sendWelcomeMail: deps.sendWelcomeMail ?? false,
    paths: deps.paths,
    bodyKeys: deps.bodyKeys ?? defaultUserBodyKeys,
    unverifiable: new Set(),
    now: () => new Date(deps.ctx.clock.now()).toISOString(),
  };
  const outcomes: ChangeOutcome[] = [];
  let failures = 0;
  let stopReason: string | undefined;
  const journal = new JournalWriter(deps.store, deps.ctx.clock);
  // Recording does not hold up the next change; a change the store refuses is failed once the journal is flushed.
  const refused = new Map<ChangeOutcome, Error>();
  const settle = ({ outcome, write }: Settled): ChangeOutcome => {
    journal.record(write).catch((error: unknown) => refused.set(outcome, error instanceof Error ? error : new Error(String(error))));
    return outcome;
  };

  // Changes start only as a worker frees up, so that a spent error budget stops the rest of a stage too.
  const workers = deps.concurrency ?? 16;
  const progress = deps.ctx.progress ?? noProgress;
  const perStage = new Map<string, { done: number; total: number }>();
  for (const batch of plan.batches) {
    const tally = perStage.get(batch.stage) ?? { done: 0, total: 0 };
    tally.total += batch.changes.length;
    perStage.set(batch.stage, tally);
  }
  for (const batch of plan.batches) {
    const stage = `apply ${batch.stage}`;
    const tally = perStage.get(batch.stage)!;
    const results = await eachInTurn(batch.changes, workers, async (change) => {
      if (stopReason || deps.ctx.signal.aborted) return settle(skipped(change, deps.runId, stopReason ?? 'the run was interrupted'));
      const outcome = settle(await applyOne(change, executor, deps.runId, deps.ctx));
      progress.update(stage, ++tally.done, tally.total);
      // A store behind Deskbee holds the next change back, rather than the answers piling up unrecorded.
      await journal.room();
      if (outcome.outcome === 'failed') {
        failures += 1;
        if (failures >= budget && !stopReason) stopReason = `the error budget ran out (${budget} failed changes)`;
      }
      return outcome;
    });
    for (const result of results) outcomes.push(result);
    // The stage's last batch: done, or stopped (by the error budget, an interruption).
    if (plan.batches.filter((b) => b.stage === batch.stage).at(-1) === batch) progress.finish(stage);
  }
  await journal.flush();
  for (const [outcome, error] of refused) refuseOutcome(outcome, error);

  const counts = { applied: 0, unconfirmed: 0, failed: 0, skipped: 0 };
  for (const outcome of outcomes) counts[outcome.outcome] += 1;
  return {
    planFingerprint: plan.fingerprint,
    startedAt,
    finishedAt: new Date(deps.ctx.clock.now()).toISOString(),
    outcomes,
    counts,
    stoppedByErrorBudget: stopReason !== undefined && stopReason.startsWith('the error budget'),
    requests: deps.api.stats(),
  };
}

/** A change Deskbee answered but the store could not record (a link conflict): it failed, and says why. */
function refuseOutcome(outcome: ChangeOutcome, error: Error): void {
  outcome.outcome = 'failed';
  outcome.error = { status: 0, id: 'store_refused', message: `the store could not record it: ${error.message}`, errors: {} };
}

/**
 * `work` on every item, at most `workers` at a time, results in the items'
 * order. Workers take the next item as they free up: no task per item is
 * queued up front (a million of them would cost a gigabyte).
 */
async function eachInTurn<T, R>(items: readonly T[], workers: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(workers, items.length) }, worker));
  return results;
}
