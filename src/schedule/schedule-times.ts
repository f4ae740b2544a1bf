/**
 * When scheduled runs are due: a cron expression (croner's syntax: five
 * fields, or six with seconds first, in a time zone) or a fixed interval.
 * Pure: every answer is computed from the instant it is given.
 */
import { Cron } from 'croner';
import { formatDuration } from './duration.js';

/** The times a scheduler runs at. */
export interface ScheduleTimes {
  /** For logs and /healthz: `cron "0 2 * * *" in Europe/Lisbon`, `every 15m`. */
  readonly description: string;
  /** The first time strictly after `after`; null when the schedule has no more times. */
  next(after: Date): Date | null;
  /**
   * The longest gap between two consecutive times over the next
   * `periodSample` times after `from`: the schedule's period, for a cron
   * expression whose gaps differ (weekdays only, office hours). Null when
   * fewer than two times are left.
   */
  periodMs(from: Date): number | null;
}

/** How many upcoming times `periodMs` looks at. */
export const periodSample = 20;

/** The machine's time zone, as the operating system sets it (TZ, /etc/localtime). */
export function machineTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** True when `zone` is an IANA time zone name this Node.js knows. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The times of a cron expression in `timeZone`. Throws croner's TypeError,
 * which names the field, when the expression is not valid.
 */
export function cronTimes(expression: string, timeZone: string): ScheduleTimes {
  const cron = new Cron(expression, { timezone: timeZone, paused: true });
  const times: ScheduleTimes = {
    description: `cron "${expression}" in ${timeZone}`,
    next: (after) => cron.nextRun(after),
    periodMs: (from) => longestGap(times, from),
  };
  return times;
}

/** Every `everyMs`, counted from `anchor` (the scheduler's start): the first time is one interval after it. */
export function intervalTimes(everyMs: number, anchor: Date): ScheduleTimes {
  if (!(everyMs > 0)) throw new RangeError('an interval must be longer than zero');
  const start = anchor.getTime();
  return {
    description: `every ${formatDuration(everyMs)}`,
    next: (after) => new Date(start + Math.max(1, Math.floor((after.getTime() - start) / everyMs) + 1) * everyMs),
    periodMs: () => everyMs,
  };
}

function longestGap(times: ScheduleTimes, from: Date): number | null {
  let previous = times.next(from);
  let longest: number | null = null;
  for (let i = 1; previous && i < periodSample; i += 1) {
    const next = times.next(previous);
    if (!next) break;
    longest = Math.max(longest ?? 0, next.getTime() - previous.getTime());
    previous = next;
  }
  return longest;
}
