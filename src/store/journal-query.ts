/**
 * Reading the journal by filter, for the audit: by run, person, change
 * kind, outcome and time, a page at a time in (run, seq) order. The
 * primary key (run, seq) serves a run and the paging. A person's entries
 * are found first by the subject and entity-key indexes of migration 0003,
 * as keys without an order, then read by key: asked for in (run, seq)
 * order at once, a planner without statistics (PGlite never gathers them)
 * walks the whole journal in key order instead.
 */
import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { StoreDatabase } from './database-schema.js';
import { resolvePerson } from './journal-person.js';
import { toJournalEntry } from './row-mapping.js';
import type { JournalEntry, JournalFilter, RunId } from './store-records.js';

/** Entries per read when the filter names no limit. */
export const defaultJournalLimit = 200;
/** The most entries one read returns; read on with `after`. */
export const maxJournalLimit = 10_000;
/** Entries read by key in one statement: two parameters each. */
const keysPerRead = 1_000;

type JournalQuery<O> = SelectQueryBuilder<StoreDatabase, 'journal', O>;
type EntryKey = { run_id: number; seq: number };

/** The entries `filter` selects, in (run, seq) order, up to its limit. */
export async function readJournal(db: Kysely<StoreDatabase>, filter: JournalFilter = {}): Promise<JournalEntry[]> {
  const limit = Math.min(maxJournalLimit, Math.max(0, Math.floor(filter.limit ?? defaultJournalLimit)));
  if (limit === 0) return [];
  if (filter.user?.trim()) {
    const keys = (await personKeys(db, filter)).filter((key) => !filter.after || compare(key, { run_id: filter.after.runId, seq: filter.after.seq }) > 0);
    return readByKeys(db, keys.slice(0, limit));
  }
  let query = narrow(db.selectFrom('journal').selectAll(), filter);
  if (filter.after) {
    const { runId, seq } = filter.after;
    query = query.where(({ eb, refTuple, tuple }) => eb(refTuple('run_id', 'seq'), '>', tuple(runId, seq)));
  }
  const rows = await query.orderBy('run_id').orderBy('seq').limit(limit).execute();
  return rows.map(toJournalEntry);
}

/** How many entries `filter` selects, its `after` and `limit` aside. */
export async function countJournalEntries(db: Kysely<StoreDatabase>, filter: JournalFilter = {}): Promise<number> {
  if (filter.user?.trim()) return (await personKeys(db, filter)).length;
  const row = await narrow(db.selectFrom('journal').select((eb) => eb.fn.countAll<string>().as('n')), filter).executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The newest run that has a journal entry (highest id), if any. */
export async function lastRunWithJournal(db: Kysely<StoreDatabase>): Promise<RunId | undefined> {
  const row = await db.selectFrom('journal').select((eb) => eb.fn.max('run_id').as('run')).executeTakeFirst();
  return row?.run ?? undefined;
}

/** The filter's conditions other than the person and the paging. */
function narrow<O>(query: JournalQuery<O>, filter: JournalFilter): JournalQuery<O> {
  let narrowed = query;
  if (filter.runs?.length) narrowed = narrowed.where('run_id', 'in', filter.runs);
  if (filter.kinds?.length) narrowed = narrowed.where('change_kind', 'in', filter.kinds);
  if (filter.outcomes?.length) narrowed = narrowed.where('outcome', 'in', filter.outcomes);
  if (filter.since !== undefined) narrowed = narrowed.where('recorded_at', '>=', instant(filter.since, 'since'));
  if (filter.until !== undefined) narrowed = narrowed.where('recorded_at', '<', instant(filter.until, 'until'));
  return narrowed;
}

/** The keys of every entry about the filter's person that its other conditions select, in (run, seq) order. */
async function personKeys(db: Kysely<StoreDatabase>, filter: JournalFilter): Promise<EntryKey[]> {
  const person = await resolvePerson(db, filter.user?.trim() ?? '');
  const keys = await narrow(db.selectFrom('journal').select(['run_id', 'seq']), filter)
    .where((eb) =>
      eb.or([
        eb(sql<string>`lower(entity_key)`, 'in', person.entityKeys),
        eb('subject_user_uuid', 'in', person.uuids),
        eb('subject_external_id', 'in', person.externalIds),
      ]),
    )
    .execute();
  return keys.sort(compare);
}

async function readByKeys(db: Kysely<StoreDatabase>, keys: readonly EntryKey[]): Promise<JournalEntry[]> {
  const entries: JournalEntry[] = [];
  for (let start = 0; start < keys.length; start += keysPerRead) {
    const chunk = keys.slice(start, start + keysPerRead);
    const rows = await db
      .selectFrom('journal')
      .selectAll()
      .where(({ eb, refTuple, tuple }) => eb(refTuple('run_id', 'seq'), 'in', chunk.map((key) => tuple(key.run_id, key.seq))))
      .orderBy('run_id')
      .orderBy('seq')
      .execute();
    for (const row of rows) entries.push(toJournalEntry(row));
  }
  return entries;
}

function compare(a: EntryKey, b: EntryKey): number {
  return a.run_id - b.run_id || a.seq - b.seq;
}

function instant(text: string, name: string): Date {
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) throw new RangeError(`journal filter ${name}: "${text}" is not a date and time (ISO 8601, e.g. 2025-03-01T02:00:00Z).`);
  return date;
}
