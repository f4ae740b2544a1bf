import { linkKey } from '../../src/model/directory.js';
import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/engine/build-plan.js';
import type { PlanInputs } from '../../src/engine/plan-inputs.js';
import { planChanges } from '../../src/plan/plan-types.js';
import type { UserField } from '../../src/model/directory.js';
import { changeKinds } from '../../src/engine/change-kinds/index.js';
import type { ChangeKind } from '../../src/plan/plan-types.js';
import { actualUser, appliedValues, desiredUser, manyDesired, planInputs } from './builders.js';
import { applyToWorld, inputsAfter, worldFrom } from './deskbee-simulator.js';

/** A first run against a Deskbee with hand-made users, leavers, a rehire, a rename and drift. */
function messyInputs(over: Partial<PlanInputs['options']> = {}): PlanInputs {
  const ana = actualUser({ uuid: 'u-ana', email: 'ana@corp.com', name: 'Ana S. (temp)', squads: ['Sales', 'Ops', 'Book club'], tags: ['vip'], documents: { passport: 'P1' } });
  const bob = actualUser({ uuid: 'u-bob', email: 'bob@corp.com', status: false, squads: ['Ops'] });
  const cid = actualUser({ uuid: 'u-cid', email: 'cid@corp.com', enrollment: '300' });
  const dan = actualUser({ uuid: 'u-dan', email: 'dan@corp.com', squads: ['Sales'] });
  const eve = actualUser({ uuid: 'u-eve', email: 'eve@corp.com' });
  const guest = actualUser({ uuid: 'u-guest', email: 'guest@corp.com', squads: ['Sales'] });
  const inputs = planInputs({
    users: [
      desiredUser({ externalId: 'E-ana', email: 'ana@corp.com', name: 'Ana Souza', squads: ['Sales EMEA'], costCenter: 'CC-20', tags: ['site-porto'], documents: { badge: '11' } }),
      desiredUser({ externalId: 'E-bob', email: 'bob@corp.com', squads: ['Ops'] }),
      desiredUser({ externalId: 'E-cid', email: 'cid.new@corp.com', enrollment: '300', squads: ['Design'] }),
      desiredUser({ externalId: 'E-eve', email: 'eve@corp.com', status: false }),
      desiredUser({ externalId: 'E-gil', email: 'gil@corp.com', status: false, squads: ['Ops'] }),
      ...manyDesired(4, { squads: ['Ops', 'Design'], costCenter: 'CC-10', tags: ['site-lisbon'], documents: { badge: '1' } }),
    ],
    squads: [{ name: 'Sales EMEA', externalId: 'G-sales' }, { name: 'Ops' }, { name: 'Design', externalId: 'G-design' }],
    costCenters: [
      { code: 'CC-10', name: 'Finance & Tax', description: null },
      { code: 'CC-20', name: 'Legal', description: 'Contracts' },
    ],
    tags: [
      { name: 'site-lisbon', access: 'public' },
      { name: 'site-porto', access: 'private' },
    ],
    managed: { squads: { kind: 'names', names: ['Sales', 'Sales EMEA', 'Ops', 'Design'] }, tags: { kind: 'prefix', prefix: 'site-' } },
    actual: {
      users: [ana, bob, cid, dan, eve, guest],
      squads: [
        { uuid: 'sq-sales', name: 'Sales' },
        { uuid: 'sq-ops', name: 'Ops' },
        { uuid: 'sq-club', name: 'Book club' },
      ],
      costCenters: [{ uuid: 'cc-10', code: 'CC-10', name: 'Finance', description: 'Money' }],
      tags: [{ uuid: 't-vip', name: 'vip', access: 'private' }],
    },
    userLinks: { 'E-ana': 'u-ana', 'E-bob': 'u-bob', 'E-dan': 'u-dan', 'E-eve': 'u-eve' },
    squadLinks: { 'G-sales': 'sq-sales' },
    lastApplied: { 'u-ana': { ...appliedValues(ana), name: 'Ana Souza' }, 'u-bob': { ...appliedValues(bob), status: false } },
    options: { limits: { deactivations: { count: 500, percent: 100 } }, ...over },
  });
  return inputs;
}

