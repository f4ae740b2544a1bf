/**
 * Seeding and snapshots: turning the seed format into stored entities (all
 * checks first, nothing half-loaded), and the state back into the same format.
 */
import { ConfigError } from '../errors.js';
import type { CostCenterEntity, SquadEntity, StateTables, TagEntity, UserEntity } from './records.js';
import { emptyTables } from './records.js';
import type { EmulatorSnapshot } from './options.js';
import type { SeedData, SeedMode, SeedUser } from './seed-schema.js';
import { defaultLocale, type EmulatorState } from './state.js';

const fold = (s: string) => s.toLowerCase();

function fail(where: string, message: string): never {
  throw new ConfigError(`${message}. Fix the seed data; the format is described in src/emulator/README.md.`, `emulator seed ${where}`);
}

function cloneTables(t: StateTables): StateTables {
  const users = new Map<string, UserEntity>();
  for (const [k, u] of t.users) {
    users.set(k, { ...u, locale: { ...u.locale }, documents: u.documents.map((d) => ({ ...d })), tag_uuids: [...u.tag_uuids], squad_uuids: new Set(u.squad_uuids) });
  }
  const copy = <T extends object>(m: Map<string, T>) => new Map([...m].map(([k, v]) => [k, { ...v }]));
  return { users, squads: copy(t.squads), costCenters: copy(t.costCenters), tags: copy(t.tags) };
}

/** Loads `seed` into `state`, atomically: on any error the state is unchanged. */
export function seedState(state: EmulatorState, seed: SeedData, mode: SeedMode = 'replace'): void {
  const t = mode === 'merge' ? cloneTables(state.tables) : emptyTables();
  let seq = 0;
  const nextSeq = () => (seq = state.nextSeq());
  const now = state.now();
  const time = (iso: string | undefined, fallback: number) => (iso === undefined ? fallback : Date.parse(iso));
  const uuidFor = (given: string | undefined, where: string) => {
    const uuid = given ?? state.newUuid();
    if (t.users.has(uuid) || t.squads.has(uuid) || t.costCenters.has(uuid) || t.tags.has(uuid)) fail(where, `uuid ${uuid} is used twice`);
    return uuid;
  };

  const squadNames = new Set([...t.squads.values()].map((x) => fold(x.name)));
  (seed.squads ?? []).forEach((s, i) => {
    const where = `squads[${i}]`;
    if (squadNames.has(fold(s.name))) fail(where, `squad name "${s.name}" is used twice`);
    squadNames.add(fold(s.name));
    const created = time(s.created_at, now);
    const squad: SquadEntity = {
      seq: nextSeq(),
      uuid: uuidFor(s.uuid, where),
      name: s.name,
      is_checkin_home_office: s.is_checkin_home_office ?? false,
      created_at: created,
      updated_at: time(s.updated_at, created),
    };
    t.squads.set(squad.uuid, squad);
  });

  const codes = new Set([...t.costCenters.values()].map((x) => fold(x.code)));
  (seed.cost_centers ?? []).forEach((c, i) => {
    const where = `cost_centers[${i}]`;
    if (codes.has(fold(c.code))) fail(where, `cost-center code "${c.code}" is used twice`);
    codes.add(fold(c.code));
    const created = time(c.created_at, now);
    const cc: CostCenterEntity = {
      seq: nextSeq(),
      uuid: uuidFor(c.uuid, where),
      name: c.name,
      code: c.code,
      description: c.description ?? null,
      created_at: created,
      updated_at: time(c.updated_at, created),
    };
    t.costCenters.set(cc.uuid, cc);
  });

  const tagNames = new Set([...t.tags.values()].map((x) => fold(x.name)));
  (seed.tags ?? []).forEach((g, i) => {
    const where = `tags[${i}]`;
    if (tagNames.has(fold(g.name))) fail(where, `tag name "${g.name}" is used twice`);
    tagNames.add(fold(g.name));
    const created = time(g.created_at, now);
    const tag: TagEntity = {
      seq: nextSeq(),
      uuid: uuidFor(g.uuid, where),
      name: g.name,
      access: g.access ?? 'public',
      created_at: created,
      updated_at: time(g.updated_at, created),
    };
    t.tags.set(tag.uuid, tag);
  });

  const emails = new Set([...t.users.values()].map((u) => fold(u.email)));
  const enrollments = new Set([...t.users.values()].flatMap((u) => (u.enrollment === null ? [] : [fold(u.enrollment)])));
  const resolver = referenceResolver(t);
  (seed.users ?? []).forEach((u, i) => {
    const where = `users[${i}]`;
    if (emails.has(fold(u.email))) fail(where, `email "${u.email}" is used twice`);
    emails.add(fold(u.email));
    if (u.enrollment) {
      if (enrollments.has(fold(u.enrollment))) fail(where, `enrollment "${u.enrollment}" is used twice`);
      enrollments.add(fold(u.enrollment));
    }
    const user = seedUser(u, where, uuidFor(u.uuid, where), nextSeq(), now, state, resolver);
    t.users.set(user.uuid, user);
  });

  state.replaceTables(t, seq);
}

