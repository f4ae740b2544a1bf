import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningDeskbirdEmulator } from '../../../src/emulator/deskbird/index.js';
import type { RunningEmulator } from '../../../src/emulator/index.js';
import type { Plan } from '../../../src/plan/plan-types.js';
import { planChanges } from '../../../src/plan/plan-types.js';
import { runCli, type CliResult } from '../../support/cli-harness.js';
import { startTestEmulator, testCredentials } from '../../support/deskbee-harness.js';
import { startTestDeskbird, testApiKey } from './deskbird-helpers.js';

const fast = 'deskbee: { concurrency: 8, startRatePerSecond: 2000, maxRatePerSecond: 4000 }';

describe('a deskbird company of 2,000 users and 40 groups migrated into Deskbee through the CLI', () => {
  let deskbird: RunningDeskbirdEmulator;
  let deskbee: RunningEmulator;
  let dir: string;
  let run: (...args: string[]) => Promise<CliResult>;
  let existingUuid: string;
  let existingDeskbirdId: string;

  beforeAll(async () => {
    deskbird = await startTestDeskbird({ seed: { generate: { users: 2000, groups: 40, seed: 12 } } });
    // One person already in Deskbee (created by hand before the move), under the same address in another case.
    const someone = deskbird.snapshot().users[777]!;
    existingDeskbirdId = someone.id;
    deskbird.seed({ users: [{ ...someone, email: 'Ana.Existing@Example.com' }] }, 'merge');
    deskbee = await startTestEmulator({ seed: { users: [{ name: 'Ana (by hand)', email: 'ana.existing@example.com' }] } });
    existingUuid = deskbee.snapshot().users[0]!.uuid;

    dir = await mkdtemp(join(tmpdir(), 'deskbee-sync-deskbird-'));
    const configPath = join(dir, 'deskbee-sync.yaml');
    await writeFile(
      configPath,
      [
        'version: 1',
        `source: { kind: deskbird, name: deskbird, baseUrl: ${JSON.stringify(deskbird.baseUrl)} }`,
        `mapping: ${JSON.stringify(resolve('mappings/deskbird.yaml'))}`,
        'store: { directory: store }',
        fast,
      ].join('\n'),
    );
    const env: NodeJS.ProcessEnv = {
      DESKBEE_CLIENT_ID: testCredentials.clientId,
      DESKBEE_CLIENT_SECRET: testCredentials.clientSecret,
      DESKBEE_BASE_URL: deskbee.baseUrl,
      DESKBEE_SYNC_CONFIG: configPath,
      DESKBIRD_API_KEY: testApiKey,
      NO_COLOR: '1',
    };
    run = (...args) => runCli(args, env);
  });
  afterAll(async () => {
    await deskbird?.close();
    await deskbee?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('doctor reads the whole company and writes nothing', async () => {
    const doctor = await run('doctor');
    expect(doctor.code).toBe(0);
    expect(doctor.stdout).toContain('2040 entries (2000 people, 40 groups)');
    expect(doctor.stdout).not.toContain(testApiKey);
    expect(deskbee.stats().writes).toBe(0);
  });

  it('plan shows the whole migration first, adopting the existing user by email, and writes nothing', async () => {
    const planPath = join(dir, 'plan.json');
    const result = await run('plan', '--format', 'json', '--out', planPath);
    expect(result.code).toBe(2);
    expect(deskbee.stats().writes).toBe(0);
    const changes = planChanges(JSON.parse(await readFile(planPath, 'utf8')) as Plan);
    const count = (kind: string) => changes.filter((c) => c.kind === kind).length;
    expect(count('createSquad')).toBe(40);
    expect(count('createUser')).toBe(1999);
    const links = changes.flatMap((c) => (c.kind === 'linkUser' ? [c] : []));
    expect(links).toHaveLength(1);
    expect(links[0]).toMatchObject({ matchedBy: 'email', user: { uuid: existingUuid, externalId: existingDeskbirdId } });
    const memberships = changes.reduce((n, c) => n + (c.kind === 'addMembers' ? c.users.length : 0), 0);
    expect(memberships).toBe(deskbird.snapshot().groups.reduce((n, g) => n + g.members.length, 0));

    const text = await run('plan');
    expect(text.stdout).toContain('Would create user');
    expect(text.stdout).toContain(`Would link Deskbee user ana.existing@example.com to deskbird id ${existingDeskbirdId} (matched by email)`);
    expect(deskbee.stats().writes).toBe(0);
  });

  it('apply migrates every user, group and membership, keeping the existing Deskbee user', async () => {
    const apply = await run('apply', '--yes');
    expect(apply.stderr).not.toContain('error');
    expect(apply.code).toBe(0);
    const state = deskbee.snapshot();
    const source = deskbird.snapshot();
    expect(state.users).toHaveLength(2000);
    expect(state.squads.map((s) => s.name).sort()).toEqual(source.groups.map((g) => g.name).sort());
    const adopted = state.users.filter((u) => u.email === 'ana.existing@example.com');
    expect(adopted).toHaveLength(1);
    expect(adopted[0]?.uuid).toBe(existingUuid);
    const person = source.users.find((u) => u.id === existingDeskbirdId)!;
    expect(adopted[0]?.name).toBe(`${person.firstName} ${person.lastName}`);

    const squadName = new Map(state.squads.map((s) => [s.uuid, s.name]));
    const squadsByEmail = new Map(state.users.map((u) => [u.email, u.squads.map((uuid) => squadName.get(uuid)).sort()]));
    const groupName = new Map(source.groups.map((g) => [g.id, g.name]));
    const wanted = new Map(source.users.map((u) => [u.email.toLowerCase(), [] as string[]]));
    for (const group of source.groups) {
      for (const member of group.members) wanted.get(source.users.find((u) => u.id === member)!.email.toLowerCase())?.push(groupName.get(group.id)!);
    }
    for (const [email, names] of wanted) expect(squadsByEmail.get(email)).toEqual(names.sort());
  });

  it('then plans nothing, and a second apply sends no write', async () => {
    const plan = await run('plan');
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('No changes');
    deskbee.resetStats();
    const apply = await run('apply', '--yes');
    expect(apply.code).toBe(0);
    expect(deskbee.stats().writes).toBe(0);
  });
});
