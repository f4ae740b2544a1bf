/**
 * Checks a user write against what Deskbee shows (DESIGN.md invariant 4).
 * Deskbee's backend drops body fields it does not declare and still answers
 * 2xx, so a 2xx confirms nothing by itself: each written field is confirmed
 * only where an answer shows it with the value written. A field shown with
 * another value is a mismatch; a field not shown is unseen, to be read back.
 */
import type { DeskbeeUser } from '../deskbee/schemas.js';
import type { UserField } from '../model/directory.js';
import type { UserValues } from '../plan/plan-types.js';
import { sameValue, sortedUnique } from './values.js';

/** A written field that Deskbee shows with another value. */
export interface FieldMismatch {
  /** A user field, or an entity's (`code`, `description`). */
  field: string;
  written: unknown;
  stored: unknown;
}

/** What one answer shows of the fields written. */
export interface AnswerCheck {
  /** The fields shown with the value written. */
  confirmed: UserValues;
  mismatches: FieldMismatch[];
  /** Fields the answer does not show at all. */
  unseen: UserField[];
}

/** Names for the uuids an answer may hold. */
export interface AnswerNames {
  tagName(uuid: string): string | undefined;
  costCenterCode(uuid: string): string | undefined;
}

/** The value `answer` shows for `field`, or undefined when it does not show the field. */
export function shownValue(field: UserField, answer: DeskbeeUser, names: AnswerNames): unknown {
  switch (field) {
    case 'name':
      return answer.name;
    case 'email':
      return answer.email.toLowerCase();
    case 'enrollment':
      return answer.enrollment === undefined ? undefined : answer.enrollment;
    case 'identifier':
      return answer.identifier === undefined ? undefined : answer.identifier;
    case 'status':
      return answer.status;
    case 'tags':
      if (answer.tags === undefined) return undefined;
      return sortedUnique((answer.tags ?? []).map((tag) => (typeof tag === 'string' ? (names.tagName(tag) ?? `uuid:${tag}`) : tag.name)));
    case 'costCenter':
      if (answer.cost_center === undefined) return undefined;
      if (answer.cost_center === null) return null;
      return answer.cost_center.code || names.costCenterCode(answer.cost_center.uuid) || `uuid:${answer.cost_center.uuid}`;
    case 'documents': {
      const documents = answer.person?.documents;
      if (documents === undefined || documents === null) return undefined;
      return Object.fromEntries(documents.map((doc) => [doc.type, doc.doc]));
    }
    case 'squads':
      return answer.squads === undefined ? undefined : sortedUnique(answer.squads.map((squad) => squad.name));
  }
}

/** Whether the stored value is what was written: documents compare by the types written (null: removed). */
function holds(field: UserField, written: unknown, stored: unknown): boolean {
  if (field === 'documents' && written && typeof written === 'object' && stored && typeof stored === 'object') {
    const have = stored as Record<string, string>;
    return Object.entries(written as Record<string, string | null>).every(([type, doc]) => (doc === null ? !(type in have) : have[type] === doc));
  }
  if (field === 'tags' && Array.isArray(written)) return sameValue(field, sortedUnique(written as string[]), stored);
  return sameValue(field, written, stored);
}

/** Checks the `fields` of `written` against one answer. */
export function checkAnswer(written: UserValues, fields: readonly UserField[], answer: DeskbeeUser, names: AnswerNames): AnswerCheck {
  const check: AnswerCheck = { confirmed: {}, mismatches: [], unseen: [] };
  for (const field of fields) {
    const value = (written as Record<string, unknown>)[field];
    const stored = shownValue(field, answer, names);
    if (stored === undefined) check.unseen.push(field);
    else if (holds(field, value, stored)) (check.confirmed as Record<string, unknown>)[field] = value;
    else check.mismatches.push({ field, written: value, stored });
  }
  return check;
}

/** The fields a write carries (those set in `written`). */
export function writtenFields(written: UserValues): UserField[] {
  return (Object.keys(written) as UserField[]).filter((field) => (written as Record<string, unknown>)[field] !== undefined);
}
