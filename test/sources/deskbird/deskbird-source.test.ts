import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeskbirdMembershipMode, RunningDeskbirdEmulator } from '../../../src/emulator/deskbird/index.js';
import { SourceError } from '../../../src/errors.js';
import { attr, membershipOf, membershipRead, readAll, sourceFor, startTestDeskbird } from './deskbird-helpers.js';

describe('the deskbird source against the emulator: a company of 2,000 users and 40 groups', () => {
  let emu: RunningDeskbirdEmulator;
  beforeAll(async () => {
    emu = await startTestDeskbird({ seed: { generate: { users: 2000, groups: 40, seed: 21 } } });
  });
  afterAll(() => emu?.close());

  it('reads every user and group, each person carrying the names and ids of its groups', async () => {
    emu.resetStats();
    const { entries, summary, error } = await readAll(sourceFor(emu));
    expect(error).toBeUndefined();
    const state = emu.snapshot();
    const persons = entries.filter((e) => e.kind === 'person');
    const groups = entries.filter((e) => e.kind === 'group');
    expect(persons).toHaveLength(2000);
    expect(groups).toHaveLength(40);
    expect(summary).toMatchObject({ entries: 2040, issues: [] });
    expect(summary?.fingerprint).toMatch(/^[0-9a-f]{64}$/);

    expect(persons.map((p) => attr(p, 'id'))).toEqual(state.users.map((u) => u.id));
    const ana = state.users[0];
    expect(persons[0]?.attributes).toMatchObject({
      id: [ana?.id],
      firstName: [ana?.firstName],
      lastName: [ana?.lastName],
      email: [ana?.email],
      role: [ana?.role],
      companyId: ['1001'],
    });
    expect(persons[0]?.origin).toBe(`users/${ana?.id}`);
    expect(groups.map((g) => [attr(g, 'id'), attr(g, 'name')])).toEqual(state.groups.map((g) => [g.id, g.name]));
    expect(groups[0]?.attributes).not.toHaveProperty('memberIds');

    const expected = membershipOf(emu);
    expect(membershipRead(entries)).toEqual(expected);
    let placed = 0;
    for (const names of expected.values()) placed += names.length;
    expect(placed).toBeGreaterThan(1500);
    const groupIdByName = new Map(state.groups.map((g) => [g.name, g.id]));
    for (const person of persons) {
      const names = (person.attributes['deskbee:groups'] ?? []).map(String);
      expect((person.attributes['deskbee:groupIds'] ?? []).map(String)).toEqual(names.map((n) => groupIdByName.get(n)));
    }
    // One page of groups, 20 pages of users and the empty page that proves the end.
    expect(emu.stats().byRoute).toEqual({ 'GET /groups': 1, 'GET /users': 21 });
  });

  it('gives the same fingerprint for the same data, whatever the page size, and another when a user changes', async () => {
    const first = await readAll(sourceFor(emu));
    const again = await readAll(sourceFor(emu, { pageSize: 37 }));
    expect(again.summary?.fingerprint).toBe(first.summary?.fingerprint);
    const user = emu.snapshot().users[1234];
    emu.seed({ users: [{ ...user!, lastName: 'Changed' }] }, 'merge');
    const changed = await readAll(sourceFor(emu));
    expect(changed.summary?.entries).toBe(2040);
    expect(changed.summary?.fingerprint).not.toBe(first.summary?.fingerprint);
  });

  it('reads all of a listing when deskbird gives fewer rows than asked for (a limit clamped to its maximum)', async () => {
    emu.setFaults({ maxLimit: 64 });
    try {
      emu.resetStats();
      const { entries, error } = await readAll(sourceFor(emu, { pageSize: 500 }));
      expect(error).toBeUndefined();
      expect(entries.filter((e) => e.kind === 'person')).toHaveLength(2000);
      expect(emu.stats().byRoute['GET /users']).toBe(32);
    } finally {
      emu.setFaults({ maxLimit: 100 });
    }
  });

  it('stops with an error naming pageSize when deskbird refuses the page size', async () => {
    emu.setFaults({ maxLimit: 50, overMaxLimit: 'reject' });
    try {
      const { error } = await readAll(sourceFor(emu, { pageSize: 80 }));
      expect(error).toBeInstanceOf(SourceError);
      expect(String((error as Error).message)).toMatch(/answered 400 to GET http:\/\/127\.0\.0\.1:\d+\/groups\?limit=80&offset=0 \("limit must not be greater than 50"\).*pageSize/);
    } finally {
      emu.setFaults({ maxLimit: 100, overMaxLimit: 'clamp' });
    }
  });
});

describe('the deskbird source finds group members wherever the API lists them', () => {
  let emu: RunningDeskbirdEmulator;
  let expected: Map<string, string[]>;
  beforeAll(async () => {
    emu = await startTestDeskbird({ seed: { generate: { users: 300, groups: 12, seed: 4 }, groups: [{ name: 'Big', members: [] }] } });
    // One group larger than a page, so that members are paged too.
    const state = emu.snapshot();
    emu.seed({ groups: [{ id: state.groups.at(-1)?.id, name: 'Big', members: state.users.slice(0, 250).map((u) => u.id) }] }, 'merge');
    expected = membershipOf(emu);
  });
  afterAll(() => emu?.close());

  const cases: Array<[DeskbirdMembershipMode, string]> = [
    ['memberIds', 'groupList'],
    ['members', 'groupList'],
    ['detail', 'groupDetail'],
    ['endpoint', 'membersEndpoint'],
    ['userGroupIds', 'userGroups'],
  ];

  it.each(cases)('members listed as %s: auto finds them, and so does membership: %s', async (mode, setting) => {
    emu.setFaults({ membership: mode });
    const auto = await readAll(sourceFor(emu));
    expect(auto.error).toBeUndefined();
    expect(membershipRead(auto.entries)).toEqual(expected);
    const explicit = await readAll(sourceFor(emu, { membership: setting as 'groupList' }));
    expect(explicit.error).toBeUndefined();
    expect(membershipRead(explicit.entries)).toEqual(expected);
  });

  it('refuses a membership setting the API does not bear out, naming where it looked', async () => {
    emu.setFaults({ membership: 'memberIds' });
    const { error } = await readAll(sourceFor(emu, { membership: 'membersEndpoint' }));
    expect(error).toBeInstanceOf(SourceError);
    expect((error as Error).message).toMatch(/group members could not be found: GET http:\S+\/groups\/\S+\/members\?limit=1&offset=0 answered 404/);
  });

  it('stops when members are nowhere, rather than empty every squad; membership: none reads groups without members', async () => {
    emu.setFaults({ membership: 'absent' });
    const { error } = await readAll(sourceFor(emu));
    expect(error).toBeInstanceOf(SourceError);
    const message = (error as Error).message;
    expect(message).toContain('carries memberIds, userIds, members, users');
    expect(message).toContain('answered 404');
    expect(message).toContain('no user carries groupIds or groups');
    expect(message).toContain('`none`');

    const none = await readAll(sourceFor(emu, { membership: 'none' }));
    expect(none.error).toBeUndefined();
    expect(none.entries.filter((e) => e.kind === 'group')).toHaveLength(13);
    expect(none.entries.some((e) => 'deskbee:groups' in e.attributes)).toBe(false);
    emu.setFaults({ membership: 'memberIds' });
  });
});
