import { afterEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { clientFor, seedUsers, startTestEmulator } from '../support/deskbee-harness.js';

describe('a hostile Deskbee', () => {
  let emulator: RunningEmulator | undefined;
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });

  it('absorbs a 429 storm: every create lands once, the rate comes down', async () => {
    emulator = await startTestEmulator({ faults: { rateLimit: { requests: 20, windowMs: 500 } } });
    const client = clientFor(emulator, { concurrency: 8, rate: { initialPerSecond: 400, maxPerSecond: 400, minPerSecond: 10 } });
    const names = Array.from({ length: 80 }, (_, i) => `Squad ${i}`);
    const created = await Promise.all(names.map((name) => client.squads.create({ name })));
    expect(created.map((s) => s.name).sort()).toEqual([...names].sort());
    expect(emulator.snapshot().squads).toHaveLength(80);
    const stats = client.stats();
    expect(stats.throttled).toBeGreaterThan(0);
    expect(stats.ratePerSecond).toBeLessThan(400);
    expect(emulator.stats().byStatus?.['429']).toBe(stats.throttled);
  });

  it('absorbs 500 and 503 answers on reads and edits', async () => {
    emulator = await startTestEmulator({ seed: { users: seedUsers(600) }, faults: { errorRate: 0.3 } });
    // Ten attempts make a failure through chance alone (0.3^10 per call) negligible.
    const client = clientFor(emulator, { retry: { maxAttempts: 10, baseDelayMs: 5, maxDelayMs: 50 } });
    const users = [];
    for await (const user of client.users.list()) users.push(user);
    expect(users).toHaveLength(600);
    const renamed = await Promise.all(users.slice(0, 40).map((u) => client.users.update(u.uuid, { name: `${u.name} renamed` })));
    expect(renamed.every((u) => u.name.endsWith(' renamed'))).toBe(true);
    expect(client.stats().serverErrors).toBeGreaterThan(0);
    expect(client.stats().retries).toBeGreaterThanOrEqual(client.stats().serverErrors);
  });

  it('creates after 5xx answers without duplicates', async () => {
    emulator = await startTestEmulator({ faults: { errorRate: 0.3 } });
    const client = clientFor(emulator, { retry: { maxAttempts: 10, baseDelayMs: 5, maxDelayMs: 50 } });
    const wanted = seedUsers(60, 'five');
    await Promise.all(wanted.map((u) => client.users.create(u)));
    const emails = emulator.snapshot().users?.map((u) => u.email) ?? [];
    expect(emails.sort()).toEqual(wanted.map((u) => u.email).sort());
    expect(client.stats().serverErrors).toBeGreaterThan(0);
  });

  it('leaves no duplicate when connections drop after creates were committed', async () => {
    emulator = await startTestEmulator({ faults: { dropAfterCommitRate: 0.4 } });
    const client = clientFor(emulator);
    const users = seedUsers(50, 'drop');
    const squads = Array.from({ length: 15 }, (_, i) => ({ name: `Dropped squad ${i}` }));
    const costCenters = Array.from({ length: 15 }, (_, i) => ({ name: `CC ${i}`, code: `CC-${i}` }));
    const tags = Array.from({ length: 15 }, (_, i) => ({ name: `tag-${i}`, access: 'public' as const }));
    const results = await Promise.all([
      ...users.map((u) => client.users.create(u)),
      ...squads.map((s) => client.squads.create(s)),
      ...costCenters.map((c) => client.costCenters.create(c)),
      ...tags.map((t) => client.userTags.create(t)),
    ]);
    expect(results).toHaveLength(95);
    const state = emulator.snapshot();
    expect(state.users?.map((u) => u.email).sort()).toEqual(users.map((u) => u.email).sort());
    expect(state.squads?.map((s) => s.name).sort()).toEqual(squads.map((s) => s.name).sort());
    expect(state.cost_centers?.map((c) => c.code).sort()).toEqual(costCenters.map((c) => c.code).sort());
    expect(state.tags?.map((t) => t.name).sort()).toEqual(tags.map((t) => t.name).sort());
    const stats = client.stats();
    expect(stats.networkErrors).toBeGreaterThan(0);
    expect(stats.createsRecovered).toBe(stats.networkErrors);
    // The uuid each create returned is the one Deskbee holds.
    const byEmail = new Map(state.users?.map((u) => [u.email, u.uuid]));
    for (const user of results.slice(0, 50)) expect(byEmail.get((user as { email: string }).email)).toBe(user.uuid);
  });

  it('retries idempotent membership calls and deletes through dropped connections', async () => {
    emulator = await startTestEmulator({ seed: { squads: [{ name: 'Ops' }], users: seedUsers(30, 'm') } });
    const client = clientFor(emulator, { membershipBatchSize: 7 });
    const squad = await client.squads.findByName('Ops');
    const users = [];
    for await (const user of client.users.list()) users.push(user.uuid);
    emulator.setFaults({ dropAfterCommitRate: 0.5 });
    await client.memberships.add({ squads: [squad!.uuid], users });
    await Promise.all(users.slice(0, 10).map((uuid) => client.users.remove(uuid)));
    emulator.setFaults({ dropAfterCommitRate: 0 });
    const members = [];
    for await (const user of client.users.list({ search: `squad_uuid:${squad!.uuid}` })) members.push(user.uuid);
    expect(members.sort()).toEqual(users.slice(10).sort());
    expect(emulator.stats().byRoute['POST /users/squads/add']).toBeGreaterThanOrEqual(5);
  });

  it('gives up on a server that never answers in time, saying so', async () => {
    emulator = await startTestEmulator({ seed: { users: seedUsers(3) }, faults: { latencyMs: 400 } });
    const client = clientFor(emulator, { timeoutMs: 100, retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 20 } });
    const error = await client.users.get('7d3c1ad2-0000-4000-8000-000000000000').catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 0, id: 'timeout', retryable: true });
    expect(String((error as Error).message)).toContain('gave no answer within 100 ms');
  });
});
