/**
 * Figures for the sync path: reading and mapping a large HR CSV, a full
 * plan and apply of a few thousand people against the emulator, the
 * no-change plan that follows, and paging through Deskbee's users.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { syncConfigSchema } from '../src/config/sync-config.js';
import { silentLogger, systemClock } from '../src/context/run-context.js';
import { toCsv } from '../src/demo/sample-hr-csv.js';
import { generateWorkforce } from '../src/demo/sample-hr-generate.js';
import { applyPlan } from '../src/engine/apply-plan.js';
import { planChanges } from '../src/plan/plan-types.js';
import { startEmulator } from '../src/emulator/index.js';
import { loadMapping } from '../src/mapping/mapping-loader.js';
import { mapEntries } from '../src/mapping/map-entries.js';
import { CsvSource } from '../src/sources/csv/csv-source.js';
import { preparePlanFor } from '../src/sync/plan-run.js';
import { openRuntime } from '../src/sync/runtime.js';
import type { Figure } from './figures.js';

const ctx = { logger: silentLogger, clock: systemClock, signal: new AbortController().signal };

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { ms: performance.now() - start, value };
}

export async function syncFigures(people: number): Promise<Figure[]> {
  const dir = await mkdtemp(join(tmpdir(), 'deskbee-sync-bench-'));
  const figures: Figure[] = [];
  const emulator = await startEmulator({ env: {} });
  try {
    const big = join(dir, 'big.csv');
    await writeFile(big, toCsv(generateWorkforce({ people: 50_000, squads: 200, costCenters: 50, seed: 3 })));
    const mapping = await loadMapping('mappings/hr-csv.yaml');
    const rssBefore = process.memoryUsage().rss;
    const read = await timed(() => mapEntries(mapping, new CsvSource({ name: 'hr-csv', path: big }).read(ctx)));
    figures.push({ name: 'CSV read + map, 50,000 rows', value: read.ms, unit: 'ms', note: `${Math.round(50_000 / (read.ms / 1000))} rows/s, RSS +${Math.round((process.memoryUsage().rss - rssBefore) / 1e6)} MB` });

    const csv = join(dir, 'hr.csv');
    await writeFile(csv, toCsv(generateWorkforce({ people, squads: 50, costCenters: 20, seed: 7 })));
    const config = syncConfigSchema.parse({
      version: 1,
      source: { kind: 'csv', name: 'hr-csv', path: csv },
      mapping: 'mappings/hr-csv.yaml',
      deskbee: { concurrency: 8, startRatePerSecond: 5000, maxRatePerSecond: 10000 },
      store: { directory: join(dir, 'store') },
    });
    const env = { DESKBEE_CLIENT_ID: emulator.credentials.clientId, DESKBEE_CLIENT_SECRET: emulator.credentials.clientSecret, DESKBEE_BASE_URL: emulator.baseUrl };
    const rt = await openRuntime({ config, env, ctx });
    try {
      const prepare = () => preparePlanFor(rt, { mode: 'sync', allow: [] });
      const first = await timed(prepare);
      figures.push({ name: `plan from empty, ${people} people`, value: first.ms, unit: 'ms', note: `${planChanges(first.value.plan).length} changes` });
      const runId = await rt.store.startRun({ mode: 'apply' });
      const requestsBefore = rt.client.stats().requests;
      const applied = await timed(() =>
        applyPlan(first.value.plan, { api: rt.client, store: rt.store, runId, ctx: rt.ctx, ...first.value.context, paths: rt.client.paths, concurrency: 8 }),
      );
      const requests = rt.client.stats().requests - requestsBefore;
      figures.push({ name: `apply from empty, ${people} people`, value: applied.ms, unit: 'ms', note: `${requests} requests, ${Math.round(requests / (applied.ms / 1000))} requests/s, ${applied.value.counts.failed} failed` });
      const second = await timed(prepare);
      figures.push({ name: 'plan with no change', value: second.ms, unit: 'ms', note: `${planChanges(second.value.plan).length} changes` });
      const paging = await timed(async () => {
        let n = 0;
        for await (const _user of rt.client.users.list()) n += 1;
        return n;
      });
      figures.push({ name: `list ${paging.value} users (pages of 250)`, value: paging.ms, unit: 'ms', note: `${Math.round(paging.value / (paging.ms / 1000))} users/s` });
    } finally {
      await rt.close();
    }
  } finally {
    await emulator.close();
    await rm(dir, { recursive: true, force: true });
  }
  return figures;
}
