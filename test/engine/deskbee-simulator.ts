/**
 * A test-only stand-in for Deskbee plus the store, to check the planner's
 * idempotence without servers: applies a plan's changes in order to an
 * in-memory Deskbee, and records links and last-applied values the way the
 * real applier does (links on create, link and rename; last applied merged
 * with every confirmed user write). A change that refers to something
 * Deskbee does not have yet (a tag, cost center, squad or user an earlier
 * stage should have made) throws, so a plan in the wrong order fails here.
 */
import { linkKey } from '../../src/model/directory.js';
import type { ChangeOf } from '../../src/engine/change-kinds/index.js';
import type { PlanInputs, UserState } from '../../src/engine/plan-inputs.js';
import { planChanges, type Change, type ChangeKind, type Plan, type UserRef, type UserValues } from '../../src/plan/plan-types.js';
import { nameKey, sortedUnique } from '../../src/engine/values.js';
import type { ActualState, ActualUser, UserField } from '../../src/model/directory.js';

export interface SimulatedWorld {
  /** Everything Deskbee holds, hidden fields included. */
  deskbee: ActualState;
  /** User fields Deskbee's listing does not show (listed as unknown). Default none. */
  hidden: UserField[];
  userLinks: Map<string, string>;
  squadLinks: Map<string, string>;
  lastApplied: Map<string, UserState>;
  /** Counter for the uuids of created entities. */
  created: number;
}

/** The world the planner's inputs describe. */
export function worldFrom(inputs: PlanInputs, hidden: UserField[] = []): SimulatedWorld {
  return {
    deskbee: structuredClone(inputs.actual),
    hidden,
    userLinks: new Map(inputs.links.users),
    squadLinks: new Map(inputs.links.squads),
    lastApplied: new Map([...inputs.lastApplied].map(([uuid, values]) => [uuid, structuredClone(values)])),
    created: 0,
  };
}

/** Deskbee's listing: hidden fields blank and marked unknown, as `toActualState` gives them. */
export function listed(world: SimulatedWorld): ActualState {
  const blank: Partial<Record<UserField, unknown>> = { identifier: null, costCenter: null, tags: [], squads: [], documents: {} };
  return {
    ...structuredClone(world.deskbee),
    users: world.deskbee.users.map((user) => {
      const shown = structuredClone(user);
      for (const field of world.hidden) (shown as unknown as Record<string, unknown>)[field] = structuredClone(blank[field]);
      return { ...shown, unknownFields: sortedUnique([...user.unknownFields, ...world.hidden]) as UserField[] };
    }),
  };
}

/** The same source and options planned again against the world as it is now. */
export function inputsAfter(inputs: PlanInputs, world: SimulatedWorld): PlanInputs {
  return {
    ...inputs,
    actual: listed(world),
    links: { users: new Map(world.userLinks), squads: new Map(world.squadLinks) },
    lastApplied: new Map([...world.lastApplied].map(([uuid, values]) => [uuid, structuredClone(values)])),
  };
}

/** Applies every change of `plan`, in order, to a copy of `world`. */
export function applyToWorld(plan: Plan, world: SimulatedWorld): SimulatedWorld {
  const next: SimulatedWorld = {
    deskbee: structuredClone(world.deskbee),
    hidden: [...world.hidden],
    userLinks: new Map(world.userLinks),
    squadLinks: new Map(world.squadLinks),
    lastApplied: structuredClone(world.lastApplied),
    created: world.created,
  };
  for (const change of planChanges(plan)) applyChange(change, next, plan.createdAt);
  return next;
}

/** How the simulated Deskbee and store take each kind of change: a kind missing here does not compile. */
type Simulators = { [K in ChangeKind]: (change: ChangeOf<K>, world: SimulatedWorld, now: string) => void };

const newUuid = (world: SimulatedWorld, prefix: string) => `${prefix}-new-${++world.created}`;

