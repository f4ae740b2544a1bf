/**
 * Connecting to a real slapd: TLS verification (right CA, wrong CA, wrong
 * name), StartTLS and LDAPS, failover between URLs, bind failures that
 * name the server and bind DN but never the password, and where the
 * password comes from.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultRunContext } from '../../../src/context/run-context.js';
import { ConfigError, SourceError } from '../../../src/errors.js';
import { LdapSource, type LdapSourceConfigInput } from '../../../src/sources/ldap/index.js';
import { openSession } from '../../../src/sources/ldap/ldap-connection.js';
import { slapdPeopleDn } from '../../support/slapd-fixture.js';
import { freePort } from '../../support/slapd-server.js';
import { collectingContext, readAll, readFailure, slapd, slapdUserCount } from './ldap-servers.js';

type Env = Record<string, string | undefined>;

function source(config: Partial<LdapSourceConfigInput>, env?: Env): LdapSource {
  const server = slapd();
  return new LdapSource(
    { name: 'acme-ldap', url: server.ldapUrl, tls: { caFile: server.caFile }, bindDn: server.reader.dn, users: { baseDn: slapdPeopleDn }, ...config },
    { env: env ?? { LDAP_BIND_PASSWORD: server.reader.password } },
  );
}

/** A TCP server that accepts connections and never answers; counts them. */
class SilentServer {
  connections = 0;
  private readonly sockets = new Set<Socket>();
  private server: Server | undefined;
  port = 0;

