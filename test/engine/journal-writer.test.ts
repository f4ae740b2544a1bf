import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/context/run-context.js';
import { JournalWriter } from '../../src/engine/journal-writer.js';
import { openStore } from '../../src/store/open-store.js';
import type { JournalWrite, RunId, SnapshotStore } from '../../src/store/snapshot-store.js';

/** A confirmed create, as an apply records it. */
function created(runId: RunId, n: number): JournalWrite {
  return {
    runId,
    changeId: `c${n}`,
    changeKind: 'createUser',
    entityKey: `user:u${n}@corp.example`,
    request: { method: 'POST', path: '/users', body: { name: `User ${n}`, email: `u${n}@corp.example` } },
    response: { status: 201, body: { uuid: `uuid-${n}`, name: `User ${n}` } },
    links: [{ op: 'upsert', source: 'hr', kind: 'user', externalId: `E${n}`, uuid: `uuid-${n}` }],
    lastApplied: [{ op: 'upsert', kind: 'user', uuid: `uuid-${n}`, state: { name: `User ${n}`, email: `u${n}@corp.example`, status: true } }],
  };
}

/**
 * The real embedded store, with a gate in front of its commits: a test opens
 * it to let the store take what waits, as a busy store would.
 */
class GatedStore {
  readonly batches: number[] = [];
  #open = false;
  #waiters: (() => void)[] = [];

  constructor(private readonly store: SnapshotStore) {}

  /** Resolves once `count` batches have reached the gate. */
  async reached(count: number): Promise<void> {
    while (this.batches.length < count) await new Promise((resolve) => setTimeout(resolve, 5));
  }

  open(): void {
    this.#open = true;
    for (const wake of this.#waiters.splice(0)) wake();
  }

  async recordMany(writes: readonly JournalWrite[]): Promise<(Error | undefined)[]> {
    this.batches.push(writes.length);
    if (!this.#open) await new Promise<void>((resolve) => this.#waiters.push(resolve));
    return this.store.recordMany(writes);
  }
}

describe('the journal writer', () => {
  let dir: string;
  let store: SnapshotStore;
  let runId: RunId;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'deskbee-journal-writer-'));
    store = await openStore({ directory: join(dir, 'store') });
    runId = await store.startRun({ mode: 'apply', sources: ['hr'] });
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('gathers what finishes while a commit is under way into the next batch, and records every change once, in order', async () => {
    const gated = new GatedStore(store);
    const writer = new JournalWriter(gated, systemClock, { maxBatch: 50, maxWaitMs: 5 });
    const recorded = [writer.record(created(runId, 0))];
    // The first change's batch is committing (held at the gate) while 120 more finish, 30 at a time, several batching windows apart.
    await gated.reached(1);
    for (let n = 1; n <= 120; n += 1) {
      recorded.push(writer.record(created(runId, n)));
      if (n % 30 === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    gated.open();
    await writer.flush();
    await Promise.all(recorded);
    // One change, then full batches of what waited: not a transaction per timer tick.
    expect(gated.batches).toEqual([1, 50, 50, 20]);
    const journal = await store.journalOf(runId);
    expect(journal.map((entry) => entry.changeId)).toEqual(Array.from({ length: 121 }, (_, n) => `c${n}`));
  });

  it('holds the apply back at room() while too many changes wait for the store, and lets it go once they are taken', async () => {
    const gated = new GatedStore(store);
    const writer = new JournalWriter(gated, systemClock, { maxBatch: 10, maxWaitMs: 5, maxWaiting: 30 });
    const recorded = [writer.record(created(runId, 0))];
    await gated.reached(1);
    for (let n = 1; n < 30; n += 1) recorded.push(writer.record(created(runId, n)));
    await expect(writer.room()).resolves.toBeUndefined(); // 29 wait: room for one more
    recorded.push(writer.record(created(runId, 30)));
    let letThrough = false;
    const room = writer.room().then(() => (letThrough = true));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(letThrough).toBe(false);
    gated.open();
    await room;
    expect(letThrough).toBe(true);
    await writer.flush();
    await Promise.all(recorded);
    expect(await store.journalOf(runId)).toHaveLength(31);
  });
});
