import type { ActualUser, DesiredUser } from '../model/directory.js';
import type { MatchKey, PlanInputs } from './plan-inputs.js';

export interface UserPair {
  desired: DesiredUser;
  actual: ActualUser;
  /** `link`: the store already links them; otherwise the match rule that paired them now. */
  pairedBy: 'link' | MatchKey;
  /** When a match moves a link from another external id of this source. */
  previousExternalId?: string;
}

export interface UserPairing {
  pairs: UserPair[];
  /** Source users with no Deskbee user yet. */
  creates: DesiredUser[];
  /** Deskbee users linked to this source whose external id the source no longer has. */
  leavers: { externalId: string; actual: ActualUser }[];
}

/**
 * Pairs each source user with a Deskbee user: first by the stored link
 * (external id → uuid), then by the mapping's match rules among Deskbee users
 * that are not linked to a current source user. Linked users whose external id
 * was read but left out (a bad row) are neither paired nor leavers.
 */
export function pairUsers(inputs: Pick<PlanInputs, 'desired' | 'actual' | 'links' | 'leftOut' | 'options'>): UserPairing {
  const { desired, actual, links, leftOut, options } = inputs;
  const byUuid = new Map(actual.users.map((user) => [user.uuid, user]));
  const wanted = new Set(desired.users.map((user) => user.externalId));
  const unknown = new Set(leftOut.users);
  const externalIdOf = new Map<string, string>();
  for (const [externalId, uuid] of links.users) externalIdOf.set(uuid, externalId);

  const claimed = new Set<string>();
  const pairs: UserPair[] = [];
  const unpaired: DesiredUser[] = [];
  for (const user of desired.users) {
    const uuid = links.users.get(user.externalId);
    const linked = uuid ? byUuid.get(uuid) : undefined;
    if (linked) {
      pairs.push({ desired: user, actual: linked, pairedBy: 'link' });
      claimed.add(linked.uuid);
    } else {
      unpaired.push(user);
    }
  }

  // A Deskbee user linked to an external id the source still has (or left out) belongs to that id.
  const available = (candidate: ActualUser): boolean => {
    if (claimed.has(candidate.uuid)) return false;
    const owner = externalIdOf.get(candidate.uuid);
    return owner === undefined || (!wanted.has(owner) && !unknown.has(owner));
  };
  const indexes = buildIndexes(actual.users);
  const creates: DesiredUser[] = [];
  for (const user of unpaired) {
    const match = findMatch(user, options.match, indexes, available);
    if (!match) {
      creates.push(user);
      continue;
    }
    claimed.add(match.actual.uuid);
    const previous = externalIdOf.get(match.actual.uuid);
    pairs.push({ desired: user, actual: match.actual, pairedBy: match.key, ...(previous ? { previousExternalId: previous } : {}) });
  }

  const leavers: UserPairing['leavers'] = [];
  for (const [externalId, uuid] of links.users) {
    if (wanted.has(externalId) || unknown.has(externalId) || claimed.has(uuid)) continue;
    const user = byUuid.get(uuid);
    if (user) leavers.push({ externalId, actual: user });
  }
  return { pairs, creates, leavers };
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
