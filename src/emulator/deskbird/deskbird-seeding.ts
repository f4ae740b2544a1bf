/**
 * Loading seed data into the deskbird emulator's state, all or nothing, and
 * taking the state back out in the same format.
 */
import { ConfigError } from '../../errors.js';
import type { SeedMode } from '../seed-schema.js';
import { generateDeskbirdCompany } from './deskbird-generate.js';
import type { DeskbirdSeed, DeskbirdSeedGroup, DeskbirdSeedUser } from './deskbird-seed-schema.js';
import type { DeskbirdGroup, DeskbirdState, DeskbirdUser } from './deskbird-state.js';

/** The state in the seed format, every field filled in. */
export interface DeskbirdSnapshot {
  companyId: string;
  users: DeskbirdUser[];
  groups: Array<Omit<DeskbirdGroup, 'memberIds'> & { members: string[] }>;
}

/** What seeding needs besides the data. */
export interface SeedingDeps {
  now(): number;
  newUuid(): string;
}

/**
 * Loads `seed`: `replace` (the default) empties the state first; `merge`
 * replaces users with the same id (or, without an id, the same email) and
 * groups with the same id (or name), and appends the others. Nothing
 * changes when the data is wrong: a duplicate id or email, a member that
 * names no user.
 */
export function seedDeskbirdState(state: DeskbirdState, seed: DeskbirdSeed, mode: SeedMode, deps: SeedingDeps): void {
  const nowIso = new Date(deps.now()).toISOString();
  const users = new Map<string, DeskbirdUser>();
  const groups = new Map<string, DeskbirdGroup>();
  if (mode === 'merge') {
    for (const user of state.users) users.set(user.id, user);
    for (const group of state.groups) groups.set(group.id, group);
  }
  const idByEmail = new Map<string, string>();
  for (const user of users.values()) idByEmail.set(user.email.toLowerCase(), user.id);
  const groupIdByName = new Map<string, string>();
  for (const group of groups.values()) groupIdByName.set(group.name, group.id);

  const generated = seed.generate ? generateDeskbirdCompany(seed.generate) : { users: [], groups: [] };
  const seededIds = new Set<string>();
  const addUser = (given: DeskbirdSeedUser, where: string) => {
    const email = given.email.toLowerCase();
    const id = given.id ?? (mode === 'merge' ? idByEmail.get(email) : undefined) ?? deps.newUuid();
    if (seededIds.has(id)) throw new ConfigError(`user id ${id} is given twice.`, where);
    seededIds.add(id);
    const previous = users.get(id);
    const holder = idByEmail.get(email);
    if (holder !== undefined && holder !== id) throw new ConfigError(`email ${given.email} is already taken by user ${holder}.`, where);
    if (previous && previous.email.toLowerCase() !== email) idByEmail.delete(previous.email.toLowerCase());
    idByEmail.set(email, id);
    const createdAt = given.createdAt ?? previous?.createdAt ?? nowIso;
    users.set(id, {
      id,
      firstName: given.firstName,
      lastName: given.lastName,
      email: given.email,
      role: given.role,
      primaryOfficeId: given.primaryOfficeId,
      createdAt,
      updatedAt: given.updatedAt ?? (previous ? nowIso : createdAt),
    });
  };
  generated.users.forEach((user, i) => addUser(user, `generated users[${i}]`));
  seed.users.forEach((user, i) => addUser(user, `users[${i}]`));

  const seededGroups = new Set<string>();
  const addGroup = (given: DeskbirdSeedGroup, where: string) => {
    const id = given.id ?? (mode === 'merge' ? groupIdByName.get(given.name) : undefined) ?? deps.newUuid();
    if (seededGroups.has(id)) throw new ConfigError(`group id ${id} is given twice.`, where);
    seededGroups.add(id);
    const memberIds = new Set<string>();
    given.members.forEach((member, m) => {
      const userId = users.has(member) ? member : idByEmail.get(member.toLowerCase());
      if (userId === undefined) throw new ConfigError(`member "${member}" is neither the id nor the email of a user.`, `${where}.members[${m}]`);
      memberIds.add(userId);
    });
    const previous = groups.get(id);
    const createdAt = given.createdAt ?? previous?.createdAt ?? nowIso;
    groups.set(id, {
      id,
      name: given.name,
      description: given.description,
      memberIds: [...memberIds],
      createdAt,
      updatedAt: given.updatedAt ?? (previous ? nowIso : createdAt),
    });
    groupIdByName.set(given.name, id);
  };
  generated.groups.forEach((group, i) => addGroup(group, `generated groups[${i}]`));
  seed.groups.forEach((group, i) => addGroup(group, `groups[${i}]`));

  state.replaceAll(seed.companyId ?? (mode === 'merge' ? state.companyId : '1001'), users.values(), groups.values());
}

/** The whole state as seed data. */
export function snapshotDeskbirdState(state: DeskbirdState): DeskbirdSnapshot {
  return {
    companyId: state.companyId,
    users: state.users.map((user) => ({ ...user })),
    groups: state.groups.map(({ memberIds, ...group }) => ({ ...group, members: [...memberIds] })),
  };
}

/** How many of each the state holds, as the admin seed endpoint answers. */
export function deskbirdCounts(state: DeskbirdState): Record<string, number> {
  let memberships = 0;
  for (const group of state.groups) memberships += group.memberIds.length;
  return { users: state.users.length, groups: state.groups.length, memberships };
}
