import { Command } from 'commander';
import { planChanges } from '../../plan/plan-types.js';
import { ExitCode } from '../../errors.js';
import type { CliIo } from '../main.js';
import { writePlanFile } from '../../plan/plan-file.js';
import { openRuntime, type CommonFlags } from '../runtime.js';
import { planCounts, printPlan, recordedRun, planFor } from '../sync-steps.js';
import { withCommonOptions, withPlanOptions, type PlanFlags } from './common-options.js';

/** `deskbee-sync plan`: the dry run. Never writes to Deskbee. */
export function planCommand(io: CliIo, setExitCode: (code: number) => void): Command {
  const command = new Command('plan')
    .description(
      'Read the source and Deskbee, and report what a sync would change. Writes nothing to Deskbee.\nExit codes: 0 no changes, 2 changes pending, 3 configuration, 4 source, 5 Deskbee, 6 safety limit.',
    )
    .option('-o, --out <file>', 'also save the plan as JSON, to apply exactly as reviewed with `apply FILE`');
  withPlanOptions(withCommonOptions(command)).action(async (flags: CommonFlags & PlanFlags & { out?: string }) => {
    const rt = await openRuntime(io, flags);
    try {
      const runId = await rt.store.startRun({ mode: 'plan', sources: [rt.source.name] });
      const code = await recordedRun(rt, runId, async () => {
        const { plan, context } = await planFor(rt, flags.allow, 'sync');
        for (const warning of context.warnings) rt.ctx.logger.warn(warning);
        printPlan(io, plan, flags.format, flags.showAll);
        if (flags.out) {
          await writePlanFile(flags.out, plan);
          rt.ctx.logger.info(`plan saved to ${flags.out}; apply it with: deskbee-sync apply ${flags.out}`);
        }
        const pending = planChanges(plan).length > 0;
        await rt.store.finishRun(runId, { outcome: pending ? 'succeeded' : 'no-changes', counts: planCounts(plan), planFingerprint: plan.fingerprint });
        return pending ? ExitCode.changesPending : ExitCode.ok;
      });
      setExitCode(code);
    } finally {
      await rt.close();
    }
  });
  return command;
}
