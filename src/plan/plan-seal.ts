/**
 * A plan is sealed with the key of the store it was made with: an
 * HMAC-SHA256 of its body (plan-json.ts). A plan edited by hand fails the
 * seal even if its sha256 fingerprint was recomputed, and a plan made
 * through another store fails it too, since only that store holds its key.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Secret } from '../secret.js';
import { digestBody } from './plan-json.js';
import type { Plan } from './plan-types.js';

function sealOf(plan: Plan, key: Secret): string {
  return digestBody(plan, createHmac('sha256', key.reveal())).digest('hex');
}

/** `plan` with its seal. */
export function sealPlan(plan: Plan, key: Secret): Plan {
  return { ...plan, seal: sealOf(plan, key) };
}

/** True when the plan carries the seal `key` gives its body. */
export function sealHolds(plan: Plan, key: Secret): boolean {
  if (typeof plan.seal !== 'string' || !/^[0-9a-f]{64}$/.test(plan.seal)) return false;
  return timingSafeEqual(Buffer.from(plan.seal, 'hex'), Buffer.from(sealOf(plan, key), 'hex'));
}
