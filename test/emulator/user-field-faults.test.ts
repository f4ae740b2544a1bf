import { afterEach, describe, expect, it } from 'vitest';
import { answerOf, openApi, type TestApi } from './helpers.js';

const opened: TestApi[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((api) => api.close()));
});

const catalog = {
  squads: [{ uuid: '5b1a3c1e-0d6f-4f2a-9a57-0c6f1f1d0001', name: 'Engineering' }],
  cost_centers: [{ uuid: 'cc000000-0000-4000-8000-000000000001', name: 'Commodities', code: '1900623' }],
  tags: [{ uuid: 'a9000000-0000-4000-8000-000000000001', name: 'Parking', access: 'private' as const }],
};
const squad = catalog.squads[0]!.uuid;
const costCenter = catalog.cost_centers[0]!.uuid;
const tag = catalog.tags[0]!.uuid;

async function open(options: Parameters<typeof openApi>[0] = {}): Promise<TestApi> {
  const api = await openApi({ seed: catalog, ...options });
  opened.push(api);
  return api;
}

const putFaults = async (api: TestApi, change: unknown) =>
  answerOf(await fetch(`${api.emu.origin}/__emulator/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(change) }));

const fullBody = {
  name: 'Ana Souza',
  email: 'ana@example.com',
  enrollment: 'E1',
  identifier: 'ID-1',
  cost_center_uuid: costCenter,
  tags: [tag],
  documents: { badge: '000123' },
  squad_uuid: squad,
};

describe('undeclared user body fields', () => {
  it('are accepted with 2xx on create and edit, and neither validated nor stored', async () => {
    const api = await open({ faults: { undeclaredUserFields: ['cost_center_uuid', 'tags', 'identifier', 'enrollment', 'documents'] } });
    // Values that would fail validation if the fields were declared: dropped unvalidated.
    const created = await api.call('POST', '/users', { ...fullBody, cost_center_uuid: 'no-such-cost-center', tags: ['no-such-tag'] });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ name: 'Ana Souza', enrollment: null, identifier: null, tags: [], cost_center: null, person: { documents: [] } });

    const uuid = created.body.data.uuid as string;
    const edited = await api.call('PUT', `/users/${uuid}`, { name: 'Ana S.', cost_center_uuid: costCenter, tags: [tag], enrollment: 'E9', identifier: 'X' });
    expect(edited.status).toBe(200);
    expect(edited.body.data).toMatchObject({ name: 'Ana S.', enrollment: null, identifier: null, tags: [], cost_center: null });
    const read = await api.call('GET', `/users/${uuid}?include=squads`);
    expect(read.body.data).toMatchObject({ enrollment: null, identifier: null, tags: [], cost_center: null });
    // A declared field in the same body still counts: the squad was joined.
    expect(read.body.data.squads.map((s: { uuid: string }) => s.uuid)).toEqual([squad]);
    expect(api.emu.snapshot().users[0]).toMatchObject({ enrollment: null, identifier: null, tags: [], cost_center: null, documents: [] });
  });

  it('are stored again once declared, switched over the admin endpoint', async () => {
    const api = await open();
    expect((await putFaults(api, { undeclaredUserFields: ['cost_center_uuid'] })).body.undeclaredUserFields).toEqual(['cost_center_uuid']);
    const dropped = await api.call('POST', '/users', { name: 'A', email: 'a@example.com', cost_center_uuid: costCenter });
    expect(dropped.body.data.cost_center).toBeNull();
    await putFaults(api, { undeclaredUserFields: [] });
    const kept = await api.call('PUT', `/users/${dropped.body.data.uuid}`, { cost_center_uuid: costCenter });
    expect(kept.body.data.cost_center).toMatchObject({ uuid: costCenter, code: '1900623' });
  });

  it('refuses a field that cannot be undeclared, naming it', async () => {
    const api = await open();
    const refused = await putFaults(api, { undeclaredUserFields: ['email'] });
    expect(refused.status).toBe(422);
    expect(refused.body.message).toContain('undeclaredUserFields');
    expect(api.emu.faults().undeclaredUserFields).toEqual([]);
  });
});

describe('hidden user answer fields', () => {
  const hidden = ['cost_center', 'tags', 'identifier', 'enrollment', 'person.documents'] as const;

  it('are left out of every user representation while the state keeps them', async () => {
    const api = await open({ faults: { hiddenUserFields: [...hidden] } });
    const created = await api.call('POST', '/users', fullBody);
    expect(created.status).toBe(201);
    const uuid = created.body.data.uuid as string;
    const answers = [
      created.body.data,
      (await api.call('PUT', `/users/${uuid}`, { name: 'Ana S.' })).body.data,
      (await api.call('GET', `/users/${uuid}`)).body.data,
      (await api.call('GET', `/users/${uuid}?include=squads`)).body.data,
      (await api.call('GET', '/users?include=squads')).body.data[0],
      (await api.call('GET', '/users?search=email:ana@example.com')).body.data[0],
    ];
    for (const user of answers) {
      expect(user.uuid).toBe(uuid);
      for (const field of ['cost_center', 'tags', 'identifier', 'enrollment']) expect(user).not.toHaveProperty(field);
      expect(user.person).toEqual({ uuid: expect.any(String) });
      expect(user).toHaveProperty('email', 'ana@example.com');
    }
    expect(answers[3].squads).toHaveLength(1);
    // Stored all the same: the search on a hidden field still finds the user.
    expect((await api.call('GET', '/users?search=enrollment:E1')).body.data).toHaveLength(1);
    expect(api.emu.snapshot().users[0]).toMatchObject({ enrollment: 'E1', identifier: 'ID-1', cost_center: costCenter, tags: [tag] });
    const deleted = await api.call('DELETE', `/users/${uuid}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body.data).not.toHaveProperty('cost_center');
    expect(deleted.body.data).not.toHaveProperty('tags');
  });

  it('can hide the squads of include=squads and be lifted at run time', async () => {
    const api = await open();
    const created = await api.call('POST', '/users', fullBody);
    api.emu.setFaults({ hiddenUserFields: ['squads'] });
    const hiddenSquads = await api.call('GET', `/users/${created.body.data.uuid}?include=squads`);
    expect(hiddenSquads.body.data).not.toHaveProperty('squads');
    api.emu.setFaults({ hiddenUserFields: [] });
    const shown = await api.call('GET', `/users/${created.body.data.uuid}?include=squads`);
    expect(shown.body.data.squads).toHaveLength(1);
    expect(shown.body.data.tags).toEqual([{ uuid: tag, name: 'Parking', access: 'private' }]);
  });
});

