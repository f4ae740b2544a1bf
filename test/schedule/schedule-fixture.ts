/**
 * What each scheduler test file sets up: a Deskbee emulator for the file,
 * and per test a PostgreSQL database, a workspace pointing at both, and
 * the schedulers started, all stopped and removed after the test.
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import { toCsv } from '../../src/demo/sample-hr-csv.js';
import { generateWorkforce } from '../../src/demo/sample-hr-generate.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import type { HealthReport } from '../../src/schedule/schedule-health.js';
import { syncWorkspace, type SyncWorkspace } from '../support/cli-harness.js';
import { startTestEmulator } from '../support/deskbee-harness.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';
import { get, startSchedule, type RunningSchedule } from './schedule-harness.js';

/** Fast enough that a run of 30 people takes well under a second. */
export const fastConfig = 'deskbee: { concurrency: 8, startRatePerSecond: 2000, maxRatePerSecond: 4000 }';
/** One request at a time: with the emulator's latency, a run as slow as a test needs. */
export const serialConfig = 'deskbee: { concurrency: 1, startRatePerSecond: 2000, maxRatePerSecond: 4000 }';

export const workforce = generateWorkforce({ people: 30, squads: 3, costCenters: 2, seed: 23 });

export interface ScheduleFixture {
  emulator(): RunningEmulator;
  /** A new PostgreSQL database and workspace for this test; the HR export is `workforce` unless `csv` is given. */
  workspace(extraConfig?: string, csv?: string): Promise<{ ws: SyncWorkspace; databaseUrl: string }>;
  /** A workspace whose store is PGlite, in its folder `store/`. */
  pgliteWorkspace(extraConfig?: string): Promise<SyncWorkspace>;
  /** Starts a scheduler in this process; it is stopped after the test. */
  schedule(args: string[], env: NodeJS.ProcessEnv): RunningSchedule;
}

export function useScheduleFixture(label: string): ScheduleFixture {
  let emulator: RunningEmulator;
  const databases: TestDatabase[] = [];
  const workspaces: SyncWorkspace[] = [];
  const running: RunningSchedule[] = [];
  beforeAll(async () => {
    emulator = await startTestEmulator();
  });
  afterAll(async () => {
    await emulator?.close();
  });
  afterEach(async () => {
    for (const schedule of running.splice(0)) await schedule.stop();
    for (const ws of workspaces.splice(0)) await ws.remove();
    for (const database of databases.splice(0)) await database.drop();
    emulator.seed({});
    emulator.setFaults({ latencyMs: 0, routes: null });
    emulator.resetStats();
  });
  return {
    emulator: () => emulator,
    async workspace(extraConfig = fastConfig, csv = toCsv(workforce)) {
      const database = await createTestDatabase(label);
      databases.push(database);
      const ws = await syncWorkspace(emulator, { csv, extraConfig, databaseUrl: database.url });
      workspaces.push(ws);
      return { ws, databaseUrl: database.url };
    },
    async pgliteWorkspace(extraConfig = fastConfig) {
      const ws = await syncWorkspace(emulator, { csv: toCsv(workforce), extraConfig });
      workspaces.push(ws);
      return ws;
    },
    schedule(args, env) {
      const started = startSchedule(args, env);
      running.push(started);
      return started;
    },
  };
}

/** GET /healthz of a running scheduler. */
export async function healthOf(s: RunningSchedule): Promise<{ status: number; report: HealthReport }> {
  const answer = await get(`${s.origin()}/healthz`);
  return { status: answer.status, report: answer.json<HealthReport>() };
}

/** Waits until no run is going on and the next tick is over a second away, so that a stop falls between runs. */
export async function betweenRuns(s: RunningSchedule, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { report } = await healthOf(s);
    if (!report.runningSince && report.nextRun && Date.parse(report.nextRun) - Date.now() > 1_000) return;
    if (Date.now() > deadline) throw new Error(`never between runs: ${JSON.stringify(report)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
