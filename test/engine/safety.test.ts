import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/engine/build-plan.js';
import { defaultSafetyLimits } from '../../src/engine/plan-inputs.js';
import type { SafetyVerdict } from '../../src/plan/plan-types.js';
import { checkSafety, limitNames } from '../../src/engine/safety.js';
import type { DesiredUser } from '../../src/model/directory.js';
import { linkedCopies, manyDesired, planInputs, type PlanInputsSpec } from './builders.js';

function verdictOf(verdicts: SafetyVerdict[], limit: string): SafetyVerdict {
  const found = verdicts.find((v) => v.limit === limit);
  if (!found) throw new Error(`no verdict for ${limit}: ${verdicts.map((v) => v.limit).join(', ')}`);
  return found;
}

/** `total` linked users of whom the last `leaving` are gone from the source. */
function withLeavers(total: number, leaving: number, spec: PlanInputsSpec = {}) {
  const everyone = manyDesired(total);
  const linked = linkedCopies(everyone);
  return planInputs({ ...spec, users: everyone.slice(0, total - leaving), actual: { users: linked.actual }, userLinks: linked.userLinks, lastApplied: linked.lastApplied });
}

/** A squad of `size` linked members of whom `leaving` are no longer in it in the source. */
function squadShrinks(size: number, leaving: number, spec: PlanInputsSpec = {}) {
  const members: DesiredUser[] = manyDesired(size, { squads: ['Sales'] });
  const linked = linkedCopies(members);
  const users = members.map((u, i) => (i < leaving ? { ...u, squads: [] } : u));
  return planInputs({ ...spec, users, squads: [{ name: 'Sales' }], actual: { users: linked.actual, squads: [{ uuid: 'sq-sales', name: 'Sales' }] }, userLinks: linked.userLinks, lastApplied: linked.lastApplied });
}

