/** Counters of what the client sent and what came back, for reports and benchmarks. */
export interface RequestStats {
  /** HTTP requests sent, token requests included. */
  requests: number;
  /** Requests that were a second or later attempt. */
  retries: number;
  /** 429 answers. */
  throttled: number;
  /** 5xx answers. */
  serverErrors: number;
  /** Timeouts and connections refused, reset or dropped. */
  networkErrors: number;
  /** Token requests (first ones and renewals). */
  tokenRequests: number;
  /** Creates whose outcome was unknown and that were settled by looking the entity up. */
  createsRecovered: number;
  /** Requests by `METHOD /path-template`, e.g. `GET /users`. */
  byRoute: Record<string, number>;
  /** The request rate now, in requests per second: reads and writes together. */
  ratePerSecond: number;
  /** The API's rate limit as estimated from its 429s, per second; absent until a 429 was seen. */
  limitPerSecond?: number;
}

/** Mutable counters owned by one client. */
export class RequestCounters {
  requests = 0;
  retries = 0;
  throttled = 0;
  serverErrors = 0;
  networkErrors = 0;
  tokenRequests = 0;
  createsRecovered = 0;
  readonly #byRoute = new Map<string, number>();

  countRoute(route: string): void {
    this.#byRoute.set(route, (this.#byRoute.get(route) ?? 0) + 1);
  }

  snapshot(ratePerSecond: number, limitPerSecond?: number): RequestStats {
    return {
      requests: this.requests,
      retries: this.retries,
      throttled: this.throttled,
      serverErrors: this.serverErrors,
      networkErrors: this.networkErrors,
      tokenRequests: this.tokenRequests,
      createsRecovered: this.createsRecovered,
      byRoute: Object.fromEntries([...this.#byRoute].sort(([a], [b]) => a.localeCompare(b))),
      ratePerSecond,
      ...(limitPerSecond === undefined ? {} : { limitPerSecond }),
    };
  }
}

/** `/users/5f0c…/` → `/users/{uuid}`: counts by route, not by entity. */
export function routeTemplate(pathname: string): string {
  return pathname.replace(/\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?=\/|$)/gi, '/{uuid}');
}
