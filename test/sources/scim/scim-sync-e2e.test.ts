/**
 * End to end through the CLI against the Deskbee emulator, with
 * mappings/scim.yaml: a SCIM export file, then a SCIMMY service provider.
 * Plan shows the changes, apply makes them, plan again shows none.
 */
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../../src/emulator/index.js';
import { runCli } from '../../support/cli-harness.js';
import { startTestEmulator, testCredentials } from '../../support/deskbee-harness.js';
import { startScimmyServer, type ScimmyServer } from '../../support/scimmy-server.js';
import { generateGroups, generateUsers } from './scim-test-files.js';

const fast = 'deskbee: { concurrency: 8, startRatePerSecond: 2000, maxRatePerSecond: 4000 }';

/** A folder with a configuration whose source is `source` (YAML flow text), the shipped SCIM mapping and a store. */
async function workspace(emulator: RunningEmulator, source: string, extraEnv: NodeJS.ProcessEnv = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'deskbee-sync-scim-e2e-'));
  const configPath = join(dir, 'deskbee-sync.yaml');
  await writeFile(configPath, ['version: 1', `source: ${source}`, `mapping: ${JSON.stringify(resolve('mappings/scim.yaml'))}`, 'store: { directory: store }', fast].join('\n'));
  const env: NodeJS.ProcessEnv = {
    DESKBEE_CLIENT_ID: testCredentials.clientId,
    DESKBEE_CLIENT_SECRET: testCredentials.clientSecret,
    DESKBEE_BASE_URL: emulator.baseUrl,
    DESKBEE_SYNC_CONFIG: configPath,
    NO_COLOR: '1',
    ...extraEnv,
  };
  return { dir, run: (...args: string[]) => runCli(args, env), remove: () => rm(dir, { recursive: true, force: true }) };
}

describe('a SCIM export file synced through the CLI (config: kind scim, path FILE)', () => {
  let emulator: RunningEmulator;
  let ws: Awaited<ReturnType<typeof workspace>>;

  beforeAll(async () => {
    emulator = await startTestEmulator();
    ws = await workspace(emulator, '{ kind: scim, name: scim, path: users.ndjson }');
    await copyFile('test/fixtures/scim/rfc7643.ndjson', join(ws.dir, 'users.ndjson'));
  });
  afterAll(async () => {
    await emulator?.close();
    await ws?.remove();
  });

  it('plans RFC 7643\'s enterprise user and group, applies them, then plans nothing', async () => {
    const plan = await ws.run('plan');
    expect(plan.stderr).not.toMatch(/error/i);
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('Would create user bjensen@example.com');
    expect(emulator.stats().writes).toBe(0);

    const apply = await ws.run('apply', '--yes');
    expect(apply.stderr).not.toMatch(/error/i);
    expect(apply.code).toBe(0);
    const state = emulator.snapshot();
    expect(state.users).toEqual([expect.objectContaining({ name: 'Babs Jensen', email: 'bjensen@example.com', enrollment: '701984', status: true })]);
    expect(state.squads.map((s) => s.name).sort()).toEqual(['Employees', 'Tour Guides', 'US Employees']);
    expect(state.cost_centers.map((c) => c.code)).toEqual(['4130']);

    const again = await ws.run('plan');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('No changes');
  });
});

describe('a SCIMMY service provider synced through the CLI (config: kind scim, url, bearer token)', () => {
  let emulator: RunningEmulator;
  let server: ScimmyServer;
  let ws: Awaited<ReturnType<typeof workspace>>;
  const users = generateUsers(400);
  const groups = generateGroups(12, users);

  beforeAll(async () => {
    emulator = await startTestEmulator();
    server = await startScimmyServer({ users, groups });
    ws = await workspace(emulator, `{ kind: scim, name: idp, url: "${server.url}", pageSize: 100 }`, { SCIM_TOKEN: server.token });
  });
  afterAll(async () => {
    await emulator?.close();
    await server?.close();
    await ws?.remove();
  });

  it('plans every user from empty, applies, then plans nothing and a second apply writes nothing', async () => {
    const plan = await ws.run('plan');
    expect(plan.stderr).not.toMatch(/error/i);
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('Would create user person00000@corp.example');
    expect(emulator.stats().writes).toBe(0);

    const apply = await ws.run('apply', '--yes');
    expect(apply.stderr).not.toMatch(/error/i);
    expect(apply.code).toBe(0);
    const state = emulator.snapshot();
    // People the provider marks inactive are not created: there is no one to deactivate yet.
    const active = new Set(users.filter((u) => u['active'] === true).map((u) => u.id));
    expect(state.users).toHaveLength(active.size);
    expect(state.users.every((u) => u.status)).toBe(true);
    expect(state.squads).toHaveLength(12);
    const memberships = state.users.reduce((n, u) => n + u.squads.length, 0);
    expect(memberships).toBe(groups.reduce((n, g) => n + (g['members'] as { value: string }[]).filter((m) => active.has(m.value)).length, 0));

    expect((await ws.run('plan')).stdout).toContain('No changes');
    emulator.resetStats();
    expect((await ws.run('apply', '--yes')).code).toBe(0);
    expect(emulator.stats().writes).toBe(0);
  });

  it('deactivates a person the provider marks inactive, and fails whole on a wrong token without showing it', async () => {
    // Brings Deskbee in line first (a no-op after the test above), so that this test stands alone.
    expect((await ws.run('apply', '--yes')).code).toBe(0);
    const person = users[3] as Record<string, unknown>;
    person['active'] = false;
    const plan = await ws.run('plan');
    expect(plan.code).toBe(2);
    expect(plan.stdout).toMatch(/Would deactivate user person00003@corp\.example/);

    const wrong = await workspace(emulator, `{ kind: scim, name: idp, url: "${server.url}" }`, { SCIM_TOKEN: 'wrong-token-5c1d' });
    try {
      const refused = await wrong.run('plan');
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toMatch(/answered 401 .* it refused the bearer token from SCIM_TOKEN/);
      expect(refused.stderr + refused.stdout).not.toContain('wrong-token-5c1d');
    } finally {
      await wrong.remove();
    }
  });
});
