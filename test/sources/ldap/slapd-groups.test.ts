/**
 * Groups and membership on a real slapd (direct and transitive, from member
 * lists and from memberOf, groupOfNames / groupOfUniqueNames / posixGroup),
 * and filters built with escaped values.
 */
import { describe, expect, it } from 'vitest';
import { SourceError } from '../../../src/errors.js';
import { dnKey, escapeFilterValue, LdapSource, type LdapSourceConfigInput, ldapFilter } from '../../../src/sources/ldap/index.js';
import type { RawEntry } from '../../../src/sources/source.js';
import { buildSlapdFixture, expectedGroupsOf, expectedMemberships, type SlapdFixture, slapdGroupsDn, slapdPeopleDn } from '../../support/slapd-fixture.js';
import { readAll, readFailure, slapd, slapdUserCount, text } from './ldap-servers.js';

const fixture = buildSlapdFixture(slapdUserCount);

function source(groups: LdapSourceConfigInput['groups'], users: Partial<LdapSourceConfigInput['users']> = {}): LdapSource {
  const server = slapd();
  return new LdapSource(
    { name: 'acme-ldap', url: server.ldapUrl, tls: { caFile: server.caFile }, bindDn: server.reader.dn, users: { baseDn: slapdPeopleDn, ...users }, groups },
    { env: { LDAP_BIND_PASSWORD: server.reader.password } },
  );
}

function groupsByUid(entries: RawEntry[]): Map<string, string[]> {
  return new Map(
    entries.filter((e) => e.kind === 'person').map((e) => [text(e, 'uid') as string, ((e.attributes['deskbee:groups'] ?? []) as string[]).slice().sort()]),
  );
}

/** The fixture as the memberof overlay sees it: only groupOfNames keep memberOf. */
function groupOfNamesOnly(f: SlapdFixture): SlapdFixture {
  return { ...f, groups: f.groups.filter((g) => g.objectClass === 'groupOfNames') };
}

