import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/errors.js';
import { loadMapping, mapEntries, MappingError, parseMapping } from '../../../src/mapping/index.js';
import type { JsonValue, RawEntry } from '../../../src/sources/source.js';
import { fileSource, readAll } from './scim-test-files.js';

const example = (name: string) => `test/fixtures/scim/rfc7643/${name}`;
const babs = '2819c223-7f76-453a-919d-413861904646';

async function mapFile(path: string) {
  const mapping = await loadMapping('mappings/scim.yaml');
  const { entries } = await readAll(fileSource(path));
  return mapEntries(mapping, entries);
}

describe('mappings/scim.yaml on RFC 7643 section 8, unchanged', () => {
  it('maps the enterprise user (8.3) and the group (8.4): work email, employeeNumber, costCenter, squads from groups', async () => {
    for (const file of ['rfc7643-list-response.json', 'rfc7643-array.json', 'rfc7643.ndjson']) {
      const { state, issues, warnings } = await mapFile(`test/fixtures/scim/${file}`);
      expect(issues).toEqual([]);
      expect(warnings).toEqual([]);
      expect(state.users).toEqual([
        expect.objectContaining({ externalId: babs, name: 'Babs Jensen', email: 'bjensen@example.com', enrollment: '701984', status: true, costCenter: '4130', squads: ['Employees', 'Tour Guides', 'US Employees'] }),
      ]);
      expect(state.squads).toEqual([
        expect.objectContaining({ name: 'Employees' }),
        expect.objectContaining({ name: 'Tour Guides', externalId: 'e9e30dba-f08f-4109-8486-d5c6a331660a' }),
        expect.objectContaining({ name: 'US Employees' }),
      ]);
      expect(state.squads.filter((s) => s.externalId !== undefined)).toHaveLength(1);
      expect(state.costCenters).toEqual([{ code: '4130', name: '4130', description: null }]);
      expect(state.managed.squads).toEqual({ kind: 'names', names: ['Tour Guides'] });
    }
  });

  it('maps the full user (8.2) without the enterprise extension', async () => {
    const { state, issues } = await mapFile(example('8.2-full-user.json'));
    expect(issues).toEqual([]);
    expect(state.users).toEqual([expect.objectContaining({ externalId: babs, name: 'Babs Jensen', email: 'bjensen@example.com', enrollment: null, costCenter: null, status: true })]);
  });

  it('maps the minimal user (8.1): name and email from userName, active when active is absent', async () => {
    const { state, issues, warnings } = await mapFile(example('8.1-minimal-user.json'));
    expect(issues).toEqual([]);
    expect(state.users).toEqual([expect.objectContaining({ externalId: babs, name: 'bjensen@example.com', email: 'bjensen@example.com', enrollment: null, status: true, squads: [] })]);
    expect(warnings.map((w) => w.message)).toContain(
      "no person entry has a value at the path 'emails[type eq \"work\"].value' (fields.email; 1 read); check its spelling and filter against the source's resources",
    );
  });

  it('deactivates a user whose active is false, and takes the primary email when none is of type work', async () => {
    const user = JSON.parse(readFileSync(example('8.3-enterprise-user.json'), 'utf8')) as Record<string, JsonValue>;
    user['active'] = false;
    user['emails'] = [{ value: 'babs@jensen.org', type: 'home' }, { value: 'Barbara.Jensen@Example.com', type: 'other', primary: true }];
    const entry: RawEntry = { kind: 'person', origin: 'test', attributes: {}, document: user };
    const { state, issues } = await mapEntries(await loadMapping('mappings/scim.yaml'), [entry]);
    expect(issues).toEqual([]);
    expect(state.users).toEqual([expect.objectContaining({ status: false, email: 'barbara.jensen@example.com' })]);
  });
});

describe('document paths in a mapping', () => {
  const mappingWith = (email: string) => `version: 1
source: scim
externalId: { path: id }
fields:
  name: { path: userName }
  email: ${email}
managed:
  fields: [name, email]
`;

  it('a syntax error is a mapping error naming the file, line and key', () => {
    let error: unknown;
    try {
      parseMapping(mappingWith(`{ path: 'emails[type eq work].value' }`), 'mappings/idp.yaml');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(MappingError);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(
      /mappings\/idp\.yaml:6:\d+ \(fields\.email\.path\): the path 'emails\[type eq work\]\.value' is not valid at character 16: expected a value after 'type eq'/,
    );
  });

  it('a syntax error in one of several paths names that item', () => {
    expect(() => parseMapping(mappingWith(`{ path: [userName, 'emails[primary eq]'] }`), 'm.yaml')).toThrow(/m\.yaml:6:\d+ \(fields\.email\.path\[1\]\): the path 'emails\[primary eq\]' is not valid/);
  });

  it('path cannot stand beside from', () => {
    expect(() => parseMapping(mappingWith(`{ path: userName, from: userName }`), 'm.yaml')).toThrow(/from and path cannot be used together: pick one/);
  });

  it('a path that matches nothing in any resource is a warning naming it, as a misspelt column is', async () => {
    const mapping = parseMapping(mappingWith(`{ path: ['emails[type eq "wrok"].value', userName] }`), 'm.yaml');
    const { entries } = await readAll(fileSource('test/fixtures/scim/rfc7643.ndjson'));
    const { state, warnings } = await mapEntries(mapping, entries);
    expect(state.users).toHaveLength(1);
    expect(warnings).toEqual([
      { field: 'fields.email', message: `no person entry has a value at the path 'emails[type eq "wrok"].value' (fields.email; 1 read); check its spelling and filter against the source's resources` },
      { message: '1 group entry was ignored: the mapping has no groups section' },
    ]);
  });

  it('a path on entries without documents (a CSV) says so', async () => {
    const mapping = parseMapping(mappingWith(`{ path: email }`), 'm.yaml');
    const { warnings, issues } = await mapEntries(mapping, [{ kind: 'person', origin: 'hr.csv line 2', line: 2, attributes: { id: ['1'], email: ['a@b.example'] } }]);
    expect(warnings[0]?.message).toMatch(/no person entry has a value at the path 'id' .*these entries carry no document/);
    expect(issues.map((i) => i.message)).toContain("no externalId: the path 'id' gives no value for this entry");
  });

  it('a path that ends at a complex value is an issue with the entry', async () => {
    const mapping = parseMapping(mappingWith(`{ path: name }`), 'm.yaml');
    const { entries } = await readAll(fileSource('test/fixtures/scim/rfc7643.ndjson'));
    const { issues } = await mapEntries(mapping, entries);
    expect(issues).toEqual([expect.objectContaining({ origin: 'rfc7643.ndjson line 1', field: 'email', message: expect.stringContaining("the path 'name' ends at a complex value") })]);
  });
});
