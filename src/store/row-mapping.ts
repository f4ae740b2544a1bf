/** Rows as kysely returns them → the store's plain records. */
import type { Selectable } from 'kysely';
import type { JournalTable, LastAppliedTable, LinksTable, RunsTable } from './database-schema.js';
import type {
  EntityKind,
  JournalEntry,
  JournalOutcome,
  JournalSubject,
  LastAppliedRecord,
  Link,
  RunMode,
  RunOutcome,
  RunRecord,
} from './store-records.js';

// The CHECK constraints of migrations/ guarantee these columns' values.
const asKind = (value: string) => value as EntityKind;

function iso(value: Date): string;
function iso(value: Date | null): string | null;
function iso(value: Date | null): string | null {
  return value === null ? null : value.toISOString();
}

export function toLink(row: Selectable<LinksTable>): Link {
  return {
    source: row.source,
    kind: asKind(row.kind),
    externalId: row.external_id,
    uuid: row.uuid,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

export function toLastApplied(row: Selectable<LastAppliedTable>): LastAppliedRecord {
  return { kind: asKind(row.kind), uuid: row.uuid, state: row.state, runId: row.run_id, updatedAt: iso(row.updated_at) };
}

export function toRunRecord(row: Selectable<RunsTable>): RunRecord {
  return {
    id: row.id,
    actor: row.actor,
    mode: row.mode as RunMode,
    sources: row.sources,
    startedAt: iso(row.started_at),
    finishedAt: iso(row.finished_at),
    planFingerprint: row.plan_fingerprint,
    counts: row.counts,
    outcome: row.outcome as RunOutcome,
    error: row.error,
    liftedLimits: row.lifted_limits,
  };
}

export function toJournalEntry(row: Selectable<JournalTable>): JournalEntry {
  return {
    runId: row.run_id,
    seq: row.seq,
    changeId: row.change_id,
    changeKind: row.change_kind,
    entityKey: row.entity_key,
    outcome: row.outcome as JournalOutcome,
    request: row.request,
    response: row.response,
    reason: row.reason,
    recordedAt: iso(row.recorded_at),
    ...subjectOf(row),
  };
}

/** The entry's subject, only when one of its fields is known. */
function subjectOf(row: Selectable<JournalTable>): { subject?: JournalSubject } {
  const subject: JournalSubject = {};
  if (row.subject_user_uuid !== null) subject.userUuid = row.subject_user_uuid;
  if (row.subject_external_id !== null) subject.externalId = row.subject_external_id;
  if (row.subject_squad_uuid !== null) subject.squadUuid = row.subject_squad_uuid;
  if (row.subject_squad_name !== null) subject.squadName = row.subject_squad_name;
  return Object.keys(subject).length > 0 ? { subject } : {};
}
