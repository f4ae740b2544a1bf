/**
 * What one run works with, built from the configuration and the
 * environment: the mapping, the source, the Deskbee client and the store.
 * The CLI, the scheduler, the demo and the bench open one through here.
 */
import { lifecycleOf } from '../config/policy-config.js';
import { createHash } from 'node:crypto';
import type { RunContext } from '../context/run-context.js';
import { configuredSources, type SyncConfig } from '../config/sync-config.js';
import { clientOptionsFromEnv } from '../deskbee/client-options.js';
import { DeskbeeClient } from '../deskbee/deskbee-client.js';
import { resolvePaths as resolveResourcePaths } from '../deskbee/resource-paths.js';
import type { PlanOptions, PlanTarget } from '../engine/plan-inputs.js';
import type { SourceInput } from '../engine/prepare-plan.js';
import type { MergeRules } from '../merge/merge-types.js';
import { loadMapping } from '../mapping/mapping-loader.js';
import { requiredAttributes } from '../mapping/required-attributes.js';
import { createSource } from '../sources/source-kinds.js';
import { openStore } from '../store/open-store.js';
import type { SnapshotStore } from '../store/snapshot-store.js';

/** Everything a run works with. Close it when done. */
export interface Runtime {
  config: SyncConfig;
  /** Every configured source with its mapping, in configuration order. */
  inputs: SourceInput[];
  /** Their names, in that order. */
  sourceNames: string[];
  /** How they are merged into one desired state. */
  merge: MergeRules;
  client: DeskbeeClient;
  store: SnapshotStore;
  ctx: RunContext;
  /** The Deskbee account and store this runtime's plans are made for. */
  target: PlanTarget;
  close(): Promise<void>;
}

export interface RuntimeInit {
  /** A loaded, path-resolved configuration. */
  config: SyncConfig;
  /** Where secrets and DESKBEE_BASE_URL / DATABASE_URL come from. */
  env: NodeJS.ProcessEnv;
  ctx: RunContext;
}

/** Loads the mapping, creates the source and the client, and opens (and migrates) the store. */
export async function openRuntime({ config, env, ctx }: RuntimeInit): Promise<Runtime> {
  const inputs: SourceInput[] = [];
  for (const configured of configuredSources(config)) {
    const mapping = await loadMapping(configured.mapping);
    inputs.push({ source: createSource(configured.config, { env, requiredAttributes: requiredAttributes(mapping) }), mapping });
  }
  const sourceNames = inputs.map((input) => input.source.name);
  const client = createClient(config, env, ctx);
  const store = await openStore({
    ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}),
    ...(config.store.directory ? { directory: config.store.directory } : {}),
    logger: ctx.logger,
    clock: ctx.clock,
  });
  try {
    const target: PlanTarget = { baseUrl: client.baseUrl.toString(), client: clientFingerprint(env), storeId: (await store.identity()).id };
    return { config, inputs, sourceNames, merge: mergeRules(config, sourceNames), client, store, ctx, target, close: () => store.close() };
  } catch (error) {
    await store.close();
    throw error;
  }
}

/** sha256 of the API client's id, 16 hex digits: names the client in plans without the id itself. */
export function clientFingerprint(env: NodeJS.ProcessEnv): string {
  return createHash('sha256').update(clientOptionsFromEnv(env).credentials.clientId).digest('hex').slice(0, 16);
}

/** The Deskbee client for this configuration; credentials and DESKBEE_BASE_URL from `env`. */
export function createClient(config: SyncConfig, env: NodeJS.ProcessEnv, ctx: RunContext): DeskbeeClient {
  const fromEnv = clientOptionsFromEnv(env);
  const { deskbee } = config;
  return new DeskbeeClient(
    {
      ...fromEnv,
      baseUrl: fromEnv.baseUrl ?? deskbee.baseUrl,
      paths: resolveResourcePaths(deskbee.paths),
      ...(deskbee.concurrency ? { concurrency: deskbee.concurrency } : {}),
      ...(deskbee.timeoutMs ? { timeoutMs: deskbee.timeoutMs } : {}),
      rate: {
        ...(deskbee.maxRatePerSecond ? { maxPerSecond: deskbee.maxRatePerSecond } : {}),
        ...(deskbee.startRatePerSecond ? { initialPerSecond: deskbee.startRatePerSecond } : {}),
      },
    },
    ctx,
  );
}

/** The planner's options from the configuration, with the limits lifted for this run. */
export function planOptions(config: SyncConfig, allow: string[], mode: PlanOptions['mode']): Omit<PlanOptions, 'match'> {
  return { mode, drift: config.sync.drift, limits: config.sync.limits, overrides: allow, lifecycle: lifecycleOf(config.sync), protect: config.protect };
}

/** The merge rules for the configured sources: the configuration's `merge`, with its defaults filled in. */
export function mergeRules(config: SyncConfig, sourceNames: string[]): MergeRules {
  const merge = config.merge;
  return {
    join: merge?.join ?? 'email',
    order: sourceNames,
    fields: merge?.fields ?? {},
    owners: merge?.owners ?? sourceNames.slice(0, 1),
    secondaryOnly: merge?.secondaryOnly ?? 'report',
  };
}