describe('safety limits', () => {
  it('gives a verdict for every limit in force, all ok for a harmless plan', () => {
    const plan = buildPlan(withLeavers(20, 0, { options: { limits: { maxTotalChanges: 100 } } }));
    expect(plan.safety.verdicts.map((v) => v.limit)).toEqual([...limitNames]);
    expect(plan.safety.verdicts.every((v) => v.ok)).toBe(true);
    expect(buildPlan(withLeavers(20, 0)).safety.verdicts.map((v) => v.limit)).not.toContain('totalChanges');
  });

  describe('deactivations (count)', () => {
    it('passes at the limit and fails above it', () => {
      const at = buildPlan(withLeavers(100, 3, { options: { limits: { maxDeactivations: 3, maxDeactivationPercent: 100 } } }));
      expect(verdictOf(at.safety.verdicts, 'deactivations')).toMatchObject({ value: 3, max: 3, ok: true });
      const over = buildPlan(withLeavers(100, 4, { options: { limits: { maxDeactivations: 3, maxDeactivationPercent: 100 } } }));
      expect(verdictOf(over.safety.verdicts, 'deactivations')).toEqual({
        limit: 'deactivations',
        value: 4,
        max: 3,
        ok: false,
        message: 'Would deactivate 4 user(s); the limit is 3.',
      });
    });
  });

  describe('deactivations (percent of the linked users)', () => {
    it('passes at the limit and fails above it', () => {
      const at = buildPlan(withLeavers(40, 4));
      expect(verdictOf(at.safety.verdicts, 'deactivationPercent')).toMatchObject({ value: 10, max: 10, ok: true });
      const over = buildPlan(withLeavers(40, 5));
      expect(verdictOf(over.safety.verdicts, 'deactivationPercent')).toMatchObject({ value: 12.5, max: 10, ok: false });
      expect(verdictOf(over.safety.verdicts, 'deactivationPercent').message).toBe('Would deactivate 12.5% of the 40 user(s) linked to this source; the limit is 10%.');
    });

    it('counts users the source disables as deactivations too', () => {
      const everyone = manyDesired(10);
      const linked = linkedCopies(everyone);
      const users = everyone.map((u, i) => (i < 2 ? { ...u, status: false } : u));
      const plan = buildPlan(planInputs({ users, actual: { users: linked.actual }, userLinks: linked.userLinks, lastApplied: linked.lastApplied }));
      expect(verdictOf(plan.safety.verdicts, 'deactivations').value).toBe(2);
      expect(verdictOf(plan.safety.verdicts, 'deactivationPercent')).toMatchObject({ value: 20, ok: false });
    });

    it('is 0% with no linked users (a first import)', () => {
      const plan = buildPlan(planInputs({ users: manyDesired(5) }));
      expect(verdictOf(plan.safety.verdicts, 'deactivationPercent')).toMatchObject({ value: 0, ok: true });
    });
  });

  describe('membership removals per squad', () => {
    it('passes at the limit and fails above it, for squads of 10 or more', () => {
      const at = buildPlan(squadShrinks(10, 5));
      expect(verdictOf(at.safety.verdicts, 'membershipRemovalsPerSquad')).toMatchObject({ value: 50, max: 50, ok: true });
      const over = buildPlan(squadShrinks(10, 6));
      expect(verdictOf(over.safety.verdicts, 'membershipRemovalsPerSquad')).toEqual({
        limit: 'membershipRemovalsPerSquad',
        value: 60,
        max: 50,
        ok: false,
        message: 'Would remove 6 of the 10 members of squad Sales (60%); the limit is 50% per squad.',
      });
    });

    it('ignores squads of fewer than 10 members', () => {
      const plan = buildPlan(squadShrinks(9, 9));
      expect(plan.counts.removeMembers).toBe(1);
      expect(verdictOf(plan.safety.verdicts, 'membershipRemovalsPerSquad')).toMatchObject({ value: 0, ok: true });
    });

    it('counts the members of a squad renamed in the same plan', () => {
      const members = manyDesired(20, { squads: ['Sales EMEA'] });
      const linked = linkedCopies(members, { squads: ['Sales'] });
      const users = members.map((u, i) => (i < 4 ? { ...u, squads: [] } : u));
      const plan = buildPlan(
        planInputs({
          users,
          squads: [{ name: 'Sales EMEA', externalId: 'G-1' }],
          actual: { users: linked.actual, squads: [{ uuid: 'sq-sales', name: 'Sales' }] },
          userLinks: linked.userLinks,
          squadLinks: { 'G-1': 'sq-sales' },
        }),
      );
      expect(plan.counts).toMatchObject({ renameSquad: 1, removeMembers: 1 });
      expect(verdictOf(plan.safety.verdicts, 'membershipRemovalsPerSquad')).toMatchObject({ value: 20, ok: true });
    });
  });

  describe('total changes', () => {
    it('passes at the limit and fails above it', () => {
      const at = buildPlan(planInputs({ users: manyDesired(5), options: { limits: { maxTotalChanges: 5 } } }));
      expect(verdictOf(at.safety.verdicts, 'totalChanges')).toMatchObject({ value: 5, max: 5, ok: true });
      const over = buildPlan(planInputs({ users: manyDesired(6), options: { limits: { maxTotalChanges: 5 } } }));
      expect(verdictOf(over.safety.verdicts, 'totalChanges')).toEqual({ limit: 'totalChanges', value: 6, max: 5, ok: false, message: 'Would make 6 change(s); the limit is 5.' });
    });
  });

  describe('overrides', () => {
    it('lift exactly the limits named, and are recorded in the plan', () => {
      const plan = buildPlan(withLeavers(10, 6, { options: { limits: { maxDeactivations: 5 }, overrides: ['deactivationPercent'] } }));
      expect(verdictOf(plan.safety.verdicts, 'deactivationPercent')).toMatchObject({ value: 60, ok: true });
      expect(verdictOf(plan.safety.verdicts, 'deactivations')).toMatchObject({ value: 6, ok: false });
      expect(plan.safety.overridden).toEqual(['deactivationPercent']);
    });

    it('work for every limit name', () => {
      const limits = { maxDeactivations: 0, maxDeactivationPercent: 0, maxMembershipRemovalPercent: 0, maxTotalChanges: 0 };
      const inputs = squadShrinks(10, 10, { options: { limits } });
      const leaverInputs = { ...inputs, desired: { ...inputs.desired, users: inputs.desired.users.slice(1) } };
      const blocked = buildPlan(leaverInputs);
      expect(blocked.safety.verdicts.map((v) => [v.limit, v.ok])).toEqual(limitNames.map((name) => [name, false]));
      const lifted = buildPlan({ ...leaverInputs, options: { ...leaverInputs.options, overrides: [...limitNames] } });
      expect(lifted.safety.verdicts.every((v) => v.ok)).toBe(true);
    });
  });

  it('checkSafety uses the default limits as documented', () => {
    expect(defaultSafetyLimits).toEqual({ maxDeactivations: 50, maxDeactivationPercent: 10, maxMembershipRemovalPercent: 50, maxTotalChanges: null });
    expect(checkSafety([], { users: [], squads: [], costCenters: [], tags: [] }, 0, defaultSafetyLimits, []).every((v) => v.ok)).toBe(true);
  });
});
