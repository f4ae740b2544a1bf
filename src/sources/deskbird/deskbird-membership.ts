/**
 * Who is in which group. deskbird does not publish how its API lists group
 * members, so every plausible place is understood: a member list on each
 * group (`memberIds`, `userIds`, `members`, `users`; ids, emails or
 * `{id, email}` objects), the same on `GET /groups/{id}` only, a paged
 * `GET /groups/{id}/members`, or the groups on each user (`groupIds`,
 * `groups`). The index answers, per user, the names and ids of its groups.
 */

/** A user as a group names it. */
export interface MemberRef {
  id?: string;
  email?: string;
}

/** A group as membership needs it. */
export interface GroupInfo {
  id: string;
  name?: string;
}

/** Fields of a group object that can hold its members. */
export const groupMemberFields = ['memberIds', 'userIds', 'members', 'users'] as const;
/** Fields of a user object that can hold its groups. */
export const userGroupFields = ['groupIds', 'groups'] as const;

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** One member as listed: an id, an email, or an object with `id`/`userId` and/or `email`. */
export function memberRef(item: unknown): MemberRef | undefined {
  const plain = text(item);
  if (plain !== undefined) return plain.includes('@') ? { email: plain } : { id: plain };
  if (item === null || typeof item !== 'object') return undefined;
  const record = item as Record<string, unknown>;
  const id = text(record.id) ?? text(record.userId);
  const email = text(record.email);
  if (id === undefined && email === undefined) return undefined;
  return { ...(id !== undefined ? { id } : {}), ...(email !== undefined ? { email } : {}) };
}

/** The members a group object lists, or undefined when it has none of the member fields. */
export function membersOnGroup(group: Record<string, unknown>): MemberRef[] | undefined {
  for (const field of groupMemberFields) {
    const value = group[field];
    if (!Array.isArray(value)) continue;
    const refs: MemberRef[] = [];
    for (const item of value) {
      const ref = memberRef(item);
      if (ref) refs.push(ref);
    }
    return refs;
  }
  return undefined;
}

/** The groups of each user, from whichever side lists them. */
export class MembershipIndex {
  private readonly groupById = new Map<string, GroupInfo>();
  private readonly groupByName = new Map<string, GroupInfo>();
  private readonly byUserId = new Map<string, Set<string>>();
  private readonly byEmail = new Map<string, Set<string>>();
  private readonly matchedIds = new Set<string>();
  private readonly matchedEmails = new Set<string>();
  /** Users that carried a group field themselves. */
  usersWithGroupField = 0;
  /** Group references on users that name no group read. */
  unknownGroupRefs = 0;

  constructor(groups: readonly GroupInfo[]) {
    for (const group of groups) {
      this.groupById.set(group.id, group);
      if (group.name !== undefined && !this.groupByName.has(group.name)) this.groupByName.set(group.name, group);
    }
  }

  addMembers(groupId: string, refs: readonly MemberRef[]): void {
    for (const ref of refs) {
      if (ref.id !== undefined) add(this.byUserId, ref.id, groupId);
      else if (ref.email !== undefined) add(this.byEmail, ref.email.toLowerCase(), groupId);
    }
  }

  /** Names and ids of the groups of `user` (a user object as listed), in name order. */
  groupsOf(userId: string, user: Record<string, unknown>): { names: string[]; ids: string[] } {
    const ids = new Set<string>();
    for (const id of this.byUserId.get(userId) ?? []) ids.add(id);
    if (this.byUserId.has(userId)) this.matchedIds.add(userId);
    const email = text(user.email)?.toLowerCase();
    if (email !== undefined && this.byEmail.has(email)) {
      this.matchedEmails.add(email);
      for (const id of this.byEmail.get(email) ?? []) ids.add(id);
    }
    for (const id of this.groupsOnUser(user)) ids.add(id);
    const groups = [...ids].flatMap((id) => {
      const group = this.groupById.get(id);
      return group ? [group] : [];
    });
    groups.sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '') || a.id.localeCompare(b.id));
    return { names: groups.flatMap((g) => (g.name === undefined ? [] : [g.name])), ids: groups.map((g) => g.id) };
  }

  /** Member references that matched no user read (ids, then emails). */
  unmatchedMembers(): number {
    let count = 0;
    for (const id of this.byUserId.keys()) if (!this.matchedIds.has(id)) count += 1;
    for (const email of this.byEmail.keys()) if (!this.matchedEmails.has(email)) count += 1;
    return count;
  }

  private groupsOnUser(user: Record<string, unknown>): string[] {
    const found: string[] = [];
    let carried = false;
    for (const field of userGroupFields) {
      const value = user[field];
      if (!Array.isArray(value)) continue;
      carried = true;
      for (const item of value) {
        const ref: Record<string, unknown> = typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : { id: item };
        const group = this.groupById.get(text(ref.id) ?? '') ?? this.groupByName.get(text(ref.name) ?? text(ref.id) ?? '');
        if (group) found.push(group.id);
        else this.unknownGroupRefs += 1;
      }
    }
    if (carried) this.usersWithGroupField += 1;
    return found;
  }
}

function add(index: Map<string, Set<string>>, key: string, groupId: string): void {
  const set = index.get(key);
  if (set) set.add(groupId);
  else index.set(key, new Set([groupId]));
}
