/**
 * Saved plans on disk. Written as a stream (a large plan never becomes one
 * string); read back only when the file is a plan of this version whose
 * content still matches its fingerprint. Whether it may be applied here
 * (its seal, its Deskbee and store) is checked by the run layer.
 */
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ConfigError, SafetyStopError } from '../errors.js';
import { planFingerprint, planJsonChunks } from './plan-json.js';
import { planSchema } from './plan-schema.js';
import { planVersion, type Plan } from './plan-types.js';

/** Writes a plan as the JSON that `apply PLAN` reads back. */
export async function writePlanFile(path: string, plan: Plan): Promise<void> {
  try {
    await pipeline(Readable.from(planJsonChunks(plan)), createWriteStream(path, { encoding: 'utf8' }));
  } catch (error) {
    throw new ConfigError(`cannot write the plan file (${(error as NodeJS.ErrnoException).code ?? 'unwritable'}).`, path);
  }
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
  // Checked, not replaced: the parsed object keeps every key, so its fingerprint is computed over what the file holds.
  const checked = planSchema.safeParse(plan);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const where = issue ? `/${issue.path.join('/')}` : '/';
    throw new ConfigError(`the plan file does not have a plan's shape at ${where} (${issue?.message ?? 'invalid'}); write one with \`deskbee-sync plan --out FILE\`.`, path);
  }
  if (planFingerprint(plan) !== plan.fingerprint) {
    throw new SafetyStopError(`${path}: the plan file was altered after it was made (its fingerprint no longer matches); nothing was written. Make a new plan and review that one.`);
  }
  return plan;
}
