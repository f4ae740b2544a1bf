/**
 * The seam between the engine and the store: what the engine reads (links,
 * last-applied states) and writes (runs, journal). The engine uses only this
 * interface; `openStore` (open-store.ts) picks the backend behind it.
 *
 * Invariant 4: the store records only what Deskbee confirmed. Links and
 * last-applied states change only through `recordConfirmed`, in the same
 * transaction as the journal entry that carries Deskbee's answer.
 */
import type {
  ChangeCounts,
  JsonObject,
  ChangeOutcome,
  ConfirmedChange,
  EntityKind,
  JournalEntry,
  JournalFilter,
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

export type * from './store-records.js';
export type { JournalWrite } from './store-records.js';

export interface SnapshotStore {
  /**
   * Every link of one source, ordered by kind then external id. With `kind`,
   * only links of that kind. Default: all kinds.
   */
  links(source: string, kind?: EntityKind): Promise<Link[]>;

  /** Last-applied states of one kind of entity, keyed by Deskbee uuid. */
  lastApplied(kind: EntityKind): Promise<Map<string, LastAppliedRecord>>;

  /**
   * One source's links of one kind as external id → uuid, read in pages of
   * a few thousand rows by key, so that a million links never sit in memory
   * twice. What planning needs of the links.
   */
  linkMap(source: string, kind: EntityKind): Promise<Map<string, string>>;

  /** Every last-applied state of one kind as uuid → state, read like `linkMap` (planning reads only those it needs, with `lastAppliedOf`). */
  lastAppliedMap(kind: EntityKind): Promise<Map<string, JsonObject>>;

  /**
   * The last-applied states of these uuids only, as uuid → state; a uuid
   * with none is absent. What planning reads for the people it may change,
   * so that a nightly run with little to do holds little.
   */
  lastAppliedOf(kind: EntityKind, uuids: readonly string[]): Promise<Map<string, JsonObject>>;

  /** The last-applied states of one kind whose state holds a top-level `key` (`deleted` marks the users this tool deleted). */
  lastAppliedWith(kind: EntityKind, key: string): Promise<Map<string, JsonObject>>;

  /** Records a new run in state `running` and returns its id. */
  startRun(init: RunInit): Promise<RunId>;

  /**
   * Records a change Deskbee confirmed, in one transaction: appends an
   * `applied` journal entry and applies the link and last-applied effects.
   * If any part fails (a link that would make one uuid stand for two external
   * ids of the same source and kind, a run that is not running), nothing is
   * written and the error is thrown: `StoreConflictError` for a link
   * conflict. Returns the entry as stored.
   */
  recordConfirmed(change: ConfirmedChange): Promise<JournalEntry>;

  /**
   * Records many changes of one run in one transaction, in order: the
   * journal entries, and the link and last-applied effects of the confirmed
   * ones. If the batch cannot be recorded as a whole (a link conflict), its
   * changes are recorded one at a time, so that only the conflicting one
   * fails and the others are kept. Returns, in order, the error of each
   * change that could not be recorded (StoreConflictError for a link
   * conflict), undefined for the others. Throws when the run is not running.
   */
  recordMany(writes: readonly JournalWrite[]): Promise<(Error | undefined)[]>;

  /** Appends a `failed` or `skipped` journal entry; links and last-applied states are untouched. */
  recordOutcome(outcome: ChangeOutcome): Promise<JournalEntry>;

  /** Ends a running run with its outcome. Throws if the run is unknown or already finished. */
  finishRun(id: RunId, result: RunResult): Promise<RunRecord>;

  /** One run, or undefined when there is none with that id. */
  run(id: RunId): Promise<RunRecord | undefined>;

  /** The most recent runs, newest first (by start time, then id). Default limit: 20. */
  recentRuns(limit?: number): Promise<RunRecord[]>;

  /** A run's journal in the order it was recorded (by `seq`). */
  journalOf(runId: RunId): Promise<JournalEntry[]>;

  /** A run's journal counted by change kind and outcome (what a running or killed run has done so far). */
  journalCounts(runId: RunId): Promise<ChangeCounts>;

  /**
   * The journal entries `filter` selects, across runs, in (run, seq) order:
   * the audit of what was done to whom. Default filter: every entry. At
   * most `filter.limit` entries (default 200, at most 10,000); read the next
   * page by passing the last entry's run and seq as `after`. Throws a
   * RangeError for a `since` or `until` that is not a date.
   */
  journal(filter?: JournalFilter): Promise<JournalEntry[]>;

  /** How many entries `filter` selects, regardless of its `after` and `limit`. */
  journalTotal(filter?: JournalFilter): Promise<number>;

  /** The newest run (highest id) that has at least one journal entry; undefined when the journal is empty. */
  lastJournalRun(): Promise<RunId | undefined>;

  /** The store's id and plan-sealing key, made when the store was created. */
  identity(): Promise<StoreIdentity>;

  /**
   * Runs `work` while holding the store's write lock, so that two applies
   * (or imports) never run against one store at the same time. On
   * PostgreSQL it is a session advisory lock, which the server releases
   * if the process dies; PGlite's folder lock already makes the store
   * exclusive to one process. Throws `SafetyStopError` when another
   * process holds the lock: nothing is written. Once the lock is held, any
   * apply or import run still `running` is from a process that died: it is
   * closed as `interrupted`, with the counts its journal holds. Start the
   * new run inside `work`.
   */
  withWriteLock<T>(work: () => Promise<T>): Promise<T>;

  /**
   * Whether another process holds the write lock now (an apply or import is
   * running). Takes nothing and writes nothing. PGlite: always false once the
   * store is open, since its folder lock keeps every other process out.
   */
  writeLockHeld(): Promise<boolean>;

  /** The backend, its location (password masked) and the migrations applied. */
  info(): Promise<StoreInfo>;

  /** Closes connections and releases the store's lock. Safe to call twice. */
  close(): Promise<void>;
}
