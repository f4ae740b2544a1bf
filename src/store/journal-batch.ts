/**
 * Recording many changes of one run in one transaction: one journal
 * sequence range, multi-row inserts of the journal entries, and the links
 * and last-applied states that their confirmations carry, each key set to
 * the last value the batch gives it (in journal order). The caller falls
 * back to recording one change at a time when a batch is refused, so that
 * a conflict is pinned on the change that caused it.
 */
import type { Transaction } from 'kysely';
import type { StoreDatabase } from './database-schema.js';
import { safeAnswer, safeRequest } from './journal-values.js';
import { subjectColumns } from './journal-subject.js';
import type { JournalWrite, LastAppliedEffect, LinkEffect, RunId } from './store-records.js';

/** Rows per insert statement: far below PostgreSQL's 65,535 parameters. */
const rowsPerInsert = 500;

function outcomeOf(write: JournalWrite): string {
  return write.outcome ?? 'applied';
}

/** Inserts the journal rows of `writes` (all of run `runId`), numbered from `firstSeq`. */
export async function insertJournalRows(trx: Transaction<StoreDatabase>, runId: RunId, firstSeq: number, writes: readonly JournalWrite[], now: Date): Promise<void> {
  for (let start = 0; start < writes.length; start += rowsPerInsert) {
    const rows = writes.slice(start, start + rowsPerInsert).map((write, i) => {
      const request = safeRequest(write.request);
      const response = safeAnswer(write.response);
      return {
        run_id: runId,
        seq: firstSeq + start + i,
        change_id: write.changeId,
        change_kind: write.changeKind,
        entity_key: write.entityKey,
        outcome: outcomeOf(write),
        request: request === null ? null : JSON.stringify(request),
        response: response === null ? null : JSON.stringify(response),
        reason: write.reason ?? null,
        recorded_at: now,
        ...subjectColumns(write),
      };
    });
    await trx.insertInto('journal').values(rows).execute();
  }
}

/** The links the batch leaves, last one per (source, kind, external id). */
function finalLinks(writes: readonly JournalWrite[]): LinkEffect[] {
  const last = new Map<string, LinkEffect>();
  for (const write of writes) for (const effect of 'links' in write ? (write.links ?? []) : []) last.set(`${effect.source}\u0000${effect.kind}\u0000${effect.externalId}`, effect);
  return [...last.values()];
}

/** The last-applied states the batch leaves, last one per (kind, uuid), with the run that wrote them. */
function finalStates(writes: readonly JournalWrite[]): LastAppliedEffect[] {
  const last = new Map<string, LastAppliedEffect>();
  for (const write of writes) for (const effect of 'lastApplied' in write ? (write.lastApplied ?? []) : []) last.set(`${effect.kind}\u0000${effect.uuid}`, effect);
  return [...last.values()];
}

/**
 * Applies the batch's link and last-applied effects. A uuid linked to two
 * external ids of one source and kind violates the links' unique key and
 * fails the whole transaction (the caller then records change by change).
 */
export async function applyBatchEffects(trx: Transaction<StoreDatabase>, runId: RunId, writes: readonly JournalWrite[], now: Date): Promise<void> {
  const links = finalLinks(writes);
  for (const effect of links) {
    if (effect.op !== 'remove') continue;
    await trx.deleteFrom('links').where('source', '=', effect.source).where('kind', '=', effect.kind).where('external_id', '=', effect.externalId).execute();
  }
  const upserts = links.filter((effect): effect is Extract<LinkEffect, { op: 'upsert' }> => effect.op === 'upsert');
  for (let start = 0; start < upserts.length; start += rowsPerInsert) {
    const rows = upserts.slice(start, start + rowsPerInsert).map((e) => ({ source: e.source, kind: e.kind, external_id: e.externalId, uuid: e.uuid, created_at: now, updated_at: now }));
    await trx
      .insertInto('links')
      .values(rows)
      .onConflict((oc) =>
        oc
          .columns(['source', 'kind', 'external_id'])
          .doUpdateSet((eb) => ({ uuid: eb.ref('excluded.uuid'), updated_at: now }))
          .where('links.uuid', '<>', (eb) => eb.ref('excluded.uuid')),
      )
      .execute();
  }
  const states = finalStates(writes);
  for (const effect of states) {
    if (effect.op === 'remove') await trx.deleteFrom('last_applied').where('kind', '=', effect.kind).where('uuid', '=', effect.uuid).execute();
  }
  const stateUpserts = states.filter((effect): effect is Extract<LastAppliedEffect, { op: 'upsert' }> => effect.op === 'upsert');
  for (let start = 0; start < stateUpserts.length; start += rowsPerInsert) {
    const rows = stateUpserts.slice(start, start + rowsPerInsert).map((e) => ({ kind: e.kind, uuid: e.uuid, state: JSON.stringify(e.state), run_id: runId, updated_at: now }));
    await trx
      .insertInto('last_applied')
      .values(rows)
      .onConflict((oc) => oc.columns(['kind', 'uuid']).doUpdateSet((eb) => ({ state: eb.ref('excluded.state'), run_id: runId, updated_at: now })))
      .execute();
  }
}
