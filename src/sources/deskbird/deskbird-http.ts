/**
 * GET requests to deskbird's Public API: the key in the Authorization
 * header, a deadline on every attempt, and bounded retries with backoff and
 * jitter on 429, 5xx, timeouts and dropped connections (every call here is a
 * read, so sending it again is safe). Anything else ends the read.
 */
import type { RunContext } from '../../context/run-context.js';
import { backoffDelay, parseRetryAfter, type RetryPolicy } from '../../deskbee/retry-policy.js';
import type { Secret } from '../../secret.js';
import type { DeskbirdReadErrors } from './deskbird-errors.js';

export interface DeskbirdHttpOptions {
  /** The API's base URL, ending in `/`. */
  baseUrl: URL;
  apiKey: Secret;
  timeoutMs: number;
  retry: RetryPolicy;
  random: () => number;
  errors: DeskbirdReadErrors;
  userAgent: string;
}

/** Requests sent, for the read's log line. */
export interface DeskbirdHttpCounters {
  requests: number;
  retries: number;
  throttled: number;
}

type Attempt = { kind: 'answer'; status: number; text: string; retryAfter: string | null } | { kind: 'lost'; why: string; cause: unknown };

export class DeskbirdHttp {
  readonly counters: DeskbirdHttpCounters = { requests: 0, retries: 0, throttled: 0 };

  constructor(private readonly options: DeskbirdHttpOptions) {}

  /** The URL of `path` (relative to the base) with `query`. */
  url(path: string, query: Record<string, string | number> = {}): URL {
    const url = new URL(path.replace(/^\//, ''), this.options.baseUrl);
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, String(value));
    return url;
  }

  /**
   * GETs `url` and parses its JSON. With `notFound: 'undefined'`, a 404 resolves
   * to undefined (used to find out whether an unpublished route exists).
   * @throws SourceError, or the abort reason when `ctx.signal` aborts.
   */
  async getJson(url: URL, ctx: RunContext, notFound: 'error' | 'undefined' = 'error'): Promise<unknown> {
    const { retry, errors } = this.options;
    const request = `GET ${url.href}`;
    let failures = 0;
    let throttled = 0;
    for (;;) {
      ctx.signal.throwIfAborted();
      const attempt = await this.attempt(url, ctx);
      let last: string;
      let retryAfterMs: number | undefined;
      if (attempt.kind === 'answer') {
        const { status } = attempt;
        if (status >= 200 && status < 300) return this.parse(attempt.text, request);
        if (status === 404 && notFound === 'undefined') return undefined;
        if (status === 401 || status === 403) throw errors.refused(status, request);
        retryAfterMs = parseRetryAfter(attempt.retryAfter, ctx.clock.now());
        if (status === 429) {
          this.counters.throttled += 1;
          throttled += 1;
          if (throttled >= retry.maxThrottledAttempts) throw errors.exhausted(request, throttled, '429 Too Many Requests');
          await this.backoff(throttled, retryAfterMs, ctx);
          continue;
        }
        if (status < 500) throw errors.rejected(status, request, apiMessage(attempt.text), hintFor(status));
        last = `${status}${apiMessage(attempt.text) ? ` "${apiMessage(attempt.text)}"` : ''}`;
      } else {
        last = attempt.why;
      }
      failures += 1;
      if (failures >= retry.maxAttempts) throw errors.exhausted(request, failures, last, attempt.kind === 'lost' ? attempt.cause : undefined);
      ctx.logger.debug('retrying a deskbird request', { request, last, attempt: failures });
      await this.backoff(failures, retryAfterMs, ctx);
    }
  }

  private async attempt(url: URL, ctx: RunContext): Promise<Attempt> {
    this.counters.requests += 1;
    const deadline = AbortSignal.timeout(this.options.timeoutMs);
    try {
      const response = await fetch(url, {
        headers: { accept: 'application/json', 'user-agent': this.options.userAgent, authorization: `Bearer ${this.options.apiKey.reveal()}` },
        signal: AbortSignal.any([ctx.signal, deadline]),
        redirect: 'manual',
      });
      // The body is read under the same deadline: a stalled body is a timeout too.
      const text = await response.text();
      return { kind: 'answer', status: response.status, text, retryAfter: response.headers.get('retry-after') };
    } catch (error) {
      if (ctx.signal.aborted) throw ctx.signal.reason;
      const why = deadline.aborted ? `no answer within ${this.options.timeoutMs} ms` : `connection failed${networkCode(error) ? ` (${networkCode(error)})` : ''}`;
      return { kind: 'lost', why, cause: error };
    }
  }

  private async backoff(attempt: number, retryAfterMs: number | undefined, ctx: RunContext): Promise<void> {
    this.counters.retries += 1;
    await ctx.clock.sleep(backoffDelay(this.options.retry, attempt, this.options.random, retryAfterMs), ctx.signal);
  }

  private parse(text: string, request: string): unknown {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw this.options.errors.invalid(request, 'the body is not JSON');
    }
  }
}

function hintFor(status: number): string {
  if (status === 400) return 'If the message is about limit, lower the source\'s pageSize (deskbird documents 100 as the default)';
  if (status === 404) return 'Check the source\'s baseUrl: it must be deskbird\'s Public API';
  if (status >= 300 && status < 400) return 'deskbird redirected the request; check the source\'s baseUrl';
  return 'Check the source\'s settings and the API key\'s rights';
}

/** deskbird's error message (`message`, a string or a list), never the whole body. */
function apiMessage(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { message?: unknown };
    const message = Array.isArray(body.message) ? body.message.filter((m) => typeof m === 'string').join('; ') : body.message;
    return typeof message === 'string' && message.length > 0 ? message.slice(0, 300) : undefined;
  } catch {
    return undefined;
  }
}

/** The system error code (ECONNRESET, …) somewhere in fetch's chain of causes. */
function networkCode(error: unknown, depth = 0): string | undefined {
  if (!(error instanceof Error) || depth > 4) return undefined;
  const code = (error as Error & { code?: unknown }).code;
  if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
  return networkCode(error.cause, depth + 1);
}
