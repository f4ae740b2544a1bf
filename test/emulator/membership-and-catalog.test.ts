import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { costCenterSchema, squadSchema, userTagSchema } from '../../src/deskbee/schemas.js';
import { openApi, type TestApi } from './helpers.js';

let api: TestApi;
beforeAll(async () => {
  api = await openApi();
});
afterAll(() => api.close());

async function create(path: string, body: unknown): Promise<string> {
  const answer = await api.call('POST', path, body);
  expect(answer.status).toBe(201);
  return Array.isArray(answer.body.data) ? answer.body.data[0].uuid : answer.body.data.uuid;
}

async function squadsOf(user: string): Promise<string[]> {
  const answer = await api.call('GET', `/users/${user}?include=squads`);
  return answer.body.data.squads.map((s: { uuid: string }) => s.uuid);
}

describe('bulk squad membership', () => {
  it('adds every listed user to every listed squad, idempotently', async () => {
    const [s1, s2] = [await create('/squads', { name: 'M1' }), await create('/squads', { name: 'M2' })];
    const [u1, u2] = [
      await create('/users', { name: 'U1', email: 'm-u1@example.com', squad_uuid: s1 }),
      await create('/users', { name: 'U2', email: 'm-u2@example.com' }),
    ];
    for (let i = 0; i < 2; i++) {
      const answer = await api.call('POST', '/users/squads/add', { squads: [s1, s2], users: [u1, u2] });
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ data: '' });
    }
    expect(await squadsOf(u1)).toEqual([s1, s2]);
    expect(await squadsOf(u2)).toEqual([s1, s2]);
    const members = await api.call('GET', `/users?search=squad_uuid:${s2}`);
    expect(members.body.data.map((u: { uuid: string }) => u.uuid)).toEqual([u1, u2]);
  });

  it('removes with a DELETE carrying a JSON body, idempotently, leaving other squads', async () => {
    const [s1, s2] = [await create('/squads', { name: 'R1' }), await create('/squads', { name: 'R2' })];
    const u = await create('/users', { name: 'R', email: 'r@example.com' });
    await api.call('POST', '/users/squads/add', { squads: [s1, s2], users: [u] });
    for (let i = 0; i < 2; i++) {
      const answer = await api.call('DELETE', '/users/squads/remove', { squads: [s1], users: [u] });
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ data: '' });
    }
    expect(await squadsOf(u)).toEqual([s2]);
  });

  it('changes nothing when one uuid is unknown', async () => {
    const s = await create('/squads', { name: 'Atomic' });
    const u = await create('/users', { name: 'A', email: 'atomic@example.com' });
    const answer = await api.call('POST', '/users/squads/add', { squads: [s], users: [u, '00000000-0000-4000-8000-00000000dead'] });
    expect(answer.status).toBe(422);
    expect(await squadsOf(u)).toEqual([]);
  });
});

describe('squads', () => {
  it('creates, reads, renames, lists and deletes, removing memberships', async () => {
    const created = await api.call('POST', '/squads', { name: 'Lifecycle' });
    expect(created.status).toBe(201);
    const squad = created.body.data;
    expect(Object.keys(squad).sort()).toEqual(['created_at', 'is_checkin_home_office', 'name', 'updated_at', 'uuid']);
    expect(squad.is_checkin_home_office).toBe(false);
    expect(squad.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(squadSchema.safeParse(squad).success).toBe(true);
    expect((await api.call('GET', `/squads/${squad.uuid}`)).body.data).toEqual(squad);
    const renamed = await api.call('PUT', `/squads/${squad.uuid}`, { name: 'Lifecycle 2' });
    expect(renamed.body.data.name).toBe('Lifecycle 2');
    expect((await api.call('GET', '/squads?search=name:eq:lifecycle 2')).body.data).toHaveLength(1);

    const u = await create('/users', { name: 'Member', email: 'member@example.com', squad_uuid: squad.uuid });
    const removed = await api.call('DELETE', `/squads/${squad.uuid}`);
    expect(removed.status).toBe(200);
    expect(removed.body.data.uuid).toBe(squad.uuid);
    expect(await squadsOf(u)).toEqual([]);
    expect((await api.call('GET', `/squads/${squad.uuid}`)).status).toBe(404);
    expect((await api.call('PUT', `/squads/${squad.uuid}`, { name: 'x' })).status).toBe(404);
    expect((await api.call('DELETE', `/squads/${squad.uuid}`)).body).toMatchObject({ error: 404, id: 'not_found' });
  });
});

describe('cost centers', () => {
  it('creates, reads, edits, lists and deletes, clearing users’ link', async () => {
    const created = await api.call('POST', '/cost-centers', { name: 'Commodities', code: '1900623', description: 'desk' });
    expect(created.status).toBe(201);
    const cc = created.body.data;
    expect(cc).toMatchObject({ name: 'Commodities', code: '1900623', description: 'desk' });
    expect(Object.keys(cc).sort()).toEqual(['code', 'created_at', 'description', 'name', 'updated_at', 'uuid']);
    expect(costCenterSchema.safeParse(cc).success).toBe(true);
    expect((await api.call('GET', `/cost-centers/${cc.uuid}`)).body.data).toEqual(cc);
    const edited = await api.call('PUT', `/cost-centers/${cc.uuid}`, { name: 'Commodities BR', code: '1900624' });
    expect(edited.body.data).toMatchObject({ name: 'Commodities BR', code: '1900624', description: 'desk' });
    const cleared = await api.call('PUT', `/cost-centers/${cc.uuid}`, { name: 'Commodities BR', code: '1900624', description: null });
    expect(cleared.body.data.description).toBeNull();

    const u = await create('/users', { name: 'Payee', email: 'payee@example.com', cost_center_uuid: cc.uuid });
    const removed = await api.call('DELETE', `/cost-centers/${cc.uuid}`);
    expect(removed.status).toBe(200);
    expect(removed.body.data.uuid).toBe(cc.uuid);
    expect((await api.call('GET', `/users/${u}`)).body.data.cost_center).toBeNull();
    expect((await api.call('GET', `/cost-centers/${cc.uuid}`)).status).toBe(404);
    expect((await api.call('GET', '/cost-centers')).body.data.map((c: { uuid: string }) => c.uuid)).not.toContain(cc.uuid);
  });
});

describe('user tags', () => {
  it('creates (answering an array holding the tag) and lists', async () => {
    const created = await api.call('POST', '/users/tags', { name: 'Wheelchair', access: 'private' });
    expect(created.status).toBe(201);
    expect(Array.isArray(created.body.data)).toBe(true);
    expect(created.body.data).toHaveLength(1);
    const tag = created.body.data[0];
    expect(tag).toMatchObject({ name: 'Wheelchair', access: 'private' });
    expect(userTagSchema.safeParse(tag).success).toBe(true);
    const list = await api.call('GET', '/users/tags');
    expect(list.status).toBe(200);
    expect(list.body.data).toContainEqual(tag);
  });
});
