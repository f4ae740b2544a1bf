import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/engine/build-plan.js';
import { actualUser, appliedValues, desiredUser, planInputs } from './builders.js';

describe('every entry accounted for', () => {
  it('puts each person read in exactly one place: create, change, unchanged, left out, disabled and not in Deskbee', () => {
    const fresh = desiredUser({ externalId: 'E1', email: 'new@corp.com' });
    const disabled = desiredUser({ externalId: 'E2', email: 'gone@corp.com', status: false });
    const renamed = desiredUser({ externalId: 'E3', email: 'renamed@corp.com', name: 'New Name' });
    const same = desiredUser({ externalId: 'E4', email: 'same@corp.com' });
    const moved = desiredUser({ externalId: 'E5', email: 'moved@corp.com', squads: ['Sales'] });
    const actual = {
      users: [
        actualUser({ uuid: 'u3', email: 'renamed@corp.com', name: 'Old Name' }),
        actualUser({ uuid: 'u4', email: 'same@corp.com' }),
        actualUser({ uuid: 'u5', email: 'moved@corp.com' }),
        actualUser({ uuid: 'u6', email: 'leaver@corp.com' }),
      ],
      squads: [{ uuid: 's1', name: 'Sales' }],
    };
    const inputs = planInputs({
      users: [fresh, disabled, renamed, same, moved],
      actual,
      userLinks: { E3: 'u3', E4: 'u4', E5: 'u5', E6: 'u6' },
      lastApplied: Object.fromEntries(actual.users.map((u) => [u.uuid, appliedValues(u)])),
    });
    // Three more rows were read: two left out by the mapping, one the source could not read.
    const plan = buildPlan({ ...inputs, entries: { ...inputs.entries, people: 8, leftOut: 3 } });
    const { people, leavers } = plan.accounting;
    expect(people).toEqual({ read: 8, create: 1, change: 2, unchanged: 1, leftOut: 3, disabledNotInDeskbee: 1, merged: 0, notTaken: 0 });
    expect(people.create + people.change + people.unchanged + people.leftOut + people.disabledNotInDeskbee).toBe(people.read);
    expect(leavers).toBe(1);
  });
});
