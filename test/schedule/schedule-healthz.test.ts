/**
 * /healthz and /metrics of a running scheduler: 200 before any run and
 * after a good one, 503 after a failed one (Deskbee unreachable) and when
 * no tick has ended for longer than --stale-after.
 */
import { describe, expect, it } from 'vitest';
import { metricsContentType } from '../../src/schedule/health-server.js';
import { get } from './schedule-harness.js';
import { healthOf, useScheduleFixture } from './schedule-fixture.js';

describe('the scheduler /healthz and /metrics', () => {
  const fixture = useScheduleFixture('schedule_health');

  it('answers 200 after a good run, 503 after a failed one, 200 again once a run succeeds', async () => {
    const { ws } = await fixture.workspace();
    const s = fixture.schedule(['--cron', '*/2 * * * * *', '--tz', 'UTC', '--port', '0'], ws.env);
    await s.waitFor('a first run', (lines) => lines.some((line) => line.tick === 'ran'));
    const good = await healthOf(s);
    expect(good.status).toBe(200);
    expect(good.report.lastRun).toMatchObject({ outcome: 'succeeded', exitCode: 0, error: null });
    expect(good.report.lastRun!.ageSeconds).toBeGreaterThanOrEqual(0);

    // The environment is read at every tick: from now on Deskbee cannot be reached.
    const reachable = ws.env.DESKBEE_BASE_URL;
    ws.env.DESKBEE_BASE_URL = 'http://127.0.0.1:9/v1.1';
    await s.waitFor('a failed run', (lines) => lines.some((line) => line.tick === 'ran' && line.exitCode === 5));
    const failed = s.ticks().find((line) => line.exitCode === 5)!;
    expect(failed).toMatchObject({ level: 50, outcome: 'failed' });
    expect(failed.msg).toMatch(/127\.0\.0\.1:9/);
    const bad = await healthOf(s);
    expect(bad.status).toBe(503);
    expect(bad.report).toMatchObject({ status: 'failing', lastRun: { outcome: 'failed', exitCode: 5, runId: failed.runId } });
    expect(bad.report.lastRun!.error).toMatch(/127\.0\.0\.1:9/);

    const metrics = await get(`${s.origin()}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.type).toBe(metricsContentType);
    expect(metrics.body).toMatch(/^deskbee_sync_schedule_healthy 0$/m);
    expect(metrics.body).toMatch(/^deskbee_sync_schedule_ticks_total\{result="ran"\} [2-9]\d*$/m);
    expect(metrics.body).toMatch(/^deskbee_sync_last_run_exit_code(\{[^}]*\})? 5$/m);

    ws.env.DESKBEE_BASE_URL = reachable;
    await s.waitFor('a good run again', (lines) => lines.at(-1)?.tick === 'ran' && lines.at(-1)?.exitCode === 0);
    expect((await healthOf(s)).status).toBe(200);
    expect((await get(`${s.origin()}/nothing`)).status).toBe(404);
    expect((await fetch(`${s.origin()}/healthz`, { method: 'POST' })).status).toBe(405);
  });

  it('answers 503 stale when no tick has ended for longer than --stale-after', async () => {
    const { ws } = await fixture.workspace();
    const s = fixture.schedule(['--every', '1h', '--stale-after', '1s', '--port', '0'], ws.env);
    await s.waitFor('the start line', (lines) => lines.some((line) => typeof line.health === 'string'));
    expect(s.lines().some((line) => line.level === 40 && /--stale-after 1s is shorter than the schedule's gap of 1h/.test(line.msg))).toBe(true);
    const deadline = Date.now() + 30_000;
    let answer = await healthOf(s);
    while (answer.status === 200 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      answer = await healthOf(s);
    }
    expect(answer.status).toBe(503);
    expect(answer.report).toMatchObject({ status: 'stale', lastRun: null, staleAfterSeconds: 1, schedule: 'every 1h' });
    expect(Date.parse(answer.report.nextRun!)).toBeGreaterThan(Date.now());
    expect(await s.stop()).toBe(0);
  });
});
