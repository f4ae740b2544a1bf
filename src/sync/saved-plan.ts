/**
 * A saved plan is applied only where it was made and as it was made
 * (DESIGN.md invariant 1): through the same store, sealed with that store's
 * key, to the same Deskbee with the same API client, from the same source.
 * Each check refuses with a SafetyStopError that says what differs; nothing
 * is written.
 */
import { ConfigError, SafetyStopError } from '../errors.js';
import { sealHolds } from '../plan/plan-seal.js';
import type { Plan } from '../plan/plan-types.js';
import type { Runtime } from './runtime.js';

/** Throws unless `plan` may be applied through this runtime. */
export async function checkPlanTarget(rt: Runtime, plan: Plan, path = 'the plan'): Promise<void> {
  const refuse = (why: string) => new SafetyStopError(`${path} is refused, and nothing was written: ${why}`);
  if (plan.store?.id !== rt.target.storeId) {
    throw refuse(
      `it was made with another store (id ${plan.store?.id ?? 'none'}; this store is ${rt.target.storeId}). A plan is applied through the store it was made with, which holds its links and its key; make a new plan here.`,
    );
  }
  if (!sealHolds(plan, (await rt.store.identity()).sealKey)) {
    throw refuse('its seal does not match its content: it was edited after it was made (or its seal was removed). Make a new plan and review that one.');
  }
  if (plan.deskbee.baseUrl !== rt.target.baseUrl) {
    throw refuse(`it was made for the Deskbee at ${plan.deskbee.baseUrl}, but this run writes to ${rt.target.baseUrl} (DESKBEE_BASE_URL or deskbee.baseUrl). Make a new plan against this Deskbee.`);
  }
  if (plan.deskbee.client !== rt.target.client) {
    throw refuse(
      `it was made with another API client (client id fingerprint ${plan.deskbee.client}; DESKBEE_CLIENT_ID now gives ${rt.target.client}). Make a new plan with these credentials.`,
    );
  }
  const sources = rt.sourceNames.join('+');
  if (plan.source.name !== sources) {
    throw new ConfigError(`the plan was made from source ${plan.source.name}, but the configuration reads ${sources}; nothing was written.`);
  }
}
