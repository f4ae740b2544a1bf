/**
 * Reading users from a real OpenLDAP slapd: complete and exact, paged,
 * and all or nothing (size limit, time limit, referral, empty result).
 */
import { describe, expect, it } from 'vitest';
import { defaultRunContext } from '../../../src/context/run-context.js';
import { SourceError } from '../../../src/errors.js';
import { LdapSource, type LdapSourceConfigInput } from '../../../src/sources/ldap/index.js';
import type { RawEntry } from '../../../src/sources/source.js';
import { buildSlapdFixture, slapdPeopleDn } from '../../support/slapd-fixture.js';
import { collectingContext, readAll, readFailure, slapd, slapdUserCount, text } from './ldap-servers.js';

const fixture = buildSlapdFixture(slapdUserCount);

function readerSource(overrides: Partial<LdapSourceConfigInput> = {}, users: Partial<LdapSourceConfigInput['users']> = {}): LdapSource {
  const server = slapd();
  return new LdapSource(
    { name: 'acme-ldap', url: server.ldapUrl, tls: { caFile: server.caFile }, bindDn: server.reader.dn, ...overrides, users: { baseDn: slapdPeopleDn, ...users } },
    { env: { LDAP_BIND_PASSWORD: server.reader.password } },
  );
}

function byUid(entries: RawEntry[]): Map<string, RawEntry> {
  return new Map(entries.filter((e) => e.kind === 'person').map((e) => [text(e, 'uid') as string, e]));
}

