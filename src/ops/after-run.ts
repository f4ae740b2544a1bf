/**
 * What happens after every run, whoever started it: its Prometheus series
 * written to the configured textfile, and a notice sent when the run needs
 * a person. Neither can change how the run ended: a failure is a warning.
 */
import type { Logger, RunContext } from '../context/run-context.js';
import type { SyncConfig } from '../config/sync-config.js';
import { ExitCode, SyncError } from '../errors.js';
import { summarizeError, type RunFrame, type RunSummary } from '../sync/run-summary.js';
import { writeMetricsTextfile } from './metrics-textfile.js';
import { Notifier } from './notifier.js';
import { readFileText, type Environment, type ReadFile } from './ops-secrets.js';

export interface AfterRunInit {
  /** The configuration's `metrics` and `notify` sections (paths resolved). */
  config: Pick<SyncConfig, 'metrics' | 'notify'>;
  /** Where notification secrets are read from. */
  env: Environment;
  logger: Logger;
  /** Default: the file system. */
  readFile?: ReadFile;
}

/** The after-run hooks of one configuration. */
export class AfterRun {
  readonly #metrics: SyncConfig['metrics'];
  readonly #notifier: Notifier | undefined;
  readonly #logger: Logger;

  /** @throws ConfigError when a notification secret is missing or unreadable (found before the run, not after it). */
  constructor(init: AfterRunInit) {
    this.#metrics = init.config.metrics;
    this.#logger = init.logger;
    this.#notifier = init.config.notify ? Notifier.fromConfig(init.config.notify, init.env, init.logger, init.readFile ?? readFileText) : undefined;
  }

  /** Writes the metrics and sends the notices of a finished run. Never throws. */
  async finished(summary: RunSummary): Promise<void> {
    await Promise.all([this.#writeMetrics(summary), this.#notifier?.notify(summary)]);
  }

  async #writeMetrics(summary: RunSummary): Promise<void> {
    const path = this.#metrics?.textfile;
    if (!path) return;
    try {
      await writeMetricsTextfile(path, summary, { logger: this.#logger, ...(this.#metrics?.labels ? { labels: this.#metrics.labels } : {}) });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : 'error');
      this.#logger.warn(`metrics: could not write ${path} (${code}). The run's outcome and exit code are unchanged.`, { textfile: path });
    }
  }
}

/** What a `RunWatch` needs of a runtime. */
export interface WatchedRuntime {
  config: Pick<SyncConfig, 'metrics' | 'notify'>;
  ctx: RunContext;
  sourceNames: string[];
}

/**
 * One run of `mode` from its start: `guard` the run layer's call, so that
 * a run that throws is summarized and passed to the after-run hooks before
 * the error goes on; give `finished` the summary of a run that returned,
 * made with `frame(exitCode)`.
 */
export class RunWatch {
  readonly #after: AfterRun;
  readonly #startedAt: number;

  /** @throws ConfigError when a notification secret is missing or unreadable. */
  constructor(
    private readonly rt: WatchedRuntime,
    env: Environment,
    private readonly mode: RunSummary['mode'],
  ) {
    this.#after = new AfterRun({ config: rt.config, env, logger: rt.ctx.logger });
    this.#startedAt = rt.ctx.clock.now();
  }

  /** The run's frame, finished now. */
  frame(exitCode: number): RunFrame {
    return { mode: this.mode, sources: this.rt.sourceNames, startedAt: this.#startedAt, finishedAt: this.rt.ctx.clock.now(), exitCode };
  }

  /** Awaits `run`; when it throws, the hooks get the error's summary before it is thrown on. */
  async guard<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      await this.#after.finished(summarizeError(this.frame(exitCodeOf(error, this.rt.ctx.signal)), error));
      throw error;
    }
  }

  /** The hooks for a run that returned. Never throws. */
  finished(summary: RunSummary): Promise<void> {
    return this.#after.finished(summary);
  }
}

/** The exit code the CLI's error handler gives `error`. */
export function exitCodeOf(error: unknown, signal: AbortSignal): number {
  if (error instanceof SyncError) return error.exitCode;
  return signal.aborted ? ExitCode.interrupted : ExitCode.unexpected;
}
