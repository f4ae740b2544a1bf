/**
 * The SCIM source: Users and Groups (RFC 7643) from an export file or a SCIM
 * 2.0 service provider, as raw entries that carry both flat attributes and
 * the whole resource (for the mapping's `path:`), all or nothing.
 */
import { readFileSync } from 'node:fs';
import type { RunContext } from '../../context/run-context.js';
import { ConfigError } from '../../errors.js';
import type { RawEntry, ReadSummary, Source } from '../source.js';
import { scimDefaults, type ScimKindConfig } from './scim-config.js';
import { resolveScimCredentials, type Environment } from './scim-credentials.js';
import { readScimFile, type ScimFileTuning } from './scim-file-reader.js';
import { readScimService, type ScimServiceSettings } from './scim-service-reader.js';
import { parseScimBaseUrl } from './scim-url.js';

/** What creating a SCIM source may use besides its settings. */
export interface ScimSourceOptions {
  /** Where secrets are read (`SCIM_TOKEN`, …). Default `process.env`. */
  env?: Environment;
  /** Sizes for file reads (tests shrink them). */
  tuning?: ScimFileTuning;
}

export class ScimSource implements Source {
  readonly kind = 'scim';
  readonly name: string;
  private readonly service: ScimServiceSettings | undefined;
  private readonly tuning: ScimFileTuning | undefined;

  /** @throws ConfigError when a url source's credentials or CA file cannot be found. */
  constructor(
    private readonly config: ScimKindConfig,
    options: ScimSourceOptions = {},
  ) {
    this.name = config.name;
    // Only the secrets the settings name are kept (as Secrets), never the environment they came from.
    this.service = config.url === undefined ? undefined : serviceSettings(config, options.env ?? process.env);
    this.tuning = options.tuning;
  }

  read(ctx: RunContext): AsyncGenerator<RawEntry, ReadSummary, undefined> {
    const logger = ctx.logger.child({ source: this.name });
    if (this.service !== undefined) return readScimService(this.service, ctx.signal, logger);
    const path = this.config.path;
    if (path === undefined) throw new ConfigError('a SCIM source needs path or url', `SCIM source ${this.name}`);
    return readScimFile({ name: this.name, path, format: this.config.format ?? 'auto' }, ctx.signal, logger.child({ path }), this.tuning);
  }
}

function serviceSettings(config: ScimKindConfig, env: Environment): ScimServiceSettings {
  const where = `SCIM source ${config.name}`;
  const baseUrl = parseScimBaseUrl(config.url ?? '');
  if (typeof baseUrl === 'string') throw new ConfigError(`url: ${baseUrl}.`, where);
  let ca: Buffer | undefined;
  const caFile = config.tls?.caFile;
  if (caFile !== undefined) {
    try {
      ca = readFileSync(caFile);
    } catch (error) {
      throw new ConfigError(`cannot read tls.caFile ${caFile}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`, where);
    }
  }
  return {
    name: config.name,
    baseUrl,
    credentials: resolveScimCredentials(config.name, config.auth ?? { type: 'bearer', tokenEnv: 'SCIM_TOKEN' }, env),
    ...(config.filter === undefined ? {} : { filter: config.filter }),
    groups: config.groups ?? scimDefaults.groups,
    pageSize: config.pageSize ?? scimDefaults.pageSize,
    timeoutMs: config.timeoutMs ?? scimDefaults.timeoutMs,
    ...(ca === undefined ? {} : { ca }),
  };
}
