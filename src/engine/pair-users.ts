import { linkKey, type ActualUser, type DesiredUser } from '../model/directory.js';
import type { EntryIssue } from '../sources/source.js';
import type { MatchKey, PlanInputs } from './plan-inputs.js';

export interface UserPair {
  desired: DesiredUser;
  actual: ActualUser;
  /** `link`: the store already links them; otherwise the match rule that paired them now. */
  pairedBy: 'link' | MatchKey;
  /** When a match moves a link from another external id (of this source or another). */
  previous?: { source: string; externalId: string };
}

export interface UserPairing {
  pairs: UserPair[];
  /** Source users with no Deskbee user yet. */
  creates: DesiredUser[];
  /** Deskbee users linked to a source whose external id no source has any more. */
  leavers: { source: string; externalId: string; actual: ActualUser }[];
  /** People left out because another person's link claims the same Deskbee user, each with why. */
  conflicts: EntryIssue[];
  /** Every Deskbee user by uuid. */
  byUuid: ReadonlyMap<string, ActualUser>;
}

/**
 * Pairs each source user with a Deskbee user: first by the stored link
 * (source and external id → uuid), then by the mapping's match rules among
 * Deskbee users that are not linked to a current source user. Linked users
 * whose external id was read but left out (a bad row) are neither paired
 * nor leavers. Two people whose links claim one Deskbee user are both left
 * out, with an issue naming both.
 */
export function pairUsers(inputs: Pick<PlanInputs, 'desired' | 'actual' | 'links' | 'leftOut' | 'options'>): UserPairing {
  const { desired, actual, links, leftOut, options } = inputs;
  const byUuid = new Map(actual.users.map((user) => [user.uuid, user]));
  const keyOf = (user: DesiredUser) => linkKey(user.source, user.externalId);
  const unknown = new Set(leftOut.users);

  // The first person whose link claims each Deskbee user; every claimant where two or more do.
  // A link key some source still has always claims its Deskbee user (when Deskbee has it): no set of wanted keys is needed.
  const claims = new Map<string, DesiredUser>();
  const contested = new Map<string, DesiredUser[]>();
  const unpaired: DesiredUser[] = [];
  for (const user of desired.users) {
    const uuid = links.users.get(keyOf(user));
    if (!uuid || !byUuid.has(uuid)) {
      unpaired.push(user);
      continue;
    }
    const first = claims.get(uuid);
    if (!first) claims.set(uuid, user);
    else contested.set(uuid, [...(contested.get(uuid) ?? [first]), user]);
  }
  const pairs: UserPair[] = [];
  const conflicts: EntryIssue[] = [];
  for (const [uuid, only] of claims) {
    const claimants = contested.get(uuid);
    if (!claimants) {
      pairs.push({ desired: only, actual: byUuid.get(uuid)!, pairedBy: 'link' });
      continue;
    }
    const names = claimants.map((c) => `${c.source} (${c.origin})`).join(' and ');
    for (const c of claimants) {
      conflicts.push({ origin: `${c.source} (${c.origin})`, message: `is linked to the same Deskbee user (${byUuid.get(uuid)?.email ?? uuid}) as another person: ${names}; both are left out until one link is removed` });
      unknown.add(keyOf(c));
    }
  }

  const creates: DesiredUser[] = [];
  // Matching needs indexes over every Deskbee user: made only when someone is not paired by their link (on a nightly run, mostly no one).
  if (unpaired.length > 0) {
    const ownerOf = new Map<string, string>();
    for (const [key, uuid] of links.users) ownerOf.set(uuid, key);
    // A Deskbee user linked to an external id a source still has (or left out) belongs to that id.
    const available = (candidate: ActualUser): boolean => {
      if (claims.has(candidate.uuid)) return false;
      const owner = ownerOf.get(candidate.uuid);
      return owner === undefined || !unknown.has(owner);
    };
    const indexes = buildIndexes(actual.users);
    for (const user of unpaired) {
      const match = findMatch(user, options.match, indexes, available);
      if (!match) {
        creates.push(user);
        continue;
      }
      claims.set(match.actual.uuid, user);
      const previous = ownerOf.get(match.actual.uuid);
      pairs.push({ desired: user, actual: match.actual, pairedBy: match.key, ...(previous ? { previous: splitKey(previous) } : {}) });
    }
  }

  const leavers: UserPairing['leavers'] = [];
  for (const [key, uuid] of links.users) {
    if (unknown.has(key) || claims.has(uuid)) continue;
    const user = byUuid.get(uuid);
    if (user) leavers.push({ ...splitKey(key), actual: user });
  }
  return { pairs, creates, leavers, conflicts, byUuid };
}

/** The source and external id of a link key. */
function splitKey(key: string): { source: string; externalId: string } {
  const at = key.indexOf('\u0000');
  return { source: key.slice(0, at), externalId: key.slice(at + 1) };
}

type Indexes = Record<MatchKey, Map<string, ActualUser[]>>;

function buildIndexes(users: ActualUser[]): Indexes {
  const indexes: Indexes = { email: new Map(), enrollment: new Map(), identifier: new Map() };
  for (const user of users) {
    add(indexes.email, user.email.toLowerCase(), user);
    if (user.enrollment) add(indexes.enrollment, user.enrollment, user);
    if (user.identifier) add(indexes.identifier, user.identifier, user);
  }
  return indexes;
}

function add(index: Map<string, ActualUser[]>, key: string, user: ActualUser): void {
  const list = index.get(key);
  if (list) list.push(user);
  else index.set(key, [user]);
}

function findMatch(
  user: DesiredUser,
  keys: MatchKey[],
  indexes: Indexes,
  available: (candidate: ActualUser) => boolean,
): { actual: ActualUser; key: MatchKey } | undefined {
  for (const key of keys) {
    const value = key === 'email' ? user.email.toLowerCase() : user[key];
    if (!value) continue;
    // An ambiguous key (two Deskbee users) matches nobody: adopting the wrong person is worse than a failed create.
    const candidates = (indexes[key].get(value) ?? []).filter(available);
    if (candidates.length === 1 && candidates[0]) return { actual: candidates[0], key };
  }
  return undefined;
}