describe('LDAP source on slapd: groups and membership', () => {
  it('yields every squad group with its external id, and direct membership from member, uniqueMember and memberUid', async () => {
    const entries = await readAll(source({ baseDn: slapdGroupsDn }));
    const groups = entries.filter((e) => e.kind === 'group');
    expect(groups.map((g) => text(g, 'cn')).sort()).toEqual(fixture.groups.map((g) => g.cn).sort());
    for (const group of fixture.groups) {
      const entry = groups.find((g) => text(g, 'cn') === group.cn) as RawEntry;
      expect(entry.attributes.entryUUID).toEqual([group.entryUUID]);
      expect(entry.attributes['deskbee:externalId']).toEqual([group.entryUUID]);
      // slapd writes DNs its own way (`R&D\2C Ops` for `R&D\, Ops`): compare them as DNs.
      expect(dnKey(text(entry, 'deskbee:dn') ?? '')).toBe(dnKey(group.dn));
      expect(entry.attributes.member).toBeUndefined();
    }
    const read = groupsByUid(entries);
    expect(read.size).toBe(fixture.users.length);
    const expected = expectedMemberships(fixture, 'direct');
    for (const user of fixture.users) expect(read.get(user.uid), user.uid).toEqual(expected.get(user.uid)?.sort());
    // Spot checks the fixture promises: the 2,500-member group, uniqueMember with a UID suffix, posix memberUid.
    expect([...read.values()].filter((g) => g.includes('All Hands'))).toHaveLength(2500);
    expect(read.get('u00305')).toContain('Facilities');
    expect(read.get('u00419')).toEqual(['All Hands', 'developers']);
    expect(read.get('u02501')).toEqual([]);
    // Group ids on the person match the group entries.
    const person = entries.find((e) => text(e, 'uid') === 'u00170') as RawEntry;
    const rnd = fixture.groups.find((g) => g.cn === 'R&D, Ops (EU)');
    const allHands = fixture.groups.find((g) => g.cn === 'All Hands');
    expect((person.attributes['deskbee:groupDns'] as string[]).map(dnKey).sort()).toEqual([rnd?.dn ?? '', allHands?.dn ?? ''].map(dnKey).sort());
    expect((person.attributes['deskbee:groupIds'] as string[]).slice().sort()).toEqual([rnd?.entryUUID, allHands?.entryUUID].sort());
  });

  it('resolves nested groups transitively (through a cycle and an escaped DN)', async () => {
    const read = groupsByUid(await readAll(source({ baseDn: slapdGroupsDn, membership: 'transitive' })));
    const expected = expectedMemberships(fixture, 'transitive');
    for (const user of fixture.users) expect(read.get(user.uid), user.uid).toEqual(expected.get(user.uid)?.sort());
    expect(read.get('u00160')).toEqual(['All Hands', 'Backend', 'Engineering', 'Platform']);
    expect(read.get('u00172')).toEqual(['All Hands', 'Engineering', 'R&D, Ops (EU)']);
    expect(read.get('u00200')).toEqual(['All Hands', 'Cycle A', 'Cycle B']);
    // Direct and transitive differ where nesting exists.
    expect(expectedGroupsOf(fixture, 'u00160', 'direct')).toEqual(['Platform', 'All Hands']);
  });

  it('follows nesting through groups outside the squad filter', async () => {
    const read = groupsByUid(await readAll(source({ baseDn: slapdGroupsDn, filter: '(cn=Engineering)', membership: 'transitive' })));
    const members = [...read.entries()].filter(([, groups]) => groups.length > 0).map(([uid]) => uid).sort();
    const expected = expectedMemberships(fixture, 'transitive');
    expect(members).toEqual(fixture.users.filter((u) => expected.get(u.uid)?.includes('Engineering')).map((u) => u.uid).sort());
    expect(members).toContain('u00160');
  });

  it("reads membership from the users' memberOf, directly and through nested groups", async () => {
    const direct = groupsByUid(await readAll(source({ baseDn: slapdGroupsDn, memberSource: 'memberOf' })));
    const transitive = groupsByUid(await readAll(source({ baseDn: slapdGroupsDn, memberSource: 'memberOf', membership: 'transitive' })));
    const overlayView = groupOfNamesOnly(fixture);
    const expectedDirect = expectedMemberships(overlayView, 'direct');
    const expectedTransitive = expectedMemberships(overlayView, 'transitive');
    for (const user of fixture.users) {
      expect(direct.get(user.uid), user.uid).toEqual(expectedDirect.get(user.uid)?.sort());
      expect(transitive.get(user.uid), user.uid).toEqual(expectedTransitive.get(user.uid)?.sort());
    }
    expect(direct.get('u00160')).toEqual(['All Hands', 'Platform']);
    expect(transitive.get('u00160')).toEqual(['All Hands', 'Backend', 'Engineering', 'Platform']);
  });

  it('fails when no group matches the squad filter, unless allowed', async () => {
    const { error } = await readFailure(source({ baseDn: slapdGroupsDn, filter: '(cn=No Such Group)' }));
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).message).toContain('no group matched the squad filter (cn=No Such Group)');
    const entries = await readAll(source({ baseDn: slapdGroupsDn, filter: '(cn=No Such Group)', allowEmpty: true }));
    expect(entries.filter((e) => e.kind === 'group')).toEqual([]);
    expect(entries.every((e) => e.attributes['deskbee:groups'] === undefined)).toBe(true);
  });
});

describe('LDAP source on slapd: filter values', () => {
  it('escapes *, (, ), \\ and keeps non-ASCII text, so each value finds exactly its user', async () => {
    for (const { value, uid } of fixture.filterValues) {
      const entries = await readAll(source(undefined, { filter: ldapFilter`(&(objectClass=inetOrgPerson)(cn=${value}))` }));
      expect(entries.map((e) => text(e, 'uid')), value).toEqual([uid]);
    }
    // Unescaped, the star of "Filter *" would be a wildcard matching every one of them.
    const wildcard = await readAll(source(undefined, { filter: '(cn=Filter *)' }));
    expect(wildcard).toHaveLength(fixture.filterValues.length);
  });

  it('finds unicode values written as UTF-8 text, as \\xx escapes of their bytes, or fully escaped', async () => {
    const name = 'Zoë Ångström';
    const hexEscaped = '(cn=Zo\\c3\\ab \\c3\\85ngstr\\c3\\b6m)';
    for (const filter of [ldapFilter`(cn=${name})`, hexEscaped, `(cn=${escapeFilterValue(Buffer.from(name, 'utf8'))})`]) {
      const entries = await readAll(source(undefined, { filter }));
      expect(entries.map((e) => text(e, 'uid')), filter).toEqual(['u00001']);
    }
  });

  it('finds an entry by its exact entryUUID, and nothing for a value that only looks like a wildcard', async () => {
    const target = fixture.users[41];
    const entries = await readAll(source(undefined, { filter: ldapFilter`(entryUUID=${target?.entryUUID ?? ''})` }));
    expect(entries.map((e) => text(e, 'uid'))).toEqual([target?.uid]);
    const { error } = await readFailure(source(undefined, { filter: ldapFilter`(uid=${'*'})` }));
    expect((error as SourceError).message).toContain('found nobody');
  });
});
