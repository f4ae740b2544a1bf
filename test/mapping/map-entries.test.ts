import { describe, expect, it } from 'vitest';
import { mapEntries, mapEntriesSync, parseMapping } from '../../src/mapping/index.js';
import type { RawEntry } from '../../src/sources/source.js';
import { group, hrMapping, hrRow, row } from './mapping-builders.js';

describe('mapEntries: users', () => {
  it('builds desired users with every field, sorted and de-duplicated lists', () => {
    const { state, issues, warnings, leftOut } = mapEntriesSync(hrMapping(), [
      hrRow(2, '100', {
        first_name: ' Ana ',
        email: ' Ana.Lima@Corp.Example ',
        teams: 'Payroll| Finance |Payroll',
        tags: 'Remote, parking,remote',
        badge_number: 'B-7',
      }),
    ]);
    expect(issues).toEqual([]);
    expect(warnings).toEqual([]);
    expect(leftOut).toEqual({ users: [], groups: [] });
    expect(state.users).toEqual([
      {
        source: 'hr-csv',
        externalId: '100',
        origin: 'hr.csv line 2',
        name: 'Ana  Last100',
        email: 'ana.lima@corp.example',
        enrollment: '100',
        identifier: null,
        status: true,
        squads: ['Finance', 'Payroll'],
        costCenter: 'CC-100',
        tags: ['parking', 'remote'],
        documents: { badge: 'B-7' },
      },
    ]);
    expect(state.source).toBe('hr-csv');
    expect(state.squads).toEqual([{ name: 'Finance' }, { name: 'Payroll' }]);
    expect(state.tags).toEqual([
      { name: 'parking', access: 'private' },
      { name: 'remote', access: 'private' },
    ]);
    expect(state.costCenters).toEqual([{ code: 'CC-100', name: 'Finance', description: null }]);
    expect(state.managed).toEqual({
      fields: ['name', 'email', 'enrollment', 'status', 'squads', 'costCenter', 'tags'],
      squads: { kind: 'all' },
      tags: { kind: 'none' },
    });
  });

  it('gives unmapped and optional-absent fields their neutral values', () => {
    const mapping = parseMapping(
      `version: 1
source: s
externalId: { from: id }
fields:
  name: { from: n }
  email: { from: e }
managed: { fields: [name, email] }
`,
      'm.yaml',
    );
    const { state } = mapEntriesSync(mapping, [row(1, { id: 'x', n: 'N', e: 'n@x.io' })]);
    expect(state.users[0]).toMatchObject({ enrollment: null, identifier: null, status: true, squads: [], tags: [], costCenter: null, documents: {} });
    const optional = mapEntriesSync(hrMapping(), [hrRow(1, '1', { status: '', cost_center_code: '', teams: '', tags: '' })]);
    expect(optional.issues).toEqual([]);
    expect(optional.state.users[0]).toMatchObject({ status: true, costCenter: null, squads: [], tags: [], documents: {} });
  });

  it('reads status words, and reports one it cannot read', () => {
    const { state, issues } = mapEntriesSync(hrMapping(), [
      hrRow(2, '1', { status: 'Inactive' }),
      hrRow(3, '2', { status: 'yes' }),
      hrRow(4, '3', { status: 'on leave' }),
    ]);
    expect(state.users.map((u) => [u.externalId, u.status])).toEqual([
      ['1', false],
      ['2', true],
    ]);
    expect(issues).toEqual([
      expect.objectContaining({ origin: 'hr.csv line 4', line: 4, field: 'status', message: expect.stringContaining("status 'on leave' is not a yes/no value") }),
    ]);
  });

  it('leaves out an invalid email and an empty key, naming line and field', () => {
    const { state, issues, leftOut } = mapEntriesSync(hrMapping(), [
      hrRow(2, '1', { email: 'ana@@corp' }),
      hrRow(3, '  '),
      hrRow(4, '3', { email: '' }),
      hrRow(5, '4'),
    ]);
    expect(state.users.map((u) => u.externalId)).toEqual(['4']);
    expect(issues).toEqual([
      { origin: 'hr.csv line 2', line: 2, field: 'email', message: "'ana@@corp' is not a valid email address" },
      expect.objectContaining({ line: 3, field: 'externalId', message: "no externalId: attribute 'employee_id' gives no value for this entry" }),
      expect.objectContaining({ line: 3, field: 'email', message: "'person  @corp.example' is not a valid email address" }),
      expect.objectContaining({ line: 3, field: 'enrollment' }),
      expect.objectContaining({ line: 4, field: 'email', message: "no email: attribute 'email' gives no value for this entry" }),
    ]);
    expect(leftOut.users).toEqual(['1', '3']);
  });

  it('says when the attribute is missing altogether, and warns about an attribute no entry has', () => {
    const mapping = parseMapping(
      `version: 1
source: s
externalId: { from: id }
fields:
  name: { from: n }
  email: { from: e }
  identifier: { from: ident, optional: true }
managed: { fields: [name, email] }
`,
      'm.yaml',
    );
    const { issues, warnings } = mapEntriesSync(mapping, [row(1, { id: 'x', e: 'n@x.io' }), row(2, { id: 'y', n: 'Y', e: 'y@x.io' })]);
    expect(issues).toEqual([expect.objectContaining({ line: 1, field: 'name', message: "no name: attribute 'n' is missing from this entry" })]);
    expect(warnings).toEqual([{ field: 'fields.identifier', message: expect.stringContaining("no person entry has the attribute 'ident'") }]);
  });

  it('takes several values of an LDAP attribute as squads and tags, but one value only for single fields', () => {
    const mapping = parseMapping(
      `version: 1
source: ldap
externalId: { from: entryUUID }
fields:
  name: { from: cn }
  email: { from: mail }
  squads: { from: memberOf, transforms: [{ replace: { pattern: "^cn=([^,]+),.*$", with: "$1", flags: i } }] }
  tags: { from: businessCategory }
managed: { fields: [name, email, squads, tags] }
`,
      'ldap.yaml',
    );
    const { state, issues } = mapEntriesSync(mapping, [
      { kind: 'person', origin: 'uid=ana,ou=people', attributes: { entryUUID: ['u1'], cn: ['Ana'], mail: ['ana@x.io'], memberOf: ['cn=B,ou=g', 'cn=A,ou=g'], businessCategory: ['x', 'y'] } },
      { kind: 'person', origin: 'uid=bo,ou=people', attributes: { entryUUID: ['u2'], cn: ['Bo'], mail: ['bo@x.io', 'bo2@x.io'] } },
    ]);
    expect(state.users).toEqual([expect.objectContaining({ externalId: 'u1', squads: ['A', 'B'], tags: ['x', 'y'] })]);
    expect(issues).toEqual([
      {
        origin: 'uid=bo,ou=people',
        line: undefined,
        field: 'email',
        message: "email takes one value but attribute 'mail' gives 2 ('bo@x.io', 'bo2@x.io'); add the 'first' transform to keep the first",
      },
    ]);
  });

  it('reports a lookup miss naming the value', () => {
    const mapping = hrMapping().fields.status;
    expect(mapping?.optional).toBe(true);
    const m = parseMapping(
      `version: 1
source: s
externalId: { from: id }
fields:
  name: { from: n }
  email: { from: e }
  status: { from: st, transforms: [lower, { lookup: { table: { active: true, terminated: false } } }] }
managed: { fields: [name, email, status] }
`,
      'm.yaml',
    );
    const { state, issues } = mapEntriesSync(m, [row(1, { id: 'a', n: 'A', e: 'a@x.io', st: 'Terminated' }), row(2, { id: 'b', n: 'B', e: 'b@x.io', st: 'Sabbatical' })]);
    expect(state.users).toEqual([expect.objectContaining({ externalId: 'a', status: false })]);
    expect(issues[0]).toMatchObject({ line: 2, field: 'status', message: expect.stringContaining("'sabbatical' is not in the lookup table ('active', 'terminated')") });
  });
});

