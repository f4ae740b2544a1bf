/**
 * The bind password never reaches a message, by structure rather than by
 * scrubbing: with short, common-word passwords (`the`, `a`, `ldap`), which
 * any message holds anyway, an error reads exactly as it does with a long
 * random password, in every form an error is shown (String, util.inspect,
 * JSON, stack, the cause chain) and in the log lines; and a long random
 * password appears in none of them.
 */
import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { SourceError } from '../../../src/errors.js';
import { LdapSource, type LdapSourceConfigInput } from '../../../src/sources/ldap/index.js';
import { buildSlapdFixture, slapdPeopleDn, wordPasswords } from '../../support/slapd-fixture.js';
import { collectingContext, type LogLine, readAll, readFailure, slapd, slapdUserCount } from './ldap-servers.js';

const fixture = buildSlapdFixture(slapdUserCount);

function source(account: { dn: string; password: string }, users: Partial<LdapSourceConfigInput['users']> = {}): LdapSource {
  const server = slapd();
  return new LdapSource(
    { name: 'acme-ldap', url: server.ldapUrl, tls: { caFile: server.caFile }, bindDn: account.dn, users: { baseDn: slapdPeopleDn, ...users } },
    { env: { LDAP_BIND_PASSWORD: account.password } },
  );
}

/** Every way an error gets shown: String, util.inspect, JSON, the stack, and each cause's message and stack. */
function renderings(error: unknown): Record<string, string> {
  const out: Record<string, string> = {
    string: String(error),
    inspect: inspect(error, { depth: 8 }),
    json: JSON.stringify(error),
  };
  let depth = 0;
  for (let current: unknown = error; current instanceof Error; current = current.cause, depth += 1) {
    out[`message ${depth}`] = current.message;
    out[`stack ${depth}`] = current.stack ?? '';
  }
  return out;
}

/** The renderings with the bind DN replaced and stack frames (file paths, not messages) left out, for comparing two accounts' errors. */
function comparable(error: unknown, bindDn: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [form, text] of Object.entries(renderings(error))) out[form] = text.split(bindDn).join('<bind DN>').replace(/^\s*at .*$\n?/gm, '');
  return out;
}

function comparableLog(lines: LogLine[], bindDn: string): string {
  const kept = lines.map(({ level, message, fields }) => ({ level, message, fields: { ...fields, ms: undefined } }));
  return JSON.stringify(kept).split(bindDn).join('<bind DN>');
}

function expectAbsent(error: unknown, password: string): void {
  for (const [form, text] of Object.entries(renderings(error))) expect(text, form).not.toContain(password);
}

describe('LDAP source on slapd: the bind password never reaches a message', () => {
  it('refuses wrong passwords the, a and ldap with the very message a long random wrong password gets', async () => {
    const server = slapd();
    const random = randomBytes(18).toString('base64url');
    const { error: reference } = await readFailure(source({ dn: server.reader.dn, password: random }));
    expect(reference).toBeInstanceOf(SourceError);
    expectAbsent(reference, random);
    const message = (reference as SourceError).message;
    expect(message).toBe(
      `LDAP source "acme-ldap": the server refused the bind: invalid credentials (LDAP result 49) (server ${server.ldapUrl}, bind DN "${server.reader.dn}"). ` +
        'Usual causes: a wrong or expired password in LDAP_BIND_PASSWORD, a misspelt bind DN, or a disabled or locked account. ' +
        'The other servers were not tried: they would refuse the same credentials.',
    );
    for (const word of wordPasswords) {
      const { error } = await readFailure(source({ dn: server.reader.dn, password: word }));
      expect(error).toBeInstanceOf(SourceError);
      expect(comparable(error, server.reader.dn), word).toEqual(comparable(reference, server.reader.dn));
      expect(inspect(error, { depth: 8 })).not.toContain('[redacted]');
    }
  });

  it('reads with the right passwords the, a and ldap, and their failures and logs read as those of an account with a random password', async () => {
    const server = slapd();
    // Three reads each: one that succeeds, one the server stops (size limit, 500 entries), one that finds nobody.
    const readsOf = async (account: { dn: string; password: string }) => {
      const { ctx, lines } = collectingContext();
      const some = await readAll(source(account, { filter: '(uid=u0000*)' }), ctx);
      const limit = await readFailure(source(account));
      const empty = await readFailure(source(account, { baseDn: fixture.emptyDn }));
      return { some, lines, limit, empty };
    };
    const reference = await readsOf(server.limited);
    expect(reference.some).toHaveLength(9);
    expect((reference.limit.error as SourceError).message).toContain('size limit exceeded');
    expect((reference.empty.error as SourceError).message).toContain('the user search found nobody');
    for (const reads of [reference.limit.error, reference.empty.error]) expectAbsent(reads, server.limited.password);
    expect(JSON.stringify(reference.lines)).not.toContain(server.limited.password);

    for (const account of server.wordAccounts) {
      const reads = await readsOf(account);
      expect(reads.some.map((entry) => entry.origin)).toEqual(reference.some.map((entry) => entry.origin));
      expect(comparableLog(reads.lines, account.dn), account.password).toEqual(comparableLog(reference.lines, server.limited.dn));
      expect(reads.limit.before).toBe(reference.limit.before);
      expect(comparable(reads.limit.error, account.dn), account.password).toEqual(comparable(reference.limit.error, server.limited.dn));
      expect(comparable(reads.empty.error, account.dn), account.password).toEqual(comparable(reference.empty.error, server.limited.dn));
      const message = (reads.limit.error as SourceError).message;
      expect(message).toMatch(/^LDAP source "acme-ldap": the server stopped the search after \d+ entries with "size limit exceeded" \(LDAP result 4\) /);
      expect(message).toContain(`(server ${server.ldapUrl}, bind DN "${account.dn}", base DN "${slapdPeopleDn}"`);
      expect(message).not.toContain('[redacted]');
    }
  });
});
