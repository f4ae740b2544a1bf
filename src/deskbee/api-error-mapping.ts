import { DeskbeeApiError, type FieldErrors } from '../errors.js';
import { errorBodySchema } from './schemas.js';

/**
 * Turns a non-2xx answer into a DeskbeeApiError carrying Deskbee's `id`,
 * `message` and per-field `errors`. Only the parsed error fields are kept:
 * a body is never echoed whole, so nothing unexpected leaks into messages.
 */
export function errorFromResponse(status: number, text: string, request: string, retryAfterMs?: number): DeskbeeApiError {
  const body = parseErrorBody(text);
  return new DeskbeeApiError({
    status,
    id: body.id ?? defaultId(status),
    message: body.message ?? `HTTP ${status}`,
    errors: body.errors,
    request,
    retryable: status === 429 || status >= 500,
    retryAfterMs,
  });
}

/** Connection errors that mean the request never reached the server. */
const neverSent = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** No answer: a timeout, or the connection was refused, reset or dropped. `host` names the server. */
export function networkError(error: unknown, request: string, timeoutMs: number, host: string): DeskbeeApiError {
  const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
  const code = networkCode(error);
  let message: string;
  if (timedOut) message = `${host} gave no answer within ${timeoutMs} ms; the outcome of the request is unknown`;
  else if (code && neverSent.has(code)) message = `could not connect to ${host} (${code}); check DESKBEE_BASE_URL, DNS and the network or proxy between here and Deskbee`;
  else message = `the connection to ${host} failed${code ? ` (${code})` : ''}; the outcome of the request is unknown`;
  return new DeskbeeApiError({ status: 0, id: timedOut ? 'timeout' : 'network', message, request, retryable: true });
}

/**
 * The server has no route for the request (Laravel's 405 for a path served
 * with other methods only, or a 404 for an entity known to exist): this
 * Deskbee does not offer `what` (e.g. `removing user tags`). `route` names
 * the method and path template tried, e.g. `DELETE /users/tags/{uuid}`.
 */
export function notOffered(error: DeskbeeApiError, what: string, route: string): DeskbeeApiError {
  return new DeskbeeApiError({
    status: error.status,
    id: error.id,
    message: `this Deskbee does not offer ${what}: it has no ${route} (it said: ${error.apiMessage})`,
    request: error.request,
    cause: error,
  });
}

export function invalidResponse(request: string, detail: string): DeskbeeApiError {
  return new DeskbeeApiError({ status: 0, id: 'invalid_response', message: `Deskbee's answer could not be read: ${detail}`, request });
}

/** True when Deskbee may or may not have carried out the request (no answer, or a 5xx). */
export function isOutcomeUnknown(error: unknown): error is DeskbeeApiError {
  return error instanceof DeskbeeApiError && ((error.status === 0 && error.id !== 'invalid_response' && error.id !== 'foreign_link') || error.status >= 500);
}

function parseErrorBody(text: string): { id?: string; message?: string; errors: FieldErrors } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { errors: {} };
  }
  const parsed = errorBodySchema.safeParse(json);
  if (!parsed.success) return { errors: {} };
  const errors: FieldErrors = {};
  const raw = parsed.data.errors;
  if (Array.isArray(raw)) {
    if (raw.length > 0) errors._ = raw;
  } else if (raw) {
    for (const [field, messages] of Object.entries(raw)) errors[field] = Array.isArray(messages) ? messages : [messages];
  }
  return { id: parsed.data.id, message: parsed.data.message, errors };
}

function defaultId(status: number): string {
  if (status === 401) return 'unauthenticated';
  if (status === 404) return 'not_found';
  if (status === 405) return 'method_not_allowed';
  if (status === 422) return 'unprocessable_entity';
  if (status === 429) return 'request_limit';
  if (status >= 500) return 'internal_error';
  return `http_${status}`;
}

/** The system error code (ECONNRESET, …) somewhere in fetch's chain of causes. */
function networkCode(error: unknown, depth = 0): string | undefined {
  if (!(error instanceof Error) || depth > 4) return undefined;
  const code = (error as Error & { code?: unknown }).code;
  if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
  for (const inner of error instanceof AggregateError ? error.errors : []) {
    const found = networkCode(inner, depth + 1);
    if (found) return found;
  }
  return networkCode(error.cause, depth + 1);
}
