/**
 * In-memory builders for the planner tests: a desired user, a Deskbee user
 * and complete planner inputs with sensible defaults, so that each test
 * states only what it is about.
 */
import type {
  ActualState,
  ActualUser,
  CostCenterRecord,
  DesiredUser,
  ManagedScope,
  SquadRecord,
  TagRecord,
} from '../../src/model/directory.js';
import { linkKey, userFields } from '../../src/model/directory.js';
import { defaultSafetyLimits, type PlanInputs, type PlanOptions, type SafetyLimits, type UserState } from '../../src/engine/plan-inputs.js';
import type { UserValues } from '../../src/plan/plan-types.js';

/** A person as a source wants them: active, in no squad, with no tag, cost center or document. */
export function desiredUser(over: Partial<DesiredUser> & { externalId: string; email: string }): DesiredUser {
  return {
    source: 'hr',
    name: nameFromEmail(over.email),
    enrollment: null,
    identifier: null,
    status: true,
    squads: [],
    costCenter: null,
    tags: [],
    documents: {},
    origin: `test entry ${over.externalId}`,
    ...over,
  };
}

/** A person as Deskbee lists them: active, every field shown, in no squad. */
export function actualUser(over: Partial<ActualUser> & { uuid: string; email: string }): ActualUser {
  return {
    name: nameFromEmail(over.email),
    enrollment: null,
    identifier: null,
    status: true,
    squads: [],
    costCenter: null,
    tags: [],
    documents: {},
    unknownFields: [],
    ...over,
  };
}

/** The values the tool would have written for a Deskbee user that matches `user` exactly. */
export function appliedValues(user: ActualUser | DesiredUser): UserValues {
  return {
    name: user.name,
    email: user.email,
    enrollment: user.enrollment,
    identifier: user.identifier,
    status: user.status,
    costCenter: user.costCenter,
    tags: [...user.tags],
    documents: { ...user.documents },
  };
}

/** What a test may say about the planner's inputs; everything else gets a default. */
export interface PlanInputsSpec {
  users?: DesiredUser[];
  /** Default: every squad the users name, without external id. */
  squads?: SquadRecord[];
  /** Default: every cost center the users name, called `Cost center <code>`, no description. */
  costCenters?: CostCenterRecord[];
  /** Default: every tag the users carry, public. */
  tags?: TagRecord[];
  /** Default: every field, every squad, every tag. */
  managed?: Partial<ManagedScope>;
  actual?: Partial<ActualState>;
  /** External id → Deskbee uuid. */
  userLinks?: Record<string, string> | Map<string, string>;
  squadLinks?: Record<string, string> | Map<string, string>;
  /** Deskbee uuid → values last written. */
  lastApplied?: Record<string, UserState> | Map<string, UserState>;
  leftOut?: Partial<PlanInputs['leftOut']>;
  options?: Partial<Omit<PlanOptions, 'limits'>> & { limits?: Partial<SafetyLimits> };
  now?: string;
  sourceFingerprint?: string;
}

/** Complete planner inputs: source `hr` (csv), sync mode, default match rules, drift policy and limits. */
export function planInputs(spec: PlanInputsSpec = {}): PlanInputs {
  const users = spec.users ?? [];
  const managed: ManagedScope = { fields: [...userFields], squads: { kind: 'all' }, tags: { kind: 'all' }, ...spec.managed };
  return {
    desired: {
      source: 'hr',
      users,
      squads: spec.squads ?? unique(users.flatMap((u) => u.squads)).map((name) => ({ name })),
      costCenters:
        spec.costCenters ??
        unique(users.flatMap((u) => (u.costCenter ? [u.costCenter] : []))).map((code) => ({ code, name: `Cost center ${code}`, description: null })),
      tags: spec.tags ?? unique(users.flatMap((u) => u.tags)).map((name) => ({ name, access: 'public' as const })),
      managed,
    },
    leftOut: { users: (spec.leftOut?.users ?? []).map((id) => linkKey('hr', id)), groups: (spec.leftOut?.groups ?? []).map((id) => linkKey('hr', id)) },
    issues: [],
    entries: { people: users.length, leftOut: 0, notTaken: 0, merged: 0, groups: 0, groupsLeftOut: 0 },
    actual: { users: [], squads: [], costCenters: [], tags: [], ...spec.actual },
    links: { users: keyedByLink(toMap(spec.userLinks)), squads: keyedByLink(toMap(spec.squadLinks)) },
    lastApplied: toMap(spec.lastApplied),
    source: { name: 'hr', kind: 'csv', fingerprint: spec.sourceFingerprint ?? 'src-fp', entries: users.length, mappingFingerprint: 'map-fp' },
    target: { baseUrl: 'https://deskbee.test/v1.1', client: '0123456789abcdef', storeId: '00000000-0000-4000-8000-000000000000' },
    options: {
      mode: 'sync',
      match: ['enrollment', 'email'],
      drift: 'source-wins',
      overrides: [],
      ...spec.options,
      limits: { ...defaultSafetyLimits, ...spec.options?.limits },
    },
    now: spec.now ?? '2025-03-01T02:00:00.000Z',
  };
}

/** `count` source users `user01@corp.com` … with external ids `E01` … and the given extra fields. */
export function manyDesired(count: number, over: Partial<DesiredUser> = {}): DesiredUser[] {
  return Array.from({ length: count }, (_, i) => {
    const n = String(i + 1).padStart(2, '0');
    return desiredUser({ externalId: `E${n}`, email: `user${n}@corp.com`, ...over });
  });
}

/** The Deskbee users matching `users` one for one (uuids `u-E01` …), with their links and last-applied values. */
export function linkedCopies(users: DesiredUser[], over: Partial<ActualUser> = {}) {
  const actual = users.map((u) => actualUser({ ...withoutSourceFields(u), uuid: `u-${u.externalId}`, ...over }));
  return {
    actual,
    userLinks: new Map(users.map((u) => [u.externalId, `u-${u.externalId}`])),
    lastApplied: new Map(actual.map((a) => [a.uuid, appliedValues(a)])),
  };
}

function withoutSourceFields(user: DesiredUser): Omit<DesiredUser, 'externalId' | 'origin'> {
  const { externalId: _id, origin: _origin, ...record } = user;
  return record;
}

function nameFromEmail(email: string): string {
  const local = email.split('@')[0] ?? email;
  return local.charAt(0).toUpperCase() + local.slice(1);
}

function unique(values: string[]): string[] {
  return [...new Set(values)].sort();
}

function toMap<V>(value: Record<string, V> | Map<string, V> | undefined): Map<string, V> {
  if (!value) return new Map();
  return value instanceof Map ? new Map(value) : new Map(Object.entries(value));
}

/** Links written by external id in a test, keyed as the planner keys them (source `hr`). */
function keyedByLink(links: Map<string, string>): Map<string, string> {
  return new Map([...links].map(([externalId, uuid]) => [linkKey('hr', externalId), uuid]));
}
