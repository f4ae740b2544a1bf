/**
 * Opens the snapshot store: PostgreSQL when a database URL is given, else
 * PGlite in a local folder. Either way the schema is migrated to the latest
 * before the store is returned. Each backend is loaded only when chosen, so
 * a PostgreSQL user never loads PGlite's WebAssembly, and the reverse.
 */
import { resolve } from 'node:path';
import { silentLogger, systemClock, type Clock, type Logger } from '../context/run-context.js';
import type { SnapshotStore } from './snapshot-store.js';

/** Folder of the PGlite store when none is configured, relative to the working directory. */
export const defaultStoreDirectory = '.deskbee-sync/store';

export interface OpenStoreOptions {
  /**
   * A PostgreSQL URL (`postgres://user:password@host:5432/db`), usually from
   * the DATABASE_URL environment variable; the caller reads the environment.
   * Default: none, which selects PGlite.
   */
  databaseUrl?: string;
  /**
   * PGlite only: the store's folder, resolved against the working directory.
   * Default: `.deskbee-sync/store`.
   */
  directory?: string;
  /** Default: a logger that drops everything. */
  logger?: Logger;
  /** Source of the store's timestamps. Default: the system clock. */
  clock?: Clock;
}

/**
 * Opens the store and migrates it. Throws a ConfigError (with the password
 * masked) when the server cannot be reached or the folder is in use by
 * another live process.
 */
export async function openStore(options: OpenStoreOptions = {}): Promise<SnapshotStore> {
  const logger = options.logger ?? silentLogger;
  const clock = options.clock ?? systemClock;
  const databaseUrl = options.databaseUrl?.trim();
  if (databaseUrl) {
    const { openPostgresStore } = await import('./postgres/postgres-store.js');
    return openPostgresStore({ databaseUrl, logger, clock });
  }
  const { openPgliteStore } = await import('./pglite/pglite-store.js');
  return openPgliteStore({ directory: resolve(options.directory ?? defaultStoreDirectory), logger, clock });
}
