/**
 * The built command as a service manager runs it: SIGTERM during a run
 * stops the run cleanly and exits 130; between runs it exits 0; `--once`
 * exits with its run's exit code. And the command line's mistakes exit 64.
 */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { toCsv } from '../../src/demo/sample-hr-csv.js';
import { generateWorkforce } from '../../src/demo/sample-hr-generate.js';
import { skippedMessage } from '../../src/schedule/tick-log.js';
import { finished, runBuilt, startBuilt } from '../support/built-cli.js';
import { runCli } from '../support/cli-harness.js';
import { storedRuns, type LogLine } from './schedule-harness.js';
import { serialConfig, useScheduleFixture } from './schedule-fixture.js';

/** The JSON lines of a --log-format json stderr (the signal notice is plain text). */
function jsonLines(stderr: string): LogLine[] {
  return stderr
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);
}

async function until(what: string, ready: () => boolean, timeoutMs = 40_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`no ${what} within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('deskbee-sync schedule, the built command', () => {
  const fixture = useScheduleFixture('schedule_built');

  it('SIGTERM during a run: changes in flight finish, the run is recorded as interrupted, exit 130', async () => {
    const emulator = fixture.emulator();
    const many = generateWorkforce({ people: 120, squads: 4, costCenters: 2, seed: 29 });
    const { ws, databaseUrl } = await fixture.workspace(serialConfig, toCsv(many));
    emulator.setFaults({ latencyMs: 50, routes: ['POST /users'] });
    const child = startBuilt(['schedule', '--cron', '*/2 * * * * *', '--log-format', 'json'], ws.env);
    const done = finished(child);
    try {
      await until('writes', () => emulator.stats().writesCommitted >= 10);
    } catch (error) {
      child.kill('SIGKILL');
      throw new Error(`${(error as Error).message}; the command printed:\n${(await done).stderr}`);
    }
    child.kill('SIGTERM');
    const result = await done;
    expect(result.code).toBe(130);
    expect(result.stderr).toMatch(/SIGTERM: stopping/);
    const tick = jsonLines(result.stderr).find((line) => line.tick === 'ran')!;
    expect(tick).toMatchObject({ outcome: 'interrupted', exitCode: 130 });
    const runs = (await storedRuns(databaseUrl)).filter((run) => run.mode === 'apply');
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ id: tick.runId, outcome: 'interrupted' });
    // Every user Deskbee created is in the run's counts: nothing in flight was lost, and the rest was not sent.
    const created = emulator.snapshot().users.length;
    expect(created).toBeLessThan(many.people.length);
    expect((runs[0]!.counts.createUser?.applied ?? 0) + (runs[0]!.counts.createUser?.unconfirmed ?? 0)).toBe(created);
  });

  it('SIGTERM between runs exits 0 at once, with no run started', async () => {
    const { ws, databaseUrl } = await fixture.workspace();
    const child = startBuilt(['schedule', '--every', '1h', '--log-format', 'json'], ws.env);
    const done = finished(child);
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    try {
      await until('the start line', () => /"msg":"scheduled: every 1h/.test(stderr));
    } catch (error) {
      child.kill('SIGKILL');
      throw error;
    }
    child.kill('SIGTERM');
    const result = await done;
    expect(result.code).toBe(0);
    expect(jsonLines(result.stderr).at(-1)?.msg).toBe('stopped between runs');
    expect(await storedRuns(databaseUrl)).toEqual([]);
  });

  it('--once runs one sync now and exits with its exit code: 0, 6 while another run holds the store, 5 when Deskbee cannot be reached', async () => {
    const { ws, databaseUrl } = await fixture.workspace();
    const once = await runBuilt(['schedule', '--once', '--log-format', 'json'], ws.env);
    expect(once.code).toBe(0);
    const [tick] = jsonLines(once.stderr).filter((line) => line.tick);
    expect(tick).toMatchObject({ tick: 'ran', outcome: 'succeeded', exitCode: 0 });
    expect(tick).not.toHaveProperty('scheduledFor');

    const session = new pg.Client({ connectionString: databaseUrl });
    await session.connect();
    try {
      await session.query('select pg_advisory_lock($1)', [0x64736b62]);
      const held = await runBuilt(['schedule', '--once'], ws.env);
      expect(held.code).toBe(6);
      expect(held.stderr).toContain(skippedMessage);
    } finally {
      await session.end();
    }

    const unreachable = await runBuilt(['schedule', '--once', '--jitter', '1s'], { ...ws.env, DESKBEE_BASE_URL: 'http://127.0.0.1:9/v1.1' });
    expect(unreachable.code).toBe(5);
    expect(unreachable.stderr).toMatch(/failed \(exit 5\): .*127\.0\.0\.1:9/);
    expect((await storedRuns(databaseUrl)).map((run) => run.outcome)).toEqual(['succeeded', 'failed']);
  });

  it('the command line: a schedule is required, --once takes no schedule, a wrong cron field, time zone or duration exits 64', async () => {
    const { ws } = await fixture.workspace();
    const cases: Array<[string[], RegExp]> = [
      [[], /say when to run: --cron/],
      [['--once', '--port', '8080'], /--once runs one sync now .* --port does not apply/],
      [['--once', '--cron', '0 2 * * *'], /--cron does not apply/],
      [['--cron', '61 2 * * *'], /Invalid value for minute: 61/],
      [['--cron', '0 2 * *'], /five, six, or seven .* parts/],
      [['--cron', '0 2 * * *', '--every', '1h'], /cannot be used with/],
      [['--cron', '0 2 * * *', '--tz', 'Mars/Olympus'], /--tz Mars\/Olympus is not a time zone/],
      [['--cron', '0 0 30 2 *'], /never comes round again/],
      [['--every', '0s'], /--every takes a duration of at least a second/],
      [['--every', '15 minutes'], /--every takes a duration/],
      [['--cron', '0 2 * * *', '--port', '70000'], /--port takes a TCP port/],
    ];
    for (const [args, message] of cases) {
      const result = await runCli(['schedule', ...args], ws.env);
      expect(result.code, args.join(' ')).toBe(64);
      expect(result.stderr, args.join(' ')).toMatch(message);
    }
  });
});
