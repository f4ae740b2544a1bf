/**
 * The scheduler's loop and health state on a clock the test moves: which
 * times it waits for, the jitter before each run, waits cut into pieces
 * (no timer longer than a minute, whatever the schedule), and the
 * /healthz status as ticks end. The runs themselves are the real sync in
 * the other files of this folder; here a tick is its outcome as data.
 */
import { describe, expect, it } from 'vitest';
import type { Clock } from '../../src/context/run-context.js';
import { silentLogger } from '../../src/context/run-context.js';
import { ScheduleHealth } from '../../src/schedule/schedule-health.js';
import { scheduleMetricsText } from '../../src/schedule/schedule-metrics-text.js';
import { cronTimes } from '../../src/schedule/schedule-times.js';
import { runOnce, runScheduler } from '../../src/schedule/scheduler.js';
import type { TickOutcome } from '../../src/schedule/tick-outcome.js';
import type { RunSummary } from '../../src/sync/run-summary.js';

/** A clock whose sleeps return at once, moving its time on by the time slept. */
function movingClock(start: string): Clock & { sleeps: number[] } {
  let now = Date.parse(start);
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw signal.reason;
      sleeps.push(ms);
      now += ms;
    },
  };
}

function summary(clock: Clock, exitCode: number, outcome: RunSummary['outcome'], runId = 1): RunSummary {
  const at = new Date(clock.now()).toISOString();
  return {
    runId,
    mode: 'apply',
    outcome,
    exitCode,
    startedAt: at,
    finishedAt: at,
    durationMs: 0,
    sources: ['hr-csv'],
    changes: { createUser: { planned: 2, applied: 2, unconfirmed: 0, failed: 0, skipped: 0 } },
    leftOut: 0,
    drift: 0,
    requests: null,
    error: exitCode === 0 ? null : 'Deskbee request failed (network) to POST /oauth/token',
    plan: null,
    result: null,
  };
}

describe('the scheduler loop on a moving clock', () => {
  it('waits for each time (in pieces of a minute at most), adds the jitter, runs one tick per time', async () => {
    const clock = movingClock('2026-01-01T00:00:00Z');
    const controller = new AbortController();
    const ranAt: string[] = [];
    const health = new ScheduleHealth(clock, 'test', 2 * 86_400_000);
    const code = await runScheduler({
      times: cronTimes('0 2 * * *', 'UTC'),
      clock,
      signal: controller.signal,
      logger: silentLogger,
      health,
      jitterMs: 300_000,
      random: () => 0.5,
      tick: async () => {
        ranAt.push(new Date(clock.now()).toISOString());
        if (ranAt.length === 3) controller.abort(new Error('stop'));
        return { kind: 'ran', summary: summary(clock, 0, 'succeeded', ranAt.length) };
      },
    });
    // Stopped during the third run: 130.
    expect(code).toBe(130);
    expect(ranAt).toEqual(['2026-01-01T02:02:30.000Z', '2026-01-02T02:02:30.000Z', '2026-01-03T02:02:30.000Z']);
    expect(clock.sleeps.reduce((longest, ms) => Math.max(longest, ms), 0)).toBeLessThanOrEqual(60_000);
    expect(health.report().ticks).toEqual({ ran: 3, skipped: 0 });
  });

  it('stopped while waiting: 0 at once, no tick; --once stopped in its jitter: 130, no tick', async () => {
    const clock = movingClock('2026-01-01T00:00:00Z');
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    let ticks = 0;
    const tick = async (): Promise<TickOutcome> => {
      ticks += 1;
      return { kind: 'skipped', at: clock.now(), reason: 'held' };
    };
    const health = new ScheduleHealth(clock, 'test', 60_000);
    expect(await runScheduler({ times: cronTimes('* * * * *', 'UTC'), clock, signal: controller.signal, logger: silentLogger, health, tick })).toBe(0);
    expect(await runOnce({ clock, signal: controller.signal, logger: silentLogger, health, tick, jitterMs: 60_000, random: () => 0.9 })).toBe(130);
    expect(ticks).toBe(0);
  });

  it('--once returns the run exit code, and 6 when another process held the store', async () => {
    const clock = movingClock('2026-01-01T00:00:00Z');
    const base = { clock, signal: new AbortController().signal, logger: silentLogger, health: new ScheduleHealth(clock, 'once', 60_000) };
    expect(await runOnce({ ...base, tick: async () => ({ kind: 'ran', summary: summary(clock, 7, 'partial') }) })).toBe(7);
    expect(await runOnce({ ...base, tick: async () => ({ kind: 'skipped', at: clock.now(), reason: 'held' }) })).toBe(6);
  });
});

describe('the health state', () => {
  it('ok before any run; failing after a run that exited non-zero; a skipped tick keeps it on time; stale past staleAfter', async () => {
    const clock = movingClock('2026-01-01T00:00:00Z');
    const health = new ScheduleHealth(clock, 'cron "0 2 * * *" in UTC', 48 * 3_600_000);
    expect(health.report()).toMatchObject({ status: 'ok', lastRun: null, lastSkipped: null, staleAfterSeconds: 172_800 });
    health.started();
    expect(health.report().runningSince).toBe('2026-01-01T00:00:00.000Z');
    health.finished({ kind: 'ran', summary: summary(clock, 5, 'failed') });
    expect(health.report()).toMatchObject({ status: 'failing', runningSince: null, lastRun: { exitCode: 5, outcome: 'failed' } });
    health.finished({ kind: 'ran', summary: summary(clock, 0, 'no-changes', 2) });
    expect(health.report().status).toBe('ok');
    await clock.sleep(47 * 3_600_000);
    health.finished({ kind: 'skipped', at: clock.now(), reason: 'another deskbee-sync apply is writing' });
    await clock.sleep(47 * 3_600_000);
    expect(health.report()).toMatchObject({ status: 'ok', ticks: { ran: 2, skipped: 1 }, lastRun: { runId: 2, ageSeconds: 94 * 3_600 } });
    await clock.sleep(2 * 3_600_000);
    expect(health.report().status).toBe('stale');
  });

  it('renders its metrics in Prometheus text, with the configured constant labels', () => {
    const clock = movingClock('2026-01-01T00:00:00Z');
    const health = new ScheduleHealth(clock, 'test', 60_000);
    health.scheduled(new Date('2026-01-01T02:00:00Z'));
    health.finished({ kind: 'ran', summary: summary(clock, 5, 'failed') });
    const text = scheduleMetricsText(health.report(), { account: 'acme "eu"' });
    expect(text).toContain(
      '# TYPE deskbee_sync_schedule_ticks_total counter\ndeskbee_sync_schedule_ticks_total{account="acme \\"eu\\"",result="ran"} 1\ndeskbee_sync_schedule_ticks_total{account="acme \\"eu\\"",result="skipped"} 0\n',
    );
    expect(text).toMatch(/^deskbee_sync_schedule_healthy\{account="[^\n]+"\} 0$/m);
    expect(text).toMatch(/^deskbee_sync_schedule_next_run_timestamp_seconds\{[^}]+\} 1767232800$/m);
    // Every sample line is `name{labels} number`, every family has its HELP and TYPE first.
    for (const line of scheduleMetricsText(health.report()).trim().split('\n')) expect(line).toMatch(/^(# (HELP|TYPE) \w+ .+|\w+(\{[^}]*\})? -?[\d.e+]+)$/);
  });
});