function planApplyPlan(inputs: PlanInputs, hidden: UserField[] = []) {
  // Deskbee hides the same fields from the first listing on.
  const start = worldFrom(inputs, hidden);
  const first = buildPlan(inputsAfter(inputs, start));
  const world = applyToWorld(first, start);
  const second = buildPlan(inputsAfter(inputs, world));
  return { first, second, world };
}

describe('idempotence at the planner level: plan, apply, plan again', () => {
  it('a busy first plan, once applied, leaves nothing to do', () => {
    const { first, second, world } = planApplyPlan(messyInputs());
    // The first plan really had work of many kinds.
    expect(Object.keys(first.counts).length).toBeGreaterThanOrEqual(10);
    expect(planChanges(second)).toEqual([]);
    expect(second.counts).toEqual({});
    // Links were recorded the way the applier records them.
    expect(world.userLinks.get(linkKey('hr', 'E-cid'))).toBe('u-cid');
    expect(world.userLinks.get(linkKey('hr', 'E01'))).toMatch(/^user-new-/);
    expect(world.squadLinks.get(linkKey('hr', 'G-design'))).toMatch(/^sq-new-/);
    // The guest no source links to kept their squad; ana kept her unmanaged squad and tag.
    expect(world.deskbee.users.find((u) => u.uuid === 'u-guest')?.squads).toEqual(['Sales EMEA']);
    expect(world.deskbee.users.find((u) => u.uuid === 'u-ana')).toMatchObject({ squads: ['Book club', 'Sales EMEA'], tags: ['site-porto', 'vip'], documents: { passport: 'P1', badge: '11' } });
  });

  it('converges in import mode too', () => {
    const { second } = planApplyPlan(messyInputs({ mode: 'import' }));
    expect(planChanges(second)).toEqual([]);
  });

  it('converges with deskbee-wins, still reporting the drift it keeps', () => {
    const { first, second } = planApplyPlan(messyInputs({ drift: 'deskbee-wins' }));
    expect(first.drift.map((d) => [d.field, d.resolution])).toEqual([['name', 'kept']]);
    expect(planChanges(second)).toEqual([]);
    expect(second.drift).toEqual(first.drift);
  });

  it('converges when Deskbee does not show tags, identifiers or cost centers', () => {
    const { second, world } = planApplyPlan(messyInputs(), ['tags', 'identifier', 'costCenter']);
    expect(planChanges(second)).toEqual([]);
    // Ana's hand-given unmanaged tag is still there, though Deskbee never listed it to the planner.
    expect(world.deskbee.users.find((u) => u.uuid === 'u-ana')?.tags).toEqual(['site-porto', 'vip']);
  });

  it('stays converged over a run where the source changes (email change, leaver, rehire)', () => {
    const inputs = messyInputs();
    const { world } = planApplyPlan(inputs);
    const changed: PlanInputs = {
      ...inputs,
      desired: {
        ...inputs.desired,
        users: [
          ...inputs.desired.users
            .filter((u) => u.externalId !== 'E01')
            .map((u) => (u.externalId === 'E-ana' ? { ...u, email: 'ana.souza@corp.com' } : u)),
          desiredUser({ externalId: 'E-dan', email: 'dan@corp.com', squads: ['Sales EMEA'] }),
        ],
      },
    };
    const plan = buildPlan(inputsAfter(changed, world));
    const summary = planChanges(plan).map((c) => `${c.kind}${'reason' in c ? `:${c.reason}` : ''}`).sort();
    expect(summary).toEqual(['deactivateUser:left', 'reactivateUser:returned', 'updateUser']);
    const after = applyToWorld(plan, world);
    expect(planChanges(buildPlan(inputsAfter(changed, after)))).toEqual([]);
    expect(after.deskbee.users.filter((u) => u.email.startsWith('ana')).map((u) => [u.uuid, u.email])).toEqual([['u-ana', 'ana.souza@corp.com']]);
  });
});

/**
 * What the messy first run does not call for: deletions after the grace
 * period, unused squads, cost centers and tags deleted, an existing squad
 * linked to its group. Planned 40 days after the leaver's deactivation.
 */
