import type { ActualState, DesiredState, UserField } from '../model/directory.js';
import type { SourceAccount } from '../merge/merge-types.js';
import type { EntryIssue } from '../sources/source.js';
import type { UserValues } from '../plan/plan-types.js';

/** The Deskbee user fields a not-yet-linked source user may be matched on. */
export type MatchKey = 'enrollment' | 'email' | 'identifier';

/** Safety limits checked on the whole plan (DESIGN.md invariant 3). */
export interface SafetyLimits {
  /** Most users one run may deactivate. Default 50. */
  maxDeactivations: number;
  /** Most users one run may deactivate, as a percentage of the source's linked users. Default 10. */
  maxDeactivationPercent: number;
  /** Most members one run may remove from one squad, as a percentage of its members (squads of 10 or more). Default 50. */
  maxMembershipRemovalPercent: number;
  /** Most changes in one plan. Default: no limit. */
  maxTotalChanges: number | null;
}

export const defaultSafetyLimits: SafetyLimits = Object.freeze({
  maxDeactivations: 50,
  maxDeactivationPercent: 10,
  maxMembershipRemovalPercent: 50,
  maxTotalChanges: null,
});

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
  /** What this tool last wrote per Deskbee user uuid. */
  lastApplied: Map<string, UserValues>;
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
