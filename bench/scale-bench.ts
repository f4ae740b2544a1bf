/**
 * Planning at scale through the built command, each run a child process of
 * its own (so its wall time and peak RSS are its own): from an empty
 * Deskbee and with nothing changed, on PostgreSQL and on PGlite. The
 * Deskbee emulator runs in a process of its own too. Also the memory floor
 * (`status` alone on PGlite) and the store's own rate (changes recorded
 * per second, batched as an apply records them).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { toCsv } from '../src/demo/sample-hr-csv.js';
import { generateWorkforce } from '../src/demo/sample-hr-generate.js';
import { openStore } from '../src/store/open-store.js';
import type { Figure } from './figures.js';

const credentials = { DESKBEE_CLIENT_ID: 'bench-client', DESKBEE_CLIENT_SECRET: 'bench-secret-not-real' };
const bin = resolve('bin/deskbee-sync.js');

/** Wall time and peak RSS of one command. */
interface Measured {
  code: number;
  ms: number;
  rssMb: number;
  stderr: string;
}

async function measure(args: string[], env: NodeJS.ProcessEnv, nodeFlags: string[] = []): Promise<Measured> {
  const child = spawn('/usr/bin/time', ['-f', 'deskbee-bench-rss %M', process.execPath, ...nodeFlags, bin, ...args], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const started = performance.now();
  const [code] = (await once(child, 'close')) as [number];
  const ms = performance.now() - started;
  const rss = /deskbee-bench-rss (\d+)/.exec(stderr);
  return { code, ms, rssMb: rss ? Number(rss[1]) / 1024 : Number.NaN, stderr: stderr.replace(/.*deskbee-bench-rss.*\n?/, '') };
}

/** The Deskbee emulator in a child process; resolves with its base URL. */
async function startEmulatorProcess(): Promise<{ baseUrl: string; stop: () => Promise<void>; reset: () => Promise<void> }> {
  const child = spawn(process.execPath, [bin, 'emulator', '--port', '0'], { env: { PATH: process.env.PATH, ...credentials }, stdio: ['ignore', 'pipe', 'ignore'] });
  const lines = createInterface({ input: child.stdout! });
  let baseUrl = '';
  for await (const line of lines) {
    const match = /DESKBEE_BASE_URL=(\S+)/.exec(line);
    if (match?.[1]) {
      baseUrl = match[1];
      break;
    }
  }
  const origin = new URL(baseUrl).origin;
  return {
    baseUrl,
    stop: async () => {
      child.kill('SIGTERM');
      await once(child, 'close');
    },
    reset: async () => {
      await fetch(`${origin}/__emulator/seed`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    },
  };
}

async function freshDatabase(admin: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`drop database if exists "${name}" with (force)`);
  await client.query(`create database "${name}"`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}

export interface ScaleOptions {
  /** People per case; default 10,000, 100,000 and 1,000,000. */
  sizes?: number[];
  /** The largest size whose "nothing changed" case is measured (it needs a full apply first). Default 100,000. */
  unchangedUpTo?: number;
  /** PostgreSQL server for the store (its user must create databases). Default postgres://postgres@127.0.0.1:5432/postgres. */
  adminUrl?: string;
}

/** Plan time and memory at each size; the targets are issue-level figures, printed beside each. */
export async function scaleFigures(options: ScaleOptions = {}): Promise<Figure[]> {
  const sizes = options.sizes ?? [10_000, 100_000, 1_000_000];
  const unchangedUpTo = options.unchangedUpTo ?? 100_000;
  const adminUrl = options.adminUrl ?? process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const dir = await mkdtemp(join(tmpdir(), 'deskbee-sync-scale-'));
  const emulator = await startEmulatorProcess();
  const figures: Figure[] = [];
  try {
    for (const people of sizes) {
      const csv = join(dir, `hr-${people}.csv`);
      await writeFile(csv, toCsv(generateWorkforce({ people, squads: Math.max(20, Math.round(people / 500)), costCenters: Math.max(10, Math.round(people / 2000)), seed: 5 })));
      const config = join(dir, `config-${people}.yaml`);
      await writeFile(config, ['version: 1', `source: { kind: csv, name: hr-csv, path: ${JSON.stringify(csv)} }`, `mapping: ${JSON.stringify(resolve('mappings/hr-csv.yaml'))}`, `store: { directory: ${JSON.stringify(join(dir, `store-${people}`))} }`, ''].join('\n'));
      const base = { ...credentials, DESKBEE_BASE_URL: emulator.baseUrl, DESKBEE_SYNC_CONFIG: config };
      const pgEnv = { ...base, DATABASE_URL: await freshDatabase(adminUrl, `deskbee_bench_${people}`) };
      const label = people.toLocaleString('en-US');
      const big = people >= 1_000_000;
      await emulator.reset();
      await measure(['status'], base); // creates the PGlite store: a nightly run finds one

      const emptyPg = await measure(['plan', '-q', '--out', join(dir, `plan-${people}.json`)], pgEnv);
      figures.push(planFigure(`plan ${label}, empty Deskbee, PostgreSQL store: time`, emptyPg, big ? 90_000 : people >= 100_000 ? 10_000 : undefined));
      figures.push(rssFigure(`plan ${label}, empty Deskbee, PostgreSQL store: peak RSS`, emptyPg, big ? 1536 : people >= 100_000 ? 300 : undefined));
      const emptyLite = await measure(['plan', '-q'], base);
      figures.push(planFigure(`plan ${label}, empty Deskbee, PGlite store: time`, emptyLite, big ? 90_000 : people >= 100_000 ? 10_000 : undefined));
      figures.push(rssFigure(`plan ${label}, empty Deskbee, PGlite store: peak RSS`, emptyLite, big ? 1536 : people >= 100_000 ? 500 : undefined));

      if (people <= unchangedUpTo) {
        const applied = await measure(['apply', '--yes', '-q'], pgEnv);
        figures.push({ name: `apply ${label} from empty (PostgreSQL store, no API limit): time`, value: applied.ms, unit: 'ms', note: `exit ${applied.code}, peak RSS ${Math.round(applied.rssMb)} MB` });
        // The PGlite store links the same users (no write to Deskbee), then both plan with nothing changed.
        await measure(['apply', '--yes', '-q'], base);
        const samePg = await measure(['plan', '-q'], pgEnv);
        figures.push(planFigure(`plan ${label}, nothing changed, PostgreSQL store: time`, samePg, people >= 100_000 ? 10_000 : undefined));
        figures.push(rssFigure(`plan ${label}, nothing changed, PostgreSQL store: peak RSS`, samePg, people >= 100_000 ? 300 : undefined));
        if (people >= 100_000 && samePg.rssMb > 300) figures.push(await liveHeap(`plan ${label}, nothing changed, PostgreSQL store`, pgEnv));
        const sameLite = await measure(['plan', '-q'], base);
        figures.push(planFigure(`plan ${label}, nothing changed, PGlite store: time`, sameLite, people >= 100_000 ? 10_000 : undefined));
        figures.push(rssFigure(`plan ${label}, nothing changed, PGlite store: peak RSS`, sameLite, people >= 100_000 ? 500 : undefined));
      }
      if (people === sizes[0]) {
        const floor = await measure(['status'], base);
        figures.push({ name: 'memory floor: status alone, PGlite store', value: floor.rssMb, unit: 'MB', note: 'Node and the modules about 75 MB; PGlite with 16 MB of shared buffers about 100 MB more' });
      }
    }
    for (const figure of await storeRates(dir, adminUrl)) figures.push(figure);
  } finally {
    await emulator.stop();
    await rm(dir, { recursive: true, force: true });
  }
  return figures;
}

/**
 * Where the memory of a plan goes: the smallest old-space cap (V8's
 * --max-old-space-size, in steps of 50 MB) the plan completes under, with
 * the time and peak RSS it then takes. Above that, the peak RSS is V8
 * growing its heap while memory is free rather than what the plan keeps.
 */
async function liveHeap(name: string, env: NodeJS.ProcessEnv): Promise<Figure> {
  let failedAt = 0;
  for (let cap = 150; cap <= 600; cap += 50) {
    const capped = await measure(['plan', '-q'], env, [`--max-old-space-size=${cap}`]);
    if (capped.code === 0 || capped.code === 2) {
      return {
        name: `${name}: smallest heap cap it plans under`,
        value: cap,
        unit: 'MB',
        note: `fails under ${failedAt} MB; under ${cap} MB it takes ${Math.round(capped.ms).toLocaleString('en-US')} ms, peak RSS ${Math.round(capped.rssMb)} MB. What it keeps is the source's and Deskbee's record of each person at once (last-applied states only of those it changes); the rest of the peak RSS is V8's heap growing past what it keeps (DESKBEE_SYNC_HEAP_GROWTH, 25% by default) and Node's own`,
      };
    }
    failedAt = cap;
  }
  return { name: `${name}: smallest heap cap it plans under`, value: Number.NaN, unit: 'MB', note: 'did not complete under 600 MB' };
}

function planFigure(name: string, m: Measured, targetMs: number | undefined): Figure {
  const note = m.code === 0 || m.code === 2 ? undefined : `FAILED (exit ${m.code}): ${m.stderr.trim().slice(0, 200)}`;
  return { name, value: m.ms, unit: 'ms', ...(targetMs ? { target: { op: '<=' as const, limit: targetMs } } : {}), ...(note ? { note } : {}) };
}

function rssFigure(name: string, m: Measured, targetMb: number | undefined): Figure {
  return { name, value: m.rssMb, unit: 'MB', ...(targetMb ? { target: { op: '<=' as const, limit: targetMb } } : {}) };
}

/** Confirmed changes (journal entry, link, last-applied state) recorded per second, in batches of 200 as an apply records them. */
async function storeRates(dir: string, adminUrl: string): Promise<Figure[]> {
  const figures: Figure[] = [];
  const backends = [
    { name: 'PGlite', open: () => openStore({ directory: join(dir, 'store-rate') }) },
    { name: 'PostgreSQL', open: async () => openStore({ databaseUrl: await freshDatabase(adminUrl, 'deskbee_bench_store_rate') }) },
  ];
  for (const backend of backends) {
    const store = await backend.open();
    try {
      const runId = await store.startRun({ mode: 'apply', sources: ['bench'] });
      const count = 20_000;
      const started = performance.now();
      for (let start = 0; start < count; start += 200) {
        const batch = Array.from({ length: Math.min(200, count - start) }, (_, i) => {
          const n = start + i;
          return {
            runId,
            changeId: `c${n}`,
            changeKind: 'createUser',
            entityKey: `user:u${n}@corp.example`,
            request: { method: 'POST', path: '/users', body: { name: `User ${n}`, email: `u${n}@corp.example` } },
            response: { status: 201, body: { uuid: `uuid-${n}`, name: `User ${n}` } },
            links: [{ op: 'upsert' as const, source: 'bench', kind: 'user' as const, externalId: `E${n}`, uuid: `uuid-${n}` }],
            lastApplied: [{ op: 'upsert' as const, kind: 'user' as const, uuid: `uuid-${n}`, state: { name: `User ${n}`, email: `u${n}@corp.example`, status: true } }],
          };
        });
        await store.recordMany(batch);
      }
      const seconds = (performance.now() - started) / 1000;
      figures.push({ name: `store work, ${backend.name}: confirmed changes recorded per second`, value: count / seconds, unit: '/s', target: { op: '>=', limit: 1000 }, note: `${count.toLocaleString('en-US')} changes in batches of 200` });
    } finally {
      await store.close();
    }
  }
  return figures;
}
