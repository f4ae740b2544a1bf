import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/engine/build-plan.js';
import { planChanges, type Change, type Plan } from '../../src/plan/plan-types.js';
import { verifyPlanAgainst } from '../../src/engine/verify-plan.js';
import type { ActualState } from '../../src/model/directory.js';
import { actualUser, appliedValues, desiredUser, planInputs } from './builders.js';

/** A plan with one change of most kinds, and the Deskbee it was made against. */
function scenario(): { plan: Plan; actual: ActualState } {
  const ana = actualUser({ uuid: 'u-ana', email: 'ana@corp.com', name: 'Ana Silva', squads: ['Ops'] });
  const bob = actualUser({ uuid: 'u-bob', email: 'bob@corp.com', status: false });
  const cid = actualUser({ uuid: 'u-cid', email: 'cid@corp.com', enrollment: '300' });
  const dan = actualUser({ uuid: 'u-dan', email: 'dan@corp.com' });
  const inputs = planInputs({
    users: [
      desiredUser({ externalId: 'E-ana', email: 'ana@corp.com', name: 'Ana Souza', squads: ['Sales EMEA'] }),
      desiredUser({ externalId: 'E-bob', email: 'bob@corp.com', squads: ['Ops'] }),
      desiredUser({ externalId: 'E-cid', email: 'cid@corp.com', enrollment: '300' }),
      desiredUser({ externalId: 'E-fay', email: 'fay@corp.com', squads: ['Design'], tags: ['remote'], costCenter: 'CC-20' }),
    ],
    squads: [{ name: 'Sales EMEA', externalId: 'G-sales' }, { name: 'Ops' }, { name: 'Design' }],
    costCenters: [
      { code: 'CC-10', name: 'Finance & Tax', description: null },
      { code: 'CC-20', name: 'Legal', description: null },
    ],
    tags: [{ name: 'remote', access: 'public' }],
    actual: {
      users: [ana, bob, cid, dan],
      squads: [
        { uuid: 'sq-sales', name: 'Sales' },
        { uuid: 'sq-ops', name: 'Ops' },
      ],
      costCenters: [{ uuid: 'cc-10', code: 'CC-10', name: 'Finance', description: null }],
    },
    userLinks: { 'E-ana': 'u-ana', 'E-bob': 'u-bob', 'E-dan': 'u-dan' },
    squadLinks: { 'G-sales': 'sq-sales' },
    lastApplied: { 'u-ana': appliedValues(ana), 'u-bob': { status: false } },
    options: { limits: { deactivations: { count: 500, percent: 100 } } },
  });
  return { plan: buildPlan(inputs), actual: inputs.actual };
}

/** The id of the first change of `kind` (of `squad`, for membership changes). */
function idOf(plan: Plan, kind: Change['kind'], squad?: string): string {
  const change = planChanges(plan).find((c) => c.kind === kind && (squad === undefined || ('squad' in c && c.squad === squad)));
  if (!change) throw new Error(`the scenario has no ${kind}`);
  return change.id;
}

describe('verifyPlanAgainst: a saved plan against Deskbee now', () => {
  const { plan, actual } = scenario();

  it('the scenario covers the kinds checked below', () => {
    expect(Object.keys(plan.counts).sort()).toEqual(
      ['addMembers', 'createCostCenter', 'createSquad', 'createTag', 'createUser', 'deactivateUser', 'linkUser', 'reactivateUser', 'removeMembers', 'renameSquad', 'updateCostCenter', 'updateUser'].sort(),
    );
  });

  it('finds nothing when Deskbee has not moved', () => {
    expect(verifyPlanAgainst(plan, actual)).toEqual([]);
    expect(verifyPlanAgainst(plan, structuredClone(actual))).toEqual([]);
  });

  const movements: [string, Change['kind'], (a: ActualState) => void, RegExp, string?][] = [
    ['a user with the new user’s email appeared', 'createUser', (a) => a.users.push(actualUser({ uuid: 'u-x', email: 'FAY@corp.com' })), /a user with email fay@corp\.com now exists/],
    ['a field the update expects changed', 'updateUser', (a) => void (a.users[0] && (a.users[0].name = 'Ana Hand')), /ana@corp\.com's name is now "Ana Hand", the plan expected "Ana Silva"/],
    ['the updated user is gone', 'updateUser', (a) => void a.users.splice(0, 1), /user ana@corp\.com is no longer in Deskbee/],
    ['the user to link is gone', 'linkUser', (a) => void a.users.splice(2, 1), /user cid@corp\.com is no longer in Deskbee/],
    ['the user to reactivate is active already', 'reactivateUser', (a) => void (a.users[1] && (a.users[1].status = true)), /bob@corp\.com is already active/],
    ['the user to deactivate is deactivated already', 'deactivateUser', (a) => void (a.users[3] && (a.users[3].status = false)), /dan@corp\.com is already deactivated/],
    ['a squad of the new name appeared', 'createSquad', (a) => void a.squads.push({ uuid: 'sq-x', name: 'design' }), /a squad named Design now exists/],
    ['the squad to rename was renamed by hand', 'renameSquad', (a) => void (a.squads[0] && (a.squads[0].name = 'Sales LATAM')), /squad Sales is gone or renamed/],
    ['the squad to remove members from is gone', 'removeMembers', (a) => void a.squads.splice(1, 1), /squad Ops is no longer in Deskbee/, 'Ops'],
    ['the squad to add members to is gone', 'addMembers', (a) => void a.squads.splice(1, 1), /squad Ops is no longer in Deskbee/, 'Ops'],
    ['a cost center with the new code appeared', 'createCostCenter', (a) => void a.costCenters.push({ uuid: 'cc-x', code: 'CC-20', name: 'Legal', description: null }), /a cost center with code CC-20 now exists/],
    ['the cost center to update changed', 'updateCostCenter', (a) => void (a.costCenters[0] && (a.costCenters[0].name = 'Treasury')), /cost center CC-10 has changed/],
    ['a tag of the new name appeared', 'createTag', (a) => void a.tags.push({ uuid: 't-x', name: 'Remote', access: 'public' }), /a tag named remote now exists/],
  ];

  for (const [what, kind, move, sentence, squad] of movements) {
    it(`detects that ${what}`, () => {
      const moved = structuredClone(actual);
      move(moved);
      const found = verifyPlanAgainst(plan, moved);
      const id = idOf(plan, kind, squad);
      const mine = found.filter((line) => line.startsWith(`${id}: `));
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatch(sentence);
      expect(mine[0]).toMatch(/\.$/);
    });
  }

  it('ignores fields Deskbee does not show when checking an update', () => {
    const moved = structuredClone(actual);
    const ana = moved.users[0];
    if (!ana) throw new Error('no ana');
    ana.name = 'Somebody';
    ana.unknownFields = ['name'];
    expect(verifyPlanAgainst(plan, moved)).toEqual([]);
  });
});
