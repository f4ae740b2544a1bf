import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { loadSeedFile, startEmulator } from '../../src/emulator/index.js';
import { answerOf, openApi, testOptions, type TestApi } from './helpers.js';

const examplePath = fileURLToPath(new URL('../fixtures/emulator/seed-example.json', import.meta.url));

let api: TestApi;
beforeAll(async () => {
  api = await openApi({ seed: examplePath });
});
afterAll(() => api.close());

const admin = async (method: string, action: string, body?: unknown) =>
  answerOf(
    await fetch(`${api.emu.origin}/__emulator/${action}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );

describe('seeding', () => {
  it('loads the example seed file with references by name, code and uuid', async () => {
    const answer = await api.call('GET', '/users?include=squads');
    const [ana, bruno, carla] = answer.body.data;
    expect(ana).toMatchObject({
      email: 'ana.souza@example.com',
      enrollment: 'E1001',
      status: true,
      tags: [{ name: 'Parking', access: 'private' }],
      cost_center: { name: 'Commodities', code: '1900623' },
      person: { documents: [{ type: 'badge', doc: '000123', is_verified: false }] },
    });
    expect(ana.squads.map((s: { name: string }) => s.name)).toEqual(['Engineering', 'Finance']);
    expect(bruno).toMatchObject({
      uuid: '0c0ffee0-0000-4000-8000-000000000002',
      status: false,
      profile: 'manager',
      source: 'user_password',
      squads: [{ uuid: '5b1a3c1e-0d6f-4f2a-9a57-0c6f1f1d0001', name: 'Engineering' }],
    });
    expect(carla).toMatchObject({ created_at: '2024-03-01T09:00:00Z', squads: [], cost_center: null });
    expect((await api.call('GET', '/users/tags')).body.data.map((t: { access: string }) => t.access)).toEqual(['private', 'public']);
  });

  it('round-trips: seeding a snapshot restores the same state', async () => {
    const before = api.emu.snapshot();
    api.emu.seed({ squads: [{ name: 'Only' }] });
    expect(api.emu.snapshot().users).toEqual([]);
    api.emu.seed(before);
    expect(api.emu.snapshot()).toEqual(before);
  });

  it('seeds over HTTP, replacing or merging', async () => {
    const before = api.emu.snapshot();
    const merged = await admin('POST', 'seed?mode=merge', { users: [{ name: 'Dan', email: 'dan@example.com', squads: ['Finance'] }] });
    expect(merged.status).toBe(200);
    expect(merged.body).toEqual({ users: before.users.length + 1, squads: 2, cost_centers: 1, tags: 2 });
    const found = await api.call('GET', '/users?search=email:dan@example.com&include=squads');
    expect(found.body.data[0].squads[0].name).toBe('Finance');
    const replaced = await admin('POST', 'seed', { squads: [{ name: 'Fresh' }] });
    expect(replaced.body).toEqual({ users: 0, squads: 1, cost_centers: 0, tags: 0 });
    const state = await admin('GET', 'state');
    expect(state.body.squads.map((s: { name: string }) => s.name)).toEqual(['Fresh']);
    api.emu.seed(before);
  });

  it('refuses bad seeds whole, naming the problem, and keeps the state', async () => {
    const before = api.emu.snapshot();
    const cases: Array<[unknown, string]> = [
      [{ users: [{ name: 'A', email: 'a@example.com' }, { name: 'B', email: 'A@example.com' }] }, 'used twice'],
      [{ users: [{ name: 'A', email: 'a@example.com', squads: ['Nowhere'] }] }, 'Nowhere'],
      [{ squads: [{ name: 'S' }], widgets: [] }, 'widgets'],
      [{ tags: [{ name: 'T', access: 'secret' }] }, 'tags.0.access'],
    ];
    for (const [seed, expected] of cases) {
      expect(() => api.emu.seed(seed as never)).toThrow(ConfigError);
      const answer = await admin('POST', 'seed', seed);
      expect(answer.status).toBe(422);
      expect(answer.body.message).toContain(expected);
    }
    expect(api.emu.snapshot()).toEqual(before);
    await expect(loadSeedFile('/nonexistent/seed.json')).rejects.toBeInstanceOf(ConfigError);
    await expect(startEmulator(testOptions({ seed: { users: [{ name: 'x' }] } as never }))).rejects.toBeInstanceOf(ConfigError);
  });

  it('makes the same uuids under the same random seed', async () => {
    const a = await startEmulator(testOptions({ randomSeed: 99, seed: { squads: [{ name: 'X' }] } }));
    const b = await startEmulator(testOptions({ randomSeed: 99, seed: { squads: [{ name: 'X' }] } }));
    try {
      expect(a.snapshot().squads[0]?.uuid).toBe(b.snapshot().squads[0]?.uuid);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe('request counters', () => {
  it('counts by method and route template, statuses and writes; admin calls are not counted', async () => {
    api.emu.resetStats();
    const squad = api.emu.snapshot().squads[0]?.uuid;
    await api.call('GET', '/users');
    await api.call('GET', '/users');
    await api.call('GET', `/squads/${squad}`);
    await api.call('POST', '/squads', { name: 'Counted' });
    await api.call('POST', '/squads', {});
    await api.call('GET', '/no-such-thing');
    await api.call('GET', '/users', undefined, { token: null });
    await admin('GET', 'stats');
    await admin('GET', 'state');
    const stats = (await admin('GET', 'stats')).body;
    expect(stats).toMatchObject({
      total: 7,
      writes: 2,
      writesCommitted: 1,
      byRoute: { 'GET /users': 3, 'GET /squads/{uuid}': 1, 'POST /squads': 2, 'GET (no route)': 1 },
      byStatus: { '200': 3, '201': 1, '422': 1, '404': 1, '401': 1 },
    });
    expect(Object.keys(stats.byRoute).some((k) => k.includes('__emulator'))).toBe(false);
    expect(api.emu.stats()).toEqual(stats);
    const reset = await admin('POST', 'reset-stats');
    expect(reset.body).toMatchObject({ total: 0, writes: 0, byRoute: {}, byStatus: {} });
    expect(api.emu.stats().total).toBe(0);
  });

  it('answers admin health and unknown admin paths', async () => {
    expect((await admin('GET', 'health')).body).toEqual({ ok: true, baseUrl: api.emu.baseUrl });
    expect((await admin('GET', 'nothing')).status).toBe(404);
  });
});
