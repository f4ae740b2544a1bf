import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/engine/build-plan.js';
import { actualUser, desiredUser, planInputs } from './builders.js';

const usersBatches = (inputs: Parameters<typeof buildPlan>[0]) =>
  buildPlan(inputs)
    .batches.filter((b) => b.stage === 'users')
    .map((b) => b.changes.map((c) => ('user' in c ? `${c.kind}:${c.user.email}` : c.kind)));

describe('email changes that reuse an address', () => {
  it('free an address before someone takes it, along a chain', () => {
    // Ana takes bea@, Bea takes cid@, Cid moves to a new address, and a new hire takes ana@.
    const [ana, bea, cid] = ['ana', 'bea', 'cid'].map((n, i) => actualUser({ uuid: `u-${n}`, email: `${n}@corp.com`, enrollment: `E${i}` }));
    const inputs = planInputs({
      users: [
        desiredUser({ externalId: 'E0', email: 'bea@corp.com', enrollment: 'E0' }),
        desiredUser({ externalId: 'E1', email: 'cid@corp.com', enrollment: 'E1' }),
        desiredUser({ externalId: 'E2', email: 'cid.new@corp.com', enrollment: 'E2' }),
        desiredUser({ externalId: 'E3', email: 'ana@corp.com', enrollment: 'E3' }),
      ],
      actual: { users: [ana!, bea!, cid!], squads: [], costCenters: [], tags: [] },
      userLinks: { E0: 'u-ana', E1: 'u-bea', E2: 'u-cid' },
    });
    expect(usersBatches(inputs)).toEqual([
      ['updateUser:cid@corp.com'],
      ['updateUser:bea@corp.com'],
      ['updateUser:ana@corp.com'],
      ['createUser:ana@corp.com'],
    ]);
  });

  it('leave a swap (which no order can do) in one last batch, and everything else first', () => {
    const [ana, bea] = ['ana', 'bea'].map((n, i) => actualUser({ uuid: `u-${n}`, email: `${n}@corp.com`, enrollment: `E${i}` }));
    const inputs = planInputs({
      users: [
        desiredUser({ externalId: 'E0', email: 'bea@corp.com', enrollment: 'E0' }),
        desiredUser({ externalId: 'E1', email: 'ana@corp.com', enrollment: 'E1' }),
        desiredUser({ externalId: 'E9', email: 'new@corp.com', enrollment: 'E9' }),
      ],
      actual: { users: [ana!, bea!], squads: [], costCenters: [], tags: [] },
      userLinks: { E0: 'u-ana', E1: 'u-bea' },
    });
    expect(usersBatches(inputs)).toEqual([['createUser:new@corp.com'], ['updateUser:ana@corp.com', 'updateUser:bea@corp.com']]);
  });
});
