/**
 * The one implementation of SnapshotStore, over kysely. Both backends
 * (PostgreSQL through pg, PGlite) hand it a Kysely instance; everything
 * here is plain PostgreSQL.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { SafetyStopError } from '../errors.js';
import { Secret } from '../secret.js';
import type { Clock } from '../context/run-context.js';
import { safeAnswer, safeRequest } from './journal-values.js';
import { StoreConflictError } from './store-errors.js';
import { mergeCounts } from './change-counts.js';
import { countJournal, readLastAppliedMap, readLastAppliedOf, readLastAppliedWith, readLinkMap } from './store-reads.js';
import { applyBatchEffects, insertJournalRows } from './journal-batch.js';
import { applyLastApplied, applyLink } from './store-effects.js';
import { subjectColumns } from './journal-subject.js';
import { countJournalEntries, lastRunWithJournal, readJournal } from './journal-query.js';
import type { StoreDatabase } from './database-schema.js';
import { appliedMigrations } from './migrate.js';
import { toJournalEntry, toLastApplied, toLink } from './row-mapping.js';
import { abandonedRuns, closeAbandoned, finishRunRow, insertRun, notRunning, readRecentRuns, readRun } from './store-runs.js';
import type { SnapshotStore } from './snapshot-store.js';
import type {
  ChangeCounts,
  JsonObject,
  ChangeOutcome,
  ConfirmedChange,
  EntityKind,
  JournalEntry,
  JournalFilter,
  JournalOutcome,
  JournalWrite,
  LastAppliedRecord,
  Link,
  RunId,
  RunInit,
  RunRecord,
  RunResult,
  StoreIdentity,
  StoreInfo,
} from './store-records.js';

/** How the store was opened, for `info()` and messages. */
export interface StoreLocation {
  backend: StoreInfo['backend'];
  /** Folder or masked URL. */
  location: string;
}


const defaultRecentRuns = 20;


/** The advisory lock key of writes through a store ('dskb'). */
const writeLockKey = 0x64736b62;

export class KyselySnapshotStore implements SnapshotStore {
  #closed = false;

  constructor(
    private readonly db: Kysely<StoreDatabase>,
    private readonly where: StoreLocation,
    private readonly clock: Clock,
    /** Runs after the database is closed: releases the PGlite folder's lock. */
    private readonly afterClose: () => Promise<void> = async () => {},
    /** Take a session advisory lock in `withWriteLock` (PostgreSQL). PGlite's folder lock does that job there. */
    private readonly sessionLocks = false,
  ) {}

