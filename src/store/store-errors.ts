/**
 * Errors the store raises besides ConfigError (a store that cannot be
 * opened: bad DATABASE_URL, unreachable server, folder in use).
 */
import { ExitCode, SyncError } from '../errors.js';

/**
 * A write would break the store's integrity, so nothing was written: a link
 * that would make one Deskbee uuid stand for two external ids of the same
 * source and kind, or a journal entry for a run that is not running. Usually
 * a mapping that matched two people to one Deskbee user.
 */
export class StoreConflictError extends SyncError {
  readonly exitCode = ExitCode.unexpected;
}
