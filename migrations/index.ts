/**
 * Every migration, listed explicitly. kysely's FileMigrationProvider imports
 * files by path at run time, which fails for `.ts` files under vitest on
 * Node 20 and for a bundled build; a static list works everywhere.
 *
 * To add a migration: create `NNNN-what-it-does.ts` exporting `up` (and
 * `down`), import it here and add it to `migrations` under its file name.
 * Names sort in the order they run; never rename or edit a released one.
 */
import type { Migration, MigrationProvider } from 'kysely';
import * as initial from './0001-initial.js';
import * as identity from './0002-identity-and-outcomes.js';
import * as journalSubject from './0003-journal-subject.js';
import * as liftedLimits from './0004-run-lifted-limits.js';

export const migrations: Readonly<Record<string, Migration>> = Object.freeze({
  '0001-initial': initial,
  '0002-identity-and-outcomes': identity,
  '0003-journal-subject': journalSubject,
  '0004-run-lifted-limits': liftedLimits,
});

/** The provider the store's Migrator uses. */
export const migrationProvider: MigrationProvider = {
  getMigrations: async () => ({ ...migrations }),
};
