/**
 * The engine's plain-data view of a directory, used for both sides of a diff:
 * what the sources want (desired) and what Deskbee has (actual). Squads, cost
 * centers and tags are referred to by their natural keys (squad name,
 * cost-center code, tag name), never by Deskbee uuids, so that a desired
 * state can be built without asking Deskbee anything.
 */

import { flatString } from './flat-string.js';

/** The user fields the mapping can set and the engine can manage. */
export const userFields = [
  'name',
  'email',
  'enrollment',
  'identifier',
  'status',
  'squads',
  'costCenter',
  'tags',
  'documents',
] as const;
export type UserField = (typeof userFields)[number];

export interface UserRecord {
  /** Display name. */
  name: string;
  /** Stored lower-cased; compared case-insensitively. */
  email: string;
  /** The HR/employee number; unique in Deskbee when set. */
  enrollment: string | null;
  identifier: string | null;
  /** `true`: active; `false`: deactivated (cannot log in). */
  status: boolean;
  /** Squad names, sorted, without duplicates. */
  squads: string[];
  /** Cost-center code, or null for none. */
  costCenter: string | null;
  /** Tag names, sorted, without duplicates. */
  tags: string[];
  /** Free-form documents (badge numbers and the like). */
  documents: Record<string, string>;
}

/** A person as the sources want them. */
export interface DesiredUser extends UserRecord {
  /** The configured source whose key identifies this person (links are kept per source). */
  source: string;
  /** That source's immutable key for this person (objectGUID, entryUUID, employee id, …). */
  externalId: string;
  /** Where the person came from in that source, for reports: `hr.csv line 12`, a DN. */
  origin: string;
  /** Every source that has this person, when several do. Default: only `source`. */
  sources?: string[];
  /** Where each field's value came from, for the fields another source gave (`hr-csv (hr.csv line 42)`). Default: `source (origin)`. */
  origins?: Partial<Record<UserField, string>>;
  /** Fields that no source managing them has for this person: Deskbee's value is kept. Default: none. */
  keep?: UserField[];
}

/** A person as Deskbee has them. */
export interface ActualUser extends UserRecord {
  uuid: string;
  /**
   * Fields Deskbee's response did not include (Deskbee's examples show no
   * tags, identifier or cost center): unknown rather than empty.
   */
  unknownFields: UserField[];
  /** Deskbee's profile (`employee`, `manager`, `admin`, `master`, …), when its answer shows one. Read only, for protection rules. */
  profile?: string;
}

export interface SquadRecord {
  name: string;
  /** The group's key in the source, when it has one (LDAP groups). */
  externalId?: string;
  /** The source of `externalId`. */
  source?: string;
}

export interface CostCenterRecord {
  code: string;
  name: string;
  description: string | null;
}

export type TagAccess = 'public' | 'private';

export interface TagRecord {
  name: string;
  access: TagAccess;
}

/** Which parts of Deskbee the mapping lets the engine change. */
export interface ManagedScope {
  /** User fields the engine may set. Fields not listed are never written. */
  fields: UserField[];
  /** Squads whose membership the engine owns: members not in the source are removed from these only. */
  squads: NameMatcher;
  /** Tags the engine owns on users. */
  tags: NameMatcher;
}

/** Plain-data matcher over names, serializable into plans. */
export type NameMatcher =
  | { kind: 'all' }
  | { kind: 'none' }
  | { kind: 'names'; names: string[] }
  | { kind: 'prefix'; prefix: string }
  | { kind: 'pattern'; pattern: string };

export interface DesiredState {
  /** Configured name of the source this came from. */
  source: string;
  users: DesiredUser[];
  squads: SquadRecord[];
  costCenters: CostCenterRecord[];
  tags: TagRecord[];
  managed: ManagedScope;
}

export interface ActualState {
  users: ActualUser[];
  squads: (SquadRecord & { uuid: string })[];
  costCenters: (CostCenterRecord & { uuid: string })[];
  tags: (TagRecord & { uuid: string })[];
}

/**
 * The squads or tags of someone who has none: one shared empty list, frozen
 * so that nothing adds to it (a directory of a million people would
 * otherwise hold a million empty lists per field).
 */
export const noNames: string[] = Object.freeze([]) as unknown as string[];

/** The key of a link in maps: a source's name and its external id (links are kept per source). */
export function linkKey(source: string, externalId: string): string {
  return flatString(source, '\u0000', externalId);
}

/** Where a desired person's field came from: `hr-csv (hr.csv line 42)`. */
export function provenanceOf(user: Pick<DesiredUser, 'source' | 'origin' | 'origins'>, field: UserField): string {
  return user.origins?.[field] ?? `${user.source} (${user.origin})`;
}
