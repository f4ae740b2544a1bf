/** Printing plans and apply results on stdout, in the format asked for. */
import type { ApplyResult } from '../plan/apply-result.js';
import type { Plan } from '../plan/plan-types.js';
import { renderApply, renderPlan, type ReportFormat } from '../report/index.js';
import type { CliIo } from './cli-io.js';

/** Whether to colour the terminal report: a TTY, and NO_COLOR not set. */
export function useColor(io: CliIo): boolean {
  return Boolean((io.stdout as NodeJS.WriteStream).isTTY) && !io.env.NO_COLOR;
}

export function printPlan(
  io: CliIo,
  plan: Plan,
  format: ReportFormat,
  options: { verbose?: boolean; maxChangesPerKind?: number; stance?: 'dry-run' | 'before-apply' } = {},
): void {
  io.stdout.write(renderPlan(plan, format, { color: useColor(io), ...options }));
}

export function printApply(io: CliIo, result: ApplyResult, plan: Plan, format: ReportFormat, options: { maxChangesPerKind?: number } = {}): void {
  io.stdout.write(renderApply(result, plan, format, { color: useColor(io), ...options }));
}