describe('mapEntries: conflicts', () => {
  it('leaves out every entry sharing an external id, each naming the others', () => {
    const { state, issues, leftOut } = mapEntriesSync(hrMapping(), [
      hrRow(2, '7', { email: 'a@x.io' }),
      hrRow(3, '8'),
      hrRow(4, '7', { email: 'b@x.io' }),
      hrRow(9, '7', { email: 'c@x.io' }),
    ]);
    expect(state.users.map((u) => u.externalId)).toEqual(['8']);
    const byLine = (line: number) => issues.filter((i) => i.line === line && i.field === 'externalId').map((i) => i.message);
    expect(byLine(2)).toEqual([
      "external id '7' is also used by hr.csv line 4, hr.csv line 9; every entry sharing it is left out until the source is fixed",
    ]);
    expect(byLine(4)[0]).toContain('is also used by hr.csv line 2, hr.csv line 9');
    expect(byLine(9)[0]).toContain('is also used by hr.csv line 2, hr.csv line 4');
    expect(leftOut.users).toEqual(['7']);
  });

  it('leaves out entries sharing an email in any case, and entries sharing an enrollment', () => {
    const mapping = parseMapping(
      `version: 1
source: s
externalId: { from: id }
fields:
  name: { from: n }
  email: { from: e, transforms: [trim] }
  enrollment: { from: emp, optional: true }
managed: { fields: [name, email, enrollment] }
`,
      'm.yaml',
    );
    const { state, issues, leftOut } = mapEntriesSync(mapping, [
      row(2, { id: 'a', n: 'A', e: 'Ana@X.io', emp: '1' }),
      row(3, { id: 'b', n: 'B', e: 'ana@x.io ', emp: '2' }),
      row(4, { id: 'c', n: 'C', e: 'c@x.io', emp: '3' }),
      row(5, { id: 'd', n: 'D', e: 'd@x.io', emp: '3' }),
      row(6, { id: 'e', n: 'E', e: 'e@x.io' }),
      row(7, { id: 'f', n: 'F', e: 'f@x.io' }),
    ]);
    expect(state.users.map((u) => u.externalId)).toEqual(['e', 'f']);
    expect(issues.map((i) => [i.line, i.field])).toEqual([
      [2, 'email'],
      [3, 'email'],
      [4, 'enrollment'],
      [5, 'enrollment'],
    ]);
    expect(issues[0]?.message).toBe("email 'ana@x.io' is also used by hr.csv line 3; every entry sharing it is left out until the source is fixed");
    expect(issues[3]?.message).toContain("enrollment '3' is also used by hr.csv line 4");
    expect(leftOut.users).toEqual(['a', 'b', 'c', 'd']);
  });

  it('names the other lines even when the origin does not', () => {
    const at = (line: number): RawEntry => ({ ...hrRow(line, '5'), origin: 'export.csv' });
    const { issues } = mapEntriesSync(hrMapping(), [at(5), at(12)]);
    expect(issues.filter((i) => i.field === 'externalId')).toEqual([
      expect.objectContaining({ line: 5, message: expect.stringContaining("external id '5' is also used by export.csv (line 12);") }),
      expect.objectContaining({ line: 12, message: expect.stringContaining("external id '5' is also used by export.csv (line 5);") }),
    ]);
  });

  it('counts an entry left out for another reason in a conflict too', () => {
    const { state, issues } = mapEntriesSync(hrMapping(), [hrRow(2, '5', { status: 'maybe' }), hrRow(3, '5')]);
    expect(state.users).toEqual([]);
    expect(issues.filter((i) => i.field === 'externalId').map((i) => i.line)).toEqual([2, 3]);
  });
});

