/**
 * End to end: a Samba AD domain synced into the Deskbee emulator through the
 * CLI with the shipped Active Directory mapping. Then, in AD: a user is
 * disabled, a user moves between groups, a user and a group are renamed;
 * the next plan shows exactly that, the apply keeps every Deskbee uuid,
 * and the 1,600-member group ends with all its (syncable) members.
 * The test's own people and groups live in an OU of their own, so the other
 * Samba tests, which read OU=Staff, see the domain unchanged.
 */
import { join, resolve } from 'node:path';
import { readFile } from 'node:fs/promises';
import { Attribute, Change, Client } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Plan } from '../../../src/plan/plan-types.js';
import { planChanges } from '../../../src/plan/plan-types.js';
import type { RunningEmulator } from '../../../src/emulator/index.js';
import { buildSambaFixture, sambaBaseDn, sambaGroupsDn, sambaStaffDn } from '../../support/samba-fixture.js';
import { syncWorkspace, type SyncWorkspace } from '../../support/cli-harness.js';
import { startTestEmulator } from '../../support/deskbee-harness.js';
import { createTestDatabase, type TestDatabase } from '../../support/postgres.js';
import { samba, sambaUserCount } from './ldap-servers.js';

const ou = `OU=SyncE2E,${sambaBaseDn}`;
const userDn = (n: number) => `CN=E2E User ${n},${ou}`;
const groupDn = (name: string) => `CN=${name},${ou}`;
/** Enabled, no password required (ACCOUNTDISABLE off, PASSWD_NOTREQD on): no password has to be set over LDAP. */
const enabled = '544';

async function adminClient(): Promise<Client> {
  const server = samba();
  const client = new Client({ url: server.ldapUrl });
  await client.bind(server.admin.dn, server.admin.password);
  return client;
}

async function createTestEntries(): Promise<void> {
  const client = await adminClient();
  try {
    await client.add(ou, { objectClass: ['top', 'organizationalUnit'], ou: 'SyncE2E' });
    for (let n = 1; n <= 6; n += 1) {
      await client.add(userDn(n), {
        objectClass: ['top', 'person', 'organizationalPerson', 'user'],
        sAMAccountName: `e2e${n}`,
        givenName: 'E2E',
        sn: `User ${n}`,
        mail: `e2e${n}@corp.test`,
        employeeID: `X${n}`,
        department: 'Sync Tests',
        extensionAttribute1: 'CC-900',
        userAccountControl: enabled,
      });
    }
    await client.add(groupDn('Team E2E Alpha'), { objectClass: ['top', 'group'], sAMAccountName: 'team-e2e-alpha', member: [1, 2, 3].map(userDn) });
    await client.add(groupDn('Team E2E Beta'), { objectClass: ['top', 'group'], sAMAccountName: 'team-e2e-beta', member: [4, 5].map(userDn) });
  } finally {
    await client.unbind();
  }
}

async function changeInAd(): Promise<void> {
  const client = await adminClient();
  try {
    // User 6 is disabled.
    await client.modify(userDn(6), new Change({ operation: 'replace', modification: new Attribute({ type: 'userAccountControl', values: ['546'] }) }));
    // User 3 moves from Alpha to Beta.
    await client.modify(groupDn('Team E2E Alpha'), new Change({ operation: 'delete', modification: new Attribute({ type: 'member', values: [userDn(3)] }) }));
    await client.modify(groupDn('Team E2E Beta'), new Change({ operation: 'add', modification: new Attribute({ type: 'member', values: [userDn(3)] }) }));
    // User 1 changes family name (and account name); group Alpha is renamed.
    await client.modify(userDn(1), new Change({ operation: 'replace', modification: new Attribute({ type: 'sn', values: ['Renamed'] }) }));
    await client.modifyDN(userDn(1), 'CN=E2E Renamed 1');
    await client.modifyDN(groupDn('Team E2E Alpha'), 'CN=Team E2E Gamma');
  } finally {
    await client.unbind();
  }
}

