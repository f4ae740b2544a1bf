/**
 * The Active Directory dialect against a real Samba AD domain controller:
 * objectGUID bytes and their canonical text (checked against Samba's own
 * tools), disabled accounts, ranged retrieval of groups above 1,500
 * members, nested groups by expansion and by the in-chain matching rule,
 * memberOf, TLS by server name, and AD's reasons for a refused bind.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SourceError } from '../../../src/errors.js';
import { dnKey, escapeFilterValue, guidToBytes, guidToString, LdapSource, type LdapSourceConfigInput } from '../../../src/sources/ldap/index.js';
import type { RawEntry } from '../../../src/sources/source.js';
import { buildSambaFixture, expectedSambaMemberships, type SambaFixture, sambaGroupsDn, sambaStaffDn } from '../../support/samba-fixture.js';
import { collectingContext, readAll, readFailure, samba, sambaUserCount, text } from './ldap-servers.js';

const fixture: SambaFixture = buildSambaFixture(sambaUserCount);

function adSource(config: Partial<LdapSourceConfigInput> = {}, users: Partial<LdapSourceConfigInput['users']> = {}, password?: string): LdapSource {
  const server = samba();
  return new LdapSource(
    {
      name: 'corp-ad',
      dialect: 'active-directory',
      url: server.ldapUrl,
      tls: { caFile: server.caFile, serverName: server.serverName },
      bindDn: server.service.upn,
      ...config,
      users: { baseDn: sambaStaffDn, ...users },
    },
    { env: { LDAP_BIND_PASSWORD: password ?? server.service.password } },
  );
}

function persons(entries: RawEntry[]): Map<string, RawEntry> {
  return new Map(entries.filter((e) => e.kind === 'person').map((e) => [dnKey(text(e, 'deskbee:dn') as string), e]));
}

/** Samba's own text of an entry's objectGUID, read from its database with ldbsearch. */
function ldbsearchGuid(dn: string): string {
  const out = execFileSync('ldbsearch', ['-H', join(samba().privateDir, 'sam.ldb'), '-b', dn, '-s', 'base', 'objectGUID'], { encoding: 'utf8' });
  const match = /^objectGUID: ([0-9a-f-]{36})$/m.exec(out);
  if (!match) throw new Error(`no objectGUID for ${dn} in ldbsearch output: ${out}`);
  return match[1] as string;
}

function groupsByDn(entries: RawEntry[]): Map<string, string[]> {
  return new Map([...persons(entries)].map(([key, e]) => [key, ((e.attributes['deskbee:groups'] ?? []) as string[]).slice().sort()]));
}

