import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { answerOf } from '../helpers.js';

/** Runs `deskbee-sync emulator ARGS` in process; `work` gets what it printed once it listens. */
async function withCommand(args: string[], env: NodeJS.ProcessEnv, work: (printed: string) => Promise<void>): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const controller = new AbortController();
  const ready = new Promise<string>((resolve) => {
    stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Press Ctrl-C')) resolve(out);
    });
  });
  const running = main(['node', 'deskbee-sync', 'emulator', ...args], { stdout, stderr, env, signal: controller.signal });
  const first = await Promise.race([ready, running]);
  if (typeof first === 'string') {
    try {
      await work(first);
    } finally {
      controller.abort();
    }
  }
  return { code: await running, stdout: out, stderr: err };
}

describe('`deskbee-sync emulator --deskbird`', () => {
  it('prints its base URL and a generated API key, and serves the generated company with the flags set', async () => {
    const result = await withCommand(['--deskbird', '--port', '0', '--users', '120', '--groups', '4', '--random-seed', '3', '--membership', 'endpoint', '--max-limit', '50'], {}, async (printed) => {
      const baseUrl = /deskbird emulator listening on (\S+)/.exec(printed)?.[1] ?? '';
      const apiKey = /DESKBIRD_API_KEY=(\S+)/.exec(printed)?.[1] ?? '';
      expect(printed).toContain('120 users, 4 groups; members listed as endpoint');
      const page = await answerOf(await fetch(`${baseUrl}/users?limit=500`, { headers: { authorization: `Bearer ${apiKey}` } }));
      expect(page.body).toMatchObject({ total: 120, limit: 50, offset: 0 });
      const groups = await answerOf(await fetch(`${baseUrl}/groups`, { headers: { authorization: `Bearer ${apiKey}` } }));
      const members = await fetch(`${baseUrl}/groups/${groups.body.data[0].id}/members`, { headers: { authorization: `Bearer ${apiKey}` } });
      expect(members.status).toBe(200);
      expect((await fetch(`${baseUrl}/users`)).status).toBe(401);
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('deskbird emulator stopped.');
  });

  it('accepts the key in DESKBIRD_API_KEY without printing it', async () => {
    const env = { DESKBIRD_API_KEY: 'key-from-the-environment-93b1' };
    const result = await withCommand(['--deskbird', '--port', '0', '--users', '3'], env, async (printed) => {
      const baseUrl = /listening on (\S+)/.exec(printed)?.[1] ?? '';
      expect((await fetch(`${baseUrl}/users`, { headers: { authorization: `Bearer ${env.DESKBIRD_API_KEY}` } })).status).toBe(200);
    });
    expect(result.stdout).toContain('accepting the API key from the environment');
    expect(result.stdout).not.toContain(env.DESKBIRD_API_KEY);
  });

  it('refuses flags meant for the other emulator', async () => {
    const deskbeeOnly = await withCommand(['--deskbird', '--port', '0', '--token-ttl', '5'], {}, async () => {});
    expect(deskbeeOnly.code).not.toBe(0);
    expect(deskbeeOnly.stderr).toContain('--token-ttl: only for the Deskbee emulator');
    const deskbirdOnly = await withCommand(['--port', '0', '--membership', 'endpoint'], { DESKBEE_CLIENT_ID: 'a', DESKBEE_CLIENT_SECRET: 'b' }, async () => {});
    expect(deskbirdOnly.code).not.toBe(0);
    expect(deskbirdOnly.stderr).toContain('--membership: only for the deskbird emulator');
  });
});
