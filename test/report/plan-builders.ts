/**
 * In-memory builders for the report tests: a plausible plan with a few
 * changes of every kind, entries left out, drift and a failing safety
 * verdict, and an apply result over it.
 */
import type { ApplyResult, ChangeOutcome } from '../../src/plan/apply-result.js';
import { planVersion, stages, type Batch, type Change, type ChangeKind, type Plan, type Stage, type UserRef } from '../../src/plan/plan-types.js';
import { stageOfKind } from '../../src/engine/change-kinds/index.js';
import type { EntryIssue } from '../../src/sources/source.js';

/** A person with a Deskbee uuid derived from their email, and an external id. */
export function person(email: string, name: string, externalId = `E-${email.split('@')[0]}`): UserRef & { uuid: string; externalId: string } {
  const hex = [...email].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7).toString(16).padStart(8, '0');
  return { uuid: `${hex}-0000-4000-8000-000000000000`, externalId, email, name };
}

/** `count` people `user01@corp.com` … for membership lists. */
export function people(count: number, prefix = 'user'): (UserRef & { uuid: string })[] {
  return Array.from({ length: count }, (_, i) => {
    const n = String(i + 1).padStart(2, '0');
    return person(`${prefix}${n}@corp.com`, `User ${n}`, `E${1000 + i}`);
  });
}

const stageOf = stageOfKind;

type ChangeInput = Change extends infer C ? (C extends Change ? Omit<C, 'id' | 'description'> : never) : never;

/** Numbers the changes (`c0001` …), batches them by stage in apply order, and counts them. */
export function batchChanges(inputs: ChangeInput[]): Pick<Plan, 'batches' | 'counts'> {
  const changes = inputs.map((input, i) => ({ ...input, id: `c${String(i + 1).padStart(4, '0')}`, description: `${input.kind} #${i + 1}` }) as Change);
  const batches: Batch[] = stages
    .map((stage) => ({ stage, changes: changes.filter((c) => stageOf(c.kind) === stage) }))
    .filter((b) => b.changes.length > 0);
  const counts: Plan['counts'] = {};
  for (const c of changes) counts[c.kind] = (counts[c.kind] ?? 0) + 1;
  return { batches, counts };
}

/** One or more changes of every kind. */
export function everyKindOfChange(): ChangeInput[] {
  const ana = person('ana@corp.com', 'Ana Souza', 'E123');
  return [
    { kind: 'createCostCenter', code: 'CC-30', after: { code: 'CC-30', name: 'Legal', description: null } },
    {
      kind: 'updateCostCenter',
      uuid: 'cc-10-uuid',
      code: 'CC-10',
      before: { code: 'CC-10', name: 'Finance', description: null },
      after: { code: 'CC-10', name: 'Finance & Tax', description: null },
    },
    { kind: 'createSquad', name: 'Finance' },
    { kind: 'renameSquad', uuid: 'sq-1', before: 'Sales', after: 'Sales EMEA' },
    { kind: 'linkSquad', uuid: 'sq-2', name: 'Team Ops', externalId: 'g-42' },
    { kind: 'createTag', name: 'remote', access: 'private' },
    { kind: 'createUser', user: { email: 'carla@corp.com', name: 'Carla Dias', externalId: 'E200' }, after: { name: 'Carla Dias', email: 'carla@corp.com', status: true } },
    { kind: 'linkUser', user: person('x@corp.com', 'Xavier Lima', 'E123'), matchedBy: 'enrollment' },
    {
      kind: 'updateUser',
      user: ana,
      before: { name: 'Ana Silva', costCenter: 'CC-10', tags: ['onsite'] },
      after: { name: 'Ana Souza', costCenter: 'CC-20', tags: ['parking', 'remote'] },
      drift: ['name'],
    },
    { kind: 'reactivateUser', user: person('rita@corp.com', 'Rita Paz', 'E300'), reason: 'returned' },
    { kind: 'addMembers', squad: 'Finance', users: people(3) },
    { kind: 'removeMembers', squad: 'Sales EMEA', squadUuid: 'sq-1', users: [person('tom@corp.com', 'Tom Reis', 'E400')] },
    { kind: 'deactivateUser', user: person('bob@corp.com', 'Bob Lee', 'E500'), reason: 'left' },
    { kind: 'deactivateUser', user: person('dan@corp.com', 'Dan Moura', 'E501'), reason: 'disabled' },
    { kind: 'deleteUser', user: person('gus@corp.com', 'Gus Neto', 'E517'), deactivatedAt: '2031-01-15T05:00:00.000Z' },
    { kind: 'deleteSquad', uuid: 'sq-9', name: 'Old Team' },
    { kind: 'deleteCostCenter', uuid: 'cc-99-uuid', code: 'CC-99', name: 'Closed' },
    { kind: 'removeUserTag', uuid: 'tag-legacy', name: 'legacy' },
  ];
}

