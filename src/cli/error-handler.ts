import { createLogger } from '../context/logger.js';
import { ExitCode, SyncError } from '../errors.js';

export interface ErrorOutput {
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  /** `json`: the error is one JSON line like every other log line. Default `text`. */
  logFormat?: 'text' | 'json';
}

/**
 * The one place errors become exit codes and messages. Known errors print
 * their own one-paragraph message; anything else is a bug, printed with its
 * stack only when DESKBEE_SYNC_DEBUG is set. With `--log-format json` the
 * message is a JSON line carrying the run id and the exit code.
 */
export function reportError(error: unknown, out: ErrorOutput): number {
  const known = error instanceof SyncError;
  const exitCode = known ? error.exitCode : ExitCode.unexpected;
  const message = error instanceof Error ? error.message : String(error);
  const debug = Boolean(out.env.DESKBEE_SYNC_DEBUG) && error instanceof Error && error.stack ? error.stack : undefined;
  if (out.logFormat === 'json') {
    const runId = known ? error.runId : undefined;
    const fields = { exitCode, ...(runId !== undefined ? { runId } : {}), ...(known ? {} : { unexpected: true }), ...(debug ? { stack: debug } : {}) };
    createLogger({ format: 'json', stream: out.stderr }).error(message, fields);
    return exitCode;
  }
  if (known) {
    out.stderr.write(`deskbee-sync: ${message}\n`);
    return exitCode;
  }
  out.stderr.write(`deskbee-sync: unexpected error: ${message}\n`);
  out.stderr.write(debug ? `${debug}\n` : 'Set DESKBEE_SYNC_DEBUG=1 to see where it happened, and please report it.\n');
  return exitCode;
}
