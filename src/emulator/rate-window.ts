/**
 * Pieces of fault injection that do not depend on the API emulated: a
 * sliding-window request limit and the way route lists name routes. The
 * Deskbee and the deskbird emulators both use them.
 */
import { z } from 'zod';

/** A request limit as the fault settings take it. */
export const rateLimitSchema = z.strictObject({
  /** Requests allowed per window. */
  requests: z.number().int().positive(),
  /** Window length in ms (sliding). Default 60000. */
  windowMs: z.number().int().positive().default(60_000),
  /** Send a `Retry-After` header with 429s. Default false: neither API documents one. */
  retryAfter: z.boolean().default(false),
});

/** A request limit with its defaults applied. */
export type RateLimit = z.output<typeof rateLimitSchema>;

/** Counts requests against a sliding window. */
export class RateWindow {
  private hits: number[] = [];

  /** Forgets every request counted so far (a changed limit starts a fresh window). */
  reset(): void {
    this.hits = [];
  }

  /**
   * Counts a request at `now` against `limit`; returns the seconds until a
   * slot frees when over the limit, else undefined. Refused requests do not
   * use up a slot (like Laravel's throttle).
   */
  take(limit: RateLimit | null, now: number): number | undefined {
    if (!limit) return undefined;
    const windowStart = now - limit.windowMs;
    while (this.hits.length > 0 && (this.hits[0] ?? 0) <= windowStart) this.hits.shift();
    if (this.hits.length >= limit.requests) {
      return Math.max(1, Math.ceil(((this.hits[0] ?? now) + limit.windowMs - now) / 1000));
    }
    this.hits.push(now);
    return undefined;
  }
}

/** A list entry names a route by `METHOD /template` or by its path alone (any method). */
export function routeListed(list: readonly string[], route: string): boolean {
  const path = route.slice(route.indexOf(' ') + 1);
  return list.some((r) => r === route || r === path);
}
