/**
 * The one log line each tick ends with: what happened, with the run id,
 * outcome, exit code and counts as fields (one JSON object under
 * `--log-format json`).
 */
import type { Logger, LogFields } from '../context/run-context.js';
import { formatDuration } from './duration.js';
import type { TickOutcome } from './tick-outcome.js';

/** The message logged when another process holds the store. */
export const skippedMessage = 'another run holds the store; skipping this tick';

/** Logs how a tick ended; `due` is the scheduled time it ran for (none under `--once`). */
export function logTick(logger: Logger, outcome: TickOutcome, due?: Date): void {
  const scheduled = due ? { scheduledFor: due.toISOString() } : {};
  if (outcome.kind === 'skipped') {
    logger.info(skippedMessage, { tick: 'skipped', ...scheduled, reason: outcome.reason });
    return;
  }
  const s = outcome.summary;
  const counts = s.result?.counts;
  const fields: LogFields = {
    tick: 'ran',
    ...scheduled,
    runId: s.runId,
    outcome: s.outcome,
    exitCode: s.exitCode,
    durationMs: s.durationMs,
    ...(counts ? { applied: counts.applied, unconfirmed: counts.unconfirmed, failed: counts.failed, skipped: counts.skipped } : {}),
  };
  const run = s.runId === null ? 'the run (not recorded)' : `run ${s.runId}`;
  const took = `in ${formatDuration(s.durationMs)}`;
  // Exit 8 (entries left out, with strictness asked for) comes with an outcome that otherwise reads as success.
  const leftOut = s.exitCode === 0 ? '' : `; exit ${s.exitCode}: ${s.leftOut} source entries were left out`;
  const log = s.exitCode === 0 ? logger.info.bind(logger) : logger.warn.bind(logger);
  switch (s.outcome) {
    case 'succeeded':
      return log(`${run} succeeded: ${counts?.applied ?? 0} change(s) applied ${took}${leftOut}`, fields);
    case 'no-changes':
      return log(`${run}: no changes ${took}${leftOut}`, fields);
    case 'declined':
      return logger.info(`${run} was declined; nothing was written`, fields);
    case 'partial':
      return logger.warn(
        `${run} ended partial ${took}: ${counts?.applied ?? 0} applied, ${counts?.failed ?? 0} failed, ${counts?.skipped ?? 0} skipped, ${counts?.unconfirmed ?? 0} unconfirmed (\`deskbee-sync status\`, and the journal, say which)`,
        fields,
      );
    case 'interrupted':
      return logger.warn(`${run} was interrupted ${took}${s.error ? `: ${s.error}` : ''}`, fields);
    case 'refused':
    case 'failed':
      return logger.error(`${run} ${s.outcome} (exit ${s.exitCode}): ${s.error ?? 'no message'}`, fields);
  }
}
