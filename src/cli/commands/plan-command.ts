import { Command } from 'commander';
import { writePlanFile } from '../../plan/plan-file.js';
import { RunWatch } from '../../ops/after-run.js';
import { runPlan } from '../../sync/plan-run.js';
import { summarizePlan } from '../../sync/run-summary.js';
import type { CliIo } from '../cli-io.js';
import { printPlan, reportFileFormat, writeReportFile } from '../cli-output.js';
import { runtimeFor, strictRun, type CommonFlags } from '../cli-runtime.js';
import { planExitCode } from '../run-exit.js';
import { withCommonOptions, withPlanOptions, type PlanFlags } from './common-options.js';

/** `deskbee-sync plan`: the dry run. Never writes to Deskbee. */
export function planCommand(io: CliIo, setExitCode: (code: number) => void): Command {
  const command = new Command('plan')
    .description(
      'Read the source and Deskbee, and report what a sync would change. Writes nothing to Deskbee.',
    )
    .option('-o, --out <file>', 'also save the plan as JSON, to apply exactly as reviewed with `apply FILE`');
  withPlanOptions(withCommonOptions(command)).action(async (flags: CommonFlags & PlanFlags & { out?: string }) => {
    const rt = await runtimeFor(io, flags);
    try {
      const watch = new RunWatch(rt, io.env, 'plan');
      const { runId, plan, context } = await watch.guard(() => runPlan(rt, { mode: 'sync', allow: flags.allow }));
      await watch.finished(summarizePlan(watch.frame(planExitCode(plan, strictRun(rt, flags))), runId, plan));
      for (const warning of context.warnings) rt.ctx.logger.warn(warning);
      await printPlan(io, plan, flags.format, { verbose: Boolean(flags.showAll) });
      if (flags.outReport) {
        await writeReportFile(flags.outReport, reportFileFormat(flags.outReport, flags.format), { plan });
        rt.ctx.logger.info(`report written to ${flags.outReport}`);
      }
      if (flags.out) {
        await writePlanFile(flags.out, plan);
        rt.ctx.logger.info(`plan saved to ${flags.out}; apply it with: deskbee-sync apply ${flags.out}`);
      }
      setExitCode(planExitCode(plan, strictRun(rt, flags)));
    } finally {
      await rt.close();
    }
  });
  return command;
}
