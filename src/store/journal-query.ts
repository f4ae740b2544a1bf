/**
 * Reading the journal by filter, for the audit: by run, person, change
 * kind, outcome and time, a page at a time in (run, seq) order. The
 * primary key (run, seq) serves a run and the paging; the subject and
 * entity-key indexes of migration 0003 serve a person.
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

type JournalQuery<O> = SelectQueryBuilder<StoreDatabase, 'journal', O>;

/** The entries `filter` selects, in (run, seq) order, up to its limit. */
export async function readJournal(db: Kysely<StoreDatabase>, filter: JournalFilter = {}): Promise<JournalEntry[]> {
  const limit = Math.min(maxJournalLimit, Math.max(0, Math.floor(filter.limit ?? defaultJournalLimit)));
  if (limit === 0) return [];
  let query = await narrow(db, db.selectFrom('journal').selectAll(), filter);
  if (filter.after) {
    const { runId, seq } = filter.after;
    query = query.where(({ eb, refTuple, tuple }) => eb(refTuple('run_id', 'seq'), '>', tuple(runId, seq)));
  }
  const rows = await query.orderBy('run_id').orderBy('seq').limit(limit).execute();
  return rows.map(toJournalEntry);
}

/** How many entries `filter` selects, its `after` and `limit` aside. */
export async function countJournalEntries(db: Kysely<StoreDatabase>, filter: JournalFilter = {}): Promise<number> {
  const query = await narrow(db, db.selectFrom('journal').select((eb) => eb.fn.countAll<string>().as('n')), filter);
  const row = await query.executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The newest run that has a journal entry (highest id), if any. */
export async function lastRunWithJournal(db: Kysely<StoreDatabase>): Promise<RunId | undefined> {
  const row = await db.selectFrom('journal').select((eb) => eb.fn.max('run_id').as('run')).executeTakeFirst();
  return row?.run ?? undefined;
}

async function narrow<O>(db: Kysely<StoreDatabase>, query: JournalQuery<O>, filter: JournalFilter): Promise<JournalQuery<O>> {
  let narrowed = query;
  if (filter.runs?.length) narrowed = narrowed.where('run_id', 'in', filter.runs);
  if (filter.kinds?.length) narrowed = narrowed.where('change_kind', 'in', filter.kinds);
  if (filter.outcomes?.length) narrowed = narrowed.where('outcome', 'in', filter.outcomes);
  if (filter.since !== undefined) narrowed = narrowed.where('recorded_at', '>=', instant(filter.since, 'since'));
  if (filter.until !== undefined) narrowed = narrowed.where('recorded_at', '<', instant(filter.until, 'until'));
  const user = filter.user?.trim();
  if (user) {
    const person = await resolvePerson(db, user);
    narrowed = narrowed.where((eb) =>
      eb.or([
        eb(sql<string>`lower(entity_key)`, 'in', person.entityKeys),
        eb('subject_user_uuid', 'in', person.uuids),
        eb('subject_external_id', 'in', person.externalIds),
      ]),
    );
  }
  return narrowed;
}

function instant(text: string, name: string): Date {
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) throw new RangeError(`journal filter ${name}: "${text}" is not a date and time (ISO 8601, e.g. 2025-03-01T02:00:00Z).`);
  return date;
}
