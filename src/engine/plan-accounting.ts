/** Where every person read went (Plan.accounting), and where each written value came from. */
import type { DesiredUser, UserField } from '../model/directory.js';
import type { Change, Plan, UserRef, UserValues } from '../plan/plan-types.js';
import type { UserPair } from './pair-users.js';
import type { PlanInputs } from './plan-inputs.js';

/** Where a user change's values came from: the person's entry, and the fields another source gave. */
export function provenanceOf(user: DesiredUser, written: UserValues): { origin: string; fieldsFrom?: Partial<Record<UserField, string>> } {
  if (!user.origins) return { origin: user.origin };
  const fieldsFrom: Partial<Record<UserField, string>> = {};
  for (const field of Object.keys(written) as UserField[]) {
    const from = user.origins[field];
    if (from) fieldsFrom[field] = from;
  }
  return Object.keys(fieldsFrom).length > 0 ? { origin: user.origin, fieldsFrom } : { origin: user.origin };
}

/** Where every person read went: `people.read` is the sum of the other people counts. */
export function accountFor(
  inputs: PlanInputs,
  changes: readonly Change[],
  counted: { creates: number; paired: readonly UserPair[]; disabledNotInDeskbee: number; leavers: number },
): Plan['accounting'] {
  const { entries } = inputs;
  // Deskbee users some change touches, by uuid (a person this plan creates has none yet).
  const touched = new Set<string>();
  const mark = (user: UserRef | undefined) => {
    if (user?.uuid) touched.add(user.uuid);
  };
  for (const change of changes) {
    if (change.kind === 'addMembers' || change.kind === 'removeMembers') for (const user of change.users) mark(user);
    else if ('user' in change && change.kind !== 'createUser') mark(change.user);
  }
  // Only people already in Deskbee can be changed; new ones (also in membership adds) are creates, leavers are not among those read.
  let change = 0;
  for (const pair of counted.paired) if (touched.has(pair.actual.uuid)) change += 1;
  return {
    people: {
      read: entries.people,
      create: counted.creates,
      change,
      unchanged: counted.paired.length - change,
      leftOut: entries.leftOut,
      disabledNotInDeskbee: counted.disabledNotInDeskbee,
      merged: entries.merged,
      notTaken: entries.notTaken,
    },
    groups: { read: entries.groups, leftOut: entries.groupsLeftOut },
    leavers: counted.leavers,
    ...(entries.bySource ? { bySource: entries.bySource.map(({ name, people, leftOut, notTaken }) => ({ name, people, leftOut, notTaken })) } : {}),
  };
}
