/**
 * Several sources, one desired state, end to end: a Samba AD domain (names,
 * emails, accounts, squads) merged with an HR export in CSV (cost centers
 * and employee numbers), joined on the employee number, synced into the
 * Deskbee emulator through the CLI. Provenance is shown in every report; a
 * person removed from the CSV but still in AD is not a leaver; a person
 * disabled in AD is deactivated.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Attribute, Change, Client } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../../src/emulator/index.js';
import { planChanges, type Plan } from '../../../src/plan/plan-types.js';
import { sambaBaseDn } from '../../support/samba-fixture.js';
import { syncWorkspace, type SyncWorkspace } from '../../support/cli-harness.js';
import { startTestEmulator } from '../../support/deskbee-harness.js';
import { createTestDatabase, type TestDatabase } from '../../support/postgres.js';
import { samba } from './ldap-servers.js';

const ou = `OU=MergeE2E,${sambaBaseDn}`;
const userDn = (n: number) => `CN=Merge User ${n},${ou}`;
const people = [1, 2, 3, 4, 5];

async function adminClient(): Promise<Client> {
  const server = samba();
  const client = new Client({ url: server.ldapUrl });
  await client.bind(server.admin.dn, server.admin.password);
  return client;
}

const hrMapping = `version: 1
source: hr
externalId: { from: employee_id }
match: [enrollment, email]
fields:
  name: { template: "{first_name} {last_name}" }
  email: { from: email, transforms: [trim, lower] }
  enrollment: { from: employee_id }
  costCenter:
    code: { from: cost_center_code, transforms: [trim, upper] }
    name: { from: cost_center_name }
managed:
  fields: [enrollment, costCenter]
`;

const hrCsv = (rows: number[]) =>
  ['employee_id,first_name,last_name,email,cost_center_code,cost_center_name', ...rows.map((n) => `M${n},HR,Name ${n},hr${n}@corp.test,CC-${100 + n},Cost center ${n}`)].join('\n') + '\n';

describe('Samba AD merged with an HR CSV: names and emails from AD, cost centers and enrollment from HR', () => {
  let emulator: RunningEmulator;
  let database: TestDatabase;
  let ws: SyncWorkspace;

  beforeAll(async () => {
    const server = samba();
    const client = await adminClient();
    try {
      await client.add(ou, { objectClass: ['top', 'organizationalUnit'], ou: 'MergeE2E' });
      for (const n of people) {
        await client.add(userDn(n), {
          objectClass: ['top', 'person', 'organizationalPerson', 'user'],
          sAMAccountName: `merge${n}`,
          givenName: 'Merge',
          sn: `User ${n}`,
          mail: `merge${n}@corp.test`,
          employeeID: `M${n}`,
          userAccountControl: '544',
        });
      }
    } finally {
      await client.unbind();
    }
    emulator = await startTestEmulator();
    database = await createTestDatabase('samba_merge');
    ws = await syncWorkspace(emulator, { databaseUrl: database.url, csv: hrCsv(people) });
    const adMapping = (await readFile(resolve('mappings/active-directory.yaml'), 'utf8'))
      .replace(/^source: .*$/m, 'source: ad')
      .replace(/fields: \[name, email, enrollment, status, squads, costCenter\]/, 'fields: [name, email, enrollment, status]');
    await writeFile(join(ws.dir, 'ad.yaml'), adMapping);
    await writeFile(join(ws.dir, 'hr.yaml'), hrMapping);
    const ad = {
      kind: 'ldap',
      name: 'ad',
      dialect: 'active-directory',
      url: server.ldapsUrl,
      tls: { caFile: server.caFile, serverName: server.serverName },
      bindDn: server.service.upn,
      users: { baseDn: ou },
    };
    await writeFile(
      ws.configPath,
      [
        'version: 1',
        'sources:',
        `  - { source: ${JSON.stringify(ad)}, mapping: ad.yaml }`,
        '  - { source: { kind: csv, name: hr, path: hr.csv }, mapping: hr.yaml }',
        'merge:',
        '  join: enrollment',
        '  fields: { name: [ad, hr], email: [ad, hr], costCenter: [hr], enrollment: [hr, ad] }',
        '  owners: [ad]',
        'store: { directory: store }',
        'deskbee: { concurrency: 8 }',
        "sync: { limits: { deactivations: { percent: 50 } } }",
        '',
      ].join('\n'),
    );
    ws.env.LDAP_BIND_PASSWORD = server.service.password;
  });
  afterAll(async () => {
    await emulator?.close();
    await database?.drop();
    await ws?.remove();
  });

  it('plans one person per employee, each field from its source, provenance in text, Markdown and JSON', async () => {
    const planPath = join(ws.dir, 'plan.json');
    const text = await ws.run('plan', '--out', planPath, '--show-all');
    expect(text.stderr).not.toMatch(/deskbee-sync:/);
    expect(text.code).toBe(2);
    const plan = JSON.parse(await readFile(planPath, 'utf8')) as Plan;
    expect(plan.source.name).toBe('ad+hr');
    expect(plan.sources?.map((s) => s.name)).toEqual(['ad', 'hr']);
    const creates = planChanges(plan).filter((c): c is Extract<typeof c, { kind: 'createUser' }> => c.kind === 'createUser');
    expect(creates.map((c) => [c.user.email, c.user.source, c.after.name, c.after.costCenter, c.after.enrollment]).sort()).toEqual(
      people.map((n) => [`merge${n}@corp.test`, 'ad', `Merge User ${n}`, `CC-${100 + n}`, `M${n}`]),
    );
    expect(creates[0]?.fieldsFrom).toEqual({ costCenter: expect.stringMatching(/^hr \(hr\.csv line \d\)$/), enrollment: expect.stringMatching(/^hr \(hr\.csv line \d\)$/) });
    expect(plan.accounting.people).toMatchObject({ read: 10, create: 5, merged: 5, leftOut: 0 });
    expect(text.stdout).toMatch(/cost center: "CC-101" ← hr \(hr\.csv line 2\)/);
    expect(text.stdout).toMatch(/from ad \(CN=Merge User 1,OU=MergeE2E,DC=corp,DC=test\)/i);
    const markdown = await ws.run('plan', '--format', 'markdown');
    expect(markdown.stdout).toMatch(/cost center: "CC-101" ← hr \(hr\.csv line 2\)/);
    expect((await ws.run('apply', planPath)).code).toBe(0);
    expect((await ws.run('plan')).code).toBe(0);
  });

  it('a person removed from the CSV but still in AD is not a leaver; a person disabled in AD is deactivated', async () => {
    await ws.writeCsv(hrCsv([1, 2, 3, 5]));
    const client = await adminClient();
    try {
      await client.modify(userDn(5), new Change({ operation: 'replace', modification: new Attribute({ type: 'userAccountControl', values: ['546'] }) }));
    } finally {
      await client.unbind();
    }
    const planPath = join(ws.dir, 'second.json');
    const second = await ws.run('plan', '--out', planPath);
    expect(second.code, second.stderr).toBe(2);
    const changes = planChanges(JSON.parse(await readFile(planPath, 'utf8')) as Plan);
    expect(changes.map((c) => `${c.kind} ${'user' in c ? c.user.email : ''}`)).toEqual(['deactivateUser merge5@corp.test']);
    expect((await ws.run('apply', planPath)).code).toBe(0);
    const users = emulator.snapshot().users;
    expect(users.find((u) => u.email === 'merge4@corp.test')).toMatchObject({ status: true, cost_center: expect.anything() });
    expect(users.find((u) => u.email === 'merge5@corp.test')?.status).toBe(false);
    expect((await ws.run('plan')).code).toBe(0);
  });
});
