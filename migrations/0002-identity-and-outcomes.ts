/**
 * The store's identity and the outcomes an exact sync needs:
 * - `store_identity`: one row, made once with the store: a random id that
 *   saved plans name (a plan is applied only through the store it was made
 *   with) and a random key that seals them (an HMAC, so a plan edited by
 *   hand is refused even with its hash recomputed).
 * - journal outcome `unconfirmed`: Deskbee answered 2xx, but a written
 *   field can be seen neither in its answer nor in a read-back.
 * - run outcome `interrupted`: stopped by a signal, a closed output, or a
 *   process that died.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('store_identity')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('seal_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    // One row only.
    .addColumn('one', 'boolean', (c) => c.notNull().defaultTo(true).unique().check(sql`one`))
    .execute();
  await sql`insert into store_identity (id, seal_key, created_at) values (${randomUUID()}, ${randomBytes(32).toString('hex')}, now())`.execute(db);

  await sql`alter table journal drop constraint if exists journal_outcome_check`.execute(db);
  await sql`alter table journal add constraint journal_outcome_check check (outcome in ('applied', 'unconfirmed', 'failed', 'skipped'))`.execute(db);
  await sql`alter table runs drop constraint if exists runs_outcome_check`.execute(db);
  await sql`alter table runs add constraint runs_outcome_check check (outcome in ('running', 'succeeded', 'failed', 'partial', 'refused', 'no-changes', 'interrupted'))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table runs drop constraint if exists runs_outcome_check`.execute(db);
  await sql`alter table runs add constraint runs_outcome_check check (outcome in ('running', 'succeeded', 'failed', 'partial', 'refused', 'no-changes'))`.execute(db);
  await sql`alter table journal drop constraint if exists journal_outcome_check`.execute(db);
  await sql`alter table journal add constraint journal_outcome_check check (outcome in ('applied', 'failed', 'skipped'))`.execute(db);
  await db.schema.dropTable('store_identity').execute();
}