const simulators: Simulators = {
  createCostCenter(change, world) {
    const db = world.deskbee;
    if (db.costCenters.some((cc) => cc.code === change.code)) throw new Error(`${change.id}: cost center ${change.code} exists already`);
    db.costCenters.push({ uuid: newUuid(world, 'cc'), ...change.after });
  },
  updateCostCenter(change, world) {
    const cc = must(world.deskbee.costCenters.find((c) => c.uuid === change.uuid), change, `cost center ${change.uuid}`);
    Object.assign(cc, { name: change.after.name, description: change.after.description });
  },
  createSquad(change, world) {
    const db = world.deskbee;
    if (db.squads.some((s) => nameKey(s.name) === nameKey(change.name))) throw new Error(`${change.id}: squad ${change.name} exists already`);
    const uuid = newUuid(world, 'sq');
    db.squads.push({ uuid, name: change.name });
    if (change.externalId) world.squadLinks.set(linkKey(change.source ?? 'hr', change.externalId), uuid);
  },
  renameSquad(change, world) {
    const squad = must(world.deskbee.squads.find((s) => s.uuid === change.uuid), change, `squad ${change.uuid}`);
    for (const user of world.deskbee.users) user.squads = sortedUnique(user.squads.map((name) => (name === squad.name ? change.after : name)));
    squad.name = change.after;
    if (change.externalId) world.squadLinks.set(linkKey(change.source ?? 'hr', change.externalId), change.uuid);
  },
  linkSquad(change, world) {
    must(world.deskbee.squads.find((s) => s.uuid === change.uuid), change, `squad ${change.uuid}`);
    world.squadLinks.set(linkKey(change.source ?? 'hr', change.externalId), change.uuid);
  },
  createTag(change, world) {
    const db = world.deskbee;
    if (db.tags.some((t) => nameKey(t.name) === nameKey(change.name))) throw new Error(`${change.id}: tag ${change.name} exists already`);
    db.tags.push({ uuid: newUuid(world, 'tag'), name: change.name, access: change.access });
  },
  createUser(change, world) {
    const db = world.deskbee;
    const values = change.after;
    checkReferences(values, db, change);
    if (db.users.some((u) => u.email === (values.email ?? change.user.email).toLowerCase())) throw new Error(`${change.id}: email taken`);
    const uuid = newUuid(world, 'user');
    db.users.push({
      uuid,
      name: values.name ?? change.user.name,
      email: (values.email ?? change.user.email).toLowerCase(),
      enrollment: values.enrollment ?? null,
      identifier: values.identifier ?? null,
      status: values.status ?? true,
      squads: [],
      costCenter: values.costCenter ?? null,
      tags: sortedUnique(values.tags ?? []),
      documents: { ...values.documents },
      unknownFields: [],
    });
    world.lastApplied.set(uuid, confirmed(values));
    if (change.user.externalId) world.userLinks.set(linkKey(change.user.source ?? 'hr', change.user.externalId), uuid);
  },
  linkUser(change, world) {
    must(userByUuid(world.deskbee, change.user.uuid), change, `user ${change.user.uuid}`);
    if (change.previousExternalId) world.userLinks.delete(linkKey(change.previousSource ?? change.user.source ?? 'hr', change.previousExternalId));
    world.userLinks.set(linkKey(change.user.source ?? 'hr', change.user.externalId), change.user.uuid);
  },
  updateUser: (change, world) => writeUser(world, change, change.user.uuid, change.after),
  deactivateUser(change, world, now) {
    writeUser(world, change, change.user.uuid, { status: false });
    world.lastApplied.set(change.user.uuid, { ...world.lastApplied.get(change.user.uuid), deactivatedAt: now });
  },
  reactivateUser(change, world) {
    writeUser(world, change, change.user.uuid, { status: true });
    const { deactivatedAt: _dropped, ...rest } = world.lastApplied.get(change.user.uuid) ?? {};
    world.lastApplied.set(change.user.uuid, rest);
  },
  addMembers: (change, world) => moveMembers(change, world),
  removeMembers: (change, world) => moveMembers(change, world),
  deleteUser(change, world, now) {
    const db = world.deskbee;
    must(userByUuid(db, change.user.uuid), change, `user ${change.user.uuid}`);
    db.users = db.users.filter((u) => u.uuid !== change.user.uuid);
    const source = change.user.source ?? 'hr';
    world.userLinks.delete(linkKey(source, change.user.externalId));
    world.lastApplied.set(change.user.uuid, { email: change.user.email, deleted: { at: now, source, externalId: change.user.externalId } });
  },
  deleteSquad(change, world) {
    const db = world.deskbee;
    const squad = must(db.squads.find((s) => s.uuid === change.uuid), change, `squad ${change.uuid}`);
    db.squads = db.squads.filter((s) => s !== squad);
    for (const user of db.users) user.squads = user.squads.filter((name) => nameKey(name) !== nameKey(squad.name));
    if (change.externalId) world.squadLinks.delete(linkKey(change.source ?? 'hr', change.externalId));
  },
  deleteCostCenter(change, world) {
    const db = world.deskbee;
    must(db.costCenters.find((c) => c.uuid === change.uuid), change, `cost center ${change.uuid}`);
    if (db.users.some((u) => u.costCenter === change.code)) throw new Error(`${change.id}: cost center ${change.code} is still in use`);
    db.costCenters = db.costCenters.filter((c) => c.uuid !== change.uuid);
  },
  removeUserTag(change, world) {
    const db = world.deskbee;
    must(db.tags.find((t) => t.uuid === change.uuid), change, `tag ${change.uuid}`);
    db.tags = db.tags.filter((t) => t.uuid !== change.uuid);
    for (const user of db.users) user.tags = user.tags.filter((tag) => nameKey(tag) !== nameKey(change.name));
  },
};

