import { resolve } from 'node:path';
import { createLogger, type LogLevel } from '../context/logger.js';
import { systemClock, type RunContext } from '../context/run-context.js';
import { loadSyncConfig, type SyncConfig } from '../config/sync-config.js';
import { clientOptionsFromEnv } from '../deskbee/client-options.js';
import { DeskbeeClient } from '../deskbee/deskbee-client.js';
import { resolvePaths as resolveResourcePaths } from '../deskbee/resource-paths.js';
import type { PlanOptions } from '../engine/plan-inputs.js';
import { loadMapping } from '../mapping/mapping-loader.js';
import type { Mapping } from '../mapping/mapping-schema.js';
import { requiredAttributes } from '../mapping/required-attributes.js';
import { createSource } from '../sources/create-source.js';
import type { Source } from '../sources/source.js';
import { openStore } from '../store/open-store.js';
import type { SnapshotStore } from '../store/snapshot-store.js';
import type { CliIo } from './main.js';

/** Options every command that runs a sync takes. */
export interface CommonFlags {
  config?: string;
  verbose?: boolean;
  quiet?: boolean;
  logFormat?: 'text' | 'json';
}

/** Everything a sync command works with, built from the config file and the environment. */
export interface Runtime {
  config: SyncConfig;
  mapping: Mapping;
  source: Source;
  client: DeskbeeClient;
  store: SnapshotStore;
  ctx: RunContext;
  planOptions(overrides: string[], mode: PlanOptions['mode']): Omit<PlanOptions, 'match'>;
  close(): Promise<void>;
}

export function runContext(io: CliIo, flags: CommonFlags): RunContext {
  const level: LogLevel = flags.verbose ? 'debug' : flags.quiet ? 'warn' : 'info';
  return { logger: createLogger({ level, format: flags.logFormat ?? 'text', stream: io.stderr }), clock: systemClock, signal: io.signal };
}

/** The config file: `--config`, else `DESKBEE_SYNC_CONFIG`, else `deskbee-sync.yaml` here. */
export function configPath(io: CliIo, flags: CommonFlags): string {
  return resolve(flags.config ?? io.env.DESKBEE_SYNC_CONFIG ?? 'deskbee-sync.yaml');
}

/** Builds the runtime; `override` adjusts the loaded config (e.g. `import FILE`). */
export async function openRuntime(io: CliIo, flags: CommonFlags, override?: (config: SyncConfig) => SyncConfig): Promise<Runtime> {
  const loaded = await loadSyncConfig(configPath(io, flags));
  return buildRuntime(io, flags, override ? override(loaded) : loaded);
}

export async function buildRuntime(io: CliIo, flags: CommonFlags, config: SyncConfig): Promise<Runtime> {
  const ctx = runContext(io, flags);
  const mapping = await loadMapping(config.mapping);
  const source = createSource(config.source, requiredAttributes(mapping), io.env);
  const env = clientOptionsFromEnv(io.env);
  const client = new DeskbeeClient(
    {
      ...env,
      baseUrl: env.baseUrl ?? config.deskbee.baseUrl,
      paths: resolveResourcePaths(config.deskbee.paths),
      ...(config.deskbee.concurrency ? { concurrency: config.deskbee.concurrency } : {}),
      ...(config.deskbee.timeoutMs ? { timeoutMs: config.deskbee.timeoutMs } : {}),
      rate: {
        ...(config.deskbee.maxRatePerSecond ? { maxPerSecond: config.deskbee.maxRatePerSecond } : {}),
        ...(config.deskbee.startRatePerSecond ? { initialPerSecond: config.deskbee.startRatePerSecond } : {}),
      },
    },
    ctx,
  );
  const store = await openStore({
    ...(io.env.DATABASE_URL ? { databaseUrl: io.env.DATABASE_URL } : {}),
    ...(config.store.directory ? { directory: config.store.directory } : {}),
    logger: ctx.logger,
  });
  return {
    config,
    mapping,
    source,
    client,
    store,
    ctx,
    planOptions: (overrides, mode) => ({ mode, drift: config.sync.drift, limits: config.sync.limits, overrides }),
    close: () => store.close(),
  };
}
