import { ExitCode } from './exit-codes.js';

export { ExitCode } from './exit-codes.js';

/**
 * The handful of error classes deskbee-sync raises. Every one carries a
 * message meant for an operator: one paragraph naming the file, line, field,
 * server or limit involved, and never a secret. The CLI's top-level handler
 * maps each class to an exit code.
 */

/** Base class: `exitCode` is what the CLI exits with when this reaches it. */
export abstract class SyncError extends Error {
  abstract readonly exitCode: number;
  /** The run this error ended, once it had been recorded in the store. */
  runId?: number;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A configuration or mapping file, an environment variable or a flag is wrong. */
export class ConfigError extends SyncError {
  readonly exitCode: number = ExitCode.config;
  constructor(
    message: string,
    /** Where the problem is, e.g. `mappings/hr.yaml:12 (fields.email)`. */
    readonly location?: string,
  ) {
    super(location ? `${location}: ${message}` : message);
  }
}

/** A source could not be read completely (invariant 2: all or nothing). */
export class SourceError extends SyncError {
  readonly exitCode = ExitCode.source;
  constructor(
    message: string,
    /** The source's name as configured, e.g. `hr-csv`. */
    readonly source: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Per-field validation messages as Deskbee returns them in a 422 body. */
export type FieldErrors = Record<string, string[]>;

/**
 * Deskbee answered with an error, or could not be reached. `status` is 0 when
 * no HTTP answer arrived (timeout, refused or dropped connection).
 */
export class DeskbeeApiError extends SyncError {
  /** 5 (Deskbee refused or could not be reached); 3 when it refused the credentials. */
  readonly exitCode: number;
  readonly status: number;
  /** Deskbee's machine-readable error id (`unprocessable_entity`, `request_limit`, …), or a local one (`timeout`, `network`, `foreign_link`, `invalid_response`). */
  readonly id: string;
  /** Per-field messages of a 422, empty otherwise. */
  readonly errors: FieldErrors;
  /** True when the same request may succeed if sent again later. */
  readonly retryable: boolean;
  /** Milliseconds the server asked us to wait (`Retry-After`), when it said. */
  readonly retryAfterMs: number | undefined;
  /** `METHOD path` of the request, without host or query string. */
  readonly request: string;
  /** The API's own human-readable message, without the request prefix. */
  readonly apiMessage: string;

  constructor(init: {
    status: number;
    id: string;
    message: string;
    request: string;
    errors?: FieldErrors;
    retryable?: boolean;
    retryAfterMs?: number;
    cause?: unknown;
    /** True when Deskbee refused the client credentials (exit code 3). Default false. */
    credentials?: boolean;
  }) {
    super(DeskbeeApiError.describe(init), { cause: init.cause });
    this.exitCode = init.credentials ? ExitCode.config : ExitCode.deskbee;
    this.status = init.status;
    this.id = init.id;
    this.errors = init.errors ?? {};
    this.retryable = init.retryable ?? false;
    this.retryAfterMs = init.retryAfterMs;
    this.request = init.request;
    this.apiMessage = init.message;
  }

  private static describe(init: { status: number; id: string; message: string; request: string; errors?: FieldErrors }): string {
    const head = init.status > 0 ? `Deskbee answered ${init.status} ${init.id}` : `Deskbee request failed (${init.id})`;
    const fields = Object.entries(init.errors ?? {})
      .map(([field, messages]) => `${field}: ${messages.join(' ')}`)
      .join('; ');
    return `${head} to ${init.request}: ${init.message}${fields ? ` (${fields})` : ''}`;
  }
}

/**
 * Refused for safety before any write (invariant 3): a safety limit, a saved
 * plan that is stale or made for another Deskbee or store, a store that
 * another run holds.
 */
export class SafetyStopError extends SyncError {
  readonly exitCode = ExitCode.safety;
}

/** The command line is wrong: what to type instead is in the message. */
export class UsageError extends SyncError {
  readonly exitCode = ExitCode.usage;
}

/** The run was interrupted (a signal, or the output closed) before it finished. */
export class InterruptedError extends SyncError {
  readonly exitCode = ExitCode.interrupted;
}
