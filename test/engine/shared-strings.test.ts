import { describe, expect, it } from 'vitest';
import { pairUsers } from '../../src/engine/pair-users.js';
import { shareEqualStrings } from '../../src/engine/shared-strings.js';
import { actualUser, desiredUser, planInputs } from './builders.js';

describe('shareEqualStrings', () => {
  it('changes no value: a name, email or enrollment that differs stays Deskbee’s, and every link keeps its uuid', () => {
    const same = desiredUser({ externalId: 'E1', email: 'same@corp.example', enrollment: 'N1' });
    const renamed = desiredUser({ externalId: 'E2', email: 'new@corp.example', name: 'New Name', enrollment: 'N2' });
    const inputs = planInputs({
      users: [same, renamed],
      actual: {
        users: [
          actualUser({ ...same, uuid: 'u-1' }),
          actualUser({ uuid: 'u-2', email: 'old@corp.example', name: 'Old Name', enrollment: null }),
          actualUser({ uuid: 'u-3', email: 'left@corp.example', enrollment: 'N3' }),
        ],
      },
      userLinks: { E1: 'u-1', E2: 'u-2', E3: 'u-3', E4: 'u-gone' },
    });
    const before = { users: structuredClone(inputs.actual.users), links: [...inputs.links.users] };
    shareEqualStrings(pairUsers(inputs), inputs.links.users);
    expect(inputs.actual.users).toEqual(before.users);
    expect([...inputs.links.users]).toEqual(before.links);
  });
});
