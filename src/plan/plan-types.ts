/**
 * The plan: plain, versioned, serializable data passed from the pure planner
 * to the renderers and the applier. Changes refer to entities by natural
 * keys (email and external id, squad name, cost-center code, tag name) and
 * by Deskbee uuid where one exists already; the applier resolves the rest.
 */
import type { EntryIssue } from '../sources/source.js';
import type { CostCenterRecord, TagAccess, UserField, UserRecord } from '../model/directory.js';

export const planVersion = 1;

/** A person a change is about: their Deskbee uuid once known, and their source key. */
export interface UserRef {
  /** Absent when the user is created by this plan. */
  uuid?: string;
  externalId?: string;
  /** The source `externalId` belongs to. Default: the plan's source. */
  source?: string;
  email: string;
  name: string;
}

/** The user fields a change writes: any subset of a record. */
export type UserValues = Partial<Omit<UserRecord, 'squads'>>;

/** Where the values a user change writes came from. */
interface Provenance {
  /** The entry the person was read from, in the user's source: `hr.csv line 42`, a DN. */
  origin?: string;
  /** Fields written from another source than the user's, each with where: `hr (hr.csv line 42)`. */
  fieldsFrom?: Partial<Record<UserField, string>>;
}

interface ChangeBase {
  /** Stable id within the plan, e.g. `c0012`. */
  id: string;
  /** One sentence in the imperative: "Create user ana@corp.com". */
  description: string;
}

export type Change =
  | (ChangeBase & { kind: 'createCostCenter'; code: string; after: CostCenterRecord })
  | (ChangeBase & { kind: 'updateCostCenter'; uuid: string; code: string; before: CostCenterRecord; after: CostCenterRecord })
  | (ChangeBase & { kind: 'createSquad'; name: string; externalId?: string; source?: string })
  | (ChangeBase & { kind: 'renameSquad'; uuid: string; externalId?: string; source?: string; before: string; after: string })
  | (ChangeBase & { kind: 'linkSquad'; uuid: string; name: string; externalId: string; source?: string })
  | (ChangeBase & { kind: 'createTag'; name: string; access: TagAccess })
  | (ChangeBase & ({ kind: 'createUser'; user: UserRef; after: UserValues; recreated?: Recreated } & Provenance))
  | (ChangeBase & {
      kind: 'updateUser';
      user: UserRef & { uuid: string };
      before: UserValues;
      after: UserValues;
      /** Fields Deskbee changed by hand since this tool last wrote them, which this change overwrites. */
      drift: UserField[];
    } & Provenance)
  | (ChangeBase & {
      kind: 'linkUser';
      user: UserRef & { uuid: string; externalId: string };
      matchedBy: 'enrollment' | 'email' | 'identifier';
      /** The external id the Deskbee user was linked to before, when the source re-keyed the person. */
      previousExternalId?: string;
      /** The source of `previousExternalId`. Default: the user's source. */
      previousSource?: string;
    })
  | (ChangeBase & { kind: 'deactivateUser'; user: UserRef & { uuid: string }; reason: 'left' | 'disabled' })
  | (ChangeBase & { kind: 'reactivateUser'; user: UserRef & { uuid: string }; reason: 'returned' | 'enabled' })
  | (ChangeBase & { kind: 'addMembers'; squad: string; squadUuid?: string; users: UserRef[] })
  | (ChangeBase & { kind: 'removeMembers'; squad: string; squadUuid: string; users: (UserRef & { uuid: string })[] })
  | (ChangeBase & {
      kind: 'deleteUser';
      user: UserRef & { uuid: string; externalId: string };
      /** When this tool's deactivation of the user was confirmed (ISO 8601): the grace period runs from then. */
      deactivatedAt: string;
    })
  | (ChangeBase & { kind: 'deleteSquad'; uuid: string; name: string; externalId?: string; source?: string })
  | (ChangeBase & { kind: 'deleteCostCenter'; uuid: string; code: string; name: string })
  | (ChangeBase & { kind: 'removeUserTag'; uuid: string; name: string });

export type ChangeKind = Change['kind'];

/**
 * Dependency order (DESIGN.md invariant 5): cost centers, squads and tags
 * before the users that use them; users before memberships; removals, then
 * deletions, last. Each kind's stage is its handler's
 * (src/engine/change-kinds/).
 */
export const stages = ['costCenters', 'squads', 'tags', 'users', 'memberships', 'removals', 'deletions'] as const;
export type Stage = (typeof stages)[number];

export interface Batch {
  stage: Stage;
  changes: Change[];
}

/** A Deskbee value changed by hand that the plan does not write back. */
export interface DriftNotice {
  user: UserRef & { uuid: string };
  field: UserField;
  /** What this tool last wrote. */
  lastApplied: unknown;
  /** What Deskbee holds now. */
  actual: unknown;
  /** What the source wants. */
  desired: unknown;
  /** `overwritten`: the plan writes the source's value; `kept`: Deskbee's value stays. */
  resolution: 'overwritten' | 'kept';
}

/** A person this tool deleted from Deskbee, back in a source: created anew (a new uuid) and linked. */
export interface Recreated {
  /** The deleted user's uuid. */
  uuid: string;
  /** When the deletion was confirmed (ISO 8601). */
  deletedAt: string;
}

