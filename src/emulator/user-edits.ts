/**
 * How a validated user body makes or changes a stored user.
 */
import type { UserEntity } from './records.js';
import type { UserChanges } from './validation.js';

/** Locale of users created through the API (the account's default). */
export const defaultLocale = { timezone: 'America/Sao_Paulo', language: 'pt_BR' } as const;

/** A user made through the API from validated create changes (name and email present). */
export function newUser(changes: UserChanges, ids: { seq: number; uuid: string; personUuid: string }, now: number): UserEntity {
  const user: UserEntity = {
    seq: ids.seq,
    uuid: ids.uuid,
    name: changes.name as string,
    email: changes.email as string,
    enrollment: changes.enrollment ?? null,
    identifier: changes.identifier ?? null,
    source: 'api_client',
    access_type: null,
    profile: 'employee',
    locale: { ...defaultLocale },
    status: changes.status ?? true,
    person_uuid: ids.personUuid,
    documents: [],
    tag_uuids: changes.tags ?? [],
    cost_center_uuid: changes.cost_center_uuid ?? null,
    squad_uuids: new Set(changes.squad_uuid ? [changes.squad_uuid] : []),
    created_at: now,
    updated_at: now,
  };
  applyDocuments(user, changes.documents);
  return user;
}

/** Applies the changes; `squad_uuid` adds a membership. */
export function applyUserChanges(user: UserEntity, c: UserChanges): void {
  if (c.name !== undefined) user.name = c.name;
  if (c.email !== undefined) user.email = c.email;
  if (c.enrollment !== undefined) user.enrollment = c.enrollment;
  if (c.identifier !== undefined) user.identifier = c.identifier;
  if (c.status !== undefined) user.status = c.status;
  if (c.tags !== undefined) user.tag_uuids = c.tags;
  if (c.cost_center_uuid !== undefined) user.cost_center_uuid = c.cost_center_uuid;
  if (c.squad_uuid !== undefined) user.squad_uuids.add(c.squad_uuid);
  applyDocuments(user, c.documents);
}

/**
 * Documents are upserted by type (a guess at Deskbee's behaviour): a given
 * type gets the new value, null removes it, types not mentioned stay. A
 * changed value is no longer verified.
 */
export function applyDocuments(user: UserEntity, documents: Record<string, string | null> | undefined): void {
  if (!documents) return;
  for (const [type, doc] of Object.entries(documents)) {
    const index = user.documents.findIndex((d) => d.type === type);
    if (doc === null) {
      if (index >= 0) user.documents.splice(index, 1);
    } else if (index < 0) {
      user.documents.push({ type, doc, is_verified: false });
    } else if (user.documents[index]?.doc !== doc) {
      user.documents[index] = { type, doc, is_verified: false };
    }
  }
}

/** The stored fields whose change moves `updated_at` (membership does not). */
export function userFingerprint(u: UserEntity): string {
  return JSON.stringify([u.name, u.email, u.enrollment, u.identifier, u.status, u.documents, u.tag_uuids, u.cost_center_uuid]);
}
