import type { z } from 'zod';
import type { RunContext } from '../context/run-context.js';
import { DeskbeeApiError } from '../errors.js';
import { errorFromResponse, networkError, invalidResponse } from './api-error-mapping.js';
import type { RequestCounters } from './request-stats.js';
import { routeTemplate } from './request-stats.js';
import type { RequestLane, RequestPacer } from './request-pacer.js';
import { backoffDelay, parseRetryAfter, type RetryPolicy } from './retry-policy.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** One logical call; the transport may send it several times. */
export interface RequestSpec<T> {
  method: HttpMethod;
  /** Absolute URL (already checked to be on the API's origin). */
  url: URL;
  /** JSON body, when the call has one (DELETE may too). */
  body?: unknown;
  /** Shape of a successful answer's body. */
  schema: z.ZodType<T>;
  /**
   * May the call be sent again after an answer that leaves its outcome
   * unknown (timeout, dropped connection, 5xx)? GET, PUT and the bulk
   * membership calls are; a create is not.
   */
  idempotent: boolean;
  /** Send the bearer token. Default true; false only for the token call. */
  authenticated?: boolean;
  /**
   * A 404 on a retry that follows an unknown outcome means the first attempt
   * did the work (a DELETE): resolve with `undefined` instead of failing.
   */
  goneMeansDone?: boolean;
  /** Abandons the call (e.g. a page fetched ahead that is no longer wanted). Default: the run's signal only. */
  signal?: AbortSignal;
  /** Sees a 2xx answer's body before it is parsed and checked (a listing looks for its next link). Default: nothing. */
  peek?: (text: string) => void;
}

/** What the transport needs of the token provider. */
export interface BearerSource {
  token(): Promise<string>;
  /** Forget `token` (Deskbee said 401) so the next `token()` fetches a new one. */
  invalidate(token: string): void;
}

export interface TransportDeps {
  /** Base URL's path prefix (e.g. `/v1.1`), removed when counting routes. */
  basePath: string;
  /** Milliseconds before a request is abandoned. */
  timeoutMs: number;
  retry: RetryPolicy;
  /** Paces every attempt and bounds those in flight. */
  pacer: RequestPacer;
  counters: RequestCounters;
  ctx: RunContext;
  random: () => number;
  userAgent: string;
}

/**
 * Sends requests to Deskbee: every attempt paced by the request pacer,
 * timeouts on every request, retries with backoff and jitter on 429 (always:
 * not processed), and on 5xx, timeouts and network errors for idempotent
 * calls; one token renewal on a 401.
 */
/** A call the run's stop reached before it was sent. */
function notSent(request: string): DeskbeeApiError {
  return new DeskbeeApiError({ status: 0, id: 'not_sent', message: 'the run was stopped before this request was sent', request });
}

/** A signal that never aborts: a write's own deadline is its timeout. */
const neverAborted = new AbortController().signal;

export class HttpTransport {
  constructor(private readonly deps: TransportDeps) {}

