/**
 * Hostile behaviour, switchable at start and at run time: a request rate
 * limit, added latency, injected 5xx answers (before anything is done),
 * writes that are committed and then answered with a dropped connection,
 * routes the client is forbidden, user fields that are dropped, hidden or
 * altered (user-field-faults.ts), and a tag removal that is not offered. Every random decision comes from one
 * seedable generator.
 */
import { z } from 'zod';
import { ConfigError } from '../errors.js';
import type { Random } from './prng.js';
import { RateWindow, rateLimitSchema, routeListed } from './rate-window.js';
import { type UserFieldFaults, userFieldFaultShape } from './user-field-faults.js';

const rate = z.number().min(0).max(1);

/**
 * `offered`: the tag is removed. `method-not-allowed`: Laravel's 405 for a
 * path served with other methods only. `not-found`: the 404 of an unknown route.
 */
export const tagRemovalModes = ['offered', 'method-not-allowed', 'not-found'] as const;
export type TagRemovalMode = (typeof tagRemovalModes)[number];

/**
 * A change to the fault settings: any subset of the fields. (No defaults in
 * here, so that a partial update leaves the other fields alone.)
 */
export const faultSettingsPatchSchema = z.strictObject({
  /** null: no rate limit. The token endpoint counts too. */
  rateLimit: rateLimitSchema.nullable().optional(),
  /** Fixed delay added before each API request is handled, in ms. */
  latencyMs: z.number().int().min(0).optional(),
  /** Extra random delay, uniform in [0, jitterMs). */
  jitterMs: z.number().int().min(0).optional(),
  /** Fraction of API requests answered with a 5xx before anything is done. */
  errorRate: rate.optional(),
  /** Statuses drawn from for injected errors. 500 is Deskbee's JSON `internal_error`; others come as a gateway's HTML page. */
  errorStatuses: z.array(z.union([z.literal(500), z.literal(502), z.literal(503), z.literal(504)])).min(1).optional(),
  /** Fraction of successful writes that are applied and then answered by destroying the socket. */
  dropAfterCommitRate: rate.optional(),
  /** Route templates (`POST /users`) or paths (`/users`, any method) that latency, errors and drops apply to; null: all. */
  routes: z.array(z.string().min(1)).nullable().optional(),
  /** Route templates or paths answered 403 `forbidden` after the bearer is checked (a client lacking a scope or a permission). */
  forbiddenRoutes: z.array(z.string().min(1)).optional(),
  /** The token answer carries the granted scopes in a `scope` field. */
  tokenAnswerScope: z.boolean().optional(),
  /** How `DELETE /users/tags/{uuid}` is answered: a guessed route that a real Deskbee may lack. */
  tagRemoval: z.enum(tagRemovalModes).optional(),
  ...userFieldFaultShape,
});

/** What callers pass to change faults. */
export type FaultSettingsInput = z.input<typeof faultSettingsPatchSchema>;

/** The full fault settings. */
export interface FaultSettings extends UserFieldFaults {
  /** Default null: no rate limit. */
  rateLimit: { requests: number; windowMs: number; retryAfter: boolean } | null;
  /** Default 0. */
  latencyMs: number;
  /** Default 0. */
  jitterMs: number;
  /** Default 0. */
  errorRate: number;
  /** Default [500, 503]. */
  errorStatuses: Array<500 | 502 | 503 | 504>;
  /** Default 0. */
  dropAfterCommitRate: number;
  /** Default null (all routes). */
  routes: string[] | null;
  /** Default []: no route is forbidden. Not limited by `routes`. */
  forbiddenRoutes: string[];
  /** Default false: the answer has `access_token`, `token_type` and `expires_in` only, as in the reference. */
  tokenAnswerScope: boolean;
  /** Default `offered`: `DELETE /users/tags/{uuid}` removes the tag. */
  tagRemoval: TagRemovalMode;
}

export const defaultFaultSettings: Readonly<FaultSettings> = Object.freeze({
  rateLimit: null,
  latencyMs: 0,
  jitterMs: 0,
  errorRate: 0,
  errorStatuses: [500, 503] as Array<500 | 502 | 503 | 504>,
  dropAfterCommitRate: 0,
  routes: null,
  forbiddenRoutes: [],
  tokenAnswerScope: false,
  tagRemoval: 'offered',
  undeclaredUserFields: [],
  hiddenUserFields: [],
  alteredUserFields: {},
});

/** Checks a fault settings change; errors name the field. */
export function parseFaultSettings(raw: unknown): Partial<FaultSettings> {
  const result = faultSettingsPatchSchema.safeParse(raw);
  if (result.success) {
    // Drop keys that were absent, so that merging leaves those fields alone.
    return Object.fromEntries(Object.entries(result.data).filter(([, v]) => v !== undefined)) as Partial<FaultSettings>;
  }
  const issues = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
  throw new ConfigError(`invalid emulator fault settings (${issues}).`, 'emulator faults');
}

/** What to do to one request before it is handled. */
export interface FaultDecision {
  delayMs: number;
  /** A status to answer with instead of handling the request. */
  failWith?: number;
  /** Apply the write, then destroy the socket instead of answering. */
  dropAfterCommit: boolean;
}

export class FaultInjector {
  private current: FaultSettings = structuredClone(defaultFaultSettings) as FaultSettings;
  private readonly window = new RateWindow();

  constructor(
    private readonly random: Random,
    initial?: FaultSettingsInput,
  ) {
    if (initial) this.update(initial);
  }

  settings(): FaultSettings {
    return structuredClone(this.current);
  }

  /** The settings in force, not copied (for the request path; never change it). */
  view(): Readonly<FaultSettings> {
    return this.current;
  }

  /** Merges `partial` into the settings. A changed rate limit starts a fresh window. */
  update(partial: unknown): FaultSettings {
    const parsed = parseFaultSettings(partial);
    if ('rateLimit' in parsed) this.window.reset();
    this.current = { ...this.current, ...parsed };
    return this.settings();
  }

  /**
   * Counts the request against the sliding window; returns the seconds until
   * a slot frees when over the limit, else undefined. Refused requests do not
   * use up a slot (like Laravel's throttle).
   */
  rateLimited(now: number): number | undefined {
    return this.window.take(this.current.rateLimit, now);
  }

  /** Draws this request's latency, injected error and drop. `route` is `METHOD /template`. */
  decide(route: string, isWrite: boolean): FaultDecision {
    const s = this.current;
    if (!this.applies(route)) return { delayMs: 0, dropAfterCommit: false };
    const delayMs = s.latencyMs + (s.jitterMs > 0 ? Math.floor(this.random.next() * s.jitterMs) : 0);
    let failWith: number | undefined;
    if (s.errorRate > 0 && this.random.next() < s.errorRate) {
      failWith = s.errorStatuses[Math.floor(this.random.next() * s.errorStatuses.length)] ?? 500;
    }
    const dropAfterCommit = isWrite && s.dropAfterCommitRate > 0 && this.random.next() < s.dropAfterCommitRate;
    return failWith === undefined ? { delayMs, dropAfterCommit } : { delayMs, failWith, dropAfterCommit: false };
  }

  /** Whether `route` (`METHOD /template`) is answered 403. */
  forbidden(route: string): boolean {
    return this.current.forbiddenRoutes.length > 0 && routeListed(this.current.forbiddenRoutes, route);
  }

  private applies(route: string): boolean {
    const routes = this.current.routes;
    return !routes || routeListed(routes, route);
  }
}
