/**
 * What the scheduler knows about itself for `GET /healthz`: the last run's
 * outcome and age, the last tick skipped for a held store, whether a run is
 * going on, and when the next is due.
 */
import type { Clock } from '../context/run-context.js';
import type { RunSummary } from '../sync/run-summary.js';
import type { TickOutcome } from './tick-outcome.js';

/**
 * `ok`: the last run exited 0, or none has happened yet and the scheduler
 * is on time. `failing`: the last run exited with anything else (a failed
 * change, a safety stop, an error). `stale`: no tick has ended for longer
 * than `staleAfter` (a run hangs, or ticks stopped happening).
 */
export type HealthStatus = 'ok' | 'failing' | 'stale';

/** The `/healthz` document. */
export interface HealthReport {
  status: HealthStatus;
  /** When this report was made, ISO 8601. */
  checkedAt: string;
  /** What the scheduler runs on: `cron "0 2 * * *" in Europe/Lisbon`. */
  schedule: string;
  /** When the scheduler started, ISO 8601. */
  startedAt: string;
  /** The next scheduled time (before any jitter), ISO 8601; null while a run is going on or when the schedule has ended. */
  nextRun: string | null;
  /** When the run going on now started; null between runs. */
  runningSince: string | null;
  /** How old the last tick may be before the status is `stale`, in seconds. */
  staleAfterSeconds: number;
  /** The last run this scheduler started; null before the first. */
  lastRun: {
    runId: number | null;
    outcome: RunSummary['outcome'];
    exitCode: number;
    startedAt: string;
    finishedAt: string;
    durationMs: number;
    ageSeconds: number;
    /** The run's one-paragraph message when it did not succeed. */
    error: string | null;
  } | null;
  /** The last tick skipped because another process held the store; null when none was. */
  lastSkipped: { at: string; ageSeconds: number; reason: string } | null;
  /** Ticks so far: runs started, and ticks skipped for a held store. */
  ticks: { ran: number; skipped: number };
}

/** The scheduler's state, updated as ticks start and end. */
export class ScheduleHealth {
  readonly #startedAt: number;
  #nextRun: Date | null = null;
  #runningSince: number | null = null;
  #lastRun: RunSummary | null = null;
  #lastSkipped: { at: number; reason: string } | null = null;
  #ticks = { ran: 0, skipped: 0 };

  constructor(
    private readonly clock: Clock,
    /** What `schedule` says in the report. */
    private readonly schedule: string,
    /** How old the last tick may be before the status is `stale`, in ms. */
    readonly staleAfterMs: number,
  ) {
    this.#startedAt = clock.now();
  }

  /** The next tick is due at `when` (null: the schedule has ended). */
  scheduled(when: Date | null): void {
    this.#nextRun = when;
  }

  /** A tick's run starts now. */
  started(): void {
    this.#runningSince = this.clock.now();
    this.#nextRun = null;
  }

  /** A tick ended. */
  finished(outcome: TickOutcome): void {
    this.#runningSince = null;
    if (outcome.kind === 'ran') {
      this.#lastRun = outcome.summary;
      this.#ticks.ran += 1;
    } else {
      this.#lastSkipped = { at: outcome.at, reason: outcome.reason };
      this.#ticks.skipped += 1;
    }
  }

  report(): HealthReport {
    const now = this.clock.now();
    const run = this.#lastRun;
    const skipped = this.#lastSkipped;
    const age = (at: number) => Math.max(0, Math.round((now - at) / 1000));
    return {
      status: this.#status(now),
      checkedAt: new Date(now).toISOString(),
      schedule: this.schedule,
      startedAt: new Date(this.#startedAt).toISOString(),
      nextRun: this.#nextRun?.toISOString() ?? null,
      runningSince: this.#runningSince === null ? null : new Date(this.#runningSince).toISOString(),
      staleAfterSeconds: Math.round(this.staleAfterMs / 1000),
      lastRun: run && {
        runId: run.runId,
        outcome: run.outcome,
        exitCode: run.exitCode,
        startedAt: run.startedAt,
        finishedAt: run.finishedAt,
        durationMs: run.durationMs,
        ageSeconds: age(Date.parse(run.finishedAt)),
        error: run.error,
      },
      lastSkipped: skipped && { at: new Date(skipped.at).toISOString(), ageSeconds: age(skipped.at), reason: skipped.reason },
      ticks: { ...this.#ticks },
    };
  }

  /**
   * A tick skipped for a held store counts as on time: another process is
   * the one syncing. Before any tick, the scheduler's own start is the
   * reference, so a scheduler that never manages a tick turns stale too.
   */
  #status(now: number): HealthStatus {
    const run = this.#lastRun;
    if (run && run.exitCode !== 0) return 'failing';
    const lastEnded = Math.max(run ? Date.parse(run.finishedAt) : 0, this.#lastSkipped?.at ?? 0, this.#startedAt);
    return now - lastEnded > this.staleAfterMs ? 'stale' : 'ok';
  }
}
