import { describe, expect, it } from 'vitest';
import type { Clock } from '../../src/context/run-context.js';
import { defaultRateOptions, RateLimiter, type RateOptions } from '../../src/deskbee/rate-limiter.js';

/** A clock the test moves by hand; the limiter never sleeps. */
function handClock(): Clock & { at: number } {
  const clock = {
    at: 0,
    now: () => clock.at,
    sleep: () => Promise.reject(new Error('the rate limiter must not sleep')),
  };
  return clock;
}

function limiterAt(options: Partial<RateOptions> = {}) {
  const clock = handClock();
  return { clock, limiter: new RateLimiter({ ...defaultRateOptions, ...options }, clock) };
}

/** Sends `count` requests at the limiter's own pace, each waiting for its slot and accepted at once. */
function sendAtPace(clock: Clock & { at: number }, limiter: RateLimiter, count: number): void {
  for (let i = 0; i < count; i += 1) {
    clock.at += 1000 / limiter.perSecond;
    limiter.onAccepted(limiter.onDispatch('pace-bound'));
  }
}

describe('the rate limiter', () => {
  it('starts slowly and doubles every half window spent waiting for slots', () => {
    const { clock, limiter } = limiterAt();
    expect(limiter.perSecond).toBe(10);
    expect(limiter.phase).toBe('slow-start');
    expect(limiter.pacesReads).toBe(false);
    const start = clock.at;
    while (limiter.perSecond < 160) sendAtPace(clock, limiter, 1);
    // 10 -> 160 is four doublings of half a 1 s window: about two seconds.
    expect(clock.at - start).toBeGreaterThan(1800);
    expect(clock.at - start).toBeLessThan(2300);
  });

  it('does not grow while the caller sends less than it allows', () => {
    const { clock, limiter } = limiterAt();
    for (let i = 0; i < 100; i += 1) {
      clock.at += 1000;
      limiter.onAccepted(limiter.onDispatch('paced'));
      clock.at += 10;
      limiter.onAccepted(limiter.onDispatch('unpaced'));
    }
    expect(limiter.perSecond).toBe(10);
  });

  it('on the first 429 takes the accepted throughput as the limit and holds below it', () => {
    const { clock, limiter } = limiterAt();
    for (let i = 0; i < 60; i += 1) {
      clock.at += 25;
      limiter.onAccepted(limiter.onDispatch('paced'));
    }
    clock.at += 1;
    limiter.onThrottled(limiter.onDispatch('paced'));
    // 40 accepted in the last second: the limit is 40/s; hold at 0.95 of it.
    expect(limiter.phase).toBe('hold');
    expect(limiter.limitEstimate).toBe(40);
    expect(limiter.perSecond).toBeCloseTo(38);
    expect(limiter.pacesReads).toBe(true);
  });

  it('counts answers that arrive after the 429 for requests sent before it', () => {
    const { clock, limiter } = limiterAt();
    const inFlight: number[] = [];
    for (let i = 0; i < 40; i += 1) {
      clock.at += 25;
      const sentAt = limiter.onDispatch('paced');
      if (i < 30) limiter.onAccepted(sentAt);
      else inFlight.push(sentAt);
    }
    clock.at += 1;
    limiter.onThrottled(limiter.onDispatch('paced'));
    expect(limiter.limitEstimate).toBe(30);
    for (const sentAt of inFlight) limiter.onAccepted(sentAt);
    expect(limiter.limitEstimate).toBe(40);
  });

  it('ignores 429s to requests sent before a window has passed since it reacted', () => {
    const { clock, limiter } = limiterAt();
    for (let i = 0; i < 40; i += 1) {
      clock.at += 25;
      limiter.onAccepted(limiter.onDispatch('paced'));
    }
    const early = limiter.onDispatch('paced');
    clock.at += 1;
    limiter.onThrottled(limiter.onDispatch('paced'));
    const estimate = limiter.limitEstimate;
    clock.at += 500;
    limiter.onThrottled(early);
    limiter.onThrottled(limiter.onDispatch('paced'));
    expect(limiter.limitEstimate).toBe(estimate);
  });

  /** Slow start ended by a 429 at 100 requests/s: the estimate is 100. */
  function heldAt100() {
    const { clock, limiter } = limiterAt();
    for (let i = 0; i < 100; i += 1) {
      clock.at += 10;
      limiter.onAccepted(limiter.onDispatch('paced'));
    }
    limiter.onThrottled(limiter.onDispatch('paced'));
    expect(limiter.limitEstimate).toBe(100);
    clock.at += 2000;
    return { clock, limiter };
  }

  it('cuts 3% on a 429 at the edge (one refused), however little the caller managed to send', () => {
    const { clock, limiter } = heldAt100();
    // The caller sent 60 in the last second, all accepted but the last.
    for (let i = 0; i < 60; i += 1) {
      clock.at += 1000 / 60;
      limiter.onAccepted(limiter.onDispatch('pace-bound'));
    }
    limiter.onThrottled(limiter.onDispatch('pace-bound'));
    expect(limiter.limitEstimate).toBeCloseTo(97);
  });

  it('drops to the measured throughput when many are refused, at most to 95% and never below half of what was sent', () => {
    const { clock, limiter } = heldAt100();
    // The limit fell to 60: of 95 sent in a second, 60 accepted.
    for (let i = 0; i < 95; i += 1) {
      clock.at += 1000 / 95;
      const sentAt = limiter.onDispatch('pace-bound');
      if (i % 95 < 60) limiter.onAccepted(sentAt);
    }
    limiter.onThrottled(limiter.onDispatch('pace-bound'));
    expect(limiter.limitEstimate).toBe(60);
    clock.at += 2000;
    // Almost everything refused: half of what was sent, not zero.
    for (let i = 0; i < 57; i += 1) {
      clock.at += 1000 / 57;
      limiter.onDispatch('pace-bound');
    }
    limiter.onThrottled(limiter.onDispatch('pace-bound'));
    expect(limiter.limitEstimate).toBe(29);
  });

  it('probes upward rarely and gently: 2% at a time, steps doubling only after three probes without a 429', () => {
    const { clock, limiter } = limiterAt();
    for (let i = 0; i < 50; i += 1) {
      clock.at += 20;
      limiter.onAccepted(limiter.onDispatch('paced'));
    }
    limiter.onThrottled(limiter.onDispatch('paced'));
    expect(limiter.limitEstimate).toBe(50);
    const estimates: number[] = [];
    for (let second = 0; second < 65; second += 1) {
      sendAtPace(clock, limiter, Math.round(limiter.perSecond));
      estimates.push(limiter.limitEstimate ?? 0);
    }
    const distinct = [...new Set(estimates.map((e) => e.toFixed(3)))].map(Number);
    // One probe per 10 s (200 requests at ~48/s take about 4 s).
    expect(distinct).toEqual([50, 51, 52.02, 53.06, 55.183, 59.597, 69.133]);
  });

  it('after a cut at the edge, climbs back halfway to where the 429 came at each probe', () => {
    const { clock, limiter } = heldAt100();
    for (let i = 0; i < 95; i += 1) {
      clock.at += 1000 / 95;
      const sentAt = limiter.onDispatch('pace-bound');
      // The limit is 100, but bunching refused the last few of this second.
      if (i < 90) limiter.onAccepted(sentAt);
    }
    limiter.onThrottled(limiter.onDispatch('pace-bound'));
    expect(limiter.limitEstimate).toBeCloseTo(97);
    sendAtPace(clock, limiter, 2000);
    // Two probes in ~21 s: 97 -> 98.94 (2%, more than half the way) -> 100.92 (at the 429's level: 2% steps from here).
    expect(limiter.limitEstimate).toBeCloseTo(100.92, 1);
  });

  it('does not probe while the caller sends less than it allows', () => {
    const { clock, limiter } = limiterAt();
    for (let i = 0; i < 50; i += 1) {
      clock.at += 20;
      limiter.onAccepted(limiter.onDispatch('paced'));
    }
    limiter.onThrottled(limiter.onDispatch('paced'));
    for (let i = 0; i < 2000; i += 1) {
      clock.at += 100;
      limiter.onAccepted(limiter.onDispatch('paced'));
    }
    expect(limiter.limitEstimate).toBe(50);
  });

  it('keeps to a configured ceiling and floor', () => {
    const { clock, limiter } = limiterAt({ maxPerSecond: 20, minPerSecond: 2 });
    sendAtPace(clock, limiter, 500);
    expect(limiter.perSecond).toBe(20);
    limiter.onThrottled(clock.at - 5000);
    expect(limiter.perSecond).toBe(2);
  });
});
