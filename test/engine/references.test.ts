import { linkKey } from '../../src/model/directory.js';
import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/engine/build-plan.js';
import { planChanges } from '../../src/plan/plan-types.js';
import { diffCostCenters, diffSquads, diffTags } from '../../src/engine/reference-diff.js';
import { desiredUser, planInputs } from './builders.js';

describe('cost centers, squads and tags', () => {
  describe('cost centers (by code)', () => {
    const existing = [{ uuid: 'cc-1', code: 'CC-10', name: 'Finance', description: 'Money' }];

    it('creates the missing ones', () => {
      const { desired, actual } = planInputs({ costCenters: [{ code: 'CC-20', name: 'Legal', description: null }], actual: { costCenters: existing } });
      expect(diffCostCenters(desired, actual)).toEqual([
        { kind: 'createCostCenter', code: 'CC-20', after: { code: 'CC-20', name: 'Legal', description: null } },
      ]);
    });

    it('renames one whose name changed, keeping Deskbee’s description when the source sets none', () => {
      const { desired, actual } = planInputs({ costCenters: [{ code: 'CC-10', name: 'Finance & Tax', description: null }], actual: { costCenters: existing } });
      expect(diffCostCenters(desired, actual)).toEqual([
        {
          kind: 'updateCostCenter',
          uuid: 'cc-1',
          code: 'CC-10',
          before: { code: 'CC-10', name: 'Finance', description: 'Money' },
          after: { code: 'CC-10', name: 'Finance & Tax', description: 'Money' },
        },
      ]);
    });

    it('changes the description the source sets, and nothing when all agrees', () => {
      const changed = planInputs({ costCenters: [{ code: 'CC-10', name: 'Finance', description: 'Accounts' }], actual: { costCenters: existing } });
      expect(diffCostCenters(changed.desired, changed.actual)).toEqual([expect.objectContaining({ kind: 'updateCostCenter', after: { code: 'CC-10', name: 'Finance', description: 'Accounts' } })]);
      const same = planInputs({ costCenters: [{ code: 'CC-10', name: 'Finance', description: null }], actual: { costCenters: existing } });
      expect(diffCostCenters(same.desired, same.actual)).toEqual([]);
    });
  });

  describe('squads (by name, case-insensitively)', () => {
    const actualSquads = [{ uuid: 'sq-1', name: 'Sales' }];

    it('creates only the squads Deskbee lacks, once each', () => {
      const { desired, actual } = planInputs({ squads: [{ name: 'sales' }, { name: 'Ops' }, { name: 'OPS' }], actual: { squads: actualSquads } });
      expect(diffSquads(desired, actual, new Map())).toEqual([{ kind: 'createSquad', name: 'Ops' }]);
    });

    it('carries the group external id into a squad it creates', () => {
      const { desired, actual } = planInputs({ squads: [{ name: 'Ops', externalId: 'G-ops' }] });
      expect(diffSquads(desired, actual, new Map())).toEqual([{ kind: 'createSquad', name: 'Ops', externalId: 'G-ops' }]);
    });

    it('renames a linked squad rather than creating a new one', () => {
      const { desired, actual } = planInputs({ squads: [{ name: 'Sales EMEA', externalId: 'G-1' }], actual: { squads: actualSquads } });
      expect(diffSquads(desired, actual, new Map([[linkKey('hr', 'G-1'), 'sq-1']]))).toEqual([
        expect.objectContaining({ kind: 'renameSquad', uuid: 'sq-1', before: 'Sales', after: 'Sales EMEA' }),
      ]);
    });

    it('creates the squad again when the linked one is gone from Deskbee', () => {
      const { desired, actual } = planInputs({ squads: [{ name: 'Sales EMEA', externalId: 'G-1' }], actual: { squads: actualSquads } });
      expect(diffSquads(desired, actual, new Map([[linkKey('hr', 'G-1'), 'sq-gone']]))).toEqual([expect.objectContaining({ kind: 'createSquad', name: 'Sales EMEA' })]);
    });
  });

  describe('tags', () => {
    it('creates a missing tag once, with the access the mapping gives it', () => {
      const { desired, actual } = planInputs({
        tags: [
          { name: 'remote', access: 'private' },
          { name: 'Remote', access: 'private' },
          { name: 'parking', access: 'public' },
        ],
        actual: { tags: [{ uuid: 't-1', name: 'PARKING', access: 'public' }] },
      });
      expect(diffTags(desired, actual)).toEqual([{ kind: 'createTag', name: 'remote', access: 'private' }]);
    });

    it('creates a tag many new users carry once, before the users', () => {
      const users = ['ana', 'bob', 'cid'].map((n, i) => desiredUser({ externalId: `E${i}`, email: `${n}@corp.com`, tags: ['remote'] }));
      const plan = buildPlan(planInputs({ users, tags: [{ name: 'remote', access: 'private' }] }));
      const kinds = planChanges(plan).map((c) => c.kind);
      expect(kinds.filter((k) => k === 'createTag')).toHaveLength(1);
      expect(kinds.indexOf('createTag')).toBeLessThan(kinds.indexOf('createUser'));
    });
  });
});
