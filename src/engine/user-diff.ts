import { matchesName } from '../mapping/compiled-mapping.js';
import type { ActualUser, DesiredUser, ManagedScope, UserField, UserRecord } from '../model/directory.js';
import { updatableFields, type PlanOptions } from './plan-inputs.js';
import type { DriftNotice, UserRef, UserValues } from '../plan/plan-types.js';
import { sameValue, sortedUnique } from './values.js';

/** What the source wants written to one paired user, field by field. */
export interface UserFieldDiff {
  before: UserValues;
  after: UserValues;
  drift: UserField[];
  notices: DriftNotice[];
}

/**
 * A person as a change names them: email and name, then the uuid, external
 * id and source where known. Each shape is one literal, so that a plan of a
 * million people holds its references without out-of-object property storage.
 */
export function userRef(user: { uuid?: string; externalId?: string; source?: string; email: string; name: string }): UserRef {
  const { uuid, externalId, source, email, name } = user;
  if (uuid) {
    if (externalId && source) return { email, name, uuid, externalId, source };
    return externalId ? { email, name, uuid, externalId } : { email, name, uuid };
  }
  if (externalId && source) return { email, name, externalId, source };
  return externalId ? { email, name, externalId } : { email, name };
}

/**
 * The value this tool would write for `field`: the source's value, except
 * where only part of the field is managed (tags outside the managed set and
 * document keys the mapping does not set are Deskbee's and kept). `current`
 * is the user's value now (Deskbee's, or the last applied one where Deskbee
 * does not show the field); undefined for a new user.
 */
export function wantedValue(field: UserField, desired: DesiredUser, current: unknown, managed: ManagedScope): unknown {
  // A value the source gives whole (a new user's, most often) is the source's own list or object, not a copy.
  if (field === 'tags') {
    const kept = (Array.isArray(current) ? (current as string[]) : []).filter((tag) => !matchesName(managed.tags, tag));
    if (kept.length === 0 && isSortedUnique(desired.tags) && desired.tags.every((tag) => matchesName(managed.tags, tag))) return desired.tags;
    return sortedUnique([...kept, ...desired.tags.filter((tag) => matchesName(managed.tags, tag))]);
  }
  if (field === 'documents') return isStringMap(current) && Object.keys(current).length > 0 ? { ...current, ...desired.documents } : desired.documents;
  return desired[field as keyof UserRecord];
}

/**
 * The part of a value this tool owns: the managed tags, the document types
 * the source sets; the whole value for other fields. Drift is looked for in
 * this part only, so that a tag or document Deskbee added by hand outside it
 * is not taken for drift.
 */
function managedPart(field: UserField, value: unknown, desired: DesiredUser, managed: ManagedScope): unknown {
  if (field === 'tags' && Array.isArray(value)) return sortedUnique((value as string[]).filter((tag) => matchesName(managed.tags, tag)));
  if (field === 'documents' && isStringMap(value)) return Object.fromEntries(Object.keys(desired.documents).map((type) => [type, value[type] ?? null]));
  return value;
}

function isSortedUnique(values: readonly string[]): boolean {
  for (let i = 1; i < values.length; i += 1) if (!(values[i - 1]! < values[i]!)) return false;
  return true;
}

function isStringMap(value: unknown): value is Record<string, string> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Three-way diff of one paired user's managed fields: desired (source),
 * actual (Deskbee now) and last applied (what this tool last wrote). A field
 * Deskbee changed by hand since the last write is drift: written back and
 * reported (`source-wins`), or kept and reported (`deskbee-wins`). A field
 * Deskbee does not show (unknown) is compared with the last applied value.
 */
export function diffUserFields(
  desired: DesiredUser,
  actual: ActualUser,
  lastApplied: UserValues | undefined,
  managed: ManagedScope,
  policy: PlanOptions['drift'],
): UserFieldDiff {
  const result: UserFieldDiff = { before: {}, after: {}, drift: [], notices: [] };
  for (const field of updatableFields) {
    if (!managed.fields.includes(field) || desired.keep?.includes(field)) continue;
    const last = lastApplied?.[field as keyof UserValues];
    const unknown = actual.unknownFields.includes(field);
    const have = unknown ? last : actual[field as keyof UserRecord];
    const want = wantedValue(field, desired, have, managed);
    if (have !== undefined && sameValue(field, want, have)) continue;
    const drifted =
      !unknown &&
      last !== undefined &&
      !sameValue(field, managedPart(field, have, desired, managed), managedPart(field, last, desired, managed)) &&
      !sameValue(field, want, have);
    if (drifted) {
      const notice: DriftNotice = {
        user: { ...userRef({ ...actual, externalId: desired.externalId, source: desired.source }), uuid: actual.uuid },
        field,
        lastApplied: last,
        actual: have,
        desired: want,
        resolution: policy === 'source-wins' ? 'overwritten' : 'kept',
      };
      result.notices.push(notice);
      if (policy === 'deskbee-wins') continue;
      result.drift.push(field);
    }
    assign(result.before, field, have ?? null);
    assign(result.after, field, want);
  }
  return result;
}

/** The values a new user is created with: every managed field the source sets. */
export function createValues(desired: DesiredUser, managed: ManagedScope): UserValues {
  const values: UserValues = { name: desired.name, email: desired.email };
  for (const field of updatableFields) {
    if (field === 'name' || field === 'email' || !managed.fields.includes(field) || desired.keep?.includes(field)) continue;
    assign(values, field, wantedValue(field, desired, undefined, managed));
  }
  values.status = managed.fields.includes('status') ? desired.status : true;
  return values;
}

function assign(target: UserValues, field: UserField, value: unknown): void {
  (target as Record<string, unknown>)[field] = value;
}
