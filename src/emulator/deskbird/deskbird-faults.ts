/**
 * How the deskbird emulator disagrees with its own defaults: the hostile
 * behaviour the Deskbee emulator has (a rate limit, latency, injected 5xx
 * answers, dropped connections, forbidden routes), list pages that always
 * fail, a `total` that lies, and the shapes deskbird's public material does
 * not show (how group members are listed, the largest page). Every random
 * decision comes from one seedable generator.
 */
import { z } from 'zod';
import { ConfigError } from '../../errors.js';
import type { Random } from '../prng.js';
import { type RateLimit, RateWindow, rateLimitSchema, routeListed } from '../rate-window.js';

/**
 * Where group members can be found (none of it is published):
 * - `memberIds`: each group, listed or fetched alone, carries `memberIds` (user ids);
 * - `members`: each group carries `members: [{id, email}]`;
 * - `detail`: only `GET /groups/{id}` carries `memberIds`, the list does not;
 * - `endpoint`: `GET /groups/{id}/members` pages the members (users), groups carry none;
 * - `userGroupIds`: each user carries `groupIds`, groups carry none;
 * - `absent`: members are nowhere.
 */
export const deskbirdMembershipModes = ['memberIds', 'members', 'detail', 'endpoint', 'userGroupIds', 'absent'] as const;
export type DeskbirdMembershipMode = (typeof deskbirdMembershipModes)[number];

const rate = z.number().min(0).max(1);
const serverError = z.union([z.literal(500), z.literal(502), z.literal(503), z.literal(504)]);

const failingPageSchema = z.strictObject({
  /** The list's path (`/users`, `/groups/{id}/members` or a real group's members path). */
  path: z.string().startsWith('/'),
  /** The `offset` of the page that fails. */
  offset: z.number().int().min(0),
  /** Default 503. */
  status: serverError.default(503),
});

/** A change to the settings: any subset of the fields (no defaults here, so a change leaves the rest alone). */
export const deskbirdFaultsPatchSchema = z.strictObject({
  /** null: no rate limit. */
  rateLimit: rateLimitSchema.nullable().optional(),
  /** Fixed delay before each API request is handled, in ms. */
  latencyMs: z.number().int().min(0).optional(),
  /** Extra random delay, uniform in [0, jitterMs). */
  jitterMs: z.number().int().min(0).optional(),
  /** Fraction of API requests answered with a 5xx from `errorStatuses`. */
  errorRate: rate.optional(),
  /** 500 comes as JSON; 502/503/504 as a proxy's HTML page. */
  errorStatuses: z.array(serverError).min(1).optional(),
  /** Fraction of API requests answered by closing the connection without a word. */
  dropRate: rate.optional(),
  /** Route templates (`GET /users`) or paths that latency, errors, drops and `totalDelta` apply to; null: all. */
  routes: z.array(z.string().min(1)).nullable().optional(),
  /** Route templates or paths answered 403 once the API key is accepted (a key without that permission). */
  forbiddenRoutes: z.array(z.string().min(1)).optional(),
  /** List pages answered with a 5xx every time they are asked for. */
  failingPages: z.array(failingPageSchema).optional(),
  /** Added to the `total` of every list answer (a count that disagrees with the rows). */
  totalDelta: z.number().int().optional(),
  /** Where group members are listed. */
  membership: z.enum(deskbirdMembershipModes).optional(),
  /** The largest `limit` a list takes. */
  maxLimit: z.number().int().min(1).max(100_000).optional(),
  /** A `limit` above `maxLimit`: `clamp` (answer `maxLimit` rows, say so in `limit`) or `reject` (400). */
  overMaxLimit: z.enum(['clamp', 'reject']).optional(),
});

export type DeskbirdFaultsInput = z.input<typeof deskbirdFaultsPatchSchema>;

/** The full settings. */
export interface DeskbirdFaults {
  /** Default null. */
  rateLimit: RateLimit | null;
  /** Default 0. */
  latencyMs: number;
  /** Default 0. */
  jitterMs: number;
  /** Default 0. */
  errorRate: number;
  /** Default [500, 503]. */
  errorStatuses: Array<500 | 502 | 503 | 504>;
  /** Default 0. */
  dropRate: number;
  /** Default null (all routes). */
  routes: string[] | null;
  /** Default []. */
  forbiddenRoutes: string[];
  /** Default []. */
  failingPages: Array<{ path: string; offset: number; status: 500 | 502 | 503 | 504 }>;
  /** Default 0. */
  totalDelta: number;
  /** Default `memberIds`. */
  membership: DeskbirdMembershipMode;
  /** Default 100 (the documented default limit; the real maximum is not published). */
  maxLimit: number;
  /** Default `clamp`. */
  overMaxLimit: 'clamp' | 'reject';
}

