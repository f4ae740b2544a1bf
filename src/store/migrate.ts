/**
 * Brings a store's schema to the latest migration on open. On PostgreSQL,
 * kysely's Migrator holds a session-level advisory lock
 * (`pg_advisory_lock`) around the whole run, so two processes opening the
 * same database at once apply each migration exactly once; the loser waits,
 * then finds nothing to do. On PGlite the folder's lock file already keeps
 * a second process out.
 */
import { Migrator, sql, type Kysely } from 'kysely';
import { migrationProvider } from '../../migrations/index.js';
import type { Logger } from '../context/run-context.js';
import { ConfigError } from '../errors.js';

/** Applies every pending migration; throws a ConfigError naming the store when one fails. */
export async function migrateToLatest<DB>(db: Kysely<DB>, location: string, logger: Logger): Promise<string[]> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results = [] } = await migrator.migrateToLatest();
  const applied = results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
  for (const name of applied) logger.info('store migration applied', { migration: name, store: location });
  if (error !== undefined) {
    const failed = results.find((r) => r.status === 'Error')?.migrationName;
    const detail = error instanceof Error ? error.message : String(error);
    throw new ConfigError(
      `Could not bring the store's schema up to date${failed ? ` (migration ${failed} failed)` : ''}: ${detail}. ` +
        'A store written by a newer deskbee-sync cannot be opened by an older one; otherwise check that the ' +
        'database user may create tables. Nothing was changed by the failed migration.',
      location,
    );
  }
  return applied;
}

/** Names of the migrations applied to the store, oldest first. */
export async function appliedMigrations<DB>(db: Kysely<DB>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
  return rows.map((r) => r.name);
}