/**
 * A change the plan would have made and does not: to a protected user or
 * squad (`protect:` in the configuration), or a deletion of a squad that
 * still has members this tool does not manage.
 */
export interface HeldBack {
  kind: ChangeKind;
  /** Whom it is about: `user:ana@corp.com`, `squad:Finance`. */
  subject: string;
  /** The change, as an instruction: "Deactivate user ana@corp.com: gone from hr". */
  change: string;
  /** Why it is held back: "protected (profile admin)". */
  reason: string;
}

/** What the plan does with leavers and with what no source wants any more (`sync.leavers`, `sync.*.deleteUnused`). */
export interface LifecyclePolicy {
  leavers: {
    /** `deactivate` (default) keeps leavers in Deskbee, deactivated; `delete` deletes them `deleteAfterDays` after their deactivation was confirmed. */
    action: 'deactivate' | 'delete';
    /** Days between the confirmed deactivation and the deletion, with `delete`. Default 30; 0 deletes on the next run. */
    deleteAfterDays: number;
    /** Whether a deactivated leaver is also taken out of the squads this tool manages. Default false: a rehire comes back to their squads. */
    removeFromSquads: boolean;
  };
  /** Delete squads, cost centers and tags that the mapping manages and no source wants any more. Default false each. */
  deleteUnused: { squads: boolean; costCenters: boolean; tags: boolean };
}

/** One safety limit checked on the whole plan (DESIGN.md invariant 3). */
export interface SafetyVerdict {
  /** The limit's name, as `--allow` takes it: `deactivations`, `deactivationsPercent`, `membershipRemovalsPerSquad`, … */
  limit: string;
  /** What the plan would do. */
  value: number;
  /** The limit in force. */
  max: number;
  ok: boolean;
  /** One sentence, e.g. "Would deactivate 40 users (12% of 330); the limit is 5%." */
  message: string;
}

/**
 * Every person a source read, accounted for: `people.read` is the sum of
 * the other people counts, so nobody is silently nowhere.
 */
export interface EntryAccounting {
  people: {
    /** Person entries read, with those the source could not read at all. */
    read: number;
    /** New in Deskbee. */
    create: number;
    /** In Deskbee, with at least one change (an edit, a link, a status, a membership). */
    change: number;
    /** In Deskbee as the source wants them. */
    unchanged: number;
    /** Left out with an issue (listed in `issues`). */
    leftOut: number;
    /** Disabled in the source and not in Deskbee: not created. */
    disabledNotInDeskbee: number;
    /** With several sources: entries that are the same person as another source's entry (counted once, above). */
    merged: number;
    /** With several sources: people only in sources that do not own people, not taken. */
    notTaken: number;
  };
  groups: { read: number; leftOut: number };
  /** Deskbee users linked to the source and gone from it, deactivated by this plan. */
  leavers: number;
  /** With several sources: each one's person entries, left out and not taken. */
  bySource?: { name: string; people: number; leftOut: number; notTaken: number }[];
}

export interface Plan {
  version: typeof planVersion;
  /** ISO 8601. */
  createdAt: string;
  /** `sync` deactivates leavers; `import` only creates and updates. */
  mode: 'sync' | 'import';
  source: { name: string; kind: string; fingerprint: string; entries: number; mappingFingerprint: string };
  /** Each source, when there are several (`source` is then all of them together: `ad+hr`). */
  sources?: { name: string; kind: string; fingerprint: string; entries: number; mappingFingerprint: string }[];
  /**
   * The Deskbee account the plan was made for: its base URL, a fingerprint
   * of the API client's id (sha256, 16 hex digits; never the secret), and
   * what it held.
   */
  deskbee: { baseUrl: string; client: string; users: number; squads: number; costCenters: number; tags: number };
  /** The store the plan was made with: its id. A saved plan is applied only through it. */
  store: { id: string };
  /** Where every entry read went. */
  accounting: EntryAccounting;
  /** Entries left out of the desired state, each with why. */
  issues: EntryIssue[];
  drift: DriftNotice[];
  safety: { verdicts: SafetyVerdict[]; overridden: string[] };
  /** The lifecycle policy the plan was made under. Absent in plans of earlier versions. */
  policy?: LifecyclePolicy;
  /** Changes held back: to protected users and squads, deletions of squads with members this tool does not manage. */
  heldBack?: HeldBack[];
  batches: Batch[];
  /** Change counts by kind (only kinds present). */
  counts: Partial<Record<ChangeKind, number>>;
  /** sha256 over everything above (plan-json.ts): what an apply checks it was given unaltered. */
  fingerprint: string;
  /** HMAC-SHA256 over the same bytes with the store's key (plan-seal.ts); absent until sealed. */
  seal?: string;
}

/** All changes of a plan, in apply order. */
export function planChanges(plan: Pick<Plan, 'batches'>): Change[] {
  return plan.batches.flatMap((batch) => batch.changes);
}

/** The safety limits the plan goes over that are lifted for the run: by the plan's own overrides, or by `allowed` when a saved plan is applied. */
export function liftedLimits(plan: Pick<Plan, 'safety'>, allowed: readonly string[] = []): string[] {
  const lifted = new Set([...plan.safety.overridden, ...allowed]);
  return plan.safety.verdicts.filter((v) => v.value > v.max && lifted.has(v.limit)).map((v) => v.limit);
}
