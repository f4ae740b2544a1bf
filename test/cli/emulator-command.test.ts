import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);

/** `curl ARGS`, as the reference's examples call it; returns status and parsed body. */
async function curl(...args: string[]): Promise<{ status: number; body: Record<string, unknown>; headers: string }> {
  const { stdout } = await run('curl', ['-s', '-i', ...args]);
  const [head = '', ...rest] = stdout.split('\r\n\r\n');
  const status = Number(/^HTTP\/[\d.]+ (\d+)/.exec(head)?.[1]);
  return { status, headers: head, body: JSON.parse(rest.join('\r\n\r\n')) as Record<string, unknown> };
}

describe('`deskbee-sync emulator` started as the README says, called with curl as the reference does', () => {
  let child: ChildProcess;
  let base = '';
  const env = { ...process.env, DESKBEE_CLIENT_ID: 'readme-client', DESKBEE_CLIENT_SECRET: 'readme-secret' };

  beforeAll(async () => {
    // The built command when the package was built (npm ci builds it), the sources otherwise.
    const built = resolve('dist/src/cli/main.js');
    const args = existsSync(built) ? [resolve('bin/deskbee-sync.js')] : ['--import', 'tsx', resolve('src/cli/run.ts')];
    child = spawn(process.execPath, [...args, 'emulator', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    base = await new Promise<string>((resolveUrl, reject) => {
      let out = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const url = /listening on (\S+)/.exec(out)?.[1];
        if (url) resolveUrl(url);
      });
      child.once('exit', (code) => reject(new Error(`the emulator exited (${code}): ${out}`)));
    });
  });
  afterAll(() => {
    child?.kill('SIGTERM');
  });

  it('issues a token for the query-string form of the reference, with expires_in as a string', async () => {
    const answer = await curl('--request', 'POST', `${base}/oauth/token`, '--data-raw', 'grant_type=client_credentials&client_id=readme-client&client_secret=readme-secret');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ token_type: 'Bearer', expires_in: '3600' });
    expect(String(answer.body.access_token)).toMatch(/^eyJ/);
  });

  it('issues a token for the JSON form, and refuses wrong credentials with the documented body', async () => {
    const ok = await curl('--request', 'POST', `${base}/oauth/token`, '--header', 'Content-Type: application/json', '--data-raw', JSON.stringify({ grant_type: 'client_credentials', client_id: 'readme-client', client_secret: 'readme-secret', scope: '' }));
    expect(ok.status).toBe(200);
    const wrong = await curl('--request', 'POST', `${base}/oauth/token`, '--data-raw', 'grant_type=client_credentials&client_id=readme-client&client_secret=nope');
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ error: 401, id: 'oauth_server' });
  });

  it('pages users by cursor as the reference shows, and requires the bearer', async () => {
    const token = String((await curl('--request', 'POST', `${base}/oauth/token`, '--data-raw', 'grant_type=client_credentials&client_id=readme-client&client_secret=readme-secret')).body.access_token);
    const auth = ['-H', 'Content-Type: application/json', '-H', `Authorization: Bearer ${token}`];
    for (const name of ['Grupo Teste', 'Commodities']) {
      const created = await curl('-X', 'POST', `${base}/squads`, ...auth, '--data-raw', JSON.stringify({ name }));
      expect(created.status).toBe(201);
      expect(created.body.data).toMatchObject({ name, is_checkin_home_office: false });
    }
    const page = await curl('-X', 'GET', `${base}/squads?limit=1`, ...auth);
    expect(page.status).toBe(200);
    expect(page.body.meta).toMatchObject({ path: `${base}/squads`, per_page: '1' });
    const next = String((page.body.links as Record<string, unknown>).next);
    expect(next).toMatch(new RegExp(`^${base}/squads\\?cursor=`));
    const second = await curl('-X', 'GET', next, ...auth);
    expect((second.body.data as unknown[]).length).toBe(1);

    const anonymous = await curl('-X', 'GET', `${base}/users?limit=1`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toMatchObject({ error: 401, id: 'unauthenticated' });
    const invalid = await curl('-X', 'POST', `${base}/users`, ...auth, '--data-raw', '{}');
    expect(invalid.status).toBe(422);
    expect(invalid.body).toMatchObject({
      error: 422,
      id: 'unprocessable_entity',
      message: 'The given data failed to pass validation.',
      errors: { email: ['The email field is required.'], name: ['The name field is required.'] },
    });
  });
});