function applyChange(change: Change, world: SimulatedWorld, now: string): void {
  (simulators[change.kind] as (change: Change, world: SimulatedWorld, now: string) => void)(change, world, now);
}

function moveMembers(change: ChangeOf<'addMembers'> | ChangeOf<'removeMembers'>, world: SimulatedWorld): void {
  const db = world.deskbee;
  const squad = must(
    change.squadUuid ? db.squads.find((s) => s.uuid === change.squadUuid) : db.squads.find((s) => nameKey(s.name) === nameKey(change.squad)),
    change,
    `squad ${change.squad}`,
  );
  for (const ref of change.users) {
    const user = must(userByUuid(db, resolveUser(world, ref)), change, `user ${ref.email}`);
    user.squads = change.kind === 'addMembers' ? sortedUnique([...user.squads, squad.name]) : user.squads.filter((name) => nameKey(name) !== nameKey(squad.name));
  }
}

function writeUser(world: SimulatedWorld, change: Change, uuid: string, values: UserValues): void {
  checkReferences(values, world.deskbee, change);
  const user = must(userByUuid(world.deskbee, uuid), change, `user ${uuid}`);
  const { tags, email, documents, ...rest } = values;
  Object.assign(user, rest);
  if (email !== undefined) user.email = email.toLowerCase();
  if (tags !== undefined) user.tags = sortedUnique(tags);
  if (documents !== undefined) user.documents = { ...documents };
  world.lastApplied.set(uuid, { ...world.lastApplied.get(uuid), ...confirmed(values) });
}

/** What the applier records: the written values, the email as Deskbee answers it (lower case). */
function confirmed(values: UserValues): UserValues {
  const copy = structuredClone(values);
  if (copy.email !== undefined) copy.email = copy.email.toLowerCase();
  return copy;
}

function checkReferences(values: UserValues, db: ActualState, change: Change): void {
  for (const tag of values.tags ?? []) must(db.tags.find((t) => nameKey(t.name) === nameKey(tag)), change, `tag ${tag}`);
  if (values.costCenter) must(db.costCenters.find((cc) => cc.code === values.costCenter), change, `cost center ${values.costCenter}`);
}

function resolveUser(world: SimulatedWorld, ref: UserRef): string | undefined {
  return ref.uuid ?? (ref.externalId ? world.userLinks.get(linkKey(ref.source ?? 'hr', ref.externalId)) : undefined);
}

function userByUuid(db: ActualState, uuid: string | undefined): ActualUser | undefined {
  return uuid === undefined ? undefined : db.users.find((u) => u.uuid === uuid);
}

function must<T>(value: T | undefined, change: Change, what: string): T {
  if (value === undefined) throw new Error(`${change.id} (${change.description}): ${what} does not exist in Deskbee`);
  return value;
}
