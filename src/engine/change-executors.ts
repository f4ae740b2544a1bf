import type { DeskbeeApi } from '../deskbee/deskbee-api.js';
import type { ConfirmedChange, JsonObject, JsonValue, LastAppliedEffect, LinkEffect, RequestSummary } from '../store/snapshot-store.js';
import type { Change, UserValues } from '../plan/plan-types.js';
import { UnresolvedReference, confirmedValues, toUserInput } from './user-payload.js';
import type { UuidResolver } from './uuid-resolver.js';

/** What one executed change lets the store remember (the journal entry minus run fields). */
export type Confirmation = Pick<ConfirmedChange, 'request' | 'response' | 'links' | 'lastApplied'>;

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
}

/** A change that cannot be sent because something it needs does not exist. */
export class SkipChange extends Error {}

/** Sends one change to Deskbee and says what Deskbee confirmed. Throws DeskbeeApiError or SkipChange. */
export async function executeChange(change: Change, deps: ExecutorDeps): Promise<Confirmation> {
  const { api, resolver, source, paths } = deps;
  switch (change.kind) {
    case 'createCostCenter': {
      const body = { name: change.after.name, code: change.after.code, description: change.after.description };
      const created = await api.costCenters.create(body);
      resolver.setCostCenter(created.code || change.code, created.uuid);
      return confirmed(request('POST', paths.costCenters, body), created);
    }
    case 'updateCostCenter': {
      const body = { name: change.after.name, code: change.after.code, description: change.after.description };
      const updated = await api.costCenters.update(change.uuid, body);
      return confirmed(request('PUT', `${paths.costCenters}/${change.uuid}`, body), updated);
    }
    case 'createSquad': {
      const created = await api.squads.create({ name: change.name });
      resolver.setSquad(change.name, created.uuid);
      const links: LinkEffect[] = change.externalId ? [{ op: 'upsert', source, kind: 'squad', externalId: change.externalId, uuid: created.uuid }] : [];
      return { ...confirmed(request('POST', paths.squads, { name: change.name }), created), links };
    }
    case 'renameSquad': {
      const updated = await api.squads.update(change.uuid, { name: change.after });
      resolver.setSquad(change.after, change.uuid);
      const links: LinkEffect[] = change.externalId ? [{ op: 'upsert', source, kind: 'squad', externalId: change.externalId, uuid: change.uuid }] : [];
      return { ...confirmed(request('PUT', `${paths.squads}/${change.uuid}`, { name: change.after }), updated), links };
    }
    case 'linkSquad': {
      resolver.setSquad(change.name, change.uuid);
      // No write: Deskbee's listing at the start of this apply showed the squad.
      return { request: null, response: { status: 200, body: { uuid: change.uuid } }, links: [{ op: 'upsert', source, kind: 'squad', externalId: change.externalId, uuid: change.uuid }] };
    }
    case 'createTag': {
      const created = await api.userTags.create({ name: change.name, access: change.access });
      resolver.setTag(change.name, created.uuid);
      return confirmed(request('POST', paths.userTags, { name: change.name, access: change.access }), created);
    }
    case 'createUser': {
      const input = { ...unresolvedToSkip(() => toUserInput(change.after, resolver)), is_send_mail: deps.sendWelcomeMail };
      const created = await api.users.create({ ...input, name: change.after.name ?? change.user.name, email: change.after.email ?? change.user.email });
      if (change.user.externalId) resolver.setUser(change.user.externalId, created.uuid);
      const values = confirmedValues(change.after, created, (uuid) => resolver.tagName(uuid));
      deps.lastApplied.set(created.uuid, values);
      const links: LinkEffect[] = change.user.externalId ? [{ op: 'upsert', source, kind: 'user', externalId: change.user.externalId, uuid: created.uuid }] : [];
      return { ...confirmed(request('POST', paths.users, input), created), links, lastApplied: [userState(created.uuid, values)] };
    }
    case 'linkUser': {
      resolver.setUser(change.user.externalId, change.user.uuid);
      const links: LinkEffect[] = [
        ...(change.previousExternalId ? [{ op: 'remove' as const, source, kind: 'user' as const, externalId: change.previousExternalId }] : []),
        { op: 'upsert', source, kind: 'user', externalId: change.user.externalId, uuid: change.user.uuid },
      ];
      // No write: Deskbee's listing at the start of this apply showed the user.
      return { request: null, response: { status: 200, body: { uuid: change.user.uuid } }, links };
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
      const users = change.users.map((u) => u.uuid ?? (u.externalId ? resolver.user(u.externalId) : undefined)).filter((u): u is string => !!u);
      if (users.length === 0) throw new SkipChange('none of its users exist in Deskbee (their creation failed)');
      const body = { squads: [squadUuid], users };
      if (change.kind === 'addMembers') await api.memberships.add(body);
      else await api.memberships.remove(body);
      const path = change.kind === 'addMembers' ? paths.membershipAdd : paths.membershipRemove;
      return { request: request(change.kind === 'addMembers' ? 'POST' : 'DELETE', path, body), response: { status: 200, body: { users: users.length, of: change.users.length } } };
    }
  }
}

async function writeUser(uuid: string, values: UserValues, deps: ExecutorDeps): Promise<Confirmation> {
  const input = unresolvedToSkip(() => toUserInput(values, deps.resolver));
  const updated = await deps.api.users.update(uuid, input);
  const merged = { ...(deps.lastApplied.get(uuid) ?? {}), ...confirmedValues(values, updated, (tag) => deps.resolver.tagName(tag)) };
  deps.lastApplied.set(uuid, merged);
  return { ...confirmed(request('PUT', `${deps.paths.users}/${uuid}`, input), updated), lastApplied: [userState(uuid, merged)] };
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

function confirmed(summary: RequestSummary, answer: object): Confirmation {
  return { request: summary, response: { status: summary.method === 'POST' ? 201 : 200, body: toJson(answer) } };
}

function userState(uuid: string, values: UserValues): LastAppliedEffect {
  return { op: 'upsert', kind: 'user', uuid, state: toJson(values) as JsonObject };
}

function toJson(value: object): JsonValue {
  return JSON.parse(JSON.stringify(value)) as JsonValue;
}
