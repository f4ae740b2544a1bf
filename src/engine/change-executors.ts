import type { DeskbeeApi } from '../deskbee/deskbee-api.js';
import { linkKey, type UserField } from '../model/directory.js';
import type { Change, UserValues } from '../plan/plan-types.js';
import type { ConfirmedChange, JsonObject, JsonValue, LastAppliedEffect, LinkEffect, RequestSummary } from '../store/snapshot-store.js';
import { settleMembership } from './membership-check.js';
import { UnresolvedReference, toUserInput, type UserBodyKeys } from './user-payload.js';
import type { UuidResolver } from './uuid-resolver.js';
import { settleUserWrite, type Settlement } from './write-settlement.js';

/** What one executed change lets the store remember, and how it settled. */
export type Executed = Pick<ConfirmedChange, 'request' | 'response' | 'links' | 'lastApplied'> & { settlement: Settlement };

export interface ExecutorDeps {
  api: DeskbeeApi;
  resolver: UuidResolver;
  /** Configured name of the source the plan came from: links are per source. */
  source: string;
  /** What this tool last wrote per user uuid, merged with each confirmed write. */
  lastApplied: Map<string, UserValues>;
  /** Ask Deskbee to send new users its welcome mail. Default false. */
  sendWelcomeMail: boolean;
  /** Path of each resource, for journal request summaries. */
  paths: { users: string; squads: string; costCenters: string; userTags: string; membershipAdd: string; membershipRemove: string };
  /** The body keys of the user fields whose names are guesses. */
  bodyKeys: UserBodyKeys;
  /** User fields no read-back has shown in this apply. */
  unverifiable: Set<UserField>;
}

/** A change that cannot be sent because something it needs does not exist. */
export class SkipChange extends Error {}

const settled: Settlement = { outcome: 'applied', confirmed: {}, mismatches: [], unconfirmed: [] };

/** Sends one change to Deskbee and settles it against what Deskbee shows. Throws DeskbeeApiError or SkipChange. */
export async function executeChange(change: Change, deps: ExecutorDeps): Promise<Executed> {
  const { api, resolver, source, paths } = deps;
  switch (change.kind) {
    case 'createCostCenter': {
      const body = { name: change.after.name, code: change.after.code, description: change.after.description };
      const created = await api.costCenters.create(body);
      resolver.setCostCenter(created.code || change.code, created.uuid);
      return answered(request('POST', paths.costCenters, body), created, entity([['name', body.name, created.name], ['code', body.code, created.code || body.code]]));
    }
    case 'updateCostCenter': {
      const body = { name: change.after.name, code: change.after.code, description: change.after.description };
      const updated = await api.costCenters.update(change.uuid, body);
      return answered(request('PUT', `${paths.costCenters}/${change.uuid}`, body), updated, entity([['name', body.name, updated.name], ['description', body.description, updated.description]]));
    }
    case 'createSquad': {
      const created = await api.squads.create({ name: change.name });
      resolver.setSquad(change.name, created.uuid);
      const links: LinkEffect[] = change.externalId ? [{ op: 'upsert', source: change.source ?? source, kind: 'squad', externalId: change.externalId, uuid: created.uuid }] : [];
      return { ...answered(request('POST', paths.squads, { name: change.name }), created, entity([['name', change.name, created.name]])), links };
    }
    case 'renameSquad': {
      const updated = await api.squads.update(change.uuid, { name: change.after });
      resolver.setSquad(change.after, change.uuid);
      const links: LinkEffect[] = change.externalId ? [{ op: 'upsert', source: change.source ?? source, kind: 'squad', externalId: change.externalId, uuid: change.uuid }] : [];
      return { ...answered(request('PUT', `${paths.squads}/${change.uuid}`, { name: change.after }), updated, entity([['name', change.after, updated.name]])), links };
    }
    case 'linkSquad': {
      resolver.setSquad(change.name, change.uuid);
      // No write: Deskbee's listing at the start of this apply showed the squad.
      const links: LinkEffect[] = [{ op: 'upsert', source: change.source ?? source, kind: 'squad', externalId: change.externalId, uuid: change.uuid }];
      return { request: null, response: { status: 200, body: { uuid: change.uuid } }, links, settlement: settled };
    }
    case 'createTag': {
      const created = await api.userTags.create({ name: change.name, access: change.access });
      resolver.setTag(change.name, created.uuid);
      return answered(request('POST', paths.userTags, { name: change.name, access: change.access }), created, entity([['name', change.name, created.name]]));
    }
    case 'createUser': {
      const written: UserValues = { ...change.after, name: change.after.name ?? change.user.name, email: change.after.email ?? change.user.email };
      const input = { ...unresolvedToSkip(() => toUserInput(written, resolver, deps.bodyKeys)), is_send_mail: deps.sendWelcomeMail };
      const created = await api.users.create({ ...input, name: written.name!, email: written.email! });
      const userSource = change.user.source ?? source;
      if (change.user.externalId) resolver.setUser(linkKey(userSource, change.user.externalId), created.uuid);
      const settlement = await settleUserWrite(created.uuid, written, created, `POST ${paths.users}`, settleDeps(deps));
      deps.lastApplied.set(created.uuid, settlement.confirmed);
      const links: LinkEffect[] = change.user.externalId ? [{ op: 'upsert', source: userSource, kind: 'user', externalId: change.user.externalId, uuid: created.uuid }] : [];
      return { request: request('POST', paths.users, input), response: { status: 201, body: toJson(created) }, links, lastApplied: [userState(created.uuid, settlement.confirmed)], settlement };
    }
    case 'linkUser': {
      const userSource = change.user.source ?? source;
      resolver.setUser(linkKey(userSource, change.user.externalId), change.user.uuid);
      const links: LinkEffect[] = [
        ...(change.previousExternalId ? [{ op: 'remove' as const, source: change.previousSource ?? userSource, kind: 'user' as const, externalId: change.previousExternalId }] : []),
        { op: 'upsert', source: userSource, kind: 'user', externalId: change.user.externalId, uuid: change.user.uuid },
      ];
      // No write: Deskbee's listing at the start of this apply showed the user.
      return { request: null, response: { status: 200, body: { uuid: change.user.uuid } }, links, settlement: settled };
    }
    case 'updateUser':
      return writeUser(change.user.uuid, change.after, deps);
    case 'deactivateUser':
      return writeUser(change.user.uuid, { status: false }, deps);
    case 'reactivateUser':
      return writeUser(change.user.uuid, { status: true }, deps);
    case 'addMembers':
    case 'removeMembers': {
      const squadUuid = change.squadUuid ?? resolver.squad(change.squad);
      if (!squadUuid) throw new SkipChange(`squad ${change.squad} does not exist in Deskbee (its creation failed)`);
      const users = change.users.map((u) => u.uuid ?? (u.externalId ? resolver.user(linkKey(u.source ?? source, u.externalId)) : undefined)).filter((u): u is string => !!u);
      if (users.length === 0) throw new SkipChange('none of its users exist in Deskbee (their creation failed)');
      const body = { squads: [squadUuid], users };
      const add = change.kind === 'addMembers';
      if (add) await api.memberships.add(body);
      else await api.memberships.remove(body);
      const route = add ? `POST ${paths.membershipAdd}` : `DELETE ${paths.membershipRemove}`;
      const settlement = await settleMembership(api, squadUuid, users, add, route, paths.users);
      const summary = request(add ? 'POST' : 'DELETE', add ? paths.membershipAdd : paths.membershipRemove, body);
      return { request: summary, response: { status: 200, body: { users: users.length, of: change.users.length } }, settlement };
    }
  }
}

