import { Command } from 'commander';
import { readPlanFile } from '../../plan/plan-file.js';
import { planChanges, type Plan } from '../../plan/plan-types.js';
import { RunWatch } from '../../ops/after-run.js';
import { runApply } from '../../sync/apply-run.js';
import { summarizeApply } from '../../sync/run-summary.js';
import type { Runtime } from '../../sync/runtime.js';
import type { CliIo } from '../cli-io.js';
import { printApply, printApplyDocument, printPlan, reportFileFormat, writeReportFile } from '../cli-output.js';
import { runtimeFor, strictRun, type CommonFlags } from '../cli-runtime.js';
import { confirmApply } from '../confirm.js';
import { applyDocument, applyExitCode } from '../run-exit.js';
import { withCommonOptions, withPlanOptions, type PlanFlags } from './common-options.js';

export type ApplyFlags = CommonFlags & PlanFlags & { yes?: boolean };

/** `deskbee-sync apply [PLAN]`: writes a reviewed plan, or plans and applies after confirmation. */
export function applyCommand(io: CliIo, setExitCode: (code: number) => void): Command {
  const command = new Command('apply')
    .description(
      'Apply changes to Deskbee. With PLAN (a file from `plan --out`), applies exactly that plan, or refuses if Deskbee has changed under it. Without, plans, shows the report and asks before writing (--yes for jobs).',
    )
    .argument('[plan]', 'a saved plan file to apply as reviewed')
    .option('-y, --yes', 'apply without asking (for scheduled jobs)');
  withPlanOptions(withCommonOptions(command)).action(async (planFile: string | undefined, flags: ApplyFlags) => {
    const saved = planFile ? await readPlanFile(planFile) : undefined;
    const rt = await runtimeFor(io, flags);
    try {
      setExitCode(await applyAndPrint(io, rt, flags, 'sync', saved && planFile ? { plan: saved, path: planFile } : undefined));
    } finally {
      await rt.close();
    }
  });
  return command;
}

/** Runs an apply (or import), showing a fresh plan and asking first; prints the result; returns the exit code. */
export async function applyAndPrint(io: CliIo, rt: Runtime, flags: ApplyFlags, mode: 'sync' | 'import', saved?: { plan: Plan; path: string }): Promise<number> {
  const json = flags.format === 'json';
  // JSON and HTML are one document on stdout: the result, not the plan shown before it.
  const oneDocument = json || flags.format === 'html';
  const watch = new RunWatch(rt, io.env, mode === 'import' ? 'import' : 'apply');
  const run = await watch.guard(() => runApply(rt, {
    mode,
    allow: flags.allow,
    ...(saved ? { saved: saved.plan, savedPath: saved.path } : {}),
    show: (plan) => {
      if (!oneDocument) return printPlan(io, plan, flags.format, { verbose: Boolean(flags.showAll), stance: 'before-apply' });
    },
    confirm: (plan) =>
      confirmApply(`Apply ${planChanges(plan).length} change(s) to ${rt.client.baseUrl.origin}?`, Boolean(flags.yes), process.stdin as NodeJS.ReadStream, io.stderr),
  }));
  const code = applyExitCode(run, strictRun(rt, flags));
  await watch.finished(summarizeApply(watch.frame(code), run));
  if (json) {
    await printApplyDocument(io, applyDocument(mode === 'import' ? 'import' : 'apply', run, code));
  } else if (run.kind === 'applied') {
    printApply(io, run.result, run.plan, flags.format);
  } else if (oneDocument) {
    await printPlan(io, run.plan, flags.format);
  }
  if (run.kind === 'declined') io.stderr.write('Nothing was written.\n');
  if (run.kind === 'refused') io.stderr.write(`deskbee-sync: ${run.message}\n`);
  if (run.kind === 'applied' && run.interrupted) {
    const { applied, unconfirmed, failed } = run.result.counts;
    io.stderr.write(`deskbee-sync: interrupted after ${applied + unconfirmed + failed} change(s) were sent; the rest were not. Run ${run.runId} is recorded as interrupted; run again to finish.\n`);
  }
  if (flags.outReport) {
    const format = reportFileFormat(flags.outReport, flags.format);
    await writeReportFile(flags.outReport, format, {
      plan: run.plan,
      ...(run.kind === 'applied' ? { result: run.result } : {}),
      ...(format === 'json' ? { document: applyDocument(mode === 'import' ? 'import' : 'apply', run, code) } : {}),
    });
    rt.ctx.logger.info(`report written to ${flags.outReport}`);
  }
  return code;
}
