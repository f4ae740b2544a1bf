import { Command } from 'commander';
import { fetchActual } from '../../engine/fetch-actual.js';
import { planChanges, type Plan } from '../../plan/plan-types.js';
import { verifyPlanAgainst } from '../../engine/verify-plan.js';
import { ConfigError, ExitCode, SafetyStopError } from '../../errors.js';
import type { UserValues } from '../../plan/plan-types.js';
import { confirmApply } from '../confirm.js';
import type { CliIo } from '../main.js';
import { readPlanFile } from '../../plan/plan-file.js';
import { openRuntime, type CommonFlags, type Runtime } from '../runtime.js';
import { applyAndReport, checkLimits, printPlan, recordedRun, planFor } from '../sync-steps.js';
import { withCommonOptions, withPlanOptions, type PlanFlags } from './common-options.js';

type ApplyFlags = CommonFlags & PlanFlags & { yes?: boolean };

/** `deskbee-sync apply [PLAN]`: writes a reviewed plan, or plans and applies after confirmation. */
export function applyCommand(io: CliIo, setExitCode: (code: number) => void): Command {
  const command = new Command('apply')
    .description(
      'Apply changes to Deskbee. With PLAN (a file from `plan --out`), applies exactly that plan, or refuses if Deskbee has changed under it. Without, plans, shows the report and asks before writing (--yes for jobs).\nExit codes: 0 applied, 7 some changes failed or were skipped, 3-6 as for plan.',
    )
    .argument('[plan]', 'a saved plan file to apply as reviewed')
    .option('-y, --yes', 'apply without asking (for scheduled jobs)');
  withPlanOptions(withCommonOptions(command)).action(async (planFile: string | undefined, flags: ApplyFlags) => {
    const saved = planFile ? await readPlanFile(planFile) : undefined;
    const rt = await openRuntime(io, flags);
    try {
      const code = await rt.store.withWriteLock(async () => {
        const runId = await rt.store.startRun({ mode: 'apply', sources: [rt.source.name], ...(saved ? { planFingerprint: saved.fingerprint } : {}) });
        return recordedRun(rt, runId, () => (saved ? applySaved(io, rt, runId, saved, flags) : planAndApply(io, rt, runId, flags, 'sync')));
      });
      setExitCode(code);
    } finally {
      await rt.close();
    }
  });
  return command;
}

async function applySaved(io: CliIo, rt: Runtime, runId: number, plan: Plan, flags: ApplyFlags): Promise<number> {
  if (plan.source.name !== rt.source.name) {
    throw new ConfigError(`the plan was made from source ${plan.source.name}, but the configuration reads ${rt.source.name}; nothing was written.`);
  }
  checkLimits(plan, flags.allow);
  const actual = await fetchActual(rt.client);
  const moved = verifyPlanAgainst(plan, actual);
  if (moved.length > 0) {
    const shown = moved.slice(0, 10).join(' ');
    throw new SafetyStopError(
      `Deskbee has changed since this plan was made, so it is not applied as reviewed; nothing was written. ${shown}${moved.length > 10 ? ` … and ${moved.length - 10} more.` : ''} Make a new plan and review it.`,
    );
  }
  const links = await rt.store.links(rt.source.name, 'user');
  const lastApplied = await rt.store.lastApplied('user');
  const context = {
    actual,
    userLinks: new Map(links.map((l) => [l.externalId, l.uuid])),
    lastApplied: new Map([...lastApplied].map(([uuid, r]) => [uuid, r.state as UserValues])),
    warnings: [],
  };
  return applyAndReport(io, rt, runId, plan, context, flags.format);
}

/** Plans, shows the report, checks limits, asks, applies. Shared with `import`. */
export async function planAndApply(io: CliIo, rt: Runtime, runId: number, flags: ApplyFlags, mode: 'sync' | 'import'): Promise<number> {
  const { plan, context } = await planFor(rt, flags.allow, mode);
  for (const warning of context.warnings) rt.ctx.logger.warn(warning);
  printPlan(io, plan, flags.format, flags.showAll);
  const count = planChanges(plan).length;
  if (count === 0) {
    await rt.store.finishRun(runId, { outcome: 'no-changes', planFingerprint: plan.fingerprint });
    return ExitCode.ok;
  }
  checkLimits(plan, flags.allow);
  const stdin = process.stdin as NodeJS.ReadStream;
  const go = await confirmApply(`Apply ${count} change(s) to ${rt.client.baseUrl.origin}?`, Boolean(flags.yes), stdin, io.stderr);
  if (!go) {
    await rt.store.finishRun(runId, { outcome: 'refused', error: 'not confirmed', planFingerprint: plan.fingerprint });
    io.stderr.write('Nothing was written.\n');
    return ExitCode.ok;
  }
  return applyAndReport(io, rt, runId, plan, context, flags.format);
}
