/**
 * How close the Deskbee client writes to an API rate limit it is not told,
 * and how often it oversteps: for limits of 5, 10, 50 and 200 requests per
 * 1,000 ms sliding window (the emulator's `rateLimit`), a client with default
 * options creates users and then edits each of them, with enough requests to
 * last about 90 s at the limit (so the part after the first minute is
 * measured too). The emulator runs in a process of its own, with 45 to 75 ms
 * of latency, so that its work does not stall the client's event loop. Also
 * the time to list 100,000 users with no limit in force.
 *
 * Targets: written at ≥ 0.9 of the limit over the whole run and after its
 * first minute; under 1% of requests answered 429.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { Secret } from '../src/config/secret.js';
import { DeskbeeClient } from '../src/deskbee/deskbee-client.js';
import type { EmulatorStats, FaultSettingsInput } from '../src/emulator/index.js';
import type { Figure } from './figures.js';

/** One write run against one limit. */
export interface WriteRateRun {
  limit: number;
  /** Users created, then edited: two writes each. */
  users: number;
  elapsedMs: number;
  /** Writes the emulator committed, over the whole run and after its first minute. */
  writes: number;
  writesAfterMinute: number;
  /** Length of the part after the first minute, in ms (0 if the run was shorter). */
  afterMinuteMs: number;
  /** All requests the emulator received, and those answered 429. */
  requests: number;
  throttled: number;
  /** Writes committed in each second of the run. */
  perSecond: number[];
  /** Calls that failed (should be none). */
  failed: number;
  /** The client's estimate of the limit at the end, per second. */
  limitFound: number | undefined;
}

const minuteMs = 60_000;

/** An emulator in a process of its own, so that its work does not slow the client's event loop. */
interface EmulatorProcess {
  baseUrl: string;
  origin: string;
  credentials: { clientId: string; clientSecret: string };
  stats(): Promise<EmulatorStats>;
  stop(): Promise<void>;
}

const emulatorScript = `
const { startEmulator } = await import(process.argv[1]);
const { faults, users } = JSON.parse(process.argv[2]);
const seed = users > 0 ? {
  squads: [{ name: 'Everyone' }],
  users: Array.from({ length: users }, (_, i) => ({
    name: 'Person ' + i, email: 'person' + i + '@bench.example', enrollment: 'L-' + String(i).padStart(7, '0'), squads: ['Everyone'],
  })),
} : undefined;
const emulator = await startEmulator({ env: {}, randomSeed: 7, faults, ...(seed ? { seed } : {}) });
process.stdout.write(JSON.stringify({ baseUrl: emulator.baseUrl, origin: emulator.origin, credentials: emulator.credentials }) + '\\n');
process.stdin.resume();
process.stdin.on('end', () => emulator.close().then(() => process.exit(0)));
`;

async function startEmulatorProcess(options: { faults?: FaultSettingsInput; users?: number }): Promise<EmulatorProcess> {
  const module = new URL('../src/emulator/index.ts', import.meta.url).href;
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', import.meta.resolve('tsx'), '--input-type=module', '-e', emulatorScript, module, JSON.stringify({ faults: options.faults ?? {}, users: options.users ?? 0 })],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout! });
  const [first] = (await Promise.race([once(lines, 'line'), once(child, 'exit').then(() => [undefined])])) as [string | undefined];
  if (!first) throw new Error('the emulator process exited before it listened');
  const ready = JSON.parse(first) as Omit<EmulatorProcess, 'stats' | 'stop'>;
  return {
    ...ready,
    stats: async () => (await (await fetch(`${ready.origin}/__emulator/stats`)).json()) as EmulatorStats,
    stop: async () => {
      const exited = once(child, 'exit');
      child.stdin?.end();
      await exited;
    },
  };
}

function clientFor(emulator: EmulatorProcess): DeskbeeClient {
  return new DeskbeeClient({
    baseUrl: emulator.baseUrl,
    credentials: { clientId: emulator.credentials.clientId, clientSecret: new Secret(emulator.credentials.clientSecret) },
  });
}

/**
 * Creates `users` users and then edits each, through one client with default
 * options, against an emulator limiting requests to `limit` per 1,000 ms with
 * a latency of 45 to 75 ms.
 */