describe('LDAP source on Samba AD', () => {
  it('reads every user with the AD presets, objectGUID as 16 bytes, unicode and optional attributes intact', async () => {
    const source = adSource();
    const read = persons(await readAll(source));
    expect(read.size).toBe(fixture.users.length);
    for (const user of fixture.users) {
      const entry = read.get(dnKey(user.dn)) as RawEntry;
      expect(entry, user.dn).toBeDefined();
      const a = entry.attributes;
      expect(a.cn, user.sam).toEqual([user.cn]);
      expect(a.sAMAccountName, user.sam).toEqual([user.sam]);
      expect(a.userPrincipalName, user.sam).toEqual([`${user.sam}@corp.test`]);
      expect(a.givenName, user.sam).toEqual([user.givenName]);
      expect(a.mail, user.sam).toEqual(user.mail === undefined ? undefined : [user.mail]);
      expect(a.employeeID, user.sam).toEqual(user.employeeID === undefined ? undefined : [user.employeeID]);
      expect(a.department, user.sam).toEqual([user.department]);
      expect(a.extensionAttribute1, user.sam).toEqual([user.extensionAttribute1]);
      const guid = a.objectGUID?.[0];
      expect(Buffer.isBuffer(guid) && guid.length === 16, user.sam).toBe(true);
      expect(a['deskbee:externalId'], user.sam).toEqual([guidToString(guid as Buffer)]);
    }
    expect(source.summary().entries).toBe(fixture.users.length);
  });

  it("gives the objectGUID's canonical text exactly as Samba's ldbsearch prints it, and finds an entry by its GUID bytes", async () => {
    const read = persons(await readAll(adSource()));
    for (const user of [fixture.users[0], fixture.users[2], fixture.users[99]]) {
      const entry = read.get(dnKey(user?.dn ?? '')) as RawEntry;
      const samba = ldbsearchGuid(user?.dn ?? '');
      expect(text(entry, 'deskbee:externalId')).toBe(samba);
      expect(guidToBytes(samba).equals(entry.attributes.objectGUID?.[0] as Buffer)).toBe(true);
      // The GUID's bytes (many ≥ 0x80) compared as bytes, through a filter of \xx escapes.
      const found = await readAll(adSource({}, { filter: `(&(objectClass=user)(objectGUID=${escapeFilterValue(guidToBytes(samba))}))` }));
      expect(found.map((e) => text(e, 'sAMAccountName'))).toEqual([user?.sam]);
    }
  });

  it('flags disabled accounts (userAccountControl bit 2)', async () => {
    const read = persons(await readAll(adSource()));
    const disabled = [...read.values()].filter((e) => text(e, 'deskbee:disabled') === 'true').map((e) => text(e, 'sAMAccountName')).sort();
    expect(disabled).toEqual(fixture.users.filter((u) => (u.userAccountControl & 2) !== 0).map((u) => u.sam).sort());
    expect(disabled).toContain('u00003');
    expect(text(read.get(dnKey(fixture.users[2]?.dn ?? '')) as RawEntry, 'userAccountControl')).toBe('514');
    expect(text(read.get(dnKey(fixture.users[0]?.dn ?? '')) as RawEntry, 'deskbee:active')).toBe('true');
  });

  it('connects by LDAPS to the IP address with the server name and CA, and explains a name mismatch', async () => {
    const server = samba();
    expect(persons(await readAll(adSource({ url: server.ldapsUrl }))).size).toBe(fixture.users.length);
    const { error } = await readFailure(adSource({ url: server.ldapsUrl, tls: { caFile: server.caFile } }));
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).message).toContain('not valid for the name');
    expect((error as SourceError).message).toContain('<HOST>.<realm>');
  });

  it("explains AD's reason for a refused bind, without the password", async () => {
    const wrong = 'Not-The-Password-1!';
    const { error } = await readFailure(adSource({}, {}, wrong));
    expect(error).toBeInstanceOf(SourceError);
    const message = (error as SourceError).message;
    expect(message).toContain('invalid credentials');
    expect(message).toContain('the password is wrong');
    expect(message).toContain(samba().service.upn);
    expect(message).not.toContain(wrong);
  });

  it('reads every member of groups above 1,500 members in ranges (and of one of exactly 1,500)', async () => {
    // Samba answers an explicit range request like AD: 1,500 values and a range that does not end in *.
    const server = samba();
    const dir = mkdtempSync(join(tmpdir(), 'ldap-oracle-'));
    let oracle: string;
    try {
      writeFileSync(join(dir, 'password'), server.admin.password, { mode: 0o600 });
      oracle = execFileSync('ldapsearch', ['-LLL', '-x', '-H', server.ldapUrl, '-D', server.admin.dn, '-y', join(dir, 'password'), '-b', `CN=Team Big,${sambaGroupsDn}`, '-s', 'base', '(objectClass=*)', 'member;range=0-1499'], { encoding: 'utf8' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(oracle.split('\n').filter((l) => l.startsWith('member;range=0-1499:'))).toHaveLength(1500);

    for (const step of [1500, 700]) {
      const { ctx, lines } = collectingContext();
      const entries = await readAll(adSource({ groups: { baseDn: sambaGroupsDn, filter: '(|(cn=Team Big)(cn=Team Exact)(cn=Team Empty))' }, rangedRetrieval: { step } }), ctx);
      const counts = new Map<string, number>();
      for (const groups of groupsByDn(entries).values()) for (const g of groups) counts.set(g, (counts.get(g) ?? 0) + 1);
      expect(counts.get('Team Big'), `step ${step}`).toBe(fixture.groups.find((g) => g.cn === 'Team Big')?.members.length);
      expect(counts.get('Team Big')).toBe(1600);
      expect(counts.get('Team Exact'), `step ${step}`).toBe(1500);
      expect(counts.get('Team Empty')).toBeUndefined();
      expect(entries.filter((e) => e.kind === 'group').map((e) => text(e, 'cn')).sort()).toEqual(['Team Big', 'Team Empty', 'Team Exact']);
      const ranged = lines.filter((l) => l.message === 'LDAP ranged read complete' && String(l.fields.dn).startsWith('CN=Team Big'));
      expect(ranged.map((l) => l.fields.values)).toEqual([1600]);
    }
  });

  it('resolves nested groups: direct, transitive by expansion, and transitive by the in-chain rule agree with the fixture', async () => {
    const nestedSquads = '(|(cn=Team Engineering)(cn=Backend)(cn=Platform)(cn=R&D*)(cn=Cycle A)(cn=Cycle B))';
    const config = (membership: 'direct' | 'transitive', transitiveMethod: 'expand' | 'in-chain') => adSource({ groups: { baseDn: sambaGroupsDn, filter: nestedSquads, membership, transitiveMethod } });
    const direct = groupsByDn(await readAll(config('direct', 'expand')));
    const expanded = groupsByDn(await readAll(config('transitive', 'expand')));
    const inChain = groupsByDn(await readAll(config('transitive', 'in-chain')));
    const squadNames = new Set(['Team Engineering', 'Backend', 'Platform', 'R&D, Ops (EU) *', 'Cycle A', 'Cycle B']);
    const expectedDirect = expectedSambaMemberships(fixture, 'direct');
    const expectedTransitive = expectedSambaMemberships(fixture, 'transitive');
    for (const user of fixture.users) {
      const key = dnKey(user.dn);
      const only = (names: string[] | undefined) => (names ?? []).filter((n) => squadNames.has(n)).sort();
      expect(direct.get(key), user.sam).toEqual(only(expectedDirect.get(user.dn.toLowerCase())));
      expect(expanded.get(key), user.sam).toEqual(only(expectedTransitive.get(user.dn.toLowerCase())));
    }
    expect(inChain).toEqual(expanded);
    expect(expanded.get(dnKey(fixture.users[159]?.dn ?? ''))).toEqual(['Backend', 'Platform', 'Team Engineering']);
    expect(direct.get(dnKey(fixture.users[159]?.dn ?? ''))).toEqual(['Platform']);
    expect(expanded.get(dnKey(fixture.users[171]?.dn ?? ''))).toEqual(['R&D, Ops (EU) *', 'Team Engineering']);
  });

  it("reads direct membership from the users' memberOf back-links", async () => {
    const entries = await readAll(adSource({ groups: { baseDn: sambaGroupsDn, memberSource: 'memberOf' } }));
    const read = groupsByDn(entries);
    const expected = expectedSambaMemberships(fixture, 'direct');
    for (const user of fixture.users) expect(read.get(dnKey(user.dn)), user.sam).toEqual((expected.get(user.dn.toLowerCase()) ?? []).slice().sort());
    const person = persons(entries).get(dnKey(fixture.users[0]?.dn ?? '')) as RawEntry;
    expect((person.attributes.memberOf as string[]).map(dnKey).sort()).toEqual([`CN=Team Big,${sambaGroupsDn}`, `CN=Team Exact,${sambaGroupsDn}`].map(dnKey).sort());
  });
});
