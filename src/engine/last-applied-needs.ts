import type { ManagedScope } from '../model/directory.js';
import type { Plan } from '../plan/plan-types.js';
import type { UserPairing } from './pair-users.js';
import type { PlanOptions } from './plan-inputs.js';
import { diffUserFields } from './user-diff.js';

/**
 * The Deskbee users whose last-applied state the planner reads, by uuid: a
 * paired user whose fields differ from the source's as Deskbee shows them
 * (or whose fields Deskbee does not show), whose status differs or who is
 * deactivated (drift, and a return), and every leaver (a deletion counts
 * from the confirmed deactivation). For anyone else the planner's answer
 * does not depend on what was last applied, so a nightly run that changes
 * little reads little. The users this tool deleted are read apart
 * (`SnapshotStore.lastAppliedWith('user', 'deleted')`).
 */
export function lastAppliedNeeds(pairing: UserPairing, managed: ManagedScope, options: Pick<PlanOptions, 'drift'>): string[] {
  const uuids: string[] = [];
  for (const { desired, actual } of pairing.pairs) {
    const differs =
      !actual.status || desired.status !== actual.status || Object.keys(diffUserFields(desired, actual, undefined, managed, options.drift).after).length > 0;
    if (differs) uuids.push(actual.uuid);
  }
  for (const leaver of pairing.leavers) uuids.push(leaver.actual.uuid);
  return uuids;
}

/** The users a plan writes (updates, deactivations, reactivations): an apply merges what Deskbee confirms into their last-applied state. */
export function usersWritten(plan: Pick<Plan, 'batches'>): string[] {
  const uuids: string[] = [];
  for (const batch of plan.batches) {
    for (const change of batch.changes) {
      if (change.kind === 'updateUser' || change.kind === 'deactivateUser' || change.kind === 'reactivateUser') uuids.push(change.user.uuid);
    }
  }
  return uuids;
}
