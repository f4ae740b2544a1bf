import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/errors.js';
import { createSource, resolveSourcePaths, sourceConfigSchema, sourceKinds } from '../../../src/sources/source-kinds.js';
import { resolveScimCredentials } from '../../../src/sources/scim/scim-credentials.js';
import { scimKindConfigSchema } from '../../../src/sources/scim/scim-config.js';
import { tempFolder } from './scim-test-files.js';

const problems = (input: unknown) => {
  const result = scimKindConfigSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

let tmp: Awaited<ReturnType<typeof tempFolder>>;
beforeAll(async () => {
  tmp = await tempFolder();
});
afterAll(async () => {
  await tmp?.remove();
});

describe('kind: scim settings', () => {
  it('is listed with the other kinds and validated through the configuration union', () => {
    expect(sourceKinds.map((k) => k.kind)).toContain('scim');
    expect(sourceConfigSchema.safeParse({ kind: 'scim', name: 'idp', path: 'users.ndjson' }).success).toBe(true);
    expect(sourceConfigSchema.safeParse({ kind: 'scim', name: 'idp', url: 'https://idp.example.com/scim/v2', pageSize: 500, filter: 'active eq true' }).success).toBe(true);
  });

  it('takes exactly one of path and url', () => {
    expect(problems({ kind: 'scim', name: 'idp' })).toEqual([': give path (a SCIM export file) or url (a SCIM service provider)']);
    expect(problems({ kind: 'scim', name: 'idp', path: 'a.json', url: 'https://idp.example.com/scim/v2' })).toEqual([': give path or url, not both']);
  });

  it('refuses url settings on a file source and format on a url source', () => {
    expect(problems({ kind: 'scim', name: 'idp', path: 'a.json', filter: 'active eq true', pageSize: 10 })).toEqual([
      'filter: filter applies to a url source only; this source reads the file a.json',
      'pageSize: pageSize applies to a url source only; this source reads the file a.json',
    ]);
    expect(problems({ kind: 'scim', name: 'idp', url: 'https://idp.example.com/scim/v2', format: 'ndjson' })).toEqual(['format: format applies to a path source only']);
  });

  it('refuses plain http except on loopback, credentials in the URL, and a query', () => {
    expect(problems({ kind: 'scim', name: 'idp', url: 'http://idp.example.com/scim/v2' })[0]).toMatch(/http:\/\/idp\.example\.com is not https: the token and every person's data would cross the network in clear/);
    expect(problems({ kind: 'scim', name: 'idp', url: 'http://127.0.0.1:8080/scim/v2' })).toEqual([]);
    expect(problems({ kind: 'scim', name: 'idp', url: 'http://localhost:8080/scim/v2' })).toEqual([]);
    const withPassword = problems({ kind: 'scim', name: 'idp', url: 'https://svc:hunter2@idp.example.com/scim/v2' });
    expect(withPassword[0]).toMatch(/must not hold a user name or password/);
    expect(withPassword.join()).not.toContain('hunter2');
    expect(problems({ kind: 'scim', name: 'idp', url: 'https://idp.example.com/scim/v2?filter=x' })[0]).toMatch(/without \?query or #fragment; the filter goes in filter/);
  });

  it('has no place for a secret', () => {
    expect(problems({ kind: 'scim', name: 'idp', url: 'https://idp.example.com/scim/v2', auth: { type: 'bearer', token: 'x' } })[0]).toMatch(/auth: Unrecognized key: "token"/);
    expect(problems({ kind: 'scim', name: 'idp', url: 'https://idp.example.com/scim/v2', token: 'x' })[0]).toMatch(/Unrecognized key: "token"/);
  });

  it('makes path, tokenFile, password files and caFile absolute against the configuration folder', () => {
    const file = sourceConfigSchema.parse({ kind: 'scim', name: 'idp', path: 'exports/users.ndjson' });
    expect(resolveSourcePaths(file, '/etc/deskbee')).toMatchObject({ path: '/etc/deskbee/exports/users.ndjson' });
    const url = sourceConfigSchema.parse({
      kind: 'scim',
      name: 'idp',
      url: 'https://idp.example.com/scim/v2',
      auth: { type: 'basic', userFile: 'secrets/user', passwordFile: '/run/secrets/pw' },
      tls: { caFile: 'ca.pem' },
    });
    expect(resolveSourcePaths(url, '/etc/deskbee')).toMatchObject({
      auth: { type: 'basic', userFile: '/etc/deskbee/secrets/user', passwordFile: '/run/secrets/pw' },
      tls: { caFile: '/etc/deskbee/ca.pem' },
    });
    const bearer = sourceConfigSchema.parse({ kind: 'scim', name: 'idp', url: 'https://idp.example.com/scim/v2', auth: { type: 'bearer', tokenFile: 'token' } });
    expect(resolveSourcePaths(bearer, '/etc/deskbee')).toMatchObject({ auth: { tokenFile: '/etc/deskbee/token', tokenEnv: 'SCIM_TOKEN' } });
  });
});

describe('SCIM credentials', () => {
  it('take the bearer token from SCIM_TOKEN, SCIM_TOKEN_FILE or tokenFile, held as a Secret', async () => {
    const file = await tmp.file('token', 's3cr3t-from-file\n');
    const fromEnv = resolveScimCredentials('idp', { type: 'bearer', tokenEnv: 'SCIM_TOKEN' }, { SCIM_TOKEN: 's3cr3t-env' });
    expect(fromEnv.authorization.reveal()).toBe('Bearer s3cr3t-env');
    expect(fromEnv.from).toBe('SCIM_TOKEN');
    const fromFileEnv = resolveScimCredentials('idp', { type: 'bearer', tokenEnv: 'SCIM_TOKEN' }, { SCIM_TOKEN_FILE: file, SCIM_TOKEN: 'ignored' });
    expect(fromFileEnv.authorization.reveal()).toBe('Bearer s3cr3t-from-file');
    expect(fromFileEnv.from).toBe(`file ${file} (from SCIM_TOKEN_FILE)`);
    const fromSetting = resolveScimCredentials('idp', { type: 'bearer', tokenEnv: 'OKTA_TOKEN', tokenFile: file }, {});
    expect(fromSetting.authorization.reveal()).toBe('Bearer s3cr3t-from-file');
    for (const shown of [JSON.stringify(fromSetting), String(fromSetting.authorization), inspect(fromSetting)]) expect(shown).not.toContain('s3cr3t');
  });

  it('build basic authentication from a user name and a password', async () => {
    const password = await tmp.file('pw', 'p@ss:word\n');
    const basic = resolveScimCredentials('idp', { type: 'basic', userEnv: 'SCIM_USER', passwordEnv: 'SCIM_PASSWORD', passwordFile: password }, { SCIM_USER: 'sync' });
    expect(basic.authorization.reveal()).toBe(`Basic ${Buffer.from('sync:p@ss:word').toString('base64')}`);
    expect(basic.from).toBe(`SCIM_USER and file ${password}`);
  });

  it('refuse missing, empty or unreadable secrets with where they were looked for, never their value', () => {
    const bearer = { type: 'bearer' as const, tokenEnv: 'SCIM_TOKEN' };
    expect(() => resolveScimCredentials('idp', bearer, {})).toThrow(ConfigError);
    expect(() => resolveScimCredentials('idp', bearer, {})).toThrow(/SCIM source idp: no bearer token: SCIM_TOKEN is not set\. Set the environment variable SCIM_TOKEN, or name a file/);
    expect(() => resolveScimCredentials('idp', bearer, { SCIM_TOKEN: '  ' })).toThrow(/SCIM_TOKEN is empty/);
    expect(() => resolveScimCredentials('idp', bearer, { SCIM_TOKEN_FILE: `${tmp.dir}/nope` })).toThrow(/cannot read the bearer token from file .*nope \(from SCIM_TOKEN_FILE\): no such file/);
    const basic = { type: 'basic' as const, userEnv: 'SCIM_USER', passwordEnv: 'SCIM_PASSWORD' };
    expect(() => resolveScimCredentials('idp', basic, { SCIM_USER: 'sync' })).toThrow(/the password \(SCIM_PASSWORD\) is not set/);
    let message = '';
    try {
      resolveScimCredentials('idp', basic, { SCIM_PASSWORD: 'hunter2' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/the user name \(SCIM_USER\) is not set/);
    expect(message).not.toContain('hunter2');
  });

  it('are looked for when the source is created, and a CA file too', () => {
    const config = sourceConfigSchema.parse({ kind: 'scim', name: 'idp', url: 'https://idp.example.com/scim/v2', tls: { caFile: `${tmp.dir}/missing-ca.pem` } });
    expect(() => createSource(config, { env: { SCIM_TOKEN: 't' }, requiredAttributes: [] })).toThrow(/SCIM source idp: cannot read tls\.caFile .*missing-ca\.pem: ENOENT/);
    const noToken = sourceConfigSchema.parse({ kind: 'scim', name: 'idp', url: 'https://idp.example.com/scim/v2' });
    expect(() => createSource(noToken, { env: {}, requiredAttributes: [] })).toThrow(/no bearer token/);
    const source = createSource(noToken, { env: { SCIM_TOKEN: 'abc-secret' }, requiredAttributes: [] });
    expect(source.kind).toBe('scim');
    expect(JSON.stringify(source)).not.toContain('abc-secret');
    expect(inspect(source, { depth: 10 })).not.toContain('abc-secret');
  });
});
