/**
 * A plan of 200,000 people from an empty Deskbee through the built command:
 * past the size where a spread into a call's arguments overflowed the stack
 * (about 125,000) and where one JSON string got too long. No timing is
 * asserted here; `npm run bench` measures time and memory.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toCsv } from '../../src/demo/sample-hr-csv.js';
import { generateWorkforce } from '../../src/demo/sample-hr-generate.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { runBuilt } from '../support/built-cli.js';
import { syncWorkspace, type SyncWorkspace } from '../support/cli-harness.js';
import { startTestEmulator } from '../support/deskbee-harness.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';

describe('200,000 people', () => {
  let emulator: RunningEmulator;
  let database: TestDatabase;
  let ws: SyncWorkspace;
  const people = 200_000;

  beforeAll(async () => {
    emulator = await startTestEmulator();
    database = await createTestDatabase('scale');
    const workforce = generateWorkforce({ people, squads: 400, costCenters: 100, seed: 23 });
    ws = await syncWorkspace(emulator, { databaseUrl: database.url, csv: toCsv(workforce) });
  }, 120_000);
  afterAll(async () => {
    await ws?.remove();
    await database?.drop();
    await emulator?.close();
  });

  it('plans them from an empty Deskbee, writes the plan file and prints the report', async () => {
    const planPath = join(ws.dir, 'plan.json');
    const result = await runBuilt(['plan', '-q', '--out', planPath], ws.env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/create user\s+200,000/);
    expect(result.stdout).toMatch(/200,000 people read from hr-csv: 200,000 to create/);
    expect((await stat(planPath)).size).toBeGreaterThan(50_000_000);
    const text = await readFile(planPath, 'utf8');
    const plan = JSON.parse(text) as { counts: Record<string, number>; fingerprint: string; seal: string };
    expect(plan.counts.createUser).toBe(people);
    expect(plan.seal).toMatch(/^[0-9a-f]{64}$/);
    expect(emulator.stats().writes).toBe(0);
  }, 300_000);
});
