import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { syncWorkspace, type SyncWorkspace } from '../support/cli-harness.js';
import { startTestEmulator } from '../support/deskbee-harness.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';

const header = 'employee_id,first_name,last_name,email,teams,cost_center_code,cost_center_name,status,tags,badge_number';
const row = (id: string, email: string, extra = 'Finance,CC-1,Finance,active,,') => `${id},Ana,Silva ${id},${email},${extra}`;
const good = [row('E1', 'ana1@corp.example'), row('E2', 'ana2@corp.example'), row('E3', 'ana3@corp.example')];

describe('bad input stops or leaves out, with a clear message, and writes nothing it should not', () => {
  let emulator: RunningEmulator;
  let database: TestDatabase;
  let ws: SyncWorkspace | undefined;

  beforeAll(async () => {
    emulator = await startTestEmulator();
    database = await createTestDatabase('bad_input');
  });
  afterAll(async () => {
    await emulator?.close();
    await database?.drop();
  });
  afterEach(async () => {
    await ws?.remove();
    emulator.seed({});
    emulator.resetStats();
  });

  const workspace = async (csv: string, extraConfig?: string) => {
    ws = await syncWorkspace(emulator, { databaseUrl: database.url, csv, ...(extraConfig ? { extraConfig } : {}) });
    return ws;
  };

  it('a missing required column stops the run before planning, naming the column', async () => {
    const w = await workspace(['employee_id,first_name,last_name,teams,status', 'E1,Ana,Silva,Finance,active'].join('\n') + '\n');
    const result = await w.run('apply', '--yes');
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/email/);
    expect(result.stderr).toMatch(/hr\.csv/);
    expect(result.stderr).toMatch(/column/i);
    expect(emulator.stats().writes).toBe(0);
  });

  it('an empty file stops the run: an empty source would look like everyone left', async () => {
    const w = await workspace('');
    const result = await w.run('apply', '--yes');
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/empty|no rows/i);
    expect(emulator.stats().writes).toBe(0);
  });

  it('a header with no rows stops the run too', async () => {
    const w = await workspace(`${header}\n`);
    const result = await w.run('plan');
    expect(result.code).toBe(4);
    expect(emulator.stats().writes).toBe(0);
  });

  it('a row with a bad email is reported with its line and left out; the others go on', async () => {
    const w = await workspace([header, good[0], row('E9', 'not-an-email'), good[1]].join('\n') + '\n');
    const result = await w.run('apply', '--yes');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/line 3/);
    expect(result.stdout).toMatch(/not-an-email/);
    const emails = emulator.snapshot().users.map((u) => u.email).sort();
    expect(emails).toEqual(['ana1@corp.example', 'ana2@corp.example']);
  });

  it('a row with an empty key is reported with its line and left out', async () => {
    const w = await workspace([header, good[0], row('', 'nokey@corp.example'), good[1]].join('\n') + '\n');
    const result = await w.run('apply', '--yes');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/line 3/);
    expect(result.stdout).toMatch(/employee_id|external id/i);
    expect(emulator.snapshot().users.map((u) => u.email)).not.toContain('nokey@corp.example');
  });

  it('two rows with the same external id or email are a conflict: neither is applied', async () => {
    const w = await workspace([header, good[0], row('E7', 'twin@corp.example'), row('E7', 'other@corp.example'), row('E8', 'TWIN2@corp.example'), row('E9', 'twin2@corp.example')].join('\n') + '\n');
    const result = await w.run('apply', '--yes');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/line 3/);
    expect(result.stdout).toMatch(/line 4/);
    expect(result.stdout).toMatch(/line 5/);
    expect(result.stdout).toMatch(/line 6/);
    expect(emulator.snapshot().users.map((u) => u.email)).toEqual(['ana1@corp.example']);
  });

  it('a mapping with a typo is refused with its file, line and key, before anything is read', async () => {
    const w = await workspace([header, ...good].join('\n') + '\n');
    const mapping = join(w.dir, 'broken.yaml');
    await writeFile(mapping, 'version: 1\nsource: hr-csv\nexternalId: { from: employee_id }\nfields:\n  name: { from: first_name }\n  email: { from: email, transforms: [lowr] }\n');
    const config = `version: 1\nsource: { kind: csv, name: hr-csv, path: hr.csv }\nmapping: broken.yaml\n`;
    await writeFile(w.configPath, config);
    const result = await w.run('apply', '--yes');
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/broken\.yaml:6:\d+ \(fields\.email\.transforms\[0\]\)/);
    expect(result.stderr).toMatch(/lowr/);
    expect(emulator.stats().writes).toBe(0);
  });

  it('a configuration with an unknown key is refused with its line', async () => {
    const w = await workspace([header, ...good].join('\n') + '\n');
    await writeFile(w.configPath, `version: 1\nsource: { kind: csv, name: hr-csv, path: hr.csv }\nmaping: x.yaml\n`);
    const result = await w.run('plan');
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/deskbee-sync\.yaml:\d+:\d+/);
    expect(emulator.stats().writes).toBe(0);
  });

  it('missing Deskbee credentials are named, and nothing is read or written', async () => {
    const w = await workspace([header, ...good].join('\n') + '\n');
    const { runCli } = await import('../support/cli-harness.js');
    const result = await runCli(['plan'], { ...w.env, DESKBEE_CLIENT_SECRET: '' });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/DESKBEE_CLIENT_SECRET/);
    expect(emulator.stats().total).toBe(0);
  });
});
