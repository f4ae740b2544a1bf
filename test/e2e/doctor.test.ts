import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { toCsv } from '../../src/demo/sample-hr-csv.js';
import { generateWorkforce } from '../../src/demo/sample-hr-generate.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import type { DoctorCheck } from '../../src/sync/doctor/doctor-types.js';
import { syncWorkspace, type SyncWorkspace } from '../support/cli-harness.js';
import { startTestEmulator } from '../support/deskbee-harness.js';

interface DoctorJson {
  version: number;
  exitCode: number;
  checks: DoctorCheck[];
}

describe('doctor: what a first sync depends on, read-only', () => {
  let emulator: RunningEmulator;
  let ws: SyncWorkspace;
  const workforce = generateWorkforce({ people: 20, squads: 3, costCenters: 2, seed: 9 });

  beforeAll(async () => {
    emulator = await startTestEmulator();
    ws = await syncWorkspace(emulator, { csv: toCsv(workforce) });
  });
  afterAll(async () => {
    await ws?.remove();
    await emulator?.close();
  });
  afterEach(() => {
    emulator.setFaults({ hiddenUserFields: [], forbiddenRoutes: [], tokenAnswerScope: false });
  });

  async function doctor(env: NodeJS.ProcessEnv = ws.env): Promise<{ code: number; report: DoctorJson; text: string }> {
    emulator.resetStats();
    const { runCli } = await import('../support/cli-harness.js');
    const json = await runCli(['doctor', '--format', 'json'], env);
    const text = await runCli(['doctor'], env);
    expect(emulator.stats().writes).toBe(0);
    expect(text.code).toBe(json.code);
    return { code: json.code, report: JSON.parse(json.stdout) as DoctorJson, text: text.stdout };
  }
  const named = (report: DoctorJson, name: string) => report.checks.find((c) => c.name === name);

  it('passes every check against an empty Deskbee, except the fields it cannot see yet, and writes nothing', async () => {
    emulator.setFaults({ tokenAnswerScope: true });
    const { code, report, text } = await doctor();
    expect(code).toBe(0);
    expect(report.version).toBe(1);
    expect(report.checks.filter((c) => c.status === 'failure')).toEqual([]);
    expect(named(report, 'read')?.detail).toMatch(/20 entries \(20 people, 0 groups\); 20 usable people, 0 left out/);
    expect(named(report, 'write lock')?.status).toBe('ok');
    expect(named(report, 'token')?.status).toBe('ok');
    expect(named(report, 'scopes')?.detail).toMatch(/organization\.show/);
    expect(named(report, 'GET /cost-centers')?.status).toBe('ok');
    expect(named(report, 'user fields shown')?.status).toBe('warning');
    expect(text).toMatch(/^Deskbee\n {2}ok {7}token: /m);
    expect(text).toMatch(/No failure, 1 warning/);
  });

  it('after a sync, sees every user field the mapping manages', async () => {
    expect((await ws.run('apply', '--yes')).code).toBe(0);
    const { code, report } = await doctor();
    expect(code).toBe(0);
    expect(named(report, 'user fields shown')?.detail).toMatch(/enrollment, identifier, tags, cost center, squads/);
    expect(report.checks.every((c) => c.status === 'ok')).toBe(true);
  });

  it('fails on a managed field no answer shows, on a guessed path Deskbee does not have, and on a forbidden call', async () => {
    emulator.setFaults({ hiddenUserFields: ['cost_center'], forbiddenRoutes: ['GET /users/tags'] });
    await writeFile(ws.configPath, `${await (await import('node:fs/promises')).readFile(ws.configPath, 'utf8')}\ndeskbee: { paths: { costCenters: /cost_centres } }\n`);
    const { code, report, text } = await doctor();
    expect(code).toBe(5);
    expect(named(report, 'user field cost center')).toMatchObject({ status: 'failure', exitCode: 5 });
    expect(named(report, 'user field cost center')?.advice).toMatch(/remove costCenter from the mapping's managed fields/);
    expect(named(report, 'GET /cost_centres')).toMatchObject({ status: 'failure' });
    expect(named(report, 'GET /cost_centres')?.advice).toMatch(/deskbee\.paths\.costCenters/);
    expect(named(report, 'GET /users/tags')?.advice).toMatch(/scopes/);
    expect(text).toMatch(/FAILURE {2}user field cost center: neither the listing nor GET \/users\/\{uuid\} shows cost center/);
  });

  it('fails on refused credentials (exit 3) and on an unreadable source (exit 4), and checks the rest', async () => {
    const wrong = await doctor({ ...ws.env, DESKBEE_CLIENT_SECRET: 'not-the-secret' });
    expect(wrong.code).toBe(3);
    expect(named(wrong.report, 'token')?.status).toBe('failure');
    expect(named(wrong.report, 'read')?.status).toBe('ok');
    expect(JSON.stringify(wrong.report)).not.toContain('not-the-secret');
    await writeFile(join(ws.dir, 'hr.csv'), 'employee_id,first_name\n"unclosed\n');
    const broken = await doctor();
    expect(broken.code).toBe(4);
    expect(named(broken.report, 'read')?.status).toBe('failure');
    expect(named(broken.report, 'write lock')?.status).toBe('ok');
  });
});
