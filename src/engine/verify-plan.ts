import type { ActualState } from '../model/directory.js';
import type { Plan } from '../plan/plan-types.js';
import { planChanges } from '../plan/plan-types.js';
import { handlerOf, type DeskbeeNow } from './change-kinds/index.js';
import { nameKey } from './values.js';

/**
 * A saved plan is applied exactly as reviewed, or not at all: every change's
 * `before` must still hold in Deskbee now (each kind's handler says how).
 * Returns one sentence per change Deskbee has moved under; empty when the
 * plan still applies.
 */
export function verifyPlanAgainst(plan: Plan, actual: ActualState): string[] {
  const now = deskbeeNow(actual);
  const moved: string[] = [];
  for (const change of planChanges(plan)) {
    for (const sentence of handlerOf(change).verify(change, now)) moved.push(sentence);
  }
  return moved;
}

/** Deskbee's current state, indexed the way the handlers look things up. */
export function deskbeeNow(actual: ActualState): DeskbeeNow {
  return {
    usersByUuid: new Map(actual.users.map((user) => [user.uuid, user])),
    emails: new Set(actual.users.map((user) => user.email.toLowerCase())),
    squadsByUuid: new Map(actual.squads.map((squad) => [squad.uuid, squad])),
    squadNames: new Set(actual.squads.map((squad) => nameKey(squad.name))),
    costCentersByCode: new Map(actual.costCenters.map((cc) => [cc.code, cc])),
    tagNames: new Set(actual.tags.map((tag) => nameKey(tag.name))),
    tagsByUuid: new Map(actual.tags.map((tag) => [tag.uuid, tag])),
  };
}
