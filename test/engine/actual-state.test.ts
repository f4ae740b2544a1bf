import { describe, expect, it } from 'vitest';
import { toActualState } from '../../src/engine/fetch-actual.js';
import { costCenterSchema, squadSchema, userSchema, userTagSchema } from '../../src/deskbee/schemas.js';

const costCenters = [costCenterSchema.parse({ uuid: 'cc-1', name: 'Finance', code: 'CC-10', description: null })];
const tags = [userTagSchema.parse({ uuid: 't-1', name: 'remote', access: 'private' }), userTagSchema.parse({ uuid: 't-2', name: 'parking' })];
const squads = [squadSchema.parse({ uuid: 'sq-1', name: 'Sales' })];

describe("toActualState: Deskbee's resources as the planner's records", () => {
  it('maps a fully shown user, resolving tag and cost-center uuids to names and codes', () => {
    const user = userSchema.parse({
      uuid: 'u-1',
      name: 'Ana',
      email: 'Ana@Corp.com',
      enrollment: '100',
      identifier: 'ID-1',
      status: 'true',
      squads: [{ uuid: 'sq-1', name: 'Sales' }, { uuid: 'sq-2', name: 'Ops' }, { uuid: 'sq-1', name: 'Sales' }],
      tags: ['t-1', { uuid: 't-2', name: 'parking' }],
      cost_center: { uuid: 'cc-1' },
      person: { documents: [{ type: 'badge', doc: '77' }] },
    });
    const state = toActualState([user], squads, costCenters, tags);
    expect(state.users).toEqual([
      {
        uuid: 'u-1',
        name: 'Ana',
        email: 'ana@corp.com',
        enrollment: '100',
        identifier: 'ID-1',
        status: true,
        squads: ['Ops', 'Sales'],
        costCenter: 'CC-10',
        tags: ['parking', 'remote'],
        documents: { badge: '77' },
        unknownFields: [],
      },
    ]);
    expect(state.tags).toEqual([
      { uuid: 't-1', name: 'remote', access: 'private' },
      { uuid: 't-2', name: 'parking', access: 'public' },
    ]);
    expect(state.costCenters).toEqual([{ uuid: 'cc-1', code: 'CC-10', name: 'Finance', description: null }]);
    expect(state.squads).toEqual([{ uuid: 'sq-1', name: 'Sales' }]);
  });

  it('marks the fields Deskbee left out as unknown, and null ones as known and empty', () => {
    const hidden = userSchema.parse({ uuid: 'u-1', name: 'Ana', email: 'ana@corp.com', status: false });
    const nulls = userSchema.parse({ uuid: 'u-2', name: 'Bob', email: 'bob@corp.com', status: 1, identifier: null, tags: null, cost_center: null, squads: [] });
    const [a, b] = toActualState([hidden, nulls], [], [], []).users;
    expect(a?.unknownFields.sort()).toEqual(['costCenter', 'identifier', 'squads', 'tags']);
    expect(a).toMatchObject({ status: false, enrollment: null, identifier: null, costCenter: null, tags: [], squads: [], documents: {} });
    expect(b?.unknownFields).toEqual([]);
    expect(b).toMatchObject({ status: true, identifier: null, costCenter: null, tags: [] });
  });

  it('takes the cost-center code from the listing when the user shows only its uuid or an empty code', () => {
    const user = userSchema.parse({ uuid: 'u-1', name: 'Ana', email: 'ana@corp.com', status: true, cost_center: { uuid: 'cc-1', code: null } });
    expect(toActualState([user], [], costCenters, []).users[0]?.costCenter).toBe('CC-10');
  });
});