  async withWriteLock<T>(work: () => Promise<T>): Promise<T> {
    if (!this.sessionLocks) {
      await this.#closeAbandonedRuns();
      return work();
    }
    // One connection holds the lock for the whole of `work`; the server frees it if this process dies.
    return this.db.connection().execute(async (session) => {
      const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_lock(${writeLockKey}) as locked`.execute(session);
      if (!rows[0]?.locked) {
        throw new SafetyStopError(
          `another deskbee-sync apply or import is writing through the store at ${this.where.location} right now; nothing was written. Run again once it has finished (\`deskbee-sync status\` shows the runs).`,
        );
      }
      try {
        await this.#closeAbandonedRuns();
        return await work();
      } finally {
        await sql`select pg_advisory_unlock(${writeLockKey})`.execute(session);
      }
    });
  }

  async writeLockHeld(): Promise<boolean> {
    if (!this.sessionLocks) return false;
    return this.db.connection().execute(async (session) => {
      const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_lock(${writeLockKey}) as locked`.execute(session);
      if (rows[0]?.locked) await sql`select pg_advisory_unlock(${writeLockKey})`.execute(session);
      return !rows[0]?.locked;
    });
  }

  async links(source: string, kind?: EntityKind): Promise<Link[]> {
    let query = this.db.selectFrom('links').selectAll().where('source', '=', source);
    if (kind) query = query.where('kind', '=', kind);
    const rows = await query.orderBy('kind').orderBy('external_id').execute();
    return rows.map(toLink);
  }

  async lastApplied(kind: EntityKind): Promise<Map<string, LastAppliedRecord>> {
    const rows = await this.db.selectFrom('last_applied').selectAll().where('kind', '=', kind).orderBy('uuid').execute();
    return new Map(rows.map((row) => [row.uuid, toLastApplied(row)]));
  }

  linkMap(source: string, kind: EntityKind): Promise<Map<string, string>> {
    return readLinkMap(this.db, source, kind);
  }

  lastAppliedMap(kind: EntityKind): Promise<Map<string, JsonObject>> {
    return readLastAppliedMap(this.db, kind);
  }

  lastAppliedOf(kind: EntityKind, uuids: readonly string[]): Promise<Map<string, JsonObject>> {
    return readLastAppliedOf(this.db, kind, uuids);
  }

  lastAppliedWith(kind: EntityKind, key: string): Promise<Map<string, JsonObject>> {
    return readLastAppliedWith(this.db, kind, key);
  }

  journalCounts(runId: RunId): Promise<ChangeCounts> {
    return countJournal(this.db, runId);
  }

  startRun(init: RunInit): Promise<RunId> {
    return insertRun(this.db, init, this.#now());
  }

  async recordConfirmed(change: ConfirmedChange): Promise<JournalEntry> {
    return this.db.transaction().execute(async (trx) => {
      const entry = await this.#appendJournal(trx, change, change.outcome ?? 'applied', {
        request: safeRequest(change.request),
        response: safeAnswer(change.response),
        reason: change.reason ?? null,
      });
      for (const effect of change.links ?? []) await applyLink(trx, effect, entry, this.#now());
      for (const effect of change.lastApplied ?? []) await applyLastApplied(trx, effect, change.runId, this.#now());
      return entry;
    });
  }

  async recordMany(writes: readonly JournalWrite[]): Promise<(Error | undefined)[]> {
    const first = writes[0];
    if (!first) return [];
    if (writes.some((write) => write.runId !== first.runId)) throw new Error('recordMany: every change of a batch belongs to one run');
    try {
      await this.db.transaction().execute(async (trx) => {
        const run = await trx
          .updateTable('runs')
          .set((eb) => ({ journal_seq: eb('journal_seq', '+', writes.length) }))
          .where('id', '=', first.runId)
          .where('outcome', '=', 'running')
          .returning('journal_seq')
          .executeTakeFirst();
        if (!run) throw await notRunning(trx, first.runId, `record ${writes.length} changes`);
        const now = this.#now();
        await insertJournalRows(trx, first.runId, run.journal_seq - writes.length + 1, writes, now);
        await applyBatchEffects(trx, first.runId, writes, now);
      });
      return writes.map(() => undefined);
    } catch (error) {
      if (error instanceof StoreConflictError) throw error;
      // One change of the batch cannot be recorded as it is: record them one by one, so that only that one fails.
      const results: (Error | undefined)[] = [];
      for (const write of writes) {
        try {
          await (isConfirmed(write) ? this.recordConfirmed(write) : this.recordOutcome(write));
          results.push(undefined);
        } catch (one) {
          results.push(one instanceof Error ? one : new Error(String(one)));
        }
      }
      return results;
    }
  }

  async recordOutcome(outcome: ChangeOutcome): Promise<JournalEntry> {
    return this.db.transaction().execute((trx) =>
      this.#appendJournal(trx, outcome, outcome.outcome, {
        request: safeRequest(outcome.request),
        response: safeAnswer(outcome.response),
        reason: outcome.reason ?? null,
      }),
    );
  }

  async finishRun(id: RunId, result: RunResult): Promise<RunRecord> {
    return finishRunRow(this.db, id, result, this.#now());
  }

  /** With the write lock held, an apply or import still `running` belongs to a process that died. */
  async #closeAbandonedRuns(): Promise<void> {
    for (const run of await abandonedRuns(this.db)) {
      await closeAbandoned(this.db, run.id, mergeCounts(run.counts, await this.journalCounts(run.id)), this.#now());
    }
  }

  async identity(): Promise<StoreIdentity> {
    const row = await this.db.selectFrom('store_identity').select(['id', 'seal_key']).executeTakeFirstOrThrow();
    return { id: row.id, sealKey: new Secret(row.seal_key) };
  }

  run(id: RunId): Promise<RunRecord | undefined> {
    return readRun(this.db, id);
  }

  recentRuns(limit = defaultRecentRuns): Promise<RunRecord[]> {
    return readRecentRuns(this.db, limit);
  }

  async journalOf(runId: RunId): Promise<JournalEntry[]> {
    const rows = await this.db.selectFrom('journal').selectAll().where('run_id', '=', runId).orderBy('seq').execute();
    return rows.map(toJournalEntry);
  }

  journal(filter?: JournalFilter): Promise<JournalEntry[]> {
    return readJournal(this.db, filter);
  }

  journalTotal(filter?: JournalFilter): Promise<number> {
    return countJournalEntries(this.db, filter);
  }

  lastJournalRun(): Promise<RunId | undefined> {
    return lastRunWithJournal(this.db);
  }

  async info(): Promise<StoreInfo> {
    return { ...this.where, migrations: await appliedMigrations(this.db) };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      await this.db.destroy();
    } finally {
      await this.afterClose();
    }
  }

  #now(): Date {
    return new Date(this.clock.now());
  }

  /**
   * Takes the run's next sequence number (the row lock on the run orders
   * concurrent writers) and inserts the entry.
   */
  async #appendJournal(
    trx: Transaction<StoreDatabase>,
    init: ConfirmedChange | ChangeOutcome,
    outcome: JournalOutcome,
    body: Pick<JournalEntry, 'request' | 'response' | 'reason'>,
  ): Promise<JournalEntry> {
    const run = await trx
      .updateTable('runs')
      .set((eb) => ({ journal_seq: eb('journal_seq', '+', 1) }))
      .where('id', '=', init.runId)
      .where('outcome', '=', 'running')
      .returning('journal_seq')
      .executeTakeFirst();
    if (!run) throw await notRunning(trx, init.runId, `record change ${init.changeId}`);
    const row = await trx
      .insertInto('journal')
      .values({
        run_id: init.runId,
        seq: run.journal_seq,
        change_id: init.changeId,
        change_kind: init.changeKind,
        entity_key: init.entityKey,
        outcome,
        request: body.request === null ? null : JSON.stringify(body.request),
        response: body.response === null ? null : JSON.stringify(body.response),
        reason: body.reason,
        recorded_at: this.#now(),
        ...subjectColumns(init),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toJournalEntry(row);
  }

}

/** A confirmed change: one Deskbee answered (its outcome is not `skipped`, and failed ones carry no effects only when refused). */
function isConfirmed(write: JournalWrite): write is ConfirmedChange {
  return write.outcome === undefined || write.outcome === 'applied' || write.outcome === 'unconfirmed' || 'links' in write || 'lastApplied' in write;
}
