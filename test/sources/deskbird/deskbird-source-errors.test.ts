import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultRunContext } from '../../../src/context/run-context.js';
import type { RunningDeskbirdEmulator } from '../../../src/emulator/deskbird/index.js';
import { SourceError } from '../../../src/errors.js';
import { everyRendering } from '../../support/deskbee-harness.js';
import { readAll, sourceFor, startTestDeskbird, testApiKey } from './deskbird-helpers.js';

/** A read's error, checked to be a SourceError that never shows the key. */
function sourceError(error: unknown): SourceError {
  expect(error).toBeInstanceOf(SourceError);
  expect(everyRendering(error)).not.toContain(testApiKey);
  return error as SourceError;
}

describe('a deskbird read is all or nothing', () => {
  let emu: RunningDeskbirdEmulator;
  let calm: string | undefined;
  beforeAll(async () => {
    emu = await startTestDeskbird({ seed: { generate: { users: 2000, groups: 40, seed: 8 } } });
    calm = (await readAll(sourceFor(emu))).summary?.fingerprint;
  });
  afterAll(() => emu?.close());

  it('fails the whole read on a users page that keeps answering 5xx, after bounded retries, naming the page', async () => {
    emu.setFaults({ failingPages: [{ path: '/users', offset: 1000, status: 503 }] });
    emu.resetStats();
    try {
      const { entries, summary, error } = await readAll(sourceFor(emu));
      const failure = sourceError(error);
      expect(summary).toBeUndefined();
      // The pages before it were handed over; the read still ends in an error, so none of it is used.
      expect(entries.filter((e) => e.kind === 'person')).toHaveLength(1000);
      expect(failure.source).toBe('deskbird');
      expect(failure.message).toMatch(/GET http:\/\/127\.0\.0\.1:\d+\/users\?limit=100&offset=1000 failed 5 times in a row \(last: 503\)/);
      expect(failure.message).toContain('nothing of this read is used');
      expect(emu.stats().faults.injectedErrors).toBe(5);
    } finally {
      emu.setFaults({ failingPages: [] });
    }
  });

  it('rides out 5xx answers and dropped connections that come and go, and reads the same data', async () => {
    emu.setFaults({ errorRate: 0.2, dropRate: 0.15, errorStatuses: [500, 502, 503, 504] });
    emu.resetStats();
    try {
      const { summary, error } = await readAll(sourceFor(emu, {}, { retry: { maxAttempts: 8 } }));
      expect(error).toBeUndefined();
      expect(summary?.fingerprint).toBe(calm);
      const { faults } = emu.stats();
      expect(faults.injectedErrors + faults.dropped).toBeGreaterThan(0);
    } finally {
      emu.setFaults({ errorRate: 0, dropRate: 0 });
    }
  });

  it('waits out a storm of 429s that clears, and reads the same data', async () => {
    emu.setFaults({ rateLimit: { requests: 4, windowMs: 300 } });
    emu.resetStats();
    try {
      const { summary, error } = await readAll(sourceFor(emu, {}, { retry: { maxDelayMs: 200 } }));
      expect(error).toBeUndefined();
      expect(summary?.fingerprint).toBe(calm);
      expect(emu.stats().faults.rateLimited).toBeGreaterThan(3);
    } finally {
      emu.setFaults({ rateLimit: null });
    }
  });

  it('gives up on a 429 storm that does not clear', async () => {
    emu.setFaults({ rateLimit: { requests: 1, windowMs: 600_000 } });
    try {
      const { error } = await readAll(sourceFor(emu));
      expect(sourceError(error).message).toMatch(/\/users\?limit=100&offset=0 failed 10 times in a row \(last: 429 Too Many Requests\)/);
    } finally {
      emu.setFaults({ rateLimit: null });
    }
  });

  it('fails on requests that keep timing out, saying so', async () => {
    emu.setFaults({ latencyMs: 1_000, routes: ['GET /groups'] });
    try {
      const { entries, error } = await readAll(sourceFor(emu, { timeoutMs: 100 }));
      expect(entries).toHaveLength(0);
      expect(sourceError(error).message).toMatch(/\/groups\?limit=100&offset=0 failed 5 times in a row \(last: no answer within 100 ms\)/);
    } finally {
      emu.setFaults({ latencyMs: 0, routes: null });
    }
  });

  it('stops on an abort, between pages or in the middle of a request', async () => {
    const controller = new AbortController();
    const ctx = defaultRunContext({ signal: controller.signal });
    const read = sourceFor(emu).read(ctx);
    for (let i = 0; i < 150; i++) await read.next();
    controller.abort(new Error('stopped by the operator'));
    const stopped = await read.next().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(sourceError(stopped).message).toContain('the read was stopped before it completed');

    emu.setFaults({ latencyMs: 5_000, routes: ['GET /users'] });
    try {
      const slow = new AbortController();
      setTimeout(() => slow.abort(new Error('deadline')), 100);
      const { error } = await readAll(sourceFor(emu, { timeoutMs: 10_000 }), defaultRunContext({ signal: slow.signal }));
      expect(sourceError(error).message).toContain('stopped before it completed');
    } finally {
      emu.setFaults({ latencyMs: 0, routes: null });
    }
  });

  it('refuses a wrong key with a message naming the variable and the URL, never the key', async () => {
    const wrong = 'dbk_wrong-key-that-must-not-leak-77';
    const { entries, error } = await readAll(sourceFor(emu, {}, { env: { DESKBIRD_API_KEY: wrong } }));
    expect(entries).toHaveLength(0);
    const failure = sourceError(error);
    expect(everyRendering(failure)).not.toContain(wrong);
    expect(failure.message).toMatch(/refused the API key from DESKBIRD_API_KEY \(401 Unauthorized\) at GET http:\/\/127\.0\.0\.1:\d+\/groups\?limit=100&offset=0/);

    emu.setFaults({ forbiddenRoutes: ['GET /users'] });
    try {
      const forbidden = sourceError((await readAll(sourceFor(emu))).error);
      expect(forbidden.message).toContain('403 Forbidden');
      expect(forbidden.message).toContain('/users?limit=100&offset=0');
    } finally {
      emu.setFaults({ forbiddenRoutes: [] });
    }
  });

  it('fails when total says more rows than the listing has', async () => {
    emu.setFaults({ totalDelta: 3 });
    try {
      const { error } = await readAll(sourceFor(emu));
      expect(sourceError(error).message).toMatch(/the listing ended after 40 items, but its total is 43/);
    } finally {
      emu.setFaults({ totalDelta: 0 });
    }
  });

  it('fails when total says fewer rows than the listing has, even when it falls on a page boundary', async () => {
    emu.setFaults({ totalDelta: -100, routes: ['GET /users'] });
    emu.resetStats();
    try {
      const { entries, error } = await readAll(sourceFor(emu, { pageSize: 100 }));
      // 19 full pages add up to the total of 1,900; the page after them shows it was short.
      expect(sourceError(error).message).toMatch(/\/users\?limit=100&offset=1900 is not consistent: 2000 items read by offset 2000, more than the total of 1900/);
      expect(entries.filter((e) => e.kind === 'person')).toHaveLength(1900);
    } finally {
      emu.setFaults({ totalDelta: 0, routes: null });
    }
  });

  it('fails when users are added during the read (the total moves), and when rows move between pages', async () => {
    const state = emu.snapshot();
    const read = sourceFor(emu).read(defaultRunContext());
    let seen = 0;
    let added = false;
    let error: unknown;
    try {
      for (;;) {
        const next = await read.next();
        if (next.done) break;
        if (next.value.kind === 'person' && ++seen === 150 && !added) {
          added = true;
          emu.seed({ users: [{ firstName: 'Late', lastName: 'Joiner', email: 'late.joiner@example.com' }] }, 'merge');
        }
      }
    } catch (caught) {
      error = caught;
    }
    expect(sourceError(error).message).toMatch(/the first page said total 2000, the page at offset 200 says 2001/);

    emu.seed(state);
    const moved = sourceFor(emu).read(defaultRunContext());
    seen = 0;
    error = undefined;
    try {
      for (;;) {
        const next = await moved.next();
        if (next.done) break;
        // After the first page, the first 100 users move to the end: same total, rows shifted.
        if (next.value.kind === 'person' && ++seen === 100) emu.seed({ ...state, users: [...state.users.slice(100), ...state.users.slice(0, 100)] });
      }
    } catch (caught) {
      error = caught;
    }
    expect(sourceError(error).message).toMatch(/was already read on an earlier page/);
    emu.seed(state);
  });

  it('refuses an account with no user at all', async () => {
    const empty = await startTestDeskbird({ seed: { groups: [{ name: 'Lonely' }] } });
    try {
      const { error } = await readAll(sourceFor(empty));
      expect(sourceError(error).message).toMatch(/\/users lists no user at all/);
    } finally {
      await empty.close();
    }
  });

  it('refuses an answer that is not a page, and a base URL that is not the API', async () => {
    const server = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ data: [], links: { next: null } }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const { error } = await readAll(sourceFor(emu, { baseUrl: `http://127.0.0.1:${port}` }));
      expect(sourceError(error).message).toMatch(/the answer to GET http:\/\/127\.0\.0\.1:\d+\/groups\?limit=100&offset=0 could not be read: it is not a page \{total, limit, offset, data\} \(total: /);
    } finally {
      server.close();
    }
    const elsewhere = await readAll(sourceFor(emu, { baseUrl: `${emu.origin}/v1` }));
    expect(sourceError(elsewhere.error).message).toMatch(/answered 404 to GET http:\/\/127\.0\.0\.1:\d+\/v1\/groups\?limit=100&offset=0 .*Check the source's baseUrl/);
  });
});
