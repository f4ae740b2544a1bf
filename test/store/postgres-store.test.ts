/**
 * The store on a real PostgreSQL server (DATABASE_URL, a container, or the
 * private cluster of the global set-up): the contract, concurrent opens,
 * migrations on reopen, and connection errors that never show the password.
 */
import { Kysely, Migrator, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationProvider, migrations } from '../../migrations/index.js';
import { ConfigError } from '../../src/errors.js';
import { openStore } from '../../src/store/open-store.js';
import type { SnapshotStore } from '../../src/store/snapshot-store.js';
import { createTestDatabase, postgresService, withAdmin, type TestDatabase } from '../support/postgres.js';
import { storeContract } from './store-contract.js';
import { collectingLogger, manualClock, type CollectingLogger } from './store-harness.js';

const clock = manualClock();
const databases: TestDatabase[] = [];
let database: TestDatabase;
let store: SnapshotStore | undefined;
let firstOpenLog: CollectingLogger;

const freshDatabase = async (label: string) => {
  const created = await createTestDatabase(label);
  databases.push(created);
  return created;
};

beforeAll(async () => {
  database = await freshDatabase('store');
  firstOpenLog = collectingLogger();
  store = await openStore({ databaseUrl: database.url, logger: firstOpenLog, clock });
});

afterAll(async () => {
  await store?.close();
  for (const db of databases) await db.drop();
});

const current = (): SnapshotStore => {
  if (!store) throw new Error('the store did not open');
  return store;
};

const migrationNames = Object.keys(migrations).sort();
const appliedLines = (log: CollectingLogger) =>
  log.lines.filter((l) => l.message === 'store migration applied').map((l) => l.fields.migration);

describe('PostgreSQL store: contract', () => {
  storeContract({ store: current, clock, backend: 'postgres' });
});

