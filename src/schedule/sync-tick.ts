/**
 * One scheduled tick: open the runtime, run the configured sync under the
 * store's write lock (what `apply --yes` does), close the runtime, and
 * summarize. Another process holding the store is not an error here: the
 * tick is skipped. Every other ending, thrown or returned, becomes a
 * RunSummary; nothing is thrown.
 */
import type { Clock } from '../context/run-context.js';
import { ExitCode, SafetyStopError, SyncError } from '../errors.js';
import { runApply, type ApplyRunResult } from '../sync/apply-run.js';
import { summarizeApply, summarizeError, type RunFrame } from '../sync/run-summary.js';
import type { Runtime } from '../sync/runtime.js';
import type { TickOutcome } from './tick-outcome.js';

export interface SyncTick {
  /** Opens this tick's runtime (configuration, source, client, store); its ctx.signal stops the run. */
  open(): Promise<Runtime>;
  /** The exit code of a run that returned (src/cli/run-exit.ts's table). */
  exitCode(rt: Runtime, run: ApplyRunResult): number;
  clock: Clock;
}

/** Runs one tick to its end. */
export async function runSyncTick(tick: SyncTick): Promise<TickOutcome> {
  const startedAt = tick.clock.now();
  // A run that ended before its runtime was open names no source.
  const frame = (exitCode: number, sources: string[] = []): RunFrame => ({ mode: 'apply', sources, startedAt, finishedAt: tick.clock.now(), exitCode });
  let rt: Runtime;
  try {
    rt = await tick.open();
  } catch (error) {
    return heldElsewhere(error) ? skipped(tick.clock, error) : { kind: 'ran', summary: summarizeError(frame(exitCodeOf(error)), error) };
  }
  const sources = rt.sourceNames;
  try {
    const run = await runApply(rt, { mode: 'sync', allow: [] });
    return { kind: 'ran', summary: summarizeApply(frame(tick.exitCode(rt, run), sources), run) };
  } catch (error) {
    if (heldElsewhere(error)) return skipped(tick.clock, error);
    return { kind: 'ran', summary: summarizeError(frame(exitCodeOf(error), sources), error) };
  } finally {
    // A store that fails to close must not hide how the run ended.
    await rt.close().catch((error: unknown) => rt.ctx.logger.warn('closing the store failed', { error: error instanceof Error ? error.message : String(error) }));
  }
}

/**
 * The store's lock refuses before a run is recorded, so a safety stop
 * with no run id is another process holding the store (a PostgreSQL
 * advisory lock, or a PGlite folder in use); one with a run id is a
 * limit or a refused plan of this run.
 */
function heldElsewhere(error: unknown): error is SafetyStopError {
  return error instanceof SafetyStopError && error.runId === undefined;
}

function skipped(clock: Clock, error: SafetyStopError): TickOutcome {
  return { kind: 'skipped', at: clock.now(), reason: error.message };
}

function exitCodeOf(error: unknown): number {
  return error instanceof SyncError ? error.exitCode : ExitCode.unexpected;
}
