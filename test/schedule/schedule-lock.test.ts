/**
 * Two schedulers on one PostgreSQL store (as two machines would run them):
 * the second skips the tick that the first one's run holds, logs it, and
 * stays healthy. And a PGlite store that another process has open: ticks
 * are skipped until it is free.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import { skippedMessage } from '../../src/schedule/tick-log.js';
import { cronAt, storedRuns } from './schedule-harness.js';
import { betweenRuns, healthOf, serialConfig, useScheduleFixture } from './schedule-fixture.js';

describe('two schedulers on one PostgreSQL store', () => {
  const fixture = useScheduleFixture('schedule_lock');

  it('the second skips the tick the first one holds; one run is recorded, each user created once', async () => {
    const emulator = fixture.emulator();
    const { ws, databaseUrl } = await fixture.workspace(serialConfig);
    // 30 people created one at a time, 250 ms each: the first run holds the store for several seconds.
    emulator.setFaults({ latencyMs: 250, routes: ['POST /users'] });
    const now = Date.now();
    const first = fixture.schedule(['--cron', cronAt(5, now), '--tz', 'UTC', '--port', '0'], ws.env);
    const second = fixture.schedule(['--cron', cronAt(8, now), '--tz', 'UTC', '--port', '0'], ws.env);

    await second.waitFor('the second scheduler to skip its tick', (lines) => lines.some((line) => line.tick === 'skipped'));
    const skipped = second.ticks()[0]!;
    expect(skipped.msg).toBe(skippedMessage);
    expect(skipped.level).toBe(30);
    expect(String(skipped.reason)).toMatch(/another deskbee-sync apply or import is writing through the store/);
    expect(String(skipped.reason)).not.toContain(new URL(databaseUrl).password || '\u0000');
    const held = await healthOf(second);
    expect(held.status).toBe(200);
    expect(held.report).toMatchObject({ status: 'ok', lastRun: null, ticks: { ran: 0, skipped: 1 } });
    expect(held.report.lastSkipped?.reason).toBe(skipped.reason);

    await first.waitFor('the first scheduler to finish its run', (lines) => lines.some((line) => line.tick === 'ran'));
    const done = first.ticks()[0]!;
    expect(done).toMatchObject({ tick: 'ran', outcome: 'succeeded', exitCode: 0 });
    expect((await healthOf(first)).report).toMatchObject({ status: 'ok', lastRun: { runId: done.runId, outcome: 'succeeded' } });

    await betweenRuns(first);
    await betweenRuns(second);
    expect(await second.stop()).toBe(0);
    expect(await first.stop()).toBe(0);
    const runs = (await storedRuns(databaseUrl)).filter((run) => run.mode === 'apply');
    expect(runs.map((run) => run.id)).toEqual([done.runId]);
    expect(emulator.snapshot().users).toHaveLength(runs[0]!.counts.createUser?.applied ?? -1);
  });

  it('PGlite: while another holder has the store folder open, ticks are skipped; once it closes, the next tick runs', async () => {
    const ws = await fixture.pgliteWorkspace();
    const holder = await openStore({ directory: join(ws.dir, 'store') });
    let held = true;
    try {
      const s = fixture.schedule(['--cron', '*/2 * * * * *', '--tz', 'UTC', '--port', '0'], ws.env);
      await s.waitFor('a skipped tick', (lines) => lines.some((line) => line.tick === 'skipped'));
      expect(String(s.ticks()[0]!.reason)).toMatch(/in use by process \d+/);
      expect((await healthOf(s)).status).toBe(200);
      await holder.close();
      held = false;
      await s.waitFor('a run', (lines) => lines.some((line) => line.tick === 'ran'));
      expect(s.ticks().find((line) => line.tick === 'ran')).toMatchObject({ outcome: 'succeeded', exitCode: 0 });
      expect(fixture.emulator().snapshot().users.length).toBeGreaterThan(20);
    } finally {
      if (held) await holder.close();
    }
  });
});
