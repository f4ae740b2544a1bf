import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateDeskbirdCompany, startDeskbirdEmulator } from '../../../src/emulator/deskbird/index.js';
import { ConfigError } from '../../../src/errors.js';
import { admin, get, key } from './deskbird-calls.js';

describe('the deskbird emulator: seeding and generating', () => {
  it('generates N users and M groups, the same for the same seed and different for another', () => {
    const a = generateDeskbirdCompany({ users: 500, groups: 12, seed: 'acme' });
    const b = generateDeskbirdCompany({ users: 500, groups: 12, seed: 'acme' });
    const c = generateDeskbirdCompany({ users: 500, groups: 12, seed: 'other' });
    expect(a).toEqual(b);
    expect(c.users.map((u) => u.id)).not.toEqual(a.users.map((u) => u.id));
    expect(a.users).toHaveLength(500);
    expect(a.groups).toHaveLength(12);
    expect(new Set(a.users.map((u) => u.email.toLowerCase())).size).toBe(500);
    expect(new Set(a.groups.map((g) => g.name)).size).toBe(12);
    const perUser = new Map<string, number>();
    for (const group of a.groups) for (const member of group.members) perUser.set(member, (perUser.get(member) ?? 0) + 1);
    expect([...perUser.values()].every((n) => n >= 1 && n <= 2)).toBe(true);
    expect(perUser.size).toBeGreaterThan(250);
    expect(perUser.size).toBeLessThan(500);
  });

  it('seeds from a JSON file, generated users first, and snapshots back to the same state', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'deskbird-seed-'));
    try {
      const file = join(dir, 'seed.json');
      await writeFile(file, JSON.stringify({ companyId: '77', generate: { users: 20, groups: 3, seed: 5 }, users: [{ firstName: 'Zoe', lastName: 'Last', email: 'zoe@example.com' }], groups: [{ name: 'Zoe club', members: ['zoe@example.com'] }] }));
      const emu = await startDeskbirdEmulator({ apiKey: key, env: {}, seed: file });
      const state = emu.snapshot();
      expect(state.companyId).toBe('77');
      expect(state.users).toHaveLength(21);
      expect(state.users[20]).toMatchObject({ email: 'zoe@example.com', role: 'user', primaryOfficeId: null });
      expect(state.groups.at(-1)?.members).toEqual([state.users[20]?.id]);
      expect((await get(emu, '/users?limit=1')).body.data[0].companyId).toBe('77');
      await emu.close();

      const again = await startDeskbirdEmulator({ apiKey: key, env: {}, seed: state });
      expect(again.snapshot()).toEqual(state);
      await again.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a bad seed whole, naming where: a duplicate email, an unknown member, a bad field', async () => {
    const emu = await startDeskbirdEmulator({ apiKey: key, env: {}, seed: { users: [{ firstName: 'A', lastName: 'B', email: 'a@example.com' }] } });
    try {
      const before = emu.snapshot();
      expect(() => emu.seed({ users: [{ firstName: 'C', lastName: 'D', email: 'c@example.com' }, { firstName: 'E', lastName: 'F', email: 'C@example.com' }] })).toThrow(/users\[1\].*already taken/);
      expect(() => emu.seed({ groups: [{ name: 'G', members: ['nobody@example.com'] }] })).toThrow(/groups\[0\]\.members\[0\]/);
      expect(() => emu.seed({ users: [{ firstName: 'A', lastName: 'B', email: 'not-an-email' }] })).toThrow(ConfigError);
      const refused = await admin(emu, 'POST', 'seed', { users: [{ firstName: 'A', email: 'x@example.com' }] });
      expect(refused.status).toBe(422);
      expect(refused.body.message).toContain('users.0.lastName');
      expect(emu.snapshot()).toEqual(before);
    } finally {
      await emu.close();
    }
  });

  it('merges over HTTP: same id or email replaced in place, new ones appended; state and counts answered', async () => {
    const emu = await startDeskbirdEmulator({ apiKey: key, env: {}, seed: { generate: { users: 5, groups: 1 } } });
    try {
      const first = emu.snapshot().users[0];
      const merged = await admin(emu, 'POST', 'seed?mode=merge', {
        users: [
          { id: first?.id, firstName: 'Renamed', lastName: 'Person', email: first?.email },
          { firstName: 'New', lastName: 'Person', email: 'new@example.com' },
        ],
        groups: [{ name: 'Engineering 01', members: ['new@example.com'] }],
      });
      expect(merged.status).toBe(200);
      expect(merged.body).toEqual({ users: 6, groups: 1, memberships: 1 });
      const state = (await admin(emu, 'GET', 'state')).body;
      expect(state.users[0]).toMatchObject({ id: first?.id, firstName: 'Renamed' });
      expect(state.users[5]).toMatchObject({ email: 'new@example.com' });
      expect(state.groups).toHaveLength(1);
      const replaced = await admin(emu, 'POST', 'seed', { users: [] });
      expect(replaced.body).toEqual({ users: 0, groups: 0, memberships: 0 });
      expect((await admin(emu, 'GET', 'health')).body).toEqual({ ok: true, baseUrl: emu.baseUrl });
      expect(emu.stats().total).toBe(0);
    } finally {
      await emu.close();
    }
  });
});