export async function measureWriteRate(limit: number, users: number): Promise<WriteRateRun> {
  const emulator = await startEmulatorProcess({ faults: { rateLimit: { requests: limit, windowMs: 1000 }, latencyMs: 45, jitterMs: 30 } });
  const perSecond: number[] = [];
  try {
    const client = clientFor(emulator);
    const start = performance.now();
    let lastWrites = 0;
    let atMinute: number | undefined;
    const sampler = setInterval(() => {
      void emulator.stats().then((stats) => {
        perSecond.push(stats.writesCommitted - lastWrites);
        lastWrites = stats.writesCommitted;
        if (perSecond.length === minuteMs / 1000) atMinute = stats.writesCommitted;
      });
    }, 1000);
    let failed = 0;
    try {
      const created = await Promise.allSettled(
        Array.from({ length: users }, (_, i) =>
          client.users.create({ name: `Person ${i}`, email: `person${i}@bench.example`, enrollment: `B-${String(i).padStart(6, '0')}` }),
        ),
      );
      const edits: Promise<unknown>[] = [];
      created.forEach((result, i) => {
        if (result.status === 'fulfilled') edits.push(client.users.update(result.value.uuid, { name: `Person ${i} (edited)` }));
        else failed += 1;
      });
      for (const result of await Promise.allSettled(edits)) if (result.status === 'rejected') failed += 1;
    } finally {
      clearInterval(sampler);
    }
    const elapsedMs = performance.now() - start;
    const stats = await emulator.stats();
    return {
      limit,
      users,
      elapsedMs,
      writes: stats.writesCommitted,
      writesAfterMinute: atMinute === undefined ? 0 : stats.writesCommitted - atMinute,
      afterMinuteMs: Math.max(0, elapsedMs - minuteMs),
      requests: stats.total,
      throttled: stats.byStatus['429'] ?? 0,
      perSecond,
      failed,
      limitFound: client.stats().limitPerSecond,
    };
  } finally {
    await emulator.stop();
  }
}

/** Lists `users` seeded users (pages of 250, with their squads), no limit in force. */
export async function measureListing(users: number): Promise<{ ms: number; listed: number }> {
  const emulator = await startEmulatorProcess({ users });
  try {
    const client = clientFor(emulator);
    const start = performance.now();
    let listed = 0;
    for await (const _user of client.users.list()) listed += 1;
    return { ms: performance.now() - start, listed };
  } finally {
    await emulator.stop();
  }
}

function ratio(writes: number, ms: number, limit: number): number {
  return ms > 0 ? writes / (ms / 1000) / limit : Number.NaN;
}

/**
 * The figures: per limit, write rate over the whole run and after its first
 * minute as a share of the limit, and the share of 429s; then the listing.
 * `seconds` sets how long each write run lasts at the limit (default 90).
 */
export async function rateFigures(options: { limits?: number[]; seconds?: number; listUsers?: number } = {}): Promise<Figure[]> {
  const { limits = [5, 10, 50, 200], seconds = 90, listUsers = 100_000 } = options;
  const figures: Figure[] = [];
  for (const limit of limits) {
    const run = await measureWriteRate(limit, Math.round((limit * seconds) / 2));
    const label = `limit ${limit}/s, ${run.users} creates + ${run.users} edits`;
    figures.push({
      name: `${label}: write rate / limit, whole run`,
      value: ratio(run.writes, run.elapsedMs, limit),
      unit: 'x',
      target: { op: '>=', limit: 0.9 },
      note: `${(run.elapsedMs / 1000).toFixed(0)} s, limit found ${run.limitFound?.toFixed(1) ?? 'none'}/s${run.failed ? `, ${run.failed} calls FAILED` : ''}`,
    });
    figures.push({
      name: `${label}: write rate / limit, after 1st minute`,
      value: ratio(run.writesAfterMinute, run.afterMinuteMs, limit),
      unit: 'x',
      target: { op: '>=', limit: 0.9 },
      note: `over ${(run.afterMinuteMs / 1000).toFixed(0)} s`,
    });
    figures.push({
      name: `${label}: 429 answers / requests`,
      value: (100 * run.throttled) / Math.max(1, run.requests),
      unit: '%',
      target: { op: '<=', limit: 1 },
      note: `${run.throttled} of ${run.requests}`,
    });
  }
  if (listUsers > 0) {
    const listing = await measureListing(listUsers);
    figures.push({
      name: `list ${listing.listed} users (pages of 250, no limit)`,
      value: listing.ms,
      unit: 'ms',
      note: `${Math.round(listing.listed / 250 / (listing.ms / 1000))} pages/s`,
    });
  }
  return figures;
}
