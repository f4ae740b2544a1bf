/**
 * An apply as one run under the store's write lock: plan (or take a saved
 * plan and check Deskbee has not moved under it), check the safety limits,
 * let the caller review and confirm, apply, and record the outcome. Returns
 * what happened; prints nothing.
 */
import { applyPlan } from '../engine/apply-plan.js';
import { defaultClientConcurrency } from '../deskbee/client-options.js';
import { defaultUserBodyKeys } from '../engine/user-payload.js';
import { fetchActual } from '../engine/fetch-actual.js';
import type { PlanContext } from '../engine/prepare-plan.js';
import { verifyPlanAgainst } from '../engine/verify-plan.js';
import { usersWritten } from '../engine/last-applied-needs.js';
import { SafetyStopError } from '../errors.js';
import { linkKey } from '../model/directory.js';
import type { ApplyResult } from '../plan/apply-result.js';
import { liftedLimits, planChanges, type Plan, type UserValues } from '../plan/plan-types.js';
import type { RunId } from '../store/snapshot-store.js';
import { preparePlanFor, type PlanRequest, type PreparedPlan } from './plan-run.js';
import { planCounts, recordedRun } from './run-record.js';
import type { Runtime } from './runtime.js';
import { checkPlanTarget } from './saved-plan.js';

export interface ApplyRequest extends PlanRequest {
  /** A reviewed plan to apply exactly as it is. Default: plan now. */
  saved?: Plan;
  /** Where the saved plan was read from, for messages. */
  savedPath?: string;
  /** Who started the run, for the store. Default: the operating-system user. */
  actor?: string;
  /** Sees a fresh plan before anything else happens (to show it). */
  show?: (plan: Plan) => void | Promise<void>;
  /** Asked before the first write of a fresh plan; false writes nothing. Default: go ahead. */
  confirm?: (plan: Plan) => Promise<boolean>;
}

/** How an apply run ended without an error. */
export type ApplyRunResult =
  | { kind: 'no-changes'; runId: RunId; plan: Plan }
  | { kind: 'declined'; runId: RunId; plan: Plan }
  /** Stopped for safety before any write (a limit, a saved plan that no longer holds); `message` says why. */
  | { kind: 'refused'; runId: RunId; plan: Plan; message: string }
  /** `interrupted`: the run's signal aborted, so changes not yet started were not sent. */
  | { kind: 'applied'; runId: RunId; plan: Plan; result: ApplyResult; interrupted: boolean };

/**
 * Runs an apply (or, with mode `import`, an import). Over a limit, or when
 * a saved plan no longer holds, it ends `refused` with nothing written;
 * other errors (a source, Deskbee, a held lock) are thrown. The run is
 * recorded either way.
 */
export function runApply(rt: Runtime, request: ApplyRequest): Promise<ApplyRunResult> {
  return rt.store.withWriteLock(async () => {
    const { saved } = request;
    const runId = await rt.store.startRun({
      mode: request.mode === 'import' ? 'import' : 'apply',
      sources: rt.sourceNames,
      ...(request.actor ? { actor: request.actor } : {}),
      ...(saved ? { planFingerprint: saved.fingerprint } : {}),
    });
    return recordedRun(rt, runId, async () => {
      let plan = saved;
      try {
        const prepared = saved ? await checkSaved(rt, saved, request.allow, request.savedPath) : await preparePlanFor(rt, request);
        plan = prepared.plan;
        return await applyChecked(rt, runId, prepared, request);
      } catch (error) {
        if (!(error instanceof SafetyStopError) || !plan) throw error;
        await rt.store.finishRun(runId, { outcome: 'refused', error: error.message, planFingerprint: plan.fingerprint });
        return { kind: 'refused', runId, plan, message: error.message };
      }
    });
  });
}

