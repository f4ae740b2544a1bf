/**
 * The configuration file (`deskbee-sync.yaml`): which source to read, which
 * mapping, where Deskbee and the store are, and the sync policy. Secrets are
 * not accepted here: they come from the environment or files.
 */
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { metricsConfigSchema, notifyConfigSchema, resolveOpsPaths } from '../ops/ops-config.js';
import { resolveSourcePaths, sourceConfigSchema, type SourceConfig } from '../sources/source-kinds.js';
import { deleteUnusedSchema, leaversSchema, protectSchema, safetyLimitsSchema } from './policy-config.js';
import { checkSources, mergeConfigSchema, sourceEntrySchema } from './sources-config.js';
import { parseYaml, readYamlText } from './yaml-file.js';

export const configVersion = 1;

/** A section whose keys are all commented out reads as null in YAML: take it as empty. */
const section = <S extends z.ZodType>(schema: S) => z.preprocess((value) => value ?? undefined, schema);

export const syncConfigSchema = z
  .strictObject({
  version: z.literal(configVersion),
  /** The one source to read (or list several under `sources`). */
  source: sourceConfigSchema.optional(),
  /** Path of the one source's mapping file, relative to this file. */
  mapping: z.string().min(1).optional(),
  /** Several sources, each with its `mapping`; merged into one desired state by `merge`. */
  sources: z.array(sourceEntrySchema).min(1).optional(),
  /** How several sources make one person and which wins each field (required with two sources or more). */
  merge: section(mergeConfigSchema.optional()),
  deskbee: section(z
    .strictObject({
      /** Default `https://api.deskbee.io/v1.1`; `DESKBEE_BASE_URL` wins. */
      baseUrl: z.string().url().optional(),
      /** Overrides of resource paths that Deskbee's public material does not show. */
      paths: z
        .strictObject({ costCenters: z.string().startsWith('/').optional(), userTags: z.string().startsWith('/').optional() })
        .optional(),
      /**
       * The body keys of user fields Deskbee's reference does not name. Change
       * them when Deskbee answers with success but the field does not stick
       * (apply reports it as unconfirmed). Defaults `cost_center_uuid`, `tags`.
       */
      userFields: z
        .strictObject({ costCenter: z.string().min(1).optional(), tags: z.string().min(1).optional() })
        .optional()
        .describe('Body keys of the user fields whose names are guesses. Defaults: costCenter cost_center_uuid, tags tags.'),
      /**
       * Most requests in flight at once, and changes an apply works on at
       * once; fewer requests are used when the measured rate and latency need
       * fewer. Default 64.
       */
      concurrency: z.number().int().min(1).max(512).optional(),
      /** Default 30,000. */
      timeoutMs: z.number().int().min(100).optional(),
      /** A ceiling on the request rate per second, below what Deskbee allows (the client finds that itself). Default: none. */
      maxRatePerSecond: z.number().positive().optional(),
      /** Request rate at start, per second; it adapts from there. Default 10. */
      startRatePerSecond: z.number().positive().optional(),
    })
    .default({})),
  store: section(z
    .strictObject({
      /** PGlite folder, relative to this file, used when `DATABASE_URL` is not set. Default `.deskbee-sync/store`. */
      directory: z.string().min(1).optional(),
    })
    .default({})),
  sync: section(z
    .strictObject({
      /** Default `source-wins`. */
      drift: z.enum(['source-wins', 'deskbee-wins']).default('source-wins'),
      /** Failed changes after which an apply stops. Default 10. */
      errorBudget: z.number().int().min(1).default(10),
      /** Ask Deskbee to mail new users. Default false. */
      sendWelcomeMail: z.boolean().default(false),
      /** Safety limits on every kind of change, by count and percent (src/config/policy-config.ts). */
      limits: safetyLimitsSchema,
      /** Exit 8 when entries of a source were left out (as `--strict`). Default false. */
      strict: z.boolean().default(false),
      /** What happens to people gone from every source. Default: deactivated, kept, in their squads. */
      leavers: leaversSchema,
      /** Squads the mapping manages that no source wants any more. Default: kept. */
      squads: deleteUnusedSchema,
      /** Cost centers no source wants any more and no one uses. Default: kept. */
      costCenters: deleteUnusedSchema,
      /** Tags the mapping manages that no one has any more. Default: kept. */
      tags: deleteUnusedSchema,
    })
    .default(() => syncDefaults())),
  /** Users and squads never changed, deactivated, deleted or removed from anything. Default: Deskbee's master and admin profiles. */
  protect: section(protectSchema),
  /** Prometheus series of every run, for node_exporter's textfile collector (src/ops/ops-config.ts). Default: none. */
  metrics: section(metricsConfigSchema.optional()),
  /** Who is told when a run fails, is refused, or leaves changes unconfirmed (src/ops/ops-config.ts). Default: no one. */
  notify: section(notifyConfigSchema.optional()),
  })
  .superRefine(checkSources);

export type SyncConfig = z.infer<typeof syncConfigSchema>;

/** The `sync` section with every default, as an absent section reads. */
function syncDefaults() {
  return {
    drift: 'source-wins' as const,
    errorBudget: 10,
    sendWelcomeMail: false,
    limits: safetyLimitsSchema.parse(undefined),
    strict: false,
    leavers: leaversSchema.parse(undefined),
    squads: deleteUnusedSchema.parse(undefined),
    costCenters: deleteUnusedSchema.parse(undefined),
    tags: deleteUnusedSchema.parse(undefined),
  };
}

/** Reads, validates and resolves paths (relative to the file) of a configuration file. */
export async function loadSyncConfig(path: string): Promise<SyncConfig> {
  const text = await readYamlText(path, 'configuration file', 'Give one with --config FILE or DESKBEE_SYNC_CONFIG, or start from deskbee-sync.example.yaml');
  const config = parseYaml(text, path, syncConfigSchema, {
    what: 'configuration file',
    example: 'version: 1, source: …, mapping: …',
    precheck: (root) =>
      root.version === configVersion ? undefined : { path: root.version === undefined ? [] : ['version'], message: `the configuration file must start with 'version: ${configVersion}'` },
  });
  return resolvePaths(config, dirname(resolve(path)));
}

/** Makes the file paths in a configuration absolute, relative to `base`. */
export function resolvePaths(config: SyncConfig, base: string): SyncConfig {
  return {
    ...config,
    ...(config.source ? { source: resolveSourcePaths(config.source, base) } : {}),
    ...(config.mapping ? { mapping: resolve(base, config.mapping) } : {}),
    ...(config.sources ? { sources: config.sources.map((entry) => ({ source: resolveSourcePaths(entry.source, base), mapping: resolve(base, entry.mapping) })) } : {}),
    store: config.store.directory ? { directory: resolve(base, config.store.directory) } : {},
    ...resolveOpsPaths(config, base),
  };
}

/** One configured source and its mapping file. */
export interface ConfiguredSource {
  config: SourceConfig;
  mapping: string;
}

/** The configured sources, each with its mapping: `source` + `mapping`, or every entry of `sources`. */
export function configuredSources(config: SyncConfig): ConfiguredSource[] {
  if (config.sources) return config.sources.map((entry) => ({ config: entry.source, mapping: entry.mapping }));
  return config.source && config.mapping ? [{ config: config.source, mapping: config.mapping }] : [];
}
