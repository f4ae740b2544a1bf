import { afterEach, describe, expect, it } from 'vitest';
import { answerOf, openApi, requestToken, type TestApi } from './helpers.js';

const opened: TestApi[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((api) => api.close()));
});

async function open(options: Parameters<typeof openApi>[0] = {}): Promise<TestApi> {
  const api = await openApi(options);
  opened.push(api);
  return api;
}

const admin = async (api: TestApi, method: string, action: string, body?: unknown) =>
  answerOf(
    await fetch(`${api.emu.origin}/__emulator/${action}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );

const seed = {
  squads: [{ uuid: '5b1a3c1e-0d6f-4f2a-9a57-0c6f1f1d0001', name: 'Engineering' }],
  users: [{ uuid: '0c0ffee0-0000-4000-8000-000000000001', name: 'Ana', email: 'ana@example.com', squads: ['Engineering'] }],
};

describe('counting writes', () => {
  it('counts no write for reads, the token call, unknown routes and admin calls', async () => {
    const api = await open({ seed });
    await api.call('GET', '/users?include=squads');
    await api.call('GET', '/users/0c0ffee0-0000-4000-8000-000000000001?include=squads');
    await api.call('GET', '/squads');
    await api.call('GET', '/cost-centers');
    await api.call('GET', '/users/tags');
    await api.call('GET', '/no-such-resource');
    await api.call('POST', '/no-such-resource', {});
    expect((await requestToken(api.emu)).status).toBe(200);
    await admin(api, 'GET', 'state');
    await admin(api, 'PUT', 'faults', { latencyMs: 0 });
    await admin(api, 'POST', 'seed?mode=merge', { squads: [{ name: 'Finance' }] });
    const stats = api.emu.stats();
    // openApi's token call, the token call above, seven API calls.
    expect(stats.total).toBe(9);
    expect(stats.writes).toBe(0);
    expect(stats.writesCommitted).toBe(0);
  });

  it('counts a write that is refused as a write request, not as committed', async () => {
    const api = await open({ seed, faults: { forbiddenRoutes: ['POST /users'] } });
    expect((await api.call('POST', '/users', { name: 'B', email: 'b@example.com' })).status).toBe(403);
    expect((await api.call('PUT', '/squads/5b1a3c1e-0d6f-4f2a-9a57-0c6f1f1d0001', { name: 'Eng' })).status).toBe(200);
    expect(api.emu.stats()).toMatchObject({ writes: 2, writesCommitted: 1, byRoute: { 'POST /users': 1, 'PUT /squads/{uuid}': 1 } });
  });
});

describe('forbidden routes', () => {
  it('answers 403 in Deskbee style after the bearer is checked, and changes nothing', async () => {
    const api = await open({ seed, faults: { forbiddenRoutes: ['POST /users', '/cost-centers'] } });
    const refused = await api.call('POST', '/users', { name: 'B', email: 'b@example.com' });
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({ error: 403, id: 'forbidden', message: 'This action is unauthorized.' });
    // A path alone forbids every method on it; other routes answer as usual.
    expect((await api.call('GET', '/cost-centers')).status).toBe(403);
    expect((await api.call('POST', '/cost-centers', { name: 'C', code: '1' })).status).toBe(403);
    expect((await api.call('GET', '/users')).status).toBe(200);
    // Without a valid bearer the answer is still 401.
    expect((await api.call('POST', '/users', {}, { token: null })).status).toBe(401);
    expect(api.emu.snapshot().users).toHaveLength(1);
    expect(api.emu.snapshot().cost_centers).toEqual([]);
    expect(api.emu.stats().byStatus['403']).toBe(3);
  });

  it('is switched at run time, programmatically and over the admin endpoint', async () => {
    const api = await open({ seed });
    expect(api.emu.setFaults({ forbiddenRoutes: ['DELETE /users/{uuid}'] }).forbiddenRoutes).toEqual(['DELETE /users/{uuid}']);
    expect((await api.call('DELETE', '/users/0c0ffee0-0000-4000-8000-000000000001')).status).toBe(403);
    await admin(api, 'PUT', 'faults', { forbiddenRoutes: [] });
    expect((await api.call('DELETE', '/users/0c0ffee0-0000-4000-8000-000000000001')).status).toBe(200);
    await admin(api, 'PATCH', 'faults', { forbiddenRoutes: ['/users/squads/add'] });
    const add = await api.call('POST', '/users/squads/add', { squads: [], users: [] });
    expect(add.status).toBe(403);
  });
});

describe('a guessed route that does not exist', () => {
  it('answers 404 not_found at /cost-centers when cost centers live at another path', async () => {
    const api = await open({ paths: { costCenters: '/cost_centers' } });
    const missing = await api.call('GET', '/cost-centers');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: 404, id: 'not_found', message: 'Endpoint not found or non-existent.' });
    expect((await api.call('POST', '/cost-centers', { name: 'C', code: '1' })).status).toBe(404);
    expect((await api.call('GET', '/cost_centers')).status).toBe(200);
    expect(api.emu.stats()).toMatchObject({ writes: 0, byRoute: { 'GET (no route)': 1, 'POST (no route)': 1 } });
  });
});

describe('granted scopes in the token answer', () => {
  it('are left out by default, as in the reference, and reported in `scope` when asked', async () => {
    const api = await open({ credentials: { clientId: 'id', clientSecret: 'secret', scope: 'organization.show booking.show' } });
    expect(Object.keys((await requestToken(api.emu)).body).sort()).toEqual(['access_token', 'expires_in', 'token_type']);
    api.emu.setFaults({ tokenAnswerScope: true });
    const granted = await requestToken(api.emu);
    expect(granted.body).toMatchObject({ token_type: 'Bearer', scope: 'organization.show booking.show' });
    const narrowed = await requestToken(api.emu, { scope: 'organization.show' });
    expect(narrowed.body.scope).toBe('organization.show');
  });
});
