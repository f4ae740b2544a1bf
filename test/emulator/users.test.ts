import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userSchema } from '../../src/deskbee/schemas.js';
import { manualClock, openApi, type TestApi } from './helpers.js';

let api: TestApi;
const clock = manualClock();
beforeAll(async () => {
  api = await openApi({ clock });
});
afterAll(() => api.close());

async function squad(name: string): Promise<string> {
  const a = await api.call('POST', '/squads', { name });
  expect(a.status).toBe(201);
  return a.body.data.uuid;
}

describe('users', () => {
  it('creates a user (201) with every documented field and links', async () => {
    const sq = await squad('Users Create Squad');
    const tag = (await api.call('POST', '/users/tags', { name: 'Users Create Tag', access: 'private' })).body.data[0].uuid;
    const cc = (await api.call('POST', '/cost-centers', { name: 'Ops', code: 'U-CC-1' })).body.data.uuid;
    const created = await api.call('POST', '/users', {
      name: 'Ana Souza',
      email: 'ana.create@example.com',
      is_send_mail: false,
      identifier: 'ID-1',
      enrollment: 'EN-1',
      squad_uuid: sq,
      status: true,
      documents: { badge: '42', cpf: 123 },
      tags: [tag],
      cost_center_uuid: cc,
    });
    expect(created.status).toBe(201);
    const user = created.body.data;
    expect(userSchema.safeParse(user).success).toBe(true);
    expect(user).toMatchObject({
      name: 'Ana Souza',
      name_display: 'Ana Souza',
      email: 'ana.create@example.com',
      enrollment: 'EN-1',
      identifier: 'ID-1',
      source: 'api_client',
      profile: 'employee',
      status: true,
      person: { documents: [{ type: 'badge', doc: '42', is_verified: false }, { type: 'cpf', doc: '123', is_verified: false }] },
      tags: [{ uuid: tag, name: 'Users Create Tag', access: 'private' }],
      cost_center: { uuid: cc, name: 'Ops', code: 'U-CC-1' },
      created_at: '2025-01-01T00:00:00Z',
    });
    expect(user.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(user.person.uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(user.locale).toEqual({ timezone: expect.any(String), language: expect.any(String) });
    expect(user).not.toHaveProperty('squads');

    const withSquads = await api.call('GET', `/users/${user.uuid}?include=squads`);
    expect(withSquads.body.data.squads).toEqual([
      { uuid: sq, name: 'Users Create Squad', created_at: expect.any(String), updated_at: expect.any(String) },
    ]);
    expect((await api.call('GET', `/users/${user.uuid}`)).body.data).not.toHaveProperty('squads');
  });

  it('lists users with include=squads only when asked', async () => {
    const sq = await squad('List Include Squad');
    await api.call('POST', '/users', { name: 'Li', email: 'li.include@example.com', squad_uuid: sq });
    const plain = await api.call('GET', '/users?search=email:li.include@example.com');
    expect(plain.body.data).toHaveLength(1);
    expect(plain.body.data[0]).not.toHaveProperty('squads');
    const included = await api.call('GET', '/users?search=email:li.include@example.com&include=squads');
    expect(included.body.data[0].squads.map((s: { uuid: string }) => s.uuid)).toEqual([sq]);
    const bad = await api.call('GET', '/users?include=bookings');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ id: 'unexpected_value' });
    expect(bad.body.message).toContain('bookings');
  });

  it('edits a user: partial fields, tags replaced, documents upserted, squad_uuid adds a membership', async () => {
    const first = await squad('Edit Squad A');
    const second = await squad('Edit Squad B');
    const t1 = (await api.call('POST', '/users/tags', { name: 'Edit T1', access: 'public' })).body.data[0].uuid;
    const t2 = (await api.call('POST', '/users/tags', { name: 'Edit T2', access: 'public' })).body.data[0].uuid;
    const cc = (await api.call('POST', '/cost-centers', { name: 'Edit CC', code: 'E-CC' })).body.data.uuid;
    const u = (
      await api.call('POST', '/users', {
        name: 'Edna',
        email: 'edna@example.com',
        enrollment: 'ED-1',
        squad_uuid: first,
        tags: [t1],
        documents: { badge: '1', pin: '9' },
        cost_center_uuid: cc,
      })
    ).body.data;
    clock.advance(5_000);
    const edited = await api.call('PUT', `/users/${u.uuid}`, {
      name: 'Edna Reis',
      status: false,
      squad_uuid: second,
      tags: [t2],
      documents: { badge: '2', pin: null, card: '77' },
      enrollment: null,
    });
    expect(edited.status).toBe(200);
    expect(edited.body.data).toMatchObject({
      name: 'Edna Reis',
      email: 'edna@example.com',
      enrollment: null,
      status: false,
      tags: [{ uuid: t2, name: 'Edit T2', access: 'public' }],
      cost_center: { uuid: cc },
      person: { documents: [{ type: 'badge', doc: '2', is_verified: false }, { type: 'card', doc: '77', is_verified: false }] },
      updated_at: '2025-01-01T00:00:05Z',
    });
    const squads = (await api.call('GET', `/users/${u.uuid}?include=squads`)).body.data.squads.map((s: { uuid: string }) => s.uuid);
    expect(squads).toEqual([first, second]);
    const unlinked = await api.call('PUT', `/users/${u.uuid}`, { cost_center_uuid: null, tags: [] });
    expect(unlinked.body.data).toMatchObject({ cost_center: null, tags: [] });
  });

  it('moves updated_at only when something really changed', async () => {
    const u = (await api.call('POST', '/users', { name: 'Same', email: 'same@example.com', enrollment: 'S-1' })).body.data;
    clock.advance(60_000);
    const same = await api.call('PUT', `/users/${u.uuid}`, { name: 'Same', email: 'same@example.com', enrollment: 'S-1', status: true });
    expect(same.body.data.updated_at).toBe(u.updated_at);
    const changed = await api.call('PUT', `/users/${u.uuid}`, { name: 'Different' });
    expect(changed.body.data.updated_at).not.toBe(u.updated_at);
  });

  it('deletes a user (200 with the removed user), then 404', async () => {
    const u = (await api.call('POST', '/users', { name: 'Gone', email: 'gone@example.com' })).body.data;
    const removed = await api.call('DELETE', `/users/${u.uuid}`);
    expect(removed.status).toBe(200);
    expect(removed.body.data).toMatchObject({ uuid: u.uuid, email: 'gone@example.com' });
    for (const [method, body] of [['GET'], ['PUT', { name: 'x' }], ['DELETE']] as const) {
      const answer = await api.call(method, `/users/${u.uuid}`, body);
      expect(answer.status).toBe(404);
      expect(answer.body).toMatchObject({ error: 404, id: 'not_found' });
    }
    // The email is free again.
    expect((await api.call('POST', '/users', { name: 'Back', email: 'gone@example.com' })).status).toBe(201);
  });

  it('never takes /users/tags or /users/squads/add for /users/{uuid}', async () => {
    expect((await api.call('GET', '/users/tags')).body.meta.path).toMatch(/\/v1\.1\/users\/tags$/);
    expect((await api.call('GET', '/users/squads/add')).status).toBe(404);
    const before = api.emu.stats().byRoute;
    await api.call('POST', '/users/squads/add', { squads: [], users: [] });
    const after = api.emu.stats().byRoute;
    expect(after['POST /users/squads/add']).toBe((before['POST /users/squads/add'] ?? 0) + 1);
    expect(after['GET /users/{uuid}'] ?? 0).toBe(before['GET /users/{uuid}'] ?? 0);
  });

  it('answers 404 not_found for unknown routes and outside /v1.1', async () => {
    for (const path of ['/nothing-here', '/users/a/b/c']) {
      const answer = await api.call('GET', path);
      expect(answer.status).toBe(404);
      expect(answer.body).toMatchObject({ error: 404, id: 'not_found', message: expect.any(String) });
    }
    const outside = await fetch(`${api.emu.origin}/v2/users`, { headers: { authorization: `Bearer ${api.token}` } });
    expect(outside.status).toBe(404);
  });

  it('answers malformed JSON with 400 unexpected_value and creates nothing', async () => {
    const before = api.emu.snapshot().users.length;
    const answer = await api.call('POST', '/users', '{"name": "Broken",');
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: 400, id: 'unexpected_value' });
    expect(api.emu.snapshot().users.length).toBe(before);
  });
});
