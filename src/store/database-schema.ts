/**
 * kysely's view of the tables migrations/ creates. Internal to the store:
 * nothing outside src/store imports it.
 */
import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { ChangeCounts, DeskbeeAnswer, JsonObject, RequestSummary } from './store-records.js';

/** timestamptz: written as a Date, read back as a Date by both drivers. */
type Timestamp = ColumnType<Date, Date, Date>;

export interface LinksTable {
  source: string;
  kind: string;
  external_id: string;
  uuid: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface RunsTable {
  id: Generated<number>;
  actor: string;
  mode: string;
  sources: JSONColumnType<string[]>;
  started_at: Timestamp;
  finished_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  plan_fingerprint: string | null;
  counts: JSONColumnType<ChangeCounts>;
  outcome: string;
  error: string | null;
  journal_seq: Generated<number>;
  lifted_limits: ColumnType<string[], string | undefined, string>;
}

export interface LastAppliedTable {
  kind: string;
  uuid: string;
  state: JSONColumnType<JsonObject>;
  run_id: number;
  updated_at: Timestamp;
}

export interface JournalTable {
  run_id: number;
  seq: number;
  change_id: string;
  change_kind: string;
  entity_key: string;
  outcome: string;
  request: JSONColumnType<RequestSummary | null, string | null, string | null>;
  response: JSONColumnType<DeskbeeAnswer | null, string | null, string | null>;
  reason: string | null;
  recorded_at: Timestamp;
  /** Migration 0003; null in entries recorded before it, and where the change did not know the value. */
  subject_user_uuid: string | null;
  subject_external_id: string | null;
  subject_squad_uuid: string | null;
  subject_squad_name: string | null;
}

export interface StoreIdentityTable {
  id: string;
  seal_key: string;
  created_at: Timestamp;
  one: Generated<boolean>;
}

export interface StoreDatabase {
  store_identity: StoreIdentityTable;
  links: LinksTable;
  runs: RunsTable;
  last_applied: LastAppliedTable;
  journal: JournalTable;
}
