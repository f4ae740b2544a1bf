import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { clientFor, seedUsers, startTestEmulator } from '../support/deskbee-harness.js';

describe('bulk membership calls', () => {
  let emulator: RunningEmulator;
  let users: string[];
  let squad: string;

  beforeAll(async () => {
    emulator = await startTestEmulator({ seed: { squads: [{ name: 'Everyone' }, { name: 'Big' }], users: seedUsers(1200, 'member') } });
    const client = clientFor(emulator);
    users = [];
    for await (const user of client.users.list({ includeSquads: false })) users.push(user.uuid);
    squad = (await client.squads.findByName('Everyone'))!.uuid;
  });
  afterAll(() => emulator.close());

  async function membersOf(uuid: string): Promise<string[]> {
    const members: string[] = [];
    for await (const user of clientFor(emulator).users.list({ search: `squad_uuid:${uuid}`, includeSquads: false })) members.push(user.uuid);
    return members.sort();
  }

  it('go out 250 users at a time by default', async () => {
    emulator.resetStats();
    await clientFor(emulator).memberships.add({ squads: [squad], users });
    expect(emulator.stats().byRoute['POST /users/squads/add']).toBe(5);
    expect(await membersOf(squad)).toEqual([...users].sort());
    await clientFor(emulator).memberships.remove({ squads: [squad], users: users.slice(0, 600) });
    expect(emulator.stats().byRoute['DELETE /users/squads/remove']).toBe(3);
    expect(await membersOf(squad)).toEqual(users.slice(600).sort());
  });

  it('may go out in one call: the emulator, like the reference, sets no cap', async () => {
    const big = (await clientFor(emulator).squads.findByName('Big'))!.uuid;
    emulator.resetStats();
    await clientFor(emulator, { membershipBatchSize: 5000 }).memberships.add({ squads: [big], users });
    expect(emulator.stats().byRoute['POST /users/squads/add']).toBe(1);
    expect(await membersOf(big)).toEqual([...users].sort());
  });
});
