import { describe, expect, it } from 'vitest';
import { mergePeople } from '../../src/merge/merge-people.js';
import type { MappedSource, MergeRules } from '../../src/merge/merge-types.js';
import { linkKey, userFields, type DesiredUser, type UserField } from '../../src/model/directory.js';
import { desiredUser } from '../engine/builders.js';

/** A mapped source of `users`, managing `fields`. */
function mapped(name: string, users: DesiredUser[], fields: readonly UserField[] = userFields): MappedSource {
  return {
    name,
    kind: 'csv',
    mapped: {
      state: { source: name, users, squads: [], costCenters: [], tags: [], managed: { fields: [...fields], squads: { kind: 'all' }, tags: { kind: 'all' } } },
      issues: [],
      warnings: [],
      leftOut: { users: [], groups: [] },
      entries: { people: users.length, peopleLeftOut: 0, groups: 0, groupsLeftOut: 0 },
    },
    summary: { entries: users.length, issues: [], fingerprint: name },
    mappingFingerprint: name,
  };
}

const rules = (over: Partial<MergeRules> = {}): MergeRules => ({
  join: 'enrollment',
  order: ['ad', 'hr'],
  fields: { costCenter: ['hr', 'ad'], enrollment: ['hr', 'ad'] },
  owners: ['ad'],
  secondaryOnly: 'report',
  ...over,
});

describe('merging several sources into one desired state', () => {
  const adAna = desiredUser({ source: 'ad', externalId: 'guid-ana', email: 'ana@corp.com', name: 'Ana Souza', enrollment: 'E1', costCenter: 'AD-CC', origin: 'CN=Ana,OU=People' });
  const hrAna = desiredUser({ source: 'hr', externalId: 'E1', email: 'ana.old@corp.com', name: 'Ana S.', enrollment: 'E1', costCenter: 'CC-110', origin: 'hr.csv line 42' });

  it('joins one person across sources and takes each field from the first source in its precedence that has it, with provenance', () => {
    const result = mergePeople([mapped('ad', [adAna]), mapped('hr', [hrAna])], rules());
    expect(result.state.users).toHaveLength(1);
    const ana = result.state.users[0]!;
    expect(ana).toMatchObject({ source: 'ad', externalId: 'guid-ana', email: 'ana@corp.com', name: 'Ana Souza', costCenter: 'CC-110', sources: ['ad', 'hr'] });
    expect(ana.origins).toEqual({ costCenter: 'hr (hr.csv line 42)', enrollment: 'hr (hr.csv line 42)' });
    expect(result.issues).toEqual([]);
  });

  it('keeps Deskbee\'s value of a field that no source managing it has for the person', () => {
    const adOnly = desiredUser({ source: 'ad', externalId: 'guid-bo', email: 'bo@corp.com', enrollment: 'E2', costCenter: null });
    const result = mergePeople([mapped('ad', [adOnly], ['name', 'email', 'enrollment', 'status']), mapped('hr', [hrAna], ['costCenter', 'enrollment'])], rules());
    const bo = result.state.users.find((u) => u.email === 'bo@corp.com')!;
    expect(bo.keep).toEqual(['costCenter']);
  });

  it('leaves a person only in a source that does not own people out, as the policy says', () => {
    const hrOnly = desiredUser({ source: 'hr', externalId: 'E9', email: 'new@corp.com', enrollment: 'E9', origin: 'hr.csv line 9' });
    const reported = mergePeople([mapped('ad', [adAna]), mapped('hr', [hrAna, hrOnly])], rules());
    expect(reported.state.users.map((u) => u.email)).toEqual(['ana@corp.com']);
    expect(reported.issues).toEqual([expect.objectContaining({ origin: 'hr (hr.csv line 9)', message: expect.stringMatching(/only in hr, none of which owns people/) })]);
    expect(reported.accounts.find((a) => a.name === 'hr')?.notTaken).toBe(1);
    expect(mergePeople([mapped('ad', [adAna]), mapped('hr', [hrAna, hrOnly])], rules({ secondaryOnly: 'ignore' })).issues).toEqual([]);
    const created = mergePeople([mapped('ad', [adAna]), mapped('hr', [hrAna, hrOnly])], rules({ secondaryOnly: 'create' }));
    expect(created.state.users.find((u) => u.email === 'new@corp.com')).toMatchObject({ source: 'hr', externalId: 'E9' });
  });

  it('leaves out both people who share a join key in one source, naming both', () => {
    const twin = desiredUser({ source: 'hr', externalId: 'E1-bis', email: 'twin@corp.com', enrollment: 'E1', origin: 'hr.csv line 43' });
    const result = mergePeople([mapped('ad', [adAna]), mapped('hr', [hrAna, twin])], rules());
    expect(result.issues.map((i) => i.message)).toEqual([expect.stringMatching(/same enrollment as hr\.csv line 42: both left out/)]);
    expect(result.leftOut.users).toEqual(expect.arrayContaining([linkKey('hr', 'E1'), linkKey('hr', 'E1-bis')]));
    // Ana is still in AD: the merged person is AD's alone.
    expect(result.state.users[0]).toMatchObject({ costCenter: 'AD-CC', sources: ['ad'] });
  });

  it('with one source, passes its people through, named by the configured source', () => {
    const result = mergePeople([mapped('hr-csv', [{ ...hrAna, source: 'mapping-name' }])], rules({ order: ['hr-csv'], owners: ['hr-csv'] }));
    expect(result.state.users[0]).toMatchObject({ source: 'hr-csv', externalId: 'E1' });
    expect(result.state.users[0]?.origins).toBeUndefined();
  });
});
