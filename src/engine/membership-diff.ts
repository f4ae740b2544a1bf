import { matchesName } from '../mapping/compiled-mapping.js';
import type { ActualState, DesiredUser, ManagedScope } from '../model/directory.js';
import type { UserRef } from '../plan/plan-types.js';
import type { Draft } from './reference-diff.js';
import { userRef } from './user-diff.js';
import { nameKey } from './values.js';

/** A source user and the Deskbee user they are (or will be) in Deskbee. */
export interface MemberSubject {
  desired: DesiredUser;
  /** Absent for a user this plan creates. */
  uuid?: string;
  /** The squads Deskbee has them in now (none for a new user). */
  currentSquads: string[];
}

/**
 * Membership changes, one bulk change per squad: users the source puts in a
 * squad they are not in are added; in `sync` mode, source users in a managed
 * squad the source no longer puts them in are removed. Deskbee users no
 * source links to are never touched.
 */
export function diffMemberships(
  subjects: MemberSubject[],
  actual: ActualState,
  managed: ManagedScope,
  mode: 'sync' | 'import',
): Draft[] {
  const squadByKey = new Map(actual.squads.map((squad) => [nameKey(squad.name), squad]));
  const adds = new Map<string, { name: string; users: UserRef[] }>();
  const removes = new Map<string, { name: string; users: (UserRef & { uuid: string })[] }>();
  for (const subject of subjects) {
    // Most people are in the squads the source wants: nothing to work out for them.
    if (sameNames(subject.desired.squads, subject.currentSquads)) continue;
    const wanted = new Map(subject.desired.squads.map((name) => [nameKey(name), name]));
    const current = new Map(subject.currentSquads.map((name) => [nameKey(name), name]));
    const { name: userName, email, externalId, source } = subject.desired;
    const ref = userRef({ name: userName, email, externalId, source, ...(subject.uuid ? { uuid: subject.uuid } : {}) });
    for (const [key, name] of wanted) {
      if (current.has(key)) continue;
      const entry = adds.get(key) ?? { name: squadByKey.get(key)?.name ?? name, users: [] };
      entry.users.push(ref);
      adds.set(key, entry);
    }
    if (mode !== 'sync' || !subject.uuid) continue;
    for (const [key, name] of current) {
      if (wanted.has(key) || !matchesName(managed.squads, name)) continue;
      const entry = removes.get(key) ?? { name, users: [] };
      entry.users.push({ ...ref, uuid: subject.uuid });
      removes.set(key, entry);
    }
  }
  const drafts: Draft[] = [];
  for (const [key, { name, users }] of sorted(adds)) {
    const squadUuid = squadByKey.get(key)?.uuid;
    drafts.push({ kind: 'addMembers', squad: name, ...(squadUuid ? { squadUuid } : {}), users: byEmail(users) });
  }
  for (const [key, { name, users }] of sorted(removes)) {
    const squadUuid = squadByKey.get(key)?.uuid;
    if (!squadUuid) continue;
    drafts.push({ kind: 'removeMembers', squad: name, squadUuid, users: byEmail(users) });
  }
  return drafts;
}

/** The same squad names in the same order (both lists are sorted). */
export function sameNames(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
  return true;
}

function sorted<V>(map: Map<string, V>): [string, V][] {
  return [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function byEmail<U extends UserRef>(users: U[]): U[] {
  return [...users].sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0));
}
