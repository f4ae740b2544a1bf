import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeedData } from '../../src/emulator/index.js';
import { openApi, type TestApi } from './helpers.js';

const userCount = 1001;
let api: TestApi;

function manyUsers(): SeedData {
  return {
    squads: [{ name: 'Odd' }, { name: 'Even' }],
    users: Array.from({ length: userCount }, (_, i) => ({
      name: `Person ${i}`,
      email: `person${i}@example.com`,
      enrollment: `P${String(i).padStart(5, '0')}`,
      squads: i % 10 === 0 ? [] : [i % 2 ? 'Odd' : 'Even'],
      profile: i === 7 ? ('manager' as const) : undefined,
    })),
  };
}

beforeAll(async () => {
  api = await openApi({ seed: manyUsers() });
});
afterAll(() => api.close());

async function readAll(first: string, pageSize: number, during?: (page: number) => Promise<void>) {
  const emails: string[] = [];
  let url: string | null = `${api.emu.baseUrl}${first}`;
  let pages = 0;
  while (url) {
    const sep: string = url.includes('?') ? '&' : '?';
    const answer = await api.get(`${url}${url.includes('limit=') ? '' : `${sep}limit=${pageSize}`}`);
    expect(answer.status).toBe(200);
    pages++;
    emails.push(...answer.body.data.map((u: { email: string }) => u.email));
    await during?.(pages);
    url = answer.body.links.next;
  }
  return { emails, pages };
}

describe('cursor pagination', () => {
  it('pages 1,001 users with limit=250 in 5 pages, each user exactly once', async () => {
    const { emails, pages } = await readAll('/users?limit=250', 250);
    expect(pages).toBe(5);
    expect(emails).toHaveLength(userCount);
    expect(new Set(emails).size).toBe(userCount);
  });

  it('answers in the reference envelope, next link holding only an opaque cursor', async () => {
    const answer = await api.call('GET', '/users?limit=2&search=name:person');
    expect(answer.body.data).toHaveLength(2);
    expect(answer.body.meta).toEqual({ path: `${api.emu.baseUrl}/users`, per_page: '2' });
    expect(answer.body.links.prev).toBeNull();
    const next = new URL(answer.body.links.next);
    expect(next.origin + next.pathname).toBe(`${api.emu.baseUrl}/users`);
    expect([...next.searchParams.keys()]).toEqual(['cursor']);
    const cursor = next.searchParams.get('cursor') ?? '';
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Number.isNaN(Number(cursor))).toBe(true);
  });

  it('defaults limit to 25 and checks it: over 250, zero or not a number is a 422', async () => {
    const answer = await api.call('GET', '/users');
    expect(answer.body.data).toHaveLength(25);
    expect(answer.body.meta.per_page).toBe('25');
    expect((await api.call('GET', '/users?limit=250')).body.data).toHaveLength(250);
    for (const [limit, message] of [
      ['251', 'The limit must not be greater than 250.'],
      ['0', 'The limit must be at least 1.'],
      ['-3', 'The limit must be at least 1.'],
      ['ten', 'The limit must be an integer.'],
      ['2.5', 'The limit must be an integer.'],
    ]) {
      const bad = await api.call('GET', `/users?limit=${limit}`);
      expect(bad.status).toBe(422);
      expect(bad.body).toEqual({ error: 422, id: 'unprocessable_entity', message: 'The given data failed to pass validation.', errors: { limit: [message] } });
    }
  });

  it('survives a user created and one deleted during paging', async () => {
    const victim = api.emu.snapshot().users[900]?.uuid;
    const { emails } = await readAll('/users?limit=250', 250, async (page) => {
      if (page !== 2) return;
      expect((await api.call('POST', '/users', { name: 'Late', email: 'late@example.com' })).status).toBe(201);
      expect((await api.call('DELETE', `/users/${victim}`)).status).toBe(200);
    });
    expect(new Set(emails).size).toBe(emails.length);
    expect(emails).toContain('late@example.com');
    expect(emails).not.toContain('person900@example.com');
    expect(emails).toHaveLength(userCount);
  });

  it('follows links.prev back to the previous page', async () => {
    const first = await api.call('GET', '/users?limit=3');
    const second = await api.get(`${first.body.links.next}&limit=3`);
    const back = await api.get(`${second.body.links.prev}&limit=3`);
    expect(back.body.data.map((u: { uuid: string }) => u.uuid)).toEqual(first.body.data.map((u: { uuid: string }) => u.uuid));
    expect(back.body.links.prev).toBeNull();
  });

  it('refuses a cursor it did not make with 400 unexpected_value', async () => {
    for (const cursor of ['garbage!', Buffer.from('{"x":1}').toString('base64url')]) {
      const answer = await api.call('GET', `/users?cursor=${encodeURIComponent(cursor)}`);
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ error: 400, id: 'unexpected_value' });
    }
  });

  it('uses the request Host, or linkOrigin when set', async () => {
    const viaLocalhost = await fetch(`${api.emu.baseUrl.replace('127.0.0.1', 'localhost')}/users?limit=1`, {
      headers: { authorization: `Bearer ${api.token}` },
    }).catch(() => undefined);
    if (viaLocalhost) {
      const body = (await viaLocalhost.json()) as { links: { next: string } };
      expect(new URL(body.links.next).hostname).toBe('localhost');
    }
    const foreign = await openApi({ linkOrigin: 'http://elsewhere.example:8080/', seed: { squads: [{ name: 'A' }, { name: 'B' }] } });
    try {
      const answer = await foreign.call('GET', '/squads?limit=1');
      expect(answer.body.links.next).toMatch(/^http:\/\/elsewhere\.example:8080\/v1\.1\/squads\?cursor=/);
      expect(answer.body.meta.path).toBe('http://elsewhere.example:8080/v1.1/squads');
    } finally {
      await foreign.close();
    }
  });
});

