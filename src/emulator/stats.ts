/**
 * Request counters: per `METHOD /route-template`, per answer status, writes,
 * and faults. Admin requests (`/__emulator/…`) are not counted.
 */

/** A copy of the counters at one moment. */
export interface EmulatorStats {
  /** API requests received, the token endpoint and unknown routes included. */
  total: number;
  /** Requests to write routes (POST/PUT/DELETE of resources and membership; not the token endpoint, not unknown routes). */
  writes: number;
  /** Writes that changed state (answered 2xx, or committed and then dropped). */
  writesCommitted: number;
  /** `"POST /users": 12`, `"GET /users/{uuid}": 3`; unknown routes as `"GET (no route)"`. */
  byRoute: Record<string, number>;
  /** `"200": 5`, `"429": 1`; connections dropped after a commit as `"dropped"`. */
  byStatus: Record<string, number>;
  faults: { rateLimited: number; injectedErrors: number; dropped: number };
  /** When the counters were last reset (ISO 8601). */
  since: string;
}

export class RequestStats {
  private s: EmulatorStats;

  constructor(private readonly now: () => number) {
    this.s = this.empty();
  }

  private empty(): EmulatorStats {
    return {
      total: 0,
      writes: 0,
      writesCommitted: 0,
      byRoute: {},
      byStatus: {},
      faults: { rateLimited: 0, injectedErrors: 0, dropped: 0 },
      since: new Date(this.now()).toISOString(),
    };
  }

  reset(): void {
    this.s = this.empty();
  }

  snapshot(): EmulatorStats {
    return structuredClone(this.s);
  }

  received(route: string, isWrite: boolean): void {
    this.s.total++;
    if (isWrite) this.s.writes++;
    this.s.byRoute[route] = (this.s.byRoute[route] ?? 0) + 1;
  }

  /** `status` is an HTTP status or `dropped`. */
  answered(status: number | 'dropped', committedWrite: boolean): void {
    const key = String(status);
    this.s.byStatus[key] = (this.s.byStatus[key] ?? 0) + 1;
    if (committedWrite) this.s.writesCommitted++;
    if (status === 'dropped') this.s.faults.dropped++;
  }

  rateLimited(): void {
    this.s.faults.rateLimited++;
  }

  injectedError(): void {
    this.s.faults.injectedErrors++;
  }
}
