/**
 * Deskbee's error answers, as values the route handlers throw and the server
 * turns into `{error, id, message, errors}` bodies. Ids and statuses are the
 * ones in the reference's "Error Codes" table.
 */
import type { FieldErrors } from '../errors.js';

/** Deskbee's wire error body. `errors` only on 422. */
export interface ErrorBody {
  error: number;
  id: string;
  message: string;
  errors?: FieldErrors;
}

/** Laravel's own error body, for answers given before Deskbee's handler shapes them: `message` only. */
export interface LaravelErrorBody {
  message: string;
}

/** An error answer a handler gives; not a bug in the emulator. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly id: string,
    message: string,
    readonly errors?: FieldErrors,
    /** Extra response headers (e.g. `Retry-After`). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiProblem';
  }

  body(): ErrorBody | LaravelErrorBody {
    const body: ErrorBody = { error: this.status, id: this.id, message: this.message };
    if (this.errors) body.errors = this.errors;
    return body;
  }
}

/** Laravel's fixed message for every 422. */
export const validationMessage = 'The given data failed to pass validation.';

export const problems = {
  validation: (errors: FieldErrors) => new ApiProblem(422, 'unprocessable_entity', validationMessage, errors),
  unexpectedValue: (message: string) => new ApiProblem(400, 'unexpected_value', message),
  notFound: (message = 'Endpoint not found or non-existent.') => new ApiProblem(404, 'not_found', message),
  unauthenticated: () => new ApiProblem(401, 'unauthenticated', 'Unauthenticated.'),
  /** Not in the reference's table: Laravel's 403 message, with an id in Deskbee's style. */
  forbidden: () => new ApiProblem(403, 'forbidden', 'This action is unauthorized.'),
  /** A database constraint refused the write (the reference's 507). */
  queryError: () => new ApiProblem(507, 'query_error', 'Unable to store your data.'),
  oauthServer: () => new ApiProblem(401, 'oauth_server', 'Client authentication failed'),
  oauthScope: (scope: string) =>
    new ApiProblem(400, 'oauth_escope', `The requested scope is invalid, unknown, or malformed: ${scope}`),
  requestLimit: (headers: Record<string, string>) =>
    new ApiProblem(429, 'request_limit', 'You have exceeded the consumption limit, try again later.', undefined, headers),
  internal: () => new ApiProblem(500, 'internal_error', 'Something went wrong with the Server, report the problem.'),
} as const;

/**
 * Laravel's 405 for a path served with other methods only, with its `Allow`
 * header and its bare `{message}` body. `path` is the request's path without
 * the leading slash, as Laravel's message shows it.
 */
export class MethodNotAllowed extends ApiProblem {
  constructor(method: string, path: string, allowed: readonly string[]) {
    const list = allowed.join(', ');
    super(405, 'method_not_allowed', `The ${method} method is not supported for route ${path}. Supported methods: ${list}.`, undefined, { allow: list });
  }

  override body(): LaravelErrorBody {
    return { message: this.message };
  }
}

/** A 404 for a uuid that names nothing of this kind. */
export function entityNotFound(kind: string, uuid: string): ApiProblem {
  return problems.notFound(`No ${kind} found with uuid ${uuid}.`);
}