async function writeUser(uuid: string, values: UserValues, deps: ExecutorDeps): Promise<Executed> {
  const input = unresolvedToSkip(() => toUserInput(values, deps.resolver, deps.bodyKeys));
  const updated = await deps.api.users.update(uuid, input);
  const settlement = await settleUserWrite(uuid, values, updated, `PUT ${deps.paths.users}/{uuid}`, settleDeps(deps));
  const merged = { ...(deps.lastApplied.get(uuid) ?? {}), ...settlement.confirmed };
  deps.lastApplied.set(uuid, merged);
  return { request: request('PUT', `${deps.paths.users}/${uuid}`, input), response: { status: 200, body: toJson(updated) }, lastApplied: [userState(uuid, merged)], settlement };
}

function settleDeps(deps: ExecutorDeps) {
  return {
    api: deps.api,
    names: { tagName: (uuid: string) => deps.resolver.tagName(uuid), costCenterCode: (uuid: string) => deps.resolver.costCenterCode(uuid) },
    unverifiable: deps.unverifiable,
    sentAs: (field: UserField) => (field === 'costCenter' ? deps.bodyKeys.costCenter : field === 'tags' ? deps.bodyKeys.tags : field),
    usersPath: deps.paths.users,
  };
}

/** Settles a squad, cost-center or tag write by the fields its answer shows: a name stored otherwise fails it. */
function entity(fields: [field: string, written: unknown, stored: unknown][]): Settlement {
  const mismatches = fields
    .filter(([, written, stored]) => (written ?? null) !== (stored ?? null))
    .map(([field, written, stored]) => ({ field: field as UserField, written, stored }));
  return mismatches.length > 0 ? { outcome: 'failed', confirmed: {}, mismatches, unconfirmed: [] } : settled;
}

function unresolvedToSkip<T>(build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof UnresolvedReference) throw new SkipChange(error.message);
    throw error;
  }
}

function request(method: string, path: string, body: object): RequestSummary {
  return { method, path, body: toJson(body) };
}

function answered(summary: RequestSummary, answer: object, settlement: Settlement): Executed {
  return { request: summary, response: { status: summary.method === 'POST' ? 201 : 200, body: toJson(answer) }, settlement };
}

function userState(uuid: string, values: UserValues): LastAppliedEffect {
  return { op: 'upsert', kind: 'user', uuid, state: toJson(values) as JsonObject };
}

function toJson(value: object): JsonValue {
  return JSON.parse(JSON.stringify(value)) as JsonValue;
}
