import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/engine/build-plan.js';
import { planFingerprint } from '../../src/plan/plan-json.js';
import type { PlanInputs } from '../../src/engine/plan-inputs.js';
import { planChanges, planVersion, stages, type Plan } from '../../src/plan/plan-types.js';
import { changeKinds, stageOfKind } from '../../src/engine/change-kinds/index.js';
import { actualUser, appliedValues, desiredUser, planInputs } from './builders.js';

/** A source and a Deskbee that differ in every way the planner knows. */
function busyInputs(): PlanInputs {
  const ana = actualUser({ uuid: 'u-ana', email: 'ana@corp.com', name: 'Ana Silva', squads: ['Sales', 'Ops'] });
  const bob = actualUser({ uuid: 'u-bob', email: 'bob@corp.com', status: false });
  const cid = actualUser({ uuid: 'u-cid', email: 'cid@corp.com', enrollment: '300' });
  const dan = actualUser({ uuid: 'u-dan', email: 'dan@corp.com', squads: ['Sales'] });
  const eve = actualUser({ uuid: 'u-eve', email: 'eve@corp.com' });
  const gus = actualUser({ uuid: 'u-gus', email: 'gus@corp.com', status: false });
  return planInputs({
    users: [
      desiredUser({ externalId: 'E-ana', email: 'ana@corp.com', name: 'Ana Souza', squads: ['Sales EMEA'], costCenter: 'CC-20', tags: ['remote'] }),
      desiredUser({ externalId: 'E-bob', email: 'bob@corp.com', squads: ['Ops'] }),
      desiredUser({ externalId: 'E-cid', email: 'cid.new@corp.com', enrollment: '300' }),
      desiredUser({ externalId: 'E-eve', email: 'eve@corp.com', status: false }),
      desiredUser({ externalId: 'E-fay', email: 'fay@corp.com', squads: ['Ops', 'Design'], costCenter: 'CC-10' }),
    ],
    squads: [{ name: 'Sales EMEA', externalId: 'G-sales' }, { name: 'Ops' }, { name: 'Design' }],
    costCenters: [
      { code: 'CC-10', name: 'Finance & Tax', description: null },
      { code: 'CC-20', name: 'Legal', description: null },
    ],
    tags: [{ name: 'remote', access: 'private' }],
    actual: {
      users: [ana, bob, cid, dan, eve, gus],
      squads: [
        { uuid: 'sq-sales', name: 'Sales' },
        { uuid: 'sq-ops', name: 'Ops' },
        { uuid: 'sq-old', name: 'Old Team' },
      ],
      costCenters: [
        { uuid: 'cc-10', code: 'CC-10', name: 'Finance', description: null },
        { uuid: 'cc-99', code: 'CC-99', name: 'Closed', description: null },
      ],
      tags: [{ uuid: 't-legacy', name: 'legacy', access: 'public' }],
    },
    userLinks: { 'E-ana': 'u-ana', 'E-bob': 'u-bob', 'E-dan': 'u-dan', 'E-eve': 'u-eve', 'E-gus': 'u-gus' },
    squadLinks: { 'G-sales': 'sq-sales' },
    lastApplied: {
      'u-ana': appliedValues(ana),
      'u-bob': { ...appliedValues(bob), status: false },
      'u-gus': { ...appliedValues(gus), deactivatedAt: '2025-01-01T02:00:00.000Z' },
    },
    options: {
      lifecycle: { leavers: { action: 'delete', deleteAfterDays: 30, removeFromSquads: false }, deleteUnused: { squads: true, costCenters: true, tags: true } },
    },
  });
}

