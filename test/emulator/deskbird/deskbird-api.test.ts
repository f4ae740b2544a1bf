import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDeskbirdEmulator, type RunningDeskbirdEmulator } from '../../../src/emulator/deskbird/index.js';
import { get, key, listAll } from './deskbird-calls.js';

const seed = {
  users: [
    { firstName: 'Ana', lastName: 'Souza', email: 'ana@example.com', role: 'admin' as const, primaryOfficeId: '3241' },
    { firstName: 'Bruno', lastName: 'Lima', email: 'bruno@example.com' },
  ],
  groups: [{ name: 'Engineering', members: ['ana@example.com'] }],
};

describe('the deskbird emulator over HTTP: the API key', () => {
  it('accepts only `Authorization: Bearer <key>` with the configured key', async () => {
    const emu = await startDeskbirdEmulator({ apiKey: key, env: {}, seed });
    try {
      expect(emu.apiKeySource).toBe('options');
      expect((await get(emu, '/users')).status).toBe(200);
      for (const token of [null, 'wrong', `${key}x`]) {
        const refused = await get(emu, '/users', token);
        expect(refused.status).toBe(401);
        expect(refused.body).toEqual({ statusCode: 401, message: 'Unauthorized' });
      }
      const basic = await fetch(`${emu.baseUrl}/users`, { headers: { authorization: `Basic ${key}` } });
      expect(basic.status).toBe(401);
      expect(emu.stats().byStatus).toMatchObject({ '200': 1, '401': 4 });
    } finally {
      await emu.close();
    }
  });

  it('takes the key from DESKBIRD_API_KEY, else generates one', async () => {
    const fromEnv = await startDeskbirdEmulator({ env: { DESKBIRD_API_KEY: 'from-the-environment' } });
    const generated = await startDeskbirdEmulator({ env: {} });
    try {
      expect(fromEnv.apiKeySource).toBe('environment');
      expect((await get(fromEnv, '/users', 'from-the-environment')).status).toBe(200);
      expect(generated.apiKeySource).toBe('generated');
      expect(generated.apiKey.length).toBeGreaterThan(20);
      expect((await get(generated, '/users')).status).toBe(200);
      expect((await get(generated, '/users', 'from-the-environment')).status).toBe(401);
    } finally {
      await fromEnv.close();
      await generated.close();
    }
  });
});

describe('the deskbird emulator over HTTP: users, groups and paging', () => {
  let emu: RunningDeskbirdEmulator;
  beforeAll(async () => {
    emu = await startDeskbirdEmulator({ apiKey: key, env: {}, randomSeed: 3, seed: { ...seed, generate: { users: 250, groups: 5, seed: 9 } } });
  });
  afterAll(() => emu?.close());

  it('pages users with the envelope {total, limit, offset, data}, 100 by default', async () => {
    const first = await get(emu, '/users');
    expect(first.status).toBe(200);
    expect(Object.keys(first.body).sort()).toEqual(['data', 'limit', 'offset', 'total']);
    expect(first.body).toMatchObject({ total: 252, limit: 100, offset: 0 });
    expect(first.body.data).toHaveLength(100);
    const page = await get(emu, '/users?limit=7&offset=245');
    expect(page.body).toMatchObject({ total: 252, limit: 7, offset: 245 });
    expect(page.body.data).toHaveLength(7);
    const past = await get(emu, '/users?limit=10&offset=1000');
    expect(past.body).toMatchObject({ total: 252, offset: 1000, data: [] });

    const { items } = await listAll(emu, '/users', 33);
    expect(items).toHaveLength(252);
    expect(new Set(items.map((u) => u.id)).size).toBe(252);
    expect(items.map((u) => u.id)).toEqual(emu.snapshot().users.map((u) => u.id));
  });

  it('serves the user fields the Public API documents, and one user by id', async () => {
    const users = (await get(emu, '/users?limit=100&offset=250')).body.data;
    expect(users[0]).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      firstName: 'Ana',
      lastName: 'Souza',
      email: 'ana@example.com',
      companyId: '1001',
      role: 'admin',
      primaryOfficeId: '3241',
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(users[1]).toMatchObject({ email: 'bruno@example.com', role: 'user', primaryOfficeId: null });
    const one = await get(emu, `/users/${users[0].id}`);
    expect(one.body).toEqual(users[0]);
    const missing = await get(emu, '/users/00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });

  it('pages groups and serves one group by id', async () => {
    const groups = await get(emu, '/groups?limit=2');
    expect(groups.body).toMatchObject({ total: 6, limit: 2, offset: 0 });
    const all = (await listAll(emu, '/groups', 4)).items;
    expect(all.map((g) => g.name)).toEqual(['Engineering 01', 'Finance 01', 'Marketing 01', 'Sales 01', 'Operations 01', 'Engineering']);
    expect(all[5]).toMatchObject({ name: 'Engineering', description: null, companyId: '1001' });
    expect((await get(emu, `/groups/${all[5].id}`)).body).toEqual(all[5]);
    expect((await get(emu, '/groups/nope')).status).toBe(404);
  });

  it('refuses a bad limit or offset with 400 naming it, and unknown routes with 404', async () => {
    for (const [query, message] of [
      ['limit=0', 'limit must not be less than 1'],
      ['limit=ten', 'limit must be an integer number'],
      ['offset=-1', 'offset must not be less than 0'],
    ]) {
      const answer = await get(emu, `/users?${query}`);
      expect(answer.status).toBe(400);
      expect(answer.body).toEqual({ statusCode: 400, message: [message], error: 'Bad Request' });
    }
    const unknown = await get(emu, '/bookings-export');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ statusCode: 404, message: 'Cannot GET /bookings-export', error: 'Not Found' });
    const post = await fetch(`${emu.baseUrl}/users`, { method: 'POST', headers: { authorization: `Bearer ${key}` }, body: '{}' });
    expect(post.status).toBe(404);
  });

  it('clamps a limit over the largest page and says so in `limit`, or refuses it when set to', async () => {
    const clamped = await get(emu, '/users?limit=500');
    expect(clamped.body).toMatchObject({ limit: 100, offset: 0 });
    expect(clamped.body.data).toHaveLength(100);
    emu.setFaults({ maxLimit: 50, overMaxLimit: 'reject' });
    try {
      const refused = await get(emu, '/users?limit=51');
      expect(refused.status).toBe(400);
      expect(refused.body.message).toEqual(['limit must not be greater than 50']);
      expect((await get(emu, '/users')).body).toMatchObject({ limit: 50 });
    } finally {
      emu.setFaults({ maxLimit: 100, overMaxLimit: 'clamp' });
    }
  });
});
