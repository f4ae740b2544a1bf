import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/engine/build-plan.js';
import { planChanges } from '../../src/plan/plan-types.js';
import { planInputs } from './builders.js';

describe('a source group whose squad already exists in Deskbee', () => {
  const squad = { uuid: '00000000-0000-4000-8000-00000000aaaa', name: 'Team Sales' };

  it('is linked (no create), so that a later rename of the group renames the squad', () => {
    const first = planChanges(buildPlan(planInputs({ squads: [{ name: 'team sales', externalId: 'g-1' }], actual: { users: [], squads: [squad], costCenters: [], tags: [] } })));
    expect(first.map((c) => c.kind)).toEqual(['linkSquad']);
    expect(first[0]).toMatchObject({ uuid: squad.uuid, externalId: 'g-1' });

    const renamed = planChanges(
      buildPlan(planInputs({ squads: [{ name: 'Team Sales EMEA', externalId: 'g-1' }], squadLinks: { 'g-1': squad.uuid }, actual: { users: [], squads: [squad], costCenters: [], tags: [] } })),
    );
    expect(renamed.map((c) => c.kind)).toEqual(['renameSquad']);
    expect(renamed[0]).toMatchObject({ uuid: squad.uuid, before: 'Team Sales', after: 'Team Sales EMEA' });
  });

  it('is neither linked nor created again once linked under the same name', () => {
    const plan = buildPlan(planInputs({ squads: [{ name: 'Team Sales', externalId: 'g-1' }], squadLinks: { 'g-1': squad.uuid }, actual: { users: [], squads: [squad], costCenters: [], tags: [] } }));
    expect(planChanges(plan)).toEqual([]);
  });
});
