import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApi, type TestApi } from './helpers.js';

let api: TestApi;
let existing: { uuid: string };
let other: { uuid: string };
beforeAll(async () => {
  api = await openApi({
    seed: {
      squads: [{ name: 'Existing Squad' }],
      cost_centers: [{ name: 'Existing CC', code: 'CC-EXIST' }],
      tags: [{ name: 'Existing Tag', access: 'public' }],
      users: [
        { name: 'Taken', email: 'Taken@Example.com', enrollment: 'ENR-TAKEN' },
        { name: 'Other', email: 'other@example.com', enrollment: 'ENR-OTHER' },
      ],
    },
  });
  const users = api.emu.snapshot().users;
  existing = users[0] as { uuid: string };
  other = users[1] as { uuid: string };
});
afterAll(() => api.close());

const unknownUuid = '00000000-0000-4000-8000-000000000000';

async function expect422(method: string, path: string, body: unknown, errors: Record<string, string[]>) {
  const answer = await api.call(method, path, body);
  expect(answer.status).toBe(422);
  expect(answer.body).toEqual({
    error: 422,
    id: 'unprocessable_entity',
    message: 'The given data failed to pass validation.',
    errors,
  });
}

describe('user validation', () => {
  it('requires name and email on create, collecting both errors', async () => {
    await expect422('POST', '/users', {}, { name: ['The name field is required.'], email: ['The email field is required.'] });
    await expect422('POST', '/users', { name: '', email: null }, { name: ['The name field is required.'], email: ['The email field is required.'] });
  });

  it('checks the email format', async () => {
    for (const email of ['not-an-email', 'a b@example.com', 'a@', '@example.com', 'a@b@c.com']) {
      await expect422('POST', '/users', { name: 'X', email }, { email: ['The email must be a valid email address.'] });
    }
  });

  it('keeps emails unique, case-insensitively', async () => {
    await expect422('POST', '/users', { name: 'X', email: 'taken@example.COM' }, { email: ['The email has already been taken.'] });
  });

  it('keeps enrollments unique', async () => {
    await expect422('POST', '/users', { name: 'X', email: 'new1@example.com', enrollment: 'ENR-TAKEN' }, {
      enrollment: ['The enrollment has already been taken.'],
    });
  });

  it('checks uniqueness on edit against others, not the user itself', async () => {
    const self = await api.call('PUT', `/users/${existing.uuid}`, { email: 'taken@example.com', enrollment: 'ENR-TAKEN' });
    expect(self.status).toBe(200);
    await expect422('PUT', `/users/${existing.uuid}`, { email: 'OTHER@example.com', enrollment: 'enr-other' }, {
      email: ['The email has already been taken.'],
      enrollment: ['The enrollment has already been taken.'],
    });
  });

  it('refuses null or empty name and email on edit, but allows leaving them out', async () => {
    await expect422('PUT', `/users/${existing.uuid}`, { name: null, email: '' }, {
      name: ['The name field is required.'],
      email: ['The email field is required.'],
    });
    expect((await api.call('PUT', `/users/${existing.uuid}`, { status: true })).status).toBe(200);
  });

  it('refuses unknown squad, tags and cost center', async () => {
    const tag = api.emu.snapshot().tags[0]?.uuid;
    await expect422(
      'POST',
      '/users',
      { name: 'X', email: 'refs@example.com', squad_uuid: unknownUuid, tags: [tag, unknownUuid], cost_center_uuid: unknownUuid },
      {
        squad_uuid: ['The selected squad uuid is invalid.'],
        'tags.1': ['The selected tags.1 is invalid.'],
        cost_center_uuid: ['The selected cost center uuid is invalid.'],
      },
    );
    await expect422('PUT', `/users/${existing.uuid}`, { squad_uuid: unknownUuid }, { squad_uuid: ['The selected squad uuid is invalid.'] });
  });

  it('checks types', async () => {
    await expect422(
      'POST',
      '/users',
      { name: 42, email: 'types@example.com', status: 'yes', tags: 'a', documents: ['x'], is_send_mail: 'no' },
      {
        name: ['The name must be a string.'],
        status: ['The status field must be true or false.'],
        is_send_mail: ['The is send mail field must be true or false.'],
        documents: ['The documents must be an object of key/value pairs.'],
        tags: ['The tags must be an array.'],
      },
    );
  });

  it('changes nothing when validation fails', async () => {
    const before = api.emu.snapshot();
    await api.call('PUT', `/users/${existing.uuid}`, { name: 'Renamed', email: 'other@example.com' });
    expect(api.emu.snapshot()).toEqual(before);
  });
});

describe('squad, cost-center and tag validation', () => {
  it('squad name is required and unique (case-insensitive), on create and edit', async () => {
    await expect422('POST', '/squads', {}, { name: ['The name field is required.'] });
    await expect422('POST', '/squads', { name: 'existing squad' }, { name: ['The name has already been taken.'] });
    const mine = (await api.call('POST', '/squads', { name: 'Validation Squad' })).body.data.uuid;
    await expect422('PUT', `/squads/${mine}`, { name: 'EXISTING SQUAD' }, { name: ['The name has already been taken.'] });
    await expect422('PUT', `/squads/${mine}`, { name: '' }, { name: ['The name field is required.'] });
    expect((await api.call('PUT', `/squads/${mine}`, { name: 'validation squad' })).status).toBe(200);
  });

  it('cost center name and code are required, code unique', async () => {
    await expect422('POST', '/cost-centers', { description: 'x' }, {
      name: ['The name field is required.'],
      code: ['The code field is required.'],
    });
    await expect422('POST', '/cost-centers', { name: 'Dup', code: 'cc-exist' }, { code: ['The code has already been taken.'] });
    const mine = (await api.call('POST', '/cost-centers', { name: 'Mine', code: 'CC-MINE' })).body.data.uuid;
    await expect422('PUT', `/cost-centers/${mine}`, { name: 'Mine', code: 'CC-EXIST' }, { code: ['The code has already been taken.'] });
    await expect422('PUT', `/cost-centers/${mine}`, { code: 'CC-MINE' }, { name: ['The name field is required.'] });
  });

  it('tag name is required and unique, access public or private', async () => {
    await expect422('POST', '/users/tags', {}, { name: ['The name field is required.'], access: ['The access field is required.'] });
    await expect422('POST', '/users/tags', { name: 'existing TAG', access: 'secret' }, {
      name: ['The name has already been taken.'],
      access: ['The selected access is invalid.'],
    });
    expect((await api.call('POST', '/users/tags', { name: 'Fresh Tag', access: 'private' })).status).toBe(201);
  });

  it('membership needs known squads and users', async () => {
    const squad = api.emu.snapshot().squads[0]?.uuid;
    await expect422('POST', '/users/squads/add', {}, { squads: ['The squads field is required.'], users: ['The users field is required.'] });
    await expect422('POST', '/users/squads/add', { squads: [squad, unknownUuid], users: [unknownUuid, existing.uuid] }, {
      'squads.1': ['The selected squads.1 is invalid.'],
      'users.0': ['The selected users.0 is invalid.'],
    });
    await expect422('DELETE', '/users/squads/remove', { squads: squad, users: [existing.uuid] }, { squads: ['The squads must be an array.'] });
  });
});
