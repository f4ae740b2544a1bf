import type { ActualState, DesiredState, UserField } from '../model/directory.js';
import type { SourceAccount } from '../merge/merge-types.js';
import type { EntryIssue } from '../sources/source.js';
import type { LifecyclePolicy, UserValues } from '../plan/plan-types.js';

/** The Deskbee user fields a not-yet-linked source user may be matched on. */
export type MatchKey = 'enrollment' | 'email' | 'identifier';

/** A limit by count and by percent of the population it acts on; null turns either off. */
export interface Limit {
  count: number | null;
  percent: number | null;
}

/**
 * Safety limits checked on the whole plan before the first write (DESIGN.md
 * invariant 3), each by count and by percent of what Deskbee holds now: its
 * users (creates, updates, deactivations, user deletions), squads, cost
 * centers, tags, squad memberships; the total over all of them. A percent
 * limit is checked only on a population of 10 or more.
 */
export interface SafetyLimits {
  /**
   * Default: none. Creating is never destructive, and the run after an
   * interrupted first import creates most of the account: a limit here
   * would stop the very run that repairs it.
   */
  creates: Limit;
  /** Default: no count; 50% of what Deskbee holds (a mapping gone wrong rewrites everyone; a night never does). */
  updates: Limit;
  /** Default 500 and 10% of Deskbee's users. */
  deactivations: Limit;
  /** Default 500 and 10% of Deskbee's users. */
  userDeletions: Limit;
  /** Default 50 and 25% of Deskbee's squads. */
  squadDeletions: Limit;
  /** Default 50 and 25% of Deskbee's cost centers. */
  costCenterDeletions: Limit;
  /** Default: no count; 25% of all squad memberships; 50% of one squad's members (squads of 10 or more). */
  membershipRemovals: Limit & { perSquadPercent: number | null };
  /** Default 50 and 25% of Deskbee's tags. */
  tagRemovals: Limit;
  /** Default: none. */
  total: Limit;
}

export const defaultSafetyLimits: SafetyLimits = Object.freeze({
  creates: { count: null, percent: null },
  updates: { count: null, percent: 50 },
  deactivations: { count: 500, percent: 10 },
  userDeletions: { count: 500, percent: 10 },
  squadDeletions: { count: 50, percent: 25 },
  costCenterDeletions: { count: 50, percent: 25 },
  membershipRemovals: { count: null, percent: 25, perSquadPercent: 50 },
  tagRemovals: { count: 50, percent: 25 },
  total: { count: null, percent: null },
});

/** What the plan does with leavers and unused entities (see LifecyclePolicy in plan-types). */
export const defaultLifecycle: LifecyclePolicy = Object.freeze<LifecyclePolicy>({
  leavers: { action: 'deactivate', deleteAfterDays: 30, removeFromSquads: false },
  deleteUnused: { squads: false, costCenters: false, tags: false },
});

/**
 * Users and squads this tool never changes, deactivates, deletes or removes
 * from anything (`protect:` in the configuration). Users by email (any
 * case), Deskbee profile, regular expression over the email, or a tag they
 * have in Deskbee; squads by name (any case) or regular expression.
 */
export interface ProtectRules {
  users: { emails: string[]; profiles: string[]; patterns: string[]; tags: string[] };
  squads: { names: string[]; patterns: string[] };
}

/** By default Deskbee's `master` and `admin` profiles are protected; `profiles: []` turns that off. */
export const defaultProtect: ProtectRules = Object.freeze({
  users: { emails: [], profiles: ['master', 'admin'], patterns: [], tags: [] },
  squads: { names: [], patterns: [] },
});

/** What this tool last wrote to a user and Deskbee confirmed, and when it deactivated or deleted them. */
export type UserState = UserValues & {
  /** When this tool's deactivation of the user was confirmed (ISO 8601): a deletion's grace period runs from it. */
  deactivatedAt?: string;
  /** The user was deleted by this tool: when, and the source entry they stood for. */
  deleted?: { at: string; source: string; externalId: string };
};

export interface PlanOptions {
  /** `sync` (default) deactivates leavers and removes members; `import` only creates and updates. */
  mode: 'sync' | 'import';
  /** How a source user not linked yet is matched to a Deskbee user, in order. Default enrollment, then email. */
  match: MatchKey[];
  /**
   * A field changed by hand in Deskbee since this tool last wrote it:
   * `source-wins` (default) writes the source's value back and reports the
   * drift; `deskbee-wins` keeps Deskbee's value and reports it.
   */
  drift: 'source-wins' | 'deskbee-wins';
  limits: SafetyLimits;
  /** Limits the operator lifted for this run, by name. Default none. */
  overrides: string[];
  /** Default `defaultLifecycle`: leavers deactivated, nothing deleted. */
  lifecycle?: LifecyclePolicy;
  /** Default `defaultProtect`: `master` and `admin` profiles. */
  protect?: ProtectRules;
}

/** What a plan is bound to: it is applied only to this Deskbee, with this client, through this store. */
export interface PlanTarget {
  /** Deskbee's base URL, e.g. `https://api.deskbee.io/v1.1/`. */
  baseUrl: string;
  /** sha256 of the API client's id, 16 hex digits. */
  client: string;
  /** The store's id (SnapshotStore.identity). */
  storeId: string;
}

/** Everything the planner reads; all plain data, no I/O. */
export interface PlanInputs {
  desired: DesiredState;
  /** Link keys (linkKey) of entries read but left out (bad rows): neither updated nor deactivated this run. */
  leftOut: { users: string[]; groups: string[] };
  issues: EntryIssue[];
  /**
   * Person entries read over every source (those a source could not read
   * included) and where they went before planning: left out (with issues),
   * not taken (only in sources that do not own people), merged into another
   * source's person; groups read and left out; per source with several.
   */
  entries: { people: number; leftOut: number; notTaken: number; merged: number; groups: number; groupsLeftOut: number; bySource?: SourceAccount[] | undefined };
  actual: ActualState;
  /** Every source's links, linkKey(source, external id) → Deskbee uuid. */
  links: { users: Map<string, string>; squads: Map<string, string> };
  /** What this tool last wrote per Deskbee user uuid (deleted users' too, with when). */
  lastApplied: Map<string, UserState>;
  source: { name: string; kind: string; fingerprint: string; entries: number; mappingFingerprint: string };
  /** Each source, when there are several (`source` is then all of them together). */
  sources?: { name: string; kind: string; fingerprint: string; entries: number; mappingFingerprint: string }[];
  /** The Deskbee account and store the plan is made for. */
  target: PlanTarget;
  options: PlanOptions;
  /** ISO 8601 time of planning (injected: the planner reads no clock). */
  now: string;
}

/** User fields written by `updateUser` (status has its own change kinds, squads go through memberships). */
export const updatableFields: UserField[] = ['name', 'email', 'enrollment', 'identifier', 'costCenter', 'tags', 'documents'];
