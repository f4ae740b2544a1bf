/**
 * What test files use to reach PostgreSQL: the server the global set-up
 * (global-postgres.ts) chose, and a fresh database per test file so that
 * files running in parallel never see each other's tables.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

/** The server the global set-up provides to every test file. */
export type PostgresService =
  | { origin: 'DATABASE_URL' | 'testcontainers' | 'local-cluster'; url: string }
  | { origin: 'none'; url: null; reason: string };

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: PostgresService;
  }
}

/** A database of its own for one test file. */
export interface TestDatabase {
  name: string;
  /** Connection URL of this database, with the password. */
  url: string;
  /** Drops the database, closing any connection still open to it. */
  drop(): Promise<void>;
}

/** The provided server; throws with the set-up's reason when there is none. */
export function postgresService(): Extract<PostgresService, { url: string }> {
  const service = inject('postgres');
  if (service.url === null) throw new Error(`No PostgreSQL server for the tests: ${service.reason}`);
  return service;
}

/** Creates an empty database `deskbee_test_<label>_<random>` on the provided server. */
export async function createTestDatabase(label: string): Promise<TestDatabase> {
  const service = postgresService();
  const name = `deskbee_test_${label.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  await withAdmin(service.url, (client) => client.query(`create database "${name}"`));
  const url = new URL(service.url);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => withAdmin(service.url, (client) => client.query(`drop database if exists "${name}" with (force)`)).then(() => {}),
  };
}

/** Runs `work` with a short-lived client connected to `url`. */
export async function withAdmin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
