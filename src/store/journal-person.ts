/**
 * A person as the journal knows them, from what someone typed (an email,
 * an external id or a Deskbee uuid): every uuid, external id and user
 * entity key that stands for them. Emails change, so the keys that stay
 * (external id, uuid) are followed through the links, the last-applied
 * states and the subjects of earlier entries, and back to every email the
 * journal recorded for them.
 */
import { sql, type Kysely } from 'kysely';
import type { StoreDatabase } from './database-schema.js';

/** The keys that stand for one person. Entity keys are lower-cased. */
export interface PersonKeys {
  uuids: string[];
  externalIds: string[];
  entityKeys: string[];
}

const lowerEntityKey = sql<string>`lower(entity_key)`;

/** Every key the store knows for the person `text` names. */
export async function resolvePerson(db: Kysely<StoreDatabase>, text: string): Promise<PersonKeys> {
  const uuids = new Set([text]);
  const externalIds = new Set([text]);
  const entityKeys = new Set([`user:${text.toLowerCase()}`]);

  const linked = await db
    .selectFrom('links')
    .select(['uuid', 'external_id'])
    .where('kind', '=', 'user')
    .where((eb) => eb.or([eb('external_id', '=', text), eb('uuid', '=', text)]))
    .execute();
  for (const row of linked) {
    uuids.add(row.uuid);
    externalIds.add(row.external_id);
  }
  const written = await db
    .selectFrom('last_applied')
    .select('uuid')
    .where('kind', '=', 'user')
    .where(sql<string>`lower(state->>'email')`, '=', text.toLowerCase())
    .execute();
  for (const row of written) uuids.add(row.uuid);

  const recorded = await db
    .selectFrom('journal')
    .select(['subject_user_uuid', 'subject_external_id'])
    .distinct()
    .where((eb) =>
      eb.or([
        eb(lowerEntityKey, 'in', [...entityKeys]),
        eb('subject_external_id', 'in', [...externalIds]),
        eb('subject_user_uuid', 'in', [...uuids]),
      ]),
    )
    .where((eb) => eb.or([eb('subject_user_uuid', 'is not', null), eb('subject_external_id', 'is not', null)]))
    .execute();
  for (const row of recorded) {
    if (row.subject_user_uuid !== null) uuids.add(row.subject_user_uuid);
    if (row.subject_external_id !== null) externalIds.add(row.subject_external_id);
  }

  const relinked = await db.selectFrom('links').select('external_id').where('kind', '=', 'user').where('uuid', 'in', [...uuids]).execute();
  for (const row of relinked) externalIds.add(row.external_id);
  const emails = await db
    .selectFrom('journal')
    .select(lowerEntityKey.as('key'))
    .distinct()
    .where('subject_user_uuid', 'in', [...uuids])
    .where('entity_key', 'like', 'user:%')
    .execute();
  for (const row of emails) entityKeys.add(row.key);

  return { uuids: [...uuids], externalIds: [...externalIds], entityKeys: [...entityKeys] };
}
