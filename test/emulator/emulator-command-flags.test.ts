import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { answerOf } from './helpers.js';

/** Runs `deskbee-sync emulator ARGS` in process until `work` is done with its base URL. */
async function withEmulatorCommand(
  args: string[],
  work: (baseUrl: string) => Promise<void>,
): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let errText = '';
  stderr.on('data', (chunk: Buffer) => {
    errText += chunk.toString();
  });
  const controller = new AbortController();
  const env = { DESKBEE_CLIENT_ID: 'flags-client', DESKBEE_CLIENT_SECRET: 'flags-secret' };
  let out = '';
  const baseUrl = new Promise<string>((resolve) => {
    stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /listening on (\S+)/.exec(out)?.[1];
      if (url) resolve(url);
    });
  });
  const running = main(['node', 'deskbee-sync', 'emulator', '--port', '0', ...args], { stdout, stderr, env, signal: controller.signal });
  const first = await Promise.race([baseUrl, running.then((code) => code)]);
  if (typeof first === 'string') {
    try {
      await work(first);
    } finally {
      controller.abort();
    }
  }
  return { exitCode: await running, stdout: out, stderr: errText };
}

async function token(baseUrl: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${baseUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant_type: 'client_credentials', client_id: 'flags-client', client_secret: 'flags-secret' }),
  });
  return (await response.json()) as Record<string, unknown>;
}

describe('`deskbee-sync emulator` field and route flags', () => {
  it('drops, hides and alters user fields, forbids routes, moves a path and reports scopes as the flags say', async () => {
    const args = [
      '--undeclared-user-fields', 'cost_center_uuid,tags',
      '--hidden-user-fields', 'identifier, person.documents',
      '--alter-user-field', 'name=trim,truncate:5',
      '--alter-user-field', 'email=lower',
      '--forbidden-routes', 'DELETE /users/{uuid},/squads',
      '--path', 'costCenters=/cost_centers',
      '--token-answer-scope',
    ];
    const { stdout, stderr } = await withEmulatorCommand(args, async (baseUrl) => {
      const granted = await token(baseUrl);
      expect(granted.scope).toEqual(expect.stringContaining('organization.upsert'));
      const headers = { authorization: `Bearer ${String(granted.access_token)}`, 'content-type': 'application/json' };
      const call = async (method: string, path: string, body?: unknown) =>
        answerOf(await fetch(`${baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }));

      const costCenter = await call('POST', '/cost_centers', { name: 'C', code: '1' });
      expect(costCenter.status).toBe(201);
      expect((await call('GET', '/cost-centers')).status).toBe(404);
      const created = await call('POST', '/users', {
        name: '  Beatriz Lima',
        email: 'Bea@Example.com',
        identifier: 'ID-7',
        cost_center_uuid: costCenter.body.data.uuid,
        documents: { badge: '1' },
      });
      expect(created.status).toBe(201);
      expect(created.body.data).toMatchObject({ name: 'Beatr', email: 'bea@example.com', cost_center: null, tags: [] });
      expect(created.body.data).not.toHaveProperty('identifier');
      expect(created.body.data.person).not.toHaveProperty('documents');
      expect((await call('DELETE', `/users/${created.body.data.uuid}`)).status).toBe(403);
      expect((await call('GET', '/squads')).status).toBe(403);

      const faults = await answerOf(await fetch(`${baseUrl.replace(/\/v1\.1$/, '')}/__emulator/faults`));
      expect(faults.body).toMatchObject({ undeclaredUserFields: ['cost_center_uuid', 'tags'], alteredUserFields: { name: ['trim', 'truncate:5'], email: ['lower'] } });
    });
    expect(stdout).toContain('Deskbee emulator stopped.');
    expect(stderr).toBe('');
  });

  it('answers a tag removal with Laravel\'s 405 under --no-tag-removal, and refuses the flag with --deskbird', async () => {
    const { stdout } = await withEmulatorCommand(['--no-tag-removal'], async (baseUrl) => {
      const granted = await token(baseUrl);
      const headers = { authorization: `Bearer ${String(granted.access_token)}`, 'content-type': 'application/json' };
      const created = await answerOf(await fetch(`${baseUrl}/users/tags`, { method: 'POST', headers, body: JSON.stringify({ name: 'Parking', access: 'public' }) }));
      const uuid = String(created.body.data[0].uuid);
      const removal = await answerOf(await fetch(`${baseUrl}/users/tags/${uuid}`, { method: 'DELETE', headers }));
      expect(removal.status).toBe(405);
      expect(removal.body.message).toBe(`The DELETE method is not supported for route v1.1/users/tags/${uuid}. Supported methods: GET, HEAD.`);
      const listed = await answerOf(await fetch(`${baseUrl}/users/tags`, { headers }));
      expect(listed.body.data.map((t: { uuid: string }) => t.uuid)).toEqual([uuid]);
    });
    expect(stdout).toContain('Deskbee emulator stopped.');

    const deskbird = await withEmulatorCommand(['--deskbird', '--no-tag-removal'], async () => {
      throw new Error('the emulator should not have started');
    });
    expect(deskbird.exitCode).toBe(64);
    expect(deskbird.stderr).toContain('--no-tag-removal');
  });

  it('refuses an unknown field with an error naming the setting', async () => {
    const { exitCode, stderr } = await withEmulatorCommand(['--hidden-user-fields', 'salary'], async () => {
      throw new Error('the emulator should not have started');
    });
    expect(exitCode).not.toBe(0);
    expect(stderr).toContain('hiddenUserFields');
  });

  it('refuses a malformed --alter-user-field or --path before starting', async () => {
    for (const args of [['--alter-user-field', 'name'], ['--path', 'widgets=/w']]) {
      const { exitCode, stderr } = await withEmulatorCommand(args, async () => {
        throw new Error('the emulator should not have started');
      });
      expect(exitCode).toBe(64);
      expect(stderr).toContain(args[0]);
    }
  });
});
