import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/engine/build-plan.js';
import { planChanges, type Change } from '../../src/plan/plan-types.js';
import { actualUser, desiredUser, linkedCopies, planInputs } from './builders.js';

type Add = Extract<Change, { kind: 'addMembers' }>;
type Remove = Extract<Change, { kind: 'removeMembers' }>;

const squads = [
  { uuid: 'sq-sales', name: 'Sales' },
  { uuid: 'sq-ops', name: 'Ops' },
  { uuid: 'sq-club', name: 'Book club' },
];

function of<K extends Change['kind']>(changes: Change[], kind: K): Extract<Change, { kind: K }>[] {
  return changes.filter((c): c is Extract<Change, { kind: K }> => c.kind === kind);
}

describe('squad memberships', () => {
  it('adds with one bulk change per squad, users sorted by email, new users by external id without uuid', () => {
    const zoe = desiredUser({ externalId: 'E3', email: 'zoe@corp.com', squads: ['Sales'] });
    const ana = desiredUser({ externalId: 'E1', email: 'ana@corp.com', squads: ['Ops', 'Sales'] });
    const newcomer = desiredUser({ externalId: 'E9', email: 'mia@corp.com', squads: ['Sales'] });
    const linked = linkedCopies([zoe, ana], { squads: [] });
    const plan = buildPlan(planInputs({ users: [zoe, ana, newcomer], actual: { users: linked.actual, squads }, userLinks: linked.userLinks }));
    const adds = of(planChanges(plan), 'addMembers');
    expect(adds.map((a) => [a.squad, a.squadUuid, a.users.map((u) => u.email)])).toEqual([
      ['Ops', 'sq-ops', ['ana@corp.com']],
      ['Sales', 'sq-sales', ['ana@corp.com', 'mia@corp.com', 'zoe@corp.com']],
    ]);
    const sales = adds[1] as Add;
    expect(sales.users.find((u) => u.email === 'mia@corp.com')).toEqual({ externalId: 'E9', source: 'hr', email: 'mia@corp.com', name: newcomer.name });
    expect(sales.users.find((u) => u.email === 'ana@corp.com')).toMatchObject({ uuid: 'u-E1', externalId: 'E1' });
    expect(sales.description).toBe('Add 3 users to squad Sales');
  });

  it("adds to a squad this plan creates (no uuid yet) and uses Deskbee's spelling of an existing squad's name", () => {
    const ana = desiredUser({ externalId: 'E1', email: 'ana@corp.com', squads: ['New Team', 'sales'] });
    const plan = buildPlan(planInputs({ users: [ana], actual: { squads } }));
    const adds = of(planChanges(plan), 'addMembers');
    expect(adds.map((a) => [a.squad, a.squadUuid])).toEqual([
      ['New Team', undefined],
      ['Sales', 'sq-sales'],
    ]);
    expect(of(planChanges(plan), 'createSquad').map((c) => c.name)).toEqual(['New Team']);
  });

  it('removes members only from managed squads, and only in sync mode', () => {
    const ana = desiredUser({ externalId: 'E1', email: 'ana@corp.com', squads: [] });
    const linked = linkedCopies([ana], { squads: ['Book club', 'Ops', 'Sales'] });
    const base = { users: [ana], actual: { users: linked.actual, squads }, userLinks: linked.userLinks, managed: { squads: { kind: 'names' as const, names: ['Sales', 'Ops'] } } };

    const sync = of(planChanges(buildPlan(planInputs(base))), 'removeMembers');
    expect(sync.map((r) => [r.squad, r.squadUuid, r.users.map((u) => u.uuid)])).toEqual([
      ['Ops', 'sq-ops', ['u-E1']],
      ['Sales', 'sq-sales', ['u-E1']],
    ]);
    expect((sync[0] as Remove).description).toBe('Remove ana@corp.com from squad Ops');

    const imported = planChanges(buildPlan(planInputs({ ...base, options: { mode: 'import' } })));
    expect(of(imported, 'removeMembers')).toEqual([]);
  });

  it('removes nobody from squads when the mapping manages none', () => {
    const ana = desiredUser({ externalId: 'E1', email: 'ana@corp.com', squads: [] });
    const linked = linkedCopies([ana], { squads: ['Ops', 'Sales'] });
    const plan = buildPlan(planInputs({ users: [ana], actual: { users: linked.actual, squads }, userLinks: linked.userLinks, managed: { squads: { kind: 'none' } } }));
    expect(planChanges(plan)).toEqual([]);
  });

  it('never removes Deskbee users no source links to', () => {
    const ana = desiredUser({ externalId: 'E1', email: 'ana@corp.com', squads: ['Sales'] });
    const linked = linkedCopies([ana], { squads: ['Sales'] });
    const stranger = actualUser({ uuid: 'u-x', email: 'guest@corp.com', squads: ['Sales', 'Ops'] });
    const plan = buildPlan(planInputs({ users: [ana], actual: { users: [...linked.actual, stranger], squads }, userLinks: linked.userLinks }));
    expect(planChanges(plan)).toEqual([]);
  });

  it('does not touch the squads of users left out (bad rows) or of leavers', () => {
    const ana = desiredUser({ externalId: 'E1', email: 'ana@corp.com', squads: ['Sales'] });
    const linked = linkedCopies([ana], { squads: ['Sales'] });
    const badRow = actualUser({ uuid: 'u-bad', email: 'bad@corp.com', squads: ['Sales'] });
    const leaver = actualUser({ uuid: 'u-left', email: 'left@corp.com', squads: ['Sales'] });
    const plan = buildPlan(
      planInputs({
        users: [ana],
        actual: { users: [...linked.actual, badRow, leaver], squads },
        userLinks: new Map([...linked.userLinks, ['E-bad', 'u-bad'], ['E-left', 'u-left']]),
        leftOut: { users: ['E-bad'] },
      }),
    );
    expect(planChanges(plan).map((c) => [c.kind, 'user' in c ? c.user.uuid : undefined])).toEqual([['deactivateUser', 'u-left']]);
  });

  it('renames a linked squad (by group external id) without removing and re-adding its members', () => {
    const ana = desiredUser({ externalId: 'E1', email: 'ana@corp.com', squads: ['Sales EMEA'] });
    const bob = desiredUser({ externalId: 'E2', email: 'bob@corp.com', squads: ['Sales EMEA'] });
    const linked = linkedCopies([ana, bob], { squads: ['Sales'] });
    const plan = buildPlan(
      planInputs({
        users: [ana, bob],
        squads: [{ name: 'Sales EMEA', externalId: 'G-sales' }],
        actual: { users: linked.actual, squads },
        userLinks: linked.userLinks,
        squadLinks: { 'G-sales': 'sq-sales' },
      }),
    );
    expect(planChanges(plan)).toEqual([
      expect.objectContaining({ kind: 'renameSquad', uuid: 'sq-sales', externalId: 'G-sales', before: 'Sales', after: 'Sales EMEA', description: 'Rename squad Sales → Sales EMEA' }),
    ]);
  });

  it('after a rename, adds newcomers to the renamed squad by its uuid and removes those who left it', () => {
    const ana = desiredUser({ externalId: 'E1', email: 'ana@corp.com', squads: ['Sales EMEA'] });
    const bob = desiredUser({ externalId: 'E2', email: 'bob@corp.com', squads: [] });
    const cid = desiredUser({ externalId: 'E3', email: 'cid@corp.com', squads: ['Sales EMEA'] });
    const linked = linkedCopies([ana, bob], { squads: ['Sales'] });
    const plan = buildPlan(
      planInputs({
        users: [ana, bob, cid],
        squads: [{ name: 'Sales EMEA', externalId: 'G-sales' }],
        actual: { users: linked.actual, squads },
        userLinks: linked.userLinks,
        squadLinks: { 'G-sales': 'sq-sales' },
      }),
    );
    const changes = planChanges(plan);
    expect(of(changes, 'addMembers').map((a) => [a.squad, a.squadUuid, a.users.map((u) => u.email)])).toEqual([['Sales EMEA', 'sq-sales', ['cid@corp.com']]]);
    expect(of(changes, 'removeMembers').map((r) => [r.squad, r.squadUuid, r.users.map((u) => u.email)])).toEqual([['Sales EMEA', 'sq-sales', ['bob@corp.com']]]);
  });

  it('compares squad names case-insensitively', () => {
    const ana = desiredUser({ externalId: 'E1', email: 'ana@corp.com', squads: ['SALES'] });
    const linked = linkedCopies([ana], { squads: ['Sales'] });
    const plan = buildPlan(planInputs({ users: [ana], squads: [{ name: 'SALES' }], actual: { users: linked.actual, squads }, userLinks: linked.userLinks }));
    expect(planChanges(plan)).toEqual([]);
  });
});
