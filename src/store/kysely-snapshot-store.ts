/**
 * The one implementation of SnapshotStore, over kysely. Both backends
 * (PostgreSQL through pg, PGlite) hand it a Kysely instance; everything
 * here is plain PostgreSQL.
 */
import { userInfo } from 'node:os';
import { sql, type Kysely, type Transaction } from 'kysely';
import { SafetyStopError } from '../errors.js';
import type { Clock } from '../context/run-context.js';
import { safeAnswer, safeRequest } from './journal-values.js';
import type { StoreDatabase } from './database-schema.js';
import { appliedMigrations } from './migrate.js';
import { toJournalEntry, toLastApplied, toLink, toRunRecord } from './row-mapping.js';
import type { SnapshotStore } from './snapshot-store.js';
import { StoreConflictError } from './store-errors.js';
import type {
  ChangeOutcome,
  ConfirmedChange,
  EntityKind,
  JournalEntry,
  JournalOutcome,
  LastAppliedEffect,
  LastAppliedRecord,
  Link,
  LinkEffect,
  RunId,
  RunInit,
  RunRecord,
  RunResult,
  StoreInfo,
} from './store-records.js';

/** How the store was opened, for `info()` and messages. */
export interface StoreLocation {
  backend: StoreInfo['backend'];
  /** Folder or masked URL. */
  location: string;
}