describe('PostgreSQL store: schema and connections', () => {
  it('migrated the empty database, and names it with the password masked', async () => {
    expect(appliedLines(firstOpenLog)).toEqual(migrationNames);
    const info = await current().info();
    const url = new URL(database.url);
    expect(info.migrations).toEqual(migrationNames);
    expect(info.location).toBe(`postgres://${url.username}:***@${url.host}/${database.name}`);
    if (url.password) expect(info.location).not.toContain(url.password);
  });

  it('created every table with jsonb JSON columns', async () => {
    const columns = await withAdmin(database.url, async (client) => {
      const result = await client.query<{ table_name: string; column_name: string }>(
        `select table_name, column_name from information_schema.columns
          where table_schema = 'public' and data_type = 'jsonb' order by table_name, column_name`,
      );
      return result.rows.map((r) => `${r.table_name}.${r.column_name}`);
    });
    expect(columns).toEqual(['journal.request', 'journal.response', 'last_applied.state', 'runs.counts', 'runs.lifted_limits', 'runs.sources']);
  });

  it('lets several processes open an empty database at once: all succeed, each migration runs once', async () => {
    const fresh = await freshDatabase('concurrent');
    const logs = [collectingLogger(), collectingLogger(), collectingLogger()];
    const stores = await Promise.all(logs.map((logger) => openStore({ databaseUrl: fresh.url, logger, clock })));
    try {
      for (const s of stores) expect((await s.info()).migrations).toEqual(migrationNames);
      expect(logs.flatMap(appliedLines).sort()).toEqual(migrationNames);
      const recorded = await withAdmin(fresh.url, (client) => client.query<{ name: string }>('select name from kysely_migration'));
      expect(recorded.rows.map((r) => r.name).sort()).toEqual(migrationNames);
      // Each opener works on the one schema.
      const id = await stores[0]!.startRun({ mode: 'plan' });
      expect((await stores[2]!.run(id))?.mode).toBe('plan');
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });

  it('migrates nothing on reopen and keeps the data', async () => {
    const run = await current().startRun({ mode: 'import', actor: 'before-reopen' });
    await current().close();
    await current().close(); // a second close is harmless
    const log = collectingLogger();
    store = await openStore({ databaseUrl: database.url, logger: log, clock });
    expect(appliedLines(log)).toEqual([]);
    expect((await current().run(run))?.actor).toBe('before-reopen');
  });

  it('upgrades a store whose journal predates subjects: old entries keep none and are found by their email', async () => {
    const old = await freshDatabase('upgrade');
    const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: old.url, max: 1 }) }) });
    try {
      const { error } = await new Migrator({ db, provider: migrationProvider }).migrateTo('0002-identity-and-outcomes');
      expect(error).toBeUndefined();
    } finally {
      await db.destroy();
    }
    await withAdmin(old.url, async (client) => {
      await client.query(`insert into runs (actor, mode, sources, started_at, counts, outcome, journal_seq) values ('ops', 'apply', '[]', now(), '{}', 'partial', 1)`);
      await client.query(
        `insert into journal (run_id, seq, change_id, change_kind, entity_key, outcome, reason, recorded_at)
         select id, 1, 'c1', 'createUser', 'user:Ana@Corp.example', 'failed', 'taken', now() from runs`,
      );
    });
    const upgraded = await openStore({ databaseUrl: old.url, clock });
    try {
      expect((await upgraded.info()).migrations).toEqual(migrationNames);
      const found = await upgraded.journal({ user: 'ana@corp.example' });
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({ changeId: 'c1', entityKey: 'user:Ana@Corp.example', outcome: 'failed' });
      expect(found[0]).not.toHaveProperty('subject');
      expect(await upgraded.lastJournalRun()).toBe(found[0]?.runId);
    } finally {
      await upgraded.close();
    }
  });

  it('never shows the password when the server refuses the login', async () => {
    const secret = 'Wr0ng-S3cret-pw';
    const url = new URL(database.url);
    url.username = 'deskbee_no_such_role';
    url.password = secret;
    const attempts = [url.toString()];
    // The test server's own user with a wrong password, where the server is known to check passwords.
    if (postgresService().origin !== 'DATABASE_URL') {
      const wrong = new URL(database.url);
      wrong.password = secret;
      attempts.push(wrong.toString());
    }
    for (const databaseUrl of attempts) {
      const error = await openStore({ databaseUrl }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ConfigError);
      const text = `${String(error)} ${JSON.stringify(error)} ${(error as Error).stack}`;
      expect(text).not.toContain(secret);
      expect((error as Error).message).toMatch(/^DATABASE_URL: Could not connect to the store at postgres:\/\/[^:]+:\*\*\*@/);
    }
    if (attempts.length > 1) {
      await expect(openStore({ databaseUrl: attempts[1]! })).rejects.toThrow(/password authentication failed.*Check the user name and password/);
    }
  });

  it('never shows the password when nothing listens, or the URL is malformed', async () => {
    const secret = 'An0ther-S3cret';
    const refused = openStore({ databaseUrl: `postgres://someone:${secret}@127.0.0.1:1/db` });
    await expect(refused).rejects.toThrow(/postgres:\/\/someone:\*\*\*@127\.0\.0\.1:1\/db: .*Nothing listens at that host and port/);
    await expect(refused).rejects.not.toThrow(secret);

    const malformed = openStore({ databaseUrl: `postgres://someone:${secret}@host:notaport/db` });
    await expect(malformed).rejects.toThrow(/^DATABASE_URL: is not a valid URL \(postgres:\/\/someone:\*\*\*@host:notaport\/db\)/);
    await expect(malformed).rejects.not.toThrow(secret);

    await expect(openStore({ databaseUrl: `mysql://someone:${secret}@host/db` })).rejects.toThrow(
      'DATABASE_URL: must be a postgres:// or postgresql:// URL, not mysql:// (mysql://someone:***@host/db).',
    );
  });
});
