/**
 * The benchmark helper reads the same entries both ways (no timing is
 * asserted here: timing targets do not go in tests).
 */
import { describe, expect, it } from 'vitest';
import { ldapsearchCommand, readWireOnly, readWithSource, runLdapsearch } from '../../support/ldap-bench-fixture.js';
import { slapd, slapdUserCount } from './ldap-servers.js';

describe('LDAP benchmark helper', () => {
  it('reads all fixture users with the source, with the ldapsearch command line, and at the wire alone', async () => {
    const service = slapd();
    const source = await readWithSource(service);
    const cli = await runLdapsearch(service);
    const wire = await readWireOnly(service);
    expect(source.entries).toBe(slapdUserCount);
    expect(wire.entries).toBe(slapdUserCount);
    expect(cli.entries).toBe(slapdUserCount);
    expect(cli.command).toContain('-E pr=500/noprompt');
    expect(cli.command).toContain('-ZZ');
    expect(cli.command).not.toContain(service.reader.password);
    expect(ldapsearchCommand(service, '/run/secret').args).toContain('/run/secret');
  });
});
