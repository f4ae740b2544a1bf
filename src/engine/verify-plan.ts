import type { ActualState, ActualUser, UserField } from '../model/directory.js';
import type { Change, Plan } from '../plan/plan-types.js';
import { planChanges } from '../plan/plan-types.js';
import { nameKey, sameValue } from './values.js';

/**
 * A saved plan is applied exactly as reviewed, or not at all: every change's
 * `before` must still hold in Deskbee now. Returns one sentence per change
 * Deskbee has moved under; empty when the plan still applies.
 */
export function verifyPlanAgainst(plan: Plan, actual: ActualState): string[] {
  const users = new Map(actual.users.map((user) => [user.uuid, user]));
  const emails = new Set(actual.users.map((user) => user.email.toLowerCase()));
  const squads = new Map(actual.squads.map((squad) => [squad.uuid, squad]));
  const squadNames = new Set(actual.squads.map((squad) => nameKey(squad.name)));
  const costCenters = new Map(actual.costCenters.map((cc) => [cc.code, cc]));
  const tagNames = new Set(actual.tags.map((tag) => nameKey(tag.name)));
  const moved: string[] = [];
  const userGone = (change: Change & { user: { uuid: string; email: string } }): ActualUser | undefined => {
    const user = users.get(change.user.uuid);
    if (!user) moved.push(`${change.id}: user ${change.user.email} is no longer in Deskbee.`);
    return user;
  };
  for (const change of planChanges(plan)) {
    switch (change.kind) {
      case 'createUser':
        if (emails.has((change.after.email ?? change.user.email).toLowerCase())) moved.push(`${change.id}: a user with email ${change.user.email} now exists.`);
        break;
      case 'updateUser': {
        const user = userGone(change);
        if (!user) break;
        for (const [field, before] of Object.entries(change.before)) {
          const key = field as UserField;
          if (user.unknownFields.includes(key)) continue;
          const now = user[key as keyof ActualUser];
          if (!sameValue(key, now, before)) moved.push(`${change.id}: ${user.email}'s ${field} is now ${JSON.stringify(now)}, the plan expected ${JSON.stringify(before)}.`);
        }
        break;
      }
      case 'linkUser':
        userGone(change);
        break;
      case 'deactivateUser':
      case 'reactivateUser': {
        const user = userGone(change);
        const expected = change.kind === 'deactivateUser';
        if (user && user.status !== expected) moved.push(`${change.id}: ${user.email} is already ${expected ? 'deactivated' : 'active'}.`);
        break;
      }
      case 'createSquad':
        if (squadNames.has(nameKey(change.name))) moved.push(`${change.id}: a squad named ${change.name} now exists.`);
        break;
      case 'renameSquad':
        if (squads.get(change.uuid)?.name !== change.before) moved.push(`${change.id}: squad ${change.before} is gone or renamed.`);
        break;
      case 'linkSquad':
        if (!squads.has(change.uuid)) moved.push(`${change.id}: squad ${change.name} is no longer in Deskbee.`);
        break;
      case 'addMembers':
      case 'removeMembers':
        // A squad this plan creates has no uuid yet; its createSquad is checked instead.
        if (change.squadUuid && !squads.has(change.squadUuid)) moved.push(`${change.id}: squad ${change.squad} is no longer in Deskbee.`);
        break;
      case 'createCostCenter':
        if (costCenters.has(change.code)) moved.push(`${change.id}: a cost center with code ${change.code} now exists.`);
        break;
      case 'updateCostCenter': {
        const cc = costCenters.get(change.code);
        if (!cc || cc.name !== change.before.name || cc.description !== change.before.description) moved.push(`${change.id}: cost center ${change.code} has changed.`);
        break;
      }
      case 'createTag':
        if (tagNames.has(nameKey(change.name))) moved.push(`${change.id}: a tag named ${change.name} now exists.`);
        break;
    }
  }
  return moved;
}
