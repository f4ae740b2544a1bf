/**
 * The runs table: a run started, finished with its outcome, read back, and
 * the runs a dead process left `running` closed as interrupted.
 */
import { userInfo } from 'node:os';
import type { Kysely, Transaction } from 'kysely';
import type { StoreDatabase } from './database-schema.js';
import { toRunRecord } from './row-mapping.js';
import { StoreConflictError } from './store-errors.js';
import type { ChangeCounts, RunId, RunInit, RunRecord, RunResult } from './store-records.js';

type Db = Kysely<StoreDatabase> | Transaction<StoreDatabase>;

/** Records a new run in state `running` and returns its id. */
export async function insertRun(db: Db, init: RunInit, now: Date): Promise<RunId> {
  const row = await db
    .insertInto('runs')
    .values({
      actor: init.actor ?? userInfo().username,
      mode: init.mode,
      sources: JSON.stringify(init.sources ?? []),
      started_at: now,
      plan_fingerprint: init.planFingerprint ?? null,
      counts: JSON.stringify({}),
      outcome: 'running',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Ends a running run with its outcome; throws StoreConflictError when it is not running. */
export async function finishRunRow(db: Db, id: RunId, result: RunResult, now: Date): Promise<RunRecord> {
  const row = await db
    .updateTable('runs')
    .set({
      finished_at: now,
      outcome: result.outcome,
      error: result.error ?? null,
      ...(result.counts ? { counts: JSON.stringify(result.counts) } : {}),
      ...(result.planFingerprint ? { plan_fingerprint: result.planFingerprint } : {}),
      ...(result.liftedLimits && result.liftedLimits.length > 0 ? { lifted_limits: JSON.stringify(result.liftedLimits) } : {}),
    })
    .where('id', '=', id)
    .where('outcome', '=', 'running')
    .returningAll()
    .executeTakeFirst();
  if (!row) throw await notRunning(db, id, `finish run ${id}`);
  return toRunRecord(row);
}

/** Applies and imports still `running`, with the counts recorded so far. */
export function abandonedRuns(db: Db): Promise<{ id: RunId; counts: ChangeCounts }[]> {
  return db.selectFrom('runs').select(['id', 'counts']).where('outcome', '=', 'running').where('mode', 'in', ['apply', 'import']).execute();
}

/** Closes a run a dead process left running as interrupted, with `counts`. */
export async function closeAbandoned(db: Db, id: RunId, counts: ChangeCounts, now: Date): Promise<void> {
  await db
    .updateTable('runs')
    .set({ finished_at: now, outcome: 'interrupted', error: 'the process ended before the run finished', counts: JSON.stringify(counts) })
    .where('id', '=', id)
    .where('outcome', '=', 'running')
    .execute();
}

export async function readRun(db: Db, id: RunId): Promise<RunRecord | undefined> {
  const row = await db.selectFrom('runs').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toRunRecord(row) : undefined;
}

/** The most recent runs, newest first (by start time, then id). */
export async function readRecentRuns(db: Db, limit: number): Promise<RunRecord[]> {
  const rows = await db
    .selectFrom('runs')
    .selectAll()
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .limit(Math.max(0, Math.floor(limit)))
    .execute();
  return rows.map(toRunRecord);
}

/** Why a change or result cannot be recorded for run `id`: it has finished, or does not exist. */
export async function notRunning(db: Db, id: RunId, what: string): Promise<StoreConflictError> {
  const run = await db.selectFrom('runs').select('outcome').where('id', '=', id).executeTakeFirst();
  return new StoreConflictError(
    run
      ? `Cannot ${what}: run ${id} has already finished (${run.outcome}). Journal entries and results belong to a running run; start a new run instead.`
      : `Cannot ${what}: the store has no run ${id}. Start a run with startRun first.`,
  );
}
