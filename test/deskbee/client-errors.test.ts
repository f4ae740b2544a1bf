import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../../src/config/secret.js';
import { DeskbeeClient } from '../../src/deskbee/deskbee-client.js';
import { clientOptionsFromEnv, parseBaseUrl } from '../../src/deskbee/client-options.js';
import { ConfigError, DeskbeeApiError } from '../../src/errors.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { clientFor, everyRendering, rejectionOf, startTestEmulator, testCredentials, tokenPattern } from '../support/deskbee-harness.js';

describe('errors from Deskbee', () => {
  let emulator: RunningEmulator;
  const errors: unknown[] = [];

  beforeAll(async () => {
    emulator = await startTestEmulator({
      seed: { users: [{ name: 'Ana', email: 'ana@corp.example', enrollment: 'E1' }], squads: [{ name: 'Sales' }] },
    });
  });
  afterAll(async () => {
    await emulator.close();
  });

  it('bring a 422 to the caller field by field', async () => {
    const client = clientFor(emulator);
    const error = await rejectionOf(client.users.create({ name: '', email: 'ANA@corp.example', enrollment: 'E1' }));
    errors.push(error);
    expect(error).toBeInstanceOf(DeskbeeApiError);
    const apiError = error as DeskbeeApiError;
    expect(apiError.status).toBe(422);
    expect(apiError.id).toBe('unprocessable_entity');
    expect(apiError.apiMessage).toBe('The given data failed to pass validation.');
    expect(apiError.errors.name).toEqual(['The name field is required.']);
    expect(apiError.errors.email).toEqual(['The email has already been taken.']);
    expect(apiError.errors.enrollment).toEqual(['The enrollment has already been taken.']);
    expect(apiError.message).toContain('POST /v1.1/users');
    expect(apiError.message).toContain('email: The email has already been taken.');
  });

  it('bring 422s on squads, cost centers and tags', async () => {
    const client = clientFor(emulator);
    const squad = (await rejectionOf(client.squads.create({ name: 'sales' }))) as DeskbeeApiError;
    expect(squad.errors.name).toEqual(['The name has already been taken.']);
    const costCenter = (await rejectionOf(client.costCenters.create({ name: '', code: '' }))) as DeskbeeApiError;
    expect(Object.keys(costCenter.errors).sort()).toEqual(['code', 'name']);
    const tag = (await rejectionOf(client.userTags.create({ name: 'x', access: 'secret' as 'public' }))) as DeskbeeApiError;
    expect(tag.errors.access).toEqual(['The selected access is invalid.']);
    errors.push(squad, costCenter, tag);
  });

  it('report a 404 with the API id', async () => {
    const client = clientFor(emulator);
    const error = (await rejectionOf(client.squads.get('00000000-0000-4000-8000-000000000000'))) as DeskbeeApiError;
    errors.push(error);
    expect(error).toMatchObject({ status: 404, id: 'not_found', retryable: false });
  });

  it('explain refused credentials without showing the secret', async () => {
    const client = new DeskbeeClient({
      baseUrl: emulator.baseUrl,
      credentials: { clientId: testCredentials.clientId, clientSecret: new Secret('wrong-secret-1234567') },
    });
    const error = (await rejectionOf(client.squads.get('00000000-0000-4000-8000-000000000000'))) as DeskbeeApiError;
    errors.push(error);
    expect(error.status).toBe(401);
    expect(error.message).toContain('DESKBEE_CLIENT_SECRET');
    expect(everyRendering(error)).not.toContain('wrong-secret-1234567');
  });

  it('never show the client secret or a bearer token, however they are printed', async () => {
    expect(errors.length).toBeGreaterThanOrEqual(6);
    for (const error of errors) {
      const text = everyRendering(error);
      expect(text).not.toContain(testCredentials.clientSecret);
      expect(text).not.toMatch(tokenPattern);
      expect(text).not.toMatch(/bearer\s+\S{8,}/i);
    }
  });
});

describe('client configuration', () => {
  it('reads credentials from the environment or files, and says which are missing', async () => {
    const { mkdtemp, writeFile } = await import('node:fs/promises');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = await mkdtemp(join(tmpdir(), 'deskbee-cred-'));
    await writeFile(join(dir, 'secret'), 'from-a-file\n');
    const options = clientOptionsFromEnv({ DESKBEE_CLIENT_ID: 'id', DESKBEE_CLIENT_SECRET_FILE: join(dir, 'secret') });
    expect(options.credentials.clientSecret.reveal()).toBe('from-a-file');
    expect(JSON.stringify(options)).not.toContain('from-a-file');
    const missing = (() => {
      try {
        clientOptionsFromEnv({ DESKBEE_CLIENT_ID: 'id' });
      } catch (error) {
        return error;
      }
    })();
    expect(missing).toBeInstanceOf(ConfigError);
    expect((missing as Error).message).toContain('DESKBEE_CLIENT_SECRET');
  });

  it('refuses plain http except on loopback', () => {
    expect(() => parseBaseUrl('http://api.deskbee.io/v1.1')).toThrow(ConfigError);
    expect(parseBaseUrl('http://127.0.0.1:8787/v1.1').pathname).toBe('/v1.1/');
    expect(parseBaseUrl().origin).toBe('https://api.deskbee.io');
  });
});
