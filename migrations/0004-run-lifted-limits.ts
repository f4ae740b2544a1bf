/**
 * The safety limits lifted for a run (`--allow`) that its plan went over:
 * a run's record says so. Earlier runs read as none lifted.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('runs').addColumn('lifted_limits', 'jsonb', (col) => col.notNull().defaultTo(sql`'[]'::jsonb`)).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('runs').dropColumn('lifted_limits').execute();
}
