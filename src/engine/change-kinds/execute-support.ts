/**
 * What the handlers' `execute` share: the deps of an apply, how a write is
 * summarized for the journal, and how user writes and entity writes are
 * settled against Deskbee's answers.
 */
import type { DeskbeeApi } from '../../deskbee/deskbee-api.js';
import type { UserField } from '../../model/directory.js';
import type { UserValues } from '../../plan/plan-types.js';
import type { ConfirmedChange, JsonObject, JsonValue, LastAppliedEffect, RequestSummary } from '../../store/snapshot-store.js';
import { UnresolvedReference, toUserInput, type UserBodyKeys } from '../user-payload.js';
import type { UuidResolver } from '../uuid-resolver.js';
import { settleUserWrite, type Settlement } from '../write-settlement.js';

/** What one executed change lets the store remember, and how it settled. */
export type Executed = Pick<ConfirmedChange, 'request' | 'response' | 'links' | 'lastApplied'> & { settlement: Settlement };

export interface ExecutorDeps {
  api: DeskbeeApi;
  resolver: UuidResolver;
  /** Configured name of the source the plan came from: the default source of links. */
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
  /** The apply's clock, as ISO 8601 (when a deactivation was confirmed). */
  now(): string;
}

/** A change that cannot be sent because something it needs does not exist. */
export class SkipChange extends Error {}

/** A change that needed no write, or whose answer holds everything written. */
export const settled: Settlement = { outcome: 'applied', confirmed: {}, mismatches: [], unconfirmed: [] };

/** Writes `values` to a user and settles the answer; the last-applied state takes what was confirmed. */
export async function writeUser(uuid: string, values: UserValues, deps: ExecutorDeps, extraState: Record<string, JsonValue | undefined> = {}): Promise<Executed> {
  const input = unresolvedToSkip(() => toUserInput(values, deps.resolver, deps.bodyKeys));
  const updated = await deps.api.users.update(uuid, input);
  const settlement = await settleUserWrite(uuid, values, updated, `PUT ${deps.paths.users}/{uuid}`, settleDeps(deps));
  const merged: Record<string, unknown> = { ...(deps.lastApplied.get(uuid) ?? {}), ...settlement.confirmed };
  for (const [key, value] of Object.entries(extraState)) {
    if (value === undefined) delete merged[key];
    else if (settlement.outcome === 'applied') merged[key] = value;
  }
  deps.lastApplied.set(uuid, merged as UserValues);
  return { request: request('PUT', `${deps.paths.users}/${uuid}`, input), response: { status: 200, body: toJson(updated) }, lastApplied: [userState(uuid, merged as UserValues)], settlement };
}

/** What settling a user write needs, from the apply's deps. */
export function settleDeps(deps: ExecutorDeps) {
  return {
    api: deps.api,
    names: { tagName: (uuid: string) => deps.resolver.tagName(uuid), costCenterCode: (uuid: string) => deps.resolver.costCenterCode(uuid) },
    unverifiable: deps.unverifiable,
    sentAs: (field: UserField) => (field === 'costCenter' ? deps.bodyKeys.costCenter : field === 'tags' ? deps.bodyKeys.tags : field),
    usersPath: deps.paths.users,
  };
}

/** Settles a squad, cost-center or tag write by the fields its answer shows: a name stored otherwise fails it. */
export function entitySettlement(fields: [field: string, written: unknown, stored: unknown][]): Settlement {
  const mismatches = fields
    .filter(([, written, stored]) => (written ?? null) !== (stored ?? null))
    .map(([field, written, stored]) => ({ field, written, stored }));
  return mismatches.length > 0 ? { outcome: 'failed', confirmed: {}, mismatches, unconfirmed: [] } : settled;
}

/** Runs `build`; a reference to something that does not exist skips the change. */
export function unresolvedToSkip<T>(build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof UnresolvedReference) throw new SkipChange(error.message);
    throw error;
  }
}

export function request(method: string, path: string, body?: object): RequestSummary {
  return body === undefined ? { method, path } : { method, path, body: toJson(body) };
}

/** A write answered with `answer`, settled as `settlement`. */
export function answered(summary: RequestSummary, answer: object, settlement: Settlement): Executed {
  return { request: summary, response: { status: summary.method === 'POST' ? 201 : 200, body: toJson(answer) }, settlement };
}

export function userState(uuid: string, values: UserValues): LastAppliedEffect {
  return { op: 'upsert', kind: 'user', uuid, state: toJson(values) as JsonObject };
}

export function toJson(value: object): JsonValue {
  return JSON.parse(JSON.stringify(value)) as JsonValue;
}
