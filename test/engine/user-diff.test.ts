import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/engine/build-plan.js';
import { planChanges, type Change, type Plan } from '../../src/plan/plan-types.js';
import { createValues, diffUserFields } from '../../src/engine/user-diff.js';
import type { ManagedScope } from '../../src/model/directory.js';
import { userFields } from '../../src/model/directory.js';
import { actualUser, appliedValues, desiredUser, planInputs } from './builders.js';

const everything: ManagedScope = { fields: [...userFields], squads: { kind: 'all' }, tags: { kind: 'all' } };

function updates(plan: Plan): Extract<Change, { kind: 'updateUser' }>[] {
  return planChanges(plan).filter((c): c is Extract<Change, { kind: 'updateUser' }> => c.kind === 'updateUser');
}

describe('three-way diff of user fields', () => {
  it('writes a plain update when Deskbee still holds what was last applied', () => {
    const have = actualUser({ uuid: 'u-1', email: 'ana@corp.com', name: 'Ana Silva', enrollment: '100' });
    const want = desiredUser({ externalId: 'E1', email: 'ana@corp.com', name: 'Ana Souza', enrollment: '100' });
    const plan = buildPlan(planInputs({ users: [want], actual: { users: [have] }, userLinks: { E1: 'u-1' }, lastApplied: { 'u-1': appliedValues(have) } }));
    const [update, ...rest] = updates(plan);
    expect(rest).toEqual([]);
    expect(update).toMatchObject({ user: { uuid: 'u-1', externalId: 'E1' }, before: { name: 'Ana Silva' }, after: { name: 'Ana Souza' }, drift: [] });
    expect(Object.keys(update?.after ?? {})).toEqual(['name']);
    expect(update?.description).toBe('Change user ana@corp.com');
    expect(plan.drift).toEqual([]);
  });

  it('plans nothing for a user who already matches the source', () => {
    const want = desiredUser({ externalId: 'E1', email: 'ana@corp.com', enrollment: '100', tags: ['parking'], documents: { badge: '77' } });
    const have = actualUser({ uuid: 'u-1', email: 'ana@corp.com', enrollment: '100', tags: ['parking'], documents: { badge: '77' } });
    const plan = buildPlan(planInputs({ users: [want], actual: { users: [have], tags: [{ uuid: 't1', name: 'parking', access: 'public' }] }, userLinks: { E1: 'u-1' } }));
    expect(planChanges(plan)).toEqual([]);
  });

  describe('drift: a field Deskbee changed by hand since the last write', () => {
    const last = appliedValues(actualUser({ uuid: 'u-1', email: 'ana@corp.com', name: 'Ana Souza' }));
    const handEdited = actualUser({ uuid: 'u-1', email: 'ana@corp.com', name: 'Ana S. (temp)' });
    const want = desiredUser({ externalId: 'E1', email: 'ana@corp.com', name: 'Ana Souza' });

    it('source-wins: writes the source value back and reports the drift as overwritten', () => {
      const plan = buildPlan(planInputs({ users: [want], actual: { users: [handEdited] }, userLinks: { E1: 'u-1' }, lastApplied: { 'u-1': last } }));
      expect(updates(plan)).toEqual([
        expect.objectContaining({ before: { name: 'Ana S. (temp)' }, after: { name: 'Ana Souza' }, drift: ['name'] }),
      ]);
      expect(plan.drift).toEqual([
        { user: expect.objectContaining({ uuid: 'u-1', externalId: 'E1' }), field: 'name', lastApplied: 'Ana Souza', actual: 'Ana S. (temp)', desired: 'Ana Souza', resolution: 'overwritten' },
      ]);
    });

    it("deskbee-wins: keeps Deskbee's value and reports the drift as kept", () => {
      const plan = buildPlan(
        planInputs({ users: [want], actual: { users: [handEdited] }, userLinks: { E1: 'u-1' }, lastApplied: { 'u-1': last }, options: { drift: 'deskbee-wins' } }),
      );
      expect(updates(plan)).toEqual([]);
      expect(plan.drift).toEqual([expect.objectContaining({ field: 'name', actual: 'Ana S. (temp)', resolution: 'kept' })]);
    });

    it('deskbee-wins still writes the fields that did not drift', () => {
      const wantMore = { ...want, enrollment: '555' };
      const plan = buildPlan(
        planInputs({ users: [wantMore], actual: { users: [handEdited] }, userLinks: { E1: 'u-1' }, lastApplied: { 'u-1': last }, options: { drift: 'deskbee-wins' } }),
      );
      expect(updates(plan).map((u) => u.after)).toEqual([{ enrollment: '555' }]);
    });

    it('is not drift when nothing was ever applied (no last-applied value): a plain update', () => {
      const plan = buildPlan(planInputs({ users: [want], actual: { users: [handEdited] }, userLinks: { E1: 'u-1' } }));
      expect(updates(plan).map((u) => u.drift)).toEqual([[]]);
      expect(plan.drift).toEqual([]);
    });

    it('is neither drift nor a change when the source moved to the value Deskbee was given by hand', () => {
      const plan = buildPlan(
        planInputs({ users: [{ ...want, name: 'Ana S. (temp)' }], actual: { users: [handEdited] }, userLinks: { E1: 'u-1' }, lastApplied: { 'u-1': last } }),
      );
      expect(planChanges(plan)).toEqual([]);
      expect(plan.drift).toEqual([]);
    });
  });

  describe('fields Deskbee does not show (unknown)', () => {
    const hidden = actualUser({ uuid: 'u-1', email: 'ana@corp.com', tags: [], identifier: null, costCenter: null, unknownFields: ['tags', 'identifier', 'costCenter'] });
    const want = desiredUser({ externalId: 'E1', email: 'ana@corp.com', tags: ['parking'], identifier: 'ID-1', costCenter: 'CC-10' });
    const actual = {
      users: [hidden],
      tags: [{ uuid: 't1', name: 'parking', access: 'public' as const }],
      costCenters: [{ uuid: 'cc1', code: 'CC-10', name: 'Cost center CC-10', description: null }],
    };

    it('are compared with the last applied values: equal means no write', () => {
      const last = { ...appliedValues(hidden), tags: ['parking'], identifier: 'ID-1', costCenter: 'CC-10' };
      const plan = buildPlan(planInputs({ users: [want], actual, userLinks: { E1: 'u-1' }, lastApplied: { 'u-1': last } }));
      expect(planChanges(plan)).toEqual([]);
    });

    it('are written when the source differs from the last applied value, with that value as before', () => {
      const last = { ...appliedValues(hidden), tags: ['parking'], identifier: 'ID-0', costCenter: 'CC-10' };
      const plan = buildPlan(planInputs({ users: [want], actual, userLinks: { E1: 'u-1' }, lastApplied: { 'u-1': last } }));
      expect(updates(plan)).toEqual([expect.objectContaining({ before: { identifier: 'ID-0' }, after: { identifier: 'ID-1' }, drift: [] })]);
    });

    it('are written when nothing was ever applied, and never reported as drift', () => {
      const plan = buildPlan(planInputs({ users: [want], actual, userLinks: { E1: 'u-1' } }));
      expect(updates(plan)).toEqual([
        expect.objectContaining({ after: { identifier: 'ID-1', costCenter: 'CC-10', tags: ['parking'] }, before: { identifier: null, costCenter: null, tags: null }, drift: [] }),
      ]);
      expect(plan.drift).toEqual([]);
    });

    it('keep the unmanaged tags last written when Deskbee does not show tags', () => {
      const last = { ...appliedValues(hidden), identifier: 'ID-1', costCenter: 'CC-10', tags: ['parking', 'vip'] };
      const managed = { tags: { kind: 'names' as const, names: ['parking', 'remote'] } };
      const plan = buildPlan(
        planInputs({ users: [{ ...want, tags: ['remote'] }], actual: { ...actual, tags: [...actual.tags, { uuid: 't2', name: 'remote', access: 'public' }] }, managed, userLinks: { E1: 'u-1' }, lastApplied: { 'u-1': last } }),
      );
      expect(updates(plan).map((u) => u.after)).toEqual([{ tags: ['remote', 'vip'] }]);
    });
  });

  it('never writes unmanaged fields', () => {
    const have = actualUser({ uuid: 'u-1', email: 'ana@corp.com', name: 'Hand Name', enrollment: '1', identifier: 'X', costCenter: 'CC-1', tags: ['a'], documents: { badge: '1' } });
    const want = desiredUser({ externalId: 'E1', email: 'ana.new@corp.com', name: 'Source Name', enrollment: '2', identifier: 'Y', costCenter: 'CC-2', tags: ['b'], documents: { badge: '2' } });
    const onlyName = buildPlan(planInputs({ users: [want], actual: { users: [have] }, userLinks: { E1: 'u-1' }, managed: { fields: ['name'] } }));
    expect(updates(onlyName).map((u) => u.after)).toEqual([{ name: 'Source Name' }]);
    expect(planChanges(onlyName).filter((c) => 'user' in c).map((c) => c.kind)).toEqual(['updateUser']);

    const diff = diffUserFields(want, have, undefined, { ...everything, fields: ['email', 'documents'] }, 'source-wins');
    expect(Object.keys(diff.after).sort()).toEqual(['documents', 'email']);
  });

  it('creates users with name, email, status and only the managed fields', () => {
    const want = desiredUser({ externalId: 'E1', email: 'ana@corp.com', name: 'Ana', enrollment: '1', identifier: 'X', costCenter: 'CC-1', tags: ['a'], documents: { badge: '1' } });
    expect(createValues(want, { ...everything, fields: ['enrollment'] })).toEqual({ name: 'Ana', email: 'ana@corp.com', enrollment: '1', status: true });
    expect(createValues(want, everything)).toEqual({
      name: 'Ana',
      email: 'ana@corp.com',
      enrollment: '1',
      identifier: 'X',
      costCenter: 'CC-1',
      tags: ['a'],
      documents: { badge: '1' },
      status: true,
    });
  });

  describe('tags', () => {
    const managed: ManagedScope = { ...everything, tags: { kind: 'prefix', prefix: 'site-' } };

    it('keeps the unmanaged tags a Deskbee user carries and replaces the managed ones', () => {
      const have = actualUser({ uuid: 'u-1', email: 'ana@corp.com', tags: ['site-lisbon', 'vip'] });
      const want = desiredUser({ externalId: 'E1', email: 'ana@corp.com', tags: ['site-porto', 'not-mine'] });
      const diff = diffUserFields(want, have, undefined, managed, 'source-wins');
      expect(diff.after).toEqual({ tags: ['site-porto', 'vip'] });
      expect(diff.before).toEqual({ tags: ['site-lisbon', 'vip'] });
    });

    it('plans nothing when only unmanaged tags differ', () => {
      const have = actualUser({ uuid: 'u-1', email: 'ana@corp.com', tags: ['site-lisbon', 'vip', 'wheelchair'] });
      const want = desiredUser({ externalId: 'E1', email: 'ana@corp.com', tags: ['site-lisbon'] });
      expect(diffUserFields(want, have, { tags: ['site-lisbon', 'vip'] }, managed, 'source-wins').after).toEqual({});
    });

    it('does not take a hand-added unmanaged tag for drift of the managed ones', () => {
      const have = actualUser({ uuid: 'u-1', email: 'ana@corp.com', tags: ['site-lisbon', 'vip'] });
      const want = desiredUser({ externalId: 'E1', email: 'ana@corp.com', tags: ['site-porto'] });
      const diff = diffUserFields(want, have, { tags: ['site-lisbon'] }, managed, 'deskbee-wins');
      expect(diff.notices).toEqual([]);
      expect(diff.after).toEqual({ tags: ['site-porto', 'vip'] });
    });

    it('reports a managed tag removed by hand as drift', () => {
      const have = actualUser({ uuid: 'u-1', email: 'ana@corp.com', tags: ['vip'] });
      const want = desiredUser({ externalId: 'E1', email: 'ana@corp.com', tags: ['site-lisbon'] });
      const diff = diffUserFields(want, have, { tags: ['site-lisbon', 'vip'] }, managed, 'source-wins');
      expect(diff.drift).toEqual(['tags']);
      expect(diff.after).toEqual({ tags: ['site-lisbon', 'vip'] });
    });
  });

  describe('documents', () => {
    it("merges the source's documents into Deskbee's, keeping the types the source does not set", () => {
      const have = actualUser({ uuid: 'u-1', email: 'ana@corp.com', documents: { passport: 'P1', badge: '10' } });
      const want = desiredUser({ externalId: 'E1', email: 'ana@corp.com', documents: { badge: '11' } });
      const diff = diffUserFields(want, have, undefined, everything, 'source-wins');
      expect(diff.after).toEqual({ documents: { passport: 'P1', badge: '11' } });
    });

    it('plans nothing when the documents the source sets are already there', () => {
      const have = actualUser({ uuid: 'u-1', email: 'ana@corp.com', documents: { passport: 'P1', badge: '10' } });
      const want = desiredUser({ externalId: 'E1', email: 'ana@corp.com', documents: { badge: '10' } });
      expect(diffUserFields(want, have, { documents: { badge: '10' } }, everything, 'source-wins').after).toEqual({});
    });

    it('does not take a hand-added document of another type for drift', () => {
      const have = actualUser({ uuid: 'u-1', email: 'ana@corp.com', documents: { passport: 'P1', badge: '10' } });
      const want = desiredUser({ externalId: 'E1', email: 'ana@corp.com', documents: { badge: '11' } });
      const diff = diffUserFields(want, have, { documents: { badge: '10' } }, everything, 'deskbee-wins');
      expect(diff.notices).toEqual([]);
      expect(diff.after).toEqual({ documents: { passport: 'P1', badge: '11' } });
    });
  });

  it('changes the email of a linked user with one updateUser and no create or deactivation', () => {
    const have = actualUser({ uuid: 'u-1', email: 'ana.silva@corp.com' });
    const want = desiredUser({ externalId: 'E1', email: 'ana.souza@corp.com', name: have.name });
    const plan = buildPlan(planInputs({ users: [want], actual: { users: [have] }, userLinks: { E1: 'u-1' }, lastApplied: { 'u-1': appliedValues(have) } }));
    expect(planChanges(plan)).toEqual([
      expect.objectContaining({ kind: 'updateUser', user: expect.objectContaining({ uuid: 'u-1' }), before: { email: 'ana.silva@corp.com' }, after: { email: 'ana.souza@corp.com' } }),
    ]);
  });

  it('does not see a change of case in an email as a change', () => {
    const have = actualUser({ uuid: 'u-1', email: 'ana@corp.com' });
    const want = desiredUser({ externalId: 'E1', email: 'ANA@corp.com', name: have.name });
    expect(planChanges(buildPlan(planInputs({ users: [want], actual: { users: [have] }, userLinks: { E1: 'u-1' } })))).toEqual([]);
  });
});
