import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/index.js';
import { answerOf, manualClock, requestToken, testOptions } from './helpers.js';

const started: RunningEmulator[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((e) => e.close()));
});

async function start(options: EmulatorOptions = {}) {
  const emu = await startEmulator(testOptions(options));
  started.push(emu);
  const token = (await requestToken(emu)).body.access_token as string | undefined;
  const call = async (method: string, path: string, body?: unknown) =>
    answerOf(
      await fetch(`${emu.baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    );
  return { emu, call };
}

describe('rate limit', () => {
  it('answers 429 request_limit past N requests per window, the token endpoint included', async () => {
    const clock = manualClock();
    const { emu, call } = await start({ clock, faults: { rateLimit: { requests: 3, windowMs: 60_000 } } });
    expect((await call('GET', '/squads')).status).toBe(200);
    expect((await call('GET', '/squads')).status).toBe(200);
    const limited = await call('GET', '/squads');
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({ error: 429, id: 'request_limit', message: 'You have exceeded the consumption limit, try again later.' });
    expect(limited.headers.get('retry-after')).toBeNull();
    expect((await requestToken(emu)).status).toBe(429);
    clock.advance(60_001);
    expect((await call('GET', '/squads')).status).toBe(200);
    expect(emu.stats().faults.rateLimited).toBe(2);
    expect(emu.stats().byStatus['429']).toBe(2);
  });

  it('sends Retry-After when asked to, and can be lifted at run time', async () => {
    const clock = manualClock();
    const { emu, call } = await start({ clock, faults: { rateLimit: { requests: 1, windowMs: 10_000, retryAfter: true } } });
    clock.advance(4_000);
    const limited = await call('GET', '/squads');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('6');
    emu.setFaults({ rateLimit: null });
    expect((await call('GET', '/squads')).status).toBe(200);
  });
});

describe('injected errors', () => {
  it('answers a share of requests with 500 internal_error (JSON) or 503 (gateway HTML)', async () => {
    const { emu, call } = await start({ randomSeed: 7 });
    emu.setFaults({ errorRate: 0.5 });
    const answers = [];
    for (let i = 0; i < 40; i++) answers.push(await call('GET', '/squads'));
    const failed = answers.filter((a) => a.status >= 500);
    expect(failed.length).toBeGreaterThan(5);
    expect(failed.length).toBeLessThan(35);
    const internal = failed.find((a) => a.status === 500);
    expect(internal?.body).toMatchObject({ error: 500, id: 'internal_error' });
    const unavailable = failed.find((a) => a.status === 503);
    expect(unavailable?.headers.get('content-type')).toContain('text/html');
    expect(unavailable?.text).toContain('503');
    expect(emu.stats().faults.injectedErrors).toBe(failed.length);
  });

  it('repeats the same faults under the same seed', async () => {
    const run = async () => {
      const { emu, call } = await start({ randomSeed: 'repeat-me' });
      emu.setFaults({ errorRate: 0.3 });
      const statuses = [];
      for (let i = 0; i < 25; i++) statuses.push((await call('GET', '/squads')).status);
      return statuses;
    };
    const first = await run();
    expect(first.some((s) => s >= 500)).toBe(true);
    expect(await run()).toEqual(first);
  });

  it('fails before doing anything: a failed create leaves no entity', async () => {
    const { emu, call } = await start();
    emu.setFaults({ errorRate: 1, errorStatuses: [500] });
    const answer = await call('POST', '/squads', { name: 'Never' });
    expect(answer.status).toBe(500);
    expect(emu.snapshot().squads).toEqual([]);
  });

  it('can be restricted to some routes', async () => {
    const { emu, call } = await start();
    emu.setFaults({ errorRate: 1, routes: ['POST /users'] });
    expect((await call('GET', '/users')).status).toBe(200);
    expect((await call('POST', '/users', { name: 'A', email: 'a@example.com' })).status).toBeGreaterThanOrEqual(500);
  });
});

describe('drop after commit', () => {
  it('applies the write, then drops the connection without an answer', async () => {
    const { emu, call } = await start();
    emu.setFaults({ dropAfterCommitRate: 1 });
    await expect(call('POST', '/squads', { name: 'Committed' })).rejects.toThrow();
    expect(emu.snapshot().squads.map((s) => s.name)).toEqual(['Committed']);
    // Reads are answered, and so are writes that fail validation (nothing committed).
    expect((await call('GET', '/squads')).body.data).toHaveLength(1);
    expect((await call('POST', '/squads', { name: 'committed' })).status).toBe(422);
    const stats = emu.stats();
    expect(stats.byStatus.dropped).toBe(1);
    expect(stats.faults.dropped).toBe(1);
    expect(stats.writesCommitted).toBe(1);
    expect(stats.writes).toBe(2);
  });
});

describe('latency', () => {
  it('delays answers by the fixed latency plus jitter', async () => {
    const { emu, call } = await start();
    emu.setFaults({ latencyMs: 150, jitterMs: 50 });
    const began = performance.now();
    expect((await call('GET', '/squads')).status).toBe(200);
    expect(performance.now() - began).toBeGreaterThanOrEqual(145);
    emu.setFaults({ latencyMs: 0, jitterMs: 0 });
    expect(emu.faults()).toMatchObject({ latencyMs: 0, jitterMs: 0 });
  });
});

describe('fault settings over HTTP', () => {
  it('reads and changes faults at /__emulator/faults without a bearer', async () => {
    const { emu, call } = await start();
    const change = await answerOf(
      await fetch(`${emu.origin}/__emulator/faults`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ errorRate: 1, errorStatuses: [503] }),
      }),
    );
    expect(change.status).toBe(200);
    expect(change.body).toMatchObject({ errorRate: 1, errorStatuses: [503], dropAfterCommitRate: 0, rateLimit: null });
    expect((await call('GET', '/squads')).status).toBe(503);
    const read = await answerOf(await fetch(`${emu.origin}/__emulator/faults`));
    expect(read.body.errorRate).toBe(1);
    await fetch(`${emu.origin}/__emulator/faults`, { method: 'PUT', body: JSON.stringify({ errorRate: 0 }) });
    expect((await call('GET', '/squads')).status).toBe(200);
    const invalid = await answerOf(await fetch(`${emu.origin}/__emulator/faults`, { method: 'PUT', body: JSON.stringify({ errorRate: 2 }) }));
    expect(invalid.status).toBe(422);
    expect(invalid.body.message).toContain('errorRate');
    expect(emu.faults().errorRate).toBe(0);
  });
});