type Db = Kysely<StoreDatabase> | Transaction<StoreDatabase>;

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

  async startRun(init: RunInit): Promise<RunId> {
    const row = await this.db
      .insertInto('runs')
      .values({
        actor: init.actor ?? userInfo().username,
        mode: init.mode,
        sources: JSON.stringify(init.sources ?? []),
        started_at: this.#now(),
        plan_fingerprint: init.planFingerprint ?? null,
        counts: JSON.stringify({}),
        outcome: 'running',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async recordConfirmed(change: ConfirmedChange): Promise<JournalEntry> {
    return this.db.transaction().execute(async (trx) => {
      const entry = await this.#appendJournal(trx, change, 'applied', {
        request: safeRequest(change.request),
        response: safeAnswer(change.response),
        reason: null,
      });
      for (const effect of change.links ?? []) await this.#applyLink(trx, effect, entry);
      for (const effect of change.lastApplied ?? []) await this.#applyLastApplied(trx, effect, change.runId);
      return entry;
    });
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
    const row = await this.db
      .updateTable('runs')
      .set({
        finished_at: this.#now(),
        outcome: result.outcome,
        error: result.error ?? null,
        ...(result.counts ? { counts: JSON.stringify(result.counts) } : {}),
        ...(result.planFingerprint ? { plan_fingerprint: result.planFingerprint } : {}),
      })
      .where('id', '=', id)
      .where('outcome', '=', 'running')
      .returningAll()
      .executeTakeFirst();
    if (!row) throw await this.#notRunning(this.db, id, `finish run ${id}`);
    return toRunRecord(row);
  }

  /** With the write lock held, an apply or import still `running` belongs to a process that died. */
  async #closeAbandonedRuns(): Promise<void> {
    await this.db
      .updateTable('runs')
      .set({ finished_at: this.#now(), outcome: 'failed', error: 'interrupted: the process ended before the run finished' })
      .where('outcome', '=', 'running')
      .where('mode', 'in', ['apply', 'import'])
      .execute();
  }

  async run(id: RunId): Promise<RunRecord | undefined> {
    const row = await this.db.selectFrom('runs').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toRunRecord(row) : undefined;
  }

  async recentRuns(limit = defaultRecentRuns): Promise<RunRecord[]> {
    const rows = await this.db
      .selectFrom('runs')
      .selectAll()
      .orderBy('started_at', 'desc')
      .orderBy('id', 'desc')
      .limit(Math.max(0, Math.floor(limit)))
      .execute();
    return rows.map(toRunRecord);
  }

  async journalOf(runId: RunId): Promise<JournalEntry[]> {
    const rows = await this.db.selectFrom('journal').selectAll().where('run_id', '=', runId).orderBy('seq').execute();
    return rows.map(toJournalEntry);
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
    if (!run) throw await this.#notRunning(trx, init.runId, `record change ${init.changeId}`);
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
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toJournalEntry(row);
  }

  async #applyLink(trx: Transaction<StoreDatabase>, effect: LinkEffect, entry: JournalEntry): Promise<void> {
    const key = { source: effect.source, kind: effect.kind, externalId: effect.externalId };
    if (effect.op === 'remove') {
      await trx
        .deleteFrom('links')
        .where('source', '=', key.source)
        .where('kind', '=', key.kind)
        .where('external_id', '=', key.externalId)
        .execute();
      return;
    }
    const holder = await trx
      .selectFrom('links')
      .select('external_id')
      .where('source', '=', key.source)
      .where('kind', '=', key.kind)
      .where('uuid', '=', effect.uuid)
      .where('external_id', '<>', key.externalId)
      .executeTakeFirst();
    if (holder) {
      throw new StoreConflictError(
        `Cannot link ${key.kind} "${key.externalId}" of source "${key.source}" to Deskbee uuid ${effect.uuid} ` +
          `(change ${entry.changeId}, ${entry.entityKey}): that uuid is already linked to "${holder.external_id}" ` +
          'of the same source. One Deskbee entity can stand for only one source entry; this usually means the ' +
          'mapping matched two entries to the same Deskbee user. Nothing of this change was recorded.',
      );
    }
    const now = this.#now();
    try {
      await trx
        .insertInto('links')
        .values({ source: key.source, kind: key.kind, external_id: key.externalId, uuid: effect.uuid, created_at: now, updated_at: now })
        .onConflict((oc) =>
          oc
            .columns(['source', 'kind', 'external_id'])
            .doUpdateSet({ uuid: effect.uuid, updated_at: now })
            // Keep updated_at when the link already says the same.
            .where('links.uuid', '<>', effect.uuid),
        )
        .execute();
    } catch (error) {
      // Another writer linked the uuid between the check above and this insert.
      if (isUniqueViolation(error)) {
        throw new StoreConflictError(
          `Cannot link ${key.kind} "${key.externalId}" of source "${key.source}" to Deskbee uuid ${effect.uuid} ` +
            `(change ${entry.changeId}, ${entry.entityKey}): another run linked that uuid at the same time. ` +
            'Nothing of this change was recorded.',
        );
      }
      throw error;
    }
  }

  async #applyLastApplied(trx: Transaction<StoreDatabase>, effect: LastAppliedEffect, runId: RunId): Promise<void> {
    if (effect.op === 'remove') {
      await trx.deleteFrom('last_applied').where('kind', '=', effect.kind).where('uuid', '=', effect.uuid).execute();
      return;
    }
    const state = JSON.stringify(effect.state);
    const now = this.#now();
    await trx
      .insertInto('last_applied')
      .values({ kind: effect.kind, uuid: effect.uuid, state, run_id: runId, updated_at: now })
      .onConflict((oc) => oc.columns(['kind', 'uuid']).doUpdateSet({ state, run_id: runId, updated_at: now }))
      .execute();
  }

  async #notRunning(db: Db, id: RunId, what: string): Promise<StoreConflictError> {
    const run = await db.selectFrom('runs').select('outcome').where('id', '=', id).executeTakeFirst();
    return new StoreConflictError(
      run
        ? `Cannot ${what}: run ${id} has already finished (${run.outcome}). Journal entries and results belong to a running run; start a new run instead.`
        : `Cannot ${what}: the store has no run ${id}. Start a run with startRun first.`,
    );
  }
}

/** PostgreSQL's unique_violation, as both pg and PGlite report it. */
function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === '23505';
}