/** `count` issues on consecutive lines of hr.csv. */
export function issues(count: number): EntryIssue[] {
  return Array.from({ length: count }, (_, i) => ({
    origin: `hr.csv line ${i + 2}`,
    line: i + 2,
    field: 'email',
    message: `"bad-${i + 1}" is not an email address`,
  }));
}

/** A plan from hr-csv; `overrides` replaces any top-level part. */
export function buildPlan(overrides: Partial<Plan> = {}, changes: ChangeInput[] = everyKindOfChange()): Plan {
  return {
    version: planVersion,
    createdAt: '2025-03-04T05:06:07.000Z',
    mode: 'sync',
    source: { name: 'hr-csv', kind: 'csv', fingerprint: 'a'.repeat(64), entries: 1234, mappingFingerprint: 'b'.repeat(64) },
    deskbee: { baseUrl: 'https://api.deskbee.io/v1.1', client: '0123456789abcdef', users: 330, squads: 12, costCenters: 8, tags: 3 },
    store: { id: '00000000-0000-4000-8000-000000000000' },
    accounting: {
      people: { read: 1234, create: 1000, change: 150, unchanged: 70, leftOut: 2, disabledNotInDeskbee: 12, merged: 0, notTaken: 0 },
      groups: { read: 0, leftOut: 0 },
      leavers: 4,
    },
    issues: issues(2),
    drift: [
      {
        user: person('ana@corp.com', 'Ana Souza', 'E123'),
        field: 'name',
        lastApplied: 'Ana Silva',
        actual: 'Ana S.',
        desired: 'Ana Souza',
        resolution: 'overwritten',
      },
      {
        user: person('eve@corp.com', 'Eve Costa', 'E600'),
        field: 'costCenter',
        lastApplied: 'CC-10',
        actual: 'CC-99',
        desired: 'CC-10',
        resolution: 'kept',
      },
    ],
    safety: {
      verdicts: [
        { limit: 'deactivations', value: 40, max: 25, ok: false, message: 'Would deactivate 40 users; the limit is 25.' },
        { limit: 'deactivationsPercent', value: 12.1, max: 15, ok: true, message: "Would deactivate 40 users, 12.1% of Deskbee's 330 users; the limit is 15%." },
        { limit: 'total', value: 14, max: 1000, ok: true, message: 'Would make 14 changes; the limit is 1,000.' },
      ],
      overridden: [],
    },
    ...batchChanges(changes),
    fingerprint: 'f'.repeat(64),
    ...overrides,
  };
}

/** An apply result where every change in `failed` failed, every one in `skipped` was skipped, the rest applied. */
export function buildApplyResult(
  plan: Plan,
  failed: Record<string, NonNullable<ChangeOutcome['error']>> = {},
  skipped: Record<string, string> = {},
  overrides: Partial<ApplyResult> = {},
): ApplyResult {
  const outcomes: ChangeOutcome[] = plan.batches.flatMap((b) =>
    b.changes.map((c): ChangeOutcome => {
      const base = { changeId: c.id, kind: c.kind, description: c.description };
      const error = failed[c.id];
      if (error) return { ...base, outcome: 'failed', error };
      const reason = skipped[c.id];
      if (reason !== undefined) return { ...base, outcome: 'skipped', reason };
      return { ...base, outcome: 'applied' };
    }),
  );
  const count = (o: ChangeOutcome['outcome']) => outcomes.filter((x) => x.outcome === o).length;
  return {
    planFingerprint: plan.fingerprint,
    startedAt: '2025-03-04T06:00:00.000Z',
    finishedAt: '2025-03-04T06:01:12.000Z',
    outcomes,
    counts: { applied: count('applied'), unconfirmed: count('unconfirmed'), failed: count('failed'), skipped: count('skipped') },
    stoppedByErrorBudget: false,
    requests: {
      requests: 57,
      retries: 3,
      throttled: 2,
      serverErrors: 1,
      networkErrors: 0,
      tokenRequests: 1,
      createsRecovered: 1,
      byRoute: { 'POST /users': 3 },
      ratePerSecond: 4,
    },
    ...overrides,
  };
}
