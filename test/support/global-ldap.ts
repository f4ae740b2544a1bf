/**
 * Global set-up: starts the directory servers the LDAP source tests use and
 * provides them as `ldap` (see test/sources/ldap/ldap-servers.ts): a throwaway OpenLDAP slapd
 * on free loopback ports, and a Samba AD domain controller on
 * 127.0.0.1:389/636. Each starts only when the run includes tests that need
 * it (test/sources/ldap/, and for Samba the files whose name has `samba`),
 * so other areas' test runs pay nothing. When a server cannot start, the
 * tests needing it fail with the reason; the other tests still run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import type { LdapServers } from '../sources/ldap/ldap-servers.js';
import { sambaUserCount } from './samba-fixture.js';
import { startSamba } from './samba-server.js';
import { slapdUserCount } from './slapd-fixture.js';
import { startSlapd } from './slapd-server.js';

/** Which servers the selected test files need. */
async function neededServers(project: TestProject): Promise<{ slapd: boolean; samba: boolean }> {
  // The CLI's file filters (`vitest run test/sources/ldap`) are kept on the Vitest instance.
  const filters = (project.vitest as unknown as { filenamePattern?: string[] }).filenamePattern ?? [];
  const { testFiles } = await project.globTestFiles(filters);
  const ldapFiles = testFiles.map((file) => file.replace(/\\/g, '/')).filter((file) => file.includes('/test/sources/ldap/'));
  return { slapd: ldapFiles.length > 0, samba: ldapFiles.some((file) => /samba/i.test(file.slice(file.lastIndexOf('/') + 1))) };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const needed = await neededServers(project);
  const servers: LdapServers = {
    slapd: { reason: 'no test of this run needs slapd' },
    samba: { reason: 'no test of this run needs Samba AD' },
  };
  const stops: Array<() => Promise<void>> = [];
  const dirs: string[] = [];
  const workDir = (name: string) => {
    const dir = mkdtempSync(join(tmpdir(), `deskbee-${name}-`));
    dirs.push(dir);
    return dir;
  };
  await Promise.all([
    needed.slapd
      ? startSlapd(workDir('slapd'), slapdUserCount).then(
          ({ service, stop }) => {
            servers.slapd = service;
            stops.push(stop);
          },
          (error: unknown) => {
            servers.slapd = { reason: error instanceof Error ? error.message : String(error) };
          },
        )
      : undefined,
    needed.samba
      ? startSamba(workDir('samba'), sambaUserCount).then(
          ({ service, stop }) => {
            servers.samba = service;
            stops.push(stop);
            if (service.origin === 'provisioned') process.stderr.write(`Samba AD test domain provisioned and loaded in ${service.provisionMs} ms (cached for later runs)\n`);
          },
          (error: unknown) => {
            servers.samba = { reason: error instanceof Error ? error.message : String(error) };
          },
        )
      : undefined,
  ]);
  project.provide('ldap', servers);
  return async () => {
    await Promise.all(stops.map((stop) => stop()));
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  };
}