describe('mapEntries: cost centers', () => {
  it('uses the name most rows give, keeps the users, and warns on each disagreeing row', () => {
    const { state, issues, warnings } = mapEntriesSync(hrMapping(), [
      hrRow(2, '1', { cost_center_name: 'Finanse' }),
      hrRow(3, '2'),
      hrRow(4, '3'),
      hrRow(5, '4', { cost_center_code: 'CC-200', cost_center_name: 'Sales' }),
    ]);
    expect(issues).toEqual([]);
    expect(state.users.map((u) => u.costCenter)).toEqual(['CC-100', 'CC-100', 'CC-100', 'CC-200']);
    expect(state.costCenters).toEqual([
      { code: 'CC-100', name: 'Finance', description: null },
      { code: 'CC-200', name: 'Sales', description: null },
    ]);
    expect(warnings).toEqual([
      {
        origin: 'hr.csv line 2',
        line: 2,
        field: 'costCenter.name',
        message: "cost center 'CC-100' is named 'Finanse' here but 'Finance' in 2 entries (first hr.csv line 3); using 'Finance'",
      },
    ]);
  });

  it('on a tie, keeps the first seen', () => {
    const { state, warnings } = mapEntriesSync(hrMapping(), [hrRow(2, '1', { cost_center_name: 'B' }), hrRow(3, '2', { cost_center_name: 'A' })]);
    expect(state.costCenters).toEqual([{ code: 'CC-100', name: 'B', description: null }]);
    expect(warnings.map((w) => w.line)).toEqual([3]);
  });

  it('a left-out entry still names its squads, tags and cost center', () => {
    const { state } = mapEntriesSync(hrMapping(), [
      hrRow(2, '1', { email: 'bad', teams: 'Legal', tags: 'vip', cost_center_code: 'CC-9', cost_center_name: 'Legal' }),
    ]);
    expect(state.users).toEqual([]);
    expect(state.squads).toEqual([{ name: 'Legal' }]);
    expect(state.tags).toEqual([{ name: 'vip', access: 'private' }]);
    expect(state.costCenters).toEqual([{ code: 'CC-9', name: 'Legal', description: null }]);
  });
});

