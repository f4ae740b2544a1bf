/**
 * The embedded backend: PGlite (PostgreSQL compiled to WebAssembly) keeping
 * its files in a local folder. The folder holds `pgdata/` (PGlite's data
 * directory) and `store.lock` (see store-lock.ts).
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely } from 'kysely';
import { KyselyPGlite } from 'kysely-pglite';
import type { Clock, Logger } from '../../context/run-context.js';
import { ConfigError, SyncError } from '../../errors.js';
import type { StoreDatabase } from '../database-schema.js';
import { KyselySnapshotStore } from '../kysely-snapshot-store.js';
import { migrateToLatest } from '../migrate.js';
import type { SnapshotStore } from '../snapshot-store.js';
import { serializedDialect } from './serialized-driver.js';
import { acquireStoreLock } from './store-lock.js';

export interface PgliteStoreOptions {
  /** Absolute path of the store's folder; created when missing. */
  directory: string;
  logger: Logger;
  clock: Clock;
}

/**
 * PostgreSQL's shared buffers are 128 MB by default, all of it inside
 * PGlite's WebAssembly memory: reopening a store took about 300 MB before a
 * single query. The store's reads are sequential scans of its own tables,
 * which the operating system's page cache serves as well, so 16 MB is
 * enough; an open store then holds about 180 MB.
 */
const memoryParams = ['-c', 'shared_buffers=16MB'];

/** Opens (creating if needed) the PGlite store in `directory`, locked to this process. */
export async function openPgliteStore(options: PgliteStoreOptions): Promise<SnapshotStore> {
  const { directory, logger, clock } = options;
  try {
    await mkdir(directory, { recursive: true });
  } catch (error) {
    throw new ConfigError(
      `Cannot create the store folder: ${error instanceof Error ? error.message : String(error)}. ` +
        'Check that the path is writable, or choose another store folder.',
      directory,
    );
  }
  const lock = await acquireStoreLock(directory, logger);
  let pglite: PGlite | undefined;
  try {
    pglite = await PGlite.create({ dataDir: join(directory, 'pgdata'), startParams: [...PGlite.defaultStartParams, ...memoryParams] });
    const db = new Kysely<StoreDatabase>({ dialect: serializedDialect(new KyselyPGlite(pglite).dialect) });
    try {
      await migrateToLatest(db, directory, logger);
    } catch (error) {
      await db.destroy();
      pglite = undefined;
      throw error;
    }
    logger.debug('store opened', { backend: 'pglite', store: directory });
    return new KyselySnapshotStore(db, { backend: 'pglite', location: directory }, clock, () => lock.release());
  } catch (error) {
    await pglite?.close().catch(() => {});
    await lock.release();
    if (error instanceof SyncError) throw error;
    throw new ConfigError(
      `Could not open the PGlite store: ${error instanceof Error ? error.message : String(error)}. ` +
        'The folder may hold files that are not a PGlite database, or be damaged; point the store at an ' +
        'empty folder to start afresh.',
      directory,
    );
  }
}
