/**
 * The first schema: links, last-applied states, runs and the journal.
 * JSON columns are jsonb; timestamps are timestamptz written from the
 * store's clock.
 */
import { sql, type Kysely } from 'kysely';

const entityKindCheck = sql`kind in ('user', 'squad', 'costCenter', 'tag')`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('links')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(entityKindCheck))
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('uuid', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('links_pkey', ['source', 'kind', 'external_id'])
    // One Deskbee entity stands for at most one external id per source and kind.
    .addUniqueConstraint('links_source_kind_uuid_key', ['source', 'kind', 'uuid'])
    .execute();

  await db.schema
    .createTable('runs')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull().check(sql`mode in ('plan', 'apply', 'import')`))
    .addColumn('sources', 'jsonb', (c) => c.notNull())
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('finished_at', 'timestamptz')
    .addColumn('plan_fingerprint', 'text')
    .addColumn('counts', 'jsonb', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) =>
      c.notNull().check(sql`outcome in ('running', 'succeeded', 'failed', 'partial', 'refused', 'no-changes')`),
    )
    .addColumn('error', 'text')
    // The last journal sequence number given out; bumped under the run's row lock.
    .addColumn('journal_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('runs_started_at_idx').on('runs').columns(['started_at desc', 'id desc']).execute();

  await db.schema
    .createTable('last_applied')
    .addColumn('kind', 'text', (c) => c.notNull().check(entityKindCheck))
    .addColumn('uuid', 'text', (c) => c.notNull())
    .addColumn('state', 'jsonb', (c) => c.notNull())
    .addColumn('run_id', 'integer', (c) => c.notNull().references('runs.id'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('last_applied_pkey', ['kind', 'uuid'])
    .execute();

  await db.schema
    .createTable('journal')
    .addColumn('run_id', 'integer', (c) => c.notNull().references('runs.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('change_id', 'text', (c) => c.notNull())
    .addColumn('change_kind', 'text', (c) => c.notNull())
    .addColumn('entity_key', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull().check(sql`outcome in ('applied', 'failed', 'skipped')`))
    .addColumn('request', 'jsonb')
    .addColumn('response', 'jsonb')
    .addColumn('reason', 'text')
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('journal_pkey', ['run_id', 'seq'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('journal').execute();
  await db.schema.dropTable('last_applied').execute();
  await db.schema.dropTable('runs').execute();
  await db.schema.dropTable('links').execute();
}