export const defaultDeskbirdFaults: Readonly<DeskbirdFaults> = Object.freeze({
  rateLimit: null,
  latencyMs: 0,
  jitterMs: 0,
  errorRate: 0,
  errorStatuses: [500, 503] as Array<500 | 502 | 503 | 504>,
  dropRate: 0,
  routes: null,
  forbiddenRoutes: [],
  failingPages: [],
  totalDelta: 0,
  membership: 'memberIds',
  maxLimit: 100,
  overMaxLimit: 'clamp',
});

/** What to do to one request before it is handled. */
export interface DeskbirdFaultDecision {
  delayMs: number;
  /** A status to answer with instead of handling the request. */
  failWith?: number;
  /** Close the connection instead of answering. */
  drop: boolean;
}

/** Checks a change; the error names the field. */
export function parseDeskbirdFaults(raw: unknown): Partial<DeskbirdFaults> {
  const result = deskbirdFaultsPatchSchema.safeParse(raw);
  if (result.success) return Object.fromEntries(Object.entries(result.data).filter(([, v]) => v !== undefined)) as Partial<DeskbirdFaults>;
  const issues = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
  throw new ConfigError(`invalid deskbird emulator settings (${issues}).`, 'deskbird emulator faults');
}

export class DeskbirdFaultInjector {
  private current: DeskbirdFaults = structuredClone(defaultDeskbirdFaults) as DeskbirdFaults;
  private readonly window = new RateWindow();

  constructor(
    private readonly random: Random,
    initial?: DeskbirdFaultsInput,
  ) {
    if (initial) this.update(initial);
  }

  settings(): DeskbirdFaults {
    return structuredClone(this.current);
  }

  /** The settings in force, not copied (for the request path; never change it). */
  view(): Readonly<DeskbirdFaults> {
    return this.current;
  }

  /** Merges a change into the settings; a changed rate limit starts a fresh window. */
  update(change: unknown): DeskbirdFaults {
    const parsed = parseDeskbirdFaults(change);
    if ('rateLimit' in parsed) this.window.reset();
    this.current = { ...this.current, ...parsed };
    return this.settings();
  }

  /** Seconds until a slot frees when the request is over the limit, else undefined. */
  rateLimited(now: number): number | undefined {
    return this.window.take(this.current.rateLimit, now);
  }

  /** Draws this request's latency, injected error and drop. `route` is `METHOD /template`. */
  decide(route: string): DeskbirdFaultDecision {
    const s = this.current;
    if (s.routes && !routeListed(s.routes, route)) return { delayMs: 0, drop: false };
    const delayMs = s.latencyMs + (s.jitterMs > 0 ? Math.floor(this.random.next() * s.jitterMs) : 0);
    if (s.errorRate > 0 && this.random.next() < s.errorRate) {
      return { delayMs, failWith: s.errorStatuses[Math.floor(this.random.next() * s.errorStatuses.length)] ?? 500, drop: false };
    }
    return { delayMs, drop: s.dropRate > 0 && this.random.next() < s.dropRate };
  }

  /** What to add to the `total` of a list at `route` (`METHOD /template`): `totalDelta` where `routes` apply. */
  totalDeltaFor(route: string): number {
    const s = this.current;
    return s.routes && !routeListed(s.routes, route) ? 0 : s.totalDelta;
  }

  /** Whether `route` (`METHOD /template`) is answered 403. */
  forbidden(route: string): boolean {
    return this.current.forbiddenRoutes.length > 0 && routeListed(this.current.forbiddenRoutes, route);
  }

  /** The status a list page at `path` (or its `template`) and `offset` always fails with, if it is one. */
  failingPage(path: string, template: string, offset: number): number | undefined {
    return this.current.failingPages.find((p) => p.offset === offset && (p.path === path || p.path === template))?.status;
  }
}
