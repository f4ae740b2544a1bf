import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/engine/build-plan.js';
import { defaultLifecycle, defaultSafetyLimits, type Limit, type SafetyLimits } from '../../src/engine/plan-inputs.js';
import { checkSafety, limitNames } from '../../src/engine/safety.js';
import type { DesiredUser } from '../../src/model/directory.js';
import type { Plan, SafetyVerdict } from '../../src/plan/plan-types.js';
import { actualUser, linkedCopies, manyDesired, planInputs, type PlanInputsSpec } from './builders.js';

function verdictOf(verdicts: SafetyVerdict[], limit: string): SafetyVerdict {
  const found = verdicts.find((v) => v.limit === limit);
  if (!found) throw new Error(`no verdict for ${limit}: ${verdicts.map((v) => v.limit).join(', ')}`);
  return found;
}

const off: Limit = { count: null, percent: null };
/** Every limit off: each test turns on the one it is about. */
const noLimits: SafetyLimits = {
  creates: off,
  updates: off,
  deactivations: off,
  userDeletions: off,
  squadDeletions: off,
  costCenterDeletions: off,
  membershipRemovals: { ...off, perSquadPercent: null },
  tagRemovals: off,
  total: off,
};

/** 20 linked users of whom `n` are gone from the source. */
function leavers(n: number, spec: PlanInputsSpec = {}) {
  const everyone = manyDesired(20);
  const linked = linkedCopies(everyone);
  return { ...spec, users: everyone.slice(0, 20 - n), actual: { users: linked.actual }, userLinks: linked.userLinks, lastApplied: linked.lastApplied };
}

/** 20 linked users of whom `n` left and were deactivated 40 days ago, with deletion after 30 days. */
function deletable(n: number, spec: PlanInputsSpec = {}) {
  const everyone = manyDesired(20);
  const linked = linkedCopies(everyone);
  const actual = linked.actual.map((u, i) => (i >= 20 - n ? { ...u, status: false } : u));
  const lastApplied = new Map([...linked.lastApplied].map(([uuid, v], i) => [uuid, i >= 20 - n ? { ...v, status: false, deactivatedAt: '2025-01-20T02:00:00.000Z' } : v]));
  const lifecycle = { ...defaultLifecycle, leavers: { ...defaultLifecycle.leavers, action: 'delete' as const } };
  return { ...spec, users: everyone.slice(0, 20 - n), actual: { users: actual }, userLinks: linked.userLinks, lastApplied, options: { ...spec.options, lifecycle } };
}

/** `total` Deskbee entities of a kind (squads, cost centers or tags) of which `n` no source wants, with deleteUnused on. */
function unused(kind: 'squads' | 'costCenters' | 'tags', n: number, spec: PlanInputsSpec = {}) {
  const names = Array.from({ length: 20 }, (_, i) => `X${String(i + 1).padStart(2, '0')}`);
  const wanted = names.slice(0, 20 - n);
  const users = manyDesired(1);
  const lifecycle = { ...defaultLifecycle, deleteUnused: { squads: kind === 'squads', costCenters: kind === 'costCenters', tags: kind === 'tags' } };
  const actual = {
    squads: kind === 'squads' ? names.map((name) => ({ uuid: `sq-${name}`, name })) : [],
    costCenters: kind === 'costCenters' ? names.map((code) => ({ uuid: `cc-${code}`, code, name: code, description: null })) : [],
    tags: kind === 'tags' ? names.map((name) => ({ uuid: `t-${name}`, name, access: 'public' as const })) : [],
    users: [actualUser({ uuid: 'u-E01', email: 'user01@corp.com' })],
  };
  return {
    ...spec,
    users,
    squads: kind === 'squads' ? wanted.map((name) => ({ name })) : [],
    costCenters: kind === 'costCenters' ? wanted.map((code) => ({ code, name: code, description: null })) : [],
    tags: kind === 'tags' ? wanted.map((name) => ({ name, access: 'public' as const })) : [],
    actual,
    userLinks: { E01: 'u-E01' },
    options: { ...spec.options, lifecycle },
  };
}

/** A squad of 20 linked members of whom `n` are no longer in it in the source. */
function squadShrinks(n: number, spec: PlanInputsSpec = {}) {
  const members: DesiredUser[] = manyDesired(20, { squads: ['Sales'] });
  const linked = linkedCopies(members);
  const users = members.map((u, i) => (i < n ? { ...u, squads: [] } : u));
  return { ...spec, users, squads: [{ name: 'Sales' }], actual: { users: linked.actual, squads: [{ uuid: 'sq-sales', name: 'Sales' }] }, userLinks: linked.userLinks, lastApplied: linked.lastApplied };
}

/** 20 linked users, `n` of them renamed in the source. */
function renamed(n: number, spec: PlanInputsSpec = {}) {
  const everyone = manyDesired(20);
  const linked = linkedCopies(everyone);
  return { ...spec, users: everyone.map((u, i) => (i < n ? { ...u, name: `${u.name} Renamed` } : u)), actual: { users: linked.actual }, userLinks: linked.userLinks, lastApplied: linked.lastApplied };
}

