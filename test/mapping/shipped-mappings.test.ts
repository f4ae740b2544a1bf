import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileMapping, loadMapping, mapEntriesSync, renderMappingJsonSchema, transformNames } from '../../src/mapping/index.js';
import { group, row } from './mapping-builders.js';

const shipped = readdirSync('mappings').filter((f) => f.endsWith('.yaml'));

describe('shipped mappings', () => {
  it('include the HR CSV example', () => {
    expect(shipped).toContain('hr-csv.yaml');
  });

  it.each(shipped)('%s loads, validates and points editors at the schema', async (file) => {
    const mapping = await loadMapping(`mappings/${file}`);
    expect(mapping.version).toBe(1);
    expect(readFileSync(`mappings/${file}`, 'utf8').split('\n')[0]).toBe('# yaml-language-server: $schema=./mapping.schema.json');
  });

  it('hr-csv.yaml lists at its top exactly the columns it reads', async () => {
    const text = readFileSync('mappings/hr-csv.yaml', 'utf8');
    const header = /# Columns this mapping reads[^\n]*\n((?:#   [^\n]*\n)+)/.exec(text)?.[1] ?? '';
    const listed = header.replace(/#/g, '').split(',').map((c) => c.trim()).filter(Boolean);
    const compiled = compileMapping(await loadMapping('mappings/hr-csv.yaml'));
    const f = compiled.fields;
    const read = new Set(
      [compiled.externalId, f.name, f.email, f.enrollment, f.identifier, f.status, f.squads, f.tags, f.costCenter?.code, f.costCenter?.name, f.costCenter?.description, ...f.documents.map(([, e]) => e)]
        .flatMap((e) => e?.attributes ?? []),
    );
    expect(listed.length).toBeGreaterThan(5);
    expect(new Set(listed)).toEqual(read);
  });

  it('hr-csv.yaml maps sample rows as its comments say', async () => {
    const mapping = await loadMapping('mappings/hr-csv.yaml');
    const base = { first_name: 'Ana', last_name: 'Lima', cost_center_code: 'cc-100', cost_center_name: 'Finance', tags: '', badge_number: '' };
    const { state, issues } = mapEntriesSync(mapping, [
      row(2, { ...base, employee_id: 'E1', email: 'Ana.Lima@Corp.Example', teams: 'Finance|Payroll', status: 'Active', tags: 'Remote, parking', badge_number: '4411' }),
      row(3, { ...base, employee_id: 'E2', first_name: 'Bo', email: 'bo@corp.example', teams: '', status: 'terminated' }),
      row(4, { ...base, employee_id: 'E3', first_name: 'Cy', email: 'cy@corp.example', teams: 'Sales', status: 'retired' }),
    ]);
    expect(state.users).toEqual([
      expect.objectContaining({ externalId: 'E1', name: 'Ana Lima', email: 'ana.lima@corp.example', enrollment: 'E1', status: true, squads: ['Finance', 'Payroll'], costCenter: 'CC-100', tags: ['parking', 'remote'], documents: { badge: '4411' } }),
      expect.objectContaining({ externalId: 'E2', status: false, squads: [], tags: [], documents: {} }),
    ]);
    expect(issues).toEqual([expect.objectContaining({ line: 4, field: 'status', message: expect.stringContaining("'retired' is not in the lookup table") })]);
    expect(state.managed.squads).toEqual({ kind: 'all' });
  });

  it('active-directory.yaml maps an AD person and group from the LDAP source\'s computed attributes', async () => {
    const mapping = await loadMapping('mappings/active-directory.yaml');
    const { state, issues } = mapEntriesSync(mapping, [
      {
        kind: 'person',
        origin: 'CN=Ana Lima,OU=People,DC=corp,DC=example',
        attributes: {
          'deskbee:externalId': ['8be44067-9a1c-4c4e-9a3f-2d7e5a1b0c9d'],
          givenName: ['Ana'],
          sn: ['Lima'],
          mail: ['Ana.Lima@corp.example'],
          'deskbee:active': ['false'],
          'deskbee:groups': ['Team Finance', 'VPN Users'],
          department: ['Human Resources'],
          extensionAttribute1: ['cc-7'],
        },
      },
      group('CN=Team Finance,OU=Groups,DC=corp,DC=example', { 'deskbee:externalId': 'abababab-abab-abab-abab-abababababab', cn: 'Team Finance' }),
    ]);
    expect(issues).toEqual([]);
    expect(state.users).toEqual([
      expect.objectContaining({ externalId: '8be44067-9a1c-4c4e-9a3f-2d7e5a1b0c9d', name: 'Ana Lima', email: 'ana.lima@corp.example', status: false, squads: ['Team Finance', 'VPN Users'], costCenter: 'CC-7', enrollment: null }),
    ]);
    expect(state.squads).toEqual([{ name: 'Team Finance', externalId: 'abababab-abab-abab-abab-abababababab', source: state.source }, { name: 'VPN Users' }]);
    // Only the squads the source's groups define are managed.
    expect(state.managed.squads).toEqual({ kind: 'names', names: ['Team Finance'] });
  });

  it('openldap.yaml loads and maps an inetOrgPerson', async () => {
    const mapping = await loadMapping('mappings/openldap.yaml');
    const { state, issues } = mapEntriesSync(mapping, [
      { kind: 'person', origin: 'uid=ana,ou=people', attributes: { 'deskbee:externalId': ['e-1'], displayName: ['Ana Lima'], mail: ['ana@corp.example'], employeeNumber: ['E1'], 'deskbee:groups': ['team-a'] } },
    ]);
    expect(issues).toEqual([]);
    expect(state.users[0]).toMatchObject({ externalId: 'e-1', enrollment: 'E1', squads: ['team-a'], costCenter: null });
  });
});

describe('mappings/mapping.schema.json', () => {
  it('is what scripts/generate-schemas.ts writes from the zod schema now', () => {
    expect(readFileSync('mappings/mapping.schema.json', 'utf8'), 'stale: run npm run generate-schemas').toBe(renderMappingJsonSchema());
  });

  it('rejects unknown keys and knows every transform', () => {
    const schema = JSON.parse(readFileSync('mappings/mapping.schema.json', 'utf8')) as {
      additionalProperties: boolean;
      required: string[];
      definitions: Record<string, { anyOf?: { enum?: string[]; properties?: Record<string, unknown> }[] }>;
    };
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(expect.arrayContaining(['version', 'source', 'externalId', 'fields', 'managed']));
    const transform = schema.definitions['Transform']?.anyOf ?? [];
    const names = [...(transform[0]?.enum ?? []), ...Object.keys(transform[1]?.properties ?? {})];
    expect(names.sort()).toEqual([...transformNames].sort());
  });
});
