import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SafetyStopError } from '../../src/errors.js';
import { openStore } from '../../src/store/open-store.js';
import type { SnapshotStore } from '../../src/store/snapshot-store.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';

describe('the write lock on a PostgreSQL store', () => {
  let database: TestDatabase;
  let first: SnapshotStore;
  let second: SnapshotStore;

  beforeAll(async () => {
    database = await createTestDatabase('write_lock');
    [first, second] = await Promise.all([openStore({ databaseUrl: database.url }), openStore({ databaseUrl: database.url })]);
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
    await database?.drop();
  });

  it('lets one writer in at a time, and the other is refused without waiting', async () => {
    let release!: () => void;
    const holding = new Promise<void>((resolve) => (release = resolve));
    const inside = first.withWriteLock(async () => {
      // Other store calls keep working while the lock is held.
      const runId = await first.startRun({ mode: 'apply' });
      await holding;
      return runId;
    });
    await new Promise((r) => setTimeout(r, 100));
    const refused = await second.withWriteLock(async () => 'ran').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(SafetyStopError);
    expect((refused as Error).message).toMatch(/another deskbee-sync apply or import/);
    release();
    expect(await inside).toBeGreaterThan(0);
    expect(await second.withWriteLock(async () => 'ran')).toBe('ran');
  });

  it('is released when the holder fails', async () => {
    await expect(first.withWriteLock(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await second.withWriteLock(async () => 'ran')).toBe('ran');
  });
});
