import { readFile, writeFile } from 'node:fs/promises';
import { planFingerprint } from './plan-fingerprint.js';
import { planVersion, type Plan } from './plan-types.js';
import { ConfigError } from '../errors.js';
import { planJson } from './plan-json.js';

/** Writes a plan as the JSON that `apply PLAN` reads back. */
export async function writePlanFile(path: string, plan: Plan): Promise<void> {
  await writeFile(path, planJson(plan), 'utf8');
}

/**
 * Reads a saved plan: it must be this version's format and unaltered since
 * it was made (its fingerprint still matches its content).
 */
export async function readPlanFile(path: string): Promise<Plan> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read the plan file (${(error as NodeJS.ErrnoException).code ?? 'unreadable'}).`, path);
  }
  let plan: Plan;
  try {
    plan = JSON.parse(text) as Plan;
  } catch {
    throw new ConfigError('the plan file is not JSON; write one with `deskbee-sync plan --out FILE`.', path);
  }
  if (typeof plan !== 'object' || plan === null || plan.version !== planVersion || !Array.isArray(plan.batches)) {
    throw new ConfigError(`the plan file is not a version ${planVersion} plan of deskbee-sync; write one with \`deskbee-sync plan --out FILE\`.`, path);
  }
  if (planFingerprint(plan) !== plan.fingerprint) {
    throw new ConfigError('the plan file was altered after it was made (its fingerprint no longer matches); make a new plan and review that one.', path);
  }
  return plan;
}