describe('Active Directory (Samba) synced into Deskbee with the shipped mapping', () => {
  let emulator: RunningEmulator;
  let database: TestDatabase;
  let ws: SyncWorkspace;
  const fixture = buildSambaFixture(sambaUserCount);

  beforeAll(async () => {
    const server = samba();
    await createTestEntries();
    emulator = await startTestEmulator();
    database = await createTestDatabase('samba_sync');
    ws = await syncWorkspace(emulator, {
      databaseUrl: database.url,
      csv: '',
      mapping: resolve('mappings/active-directory.yaml'),
    });
    const source = {
      kind: 'ldap',
      name: 'corp-ad',
      dialect: 'active-directory',
      url: server.ldapsUrl,
      tls: { caFile: server.caFile, serverName: server.serverName },
      bindDn: server.service.upn,
      users: { baseDn: [sambaStaffDn, ou] },
      groups: { baseDn: [sambaGroupsDn, ou], filter: '(|(cn=Team Big)(cn=Team E2E *))' },
    };
    const config = await readFile(ws.configPath, 'utf8');
    await (await import('node:fs/promises')).writeFile(
      ws.configPath,
      config
        .replace(/^source: .*$/m, `source: ${JSON.stringify(source)}`)
        .concat('\ndeskbee: { concurrency: 8, startRatePerSecond: 2000, maxRatePerSecond: 4000 }\n'),
    );
    ws.env.LDAP_BIND_PASSWORD = server.service.password;
  });
  afterAll(async () => {
    await emulator?.close();
    await database?.drop();
    await ws?.remove();
  });

  it('plans the whole domain, applies it, and the 1,600-member group is complete in its squad', async () => {
    const planPath = join(ws.dir, 'first.json');
    const plan = await ws.run('plan', '--out', planPath, '--format', 'json');
    expect(plan.stderr).not.toMatch(/deskbee-sync:/);
    expect(plan.code).toBe(2);
    const first = JSON.parse(await readFile(planPath, 'utf8')) as Plan;

    const syncable = fixture.users.filter((u) => u.mail && u.userAccountControl !== 514);
    const created = new Set(planChanges(first).flatMap((c) => (c.kind === 'createUser' ? [c.user.email] : [])));
    const expected = new Set([...syncable.map((u) => u.mail!.toLowerCase()), ...[1, 2, 3, 4, 5, 6].map((n) => `e2e${n}@corp.test`)]);
    expect([...created].filter((e) => !expected.has(e))).toEqual([]);
    expect([...expected].filter((e) => !created.has(e))).toEqual([]);
    // People without mail are reported, not silently dropped.
    expect(first.issues.filter((i) => /email|mail/.test(`${i.field} ${i.message}`))).toHaveLength(fixture.users.filter((u) => !u.mail).length);

    const apply = await ws.run('apply', planPath);
    expect(apply.code).toBe(0);
    const state = emulator.snapshot();
    const big = fixture.groups.find((g) => g.cn === 'Team Big')!;
    const bigMembers = new Set(big.members.map((dn) => dn.toLowerCase()));
    const expectedEmails = syncable.filter((u) => bigMembers.has(u.dn.toLowerCase())).map((u) => u.mail!.toLowerCase());
    expect(expectedEmails.length).toBeGreaterThan(1500);
    const bigUuid = state.squads.find((sq) => sq.name === 'Team Big')?.uuid;
    const inSquad = new Set(state.users.filter((u) => bigUuid && u.squads.includes(bigUuid)).map((u) => u.email));
    expect(expectedEmails.filter((e) => !inSquad.has(e))).toEqual([]);
    expect(inSquad.size).toBe(expectedEmails.length);

    expect((await ws.run('plan')).code).toBe(0);
  });

  it('after a disable, a move, a user rename and a group rename in AD, plans exactly those and keeps every uuid', async () => {
    const before = emulator.snapshot();
    const uuidOf = (email: string) => before.users.find((u) => u.email === email)?.uuid;
    const squadUuid = before.squads.find((s) => s.name === 'Team E2E Alpha')?.uuid;
    await changeInAd();

    const planPath = join(ws.dir, 'second.json');
    expect((await ws.run('plan', '--out', planPath)).code).toBe(2);
    const changes = planChanges(JSON.parse(await readFile(planPath, 'utf8')) as Plan);
    const summary = changes.map((c) => {
      switch (c.kind) {
        case 'renameSquad':
          return `rename ${c.before} -> ${c.after}`;
        case 'updateUser':
          return `update ${c.user.email} ${Object.entries(c.after).map(([k, v]) => `${k}=${String(v)}`).join(',')}`;
        case 'deactivateUser':
          return `deactivate ${c.user.email}`;
        case 'addMembers':
        case 'removeMembers':
          return `${c.kind} ${c.squad} ${c.users.map((u) => u.email).join(',')}`;
        default:
          return c.kind;
      }
    });
    expect(summary.length, summary.slice(0, 8).join('\n').slice(0, 2000)).toBeLessThan(10);
    expect(summary.sort()).toEqual(
      [
        'rename Team E2E Alpha -> Team E2E Gamma',
        'update e2e1@corp.test name=E2E Renamed',
        'addMembers Team E2E Beta e2e3@corp.test',
        'removeMembers Team E2E Gamma e2e3@corp.test',
        'deactivate e2e6@corp.test',
      ].sort(),
    );

    emulator.resetStats();
    expect((await ws.run('apply', planPath)).code).toBe(0);
    const after = emulator.snapshot();
    expect(after.users).toHaveLength(before.users.length);
    expect(after.users.find((u) => u.email === 'e2e1@corp.test')).toMatchObject({ name: 'E2E Renamed', uuid: uuidOf('e2e1@corp.test') });
    expect(after.users.find((u) => u.email === 'e2e6@corp.test')).toMatchObject({ status: false, uuid: uuidOf('e2e6@corp.test') });
    expect(after.squads.find((s) => s.name === 'Team E2E Gamma')?.uuid).toBe(squadUuid);
    const betaUuid = after.squads.find((sq) => sq.name === 'Team E2E Beta')?.uuid;
    expect(after.users.find((u) => u.email === 'e2e3@corp.test')?.squads).toEqual([betaUuid]);
    expect(emulator.stats().byRoute['POST /users'] ?? 0).toBe(0);
    expect((await ws.run('plan')).code).toBe(0);
  });
});
