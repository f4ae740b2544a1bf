/**
 * Helpers for what goes into the journal: Deskbee's answer taken from an
 * error, and request bodies with secret-looking values masked.
 */
import type { DeskbeeApiError } from '../errors.js';
import type { DeskbeeAnswer, JsonValue, RequestSummary } from './store-records.js';

/** The journal's form of a failed request: status (0 when no answer), error id, message and field errors. */
export function answerFromError(error: DeskbeeApiError): DeskbeeAnswer {
  const fieldErrors = Object.keys(error.errors).length > 0 ? { fieldErrors: error.errors } : {};
  return { status: error.status, error: { id: error.id, message: error.apiMessage, ...fieldErrors } };
}

const secretKey = /pass(word)?|secret|token|authori[sz]ation|api[-_]?key|credential/i;

/** `value` with every value under a secret-looking key replaced by `***`, at any depth. */
export function redactSecrets(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value !== null && typeof value === 'object') {
    const out: { [key: string]: JsonValue } = {};
    for (const [key, inner] of Object.entries(value)) {
      out[key] = secretKey.test(key) && inner !== null ? '***' : redactSecrets(inner);
    }
    return out;
  }
  return value;
}

/** A request summary safe to store: only method, path and the redacted body. */
export function safeRequest(request: RequestSummary | null | undefined): RequestSummary | null {
  if (!request) return null;
  const path = request.path.split('?')[0] ?? request.path;
  return request.body === undefined
    ? { method: request.method, path }
    : { method: request.method, path, body: redactSecrets(request.body) };
}

/** Deskbee's answer with secret-looking values masked (a token echoed in a body). */
export function safeAnswer(answer: DeskbeeAnswer | null | undefined): DeskbeeAnswer | null {
  if (!answer) return null;
  return 'body' in answer ? { status: answer.status, body: redactSecrets(answer.body) } : answer;
}
