/**
 * The plain-data records the snapshot store reads and writes. Timestamps are
 * ISO 8601 strings in UTC (`2025-03-01T02:00:00.000Z`), taken from the
 * store's clock, so that records serialize into reports as they are.
 */
import type { FieldErrors } from '../errors.js';
import type { Secret } from '../secret.js';

/** Any value that survives `JSON.stringify` / `JSON.parse` unchanged. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A JSON object. */
export type JsonObject = { [key: string]: JsonValue };

/** The kinds of Deskbee entity the store links and remembers. */
export const entityKinds = ['user', 'squad', 'costCenter', 'tag'] as const;
export type EntityKind = (typeof entityKinds)[number];

/** One link: a source's external id ↔ a Deskbee uuid. */
export interface Link {
  /** Configured name of the source, e.g. `hr-csv`. */
  source: string;
  kind: EntityKind;
  /** The source's immutable key (objectGUID, entryUUID, employee id, …). */
  externalId: string;
  /** The Deskbee uuid the external id stands for. */
  uuid: string;
  createdAt: string;
  /** Equals `createdAt` until the link's uuid changes. */
  updatedAt: string;
}

/** What this tool last wrote to one Deskbee entity and Deskbee confirmed. */
export interface LastAppliedRecord {
  kind: EntityKind;
  uuid: string;
  /** The managed fields as written and confirmed; the engine's shape, kept as JSON. */
  state: JsonObject;
  /** The run that wrote it. */
  runId: RunId;
  updatedAt: string;
}

/** A run's id: a positive integer assigned by the store, increasing. */
export type RunId = number;

/** `plan` reads and reports; `apply` writes a plan; `import` is a one-off load. */
export const runModes = ['plan', 'apply', 'import'] as const;
export type RunMode = (typeof runModes)[number];

/** `running` until `finishRun`; every other value is final. */
export const runOutcomes = ['running', 'succeeded', 'failed', 'partial', 'refused', 'no-changes', 'interrupted'] as const;
export type RunOutcome = (typeof runOutcomes)[number];
export type FinalRunOutcome = Exclude<RunOutcome, 'running'>;

/**
 * Numbers of changes per change kind, e.g.
 * `{ createUser: { planned: 3, applied: 2, failed: 1 } }`.
 */
export type ChangeCounts = Record<string, Partial<Record<'planned' | JournalOutcome, number>>>;

/** What `startRun` needs. */
export interface RunInit {
  mode: RunMode;
  /** Names of the sources read, as configured. Default: none. */
  sources?: string[];
  /** Who started the run. Default: the operating-system user name. */
  actor?: string;
  /** Fingerprint of the plan, when known at the start (applying a saved plan). Default: none. */
  planFingerprint?: string;
}

/** What `finishRun` records. */
export interface RunResult {
  outcome: FinalRunOutcome;
  /** Default: leaves what was recorded (initially `{}`). */
  counts?: ChangeCounts;
  /** Fingerprint of the plan, when it became known during the run. Default: leaves what was recorded. */
  planFingerprint?: string;
  /** One-paragraph reason of a `failed` or `refused` run. Never a secret. Default: none. */
  error?: string;
  /** Safety limits the plan went over and the operator lifted for this run (`--allow`). Default: none. */
  liftedLimits?: string[];
}

export interface RunRecord {
  id: RunId;
  actor: string;
  mode: RunMode;
  sources: string[];
  startedAt: string;
  /** Null while running. */
  finishedAt: string | null;
  planFingerprint: string | null;
  counts: ChangeCounts;
  outcome: RunOutcome;
  error: string | null;
  /** Safety limits the plan went over and the operator lifted for this run. */
  liftedLimits: string[];
}

/** The request that carried a change, summarized for the journal. Must hold no secret. */
export interface RequestSummary {
  /** `POST`, `PUT`, `DELETE`, … */
  method: string;
  /** Path without host or query string, e.g. `/users/68b0…`. */
  path: string;
  /**
   * The JSON body sent, when any. Values under keys that look secret
   * (password, secret, token, authorization, api key) are replaced by `***`
   * before they are stored, as a second line of defence.
   */
  body?: JsonValue;
}

/**
 * What Deskbee answered. `status` is 0 when no HTTP answer arrived
 * (timeout, refused or dropped connection).
 */
export type DeskbeeAnswer =
  | { status: number; body: JsonValue }
  | { status: number; error: { id: string; message: string; fieldErrors?: FieldErrors } };

/**
 * `applied`: every written field confirmed; `unconfirmed`: Deskbee answered
 * 2xx but a written field shows neither in its answer nor in a read-back;
 * `failed`: Deskbee refused it, or stored a value other than the one
 * written; `skipped`: not sent (and why).
 */
export type JournalOutcome = 'applied' | 'unconfirmed' | 'failed' | 'skipped';

/**
 * Who a change is about beyond its entity key, which names a user by an
 * email that can change: the keys that stay. Each field is absent where
 * the change does not know it (a user not created yet has no uuid).
 */
