/**
 * The LDAP source's configuration: dialect presets, defaults, and the
 * mistakes it refuses with a clear message (no server needed).
 */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/errors.js';
import { ldapSourceConfigSchema, parseLdapSourceConfig, resolveBindCredentials } from '../../../src/sources/ldap/index.js';

const minimal = { url: 'ldaps://ldap.example.com', users: { baseDn: 'ou=people,dc=example,dc=com' } };

describe('LDAP source configuration', () => {
  it('applies the OpenLDAP preset and the documented defaults', () => {
    const config = parseLdapSourceConfig(minimal);
    expect(config.name).toBe('ldap');
    expect(config.dialect).toBe('openldap');
    expect(config.urls).toEqual(['ldaps://ldap.example.com']);
    expect(config.startTls).toBe(true);
    expect(config.allowInsecureBind).toBe(false);
    expect(config.tls).toEqual({ minVersion: 'TLSv1.2', insecureSkipVerify: false });
    expect(config.pageSize).toBe(500);
    expect(config.timeLimitSeconds).toBe(0);
    expect(config.rangedRetrieval).toEqual({ enabled: false, step: 1500 });
    expect(config.users.baseDns).toEqual(['ou=people,dc=example,dc=com']);
    expect(config.users.filter).toBe('(objectClass=inetOrgPerson)');
    expect(config.users.externalIdAttribute).toBe('entryUUID');
    expect(config.users.attributes).toContain('entryUUID');
    expect(config.users.disabled).toBe(false);
    expect(config.users.allowEmpty).toBe(false);
    expect(config.groups).toBeUndefined();
  });

  it('refuses startTls: false on ldap:// URLs, loopback included, unless allowInsecureBind: true', () => {
    const clear = { ...minimal, url: ['ldaps://dc1.example.com', 'ldap://127.0.0.1:389'], startTls: false };
    expect(() => parseLdapSourceConfig(clear, 'deskbee-sync.yaml (source)')).toThrow(ConfigError);
    expect(() => parseLdapSourceConfig(clear, 'deskbee-sync.yaml (source)')).toThrow(
      /^deskbee-sync\.yaml \(source\): LDAP source "ldap": startTls: false with the URL ldap:\/\/127\.0\.0\.1:389 would send the bind password, .* set allowInsecureBind: true to accept it\.$/,
    );
    expect(parseLdapSourceConfig({ ...clear, allowInsecureBind: true }).allowInsecureBind).toBe(true);
    // Over ldaps:// alone StartTLS has no part to play.
    expect(parseLdapSourceConfig({ ...minimal, startTls: false }).startTls).toBe(false);
  });

  it('applies the Active Directory preset: objectGUID binary, userAccountControl bit 2, ranges, in-chain', () => {
    const config = parseLdapSourceConfig({ ...minimal, dialect: 'active-directory', groups: { membership: 'transitive' } });
    expect(config.users.filter).toBe('(&(objectCategory=person)(objectClass=user))');
    expect(config.users.externalIdAttribute).toBe('objectGUID');
    expect(config.binaryAttributes).toContain('objectGUID');
    expect(config.users.disabled).toEqual({ attribute: 'userAccountControl', bitmask: 2 });
    expect(config.users.attributes).toEqual(expect.arrayContaining(['userPrincipalName', 'mail', 'sAMAccountName', 'employeeID', 'employeeNumber', 'department', 'extensionAttribute1', 'userAccountControl']));
    expect(config.rangedRetrieval.enabled).toBe(true);
    expect(config.groups?.baseDns).toEqual(config.users.baseDns);
    expect(config.groups?.transitiveMethod).toBe('in-chain');
    expect(config.groups?.memberAttributes).toEqual(['member']);
  });

  it('lets every preset be overridden and extended', () => {
    const config = parseLdapSourceConfig({
      ...minimal,
      url: ['ldap://a.example.com:389', 'ldap://b.example.com'],
      users: { baseDn: ['ou=a,dc=x', 'ou=b,dc=x'], filter: '(uid=*)', attributes: ['uid'], extraAttributes: ['mail'], externalIdAttribute: 'uid' },
      groups: { filter: '(cn=team-*)', memberAttributes: ['memberUid'], memberUidAttribute: 'uid' },
    });
    expect(config.urls).toHaveLength(2);
    expect(config.users.attributes).toEqual(['uid', 'mail']);
    expect(config.groups?.filter).toBe('(cn=team-*)');
    expect(config.groups?.attributes).toEqual(['cn', 'description', 'ou', 'entryUUID']);
  });

  it.each([
    [{ ...minimal, url: 'http://ldap.example.com' }, 'url: "http://ldap.example.com" is not an ldap:// or ldaps:// URL'],
    [{ ...minimal, url: 'ldap://ldap.example.com/dc=example,dc=com' }, 'must name only the scheme, host and port'],
    [{ ...minimal, users: { baseDn: 'dc=x', filter: '(cn=a*b(c)' } }, 'users.filter'],
    [{ ...minimal, users: { baseDn: [] } }, 'users.baseDn'],
    [{ ...minimal, pageSize: 0 }, 'pageSize'],
    [{ ...minimal, colour: 'blue' }, 'colour'],
    [{ ...minimal, groups: { membership: 'transitive', transitiveMethod: 'in-chain' } }, 'only AD (and Samba AD) understand'],
    [{ ...minimal, users: { baseDn: 'dc=x', disabled: { attribute: 'x', bitmask: 2, present: true } } }, 'exactly one of bitmask, equals or present'],
  ])('refuses %j', (input, message) => {
    expect(() => parseLdapSourceConfig(input, 'deskbee-sync.yaml (sources.ldap)')).toThrow(ConfigError);
    expect(() => parseLdapSourceConfig(input, 'deskbee-sync.yaml (sources.ldap)')).toThrow(message);
  });

  it('refuses a password written in the configuration, pointing to the environment', () => {
    expect(() => parseLdapSourceConfig({ ...minimal, bindPassword: 'hunter2' })).toThrow(/LDAP_BIND_PASSWORD/);
    expect(() => parseLdapSourceConfig({ ...minimal, bindPassword: 'hunter2' })).not.toThrow(/hunter2/);
  });

  it('finds the bind password in a file, a file named by the environment, or the environment, in that order', () => {
    const config = parseLdapSourceConfig({ ...minimal, bindDn: 'cn=sync,dc=x' });
    const files: Record<string, string> = { '/run/a': 'from-a\n', '/run/b': 'from-b\r\n' };
    const read = (path: string) => {
      const content = files[path];
      if (content === undefined) throw Object.assign(new Error('missing'), { code: 'ENOENT' });
      return content;
    };
    const reveal = (c: ReturnType<typeof resolveBindCredentials>) => (c.anonymous ? undefined : c.password.reveal());
    expect(reveal(resolveBindCredentials({ ...config, bindPasswordFile: '/run/a' }, { LDAP_BIND_PASSWORD_FILE: '/run/b', LDAP_BIND_PASSWORD: 'env' }, read))).toBe('from-a');
    expect(reveal(resolveBindCredentials(config, { LDAP_BIND_PASSWORD_FILE: '/run/b', LDAP_BIND_PASSWORD: 'env' }, read))).toBe('from-b');
    expect(reveal(resolveBindCredentials(config, { LDAP_BIND_PASSWORD: 'env' }, read))).toBe('env');
    expect(() => resolveBindCredentials({ ...config, bindPasswordFile: '/run/none' }, {}, read)).toThrow(/cannot read the bind password file \/run\/none: no such file/);
    const custom = parseLdapSourceConfig({ ...minimal, bindDnEnv: 'AD_DN', bindPasswordEnv: 'AD_PASSWORD' });
    const credentials = resolveBindCredentials(custom, { AD_DN: 'svc@corp', AD_PASSWORD: 's3cret' }, read);
    expect(credentials.anonymous ? '' : credentials.dn).toBe('svc@corp');
    expect(String(credentials.anonymous ? '' : credentials.password)).toBe('[redacted]');
    expect(resolveBindCredentials(parseLdapSourceConfig(minimal), {}, read)).toEqual({ anonymous: true });
    expect(() => resolveBindCredentials(parseLdapSourceConfig(minimal), { LDAP_BIND_PASSWORD: 'x' }, read)).toThrow(/no bind DN/);
  });

  it('has a JSON schema for editors', async () => {
    const { z } = await import('zod');
    const schema = z.toJSONSchema(ldapSourceConfigSchema, { io: 'input', target: 'draft-7' }) as { properties: Record<string, unknown> };
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['url', 'users', 'groups', 'tls', 'bindDn']));
  });
});