  async start(): Promise<void> {
    this.server = createServer((socket) => {
      this.connections += 1;
      this.sockets.add(socket);
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

describe('LDAP source on slapd: connections', () => {
  const silent = new SilentServer();
  let closedPort = 0;
  beforeAll(async () => {
    await silent.start();
    closedPort = await freePort();
  });
  afterAll(() => silent.stop());

  it('reads over StartTLS by name and over LDAPS by IP address with the right CA', async () => {
    const server = slapd();
    expect(await readAll(source({ url: server.ldapUrlByName }))).toHaveLength(slapdUserCount);
    expect(await readAll(source({ url: server.ldapsUrl }))).toHaveLength(slapdUserCount);
  });

  it('refuses a server certificate signed by another CA, and says to set tls.caFile', async () => {
    const server = slapd();
    for (const url of [server.ldapUrl, server.ldapsUrl]) {
      const { error } = await readFailure(source({ url, tls: { caFile: server.wrongCaFile } }));
      expect(error).toBeInstanceOf(SourceError);
      const message = (error as SourceError).message;
      expect(message).toContain('not signed by a trusted certificate authority');
      expect(message).toContain('tls.caFile');
      expect(message).toContain(server.wrongCaFile);
      expect(message).toContain(url);
    }
    // Without any CA file only the system's CAs count, which never signed this test CA.
    const { error } = await readFailure(source({ url: server.ldapsUrl, tls: {} }));
    expect((error as SourceError).message).toContain("only the system's CAs are trusted");
  });

  it('refuses a certificate that does not carry the expected server name', async () => {
    const server = slapd();
    for (const url of [server.ldapUrl, server.ldapsUrl]) {
      const { error } = await readFailure(source({ url, tls: { caFile: server.caFile, serverName: 'wrong.acme.test' } }));
      expect(error).toBeInstanceOf(SourceError);
      const message = (error as SourceError).message;
      expect(message).toContain('not valid for the name');
      expect(message).toContain('wrong.acme.test');
      expect(message).toContain('tls.serverName');
    }
    // The right name, given explicitly while connecting by IP address, passes.
    expect(await readAll(source({ url: server.ldapsUrl, tls: { caFile: server.caFile, serverName: 'ldap.acme.test' } }))).toHaveLength(slapdUserCount);
  });

  it('accepts any certificate only with tls.insecureSkipVerify, and warns', async () => {
    const server = slapd();
    const { ctx, lines } = collectingContext();
    const entries = await readAll(source({ url: server.ldapsUrl, tls: { caFile: server.wrongCaFile, serverName: 'wrong.acme.test', insecureSkipVerify: true } }), ctx);
    expect(entries).toHaveLength(slapdUserCount);
    expect(lines.some((line) => line.level === 'warn' && line.message.includes('insecureSkipVerify'))).toBe(true);
  });

  it('refuses startTls: false on an ldap:// URL before connecting, naming the URL and the setting', async () => {
    const url = `ldap://127.0.0.1:${silent.port}`;
    const before = silent.connections;
    let refusal: unknown;
    try {
      source({ url, startTls: false });
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(ConfigError);
    const message = (refusal as ConfigError).message;
    expect(message).toContain(`startTls: false with the URL ${url} would send the bind password`);
    expect(message).toContain('allowInsecureBind: true');
    // A configuration built in code, past the parser, is refused by the connection itself.
    const parsed = source({ url: slapd().ldapUrl });
    const unchecked = { ...parsed.config, urls: [url], startTls: false };
    await expect(openSession(unchecked, { anonymous: true }, defaultRunContext().logger)).rejects.toThrow(ConfigError);
    expect(silent.connections).toBe(before);
    // ldaps:// needs no StartTLS: startTls: false is fine there.
    expect(await readAll(source({ url: slapd().ldapsUrl, startTls: false }))).toHaveLength(slapdUserCount);
  });

  it('binds in clear only with allowInsecureBind: true, and warns', async () => {
    const { ctx, lines } = collectingContext();
    expect(await readAll(source({ startTls: false, allowInsecureBind: true }), ctx)).toHaveLength(slapdUserCount);
    expect(lines.some((line) => line.level === 'warn' && line.message.includes('in clear'))).toBe(true);
  });

  it('fails over from an unreachable or silent first URL to the next one', async () => {
    const server = slapd();
    const { ctx, lines } = collectingContext();
    const entries = await readAll(source({ url: [`ldap://127.0.0.1:${closedPort}`, `ldap://127.0.0.1:${silent.port}`, server.ldapUrl], operationTimeoutMs: 1000 }), ctx);
    expect(entries).toHaveLength(slapdUserCount);
    const skipped = lines.filter((line) => line.message.includes('unreachable, trying the next one')).map((line) => line.fields.server);
    expect(skipped).toEqual([`ldap://127.0.0.1:${closedPort}`, `ldap://127.0.0.1:${silent.port}`]);
  });

  it('fails with every URL named when none is reachable', async () => {
    const { error } = await readFailure(source({ url: [`ldap://127.0.0.1:${closedPort}`, `ldaps://127.0.0.1:${closedPort}`] }));
    expect(error).toBeInstanceOf(SourceError);
    const message = (error as SourceError).message;
    expect(message).toContain('none of its servers could be reached');
    expect(message).toContain(`ldap://127.0.0.1:${closedPort}: ECONNREFUSED`);
    expect(message).toContain(`ldaps://127.0.0.1:${closedPort}: ECONNREFUSED`);
  });

  it('fails on a wrong password naming server and bind DN, never the password, and tries no other URL', async () => {
    const server = slapd();
    const wrong = 'Wr0ng-Secret-Value!';
    const before = silent.connections;
    const { error } = await readFailure(source({ url: [server.ldapUrl, `ldap://127.0.0.1:${silent.port}`] }, { LDAP_BIND_PASSWORD: wrong }));
    expect(error).toBeInstanceOf(SourceError);
    const message = (error as SourceError).message;
    expect(message).toContain('invalid credentials');
    expect(message).toContain(server.ldapUrl);
    expect(message).toContain(server.reader.dn);
    expect(message).toContain('LDAP_BIND_PASSWORD');
    expect(message).not.toContain(wrong);
    expect(JSON.stringify(error)).not.toContain(wrong);
    expect(String((error as SourceError).cause)).not.toContain(wrong);
    expect(silent.connections).toBe(before);
  });

  it('reads the password from a file named in the environment or the configuration', async () => {
    const server = slapd();
    const dir = mkdtempSync(join(tmpdir(), 'ldap-secret-'));
    const file = join(dir, 'password');
    writeFileSync(file, `${server.reader.password}\n`);
    try {
      expect(await readAll(source({}, { LDAP_BIND_PASSWORD_FILE: file }))).toHaveLength(slapdUserCount);
      expect(await readAll(source({ bindPasswordFile: file }, {}))).toHaveLength(slapdUserCount);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // The bind DN may come from the environment too.
    expect(await readAll(source({ bindDn: undefined }, { LDAP_BIND_DN: server.reader.dn, LDAP_BIND_PASSWORD: server.reader.password }))).toHaveLength(slapdUserCount);
  });

  it('refuses a bind DN without a password, an empty password, and a password in the configuration', async () => {
    await expect(readAll(source({}, {}))).rejects.toThrow(ConfigError);
    await expect(readAll(source({}, { LDAP_BIND_PASSWORD: '' }))).rejects.toThrow(/empty/);
    expect(() => new LdapSource({ url: 'ldap://x', bindPassword: 'secret', users: { baseDn: 'dc=x' } } as unknown as LdapSourceConfigInput)).toThrow(ConfigError);
  });

  it('binds anonymously without DN and password; this server lets anonymous read nothing, and says so', async () => {
    const { error } = await readFailure(source({ bindDn: undefined }, {}));
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).message).toContain('bind DN (anonymous)');
    expect((error as SourceError).message).toContain('insufficient access');
  });
});