/** 20 linked users and `n` new people. */
function newcomers(n: number, spec: PlanInputsSpec = {}) {
  const everyone = manyDesired(20 + n);
  const linked = linkedCopies(everyone.slice(0, 20));
  return { ...spec, users: everyone, actual: { users: linked.actual }, userLinks: linked.userLinks, lastApplied: linked.lastApplied };
}

type Scenario = (n: number, spec: PlanInputsSpec) => PlanInputsSpec;

/**
 * Each limit, a plan that makes `n` of what it counts, and the value the
 * verdict shows for n = 5 (a count, or a percent of 20 entities).
 */
const trips: Record<string, { scenario: Scenario; set: (max: number) => Partial<SafetyLimits>; value: number; message: RegExp }> = {
  creates: { scenario: newcomers, set: (max) => ({ creates: { count: max, percent: null } }), value: 5, message: /^Would create 5 users, squads, cost centers or tags; the limit is 4\.$/ },
  createsPercent: { scenario: newcomers, set: (max) => ({ creates: { count: null, percent: max } }), value: 25, message: /^Would create 5 .*, 25% of Deskbee's 20 users, squads, cost centers and tags; the limit is 24%\.$/ },
  updates: { scenario: renamed, set: (max) => ({ updates: { count: max, percent: null } }), value: 5, message: /^Would change 5 users, squads or cost centers; the limit is 4\.$/ },
  updatesPercent: { scenario: renamed, set: (max) => ({ updates: { count: null, percent: max } }), value: 25, message: /25% of Deskbee's 20 users, squads, cost centers and tags; the limit is 24%\.$/ },
  deactivations: { scenario: leavers, set: (max) => ({ deactivations: { count: max, percent: null } }), value: 5, message: /^Would deactivate 5 users; the limit is 4\.$/ },
  deactivationsPercent: { scenario: leavers, set: (max) => ({ deactivations: { count: null, percent: max } }), value: 25, message: /^Would deactivate 5 users, 25% of Deskbee's 20 users; the limit is 24%\.$/ },
  userDeletions: { scenario: deletable, set: (max) => ({ userDeletions: { count: max, percent: null } }), value: 5, message: /^Would delete 5 users; the limit is 4\.$/ },
  userDeletionsPercent: { scenario: deletable, set: (max) => ({ userDeletions: { count: null, percent: max } }), value: 25, message: /^Would delete 5 users, 25% of Deskbee's 20 users; the limit is 24%\.$/ },
  squadDeletions: { scenario: (n, s) => unused('squads', n, s), set: (max) => ({ squadDeletions: { count: max, percent: null } }), value: 5, message: /^Would delete 5 squads; the limit is 4\.$/ },
  squadDeletionsPercent: { scenario: (n, s) => unused('squads', n, s), set: (max) => ({ squadDeletions: { count: null, percent: max } }), value: 25, message: /25% of Deskbee's 20 squads; the limit is 24%\.$/ },
  costCenterDeletions: { scenario: (n, s) => unused('costCenters', n, s), set: (max) => ({ costCenterDeletions: { count: max, percent: null } }), value: 5, message: /^Would delete 5 cost centers; the limit is 4\.$/ },
  costCenterDeletionsPercent: { scenario: (n, s) => unused('costCenters', n, s), set: (max) => ({ costCenterDeletions: { count: null, percent: max } }), value: 25, message: /25% of Deskbee's 20 cost centers; the limit is 24%\.$/ },
  membershipRemovals: { scenario: squadShrinks, set: (max) => ({ membershipRemovals: { count: max, percent: null, perSquadPercent: null } }), value: 5, message: /^Would remove 5 squad memberships; the limit is 4\.$/ },
  membershipRemovalsPercent: { scenario: squadShrinks, set: (max) => ({ membershipRemovals: { count: null, percent: max, perSquadPercent: null } }), value: 25, message: /25% of Deskbee's 20 squad memberships; the limit is 24%\.$/ },
  membershipRemovalsPerSquad: { scenario: squadShrinks, set: (max) => ({ membershipRemovals: { count: null, percent: null, perSquadPercent: max } }), value: 25, message: /^Would remove 5 of the 20 members of squad Sales \(25%\); the limit is 24% per squad\.$/ },
  tagRemovals: { scenario: (n, s) => unused('tags', n, s), set: (max) => ({ tagRemovals: { count: max, percent: null } }), value: 5, message: /^Would delete 5 tags; the limit is 4\.$/ },
  tagRemovalsPercent: { scenario: (n, s) => unused('tags', n, s), set: (max) => ({ tagRemovals: { count: null, percent: max } }), value: 25, message: /25% of Deskbee's 20 tags; the limit is 24%\.$/ },
  total: { scenario: newcomers, set: (max) => ({ total: { count: max, percent: null } }), value: 5, message: /^Would make 5 changes; the limit is 4\.$/ },
  totalPercent: { scenario: newcomers, set: (max) => ({ total: { count: null, percent: max } }), value: 25, message: /^Would make 5 changes, 25% of Deskbee's 20 users, squads, cost centers and tags; the limit is 24%\.$/ },
};

function planWith(name: string, max: number, overrides: string[] = []): Plan {
  const trip = trips[name]!;
  return buildPlan(planInputs(trip.scenario(5, { options: { limits: { ...noLimits, ...trip.set(max) }, overrides } })));
}

describe('safety limits', () => {
  it('has a tripping case for every limit --allow names', () => {
    expect(Object.keys(trips).sort()).toEqual([...limitNames].sort());
  });

  describe.each(limitNames)('%s', (name) => {
    it('passes at the limit and stops above it, naming the value and the limit', () => {
      const trip = trips[name]!;
      const at = planWith(name, trip.value);
      expect(at.safety.verdicts).toEqual([expect.objectContaining({ limit: name, value: trip.value, max: trip.value, ok: true })]);
      const over = planWith(name, trip.value - 1);
      expect(over.safety.verdicts).toHaveLength(1);
      expect(verdictOf(over.safety.verdicts, name)).toMatchObject({ value: trip.value, max: trip.value - 1, ok: false });
      expect(verdictOf(over.safety.verdicts, name).message).toMatch(trip.message);
    });

    it('is lifted by --allow for this one limit only', () => {
      const trip = trips[name]!;
      const other = limitNames.find((n) => n !== name)!;
      expect(verdictOf(planWith(name, trip.value - 1, [name]).safety.verdicts, name).ok).toBe(true);
      expect(verdictOf(planWith(name, trip.value - 1, [other]).safety.verdicts, name).ok).toBe(false);
    });
  });

  it('checks percents only from a population of 10', () => {
    const everyone = manyDesired(9);
    const linked = linkedCopies(everyone);
    const plan = buildPlan(planInputs({ users: everyone.slice(0, 5), actual: { users: linked.actual }, userLinks: linked.userLinks, lastApplied: linked.lastApplied }));
    expect(verdictOf(plan.safety.verdicts, 'deactivationsPercent')).toMatchObject({ value: 0, ok: true });
    expect(verdictOf(plan.safety.verdicts, 'deactivationsPercent').message).toContain('percent limits apply from 10 users, Deskbee holds 9');
  });

  it('counts users the source disables as deactivations too', () => {
    const everyone = manyDesired(20);
    const linked = linkedCopies(everyone);
    const users = everyone.map((u, i) => (i < 3 ? { ...u, status: false } : u));
    const plan = buildPlan(planInputs({ users, actual: { users: linked.actual }, userLinks: linked.userLinks, lastApplied: linked.lastApplied }));
    expect(verdictOf(plan.safety.verdicts, 'deactivations').value).toBe(3);
    expect(verdictOf(plan.safety.verdicts, 'deactivationsPercent')).toMatchObject({ value: 15, ok: false });
  });

  it('counts the members of a squad renamed in the same plan', () => {
    const members = manyDesired(20, { squads: ['Sales EMEA'] });
    const linked = linkedCopies(members, { squads: ['Sales'] });
    const users = members.map((u, i) => (i < 4 ? { ...u, squads: [] } : u));
    const plan = buildPlan(
      planInputs({ users, squads: [{ name: 'Sales EMEA', externalId: 'G-1' }], actual: { users: linked.actual, squads: [{ uuid: 'sq-sales', name: 'Sales' }] }, userLinks: linked.userLinks, squadLinks: { 'G-1': 'sq-sales' } }),
    );
    expect(plan.counts).toMatchObject({ renameSquad: 1, removeMembers: 1 });
    expect(verdictOf(plan.safety.verdicts, 'membershipRemovalsPerSquad')).toMatchObject({ value: 20, ok: true });
  });

  it('defaults stop an accident and let a normal night through', () => {
    expect(defaultSafetyLimits.deactivations).toEqual({ count: 500, percent: 10 });
    // A normal night for 1,000 people: 5 leave, 10 join, 30 change.
    const everyone = manyDesired(1_010);
    const linked = linkedCopies(everyone.slice(0, 1_000));
    const users = everyone.slice(5).map((u, i) => (i < 30 ? { ...u, name: `${u.name} Changed` } : u));
    const night = buildPlan(planInputs({ users, actual: { users: linked.actual }, userLinks: linked.userLinks, lastApplied: linked.lastApplied }));
    expect(night.safety.verdicts.every((v) => v.ok)).toBe(true);
    // A source that came back with a third of its people.
    const accident = buildPlan(planInputs({ users: everyone.slice(0, 330), actual: { users: linked.actual }, userLinks: linked.userLinks, lastApplied: linked.lastApplied }));
    expect(verdictOf(accident.safety.verdicts, 'deactivations')).toMatchObject({ value: 670, ok: false });
    expect(verdictOf(accident.safety.verdicts, 'deactivationsPercent').ok).toBe(false);
    // A first import into an empty account passes.
    expect(buildPlan(planInputs({ users: manyDesired(2_000) })).safety.verdicts.every((v) => v.ok)).toBe(true);
    expect(checkSafety([], { users: [], squads: [], costCenters: [], tags: [] }, defaultSafetyLimits, []).every((v) => v.ok)).toBe(true);
  });
});
