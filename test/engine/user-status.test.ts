import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/engine/build-plan.js';
import { planChanges } from '../../src/plan/plan-types.js';
import { actualUser, appliedValues, desiredUser, planInputs } from './builders.js';

const ana = actualUser({ uuid: 'u-1', email: 'ana@corp.com' });
const bob = actualUser({ uuid: 'u-2', email: 'bob@corp.com' });
const anaWanted = desiredUser({ externalId: 'E1', email: 'ana@corp.com' });

describe('user status', () => {
  describe('leavers (linked, gone from the source)', () => {
    const inputs = (mode: 'sync' | 'import') =>
      planInputs({ users: [anaWanted], actual: { users: [ana, bob] }, userLinks: { E1: 'u-1', E2: 'u-2' }, options: { mode } });

    it("are deactivated with reason 'left' in sync mode", () => {
      const changes = planChanges(buildPlan(inputs('sync')));
      expect(changes).toEqual([
        expect.objectContaining({ kind: 'deactivateUser', reason: 'left', user: expect.objectContaining({ uuid: 'u-2', externalId: 'E2', email: 'bob@corp.com' }), description: 'Deactivate user bob@corp.com: gone from hr' }),
      ]);
    });

    it('are left alone in import mode', () => {
      expect(planChanges(buildPlan(inputs('import')))).toEqual([]);
    });

    it('are not deactivated twice', () => {
      const gone = { ...bob, status: false };
      const plan = buildPlan(planInputs({ users: [anaWanted], actual: { users: [ana, gone] }, userLinks: { E1: 'u-1', E2: 'u-2' } }));
      expect(planChanges(plan)).toEqual([]);
    });

    it('are deactivated even when the mapping does not manage status', () => {
      const plan = buildPlan(planInputs({ users: [anaWanted], actual: { users: [ana, bob] }, userLinks: { E1: 'u-1', E2: 'u-2' }, managed: { fields: ['name'] } }));
      expect(planChanges(plan).map((c) => c.kind)).toEqual(['deactivateUser']);
    });
  });

  it("deactivates a user the source marks disabled, reason 'disabled'", () => {
    const plan = buildPlan(planInputs({ users: [{ ...anaWanted, status: false }], actual: { users: [ana] }, userLinks: { E1: 'u-1' }, lastApplied: { 'u-1': appliedValues(ana) } }));
    expect(planChanges(plan)).toEqual([expect.objectContaining({ kind: 'deactivateUser', reason: 'disabled', user: expect.objectContaining({ uuid: 'u-1' }) })]);
  });

  it('does not deactivate a disabled source user when status is not managed', () => {
    const plan = buildPlan(planInputs({ users: [{ ...anaWanted, status: false }], actual: { users: [ana] }, userLinks: { E1: 'u-1' }, managed: { fields: ['name', 'email'] } }));
    expect(planChanges(plan)).toEqual([]);
  });

  it("reactivates a rehire (deactivated by this tool, back in the source) with reason 'returned' and the same uuid", () => {
    const deactivated = { ...ana, status: false };
    const plan = buildPlan(
      planInputs({ users: [anaWanted], actual: { users: [deactivated] }, userLinks: { E1: 'u-1' }, lastApplied: { 'u-1': { ...appliedValues(ana), status: false } } }),
    );
    expect(planChanges(plan)).toEqual([expect.objectContaining({ kind: 'reactivateUser', reason: 'returned', user: expect.objectContaining({ uuid: 'u-1', externalId: 'E1' }) })]);
  });

  it('reactivates a rehire who comes back under a new external id, matched by email, with the same uuid', () => {
    const deactivated = { ...ana, status: false };
    const back = desiredUser({ externalId: 'E77', email: 'ana@corp.com' });
    const plan = buildPlan(
      planInputs({ users: [back], actual: { users: [deactivated] }, userLinks: { E1: 'u-1' }, lastApplied: { 'u-1': { ...appliedValues(ana), status: false } } }),
    );
    const changes = planChanges(plan);
    expect(changes.map((c) => c.kind)).toEqual(['linkUser', 'reactivateUser']);
    expect(changes[0]).toMatchObject({ previousExternalId: 'E1', user: { uuid: 'u-1', externalId: 'E77' } });
    expect(changes[1]).toMatchObject({ reason: 'returned', user: { uuid: 'u-1' } });
  });

  it('reactivates a rehire even when the mapping does not manage status', () => {
    const plan = buildPlan(
      planInputs({
        users: [anaWanted],
        actual: { users: [{ ...ana, status: false }] },
        userLinks: { E1: 'u-1' },
        lastApplied: { 'u-1': { status: false } },
        managed: { fields: ['name', 'email'] },
      }),
    );
    expect(planChanges(plan)).toEqual([expect.objectContaining({ kind: 'reactivateUser', reason: 'returned' })]);
  });

  it('does not reactivate a user deactivated by hand when status is not managed', () => {
    const plan = buildPlan(
      planInputs({ users: [anaWanted], actual: { users: [{ ...ana, status: false }] }, userLinks: { E1: 'u-1' }, lastApplied: { 'u-1': appliedValues(ana) }, managed: { fields: ['name'] } }),
    );
    expect(planChanges(plan)).toEqual([]);
  });

  describe('status changed by hand in Deskbee (drift)', () => {
    const handDeactivated = { ...ana, status: false };
    const inputs = (drift: 'source-wins' | 'deskbee-wins') =>
      planInputs({ users: [anaWanted], actual: { users: [handDeactivated] }, userLinks: { E1: 'u-1' }, lastApplied: { 'u-1': appliedValues(ana) }, options: { drift } });

    it('source-wins: reactivates and reports the drift as overwritten', () => {
      const plan = buildPlan(inputs('source-wins'));
      expect(planChanges(plan)).toEqual([expect.objectContaining({ kind: 'reactivateUser', reason: 'enabled' })]);
      expect(plan.drift).toEqual([expect.objectContaining({ field: 'status', lastApplied: true, actual: false, desired: true, resolution: 'overwritten' })]);
    });

    it('deskbee-wins: keeps the user deactivated and reports the drift as kept', () => {
      const plan = buildPlan(inputs('deskbee-wins'));
      expect(planChanges(plan)).toEqual([]);
      expect(plan.drift).toEqual([expect.objectContaining({ field: 'status', actual: false, desired: true, resolution: 'kept' })]);
    });

    it('deskbee-wins: keeps a disabled user reactivated by hand active', () => {
      const plan = buildPlan(
        planInputs({
          users: [{ ...anaWanted, status: false }],
          actual: { users: [ana] },
          userLinks: { E1: 'u-1' },
          lastApplied: { 'u-1': { ...appliedValues(ana), status: false } },
          options: { drift: 'deskbee-wins' },
        }),
      );
      expect(planChanges(plan)).toEqual([]);
      expect(plan.drift).toEqual([expect.objectContaining({ field: 'status', lastApplied: false, actual: true, desired: false, resolution: 'kept' })]);
    });
  });

  it('does not create a disabled source user Deskbee does not have', () => {
    const plan = buildPlan(planInputs({ users: [{ ...anaWanted, status: false, squads: ['Sales'] }], actual: { users: [] } }));
    const kinds = planChanges(plan).map((c) => c.kind);
    expect(kinds).not.toContain('createUser');
    expect(kinds).not.toContain('addMembers');
  });

  it('creates a disabled source user when status is not managed (Deskbee user active)', () => {
    const plan = buildPlan(planInputs({ users: [{ ...anaWanted, status: false }], managed: { fields: ['name', 'email'] } }));
    expect(planChanges(plan)).toEqual([expect.objectContaining({ kind: 'createUser', after: { name: anaWanted.name, email: 'ana@corp.com', status: true } })]);
  });
});
