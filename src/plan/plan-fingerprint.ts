import { createHash } from 'node:crypto';
import { canonical } from '../model/canonical-json.js';
import type { Plan } from './plan-types.js';

/** sha256 over the plan's canonical JSON, fingerprint left out. */
export function planFingerprint(plan: Omit<Plan, 'fingerprint'> & { fingerprint?: string }): string {
  const { fingerprint: _ignored, ...body } = plan;
  return createHash('sha256').update(canonical(body)).digest('hex');
}
