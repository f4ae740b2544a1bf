/**
 * When and how long to wait before sending a request again.
 */

export interface RetryPolicy {
  /** Attempts in all for an idempotent request failing with 5xx, timeout or network error. Default 5. */
  maxAttempts: number;
  /** Attempts in all for a request answered 429 (Deskbee did not process it). Default 10. */
  maxThrottledAttempts: number;
  /** First backoff in milliseconds; doubles each attempt. Default 250. */
  baseDelayMs: number;
  /** Longest backoff in milliseconds. Default 20,000. */
  maxDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = Object.freeze({
  maxAttempts: 5,
  maxThrottledAttempts: 10,
  baseDelayMs: 250,
  maxDelayMs: 20_000,
});

/**
 * Exponential backoff with full jitter: a random wait between half and all of
 * `base * 2^(attempt-1)`, capped. A server's `Retry-After` wins when longer.
 */
export function backoffDelay(
  policy: RetryPolicy,
  attempt: number,
  random: () => number,
  retryAfterMs?: number,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  const jittered = ceiling / 2 + random() * (ceiling / 2);
  return Math.round(retryAfterMs !== undefined ? Math.max(jittered, Math.min(retryAfterMs, policy.maxDelayMs * 3)) : jittered);
}

/**
 * Parses a `Retry-After` header: delay-seconds or an HTTP date. Deskbee does
 * not document one, so absence is the normal case.
 */
export function parseRetryAfter(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
