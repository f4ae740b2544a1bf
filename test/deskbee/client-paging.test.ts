import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/context/run-context.js';
import { DeskbeeApiError } from '../../src/errors.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { clientFor, rejectionOf, seedUsers, startTestEmulator } from '../support/deskbee-harness.js';

describe('listing through cursor pages', () => {
  let emulator: RunningEmulator;

  beforeAll(async () => {
    emulator = await startTestEmulator({
      seed: { squads: [{ name: 'Finance' }], users: seedUsers(1001).map((u, i) => ({ ...u, squads: i % 2 ? ['Finance'] : [] })) },
    });
  });
  afterAll(() => emulator.close());

  it('reads 1,001 users in 5 calls of 250, each user once, with their squads', async () => {
    emulator.resetStats();
    const client = clientFor(emulator);
    const emails: string[] = [];
    let withFinance = 0;
    for await (const user of client.users.list()) {
      emails.push(user.email);
      if (user.squads?.some((s) => s.name === 'Finance')) withFinance += 1;
    }
    expect(emails).toHaveLength(1001);
    expect(new Set(emails).size).toBe(1001);
    expect(withFinance).toBe(500);
    expect(emulator.stats().byRoute['GET /users']).toBe(5);
    expect(client.stats().byRoute['GET /users']).toBe(5);
    expect(client.stats().tokenRequests).toBe(1);
  });

  it('yields pages of at most 250', async () => {
    const client = clientFor(emulator);
    const sizes: number[] = [];
    for await (const page of client.users.pages()) sizes.push(page.length);
    expect(sizes).toEqual([250, 250, 250, 250, 1]);
  });

  it('keeps the search across pages', async () => {
    const client = clientFor(emulator);
    const squad = await client.squads.findByName('finance');
    expect(squad?.name).toBe('Finance');
    let count = 0;
    for await (const user of client.users.list({ search: `squad_uuid:${squad?.uuid}` })) {
      expect(user.squads?.map((s) => s.name)).toContain('Finance');
      count += 1;
    }
    expect(count).toBe(500);
  });

  it('renews a token that expired in the middle of a listing and carries on', async () => {
    const short = await startTestEmulator({ tokenTtlSeconds: 1, seed: { users: seedUsers(1001) }, faults: { latencyMs: 300 } });
    try {
      // The client's clock runs ten times slow, so it believes its token is
      // fresh while the server has let it expire: only a 401 can tell it.
      const start = Date.now();
      const slowClock = { now: () => start + (Date.now() - start) / 10, sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)) };
      const client = clientFor(short, {}, { logger: silentLogger, clock: slowClock, signal: new AbortController().signal });
      let count = 0;
      for await (const _user of client.users.list()) count += 1;
      expect(count).toBe(1001);
      expect(client.stats().tokenRequests).toBeGreaterThanOrEqual(2);
      expect(short.stats().byStatus?.['401'] ?? 0).toBeGreaterThanOrEqual(1);
    } finally {
      await short.close();
    }
  });

  it('renews a token before it expires when the clock is right', async () => {
    const short = await startTestEmulator({ tokenTtlSeconds: 1, seed: { users: seedUsers(1001) }, faults: { latencyMs: 300 } });
    try {
      const client = clientFor(short);
      let count = 0;
      for await (const _user of client.users.list()) count += 1;
      expect(count).toBe(1001);
      expect(client.stats().tokenRequests).toBeGreaterThanOrEqual(2);
      expect(short.stats().byStatus?.['401'] ?? 0).toBe(0);
    } finally {
      await short.close();
    }
  });
});

describe('a links.next that points elsewhere', () => {
  let foreign: Server;
  let foreignHits = 0;
  let foreignAuthHeaders = 0;
  let foreignOrigin: string;

  beforeAll(async () => {
    foreign = createServer((req, res) => {
      foreignHits += 1;
      if (req.headers.authorization) foreignAuthHeaders += 1;
      res.end('{"data":[]}');
    });
    await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve));
    foreignOrigin = `http://127.0.0.1:${(foreign.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => foreign.close(() => resolve())));

  it('is refused, and the token never reaches the other server', async () => {
    const emulator = await startTestEmulator({ linkOrigin: foreignOrigin, seed: { users: seedUsers(300) } });
    try {
      const client = clientFor(emulator);
      const seen: number[] = [];
      const error = await rejectionOf(
        (async () => {
          for await (const page of client.users.pages()) seen.push(page.length);
        })(),
      );
      expect(error).toBeInstanceOf(DeskbeeApiError);
      expect((error as DeskbeeApiError).id).toBe('foreign_link');
      expect((error as DeskbeeApiError).message).toContain(foreignOrigin);
      expect(seen).toEqual([250]);
      expect(foreignHits).toBe(0);
      expect(foreignAuthHeaders).toBe(0);
    } finally {
      await emulator.close();
    }
  });
});