describe('LDAP source on slapd: reading users', () => {
  it('reads every one of the 5,000 users, exactly as stored (unicode intact, absent mail absent)', async () => {
    const source = readerSource();
    const entries = await readAll(source);
    expect(entries).toHaveLength(fixture.users.length);
    expect(fixture.users.length).toBeGreaterThanOrEqual(5000);
    const read = byUid(entries);
    expect(read.size).toBe(fixture.users.length);
    for (const user of fixture.users) {
      const entry = read.get(user.uid);
      expect(entry, user.uid).toBeDefined();
      const a = (entry as RawEntry).attributes;
      expect(a.cn, user.uid).toEqual(user.cn);
      expect(a.givenName, user.uid).toEqual([user.givenName]);
      expect(a.sn, user.uid).toEqual([user.sn]);
      expect(a.displayName, user.uid).toEqual([user.displayName]);
      expect(a.mail, user.uid).toEqual(user.mail === undefined ? undefined : [user.mail]);
      expect(a.employeeNumber, user.uid).toEqual([user.employeeNumber]);
      expect(a.entryUUID, user.uid).toEqual([user.entryUUID]);
      expect(a['deskbee:externalId'], user.uid).toEqual([user.entryUUID]);
      expect(a['deskbee:dn'], user.uid).toEqual([user.dn]);
      expect((entry as RawEntry).origin).toBe(user.dn);
      // An absent attribute is absent, never an empty list.
      for (const values of Object.values(a)) expect(values.length).toBeGreaterThan(0);
    }
    expect(read.get('u00001')?.attributes.displayName).toEqual(['Zoë Ångström']);
    expect(read.get('u00003')?.attributes.cn).toEqual(['渡辺 健']);
    expect(fixture.users.filter((u) => u.mail === undefined).length).toBeGreaterThan(50);
    const summary = source.summary();
    expect(summary.entries).toBe(fixture.users.length);
    expect(summary.issues).toEqual([]);
    expect(summary.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it('pages: with page size 100 the reader (limited to 500 entries unless paged) gets all users in at least 50 pages', async () => {
    const { ctx, lines } = collectingContext();
    const source = readerSource({ pageSize: 100 });
    const entries = await readAll(source, ctx);
    expect(entries).toHaveLength(fixture.users.length);
    const search = lines.find((line) => line.message === 'LDAP search complete');
    expect(search?.fields.pages).toBeGreaterThanOrEqual(50);
    expect(search?.fields.entries).toBe(fixture.users.length);
    // The same content in other pages gives the same fingerprint.
    const again = readerSource({ pageSize: 777 });
    await readAll(again);
    expect(again.summary().fingerprint).toBe(source.summary().fingerprint);
  });

  it('reads each entry once when base DNs overlap', async () => {
    const entries = await readAll(readerSource({}, { baseDn: [`uid=u00001,${slapdPeopleDn}`, slapdPeopleDn] }));
    expect(entries).toHaveLength(fixture.users.length);
    expect(byUid(entries).size).toBe(fixture.users.length);
  });

  it('fails loudly when the bind account hits the 500-entry size limit, instead of returning 500 users', async () => {
    const server = slapd();
    const source = new LdapSource(
      { name: 'acme-ldap', url: server.ldapUrl, tls: { caFile: server.caFile }, bindDn: server.limited.dn, users: { baseDn: slapdPeopleDn } },
      { env: { LDAP_BIND_PASSWORD: server.limited.password } },
    );
    const { error, before } = await readFailure(source);
    expect(error).toBeInstanceOf(SourceError);
    const message = (error as SourceError).message;
    expect(message).toContain('size limit exceeded');
    expect(message).toContain('LDAP result 4');
    expect(message).toContain('after 500 entries');
    expect(message).toContain(server.ldapUrl);
    expect(message).toContain(server.limited.dn);
    expect(message).toContain(slapdPeopleDn);
    expect(message).toContain('(objectClass=inetOrgPerson)');
    expect(message).not.toContain(server.limited.password);
    expect(before).toBeLessThanOrEqual(500);
    expect(() => source.summary()).toThrow(SourceError);
  });

  it('fails when the server answers "time limit exceeded"', async () => {
    const source = readerSource({}, { baseDn: fixture.retcodes.timeLimitDn, scope: 'base', filter: '(objectClass=*)' });
    const { error } = await readFailure(source);
    expect(error).toBeInstanceOf(SourceError);
    const message = (error as SourceError).message;
    expect(message).toContain('time limit exceeded');
    expect(message).toContain('LDAP result 3');
    expect(message).toContain(fixture.retcodes.timeLimitDn);
    expect(message).toContain('timeLimitSeconds');
  });

  it('fails with an explanation when the server answers with a referral', async () => {
    const source = readerSource({}, { baseDn: fixture.retcodes.referralDn, scope: 'base', filter: '(objectClass=*)' });
    const { error } = await readFailure(source);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).message).toContain('referral');
    expect((error as SourceError).message).toContain('does not follow referrals');
  });

  it('fails when part of the subtree is a referral to another server (search continuation)', async () => {
    const source = readerSource({}, { baseDn: fixture.partnersDn });
    const { error } = await readFailure(source);
    expect(error).toBeInstanceOf(SourceError);
    const message = (error as SourceError).message;
    expect(message).toContain('ldap://ldap.partner.test/ou=remote,dc=partner,dc=test');
    expect(message).toContain(fixture.partnersDn);
  });

  it('fails on an empty result unless allowEmpty is set', async () => {
    const { error } = await readFailure(readerSource({}, { baseDn: fixture.emptyDn }));
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).message).toContain('found nobody');
    expect((error as SourceError).message).toContain(fixture.emptyDn);

    const allowed = readerSource({}, { baseDn: fixture.emptyDn, allowEmpty: true });
    expect(await readAll(allowed)).toEqual([]);
    expect(allowed.summary().entries).toBe(0);
  });

  it('fails when the base DN does not exist', async () => {
    const { error } = await readFailure(readerSource({}, { baseDn: `ou=nowhere,${slapd().baseDn}` }));
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).message).toContain('no such object');
    expect((error as SourceError).message).toContain(`ou=nowhere,${slapd().baseDn}`);
  });

  it('stops with a SourceError when the run is aborted mid-read', async () => {
    const controller = new AbortController();
    const ctx = { ...defaultRunContext(), signal: controller.signal };
    let seen = 0;
    const read = (async () => {
      for await (const _entry of readerSource({ pageSize: 100 }).read(ctx)) {
        seen += 1;
        if (seen === 150) controller.abort();
      }
    })();
    await expect(read).rejects.toThrow(/the read was stopped before it completed/);
    expect(seen).toBeLessThan(fixture.users.length);
  });

  it('flags people as disabled by a configured rule', async () => {
    const entries = await readAll(readerSource({}, { disabled: { attribute: 'employeeType', equals: ['Inactive'] } }));
    const disabled = entries.filter((e) => text(e, 'deskbee:disabled') === 'true').map((e) => text(e, 'uid')).sort();
    expect(disabled).toEqual(fixture.users.filter((u) => u.employeeType === 'inactive').map((u) => u.uid).sort());
    expect(disabled.length).toBeGreaterThan(0);
    expect(entries.every((e) => text(e, 'deskbee:active') === String(text(e, 'deskbee:disabled') !== 'true'))).toBe(true);
  });
});
