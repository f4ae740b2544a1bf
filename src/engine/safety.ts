import type { ActualState } from '../model/directory.js';
import type { Change, SafetyVerdict } from '../plan/plan-types.js';
import { formatCount, plural } from '../plan/value-format.js';
import { handlerOf, type SafetyCounter } from './change-kinds/index.js';
import type { Limit, SafetyLimits } from './plan-inputs.js';
import { nameKey } from './values.js';

/** What each limit counts, in the order verdicts are listed. */
const counters = ['creates', 'updates', 'deactivations', 'userDeletions', 'squadDeletions', 'costCenterDeletions', 'membershipRemovals', 'tagRemovals'] as const satisfies readonly SafetyCounter[];

/** Names of the limits, as `--allow` takes them: each counter by count and by percent, one squad's members, and the total. */
export const limitNames: readonly string[] = [...counters.flatMap((c) => [c, `${c}Percent`]), 'membershipRemovalsPerSquad', 'total', 'totalPercent'];

/** Below this population a percent says little (one of five is 20%): percent limits are checked from here. */
const minimumPopulation = 10;

type Population = 'users' | 'squads' | 'costCenters' | 'tags' | 'memberships' | 'entries';

/** How a limit's sentence speaks of its count, and what its percent is of. */
const phrasing: Record<SafetyCounter | 'total', { did: (n: number) => string; of: Population }> = {
  creates: { did: (n) => `create ${plural(n, 'user, squad, cost center or tag', 'users, squads, cost centers or tags')}`, of: 'entries' },
  updates: { did: (n) => `change ${plural(n, 'user, squad or cost center', 'users, squads or cost centers')}`, of: 'entries' },
  deactivations: { did: (n) => `deactivate ${plural(n, 'user')}`, of: 'users' },
  userDeletions: { did: (n) => `delete ${plural(n, 'user')}`, of: 'users' },
  squadDeletions: { did: (n) => `delete ${plural(n, 'squad')}`, of: 'squads' },
  costCenterDeletions: { did: (n) => `delete ${plural(n, 'cost center')}`, of: 'costCenters' },
  membershipRemovals: { did: (n) => `remove ${plural(n, 'squad membership')}`, of: 'memberships' },
  tagRemovals: { did: (n) => `delete ${plural(n, 'tag')}`, of: 'tags' },
  total: { did: (n) => `make ${plural(n, 'change')}`, of: 'entries' },
};

const populationWords: Record<Population, string> = {
  users: 'users',
  squads: 'squads',
  costCenters: 'cost centers',
  tags: 'tags',
  memberships: 'squad memberships',
  entries: 'users, squads, cost centers and tags',
};

/**
 * Checks the safety limits on the whole plan before anything is written
 * (DESIGN.md invariant 3): what each change counts toward is its handler's
 * to say. Every limit in force gets a verdict; `ok` is false when the plan
 * goes over it and the operator did not lift it for this run.
 */
export function checkSafety(changes: readonly Change[], actual: ActualState, limits: SafetyLimits, overrides: readonly string[]): SafetyVerdict[] {
  const totals: Record<SafetyCounter, number> = { creates: 0, updates: 0, deactivations: 0, userDeletions: 0, squadDeletions: 0, costCenterDeletions: 0, membershipRemovals: 0, tagRemovals: 0 };
  for (const change of changes) {
    const counts = handlerOf(change).counts(change);
    for (const counter of counters) totals[counter] += counts[counter] ?? 0;
  }
  const memberCounts = membersBySquadUuid(actual);
  let memberships = 0;
  for (const n of memberCounts.values()) memberships += n;
  const populations: Record<Population, number> = {
    users: actual.users.length,
    squads: actual.squads.length,
    costCenters: actual.costCenters.length,
    tags: actual.tags.length,
    memberships,
    entries: actual.users.length + actual.squads.length + actual.costCenters.length + actual.tags.length,
  };

  const verdicts: SafetyVerdict[] = [];
  const verdict = (limit: string, value: number, max: number, message: string) => verdicts.push({ limit, value, max, ok: value <= max || overrides.includes(limit), message });
  const check = (name: SafetyCounter | 'total', value: number, limit: Limit) => {
    const { did, of } = phrasing[name];
    if (limit.count !== null) verdict(name, value, limit.count, `Would ${did(value)}; the limit is ${formatCount(limit.count)}.`);
    if (limit.percent !== null) {
      const population = populations[of];
      const share = population < minimumPopulation ? 0 : round((value / population) * 100);
      const base = population < minimumPopulation ? `percent limits apply from ${minimumPopulation} ${populationWords[of]}, Deskbee holds ${formatCount(population)}` : `${share}% of Deskbee's ${formatCount(population)} ${populationWords[of]}`;
      verdict(`${name}Percent`, share, limit.percent, `Would ${did(value)}, ${base}; the limit is ${limit.percent}%.`);
    }
  };
  for (const counter of counters) check(counter, totals[counter], limits[counter]);

  const perSquad = limits.membershipRemovals.perSquadPercent;
  if (perSquad !== null) {
    let worst = { percent: 0, squad: '', removed: 0, members: 0 };
    for (const change of changes) {
      if (change.kind !== 'removeMembers') continue;
      const members = memberCounts.get(change.squadUuid) ?? change.users.length;
      const share = members < minimumPopulation ? 0 : round((change.users.length / members) * 100);
      if (share > worst.percent) worst = { percent: share, squad: change.squad, removed: change.users.length, members };
    }
    verdict(
      'membershipRemovalsPerSquad',
      worst.percent,
      perSquad,
      worst.squad
        ? `Would remove ${formatCount(worst.removed)} of the ${formatCount(worst.members)} members of squad ${worst.squad} (${worst.percent}%); the limit is ${perSquad}% per squad.`
        : `Would remove no more than ${perSquad}% of any squad's members.`,
    );
  }
  check('total', changes.length, limits.total);
  return verdicts;
}

/** Members of each squad, by squad uuid: a squad the plan renames is named otherwise in its removeMembers. */
function membersBySquadUuid(actual: ActualState): Map<string, number> {
  const squadUuidByName = new Map(actual.squads.map((squad) => [nameKey(squad.name), squad.uuid]));
  const counts = new Map<string, number>();
  for (const user of actual.users) {
    for (const squad of user.squads) {
      const uuid = squadUuidByName.get(nameKey(squad));
      if (uuid) counts.set(uuid, (counts.get(uuid) ?? 0) + 1);
    }
  }
  return counts;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
