import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { openApi, type TestApi } from './helpers.js';

const seed = {
  tags: [
    { name: 'Parking', access: 'private' as const },
    { name: 'VIP', access: 'public' as const },
  ],
  users: [
    { name: 'Ana', email: 'ana@example.com', tags: ['Parking', 'VIP'] },
    { name: 'Bob', email: 'bob@example.com', tags: ['Parking'] },
    { name: 'Caio', email: 'caio@example.com' },
  ],
};

let api: TestApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

async function open(tagRemoval?: 'offered' | 'method-not-allowed' | 'not-found'): Promise<TestApi> {
  api = await openApi({ seed, ...(tagRemoval ? { faults: { tagRemoval } } : {}) });
  return api;
}

function tagUuid(a: TestApi, name: string): string {
  const tag = a.emu.snapshot().tags.find((t) => t.name === name);
  if (!tag) throw new Error(`no tag ${name} in the state`);
  return tag.uuid;
}

function tagNamesOf(a: TestApi): Record<string, string[]> {
  const byUuid = new Map(a.emu.snapshot().tags.map((t) => [t.uuid, t.name]));
  return Object.fromEntries(a.emu.snapshot().users.map((u) => [u.name, u.tags.map((t) => byUuid.get(t) ?? `missing ${t}`)]));
}

describe('DELETE /users/tags/{uuid}', () => {
  it('removes the tag, answers 200 with it, and takes it off every user who had it', async () => {
    const a = await open();
    const parking = tagUuid(a, 'Parking');
    const answer = await a.call('DELETE', `/users/tags/${parking}`);
    expect(answer.status).toBe(200);
    expect(answer.body.data).toMatchObject({ uuid: parking, name: 'Parking', access: 'private' });
    expect(answer.body.data.created_at).toMatch(/^\d{4}-\d\d-\d\dT/);

    const listed = await a.call('GET', '/users/tags');
    expect(listed.body.data.map((t: { name: string }) => t.name)).toEqual(['VIP']);
    expect(tagNamesOf(a)).toEqual({ Ana: ['VIP'], Bob: [], Caio: [] });
    const ana = await a.call('GET', `/users?search=email:ana@example.com`);
    expect(ana.body.data[0].tags.map((t: { name: string }) => t.name)).toEqual(['VIP']);

    // The name is free again, and the write was counted as one.
    expect((await a.call('POST', '/users/tags', { name: 'parking', access: 'public' })).status).toBe(201);
    const stats = a.emu.stats();
    expect(stats.byRoute['DELETE /users/tags/{uuid}']).toBe(1);
    expect(stats.writesCommitted).toBe(2);
  });

  it('answers 404 not_found for a uuid that names no tag, and for a tag already removed', async () => {
    const a = await open();
    const unknown = '00000000-0000-4000-8000-000000000000';
    const missing = await a.call('DELETE', `/users/tags/${unknown}`);
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: 404, id: 'not_found', message: `No user tag found with uuid ${unknown}.` });

    const vip = tagUuid(a, 'VIP');
    expect((await a.call('DELETE', `/users/tags/${vip}`)).status).toBe(200);
    expect((await a.call('DELETE', `/users/tags/${vip}`)).status).toBe(404);
    expect(tagNamesOf(a)).toEqual({ Ana: ['Parking'], Bob: ['Parking'], Caio: [] });
  });

  it('answers Laravel\'s 405 when tag removal is switched off, changing nothing and counting no write', async () => {
    const a = await open('method-not-allowed');
    const parking = tagUuid(a, 'Parking');
    const answer = await a.call('DELETE', `/users/tags/${parking}`);
    expect(answer.status).toBe(405);
    expect(answer.body).toEqual({
      message: `The DELETE method is not supported for route v1.1/users/tags/${parking}. Supported methods: GET, HEAD.`,
    });
    expect(answer.headers.get('allow')).toBe('GET, HEAD');
    // Laravel's router refuses before any middleware: no token needed to be told.
    expect((await a.call('DELETE', `/users/tags/${parking}`, undefined, { token: null })).status).toBe(405);

    expect(tagNamesOf(a)).toEqual({ Ana: ['Parking', 'VIP'], Bob: ['Parking'], Caio: [] });
    const stats = a.emu.stats();
    expect(stats.writes).toBe(0);
    expect(stats.byRoute['DELETE (no route)']).toBe(2);
    expect(stats.byRoute['DELETE /users/tags/{uuid}']).toBeUndefined();
  });

  it('answers the unknown route\'s 404 in not-found mode, and can be switched back on at run time', async () => {
    const a = await open('not-found');
    const vip = tagUuid(a, 'VIP');
    const refused = await a.call('DELETE', `/users/tags/${vip}`);
    expect(refused.status).toBe(404);
    expect(refused.body).toEqual({ error: 404, id: 'not_found', message: 'Endpoint not found or non-existent.' });
    expect(a.emu.snapshot().tags.map((t) => t.name)).toEqual(['Parking', 'VIP']);

    expect(a.emu.setFaults({ tagRemoval: 'offered' }).tagRemoval).toBe('offered');
    expect((await a.call('DELETE', `/users/tags/${vip}`)).status).toBe(200);
    expect(a.emu.snapshot().tags.map((t) => t.name)).toEqual(['Parking']);
  });

  it('refuses an unknown tagRemoval setting, naming it', async () => {
    const a = await open();
    expect(() => a.emu.setFaults({ tagRemoval: 'sometimes' as 'offered' })).toThrow(ConfigError);
    expect(() => a.emu.setFaults({ tagRemoval: 'sometimes' as 'offered' })).toThrow(/tagRemoval/);
    expect(a.emu.faults().tagRemoval).toBe('offered');
  });
});