describe('mapEntries: groups', () => {
  const adMapping = `version: 1
source: corp-ad
externalId: { from: objectGUID, transforms: [guid] }
fields:
  name: { from: displayName }
  email: { from: mail }
  squads: { from: memberOf, transforms: [{ replace: { pattern: "^CN=([^,]+),.*$", with: "$1" } }] }
groups:
  externalId: { from: objectGUID, transforms: [guid] }
  name: { from: cn }
managed: { fields: [name, email, squads], squads: { prefix: "Team " } }
`;
  const guid = (n: number) => Buffer.alloc(16, n);
  const guidText = (n: number) => {
    const h = n.toString(16).padStart(2, '0');
    return `${h.repeat(4)}-${h.repeat(2)}-${h.repeat(2)}-${h.repeat(2)}-${h.repeat(6)}`;
  };

  it('turns group entries into squads with their external id, merged with the users’ squads', () => {
    const entries: RawEntry[] = [
      group('CN=Team A,OU=G', { objectGUID: guid(1), cn: 'Team A' }),
      group('CN=Team B,OU=G', { objectGUID: guid(2), cn: 'Team B' }),
      { kind: 'person', origin: 'CN=Ana', attributes: { objectGUID: [guid(9)], displayName: ['Ana'], mail: ['ana@x.io'], memberOf: ['CN=Team A,OU=G', 'CN=Other,OU=G'] } },
    ];
    const { state, issues } = mapEntriesSync(parseMapping(adMapping, 'ad.yaml'), entries);
    expect(issues).toEqual([]);
    expect(state.squads).toEqual([
      { name: 'Other' },
      { name: 'Team A', externalId: guidText(1), source: state.source },
      { name: 'Team B', externalId: guidText(2), source: state.source },
    ]);
    expect(state.users[0]).toMatchObject({ externalId: guidText(9), squads: ['Other', 'Team A'] });
    expect(state.managed.squads).toEqual({ kind: 'prefix', prefix: 'Team ' });
  });

  it('leaves out groups sharing an external id or a name, and a group without a name', () => {
    const { state, issues, leftOut } = mapEntriesSync(parseMapping(adMapping, 'ad.yaml'), [
      group('CN=X1', { objectGUID: guid(1), cn: 'X' }),
      group('CN=X2', { objectGUID: guid(1), cn: 'Y' }),
      group('CN=Z1', { objectGUID: guid(3), cn: 'Z' }),
      group('CN=Z2', { objectGUID: guid(4), cn: 'Z' }),
      group('CN=nameless', { objectGUID: guid(5) }),
      group('CN=W', { objectGUID: guid(6), cn: 'W' }),
    ]);
    expect(state.squads).toEqual([{ name: 'W', externalId: guidText(6), source: state.source }, { name: 'X' }, { name: 'Y' }, { name: 'Z' }]);
    expect(issues.map((i) => [i.origin, i.field])).toEqual([
      ['CN=X1', 'groups.externalId'],
      ['CN=X2', 'groups.externalId'],
      ['CN=Z1', 'groups.name'],
      ['CN=Z2', 'groups.name'],
      ['CN=nameless', 'groups.name'],
    ]);
    expect(issues[2]?.message).toBe("squad name 'Z' is also used by CN=Z2; every entry sharing it is left out until the source is fixed");
    expect(leftOut.groups).toEqual([guidText(1), guidText(3), guidText(4), guidText(5)].sort());
  });

  it('ignores group entries with a warning when the mapping has no groups section', () => {
    const { state, warnings } = mapEntriesSync(hrMapping(), [group('CN=G', { cn: 'G' }), group('CN=H', { cn: 'H' })]);
    expect(state.squads).toEqual([]);
    expect(warnings).toEqual([{ message: '2 group entries were ignored: the mapping has no groups section' }]);
  });
});

describe('mapEntries over an async source', () => {
  it('gives the same result as over an array', async () => {
    const entries = [hrRow(2, '1'), hrRow(3, '2', { status: 'no' }), hrRow(4, '1')];
    async function* read(): AsyncIterable<RawEntry> {
      for (const e of entries) yield e;
    }
    const fromAsync = await mapEntries(hrMapping(), read());
    expect(fromAsync).toEqual(mapEntriesSync(hrMapping(), entries));
    expect(fromAsync.state.users.map((u) => [u.externalId, u.status])).toEqual([['2', false]]);
  });
});
