/**
 * From command-line flags to a run: which configuration file, the run
 * context (logger on stderr, clock, Ctrl-C), and the runtime.
 */
import { resolve } from 'node:path';
import { createLogger, type LogLevel } from '../context/logger.js';
import { systemClock, type RunContext } from '../context/run-context.js';
import { loadSyncConfig, type SyncConfig } from '../config/sync-config.js';
import { openRuntime, type Runtime } from '../sync/runtime.js';
import type { CliIo } from './cli-io.js';
import { ProgressBars } from './progress-bars.js';
import { jsonProgress } from './progress-json.js';

/** Options every command that reads the configuration takes. */
export interface CommonFlags {
  config?: string;
  verbose?: boolean;
  quiet?: boolean;
  logFormat?: 'text' | 'json';
}

/**
 * The context a command's run gets: its logger on stderr, the clock, the
 * stop signal, and progress: bars when stderr is a terminal (log lines then
 * go above them), JSON lines with `--log-format json`, none otherwise or
 * with `--quiet`.
 */
export function runContext(io: CliIo, flags: CommonFlags): RunContext {
  const level: LogLevel = flags.verbose ? 'debug' : flags.quiet ? 'warn' : 'info';
  const format = flags.logFormat ?? 'text';
  const clock = io.clock ?? systemClock;
  const bars = format === 'text' && !flags.quiet && (io.stderr as Partial<NodeJS.WriteStream>).isTTY === true ? new ProgressBars(io.stderr, clock) : undefined;
  if (bars) io.atEnd?.(() => bars.stop());
  const logger = createLogger({ level, format, stream: bars ? bars.logStream : io.stderr });
  const progress = format === 'json' && !flags.quiet ? jsonProgress(logger, clock) : bars;
  return { logger, clock, signal: io.signal, ...(progress ? { progress } : {}) };
}

/** Whether entries left out make the run exit 8: `--strict`, or `sync.strict: true`. */
export function strictRun(rt: Runtime, flags: { strict?: boolean }): boolean {
  return Boolean(flags.strict) || rt.config.sync.strict;
}

/** The config file: `--config`, else `DESKBEE_SYNC_CONFIG`, else `deskbee-sync.yaml` here. */
export function configPath(io: CliIo, flags: CommonFlags): string {
  return resolve(flags.config ?? io.env.DESKBEE_SYNC_CONFIG ?? 'deskbee-sync.yaml');
}

/** The runtime for the configuration the flags name; `override` adjusts it (e.g. `import FILE`). */
export async function runtimeFor(io: CliIo, flags: CommonFlags, override?: (config: SyncConfig) => SyncConfig): Promise<Runtime> {
  const loaded = await loadSyncConfig(configPath(io, flags));
  return runtimeWith(io, flags, override ? override(loaded) : loaded);
}

/** The runtime for a configuration built in code (import without a file, the demo). */
export function runtimeWith(io: CliIo, flags: CommonFlags, config: SyncConfig): Promise<Runtime> {
  return openRuntime({ config, env: io.env, ctx: runContext(io, flags) });
}
