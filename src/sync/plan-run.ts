/**
 * The dry run: read the source and Deskbee, and plan. Writes nothing to
 * Deskbee; records the run (mode `plan`) and its counts in the store.
 */
import { preparePlan, type PlanContext } from '../engine/prepare-plan.js';
import type { PlanOptions } from '../engine/plan-inputs.js';
import { sealPlan } from '../plan/plan-seal.js';
import { liftedLimits, planChanges, type Plan } from '../plan/plan-types.js';
import type { RunId } from '../store/snapshot-store.js';
import { planCounts, recordedRun } from './run-record.js';
import { planOptions, type Runtime } from './runtime.js';

/** What a run plans with: the mode, and the safety limits lifted for it. */
export interface PlanRequest {
  /** `sync` deactivates leavers; `import` only creates and updates. */
  mode: PlanOptions['mode'];
  /** Limits lifted for this run, by name. */
  allow: string[];
}

/** A plan and what it was made from (kept for the apply that may follow). */
export interface PreparedPlan {
  plan: Plan;
  context: PlanContext;
}

/** The read, map, fetch and diff stages for this runtime, the plan sealed with the store's key; records nothing. */
export async function preparePlanFor(rt: Runtime, request: PlanRequest): Promise<PreparedPlan> {
  const prepared = await preparePlan({
    inputs: rt.inputs,
    merge: rt.merge,
    api: rt.client,
    store: rt.store,
    ctx: rt.ctx,
    target: rt.target,
    options: planOptions(rt.config, request.allow, request.mode),
  });
  return { ...prepared, plan: sealPlan(prepared.plan, (await rt.store.identity()).sealKey) };
}

/** A recorded dry run. */
export interface PlanRunResult extends PreparedPlan {
  runId: RunId;
}

/** Plans and records the run: `succeeded` with changes pending, `no-changes` otherwise. */
export async function runPlan(rt: Runtime, request: PlanRequest): Promise<PlanRunResult> {
  const runId = await rt.store.startRun({ mode: 'plan', sources: rt.sourceNames });
  return recordedRun(rt, runId, async () => {
    const prepared = await preparePlanFor(rt, request);
    const { plan } = prepared;
    const pending = planChanges(plan).length > 0;
    await rt.store.finishRun(runId, { outcome: pending ? 'succeeded' : 'no-changes', counts: planCounts(plan), planFingerprint: plan.fingerprint, liftedLimits: liftedLimits(plan) });
    return { runId, ...prepared };
  });
}
