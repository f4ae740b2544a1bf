import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DeskbeeApi } from '../../src/deskbee/deskbee-api.js';
import { DeskbeeApiError } from '../../src/errors.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { clientFor, everyRendering, rejectionOf, startTestEmulator, testCredentials, tokenPattern } from '../support/deskbee-harness.js';

const seed = {
  tags: [
    { name: 'Parking', access: 'private' as const },
    { name: 'VIP', access: 'public' as const },
  ],
  users: [
    { name: 'Ana', email: 'ana@corp.example', tags: ['Parking', 'VIP'] },
    { name: 'Bob', email: 'bob@corp.example', tags: ['Parking'] },
  ],
};

describe('removing a user tag', () => {
  let emulator: RunningEmulator;

  beforeAll(async () => {
    emulator = await startTestEmulator();
  });
  afterAll(async () => {
    await emulator.close();
  });
  beforeEach(() => {
    emulator.seed(seed);
    emulator.setFaults({ tagRemoval: 'offered' });
  });

  async function uuidOf(api: DeskbeeApi, name: string): Promise<string> {
    const tag = await api.userTags.findByName(name);
    if (!tag) throw new Error(`no tag ${name}`);
    return tag.uuid;
  }

  it('sends DELETE /users/tags/{uuid}: the tag is gone, and gone from its users', async () => {
    const api: DeskbeeApi = clientFor(emulator);
    const parking = await uuidOf(api, 'Parking');
    await api.userTags.remove(parking);

    const names: string[] = [];
    for await (const tag of api.userTags.list()) names.push(tag.name);
    expect(names).toEqual(['VIP']);
    const ana = await api.users.findByEmail('ana@corp.example');
    expect(ana?.tags?.map((t) => (typeof t === 'string' ? t : t.name))).toEqual(['VIP']);
    const bob = await api.users.findByEmail('bob@corp.example');
    expect(bob?.tags ?? []).toEqual([]);
    expect(api.stats().byRoute['DELETE /users/tags/{uuid}']).toBe(1);
  });

  it('brings a 404 for a tag that is not there as it is, without claiming the route is missing', async () => {
    const api = clientFor(emulator);
    const error = (await rejectionOf(api.userTags.remove('00000000-0000-4000-8000-000000000000'))) as DeskbeeApiError;
    expect(error).toBeInstanceOf(DeskbeeApiError);
    expect(error).toMatchObject({ status: 404, id: 'not_found', retryable: false });
    expect(error.message).not.toContain('does not offer');
  });

  it('says plainly that this Deskbee does not offer removing user tags when it answers 405', async () => {
    emulator.setFaults({ tagRemoval: 'method-not-allowed' });
    const api = clientFor(emulator);
    const parking = await uuidOf(api, 'Parking');
    const error = (await rejectionOf(api.userTags.remove(parking))) as DeskbeeApiError;
    expect(error).toBeInstanceOf(DeskbeeApiError);
    expect(error).toMatchObject({ status: 405, id: 'method_not_allowed', retryable: false, request: `DELETE /v1.1/users/tags/${parking}` });
    expect(error.message).toContain('this Deskbee does not offer removing user tags');
    expect(error.message).toContain('DELETE /users/tags/{uuid}');
    expect(error.message).toContain(`to DELETE /v1.1/users/tags/${parking}`);
    expect(error.apiMessage).toContain('The DELETE method is not supported');
    // Sent once (a 405 is not retried), and the tag is still there.
    expect(api.stats().byRoute['DELETE /users/tags/{uuid}']).toBe(1);
    expect(emulator.snapshot().tags.map((t) => t.name)).toEqual(['Parking', 'VIP']);
    const text = everyRendering(error);
    expect(text).not.toContain(testCredentials.clientSecret);
    expect(text).not.toMatch(tokenPattern);
  });

  it('says the same for a 404 while the tag is still listed (no such route)', async () => {
    emulator.setFaults({ tagRemoval: 'not-found' });
    const api = clientFor(emulator);
    const vip = await uuidOf(api, 'VIP');
    const error = (await rejectionOf(api.userTags.remove(vip))) as DeskbeeApiError;
    expect(error).toMatchObject({ status: 404, id: 'not_found' });
    expect(error.message).toContain('this Deskbee does not offer removing user tags');
    expect(error.message).toContain('DELETE /users/tags/{uuid}');
    expect(emulator.snapshot().tags.map((t) => t.name)).toEqual(['Parking', 'VIP']);
  });
});
