/**
 * Which groups each user is in, from the Group resources' `members`. SCIM
 * gives membership both ways (a User's read-only `groups`, a Group's
 * `members`), and providers fill in one, the other or both; a person's
 * entry gets the union, so that squads can come from either.
 *
 * Kept for the whole read: one number per (member, group) pair, and each
 * group's id and name once.
 */
import type { JsonValue } from '../source.js';
import { get, isObject, type JsonObject } from './scim-resource.js';

interface GroupRef {
  id: string;
  display: string;
}

export class GroupMemberships {
  private readonly groups: GroupRef[] = [];
  /** Member id → index into `groups`, or indexes when in several (most people are in one: no list for them). */
  private readonly byMember = new Map<string, number | number[]>();

  /** Groups indexed so far. */
  get size(): number {
    return this.groups.length;
  }

  /**
   * Indexes a Group's direct members. Members of type `Group` (nesting) are
   * not followed; a provider that resolves nesting says so in each User's
   * `groups`, which is kept as it is. A group without a displayName names no
   * squad and is not indexed.
   */
  add(group: JsonObject, id: string): void {
    const display = get(group, 'displayName');
    if (typeof display !== 'string' || display.trim() === '') return;
    const index = this.groups.push({ id, display }) - 1;
    const members = get(group, 'members');
    for (const member of Array.isArray(members) ? members : []) {
      if (!isObject(member)) continue;
      const value = get(member, 'value');
      const type = get(member, 'type');
      if (typeof value !== 'string' || (typeof type === 'string' && type.toLowerCase() === 'group')) continue;
      const known = this.byMember.get(value);
      if (known === undefined) this.byMember.set(value, index);
      else if (typeof known === 'number') {
        if (known !== index) this.byMember.set(value, [known, index]);
      } else if (known.at(-1) !== index) known.push(index);
    }
  }

  /**
   * Adds to `user`'s `groups` each indexed group that lists it as a member
   * and that `groups` does not name already (by id), as
   * `{ value, display, type: "direct" }`.
   */
  complete(user: JsonObject, id: string): void {
    const known = this.byMember.get(id);
    if (known === undefined) return;
    const indexes = typeof known === 'number' ? [known] : known;
    const key = Object.hasOwn(user, 'groups') ? 'groups' : (Object.keys(user).find((k) => k.toLowerCase() === 'groups') ?? 'groups');
    const current = user[key];
    const groups: JsonValue[] = Array.isArray(current) ? current : isObject(current) ? [current] : [];
    // A person is in few groups: a scan is cheaper than a set built for each.
    const listed = (id: string) => groups.some((g) => isObject(g) && g['value'] === id);
    for (const index of indexes) {
      const group = this.groups[index];
      if (group === undefined || listed(group.id)) continue;
      groups.push({ value: group.id, display: group.display, type: 'direct' });
    }
    user[key] = groups;
  }
}