describe('plan shape', () => {
  const plan = buildPlan(busyInputs());
  const changes = planChanges(plan);

  it('holds every kind of change this scenario calls for', () => {
    expect(Object.keys(plan.counts).sort()).toEqual(
      ['createCostCenter', 'updateCostCenter', 'createSquad', 'renameSquad', 'createTag', 'createUser', 'linkUser', 'updateUser', 'reactivateUser', 'addMembers', 'removeMembers', 'deactivateUser', 'deleteUser', 'deleteSquad', 'deleteCostCenter', 'removeUserTag'].sort(),
    );
  });

  it('orders batches by dependency: cost centers, squads, tags, users, memberships, removals', () => {
    expect(plan.batches.map((b) => b.stage)).toEqual([...stages]);
    const stageOf = new Map(plan.batches.flatMap((b) => b.changes.map((c) => [c.id, b.stage] as const)));
    for (const change of changes) expect([change.kind, stageOf.get(change.id)]).toEqual([change.kind, stageOfKind(change.kind)]);
  });

  it('puts member removals before deactivations within the removals', () => {
    const removals = plan.batches.find((b) => b.stage === 'removals')?.changes.map((c) => c.kind) ?? [];
    expect(removals).toEqual([...removals].sort((a, b) => (a === b ? 0 : a === 'removeMembers' ? -1 : 1)));
    expect(removals).toContain('removeMembers');
    expect(removals).toContain('deactivateUser');
  });

  it('numbers changes c0001, c0002, … in apply order', () => {
    expect(changes.map((c) => c.id)).toEqual(changes.map((_, i) => `c${String(i + 1).padStart(4, '0')}`));
  });

  it('counts changes by kind, listing only kinds present', () => {
    const recount: Record<string, number> = {};
    for (const c of changes) recount[c.kind] = (recount[c.kind] ?? 0) + 1;
    expect(plan.counts).toEqual(recount);
    expect(plan.counts.deactivateUser).toBe(2);
    expect(Object.values(plan.counts).every((n) => n > 0)).toBe(true);
    for (const kind of Object.keys(plan.counts)) expect(changeKinds).toContain(kind);
  });

  it('records its inputs: version, time, mode, source and Deskbee sizes', () => {
    expect(plan.version).toBe(planVersion);
    expect(plan.createdAt).toBe('2025-03-01T02:00:00.000Z');
    expect(plan.mode).toBe('sync');
    expect(plan.source).toEqual({ name: 'hr', kind: 'csv', fingerprint: 'src-fp', entries: 5, mappingFingerprint: 'map-fp' });
    expect(plan.deskbee).toEqual({ baseUrl: 'https://deskbee.test/v1.1', client: '0123456789abcdef', users: 6, squads: 3, costCenters: 2, tags: 1 });
  });

  it('gives an empty plan (no batches, no counts) when nothing differs', () => {
    const ana = desiredUser({ externalId: 'E1', email: 'ana@corp.com' });
    const empty = buildPlan(planInputs({ users: [ana], actual: { users: [actualUser({ uuid: 'u-1', email: 'ana@corp.com' })] }, userLinks: { E1: 'u-1' } }));
    expect(empty.batches).toEqual([]);
    expect(empty.counts).toEqual({});
    expect(empty.safety.verdicts.every((v) => v.ok)).toBe(true);
  });

  describe('fingerprint', () => {
    it('is the same for the same inputs', () => {
      const again = buildPlan(busyInputs());
      expect(again).toEqual(plan);
      expect(again.fingerprint).toBe(plan.fingerprint);
      expect(plan.fingerprint).toMatch(/^[0-9a-f]{64}$/);
      expect(planFingerprint(plan)).toBe(plan.fingerprint);
    });

    it('changes with any input: a user field, the mode, the time, the source fingerprint, an override', () => {
      const variants: ((i: PlanInputs) => PlanInputs)[] = [
        (i) => ({ ...i, desired: { ...i.desired, users: i.desired.users.map((u, n) => (n === 0 ? { ...u, name: 'Ana S.' } : u)) } }),
        (i) => ({ ...i, options: { ...i.options, mode: 'import' } }),
        (i) => ({ ...i, now: '2025-03-02T02:00:00.000Z' }),
        (i) => ({ ...i, source: { ...i.source, fingerprint: 'other' } }),
        (i) => ({ ...i, options: { ...i.options, overrides: ['deactivations'] } }),
        (i) => ({ ...i, issues: [{ origin: 'hr.csv', line: 9, message: 'no email' }] }),
      ];
      const prints = new Set([plan.fingerprint, ...variants.map((vary) => buildPlan(vary(busyInputs())).fingerprint)]);
      expect(prints.size).toBe(variants.length + 1);
    });

    it('detects any edit of the plan body', () => {
      const edited: Plan = structuredClone(plan);
      const first = edited.batches[0]?.changes[0];
      if (first) first.description = `${first.description}!`;
      expect(planFingerprint(edited)).not.toBe(plan.fingerprint);
    });
  });

  it('survives a JSON round trip unchanged, fingerprint included', () => {
    const inputs = busyInputs();
    // Issues from sources without line numbers carry an undefined `line`.
    const withIssues = buildPlan({ ...inputs, issues: [{ origin: 'cn=x,dc=corp', line: undefined, field: 'mail', message: 'no email' }] });
    for (const original of [plan, withIssues]) {
      const parsed = JSON.parse(JSON.stringify(original)) as Plan;
      expect(parsed).toEqual(original);
      expect(planFingerprint(parsed)).toBe(original.fingerprint);
    }
  });
});
