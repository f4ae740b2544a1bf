import type { z } from 'zod';
import type { RunContext } from '../context/run-context.js';
import type { BearerSource, HttpMethod, HttpTransport } from './http-transport.js';
import type { RequestCounters } from './request-stats.js';
import type { RetryPolicy } from './retry-policy.js';

/** Query parameters of a list or get call. */
export interface ListQuery {
  /** Deskbee's `search`: `key:value` or `key:op:value` pairs joined by `;`. */
  search?: string;
  /** Deskbee's `include`, e.g. `squads` on users. */
  include?: string;
}

/** What every resource needs from the client: sending and URLs. */
export class ClientCore {
  constructor(
    readonly transport: HttpTransport,
    readonly bearer: BearerSource,
    readonly baseUrl: URL,
    readonly counters: RequestCounters,
    readonly retry: RetryPolicy,
    readonly ctx: RunContext,
    readonly random: () => number,
  ) {}

  /** `base + path`, with the query's defined values. */
  url(path: string, query: Record<string, string | number | undefined> = {}): URL {
    return apiUrl(this.baseUrl, path, query);
  }

  call<T>(
    method: HttpMethod,
    url: URL,
    schema: z.ZodType<T>,
    options: { body?: unknown; idempotent: boolean; goneMeansDone?: boolean },
  ): Promise<T> {
    return this.transport.send({ method, url, schema, ...options }, this.bearer);
  }
}

/** `base + path` (the base's own path kept), with the query's defined values. */
export function apiUrl(baseUrl: URL, path: string, query: Record<string, string | number | undefined> = {}): URL {
  const url = new URL(`${baseUrl.pathname.replace(/\/$/, '')}${path}`, baseUrl);
  for (const [name, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(name, String(value));
  return url;
}
