/**
 * One handler per change kind: everything the tool knows about a kind, in
 * one place. The planner orders batches by the handlers' stages; the
 * applier, the verifier of saved plans, the safety check and the reports
 * dispatch through `changeHandlers` (index.ts), whose type names every kind,
 * so a kind without a handler does not compile. Adding a kind: the union
 * (src/plan/plan-types.ts), its handler file here, and the diff that makes it.
 */
import type { ActualState, ActualUser, CostCenterRecord, SquadRecord } from '../../model/directory.js';
import type { Change, ChangeKind, Stage } from '../../plan/plan-types.js';
import type { JournalSubject } from '../../store/snapshot-store.js';
import type { ExecutorDeps, Executed } from './execute-support.js';

/** The change of one kind. */
export type ChangeOf<K extends ChangeKind> = Extract<Change, { kind: K }>;

/** A change of one kind before the planner gives it its id and description. */
export type DraftOf<K extends ChangeKind> = K extends ChangeKind ? Omit<ChangeOf<K>, 'id' | 'description'> : never;

/** `+` creates, adds, reactivates, links; `~` changes, renames; `-` removes, deactivates, deletes. */
export type ChangeSign = '+' | '~' | '-';

/**
 * `plan`: what a dry run would do ("Would create …"); `applied`: what an
 * apply did ("Created …"); `imperative`: the instruction itself ("Create
 * …"), as in a change's `description` and in the report of a change that
 * failed.
 */
export type SentenceTense = 'plan' | 'applied' | 'imperative';

/** What a sentence may say beyond the change itself. */
export interface SentenceContext {
  /** The configured source name (`hr-csv`), as in "gone from hr-csv". Default: "the source". */
  source?: string;
}

/** What the safety limits count (src/engine/safety.ts). */
export type SafetyCounter =
  | 'creates'
  | 'updates'
  | 'deactivations'
  | 'userDeletions'
  | 'squadDeletions'
  | 'costCenterDeletions'
  | 'membershipRemovals'
  | 'tagRemovals';

/** What a change acts on in Deskbee (ChangeHandler.touches). */
export interface Touches {
  users?: readonly string[];
  /** The squad, by uuid when it exists and by name as the plan knows it. */
  squad?: { uuid?: string; name: string };
}

/** Deskbee as it is now, indexed for checking a saved plan's changes. */
export interface DeskbeeNow {
  usersByUuid: Map<string, ActualUser>;
  emails: Set<string>;
  squadsByUuid: Map<string, SquadRecord & { uuid: string }>;
  squadNames: Set<string>;
  costCentersByCode: Map<string, CostCenterRecord & { uuid: string }>;
  tagNames: Set<string>;
  tagsByUuid: Map<string, ActualState['tags'][number]>;
}

export interface ChangeHandler<K extends ChangeKind> {
  readonly kind: K;
  /** When it runs (DESIGN.md invariant 5). */
  readonly stage: Stage;
  /** How reports speak of the kind. */
  readonly words: {
    /** Infinitive verb: `create`. */
    verb: string;
    /** Past participle: `created`. */
    past: string;
    sign: ChangeSign;
    /** Row label in the counts table: `create user`. */
    label: string;
  };
  /** How the journal names the entity: `user:ana@corp.com`, `squad:<uuid>`. */
  entityKey(change: DraftOf<K>): string;
  /** Who the journal records the change to be about: the keys that outlive an email change or a rename. */
  subject(change: DraftOf<K>): JournalSubject;
  /** One sentence without field detail: "Would create user ana@corp.com (Ana Souza)". */
  headline(change: DraftOf<K>, tense: SentenceTense, context: SentenceContext): string;
  /** A saved plan's change against Deskbee now: one sentence per way Deskbee moved under it; empty when it still holds. */
  verify(change: ChangeOf<K>, now: DeskbeeNow): string[];
  /** Sends the change and settles it against what Deskbee shows. Throws DeskbeeApiError or SkipChange. */
  execute(change: ChangeOf<K>, deps: ExecutorDeps): Promise<Executed>;
  /**
   * The existing users (by uuid) and squad the change would act on in
   * Deskbee, for protection (`protect:`): a change touching a protected one
   * is held back. Creations and links touch nothing that exists.
   */
  touches(change: DraftOf<K>): Touches;
  /** What the change counts toward each safety limit. */
  counts(change: DraftOf<K>): Partial<Record<SafetyCounter, number>>;
}

/** Every kind's handler, by kind: a missing kind is a compile error. */
export type ChangeHandlers = { readonly [K in ChangeKind]: ChangeHandler<K> };
