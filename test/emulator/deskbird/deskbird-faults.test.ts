import { afterEach, describe, expect, it } from 'vitest';
import { startDeskbirdEmulator, type DeskbirdEmulatorOptions, type RunningDeskbirdEmulator } from '../../../src/emulator/deskbird/index.js';
import { admin, get, key } from './deskbird-calls.js';

describe('the deskbird emulator made hostile', () => {
  let emu: RunningDeskbirdEmulator | undefined;
  const start = async (options: DeskbirdEmulatorOptions = {}) => {
    emu = await startDeskbirdEmulator({ apiKey: key, env: {}, randomSeed: 11, seed: { generate: { users: 30, groups: 2 } }, ...options });
    return emu;
  };
  afterEach(async () => {
    await emu?.close();
    emu = undefined;
  });

  it('answers 429 past the rate limit, with Retry-After only when asked, and counts it', async () => {
    const e = await start({ faults: { rateLimit: { requests: 2, windowMs: 60_000 } } });
    expect((await get(e, '/users')).status).toBe(200);
    expect((await get(e, '/groups')).status).toBe(200);
    const limited = await get(e, '/users');
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({ statusCode: 429, message: 'ThrottlerException: Too Many Requests' });
    expect(limited.headers.get('retry-after')).toBeNull();
    e.setFaults({ rateLimit: { requests: 1, windowMs: 60_000, retryAfter: true } });
    await get(e, '/users');
    const withHeader = await get(e, '/users');
    expect(withHeader.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(e.stats().faults.rateLimited).toBe(2);
  });

  it('injects 5xx answers: 500 as JSON, 502-504 as a proxy page', async () => {
    const e = await start({ faults: { errorRate: 1, errorStatuses: [500] } });
    const json = await get(e, '/users');
    expect(json.status).toBe(500);
    expect(json.body).toEqual({ statusCode: 500, message: 'Internal server error' });
    e.setFaults({ errorStatuses: [503] });
    const html = await get(e, '/users', null);
    expect(html.status).toBe(503);
    expect(html.headers.get('content-type')).toBe('text/html');
    e.setFaults({ errorRate: 0.5, errorStatuses: [502] });
    const statuses = new Set<number>();
    for (let i = 0; i < 20; i++) statuses.add((await get(e, '/users')).status);
    expect([...statuses].sort()).toEqual([200, 502]);
    expect(e.stats().faults.injectedErrors).toBeGreaterThan(2);
  });

  it('drops connections without an answer', async () => {
    const e = await start({ faults: { dropRate: 1, routes: ['GET /users'] } });
    await expect(fetch(`${e.baseUrl}/users`, { headers: { authorization: `Bearer ${key}` } })).rejects.toThrow();
    expect((await get(e, '/groups')).status).toBe(200);
    expect(e.stats().byStatus.dropped).toBe(1);
    expect(e.stats().faults.dropped).toBe(1);
  });

  it('delays answers by the latency plus a jitter drawn below the bound set', async () => {
    const slept: number[] = [];
    const clock = { now: () => Date.now(), sleep: (ms: number) => (slept.push(ms), Promise.resolve()) };
    const e = await start({ clock, faults: { latencyMs: 150, jitterMs: 50 } });
    for (let i = 0; i < 5; i++) expect((await get(e, '/users')).status).toBe(200);
    expect(slept).toHaveLength(5);
    for (const ms of slept) expect(ms >= 150 && ms < 200).toBe(true);
    expect(new Set(slept).size).toBeGreaterThan(1);
  });

  it('fails one page every time it is asked for, and only that page', async () => {
    const e = await start({ faults: { failingPages: [{ path: '/users', offset: 10, status: 500 }] } });
    for (let i = 0; i < 3; i++) expect((await get(e, '/users?limit=10&offset=10')).status).toBe(500);
    expect((await get(e, '/users?limit=10&offset=0')).status).toBe(200);
    expect((await get(e, '/users?limit=10&offset=20')).status).toBe(200);
    expect((await get(e, '/users?limit=10&offset=10', 'wrong')).status).toBe(401);
  });

  it('reports a total that disagrees with the rows', async () => {
    const e = await start({ faults: { totalDelta: 5 } });
    const page = await get(e, '/users');
    expect(page.body.total).toBe(35);
    expect(page.body.data).toHaveLength(30);
    e.setFaults({ routes: ['GET /groups'] });
    expect((await get(e, '/users')).body.total).toBe(30);
    expect((await get(e, '/groups')).body.total).toBe(7);
  });

  it('forbids routes to an accepted key', async () => {
    const e = await start({ faults: { forbiddenRoutes: ['/groups'] } });
    const refused = await get(e, '/groups');
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({ statusCode: 403, message: 'Forbidden resource', error: 'Forbidden' });
    expect((await get(e, '/groups', 'wrong')).status).toBe(401);
    expect((await get(e, '/users')).status).toBe(200);
  });

  it('changes faults over HTTP, and refuses a bad change whole naming the field', async () => {
    const e = await start();
    const changed = await admin(e, 'PUT', 'faults', { totalDelta: -2, membership: 'endpoint' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ totalDelta: -2, membership: 'endpoint', maxLimit: 100 });
    const bad = await admin(e, 'PUT', 'faults', { membership: 'nested', latencyMs: 5 });
    expect(bad.status).toBe(422);
    expect(bad.body.message).toContain('membership');
    expect(e.faults()).toMatchObject({ totalDelta: -2, membership: 'endpoint', latencyMs: 0 });
  });
});
