/** When scheduled runs are due, and durations as the command line writes them: pure. */
import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../src/schedule/duration.js';
import { cronTimes, intervalTimes, isTimeZone } from '../../src/schedule/schedule-times.js';

describe('cron times', () => {
  it('02:00 every day in Lisbon, across the spring DST change (UTC+0 to UTC+1)', () => {
    const times = cronTimes('0 2 * * *', 'Europe/Lisbon');
    expect(times.description).toBe('cron "0 2 * * *" in Europe/Lisbon');
    expect(times.next(new Date('2026-03-27T12:00:00Z'))?.toISOString()).toBe('2026-03-28T02:00:00.000Z');
    // 29 March 2026: Lisbon's clocks go from 01:00 to 02:00, so 02:00 local is 01:00 UTC from that day on.
    expect(times.next(new Date('2026-03-28T02:00:00Z'))?.toISOString()).toBe('2026-03-29T01:00:00.000Z');
    expect(times.next(new Date('2026-03-29T01:00:00Z'))?.toISOString()).toBe('2026-03-30T01:00:00.000Z');
    expect(times.periodMs(new Date('2026-01-01T00:00:00Z'))).toBe(86_400_000);
  });

  it('the next time is strictly after the one given, so a tick never repeats its own time', () => {
    const times = cronTimes('*/3 * * * * *', 'UTC');
    expect(times.next(new Date('2026-01-01T00:00:03.000Z'))?.toISOString()).toBe('2026-01-01T00:00:06.000Z');
    expect(times.next(new Date('2026-01-01T00:00:02.999Z'))?.toISOString()).toBe('2026-01-01T00:00:03.000Z');
    expect(times.periodMs(new Date('2026-01-01T00:00:00Z'))).toBe(3_000);
  });

  it('the period of a weekdays-only schedule is its longest gap, over the weekend', () => {
    const times = cronTimes('0 7 * * 1-5', 'UTC');
    expect(times.periodMs(new Date('2026-01-01T00:00:00Z'))).toBe(3 * 86_400_000);
  });

  it('an expression that never comes round has no next time; a wrong field is refused by croner with its name', () => {
    expect(cronTimes('0 0 30 2 *', 'UTC').next(new Date('2026-01-01T00:00:00Z'))).toBeNull();
    expect(cronTimes('0 0 30 2 *', 'UTC').periodMs(new Date('2026-01-01T00:00:00Z'))).toBeNull();
    expect(() => cronTimes('0 25 * * *', 'UTC')).toThrow(/hour/);
  });

  it('knows time zones by their IANA names', () => {
    expect(isTimeZone('Europe/Lisbon')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });
});

describe('interval times', () => {
  it('every 15 minutes from the start, the first one interval after it', () => {
    const start = new Date('2026-01-01T10:00:00Z');
    const times = intervalTimes(15 * 60_000, start);
    expect(times.description).toBe('every 15m');
    expect(times.next(start)?.toISOString()).toBe('2026-01-01T10:15:00.000Z');
    expect(times.next(new Date('2026-01-01T10:15:00Z'))?.toISOString()).toBe('2026-01-01T10:30:00.000Z');
    // A run that outlasts several intervals: the next time is the first one still ahead.
    expect(times.next(new Date('2026-01-01T11:07:00Z'))?.toISOString()).toBe('2026-01-01T11:15:00.000Z');
    expect(times.periodMs(start)).toBe(15 * 60_000);
    expect(() => intervalTimes(0, start)).toThrow(RangeError);
  });
});

describe('durations', () => {
  it('reads 90s, 15m, 2h, 1d and 1h30m, and nothing else', () => {
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('15m')).toBe(900_000);
    expect(parseDuration('2h')).toBe(7_200_000);
    expect(parseDuration('1d')).toBe(86_400_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('250ms')).toBe(250);
    for (const wrong of ['', '15', 'm', '15 m', '1.5h', '-5m', '15minutes']) expect(parseDuration(wrong), wrong).toBeUndefined();
  });

  it('writes the largest units first', () => {
    expect(formatDuration(5_400_000)).toBe('1h30m');
    expect(formatDuration(2 * 86_400_000 + 1_000)).toBe('2d1s');
    expect(formatDuration(250)).toBe('250ms');
    expect(formatDuration(1_542)).toBe('1.5s');
    expect(formatDuration(45_000)).toBe('45s');
  });
});