describe('search', () => {
  const emailsOf = (answer: { body: { data: Array<{ email: string }> } }) => answer.body.data.map((u) => u.email);

  it('filters users by email (exact, case-insensitive), also with eq', async () => {
    expect(emailsOf(await api.call('GET', '/users?search=email:PERSON12@example.com'))).toEqual(['person12@example.com']);
    expect(emailsOf(await api.call('GET', '/users?search=email:eq:person12@example.com'))).toEqual(['person12@example.com']);
    expect(emailsOf(await api.call('GET', '/users?search=email:person12'))).toEqual([]);
    expect(emailsOf(await api.call('GET', '/users?search=email:like:person12@'))).toEqual(['person12@example.com']);
  });

  it('filters by name (contains) and name:eq (exact)', async () => {
    expect(emailsOf(await api.call('GET', '/users?search=name:person 99&limit=250')).sort()).toEqual(
      ['person99@example.com', 'person990@example.com', 'person991@example.com', 'person992@example.com', 'person993@example.com',
       'person994@example.com', 'person995@example.com', 'person996@example.com', 'person997@example.com', 'person998@example.com',
       'person999@example.com'].sort(),
    );
    expect(emailsOf(await api.call('GET', '/users?search=name:eq:person 99'))).toEqual(['person99@example.com']);
  });

  it('filters by enrollment, profile, squad_uuid and is_squad, combined with ;', async () => {
    expect(emailsOf(await api.call('GET', '/users?search=enrollment:P00042'))).toEqual(['person42@example.com']);
    expect(emailsOf(await api.call('GET', '/users?search=profile:manager'))).toEqual(['person7@example.com']);
    const odd = api.emu.snapshot().squads.find((s) => s.name === 'Odd')?.uuid;
    const inOdd = emailsOf(await api.call('GET', `/users?search=squad_uuid:${odd};name:person 1&limit=250`));
    expect(inOdd.length).toBeGreaterThan(0);
    for (const email of inOdd) {
      const n = Number(/person(\d+)@/.exec(email)?.[1]);
      expect(n % 2).toBe(1);
      expect(String(n).startsWith('1')).toBe(true);
    }
    const noSquad = emailsOf(await api.call('GET', '/users?search=is_squad:false;name:eq:person 20'));
    expect(noSquad).toEqual(['person20@example.com']);
    expect(emailsOf(await api.call('GET', '/users?search=is_squad:true;name:eq:person 20'))).toEqual([]);
  });

  it('carries search over pages when the client re-adds it', async () => {
    const expected = api.emu.snapshot().users.filter((u) => u.squads.length === 0).map((u) => u.email);
    expect(expected.length).toBeGreaterThan(60);
    expect(expected.length).toBeLessThanOrEqual(120);
    const first = await api.call('GET', '/users?search=is_squad:false&limit=60');
    expect(first.body.data).toHaveLength(60);
    const second = await api.get(`${first.body.links.next}&search=is_squad:false&limit=60`);
    expect(second.body.links.next).toBeNull();
    expect([...emailsOf(first), ...emailsOf(second)]).toEqual(expected);
  });

  it('answers an unknown key with 400 unexpected_value naming it', async () => {
    const answer = await api.call('GET', '/users?search=favourite_colour:blue');
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: 400, id: 'unexpected_value' });
    expect(answer.body.message).toContain('favourite_colour');
    expect((await api.call('GET', '/squads?search=email:x@example.com')).status).toBe(400);
  });

  it('filters squads by name and cost centers by name and code', async () => {
    const squads = await api.call('GET', '/squads?search=name:dd');
    expect(squads.body.data.map((s: { name: string }) => s.name)).toEqual(['Odd']);
    await api.call('POST', '/cost-centers', { name: 'Search Finance', code: 'SF-1' });
    await api.call('POST', '/cost-centers', { name: 'Search Legal', code: 'SL-1' });
    const byName = await api.call('GET', '/cost-centers?search=name:search');
    expect(byName.body.data.map((c: { code: string }) => c.code)).toEqual(['SF-1', 'SL-1']);
    const byCode = await api.call('GET', '/cost-centers?search=code:sl-1');
    expect(byCode.body.data.map((c: { name: string }) => c.name)).toEqual(['Search Legal']);
  });
});
