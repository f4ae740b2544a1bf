import { afterEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { clientFor, seedUsers, startTestEmulator } from '../support/deskbee-harness.js';

/**
 * The client against limits it is not told, with its default rate options
 * (`rate: {}` replaces the harness's fast test rates). No timing is asserted:
 * what must hold on any machine is that every call ends well, that the limit
 * is found, and that few requests are refused.
 *
 * The bound on 429s: a limit nobody publishes is found by overstepping it
 * once. The requests refused then are those still in flight when the first
 * 429 comes back (a few on loopback; slow start at most doubles the rate per
 * half window, so the overshoot is bounded), and the window budget keeps the
 * API's full window from refusing more. After that the rate holds 5% below
 * the limit; on a loaded machine a late timer or a slow answer can still
 * bunch requests into one more 429 now and then, and a machine busy with
 * other tests makes 200 requests a second bunch more (61 of 1,200 seen once
 * with the whole suite running beside it). Hence at most 4 plus 8% of the
 * requests here; the share on a quiet machine, under 1%, is measured by
 * `npm run bench`, beside its target.
 */
describe('an unknown rate limit', () => {
  let emulator: RunningEmulator | undefined;
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });

  // Requests per case: about six seconds' worth at the limit, at least 50.
  for (const limit of [5, 10, 50, 200]) {
    it(`is found and held at ${limit} requests per second: every write lands, few 429s`, async () => {
      emulator = await startTestEmulator({ faults: { rateLimit: { requests: limit, windowMs: 1000 } } });
      const client = clientFor(emulator, { rate: {} });
      const people = seedUsers(Math.max(25, limit * 3), `rate${limit}-`);
      const created = await Promise.all(people.map((person) => client.users.create(person)));
      await Promise.all(created.map((user) => client.users.update(user.uuid, { name: `${user.name} edited` })));

      const state = emulator.snapshot().users ?? [];
      expect(state.map((u) => u.email).sort()).toEqual(people.map((p) => p.email).sort());
      expect(state.every((u) => u.name.endsWith(' edited'))).toBe(true);

      const server = emulator.stats();
      const throttled = server.byStatus['429'] ?? 0;
      expect(throttled).toBe(client.stats().throttled);
      expect(throttled).toBeGreaterThanOrEqual(1);
      expect(throttled).toBeLessThanOrEqual(4 + 0.08 * server.total);
      // The estimate is the accepted throughput: close to the limit, not a halving below it.
      const found = client.stats().limitPerSecond ?? 0;
      expect(found).toBeGreaterThan(0.75 * limit);
      expect(found).toBeLessThan(1.25 * limit);
    });
  }

  it('lets a listing through at the limit: every user once, the 429s retried', async () => {
    emulator = await startTestEmulator({ seed: { users: seedUsers(3001, 'listed') }, faults: { rateLimit: { requests: 5, windowMs: 1000 } } });
    const client = clientFor(emulator, { rate: {} });
    const emails: string[] = [];
    for await (const user of client.users.list()) emails.push(user.email);
    expect(emails).toHaveLength(3001);
    expect(new Set(emails).size).toBe(3001);
    const stats = client.stats();
    // 13 pages and the token; reads are not paced until the limit is known, so the sixth request meets it.
    expect(stats.byRoute['GET /users']).toBe(13 + stats.throttled);
    expect(stats.throttled).toBeGreaterThanOrEqual(1);
    expect(stats.limitPerSecond).toBeDefined();
  });

  it('shares one budget between a listing and writes: both complete, what either learns slows both', async () => {
    emulator = await startTestEmulator({ seed: { users: seedUsers(2000, 'read') }, faults: { rateLimit: { requests: 20, windowMs: 1000 } } });
    const client = clientFor(emulator, { rate: {} });
    const listing = (async () => {
      let count = 0;
      for await (const _user of client.users.list()) count += 1;
      return count;
    })();
    const squads = Array.from({ length: 60 }, (_, i) => ({ name: `Shared budget ${i}` }));
    const [listed, created] = await Promise.all([listing, Promise.all(squads.map((s) => client.squads.create(s)))]);
    expect(listed).toBe(2000);
    expect(created.map((s) => s.name).sort()).toEqual(squads.map((s) => s.name).sort());
    const server = emulator.stats();
    const throttled = server.byStatus['429'] ?? 0;
    expect(throttled).toBeLessThanOrEqual(4 + 0.08 * server.total);
    expect(client.stats().limitPerSecond).toBeGreaterThan(15);
  });

  it('stops a page fetched ahead when the caller stops reading', async () => {
    emulator = await startTestEmulator({ seed: { users: seedUsers(1000, 'ahead') } });
    const client = clientFor(emulator, { rate: {} });
    for await (const page of client.users.pages()) {
      expect(page).toHaveLength(250);
      break;
    }
    // The first page, and at most the second one fetched ahead: never the rest.
    expect(client.stats().byRoute['GET /users']).toBeLessThanOrEqual(2);
  });
});
