import { ExitCode, SyncError } from '../errors.js';

/**
 * The one place errors become exit codes and messages. Known errors print
 * their own one-paragraph message; anything else is a bug, printed with its
 * stack only when DESKBEE_SYNC_DEBUG is set.
 */
export function reportError(error: unknown, stderr: NodeJS.WritableStream, env: NodeJS.ProcessEnv): number {
  if (error instanceof SyncError) {
    stderr.write(`deskbee-sync: ${error.message}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  stderr.write(`deskbee-sync: unexpected error: ${message}\n`);
  if (env.DESKBEE_SYNC_DEBUG && error instanceof Error && error.stack) stderr.write(`${error.stack}\n`);
  else stderr.write('Set DESKBEE_SYNC_DEBUG=1 to see where it happened, and please report it.\n');
  return ExitCode.unexpected;
}
