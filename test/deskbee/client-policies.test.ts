import { describe, expect, it } from 'vitest';
import { routeTemplate } from '../../src/deskbee/request-stats.js';
import { backoffDelay, defaultRetryPolicy, parseRetryAfter } from '../../src/deskbee/retry-policy.js';

describe('backoff', () => {
  it('doubles, stays within half and all of its ceiling, and is capped', () => {
    const policy = { ...defaultRetryPolicy, baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffDelay(policy, 1, () => 0)).toBe(50);
    expect(backoffDelay(policy, 1, () => 1)).toBe(100);
    expect(backoffDelay(policy, 3, () => 1)).toBe(400);
    expect(backoffDelay(policy, 10, () => 1)).toBe(1000);
    expect(backoffDelay(policy, 10, () => 0)).toBe(500);
  });

  it('waits at least what Retry-After asks, within reason', () => {
    const policy = { ...defaultRetryPolicy, baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffDelay(policy, 1, () => 0, 2500)).toBe(2500);
    expect(backoffDelay(policy, 1, () => 0, 3_600_000)).toBe(3000);
  });

  it('reads Retry-After as seconds or as a date', () => {
    expect(parseRetryAfter('7', 0)).toBe(7000);
    expect(parseRetryAfter('Thu, 01 Jan 1970 00:00:05 GMT', 1000)).toBe(4000);
    expect(parseRetryAfter(null, 0)).toBeUndefined();
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
  });
});

describe('route templates', () => {
  it('count by route, not by entity', () => {
    expect(routeTemplate('/users/0f8fad5b-d9cb-469f-a165-70867728950e')).toBe('/users/{uuid}');
    expect(routeTemplate('/users/squads/add')).toBe('/users/squads/add');
  });
});
