/**
 * How the user endpoints can disagree with what the client writes and reads,
 * the ways a Laravel backend does: a body field outside the endpoint's
 * `rules()` is dropped without a word (and the answer is still 2xx), an
 * answer shows only what the resource serializer includes, and a stored
 * value may differ from the one sent (a mutator or a column normalises it).
 */
import { z } from 'zod';
import type { UserChanges } from './validation.js';

/** User body fields that can be made undeclared (name and email are the reference's required fields). */
export const undeclarableUserFields = [
  'enrollment',
  'identifier',
  'squad_uuid',
  'status',
  'is_send_mail',
  'documents',
  'tags',
  'cost_center_uuid',
] as const;
export type UndeclarableUserField = (typeof undeclarableUserFields)[number];

/** User answer fields that can be hidden; `a.b` names a field inside `a`. */
export const hideableUserFields = [
  'name',
  'name_display',
  'email',
  'enrollment',
  'identifier',
  'source',
  'access_type',
  'profile',
  'locale',
  'status',
  'person',
  'person.uuid',
  'person.documents',
  'tags',
  'cost_center',
  'squads',
  'created_at',
  'updated_at',
] as const;
export type HideableUserField = (typeof hideableUserFields)[number];

/** Stored user fields whose value can be altered. */
export const alterableUserFields = ['name', 'email', 'enrollment', 'identifier'] as const;
export type AlterableUserField = (typeof alterableUserFields)[number];

/**
 * One normalisation step: `trim` (outer whitespace), `squash-spaces` (runs of
 * whitespace become one space), `lower`, `upper`, `truncate:N` (the first N
 * characters, as a short column keeps them).
 */
export type FieldAlteration = 'trim' | 'squash-spaces' | 'lower' | 'upper' | `truncate:${number}`;

const alterationSchema = z
  .string()
  .regex(/^(trim|squash-spaces|lower|upper|truncate:[1-9]\d{0,2})$/, 'use trim, squash-spaces, lower, upper or truncate:N (N from 1 to 999)')
  .transform((s) => s as FieldAlteration);

/** The user-field settings' schema pieces, merged into the fault settings' patch schema. */
export const userFieldFaultShape = {
  /** User body fields that create and edit accept and drop unvalidated and unstored. */
  undeclaredUserFields: z.array(z.enum(undeclarableUserFields)).optional(),
  /** User answer fields left out of every user representation. */
  hiddenUserFields: z.array(z.enum(hideableUserFields)).optional(),
  /** Per stored user field, the normalisation steps applied, in order, to what was written. */
  alteredUserFields: z.partialRecord(z.enum(alterableUserFields), z.array(alterationSchema).min(1)).optional(),
};

/** The user-field part of the fault settings. */
export interface UserFieldFaults {
  /** Default []: every field the emulator knows is declared. */
  undeclaredUserFields: UndeclarableUserField[];
  /** Default []: answers show every field. */
  hiddenUserFields: HideableUserField[];
  /** Default {}: values are stored as sent. */
  alteredUserFields: Partial<Record<AlterableUserField, FieldAlteration[]>>;
}

/** The body without the undeclared fields (a copy; the original is left alone). */
export function dropUndeclared(body: unknown, undeclared: readonly string[]): unknown {
  if (undeclared.length === 0 || body === null || typeof body !== 'object' || Array.isArray(body)) return body;
  const kept: Record<string, unknown> = { ...(body as Record<string, unknown>) };
  for (const field of undeclared) delete kept[field];
  return kept;
}

/** Removes the hidden fields from a freshly rendered user (mutates and returns it). */
export function hideFields<T extends object>(json: T, hidden: readonly string[]): T {
  for (const path of hidden) {
    const dot = path.indexOf('.');
    const record = json as Record<string, unknown>;
    if (dot < 0) {
      delete record[path];
      continue;
    }
    const inner = record[path.slice(0, dot)];
    if (inner !== null && typeof inner === 'object') delete (inner as Record<string, unknown>)[path.slice(dot + 1)];
  }
  return json;
}

function alter(value: string, steps: readonly FieldAlteration[]): string {
  let out = value;
  for (const step of steps) {
    if (step === 'trim') out = out.trim();
    else if (step === 'squash-spaces') out = out.replace(/\s+/g, ' ');
    else if (step === 'lower') out = out.toLowerCase();
    else if (step === 'upper') out = out.toUpperCase();
    else out = Array.from(out).slice(0, Number(step.slice('truncate:'.length))).join('');
  }
  return out;
}

/** The validated changes with the altered fields normalised (a copy). */
export function alterChanges(changes: UserChanges, altered: UserFieldFaults['alteredUserFields']): UserChanges {
  const out = { ...changes };
  for (const field of alterableUserFields) {
    const steps = altered[field];
    const value = out[field];
    if (steps && typeof value === 'string') out[field] = alter(value, steps);
  }
  return out;
}
