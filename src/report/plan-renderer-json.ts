/**
 * Plans and apply results as JSON, for `--format json`. A plan renders as
 * the plan file's own text (src/plan/plan-json.ts).
 */
import type { ApplyResult } from '../plan/apply-result.js';
import { planJson } from '../plan/plan-json.js';
import type { Plan } from '../plan/plan-types.js';

/** `plan` as pretty JSON: the plan file's own text (src/plan/plan-json.ts). */
export function renderPlanJson(plan: Plan): string {
  return planJson(plan);
}

/** An apply result as pretty JSON (two spaces, trailing newline), for `--format json` and archives. */
export function renderApplyJson(result: ApplyResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}