function lifecycleInputs(): PlanInputs {
  const kept = actualUser({ uuid: 'u-kim', email: 'kim@corp.com', squads: ['Design'], costCenter: 'CC-10', tags: ['site-lisbon'] });
  const gone = actualUser({ uuid: 'u-old', email: 'old@corp.com', status: false, squads: ['Old team'] });
  return planInputs({
    users: [desiredUser({ externalId: 'E-kim', email: 'kim@corp.com', squads: ['Design'], costCenter: 'CC-10', tags: ['site-lisbon'] })],
    squads: [{ name: 'Design', externalId: 'G-design' }],
    costCenters: [{ code: 'CC-10', name: 'Cost center CC-10', description: null }],
    tags: [{ name: 'site-lisbon', access: 'public' }],
    managed: { squads: { kind: 'all' }, tags: { kind: 'prefix', prefix: 'site-' } },
    actual: {
      users: [kept, gone],
      squads: [
        { uuid: 'sq-design', name: 'Design' },
        { uuid: 'sq-old', name: 'Old team' },
      ],
      costCenters: [
        { uuid: 'cc-10', code: 'CC-10', name: 'Cost center CC-10', description: null },
        { uuid: 'cc-90', code: 'CC-90', name: 'Closed', description: null },
      ],
      tags: [
        { uuid: 't-lisbon', name: 'site-lisbon', access: 'public' },
        { uuid: 't-faro', name: 'site-faro', access: 'public' },
      ],
    },
    userLinks: { 'E-kim': 'u-kim', 'E-old': 'u-old' },
    lastApplied: { 'u-kim': appliedValues(kept), 'u-old': { ...appliedValues(gone), deactivatedAt: '2025-01-20T02:00:00.000Z' } },
    options: {
      lifecycle: { leavers: { action: 'delete', deleteAfterDays: 30, removeFromSquads: true }, deleteUnused: { squads: true, costCenters: true, tags: true } },
      limits: { deactivations: { count: 500, percent: 100 }, userDeletions: { count: 500, percent: null }, squadDeletions: { count: 50, percent: null }, costCenterDeletions: { count: 50, percent: null }, tagRemovals: { count: 50, percent: null } },
    },
  });
}

/** A scenario whose first plan has changes of each kind: every kind named, so a new kind cannot go untested. */
const scenarioOf: Record<ChangeKind, () => PlanInputs> = {
  createCostCenter: messyInputs,
  updateCostCenter: messyInputs,
  createSquad: messyInputs,
  renameSquad: messyInputs,
  linkSquad: lifecycleInputs,
  createTag: messyInputs,
  createUser: messyInputs,
  linkUser: messyInputs,
  updateUser: messyInputs,
  reactivateUser: messyInputs,
  addMembers: messyInputs,
  removeMembers: messyInputs,
  deactivateUser: messyInputs,
  deleteUser: lifecycleInputs,
  deleteSquad: lifecycleInputs,
  deleteCostCenter: lifecycleInputs,
  removeUserTag: lifecycleInputs,
};

describe('idempotence for every change kind the handlers know', () => {
  it.each(changeKinds)('%s: planned, applied, and planned again leaves nothing to do', (kind) => {
    const { first, second } = planApplyPlan(scenarioOf[kind]());
    expect(first.counts[kind] ?? 0).toBeGreaterThan(0);
    expect(planChanges(second)).toEqual([]);
  });

  it('a person deleted and back in the source is created anew, then left alone', () => {
    const inputs = lifecycleInputs();
    const { world } = planApplyPlan(inputs);
    const back: PlanInputs = { ...inputs, desired: { ...inputs.desired, users: [...inputs.desired.users, desiredUser({ externalId: 'E-old', email: 'old@corp.com' })] } };
    const plan = buildPlan(inputsAfter(back, world));
    expect(planChanges(plan)).toEqual([expect.objectContaining({ kind: 'createUser', recreated: { uuid: 'u-old', deletedAt: inputs.now } })]);
    const after = applyToWorld(plan, world);
    expect(planChanges(buildPlan(inputsAfter(back, after)))).toEqual([]);
  });
});
