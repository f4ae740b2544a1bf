import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSyncConfig } from '../../../src/config/sync-config.js';
import type { RunningDeskbirdEmulator } from '../../../src/emulator/deskbird/index.js';
import { ConfigError } from '../../../src/errors.js';
import { createSource, sourceConfigSchema } from '../../../src/sources/source-kinds.js';
import { everyRendering } from '../../support/deskbee-harness.js';
import { readAll, sourceFor, startTestDeskbird, testApiKey } from './deskbird-helpers.js';

describe('kind: deskbird settings', () => {
  it('apply their defaults', () => {
    expect(sourceConfigSchema.parse({ kind: 'deskbird', name: 'deskbird' })).toEqual({
      kind: 'deskbird',
      name: 'deskbird',
      baseUrl: 'https://connect.deskbird.com',
      apiKeyEnv: 'DESKBIRD_API_KEY',
      pageSize: 100,
      timeoutMs: 30_000,
      membership: 'auto',
    });
  });

  it('refuse unknown keys, the key itself, plain http off loopback, and page sizes out of range', () => {
    const problems = (settings: Record<string, unknown>) => {
      const result = sourceConfigSchema.safeParse({ kind: 'deskbird', name: 'd', ...settings });
      return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    };
    expect(problems({ apiKey: 'inline' })).toEqual([expect.stringContaining('apiKey')]);
    expect(problems({ baseUrl: 'http://connect.deskbird.com' })).toEqual([expect.stringMatching(/^baseUrl: .*not https.*only on loopback/)]);
    expect(problems({ baseUrl: 'https://user:pw@connect.deskbird.com' })).toEqual([expect.stringContaining('user name or password')]);
    expect(problems({ baseUrl: 'connect.deskbird.com' })).toEqual([expect.stringContaining('not an absolute URL')]);
    expect(problems({ baseUrl: 'http://127.0.0.1:8788' })).toEqual([]);
    expect(problems({ baseUrl: 'http://localhost:8788' })).toEqual([]);
    expect(problems({ pageSize: 0 })).toHaveLength(1);
    expect(problems({ pageSize: 5000 })).toHaveLength(1);
    expect(problems({ membership: 'magic' })).toHaveLength(1);
    expect(problems({ apiKeyEnv: 'not a name' })).toHaveLength(1);
  });
});

describe('the deskbird API key', () => {
  let emu: RunningDeskbirdEmulator;
  let dir: string;
  beforeAll(async () => {
    emu = await startTestDeskbird({ seed: { generate: { users: 10, groups: 2 } } });
    dir = await mkdtemp(join(tmpdir(), 'deskbird-key-'));
  });
  afterAll(async () => {
    await emu?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const settings = () => sourceConfigSchema.parse({ kind: 'deskbird', name: 'migration', baseUrl: emu.baseUrl });

  it('is required: without it, creating the source is a ConfigError naming the variable and the file options', () => {
    const attempt = () => createSource(settings(), { env: {}, requiredAttributes: [] });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/deskbird source migration: no deskbird API key: set the environment variable DESKBIRD_API_KEY, or name a file holding it with DESKBIRD_API_KEY_FILE or apiKeyFile/);
    expect(() => createSource(settings(), { env: { DESKBIRD_API_KEY: '  ' }, requiredAttributes: [] })).toThrow(/is empty/);
  });

  it('is read from the variable, from <variable>_FILE, or from apiKeyFile (relative to the configuration), a trailing newline ignored', async () => {
    const keyFile = join(dir, 'deskbird.key');
    await writeFile(keyFile, `${testApiKey}\n`);
    const fromEnv = createSource(settings(), { env: { DESKBIRD_API_KEY: testApiKey }, requiredAttributes: [] });
    const fromFileVariable = createSource(settings(), { env: { DESKBIRD_API_KEY_FILE: keyFile }, requiredAttributes: [] });
    const configPath = join(dir, 'deskbee-sync.yaml');
    await writeFile(configPath, `version: 1\nsource: { kind: deskbird, name: migration, baseUrl: "${emu.baseUrl}", apiKeyFile: deskbird.key, apiKeyEnv: OTHER_KEY }\nmapping: m.yaml\n`);
    const config = await loadSyncConfig(configPath);
    expect(config.source).toMatchObject({ kind: 'deskbird', apiKeyFile: keyFile });
    const fromFile = createSource(config.source!, { env: { OTHER_KEY: 'not used: the file wins' }, requiredAttributes: [] });
    for (const source of [fromEnv, fromFileVariable, fromFile]) {
      expect(source.kind).toBe('deskbird');
      const { summary, error } = await readAll(source);
      expect(error).toBeUndefined();
      expect(summary?.entries).toBe(12);
    }
    const missing = sourceConfigSchema.parse({ kind: 'deskbird', name: 'migration', baseUrl: emu.baseUrl, apiKeyFile: join(dir, 'missing.key') });
    expect(() => createSource(missing, { env: {}, requiredAttributes: [] })).toThrow(/cannot read the API key file .*missing\.key: no such file/);
  });

  it('never shows in the source, its settings or its errors', async () => {
    const source = sourceFor(emu);
    expect(everyRendering(source)).not.toContain(testApiKey);
    expect(JSON.stringify(source)).not.toContain(testApiKey);
  });
});
