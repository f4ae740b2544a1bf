import type { ActualState } from '../model/directory.js';
import type { SafetyLimits } from './plan-inputs.js';
import type { Change, SafetyVerdict } from '../plan/plan-types.js';
import { nameKey } from './values.js';

/** Names of the limits, as `--allow` takes them. */
export const limitNames = ['deactivations', 'deactivationPercent', 'membershipRemovalsPerSquad', 'totalChanges'] as const;

/**
 * Checks the safety limits on the whole plan before anything is written
 * (DESIGN.md invariant 3). Every limit gets a verdict; `ok` is false when the
 * plan goes over it and the operator did not lift it for this run.
 */
export function checkSafety(
  changes: Change[],
  actual: ActualState,
  linkedUsers: number,
  limits: SafetyLimits,
  overrides: string[],
): SafetyVerdict[] {
  const verdicts: SafetyVerdict[] = [];
  const verdict = (limit: string, value: number, max: number, message: string) =>
    verdicts.push({ limit, value, max, ok: value <= max || overrides.includes(limit), message });

  const deactivations = changes.filter((c) => c.kind === 'deactivateUser').length;
  verdict(
    'deactivations',
    deactivations,
    limits.maxDeactivations,
    `Would deactivate ${deactivations} user(s); the limit is ${limits.maxDeactivations}.`,
  );
  const percent = linkedUsers === 0 ? 0 : round((deactivations / linkedUsers) * 100);
  verdict(
    'deactivationPercent',
    percent,
    limits.maxDeactivationPercent,
    `Would deactivate ${percent}% of the ${linkedUsers} user(s) linked to this source; the limit is ${limits.maxDeactivationPercent}%.`,
  );

  // Counted by squad uuid: a squad the plan renames is named differently in its removeMembers.
  const squadUuidByName = new Map(actual.squads.map((squad) => [nameKey(squad.name), squad.uuid]));
  const memberCounts = new Map<string, number>();
  for (const user of actual.users) {
    for (const squad of user.squads) {
      const uuid = squadUuidByName.get(nameKey(squad));
      if (uuid) memberCounts.set(uuid, (memberCounts.get(uuid) ?? 0) + 1);
    }
  }
  let worst = { percent: 0, squad: '', removed: 0, members: 0 };
  for (const change of changes) {
    if (change.kind !== 'removeMembers') continue;
    const members = memberCounts.get(change.squadUuid) ?? change.users.length;
    const share = members < 10 ? 0 : round((change.users.length / members) * 100);
    if (share > worst.percent) worst = { percent: share, squad: change.squad, removed: change.users.length, members };
  }
  verdict(
    'membershipRemovalsPerSquad',
    worst.percent,
    limits.maxMembershipRemovalPercent,
    worst.squad
      ? `Would remove ${worst.removed} of the ${worst.members} members of squad ${worst.squad} (${worst.percent}%); the limit is ${limits.maxMembershipRemovalPercent}% per squad.`
      : `Would remove no more than ${limits.maxMembershipRemovalPercent}% of any squad's members.`,
  );

  if (limits.maxTotalChanges !== null) {
    verdict('totalChanges', changes.length, limits.maxTotalChanges, `Would make ${changes.length} change(s); the limit is ${limits.maxTotalChanges}.`);
  }
  return verdicts;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
