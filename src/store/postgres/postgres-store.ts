/**
 * The production backend: a PostgreSQL server reached through DATABASE_URL
 * with the pg driver. The password never leaves this file: messages and
 * logs name the server by its masked URL.
 */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Clock, Logger } from '../../context/run-context.js';
import { ConfigError } from '../../errors.js';
import type { StoreDatabase } from '../database-schema.js';
import { KyselySnapshotStore } from '../kysely-snapshot-store.js';
import { maskDatabaseUrl, scrubPassword } from '../mask-database-url.js';
import { migrateToLatest } from '../migrate.js';
import type { SnapshotStore } from '../snapshot-store.js';

export interface PostgresStoreOptions {
  databaseUrl: string;
  logger: Logger;
  clock: Clock;
  /** Milliseconds to wait for a connection. Default: 10 000. */
  connectTimeoutMs?: number;
  /** Most connections held at once. Default: 4. */
  maxConnections?: number;
}

/** Opens the store on a PostgreSQL server, migrating its schema to the latest. */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<SnapshotStore> {
  const { databaseUrl, logger, clock } = options;
  const masked = maskDatabaseUrl(databaseUrl);
  checkUrl(databaseUrl, masked);

  let pool: pg.Pool;
  try {
    pool = new pg.Pool({
      connectionString: databaseUrl,
      max: options.maxConnections ?? 4,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
      application_name: 'deskbee-sync',
    });
  } catch (error) {
    throw connectError(error, databaseUrl, masked);
  }
  // An idle connection the server drops emits 'error' on the pool; unhandled, it would end the process.
  pool.on('error', (error) => logger.warn('store connection lost', { store: masked, error: scrubPassword(error.message, databaseUrl) }));

  const db = new Kysely<StoreDatabase>({ dialect: new PostgresDialect({ pool }) });
  try {
    try {
      await pool.query('select 1');
    } catch (error) {
      throw connectError(error, databaseUrl, masked);
    }
    await migrateToLatest(db, masked, logger);
  } catch (error) {
    await db.destroy().catch(() => {});
    throw error;
  }
  logger.debug('store opened', { backend: 'postgres', store: masked });
  return new KyselySnapshotStore(db, { backend: 'postgres', location: masked }, clock, async () => {}, true);
}

function checkUrl(databaseUrl: string, masked: string): void {
  let protocol: string;
  try {
    protocol = new URL(databaseUrl).protocol;
  } catch {
    throw new ConfigError(
      `is not a valid URL (${masked}). Write it as postgres://user:password@host:5432/database; ` +
        'characters such as @, : or / in the password must be percent-encoded.',
      'DATABASE_URL',
    );
  }
  if (protocol !== 'postgres:' && protocol !== 'postgresql:') {
    throw new ConfigError(
      `must be a postgres:// or postgresql:// URL, not ${protocol}// (${masked}).`,
      'DATABASE_URL',
    );
  }
}

/** Known causes by PostgreSQL SQLSTATE or Node error code. */
const hints: Record<string, string> = {
  '28P01': 'Check the user name and password in DATABASE_URL.',
  '28000': 'The server has no pg_hba.conf entry letting this user connect from here, or requires SSL (add ?sslmode=require).',
  '3D000': 'Create the database first (createdb); the store creates its own tables in it.',
  '42501': 'The user may not connect to or create tables in this database.',
  ECONNREFUSED: 'Nothing listens at that host and port: is the server running, and is the port right?',
  ENOTFOUND: 'The host name does not resolve: check the host in DATABASE_URL.',
  ETIMEDOUT: 'The server did not answer in time: check the host, the port and any firewall.',
};

function connectError(error: unknown, databaseUrl: string, masked: string): ConfigError {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const raw = error instanceof Error ? error.message : String(error);
  const message = scrubPassword(raw || code || 'unknown error', databaseUrl);
  const hint = hints[code] ?? (/timeout/i.test(raw) ? hints.ETIMEDOUT : 'Check DATABASE_URL and that the server is reachable.');
  return new ConfigError(`Could not connect to the store at ${masked}: ${message}. ${hint}`, 'DATABASE_URL');
}
