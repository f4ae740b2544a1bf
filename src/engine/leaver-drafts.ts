/**
 * Leavers: people linked to a Deskbee user and gone from every source that
 * owns people. They are deactivated; with `leavers.action: delete` a
 * leaver whose deactivation Deskbee confirmed at least `deleteAfterDays`
 * ago is deleted (the grace period runs from that confirmation, kept in the
 * store, never from an intention); with `removeFromSquads` they also leave
 * the squads this tool manages.
 */
import type { DesiredUser } from '../model/directory.js';
import type { LifecyclePolicy } from '../plan/plan-types.js';
import type { MemberSubject } from './membership-diff.js';
import type { UserPairing } from './pair-users.js';
import type { UserState } from './plan-inputs.js';
import type { Draft } from './reference-diff.js';
import { userRef } from './user-diff.js';

const dayMs = 24 * 60 * 60 * 1000;

export interface LeaverDrafts {
  deactivations: Draft[];
  deletions: Draft[];
  /** Leavers to take out of the managed squads (with `removeFromSquads`). */
  squadSubjects: MemberSubject[];
  /** Deactivated leavers whose grace period has not run out yet. */
  awaitingDeletion: number;
}

export function leaverDrafts(
  leavers: UserPairing['leavers'],
  lastApplied: ReadonlyMap<string, UserState>,
  policy: LifecyclePolicy['leavers'],
  now: string,
): LeaverDrafts {
  const drafts: LeaverDrafts = { deactivations: [], deletions: [], squadSubjects: [], awaitingDeletion: 0 };
  const nowMs = Date.parse(now);
  for (const leaver of leavers) {
    const { actual, source, externalId } = leaver;
    const ref = { ...userRef({ ...actual, externalId, source }), uuid: actual.uuid };
    if (actual.status) {
      drafts.deactivations.push({ kind: 'deactivateUser', user: ref, reason: 'left' });
    } else if (policy.action === 'delete') {
      const deactivatedAt = lastApplied.get(actual.uuid)?.deactivatedAt;
      // Deactivated by hand, or before this tool kept the time: no confirmed deactivation to count from, so never deleted.
      if (deactivatedAt !== undefined) {
        if (nowMs - Date.parse(deactivatedAt) >= policy.deleteAfterDays * dayMs) {
          drafts.deletions.push({ kind: 'deleteUser', user: { ...ref, externalId }, deactivatedAt });
          continue;
        }
        drafts.awaitingDeletion += 1;
      }
    }
    if (policy.removeFromSquads && actual.squads.length > 0) {
      const gone: DesiredUser = { ...actual, source, externalId, origin: '', squads: [] };
      drafts.squadSubjects.push({ desired: gone, uuid: actual.uuid, currentSquads: actual.squads });
    }
  }
  return drafts;
}
