import pLimit from 'p-limit';
import type { RunContext } from '../context/run-context.js';
import type { DeskbeeApi } from '../deskbee/deskbee-api.js';
import { DeskbeeApiError } from '../errors.js';
import type { ActualState } from '../model/directory.js';
import type { RunId, SnapshotStore } from '../store/snapshot-store.js';
import type { ApplyResult, ChangeOutcome } from '../plan/apply-result.js';
import { executeChange, SkipChange, type ExecutorDeps } from './change-executors.js';
import { defaultUserBodyKeys, type UserBodyKeys } from './user-payload.js';
import { mismatchSentence, unconfirmedSentence } from './write-settlement.js';
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
  /** Changes in flight at once; the client also limits its requests. Default 4. */
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
  };
  const outcomes: ChangeOutcome[] = [];
  let failures = 0;
  let stopReason: string | undefined;

  // Changes start only as slots free up, so that a spent error budget stops the rest of a stage too.
  const limit = pLimit(deps.concurrency ?? 4);
  for (const batch of plan.batches) {
    const results = await Promise.all(
      batch.changes.map((change) => limit(async () => {
        if (stopReason || deps.ctx.signal.aborted) return skip(change, stopReason ?? 'the run was interrupted');
        const outcome = await applyOne(change, executor, deps);
        if (outcome.outcome === 'failed') {
          failures += 1;
          if (failures >= budget && !stopReason) stopReason = `the error budget ran out (${budget} failed changes)`;
        }
        return outcome;
      })),
    );
    for (const result of results) outcomes.push(result);
  }

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

  async function skip(change: Change, reason: string): Promise<ChangeOutcome> {
    await deps.store.recordOutcome({ runId: deps.runId, changeId: change.id, changeKind: change.kind, entityKey: entityKey(change), outcome: 'skipped', reason });
    return { changeId: change.id, kind: change.kind, description: change.description, outcome: 'skipped', reason };
  }
}

async function applyOne(change: Change, executor: ExecutorDeps, deps: ApplyDeps): Promise<ChangeOutcome> {
  const base = { runId: deps.runId, changeId: change.id, changeKind: change.kind, entityKey: entityKey(change) };
  const summary = { changeId: change.id, kind: change.kind, description: change.description };
  let executed;
  try {
    executed = await executeChange(change, executor);
  } catch (error) {
    if (error instanceof SkipChange) {
      await deps.store.recordOutcome({ ...base, outcome: 'skipped', reason: error.message });
      return { ...summary, outcome: 'skipped', reason: error.message };
    }
    if (!(error instanceof DeskbeeApiError)) {
      if (!deps.ctx.signal.aborted) throw error;
      // Cut off by the run's interruption: whether Deskbee did it is unknown, and the next run settles it.
      const reason = 'interrupted while it was being sent; whether Deskbee carried it out is unknown, and the next plan settles it';
      await deps.store.recordOutcome({ ...base, outcome: 'failed', reason });
      return { ...summary, outcome: 'failed', error: { status: 0, id: 'interrupted', message: reason, errors: {} } };
    }
    const apiError = { status: error.status, id: error.id, message: error.apiMessage, errors: error.errors };
    await deps.store.recordOutcome({
      ...base,
      outcome: 'failed',
      response: { status: error.status, error: { id: error.id, message: error.apiMessage, fieldErrors: error.errors } },
      reason: error.message,
    });
    deps.ctx.logger.warn(`failed: ${change.description}`, { status: error.status, id: error.id });
    return { ...summary, outcome: 'failed', error: apiError };
  }
  const { settlement, ...effects } = executed;
  if (settlement.outcome === 'applied') {
    await deps.store.recordConfirmed({ ...base, ...effects });
    deps.ctx.logger.debug(`applied: ${change.description}`);
    return { ...summary, outcome: 'applied' };
  }
  if (settlement.outcome === 'unconfirmed') {
    const reason = unconfirmedSentence(settlement.unconfirmed);
    await deps.store.recordConfirmed({ ...base, ...effects, outcome: 'unconfirmed', reason });
    deps.ctx.logger.warn(`unconfirmed: ${change.description}`, { fields: settlement.unconfirmed.map((u) => u.field) });
    return { ...summary, outcome: 'unconfirmed', unconfirmed: settlement.unconfirmed };
  }
  // Answered with success but stored otherwise: what it made (a link) and what it confirmed are kept; the change failed.
  const reason = mismatchSentence(settlement.mismatches);
  await deps.store.recordConfirmed({ ...base, ...effects, outcome: 'failed', reason });
  deps.ctx.logger.warn(`failed: ${change.description}`, { reason });
  return { ...summary, outcome: 'failed', error: { status: effects.response && 'status' in effects.response ? effects.response.status : 200, id: 'not_stored_as_written', message: reason, errors: {} } };
}

/** How the journal names the entity a change is about. */
export function entityKey(change: Change): string {
  switch (change.kind) {
    case 'createCostCenter':
    case 'updateCostCenter':
      return `costCenter:${change.code}`;
    case 'createSquad':
      return `squad:${change.name}`;
    case 'renameSquad':
    case 'linkSquad':
      return `squad:${change.uuid}`;
    case 'createTag':
      return `tag:${change.name}`;
    case 'addMembers':
    case 'removeMembers':
      return `squad:${change.squad}`;
    default:
      return `user:${change.user.email}`;
  }
}
