import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { answerOf, manualClock, requestToken, testOptions } from './helpers.js';

const started: RunningEmulator[] = [];
async function start(options: Parameters<typeof startEmulator>[0] = {}) {
  const emu = await startEmulator(testOptions(options));
  started.push(emu);
  return emu;
}
afterEach(async () => {
  await Promise.all(started.splice(0).map((e) => e.close()));
});

async function getUsers(emu: RunningEmulator, authorization?: string) {
  const headers: Record<string, string> = {};
  if (authorization !== undefined) headers.authorization = authorization;
  return answerOf(await fetch(`${emu.baseUrl}/users`, { headers }));
}

describe('token endpoint', () => {
  it('issues a bearer token for a JSON body, expires_in as a string', async () => {
    const emu = await start();
    const answer = await requestToken(emu);
    expect(answer.status).toBe(200);
    expect(answer.body.token_type).toBe('Bearer');
    expect(answer.body.expires_in).toBe('3600');
    expect(answer.body.access_token).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
    expect((await getUsers(emu, `Bearer ${answer.body.access_token}`)).status).toBe(200);
  });

  it('accepts a form body', async () => {
    const emu = await start({ tokenTtlSeconds: 120 });
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: emu.credentials.clientId,
      client_secret: emu.credentials.clientSecret,
    });
    const answer = await answerOf(await fetch(`${emu.baseUrl}/oauth/token`, { method: 'POST', body: form }));
    expect(answer.status).toBe(200);
    expect(answer.body.expires_in).toBe('120');
    expect((await getUsers(emu, `Bearer ${answer.body.access_token}`)).status).toBe(200);
  });

  it('refuses wrong credentials with 401 oauth_server', async () => {
    const emu = await start();
    for (const extra of [{ client_secret: 'wrong' }, { client_id: 'someone-else' }, { client_secret: '' }] as Record<string, string>[]) {
      const answer = await requestToken(emu, extra);
      expect(answer.status).toBe(401);
      expect(answer.body).toMatchObject({ error: 401, id: 'oauth_server' });
      expect(answer.text).not.toContain(emu.credentials.clientSecret);
    }
  });

  it('refuses a missing or unsupported grant_type with 400 unexpected_value', async () => {
    const emu = await start();
    expect((await requestToken(emu, { grant_type: 'password' })).body).toMatchObject({ error: 400, id: 'unexpected_value' });
    expect((await requestToken(emu, { grant_type: '' })).body).toMatchObject({ error: 400, id: 'unexpected_value' });
  });

  it('grants requested scopes it holds and refuses others with 400 oauth_escope', async () => {
    const emu = await start({ credentials: { clientId: 'id-1', clientSecret: 'secret-1', scope: 'organization.show organization.upsert' } });
    expect((await requestToken(emu, { scope: 'organization.show' })).status).toBe(200);
    const refused = await requestToken(emu, { scope: 'organization.show booking.show' });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: 400, id: 'oauth_escope' });
    expect(refused.body.message).toContain('booking.show');
  });

  it('answers malformed JSON with 400 unexpected_value', async () => {
    const emu = await start();
    const answer = await answerOf(
      await fetch(`${emu.baseUrl}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"grant_type":' }),
    );
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: 400, id: 'unexpected_value' });
  });
});

describe('bearer check', () => {
  const unauthenticated = { error: 401, id: 'unauthenticated', message: 'Unauthenticated.' };

  it('answers 401 unauthenticated without a token, with a malformed or forged one', async () => {
    const emu = await start();
    const token = (await requestToken(emu)).body.access_token as string;
    const [header, payload] = token.split('.') as [string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const forgedPayload = Buffer.from(JSON.stringify({ ...claims, exp: claims.exp + 1e6 })).toString('base64url');
    for (const authorization of [undefined, 'Bearer', 'Bearer nonsense', `Basic ${token}`, `Bearer ${header}.${forgedPayload}.${token.split('.')[2]}`]) {
      const answer = await getUsers(emu, authorization);
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual(unauthenticated);
    }
  });

  it('does not accept a token issued by another emulator', async () => {
    const one = await start();
    const other = await start();
    const token = (await requestToken(other)).body.access_token as string;
    expect((await getUsers(one, `Bearer ${token}`)).status).toBe(401);
  });

  it('refuses a token once its lifetime has passed', async () => {
    const clock = manualClock();
    const emu = await start({ tokenTtlSeconds: 1, clock });
    const answer = await requestToken(emu);
    expect(answer.body.expires_in).toBe('1');
    const bearer = `Bearer ${answer.body.access_token}`;
    clock.advance(900);
    expect((await getUsers(emu, bearer)).status).toBe(200);
    clock.advance(200);
    const expired = await getUsers(emu, bearer);
    expect(expired.status).toBe(401);
    expect(expired.body).toEqual(unauthenticated);
  });

  it('refuses a token after a short real lifetime', async () => {
    const emu = await start({ tokenTtlSeconds: 0.2 });
    const bearer = `Bearer ${(await requestToken(emu)).body.access_token}`;
    expect((await getUsers(emu, bearer)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 250));
    expect((await getUsers(emu, bearer)).status).toBe(401);
  });
});

describe('credentials', () => {
  it('takes them from DESKBEE_CLIENT_ID / DESKBEE_CLIENT_SECRET / DESKBEE_SCOPE', async () => {
    const emu = await start({ env: { DESKBEE_CLIENT_ID: 'env-id', DESKBEE_CLIENT_SECRET: 'env-secret', DESKBEE_SCOPE: 'organization.show' } });
    expect(emu.credentialsSource).toBe('environment');
    expect(emu.credentials).toEqual({ clientId: 'env-id', clientSecret: 'env-secret', scope: 'organization.show' });
    expect((await requestToken(emu, { scope: 'organization.show' })).status).toBe(200);
    expect((await requestToken(emu, { scope: 'organization.upsert' })).status).toBe(400);
  });

  it('generates a pair when none is set, different each time', async () => {
    const a = await start();
    const b = await start();
    expect(a.credentialsSource).toBe('generated');
    expect(a.credentials.clientId).not.toBe(b.credentials.clientId);
    expect(a.credentials.clientSecret.length).toBeGreaterThanOrEqual(24);
    expect((await requestToken(a)).status).toBe(200);
  });

  it('prefers explicit credentials and refuses half a pair', async () => {
    const emu = await start({ credentials: { clientId: 'x', clientSecret: 'y' }, env: { DESKBEE_CLIENT_ID: 'a', DESKBEE_CLIENT_SECRET: 'b' } });
    expect(emu.credentialsSource).toBe('options');
    await expect(startEmulator(testOptions({ env: { DESKBEE_CLIENT_ID: 'only-id' } }))).rejects.toBeInstanceOf(ConfigError);
  });
});
