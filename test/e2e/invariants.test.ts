import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { toCsv } from '../../src/demo/sample-hr-csv.js';
import { dropPeople } from '../../src/demo/sample-hr-mutations.js';
import { generateWorkforce } from '../../src/demo/sample-hr-generate.js';
import { stages, type ChangeKind } from '../../src/plan/plan-types.js';
import { stageOfKind } from '../../src/engine/change-kinds/index.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { openStore } from '../../src/store/open-store.js';
import { syncWorkspace, type CliResult, type SyncWorkspace } from '../support/cli-harness.js';
import { startTestEmulator, testCredentials } from '../support/deskbee-harness.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';

const fast = 'deskbee: { concurrency: 8, startRatePerSecond: 2000, maxRatePerSecond: 4000 }';

describe('the invariants of DESIGN.md, through the CLI against the emulator', () => {
  let emulator: RunningEmulator;
  let database: TestDatabase;
  let ws: SyncWorkspace | undefined;
  const outputs: CliResult[] = [];
  const workforce = generateWorkforce({ people: 120, squads: 8, costCenters: 4, seed: 11 });

  beforeAll(async () => {
    emulator = await startTestEmulator();
  });
  afterAll(async () => {
    await emulator?.close();
  });
  afterEach(async () => {
    await ws?.remove();
    await database?.drop();
    emulator.seed({});
    emulator.setFaults({ errorRate: 0, dropAfterCommitRate: 0, latencyMs: 0, routes: null });
    emulator.resetStats();
  });

  const workspace = async (csv: string, extraConfig = fast) => {
    database = await createTestDatabase('invariants');
    ws = await syncWorkspace(emulator, { databaseUrl: database.url, csv, extraConfig });
    const run = ws.run;
    ws.run = async (...args) => {
      const result = await run(...args);
      outputs.push(result);
      return result;
    };
    return ws;
  };

  it('1. plan never writes; apply without --yes and without a terminal refuses', async () => {
    const w = await workspace(toCsv(workforce));
    expect((await w.run('plan')).code).toBe(2);
    const refused = await w.run('apply');
    expect(refused.code).toBe(64);
    expect(refused.stderr).toMatch(/--yes/);
    expect(emulator.stats().writes).toBe(0);
  });

  it('2. a source that fails half-way stops the run: no plan, no deactivation', async () => {
    const w = await workspace(toCsv(workforce));
    expect((await w.run('apply', '--yes')).code).toBe(0);
    emulator.resetStats();
    const lines = toCsv(workforce).split('\n');
    await w.writeCsv([...lines.slice(0, 40), 'E99999,"Unclosed,quote', ...lines.slice(40)].join('\n'));
    const result = await w.run('apply', '--yes');
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/line 41/);
    expect(emulator.stats().writes).toBe(0);
    expect(emulator.snapshot().users.every((u) => u.status)).toBe(true);
  });

  it('3. over a safety limit nothing is written, the report names the limit; --allow lifts it', async () => {
    const w = await workspace(toCsv(workforce), `${fast}\nsync: { limits: { deactivations: { count: 2 } } }`);
    expect((await w.run('apply', '--yes')).code).toBe(0);
    await w.writeCsv(toCsv(dropPeople(workforce, 3, 5).workforce));
    emulator.resetStats();
    const stopped = await w.run('apply', '--yes');
    expect(stopped.code).toBe(6);
    expect(stopped.stderr).toMatch(/deactivate 3 users; the limit is 2/);
    expect(stopped.stderr).toMatch(/--allow deactivations/);
    expect(emulator.stats().writes).toBe(0);
    const allowed = await w.run('apply', '--yes', '--allow', 'deactivations');
    expect(allowed.code).toBe(0);
    expect(emulator.snapshot().users.filter((u) => !u.status)).toHaveLength(3);
  });

  it('4 and 5. the store records only what Deskbee confirmed, in dependency order', async () => {
    const [first, second] = workforce.people;
    // A Deskbee user nobody links to holds the second person's email: their create fails.
    emulator.seed({ users: [{ name: 'Someone Else', email: second!.email }] });
    const mapping = join(resolve('mappings'), 'hr-csv.yaml');
    const w = await workspace(toCsv(workforce));
    const noMatch = join(w.dir, 'no-match.yaml');
    await writeFile(noMatch, (await readFile(mapping, 'utf8')).replace('match: [enrollment, email]', 'match: []'));
    await writeFile(w.configPath, (await readFile(w.configPath, 'utf8')).replace(/^mapping: .*$/m, `mapping: ${JSON.stringify(noMatch)}`));
    const result = await w.run('apply', '--yes');
    expect(result.code).toBe(7);
    expect(result.stdout).toMatch(/The email has already been taken/);

    const store = await openStore({ databaseUrl: database.url });
    try {
      const [run] = await store.recentRuns(1);
      expect(run?.outcome).toBe('partial');
      const journal = await store.journalOf(run!.id);
      const failed = journal.filter((e) => e.outcome === 'failed');
      expect(failed.map((e) => e.entityKey)).toContain(`user:${second!.email}`);
      const links = await store.links('hr-csv', 'user');
      expect(links.map((l) => l.externalId)).toContain(first!.employeeId);
      expect(links.map((l) => l.externalId)).not.toContain(second!.employeeId);
      const confirmedUsers = journal.filter((e) => e.outcome === 'applied' && e.changeKind === 'createUser');
      expect(links).toHaveLength(confirmedUsers.length);
      const order = journal.filter((e) => e.outcome === 'applied').map((e) => stages.indexOf(stageOfKind(e.changeKind as ChangeKind)));
      expect(order).toEqual([...order].sort((a, b) => a - b));
      // Every stage but removals and deletions, which a first import has none of.
      expect(new Set(order).size).toBe(stages.length - 2);
    } finally {
      await store.close();
    }
  });

  /** Kills an apply half-way (SIGKILL: no handler runs), applies again, and checks that it converged with no duplicate. */
  const killedApplyConverges = async (w: SyncWorkspace) => {
    emulator.setFaults({ latencyMs: 15, routes: ['POST /users'] });
    const child = spawn(process.execPath, ['--import', 'tsx', resolve('src/cli/run.ts'), 'apply', '--yes', '-q'], {
      env: { ...process.env, ...w.env },
      stdio: 'ignore',
    });
    const deadline = Date.now() + 60_000;
    while (emulator.stats().writesCommitted < 40 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const createdBeforeKill = emulator.snapshot().users.length;
    expect(createdBeforeKill).toBeGreaterThan(0);
    expect(createdBeforeKill).toBeLessThan(workforce.people.length);

    emulator.setFaults({ latencyMs: 0, dropAfterCommitRate: 0.2, routes: null });
    const again = await w.run('apply', '--yes');
    expect(again.code).toBe(0);
    emulator.setFaults({ dropAfterCommitRate: 0 });
    const users = emulator.snapshot().users;
    expect(users).toHaveLength(workforce.people.length);
    expect(new Set(users.map((u) => u.email)).size).toBe(workforce.people.length);
    expect(emulator.snapshot().squads).toHaveLength(8);
    emulator.resetStats();
    const settled = await w.run('plan');
    expect(settled.code).toBe(0);
    expect(emulator.stats().writes).toBe(0);
    // The killed run is not left "running" for ever: the next apply closed it.
    const { runs } = JSON.parse((await w.run('status', '--json')).stdout) as { runs: { mode: string; outcome: string; error: string | null }[] };
    expect(runs.filter((r) => r.outcome === 'running')).toEqual([]);
    expect(runs.find((r) => r.mode === 'apply' && r.outcome === 'interrupted')?.error).toMatch(/process ended/);
  };

  it('6. an apply killed half-way, run again, converges with no duplicate (PostgreSQL store)', async () => {
    await killedApplyConverges(await workspace(toCsv(workforce)));
  });

  it('6. an apply killed half-way, run again, converges with no duplicate (PGlite store)', async () => {
    ws = await syncWorkspace(emulator, { csv: toCsv(workforce), extraConfig: fast });
    // The store exists before the apply that is killed, as it does for a nightly run.
    expect((await ws.run('status')).code).toBe(0);
    await killedApplyConverges(ws);
  }, 180_000);

  it('8. no secret in any output, plan file or journal', async () => {
    const w = await workspace(toCsv(workforce));
    await w.run('plan', '--out', join(w.dir, 'plan.json'));
    await w.run('apply', '--yes');
    const planText = await readFile(join(w.dir, 'plan.json'), 'utf8');
    const store = await openStore({ databaseUrl: database.url });
    const journals = await Promise.all((await store.recentRuns(50)).map((run) => store.journalOf(run.id)));
    await store.close();
    const everything = [planText, JSON.stringify(journals), ...outputs.flatMap((o) => [o.stdout, o.stderr])].join('\n');
    expect(outputs.length).toBeGreaterThan(8);
    expect(everything).not.toContain(testCredentials.clientSecret);
    expect(everything).not.toMatch(/eyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]{4,}/);
  });
});
