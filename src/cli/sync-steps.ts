import { writeFile } from 'node:fs/promises';
import type { ApplyResult } from '../plan/apply-result.js';
import { applyPlan } from '../engine/apply-plan.js';
import type { PlanOptions } from '../engine/plan-inputs.js';
import { preparePlan, type PlanContext } from '../engine/prepare-plan.js';
import { planChanges, type Plan } from '../plan/plan-types.js';
import { ExitCode, SafetyStopError } from '../errors.js';
import { renderApply, renderPlan, type ReportFormat } from '../report/index.js';
import type { ChangeCounts, RunId } from '../store/snapshot-store.js';
import type { CliIo } from './main.js';
import type { Runtime } from './runtime.js';

/** The read, map, fetch and diff stages for this runtime's source and Deskbee. */
export function planFor(rt: Runtime, allow: string[], mode: PlanOptions['mode']): Promise<{ plan: Plan; context: PlanContext }> {
  return preparePlan({
    source: rt.source,
    mapping: rt.mapping,
    api: rt.client,
    store: rt.store,
    ctx: rt.ctx,
    deskbeeBaseUrl: rt.client.baseUrl.toString(),
    options: rt.planOptions(allow, mode),
  });
}

/** Whether to colour the terminal report: a TTY, and NO_COLOR not set. */
export function useColor(io: CliIo): boolean {
  return Boolean((io.stdout as NodeJS.WriteStream).isTTY) && !io.env.NO_COLOR;
}

export function printPlan(io: CliIo, plan: Plan, format: ReportFormat, verbose = false): void {
  io.stdout.write(renderPlan(plan, format, { color: useColor(io), verbose }));
}

/** Refuses a plan over a safety limit that was not lifted (DESIGN.md invariant 3). */
export function checkLimits(plan: Plan, allowed: string[]): void {
  const over = plan.safety.verdicts.filter((v) => !v.ok && !allowed.includes(v.limit));
  if (over.length === 0) return;
  throw new SafetyStopError(
    `a safety limit stops this run before any write; nothing was written. ${over.map((v) => v.message).join(' ')} If this is intended, run again with ${over.map((v) => `--allow ${v.limit}`).join(' ')}.`,
  );
}

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

/** Applies `plan`, records the run's end, prints the result; returns the exit code. */
export async function applyAndReport(
  io: CliIo,
  rt: Runtime,
  runId: RunId,
  plan: Plan,
  context: PlanContext,
  format: ReportFormat,
  render: { maxChangesPerKind?: number } = {},
): Promise<number> {
  const result = await applyPlan(plan, {
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
  });
  const outcome = result.counts.failed > 0 || result.counts.skipped > 0 ? 'partial' : 'succeeded';
  await rt.store.finishRun(runId, { outcome, counts: planCounts(plan, result), planFingerprint: plan.fingerprint });
  io.stdout.write(renderApply(result, plan, format, { color: useColor(io), ...render }));
  return outcome === 'succeeded' ? ExitCode.ok : ExitCode.partial;
}

/** Runs `body` as a recorded run: a thrown error ends the run as failed (or refused) with its message. */
export async function recordedRun(rt: Runtime, runId: RunId, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    const outcome = error instanceof SafetyStopError ? 'refused' : 'failed';
    const message = error instanceof Error ? error.message : String(error);
    const run = await rt.store.run(runId);
    if (run?.outcome === 'running') await rt.store.finishRun(runId, { outcome, error: message });
    throw error;
  }
}

export async function writeReport(path: string, text: string): Promise<void> {
  await writeFile(path, text, 'utf8');
}