  /** Sends `spec`, retrying as the policy allows; resolves with the parsed body. */
  async send<T>(spec: RequestSpec<T>, bearer?: BearerSource): Promise<T> {
    const { retry, ctx, counters, pacer } = this.deps;
    const request = `${spec.method} ${spec.url.pathname}`;
    // A signal of the call's own: the run's signal is shared by every call, and listeners on it would pile up.
    const signal = AbortSignal.any(spec.signal ? [ctx.signal, spec.signal] : [ctx.signal]);
    const lane: RequestLane = spec.authenticated === false ? 'token' : spec.method === 'GET' ? 'read' : 'write';
    let attempt = 0;
    let throttledAttempts = 0;
    let renewed = false;
    let outcomeUnknown = false;
    let sent = false;
    for (;;) {
      attempt += 1;
      if (attempt > 1) counters.retries += 1;
      const permit = await pacer.acquire({ lane, retry: attempt > 1, signal }).catch((error: unknown) => {
        // Stopped while waiting for its turn: never sent, so nothing is unknown about it.
        throw signal.aborted && !sent ? notSent(request) : error;
      });
      let failure: DeskbeeApiError;
      try {
        // The token after the permit: one fetched before a long wait in the queue could expire in it.
        const token = lane === 'token' || !bearer ? undefined : await bearer.token();
        // A write once sent runs to its answer (bounded by the timeout) even when the run is stopped:
        // cutting it off would leave its outcome unknown. Reads are cut off at once.
        sent = true;
        const response = await this.sendOnce(spec, token, lane === 'write' ? (spec.signal ?? neverAborted) : signal);
        permit.release(response.status === 429 ? 'throttled' : 'accepted');
        if (response.ok) {
          spec.peek?.(response.text);
          return this.parse(spec, response.text, request);
        }
        failure = errorFromResponse(response.status, response.text, request, parseRetryAfter(response.retryAfter, ctx.clock.now()));
        if (response.status === 404 && spec.goneMeansDone && outcomeUnknown) return undefined as T;
        if (response.status === 401 && token && bearer && !renewed) {
          renewed = true;
          bearer.invalidate(token);
          ctx.logger.debug('Deskbee answered 401; renewing the token once', { request });
          continue;
        }
        if (response.status === 429) {
          counters.throttled += 1;
          throttledAttempts += 1;
          if (throttledAttempts < retry.maxThrottledAttempts) {
            await this.backoff(throttledAttempts, failure, request, signal);
            continue;
          }
          throw failure;
        }
        if (response.status >= 500) {
          counters.serverErrors += 1;
          outcomeUnknown = true;
        }
      } catch (error) {
        permit.release('lost');
        if (error instanceof DeskbeeApiError) throw error;
        if (signal.aborted) throw error;
        counters.networkErrors += 1;
        outcomeUnknown = true;
        failure = networkError(error, request, this.deps.timeoutMs, spec.url.host);
      }
      if (!failure.retryable || !spec.idempotent || attempt - throttledAttempts >= retry.maxAttempts) throw failure;
      await this.backoff(attempt - throttledAttempts, failure, request, signal);
    }
  }

  private async backoff(attempt: number, failure: DeskbeeApiError, request: string, signal: AbortSignal): Promise<void> {
    const delay = backoffDelay(this.deps.retry, attempt, this.deps.random, failure.retryAfterMs);
    this.deps.ctx.logger.debug('retrying Deskbee request', { request, status: failure.status, id: failure.id, delayMs: delay });
    await this.deps.ctx.clock.sleep(delay, signal);
  }

  private async sendOnce(
    spec: RequestSpec<unknown>,
    token: string | undefined,
    callSignal: AbortSignal,
  ): Promise<{ ok: boolean; status: number; text: string; retryAfter: string | null }> {
    const { counters, timeoutMs, basePath } = this.deps;
    counters.requests += 1;
    const path = spec.url.pathname.startsWith(basePath) ? spec.url.pathname.slice(basePath.length) : spec.url.pathname;
    counters.countRoute(`${spec.method} ${routeTemplate(path)}`);
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': this.deps.userAgent };
    if (token) headers.authorization = `Bearer ${token}`;
    if (spec.body !== undefined) headers['content-type'] = 'application/json';
    const signal = AbortSignal.any([callSignal, AbortSignal.timeout(timeoutMs)]);
    const response = await fetch(spec.url, {
      method: spec.method,
      headers,
      body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
      signal,
      redirect: 'manual',
    });
    // The body is read under the same deadline: a stalled body is a timeout too.
    const text = await response.text();
    return { ok: response.ok, status: response.status, text, retryAfter: response.headers.get('retry-after') };
  }

  private parse<T>(spec: RequestSpec<T>, text: string, request: string): T {
    let json: unknown;
    try {
      json = text === '' ? {} : JSON.parse(text);
    } catch {
      throw invalidResponse(request, 'the body is not JSON');
    }
    const parsed = spec.schema.safeParse(json);
    if (!parsed.success) {
      const where = parsed.error.issues
        .slice(0, 3)
        .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
        .join('; ');
      throw invalidResponse(request, `unexpected shape (${where})`);
    }
    return parsed.data;
  }
}
