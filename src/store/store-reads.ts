/**
 * The store's reads that planning and status make in bulk: links and
 * last-applied states in pages by key (a million rows never twice in
 * memory), and a run's journal counted by kind and outcome.
 */
import type { Kysely } from 'kysely';
import type { StoreDatabase } from './database-schema.js';
import type { ChangeCounts, EntityKind, JsonObject, JournalOutcome, RunId } from './store-records.js';

/** Rows per page of the bulk reads. */
const bulkPage = 20_000;

/** One source's links of one kind: external id → uuid. */
export async function readLinkMap(db: Kysely<StoreDatabase>, source: string, kind: EntityKind): Promise<Map<string, string>> {
  const map = new Map<string, string>();
  let after: string | undefined;
  for (;;) {
    let query = db.selectFrom('links').select(['external_id', 'uuid']).where('source', '=', source).where('kind', '=', kind);
    if (after !== undefined) query = query.where('external_id', '>', after);
    const rows = await query.orderBy('external_id').limit(bulkPage).execute();
    for (const row of rows) map.set(row.external_id, row.uuid);
    if (rows.length < bulkPage) return map;
    after = rows[rows.length - 1]?.external_id;
  }
}

/** Last-applied states of one kind: uuid → state. */
export async function readLastAppliedMap(db: Kysely<StoreDatabase>, kind: EntityKind): Promise<Map<string, JsonObject>> {
  const map = new Map<string, JsonObject>();
  let after: string | undefined;
  for (;;) {
    let query = db.selectFrom('last_applied').select(['uuid', 'state']).where('kind', '=', kind);
    if (after !== undefined) query = query.where('uuid', '>', after);
    const rows = await query.orderBy('uuid').limit(bulkPage).execute();
    for (const row of rows) map.set(row.uuid, row.state);
    if (rows.length < bulkPage) return map;
    after = rows[rows.length - 1]?.uuid;
  }
}

/** A run's journal counted by change kind and outcome. */
export async function countJournal(db: Kysely<StoreDatabase>, runId: RunId): Promise<ChangeCounts> {
  const rows = await db
    .selectFrom('journal')
    .select(['change_kind', 'outcome', (eb) => eb.fn.countAll<string>().as('n')])
    .where('run_id', '=', runId)
    .groupBy(['change_kind', 'outcome'])
    .execute();
  const counts: ChangeCounts = {};
  for (const row of rows) (counts[row.change_kind] ??= {})[row.outcome as JournalOutcome] = Number(row.n);
  return counts;
}
