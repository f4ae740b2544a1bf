/**
 * Who each journal entry is about, so that the journal can be searched by
 * person across email changes: the user's Deskbee uuid and external id,
 * and for squad changes the squad's uuid and name. Entries recorded before
 * keep nulls and are still found by their entity key.
 *
 * Indexes for the lookups a search by person makes: the subject's uuid and
 * external id, the entity key without regard to case (emails are typed in
 * any case), and a user's email in the last-applied states.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('journal')
    .addColumn('subject_user_uuid', 'text')
    .addColumn('subject_external_id', 'text')
    .addColumn('subject_squad_uuid', 'text')
    .addColumn('subject_squad_name', 'text')
    .execute();
  await sql`create index journal_subject_user_uuid_idx on journal (subject_user_uuid) where subject_user_uuid is not null`.execute(db);
  await sql`create index journal_subject_external_id_idx on journal (subject_external_id) where subject_external_id is not null`.execute(db);
  await sql`create index journal_entity_key_lower_idx on journal (lower(entity_key))`.execute(db);
  await sql`create index last_applied_user_email_idx on last_applied (lower(state->>'email')) where kind = 'user'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists last_applied_user_email_idx`.execute(db);
  await sql`drop index if exists journal_entity_key_lower_idx`.execute(db);
  await sql`drop index if exists journal_subject_external_id_idx`.execute(db);
  await sql`drop index if exists journal_subject_user_uuid_idx`.execute(db);
  await db.schema
    .alterTable('journal')
    .dropColumn('subject_squad_name')
    .dropColumn('subject_squad_uuid')
    .dropColumn('subject_external_id')
    .dropColumn('subject_user_uuid')
    .execute();
}
