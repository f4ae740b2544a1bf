/**
 * What every stage that does I/O receives instead of reaching for globals:
 * a logger, a clock and an abort signal. Pure stages take none of these.
 */

/** Structured fields attached to a log line. Never put a secret here. */
export type LogFields = Record<string, unknown>;

/** A leveled logger. Implementations write to stderr; tests collect lines. */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line it writes. */
  child(fields: LogFields): Logger;
  /** Adds `fields` to every later line of this logger (the run id, once a run has one). */
  bind(fields: LogFields): void;
}

/** Time, injectable so that tests can control it. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms` milliseconds, or rejects when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * Where a run says how far it has got: for each stage ("read hr-csv",
 * "read Deskbee users", "apply users"), the work done and, when known, the
 * total. Stages call it as often as they like; a renderer (bars on a
 * terminal, JSON lines in a log) decides how often to show it.
 */
export interface Progress {
  update(stage: string, done: number, total?: number): void;
  /** The stage is over. */
  finish(stage: string): void;
}

export interface RunContext {
  logger: Logger;
  clock: Clock;
  /** Aborts the run (Ctrl-C, a job's deadline). Default: never aborts. */
  signal: AbortSignal;
  /** Default: progress goes nowhere. */
  progress?: Progress;
}

/** Progress that goes nowhere. */
export const noProgress: Progress = { update() {}, finish() {} };

/** The real clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/** A logger that drops everything: the default for library use and tests. */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child() {
    return silentLogger;
  },
  bind() {},
};

/** A context with the real clock, a silent logger and no abort. */
export function defaultRunContext(overrides: Partial<RunContext> = {}): RunContext {
  return {
    logger: overrides.logger ?? silentLogger,
    clock: overrides.clock ?? systemClock,
    signal: overrides.signal ?? new AbortController().signal,
  };
}
