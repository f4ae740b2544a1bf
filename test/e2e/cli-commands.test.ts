import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toCsv } from '../../src/demo/sample-hr-csv.js';
import { dropPeople, renamePerson } from '../../src/demo/sample-hr-mutations.js';
import { generateWorkforce } from '../../src/demo/sample-hr-generate.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { runCli, syncWorkspace, type SyncWorkspace } from '../support/cli-harness.js';
import { clientFor, startTestEmulator } from '../support/deskbee-harness.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';

const fast = 'deskbee: { concurrency: 8, startRatePerSecond: 2000, maxRatePerSecond: 4000 }';

describe('import, saved plans, status and help', () => {
  let emulator: RunningEmulator;
  let database: TestDatabase;
  let ws: SyncWorkspace;
  const workforce = generateWorkforce({ people: 40, squads: 4, costCenters: 2, seed: 5 });

  beforeAll(async () => {
    emulator = await startTestEmulator();
    database = await createTestDatabase('cli_commands');
    ws = await syncWorkspace(emulator, { databaseUrl: database.url, csv: toCsv(workforce), extraConfig: fast });
  });
  afterAll(async () => {
    await emulator?.close();
    await database?.drop();
    await ws?.remove();
  });

  it('import creates and updates, and never deactivates', async () => {
    const first = await ws.run('import', ws.csvPath, '--yes');
    expect(first.code).toBe(0);
    expect(emulator.snapshot().users).toHaveLength(40);

    const gone = dropPeople(workforce, 2, 1);
    const renamed = renamePerson(gone.workforce, gone.workforce.people[0]!.employeeId, 'Renamed');
    const partial = join(ws.dir, 'partial.csv');
    await (await import('node:fs/promises')).writeFile(partial, toCsv(renamed.workforce));
    const second = await ws.run('import', partial, '--yes', '--format', 'json');
    expect(second.code).toBe(0);
    const users = emulator.snapshot().users;
    expect(users.every((u) => u.status)).toBe(true);
    expect(users.find((u) => u.enrollment === renamed.employeeIds[0])?.name).toMatch(/ Renamed$/);
  });

  it('a saved plan is refused when Deskbee changed under it, and nothing is written', async () => {
    const moved = renamePerson(workforce, workforce.people[3]!.employeeId, 'Planned');
    await ws.writeCsv(toCsv(moved.workforce));
    const planPath = join(ws.dir, 'reviewed.json');
    expect((await ws.run('plan', '--out', planPath)).code).toBe(2);
    // Someone edits the same person by hand in Deskbee after the review.
    const client = clientFor(emulator);
    const target = emulator.snapshot().users.find((u) => u.enrollment === moved.employeeIds[0])!;
    await client.users.update(target.uuid!, { name: 'Edited By Hand' });
    emulator.resetStats();
    const refused = await ws.run('apply', planPath);
    expect(refused.code).toBe(6);
    expect(refused.stderr).toMatch(/changed since this plan was made/);
    expect(refused.stderr).toContain('Edited By Hand');
    expect(emulator.stats().writes).toBe(0);

    const { writeFile, readFile } = await import('node:fs/promises');
    const text = await readFile(planPath, 'utf8');
    await writeFile(planPath, text.replace('Planned"', 'Tampered"'));
    const altered = await ws.run('apply', planPath);
    expect(altered.code).toBe(6);
    expect(altered.stderr).toMatch(/altered/);
  });

  it('status lists the runs, newest first, with their outcomes', async () => {
    const status = await ws.run('status', '--limit', '3');
    expect(status.code).toBe(0);
    const lines = status.stdout.trim().split('\n');
    expect(lines[1]).toMatch(/^run\s+started/);
    expect(lines[2]).toMatch(/apply\s+refused/);
    const json = (JSON.parse((await ws.run('status', '--json')).stdout) as { runs: { mode: string; outcome: string }[] }).runs;
    expect(json.filter((r) => r.mode === 'import').map((r) => r.outcome)).toEqual(['succeeded', 'succeeded']);
  });

  it('every command has --help', async () => {
    for (const command of ['plan', 'apply', 'import', 'status', 'demo', 'emulator']) {
      const help = await runCli([command, '--help'], {});
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`Usage: deskbee-sync ${command}`);
    }
  });
});
