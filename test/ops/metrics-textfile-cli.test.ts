import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toCsv } from '../../src/demo/sample-hr-csv.js';
import { generateWorkforce } from '../../src/demo/sample-hr-generate.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import type { ApplyDocument } from '../../src/plan/apply-document.js';
import { runCli, syncWorkspace, type SyncWorkspace } from '../support/cli-harness.js';
import { startTestEmulator } from '../support/deskbee-harness.js';
import { readMetricsFile } from './support/metrics-file.js';

const fast = 'deskbee: { concurrency: 8, startRatePerSecond: 2000, maxRatePerSecond: 4000 }';
const outcomes = ['succeeded', 'no-changes', 'partial', 'declined', 'refused', 'failed', 'interrupted'];

describe('the metrics textfile after real runs through the CLI', () => {
  let emulator: RunningEmulator;
  let ws: SyncWorkspace;
  let textfile: string;
  const workforce = generateWorkforce({ people: 300, squads: 12, costCenters: 6, seed: 11 });

  beforeAll(async () => {
    // A few injected 503s, so that some requests are sent again (the random generator is seeded: the same ones every time).
    emulator = await startTestEmulator({ faults: { errorRate: 0.03, errorStatuses: [503] } });
    ws = await syncWorkspace(emulator, {
      csv: toCsv(workforce),
      extraConfig: `${fast}\nmetrics: { textfile: node_exporter/deskbee_sync.prom, labels: { account: demo } }`,
    });
    textfile = join(ws.dir, 'node_exporter', 'deskbee_sync.prom');
    await mkdir(join(ws.dir, 'node_exporter'));
  });
  afterAll(async () => {
    await emulator?.close();
    await ws?.remove();
  });

  it('300 people applied: the file parses and holds the run as Deskbee and the apply document saw it', async () => {
    const before = Date.now() / 1000;
    const applied = await ws.run('apply', '--yes', '--format', 'json');
    const after = Date.now() / 1000;
    expect(applied.code).toBe(0);
    const document = JSON.parse(applied.stdout) as ApplyDocument;
    const requests = document.result!.requests;
    expect(emulator.snapshot().users).toHaveLength(300);
    // Every request Deskbee saw, the ones answered 503 and sent again included.
    expect(emulator.stats().byStatus['503']).toBeGreaterThan(0);
    expect(requests.requests).toBe(emulator.stats().total);

    const m = await readMetricsFile(textfile);
    const apply = { mode: 'apply', account: 'demo' };
    for (const outcome of outcomes) expect(m.value('deskbee_sync_last_run_outcome', { ...apply, outcome })).toBe(outcome === 'succeeded' ? 1 : 0);
    expect(m.value('deskbee_sync_last_run_exit_code', apply)).toBe(0);
    expect(m.value('deskbee_sync_last_run_changes', { ...apply, kind: 'createUser', outcome: 'planned' })).toBe(300);
    expect(m.value('deskbee_sync_last_run_changes', { ...apply, kind: 'createUser', outcome: 'applied' })).toBe(300);
    expect(m.value('deskbee_sync_last_run_changes', { ...apply, kind: 'createUser', outcome: 'failed' })).toBe(0);
    expect(m.value('deskbee_sync_last_run_changes', { ...apply, kind: 'createSquad', outcome: 'applied' })).toBe(emulator.snapshot().squads.length);
    expect(m.value('deskbee_sync_changes_total', { kind: 'createUser', outcome: 'applied' })).toBe(300);
    expect(m.value('deskbee_sync_changes_total', { kind: 'createUser', outcome: 'failed' })).toBeUndefined();
    expect(m.value('deskbee_sync_last_run_left_out_entries', apply)).toBe(0);
    expect(m.value('deskbee_sync_last_run_drift_notices', apply)).toBe(0);
    expect(m.value('deskbee_sync_last_run_requests', apply)).toBe(requests.requests);
    expect(m.value('deskbee_sync_last_run_request_retries', apply)).toBe(requests.retries);
    expect(m.value('deskbee_sync_last_run_throttled_responses', apply)).toBe(requests.throttled);
    expect(m.value('deskbee_sync_requests_total')).toBe(requests.requests);
    expect(m.value('deskbee_sync_request_retries_total')).toBe(requests.retries);
    expect(m.value('deskbee_sync_throttled_responses_total')).toBe(0);
    expect(m.value('deskbee_sync_runs_total', { mode: 'apply', outcome: 'succeeded' })).toBe(1);
    const finished = m.value('deskbee_sync_last_run_timestamp_seconds', apply)!;
    expect(finished).toBeGreaterThanOrEqual(before);
    expect(finished).toBeLessThanOrEqual(after);
    expect(m.value('deskbee_sync_last_success_timestamp_seconds', apply)).toBe(finished);
    const duration = m.value('deskbee_sync_last_run_duration_seconds', apply)!;
    expect(duration).toBeGreaterThan(0);
    expect(duration).toBeLessThanOrEqual(after - before);
    // The textfile collector reads *.prom files: no temporary file is left beside it.
    expect(await readdir(join(ws.dir, 'node_exporter'))).toEqual(['deskbee_sync.prom']);
  });

  it('a failed run is the last run, and the last success time and the counters carry over from the previous process', async () => {
    const previous = await readMetricsFile(textfile);
    const lastSuccess = previous.value('deskbee_sync_last_success_timestamp_seconds', { mode: 'apply' });
    emulator.setFaults({ forbiddenRoutes: ['GET /users'], errorRate: 0 });
    try {
      const failed = await ws.run('apply', '--yes');
      expect(failed.code).toBe(5);
    } finally {
      emulator.setFaults({ forbiddenRoutes: [] });
    }
    const m = await readMetricsFile(textfile);
    const apply = { mode: 'apply' };
    expect(m.value('deskbee_sync_last_run_outcome', { ...apply, outcome: 'failed' })).toBe(1);
    expect(m.value('deskbee_sync_last_run_outcome', { ...apply, outcome: 'succeeded' })).toBe(0);
    expect(m.value('deskbee_sync_last_run_exit_code', apply)).toBe(5);
    expect(m.value('deskbee_sync_last_success_timestamp_seconds', apply)).toBe(lastSuccess);
    expect(m.value('deskbee_sync_last_run_timestamp_seconds', apply)).toBeGreaterThan(lastSuccess!);
    // A run that planned nothing has no change series of its own.
    expect(m.value('deskbee_sync_last_run_changes', { ...apply, kind: 'createUser', outcome: 'planned' })).toBeUndefined();
    expect(m.value('deskbee_sync_runs_total', { mode: 'apply', outcome: 'succeeded' })).toBe(1);
    expect(m.value('deskbee_sync_runs_total', { mode: 'apply', outcome: 'failed' })).toBe(1);
    expect(m.value('deskbee_sync_changes_total', { kind: 'createUser', outcome: 'applied' })).toBe(300);
    expect(m.value('deskbee_sync_requests_total')).toBe(previous.value('deskbee_sync_requests_total'));
  });

  it('a plan adds its own last-run series and leaves the apply series as they were', async () => {
    const planned = await ws.run('plan');
    expect(planned.code).toBe(0);
    const m = await readMetricsFile(textfile);
    expect(m.value('deskbee_sync_last_run_outcome', { mode: 'plan', outcome: 'no-changes' })).toBe(1);
    expect(m.value('deskbee_sync_last_success_timestamp_seconds', { mode: 'plan' })).toBe(m.value('deskbee_sync_last_run_timestamp_seconds', { mode: 'plan' }));
    expect(m.value('deskbee_sync_last_run_outcome', { mode: 'apply', outcome: 'failed' })).toBe(1);
    expect(m.value('deskbee_sync_runs_total', { mode: 'plan', outcome: 'no-changes' })).toBe(1);
  });

  it('a textfile that cannot be written is a warning; the exit code stays the run\'s', async () => {
    await writeFile(ws.configPath, `${(await import('node:fs/promises').then((fs) => fs.readFile(ws.configPath, 'utf8'))).replace('node_exporter/deskbee_sync.prom', 'missing-folder/deskbee_sync.prom')}`);
    const planned = await runCli(['plan'], ws.env);
    expect(planned.code).toBe(0);
    expect(planned.stderr).toMatch(/warn\s+metrics: could not write .*missing-folder\/deskbee_sync\.prom \(ENOENT\)/);
  });
});