type Resolver = (kind: 'squad' | 'tag' | 'cost center', ref: string, where: string) => string;

/**
 * Seeds may name squads and tags by uuid or name, cost centers by uuid or
 * code. Called once the catalog is loaded; names are looked up in maps built
 * on first use, so that many users naming few squads stay cheap.
 */
function referenceResolver(t: StateTables): Resolver {
  const byKey = new Map<string, Map<string, string>>();
  const keysOf = (kind: 'squad' | 'tag' | 'cost center'): Map<string, string> => {
    let keys = byKey.get(kind);
    if (!keys) {
      keys = new Map();
      if (kind === 'squad') for (const s of t.squads.values()) keys.set(fold(s.name), s.uuid);
      else if (kind === 'tag') for (const g of t.tags.values()) keys.set(fold(g.name), g.uuid);
      else for (const c of t.costCenters.values()) keys.set(fold(c.code), c.uuid);
      byKey.set(kind, keys);
    }
    return keys;
  };
  return (kind, ref, where) => {
    const table = kind === 'squad' ? t.squads : kind === 'tag' ? t.tags : t.costCenters;
    if (table.has(ref)) return ref;
    return keysOf(kind).get(fold(ref)) ?? fail(where, `no ${kind} "${ref}" in the seed or the current state`);
  };
}

function seedUser(
  u: SeedUser,
  where: string,
  uuid: string,
  seq: number,
  now: number,
  state: EmulatorState,
  resolve: Resolver,
): UserEntity {
  const created = u.created_at === undefined ? now : Date.parse(u.created_at);
  const documents = Array.isArray(u.documents)
    ? u.documents.map((d) => ({ type: d.type, doc: d.doc, is_verified: d.is_verified ?? false }))
    : Object.entries(u.documents ?? {}).map(([type, doc]) => ({ type, doc, is_verified: false }));
  return {
    seq,
    uuid,
    name: u.name,
    email: u.email,
    enrollment: u.enrollment ?? null,
    identifier: u.identifier ?? null,
    source: u.source ?? 'api_client',
    access_type: u.access_type ?? null,
    profile: u.profile ?? 'employee',
    locale: u.locale ? { ...u.locale } : { ...defaultLocale },
    status: u.status ?? true,
    person_uuid: u.person_uuid ?? state.newUuid(),
    documents,
    tag_uuids: [...new Set((u.tags ?? []).map((ref, j) => resolve('tag', ref, `${where}.tags[${j}]`)))],
    cost_center_uuid: u.cost_center ? resolve('cost center', u.cost_center, `${where}.cost_center`) : null,
    squad_uuids: new Set((u.squads ?? []).map((ref, j) => resolve('squad', ref, `${where}.squads[${j}]`))),
    created_at: created,
    updated_at: u.updated_at === undefined ? created : Date.parse(u.updated_at),
  };
}

/** The whole state in the seed format, every field filled in; seeding it back restores the state. */
export function snapshotState(state: EmulatorState): EmulatorSnapshot {
  const t = state.tables;
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    squads: [...t.squads.values()].map((s) => ({
      uuid: s.uuid,
      name: s.name,
      is_checkin_home_office: s.is_checkin_home_office,
      created_at: iso(s.created_at),
      updated_at: iso(s.updated_at),
    })),
    cost_centers: [...t.costCenters.values()].map((c) => ({
      uuid: c.uuid,
      name: c.name,
      code: c.code,
      description: c.description,
      created_at: iso(c.created_at),
      updated_at: iso(c.updated_at),
    })),
    tags: [...t.tags.values()].map((g) => ({
      uuid: g.uuid,
      name: g.name,
      access: g.access,
      created_at: iso(g.created_at),
      updated_at: iso(g.updated_at),
    })),
    users: [...t.users.values()].map((u) => ({
      uuid: u.uuid,
      name: u.name,
      email: u.email,
      enrollment: u.enrollment,
      identifier: u.identifier,
      status: u.status,
      profile: u.profile as NonNullable<SeedUser['profile']>,
      source: u.source,
      access_type: u.access_type,
      locale: { ...u.locale },
      person_uuid: u.person_uuid,
      documents: u.documents.map((d) => ({ ...d })),
      tags: [...u.tag_uuids],
      cost_center: u.cost_center_uuid,
      squads: state.squadsOf(u).map((s) => s.uuid),
      created_at: iso(u.created_at),
      updated_at: iso(u.updated_at),
    })),
  };
}