describe('altered user fields', () => {
  it('store a normalised value, so the answer differs from what was sent', async () => {
    const api = await open({ faults: { alteredUserFields: { name: ['squash-spaces', 'trim', 'truncate:10'], email: ['lower'] } } });
    const created = await api.call('POST', '/users', { name: '  Maria   da Silva Pereira ', email: 'Maria.Silva@Example.COM' });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ name: 'Maria da S', name_display: 'Maria da S', email: 'maria.silva@example.com' });
    const uuid = created.body.data.uuid as string;
    const edited = await api.call('PUT', `/users/${uuid}`, { name: 'João Évora Gonçalves' });
    expect(edited.body.data.name).toBe('João Évora');
    expect((await api.call('GET', `/users/${uuid}`)).body.data.name).toBe('João Évora');
    // Other fields are stored as sent.
    const other = await api.call('POST', '/users', { name: 'B', email: 'b@example.com', enrollment: ' E 7 ' });
    expect(other.body.data.enrollment).toBe(' E 7 ');
  });

  it('answers 507 query_error when an altered value collides with another user', async () => {
    const api = await open();
    await api.call('POST', '/users', { name: 'A', email: 'a@example.com', enrollment: 'E-100' });
    api.emu.setFaults({ alteredUserFields: { enrollment: ['truncate:4'] } });
    // Validation checks the value sent: taken as sent, a 422.
    const taken = await api.call('POST', '/users', { name: 'B', email: 'b@example.com', enrollment: 'e-100' });
    expect(taken.status).toBe(422);
    expect(taken.body.errors).toEqual({ enrollment: ['The enrollment has already been taken.'] });
    const stored = await api.call('POST', '/users', { name: 'C', email: 'c@example.com', enrollment: 'E-2000' });
    expect(stored.body.data.enrollment).toBe('E-20');
    const clash = await api.call('POST', '/users', { name: 'D', email: 'd@example.com', enrollment: 'E-2001' });
    expect(clash.status).toBe(507);
    expect(clash.body).toEqual({ error: 507, id: 'query_error', message: 'Unable to store your data.' });
    expect(api.emu.snapshot().users.map((u) => u.name)).toEqual(['A', 'C']);
  });

  it('refuses an unknown step or field, naming it', async () => {
    const api = await open();
    const badStep = await putFaults(api, { alteredUserFields: { name: ['shout'] } });
    expect(badStep.status).toBe(422);
    expect(badStep.body.message).toContain('alteredUserFields.name.0');
    const badField = await putFaults(api, { alteredUserFields: { status: ['lower'] } });
    expect(badField.status).toBe(422);
    expect(badField.body.message).toContain('alteredUserFields');
    expect(api.emu.faults().alteredUserFields).toEqual({});
  });
});
