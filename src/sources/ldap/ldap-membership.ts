/**
 * Group membership as the source resolves it, from data already read (no
 * I/O here): which squad groups each person belongs to, directly or through
 * nested groups, from the groups' member lists, from the people's
 * `memberOf`, or from per-squad answers of the directory itself.
 */

/** A group as far as membership goes. */
export interface GroupNode {
  /** The group's DN key (see `dnKey`). */
  key: string;
  /** DN keys of the `member` / `uniqueMember` values. */
  memberKeys: string[];
  /** `memberUid` values (posixGroup): user names, not DNs. */
  memberUids: string[];
}

/** What a person offers for matching. */
export interface PersonMembershipFacts {
  /** The person's DN key. */
  key: string;
  /** Values of the attribute `memberUid` refers to (usually `uid`). */
  uids: string[];
  /** DN keys of the person's `memberOf` values. */
  memberOfKeys: string[];
}

function addTo(map: Map<string, Set<number>>, key: string, squad: number): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(squad);
}

/** Which squads (by index) each member key, user name or group key leads to. */
export class MembershipIndex {
  constructor(
    private readonly byMemberKey: Map<string, Set<number>>,
    private readonly byUid: Map<string, Set<number>>,
    private readonly byGroupKey: Map<string, Set<number>>,
  ) {}

  /** Indexes of the squads `person` belongs to, ascending. */
  squadsOf(person: PersonMembershipFacts): number[] {
    const found = new Set<number>(this.byMemberKey.get(person.key) ?? []);
    for (const uid of person.uids) for (const squad of this.byUid.get(uid) ?? []) found.add(squad);
    for (const group of person.memberOfKeys) for (const squad of this.byGroupKey.get(group) ?? []) found.add(squad);
    return [...found].sort((a, b) => a - b);
  }
}

/**
 * Everything under `root`: the groups reached through nesting (root
 * included), and the non-group members and user names found on the way.
 * Cycles are followed once.
 */
function expand(root: GroupNode, groups: Map<string, GroupNode>, transitive: boolean): { groupKeys: Set<string>; memberKeys: Set<string>; uids: Set<string> } {
  const groupKeys = new Set<string>([root.key]);
  const memberKeys = new Set<string>();
  const uids = new Set<string>();
  const stack: GroupNode[] = [root];
  while (stack.length > 0) {
    const group = stack.pop() as GroupNode;
    for (const uid of group.memberUids) uids.add(uid);
    for (const key of group.memberKeys) {
      const nested = transitive ? groups.get(key) : undefined;
      if (nested) {
        if (!groupKeys.has(key)) {
          groupKeys.add(key);
          stack.push(nested);
        }
      } else {
        memberKeys.add(key);
      }
    }
  }
  return { groupKeys, memberKeys, uids };
}

function groupMap(squads: GroupNode[], nested: Iterable<GroupNode>): Map<string, GroupNode> {
  const groups = new Map<string, GroupNode>();
  for (const group of nested) groups.set(group.key, group);
  for (const squad of squads) if (!groups.has(squad.key)) groups.set(squad.key, squad);
  return groups;
}

/**
 * Membership from the groups' member lists. `transitive` follows members
 * that are groups in `nested` (or squads) down to any depth.
 */
export function indexFromMemberLists(squads: GroupNode[], nested: Iterable<GroupNode>, transitive: boolean): MembershipIndex {
  const groups = groupMap(squads, nested);
  const byMemberKey = new Map<string, Set<number>>();
  const byUid = new Map<string, Set<number>>();
  squads.forEach((squad, index) => {
    const reach = expand(squad, groups, transitive);
    for (const key of reach.memberKeys) addTo(byMemberKey, key, index);
    for (const uid of reach.uids) addTo(byUid, uid, index);
  });
  return new MembershipIndex(byMemberKey, byUid, new Map());
}

/**
 * Membership from the people's `memberOf` (direct groups). `transitive`
 * also counts a squad when one of the person's groups sits, at any depth,
 * in the squad's nested member lists.
 */
export function indexFromMemberOf(squads: GroupNode[], nested: Iterable<GroupNode>, transitive: boolean): MembershipIndex {
  const groups = groupMap(squads, nested);
  const byGroupKey = new Map<string, Set<number>>();
  squads.forEach((squad, index) => {
    const keys = transitive ? expand(squad, groups, true).groupKeys : new Set([squad.key]);
    for (const key of keys) addTo(byGroupKey, key, index);
  });
  return new MembershipIndex(new Map(), new Map(), byGroupKey);
}

/** Membership from the directory's own answer per squad (AD in-chain searches): `members[i]` are the DN keys of squad i's members. */
export function indexFromMemberKeys(members: string[][]): MembershipIndex {
  const byMemberKey = new Map<string, Set<number>>();
  members.forEach((keys, index) => {
    for (const key of keys) addTo(byMemberKey, key, index);
  });
  return new MembershipIndex(byMemberKey, new Map(), new Map());
}
