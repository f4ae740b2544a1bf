import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/engine/build-plan.js';
import { pairUsers } from '../../src/engine/pair-users.js';
import { planChanges, type Change } from '../../src/plan/plan-types.js';
import { actualUser, appliedValues, desiredUser, planInputs } from './builders.js';

function kinds(changes: Change[]): string[] {
  return changes.map((c) => c.kind);
}

describe('pairing source users with Deskbee users', () => {
  it('pairs by the stored link, whatever the email and enrollment now say', () => {
    const want = desiredUser({ externalId: 'E1', email: 'ana.souza@corp.com', enrollment: '900' });
    const have = actualUser({ uuid: 'u-1', email: 'ana@corp.com', enrollment: '100' });
    const decoy = actualUser({ uuid: 'u-2', email: 'ana.souza@corp.com', enrollment: '900' });
    const pairing = pairUsers(planInputs({ users: [want], actual: { users: [have, decoy] }, userLinks: { E1: 'u-1' } }));
    expect(pairing.pairs).toHaveLength(1);
    expect(pairing.pairs[0]?.actual.uuid).toBe('u-1');
    expect(pairing.pairs[0]?.pairedBy).toBe('link');
    expect(pairing.creates).toEqual([]);
    expect(pairing.leavers).toEqual([]);
  });

  it('matches by the rules in order: enrollment before email', () => {
    const want = desiredUser({ externalId: 'E1', email: 'ana@corp.com', enrollment: '100' });
    const byEmail = actualUser({ uuid: 'u-email', email: 'ana@corp.com' });
    const byEnrollment = actualUser({ uuid: 'u-enr', email: 'asouza@corp.com', enrollment: '100' });
    const inputs = planInputs({ users: [want], actual: { users: [byEmail, byEnrollment] } });
    const first = pairUsers(inputs).pairs[0];
    expect(first?.actual.uuid).toBe('u-enr');
    expect(first?.pairedBy).toBe('enrollment');

    const emailFirst = pairUsers({ ...inputs, options: { ...inputs.options, match: ['email', 'enrollment'] } }).pairs[0];
    expect(emailFirst?.actual.uuid).toBe('u-email');
    expect(emailFirst?.pairedBy).toBe('email');
  });

  it('falls back to the next rule when the first finds nobody', () => {
    const want = desiredUser({ externalId: 'E1', email: 'ana@corp.com', enrollment: '100' });
    const pairing = pairUsers(planInputs({ users: [want], actual: { users: [actualUser({ uuid: 'u-1', email: 'ana@corp.com', enrollment: null })] } }));
    expect(pairing.pairs[0]?.pairedBy).toBe('email');
  });

  it('matches emails case-insensitively and plans a linkUser, not a create', () => {
    const want = desiredUser({ externalId: 'E1', email: 'Ana.Souza@Corp.com' });
    const have = actualUser({ uuid: 'u-1', email: 'ana.souza@corp.com', name: 'Ana.souza' });
    const plan = buildPlan(planInputs({ users: [want], actual: { users: [have] } }));
    const changes = planChanges(plan);
    expect(kinds(changes)).not.toContain('createUser');
    const link = changes.find((c) => c.kind === 'linkUser');
    expect(link).toMatchObject({ kind: 'linkUser', matchedBy: 'email', user: { uuid: 'u-1', externalId: 'E1' } });
    expect(link && 'previousExternalId' in link).toBe(false);
  });

  it('only uses the match rules the mapping lists', () => {
    const want = desiredUser({ externalId: 'E1', email: 'ana@corp.com', identifier: 'ID-7' });
    const have = actualUser({ uuid: 'u-1', email: 'other@corp.com', identifier: 'ID-7' });
    const inputs = planInputs({ users: [want], actual: { users: [have] } });
    expect(pairUsers(inputs).creates.map((u) => u.externalId)).toEqual(['E1']);
    const withIdentifier = pairUsers({ ...inputs, options: { ...inputs.options, match: ['identifier'] } });
    expect(withIdentifier.pairs[0]?.pairedBy).toBe('identifier');
  });

  it('adopts nobody on an ambiguous key (two Deskbee users share it)', () => {
    const want = desiredUser({ externalId: 'E1', email: 'ana@corp.com', identifier: 'ID-7' });
    const twins = [actualUser({ uuid: 'u-1', email: 'a1@corp.com', identifier: 'ID-7' }), actualUser({ uuid: 'u-2', email: 'a2@corp.com', identifier: 'ID-7' })];
    const inputs = planInputs({ users: [want], actual: { users: twins }, options: { match: ['identifier'] } });
    const pairing = pairUsers(inputs);
    expect(pairing.pairs).toEqual([]);
    expect(pairing.creates.map((u) => u.externalId)).toEqual(['E1']);
    const plan = buildPlan(inputs);
    expect(kinds(planChanges(plan))).toEqual(['createUser']);
  });

  it('never adopts a Deskbee user linked to another current external id', () => {
    const owner = desiredUser({ externalId: 'E1', email: 'ana@corp.com' });
    const newcomer = desiredUser({ externalId: 'E2', email: 'ana.new@corp.com', enrollment: '100' });
    const have = actualUser({ uuid: 'u-1', email: 'ana@corp.com', enrollment: '100' });
    const pairing = pairUsers(planInputs({ users: [owner, newcomer], actual: { users: [have] }, userLinks: { E1: 'u-1' } }));
    expect(pairing.pairs.map((p) => [p.desired.externalId, p.actual.uuid])).toEqual([['E1', 'u-1']]);
    expect(pairing.creates.map((u) => u.externalId)).toEqual(['E2']);
  });

  it('never adopts a Deskbee user linked to a current external id even when that id comes later in the source', () => {
    const newcomer = desiredUser({ externalId: 'E2', email: 'ana@corp.com' });
    const owner = desiredUser({ externalId: 'E1', email: 'ana.souza@corp.com' });
    const have = actualUser({ uuid: 'u-1', email: 'ana@corp.com' });
    const pairing = pairUsers(planInputs({ users: [newcomer, owner], actual: { users: [have] }, userLinks: { E1: 'u-1' } }));
    expect(pairing.pairs.map((p) => [p.desired.externalId, p.actual.uuid, p.pairedBy])).toEqual([['E1', 'u-1', 'link']]);
    expect(pairing.creates.map((u) => u.externalId)).toEqual(['E2']);
  });

  it('re-links a Deskbee user whose external id the source no longer has, and does not treat them as a leaver', () => {
    const rekeyed = desiredUser({ externalId: 'NEW-1', email: 'ana@corp.com' });
    const have = actualUser({ uuid: 'u-1', email: 'ana@corp.com' });
    const inputs = planInputs({ users: [rekeyed], actual: { users: [have] }, userLinks: { 'OLD-1': 'u-1' }, lastApplied: { 'u-1': appliedValues(have) } });
    const pairing = pairUsers(inputs);
    expect(pairing.pairs[0]).toMatchObject({ pairedBy: 'email', previous: { source: 'hr', externalId: 'OLD-1' } });
    expect(pairing.leavers).toEqual([]);

    const changes = planChanges(buildPlan(inputs));
    expect(changes).toEqual([
      expect.objectContaining({ kind: 'linkUser', previousExternalId: 'OLD-1', user: expect.objectContaining({ uuid: 'u-1', externalId: 'NEW-1' }) }),
    ]);
  });

  it('leaves out external ids read but left out (bad rows): not updated, not deactivated, not leavers, not adoptable', () => {
    const good = desiredUser({ externalId: 'E1', email: 'ana@corp.com' });
    const badRowUser = actualUser({ uuid: 'u-2', email: 'bob@corp.com', name: 'Old name' });
    // A new source user whose email matches the left-out person's Deskbee user must not take it over.
    const lookalike = desiredUser({ externalId: 'E3', email: 'bob@corp.com', name: 'Bob' });
    const inputs = planInputs({
      users: [good, lookalike],
      actual: { users: [actualUser({ uuid: 'u-1', email: 'ana@corp.com' }), badRowUser] },
      userLinks: { E1: 'u-1', E2: 'u-2' },
      leftOut: { users: ['E2'] },
    });
    const pairing = pairUsers(inputs);
    expect(pairing.leavers).toEqual([]);
    expect(pairing.pairs.map((p) => p.actual.uuid)).toEqual(['u-1']);

    const changes = planChanges(buildPlan(inputs));
    const touchingBob = changes.filter((c) => 'user' in c && c.user.uuid === 'u-2');
    expect(touchingBob).toEqual([]);
    expect(kinds(changes)).not.toContain('deactivateUser');
  });

  it('treats a linked user gone from the source (and not left out) as a leaver', () => {
    const stays = desiredUser({ externalId: 'E1', email: 'ana@corp.com' });
    const inputs = planInputs({
      users: [stays],
      actual: { users: [actualUser({ uuid: 'u-1', email: 'ana@corp.com' }), actualUser({ uuid: 'u-2', email: 'bob@corp.com' })] },
      userLinks: { E1: 'u-1', E2: 'u-2' },
    });
    expect(pairUsers(inputs).leavers.map((l) => [l.externalId, l.actual.uuid])).toEqual([['E2', 'u-2']]);
  });

  it('falls back to matching, then creation, when the linked uuid is gone from Deskbee', () => {
    const matched = desiredUser({ externalId: 'E1', email: 'ana@corp.com' });
    const created = desiredUser({ externalId: 'E2', email: 'bob@corp.com' });
    const inputs = planInputs({
      users: [matched, created],
      actual: { users: [actualUser({ uuid: 'u-9', email: 'ana@corp.com' })] },
      userLinks: { E1: 'u-gone-1', E2: 'u-gone-2' },
    });
    const pairing = pairUsers(inputs);
    expect(pairing.pairs.map((p) => [p.desired.externalId, p.actual.uuid, p.pairedBy])).toEqual([['E1', 'u-9', 'email']]);
    expect(pairing.creates.map((u) => u.externalId)).toEqual(['E2']);
    expect(pairing.leavers).toEqual([]);

    const changes = planChanges(buildPlan(inputs));
    expect(kinds(changes).sort()).toEqual(['createUser', 'linkUser']);
    expect(changes.find((c) => c.kind === 'createUser')).toMatchObject({ user: { externalId: 'E2', email: 'bob@corp.com' } });
  });

  it('does not let two source users adopt the same Deskbee user', () => {
    const first = desiredUser({ externalId: 'E1', email: 'ana@corp.com', enrollment: '100' });
    const second = desiredUser({ externalId: 'E2', email: 'ana@corp.com', enrollment: null });
    const pairing = pairUsers(planInputs({ users: [first, second], actual: { users: [actualUser({ uuid: 'u-1', email: 'ana@corp.com', enrollment: '100' })] } }));
    expect(pairing.pairs.map((p) => p.desired.externalId)).toEqual(['E1']);
    expect(pairing.creates.map((u) => u.externalId)).toEqual(['E2']);
  });
});
