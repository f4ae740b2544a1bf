import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDeskbirdEmulator, type RunningDeskbirdEmulator } from '../../../src/emulator/deskbird/index.js';
import { get, key, listAll } from './deskbird-calls.js';

describe('the deskbird emulator: where group members are listed (unpublished, so switchable)', () => {
  let emu: RunningDeskbirdEmulator;
  let ana: string;
  let bruno: string;
  let team: string;
  beforeAll(async () => {
    emu = await startDeskbirdEmulator({
      apiKey: key,
      env: {},
      seed: {
        users: [
          { firstName: 'Ana', lastName: 'Souza', email: 'ana@example.com' },
          { firstName: 'Bruno', lastName: 'Lima', email: 'Bruno@Example.com' },
          { firstName: 'Clara', lastName: 'Dias', email: 'clara@example.com' },
        ],
        groups: [
          { name: 'Team', members: ['ana@example.com', 'bruno@example.com'] },
          { name: 'Empty', members: [] },
        ],
      },
    });
    const state = emu.snapshot();
    [ana, bruno] = state.users.map((u) => u.id) as [string, string];
    team = state.groups[0]?.id as string;
  });
  afterAll(() => emu?.close());

  const memberFields = ['memberIds', 'members', 'userIds', 'users'];
  const fieldsOf = (body: Record<string, unknown>) => Object.keys(body).filter((k) => memberFields.includes(k));

  it('memberIds (the default): every group, listed or alone, carries its members\' ids', async () => {
    expect(emu.faults().membership).toBe('memberIds');
    const [listed] = (await get(emu, '/groups')).body.data;
    expect(listed.memberIds).toEqual([ana, bruno]);
    expect((await get(emu, `/groups/${team}`)).body.memberIds).toEqual([ana, bruno]);
    expect((await get(emu, `/groups/${team}/members`)).status).toBe(404);
    expect((await get(emu, `/users/${ana}`)).body).not.toHaveProperty('groupIds');
  });

  it('members: groups carry {id, email} objects', async () => {
    emu.setFaults({ membership: 'members' });
    const [listed, empty] = (await get(emu, '/groups')).body.data;
    expect(fieldsOf(listed)).toEqual(['members']);
    expect(listed.members).toEqual([
      { id: ana, email: 'ana@example.com' },
      { id: bruno, email: 'Bruno@Example.com' },
    ]);
    expect(empty.members).toEqual([]);
  });

  it('detail: only GET /groups/{id} shows members, the list does not', async () => {
    emu.setFaults({ membership: 'detail' });
    const [listed] = (await get(emu, '/groups')).body.data;
    expect(fieldsOf(listed)).toEqual([]);
    expect((await get(emu, `/groups/${team}`)).body.memberIds).toEqual([ana, bruno]);
  });

  it('endpoint: members only through GET /groups/{id}/members, paged like the lists', async () => {
    emu.setFaults({ membership: 'endpoint' });
    expect(fieldsOf((await get(emu, '/groups')).body.data[0])).toEqual([]);
    expect(fieldsOf((await get(emu, `/groups/${team}`)).body)).toEqual([]);
    const page = await get(emu, `/groups/${team}/members?limit=1`);
    expect(page.body).toMatchObject({ total: 2, limit: 1, offset: 0 });
    const { items } = await listAll(emu, `/groups/${team}/members`, 1);
    expect(items.map((u) => u.email)).toEqual(['ana@example.com', 'Bruno@Example.com']);
    expect((await get(emu, '/groups/unknown/members')).status).toBe(404);
  });

  it('userGroupIds: users carry their groups, groups carry no members', async () => {
    emu.setFaults({ membership: 'userGroupIds' });
    expect(fieldsOf((await get(emu, `/groups/${team}`)).body)).toEqual([]);
    const users = (await get(emu, '/users')).body.data;
    expect(users.map((u: { groupIds: string[] }) => u.groupIds)).toEqual([[team], [team], []]);
  });

  it('absent: members are nowhere', async () => {
    emu.setFaults({ membership: 'absent' });
    expect(fieldsOf((await get(emu, '/groups')).body.data[0])).toEqual([]);
    expect(fieldsOf((await get(emu, `/groups/${team}`)).body)).toEqual([]);
    expect((await get(emu, `/groups/${team}/members`)).status).toBe(404);
    expect((await get(emu, '/users')).body.data[0]).not.toHaveProperty('groupIds');
    emu.setFaults({ membership: 'memberIds' });
  });
});