async function applyChecked(rt: Runtime, runId: RunId, prepared: PreparedPlan, request: ApplyRequest): Promise<ApplyRunResult> {
  const { plan } = prepared;
  const fresh = !request.saved;
  if (fresh) await request.show?.(plan);
  if (planChanges(plan).length === 0) {
    await rt.store.finishRun(runId, { outcome: 'no-changes', planFingerprint: plan.fingerprint });
    return { kind: 'no-changes', runId, plan };
  }
  checkLimits(plan, request.allow);
  if (fresh && request.confirm && !(await request.confirm(plan))) {
    await rt.store.finishRun(runId, { outcome: 'refused', error: 'not confirmed', planFingerprint: plan.fingerprint });
    return { kind: 'declined', runId, plan };
  }
  const result = await applyPrepared(rt, runId, prepared);
  const interrupted = rt.ctx.signal.aborted;
  const { failed, skipped, unconfirmed } = result.counts;
  const outcome = interrupted ? 'interrupted' : failed + skipped + unconfirmed > 0 ? 'partial' : 'succeeded';
  await rt.store.finishRun(runId, { outcome, counts: planCounts(plan, result), planFingerprint: plan.fingerprint, liftedLimits: liftedLimits(plan, request.allow) });
  return { kind: 'applied', runId, plan, result, interrupted };
}

/** Refuses a plan over a safety limit that was not lifted (DESIGN.md invariant 3). */
export function checkLimits(plan: Plan, allowed: string[]): void {
  const over = plan.safety.verdicts.filter((v) => !v.ok && !allowed.includes(v.limit));
  if (over.length === 0) return;
  throw new SafetyStopError(
    `a safety limit stops this run before any write; nothing was written. ${over.map((v) => v.message).join(' ')} If this is intended, run again with ${over.map((v) => `--allow ${v.limit}`).join(' ')}.`,
  );
}

function applyPrepared(rt: Runtime, runId: RunId, { plan, context }: PreparedPlan): Promise<ApplyResult> {
  return applyPlan(plan, {
    api: rt.client,
    store: rt.store,
    runId,
    ctx: rt.ctx,
    actual: context.actual,
    userLinks: context.userLinks,
    lastApplied: context.lastApplied,
    errorBudget: rt.config.sync.errorBudget,
    sendWelcomeMail: rt.config.sync.sendWelcomeMail,
    paths: rt.client.paths,
    bodyKeys: { ...defaultUserBodyKeys, ...rt.config.deskbee.userFields },
    // As many changes in flight as the client may have requests: it paces and bounds them itself.
    concurrency: rt.config.deskbee.concurrency ?? defaultClientConcurrency,
  });
}

/** A saved plan applies only as reviewed: same source, within limits, and Deskbee still as it was. */
async function checkSaved(rt: Runtime, plan: Plan, allow: string[], savedPath?: string): Promise<PreparedPlan> {
  await checkPlanTarget(rt, plan, savedPath);
  checkLimits(plan, allow);
  const actual = await fetchActual(rt.client);
  const moved = verifyPlanAgainst(plan, actual);
  if (moved.length > 0) {
    const shown = moved.slice(0, 10).join(' ');
    throw new SafetyStopError(
      `Deskbee has changed since this plan was made, so it is not applied as reviewed; nothing was written. ${shown}${moved.length > 10 ? ` … and ${moved.length - 10} more.` : ''} Make a new plan and review it.`,
    );
  }
  const context: PlanContext = {
    actual,
    userLinks: await allLinks(rt),
    lastApplied: (await rt.store.lastAppliedOf('user', usersWritten(plan))) as Map<string, UserValues>,
    warnings: [],
  };
  return { plan, context };
}

/** Every configured source's user links, keyed by linkKey (what planning read). */
async function allLinks(rt: Runtime): Promise<Map<string, string>> {
  const all = new Map<string, string>();
  for (const source of rt.sourceNames) for (const [externalId, uuid] of await rt.store.linkMap(source, 'user')) all.set(linkKey(source, externalId), uuid);
  return all;
}
