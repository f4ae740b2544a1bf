/**
 * The scheduler's loop: wait for the next scheduled time (and a random
 * jitter), run one tick, log and keep its outcome, repeat. One tick at a
 * time: a tick still running when the next time comes is not started
 * twice, and the times it outlasted are logged and left out. Across
 * processes the store's write lock does the same (see sync-tick.ts).
 *
 * Stopping (the signal aborts on SIGINT/SIGTERM): between ticks the loop
 * ends at once with 0; during a tick the same signal stops the run (no new
 * change starts, those in flight finish, the run is recorded as
 * interrupted) and the loop ends with 130 once it has.
 */
import type { Clock, Logger } from '../context/run-context.js';
import { ExitCode } from '../exit-codes.js';
import { formatDuration } from './duration.js';
import type { ScheduleHealth } from './schedule-health.js';
import type { ScheduleTimes } from './schedule-times.js';
import { logTick } from './tick-log.js';
import type { TickOutcome } from './tick-outcome.js';

export interface SchedulerInit {
  times: ScheduleTimes;
  /** Runs one tick; never throws (runSyncTick). */
  tick: () => Promise<TickOutcome>;
  /** Kept up to date for /healthz. */
  health: ScheduleHealth;
  clock: Clock;
  /** Aborts on SIGINT/SIGTERM; the tick's run uses the same signal. */
  signal: AbortSignal;
  logger: Logger;
  /** A random delay up to this before each run, in ms. Default 0. */
  jitterMs?: number;
  /** Numbers in [0, 1) for the jitter. Default Math.random. */
  random?: () => number;
  /** Sees every tick's outcome after it is logged (metrics, notifications); an error there is logged and the loop goes on. */
  onTick?: (outcome: TickOutcome) => void | Promise<void>;
}

/** The longest single wait: a long one is cut up so that a suspended machine or a clock change is noticed. */
const maxSleepMs = 60_000;

/** Runs ticks on the schedule until the signal aborts; returns the exit code (0, or 130 when stopped during a run). */
export async function runScheduler(init: SchedulerInit): Promise<number> {
  const { times, clock, signal, logger, health } = init;
  let lastDue = clock.now();
  for (;;) {
    const due = times.next(new Date(Math.max(clock.now(), lastDue)));
    health.scheduled(due);
    if (!due) {
      logger.warn(`the schedule (${times.description}) has no more times; stopping`);
      return ExitCode.ok;
    }
    logger.debug(`next run at ${due.toISOString()}`, { nextRun: due.toISOString() });
    if (!(await sleepUntil(clock, due.getTime(), signal))) return stoppedBetweenRuns(logger);
    lastDue = due.getTime();
    if (!(await jitter(init))) return stoppedBetweenRuns(logger);
    await tickOnce(init, due);
    if (signal.aborted) return ExitCode.interrupted;
    const missed = passedWhileRunning(times, lastDue, clock.now());
    if (missed > 0) {
      logger.info(`${missed} scheduled time(s) passed while the run was going on; they were not started (one run at a time)`, { missed });
    }
  }
}

/** `--once`: one tick now (after the jitter), logged; returns the run's exit code (6 when another process held the store). */
export async function runOnce(init: Omit<SchedulerInit, 'times'>): Promise<number> {
  if (!(await jitter(init))) {
    init.logger.warn('stopped before the run started; nothing was run');
    return ExitCode.interrupted;
  }
  const outcome = await tickOnce(init);
  return outcome.kind === 'ran' ? outcome.summary.exitCode : ExitCode.safety;
}

async function tickOnce(init: Omit<SchedulerInit, 'times'>, due?: Date): Promise<TickOutcome> {
  init.health.started();
  const outcome = await init.tick();
  init.health.finished(outcome);
  logTick(init.logger, outcome, due);
  try {
    await init.onTick?.(outcome);
  } catch (error) {
    init.logger.warn(`after the tick: ${error instanceof Error ? error.message : String(error)}`);
  }
  return outcome;
}

/** Waits for the jitter; false when stopped meanwhile. */
async function jitter(init: Omit<SchedulerInit, 'times'>): Promise<boolean> {
  const delay = Math.floor((init.random ?? Math.random)() * (init.jitterMs ?? 0));
  if (delay <= 0) return !init.signal.aborted;
  init.logger.debug(`waiting ${formatDuration(delay)} (jitter) before the run`, { jitterMs: delay });
  return sleepUntil(init.clock, init.clock.now() + delay, init.signal);
}

/** Sleeps until `when` by the clock; false when the signal aborts first. */
async function sleepUntil(clock: Clock, when: number, signal: AbortSignal): Promise<boolean> {
  for (let left = when - clock.now(); left > 0; left = when - clock.now()) {
    try {
      await clock.sleep(Math.min(left, maxSleepMs), signal);
    } catch (error) {
      if (signal.aborted) return false;
      throw error;
    }
  }
  return !signal.aborted;
}

/** Scheduled times after `due` up to `now`: those a long run outlasted. */
function passedWhileRunning(times: ScheduleTimes, due: number, now: number): number {
  let count = 0;
  // Bounded: a run that outlasts thousands of times is reported as that many, not counted to the end.
  for (let next = times.next(new Date(due)); next && next.getTime() <= now && count < 10_000; next = times.next(next)) count += 1;
  return count;
}

function stoppedBetweenRuns(logger: Logger): number {
  logger.info('stopped between runs');
  return ExitCode.ok;
}
