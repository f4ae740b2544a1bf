/**
 * `deskbee-sync schedule` in this process against the Deskbee emulator and
 * a PostgreSQL store: one run per tick, and one tick at a time.
 */
import { describe, expect, it } from 'vitest';
import { toCsv } from '../../src/demo/sample-hr-csv.js';
import { renamePerson } from '../../src/demo/sample-hr-mutations.js';
import { storedRuns, type LogLine } from './schedule-harness.js';
import { betweenRuns, healthOf, serialConfig, useScheduleFixture, workforce } from './schedule-fixture.js';

const ran = (lines: LogLine[]) => lines.filter((line) => line.tick === 'ran');

describe('deskbee-sync schedule against the emulator, PostgreSQL store', () => {
  const fixture = useScheduleFixture('schedule_sync');

  it('runs the sync once per tick: a run in the store per tick, each change written once', async () => {
    const emulator = fixture.emulator();
    const { ws, databaseUrl } = await fixture.workspace();
    const s = fixture.schedule(['--cron', '*/3 * * * * *', '--tz', 'UTC', '--port', '0'], ws.env);
    await s.waitFor('the start line', (lines) => lines.some((line) => typeof line.health === 'string'));
    const before = await healthOf(s);
    expect(before.status).toBe(200);
    expect(before.report).toMatchObject({ status: 'ok', lastRun: null, runningSince: null, ticks: { ran: 0, skipped: 0 }, schedule: 'cron "*/3 * * * * *" in UTC' });

    await s.waitFor('a first run', (lines) => ran(lines).length >= 1);
    const first = ran(s.lines())[0]!;
    expect(first).toMatchObject({ outcome: 'succeeded', exitCode: 0, failed: 0 });
    expect(typeof first.runId).toBe('number');
    const created = emulator.snapshot().users.length;
    expect(created).toBeGreaterThan(20);
    expect(emulator.stats().writesCommitted).toBeGreaterThanOrEqual(Number(first.applied));

    // One rename between ticks: the next tick writes it once, the one after writes nothing.
    await betweenRuns(s);
    emulator.resetStats();
    await ws.writeCsv(toCsv(renamePerson(workforce, workforce.people[4]!.employeeId, 'Scheduled').workforce));
    const seen = ran(s.lines()).length;
    await s.waitFor('two more runs', (lines) => ran(lines).length >= seen + 2);
    const [renamed, settled] = ran(s.lines()).slice(seen);
    expect(renamed).toMatchObject({ outcome: 'succeeded', applied: 1 });
    expect(settled).toMatchObject({ outcome: 'no-changes' });
    await betweenRuns(s);
    expect(emulator.stats().writes).toBe(1);
    expect(emulator.snapshot().users).toHaveLength(created);

    expect(await s.stop()).toBe(0);
    const ticks = ran(s.lines());
    const runs = (await storedRuns(databaseUrl)).filter((run) => run.mode === 'apply');
    // Every tick is one recorded run, finished, and every scheduled time ran at most once.
    expect(runs.map((run) => run.id)).toEqual(ticks.map((line) => line.runId));
    expect(runs.every((run) => run.outcome !== 'running')).toBe(true);
    const times = ticks.map((line) => String(line.scheduledFor));
    expect(new Set(times).size).toBe(times.length);
    for (const time of times) expect(new Date(time).getUTCSeconds() % 3).toBe(0);
    expect(s.ticks().filter((line) => line.tick === 'skipped')).toEqual([]);
  });

  it('never starts a tick while the last one is still running: times it outlasts are logged and left out', async () => {
    const emulator = fixture.emulator();
    const { ws, databaseUrl } = await fixture.workspace(serialConfig);
    emulator.setFaults({ latencyMs: 100, routes: ['POST /users'] });
    const s = fixture.schedule(['--cron', '* * * * * *', '--tz', 'UTC'], ws.env);
    await s.waitFor('two runs', (lines) => ran(lines).length >= 2);
    // A run every second: the stop may fall during one (130) or between two (0).
    expect([0, 130]).toContain(await s.stop());
    const runs = (await storedRuns(databaseUrl)).filter((run) => run.mode === 'apply');
    for (let i = 1; i < runs.length; i += 1) expect(Date.parse(runs[i]!.startedAt)).toBeGreaterThanOrEqual(Date.parse(runs[i - 1]!.finishedAt!));
    const passed = s.lines().find((line) => /passed while the run was going on/.test(line.msg));
    expect(passed?.missed).toBeGreaterThanOrEqual(1);
    expect(s.ticks().filter((line) => line.tick === 'skipped')).toEqual([]);
    // No user was created twice: Deskbee holds as many as the runs' journals say were created.
    const createdByRuns = runs.reduce((n, run) => n + (run.counts.createUser?.applied ?? 0), 0);
    expect(emulator.snapshot().users).toHaveLength(createdByRuns);
  });
});
