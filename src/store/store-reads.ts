/**
 * The store's reads that planning and status make in bulk: links and
 * last-applied states in pages by key (a million rows never twice in
 * memory), and a run's journal counted by kind and outcome.
 */
import { sql, type Kysely } from 'kysely';
import type { StoreDatabase } from './database-schema.js';
import type { ChangeCounts, EntityKind, JsonObject, JournalOutcome, RunId } from './store-records.js';

/** Rows per page of the bulk reads. */
const bulkPage = 20_000;

/** Keys per query when states are read by uuid (well under PostgreSQL's 65,535 parameters). */
const keysPerQuery = 5_000;

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

/** The last-applied states of these uuids (those with none are absent), read a few thousand keys per query. */
export async function readLastAppliedOf(db: Kysely<StoreDatabase>, kind: EntityKind, uuids: readonly string[]): Promise<Map<string, JsonObject>> {
  const map = new Map<string, JsonObject>();
  for (let start = 0; start < uuids.length; start += keysPerQuery) {
    const keys = uuids.slice(start, start + keysPerQuery);
    const rows = await db.selectFrom('last_applied').select(['uuid', 'state']).where('kind', '=', kind).where('uuid', 'in', keys).execute();
    for (const row of rows) map.set(row.uuid, row.state);
  }
  return map;
}

/** The last-applied states of one kind that hold a top-level `key` (`deleted`: the users this tool deleted). */
export async function readLastAppliedWith(db: Kysely<StoreDatabase>, kind: EntityKind, key: string): Promise<Map<string, JsonObject>> {
  const rows = await db
    .selectFrom('last_applied')
    .select(['uuid', 'state'])
    .where('kind', '=', kind)
    .where(sql<boolean>`jsonb_exists(state, ${key})`)
    .orderBy('uuid')
    .execute();
  return new Map(rows.map((row) => [row.uuid, row.state]));
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