export interface JournalSubject {
  /** The Deskbee uuid of the user the change is about. */
  userUuid?: string;
  /** The user's external id in its source (employee id, objectGUID, …). */
  externalId?: string;
  /** The Deskbee uuid of the squad the change is about. */
  squadUuid?: string;
  /** The squad's name (its new name, for a rename). */
  squadName?: string;
}

/** Fields common to every journal entry the engine records. */
export interface JournalEntryInit {
  runId: RunId;
  /** The change's id in the plan. */
  changeId: string;
  /** The change's kind: `createUser`, `addMembers`, … */
  changeKind: string;
  /** The entity the change is about, as the engine keys it (e.g. `user:ana@corp.com`). */
  entityKey: string;
  /**
   * Who the change is about, so that the journal finds a person across
   * email changes. Where the subject has no user uuid, the store takes it
   * from the user link the confirmed change creates (a created user).
   * Default: none; a stored entry has it only when one field is known
   * (entries recorded before subjects were kept have none).
   */
  subject?: JournalSubject;
}

/** A link that a confirmed change creates, moves to another uuid, or removes. */
export type LinkEffect =
  | { op: 'upsert'; source: string; kind: EntityKind; externalId: string; uuid: string }
  | { op: 'remove'; source: string; kind: EntityKind; externalId: string };

/** A last-applied state that a confirmed change sets or forgets. */
export type LastAppliedEffect =
  | { op: 'upsert'; kind: EntityKind; uuid: string; state: JsonObject }
  | { op: 'remove'; kind: EntityKind; uuid: string };

/**
 * A change Deskbee answered with success, with what its answer lets the
 * store remember: the entity it made (links) and the fields it confirmed
 * (last applied). Where a written field could not be confirmed, or was
 * stored with another value, the change is not `applied`: the effects hold
 * only what was confirmed.
 */
export interface ConfirmedChange extends JournalEntryInit {
  /** Default `applied`. */
  outcome?: 'applied' | 'unconfirmed' | 'failed';
  /** For `unconfirmed` and `failed`: which field, and why, in one sentence. Default none. */
  reason?: string;
  /** The write that was sent; null when the change needed none (adopting an existing user). */
  request: RequestSummary | null;
  /** Deskbee's confirming answer. */
  response: DeskbeeAnswer;
  /** Links to create, move or remove. Default: none. */
  links?: LinkEffect[];
  /** Last-applied states to set or forget. Default: none. */
  lastApplied?: LastAppliedEffect[];
}

/** A change that failed or was skipped: journal only, nothing else changes. */
export interface ChangeOutcome extends JournalEntryInit {
  outcome: 'failed' | 'skipped';
  /** The write that was attempted; null when none was sent (skipped). Default: null. */
  request?: RequestSummary | null;
  /** Deskbee's answer, or the local error; null when nothing was sent. Default: null. */
  response?: DeskbeeAnswer | null;
  /** Why it was skipped or failed, one sentence (e.g. `its squad could not be created`). Default: none. */
  reason?: string;
}

/** One change to record: confirmed (with effects) or not. */
export type JournalWrite = ConfirmedChange | ChangeOutcome;

/** One journal entry as stored. */
export interface JournalEntry extends JournalEntryInit {
  /** 1, 2, 3, … within the run, in the order entries were recorded. */
  seq: number;
  outcome: JournalOutcome;
  request: RequestSummary | null;
  response: DeskbeeAnswer | null;
  reason: string | null;
  recordedAt: string;
}

/**
 * Which journal entries to read. Every filter given must hold; an absent
 * (or empty) one does not narrow. Entries come in (run, seq) order.
 */
export interface JournalFilter {
  /** Only entries of these runs. Default: every run. */
  runs?: RunId[];
  /**
   * Only entries about this person: an email (any case), an external id or
   * a Deskbee uuid. Matches the entity key `user:<email>` and the subject's
   * external id and uuid, and follows the person through the links, the
   * last-applied states and earlier entries, so that entries recorded
   * under an earlier email are found too. Default: everyone.
   */
  user?: string;
  /** Only these change kinds (`createUser`, …). Default: every kind. */
  kinds?: string[];
  /** Only these outcomes. Default: every outcome. */
  outcomes?: JournalOutcome[];
  /** Only entries recorded at or after this instant (ISO 8601). Default: no lower bound. */
  since?: string;
  /** Only entries recorded before this instant (ISO 8601). Default: no upper bound. */
  until?: string;
  /** Only entries after this one in (run, seq) order: the last entry of the page before. Default: from the first. */
  after?: { runId: RunId; seq: number };
  /** At most this many entries. Default: 200; at most 10,000 (read on with `after`). */
  limit?: number;
}

/** What makes this store itself, created with it: saved plans name its id and are sealed with its key. */
export interface StoreIdentity {
  /** A random uuid. */
  id: string;
  /** The key that seals plan files (HMAC-SHA256); never printed. */
  sealKey: Secret;
}

/** Which backend holds the store, for `status` and messages. */
export interface StoreInfo {
  backend: 'postgres' | 'pglite';
  /** The PGlite folder, or the PostgreSQL URL with its password masked. */
  location: string;
  /** Names of the migrations applied, oldest first. */
  migrations: string[];
}
